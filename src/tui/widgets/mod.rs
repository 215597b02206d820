//! Widgets shared by the panes.

pub mod line_input;
pub mod style;

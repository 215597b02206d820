//! The panes. Each owns its state, its keys (actions of the key table) and its drawing.

pub mod batch;
pub mod endpoints;
pub mod fields;
pub mod request;
pub mod response;
pub mod saved;
pub mod switcher;
pub mod webhooks;

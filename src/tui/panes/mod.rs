//! The panes that have grown a module of their own: state, keys and drawing together.

pub mod request;

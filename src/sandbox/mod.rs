//! The sandbox: a local emulator of the Workplace Graph API and SCIM API, seeded with a community.

pub mod apps;
pub mod engine;
pub mod errors;
mod events;
mod graph;
pub mod limits;
mod metadata;
#[cfg(test)]
mod reading_tests;
pub mod render;
mod scim;
pub mod seed;
mod seed_more;
pub mod server;
mod subscriptions;
pub mod tokens;
mod webhooks;
pub mod world;
mod writes;
mod writes_more;

pub use engine::Options;
pub use server::{Sandbox, SandboxError};

//! The sandbox: a local emulator of the Workplace Graph API and SCIM API, seeded with a community.

mod answer;
pub mod apps;
mod call;
pub mod engine;
pub mod errors;
mod events;
#[cfg(test)]
mod fidelity;
mod graph;
mod hooks;
mod kinds;
pub mod limits;
mod metadata;
mod modifiers;
mod paging;
#[cfg(test)]
mod reading_tests;
pub mod render;
mod scim;
pub mod seed;
pub mod server;
#[cfg(test)]
mod structure_tests;
mod subscriptions;
pub mod tokens;
mod webhooks;
pub mod world;
mod writes;

pub use engine::Options;
pub use seed::LARGE_GROUP_ID;
pub use server::{Sandbox, SandboxError};

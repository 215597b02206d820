//! The sandbox: a local emulator of the Workplace Graph API and SCIM API, seeded with a community.

pub mod seed;
mod seed_more;
pub mod world;

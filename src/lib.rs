//! wpx: a terminal API explorer for the Meta Graph API, built first for Workplace from Meta.
//!
//! Layers, from the inside out:
//! - [`core`]: pure logic with no IO: secrets, the `appsecret_proof`, request building, Graph error
//!   decoding, JSON layout. The time is always passed in.
//! - [`config`]: config.toml, profiles, environment overrides, secret sources (files, commands).
//! - [`http`]: the reqwest edge: signs every attempt when it is sent, safe redirects, size cap, skew.
//! - [`sandbox`]: the local Workplace emulator.
//! - [`tui`]: the terminal UI (Elm architecture).
//! - [`cli`]: the scriptable commands.

pub mod catalogues;
pub mod cli;
pub mod config;
pub mod core;
pub mod history;
pub mod http;
pub mod jq_process;
pub mod log;
pub mod sandbox;
pub mod store;
pub mod tui;
pub mod webhook_log;
pub mod webhook_server;

//! What the engine keeps for webhooks: apps' subscriptions and the events writes made, waiting to
//! be delivered (made in `events`, delivered by `subscriptions`).

use serde_json::Value;

/// A queued event: one entry of one object.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `group`, `user`, …
    pub object: &'static str,
    /// The changed field (`posts`, `comments`, `reactions`, `membership`).
    pub field: &'static str,
    /// The `entry` (`{id, time, changes: [{field, value}]}`).
    pub entry: Value,
}

/// An app's subscription (`POST /{app-id}/subscriptions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscribing app.
    pub app_id: String,
    /// `group`, `user`, `page`, `workplace_security`.
    pub object: String,
    /// Where deliveries go.
    pub callback_url: String,
    /// The fields it asked for.
    pub fields: Vec<String>,
}

//! The pure core: signing, request building, error decoding, JSON layout. No IO, no clock reads
//! (the time is passed in), no terminal types.

pub mod batch;
pub mod catalogue;
pub mod collection;
pub mod curl;
pub mod doc;
pub mod draft;
pub mod fields;
pub mod fuzzy;
pub mod graph_error;
pub mod http_file;
pub mod import_filter;
pub mod json_diff;
pub mod json_pretty;
pub mod metadata;
pub mod openapi;
pub mod pack;
pub mod pages;
pub mod postman;
pub mod postman_pack;
pub mod redact;
pub mod request;
pub mod secret;
pub mod sign;
pub mod signed_url;
pub mod support;
pub mod surface;
pub mod template;
pub mod text;
pub mod timefmt;
pub mod token_info;
pub mod usage;
pub mod vars;
pub mod versions;
pub mod webhook;

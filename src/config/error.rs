//! What can be wrong with the configuration or a secret source.

use std::path::PathBuf;

/// Configuration problems. Each message says what to change.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// config.toml does not parse.
    #[error("{path} is not valid: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A secret file (or a config holding a secret) that others can read.
    #[error(
        "refusing {path}: its mode is {mode:04o}, so group or others can read it; it holds a secret and must be private. Run: chmod 600 {path}"
    )]
    TooOpen {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A secret file owned by someone else.
    #[error(
        "refusing {path}: it is owned by uid {owner}, not by you (uid {me}). Copy it to a file you own and run: chmod 600 <file>"
    )]
    NotOwned {
        /// The file.
        path: PathBuf,
        /// Its owner.
        owner: u32,
        /// The current user.
        me: u32,
    },
    /// A helper command failed.
    #[error("the {what} command `{program}` failed: {reason}")]
    Command {
        /// "access token" or "app secret".
        what: String,
        /// The program run.
        program: String,
        /// Why (never its output).
        reason: String,
    },
    /// A source gave an empty value.
    #[error("the {what} from {source_desc} is empty")]
    EmptySecret {
        /// "access token" or "app secret".
        what: String,
        /// The source.
        source_desc: String,
    },
    /// A missing credential.
    #[error("{0}")]
    Missing(String),
    /// Anything else wrong in the configuration.
    #[error("{0}")]
    Invalid(String),
}

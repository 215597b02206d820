//! A string that must never be printed: access tokens and app secrets.

use std::fmt;

/// A secret value (access token or app secret).
///
/// `Debug` and `Display` print `[redacted]`, so a secret that ends up in a log line, an error
/// message or a test snapshot by accident shows nothing. The only way to read it is [`Secret::expose`],
/// which makes every use greppable.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value. Surrounding whitespace (a trailing newline from a file or a command) is trimmed.
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        let trimmed = value.trim();
        if trimmed.len() == value.len() {
            Self(value)
        } else {
            Self(trimmed.to_owned())
        }
    }

    /// The secret itself, for signing and for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is empty (an empty file or variable is treated as "not set").
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A masked form for the screen: `••••` plus the last four characters when the secret is long
    /// enough that four characters reveal little.
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        if count < 16 {
            "••••".to_owned()
        } else {
            let tail: String = self.0.chars().skip(count - 4).collect();
            format!("••••{tail}")
        }
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(d).map(Self::new)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("SENTINEL-token-123");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&s)), "Some([redacted])");
    }

    #[test]
    fn trims_whitespace_and_newlines() {
        assert_eq!(Secret::new("  abc\n").expose(), "abc");
        assert!(Secret::new("\n").is_empty());
    }

    #[test]
    fn masked_shows_at_most_the_last_four() {
        assert_eq!(Secret::new("short").masked(), "••••");
        assert_eq!(Secret::new("fake-token-0123456789").masked(), "••••6789");
    }
}

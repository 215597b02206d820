//! The Meta surfaces a profile talks to: each sets a host, how versions are written, whether the
//! proof is sent by default, which token flows apply and which catalogue the endpoint list shows.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::sign::ProofMode;

/// A Meta API surface (`surface = "…"` in a profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Surface {
    /// `graph.facebook.com`: Pages, WhatsApp Cloud API, Messenger, Marketing API, Instagram with
    /// Facebook Login.
    Facebook,
    /// `graph.instagram.com`: Instagram API with Instagram Login.
    Instagram,
    /// `graph.threads.net`.
    Threads,
    /// `graph.work.meta.com`: Meta Admin Center, the live descendant of Workplace integrations.
    AdminCenter,
    /// `graph.workplace.com`: Workplace from Meta (shut down in 2026; the sandbox emulates it).
    Workplace,
    /// A SCIM host (`scim.workplace.com`).
    Scim,
    /// Any other host: nothing assumed.
    Custom,
}

/// How a surface writes its version in the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStyle {
    /// `/vNN.0/`, with the dated lifecycle of the Graph API (or unversioned).
    Graph,
    /// Threads' own `/v1.0/`.
    Threads,
    /// No version in the path.
    None,
}

/// Where a profile's token comes from when it is not one of its `access_token*` sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenFrom {
    /// Admin Center: `POST /work_get_token` with the app id and secret; kept in memory only and
    /// renewed when it expires.
    ClientCredentials,
}

/// A way to get or check a token on a surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFlow {
    /// `debug_token` on the surface's host.
    Debug,
    /// The app token `app_id|app_secret` (for `debug_token`, app subscriptions).
    AppToken,
    /// `POST /work_get_token` with the app id and secret (`token_from = "client_credentials"`).
    ClientCredentials,
    /// A long-lived user token from a short-lived one (`fb_exchange_token`).
    Exchange,
}

impl TokenFlow {
    /// Its name as `wpx profiles` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Debug => "debug_token",
            Self::AppToken => "app token",
            Self::ClientCredentials => "client_credentials",
            Self::Exchange => "exchange",
        }
    }
}

/// Every surface, in the order `wpx profiles add --help` lists them.
pub const ALL: [Surface; 7] = [
    Surface::Facebook,
    Surface::Instagram,
    Surface::Threads,
    Surface::AdminCenter,
    Surface::Workplace,
    Surface::Scim,
    Surface::Custom,
];

impl Surface {
    /// Its name in config.toml.
    pub fn name(self) -> &'static str {
        match self {
            Self::Facebook => "facebook",
            Self::Instagram => "instagram",
            Self::Threads => "threads",
            Self::AdminCenter => "admin-center",
            Self::Workplace => "workplace",
            Self::Scim => "scim",
            Self::Custom => "custom",
        }
    }

    /// What it is, in a few words.
    pub fn about(self) -> &'static str {
        match self {
            Self::Facebook => {
                "Facebook Graph: Pages, WhatsApp Cloud API, Messenger, Marketing API, Instagram with Facebook Login"
            }
            Self::Instagram => "Instagram API with Instagram Login",
            Self::Threads => "Threads API",
            Self::AdminCenter => "Meta Admin Center (the successor of Workplace integrations)",
            Self::Workplace => "Workplace from Meta (shut down in 2026; the sandbox emulates it)",
            Self::Scim => "SCIM user provisioning",
            Self::Custom => "any other host",
        }
    }

    /// Its host, when it has a fixed one.
    pub fn base_url(self) -> Option<&'static str> {
        match self {
            Self::Facebook => Some("https://graph.facebook.com"),
            Self::Instagram => Some("https://graph.instagram.com"),
            Self::Threads => Some("https://graph.threads.net"),
            Self::AdminCenter => Some("https://graph.work.meta.com"),
            Self::Workplace => Some("https://graph.workplace.com"),
            Self::Scim => Some("https://scim.workplace.com"),
            Self::Custom => None,
        }
    }

    /// The proof sent when the profile does not set one: timed where Meta documents it, off
    /// where it does not (Instagram Login, Threads, SCIM).
    pub fn default_proof(self) -> ProofMode {
        match self {
            Self::Facebook | Self::AdminCenter | Self::Workplace | Self::Custom => ProofMode::Timed,
            Self::Instagram | Self::Threads | Self::Scim => ProofMode::Off,
        }
    }

    /// How versions are written.
    pub fn version_style(self) -> VersionStyle {
        match self {
            Self::Facebook | Self::Instagram | Self::Workplace => VersionStyle::Graph,
            Self::Threads => VersionStyle::Threads,
            Self::AdminCenter | Self::Scim | Self::Custom => VersionStyle::None,
        }
    }

    /// True when the Graph API's dated version lifecycle applies to a pinned version.
    pub fn has_lifecycle(self) -> bool {
        matches!(self, Self::Facebook | Self::Instagram)
    }

    /// The token flows that apply.
    pub fn flows(self) -> &'static [TokenFlow] {
        match self {
            Self::Facebook => &[TokenFlow::Debug, TokenFlow::AppToken, TokenFlow::Exchange],
            Self::Instagram => &[TokenFlow::Debug, TokenFlow::Exchange],
            Self::Threads => &[TokenFlow::Debug],
            Self::AdminCenter => &[TokenFlow::ClientCredentials],
            Self::Workplace => &[TokenFlow::Debug, TokenFlow::AppToken],
            Self::Scim | Self::Custom => &[],
        }
    }

    /// True when the flow applies.
    pub fn allows(self, flow: TokenFlow) -> bool {
        self.flows().contains(&flow)
    }

    /// True when the built-in Workplace catalogue describes this surface.
    pub fn has_builtin_catalogue(self) -> bool {
        matches!(self, Self::Workplace | Self::Scim)
    }

    /// What the endpoint list says on a surface with no built-in catalogue (the CLI and the TUI
    /// say the same); `None` where the Workplace catalogue applies.
    pub fn no_catalogue_note(self) -> Option<String> {
        (!self.has_builtin_catalogue()).then(|| {
            let example = match self {
                Self::Instagram => "/me?fields=id,username,media_count",
                Self::Threads => "/me?fields=id,username,threads_profile_picture_url",
                Self::AdminCenter => "/community?fields=id,name",
                _ => "/me?fields=id,name",
            };
            format!(
                "wpx has no built-in catalogue for the {self} surface: add a pack (`wpx import openapi FILE`, or `wpx import postman FILE --as-pack`), or type a path, e.g. {example}. The Workplace catalogue is the sandbox's: `wpx endpoints --surface workplace`."
            )
        })
    }

    /// The surface a base URL belongs to, for profiles that name none. Loopback is the sandbox.
    pub fn of_host(host: &str) -> Self {
        let h = host.to_ascii_lowercase();
        let h = h.trim_end_matches('.');
        let is = |d: &str| h == d || h.ends_with(&format!(".{d}"));
        if is("graph.facebook.com") || is("graph.beta.facebook.com") {
            Self::Facebook
        } else if is("graph.instagram.com") {
            Self::Instagram
        } else if is("graph.threads.net") || is("graph.threads.com") {
            Self::Threads
        } else if is("graph.work.meta.com") {
            Self::AdminCenter
        } else if h.starts_with("scim.") {
            Self::Scim
        } else if is("graph.workplace.com")
            || is("workplace.com")
            || h == "localhost"
            || h.starts_with("127.")
            || h == "[::1]"
            || h == "::1"
        {
            Self::Workplace
        } else {
            Self::Custom
        }
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Surface {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace('_', "-");
        ALL.into_iter().find(|x| x.name() == t).ok_or_else(|| {
            let names: Vec<&str> = ALL.iter().map(|x| x.name()).collect();
            format!("unknown surface '{s}': use one of {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_map_to_their_surface() {
        assert_eq!(Surface::of_host("graph.facebook.com"), Surface::Facebook);
        assert_eq!(Surface::of_host("GRAPH.Instagram.com"), Surface::Instagram);
        assert_eq!(Surface::of_host("graph.threads.net"), Surface::Threads);
        assert_eq!(
            Surface::of_host("graph.work.meta.com"),
            Surface::AdminCenter
        );
        assert_eq!(Surface::of_host("scim.workplace.com"), Surface::Scim);
        assert_eq!(Surface::of_host("127.0.0.1"), Surface::Workplace);
        assert_eq!(Surface::of_host("example.com"), Surface::Custom);
        assert_eq!(
            Surface::of_host("evilgraph.facebook.com.example"),
            Surface::Custom
        );
    }

    #[test]
    fn the_proof_is_on_where_meta_documents_it() {
        assert_eq!(Surface::Facebook.default_proof(), ProofMode::Timed);
        assert_eq!(Surface::AdminCenter.default_proof(), ProofMode::Timed);
        assert_eq!(Surface::Instagram.default_proof(), ProofMode::Off);
        assert_eq!(Surface::Threads.default_proof(), ProofMode::Off);
    }

    #[test]
    fn names_round_trip_and_a_typo_lists_them() {
        for s in ALL {
            assert_eq!(s.name().parse::<Surface>(), Ok(s));
            let toml =
                toml::to_string(&std::collections::BTreeMap::from([("s", s)])).expect("serialises");
            assert!(toml.contains(s.name()), "{toml}");
        }
        assert_eq!("admin_center".parse::<Surface>(), Ok(Surface::AdminCenter));
        let e = "facebok".parse::<Surface>().expect_err("typo");
        assert!(e.contains("facebook, instagram"), "{e}");
        assert!(Surface::AdminCenter.allows(TokenFlow::ClientCredentials));
        assert!(!Surface::Threads.allows(TokenFlow::Exchange));
    }
}

//! What is worth warning about in a resolved profile, before anything is sent: a pinned Graph
//! version that has expired or soon will, or a surface that does not fit the profile.

use super::Profile;
use crate::core::surface::{Surface, TokenFrom};
use crate::core::versions::Lifecycle;

impl Profile {
    /// Warnings for this profile at unix time `now` (the CLI prints them on stderr, the TUI in its
    /// status bar).
    pub fn warnings(&self, now: i64) -> Vec<String> {
        let mut out = Vec::new();
        let name = self.name.as_deref().map_or_else(
            || "the WPX_* environment".to_owned(),
            |n| format!("profile '{n}'"),
        );
        if let Some(v) = &self.target.graph_version
            && self.surface.has_lifecycle()
            && let Ok(table) = Lifecycle::builtin()
            && let Some(w) = table.warning(v, now)
        {
            out.push(format!("{name}: {w} (see `wpx versions`)"));
        }
        if self.token_from == Some(TokenFrom::ClientCredentials)
            && self.surface != Surface::AdminCenter
            && self.surface != Surface::Workplace
        {
            out.push(format!(
                "{name}: token_from = \"client_credentials\" is Meta Admin Center's flow, but the surface is {}",
                self.surface
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Overrides};

    /// 2026-12-01T12:00:00Z.
    const NOW: i64 = 1_796_126_400;

    fn profile(body: &str) -> crate::config::Profile {
        let file = Config::parse(&format!("[profiles.p]\n{body}\n")).expect("parses");
        let config = Config {
            file,
            ..Config::default()
        };
        let ov = Overrides {
            profile: Some("p".into()),
            ..Overrides::default()
        };
        config.resolve(&ov, &|_| None).expect("resolves")
    }

    #[test]
    fn an_expired_pinned_version_is_warned_about_with_its_date() {
        let p = profile("surface = \"facebook\"\ngraph_version = \"v20.0\"");
        let w = p.warnings(NOW);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("expired on 2026-09-24"), "{w:?}");
        assert!(
            w[0].starts_with("profile 'p': graph_version v20.0"),
            "{w:?}"
        );
    }

    #[test]
    fn a_version_expiring_within_90_days_is_warned_about() {
        let p = profile("surface = \"facebook\"\ngraph_version = \"v21.0\"");
        let w = p.warnings(NOW);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("expires on 2027-01-21 (in 51 days)"), "{w:?}");
    }

    #[test]
    fn a_current_version_and_an_unversioned_profile_are_fine() {
        assert!(
            profile("graph_version = \"v25.0\"")
                .warnings(NOW)
                .is_empty()
        );
        assert!(profile("surface = \"facebook\"").warnings(NOW).is_empty());
    }

    #[test]
    fn surfaces_without_the_lifecycle_are_not_warned_about() {
        let p = profile("surface = \"threads\"\ngraph_version = \"v1.0\"");
        assert!(p.warnings(NOW).is_empty());
    }

    #[test]
    fn the_surface_sets_the_host_and_the_proof_default() {
        use crate::core::sign::ProofMode;
        let p = profile("surface = \"instagram\"");
        assert_eq!(p.target.base_url.as_str(), "https://graph.instagram.com/");
        assert_eq!(p.target.proof, ProofMode::Off);
        let p = profile("surface = \"admin-center\"");
        assert_eq!(p.target.base_url.as_str(), "https://graph.work.meta.com/");
        assert_eq!(p.target.proof, ProofMode::Timed);
        let p = profile("base_url = \"https://graph.threads.net\"");
        assert_eq!(p.surface, crate::core::surface::Surface::Threads);
        assert_eq!(p.target.proof, ProofMode::Off);
        let p = profile("surface = \"instagram\"\nproof = \"timed\"");
        assert_eq!(p.target.proof, ProofMode::Timed);
    }
}

//! Every profile and the state of its secret sources, checked without reading a secret: a variable
//! is set, a file is there with a private mode, a command is found. `wpx profiles` prints it and
//! the TUI's switcher lists it, so the two agree.

use std::path::Path;

use super::secrets::{SecretSource, check_file};
use super::{Config, Overrides, Profile};
use crate::core::sign::ProofMode;

/// What is known of one source without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCheck {
    /// Where the secret comes from (`None`: nowhere).
    pub source: Option<SecretSource>,
    /// What is wrong with it, in words that say what to do.
    pub problem: Option<String>,
}

impl SourceCheck {
    /// The source's description, then its problem or `ok`.
    pub fn describe(&self) -> String {
        let what = self
            .source
            .as_ref()
            .map_or_else(|| "not set".to_owned(), SecretSource::describe);
        match (&self.source, &self.problem) {
            (_, Some(p)) => format!("{what}  [problem: {p}]"),
            (Some(_), None) => format!("{what}  [ok]"),
            (None, None) => what,
        }
    }
}

/// One profile as `wpx profiles` and the switcher show it.
#[derive(Debug, Clone)]
pub struct ProfileStatus {
    /// Its name (`None`: no profile, the WPX_* variables alone).
    pub name: Option<String>,
    /// It is the one wpx uses without `--profile`.
    pub active: bool,
    /// The resolved profile, or why it cannot be used at all.
    pub resolved: Result<Profile, String>,
    /// The access token's source.
    pub token: SourceCheck,
    /// The app secret's source.
    pub secret: SourceCheck,
}

impl ProfileStatus {
    /// Every problem, in one line (`None`: ready to use).
    pub fn problems(&self) -> Option<String> {
        let mut all: Vec<String> = Vec::new();
        if let Err(e) = &self.resolved {
            all.push(e.clone());
        }
        if let Some(p) = &self.token.problem {
            all.push(format!("access token: {p}"));
        }
        if let Some(p) = &self.secret.problem {
            all.push(format!("app secret: {p}"));
        }
        (!all.is_empty()).then(|| all.join("; "))
    }
}

impl Config {
    /// Every profile (the broken ones too, first), or the WPX_* environment alone when there is
    /// no profile, with the state of their sources.
    pub fn statuses(
        &self,
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<ProfileStatus> {
        let active = self.profile_name(overrides, env);
        let unknown = || SourceCheck {
            source: None,
            problem: None,
        };
        let mut out: Vec<ProfileStatus> = self
            .file
            .broken
            .iter()
            .map(|(name, why)| ProfileStatus {
                name: Some(name.clone()),
                active: active.as_deref() == Some(name.as_str()),
                resolved: Err(format!("broken: {why}")),
                token: unknown(),
                secret: unknown(),
            })
            .collect();
        let mut names: Vec<Option<String>> = self.file.profiles.keys().cloned().map(Some).collect();
        if names.is_empty() && self.file.broken.is_empty() {
            names.push(None);
        }
        for name in names {
            let o = Overrides {
                profile: name.clone(),
                ..overrides.clone()
            };
            let is_active = name == active;
            let (resolved, token, secret) = match self.resolve(&o, env) {
                Ok(p) => {
                    let config = self.config_path();
                    let fetched = p.token_from.is_some();
                    let mut token = check(
                        p.token_source.as_ref(),
                        "access_token",
                        !fetched,
                        env,
                        &config,
                    );
                    if fetched && p.app_id.is_none() {
                        token.problem = Some(
                            "token_from = \"client_credentials\" needs app_id = \"<your app id>\""
                                .into(),
                        );
                    }
                    let needs_secret = p.target.proof != ProofMode::Off || fetched;
                    let secret = check(
                        p.secret_source.as_ref(),
                        "app_secret",
                        needs_secret,
                        env,
                        &config,
                    );
                    (Ok(p), token, secret)
                }
                Err(e) => (Err(e.to_string()), unknown(), unknown()),
            };
            out.push(ProfileStatus {
                name,
                active: is_active,
                resolved,
                token,
                secret,
            });
        }
        out
    }
}

fn check(
    source: Option<&SecretSource>,
    key: &str,
    needed: bool,
    env: &dyn Fn(&str) -> Option<String>,
    config: &Path,
) -> SourceCheck {
    let problem = match source {
        None if needed => Some(format!(
            "no source: give the profile {key}_env, {key}_file or {key}_command (or set WPX_{})",
            key.to_uppercase()
        )),
        None => None,
        Some(s) => s.check(env, config).err(),
    };
    SourceCheck {
        source: source.cloned(),
        problem,
    }
}

impl SecretSource {
    /// Checks the source without reading the secret: the variable is set, the file is a private
    /// regular file of this user, the command's program is found.
    pub fn check(&self, env: &dyn Fn(&str) -> Option<String>, config: &Path) -> Result<(), String> {
        match self {
            Self::Env(name) => match env(name) {
                Some(v) if !v.trim().is_empty() => Ok(()),
                Some(_) => Err(format!("{name} is set but empty")),
                None => Err(format!("{name} is not set: export it")),
            },
            Self::File(path) => check_file(path).map_err(|e| e.to_string()),
            Self::Inline(_) => check_file(config).map_err(|e| e.to_string()),
            Self::Command(argv) => match argv.first() {
                None => Err("the command is empty: give the program and its arguments".into()),
                Some(program) => find_program(program, env).map(|_| ()).ok_or_else(|| {
                    format!("`{program}` is not found on PATH: install it or give its full path")
                }),
            },
        }
    }
}

/// Where `program` is: itself when it names a path, else the first executable of that name on
/// `PATH`.
fn find_program(program: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<std::path::PathBuf> {
    let runnable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                m.is_file() && m.permissions().mode() & 0o111 != 0
            }
            #[cfg(not(unix))]
            {
                m.is_file()
            }
        })
    };
    if program.contains('/') {
        let p = Path::new(program);
        return runnable(p).then(|| p.to_owned());
    }
    let path = env("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| runnable(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(dir: &Path, text: &str) -> Config {
        std::fs::write(dir.join("config.toml"), text).expect("write");
        Config::load_from(dir).expect("loads")
    }

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn each_source_is_checked_without_being_read() {
        let dir = tempfile::tempdir().expect("dir");
        let open = dir.path().join("open-token");
        std::fs::write(&open, "fake-token").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
        let c = config(
            dir.path(),
            "[profiles.envs]\naccess_token_env = \"SET_T\"\napp_secret_env = \"UNSET_S\"\n\
             [profiles.files]\naccess_token_file = \"open-token\"\napp_secret_file = \"missing\"\n\
             [profiles.cmds]\naccess_token_command = [\"sh\", \"-c\", \"echo x\"]\n\
             app_secret_command = [\"no-such-program-wpx\"]\n\
             [profiles.off]\nproof = \"off\"\naccess_token_env = \"SET_T\"\n\
             [profiles.nosrc]\naccess_token_env = \"SET_T\"\n",
        );
        let env = env_of(&[("SET_T", "fake-token"), ("PATH", "/usr/bin:/bin")]);
        let all = c.statuses(&Overrides::default(), &env);
        let by = |n: &str| {
            all.iter()
                .find(|s| s.name.as_deref() == Some(n))
                .expect("listed")
        };
        let envs = by("envs");
        assert_eq!(envs.token.problem, None);
        assert!(
            envs.secret
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("UNSET_S is not set")),
            "{envs:?}"
        );
        let files = by("files");
        #[cfg(unix)]
        assert!(
            files
                .token
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("chmod 600") || p.contains("600")),
            "a file others can read is a problem: {files:?}"
        );
        assert!(files.secret.problem.is_some(), "a missing file: {files:?}");
        let cmds = by("cmds");
        assert_eq!(cmds.token.problem, None, "sh is on PATH");
        assert!(
            cmds.secret
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("no-such-program-wpx")),
            "{cmds:?}"
        );
        assert!(
            by("nosrc")
                .secret
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("app_secret_env") && p.contains("WPX_APP_SECRET")),
            "a missing source names the keys to set"
        );
        let off = by("off");
        assert_eq!(off.problems(), None, "no secret is needed without a proof");
        assert!(envs.token.describe().ends_with("[ok]"));
    }

    #[test]
    fn broken_profiles_are_listed_first_with_their_reason() {
        let dir = tempfile::tempdir().expect("dir");
        let c = config(
            dir.path(),
            "[profiles.good]\naccess_token_env = \"T\"\nproof = \"off\"\n\
             [profiles.bad]\nproof = \"sometimes\"\n",
        );
        let all = c.statuses(&Overrides::default(), &env_of(&[("T", "fake")]));
        assert_eq!(all[0].name.as_deref(), Some("bad"));
        assert!(all[0].problems().is_some_and(|p| p.contains("broken")));
        assert_eq!(all[1].name.as_deref(), Some("good"));
        assert_eq!(all[1].problems(), None);
    }
}

//! Configuration: `config.toml` with `[profiles.NAME]`, environment overrides, and where secrets
//! come from. Reading files and the environment happens here, at the edge; the core gets plain values.

mod error;
pub mod new_profile;
pub mod secrets;
pub mod status;
mod warnings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::core::request::{AppLogin, Credentials, Target, TokenIn};
use crate::core::secret::Secret;
use crate::core::sign::ProofMode;
use crate::core::surface::{Surface, TokenFrom};

pub use error::ConfigError;
pub use secrets::{SecretReader, SecretSource};

/// The default Graph host.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";

/// HTTP settings (`[http]` in config.toml).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSettings {
    /// Connect timeout, seconds.
    pub connect_timeout_secs: u64,
    /// Whole-request timeout, seconds.
    pub timeout_secs: u64,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: u64,
    /// How long a `*_command` secret helper may run, seconds.
    pub command_timeout_secs: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout_secs: 10,
            timeout_secs: 60,
            max_response_bytes: 256 * 1024 * 1024,
            command_timeout_secs: 10,
        }
    }
}

/// History settings (`[history]` in config.toml).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct HistorySettings {
    /// Record every send.
    pub enabled: bool,
    /// Entries kept.
    pub max_entries: usize,
    /// The largest response body kept whole beside an entry (0: only its first 2 KiB).
    pub max_body_bytes: usize,
}

impl Default for HistorySettings {
    fn default() -> Self {
        Self {
            enabled: true,
            max_entries: 500,
            max_body_bytes: crate::history::BODY_MAX,
        }
    }
}

/// One `[profiles.NAME]` table as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    /// The Meta surface (`facebook`, `instagram`, `threads`, `admin-center`, `workplace`, `scim`,
    /// `custom`): its host, proof default and token flows. By default, the base URL's.
    pub surface: Option<Surface>,
    /// Base URL of the Graph (or SCIM) host; by default the surface's.
    pub base_url: Option<String>,
    /// The app id, for the app token `app_id|app_secret` (`wpx token`) and client credentials.
    pub app_id: Option<String>,
    /// `client_credentials`: fetch the token with the app id and secret instead of reading one.
    pub token_from: Option<TokenFrom>,
    /// `v19.0`, or none.
    pub graph_version: Option<String>,
    /// `timed`, `classic` or `off`.
    pub proof: Option<ProofMode>,
    /// `header` or `query`.
    pub token_in: Option<TokenIn>,
    /// A User-Agent instead of `wpx/<version>`.
    pub user_agent: Option<String>,
    /// Other hosts that may receive this profile's credentials (`host`, `host:port` or
    /// `https://host`); by default only the base URL's origin does.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// Inline token (only when config.toml is private).
    pub access_token: Option<Secret>,
    /// Token from this environment variable.
    pub access_token_env: Option<String>,
    /// Token from this private file.
    pub access_token_file: Option<PathBuf>,
    /// Token from this command's stdout.
    pub access_token_command: Option<Vec<String>>,
    /// Inline app secret (only when config.toml is private).
    pub app_secret: Option<Secret>,
    /// App secret from this environment variable.
    pub app_secret_env: Option<String>,
    /// App secret from this private file.
    pub app_secret_file: Option<PathBuf>,
    /// App secret from this command's stdout.
    pub app_secret_command: Option<Vec<String>>,
    /// Values for `{{variables}}` in saved requests.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

/// config.toml as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when none is named.
    pub default_profile: Option<String>,
    /// HTTP settings.
    #[serde(default)]
    pub http: HttpSettings,
    /// History settings.
    #[serde(default)]
    pub history: HistorySettings,
    /// The profiles.
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileConfig>,
    /// The TUI's colours: `preset` and colour roles (checked by the TUI, which says what does
    /// not fit and starts anyway).
    #[serde(default)]
    pub theme: BTreeMap<String, String>,
    /// Profiles that do not parse, with what is wrong (`line N: …`); the others still work.
    #[serde(skip)]
    pub broken: BTreeMap<String, String>,
}

/// The loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The config directory.
    pub dir: PathBuf,
    /// The config file, when one exists.
    pub path: Option<PathBuf>,
    /// Its contents (defaults when absent).
    pub file: ConfigFile,
}

/// What the user chose on the command line (never a secret).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--profile NAME`.
    pub profile: Option<String>,
    /// `--proof MODE`.
    pub proof: Option<ProofMode>,
    /// `--base-url URL`.
    pub base_url: Option<String>,
}

/// A profile resolved against overrides and the environment, secrets not yet read.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Values for `{{variables}}`.
    pub variables: BTreeMap<String, String>,
    /// Its name (`None`: environment variables only).
    pub name: Option<String>,
    /// Where and how requests go.
    pub target: Target,
    /// The User-Agent.
    pub user_agent: String,
    /// Where the token comes from.
    pub token_source: Option<SecretSource>,
    /// Where the app secret comes from.
    pub secret_source: Option<SecretSource>,
    /// The Meta surface.
    pub surface: Surface,
    /// The app id, when configured.
    pub app_id: Option<String>,
    /// Where the token comes from when it is fetched rather than read.
    pub token_from: Option<TokenFrom>,
}

/// The config directory: `$WPX_CONFIG_DIR`, else the XDG config dir (`~/.config/wpx`).
pub fn config_dir(env: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, ConfigError> {
    if let Some(dir) = env("WPX_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .map(|s| s.config_dir().join("wpx"))
        .map_err(|e| {
            ConfigError::Invalid(format!(
                "cannot find the config directory ({e}): set WPX_CONFIG_DIR"
            ))
        })
}

/// The process environment, read through one function so the rest can take it as a parameter.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Where history goes: `$WPX_STATE_DIR`, else `$WPX_CONFIG_DIR`, else the XDG state directory
/// (`~/.local/state/wpx`).
pub fn state_dir(env: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, ConfigError> {
    if let Some(dir) = env("WPX_STATE_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if let Some(dir) = env("WPX_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    use etcetera::BaseStrategy;
    let s = etcetera::choose_base_strategy().map_err(|e| {
        ConfigError::Invalid(format!(
            "cannot find the state directory ({e}): set WPX_STATE_DIR"
        ))
    })?;
    Ok(s.state_dir().unwrap_or_else(|| s.data_dir()).join("wpx"))
}

impl Config {
    /// Loads `config.toml` from the config directory; a missing file gives the defaults.
    pub fn load(env: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let dir = config_dir(env)?;
        Self::load_from(&dir)
    }

    /// Loads `config.toml` from `dir`.
    pub fn load_from(dir: &Path) -> Result<Self, ConfigError> {
        let path = dir.join("config.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    dir: dir.to_owned(),
                    path: None,
                    file: ConfigFile::default(),
                });
            }
            Err(e) => {
                return Err(ConfigError::Io {
                    path,
                    message: e.to_string(),
                });
            }
        };
        let file = Self::parse(&text).map_err(|message| ConfigError::Parse {
            path: path.clone(),
            message,
        })?;
        Ok(Self {
            dir: dir.to_owned(),
            path: Some(path),
            file,
        })
    }

    /// Parses config.toml text. A TOML syntax error fails the file (`line N: …`); a profile that
    /// does not fit the schema is set aside in `broken`, so that one typo does not disable the
    /// other profiles.
    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        let at = |e: &toml::de::Error| match e.span() {
            Some(span) => format!(
                "line {}: {}",
                text[..span.start.min(text.len())].lines().count().max(1),
                e.message()
            ),
            None => e.message().to_owned(),
        };
        let mut table: toml::Table = toml::from_str(text).map_err(|e| at(&e))?;
        let profiles = table.remove("profiles");
        let mut file: ConfigFile = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| e.message().to_owned())?;
        let Some(profiles) = profiles else {
            return Ok(file);
        };
        let toml::Value::Table(profiles) = profiles else {
            return Err("`profiles` must be tables: [profiles.NAME]".into());
        };
        for (name, value) in profiles {
            match value.try_into::<ProfileConfig>() {
                Ok(p) => {
                    file.profiles.insert(name, p);
                }
                Err(e) => {
                    let header = format!("[profiles.{name}]");
                    let line = text
                        .lines()
                        .position(|l| l.trim() == header)
                        .map_or(String::new(), |i| format!("line {}: ", i + 1));
                    file.broken.insert(name, format!("{line}{}", e.message()));
                }
            }
        }
        Ok(file)
    }

    /// The profile to use: `--profile`, else `WPX_PROFILE`, else `default_profile`, else the only
    /// profile when there is exactly one, else none (environment variables alone).
    pub fn profile_name(
        &self,
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Option<String> {
        overrides
            .profile
            .clone()
            .or_else(|| env("WPX_PROFILE").filter(|p| !p.is_empty()))
            .or_else(|| self.file.default_profile.clone())
            .or_else(|| {
                (self.file.profiles.len() == 1)
                    .then(|| self.file.profiles.keys().next().cloned())
                    .flatten()
            })
    }

    /// Resolves the profile to use against overrides and the environment.
    pub fn resolve(
        &self,
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Profile, ConfigError> {
        let name = self.profile_name(overrides, env);
        let empty = ProfileConfig::default();
        if let Some((n, why)) = name
            .as_ref()
            .and_then(|n| self.file.broken.get_key_value(n))
        {
            return Err(ConfigError::Invalid(format!(
                "the profile '{n}' in {} is not valid ({why}): fix it there; the other profiles still work",
                self.config_path().display()
            )));
        }
        let pc = match &name {
            Some(n) => self.file.profiles.get(n).ok_or_else(|| {
                let known: Vec<&str> = self.file.profiles.keys().map(String::as_str).collect();
                ConfigError::Invalid(format!(
                    "no profile named '{n}' in {}: known profiles: {}",
                    self.config_path().display(),
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ))
            })?,
            None => &empty,
        };
        let base = overrides
            .base_url
            .clone()
            .or_else(|| env("WPX_BASE_URL").filter(|b| !b.is_empty()))
            .or_else(|| pc.base_url.clone())
            .or_else(|| pc.surface.and_then(Surface::base_url).map(str::to_owned))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base_url = Url::parse(&base)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| {
                ConfigError::Invalid(format!(
                    "base URL '{base}' is not an http(s) URL: use e.g. {DEFAULT_BASE_URL}"
                ))
            })?;
        let surface = pc
            .surface
            .unwrap_or_else(|| Surface::of_host(base_url.host_str().unwrap_or_default()));
        let target = Target {
            base_url,
            graph_version: pc.graph_version.clone().filter(|v| !v.is_empty()),
            proof: overrides
                .proof
                .or(pc.proof)
                .unwrap_or_else(|| surface.default_proof()),
            token_in: pc.token_in.unwrap_or_default(),
            allowed_hosts: pc.allowed_hosts.clone(),
            profile: name.as_deref().map_or_else(
                || "the WPX_* environment".to_owned(),
                |n| format!("profile '{n}'"),
            ),
        };
        let token_source = if env("WPX_ACCESS_TOKEN").is_some_and(|v| !v.trim().is_empty()) {
            Some(SecretSource::Env("WPX_ACCESS_TOKEN".into()))
        } else {
            self.source_of(
                name.as_deref(),
                "access_token",
                pc.access_token.is_some(),
                &pc.access_token_env,
                &pc.access_token_file,
                &pc.access_token_command,
            )?
        };
        let secret_source = if env("WPX_APP_SECRET").is_some_and(|v| !v.trim().is_empty()) {
            Some(SecretSource::Env("WPX_APP_SECRET".into()))
        } else {
            self.source_of(
                name.as_deref(),
                "app_secret",
                pc.app_secret.is_some(),
                &pc.app_secret_env,
                &pc.app_secret_file,
                &pc.app_secret_command,
            )?
        };
        Ok(Profile {
            variables: pc.variables.clone(),
            name,
            target,
            user_agent: pc
                .user_agent
                .clone()
                .unwrap_or_else(|| format!("wpx/{}", env!("CARGO_PKG_VERSION"))),
            token_source,
            secret_source,
            surface,
            app_id: pc.app_id.clone().filter(|a| !a.trim().is_empty()),
            token_from: pc.token_from,
        })
    }

    fn config_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| self.dir.join("config.toml"))
    }

    fn source_of(
        &self,
        profile: Option<&str>,
        key: &str,
        inline: bool,
        env_name: &Option<String>,
        file: &Option<PathBuf>,
        command: &Option<Vec<String>>,
    ) -> Result<Option<SecretSource>, ConfigError> {
        let mut found = Vec::new();
        if inline {
            found.push((key.to_owned(), SecretSource::Inline(self.config_path())));
        }
        if let Some(n) = env_name {
            found.push((format!("{key}_env"), SecretSource::Env(n.clone())));
        }
        if let Some(f) = file {
            found.push((format!("{key}_file"), SecretSource::File(self.expand(f))));
        }
        if let Some(c) = command {
            found.push((format!("{key}_command"), SecretSource::Command(c.clone())));
        }
        if found.len() > 1 {
            let keys: Vec<String> = found.iter().map(|(k, _)| k.clone()).collect();
            return Err(ConfigError::Invalid(format!(
                "profile '{}' in {} sets {}: keep exactly one source for the {}",
                profile.unwrap_or_default(),
                self.config_path().display(),
                keys.join(" and "),
                key.replace('_', " ")
            )));
        }
        Ok(found.pop().map(|(_, s)| s))
    }

    /// Expands `~/` and makes relative paths relative to the config directory.
    fn expand(&self, path: &Path) -> PathBuf {
        if let Ok(rest) = path.strip_prefix("~")
            && let Ok(home) = etcetera::home_dir()
        {
            return home.join(rest);
        }
        if path.is_relative() {
            self.dir.join(path)
        } else {
            path.to_owned()
        }
    }

    /// The inline secret for `key` of the named profile.
    pub fn inline_secret(&self, profile: Option<&str>, key: &str) -> Option<Secret> {
        let pc = self.file.profiles.get(profile?)?;
        match key {
            "access_token" => pc.access_token.clone(),
            "app_secret" => pc.app_secret.clone(),
            _ => None,
        }
    }

    /// The app id and secret (for the app token and client credentials), or why there are none.
    pub fn login(
        &self,
        profile: &Profile,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<AppLogin, ConfigError> {
        let where_ = self.where_(profile.name.as_deref());
        let Some(app_id) = &profile.app_id else {
            return Err(ConfigError::Missing(format!(
                "no app_id: give {where_} app_id = \"<your app id>\" (App Dashboard > App settings > Basic)"
            )));
        };
        Ok(AppLogin {
            app_id: app_id.clone(),
            app_secret: self.app_secret(profile, env)?,
        })
    }

    /// The profile's app secret, read from its source (for signing and checking webhooks).
    pub fn app_secret(
        &self,
        profile: &Profile,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Secret, ConfigError> {
        let where_ = self.where_(profile.name.as_deref());
        let Some(source) = &profile.secret_source else {
            return Err(ConfigError::Missing(format!(
                "no app secret: set WPX_APP_SECRET, or give {where_} one of app_secret_env, app_secret_file or app_secret_command"
            )));
        };
        let inline = |key: &str| self.inline_secret(profile.name.as_deref(), key);
        let reader = SecretReader {
            env,
            command_timeout: Duration::from_secs(self.file.http.command_timeout_secs),
            inline: &inline,
        };
        reader.read("app secret", "app_secret", source)
    }

    fn where_(&self, name: Option<&str>) -> String {
        match name {
            Some(n) => format!("[profiles.{n}] in {}", self.config_path().display()),
            None => format!(
                "a [profiles.NAME] table in {}",
                self.config_path().display()
            ),
        }
    }

    /// Reads the profile's secrets. A missing one gets a message naming what to set.
    pub fn credentials(
        &self,
        profile: &Profile,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Credentials, ConfigError> {
        let name = profile.name.as_deref();
        let inline = |key: &str| self.inline_secret(name, key);
        let reader = SecretReader {
            env,
            command_timeout: Duration::from_secs(self.file.http.command_timeout_secs),
            inline: &inline,
        };
        let where_ = self.where_(name);
        if profile.token_from == Some(TokenFrom::ClientCredentials) {
            return Err(ConfigError::Missing(format!(
                "{where_} fetches its token with client credentials: it is read over HTTP, not from a source"
            )));
        }
        let Some(token_source) = &profile.token_source else {
            return Err(ConfigError::Missing(format!(
                "no access token: set WPX_ACCESS_TOKEN, or give {where_} one of access_token_env, access_token_file or access_token_command (try `wpx sandbox` for a local API with demo tokens)"
            )));
        };
        let access_token = reader.read("access token", "access_token", token_source)?;
        let app_secret = match (&profile.secret_source, profile.target.proof) {
            (Some(source), _) => Some(reader.read("app secret", "app_secret", source)?),
            (None, ProofMode::Off) => None,
            (None, mode) => {
                return Err(ConfigError::Missing(format!(
                    "no app secret for the {mode} proof: set WPX_APP_SECRET, or give {where_} one of app_secret_env, app_secret_file or app_secret_command, or use --proof off if the integration does not require a proof"
                )));
            }
        };
        Ok(Credentials {
            access_token,
            app_secret,
        })
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

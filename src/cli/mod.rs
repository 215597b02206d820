//! The command line: `wpx sign`, `proof`, `call`, `profiles`, `completions`. Errors are reported
//! with their chain and a meaningful exit code: 0 success, 1 an API error, 2 a usage or
//! configuration error, 3 a transport error.

mod batch;
mod call;
mod call_all;
mod catalogue;
mod diff;
mod history;
mod output;
mod packs;
mod profiles;
mod profiles_add;
mod sandbox;
mod saved;
mod sign;
mod token;
mod webhooks;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, Overrides};
use crate::core::sign::ProofMode;

/// Exit code for an API error (non-2xx answer).
pub const EXIT_API: u8 = 1;
/// Exit code for usage and configuration errors.
pub const EXIT_USAGE: u8 = 2;
/// Exit code for transport errors.
pub const EXIT_TRANSPORT: u8 = 3;

/// A terminal API explorer for the Meta Graph API and Workplace from Meta, with a fresh
/// appsecret_proof on every request.
#[derive(Debug, Parser)]
#[command(name = "wpx", version, about, long_about = None)]
#[command(
    after_help = "Secrets are never taken as flags: set WPX_ACCESS_TOKEN and WPX_APP_SECRET, or configure a \
profile in $WPX_CONFIG_DIR/config.toml (default ~/.config/wpx/config.toml). See `wpx profiles`."
)]
pub struct Args {
    /// Use this profile from config.toml (default: $WPX_PROFILE, then default_profile).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Proof mode: timed (token|time, the default), classic (token alone) or off.
    #[arg(long, global = true, value_name = "MODE")]
    pub proof: Option<ProofMode>,
    /// Base URL instead of the profile's (also $WPX_BASE_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Write a debug log for a bug report to FILE (secrets redacted); WPX_LOG=debug|trace sets the
    /// level, and alone logs to wpx.log in the state directory.
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<std::path::PathBuf>,
    /// Open the TUI on the built-in sandbox even when credentials are configured.
    #[arg(long)]
    pub sandbox: bool,
    /// The TUI fills `{{variables}}` from this environment too (`environments/NAME.toml`; `wpx
    /// import postman ENV.json` makes one).
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// What to do; without one, wpx opens the TUI (on the sandbox when no credentials are set).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `wpx profiles add`.
#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// Add a commented profile to config.toml, asking where each secret comes from.
    Add(profiles_add::AddArgs),
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a signed URL (token, proof and time in the query) for a browser or curl.
    Sign(sign::SignArgs),
    /// Print the appsecret_proof, its time and when it expires.
    Proof(sign::ProofArgs),
    /// Send a request, signed at send time, and print the response body.
    Call(call::CallArgs),
    /// List the profiles and where each secret comes from (never the secret), or add one.
    Profiles {
        /// `add NAME --surface S`.
        #[command(subcommand)]
        action: Option<ProfilesAction>,
    },
    /// Describe the profile's token with debug_token: type, app, scopes, expiry, validity.
    Token(token::TokenArgs),
    /// The Graph API versions: introduced, available until, status.
    Versions,
    /// List the endpoint catalogue, one endpoint a line.
    Endpoints(catalogue::EndpointsArgs),
    /// List the permissions, what each grants, and which endpoints need it.
    Permissions(catalogue::PermissionsArgs),
    /// List the catalogue packs: the built-in Workplace pack and the ones you imported or wrote.
    Catalogues(catalogue::CataloguesArgs),
    /// Receive, verify, record, forward, replay and sign Meta webhooks.
    #[command(subcommand)]
    Webhooks(webhooks::WebhooksCmd),
    /// Serve the local Workplace sandbox (seeded community, demo apps) until Ctrl-C.
    Sandbox(sandbox::SandboxArgs),
    /// Send a saved request: COLLECTION/REQUEST [key=value ...].
    Run(saved::RunArgs),
    /// List the saved collections and their requests.
    Collections,
    /// Import a Postman collection or environment, or a curl command.
    #[command(subcommand)]
    Import(saved::ImportCmd),
    /// Export a collection for Postman, with a script that computes the proof.
    #[command(subcommand)]
    Export(saved::ExportCmd),
    /// The requests sent, newest first: `show N` prints what the Nth got, `diff N M` compares two
    /// answers, `clear` removes them all.
    History(history::HistoryArgs),
    /// Send a list of operations (TOML [[operation]] tables or a JSON array) as one signed Graph
    /// batch and print each result.
    Batch(batch::BatchArgs),
    /// Compare two JSON documents by path (key order ignored, `data` items matched by id): exit 0
    /// when equal, 1 when not.
    Diff(diff::DiffArgs),
    /// View a JSON (or any) file in the response viewer; - reads standard input.
    View {
        /// The file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
        /// Largest body read, in bytes (default: [http] max_response_bytes of config.toml, 256 MiB).
        #[arg(long, value_name = "BYTES")]
        max_bytes: Option<u64>,
    },
    /// Internal: run one jq filter over standard input, in a bounded child process of the viewer.
    #[command(name = "__jq", hide = true)]
    Jq {
        /// Address-space limit in bytes.
        #[arg(long)]
        memory: Option<u64>,
        /// The filter.
        expr: String,
    },
    /// Print a shell completion script.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// The subcommand's name, for the log (never its arguments: they may name parameters).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Sign(_) => "sign",
            Self::Proof(_) => "proof",
            Self::Call(_) => "call",
            Self::Profiles { .. } => "profiles",
            Self::Token(_) => "token",
            Self::Versions => "versions",
            Self::Endpoints(_) => "endpoints",
            Self::Permissions(_) => "permissions",
            Self::Catalogues(_) => "catalogues",
            Self::Webhooks(_) => "webhooks",
            Self::Sandbox(_) => "sandbox",
            Self::Run(_) => "run",
            Self::Collections => "collections",
            Self::Import(_) => "import",
            Self::Export(_) => "export",
            Self::History(_) => "history",
            Self::Diff(_) => "diff",
            Self::Batch(_) => "batch",
            Self::View { .. } => "view",
            Self::Jq { .. } => "__jq",
            Self::Completions { .. } => "completions",
        }
    }
}

/// An error with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What to print.
    pub error: anyhow::Error,
}

impl Failure {
    /// A usage or configuration error.
    pub fn usage(error: impl Into<anyhow::Error>) -> Self {
        Self {
            code: EXIT_USAGE,
            error: error.into(),
        }
    }
}

pub use crate::config::process_env;

/// Runs the parsed command line.
pub fn run(args: Args) -> ExitCode {
    if let Err(e) = crate::log::init(args.log.as_deref(), &process_env) {
        eprintln!("wpx: {e:#}");
        return ExitCode::from(EXIT_USAGE);
    }
    let result = dispatch(args);
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            tracing::debug!(code = f.code, error = %format!("{:#}", f.error), "failed");
            // An error may quote what a server sent: never let it drive the terminal.
            let text = format!("{:#}", f.error);
            eprintln!(
                "wpx: {}",
                crate::core::text::terminal_safe(&text, crate::core::text::Keep::Newlines)
            );
            ExitCode::from(f.code)
        }
    }
}

fn overrides(args: &Args) -> Overrides {
    Overrides {
        profile: args.profile.clone(),
        proof: args.proof,
        base_url: args.base_url.clone(),
    }
}

fn dispatch(args: Args) -> Result<u8, Failure> {
    let ov = overrides(&args);
    tracing::debug!(
        command = args.command.as_ref().map_or("tui", Command::name),
        profile = ?ov.profile,
        "command"
    );
    let Some(command) = args.command else {
        let (start, config) =
            crate::tui::choose(&ov, args.sandbox, &process_env).map_err(Failure::usage)?;
        return crate::tui::run_explorer(start, &config, args.env.as_deref())
            .map_err(Failure::usage);
    };
    match command {
        Command::Completions { shell } => {
            let mut cmd = <Args as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "wpx", &mut std::io::stdout());
            Ok(0)
        }
        Command::Token(a) => token::run(&a, &ov),
        Command::Versions => token::versions(),
        Command::Profiles {
            action: Some(ProfilesAction::Add(a)),
        } => profiles_add::run(&a, &ov),
        Command::Profiles { action: None } => {
            let config = Config::load(&process_env).map_err(Failure::usage)?;
            profiles::run(&config, &ov, &process_env).map_err(Failure::usage)
        }
        Command::Jq { memory, expr } => Ok(crate::jq_process::child_main(&expr, memory)),
        Command::Endpoints(a) => catalogue::endpoints(&a),
        Command::Permissions(a) => catalogue::permissions(&a),
        Command::Catalogues(a) => catalogue::catalogues(&a),
        Command::Webhooks(c) => webhooks::run(&c, &ov),
        Command::Sandbox(a) => sandbox::run(&a),
        Command::Diff(a) => diff::run(&a),
        Command::Batch(a) => batch::run(&a, &ov),
        Command::View { file, max_bytes } => {
            if file == "-" && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                return Err(Failure::usage(anyhow::anyhow!(
                    "nothing to view: give a file, or pipe a body in (curl … | wpx view)"
                )));
            }
            // With --max-bytes, a config.toml that does not parse only costs the theme.
            let settings = match (Config::load(&process_env), max_bytes) {
                (Ok(c), _) => c.file,
                (Err(_), Some(_)) => Default::default(),
                (Err(e), None) => return Err(Failure::usage(e)),
            };
            let cap = max_bytes.unwrap_or(settings.http.max_response_bytes);
            // The viewer alone has no status line to say what [theme] got wrong: stderr does.
            let (theme, notes) = crate::tui::theme::Theme::from_config(&settings.theme);
            for n in notes {
                eprintln!("wpx: config.toml: {n}");
            }
            crate::tui::run_view(&file, cap, &theme).map_err(Failure::usage)
        }
        Command::Run(a) => saved::run(&a, &ov),
        Command::Collections => saved::collections(),
        Command::Import(c) => saved::import(&c),
        Command::Export(c) => saved::export(&c),
        Command::History(a) => history::run(&a),
        Command::Sign(a) => sign::run_sign(&a, &ov),
        Command::Proof(a) => sign::run_proof(&a, &ov),
        Command::Call(a) => call::run(&a, &ov),
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error. The text may hold names
/// from files and imports, so control characters are escaped (inside JSON strings the escape means
/// the same character, so JSON output stays exact).
pub(crate) fn out(text: &str) -> Result<u8, Failure> {
    use std::io::Write;
    let text = crate::core::text::terminal_safe(text, crate::core::text::Keep::Newlines);
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|()| o.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::usage(e)),
        _ => Ok(0),
    }
}

/// Prints a warning on standard error, escaped (it may quote a file or a server).
pub(crate) fn warn(text: &str) {
    eprintln!(
        "wpx: warning: {}",
        crate::core::text::terminal_safe(text, crate::core::text::Keep::Nothing)
    );
}

/// Splits `key=value` command-line items.
pub(crate) fn parse_items(items: &[String]) -> Result<Vec<(String, String)>, Failure> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => Err(Failure::usage(anyhow::anyhow!(
                "'{item}' is not key=value: write parameters as fields=id,name"
            ))),
        })
        .collect()
}

/// Loads the config, resolves the profile and reads its secrets.
/// A runtime for one command and the HTTP client of the profile.
pub(crate) fn runtime_and_client(
    config: &Config,
    profile: &crate::config::Profile,
) -> Result<(tokio::runtime::Runtime, crate::http::Client), Failure> {
    use anyhow::Context as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(Failure::usage)?;
    let client = crate::http::Client::new(
        &config.file.http,
        &profile.user_agent,
        std::sync::Arc::new(crate::core::sign::SystemClock),
    )
    .map_err(|e| Failure {
        code: EXIT_TRANSPORT,
        error: e.into(),
    })?;
    Ok((runtime, client))
}

pub(crate) fn load_profile(
    ov: &Overrides,
) -> Result<
    (
        Config,
        crate::config::Profile,
        crate::core::request::Credentials,
    ),
    Failure,
> {
    let config = Config::load(&process_env).map_err(Failure::usage)?;
    let profile = config.resolve(ov, &process_env).map_err(Failure::usage)?;
    for w in profile.warnings(crate::core::sign::Clock::now(
        &crate::core::sign::SystemClock,
    )) {
        warn(&w);
    }
    let creds =
        crate::http::token::credentials(&config, &profile, &process_env).map_err(Failure::usage)?;
    Ok((config, profile, creds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split_on_the_first_equals() {
        let items = vec!["fields=id,name".to_owned(), "q=a=b".to_owned()];
        let parsed = parse_items(&items).expect("parses");
        assert_eq!(parsed[1], ("q".to_owned(), "a=b".to_owned()));
        assert!(parse_items(&["nokey".to_owned()]).is_err());
        assert!(parse_items(&["=v".to_owned()]).is_err());
    }

    #[test]
    fn no_flag_takes_a_secret() {
        let err =
            Args::try_parse_from(["wpx", "call", "--token", "x", "/me"]).expect_err("no --token");
        assert!(err.to_string().contains("--token"));
        <Args as clap::CommandFactory>::command().debug_assert();
    }
}

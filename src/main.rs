//! The `wpx` binary: parse the command line and hand over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    wpx::cli::run(wpx::cli::Args::parse())
}

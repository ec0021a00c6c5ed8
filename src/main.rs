//! The `docket` binary: parse arguments, call the library, map the result to an
//! exit code: 0 clean, 1 error-severity drift (`check` only; `build` reports
//! drift and still succeeds), 2 bad usage or unreadable input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use docket::catalog::Severity;
use docket::{Project, report, rules, site};

/// A documentation-as-code compiler for release-readiness docs.
#[derive(Parser)]
#[command(name = "docket", version, about, long_about = None)]
struct Cli {
    /// The book root: the folder holding book.toml.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the docs, render the site, and print the drift summary.
    Build {
        /// The book root (same as --root).
        dir: Option<PathBuf>,
        /// Output folder, relative to the book root (default: [preprocessor.docket] output-dir,
        /// then [build] build-dir, then `book`).
        #[arg(short = 'd', long = "dest-dir", value_name = "DIR")]
        dest_dir: Option<PathBuf>,
    },
    /// Check the docs against the manifest and themselves; exit 1 on error-severity drift.
    Check {
        /// The book root (same as --root).
        dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn root_of(global: Option<PathBuf>, dir: Option<PathBuf>) -> PathBuf {
    dir.or(global).unwrap_or_else(|| PathBuf::from("."))
}

fn load(root: &Path) -> Result<(Project, Vec<rules::Finding>), docket::LoadError> {
    let (project, warnings) = Project::load(root)?;
    for w in warnings {
        eprintln!("{w}");
    }
    let findings = rules::check(&project);
    Ok((project, findings))
}

/// Write to stdout; a closed pipe (`docket check | head`) is not an error.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { dir } => {
            let root = root_of(cli.root, dir);
            let (project, findings) = load(&root)?;
            emit(&report::human(&findings, project.docs.len()));
            let failed = findings.iter().any(|f| f.severity == Severity::Error);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build { dir, dest_dir } => {
            let root = root_of(cli.root, dir);
            let (project, findings) = load(&root)?;
            let dest = match dest_dir {
                Some(d) => project.config.root.join(d),
                None => project.config.output_dir(),
            };
            let pages = site::build(&project, &findings, &dest)?;
            emit(&report::human(&findings, project.docs.len()));
            let noun = if pages == 1 { "page" } else { "pages" };
            eprintln!("docket: wrote {pages} {noun} to {}", dest.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

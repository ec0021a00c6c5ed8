//! The `docket` binary: parse arguments, call the library, map the result to an
//! exit code: 0 clean, 1 error-severity drift (`check` only; `build` reports
//! drift and still succeeds), 2 bad usage or unreadable input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use docket::blocks::{self, Plan};
use docket::catalog::Severity;
use docket::{Project, closeout, report, rules, site, sync};

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
    /// Refresh every GENERATED block from the manifest, in place.
    Sync {
        /// The book root (same as --root).
        dir: Option<PathBuf>,
        /// Write nothing; print a diff per stale block and exit 1 if any is stale.
        #[arg(long)]
        check: bool,
    },
    /// Print the release-gate closeout evidence block, prefilled from the manifest and the check result.
    Closeout {
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

/// Load the book, plan its blocks (malformed markers stop here) and run the rules.
fn load(root: &Path) -> anyhow::Result<(Project, Plan, Vec<rules::Finding>)> {
    let (project, warnings) = Project::load(root)?;
    for w in warnings {
        eprintln!("{w}");
    }
    let plan = blocks::plan(&project)?;
    let findings = rules::check(&project, &plan);
    Ok((project, plan, findings))
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
            let (project, _plan, findings) = load(&root)?;
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
            let (project, _plan, findings) = load(&root)?;
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
        Command::Sync { dir, check } => {
            let root = root_of(cli.root, dir);
            let (project, plan, _findings) = load(&root)?;
            let blocks: usize = plan.pages.iter().map(|p| p.spans.len()).sum();
            if check {
                let mut text = String::new();
                for page in &plan.pages {
                    let path = project.src_rel(&project.book.pages[page.page].path);
                    for s in &page.stale {
                        text.push_str(&format!("{path}:{}: block `{}` is stale\n", s.line, s.name));
                        text.push_str(&blocks::diff(&path, s));
                    }
                }
                let stale: usize = plan.pages.iter().map(|p| p.stale.len()).sum();
                if stale == 0 {
                    text.push_str(&format!(
                        "docket: {blocks} generated blocks are up to date\n"
                    ));
                } else {
                    text.push_str(&format!("docket: {stale} of {blocks} generated blocks are stale; run `docket sync`\n"));
                }
                emit(&text);
                return Ok(if stale == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            let written = sync::apply(&project, &plan)?;
            let mut text = String::new();
            for w in &written {
                text.push_str(&format!("refreshed {w}\n"));
            }
            let noun = if written.len() == 1 { "page" } else { "pages" };
            text.push_str(&format!(
                "docket: {blocks} generated blocks, {} {noun} rewritten\n",
                written.len()
            ));
            emit(&text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Closeout { dir } => {
            let root = root_of(cli.root, dir);
            let (project, _plan, findings) = load(&root)?;
            let text = closeout::render(&project, &findings).map_err(anyhow::Error::msg)?;
            emit(&text);
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! The `docket` binary: parse arguments, call the library, map the result to an
//! exit code: 0 clean, 1 error-severity drift (`check`, `sync --check`; `build`
//! reports drift and still succeeds), 2 bad usage or unreadable input.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use docket::blocks::{self, Plan};
use docket::catalog::{self, Severity};
use docket::report::{self, Format};
use docket::rules::{self, CheckResult};
use docket::{Project, closeout, site, sync};

/// A documentation-as-code compiler for release-readiness docs.
///
/// docket reads an mdBook-style book, checks every claim its pages make against a
/// readiness manifest and against themselves, refreshes GENERATED blocks, and
/// renders a site. Exit codes: 0 clean, 1 drift, 2 bad usage or unreadable input.
#[derive(Parser)]
#[command(name = "docket", version, about, long_about)]
struct Cli {
    /// The book root: the folder holding book.toml [default: .]
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
        /// Report format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Write the report to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The date allowances are judged against (YYYY-MM-DD) [default: today, or $DOCKET_TODAY]
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
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
    /// Build, serve the site on loopback, and rebuild and reload on every change.
    Serve {
        /// The book root (same as --root).
        dir: Option<PathBuf>,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to bind; loopback unless you mean to share the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Output folder, relative to the book root (as for build).
        #[arg(short = 'd', long = "dest-dir", value_name = "DIR")]
        dest_dir: Option<PathBuf>,
    },
    /// Explain a rule: what it checks, an example, and the fix.
    Explain {
        /// The rule id, e.g. link-broken.
        #[arg(required_unless_present = "list")]
        rule: Option<String>,
        /// List every rule id with its default severity.
        #[arg(long)]
        list: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn root_of(global: Option<PathBuf>, dir: Option<PathBuf>) -> PathBuf {
    dir.or(global).unwrap_or_else(|| PathBuf::from("."))
}

/// Today's date (UTC) as `YYYY-MM-DD`, or `$DOCKET_TODAY` for reproducible runs.
fn today(flag: Option<String>) -> anyhow::Result<String> {
    let given = flag.or_else(|| std::env::var("DOCKET_TODAY").ok());
    if let Some(d) = given {
        anyhow::ensure!(
            docket::manifest::parse_date(&d).is_some() && d.len() == 10,
            "--today / DOCKET_TODAY `{d}` is not a YYYY-MM-DD date"
        );
        return Ok(d);
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Load the book, plan its blocks (malformed markers stop here) and run the rules.
fn load(root: &Path, today: &str) -> anyhow::Result<(Project, Plan, CheckResult)> {
    let (project, warnings) = Project::load(root)?;
    for w in warnings {
        eprintln!("{w}");
    }
    let plan = blocks::plan(&project)?;
    let result = rules::check(&project, &plan, today);
    Ok((project, plan, result))
}

fn context(project: &Project, color: bool) -> report::Context {
    let mut files: Vec<String> = project
        .book
        .pages
        .iter()
        .map(|p| project.src_rel(&p.path))
        .collect();
    files.push(project.book.summary_path.clone());
    if let Some(m) = &project.manifest {
        files.push(m.display_path.clone());
    }
    report::Context {
        pages: project.docs.len(),
        sources: project.sources(),
        files,
        color,
    }
}

/// Write to stdout; a closed pipe (`docket check | head`) is not an error.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            dir,
            format,
            output,
            today: day,
        } => {
            let root = root_of(cli.root, dir);
            let day = today(day)?;
            let (project, _plan, result) = load(&root, &day)?;
            let color = output.is_none()
                && format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let ctx = context(&project, color);
            let text = report::render(format, &result, &ctx);
            if format == Format::Github
                && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY")
            {
                let summary = report::github_summary(&result, &ctx);
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .with_context(|| {
                        format!(
                            "cannot open $GITHUB_STEP_SUMMARY ({})",
                            PathBuf::from(&path).display()
                        )
                    })?;
                f.write_all(summary.as_bytes())?;
            }
            match output {
                Some(path) => sync::write_atomic(&path, text.as_bytes())?,
                None => emit(&text),
            }
            let failed = result
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build { dir, dest_dir } => {
            let root = root_of(cli.root, dir);
            let (project, _plan, result) = load(&root, &today(None)?)?;
            let dest = match dest_dir {
                Some(d) => project.config.root.join(d),
                None => project.config.output_dir(),
            };
            let pages = site::build(&project, &result, &dest)?;
            let ctx = context(&project, false);
            emit(&report::render(Format::Short, &result, &ctx));
            eprintln!(
                "docket: wrote {} to {}",
                report::plural(pages, "page", "pages"),
                dest.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Sync { dir, check } => {
            let root = root_of(cli.root, dir);
            let (project, plan, _result) = load(&root, &today(None)?)?;
            let blocks_n: usize = plan.pages.iter().map(|p| p.spans.len()).sum();
            let blocks_s = report::plural(blocks_n, "generated block", "generated blocks");
            if check {
                let mut text = String::new();
                for page in &plan.pages {
                    let path = project.src_rel(&project.book.pages[page.page].path);
                    for s in &page.stale {
                        text.push_str(&format!(
                            "{path}:{}:1: block `{}` is stale\n",
                            s.line, s.name
                        ));
                        text.push_str(&blocks::diff(&path, s));
                    }
                }
                let stale: usize = plan.pages.iter().map(|p| p.stale.len()).sum();
                if stale == 0 {
                    text.push_str(&format!("docket: {blocks_s}, all up to date\n"));
                } else {
                    text.push_str(&format!(
                        "docket: {stale} of {blocks_s} stale; run `docket sync`\n"
                    ));
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
            text.push_str(&format!(
                "docket: {blocks_s}, {} rewritten\n",
                report::plural(written.len(), "page", "pages")
            ));
            emit(&text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Closeout { dir } => {
            let root = root_of(cli.root, dir);
            let (project, _plan, result) = load(&root, &today(None)?)?;
            let text = closeout::render(&project, &result.findings).map_err(anyhow::Error::msg)?;
            emit(&text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            dir,
            port,
            bind,
            dest_dir,
        } => {
            let root = root_of(cli.root, dir);
            // Config errors are fatal before serving; later ones show in the page.
            let (config, _) = docket::config::load(&root)?;
            let dest = match dest_dir {
                Some(d) => config.root.join(d),
                None => config.output_dir(),
            };
            let (r2, d2) = (root.clone(), dest.clone());
            let rebuild = move || -> Result<String, String> {
                let day = today(None).map_err(|e| e.to_string())?;
                let (project, _plan, result) = load(&r2, &day).map_err(|e| format!("{e:#}"))?;
                site::build(&project, &result, &d2).map_err(|e| e.to_string())?;
                Ok(report::summary_line(&result, project.docs.len()))
            };
            docket::serve::run(std::net::SocketAddr::new(bind, port), &root, &dest, rebuild)
                .with_context(|| {
                    format!("cannot listen on {bind}:{port}; pick another port with --port")
                })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule, list } => {
            if list {
                let mut text = String::new();
                for r in catalog::sorted() {
                    text.push_str(&format!(
                        "{:<22} {:<8} {}\n",
                        r.id,
                        r.default.as_str(),
                        r.summary
                    ));
                }
                emit(&text);
                return Ok(ExitCode::SUCCESS);
            }
            let id = rule.unwrap_or_default();
            let Some(text) = catalog::explain(&id) else {
                eprintln!("error: unknown rule `{id}`; `docket explain --list` lists them");
                return Ok(ExitCode::from(2));
            };
            emit(&text);
            Ok(ExitCode::SUCCESS)
        }
    }
}

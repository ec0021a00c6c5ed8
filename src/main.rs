//! The `docket` binary: parse arguments, call the library, map the result to an
//! exit code: 0 clean, 1 error-severity drift (`check`, `sync --check`; `build`
//! reports drift and still succeeds), 2 bad usage or unreadable input.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use docket::Project;
use docket::check::blocks::{self, Plan};
use docket::check::rules::{self, CheckResult};
use docket::core::catalog::{self, Severity};
use docket::output::report::{self, Format};
use docket::output::{closeout, site, sync};

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
        /// Write the report to FILE instead of stdout (`-`: stdout); FILE is replaced
        /// atomically, and only a regular file is.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The date allowances are judged against (YYYY-MM-DD) [default: today, or $DOCKET_TODAY]
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Report only what these changed files can affect (for pre-commit): the
        /// changed pages and pages linking to them, or everything when book.toml,
        /// the manifest, SUMMARY.md, templates or a fact source changed.
        #[arg(long, num_args = 0.., value_name = "FILE")]
        changed_only: Option<Vec<PathBuf>>,
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
    /// mdBook preprocessor: refresh GENERATED blocks in the book mdBook hands over.
    ///
    /// Set `command = "docket mdbook"` under [preprocessor.docket] in book.toml;
    /// `fail-on-drift = true` there makes error-severity drift fail the mdBook build.
    Mdbook {
        #[command(subcommand)]
        action: Option<MdbookAction>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Print a JSON Schema: the readiness manifest's or the JSON drift report's.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// Set docket up in a repository with docs: write book.toml, SUMMARY.md (if
    /// missing) and a first readiness manifest inferred from the docs. Existing
    /// files are left alone unless --force is given.
    Init {
        /// The repository root (same as --root) [default: .]
        dir: Option<PathBuf>,
        /// Overwrite book.toml, SUMMARY.md and the manifest when they exist.
        #[arg(long)]
        force: bool,
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

#[derive(Subcommand)]
enum MdbookAction {
    /// Exit 0 if docket supports RENDERER (it supports all of them).
    Supports {
        /// The renderer mdBook asks about.
        renderer: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaKind {
    /// schemas/readiness.schema.json
    Manifest,
    /// schemas/drift-report.schema.json
    Report,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Our errors already quote their cause; print a cause only when its
            // text is not in the message yet (anyhow contexts).
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                let c = cause.to_string();
                if !msg.contains(&c) {
                    msg.push_str(": ");
                    msg.push_str(&c);
                }
            }
            eprintln!("error: {msg}");
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
            docket::input::manifest::parse_date(&d).is_some() && d.len() == 10,
            "--today / DOCKET_TODAY `{d}` is not a YYYY-MM-DD date"
        );
        return Ok(d);
    }
    Ok(docket::input::manifest::today_utc())
}

/// Load the book, plan its blocks (malformed markers stop here) and run the rules.
/// Pages' HTML is rendered only when `html` is set (a site will be written).
fn load(root: &Path, today: &str, html: bool) -> anyhow::Result<(Project, Plan, CheckResult)> {
    let (project, warnings) = Project::load_with(root, html)?;
    for w in warnings {
        eprintln!("{w}");
    }
    let plan = docket::core::timed("plan", || blocks::plan(&project))?;
    let result = docket::core::timed("rules", || rules::check(&project, &plan, today));
    Ok((project, plan, result))
}

fn context(project: &Project, result: &CheckResult, color: bool) -> report::Context {
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
        sources: project.sources_for(result.findings.iter().map(|f| f.path.as_str())),
        files,
        color,
    }
}

/// A path given on the command line (relative to the current folder) as a
/// book-root-relative, `/`-separated path.
fn relative_to_root(project: &Project, file: &Path) -> String {
    let abs = std::env::current_dir()
        .map(|d| d.join(file))
        .unwrap_or_else(|_| file.to_path_buf());
    let abs = abs.canonicalize().unwrap_or(abs);
    let rel = abs.strip_prefix(&project.root_canon).unwrap_or(file);
    rel.components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect::<Vec<_>>()
        .join("/")
}

/// Indices of the pages at `paths` (root-relative); other files are skipped.
fn pages_by_path(
    project: &Project,
    paths: &std::collections::BTreeSet<String>,
) -> std::collections::BTreeSet<usize> {
    project
        .book
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| paths.contains(&project.src_rel(&p.path)))
        .map(|(i, _)| i)
        .collect()
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
            changed_only,
        } => {
            let root = root_of(cli.root, dir);
            let day = today(day)?;
            // `-o -` is standard output.
            let output = output.filter(|p| p != Path::new("-"));
            let (project, _plan, mut result) = load(&root, &day, false)?;
            if let Some(files) = changed_only {
                let rel: Vec<String> = files
                    .iter()
                    .map(|f| relative_to_root(&project, f))
                    .collect();
                if let Some(keep) = project.affected(&rel) {
                    result.findings.retain(|f| keep.contains(&f.path));
                    result.allowed.retain(|a| keep.contains(&a.finding.path));
                }
            }
            let color = output.is_none()
                && format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let ctx = context(&project, &result, color);
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
                Some(path) => docket::core::fs::write_output(&path, text.as_bytes())?,
                None => emit(&text),
            }
            let failed = result
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error);
            // The process ends here: freeing every page one by one is wasted work.
            std::mem::forget((project, result));
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build { dir, dest_dir } => {
            let root = root_of(cli.root, dir);
            let dest_dir_named = dest_dir.is_some();
            let (project, _plan, result) = load(&root, &today(None)?, true)?;
            let dest = match dest_dir {
                Some(d) => project.config.root.join(d),
                None => project.config.output_dir(),
            };
            if dest_dir_named {
                docket::core::fs::allow_named(&dest);
            }
            let pages = docket::core::timed("site", || site::build(&project, &result, &dest))?;
            let ctx = context(&project, &result, false);
            emit(&report::render(Format::Short, &result, &ctx));
            eprintln!(
                "docket: wrote {} to {}",
                report::plural(pages, "page", "pages"),
                dest.display()
            );
            // The process ends here: freeing every page one by one is wasted work.
            std::mem::forget((project, result));
            Ok(ExitCode::SUCCESS)
        }
        Command::Sync { dir, check } => {
            let root = root_of(cli.root, dir);
            let (project, plan, _result) = load(&root, &today(None)?, false)?;
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
            let (project, _plan, result) = load(&root, &today(None)?, false)?;
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
            let (config, _) = docket::input::config::load(&root)?;
            let dest = match &dest_dir {
                Some(d) => config.root.join(d),
                None => config.output_dir(),
            };
            if dest_dir.is_some() {
                docket::core::fs::allow_named(&dest);
            }
            let (r2, d2) = (root.clone(), dest.clone());
            // The last good load, kept so a page edit re-parses and re-renders
            // only what it affects; anything else reloads the whole book.
            let mut state: Option<(Project, rules::CheckResult)> = None;
            let rebuild = move |changed: &[String]| -> Result<String, String> {
                let day = today(None).map_err(|e| e.to_string())?;
                if let Some((project, before)) = state.as_mut() {
                    let pages: Option<Vec<usize>> =
                        changed.iter().map(|c| project.page_index(c)).collect();
                    if let Some(pages) = pages.filter(|p| !p.is_empty()) {
                        let t = std::time::Instant::now();
                        project.reload_pages(&pages).map_err(|e| format!("{e:#}"))?;
                        let t_parse = t.elapsed();
                        let plan = docket::core::timed("plan", || blocks::plan(project))
                            .map_err(|e| format!("{e:#}"))?;
                        // Page-local rules re-read the edited pages and the pages
                        // linking to them; the rest keep their findings.
                        let scope: Option<std::collections::BTreeSet<usize>> = project
                            .affected(changed)
                            .map(|paths| pages_by_path(project, &paths));
                        let result = docket::core::timed("rules", || {
                            rules::check_pages(
                                project,
                                &plan,
                                &day,
                                scope.as_ref().map(|s| (s, &*before)),
                            )
                        });
                        let t_check = t.elapsed() - t_parse;
                        // Pages whose findings changed get their marks redrawn.
                        let mut redo: std::collections::BTreeSet<usize> =
                            pages.into_iter().collect();
                        let now: std::collections::BTreeSet<&rules::Finding> =
                            result.findings.iter().collect();
                        let was: std::collections::BTreeSet<&rules::Finding> =
                            before.findings.iter().collect();
                        let moved: std::collections::BTreeSet<String> = now
                            .symmetric_difference(&was)
                            .map(|f| f.path.clone())
                            .collect();
                        redo.extend(pages_by_path(project, &moved));
                        let n = site::update(project, &result, &d2, &redo)
                            .map_err(|e| e.to_string())?;
                        let t_render = t.elapsed() - t_parse - t_check;
                        let summary = format!(
                            "{} ({n} pages re-rendered; parse {:.1} ms, check {:.1} ms, render {:.1} ms)",
                            report::summary_line(&result, project.docs.len())
                                .trim_start_matches("docket: "),
                            t_parse.as_secs_f64() * 1000.0,
                            t_check.as_secs_f64() * 1000.0,
                            t_render.as_secs_f64() * 1000.0
                        );
                        *before = result;
                        return Ok(summary);
                    }
                }
                // A failed full load must not leave an old book behind for the
                // next page edit to patch.
                state = None;
                let (project, _plan, result) =
                    load(&r2, &day, true).map_err(|e| format!("{e:#}"))?;
                site::build(&project, &result, &d2).map_err(|e| e.to_string())?;
                let summary = report::summary_line(&result, project.docs.len())
                    .trim_start_matches("docket: ")
                    .to_string();
                state = Some((project, result));
                Ok(summary)
            };
            docket::app::serve::run(std::net::SocketAddr::new(bind, port), &root, &dest, rebuild)
                .with_context(|| {
                format!("cannot listen on {bind}:{port}; pick another port with --port")
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Mdbook { action } => {
            if let Some(MdbookAction::Supports { renderer }) = action {
                return Ok(if docket::app::mdbook::supports(&renderer) {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            let mut input = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
                .context("cannot read mdBook's input from stdin")?;
            let out = docket::app::mdbook::run(&input, &today(None)?)?;
            emit(&out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "docket",
                &mut buf,
            );
            emit(&String::from_utf8_lossy(&buf));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut buf)?;
            emit(&String::from_utf8_lossy(&buf));
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { which } => {
            emit(match which {
                SchemaKind::Manifest => docket::input::manifest::SCHEMA,
                SchemaKind::Report => docket::output::report::REPORT_SCHEMA,
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir, force } => {
            let dir = root_of(cli.root, dir);
            let opts = docket::app::init::InitOptions {
                dir,
                force,
                today: today(None)?,
            };
            let report = docket::app::init::init(&opts)?;
            let mut text = String::new();
            for p in &report.written {
                text.push_str(&format!("wrote {}\n", p.display()));
            }
            for p in &report.skipped {
                text.push_str(&format!(
                    "skipped {} (exists; use --force to overwrite)\n",
                    p.display()
                ));
            }
            for n in &report.notes {
                text.push_str(&format!("note: {n}\n"));
            }
            emit(&text);
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

// Pages make many small, short-lived allocations across threads; glibc's
// allocator was a sixth of `check`'s instructions (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

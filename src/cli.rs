//! The command line: every command, argument and help text (clap), and the
//! pages generated from them (completions, man pages). Only the binary uses
//! clap; `main.rs` maps the parsed command to [`docket::app::commands`].

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand};
use docket::app::commands::{self as cmd, Outcome};
use docket::output::report::Format;

/// A documentation-as-code compiler for release-readiness docs.
///
/// docket reads an mdBook-style book, checks every claim its pages make against a
/// readiness manifest and against themselves, refreshes GENERATED blocks, and
/// renders a site. Exit codes: 0 clean, 1 drift, 2 bad usage or unreadable input.
#[derive(Parser)]
#[command(name = "docket", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The book root, given as `DIR` or `--root DIR`.
#[derive(Args)]
pub struct Root {
    /// The book root: the folder that holds book.toml (for init, where it goes) [default: .]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The book root, as an option (the same as DIR).
    #[arg(long = "root", value_name = "DIR", conflicts_with = "dir")]
    pub root: Option<PathBuf>,
}

/// Whether the book's external preprocessors (`[preprocessor.X]` with a
/// command) run. `book.toml` never decides: a pull request can change it.
#[derive(Args)]
pub struct Preprocessing {
    /// Run the external preprocessors book.toml declares, and check their output
    /// (`check`, `sync` and `closeout` run none unless asked; `build` and `serve`
    /// always run them unless forbidden) [env: DOCKET_RUN_PREPROCESSORS=1]
    #[arg(long, conflicts_with = "no_preprocessors")]
    pub run_preprocessors: bool,
    /// Run no external preprocessor, whatever the command [env: DOCKET_RUN_PREPROCESSORS=0]
    #[arg(long)]
    pub no_preprocessors: bool,
    /// Stop a preprocessor that has not finished after SECS seconds [env: DOCKET_PREPROCESSOR_TIMEOUT] [default: 60]
    #[arg(long, value_name = "SECS")]
    pub preprocessor_timeout: Option<u64>,
    /// Stop a preprocessor that writes more than MIB mebibytes [default: 64]
    #[arg(long, value_name = "MIB")]
    pub preprocessor_output_limit: Option<u64>,
}

impl Preprocessing {
    /// The policy: the flags, else `$DOCKET_RUN_PREPROCESSORS` (`1` or `0`), else
    /// the command's default (`build` and `serve` run them, announced).
    pub fn policy(&self, by_default: bool) -> anyhow::Result<cmd::Preprocessors> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let run = if self.run_preprocessors {
            true
        } else if self.no_preprocessors {
            false
        } else {
            match env("DOCKET_RUN_PREPROCESSORS").as_deref() {
                None => by_default,
                Some("1" | "true" | "yes") => true,
                Some("0" | "false" | "no") => false,
                Some(v) => anyhow::bail!(
                    "DOCKET_RUN_PREPROCESSORS=`{v}` is neither 1 nor 0; set 1 to run book.toml's preprocessors, 0 to forbid them"
                ),
            }
        };
        let secs = match (
            self.preprocessor_timeout,
            env("DOCKET_PREPROCESSOR_TIMEOUT"),
        ) {
            (Some(s), _) => s,
            (None, Some(v)) => v.parse().map_err(|_| {
                anyhow::anyhow!(
                    "DOCKET_PREPROCESSOR_TIMEOUT=`{v}` is not a whole number of seconds"
                )
            })?,
            (None, None) => docket::input::preprocess::DEFAULT_TIMEOUT_SECS,
        };
        let mut policy = cmd::Preprocessors::announced();
        policy.run = run;
        policy.timeout = std::time::Duration::from_secs(secs);
        if let Some(mib) = self.preprocessor_output_limit {
            policy.max_output = usize::try_from(mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
        }
        Ok(policy)
    }
}

// In the order a user meets them: set up, check, build, preview, then the rest.
#[derive(Subcommand)]
pub enum Command {
    /// Set docket up in a repository with docs: write book.toml, SUMMARY.md (if
    /// missing) and a first readiness manifest inferred from the docs. Existing
    /// files are left alone unless --force is given.
    Init {
        #[command(flatten)]
        root: Root,
        /// Overwrite book.toml, SUMMARY.md and the manifest when they exist.
        #[arg(long)]
        force: bool,
    },
    /// Check the docs against the manifest and themselves; exit 1 on error-severity drift.
    Check {
        #[command(flatten)]
        root: Root,
        /// Report format.
        #[arg(long, default_value = "human", value_parser = format_parser())]
        format: Format,
        /// Write the report to FILE instead of stdout.
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
        #[command(flatten)]
        preprocessing: Preprocessing,
    },
    /// Check the docs, render the site, and print the drift summary.
    Build {
        #[command(flatten)]
        root: Root,
        /// Output folder, relative to the book root (default: [preprocessor.docket] output-dir,
        /// then [build] build-dir, then `book`).
        #[arg(short = 'd', long = "dest-dir", value_name = "DIR")]
        dest_dir: Option<PathBuf>,
        #[command(flatten)]
        preprocessing: Preprocessing,
    },
    /// Build, serve the site on loopback, and rebuild and reload on every change.
    Serve {
        #[command(flatten)]
        root: Root,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to bind; loopback unless you mean to share the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Output folder, relative to the book root (as for build).
        #[arg(short = 'd', long = "dest-dir", value_name = "DIR")]
        dest_dir: Option<PathBuf>,
        #[command(flatten)]
        preprocessing: Preprocessing,
    },
    /// Refresh every GENERATED block from the manifest, in place.
    Sync {
        #[command(flatten)]
        root: Root,
        /// Write nothing; print a diff per stale block and exit 1 if any is stale.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        preprocessing: Preprocessing,
    },
    /// Print the release-gate closeout evidence block, prefilled from the manifest and the check result.
    Closeout {
        #[command(flatten)]
        root: Root,
        #[command(flatten)]
        preprocessing: Preprocessing,
    },
    /// Explain a rule: what it checks, an example, and the fix; without RULE, list every rule.
    Explain {
        /// The rule id, e.g. link-broken.
        rule: Option<String>,
        /// List every rule id with its default severity (as without RULE).
        #[arg(long, conflicts_with = "rule")]
        list: bool,
    },
    /// mdBook preprocessor: refresh GENERATED blocks in the book mdBook hands over.
    ///
    /// Set `command = "docket mdbook"` under [preprocessor.docket] in book.toml;
    /// `fail-on-drift = true` there makes error-severity drift fail the mdBook build.
    Mdbook {
        #[command(subcommand)]
        action: Option<MdbookAction>,
    },
    /// Print a JSON Schema: the readiness manifest's or the JSON drift report's.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): docket(1), or a command's, e.g. `docket man check`.
    Man {
        /// The command whose page to print (`mdbook supports` for a nested one).
        command: Vec<String>,
        /// Write every page (docket.1, docket-check.1, …) into DIR instead.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum MdbookAction {
    /// Exit 0 if docket supports RENDERER (it supports all of them).
    Supports {
        /// The renderer mdBook asks about.
        renderer: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SchemaKind {
    /// schemas/readiness.schema.json
    Manifest,
    /// schemas/drift-report.schema.json
    Report,
}

/// `--format`: the library's formats, with clap's "did you mean" on a typo.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let values = Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.help()));
    PossibleValuesParser::new(values).try_map(|s| Format::from_name(&s).ok_or("unknown format"))
}

impl Root {
    /// `DIR`, else `--root DIR`, else the current folder.
    pub fn path(self) -> PathBuf {
        self.dir.or(self.root).unwrap_or_else(|| PathBuf::from("."))
    }
}

/// A completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "docket", &mut buf);
    Outcome::text(String::from_utf8_lossy(&buf).into_owned())
}

/// docket(1) or a command's page; with `dir`, every page written there.
pub fn man(path: &[String], dir: Option<PathBuf>) -> anyhow::Result<Outcome> {
    let render = |c: &clap::Command| -> anyhow::Result<(String, Vec<u8>)> {
        let page = clap_mangen::Man::new(c.clone());
        let mut buf = Vec::new();
        page.render(&mut buf)?;
        Ok((page.get_filename(), buf))
    };
    // Pages list their subcommands as docket-NAME(1); `help` would be one without a page.
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    if let Some(dir) = dir {
        let mut todo = vec![&top];
        let mut names = Vec::new();
        while let Some(c) = todo.pop() {
            let (name, text) = render(c)?;
            cmd::write_file(&dir.join(&name), &text)?;
            names.push(name);
            todo.extend(c.get_subcommands());
        }
        names.sort();
        return Ok(Outcome::text(format!(
            "wrote {} to {}\n",
            names.join(", "),
            dir.display()
        )));
    }
    let mut c = &top;
    for name in path {
        let subs = || c.get_subcommands().map(clap::Command::get_name);
        let Some(sub) = c.find_subcommand(name) else {
            let hint = cmd::did_you_mean(name, subs())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            anyhow::bail!(
                "no man page for `{name}`; {hint}the commands are: {}",
                subs().collect::<Vec<_>>().join(", ")
            );
        };
        c = sub;
    }
    Ok(Outcome::text(
        String::from_utf8_lossy(&render(c)?.1).into_owned(),
    ))
}

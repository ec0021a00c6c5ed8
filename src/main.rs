//! The `docket` binary: the command line parsed ([`cli`]), one command of
//! [`docket::app::commands`] run, its outcome mapped to an exit code: 0 clean,
//! 1 error-severity drift (`check`, `sync --check`; `build` reports drift and
//! still succeeds), 2 bad usage or unreadable input.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, MdbookAction, SchemaKind};
use docket::app::commands::{self as cmd, Outcome, Status};
use docket::output::report::Format;

fn main() -> ExitCode {
    let result = run(Cli::parse().command);
    docket::core::work::report();
    match result {
        Ok(out) => {
            // A closed pipe (`docket check | head`) is not an error.
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(out.stdout.as_bytes())
                .and_then(|()| stdout.flush());
            // The process ends here: freeing every page one by one is wasted work.
            std::mem::forget(out.loaded);
            match out.status {
                Status::Clean => ExitCode::SUCCESS,
                Status::Drift => ExitCode::from(1),
            }
        }
        Err(e) => {
            // Our errors quote their cause; add a cause only when its text is
            // not in the message yet (anyhow contexts).
            let mut msg = e.to_string();
            for cause in e.chain().skip(1).map(ToString::to_string) {
                if !msg.contains(&cause) {
                    msg = format!("{msg}: {cause}");
                }
            }
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<Outcome> {
    let env_day = std::env::var("DOCKET_TODAY").ok();
    let day = env_day.as_deref();
    let notes = &mut std::io::stderr();
    match command {
        Command::Init { root: r, force } => cmd::init::run(r.path(), force, day),
        Command::Check {
            root: r,
            format,
            output,
            today,
            changed_only,
            preprocessing,
        } => {
            let color = output.is_none()
                && format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from);
            let today = today.or(env_day);
            let opts = cmd::check::Options {
                root: r.path(),
                format,
                output,
                today,
                changed_only,
                color,
                step_summary,
                preprocessors: preprocessing.policy(false)?,
            };
            cmd::check::run(&opts, notes)
        }
        Command::Build {
            root: r,
            dest_dir,
            preprocessing,
        } => {
            let opts = cmd::build::Options {
                root: r.path(),
                dest: dest_dir,
                today: env_day,
                preprocessors: preprocessing.policy(true)?,
            };
            cmd::build::run(&opts, notes)
        }
        Command::Serve {
            root: r,
            port,
            bind,
            dest_dir,
            preprocessing,
        } => {
            let opts = cmd::serve::Options {
                root: r.path(),
                dest: dest_dir,
                bind,
                port,
                today: env_day,
                preprocessors: preprocessing.policy(true)?,
            };
            cmd::serve::run(&opts)
        }
        Command::Sync {
            root: r,
            check,
            preprocessing,
        } => cmd::sync::run(
            &cmd::sync::Options {
                root: r.path(),
                check,
                today: env_day,
                preprocessors: preprocessing.policy(false)?,
            },
            notes,
        ),
        Command::Closeout {
            root: r,
            preprocessing,
        } => cmd::closeout::run(&r.path(), day, &preprocessing.policy(false)?, notes),
        Command::Explain { rule, .. } => cmd::explain::run(rule.as_deref()),
        Command::Mdbook {
            action: Some(MdbookAction::Supports { renderer }),
        } => Ok(cmd::mdbook::supports(&renderer)),
        Command::Mdbook { action: None } => {
            let mut input = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
                .map_err(|e| anyhow::anyhow!("cannot read mdBook's input from stdin: {e}"))?;
            cmd::mdbook::run(&input, day)
        }
        Command::Schema { which } => Ok(Outcome::text(
            match which {
                SchemaKind::Manifest => docket::input::manifest::SCHEMA,
                SchemaKind::Report => docket::output::report::REPORT_SCHEMA,
            }
            .to_string(),
        )),
        Command::Completions { shell } => Ok(cli::completions(shell)),
        Command::Man { command, dir } => cli::man(&command, dir),
    }
}
// Pages make many small, short-lived allocations across threads; glibc's
// allocator was a sixth of `check`'s instructions (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

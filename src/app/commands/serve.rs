//! `docket serve`: a [`Session`] behind the HTTP server of [`crate::app::serve`].

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context as _;

use super::{Outcome, today};
use crate::app::session::Session;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book root.
    pub root: PathBuf,
    /// `-d`: the output folder, relative to the book root (default: the config's).
    pub dest: Option<PathBuf>,
    /// The address to bind.
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// `$DOCKET_TODAY`.
    pub today: Option<String>,
    /// Whether the book's external preprocessors run.
    pub preprocessors: super::Preprocessors,
}

/// Serve until the process is stopped.
pub fn run(opts: &Options) -> anyhow::Result<Outcome> {
    // Config errors are fatal before serving; later ones show in the page.
    let (config, _) = crate::input::config::load(&opts.root)?;
    let dest = match &opts.dest {
        Some(d) => crate::output::site::Dest::named(config.root.join(d)),
        None => crate::output::site::Dest::of_book(config.output_dir()),
    };
    let day = match &opts.today {
        Some(d) => Some(today(Some(d))?),
        None => None,
    };
    let mut session = Session::new(opts.root.clone(), dest.clone(), day)
        .with_preprocessors(opts.preprocessors.clone());
    let rebuild = move |changed: &[String]| {
        session.rebuild(changed).map(|r| {
            let _ = std::io::stderr().write_all(r.notes.as_bytes());
            r.to_string()
        })
    };
    let (bind, port) = (opts.bind, opts.port);
    crate::app::serve::run(SocketAddr::new(bind, port), &opts.root, &dest.dir, rebuild)
        .with_context(|| {
            format!("cannot listen on {bind}:{port}; pick another port with --port")
        })?;
    Ok(Outcome::text(String::new()))
}

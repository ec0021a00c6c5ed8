//! `docket build`: check, render the site, print the short report.

use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, context, load, today};
use crate::output::report::{self, Format};
use crate::output::site;

/// What `build` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book root.
    pub root: PathBuf,
    /// `-d`: the output folder, relative to the book root (default: the config's).
    pub dest: Option<PathBuf>,
    /// `$DOCKET_TODAY`.
    pub today: Option<String>,
    /// Whether the book's external preprocessors run.
    pub preprocessors: super::Preprocessors,
}

/// Build the site; drift is reported, never a failure.
pub fn run(opts: &Options, notes: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (project, _plan, result) = load(
        &opts.root,
        &today(opts.today.as_deref())?,
        true,
        &opts.preprocessors,
        notes,
    )?;
    let dest = match &opts.dest {
        Some(d) => site::Dest::named(project.config.root.join(d)),
        None => site::Dest::of_book(project.config.output_dir()),
    };
    let pages = crate::core::timed("site", || site::build(&project, &result, &dest, None))?;
    let ctx = context(&project, &result, false);
    let _ = writeln!(
        notes,
        "docket: wrote {} to {}",
        report::plural(pages, "page", "pages"),
        dest.dir.display()
    );
    let mut out = Outcome::text(report::render(Format::Short, &result, &ctx));
    out.loaded = Some(Box::new((project, result)));
    Ok(out)
}

//! `docket sync`: refresh the GENERATED blocks, or (`--check`) list the stale ones.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, Status, load, today};
use crate::check::blocks;
use crate::output::{report, sync};

/// What `sync` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book root.
    pub root: PathBuf,
    /// Write nothing; report stale blocks as drift.
    pub check: bool,
    /// `$DOCKET_TODAY`.
    pub today: Option<String>,
    /// Whether the book's external preprocessors run.
    pub preprocessors: super::Preprocessors,
}

/// Refresh or check the blocks.
pub fn run(opts: &Options, notes: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (project, plan, _result) = load(
        &opts.root,
        &today(opts.today.as_deref())?,
        false,
        &opts.preprocessors,
        notes,
    )?;
    let blocks_n: usize = plan.pages.iter().map(|p| p.spans.len()).sum();
    let blocks_s = report::plural(blocks_n, "generated block", "generated blocks");
    let mut text = String::new();
    if opts.check {
        for page in &plan.pages {
            let path = project.src_rel(&project.book.pages[page.page].path);
            for s in &page.stale {
                let _ = writeln!(text, "{path}:{}:1: block `{}` is stale", s.line, s.name);
                text.push_str(&blocks::diff(&path, s));
            }
        }
        let stale: usize = plan.pages.iter().map(|p| p.stale.len()).sum();
        if stale == 0 {
            let _ = writeln!(text, "docket: {blocks_s}, all up to date");
        } else {
            let _ = writeln!(
                text,
                "docket: {stale} of {blocks_s} stale; run `docket sync`"
            );
        }
        let mut out = Outcome::text(text);
        if stale > 0 {
            out.status = Status::Drift;
        }
        return Ok(out);
    }
    let written = sync::apply(&project, &plan)?;
    for w in &written {
        let _ = writeln!(text, "refreshed {w}");
    }
    let _ = writeln!(
        text,
        "docket: {blocks_s}, {} rewritten",
        report::plural(written.len(), "page", "pages")
    );
    Ok(Outcome::text(text))
}

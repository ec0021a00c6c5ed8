//! `docket init`: what [`crate::app::init`] wrote, skipped and noticed, one line each.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Outcome, today};
use crate::app::init::{InitOptions, init};

/// Set docket up in `dir`.
pub fn run(dir: PathBuf, force: bool, day: Option<&str>) -> anyhow::Result<Outcome> {
    let report = init(&InitOptions {
        dir,
        force,
        today: today(day)?,
    })?;
    let mut text = String::new();
    for p in &report.written {
        let _ = writeln!(text, "wrote {}", p.display());
    }
    for p in &report.skipped {
        let _ = writeln!(
            text,
            "skipped {} (exists; use --force to overwrite)",
            p.display()
        );
    }
    for n in &report.notes {
        let _ = writeln!(text, "note: {n}");
    }
    for n in &report.next {
        let _ = writeln!(text, "next: {n}");
    }
    Ok(Outcome::text(text))
}

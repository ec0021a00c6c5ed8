//! `docket closeout`: the release-gate evidence block.

use std::io::Write;
use std::path::Path;

use super::{Outcome, load, today};
use crate::output::closeout;

/// Print the block for the book at `root`.
pub fn run(
    root: &Path,
    day: Option<&str>,
    preprocessors: &super::Preprocessors,
    notes: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let (project, _plan, result) = load(root, &today(day)?, false, preprocessors, notes)?;
    let text = closeout::render(&project, &result.findings).map_err(anyhow::Error::msg)?;
    Ok(Outcome::text(text))
}

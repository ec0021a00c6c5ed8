//! Stage: `docket sync` writes a [`Plan`] to disk.
//!
//! Every changed page is written atomically: the new text goes to a temporary
//! file in the same folder, takes the old file's permissions, and is renamed over
//! the page, so a reader (or a crash) sees the old page or the new one, never a
//! mix. Nothing is written unless the whole plan was computed without error.

use crate::check::blocks::Plan;
use crate::check::project::Project;

pub use crate::core::fs::{WriteError as SyncError, write_atomic, write_replace};

/// Write every page whose blocks changed; returns their root-relative paths.
pub fn apply(project: &Project, plan: &Plan) -> Result<Vec<String>, SyncError> {
    let mut written = Vec::new();
    for page in &plan.pages {
        if page.stale.is_empty() {
            continue;
        }
        let rel = &project.book.pages[page.page].path;
        write_atomic(
            &project.config.src_dir().join(rel),
            page.new_text.as_bytes(),
        )?;
        written.push(project.src_rel(rel));
    }
    Ok(written)
}

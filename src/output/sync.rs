//! Stage: `docket sync` writes a [`Plan`] to disk.
//!
//! Every changed page is written atomically: the new text goes to a temporary
//! file in the same folder, takes the old file's permissions, and is renamed over
//! the page, so a reader (or a crash) sees the old page or the new one, never a
//! mix. Nothing is written unless the whole plan was computed without error.
//! A page that is a symlink is written through to its target when that target
//! is inside the book root (the link stays); a page edited since docket read it
//! is not overwritten.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::check::blocks::Plan;
use crate::check::project::Project;
use crate::core::fs::{Root, SYNC_TEMP, clean_leftovers, write_if_unchanged};

pub use crate::core::fs::{WriteError as SyncError, write_atomic, write_replace};

/// Write every page whose blocks changed; returns their root-relative paths.
pub fn apply(project: &Project, plan: &Plan) -> Result<Vec<String>, SyncError> {
    let root = Root::new(&project.config.root)?;
    let src = project.config.src_dir();
    // Temporary files a killed run left beside the pages.
    let leftover_dirs: BTreeSet<PathBuf> = project
        .book
        .files
        .iter()
        .filter(|f| {
            f.rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with(SYNC_TEMP))
        })
        .filter_map(|f| src.join(f).parent().map(Path::to_path_buf))
        .collect();
    for d in leftover_dirs {
        clean_leftovers(&d, &[SYNC_TEMP]);
    }
    let mut written = Vec::new();
    for page in &plan.pages {
        if page.stale.is_empty() {
            continue;
        }
        let p = &project.book.pages[page.page];
        let shown = project.src_rel(&p.path);
        // Resolved inside the root: a page linked elsewhere in the book is
        // written at its target, and the link kept.
        let target = root.resolve_rel(Path::new(&shown))?;
        write_if_unchanged(&target, &p.text, page.new_text.as_bytes()).map_err(|e| match e {
            SyncError::Refused { message, .. } => SyncError::Refused {
                path: PathBuf::from(&shown),
                message,
            },
            SyncError::Io { source, .. } => SyncError::Io {
                path: PathBuf::from(&shown),
                source,
            },
        })?;
        written.push(shown);
    }
    Ok(written)
}

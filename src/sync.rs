//! Stage: `docket sync` writes a [`Plan`] to disk.
//!
//! Every changed page is written atomically: the new text goes to a temporary
//! file in the same folder, takes the old file's permissions, and is renamed over
//! the page, so a reader (or a crash) sees the old page or the new one, never a
//! mix. Nothing is written unless the whole plan was computed without error.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::blocks::Plan;
use crate::project::Project;

/// Why a page could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {source}; check that the file and its folder are writable", path.display())]
pub struct SyncError {
    /// The page.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

/// Write `bytes` to `path` atomically, keeping `path`'s permissions, and flush
/// the data to disk before the rename (a crash leaves the old or the new file).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
    write_replace(path, bytes, true)
}

/// Replace `path` atomically, keeping its permissions (a new file gets 0644);
/// `durable` adds an fsync before the rename. Site files skip it: a lost site
/// file is rebuilt, a lost doc edit is not.
pub fn write_replace(path: &Path, bytes: &[u8], durable: bool) -> Result<(), SyncError> {
    let err = |source| SyncError {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let mut tmp = tempfile::Builder::new()
        .prefix(".docket-sync-")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    if durable {
        tmp.as_file().sync_all().map_err(err)?;
    }
    match perms {
        Some(p) => tmp.as_file().set_permissions(p).map_err(err)?,
        // A new file: the usual mode, not the temporary file's private one.
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))
                    .map_err(err)?;
            }
        }
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

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

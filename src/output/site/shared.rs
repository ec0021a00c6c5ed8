//! An output folder shared with another tool (mdBook builds into `book/` too):
//! docket writes its files in, over same-named ones, lists them in its marker,
//! and on the next build removes only files that list names and it no longer
//! writes. A file docket did not write is never deleted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{SITE_MARKER, SiteError, io};

/// Header of the marker file; the files docket wrote follow, one per line.
const HEADER: &str = "written by docket; safe to delete\n";

/// Every regular file under `dir`, `/`-separated, relative to it.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(
                rel.components()
                    .filter_map(|c| c.as_os_str().to_str())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

/// The files the marker in `dest` says docket wrote (`None`: no marker, or one
/// from before markers listed files).
fn listed(dest: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(dest.join(SITE_MARKER)).ok()?;
    let body = text.strip_prefix(HEADER)?;
    if body.is_empty() {
        return None;
    }
    Some(body.lines().map(str::to_string).collect())
}

/// Whether `dest` holds files docket did not write, so it must be shared
/// rather than replaced.
pub fn is_shared(dest: &Path) -> bool {
    if !dest.is_dir() {
        return false;
    }
    let present = files(dest);
    if present.is_empty() {
        return false;
    }
    match listed(dest) {
        Some(ours) => present
            .iter()
            .any(|f| f != SITE_MARKER && !ours.contains(f)),
        // A marker without a list: a whole docket site, as before.
        None => !dest.join(SITE_MARKER).is_file(),
    }
}

/// Whether every file in `dest` is one its marker lists (a marker alone, or
/// a listed file, proves nothing of the rest: a marker can be committed to a
/// folder of sources).
pub fn all_listed(dest: &Path) -> bool {
    let Some(ours) = listed(dest) else {
        return files(dest).iter().all(|f| f == SITE_MARKER);
    };
    files(dest)
        .iter()
        .all(|f| f == SITE_MARKER || ours.contains(f))
}

/// Whether `dir` holds an mdBook site (its scripts or markers are there).
pub fn is_mdbook_site(dir: &Path) -> bool {
    [
        "book.js",
        ".nojekyll",
        "searchindex.js",
        "toc.js",
        "print.html",
    ]
    .iter()
    .any(|f| dir.join(f).exists())
}

/// Write the list of `built`'s files into its marker.
pub fn write_marker(built: &Path) -> Result<(), SiteError> {
    let mut text = String::from(HEADER);
    for f in files(built) {
        if f != SITE_MARKER {
            text.push_str(&f);
            text.push('\n');
        }
    }
    let m = built.join(SITE_MARKER);
    std::fs::write(&m, text).map_err(io(&m))
}

/// Whether `rel` (a `/`-separated path under `dest`) passes through or is a
/// symbolic link: docket neither writes nor deletes through one.
fn through_link(dest: &Path, rel: &str) -> bool {
    let mut p = dest.to_path_buf();
    rel.split('/').any(|c| {
        p.push(c);
        std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// Move what was built in `built` into the shared `dest`; remove what docket
/// wrote there before and no longer writes.
pub fn merge(built: &Path, dest: &Path) -> Result<(), SiteError> {
    let before = listed(dest).unwrap_or_default();
    let now = files(built);
    if let Some(f) = now.iter().find(|f| through_link(dest, f)) {
        let _ = std::fs::remove_dir_all(built);
        return Err(SiteError::Refused {
            path: dest.join(f),
            message: "is or passes through a symbolic link in the shared output folder; docket does not write through links there: remove the link".into(),
        });
    }
    for f in &now {
        let (from, to): (PathBuf, PathBuf) = (built.join(f), dest.join(f));
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        // Rename within one file system; copy when that fails.
        if std::fs::rename(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(io(&to))?;
        }
    }
    for gone in before.difference(&now) {
        let p = dest.join(gone);
        if !through_link(dest, gone) && p.is_file() {
            std::fs::remove_file(&p).map_err(io(&p))?;
        }
    }
    let _ = std::fs::remove_dir_all(built);
    Ok(())
}

//! Where the site goes: the destination is checked, written, swapped in and
//! cleared without following a symlink out of it.
//!
//! - The destination resolves (symlinks followed) inside the book root or a
//!   folder named with `-d`; a destination that is a link is replaced at its
//!   target, and the link kept.
//! - A mount point cannot be renamed: the new site is copied inside it, the old
//!   one moved aside inside it first and restored if the copy fails.
//! - Deleting never goes through a link: links met are removed, not followed.
//! - Temporary folders of a killed run (`.docket-build-<pid>-*`,
//!   `.docket-old-<pid>-*`) are removed by the next run.

use std::path::{Path, PathBuf};

use super::{DASHBOARD_PAGE, DEFINES_PAGE, DRIFT_PAGE, SITE_MARKER, SiteError, html_path, io};
use crate::check::project::Project;
use crate::core::fs;

/// Prefix of the folder a build renders into, beside the destination.
pub(super) const BUILD_TEMP: &str = ".docket-build-";
/// Prefix of the old site while it is swapped out.
const OLD_TEMP: &str = ".docket-old-";

/// The names of docket's own pages: a book page rendering to one of them would
/// be overwritten by it.
const RESERVED: [(&str, &str); 4] = [
    (DASHBOARD_PAGE, "the dashboard"),
    (DRIFT_PAGE, "the drift report"),
    (DEFINES_PAGE, "the defines page"),
    ("404.html", "the not-found page"),
];

fn site_err(e: fs::WriteError) -> SiteError {
    match e {
        fs::WriteError::Io { path, source } => SiteError::Io { path, source },
        fs::WriteError::Refused { path, message } => SiteError::Refused { path, message },
    }
}

/// Write `bytes` to `path` in a folder docket just made.
pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), SiteError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::write(path, bytes).map_err(io(path))
}

/// Write `bytes` to `path`, inside the site at `top`: plainly into a fresh
/// folder, atomically in place. In place, no folder between `top` and the
/// file may be a link (a link put into the site would send pages out of it;
/// `top` itself, the destination as given, may be a link to a folder inside
/// the root), and the file itself is replaced, never written through.
pub(super) fn put(top: &Path, path: &Path, bytes: &[u8], in_place: bool) -> Result<(), SiteError> {
    if !in_place {
        return write(path, bytes);
    }
    no_link_below_top(top, path)?;
    match std::fs::symlink_metadata(path) {
        // Most of a site is unchanged by one edit: leave equal files alone.
        Ok(m) if m.is_file() && std::fs::read(path).is_ok_and(|old| old == bytes) => {
            return Ok(());
        }
        // A link or a folder where a page goes: removed, not followed.
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::remove_file(path).map_err(io(path))?;
        }
        _ => {}
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    fs::write_replace(path, bytes, false).map_err(site_err)
}

fn no_link_below_top(top: &Path, path: &Path) -> Result<(), SiteError> {
    let mut p = path.parent();
    while let Some(dir) = p.filter(|d| !d.as_os_str().is_empty()) {
        if dir == top {
            break;
        }
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(SiteError::Refused {
                path: dir.to_path_buf(),
                message: "is a symbolic link inside the site folder; docket does not write through links: remove it (a full `docket build` replaces the folder)".into(),
            });
        }
        p = dir.parent();
    }
    Ok(())
}

/// Refuse destinations whose replacement would destroy the book or someone's
/// files, or that lead outside the root; refuse pages that would overwrite
/// docket's own; remove what killed runs left.
pub(super) fn guard_dest(project: &Project, to: &super::Dest) -> Result<(), SiteError> {
    let dest = to.dir.as_path();
    let print = project
        .config
        .html
        .print
        .then_some(("print.html", "the print page"));
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for p in project.book.chapters() {
        let html = html_path(&p.path);
        // Two sources for one page (`sub/README.md` and `sub/index.md`): one
        // would be lost.
        if let Some(other) = seen.insert(html.clone(), &p.path) {
            return Err(SiteError::Refused {
                path: PathBuf::from(project.src_rel(&p.path)),
                message: format!(
                    "renders to {html}, as `{}` does; one would overwrite the other: rename one of them and its SUMMARY.md entry",
                    project.src_rel(other)
                ),
            });
        }
        if let Some((_, what)) = RESERVED
            .iter()
            .chain(&print)
            .find(|(name, _)| *name == html)
        {
            return Err(SiteError::Refused {
                path: PathBuf::from(project.src_rel(&p.path)),
                message: format!(
                    "renders to {html}, which is {what} docket writes (`{}` in the site); rename the page and its SUMMARY.md entry",
                    dest.join(&html).display()
                ),
            });
        }
    }
    let refuse = |message: String| SiteError::Refused {
        path: dest.to_path_buf(),
        message,
    };
    let mut root = fs::Root::new(&project.config.root).map_err(|e| refuse(e.to_string()))?;
    // A folder the user named may lie outside the book; it is theirs to name.
    if to.named {
        root = root.with_named(dest);
    }
    let d = match root.resolve(dest) {
        Ok(d) => d,
        Err(fs::FileError::Outside { target, .. }) => {
            return Err(refuse(format!(
                "leads to {}, outside the book root; docket writes a site outside the book only into a folder named with -d/--dest-dir",
                target.display()
            )));
        }
        Err(e) => return Err(refuse(e.to_string())),
    };
    let src = fs::resolve_on_disk(root.canon().join(&project.config.book.src).as_path())
        .unwrap_or_else(|_| root.canon().join(&project.config.book.src));
    if root.canon().starts_with(&d) || src.starts_with(&d) || d.starts_with(&src) {
        return Err(refuse(
            "the output folder would overlap the book root or its source folder; choose another with -d/--dest-dir".into(),
        ));
    }
    if let Ok(m) = std::fs::metadata(&d) {
        if !m.is_dir() {
            return Err(refuse(
                "exists and is not a folder; remove it or choose another with -d/--dest-dir".into(),
            ));
        }
        // mdBook's site in the book's own build folder is shared (see
        // `shared`); any other folder docket did not write is refused.
        let ours = d.join(SITE_MARKER).is_file() && super::shared::all_listed(&d);
        let mdbook = d.starts_with(root.canon())
            && !dest.is_symlink()
            && (d == root.canon().join(&project.config.build_dir)
                || super::shared::is_mdbook_site(&d));
        let empty = std::fs::read_dir(&d)
            .map(|mut r| r.next().is_none())
            .unwrap_or(false);
        if !empty && !ours && !mdbook {
            return Err(refuse(format!(
                "exists and was not written by docket (no {SITE_MARKER} inside listing every file in it); move it away or choose another folder with -d/--dest-dir"
            )));
        }
    }
    // Leftovers of killed runs: beside the destination (as given and as
    // resolved) and inside it (a mount point's old site is moved aside there).
    let prefixes = [BUILD_TEMP, OLD_TEMP];
    for dir in [parent_of(dest), parent_of(&d), d.clone()] {
        fs::clean_leftovers(&dir, &prefixes);
    }
    Ok(())
}

fn parent_of(p: &Path) -> PathBuf {
    p.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Delete a site folder: its top-level files across the cores (a large site is
/// thousands of them), then what is left. A link is removed, never followed.
pub(super) fn remove_tree(dir: &Path) -> Result<(), SiteError> {
    use rayon::prelude::*;
    let meta = std::fs::symlink_metadata(dir).map_err(io(dir))?;
    if !meta.is_dir() {
        return std::fs::remove_file(dir).map_err(io(dir));
    }
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    files
        .par_iter()
        .try_for_each(|f| std::fs::remove_file(f).map_err(io(f)))?;
    // std's remove_dir_all removes links without following them.
    std::fs::remove_dir_all(dir).map_err(io(dir))
}

/// Put the site built in `tmp` at `dest`: at its target when `dest` is a link;
/// by renames when it can be renamed, else (a mount point, another file
/// system) by copying inside it. A failure leaves the old site and no
/// temporary folder.
pub(super) fn swap_in(tmp: tempfile::TempDir, dest: &Path) -> Result<(), SiteError> {
    let target =
        fs::resolve_on_disk(&std::path::absolute(dest).map_err(io(dest))?).map_err(io(dest))?;
    let exists = target.symlink_metadata().is_ok();
    if exists && fs::is_mount_point(&target) {
        return copy_in(tmp.path(), &target);
    }
    if !exists {
        return match std::fs::rename(tmp.path(), &target) {
            Ok(()) => {
                let _ = tmp.keep();
                Ok(())
            }
            Err(e) if cross_device(&e) => {
                std::fs::create_dir_all(&target).map_err(io(dest))?;
                copy_in(tmp.path(), &target)
            }
            Err(e) => Err(io(dest)(e)),
        };
    }
    // One step where the system can: the new site and the old swap names,
    // and the old is deleted where the new one was built.
    if exchange(tmp.path(), &target) {
        let old = tmp.keep();
        return remove_tree(&old);
    }
    let parent = parent_of(&target);
    let old = tempfile::Builder::new()
        .prefix(&fs::temp_prefix(OLD_TEMP))
        .tempdir_in(&parent)
        .map_err(io(&parent))?
        .keep();
    // The placeholder folder must go so the rename can take its name.
    std::fs::remove_dir(&old).map_err(io(&old))?;
    if std::fs::rename(&target, &old).is_err() {
        // Busy (a mount point the device test missed): write inside it.
        return copy_in(tmp.path(), &target);
    }
    if let Err(e) = std::fs::rename(tmp.path(), &target) {
        let _ = std::fs::rename(&old, &target);
        if cross_device(&e) {
            return copy_in(tmp.path(), &target);
        }
        return Err(io(dest)(e));
    }
    let _ = tmp.keep();
    remove_tree(&old)
}

/// Swap two paths at once (Linux's `renameat2` with `RENAME_EXCHANGE`): with
/// two renames, a kill between them left no site at all. `false` where the
/// system or its file system cannot, and the caller renames twice.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both are NUL-terminated paths that live through the call; the
    // call reads them and nothing else of this process.
    unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        ) == 0
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

fn cross_device(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::CrossesDevices
}

/// Replace the contents of `dest` (a folder that stays) with those of `built`:
/// the old entries are moved aside inside `dest`, the new ones copied in, and
/// on failure the copies removed and the old entries put back.
fn copy_in(built: &Path, dest: &Path) -> Result<(), SiteError> {
    let aside = tempfile::Builder::new()
        .prefix(&fs::temp_prefix(OLD_TEMP))
        .tempdir_in(dest)
        .map_err(io(dest))?;
    let aside_name = aside.path().file_name().map(|n| n.to_os_string());
    let old: Vec<std::ffi::OsString> = std::fs::read_dir(dest)
        .map_err(io(dest))?
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| Some(n) != aside_name.as_ref())
        .collect();
    let restore = |moved: &[std::ffi::OsString]| {
        for n in moved {
            let _ = std::fs::rename(aside.path().join(n), dest.join(n));
        }
    };
    for (i, n) in old.iter().enumerate() {
        if let Err(e) = std::fs::rename(dest.join(n), aside.path().join(n)) {
            restore(&old[..i]);
            return Err(io(dest)(e));
        }
    }
    let mut copied = Vec::new();
    let result = (|| -> Result<(), SiteError> {
        for e in std::fs::read_dir(built).map_err(io(built))? {
            let e = e.map_err(io(built))?;
            copied.push(e.file_name());
            copy_tree(&e.path(), &dest.join(e.file_name()))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for n in &copied {
            let _ = remove_tree(&dest.join(n));
        }
        restore(&old);
        return Err(e);
    }
    remove_tree(&aside.keep())
}

/// Copy regular files and folders; anything else in a fresh build is a bug,
/// skipped rather than followed.
fn copy_tree(from: &Path, to: &Path) -> Result<(), SiteError> {
    let meta = std::fs::symlink_metadata(from).map_err(io(from))?;
    if meta.is_dir() {
        std::fs::create_dir(to).map_err(io(to))?;
        for e in std::fs::read_dir(from).map_err(io(from))? {
            let e = e.map_err(io(from))?;
            copy_tree(&e.path(), &to.join(e.file_name()))?;
        }
    } else if meta.is_file() {
        std::fs::copy(from, to).map_err(io(to))?;
    }
    Ok(())
}

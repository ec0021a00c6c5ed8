//! Reading and writing files: one error type per direction, regular files only,
//! size-capped and UTF-8-checked reads, atomic replacing writes, and the one
//! containment rule ([`Root`]) every path docket touches goes through.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Pages, fact sources and templates larger than this are refused before being
/// read whole.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Prefix of the temporary file an atomic write renames over its target.
pub const SYNC_TEMP: &str = ".docket-sync-";

/// Marker file that says a folder is a docket site and may be replaced (the
/// site writes it; the repository's tree leaves such a folder out).
pub const SITE_MARKER: &str = ".docket-site";

/// What every temporary file or folder docket makes is named with.
pub const TEMP_STEM: &str = ".docket-";

/// Why a text file cannot be read. Each stops the run with exit 2.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// A file exists but cannot be read.
    #[error("{}: cannot read: {source}; check its permissions", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not UTF-8, too large, or not a regular file.
    #[error("{}:{line}:{col}: {message}", path.display())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What and what to do.
        message: String,
    },
    /// The path resolves (through a symlink) outside the book root. Nothing of
    /// the file was read, so nothing of it can be shown.
    #[error("{}: {}", path.display(), outside_message(target))]
    Outside {
        /// The path as docket was given it.
        path: PathBuf,
        /// Where it leads on disk.
        target: PathBuf,
    },
}

fn outside_message(target: &Path) -> String {
    format!(
        "leads to {} (through a symbolic link), outside the book root; docket reads and writes only inside the folder holding book.toml and folders named on the command line: copy the file into the book or point the setting at a path inside it",
        target.display()
    )
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file system refused.
    #[error("{}: cannot write: {source}; check that the file and its folder are writable", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// docket refuses: the path leaves the root, is not a regular file, or
    /// changed since it was read.
    #[error("{}: {message}", path.display())]
    Refused {
        /// The file.
        path: PathBuf,
        /// Why and what to do.
        message: String,
    },
}

impl WriteError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Io { path, .. } | WriteError::Refused { path, .. } => path,
        }
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        move |source| WriteError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<FileError> for WriteError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Io { path, source } => WriteError::Io { path, source },
            FileError::BadFile { path, message, .. } => WriteError::Refused { path, message },
            FileError::Outside { path, target } => WriteError::Refused {
                message: outside_message(&target),
                path,
            },
        }
    }
}

fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// `p` (absolute) as it is on disk: every symlink of the part that exists
/// followed, the rest (names not created yet) appended. `..` in the part that
/// does not exist is resolved lexically. A dangling symlink is an error: what
/// it would create is not known until it is created.
pub fn resolve_on_disk(p: &Path) -> std::io::Result<PathBuf> {
    let mut existing = p.to_path_buf();
    let mut tail: Vec<std::ffi::OsString> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(c) => {
                let mut out = c;
                for n in tail.iter().rev() {
                    match Path::new(n).components().next() {
                        Some(Component::ParentDir) => {
                            out.pop();
                        }
                        Some(Component::CurDir) | None => {}
                        Some(_) => out.push(n),
                    }
                }
                return Ok(out);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if existing.symlink_metadata().is_ok() {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!(
                            "{} is a symbolic link to nothing; remove it or create its target",
                            existing.display()
                        ),
                    ));
                }
                match (existing.file_name(), existing.parent()) {
                    (Some(n), Some(parent)) => {
                        tail.push(n.to_os_string());
                        existing = parent.to_path_buf();
                    }
                    _ => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// The book root: every path docket reads or writes is resolved on disk
/// (symlinks followed) and refused unless it lands inside the root, or inside
/// a folder the user named on the command line ([`Root::with_named`]).
#[derive(Debug, Clone)]
pub struct Root {
    /// As given, for joining and messages.
    dir: PathBuf,
    /// Canonical.
    canon: PathBuf,
    /// Folders the user named on the command line (`-d`), canonical: docket
    /// may write there although they are outside the root.
    named: Vec<PathBuf>,
}

impl Root {
    /// The root at `dir`, which must exist.
    pub fn new(dir: &Path) -> Result<Root, FileError> {
        let canon = dir.canonicalize().map_err(|source| FileError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(Root {
            dir: dir.to_path_buf(),
            canon,
            named: Vec::new(),
        })
    }

    /// The root, also holding `dir` (a folder the user named on the command
    /// line), wherever it is. Symlinks in it are resolved now: what the user
    /// named is where it leads.
    pub fn with_named(mut self, dir: &Path) -> Root {
        if let Ok(abs) = absolute(dir).and_then(|a| resolve_on_disk(&a)) {
            self.named.push(abs);
        }
        self
    }

    /// The root as given.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The root, canonical.
    pub fn canon(&self) -> &Path {
        &self.canon
    }

    /// Whether canonical path `p` is inside the root or a named folder.
    pub fn holds(&self, p: &Path) -> bool {
        p.starts_with(&self.canon) || self.named.iter().any(|d| p.starts_with(d))
    }

    /// `rel` (relative to the root) resolved on disk, as [`Root::resolve`].
    pub fn resolve_rel(&self, rel: &Path) -> Result<PathBuf, FileError> {
        self.check(rel, &self.canon.join(rel))
    }

    /// `path` (as the process sees it: relative to the current folder, or
    /// absolute) resolved on disk; refused when it leads outside. A path that
    /// does not exist resolves as far as it exists. `Err(Io)` with `NotFound`
    /// for a dangling symlink.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, FileError> {
        let abs = absolute(path).map_err(|source| FileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.check(path, &abs)
    }

    fn check(&self, path: &Path, abs: &Path) -> Result<PathBuf, FileError> {
        let target = resolve_on_disk(abs).map_err(|source| FileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if self.holds(&target) {
            Ok(target)
        } else {
            Err(FileError::Outside {
                path: path.to_path_buf(),
                target,
            })
        }
    }

    /// Read a text file inside the root (see [`read_text`]); `path` is as the
    /// process sees it, and names the file in errors.
    pub fn read_text(&self, path: &Path) -> Result<String, FileError> {
        let target = self.resolve(path).map_err(|e| match e {
            // A dangling link reads as a missing file, with the system's words.
            FileError::Io { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
                FileError::Io {
                    path,
                    source: not_found(),
                }
            }
            e => e,
        })?;
        let text = read_text(&target).map_err(|e| renamed(e, path))?;
        Ok(text)
    }

    /// As [`Root::read_text`], `None` when the file does not exist.
    pub fn read_optional(&self, path: &Path) -> Result<Option<String>, FileError> {
        match self.read_text(path) {
            Ok(t) => Ok(Some(t)),
            Err(FileError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Replace `path` atomically (see [`write_replace`]) after resolving it
    /// inside the root: a symlink is written through only to a target inside.
    pub fn write(&self, path: &Path, bytes: &[u8], durable: bool) -> Result<PathBuf, WriteError> {
        let target = self.resolve(path)?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(WriteError::io(path))?;
        }
        write_replace(&target, bytes, durable).map_err(|e| match e {
            WriteError::Io { source, .. } => WriteError::Io {
                path: path.to_path_buf(),
                source,
            },
            WriteError::Refused { message, .. } => WriteError::Refused {
                path: path.to_path_buf(),
                message,
            },
        })?;
        Ok(target)
    }
}

fn not_found() -> std::io::Error {
    #[cfg(unix)]
    {
        // ENOENT: "No such file or directory (os error 2)", as a plain open says.
        std::io::Error::from_raw_os_error(2)
    }
    #[cfg(not(unix))]
    {
        std::io::Error::from(std::io::ErrorKind::NotFound)
    }
}

/// The same error, naming `path` instead of the resolved file.
fn renamed(e: FileError, path: &Path) -> FileError {
    match e {
        FileError::Io { source, .. } => FileError::Io {
            path: path.to_path_buf(),
            source,
        },
        FileError::BadFile {
            line, col, message, ..
        } => FileError::BadFile {
            path: path.to_path_buf(),
            line,
            col,
            message,
        },
        FileError::Outside { target, .. } => FileError::Outside {
            path: path.to_path_buf(),
            target,
        },
    }
}

/// Read a text file from inside `top` (canonical), refusing symlinks that leave it.
pub fn read_inside(top: &Path, file: &Path) -> Result<Option<String>, FileError> {
    let canon = match file.canonicalize() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(FileError::Io {
                path: file.to_path_buf(),
                source,
            });
        }
    };
    if !canon.starts_with(top) || !canon.is_file() {
        return Ok(None);
    }
    read_text(file).map(Some)
}
/// Read a UTF-8 text file, refusing huge or non-UTF-8 ones with a position.
pub fn read_text(file: &Path) -> Result<String, FileError> {
    // Only regular files: opening a named pipe would block forever, and a device
    // (`/dev/zero`) never ends.
    let meta = std::fs::metadata(file).map_err(|source| FileError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(FileError::BadFile {
            path: file.to_path_buf(),
            line: 1,
            col: 1,
            message:
                "is not a regular file (a folder, pipe or device); point docket at a text file"
                    .into(),
        });
    }
    read_regular(file)
}

/// Read a file already known to be regular (listed by the book's walk, which
/// reads types from the folder without a `stat`): open, size from the open
/// handle, read with the size cap, check UTF-8.
pub fn read_regular(file: &Path) -> Result<String, FileError> {
    use std::io::Read;
    let f = std::fs::File::open(file).map_err(|source| FileError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let len = f.metadata().map_or(0, |m| m.len());
    // Sized up front: growing the buffer by doubling was a tenth of `check`.
    let mut bytes = Vec::with_capacity(len.min(MAX_FILE_BYTES) as usize + 1);
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Io {
            path: file.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError::BadFile {
            path: file.to_path_buf(),
            line: 1,
            col: 1,
            message: format!(
                "larger than {} MiB; split the page or remove it from the book",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid);
        let (line, col) = crate::core::span::line_col(&valid, valid.len());
        FileError::BadFile {
            path: file.to_path_buf(),
            line,
            col,
            message: "not valid UTF-8; re-save the file as UTF-8".into(),
        }
    })
}

/// Write `bytes` to `path` atomically, keeping `path`'s permissions, and flush
/// the data to disk before the rename (a crash leaves the old or the new file).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_replace(path, bytes, true)
}

/// The prefix of this process's temporary names: `.docket-sync-<pid>-`, so a
/// later run can tell a leftover of a killed run from one still in use.
pub fn temp_prefix(kind: &str) -> String {
    format!("{kind}{}-", std::process::id())
}

/// A temporary file beside `path`, holding `bytes`, with `path`'s permissions
/// (a new file gets 0644); flushed to disk when `durable`.
fn temp_beside(
    path: &Path,
    bytes: &[u8],
    durable: bool,
) -> Result<tempfile::NamedTempFile, WriteError> {
    let err = WriteError::io;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(SYNC_TEMP))
        .tempfile_in(dir)
        .map_err(err(path))?;
    tmp.write_all(bytes).map_err(err(path))?;
    if durable {
        tmp.as_file().sync_all().map_err(err(path))?;
    }
    match perms {
        Some(p) => tmp.as_file().set_permissions(p).map_err(err(path))?,
        // A new file: the usual mode, not the temporary file's private one.
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))
                    .map_err(err(path))?;
            }
        }
    }
    Ok(tmp)
}

/// Refuse to replace anything but a regular file (or nothing): a FIFO, a
/// device or a folder at `path` is not docket's to turn into a file, and a
/// symlink must be resolved by the caller first.
fn replaceable(path: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(WriteError::Refused {
            path: path.to_path_buf(),
            message: "is a symbolic link; docket does not replace links (write to its target, or remove it)".into(),
        }),
        Ok(m) if !m.is_file() => Err(WriteError::Refused {
            path: path.to_path_buf(),
            message: "is not a regular file (a folder, pipe or device); docket replaces only regular files, so choose another path".into(),
        }),
        _ => Ok(()),
    }
}

/// Replace `path` atomically, keeping its permissions (a new file gets 0644);
/// `durable` adds an fsync before the rename. Site files skip it: a lost site
/// file is rebuilt, a lost doc edit is not. Only a regular file (or nothing)
/// is replaced.
pub fn write_replace(path: &Path, bytes: &[u8], durable: bool) -> Result<(), WriteError> {
    replaceable(path)?;
    let tmp = temp_beside(path, bytes, durable)?;
    tmp.persist(path)
        .map_err(|e| WriteError::io(path)(e.error))?;
    Ok(())
}

/// Replace `path` atomically with `bytes` unless its content is no longer
/// `old` (an editor saved it since docket read it): re-read just before the
/// rename, so an edit is not lost.
pub fn write_if_unchanged(path: &Path, old: &str, bytes: &[u8]) -> Result<(), WriteError> {
    replaceable(path)?;
    let tmp = temp_beside(path, bytes, true)?;
    let now = std::fs::read(path).map_err(WriteError::io(path))?;
    // Already what docket would write (another sync got there first): done.
    if now == bytes {
        return Ok(());
    }
    if now != old.as_bytes() {
        return Err(WriteError::Refused {
            path: path.to_path_buf(),
            message: "changed since docket read it (an editor saved it meanwhile); nothing was written to it: run the command again".into(),
        });
    }
    tmp.persist(path)
        .map_err(|e| WriteError::io(path)(e.error))?;
    Ok(())
}

/// Write a report to `path` (`-` is standard output, handled by the caller):
/// atomically, and only over a regular file. A symlink is followed to its
/// target (the user named it); a device, pipe or folder is refused.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => absolute(path)
            .and_then(|a| resolve_on_disk(&a))
            .map_err(WriteError::io(path))?,
        _ => path.to_path_buf(),
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        clean_leftovers(dir, &[SYNC_TEMP]);
    }
    replaceable(&target).map_err(|e| match e {
        WriteError::Refused { message, .. } => WriteError::Refused {
            path: path.to_path_buf(),
            message: message.replace(
                "choose another path",
                "choose another path or `-o -` for standard output",
            ),
        },
        other => other,
    })?;
    write_replace(&target, bytes, true)
}

/// Whether the process that made temporary name `name` (after `prefix`:
/// `<pid>-...`) may still be running. Names without a pid (older docket)
/// count as leftovers.
fn maybe_running(name: &str, prefix: &str) -> bool {
    let Some(rest) = name.strip_prefix(prefix) else {
        return true;
    };
    let Some((pid, _)) = rest.split_once('-') else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // No cheap liveness test: assume running; a later run on Linux, or
        // the user, removes it.
        true
    }
}

/// Remove what killed docket runs left in `dir`: files and folders whose names
/// start with one of `prefixes` (`.docket-sync-`, `.docket-build-`,
/// `.docket-old-`) and whose process is gone. Symlinks are removed, never
/// followed. Best effort: a leftover that cannot be removed stays.
pub fn clean_leftovers(dir: &Path, prefixes: &[&str]) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(prefix) = prefixes.iter().find(|p| name.starts_with(**p)) else {
            continue;
        };
        if maybe_running(name, prefix) {
            continue;
        }
        let path = e.path();
        let ok = match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path).is_ok(),
            Ok(_) => std::fs::remove_file(&path).is_ok(),
            Err(_) => false,
        };
        removed += usize::from(ok);
    }
    removed
}

/// Whether `dir` is a mount point: its device differs from its parent's (a
/// folder that cannot be renamed, only written inside).
pub fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(m) = std::fs::symlink_metadata(dir) else {
            return false;
        };
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match std::fs::metadata(parent) {
            Ok(p) => p.dev() != m.dev() || p.ino() == m.ino(),
            Err(_) => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_links_and_refuses_escapes() {
        let d = tempfile::tempdir().expect("tmp");
        let book = d.path().join("book");
        std::fs::create_dir_all(book.join("in")).expect("mkdir");
        std::fs::write(d.path().join("secret"), "key").expect("write");
        std::fs::write(book.join("in/page.md"), "p").expect("write");
        let root = Root::new(&book).expect("root");
        assert!(root.resolve_rel(Path::new("in/page.md")).is_ok());
        assert!(root.resolve_rel(Path::new("in/new/file.md")).is_ok());
        assert!(matches!(
            root.resolve_rel(Path::new("in/../../secret")),
            Err(FileError::Outside { .. })
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.path().join("secret"), book.join("link")).expect("ln");
            std::os::unix::fs::symlink(book.join("in/page.md"), book.join("inner")).expect("ln");
            std::os::unix::fs::symlink(d.path(), book.join("out")).expect("ln");
            let e = root.read_text(&book.join("link")).expect_err("outside");
            assert!(matches!(e, FileError::Outside { .. }));
            assert!(!e.to_string().contains("key"), "{e}");
            assert_eq!(root.read_text(&book.join("inner")).expect("inside"), "p");
            assert!(matches!(
                root.resolve_rel(Path::new("out/new.txt")),
                Err(FileError::Outside { .. })
            ));
            // Writing through a link inside writes its target, and keeps the link.
            root.write(&book.join("inner"), b"q", false).expect("write");
            assert_eq!(
                std::fs::read_to_string(book.join("in/page.md")).expect("r"),
                "q"
            );
            assert!(
                book.join("inner")
                    .symlink_metadata()
                    .expect("m")
                    .file_type()
                    .is_symlink()
            );
            assert!(root.write(&book.join("out/x"), b"q", false).is_err());
            assert!(!d.path().join("x").exists());
            // A dangling link is refused, not created through.
            std::os::unix::fs::symlink(d.path().join("nowhere"), book.join("dangling"))
                .expect("ln");
            assert!(root.write(&book.join("dangling"), b"q", false).is_err());
            assert!(!d.path().join("nowhere").exists());
        }
    }

    #[test]
    fn a_named_folder_is_held_only_by_the_root_it_was_given_to() {
        let d = tempfile::tempdir().expect("tmp");
        let book = d.path().join("book");
        let site = d.path().join("site");
        std::fs::create_dir_all(&book).expect("mkdir");
        let plain = Root::new(&book).expect("root");
        let named = plain.clone().with_named(&site);
        assert!(named.resolve(&site.join("index.html")).is_ok());
        assert!(matches!(
            plain.resolve(&site.join("index.html")),
            Err(FileError::Outside { .. })
        ));
        // Not a process-wide allowance: a root made afterwards holds only itself.
        assert!(matches!(
            Root::new(&book)
                .expect("root")
                .resolve(&site.join("index.html")),
            Err(FileError::Outside { .. })
        ));
        assert!(matches!(
            named.resolve(&d.path().join("other")),
            Err(FileError::Outside { .. })
        ));
    }

    #[test]
    fn replaces_regular_files_only() {
        let d = tempfile::tempdir().expect("tmp");
        let dir = d.path().join("folder");
        std::fs::create_dir(&dir).expect("mkdir");
        assert!(matches!(
            write_replace(&dir, b"x", false),
            Err(WriteError::Refused { .. })
        ));
        let f = d.path().join("f");
        write_replace(&f, b"x", false).expect("new file");
        write_replace(&f, b"y", false).expect("replace");
        assert_eq!(std::fs::read(&f).expect("read"), b"y");
        assert!(write_if_unchanged(&f, "x", b"z").is_err());
        assert_eq!(std::fs::read(&f).expect("read"), b"y");
        write_if_unchanged(&f, "y", b"z").expect("unchanged");
        assert_eq!(std::fs::read(&f).expect("read"), b"z");
        // Changed, but to what would be written: nothing to refuse.
        write_if_unchanged(&f, "y", b"z").expect("already written");
        let stray = std::fs::read_dir(d.path())
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(SYNC_TEMP))
            .count();
        assert_eq!(stray, 0);
    }

    #[test]
    fn leftovers_of_dead_processes_go() {
        let d = tempfile::tempdir().expect("tmp");
        // pid 0 is never a process docket ran as; ours is alive.
        std::fs::write(d.path().join(".docket-sync-0-abc"), "x").expect("w");
        std::fs::write(d.path().join(".docket-sync-old"), "x").expect("w");
        std::fs::create_dir(d.path().join(".docket-build-0-abc")).expect("mkdir");
        let mine = d.path().join(format!("{}x", temp_prefix(SYNC_TEMP)));
        std::fs::write(&mine, "x").expect("w");
        std::fs::write(d.path().join("page.md"), "x").expect("w");
        let n = clean_leftovers(d.path(), &[SYNC_TEMP, ".docket-build-"]);
        assert_eq!(n, if cfg!(target_os = "linux") { 3 } else { 1 });
        assert!(mine.exists() && d.path().join("page.md").exists());
    }
}

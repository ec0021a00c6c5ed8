//! Reading and writing files: one error type per direction, regular files only,
//! size-capped and UTF-8-checked reads, atomic replacing writes.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Pages, fact sources and templates larger than this are refused before being
/// read whole.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {source}; check that the file and its folder are writable", path.display())]
pub struct WriteError {
    /// The page.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

/// Write `bytes` to `path` atomically, keeping `path`'s permissions, and flush
/// the data to disk before the rename (a crash leaves the old or the new file).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_replace(path, bytes, true)
}

/// Replace `path` atomically, keeping its permissions (a new file gets 0644);
/// `durable` adds an fsync before the rename. Site files skip it: a lost site
/// file is rebuilt, a lost doc edit is not.
pub fn write_replace(path: &Path, bytes: &[u8], durable: bool) -> Result<(), WriteError> {
    let err = |source| WriteError {
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

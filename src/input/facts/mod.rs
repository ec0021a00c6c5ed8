//! Stage: truth read from the repository — defines the code reads, scripts a
//! command may name, files on disk, and issue statuses from a tracker export.
//! Each source is optional and configured under `[preprocessor.docket.facts]`.
//! Facts are read before any rule runs; a source that cannot be read is an
//! error (exit 2) naming the file and line, never a silent gap.

pub mod beads;
mod define_reads;
pub mod defines;
mod git;
pub mod history;
pub mod release;
pub mod scripts;
pub mod tracker;
pub mod tree;

use std::path::PathBuf;

use crate::input::config::Config;

pub use defines::{DefineFacts, DefineUse};
pub use history::{Fate, History};
pub use release::{PackageVersion, Releases, Tag, Version};
pub use scripts::Scripts;
pub use tracker::{Issue, Tracker, TrackerAdapter};
pub use tree::Tree;

/// Everything read from the repository.
#[derive(Debug, Default)]
pub struct Facts {
    /// Defines the code reads, when scanning is configured.
    pub defines: Option<DefineFacts>,
    /// Commands the repository can run.
    pub scripts: Scripts,
    /// The tracker export, when configured.
    pub tracker: Option<Tracker>,
    /// Whether backticked repository paths are checked against the tree.
    pub files: bool,
    /// Define prefixes from the facts config (empty: use the manifest's).
    pub prefixes: Vec<String>,
    /// The repository root, for the tree.
    pub root: PathBuf,
    /// The repository's tree, listed the first time a path needs it (most
    /// paths the docs name exist, and answer without it).
    pub tree: std::sync::OnceLock<Tree>,
    /// Whether Git is read (history, tags): `history` in the facts config.
    pub git: bool,
    /// Commits read at most for the history.
    pub max_commits: usize,
    /// What Git's history says became of paths, read the first time a path
    /// is missing.
    pub history: std::sync::OnceLock<History>,
    /// Version tags and package versions, read the first time a page states
    /// the latest release.
    pub releases: std::sync::OnceLock<Releases>,
}

impl Facts {
    /// The repository's tree (walked on first use).
    pub fn tree(&self) -> &Tree {
        self.tree
            .get_or_init(|| crate::core::timed("tree", || Tree::scan(&self.root)))
    }

    /// Git's history of the paths (one pass on first use; empty when Git is
    /// off or there is no history).
    pub fn history(&self) -> &History {
        self.history.get_or_init(|| {
            if !self.git {
                return History::default();
            }
            crate::core::timed("history", || History::load(&self.root, self.max_commits))
        })
    }

    /// The repository's release facts (read on first use).
    pub fn releases(&self) -> &Releases {
        self.releases
            .get_or_init(|| Releases::load(&self.root, self.git))
    }

    /// What to tell the user once about the Git facts read so far: why there
    /// is no history, or why it is partial. `None` when none was read.
    pub fn git_note(&self) -> Option<String> {
        let h = self.history.get();
        h.and_then(|h| h.note.clone())
            .or_else(|| self.releases.get().and_then(|r| r.note.clone()))
            .or_else(|| {
                h.and_then(|h| h.partial.as_ref())
                    .map(|p| format!("Git history is partial: {p}"))
            })
    }
}

/// Why a fact source could not be read; exit 2.
#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    /// Unreadable file.
    #[error("{}: cannot read: {source}; check the path under [preprocessor.docket.facts] in book.toml", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A fact source that leads outside the book root.
    #[error(transparent)]
    Outside(crate::core::fs::FileError),
    /// Malformed content at a position.
    #[error("{}:{line}:{col}: {message}", path.display())]
    Invalid {
        /// The file, as shown.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What and what to do.
        message: String,
    },
}

/// Read every configured fact source.
pub fn load(config: &Config) -> Result<Facts, FactsError> {
    let f = &config.docket.facts;
    let root = &config.root;
    let mut facts = Facts {
        files: f.files,
        git: f.history,
        max_commits: f.history_max_commits,
        root: root.clone(),
        ..Facts::default()
    };
    if let Some(d) = &f.defines {
        facts.prefixes = d.prefixes.clone();
        facts.defines = Some(defines::scan(root, d)?);
    }
    if let Some(p) = &f.package_json {
        facts.scripts.npm = Some(scripts::package_json(root, p)?);
    }
    if let Some(p) = &f.makefile {
        facts.scripts.make = Some(scripts::makefile(root, p)?);
    }
    if let Some(p) = &f.cargo_toml {
        facts.scripts.cargo_aliases = Some(scripts::cargo_aliases(root, p)?);
    }
    if let Some(t) = &f.tracker {
        facts.tracker = Some(tracker::load(root, t)?);
    }
    Ok(facts)
}

/// Read a fact file as UTF-8 text, refusing huge ones and ones that lead
/// outside the book root.
pub(crate) fn read(root: &std::path::Path, rel: &std::path::Path) -> Result<String, FactsError> {
    let text = crate::core::fs::Root::new(root)
        .and_then(|r| r.read_text(&root.join(rel)))
        .map_err(|e| from_file(e, rel))?;
    // JSON parsers stop at a BOM with "expected value at 1:1": say what it is.
    if text.starts_with('\u{FEFF}') {
        return Err(FactsError::Invalid {
            path: rel.to_path_buf(),
            line: 1,
            col: 1,
            message: "starts with a byte order mark (U+FEFF), which docket does not read as part of the format; re-save the file as UTF-8 without a BOM".into(),
        });
    }
    Ok(text)
}

/// A file error as a facts error naming `rel`.
pub(crate) fn from_file(e: crate::core::fs::FileError, rel: &std::path::Path) -> FactsError {
    match e {
        crate::core::fs::FileError::Io { source, .. } => FactsError::Io {
            path: rel.to_path_buf(),
            source,
        },
        crate::core::fs::FileError::BadFile {
            line, col, message, ..
        } => FactsError::Invalid {
            path: rel.to_path_buf(),
            line,
            col,
            message,
        },
        crate::core::fs::FileError::Outside { target, .. } => {
            FactsError::Outside(crate::core::fs::FileError::Outside {
                path: rel.to_path_buf(),
                target,
            })
        }
    }
}

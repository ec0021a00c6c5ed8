//! One module per command. Each takes its options, runs the stages, and returns
//! an [`Outcome`]: the text for stdout and whether drift was found. Warnings go
//! to the `notes` writer the caller gives (stderr); errors are returned, and
//! `main.rs` turns them into exit code 2. Nothing here parses arguments.

pub mod build;
pub mod check;
pub mod closeout;
pub mod explain;
pub mod init;
pub mod mdbook;
pub mod serve;
pub mod sync;

use std::io::Write;
use std::path::Path;

use crate::Project;
use crate::check::blocks::{self, Plan};
use crate::check::rules::{self, CheckResult};
use crate::output::report;

/// Whether the book's external preprocessors run: the command line's and the
/// environment's choice, never `book.toml`'s.
pub use crate::input::preprocess::Policy as Preprocessors;

/// How a command ended, besides an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Clean,
    /// Exit 1: error-severity drift (`check`), a stale block (`sync --check`),
    /// a renderer docket does not support (`mdbook supports`).
    Drift,
}

/// What a command produced.
pub struct Outcome {
    /// The text for stdout.
    pub stdout: String,
    /// The exit status.
    pub status: Status,
    /// The loaded book, handed back so that a process about to exit can leak it
    /// (`std::mem::forget`): freeing every page one by one is wasted work there.
    pub loaded: Option<Box<dyn std::any::Any>>,
}

impl Outcome {
    /// A clean end with `stdout`.
    pub fn text(stdout: String) -> Outcome {
        Outcome {
            stdout,
            status: Status::Clean,
            loaded: None,
        }
    }
}

/// The date allowances are judged against: `given` (`--today`, else
/// `$DOCKET_TODAY`) when set, checked to be a real `YYYY-MM-DD` date, else
/// today in UTC.
pub fn today(given: Option<&str>) -> anyhow::Result<String> {
    match given {
        Some(d) => {
            anyhow::ensure!(
                crate::input::manifest::parse_date(d).is_some() && d.len() == 10,
                "--today / DOCKET_TODAY `{d}` is not a YYYY-MM-DD date"
            );
            Ok(d.to_string())
        }
        None => Ok(crate::input::manifest::today_utc()),
    }
}

/// Load the book, plan its blocks (malformed markers stop here) and run the
/// rules. Pages' HTML is rendered only when `html` is set (a site will be
/// written). Config warnings go to `notes`.
pub(crate) fn load(
    root: &Path,
    today: &str,
    html: bool,
    preprocessors: &Preprocessors,
    notes: &mut dyn Write,
) -> anyhow::Result<(Project, Plan, CheckResult)> {
    not_set_up(root)?;
    let (project, warnings) = Project::load_opts(root, html, preprocessors)?;
    for w in warnings {
        let _ = writeln!(notes, "{w}");
    }
    let plan = crate::core::timed("plan", || blocks::plan(&project))?;
    for w in &plan.foreign {
        let _ = writeln!(notes, "warning: {w}");
    }
    let result = crate::core::timed("rules", || rules::check(&project, &plan, today));
    // Said once, and only when a rule read Git's facts.
    if let Some(n) = project.facts.git_note() {
        let _ = writeln!(notes, "note: {n}");
    }
    Ok((project, plan, result))
}

/// A folder with neither `book.toml` nor mdBook's default `src/SUMMARY.md` is
/// not set up for docket: say so, name the folder, and point at `docket init`
/// (and what it would write) rather than ask for a hand-written SUMMARY.md in
/// a folder that may not hold the docs.
fn not_set_up(root: &Path) -> anyhow::Result<()> {
    let present = |rel: &str| {
        let p = root.join(rel);
        p.exists() || p.is_symlink()
    };
    // A root that is not a folder has its own error, from the load.
    if !root.is_dir() || present(crate::input::config::BOOK_TOML) || present("src/SUMMARY.md") {
        return Ok(());
    }
    let shown = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let arg = if shown == Path::new(".") {
        String::new()
    } else {
        format!(" {}", shown.display())
    };
    let docs = crate::app::init::detect_docs_root(root);
    let (found, summary) = match &docs {
        Some(d) => (
            format!("its docs look to be in {d}/; "),
            format!("{d}/SUMMARY.md"),
        ),
        None => (
            "no docs folder was found in it either (init looks for docs/, doc/, book/src/ or a top folder of .md files); ".to_string(),
            "SUMMARY.md in the docs folder".to_string(),
        ),
    };
    anyhow::bail!(
        "{}: no book.toml (and no src/SUMMARY.md): this folder is not set up for docket; {found}run `docket init{arg}` to write book.toml, {summary} and {} inferred from the docs and code, then run this command again",
        shown.display(),
        crate::app::init::MANIFEST_PATH
    )
}

/// What report formats need besides the findings.
pub(crate) fn context(project: &Project, result: &CheckResult, color: bool) -> report::Context {
    let mut files: Vec<String> = project
        .book
        .pages
        .iter()
        .map(|p| project.src_rel(&p.path))
        .collect();
    files.push(project.book.summary_path.clone());
    if let Some(m) = &project.manifest {
        files.push(m.display_path.clone());
    }
    report::Context {
        pages: project.docs.len(),
        sources: project.sources_for(result.findings.iter().map(|f| f.path.as_str())),
        files,
        color,
    }
}

/// Write `bytes` to the user's `path` atomically. The error names `path`,
/// never the temporary file beside it: tempfile appends `at path "…"` (its
/// own file) to the text of its errors, and its error type is private.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::core::fs::write_output(path, bytes).map_err(|e| match e {
        // tempfile's message names its temporary file; the user named `path`.
        crate::core::fs::WriteError::Io { path, source } => {
            let text = source.to_string();
            let source = match text.split_once(" at path \"") {
                Some((inner, _)) => std::io::Error::new(source.kind(), inner.to_string()),
                None => source,
            };
            crate::core::fs::WriteError::Io { path, source }.into()
        }
        refused => refused.into(),
    })
}

/// The candidate closest to `word` by edit distance, when close enough to be
/// a likely typo (at most a third of the word's length, and at least 1 edit).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_typos_only() {
        let rules = ["link-broken", "anchor-broken", "date-stale"];
        assert_eq!(did_you_mean("link-brokn", rules), Some("link-broken"));
        assert_eq!(did_you_mean("anchor-borken", rules), Some("anchor-broken"));
        assert_eq!(did_you_mean("zzz", rules), None);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn today_checks_the_date() {
        assert_eq!(
            today(Some("2026-02-28")).ok().as_deref(),
            Some("2026-02-28")
        );
        assert!(today(Some("2026-02-30")).is_err());
        assert!(today(Some("2026-2-3")).is_err());
        assert_eq!(today(None).map(|d| d.len()).ok(), Some(10));
    }

    #[test]
    fn a_write_error_names_the_users_path_not_the_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing/x.json");
        let err = write_file(&path, b"{}")
            .expect_err("the folder is missing")
            .to_string();
        assert!(
            err.starts_with(&format!("{}: cannot write", path.display())),
            "{err}"
        );
        assert!(!err.contains(".docket-sync-"), "{err}");
    }
}

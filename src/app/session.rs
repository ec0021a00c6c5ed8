//! The incremental build behind `docket serve`: the last good load of the book
//! is kept, so that a page edit re-parses, re-checks and re-renders only what
//! it affects; any other change reloads the whole book. The session owns every
//! cache it uses (the book, the last result, the search index's pages), so two
//! sessions in one process never share state.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::Project;
use crate::check::blocks;
use crate::check::rules::{self, CheckResult, Finding};
use crate::output::{report, site};

/// One rebuild's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// The drift summary (`3 errors, 1 warning in 12 pages`).
    pub summary: String,
    /// How the site was brought up to date.
    pub kind: RebuildKind,
    /// Warnings from loading the book (book.toml's unknown keys), one a line.
    pub notes: String,
}

/// A full build or an update in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildKind {
    /// The book was loaded and the site built from scratch.
    Full,
    /// Only the edited pages were re-read; `rendered` pages were re-rendered.
    Pages {
        /// Book pages re-rendered.
        rendered: usize,
        /// Time spent re-reading the pages, checking, and rendering.
        times: [Duration; 3],
    },
}

impl std::fmt::Display for Rebuilt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            RebuildKind::Full => f.write_str(&self.summary),
            RebuildKind::Pages { rendered, times } => {
                let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
                write!(
                    f,
                    "{} ({rendered} pages re-rendered; parse {:.1} ms, check {:.1} ms, render {:.1} ms)",
                    self.summary,
                    ms(&times[0]),
                    ms(&times[1]),
                    ms(&times[2])
                )
            }
        }
    }
}

/// A book being served: where it is, where its site goes, and what the last
/// good build left behind.
pub struct Session {
    root: PathBuf,
    dest: site::Dest,
    /// A fixed date (`$DOCKET_TODAY`), else each rebuild uses today's.
    today: Option<String>,
    /// The last good load and its result; `None` after a failed full load, so
    /// that the next edit cannot patch an old book.
    last: Option<(Project, CheckResult)>,
    search: site::SiteCache,
    /// Whether the book's external preprocessors run (none unless set).
    preprocessors: crate::input::preprocess::Policy,
}

impl Session {
    /// A session that builds the book at `root` into `dest`. `today`, when set,
    /// must already be a valid `YYYY-MM-DD` date.
    pub fn new(root: PathBuf, dest: site::Dest, today: Option<String>) -> Session {
        Session {
            root,
            dest,
            today,
            last: None,
            search: site::SiteCache::default(),
            preprocessors: crate::input::preprocess::Policy::never(),
        }
    }

    /// The same session, running the book's external preprocessors as `policy` says.
    pub fn with_preprocessors(mut self, policy: crate::input::preprocess::Policy) -> Session {
        self.preprocessors = policy;
        self
    }

    /// Bring the site up to date after `changed` (root-relative paths; empty
    /// means "build everything"). Errors are the text to show the user; the
    /// site on disk is then the last good one.
    pub fn rebuild(&mut self, changed: &[String]) -> Result<Rebuilt, String> {
        let day = self
            .today
            .clone()
            .unwrap_or_else(crate::input::manifest::today_utc);
        if let Some(done) = self.update_pages(changed, &day) {
            return done;
        }
        // A failed full load must not leave an old book behind.
        self.last = None;
        let mut notes = Vec::new();
        let (project, _plan, result) =
            super::commands::load(&self.root, &day, true, &self.preprocessors, &mut notes)
                .map_err(|e| format!("{e:#}"))?;
        site::build(&project, &result, &self.dest, Some(&self.search))
            .map_err(|e| e.to_string())?;
        let summary = summary(&result, &project);
        self.last = Some((project, result));
        Ok(Rebuilt {
            summary,
            kind: RebuildKind::Full,
            notes: String::from_utf8_lossy(&notes).into_owned(),
        })
    }

    /// The update in place when every changed file is a page of the last good
    /// load; `None` when a full rebuild is needed.
    fn update_pages(&mut self, changed: &[String], day: &str) -> Option<Result<Rebuilt, String>> {
        let (project, before) = self.last.as_mut()?;
        let pages: Vec<usize> = changed
            .iter()
            .map(|c| project.page_index(c))
            .collect::<Option<_>>()?;
        if pages.is_empty() {
            return None;
        }
        let t = Instant::now();
        let mut run = || -> Result<Rebuilt, String> {
            project.reload_pages(&pages).map_err(|e| format!("{e:#}"))?;
            let t_parse = t.elapsed();
            let plan = crate::core::timed("plan", || blocks::plan(project))
                .map_err(|e| format!("{e:#}"))?;
            // Page-local rules re-read the edited pages and the pages linking
            // to them; the rest keep their findings.
            let scope: Option<BTreeSet<usize>> = project
                .affected(changed)
                .map(|paths| pages_by_path(project, &paths));
            let result = crate::core::timed("rules", || {
                rules::check_pages(project, &plan, day, scope.as_ref().map(|s| (s, &*before)))
            });
            let t_check = t.elapsed() - t_parse;
            // Pages whose findings changed get their marks redrawn.
            let mut redo: BTreeSet<usize> = pages.iter().copied().collect();
            let now: BTreeSet<&Finding> = result.findings.iter().collect();
            let was: BTreeSet<&Finding> = before.findings.iter().collect();
            let moved: BTreeSet<String> = now
                .symmetric_difference(&was)
                .map(|f| f.path.clone())
                .collect();
            redo.extend(pages_by_path(project, &moved));
            // Every page's header (and the 404 page) shows the drift summary:
            // when it changes, the whole site is rendered again.
            let rendered = if summary(&result, project) == summary(before, project) {
                site::update(project, &result, &self.dest, &redo, &self.search)
            } else {
                site::build(project, &result, &self.dest, Some(&self.search))
            }
            .map_err(|e| e.to_string())?;
            let t_render = t.elapsed() - t_parse - t_check;
            let summary = summary(&result, project);
            *before = result;
            Ok(Rebuilt {
                summary,
                kind: RebuildKind::Pages {
                    rendered,
                    times: [t_parse, t_check, t_render],
                },
                notes: String::new(),
            })
        };
        let done = run();
        // A half-applied update must not be patched again: reload in full next.
        if done.is_err() {
            self.last = None;
        }
        Some(done)
    }
}

fn summary(result: &CheckResult, project: &Project) -> String {
    report::summary_line(result, project.docs.len())
        .trim_start_matches("docket: ")
        .to_string()
}

/// Indices of the pages at `paths` (root-relative); other files are skipped.
fn pages_by_path(project: &Project, paths: &BTreeSet<String>) -> BTreeSet<usize> {
    project
        .book
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| paths.contains(&project.src_rel(&p.path)))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const TODAY: &str = "2026-03-02";

    /// A copy of `tests/fixtures/<name>` in a temporary folder.
    fn fixture(name: &str) -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        for e in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let rel = e.path().strip_prefix(&from).expect("inside");
            let to = dir.path().join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(e.path(), &to).expect("copy");
            }
        }
        dir
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).expect("page");
        assert!(text.contains(from), "{rel} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }

    /// Every file of a site, by relative path.
    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).expect("inside");
                (
                    rel.display().to_string(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// The site at `dir` equals a fresh build of `root`; a failure names the
    /// files that differ and the first differing line of each.
    fn assert_fresh(dir: &Path, root: &Path) {
        let (got, want) = (tree(dir), fresh_build(root));
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "the same files");
        let diffs: Vec<String> = got
            .iter()
            .zip(&want)
            .filter(|(g, w)| g.1 != w.1)
            .map(|((name, g), (_, w))| {
                let (g, w) = (String::from_utf8_lossy(g), String::from_utf8_lossy(w));
                let line = g.lines().zip(w.lines()).find(|(a, b)| a != b);
                format!("{name}: {line:?}")
            })
            .collect();
        assert!(
            diffs.is_empty(),
            "updated site differs from a fresh build:\n{}",
            diffs.join("\n")
        );
    }

    /// The site a fresh one-shot build writes for the book at `root`.
    fn fresh_build(root: &Path) -> Vec<(String, Vec<u8>)> {
        let out = tempfile::tempdir().expect("temp dir");
        // Outside the book, as `-d` names it.
        let dest = site::Dest::named(out.path().join("site"));
        let (project, _, result) =
            super::super::commands::load(root, TODAY, true, &Default::default(), &mut Vec::new())
                .expect("loads");
        site::build(&project, &result, &dest, None).expect("builds");
        tree(&dest.dir)
    }

    fn session(root: &Path) -> Session {
        Session::new(
            root.to_path_buf(),
            site::Dest::of_book(root.join("site")),
            Some(TODAY.into()),
        )
    }

    #[test]
    fn a_page_edit_updates_in_place_and_equals_a_fresh_build() {
        let book = fixture("broken");
        let root = book.path();
        let mut s = session(root);
        let first = s.rebuild(&[]).expect("first build");
        assert_eq!(first.kind, RebuildKind::Full);
        assert!(first.summary.starts_with("2 errors"), "{}", first.summary);
        // An edit that leaves the drift as it was re-renders that page (and
        // index.md, whose body the front page carries), not the third.
        edit(root, "src/guide/output.md", "Set `-D", "Now set `-D");
        let next = s.rebuild(&["src/guide/output.md".into()]).expect("update");
        assert!(
            matches!(next.kind, RebuildKind::Pages { rendered: 2, .. }),
            "{next:?}"
        );
        assert_eq!(next.summary, first.summary);
        assert_fresh(&root.join("site"), root);
        // One that mends a link changes every page's drift summary.
        edit(root, "src/guide/output.md", "(profile.md#", "(profiles.md#");
        let mended = s.rebuild(&["src/guide/output.md".into()]).expect("update");
        assert!(
            matches!(mended.kind, RebuildKind::Pages { .. }),
            "{mended:?}"
        );
        assert!(mended.summary.starts_with("1 error,"), "{}", mended.summary);
        assert_fresh(&root.join("site"), root);
    }

    #[test]
    fn other_changes_rebuild_in_full() {
        let book = fixture("clean");
        let root = book.path();
        let mut s = session(root);
        s.rebuild(&[]).expect("first build");
        edit(root, "book.toml", "Widget compiler", "Gadget compiler");
        let r = s.rebuild(&["book.toml".into()]).expect("rebuild");
        assert_eq!(r.kind, RebuildKind::Full);
        assert_fresh(&root.join("site"), root);
    }

    #[test]
    fn a_failed_load_keeps_the_site_and_the_next_good_one_rebuilds() {
        let book = fixture("clean");
        let root = book.path();
        let mut s = session(root);
        s.rebuild(&[]).expect("first build");
        let before = tree(&root.join("site"));
        edit(root, "book.toml", "[book]", "[book");
        let err = s.rebuild(&["book.toml".into()]).expect_err("bad TOML");
        assert!(err.contains("book.toml"), "{err}");
        assert_eq!(tree(&root.join("site")), before, "the last good site stays");
        // With no good load kept, a page edit reloads everything.
        edit(root, "book.toml", "[book", "[book]");
        edit(root, "src/index.md", "\n", "\nA new line.\n");
        let r = s.rebuild(&["src/index.md".into()]).expect("rebuild");
        assert_eq!(r.kind, RebuildKind::Full);
    }

    #[test]
    fn two_sessions_share_no_cache() {
        // Interleaved edits in two books: each session's update must match a
        // fresh build of its own book (a process-wide search cache would hand
        // one book's shards to the other).
        let (a, b) = (fixture("clean"), fixture("broken"));
        let (mut sa, mut sb) = (session(a.path()), session(b.path()));
        sa.rebuild(&[]).expect("a");
        sb.rebuild(&[]).expect("b");
        edit(a.path(), "src/index.md", "\n", "\nApples and pears.\n");
        sa.rebuild(&["src/index.md".into()]).expect("a update");
        edit(b.path(), "src/index.md", "\n", "\nQuinces.\n");
        sb.rebuild(&["src/index.md".into()]).expect("b update");
        assert_fresh(&a.path().join("site"), a.path());
        assert_fresh(&b.path().join("site"), b.path());
    }
}

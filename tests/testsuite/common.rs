//! Shared helpers: run the real binary on a temporary book, as a user would.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Result of one docket run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Run `docket ARGS` in `cwd`.
pub fn docket(cwd: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .current_dir(cwd)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("the docket binary runs")
        .into()
}

/// A temporary book, built from `(path, contents)` pairs.
pub struct Book {
    pub dir: tempfile::TempDir,
}

impl Book {
    pub fn new(files: &[(&str, &str)]) -> Book {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, body) in files {
            write(&dir.path().join(path), body.as_bytes());
        }
        Book { dir }
    }

    /// A copy of `tests/fixtures/<name>`, so tests never touch the originals.
    pub fn fixture(name: &str) -> Book {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixtures().join(name), dir.path());
        Book { dir }
    }

    /// A copy of the shipped book (book.toml, content/, schemas/, templates/).
    pub fn shipped() -> Book {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "book.toml",
            "README.md",
            "ARCHITECTURE.md",
            ".pre-commit-hooks.yaml",
        ] {
            std::fs::copy(repo.join(file), dir.path().join(file)).expect("copy a top-level file");
        }
        // Pages may reference these repository folders.
        for sub in ["content", "schemas", "templates", "examples"] {
            copy_tree(&repo.join(sub), &dir.path().join(sub));
        }
        Book { dir }
    }

    /// The fakec fixture with every drift tests/testsuite/facts.rs documents fixed: a
    /// clean book with fact sources, for tests where one other thing is wrong.
    pub fn fakec_fixed() -> Book {
        let book = Book::fixture("fakec");
        book.edit(
            "schemas/readiness.yaml",
            "defines:\n",
            "defines:\n  - name: fc_fast\n    category: output\n    summary: Faster builds.\n  - name: fc_debug\n    category: output\n    summary: Debug output.\n  - name: fc_legacy\n    status: removed\n    replaced-by: fc_out\n    removed-in: \"2.0\"\n    category: output\n    summary: The old output switch.\n    allowed-in: [progress.md]\n",
        );
        book.edit(
            "schemas/readiness.yaml",
            "    status: closed\n    tracker: fc-1",
            "    status: open\n    tracker: fc-1",
        );
        book.edit(
            "docs/defines.md",
            "- `fc_gone`: an old switch the compiler no longer reads.\n",
            "- `fc_fast`: faster builds.\n- `fc_debug`: debug output.\n",
        );
        book.edit("docs/progress.md", "| closed |", "| open |");
        book.edit("docs/progress.md", "3 / 3 closed", "2 / 3 closed");
        book.edit(
            "docs/progress.md",
            " then run everything with `npm run build:all`.",
            " then `npm test`.",
        );
        book.edit(
            "docs/progress.md",
            "the release script is `scripts/release.sh`.",
            "that is all.",
        );
        book.edit(
            "docs/progress.md",
            "cd examples/hello && npm run start",
            "npm run build",
        );
        book
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, body: &str) {
        write(&self.dir.path().join(rel), body.as_bytes());
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("readable file")
    }

    /// Replace the first occurrence of `from` in `rel`; panics if absent, so a
    /// fixture edit that no longer applies fails loudly.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Run {
        docket(self.path(), args)
    }
}

pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create dirs");
    }
    std::fs::write(path, bytes).expect("write file");
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Copy `from` to `to`, every file and folder writable: CI's copy of
/// `../shared` has no write bits, and `init` and `sync` write.
pub fn copy_writable(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk corpus");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).expect("copy");
        } else {
            continue;
        }
        let mut perm = std::fs::metadata(&dest).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perm.set_readonly(false);
        std::fs::set_permissions(&dest, perm).expect("chmod");
    }
}

/// Every hash of tree contents, for "nothing was written" assertions.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Report a skipped test where cargo shows it, capturing or not: libtest
/// captures only the print macros, so this writes to the stderr handle itself,
/// named after the test (libtest names each test's thread after it).
pub fn skip(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {reason}");
}

/// `stderr` without the note a book outside a Git work tree gets once when a
/// rule asks Git's history (tests build their books in temporary folders).
pub fn without_git_note(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| *l != "note: no Git history (the book is not in a Git work tree): findings carry no history evidence")
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Whether `CI=true`: tests that need an optional tool or the corpus fail
/// instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// The corpus snapshot beside the repo, or `None` (with a visible message) when
/// it is absent outside CI. Under `CI=true` its absence is a failure.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/reflaxe-rust-dbfb6a47");
    if dir.join("docs").is_dir() {
        return Some(dir);
    }
    if in_ci() {
        panic!("CI=true but the corpus is missing at {}", dir.display());
    }
    skip(&format!(
        "corpus not found at {} (needs ../shared beside the repo)",
        dir.display()
    ));
    None
}

/// The shipped book built once per test run (`docket build -d site`), shared
/// by the tests that only read its site: building it is the slowest setup in
/// the suite. It lives under cargo's per-target temporary folder, named by
/// process, so concurrent runs never share one; folders of finished runs are
/// removed.
pub fn shipped_site() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::create_dir_all(tmp);
        for e in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("shipped-site-")
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let root = tmp.join(format!("shipped-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let book = Book::shipped();
        let r = book.run(&["build", "-d", "site"]);
        assert_eq!(r.code, 0, "the shipped book builds: {}", r.stderr);
        copy_tree(book.path(), &root);
        root.join("site")
    })
}

/// `(line, severity, "message / truth")` of the `rule` findings in `path` of
/// a `check --format json` run with `args` added.
pub fn rule_findings(
    book: &Book,
    args: &[&str],
    rule: &str,
    path: &str,
) -> Vec<(u64, String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = book.run(&all);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule && f["path"] == path)
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["severity"].as_str().unwrap_or("").to_string(),
                format!(
                    "{} / {}",
                    f["message"].as_str().unwrap_or(""),
                    f["truth"].as_str().unwrap_or("")
                ),
            )
        })
        .collect()
}

/// The mdbook binary: on PATH, or installed by .ci/run into target/tools.
/// `None` (with a visible message) when absent outside CI.
pub fn mdbook() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/bin/mdbook");
    if local.is_file() {
        return Some(local);
    }
    let on_path = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Some(PathBuf::from("mdbook"));
    }
    if in_ci() {
        panic!("CI=true but mdbook is not installed (.ci/run installs it into target/tools)");
    }
    skip("mdbook not found (cargo install mdbook --locked --root target/tools)");
    None
}

/// `../shared` beside the repository, or the folder `DOCKET_SHARED` names (a
/// work tree kept elsewhere, as `git worktree` makes them).
pub fn shared() -> PathBuf {
    match std::env::var_os("DOCKET_SHARED") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

/// `rel` under [`shared`] when `has` (a file or folder under it) exists;
/// else `None` with a visible message, or a failure under `CI=true`.
pub fn shared_input(rel: &str, has: &str, what: &str) -> Option<PathBuf> {
    let dir = shared().join(rel);
    if dir.join(has).exists() {
        return Some(dir);
    }
    if in_ci() {
        panic!("CI=true but {what} is missing at {}", dir.display());
    }
    skip(&format!(
        "{what} not found at {} (needs ../shared beside the repo, or DOCKET_SHARED)",
        dir.display()
    ));
    None
}

/// The `link-broken` and `anchor-broken` errors in `check --format short` output.
pub fn link_errors(short: &str) -> Vec<&str> {
    short
        .lines()
        .filter(|l| {
            (l.contains("link-broken") || l.contains("anchor-broken")) && l.ends_with("[error]")
        })
        .collect()
}

//! `init` and `check` agree on any tree (issue 23): right after `docket init`,
//! `docket check` reports nothing in the manifest or `book.toml` (nor in the
//! `SUMMARY.md` init wrote), and `docket sync --check` finds every block up to
//! date and changes nothing. Run over every repository of `../shared/corpus`
//! (`dev/*`, `dev2/*`, the docs-only `reflaxe-rust-dbfb6a47`) and every
//! fixture that holds pages, each copied, made writable and a Git work tree.
//! A fixture that has its own `book.toml` is initialised with `--force`, so
//! what `check` reads is what init wrote.
//!
//! The `dev2` trees are held out for a blind measurement: only findings in the
//! files init wrote are looked at, and a failure there prints counts only.
//! Skips the corpus with a message when `../shared` is absent; mandatory under
//! `CI=true`.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::Command;

const MANIFEST: &str = "schemas/readiness.yaml";

/// A tree to run on: its label, its folder, and whether it is held out.
struct Tree {
    label: String,
    dir: PathBuf,
    held_out: bool,
}

/// The folders directly inside `dir`, by name.
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// The corpus trees, or none (with a visible message) when `../shared` is
/// absent outside CI.
fn corpus_trees() -> Vec<Tree> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.join("dev/labels.tsv").is_file() {
        assert!(
            !common::in_ci(),
            "CI=true but the corpus is missing at {}",
            corpus.display()
        );
        common::skip(&format!(
            "corpus not found at {} (needs ../shared beside the repo); fixtures only",
            corpus.display()
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for set in ["dev", "dev2"] {
        for dir in subfolders(&corpus.join(set)) {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
            out.push(Tree {
                label: format!("{set}/{}", name.unwrap_or_default()),
                dir,
                held_out: set == "dev2",
            });
        }
    }
    let docs_only = corpus.join("reflaxe-rust-dbfb6a47");
    if docs_only.is_dir() {
        out.push(Tree {
            label: "reflaxe-rust-dbfb6a47".into(),
            dir: docs_only,
            held_out: false,
        });
    }
    assert!(
        out.len() >= 5,
        "the corpus lists fewer trees than it holds: {}",
        out.len()
    );
    out
}

/// Every fixture that holds Markdown pages (a repository's docs, or a book).
fn fixture_trees() -> Vec<Tree> {
    let out: Vec<Tree> = subfolders(&common::fixtures())
        .into_iter()
        .filter(|d| {
            walkdir::WalkDir::new(d)
                .into_iter()
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .map(|dir| Tree {
            label: format!(
                "fixtures/{}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            ),
            dir,
            held_out: false,
        })
        .collect();
    assert!(
        out.iter().any(|t| t.label == "fixtures/init-removed"),
        "the fixtures were not found: {:?}",
        out.iter().map(|t| &t.label).collect::<Vec<_>>()
    );
    out
}

/// Run init, check and `sync --check` on a copy of `tree`; what went wrong.
fn disagreements(tree: &Tree) -> Vec<String> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("repo");
    common::copy_writable(&tree.dir, &dir);
    let git = Command::new("sh")
        .args(["-c", "git init -q . && git add -A -f"])
        .current_dir(&dir)
        .output()
        .expect("git runs");
    assert!(git.status.success(), "{}: git init", tree.label);

    let force = dir.join("book.toml").exists();
    let args: &[&str] = if force {
        &["init", "--force"]
    } else {
        &["init"]
    };
    let r = common::docket(&dir, args);
    if r.code != 0 {
        return vec![format!("init exited {}: {}", r.code, r.stderr)];
    }
    // The SUMMARY.md init wrote, if it wrote one.
    let summary = r
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .find(|p| p.ends_with("SUMMARY.md"))
        .map(str::to_string);

    let mut wrong = Vec::new();
    let r = common::docket(&dir, &["check", "--format", "json"]);
    if r.code != 0 && r.code != 1 {
        return vec![format!("check exited {}: {}", r.code, r.stderr)];
    }
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
    let in_init_files: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            let p = f["path"].as_str().unwrap_or("");
            p == MANIFEST || p == "book.toml" || Some(p) == summary.as_deref()
        })
        .collect();
    if !in_init_files.is_empty() {
        if tree.held_out {
            wrong.push(format!(
                "{} findings in the files init wrote",
                in_init_files.len()
            ));
        } else {
            wrong.extend(in_init_files.iter().map(|f| {
                format!(
                    "{}:{}: {}: {}",
                    f["path"].as_str().unwrap_or(""),
                    f["line"],
                    f["rule"].as_str().unwrap_or(""),
                    f["message"].as_str().unwrap_or("")
                )
            }));
        }
    }

    let before = common::snapshot(&dir);
    let r = common::docket(&dir, &["sync", "--check"]);
    if r.code != 0 {
        if tree.held_out {
            wrong.push(format!("sync --check exited {}", r.code));
        } else {
            wrong.push(format!("sync --check exited {}: {}", r.code, r.stdout));
        }
    }
    if common::snapshot(&dir) != before {
        wrong.push("sync --check changed files".into());
    }
    wrong
}

#[test]
fn after_init_check_finds_nothing_in_what_init_wrote_on_any_tree() {
    if Command::new("git").arg("--version").output().is_err() {
        assert!(!common::in_ci(), "CI=true but git is missing");
        common::skip("git not found; the trees are read as Git work trees");
        return;
    }
    let trees: Vec<Tree> = corpus_trees().into_iter().chain(fixture_trees()).collect();
    let mut failed = Vec::new();
    for tree in &trees {
        let wrong = disagreements(tree);
        if !wrong.is_empty() {
            failed.push(format!("{}:\n  {}", tree.label, wrong.join("\n  ")));
        }
    }
    assert!(
        failed.is_empty(),
        "init and check disagree on {} of {} trees:\n{}",
        failed.len(),
        trees.len(),
        failed.join("\n")
    );
}

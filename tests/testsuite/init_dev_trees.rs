//! After `docket init` on an unchanged repository the manifest agrees with
//! the repository (issue 15): on each tree of `../shared/corpus/dev`, copied,
//! made writable and a Git work tree (as `precision.py` does), no finding of
//! the first `docket check` points into the manifest or `book.toml`, and
//! `docket sync` then changes no file. Skips with a message when `../shared`
//! is absent; mandatory under `CI=true`.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dev_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    if dir.join("labels.tsv").is_file() {
        return Some(dir);
    }
    if common::in_ci() {
        panic!("CI=true but the dev corpus is missing at {}", dir.display());
    }
    common::skip(&format!(
        "dev corpus not found at {} (needs ../shared beside the repo)",
        dir.display()
    ));
    None
}

#[test]
fn init_then_check_finds_nothing_in_the_manifest_and_sync_changes_nothing() {
    let Some(corpus) = dev_corpus() else {
        return;
    };
    let git = Command::new("git").arg("--version").output();
    if git.is_err() {
        assert!(!common::in_ci(), "CI=true but git is missing");
        common::skip("git not found; the dev trees are read as Git work trees");
        return;
    }
    for repo in ["genes-ts", "reflaxe.c", "reflaxe.ruby"] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let tree = tmp.path().join(repo);
        common::copy_writable(&corpus.join(repo), &tree);
        let ok = Command::new("sh")
            .args(["-c", "git init -q . && git add -A -f"])
            .current_dir(&tree)
            .output()
            .expect("git runs");
        assert!(ok.status.success(), "{repo}: git init");

        let r = common::docket(&tree, &["init"]);
        assert_eq!(r.code, 0, "{repo}: init: {}{}", r.stdout, r.stderr);
        let manifest = "schemas/readiness.yaml";
        assert!(
            r.stdout.contains(&format!("wrote {manifest}")),
            "{repo}: {}",
            r.stdout
        );

        let r = common::docket(&tree, &["check", "--format", "json"]);
        assert!(
            r.code == 0 || r.code == 1,
            "{repo}: check: {}{}",
            r.stdout,
            r.stderr
        );
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
        let in_config: Vec<String> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| {
                let p = f["path"].as_str().unwrap_or("");
                p == manifest || p == "book.toml"
            })
            .map(|f| f.to_string())
            .collect();
        assert!(
            in_config.is_empty(),
            "{repo}: findings in the manifest: {in_config:#?}"
        );

        let before = common::snapshot(&tree);
        let r = common::docket(&tree, &["sync"]);
        assert_eq!(r.code, 0, "{repo}: sync: {}{}", r.stdout, r.stderr);
        let after = common::snapshot(&tree);
        let changed: Vec<&PathBuf> = before
            .iter()
            .zip(&after)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| &a.0)
            .collect();
        assert!(
            before.len() == after.len() && changed.is_empty(),
            "{repo}: sync changed {changed:?} ({} files before, {} after)",
            before.len(),
            after.len()
        );
    }
}

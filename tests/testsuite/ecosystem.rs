//! Fitting the ecosystem: mdBook's preprocessor protocol, completions, the man
//! page, printed schemas, `check --changed-only`, and an installed binary.

use crate::common;
use common::Book;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn docket_bin() -> &'static str {
    env!("CARGO_BIN_EXE_docket")
}

fn pipe(cwd: &Path, args: &[&str], stdin: &str) -> common::Run {
    let mut child = Command::new(docket_bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    child.wait_with_output().expect("wait").into()
}

/// mdBook 0.5's `[context, book]` for the clean fixture, one chapter's content given.
fn mdbook_input(root: &Path, content: &str, fail_on_drift: bool) -> String {
    serde_json::json!([
        {
            "root": root,
            "config": { "book": { "src": "src" }, "preprocessor": { "docket": { "fail-on-drift": fail_on_drift } } },
            "renderer": "html",
            "mdbook_version": "0.5.4"
        },
        { "items": [ { "Chapter": { "name": "Profiles", "content": content, "number": [1], "sub_items": [], "path": "guide/profiles.md", "source_path": "guide/profiles.md", "parent_names": [] } }, "Separator" ] }
    ])
    .to_string()
}

#[test]
fn mdbook_preprocessor_refreshes_blocks() {
    let book = Book::fixture("clean");
    let stale = book
        .read("src/guide/profiles.md")
        .replace("| Checked everything. |", "| Stale. |");
    let r = pipe(
        book.path(),
        &["mdbook"],
        &mdbook_input(book.path(), &stale, false),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).expect("book JSON");
    let content = out["items"][0]["Chapter"]["content"]
        .as_str()
        .expect("content");
    assert!(content.contains("| Checked everything. |"), "{content}");
    assert_eq!(out["items"][1], "Separator", "other items pass through");
    assert_eq!(
        Command::new(docket_bin())
            .args(["mdbook", "supports", "html"])
            .status()
            .expect("runs")
            .code(),
        Some(0)
    );
}

#[test]
fn mdbook_preprocessor_fails_on_drift_when_configured() {
    let book = Book::fixture("broken");
    let page = book.read("src/guide/profiles.md");
    let r = pipe(
        book.path(),
        &["mdbook"],
        &mdbook_input(book.path(), &page, true),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error-severity drift") && r.stderr.contains("link-broken"),
        "{}",
        r.stderr
    );
    let r = pipe(book.path(), &["mdbook"], "not json");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("mdBook sent input docket cannot read"),
        "{}",
        r.stderr
    );
}

/// PATH with the docket binary's folder first, so mdBook finds `docket`.
fn path_with_docket() -> std::ffi::OsString {
    let dir = Path::new(docket_bin())
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let mut paths = vec![dir];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("PATH")
}

#[test]
fn real_mdbook_builds_the_shipped_book_and_refreshes_a_stale_block() {
    let Some(mdbook) = common::mdbook() else {
        return;
    };
    let book = Book::shipped();
    let toml_before = book.read("book.toml");
    book.edit(
        "content/progress-tracker.md",
        "| Core compiler/runtime foundation | Core language lowering",
        "| Core compiler/runtime foundation | STALE lowering",
    );
    let out = Command::new(&mdbook)
        .args(["build", "-d", "mdbook-out"])
        .current_dir(book.path())
        .env("PATH", path_with_docket())
        .output()
        .expect("mdbook runs");
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        book.read("book.toml"),
        toml_before,
        "the shipped book.toml is used unchanged"
    );
    let html = book.read("mdbook-out/progress-tracker.html");
    assert!(
        html.contains("Core language lowering"),
        "the stale block is refreshed in mdBook's HTML"
    );
    assert!(!html.contains("STALE lowering"));
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::new(docket_bin())
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("docket") && text.contains("sync") && text.contains("changed-only"),
            "{shell}: {text}"
        );
    }
}

#[test]
fn man_page_and_schemas() {
    let out = Command::new(docket_bin())
        .arg("man")
        .output()
        .expect("runs");
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(
        man.contains(".TH docket 1") && man.contains("closeout"),
        "{man}"
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (which, file) in [
        ("manifest", "schemas/readiness.schema.json"),
        ("report", "schemas/drift-report.schema.json"),
    ] {
        let out = Command::new(docket_bin())
            .args(["schema", which])
            .output()
            .expect("runs");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            std::fs::read_to_string(repo.join(file)).expect("schema")
        );
    }
    let manifest = std::fs::read_to_string(repo.join("schemas/readiness.yaml")).expect("manifest");
    assert!(
        manifest.starts_with("# yaml-language-server: $schema=./readiness.schema.json"),
        "editor modeline"
    );
}

#[test]
fn changed_only_reports_what_the_change_can_affect() {
    let book = Book::fixture("broken");
    let short = |files: &[&str]| {
        let mut args = vec!["check", "--format", "short", "--changed-only"];
        args.extend_from_slice(files);
        book.run(&args).stdout
    };
    // index.md links to output.md, but output.md's own broken link is not index's business.
    assert_eq!(
        short(&["src/index.md"]).trim(),
        "docket: no drift in 3 pages"
    );
    let out = short(&["src/guide/output.md"]);
    assert!(
        out.contains("src/guide/output.md:3:32: link-broken"),
        "{out}"
    );
    assert!(!out.contains("SUMMARY.md"), "{out}");
    // The manifest or SUMMARY.md changed: everything is reported.
    let out = short(&["src/SUMMARY.md"]);
    assert!(
        out.contains("doc-missing") && out.contains("link-broken"),
        "{out}"
    );
    let out = short(&["schemas/readiness.yaml"]);
    assert!(
        out.contains("doc-missing") && out.contains("link-broken"),
        "{out}"
    );
    // A changed page drags in the pages that link to it.
    let page = book
        .read("src/guide/profiles.md")
        .replace("## Choosing a profile", "## Picking a profile");
    book.write("src/guide/profiles.md", &page);
    let out = short(&["src/guide/profiles.md"]);
    assert!(out.contains("src/index.md:3:16: anchor-broken"), "{out}");
}

#[test]
fn installed_binary_builds_a_book_anywhere() {
    if !common::in_ci() && std::env::var("DOCKET_INSTALL_TEST").is_err() {
        common::skip(
            "the install test compiles a release build; set DOCKET_INSTALL_TEST=1 (CI runs it)",
        );
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prefix = tempfile::tempdir().expect("tmp");
    let status = Command::new(env!("CARGO"))
        .args(["install", "--path"])
        .arg(repo)
        .args(["--locked", "--offline", "--root"])
        .arg(prefix.path())
        .env("CARGO_TARGET_DIR", repo.join("target"))
        .status()
        .expect("cargo install runs");
    assert!(status.success(), "cargo install --path . failed");
    let installed = prefix.path().join("bin/docket");
    let book = Book::new(&[
        ("book.toml", "[book]\ntitle = \"Anywhere\"\n"),
        ("src/SUMMARY.md", "# Summary\n\n- [Hello](hello.md)\n"),
        (
            "src/hello.md",
            "# Hello\n\nNo repository, no templates folder.\n",
        ),
    ]);
    let out = Command::new(&installed)
        .arg("build")
        .current_dir(book.path())
        .output()
        .expect("installed docket runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        book.read("book/hello.html")
            .contains("No repository, no templates folder.")
    );
    assert!(
        book.path().join("book/docket.css").is_file()
            && book.path().join("book/search-index.js").is_file()
    );
}

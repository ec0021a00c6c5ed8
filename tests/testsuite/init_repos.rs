//! `docket init` on repositories shaped like other authors' (issue 15): books
//! already set up, fragments and templates beside the pages, vendored
//! libraries' READMEs, headline facts stated in several places, another
//! tool's GENERATED block, `-D` flags of a project without defines. Each
//! fixture under `tests/fixtures/init-*` is copied first; the negative case
//! sits beside each.

use crate::common;
use common::{Book, snapshot};

/// The findings of `docket check --format json` as (rule, path, line).
fn findings(book: &Book) -> Vec<(String, String, u64)> {
    let r = book.run(&["check", "--format", "json"]);
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["path"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn an_existing_book_is_used_as_it_is_and_the_other_book_is_named() {
    let book = Book::fixture("init-books");
    let before_toml = book.read("docs/book.toml");
    let before_summary = book.read("docs/src/SUMMARY.md");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Its title and src are kept; its own files are not touched.
    let toml = book.read("book.toml");
    assert!(
        toml.contains("title = \"The Gadget Book\"  # from docs/book.toml [book] title"),
        "{toml}"
    );
    assert!(toml.contains("src = \"docs/src\""), "{toml}");
    assert_eq!(book.read("docs/book.toml"), before_toml);
    assert_eq!(book.read("docs/src/SUMMARY.md"), before_summary);
    assert!(
        r.stdout.contains("skipped docs/src/SUMMARY.md"),
        "{}",
        r.stdout
    );
    // The manifest lists the chapters its SUMMARY.md names, not the fragment
    // it includes, nor the other book's pages.
    let m = book.read("schemas/readiness.yaml");
    assert!(
        m.contains("- path: intro.md") && m.contains("- path: usage.md"),
        "{m}"
    );
    assert!(!m.contains("flags.md") && !m.contains("hacking.md"), "{m}");
    // Which book, why, and how to check the other.
    assert!(
        r.stdout
            .contains("docs/book.toml is an mdBook book already")
            && r.stdout
                .contains("because it is the book in the docs folder"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("next: check the other book with `docket check --root contrib`"),
        "{}",
        r.stdout
    );
    assert!(findings(&book).is_empty(), "{:?}", findings(&book));
    let other = book.run(&["check", "--root", "contrib"]);
    assert_eq!(other.code, 0, "{}{}", other.stdout, other.stderr);
}

#[test]
fn without_a_book_init_writes_its_own() {
    // The negative case: the same pages with no book.toml anywhere.
    let book = Book::fixture("init-books");
    std::fs::remove_file(book.path().join("docs/book.toml")).expect("rm");
    std::fs::remove_file(book.path().join("contrib/book.toml")).expect("rm");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let toml = book.read("book.toml");
    assert!(toml.contains("src = \"docs\""), "{toml}");
    assert!(toml.contains("title = \"gadget\""), "{toml}");
    assert!(!r.stdout.contains("another book"), "{}", r.stdout);
}

#[test]
fn fragments_templates_and_summaries_are_not_chapters_and_summary_reads_in_order() {
    let book = Book::fixture("init-fragments");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let summary = book.read("docs/SUMMARY.md");
    // Start page, then installation, then the pages links from the start page
    // reach (breadth first), then the rest by path.
    assert_eq!(
        summary,
        "# Summary\n\n[Widget manual](README.md)\n\n\
         - [Installation](installation.md)\n\
         - [A tour](tour.md)\n\
         - [Guides]()\n  - [Configuration](guides/config.md)\n\
         - [Options](options.md)\n\
         - [Appendix](appendix.md)\n"
    );
    let m = book.read("schemas/readiness.yaml");
    for not in [
        "common-options.md",
        "templates/page.md",
        "widget-run.md",
        "other/SUMMARY.md",
    ] {
        assert!(!m.contains(not), "{not} is not a chapter:\n{m}");
        assert!(
            r.stdout.contains(not),
            "init says why {not} is left out: {}",
            r.stdout
        );
    }
    // A page that only shows `{{ name }}` as text stays a chapter.
    assert!(m.contains("- path: options.md"), "{m}");
}

#[test]
fn vendored_readmes_never_outrank_the_docs_folder() {
    let book = Book::fixture("init-vendored");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        book.read("book.toml").contains("src = \"manual\""),
        "{}",
        r.stdout
    );
    // The negative case: with only bundled libraries, there are no docs.
    let bare = Book::fixture("init-vendored");
    std::fs::remove_dir_all(bare.path().join("manual")).expect("rm");
    let r = bare.run(&["init"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!bare.path().join("book.toml").exists());
}

#[test]
fn headline_facts_come_from_the_most_authoritative_statement() {
    let book = Book::fixture("init-posture");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let m = book.read("schemas/readiness.yaml");
    for want in [
        // The posture statement, not "1.0 will ship when…" nor "Before 1.75".
        "line: \"1.0\"  # from the status statement \"current posture is 0.x, pre-1.0: interfaces may still change.\" at docs/index.md:3",
        "posture: pre-release  # from the status statement",
        // The checks decide the gate, not the sentence calling it closed.
        "state: open  # from 0 of 3 checks closed, \"0 / 3\" at docs/road.md:5",
        // Workstreams from the tracker's status table only.
        "- id: parser-rewrite",
        "tracker: sp-1  # from the tracker id in the same row, docs/road.md:11",
        "- id: plugin-loader",
        // Kinds from content.
        "- path: platforms.md\n    kind: support-matrix  # from its support table, at docs/platforms.md:5",
        "- path: platform-matrix-review.md\n    kind: guide",
        "- path: road.md\n    kind: progress-tracker",
    ] {
        assert!(m.contains(want), "manifest lacks {want:?}:\n{m}");
    }
    assert!(
        !m.contains("1.75") && !m.contains("- id: parse ") && !m.contains("- id: render"),
        "{m}"
    );
    assert!(
        r.stdout.contains("the manifest follows the checks: open"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("0.0.0-development"), "{}", r.stdout);
    // Every inferred value keeps its source.
    for l in m.lines().filter(|l| {
        let t = l.trim_start();
        ["line:", "posture:", "state:", "title:", "status:", "kind:"]
            .iter()
            .any(|k| t.starts_with(k))
    }) {
        assert!(l.contains("  # "), "no source comment: {l}");
    }
    // The doc saying the gate is closed is the finding, not the manifest.
    let f = findings(&book);
    assert!(
        f.iter().all(|(_, p, _)| !p.starts_with("schemas/")),
        "{f:?}"
    );
    assert!(
        f.contains(&("contradiction".into(), "docs/road.md".into(), 7)),
        "{f:?}"
    );
}

#[test]
fn a_real_package_version_outranks_a_passing_mention() {
    // The negative case of the posture statement: none, a published 2.4.0,
    // and a page that speaks of post-1.0 work in passing.
    let book = Book::new(&[
        ("package.json", r#"{"name":"x","version":"2.4.0"}"#),
        (
            "docs/index.md",
            "# X\n\nFocus on post-1.0 regression discipline.\n",
        ),
    ]);
    assert_eq!(book.run(&["init"]).code, 0);
    let m = book.read("schemas/readiness.yaml");
    assert!(
        m.contains("line: \"2.4\"  # from package.json \"version\" 2.4.0 (major.minor)"),
        "{m}"
    );
    assert!(
        m.contains("posture: released  # from package.json \"version\" 2.4.0"),
        "{m}"
    );
}

#[test]
fn another_tools_generated_block_is_not_adopted() {
    let book = Book::fixture("init-foreign-block");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let m = book.read("schemas/readiness.yaml");
    assert!(!m.contains("blocks:"), "{m}");
    assert!(
        r.stdout
            .contains("docs/progress.md: GENERATED block `progress-status` is not adopted")
            && r.stdout
                .contains("add `blocks: [progress-status]` to the `docs` entry of `progress.md`"),
        "{}",
        r.stdout
    );
}

#[test]
fn sync_leaves_a_block_init_did_not_adopt_byte_identical() {
    let book = Book::fixture("init-foreign-block");
    assert_eq!(book.run(&["init"]).code, 0);
    let before = snapshot(book.path());
    let r = book.run(&["sync"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(snapshot(book.path()), before);
}

#[test]
fn a_block_docket_reproduces_is_adopted() {
    // The negative case: hand the block to docket, let sync write it, and run
    // init again on that tree: now docket's template reproduces it.
    let book = Book::fixture("init-foreign-block");
    assert_eq!(book.run(&["init"]).code, 0);
    let m = book.read("schemas/readiness.yaml");
    let adopted = m.replace(
        "- path: progress.md\n    kind: progress-tracker",
        "- path: progress.md\n    blocks: [progress-status]\n    kind: progress-tracker",
    );
    assert_ne!(adopted, m, "{m}");
    common::write(
        &book.path().join("schemas/readiness.yaml"),
        adopted.as_bytes(),
    );
    let r = book.run(&["sync"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for f in ["book.toml", "schemas/readiness.yaml", "docs/SUMMARY.md"] {
        std::fs::remove_file(book.path().join(f)).expect("rm");
    }
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let m = book.read("schemas/readiness.yaml");
    assert!(m.contains("blocks: [progress-status]"), "{m}\n{}", r.stdout);
    assert!(!r.stdout.contains("not adopted"), "{}", r.stdout);
}

#[test]
fn dash_d_flags_of_a_project_without_defines_are_just_text() {
    let book = Book::fixture("init-no-defines");
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let toml = book.read("book.toml");
    assert!(!toml.contains("facts.defines"), "{toml}");
    assert!(!book.read("schemas/readiness.yaml").contains("defines:"));
    assert!(findings(&book).is_empty(), "{:?}", findings(&book));
}

#[test]
fn dash_d_flags_are_checked_where_the_code_reads_defines() {
    // The negative case: the code reads a define, so `-D` names one, and a
    // name the code never reads is reported.
    let book = Book::fixture("init-no-defines");
    common::write(
        &book.path().join("src/Build.hx"),
        b"class Build { static function f() { if (Context.defined(\"lint_strict\")) {} } }\n",
    );
    common::write(
        &book.path().join("docs/defines.md"),
        b"# Defines\n\n- `lint_strict`: fail on any lint.\n\nAlso try `-D lint_fast`.\n",
    );
    assert_eq!(book.run(&["init"]).code, 0);
    assert!(book.read("book.toml").contains("facts.defines"));
    let f = findings(&book);
    assert!(
        f.iter()
            .any(|(rule, p, _)| rule == "define-unknown" && p == "docs/defines.md"),
        "{f:?}"
    );
    assert!(
        f.iter().all(|(_, p, _)| !p.starts_with("schemas/")),
        "{f:?}"
    );
}

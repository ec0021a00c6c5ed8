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

/// `docket init` on `book`, which must succeed: its stdout and the manifest.
fn init(book: &Book) -> (String, String) {
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    (r.stdout, book.read("schemas/readiness.yaml"))
}

/// The first `check` reports nothing in the manifest; its findings.
fn none_in_manifest(book: &Book) -> Vec<(String, String, u64)> {
    let f = findings(book);
    assert!(
        f.iter().all(|(_, p, _)| !p.starts_with("schemas/")),
        "{f:?}"
    );
    f
}

fn owned(statuses: &[(&str, bool)]) -> Vec<(String, bool)> {
    statuses.iter().map(|(n, r)| (n.to_string(), *r)).collect()
}

/// The define entries of a manifest, as (name, whether `status: removed`).
fn define_statuses(m: &str) -> Vec<(String, bool)> {
    let Some(defines) = m.split("\ndefines:\n").nth(1) else {
        return Vec::new();
    };
    let section = defines.split("\n\n").next().unwrap_or("");
    section
        .split("\n  - name: ")
        .filter_map(|e| {
            let e = e.strip_prefix("  - name: ").unwrap_or(e);
            let name = e.split([' ', '\n']).next()?.to_string();
            (!name.is_empty()).then(|| (name, e.contains("\n    status: removed")))
        })
        .collect()
}

#[test]
fn values_under_a_define_are_not_defines_and_removed_lists_make_removed_defines() {
    let book = Book::fixture("init-removed");
    let (stdout, m) = init(&book);
    let got = define_statuses(&m);
    let want = [
        ("acme_mode", false),
        // A nested define with the parent's prefix stays a define.
        ("acme_fast", false),
        ("acme_fast_level", false),
        // Under "## Removed", and no code reads it.
        ("acme_old_out", true),
        // Under "## Removed", but the code reads it: the code wins.
        ("acme_legacy_out", false),
        // Under the label "Removed defines:".
        ("acme_older", true),
        // Under a label that only mentions removal.
        ("acme_mode_name", false),
    ];
    assert_eq!(got, owned(&want), "{m}");
    // `fast` and `safe` are values of acme_mode, not defines.
    assert!(
        !m.contains("name: fast") && !m.contains("name: safe"),
        "{m}"
    );
    assert!(
        m.contains("the heading \"Removed\" above it, at docs/defines.md:13"),
        "{m}"
    );
    assert!(
        stdout.contains("define `acme_legacy_out`: the docs file it as removed"),
        "{}",
        stdout
    );
    none_in_manifest(&book);
}

#[test]
fn a_removed_heading_or_label_decides_without_code_and_removal_words_do_not() {
    let book = Book::new(&[(
        "docs/defines.md",
        "# Defines\n\n## Output\n\n- `xo_dir`: where output goes.\n\n\
         ## Removed defines\n\n- `xo_old`: the old folder switch.\n\n\
         ## Removal policy\n\n- `xo_keep`: how long a define is kept.\n\n\
         Removed:\n\n- `xo_gone`: gone in 2.0.\n\n\
         Dropped the old docs site.\n\n- `xo_site`: where the site goes.\n",
    )]);
    let (_, m) = init(&book);
    let got = define_statuses(&m);
    let want = [
        ("xo_dir", false),
        ("xo_old", true),
        ("xo_keep", false),
        ("xo_gone", true),
        // A sentence above a list is not a label.
        ("xo_site", false),
    ];
    assert_eq!(got, owned(&want), "{m}");
    assert!(m.contains("the label \"Removed:\" above it"), "{m}");
    none_in_manifest(&book);
}

#[test]
fn no_release_line_is_invented_when_the_docs_state_none() {
    let book = Book::new(&[("docs/index.md", "# X\n\nA tool.\n")]);
    let (stdout, m) = init(&book);
    assert!(!m.contains("\n  line:"), "{m}");
    assert!(
        m.contains("  # line: not set: no page states a release line"),
        "{m}"
    );
    assert!(
        stdout.contains("note: release line: none stated")
            && stdout.contains("`release.line` is left unset"),
        "{}",
        stdout
    );
    // The manifest loads and nothing points into it.
    none_in_manifest(&book);
    // The negative case: a line the docs work toward is kept.
    let toward = Book::new(&[("docs/index.md", "# X\n\nThe road to 2.0 starts here.\n")]);
    let (_, m) = init(&toward);
    assert!(m.contains("  line: \"2.0\"  # from \"road to 2.0\""), "{m}");
}

#[test]
fn a_workstream_bound_to_the_tracker_takes_the_issues_status() {
    let book = Book::fixture("init-workstream-tracker");
    let (stdout, m) = init(&book);
    for want in [
        // The row says closed; the issue it is titled after is open.
        "status: open  # from the tracker, .beads/issues.jsonl:1 (`wt-1`); the row, docs/progress.md:5, says \"closed\"",
        // The row and its issue agree: the row is the source.
        "status: closed  # from the same row, which says \"closed\"",
        "status: in-progress  # from the same row, which says \"in progress\"",
    ] {
        assert!(m.contains(want), "manifest lacks {want:?}:\n{m}");
    }
    assert!(
        stdout.contains("workstream `parser`: docs/progress.md:5 says \"closed\""),
        "{}",
        stdout
    );
    // The row that disagrees with the tracker is the finding, not the manifest.
    let f = none_in_manifest(&book);
    assert!(
        f.iter().any(|(_, p, l)| p == "docs/progress.md" && *l == 5),
        "{f:?}"
    );
}

#[test]
fn summary_opens_on_the_page_a_newcomer_reads_first() {
    let book = Book::fixture("init-start-page");
    assert_eq!(book.run(&["init"]).code, 0);
    let s = book.read("docs/SUMMARY.md");
    assert_eq!(
        s,
        "# Summary\n\n[Overview](Overview.md)\n\n\
         - [Getting started](getting-started.md)\n\
         - [API](api.md)\n\
         - [Guide]()\n  - [Guide intro](guide/intro.md)\n",
    );
    // A landing page outranks an overview.
    let with_index = Book::fixture("init-start-page");
    with_index.write(
        "docs/index.md",
        "# Home\n\nRead the [overview](Overview.md).\n",
    );
    assert_eq!(with_index.run(&["init"]).code, 0);
    let s = with_index.read("docs/SUMMARY.md");
    assert!(s.starts_with("# Summary\n\n[Home](index.md)\n\n"), "{s}");
}

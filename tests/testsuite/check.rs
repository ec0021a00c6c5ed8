//! `docket check` on fixtures with known drift: exactly the expected findings.

use crate::common;
use common::Book;

/// `(path:line:col, rule)` of every finding line in a human report.
fn findings(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with("docket:"))
        .filter_map(|l| {
            let mut parts = l.splitn(5, ':');
            let (p, line, col, rule) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            Some((format!("{p}:{line}:{col}"), rule.trim().to_string()))
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn clean_fixture_has_no_findings() {
    let book = Book::fixture("clean");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(findings(&r.stdout), vec![]);
    assert_eq!(r.stdout.trim(), "docket: no drift in 3 pages");
    assert_eq!(r.stderr, "");
}

#[test]
fn broken_link_and_missing_summary_page_exactly() {
    let book = Book::fixture("broken");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[
            ("src/SUMMARY.md:9:5", "doc-missing"),
            ("src/guide/output.md:3:32", "link-broken"),
        ])
    );
    assert!(
        r.stdout.contains("docket: 2 errors, 0 warnings in 3 pages"),
        "{}",
        r.stdout
    );
}

#[test]
fn broken_anchor_same_page_and_other_page() {
    let book = Book::fixture("clean");
    book.edit("src/index.md", "(#more)", "(#less)");
    book.edit(
        "src/guide/output.md",
        "profiles.md#choosing-a-profile",
        "profiles.md#choosing",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[
            ("src/guide/output.md:3:32", "anchor-broken"),
            ("src/index.md:7:10", "anchor-broken"),
        ])
    );
}

#[test]
fn backticked_doc_path_that_does_not_resolve() {
    let book = Book::fixture("clean");
    book.edit(
        "src/index.md",
        "`src/guide/output.md`",
        "`docs/guide/output.md`",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[("src/index.md:4:51", "link-broken")])
    );
    assert!(
        r.stdout.contains("backticked path `docs/guide/output.md`"),
        "{}",
        r.stdout
    );
}

#[test]
fn orphan_page_is_a_warning_and_does_not_fail() {
    let book = Book::fixture("clean");
    book.write("src/guide/old.md", "# Old\n");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[("src/guide/old.md:1:1", "summary-orphan")])
    );
    assert!(r.stdout.contains("[warning]"));
}

#[test]
fn manifest_doc_set_entry_missing_points_into_the_manifest() {
    let book = Book::fixture("clean");
    book.edit(
        "schemas/readiness.yaml",
        "  - path: guide/profiles.md",
        "  - path: guide/profile.md",
    );
    book.edit(
        "schemas/readiness.yaml",
        "links-to: [guide/profiles.md]",
        "links-to: [guide/profile.md]",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[
            ("schemas/readiness.yaml:44:11", "doc-missing"),
            ("src/index.md:1:1", "doc-missing"),
        ])
    );
}

#[test]
fn severity_can_be_changed_or_turned_off() {
    let book = Book::fixture("broken");
    let toml = book.read("book.toml");
    book.write(
        "book.toml",
        &format!(
            "{toml}\n[preprocessor.docket.rules]\nlink-broken = \"warn\"\ndoc-missing = \"off\"\n"
        ),
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[("src/guide/output.md:3:32", "link-broken")])
    );
    assert!(r.stdout.contains("[warning]"));
}

#[test]
fn link_out_of_the_root_is_broken() {
    let book = Book::fixture("clean");
    book.edit(
        "src/index.md",
        "(guide/output.md)",
        "(../../../etc/passwd.md)",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[("src/index.md:4:7", "link-broken")])
    );
    assert!(
        r.stdout.contains("above the repository root") && r.stdout.contains("[error]"),
        "{}",
        r.stdout
    );
}

#[test]
fn plain_mdbook_book_without_manifest_checks() {
    let book = Book::new(&[
        ("book.toml", "[book]\ntitle = \"Plain\"\n"),
        ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](b.md)\n"),
        ("src/a.md", "# A\n\n[to b](b.md#b)\n"),
        ("src/b.md", "# B\n"),
    ]);
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.trim(), "docket: no drift in 2 pages");
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        book.read("book/a.html")
            .contains(r#"<a href="b.html#b">to b</a>"#)
    );
    // Without a manifest the site is for readers: the first chapter is the
    // front page, and there is no dashboard or drift report.
    let front = book.read("book/index.html");
    assert!(front.contains("<title>A - Plain</title>"), "{front}");
    assert!(!book.path().join("book/docket-dashboard.html").exists());
    // Maintainers can ask for theirs: the dashboard is the front page.
    book.write(
        "book.toml",
        "[book]\ntitle = \"Plain\"\n\n[preprocessor.docket]\naudience = \"maintainers\"\n",
    );
    assert_eq!(book.run(&["build"]).code, 0);
    let front = book.read("book/index.html");
    assert!(
        front.contains("<title>Readiness dashboard - Plain</title>"),
        "the dashboard is the front page"
    );
    assert!(
        front.contains("No readiness manifest is configured"),
        "{front}"
    );
    // A book can pick its front page instead.
    book.write(
        "book.toml",
        "[book]\ntitle = \"Plain\"\n\n[preprocessor.docket]\nfront-page = \"b.md\"\n",
    );
    assert_eq!(book.run(&["build"]).code, 0);
    assert!(
        book.read("book/index.html")
            .contains("<title>B - Plain</title>")
    );
    // A book with no book.toml at all gets mdBook's defaults.
    std::fs::remove_file(book.path().join("book.toml")).expect("remove");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn same_input_same_report() {
    let book = Book::fixture("broken");
    let a = book.run(&["check", "--format", "short"]);
    let b = book.run(&["check", "--format", "short"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn deprecated_profile_may_stay_on_the_profiles_page_only() {
    let book = Book::fixture("clean");
    book.edit(
        "schemas/readiness.yaml",
        "  - id: fast\n    summary: Fewer checks.\n",
        "  - id: fast\n    summary: Fewer checks.\n    status: deprecated\n    replaced-by: safe\n",
    );
    book.edit(
        "src/guide/output.md",
        "Set `-D widget_out=<dir>`.",
        "Set `-D widget_out=<dir>` and `-D widget_profile=fast`.",
    );
    assert_eq!(book.run(&["sync"]).code, 0);
    let r = book.run(&["check", "--format", "short"]);
    // The generated table and the selector line on the profiles page name `fast`
    // legitimately; only the other page is told to offer `safe` instead.
    assert_eq!(
        findings(&r.stdout),
        pairs(&[("src/guide/output.md:3:50", "define-removed")]),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("the doc offers profile `fast`, which was deprecated"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_removed_define_is_reported_once_per_line_and_never_inside_blocks() {
    let book = Book::fixture("clean");
    book.edit(
        "schemas/readiness.yaml",
        "    summary: Shorthand for widget_profile=fast.\n",
        "    summary: Shorthand for widget_profile=fast.\n    status: removed\n    removed-in: \"2.0\"\n    replaced-by: widget_profile\n",
    );
    book.edit("schemas/readiness.yaml", "    aliases: [widget_fast]\n", "");
    book.edit(
        "src/guide/output.md",
        "Set `-D widget_out=<dir>`.",
        "Set `-D widget_out=<dir>`, not `-D widget_fast`.",
    );
    assert_eq!(book.run(&["sync"]).code, 0);
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(
        findings(&r.stdout),
        pairs(&[("src/guide/output.md:3:36", "define-removed")]),
        "{}",
        r.stdout
    );
    let human = book.run(&["check"]);
    assert!(
        human
            .stdout
            .contains("= truth: `widget_fast` is removed; write `widget_profile` instead"),
        "{}",
        human.stdout
    );
}

/// A page filed in an archive folder is a record of the past: its findings
/// stay, as warnings; the same page elsewhere fails the check.
#[test]
fn an_archived_page_keeps_its_findings_as_warnings() {
    for (folder, severity, code) in [("archive", "warning", 0), ("notes", "error", 1)] {
        let book = Book::new(&[
            ("book.toml", "[book]\ntitle = \"A\"\n"),
            (
                "src/SUMMARY.md",
                &format!("# Summary\n\n- [A](a.md)\n- [Old]({folder}/old.md)\n"),
            ),
            ("src/a.md", "# A\n"),
            (
                &format!("src/{folder}/old.md"),
                "# Old\n\nSee [the plan](plan.md).\n",
            ),
        ]);
        let r = book.run(&["check", "--format", "short"]);
        assert_eq!(r.code, code, "{folder}: {}", r.stdout);
        assert!(
            r.stdout.contains("link-broken") && r.stdout.contains(&format!("[{severity}]")),
            "{folder}: {}",
            r.stdout
        );
    }
}

//! Every report format: snapshot tests on one drifted fixture, the JSON checked
//! against schemas/drift-report.schema.json and the SARIF against the OASIS
//! SARIF 2.1.0 schema, and GitHub's annotation limits.

use crate::common;
use common::Book;

/// The broken fixture plus a warning, a stale block and an allowance: every
/// kind of entry a report can carry.
fn drifted() -> Book {
    let book = Book::fixture("broken");
    book.write("src/guide/old.md", "# Old\n");
    book.edit(
        "src/guide/profiles.md",
        "| Checked everything. |",
        "| Checked everything, by hand. |",
    );
    book.edit(
        "src/index.md",
        "See also [this section]",
        "<!-- docket-allow link-broken: the page moves in 2.1 -->\n[moved](gone.md)\n\nSee also [this section]",
    );
    book
}

fn run(book: &Book, format: &str) -> common::Run {
    book.run(&["check", "--format", format, "--today", "2026-03-02"])
}

fn schema_errors(schema_file: &std::path::Path, instance: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file).expect("schema file"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path().as_str()))
        .collect()
}

#[test]
fn human() {
    let r = run(&drifted(), "human");
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn short() {
    let r = run(&drifted(), "short");
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn json_matches_its_schema() {
    let r = run(&drifted(), "json");
    assert_eq!(r.code, 1);
    let value: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let schema =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/drift-report.schema.json");
    assert_eq!(schema_errors(&schema, &value), Vec::<String>::new());
    assert_eq!(value["summary"]["errors"], 3);
    assert_eq!(value["allowed"][0]["reason"], "the page moves in 2.1");
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn json_schema_rejects_a_wrong_report() {
    // The schema is not vacuous: a report missing its version fails it.
    let schema =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/drift-report.schema.json");
    let bad = serde_json::json!({ "tool": { "name": "docket", "version": "0" }, "summary": {}, "findings": [], "allowed": [] });
    assert!(!schema_errors(&schema, &bad).is_empty());
}

#[test]
fn sarif_matches_the_sarif_2_1_0_schema() {
    let r = run(&drifted(), "sarif");
    let value: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas/sarif-schema-2.1.0.json");
    assert_eq!(schema_errors(&schema, &value), Vec::<String>::new());
    let results = value["runs"][0]["results"].as_array().expect("results");
    assert!(
        results
            .iter()
            .all(|r| r["partialFingerprints"]["docketFinding/v1"].is_string())
    );
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["kind"] == "inSource"),
        "allowed findings are suppressions"
    );
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn sarif_fingerprints_survive_line_moves() {
    let book = drifted();
    let fp = |book: &Book| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&run(book, "sarif").stdout).expect("json");
        let mut f: Vec<String> = v["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["partialFingerprints"]["docketFinding/v1"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        f.sort();
        f
    };
    let before = fp(&book);
    book.edit(
        "src/guide/output.md",
        "# Output\n",
        "# Output\n\nA new paragraph pushes every line down.\n\n",
    );
    assert_eq!(before, fp(&book));
}

#[test]
fn junit() {
    let r = run(&drifted(), "junit");
    assert!(
        r.stdout
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"docket\"")
    );
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn markdown() {
    let r = run(&drifted(), "markdown");
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn github_annotations_and_step_summary() {
    let book = drifted();
    let summary = book.path().join("step-summary.md");
    std::fs::write(&summary, "previous step\n").expect("write");
    let r = common::Run::from(
        std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
            .args(["check", "--format", "github", "--today", "2026-03-02"])
            .current_dir(book.path())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .expect("runs"),
    );
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout);
    let written = std::fs::read_to_string(&summary).expect("summary");
    assert!(
        written.starts_with("previous step\n## docket drift report"),
        "appends: {written}"
    );
}

#[test]
fn github_limits_annotations_to_ten_per_level_most_severe_first() {
    let book = Book::fixture("clean");
    let links: String = (0..12)
        .map(|i| format!("[broken {i}](missing-{i}.md)\n\n"))
        .collect();
    book.write("src/guide/output.md", &format!("# Output\n\n{links}"));
    for i in 0..11 {
        book.write(&format!("src/orphan-{i:02}.md"), "# Orphan\n");
    }
    let r = run(&book, "github");
    let errors = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .count();
    let warnings = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .count();
    assert_eq!((errors, warnings), (10, 10), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("::notice title=docket::2 more errors and 1 more warnings are not annotated"),
        "{}",
        r.stdout
    );
    let first = r.stdout.lines().next().unwrap_or("");
    assert!(first.starts_with("::error "), "errors come first: {first}");
}

#[test]
fn output_flag_writes_the_report_to_a_file() {
    let book = drifted();
    let r = book.run(&[
        "check",
        "--format",
        "json",
        "--today",
        "2026-03-02",
        "--output",
        "report.json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    let v: serde_json::Value = serde_json::from_str(&book.read("report.json")).expect("json");
    assert_eq!(v["version"], 1);
}

#[test]
fn explain_every_rule() {
    let book = Book::fixture("clean");
    let list = book.run(&["explain", "--list"]);
    assert_eq!(list.code, 0);
    for line in list.stdout.lines() {
        let id = line.split_whitespace().next().expect("id");
        let r = book.run(&["explain", id]);
        assert_eq!(r.code, 0, "{id}");
        assert!(
            r.stdout.starts_with(&format!("{id} (default severity: ")),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("Example:\n  ") && r.stdout.contains("Fix:\n  "),
            "{id} has an example and a fix"
        );
    }
    assert_eq!(book.run(&["explain", "no-such-rule"]).code, 2);
}

/// The clean fixture with one page full of findings: two broken anchors and a
/// broken link on one line, a broken link in a 300-character table row, and
/// a line and a file name that carry terminal control characters.
fn layout_book() -> Book {
    let book = Book::fixture("clean");
    let row = format!(
        "| `widget_out` | {} [the output guide](missing-guide.md) {} |",
        "Where the widget compiler writes its output, relative to the project root.".repeat(2),
        "Defaults to the build folder, which is created when it is missing.".repeat(2)
    );
    book.write(
        "src/guide/output.md",
        &format!(
            "# Output\n\nSee [the missing anchor](#nowhere), [another one](#gone) and [a page](gone.md).\n\n\
             | Define | Meaning |\n| --- | --- |\n{row}\n\n\
             A title \u{1b}]0;pwned\u{7} and [a link](nope.md).\n"
        ),
    );
    // A page whose file name clears the screen: it reaches the report as the
    // orphan's path and in its message.
    book.write("src/\u{1b}[2Jwipe.md", "# Wipe\n");
    book
}

#[test]
fn human_groups_by_file_says_each_fix_once_and_ends_with_a_rule_table() {
    let r = run(&layout_book(), "human");
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout.matches("= fix: correct the path").count(),
        1,
        "one fix for link-broken in the one file: {}",
        r.stdout
    );
    assert!(
        !r.stdout.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn short_and_github_escape_control_characters() {
    let book = layout_book();
    for format in ["short", "github"] {
        let r = run(&book, format);
        assert!(
            !r.stdout.contains(['\u{1b}', '\u{7}']),
            "{format}: {:?}",
            r.stdout
        );
        assert!(
            r.stdout.contains("\\u{1b}[2Jwipe.md"),
            "{format}: {}",
            r.stdout
        );
    }
    insta::assert_snapshot!(run(&book, "short").stdout);
}

#[test]
fn markdown_says_each_fix_once_per_rule_and_file() {
    let r = run(&layout_book(), "markdown");
    assert!(r.stdout.contains("| as above |"), "{}", r.stdout);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn junit_has_one_case_per_file_on_a_clean_book() {
    let r = run(&Book::fixture("clean"), "junit");
    assert_eq!(r.code, 0);
    // Three pages, SUMMARY.md and the manifest: five cases, none failing.
    assert!(
        r.stdout
            .contains("<testsuites name=\"docket\" tests=\"5\" failures=\"0\">"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn ten_thousand_findings_on_one_long_line_stay_linear() {
    // One 170,000-character line holding 10,000 broken links: every excerpt is
    // a window around its link, so the report grows with the findings, not
    // with findings × line length (which would be 1.7 GB).
    let book = Book::fixture("clean");
    let line: String = (0..10_000).map(|i| format!("[l{i}](m{i}.md) ")).collect();
    book.write("src/guide/output.md", &format!("# Output\n\n{line}\n"));
    let t = std::time::Instant::now();
    let r = run(&book, "human");
    assert_eq!(r.code, 1);
    // Past 20 findings of one rule on one line, the rest fold into one that
    // counts them: the report stays small whatever the line holds.
    assert_eq!(r.stdout.matches("error[link-broken]").count(), 21);
    assert!(r.stdout.len() < 21 * 600, "{} bytes", r.stdout.len());
    assert!(
        t.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        t.elapsed()
    );
}

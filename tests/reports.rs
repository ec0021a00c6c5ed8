//! Every report format: snapshot tests on one drifted fixture, the JSON checked
//! against schemas/drift-report.schema.json and the SARIF against the OASIS
//! SARIF 2.1.0 schema, and GitHub's annotation limits.

mod common;
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

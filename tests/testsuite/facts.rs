//! Truth from the code: a fake compiler tree (tests/fixtures/fakec) whose docs,
//! manifest, package.json and tracker export disagree in known ways. Each drift
//! is found once, with the code location and the doc location.

use crate::common;
use common::Book;

fn check(book: &Book) -> common::Run {
    book.run(&["check", "--format", "json", "--today", "2026-05-02"])
}

/// (path:line:col, rule, truth) of every finding.
fn findings(r: &common::Run) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                format!(
                    "{}:{}:{}",
                    f["path"].as_str().unwrap_or(""),
                    f["line"],
                    f["col"]
                ),
                f["rule"].as_str().unwrap_or("").to_string(),
                f["truth"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_drift_is_found_with_code_and_doc_locations() {
    let book = Book::fixture("fakec");
    let r = check(&book);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = findings(&r);
    let rules: Vec<(&str, &str)> = got
        .iter()
        .map(|(at, rule, _)| (at.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            // The code reads defines the manifest lacks: pointed at the code.
            ("compiler/src/Options.hx:9:1", "manifest-drift"),
            ("compiler/src/Options.hx:10:1", "manifest-drift"),
            ("compiler/src/Options.hx:11:1", "manifest-drift"),
            // The defines reference misses two the code reads (found through a
            // wrapper and a literal) and lists one the code no longer has.
            ("docs/defines.md:1:1", "define-undocumented"),
            ("docs/defines.md:1:1", "define-undocumented"),
            ("docs/defines.md:5:3", "define-unknown"),
            // The status table agrees with the manifest, but the tracker says open.
            ("docs/progress.md:5:1", "status-mismatch"),
            // The tracker epic has 2 of 3 children closed.
            ("docs/progress.md:7:14", "count-mismatch"),
            // package.json has no `build:all`.
            ("docs/progress.md:9:55", "command-unknown"),
            ("docs/progress.md:10:60", "file-missing"),
            // The code rejects fc_legacy with an error saying it was removed.
            ("docs/progress.md:11:25", "define-removed"),
            // Runs inside examples/hello, which the repository does not have: a warning.
            ("docs/progress.md:15:22", "command-unknown"),
            // Manifest says closed; tracker says open.
            ("schemas/readiness.yaml:28:13", "manifest-drift"),
        ]
    );
    let truth = |at: &str, rule: &str| -> String {
        got.iter()
            .filter(|(a, r, _)| a == at && r == rule)
            .map(|(_, _, t)| t.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(
        truth("docs/defines.md:1:1", "define-undocumented")
            .contains("the code reads `fc_fast` at compiler/src/Options.hx:9")
    );
    assert!(
        truth("docs/defines.md:1:1", "define-undocumented")
            .contains("the code reads `fc_debug` at compiler/src/Options.hx:10")
    );
    assert!(
        truth("docs/progress.md:5:1", "status-mismatch")
            .contains("the tracker says `fc-1` is open")
    );
    assert!(
        truth("docs/progress.md:7:14", "count-mismatch")
            .contains("the tracker's epic `fc-gate` has 2 / 3 checks closed")
    );
    assert!(
        truth("docs/progress.md:9:55", "command-unknown")
            .contains("package.json has no script `build:all`")
    );
    assert!(
        truth("docs/progress.md:11:25", "define-removed")
            .contains("compiler/src/Options.hx:11 raises an error")
    );
    assert!(
        truth("schemas/readiness.yaml:28:13", "manifest-drift").contains("(.beads/issues.jsonl:1)")
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let warnings: Vec<(u64, &str)> = v["findings"]
        .as_array()
        .expect("f")
        .iter()
        .filter(|f| f["severity"] == "warning")
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // Warnings are what docket cannot prove: `scripts/release.sh` in a
    // folder that holds nothing like it, and a command run in a folder the
    // repository lacks. Every error carries its evidence.
    assert_eq!(
        warnings,
        [(10, "file-missing"), (15, "command-unknown")],
        "only what has no evidence is a warning"
    );
    for f in v["findings"].as_array().expect("f") {
        assert_eq!(
            f["severity"] == "error",
            f["evidence"].is_object(),
            "an error exactly when there is evidence: {f}"
        );
    }
}

#[test]
fn fixing_the_manifest_and_docs_clears_the_drift() {
    let book = Book::fakec_fixed();
    let r = check(&book);
    assert_eq!(findings(&r), vec![], "{}", r.stdout);
    assert_eq!(r.code, 0);
}

#[test]
fn a_manifest_define_the_code_no_longer_reads_is_manifest_drift() {
    let book = Book::fixture("fakec");
    book.edit(
        "compiler/src/Options.hx",
        "Context.definedValue(\"fc_out\")",
        "\"out\"",
    );
    let r = check(&book);
    let got = findings(&r);
    assert!(
        got.iter()
            .any(|(at, rule, truth)| at == "schemas/readiness.yaml:16:11"
                && rule == "manifest-drift"
                && truth.contains("source files scanned")),
        "{got:?}"
    );
}

#[test]
fn bad_fact_sources_exit_2_with_positions() {
    let book = Book::fixture("fakec");
    book.write(
        ".beads/issues.jsonl",
        "{\"id\":\"a\",\"status\":\"open\"}\n{\"id\": 3}\n",
    );
    let r = check(&book);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(".beads/issues.jsonl:2:"), "{}", r.stderr);

    let book = Book::fixture("fakec");
    book.write("package.json", "{ \"scripts\": [1, 2 }");
    let r = check(&book);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("package.json:1:"), "{}", r.stderr);

    let book = Book::fixture("fakec");
    book.edit(
        "book.toml",
        "sources = [\"compiler\"]",
        "sources = [\"compiler\", \"nowhere\"]",
    );
    let r = check(&book);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nowhere"), "{}", r.stderr);

    let book = Book::fixture("fakec");
    book.edit(
        "book.toml",
        "wrappers = [\"hasDefine\"]",
        "patterns = [\"no capture group\"]",
    );
    let r = check(&book);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("book.toml:"), "{}", r.stderr);
    assert!(r.stderr.contains("capture group"), "{}", r.stderr);
}

#[test]
fn scanning_skips_gitignored_and_binary_files() {
    let book = Book::fixture("fakec");
    book.write("compiler/.gitignore", "generated/\n");
    book.write(
        "compiler/generated/Gen.hx",
        "Context.defined(\"fc_generated\")\n",
    );
    common::write(
        &book.path().join("compiler/src/blob.hx"),
        b"Context.defined(\"fc_binary\")\0\0\0",
    );
    let r = check(&book);
    assert!(
        !r.stdout.contains("fc_generated") && !r.stdout.contains("fc_binary"),
        "{}",
        r.stdout
    );
}

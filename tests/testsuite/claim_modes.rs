//! Claims read in context (issue 14): `tests/fixtures/modes` names a missing
//! path, define or command in each mode, each beside the same name presented
//! plainly, which is still a finding. Every finding and every set-aside reading
//! is listed, so a reading that hides a real problem, or a new false alarm,
//! fails here.

use crate::common;
use common::Book;

fn report(book: &Book) -> serde_json::Value {
    let r = book.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    serde_json::from_str(&r.stdout).expect("json report")
}

fn lines(v: &serde_json::Value, key: &str, with_mode: bool) -> Vec<String> {
    v[key]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|x| {
            let f = if with_mode { &x["finding"] } else { x };
            let mut s = format!(
                "{}:{} {}",
                f["path"].as_str().unwrap_or(""),
                f["line"],
                f["rule"].as_str().unwrap_or("")
            );
            if with_mode {
                s.push_str(&format!(
                    " {} {}",
                    x["mode"].as_str().unwrap_or(""),
                    x["evidence"]["scope"].as_str().unwrap_or("")
                ));
            }
            s
        })
        .collect()
}

#[test]
fn each_mode_is_set_aside_and_the_plain_mention_beside_it_is_a_finding() {
    let book = Book::fixture("modes");
    let v = report(&book);
    assert_eq!(
        lines(&v, "findings", false),
        [
            // `npm run test:<owner>` is a placeholder; these are not.
            "docs/commands.md:5 command-unknown",
            "docs/commands.md:7 command-unknown", // `make -C tools nope`: tools/Makefile has no `nope`
            "docs/flags.md:7 define-unknown",     // `-D app_unread`: nothing reads it
            "docs/flags.md:11 define-unknown",    // bare `app_singel`: a near miss of `app_single`
            "docs/flags.md:19 define-unknown",    // `-D app_future`, offered plainly
            "docs/paths.md:7 file-missing",       // planned, then plain
            "docs/paths.md:11 file-missing",      // generated, then plain
            "docs/paths.md:15 file-missing",      // removed, then plain
            "docs/paths.md:19 file-missing",      // a user's app, then plain
            "docs/paths.md:23 file-missing",      // upstream, then plain
            "docs/paths.md:33 file-missing",      // another language's tree, then this one's
            "docs/paths.md:37 file-missing",      // not under the folder that exists
            "docs/paths.md:39 file-missing",      // did you mean scripts/ci/local.sh
            "docs/paths.md:41 file-missing",      // did you mean std/ruby/Json.hx
            "docs/paths.md:45 file-missing",      // placeholder, then a real name
            "docs/paths.md:49 file-missing",      // absent, then plain
            "docs/paths.md:54 file-missing",      // docket-mode comment, then plain
            "docs/paths.md:62 file-missing",      // "Future work" section, then another
            "docs/paths.md:70 file-missing",      // "Planned" column, then another
            "docs/paths.md:76 link-broken",       // "Proposed pages:", then plain
            // A record of the past keeps what it holds, as a warning.
            "docs/review-2026-01-10.md:3 file-missing",
            "src/app/Main.hx:14 manifest-drift", // `app_secret`: read, named nowhere
        ]
    );
    assert_eq!(
        lines(&v, "set_aside", true),
        [
            "docs/flags.md:16 define-unknown planned lead-in",
            "docs/flags.md:22 define-unknown removed clause",
            "docs/paths.md:5 file-missing planned clause",
            "docs/paths.md:9 file-missing generated clause",
            "docs/paths.md:13 file-missing removed clause",
            "docs/paths.md:17 file-missing example clause",
            "docs/paths.md:21 file-missing external clause",
            "docs/paths.md:25 file-missing generated clause",
            "docs/paths.md:27 file-missing example config",
            "docs/paths.md:29 file-missing external tree",
            "docs/paths.md:31 file-missing external tree",
            "docs/paths.md:43 file-missing example token",
            "docs/paths.md:47 file-missing planned clause",
            "docs/paths.md:52 file-missing example override",
            "docs/paths.md:58 file-missing planned heading",
            "docs/paths.md:66 file-missing planned column",
            "docs/paths.md:74 link-broken planned lead-in",
            "docs/review-2026-01-10.md:3 command-unknown historical page",
        ]
    );
    // The finding that a close path exists says which.
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(msgs.contains(
        &"the doc names `scripts/ci/locall.sh`, which does not exist; did you mean `scripts/ci/local.sh`?"
    ));
    // The set-aside reading carries the words that set it.
    let generated = v["set_aside"]
        .as_array()
        .expect("set_aside")
        .iter()
        .find(|a| a["finding"]["line"] == 9)
        .expect("line 9");
    assert_eq!(generated["evidence"]["words"], "writes");
    assert_eq!(generated["evidence"]["line"], 9);
}

#[test]
fn the_report_with_set_aside_readings_matches_its_schema_and_sarif_suppresses_them() {
    let book = Book::fixture("modes");
    let v = report(&book);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schemas/drift-report.schema.json"))
            .expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    let r = book.run(&["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let suppressed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "external")
        .collect();
    assert_eq!(suppressed.len(), 18, "one per set-aside reading");
    assert!(
        suppressed
            .iter()
            .all(|r| r["properties"]["mode"].is_string())
    );
    assert!(
        suppressed
            .iter()
            .any(|r| r["suppressions"][0]["justification"]
                == "read as planned: \"future\" in its sentence (line 5)")
    );
}

#[test]
fn explain_describes_the_modes_and_how_to_correct_one() {
    let book = Book::fixture("modes");
    for id in ["modes", "file-missing", "define-unknown"] {
        let r = book.run(&["explain", id]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for word in [
            "current",
            "planned",
            "removed",
            "historical",
            "example",
            "generated",
            "external",
            "docket-mode",
            "[preprocessor.docket.modes]",
        ] {
            assert!(r.stdout.contains(word), "`explain {id}` lacks {word}");
        }
    }
    let r = book.run(&["explain", "summary-orphan"]);
    assert!(
        !r.stdout.contains("docket-mode"),
        "only claim rules read modes"
    );
}

#[test]
fn a_docket_mode_comment_that_changes_nothing_is_reported() {
    let book = Book::fixture("modes");
    book.write(
        "docs/commands.md",
        "# Commands\n\n<!-- docket-mode someday: no such mode -->\nRun `npm run build`.\n\n<!-- docket-mode planned -->\nRun `npm run build`.\n\n<!-- docket-mode planned: nothing below names anything -->\nJust words.\n",
    );
    let r = book.run(&["check", "--format", "short"]);
    let mine: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("docs/commands.md"))
        .collect();
    assert_eq!(mine.len(), 3, "{}", r.stdout);
    assert!(mine[0].contains("allow-invalid") && mine[0].contains("`someday`, which is no mode"));
    assert!(mine[1].contains("allow-invalid") && mine[1].contains("gives no reason"));
    assert!(mine[2].contains("allow-unused") && mine[2].contains("covers no claim"));
}

#[test]
fn init_writes_a_manifest_the_code_agrees_with() {
    let book = Book::fixture("modes");
    for f in ["book.toml", "schemas/readiness.yaml", "docs/SUMMARY.md"] {
        std::fs::remove_file(book.path().join(f)).expect("remove");
    }
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let manifest = book.read("schemas/readiness.yaml");
    // Read by the code and named by the docs: listed. Read and named nowhere,
    // or only in tests, vendored code, or set by the code itself: not.
    for name in ["app_single", "app_report", "app_runtime", "app_hyphen"] {
        assert!(
            manifest.contains(&format!("- name: {name}")),
            "{name}:\n{manifest}"
        );
    }
    for name in [
        "app_secret",
        "app_probe_only",
        "lib.vendored_flag",
        "app_installed",
        "js",
    ] {
        assert!(
            !manifest.contains(&format!("- name: {name}")),
            "{name}:\n{manifest}"
        );
    }
    let r = book.run(&["check", "--format", "short"]);
    assert!(
        !r.stdout.contains("schemas/readiness.yaml"),
        "a finding points into the manifest init wrote:\n{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("manifest-drift: the code reads define `app_secret`"),
        "{}",
        r.stdout
    );
}

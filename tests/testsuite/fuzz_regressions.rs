//! Inputs the fuzz targets (fuzz/fuzz_targets) found crashing, replayed through
//! the same entry points. Each file under fuzz/regressions/<target>/ is one
//! minimized crasher; this test fails if any of them panics again.

use std::collections::BTreeMap;
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("readable crasher"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn markdown_claims_crashers() {
    let found = inputs("markdown_claims");
    assert!(!found.is_empty(), "the crasher found by fuzzing is kept");
    for (name, data) in found {
        let text = String::from_utf8_lossy(&data);
        let ctx = docket::markdown::claims::ClaimContext::for_fuzzing(&data);
        let doc = docket::markdown::parse_with("page.md", &text, &ctx);
        assert!(
            doc.html.len() <= text.len() * 64 + 4096,
            "{name}: output stays proportional"
        );
    }
}

#[test]
fn other_targets_crashers_do_not_panic() {
    for (name, data) in inputs("summary") {
        let _ = docket::input::book::parse_summary(&String::from_utf8_lossy(&data));
        let _ = name;
    }
    for (_, data) in inputs("manifest") {
        let _ = docket::input::manifest::parse(
            &String::from_utf8_lossy(&data),
            Path::new("m.yaml"),
            &["progress-status"],
        );
    }
    for (_, data) in inputs("beads") {
        let _ = docket::input::facts::beads::parse(
            &String::from_utf8_lossy(&data),
            Path::new("t.jsonl"),
        );
    }
    for (_, data) in inputs("book_toml") {
        let _ = docket::input::config::parse(
            &String::from_utf8_lossy(&data),
            Path::new("."),
            Path::new("book.toml"),
        );
    }
    for (_, data) in inputs("splice") {
        let text = String::from_utf8_lossy(&data);
        let doc = docket::markdown::parse("p.md", &text);
        if let Ok(spans) = docket::check::blocks::find(&doc, &text, "p.md") {
            let rendered: BTreeMap<String, String> = spans
                .iter()
                .map(|s| (s.name.clone(), "x\n".into()))
                .collect();
            let _ = docket::check::blocks::splice(&text, &spans, &rendered);
        }
    }
}

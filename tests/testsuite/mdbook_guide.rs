//! mdBook's own user guide (`../shared/conformance/mdbook/guide`), a real book
//! with includes, hidden lines, redirects and a custom preprocessor, built with
//! docket: every directive whose file is in the book expands, every image is
//! in the site, and `check` finds no broken link or anchor. Skips with a
//! message when `../shared` is absent; mandatory under CI=true.

use crate::common;

use std::path::{Path, PathBuf};

fn guide() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/mdbook/guide");
    if dir.join("book.toml").is_file() {
        return Some(dir);
    }
    if common::in_ci() {
        panic!("CI=true but mdBook's guide is missing at {}", dir.display());
    }
    common::skip(&format!(
        "mdBook's guide not found at {} (needs ../shared beside the repo)",
        dir.display()
    ));
    None
}

/// Directives in `text` that are not escaped.
fn directives(text: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r"(\\)?\{\{\s*#(include|rustdoc_include|playground|title)\s+([^}]+)\}\}")
            .expect("regex");
    re.captures_iter(text)
        .filter(|c| c.get(1).is_none())
        .map(|c| c[0].to_string())
        .collect()
}

#[test]
fn mdbook_guide_builds_with_nothing_missing_and_no_false_findings() {
    let Some(src) = guide() else { return };
    let tmp = tempfile::tempdir().expect("temp dir");
    let book = tmp.path().join("guide");
    common::copy_tree(&src, &book);
    // The guide's own preprocessor needs mdBook's workspace to compile; it is
    // replaced by a command that is certainly absent, to see the warning.
    let toml = std::fs::read_to_string(book.join("book.toml")).expect("book.toml");
    let toml = toml.replace(
        "cargo run --quiet --manifest-path guide-helper/Cargo.toml",
        "docket-test-no-such-preprocessor",
    );
    let _ = std::fs::remove_file(book.join("book.toml"));
    std::fs::write(book.join("book.toml"), toml).expect("write book.toml");

    let run = common::docket(&book, &["build", "-d", "site"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("preprocessor `guide-helper`: cannot run `docket-test-no-such-preprocessor`"),
        "a missing preprocessor is named: {}",
        run.stderr
    );
    // Directives whose file lies outside the guide (mdBook's repository, not in
    // the conformance tree) stay as written, as mdBook leaves them, and are named.
    let mut outside = Vec::new();
    // `\{{#include x}}` is an escape: it shows as written, without the `\`.
    let mut escaped: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(book.join("src")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("page");
        for line in text.lines() {
            if let Some(i) = line.find("\\{{") {
                escaped.extend(directives(&line[i + 1..]));
            }
        }
        for d in directives(&text) {
            let file = d
                .trim_matches(|c| c == '{' || c == '}')
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("")
                .to_string();
            let target = entry.path().parent().expect("dir").join(&file);
            let inside = target
                .canonicalize()
                .is_ok_and(|t| t.starts_with(book.canonicalize().expect("root")));
            if !inside {
                outside.push(d.clone());
                assert!(
                    run.stderr.contains(&d),
                    "{d} is named in a warning: {}",
                    run.stderr
                );
            }
        }
    }
    assert_eq!(
        outside.len(),
        2,
        "only the two includes of mdBook's examples/ leave the guide: {outside:?}"
    );
    let site = book.join("site");
    let img = regex::Regex::new(r#"<img src="([^"]+)""#).expect("regex");
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("page");
        for d in directives(&html) {
            assert!(
                outside.iter().chain(&escaped).any(|o| o == &d),
                "{} shows the directive {d} unexpanded",
                entry.path().display()
            );
        }
        // Every image the page shows is in the site.
        for cap in img.captures_iter(&html) {
            let src = &cap[1];
            if src.contains("://") || src.starts_with("data:") {
                continue;
            }
            let file = entry.path().parent().expect("dir").join(src);
            assert!(
                file.is_file(),
                "{}: image {src} is missing",
                entry.path().display()
            );
        }
    }
    // README chapters are index pages; the redirect is written.
    assert!(site.join("cli/index.html").is_file());
    assert!(site.join("format/config.html").is_file());
    // No false link or anchor finding.
    let check = common::docket(&book, &["check", "--format", "short"]);
    let links: Vec<&str> = check
        .stdout
        .lines()
        // Bare backticked names are documented weak warnings; `guide/README.md`
        // really is missing from SUMMARY.md (a true summary-orphan).
        .filter(|l| {
            (l.contains("link-broken") || l.contains("anchor-broken")) && l.ends_with("[error]")
        })
        .collect();
    assert!(links.is_empty(), "false findings: {links:#?}");
}

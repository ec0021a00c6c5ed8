//! mdBook's own user guide (`../shared/conformance/mdbook/guide`), a real book
//! with includes, hidden lines, redirects and a custom preprocessor, built with
//! docket where mdBook's repository holds it (`guide/` beside `examples/`,
//! under a `.git`): every directive expands, the files it includes from the
//! repository's `examples/` too, every image is in the site, and `check` finds
//! no broken link or anchor. Ignored (with the reason in cargo's output) when
//! `../shared` is absent; mandatory under CI=true.

use crate::common;

use std::path::PathBuf;

fn guide() -> Option<PathBuf> {
    common::shared_input("conformance/mdbook/guide", "book.toml", "mdBook's guide")
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
#[cfg_attr(
    docket_no_shared,
    ignore = "needs ../shared/conformance beside the repository"
)]
fn mdbook_guide_builds_with_nothing_missing_and_no_false_findings() {
    let Some(src) = guide() else { return };
    let tmp = tempfile::tempdir().expect("temp dir");
    // mdBook's repository: the guide, its `examples/`, a `.git` at the top.
    let book = tmp.path().join("guide");
    common::copy_tree(&src, &book);
    let examples = src.parent().expect("mdbook folder").join("examples");
    common::copy_tree(&examples, &tmp.path().join("examples"));
    common::write(&tmp.path().join(".git/HEAD"), b"ref: refs/heads/master\n");
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
        run.stderr.contains(
            "preprocessor `guide-helper` (`docket-test-no-such-preprocessor`): cannot run it"
        ),
        "a missing preprocessor is named: {}",
        run.stderr
    );
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
    }
    assert!(
        !run.stderr.contains("outside"),
        "every include is inside the repository: {}",
        run.stderr
    );
    // The files included from the repository's `examples/`, shown as mdBook
    // shows them: the whole no-op preprocessor, and the anchored part of the
    // remove-emphasis one (the rest as hidden lines).
    let page = std::fs::read_to_string(book.join("site/for_developers/preprocessors.html"))
        .expect("preprocessors page");
    let nop = std::fs::read_to_string(examples.join("nop-preprocessor.rs")).expect("example");
    let tags = regex::Regex::new("<[^>]*>").expect("regex");
    let text = tags
        .replace_all(&page, "")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    for line in nop
        .lines()
        .filter(|l| l.contains("nop-preprocessor") || l.starts_with("fn "))
    {
        assert!(text.contains(line), "the included example shows `{line}`");
    }
    assert!(
        page.contains("remove_emphasis") && page.contains("class=\"boring\""),
        "the anchored include shows its part and hides the rest"
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
                escaped.iter().any(|o| o == &d),
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
    // Bare backticked names are documented weak warnings; `guide/README.md`
    // really is missing from SUMMARY.md (a true summary-orphan).
    let links = common::link_errors(&check.stdout);
    assert!(links.is_empty(), "false findings: {links:#?}");
}

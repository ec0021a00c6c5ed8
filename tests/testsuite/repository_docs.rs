//! The repository's own docs beside the book (issue 23): the root README and
//! other top-level Markdown are checked like pages (never rendered unless
//! SUMMARY lists them), a changelog is read as a record of the past,
//! `repository-docs` in book.toml narrows or widens the set; paths that leave
//! the repository or name one machine's folders are read for what they are.

use crate::common::Book;

fn repo(book_toml_extra: &str) -> Book {
    Book::new(&[
        (
            "book.toml",
            &format!(
                "[book]\ntitle = \"T\"\nsrc = \"docs\"\n\n[preprocessor.docket.facts]\nfiles = true\n{book_toml_extra}"
            ),
        ),
        ("docs/SUMMARY.md", "- [Intro](intro.md)\n"),
        ("docs/intro.md", "# Intro\n\nRun `scripts/ci.sh`.\n"),
        ("scripts/ci.sh", "#!/bin/sh\n"),
        (
            "README.md",
            "# Proj\n\nRead [the intro](docs/intro.md) and [the guide](docs/guide.md).\n\
             Run `scripts/cj.sh`. My checkout: `/Users/ana/src/proj/docs/intro.md`.\n\
             The Go target's notes: `../proj-go/docs/notes.md`, [here](../proj-go/docs/notes.md).\n",
        ),
        (
            "CHANGELOG.md",
            "# Changelog\n\n- Removed `scripts/old.sh`.\n",
        ),
        ("NOTES.md", "# Notes\n\nSee [gone](gone.md).\n"),
    ])
}

/// `(path:line, rule, severity)` of each finding in a short report.
fn findings(stdout: &str) -> Vec<(String, String, String)> {
    stdout
        .lines()
        .filter(|l| !l.starts_with("docket: "))
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let (path, line, _col, rest) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let rule = rest.trim_start().split_once(": ")?.0;
            let sev = l.rsplit_once(" [")?.1.strip_suffix(']')?;
            Some((format!("{path}:{line}"), rule.to_string(), sev.to_string()))
        })
        .collect()
}

fn f(at: &str, rule: &str, sev: &str) -> (String, String, String) {
    (at.to_string(), rule.to_string(), sev.to_string())
}

#[test]
fn top_level_docs_are_checked_with_evidence_and_not_rendered() {
    let book = repo("");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(
        findings(&r.stdout),
        [
            f("NOTES.md:3", "link-broken", "error"),
            // A Markdown link to a missing file: the missing target is the evidence.
            f("README.md:3", "link-broken", "error"),
            // A close path is evidence; a home folder whose tail is this
            // repository's file is one checkout of it.
            f("README.md:4", "file-missing", "error"),
            f("README.md:4", "path-local", "error"),
            // The backticked sibling checkout is external; the link is dead on
            // the forge.
            f("README.md:5", "link-broken", "error"),
        ],
        "{}",
        r.stdout
    );
    // The changelog's removed script is a record of the past: set aside.
    assert!(!r.stdout.contains("CHANGELOG.md"), "{}", r.stdout);
    let out = tempfile::tempdir().expect("temp");
    let site = out.path().join("site");
    let b = book.run(&["build", "-d", site.to_str().expect("utf-8")]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(site.join("intro.html").is_file());
    let names: Vec<String> = std::fs::read_dir(&site)
        .expect("site")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.to_lowercase().contains("readme") || n.contains("NOTES")),
        "{names:?}"
    );
}

#[test]
fn book_toml_narrows_or_turns_off_the_repository_docs() {
    let only_notes = repo("[preprocessor.docket]\nrepository-docs = [\"NOTES.md\"]\n");
    let r = only_notes.run(&["check", "--format", "short"]);
    assert_eq!(
        findings(&r.stdout),
        [f("NOTES.md:3", "link-broken", "error")],
        "{}",
        r.stdout
    );
    let none = repo("[preprocessor.docket]\nrepository-docs = false\n");
    let r = none.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(findings(&r.stdout), []);
    let outside = repo("[preprocessor.docket]\nrepository-docs = [\"../x.md\"]\n");
    let r = outside.run(&["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("book.toml:"), "{}", r.stderr);
}

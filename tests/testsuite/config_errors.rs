//! Every book.toml error path: exit code, file:line:col, and nothing written.

use crate::common;
use common::{Book, snapshot};

const SUMMARY: (&str, &str) = ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n");
const PAGE: (&str, &str) = ("src/a.md", "# A\n");

fn book_with(toml: &str) -> Book {
    Book::new(&[("book.toml", toml), SUMMARY, PAGE])
}

/// Runs check and build; both must fail with exit 2, `expected` in stderr, and no file written.
fn fails(toml: &str, expected: &str) {
    let book = book_with(toml);
    let before = snapshot(book.path());
    for cmd in ["check", "build"] {
        let r = book.run(&[cmd]);
        assert_eq!(r.code, 2, "{cmd}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(expected),
            "{cmd}: expected {expected:?} in:\n{}",
            r.stderr
        );
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
        assert_eq!(r.stdout, "", "{cmd}: nothing on stdout");
    }
    assert_eq!(snapshot(book.path()), before, "a failed run wrote files");
}

#[test]
fn toml_syntax_error() {
    fails("[book]\ntitle = \"unterminated\n", "book.toml:2:");
}

#[test]
fn wrong_type_in_book() {
    fails(
        "[book]\n\ntitle = 42\n",
        "book.toml:3:9: `book.title` must be a string, found integer",
    );
}

#[test]
fn wrong_type_authors() {
    fails(
        "[book]\nauthors = \"me\"\n",
        "book.toml:2:11: `book.authors` must be an array of strings",
    );
}

#[test]
fn wrong_type_docket_table() {
    fails(
        "[preprocessor]\ndocket = 1\n",
        "book.toml:2:10: `preprocessor.docket` must be a table",
    );
}

#[test]
fn wrong_type_manifest() {
    fails(
        "[preprocessor.docket]\nmanifest = [\"a\"]\n",
        "book.toml:2:12: `preprocessor.docket.manifest` must be a string",
    );
}

#[test]
fn bad_rule_severity() {
    fails(
        "[preprocessor.docket.rules]\nlink-broken = \"fatal\"\n",
        "book.toml:2:15: `preprocessor.docket.rules.link-broken` = \"fatal\" is not a severity",
    );
}

#[test]
fn missing_manifest_file() {
    fails(
        "[book]\ntitle = \"x\"\n\n[preprocessor.docket]\nmanifest = \"schemas/nope.yaml\"\n",
        "book.toml:5:12: manifest `schemas/nope.yaml` does not exist",
    );
}

#[test]
fn src_escaping_the_root() {
    fails(
        "[book]\nsrc = \"../..\"\n",
        "book.toml:2:7: `book.src` = \"../..\" points outside the book root",
    );
}

#[test]
fn missing_src_folder() {
    let book = Book::new(&[("book.toml", "[book]\nsrc = \"docs\"\n")]);
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("docs/SUMMARY.md: not found"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_keys_warn_with_line_and_still_run() {
    let book = book_with(
        "[book]\ntitle = \"x\"\ncolour = \"red\"\n\n[preprocessor.docket]\nmanifset = \"m.yaml\"\n\n[preprocessor.docket.rules]\nno-such-rule = \"off\"\n",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let warnings: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(warnings.len(), 3, "{}", r.stderr);
    assert!(
        warnings[0].starts_with("warning: ")
            && warnings[0].contains("book.toml:3:1: unknown key `book.colour`"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].contains("book.toml:6:1: unknown docket key `preprocessor.docket.manifset`"),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[2].contains("book.toml:9:1: unknown rule `no-such-rule`"),
        "{}",
        warnings[2]
    );
}

#[test]
fn docket_table_at_top_level_warns() {
    let book = book_with("[docket]\nmanifest = \"m.yaml\"\n");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("book.toml:1:2: unknown table or key `docket`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("[preprocessor.docket]"), "{}", r.stderr);
}

#[test]
fn bad_usage_exits_2() {
    let book = book_with("");
    let r = book.run(&["frobnicate"]);
    assert_eq!(r.code, 2);
    let r = book.run(&["check", "--no-such-flag"]);
    assert_eq!(r.code, 2);
}

#[test]
fn root_that_is_not_a_folder() {
    let book = book_with("");
    let r = book.run(&["check", "--root", "book.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("book.toml: is not a folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn non_utf8_page_names_file_and_line() {
    let book = book_with("");
    common::write(&book.path().join("src/a.md"), b"# A\n\nok \xff bad\n");
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("a.md:3:4: not valid UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_templates_folder_is_a_warning() {
    let book = book_with("[book]\n\n[preprocessor.docket]\ntemplates = \"theme\"\n");
    let r = book.run(&["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.starts_with("warning: ")
            && r.stderr.contains(
                "book.toml:4:13: templates folder `theme` does not exist, so the built-in templates are used"
            ),
        "{}",
        r.stderr
    );
    // Once it exists, nothing to say.
    book.write("theme/.keep", "");
    let r = book.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("templates folder"), "{}", r.stderr);
}

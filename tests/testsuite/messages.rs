//! Messages for inputs that used to get a wrong or unhelpful one: each names
//! the file, the line and column, and what to do, and none calls itself a
//! docket bug.

use crate::common;
use common::Book;

fn check(book: &Book) -> common::Run {
    book.run(&["check", "--format", "short"])
}

#[test]
fn manifest_numbers_past_64_bits_or_with_a_decimal_point_are_placed() {
    for (value, want) in [
        ("18446744073709551616", "does not fit in 64 bits"),
        ("4.0", "write it as the whole number `4`"),
        ("4e0", "write it as the whole number `4`"),
    ] {
        let book = Book::fixture("clean");
        book.edit(
            "schemas/readiness.yaml",
            "total: 4, closed: 3",
            &format!("total: {value}, closed: 3"),
        );
        let r = check(&book);
        assert_eq!(r.code, 2, "{value}: {}", r.stderr);
        assert!(
            r.stderr.contains("schemas/readiness.yaml:13:22: "),
            "{value}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(want), "{value}: {}", r.stderr);
        assert!(!r.stderr.contains("docket bug"), "{value}: {}", r.stderr);
    }
}

#[test]
fn a_byte_order_mark_before_a_start_marker_on_line_one_is_no_marker_error() {
    let book = Book::fixture("clean");
    let page = book
        .read("src/guide/profiles.md")
        .replacen("# Profiles\n\n", "", 1);
    book.write("src/guide/profiles.md", &format!("\u{FEFF}{page}"));
    let r = check(&book);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // Stale, then refreshed in place: the BOM stays, the block is rewritten.
    book.edit(
        "schemas/readiness.yaml",
        "summary: Checked everything.",
        "summary: Checks all of it.",
    );
    let r = book.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = book.read("src/guide/profiles.md");
    assert!(after.starts_with("\u{FEFF}<!-- GENERATED:profiles-table:start -->"));
    assert!(after.contains("Checks all of it."));
    // A heading after a BOM is a heading.
    let book = Book::fixture("clean");
    let page = book.read("src/guide/output.md");
    book.write("src/guide/output.md", &format!("\u{FEFF}{page}"));
    assert_eq!(book.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(book.path().join("book/guide/output.html")).expect("page");
    assert!(html.contains("<h1 id=\"output\">"), "{html}");
}

#[test]
fn a_byte_order_mark_in_a_fact_source_is_named() {
    for file in ["package.json", ".beads/issues.jsonl"] {
        let book = Book::fakec_fixed();
        let text = book.read(file);
        book.write(file, &format!("\u{FEFF}{text}"));
        let r = check(&book);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("{file}:1:1: ")), "{}", r.stderr);
        assert!(r.stderr.contains("byte order mark"), "{}", r.stderr);
    }
}

#[test]
fn an_integer_past_64_bits_in_book_toml_is_an_error() {
    let book = Book::fixture("clean");
    book.edit(
        "book.toml",
        "[preprocessor.docket]\n",
        "[preprocessor.docket]\nretries = 99999999999999999999\n",
    );
    let r = check(&book);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("book.toml:6:11: "), "{}", r.stderr);
    assert!(r.stderr.contains("does not fit in 64 bits"), "{}", r.stderr);
}

#[test]
fn mdbook_preprocessor_marker_errors_name_the_chapter() {
    let book = Book::fixture("clean");
    let root = book.path().to_str().expect("utf-8").replace('\\', "\\\\");
    let input = format!(
        r##"[{{"root": "{root}", "config": {{}}, "renderer": "html", "mdbook_version": "0.4.40"}},
            {{"sections": [{{"Chapter": {{"name": "P", "content": "# P\n\n<!-- GENERATED:profiles-table:end -->\n",
              "path": "guide/profiles.md", "source_path": "guide/profiles.md", "sub_items": []}}}}]}}]"##
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("mdbook")
        .current_dir(book.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("src/guide/profiles.md:3:1: "),
        "the chapter is not named: {stderr}"
    );
}

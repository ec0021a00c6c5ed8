//! `book.toml` parsing: defaults, known tables, warnings and errors with positions.

use super::*;

fn parse_ok(text: &str) -> (Config, Vec<ConfigWarning>) {
    parse(text, Path::new("."), Path::new("book.toml")).expect("valid config")
}

fn parse_err(text: &str) -> String {
    parse(text, Path::new("."), Path::new("book.toml"))
        .expect_err("invalid config")
        .to_string()
}

#[test]
fn mdbook_defaults() {
    let (c, w) = parse_ok("");
    assert!(w.is_empty());
    assert_eq!(c.book.src, PathBuf::from("src"));
    assert_eq!(c.book.language, "en");
    assert_eq!(c.build_dir, PathBuf::from("book"));
    assert_eq!(c.book.title, None);
}

#[test]
fn reads_all_known_tables() {
    let (c, w) = parse_ok(
        "[book]\ntitle = \"T\"\nauthors = [\"a\", \"b\"]\nsrc = \"content\"\n\n\
         [output.html]\nsite-url = \"/x/\"\nedit-url-template = \"https://e/{path}\"\n\n\
         [preprocessor.docket]\ncommand = \"docket mdbook\"\nmanifest = \"schemas/m.yaml\"\n\n\
         [preprocessor.docket.rules]\nsummary-orphan = \"off\"\n",
    );
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(c.book.title.as_deref(), Some("T"));
    assert_eq!(c.book.authors, ["a", "b"]);
    assert_eq!(c.book.src, PathBuf::from("content"));
    assert_eq!(c.html.site_url.as_deref(), Some("/x/"));
    assert_eq!(c.docket.manifest, Some(PathBuf::from("schemas/m.yaml")));
    assert_eq!(c.severity("summary-orphan"), Severity::Off);
    assert_eq!(c.severity("link-broken"), Severity::Error);
    assert_eq!(
        c.origin("preprocessor.docket.manifest").map(|o| o.line),
        Some(12)
    );
}

#[test]
fn unknown_docket_key_warns_with_line() {
    let (_, w) = parse_ok("[book]\n\n[preprocessor.docket]\nmanifset = \"x\"\n");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].at.line, 4);
    assert_eq!(w[0].at.col, 1);
    assert!(w[0].message.contains("manifset"), "{}", w[0].message);
}

#[test]
fn unknown_top_level_table_warns() {
    let (_, w) = parse_ok("[docket]\nmanifest = \"x\"\n");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].at.line, 1);
    assert!(w[0].message.contains("[preprocessor.docket]"));
}

#[test]
fn wrong_type_names_line_and_column() {
    let e = parse_err("[book]\ntitle = 3\n");
    assert_eq!(
        e,
        "book.toml:2:9: `book.title` must be a string, found integer; change the value's type"
    );
}

#[test]
fn syntax_error_names_line() {
    let e = parse_err("[book]\ntitle = \"x\n");
    assert!(e.starts_with("book.toml:2:"), "{e}");
    assert!(e.contains("invalid TOML"), "{e}");
}

#[test]
fn bad_severity_is_an_error() {
    let e = parse_err("[preprocessor.docket.rules]\nlink-broken = \"loud\"\n");
    assert!(e.starts_with("book.toml:2:15:"), "{e}");
}

#[test]
fn src_outside_root_is_refused() {
    let e = parse_err("[book]\nsrc = \"../..\"\n");
    assert!(e.starts_with("book.toml:2:7:"), "{e}");
    assert!(e.contains("outside the book root"), "{e}");
}

#[test]
fn git_history_settings() {
    let (c, w) = parse_ok("");
    assert!(w.is_empty());
    assert!(c.docket.facts.history, "on by default");
    assert_eq!(c.docket.facts.history_max_commits, 20_000);
    let (c, w) =
        parse_ok("[preprocessor.docket.facts]\nhistory = false\nhistory-max-commits = 500\n");
    assert!(w.is_empty(), "{w:?}");
    assert!(!c.docket.facts.history);
    assert_eq!(c.docket.facts.history_max_commits, 500);
    let e = parse_err("[preprocessor.docket.facts]\nhistory = \"no\"\n");
    assert!(e.starts_with("book.toml:2:"), "{e}");
    assert!(e.contains("history"), "{e}");
    let e = parse_err("[preprocessor.docket.facts]\n\nhistory-max-commits = -3\n");
    assert!(e.starts_with("book.toml:3:"), "{e}");
    assert!(e.contains("a positive number of commits"), "{e}");
}

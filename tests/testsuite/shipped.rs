//! The shipped book (book.toml, content/, schemas/): clean, and it builds a page
//! per SUMMARY entry.

use crate::common;
use common::Book;

#[test]
fn shipped_content_checks_clean() {
    let book = Book::shipped();
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("docket: no drift in "), "{}", r.stdout);
    assert_eq!(
        common::without_git_note(&r.stderr),
        "",
        "no config warnings on the shipped book.toml"
    );
}

#[test]
fn build_writes_a_page_per_summary_entry() {
    let site = common::shipped_site();
    let root = site.parent().expect("the book root");
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect("readable file");
    let summary = docket::input::book::parse_summary(&read("content/SUMMARY.md"));
    let mut n = 0;
    for item in &summary.items {
        if let docket::input::book::SummaryItem::Chapter {
            path: Some(p),
            title,
            ..
        } = item
        {
            if p == "index.md" {
                // The introduction is the front page, inside the dashboard.
                let front = read("site/index.html");
                assert!(
                    front.contains("Readiness dashboard") && front.contains("id=\"workstreams\"")
                );
                n += 1;
                continue;
            }
            let html = read(&format!("site/{}", docket::output::site::html_path(p)));
            assert!(html.starts_with("<!DOCTYPE html>"), "{p}");
            assert!(
                html.contains(&format!("<title>{title} - ")),
                "{p} has its title"
            );
            assert!(
                html.contains("aria-current=\"page\""),
                "{p} marks itself in the sidebar"
            );
            let md_hrefs = html
                .split("href=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
                .filter(|h| !h.contains("://") && (h.ends_with(".md") || h.contains(".md#")))
                .count();
            assert_eq!(
                md_hrefs, 0,
                "{p}: every relative .md link is rewritten to .html"
            );
            n += 1;
        }
    }
    assert!(n >= 13, "SUMMARY lists the whole doc set, found {n}");
    assert!(site.join("docket.css").is_file());
}

#[test]
fn build_is_deterministic_and_replaces_its_own_output() {
    let book = Book::shipped();
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("no drift"),
        "build prints the drift summary: {}",
        r.stdout
    );
    let first = common::snapshot(&book.path().join("site"));
    assert_eq!(book.run(&["build"]).code, 0);
    let second = common::snapshot(&book.path().join("site"));
    assert_eq!(first, second);
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let book = Book::shipped();
    book.write("mine/notes.txt", "precious");
    let r = book.run(&["build", "-d", "mine"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("was not written by docket"),
        "{}",
        r.stderr
    );
    assert_eq!(book.read("mine/notes.txt"), "precious");
    let r = book.run(&["build", "-d", "."]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("overlap the book root"), "{}", r.stderr);
    let r = book.run(&["build", "--dest-dir", "out/html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(book.path().join("out/html/index.html").is_file());
}

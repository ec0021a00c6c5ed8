//! mdBook's features, one small book each (no corpus needed): includes with
//! ranges and anchors, hidden lines, `README.md` as `index.html`, `.html`
//! links, another tool's GENERATED markers, and the `book/` folder shared with
//! mdBook's own site.

use crate::common;
use common::Book;

const SUMMARY: &str = "# Summary\n\n- [Intro](README.md)\n- [Code](code.md)\n";

/// A book whose chapters are `README.md` and `code.md` (given), plus `files`.
fn book(code: &str, files: &[(&str, &str)]) -> Book {
    let mut all: Vec<(&str, &str)> = vec![
        ("book.toml", "[book]\ntitle = \"Features\"\n"),
        ("src/SUMMARY.md", SUMMARY),
        (
            "src/README.md",
            "# Intro\n\nSee [the code](code.md#the-code).\n",
        ),
        ("src/code.md", code),
    ];
    all.extend_from_slice(files);
    Book::new(&all)
}

const LISTING: &str =
    "fn one() {}\n// ANCHOR: two\nfn two() {}\n// ANCHOR_END: two\nfn three() {}\nfn four() {}\n";

#[test]
fn includes_take_line_ranges_and_anchors_and_their_files_are_no_orphans() {
    let b = book(
        "# The code\n\n```rust\n{{#include listing.rs:5:6}}\n```\n\n```rust\n{{#include listing.rs:two}}\n```\n\nEscaped: \\{{#include listing.rs}}\n",
        &[
            ("src/listing.rs", LISTING),
            ("src/part.md", "## Part {#part}\n\nIncluded.\n"),
        ],
    );
    let check = b.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = b.read("site/code.html");
    assert!(
        html.contains("three") && html.contains("four"),
        "range 5:6: {html}"
    );
    assert!(html.contains("two"), "the anchor's lines: {html}");
    assert!(
        !html.contains("one()"),
        "lines outside range and anchor: {html}"
    );
    assert!(
        !html.contains("ANCHOR"),
        "anchor lines are not shown: {html}"
    );
    assert!(
        html.contains("{{#include listing.rs}}"),
        "an escape is shown as written, without its backslash: {html}"
    );
    assert!(!html.contains("\\{{#include"), "{html}");

    // An anchor into an included Markdown file resolves; a missing one is named.
    b.edit(
        "src/code.md",
        "# The code\n",
        "# The code\n\n{{#include part.md}}\n\nSee [part](#part) and [gone](#gone).\n",
    );
    let check = b.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("#gone"), "{}", check.stdout);
    assert!(!check.stdout.contains("`#part`"), "{}", check.stdout);
    assert!(
        !check.stdout.contains("summary-orphan"),
        "an included page is no orphan: {}",
        check.stdout
    );
}

#[test]
fn a_missing_include_stays_as_written_with_a_warning_naming_it() {
    let b = book("# The code\n\n{{#include nowhere.rs}}\n", &[]);
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("nowhere.rs") && r.stderr.contains("code.md"),
        "{}",
        r.stderr
    );
    assert!(b.read("site/code.html").contains("{{#include nowhere.rs}}"));
}

#[test]
fn hidden_lines_are_marked_in_rust_and_in_configured_languages() {
    let b = book(
        "# The code\n\n```rust\n# fn main() {\nlet shown = 1;\n# }\n```\n\n```python\n~import os\nprint(1)\n```\n",
        &[],
    );
    b.write(
        "book.toml",
        "[book]\ntitle = \"Features\"\n\n[output.html.code.hidelines]\npython = \"~\"\n",
    );
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = b.read("site/code.html");
    // One run per stretch of hidden lines: Rust's first and last, Python's first.
    assert_eq!(html.matches("<span class=\"boring\">").count(), 3, "{html}");
    assert!(
        !html.contains("# fn main"),
        "the `# ` prefix is dropped: {html}"
    );
    assert!(
        !html.contains("~import"),
        "the configured prefix is dropped: {html}"
    );
    assert_eq!(
        html.matches("class=\"docket-show-hidden\"").count(),
        2,
        "a button per block with hidden lines: {html}"
    );
}

#[test]
fn readme_is_the_index_page_and_links_to_it_resolve_either_way() {
    let b = book(
        "# The code\n\nBack to [the intro](README.md) and [as html](index.html#intro).\n",
        &[],
    );
    let check = b.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(b.path().join("site/index.html").is_file());
    assert!(!b.path().join("site/README.html").exists());
    let html = b.read("site/code.html");
    assert!(
        html.contains("href=\"index.html\""),
        "README.md links to index.html: {html}"
    );
    // mdBook writes no README.html either: a link to it is broken.
    b.edit(
        "src/code.md",
        "[as html]",
        "[by file](README.html) [as html]",
    );
    let check = b.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("link-broken") && check.stdout.contains("README.html"),
        "{}",
        check.stdout
    );
}

#[test]
fn html_links_name_chapters_as_md_links_do() {
    let b = book(
        "# The code\n\n[intro](README.md#intro), [code](code.html#the-code), [query](code.html?x=1#the-code), [mail](mailto:a@b.org), <a@b.org>.\n",
        &[],
    );
    let check = b.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    b.edit(
        "src/code.md",
        "[code](code.html#the-code)",
        "[code](code.html#nope) [gone](gone.html)",
    );
    let check = b.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("anchor-broken") && check.stdout.contains("nope"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("link-broken") && check.stdout.contains("gone.html"),
        "{}",
        check.stdout
    );
    assert_eq!(
        check
            .stdout
            .lines()
            .filter(|l| l.contains("code.md:"))
            .count(),
        2,
        "{}",
        check.stdout
    );
}

#[test]
fn another_tools_generated_markers_are_left_alone_with_a_warning() {
    let page = "# The code\n\n<!-- GENERATED:other-tool:start -->\nkept as written\n<!-- GENERATED:other-tool:end -->\n";
    let b = book(page, &[]);
    for args in [
        &["check", "--format", "short"][..],
        &["sync"],
        &["build", "-d", "site"],
    ] {
        let r = b.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("GENERATED:other-tool"),
            "{args:?} names the marker: {}",
            r.stderr
        );
    }
    assert_eq!(
        b.read("src/code.md"),
        page,
        "sync leaves another tool's block alone"
    );
}

#[test]
fn the_book_folder_is_shared_with_mdbook_and_only_dockets_files_change() {
    let b = book("# The code\n\nText.\n", &[("src/extra.md", "# Extra\n")]);
    b.edit(
        "src/SUMMARY.md",
        "- [Code](code.md)\n",
        "- [Code](code.md)\n- [Extra](extra.md)\n",
    );
    // What `mdbook build` left in book/.
    b.write("book/book.js", "// mdBook\n");
    b.write("book/index.html", "<p>mdBook's page</p>\n");
    b.write("book/mdbook-only.html", "<p>mdBook's own</p>\n");
    let r = b.run(&["build"]);
    assert_eq!(r.code, 0, "no flag, no refusal: {}", r.stderr);
    assert_eq!(b.read("book/book.js"), "// mdBook\n");
    assert!(b.read("book/mdbook-only.html").contains("mdBook's own"));
    assert!(
        b.read("book/index.html").contains("Intro"),
        "docket's page is written over mdBook's"
    );
    assert!(b.path().join("book/extra.html").is_file());
    let marker = b.read("book/.docket-site");
    assert!(
        marker.lines().any(|l| l == "extra.html"),
        "the marker lists docket's files: {marker}"
    );
    assert!(
        !marker
            .lines()
            .any(|l| l == "book.js" || l == "mdbook-only.html"),
        "{marker}"
    );

    // A chapter removed: docket removes the page it wrote, nothing else.
    b.edit("src/SUMMARY.md", "- [Extra](extra.md)\n", "");
    std::fs::remove_file(b.path().join("src/extra.md")).expect("remove");
    let r = b.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !b.path().join("book/extra.html").exists(),
        "docket's old page is gone"
    );
    assert_eq!(b.read("book/book.js"), "// mdBook\n");
    assert!(b.read("book/mdbook-only.html").contains("mdBook's own"));

    // Any other folder docket did not write is still refused.
    b.write("elsewhere/notes.txt", "mine\n");
    let r = b.run(&["build", "-d", "elsewhere"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(b.read("elsewhere/notes.txt"), "mine\n");
}

/// The sidebar's chapter numbers, as `(number, title)` in the order shown.
fn numbered(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for li in html.split("<li class=\"chapter depth-").skip(1) {
        let li = li.split("</li>").next().unwrap_or("");
        let li = li.split_once('>').map_or("", |(_, r)| r);
        let number = li
            .split_once("<strong aria-hidden=\"true\">")
            .and_then(|(_, r)| r.split_once("</strong>"))
            .map_or(String::new(), |(n, _)| n.to_string());
        let after_number = li.split_once("</strong>").map_or(li, |(_, r)| r);
        let mut text = String::new();
        let mut in_tag = false;
        for c in after_number.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text.trim().to_string();
        out.push((number, text));
    }
    out
}

#[test]
fn chapters_are_numbered_as_mdbook_numbers_them() {
    let summary = "# Summary\n\n[Foreword](foreword.md)\n\n- [Start](README.md)\n    - [One](a.md)\n    - [Two](b.md)\n- [Later]()\n\n---\n\n# Second part\n\n- [Deep](c.md)\n    - [Deeper](d.md)\n        - [Deepest](e.md)\n\n---\n\n[Afterword](after.md)\n";
    let pages: Vec<(String, String)> = ["foreword", "README", "a", "b", "c", "d", "e", "after"]
        .iter()
        .map(|f| (format!("src/{f}.md"), format!("# {f}\n\ntext\n")))
        .collect();
    let mut all: Vec<(&str, &str)> = vec![
        ("book.toml", "[book]\ntitle = \"Numbers\"\n"),
        ("src/SUMMARY.md", summary),
    ];
    all.extend(pages.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let b = Book::new(&all);
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = numbered(&b.read("site/a.html"));
    let want: Vec<(String, String)> = [
        ("", "Foreword"),
        ("1.", "Start"),
        ("1.1.", "One"),
        ("1.2.", "Two"),
        ("2.", "Later"),
        ("3.", "Deep"),
        ("3.1.", "Deeper"),
        ("3.1.1.", "Deepest"),
        ("", "Afterword"),
    ]
    .iter()
    .map(|(n, t)| (n.to_string(), t.to_string()))
    .collect();
    let shown: Vec<(String, String)> = got.into_iter().filter(|(_, t)| !t.is_empty()).collect();
    assert_eq!(shown, want);

    // `no-section-label` turns them off.
    b.write(
        "book.toml",
        "[book]\ntitle = \"Numbers\"\n\n[output.html]\nno-section-label = true\n",
    );
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !b.read("site/a.html")
            .contains("<strong aria-hidden=\"true\">")
    );
}

#[test]
fn fragments_and_templates_are_no_orphans_but_a_forgotten_page_is() {
    let b = book(
        "# The code\n\ntext\n",
        &[
            ("src/templates/card.md", "# {{title}}\n\n{{body}}\n"),
            ("src/other/SUMMARY.md", "# Summary\n\n- [X](x.md)\n"),
            ("src/man.md", "{{#each commands}}\n## {{name}}\n{{/each}}\n"),
            ("src/lost.md", "# Lost\n\nA page nobody listed.\n"),
        ],
    );
    let r = b.run(&["check", "--format", "short"]);
    let orphans: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("summary-orphan"))
        .collect();
    assert_eq!(orphans.len(), 1, "{}", r.stdout);
    assert!(orphans[0].starts_with("src/lost.md"), "{}", r.stdout);
}

#[test]
fn html_settings_for_themes_fold_copy_buttons_and_cname_are_applied() {
    let b = book("# The code\n\n```toml\na = 1\n```\n", &[]);
    b.write(
        "book.toml",
        "[book]\ntitle = \"Features\"\n\n[output.html]\ndefault-theme = \"navy\"\npreferred-dark-theme = \"rust\"\ncname = \"docs.example.org\"\n\n[output.html.fold]\nenable = true\nlevel = 2\n\n[output.html.playground]\ncopyable = false\n",
    );
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("does not apply"),
        "every one of these keys is applied: {}",
        r.stderr
    );
    let page = b.read("site/code.html");
    assert!(page.contains("data-default-theme=\"dark\""), "navy is dark");
    assert!(page.contains("data-dark-theme=\"light\""), "rust is light");
    assert!(page.contains("<div id=\"docket-chapters\" data-fold=\"2\">"));
    assert!(page.contains("<div class=\"buttons\">") && !page.contains("docket-copy"));
    assert_eq!(b.read("site/CNAME"), "docs.example.org\n");

    // Without them: no attributes, copy buttons, no CNAME.
    b.write("book.toml", "[book]\ntitle = \"Features\"\n");
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = b.read("site/code.html");
    assert!(!page.contains("data-default-theme=\"") && !page.contains("data-fold=\""));
    assert!(page.contains("docket-copy"));
    assert!(!b.path().join("site/CNAME").exists());
}

#[test]
fn playpen_is_read_as_playground() {
    let b = book("# The code\n\n```rust,editable\nlet x = 1;\n```\n", &[]);
    b.write(
        "book.toml",
        "[book]\ntitle = \"Features\"\n\n[output.html.playpen]\neditable = true\n",
    );
    let r = b.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("playpen"),
        "`playpen` is known and applied: {}",
        r.stderr
    );
    let page = b.read("site/code.html");
    assert!(page.contains("language-rust editable"), "{page}");
    assert!(
        !page.contains("fn main"),
        "an editable block is not wrapped in `fn main`: {page}"
    );
}

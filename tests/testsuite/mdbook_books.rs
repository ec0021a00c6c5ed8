//! Three real mdBook books (`../shared/conformance/books`: the Rust Reference,
//! the Cargo Book, the Embedded Rust Book), each copied to a temporary folder
//! as its repository holds it (with a `.git/HEAD` naming `master`, as theirs
//! do) and built with `docket build` in place of `mdbook build`: the build
//! succeeds, links to the books published beside it stay as written, a link
//! to the repository names a file that exists on the repository's branch,
//! `docket check` finds no broken link, and, when mdBook is installed, every
//! chapter's visible text is mdBook's. The Reference's `mdbook-spec`
//! preprocessor (built from its `tools/` with `cargo run`) is declared
//! missing and optional, so both tools leave it out with a warning.
//! Ignored (with the reason in cargo's output) when `../shared` is absent;
//! mandatory under CI=true.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

fn books() -> Option<PathBuf> {
    common::shared_input("conformance/books", "", "the conformance books")
}

/// One book: its repository folder under `books/`, the book root inside it,
/// and the repository URL prefix its links to repository files must use.
struct Real {
    repo: &'static str,
    book: &'static str,
    blob: &'static str,
}

const REAL: &[Real] = &[
    Real {
        repo: "reference",
        book: "",
        blob: "https://github.com/rust-lang/reference/blob/master/",
    },
    Real {
        repo: "cargo-book",
        book: "doc/book",
        blob: "https://github.com/rust-lang/cargo/blob/master/",
    },
    Real {
        repo: "embedded-book",
        book: "",
        blob: "https://github.com/rust-embedded/book/blob/master/",
    },
];

/// Copy the repository, give it a `.git/HEAD` on `master`, and leave the
/// Reference's preprocessor out as a missing optional command.
fn prepare(books: &Path, real: &Real, tmp: &Path) -> PathBuf {
    let repo = tmp.join(real.repo);
    common::copy_writable(&books.join(real.repo), &repo);
    common::write(&repo.join(".git/HEAD"), b"ref: refs/heads/master\n");
    let book = repo.join(real.book);
    let toml = book.join("book.toml");
    let text = std::fs::read_to_string(&toml).expect("book.toml");
    let text = text.replace(
        "command = \"cargo run --release --manifest-path tools/mdbook-spec/Cargo.toml\"",
        "command = \"docket-test-no-mdbook-spec\"\noptional = true",
    );
    common::write(&toml, text.as_bytes());
    book
}

fn parse(html: &str) -> RcDom {
    html5ever::parse_document(RcDom::default(), Default::default()).one(html)
}

fn attr(node: &Handle, name: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn tag(node: &Handle) -> String {
    match &node.data {
        NodeData::Element { name, .. } => name.local.to_string(),
        _ => String::new(),
    }
}

fn first(node: &Handle, pick: &dyn Fn(&Handle) -> bool) -> Option<Handle> {
    if pick(node) {
        return Some(node.clone());
    }
    node.children.borrow().iter().find_map(|c| first(c, pick))
}

/// The visible text under `node`: scripts, styles and the buttons in a code
/// block (made by each tool's script or build) left out, whitespace collapsed.
fn visible(node: &Handle, out: &mut String) {
    for c in node.children.borrow().iter() {
        match &c.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { .. } => {
                let t = tag(c);
                let class = attr(c, "class").unwrap_or_default();
                if t == "script" || t == "style" || (t == "div" && class == "buttons") {
                    continue;
                }
                // Block elements separate words; inline ones (a highlighted
                // token, a link) do not.
                let block = matches!(
                    t.as_str(),
                    "p" | "div"
                        | "li"
                        | "pre"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "td"
                        | "th"
                        | "tr"
                        | "br"
                        | "table"
                        | "ul"
                        | "ol"
                        | "dt"
                        | "dd"
                        | "blockquote"
                        | "section"
                        | "hr"
                        | "details"
                        | "summary"
                );
                if block {
                    out.push(' ');
                }
                visible(c, out);
                if block {
                    out.push(' ');
                }
            }
            _ => visible(c, out),
        }
    }
}

/// A chapter's body text: mdBook's `<main>`, docket's `article.markdown`.
fn chapter_text(html: &str) -> Option<String> {
    let dom = parse(html);
    let body = first(&dom.document, &|n| {
        tag(n) == "article"
            && attr(n, "class").is_some_and(|c| c.split(' ').any(|x| x == "markdown"))
    })
    .or_else(|| first(&dom.document, &|n| tag(n) == "main"))?;
    let mut s = String::new();
    visible(&body, &mut s);
    Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn html_files(site: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

fn hrefs(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<a [^>]*?href="([^"]*)""#).expect("regex");
    re.captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}

/// Relative link targets written in the book's Markdown that climb out of
/// the source folder from their page: what a reader's site resolves beside
/// this book.
fn leaving_links(src: &Path) -> Vec<String> {
    // Inline `](../x)` and reference definitions `]: ../x`.
    let re = regex::Regex::new(r"\](?:\(|: )((?:\.\./)+[^)\s#]*)").expect("regex");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let depth = e
            .path()
            .strip_prefix(src)
            .map_or(0, |r| r.components().count().saturating_sub(1));
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        for c in re.captures_iter(&text) {
            let t = c[1].to_string();
            if t.matches("../").count() > depth {
                out.push(t);
            }
        }
    }
    out
}

#[test]
#[cfg_attr(
    docket_no_shared,
    ignore = "needs ../shared/conformance beside the repository"
)]
fn real_mdbook_books_build_and_read_as_mdbook_shows_them() {
    let Some(books) = books() else { return };
    let mdbook = common::mdbook();
    let tmp = tempfile::tempdir().expect("temp dir");
    for real in REAL {
        let book = prepare(&books, real, tmp.path());
        let repo = tmp.path().join(real.repo);
        let run = common::docket(&book, &["build", "-d", "site"]);
        assert_eq!(run.code, 0, "{}: {}{}", real.repo, run.stdout, run.stderr);
        let site = book.join("site");
        let pages = html_files(&site);
        assert!(pages.len() > 20, "{}: {} pages", real.repo, pages.len());

        // Links out of the book: to a file of the repository that exists, on
        // its branch, or as written.
        let written = leaving_links(&book.join("src"));
        // Absolute URLs the pages write themselves are theirs, not docket's.
        let sources: String = walkdir::WalkDir::new(book.join("src"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        let mut kept = 0usize;
        for page in &pages {
            let html = std::fs::read_to_string(page).expect("page");
            for h in hrefs(&html) {
                assert!(
                    sources.contains(&h)
                        || !h.contains("/blob/main/")
                            && !h.contains("/tree/master/doc/book/src/blob"),
                    "{}: {} links {h}",
                    real.repo,
                    page.display()
                );
                if let Some(rel) = h.strip_prefix(real.blob).filter(|_| !sources.contains(&h)) {
                    let rel = rel.split('#').next().unwrap_or(rel);
                    assert!(
                        repo.join(rel).exists(),
                        "{}: {} links {h}, a file the repository does not have",
                        real.repo,
                        page.display()
                    );
                }
                let path = h.split(['#', '?']).next().unwrap_or("");
                if written.iter().any(|w| w.replace(".md", ".html") == path) {
                    kept += 1;
                }
            }
        }
        let siblings = written
            .iter()
            .filter(|w| !book.join("src").join(w).exists())
            .count();
        if siblings > 0 {
            assert!(
                kept > 0,
                "{}: none of {siblings} links beside the book kept as written",
                real.repo
            );
        }
        println!(
            "{}: {} pages, {kept} links beside the book kept as written",
            real.repo,
            pages.len()
        );

        // Fragment redirects onto an existing chapter are the chapter's.
        if real.repo == "reference" {
            let page = std::fs::read_to_string(site.join("attributes.html")).expect("page");
            assert!(
                page.contains("fragmentMap")
                    && page.contains("\"#derive\":\"attributes/derive.html\""),
                "attributes.html sends its old fragments on"
            );
        }
        // A nested first chapter is the front page, styled from the root.
        if real.repo == "embedded-book" {
            let front = std::fs::read_to_string(site.join("index.html")).expect("front");
            assert!(front.contains("href=\"docket.css?v="), "front page styles");
            assert!(
                !front.contains("href=\"../"),
                "front page links from the root"
            );
        }
        // No broken link a published site would show. (The repository's own
        // Markdown beside the book is checked too, and is not published:
        // the Reference's `reference.md` stub points at `reference/index.html`,
        // which no clone has.)
        let check = common::docket(&book, &["check", "--format", "short"]);
        let broken: Vec<&str> = common::link_errors(&check.stdout)
            .into_iter()
            .filter(|l| l.split(':').next().is_some_and(|path| path.contains('/')))
            .collect();
        assert!(broken.is_empty(), "{}: {broken:#?}", real.repo);

        // The text of every chapter, as mdBook shows it.
        let Some(mdbook) = &mdbook else { continue };
        let out = Command::new(mdbook)
            .args(["build", "-d", "mdbook-site"])
            .current_dir(&book)
            .output()
            .expect("mdbook runs");
        assert!(
            out.status.success(),
            "{}: mdbook build: {}",
            real.repo,
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = book.join("mdbook-site");
        let mut differ = BTreeMap::new();
        let mut compared = 0;
        for page in &pages {
            let rel = page.strip_prefix(&site).expect("in site");
            let Ok(want) = std::fs::read_to_string(theirs.join(rel)) else {
                continue;
            };
            if rel == Path::new("print.html") || rel == Path::new("404.html") {
                continue;
            }
            let got = std::fs::read_to_string(page).expect("page");
            // Redirect pages have no chapter body.
            if want.contains("http-equiv=\"refresh\"") {
                continue;
            }
            compared += 1;
            let (g, w) = (chapter_text(&got), chapter_text(&want));
            if g != w {
                differ.insert(rel.display().to_string(), (g, w));
            }
        }
        assert!(compared > 20, "{}: compared {compared} chapters", real.repo);
        for (page, (g, w)) in differ.iter().take(3) {
            let (g, w) = (g.clone().unwrap_or_default(), w.clone().unwrap_or_default());
            let at = g.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
            let show = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(60))
                    .take(160)
                    .collect::<String>()
            };
            println!("{page}:\n  docket: {}\n  mdBook: {}", show(&g), show(&w));
        }
        assert!(
            differ.is_empty(),
            "{}: {} of {compared} chapters read differently: {:?}",
            real.repo,
            differ.len(),
            differ.keys().take(10).collect::<Vec<_>>()
        );
        println!("{}: {compared} chapters read as mdBook's", real.repo);
    }
}

//! The built site as a browser sees it: every page is valid HTML (the html5ever
//! parser reports no errors), and every `href` and `src` resolves to a file and,
//! where it has a fragment, to an element id in that file.

use crate::common;
use common::Book;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

struct Page {
    errors: Vec<String>,
    ids: BTreeSet<String>,
    refs: Vec<String>,
}

fn walk(h: &Handle, ids: &mut BTreeSet<String>, refs: &mut Vec<String>) {
    if let NodeData::Element { attrs, .. } = &h.data {
        for a in attrs.borrow().iter() {
            let name = a.name.local.to_string();
            if name == "id" {
                ids.insert(a.value.to_string());
            }
            if name == "href" || name == "src" {
                refs.push(a.value.to_string());
            }
        }
    }
    for c in h.children.borrow().iter() {
        walk(c, ids, refs);
    }
}

fn parse(html: &str) -> Page {
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let dom: RcDom = html5ever::parse_document(RcDom::default(), opts).one(html);
    let mut ids = BTreeSet::new();
    let mut refs = Vec::new();
    walk(&dom.document, &mut ids, &mut refs);
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    Page { errors, ids, refs }
}

fn site_pages(site: &Path) -> BTreeMap<PathBuf, Page> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let html = std::fs::read_to_string(e.path()).expect("html");
            (e.path().to_path_buf(), parse(&html))
        })
        .collect()
}

fn check_site(site: &Path, crawl: bool) {
    let pages = site_pages(site);
    assert!(pages.len() > 3, "pages were built");
    for (path, page) in &pages {
        assert_eq!(
            page.errors,
            Vec::<String>::new(),
            "{} is not valid HTML",
            path.display()
        );
        if !crawl {
            continue;
        }
        for r in &page.refs {
            if r.contains("://") || r.starts_with("data:") || r.starts_with("mailto:") {
                continue;
            }
            let (file, frag) = match r.split_once('#') {
                Some((f, x)) => (f, Some(x)),
                None => (r.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or("");
            let target = if file.is_empty() {
                path.clone()
            } else if let Some(abs) = file.strip_prefix('/') {
                site.join(abs)
            } else {
                path.parent().expect("dir").join(file)
            };
            let target = target
                .canonicalize()
                .unwrap_or_else(|_| panic!("{}: {r} does not resolve", path.display()));
            assert!(
                target.starts_with(site.canonicalize().expect("site")),
                "{}: {r} leaves the site",
                path.display()
            );
            if let Some(frag) = frag.filter(|f| !f.is_empty() && !f.starts_with("search=")) {
                let ids = &pages
                    .get(&target)
                    .unwrap_or_else(|| panic!("{}: {r} is not a page", path.display()))
                    .ids;
                assert!(
                    ids.contains(frag),
                    "{}: {r}: no element with id `{frag}`",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn shipped_site_is_valid_html_and_every_link_resolves() {
    check_site(common::shipped_site(), true);
}

#[test]
fn drifted_site_with_marks_is_valid_and_links_resolve() {
    let book = Book::fixture("broken");
    book.write("src/guide/old.md", "# Old\n");
    book.edit(
        "src/guide/profiles.md",
        "| Checked everything. |",
        "| Checked everything, by hand. |",
    );
    book.edit(
        "src/index.md",
        "Nothing else.",
        "Nothing else. The release gate is closed.\n\n> [!WARNING]\n> Careful <b>now</b>.",
    );
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = book.path().join("book");
    // Its links are broken on purpose: validate the HTML, crawl only the clean one.
    check_site(&site, false);
    let drift = std::fs::read_to_string(site.join("docket-drift.html")).expect("drift page");
    assert!(drift.contains("id=\"f-0\""), "findings are anchored");
    let page = std::fs::read_to_string(site.join("guide/output.html")).expect("page");
    assert!(
        page.contains("class=\"drift-mark error\""),
        "the broken link is marked"
    );
}

#[test]
fn links_out_of_the_book_go_to_the_repository() {
    let book = Book::fixture("clean");
    book.write("scripts/ci/local.sh", "#!/bin/sh\n");
    book.write(
        "book.toml",
        "[book]\ntitle = \"Widget\"\n\n[output.html]\ngit-repository-url = \"https://github.com/acme/widget\"\n\n[preprocessor.docket]\nmanifest = \"schemas/readiness.yaml\"\n",
    );
    book.edit("src/guide/output.md", "# Output\n", "# Output\n\nRun [the CI script](../../scripts/ci/local.sh) and [a missing one](../../scripts/nope.sh).\n");
    let r = book.run(&["check", "--format", "short"]);
    assert!(
        r.stdout.contains("src/guide/output.md:3:52: link-broken"),
        "the missing file is reported: {}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("local.sh"),
        "the existing file is fine: {}",
        r.stdout
    );
    assert_eq!(book.run(&["build"]).code, 0);
    let page = book.read("book/guide/output.html");
    assert!(
        page.contains("href=\"https://github.com/acme/widget/blob/main/scripts/ci/local.sh\""),
        "{page}"
    );
}

#[test]
fn clean_fixture_site_crawls_clean() {
    let book = Book::fixture("clean");
    assert_eq!(book.run(&["build"]).code, 0);
    check_site(&book.path().join("book"), true);
}

#[test]
fn hostile_text_is_escaped_and_sanitize_strips_active_html() {
    let book = Book::fixture("clean");
    // Entities decode to `<script>` in the chapter title.
    book.edit(
        "src/SUMMARY.md",
        "[Output](guide/output.md)",
        "[&lt;script&gt;alert(1)&lt;/script&gt; Output](guide/output.md)",
    );
    book.edit(
        "src/guide/output.md",
        "# Output\n",
        "# Output <img src=x onerror=alert(2)>\n\n<script>alert(3)</script>\n\n<p onclick=\"alert(4)\">raw</p>\n\n[bad](javascript:alert(5)) and [</script><b>](missing-<i>.md)\n",
    );
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = book.path().join("book");
    let page = std::fs::read_to_string(site.join("guide/output.html")).expect("page");
    // Titles from SUMMARY land escaped in <title> and the sidebar.
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)"), "{page}");
    // The drift page and the search index escape doc text too.
    let drift = std::fs::read_to_string(site.join("docket-drift.html")).expect("drift");
    assert!(!drift.contains("<i>.md"), "{drift}");
    let mut index = std::fs::read_to_string(site.join("search-index.js")).expect("index");
    for shard in std::fs::read_dir(site.join("search")).expect("search shards") {
        index += &std::fs::read_to_string(shard.expect("entry").path()).expect("shard");
    }
    assert!(index.contains("alert"), "the doc text is indexed");
    assert!(
        !index.contains("</script>"),
        "the index cannot close a script element"
    );
    // Raw HTML passes through by default, as in mdBook ...
    assert!(page.contains("<script>alert(3)</script>"));
    // ... and `sanitize = true` strips scripts, handlers and javascript: URLs.
    let toml = book.read("book.toml");
    book.write(
        "book.toml",
        &toml.replace(
            "[preprocessor.docket]\n",
            "[preprocessor.docket]\nsanitize = true\n",
        ),
    );
    assert_eq!(book.run(&["build"]).code, 0);
    let page = std::fs::read_to_string(site.join("guide/output.html")).expect("page");
    for bad in ["alert(2)", "alert(3)", "alert(4)", "javascript:"] {
        assert!(!page.contains(bad), "{bad} survived sanitize:\n{page}");
    }
    assert!(page.contains(">raw</p>"));
}

#[test]
fn a_title_cannot_stand_in_for_the_page_body() {
    // The page body is spliced in where the template printed a marker; a title
    // that carries the same text must not receive it.
    let mark = "\u{0}docket-content\u{0}";
    let book = Book::new(&[
        ("book.toml", "[book]\ntitle = \"T\"\n"),
        (
            "src/SUMMARY.md",
            &format!("# Summary\n\n- [A {mark} title](a.md)\n- [B](b.md)\n"),
        ),
        ("src/a.md", "# A\n\nThe body of page a.\n"),
        ("src/b.md", "# B\n\nThe body of page b.\n"),
    ]);
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (page, body) in [("a", "The body of page a."), ("b", "The body of page b.")] {
        let html = book.read(&format!("book/{page}.html"));
        assert_eq!(html.matches(body).count(), 1, "{page}: {html}");
        let main = html.split("<main").nth(1).expect("a main element");
        assert!(main.contains(body), "{page}: the body is in <main>: {html}");
        let title = html.split("</title>").next().expect("a title");
        assert!(
            !title.contains(body),
            "{page}: the body leaked into <title>"
        );
    }
}

#[test]
fn readers_get_the_book_and_maintainers_the_drift() {
    let book = Book::fixture("broken");
    let toml = book.read("book.toml");
    let with = |line: &str| {
        toml.replace(
            "[preprocessor.docket]\n",
            &format!("[preprocessor.docket]\n{line}\n"),
        )
    };
    // With a manifest the default is the maintainers' site.
    assert_eq!(book.run(&["build"]).code, 0);
    let page = book.read("book/guide/output.html");
    assert!(
        page.contains("class=\"drift-summary has-errors\""),
        "{page}"
    );
    assert!(page.contains("class=\"drift-mark error\""), "{page}");
    assert!(
        book.read("book/index.html")
            .contains("<title>Readiness dashboard - ")
    );
    // Readers: no counts, no marks, the book's own front page; the site's own
    // pages are still there, linked once, under "Project status".
    book.write("book.toml", &with("audience = \"readers\""));
    assert_eq!(book.run(&["build"]).code, 0);
    for p in ["guide/output.html", "index.html", "guide/profiles.html"] {
        let page = book.read(&format!("book/{p}"));
        for maintainer in [
            "drift-summary",
            "drift-mark",
            "errors,",
            "Readiness dashboard</h1>",
        ] {
            assert!(!page.contains(maintainer), "{p}: {maintainer}");
        }
        assert_eq!(page.matches("Project status").count(), 1, "{p}");
        // (`/` in a template value is written `&#x2f;`.)
        assert_eq!(
            page.matches("docket-drift.html\"").count(),
            1,
            "{p}: the drift report is linked once"
        );
    }
    let front = book.read("book/index.html");
    assert!(!front.contains("<title>Readiness dashboard"), "{front}");
    assert!(book.path().join("book/docket-dashboard.html").is_file());
    assert!(book.path().join("book/docket-drift.html").is_file());
    // A value that is not an audience is a book.toml error at its place.
    book.write("book.toml", &with("audience = \"reader\""));
    let r = book.run(&["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("book.toml:")
            && r.stderr.contains("`preprocessor.docket.audience` = \"reader\" is not an audience; use \"readers\" or \"maintainers\""),
        "{}",
        r.stderr
    );
    book.write("book.toml", &with("audience = 1"));
    let r = book.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("must be a string"), "{}", r.stderr);
}

#[test]
fn a_mark_sits_right_after_the_text_it_is_about() {
    let book = Book::fixture("broken");
    assert_eq!(book.run(&["build"]).code, 0);
    let page = book.read("book/guide/output.html");
    // The broken link's text is underlined, and the mark follows the link
    // (a button may not sit inside a link), with the finding in its popover.
    let at = "<a href=\"profile.html#choosing-a-profile\"><span class=\"drift-target error\">profiles</span></a><button type=\"button\" class=\"drift-mark error\" popovertarget=\"dm-";
    assert!(page.contains(at), "{page}");
    let pop = page.split("class=\"drift-pop\"").nth(1).expect("a popover");
    assert!(
        pop.contains("does not resolve") && pop.contains("Fix: "),
        "{pop}"
    );
    // A finding whose text is inside a code block is marked at the block.
    assert_eq!(page.matches("class=\"drift-mark").count(), 1);
}

#[test]
fn dashboard_headline_gate_and_bar_agree() {
    let book = Book::fixture("clean");
    book.edit(
        "schemas/readiness.yaml",
        "posture: pre-release",
        "posture: released",
    );
    book.edit(
        "schemas/readiness.yaml",
        "checks: { total: 4, closed: 3 }",
        "checks: { total: 4, closed: 4 }",
    );
    let check = book.run(&["check", "--format", "short"]);
    assert_eq!(book.run(&["build"]).code, 0);
    let dash = book.read("book/index.html");
    assert!(
        dash.contains("widgetc 2.0 is marked released, but its release gate is still open."),
        "{dash}"
    );
    // The bar is not green beside an open gate; the note says what to change.
    assert!(dash.contains("class=\"bar tone-warn\""), "{dash}");
    assert!(!dash.contains("tone-ok"), "{dash}");
    assert!(dash.contains("release.gate.state"), "{dash}");
    // A banner exactly when the check found drift.
    assert_eq!(
        dash.contains("The docs have drifted"),
        check.code == 1,
        "{}\n{dash}",
        check.stdout
    );
    let clean = Book::fixture("clean");
    assert_eq!(clean.run(&["build"]).code, 0);
    let dash = clean.read("book/index.html");
    assert!(!dash.contains("The docs have drifted"));
    assert!(
        dash.contains("widgetc 2.0 is not released yet; its release gate is open."),
        "{dash}"
    );
    assert!(dash.contains("class=\"bar tone-open\""), "{dash}");
}

/// The page frame is stenciled (rendered once per shape, filled per page)
/// only for docket's own templates; a project's copy of the very same
/// templates is rendered per page. Both must give the same site, byte for
/// byte, on pages of every shape: first and last, nested, a draft, a part
/// title, titles with markup characters, pages with and without headings.
#[test]
fn a_stenciled_frame_is_what_the_template_renders_per_page() {
    let mut summary = String::from("# Summary\n\n[Intro & \"more\"](intro.md)\n\n# Part <one>\n\n");
    let mut files: Vec<(String, String)> = vec![(
        "src/intro.md".into(),
        "# Intro & <friends>\n\nText with 'quotes'.\n".into(),
    )];
    for i in 0..12 {
        summary.push_str(&format!("- [Chapter {i} `x` & y](c{i}.md)\n"));
        let body = if i % 3 == 0 {
            format!("Chapter {i} has no heading.\n")
        } else {
            format!("# Chapter {i}\n\n## Part a\n\nText.\n\n## Part b\n\n### Deeper\n\nMore.\n")
        };
        files.push((format!("src/c{i}.md"), body));
        if i % 4 == 1 {
            summary.push_str(&format!("    - [Nested {i}](n/c{i}.md)\n"));
            files.push((format!("src/n/c{i}.md"), format!("# Nested {i}\n\nText.\n")));
        }
    }
    summary.push_str("- [A draft]()\n\n---\n\n[Suffix](suffix.md)\n");
    files.push(("src/suffix.md".into(), "# Suffix\n".into()));
    files.push(("src/SUMMARY.md".into(), summary));
    files.push((
        "book.toml".into(),
        "[book]\ntitle = \"Shapes & <things>\"\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_str()))
        .collect();

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for book in [Book::new(&refs), Book::shipped()] {
        let r = book.run(&["build", "-d", "stenciled"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for name in ["page.html", "base.html"] {
            let own = std::fs::read(repo.join("templates").join(name)).expect("docket's template");
            common::write(&book.path().join("theme-copy").join(name), &own);
        }
        let toml = book.read("book.toml");
        let toml = if toml.contains("[preprocessor.docket]") {
            toml.replace(
                "[preprocessor.docket]",
                "[preprocessor.docket]\ntemplates = \"theme-copy\"",
            )
        } else {
            format!("{toml}\n[preprocessor.docket]\ntemplates = \"theme-copy\"\n")
        };
        book.write("book.toml", &toml);
        let r = book.run(&["build", "-d", "per-page"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let (a, b) = (
            common::snapshot(&book.path().join("stenciled")),
            common::snapshot(&book.path().join("per-page")),
        );
        assert!(a.len() > 10, "{} files", a.len());
        assert_eq!(a.len(), b.len());
        for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
            let pa = pa.strip_prefix(book.path().join("stenciled")).unwrap_or(pa);
            assert_eq!(
                pa,
                pb.strip_prefix(book.path().join("per-page")).unwrap_or(pb)
            );
            assert!(
                ba == bb,
                "{} differs between the stencil and the template rendered per page",
                pa.display()
            );
        }
    }
}

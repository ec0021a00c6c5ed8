//! Book pages: each page's body (with drift marks for maintainers, and a
//! header over every code block naming its language, with a copy button) in
//! the `page.html` frame, rendered and written across the cores; and the front
//! page when the book provides it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use super::frame::{NavLink, Site, TocEntry};
use super::marks::{self, PageSource};
use super::{DRIFT_PAGE, SiteError, html_path, io};
use crate::check::rules::Finding;
use crate::input::book::Page;
use crate::markdown::Doc;

/// Stands for a page's body in the rendered template (a NUL cannot come from
/// a template or a title).
const CONTENT_MARK: &str = "\u{0}docket-content\u{0}";

/// A code block's language as readers name it.
fn language_name(tag: &str) -> Cow<'_, str> {
    let known = match tag.to_ascii_lowercase().as_str() {
        "rust" | "rs" => "Rust",
        "sh" | "bash" | "shell" | "zsh" | "console" | "shell-session" => "Shell",
        "toml" => "TOML",
        "yaml" | "yml" => "YAML",
        "json" | "jsonc" => "JSON",
        "js" | "javascript" | "mjs" => "JavaScript",
        "ts" | "typescript" => "TypeScript",
        "py" | "python" => "Python",
        "hx" | "haxe" => "Haxe",
        "html" => "HTML",
        "css" => "CSS",
        "md" | "markdown" => "Markdown",
        "diff" | "patch" => "Diff",
        "c" => "C",
        "cpp" | "c++" | "cc" => "C++",
        "go" => "Go",
        "java" => "Java",
        "xml" => "XML",
        "sql" => "SQL",
        "ini" => "INI",
        "make" | "makefile" => "Makefile",
        "dockerfile" | "docker" => "Dockerfile",
        "text" | "txt" | "plain" | "plaintext" => "Text",
        _ => return Cow::Borrowed(tag),
    };
    Cow::Borrowed(known)
}

/// Every `<pre><code>` block of rendered Markdown (`<pre class="playground">`
/// too, as mdBook marks Rust) gets mdBook's button container as the first
/// child of its `<pre>`, as mdBook's script makes it (`div.buttons`, which a
/// book's CSS and scripts expect there): docket's language label, copy button,
/// and a button to show hidden lines where the block has some, each a
/// `docket-` class of its own (the buttons are shown by the script).
pub(super) fn decorate_code(html: &str, copy: bool) -> Cow<'_, str> {
    const CLOSE: &str = "</code></pre>";
    // The next `<pre ...><code` at or after `from`: (its start, its `<code`).
    // memchr's searchers: a 1,000-page book is ten megabytes of HTML to scan
    // (twice, with the print page), and `str::find` is several times slower.
    let pre = memchr::memmem::Finder::new("<pre");
    let close = memchr::memmem::Finder::new(CLOSE);
    let next = |from: usize| -> Option<(usize, usize)> {
        let mut at = from;
        loop {
            let p = at + pre.find(html.get(at..)?.as_bytes())?;
            let after = p + "<pre".len();
            if matches!(html.as_bytes().get(after), Some(b'>' | b' ')) {
                let code = after + html[after..].find('>')? + 1;
                if html[code..].starts_with("<code") {
                    return Some((p, code));
                }
            }
            at = after;
        }
    };
    if next(0).is_none() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut at = 0;
    while let Some((p, code)) = next(at) {
        let Some(end) = close
            .find(&html.as_bytes()[p..])
            .map(|e| p + e + CLOSE.len())
        else {
            break;
        };
        let tag_end = html[code..].find('>').map_or(code, |e| code + e);
        let lang = html[code..tag_end]
            .split_once("class=\"language-")
            .and_then(|(_, rest)| rest.split(['"', ' ']).next())
            .unwrap_or("");
        let mut tools = String::new();
        if !lang.is_empty() {
            // From the class, escaped already.
            tools.push_str("<span class=\"docket-code-lang\">");
            tools.push_str(&language_name(lang));
            tools.push_str("</span>");
        }
        // mdBook's runnable Rust: a button sends it to the Rust playground.
        if html[p..code].starts_with("<pre class=\"playground\">") {
            tools.push_str("<button type=\"button\" class=\"docket-run\" hidden>Run</button>");
        }
        if memchr::memmem::find(&html.as_bytes()[p..end], b"<span class=\"boring\">").is_some() {
            tools.push_str("<button type=\"button\" class=\"docket-show-hidden\" aria-pressed=\"false\" hidden>Show hidden lines</button>");
        }
        if copy {
            tools.push_str("<button type=\"button\" class=\"docket-copy\" hidden>Copy</button>");
        }
        out.push_str(&html[at..code]);
        if !tools.is_empty() {
            out.push_str("<div class=\"buttons\">");
            out.push_str(&tools);
            out.push_str("</div>");
        }
        out.push_str(&html[code..end]);
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// Render and write the book pages in `only` (all when `None`). Returns the
/// pages written and, when the dashboard is the front page, the book's index
/// page body, which becomes its introduction.
pub(super) fn write_pages(
    site: &Site<'_>,
    only: Option<&std::collections::BTreeSet<usize>>,
) -> Result<(usize, Option<String>), SiteError> {
    use rayon::prelude::*;
    let project = site.project;
    let pages = project.book.chapters();
    let mut by_page: BTreeMap<&str, Vec<(usize, &Finding)>> = BTreeMap::new();
    if site.marks() {
        for &(i, f) in &site.numbered {
            by_page.entry(f.path.as_str()).or_default().push((i, f));
        }
    }
    let dirs: std::collections::BTreeSet<std::path::PathBuf> = pages
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o.contains(i)))
        .filter_map(|(i, p)| {
            let href = site
                .hrefs
                .get(i)
                .map_or_else(|| html_path(&p.path), Clone::clone);
            site.out.join(href).parent().map(Path::to_path_buf)
        })
        .collect();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    let builtin_page = builtin_page(site);
    // Pages render and are written independently, across the cores; nothing of
    // a page is kept once its file is written.
    let rendered: Vec<Option<String>> = pages
        .par_iter()
        .zip(project.docs.par_iter())
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o.contains(i)))
        .map(|(i, (page, doc))| {
            let rel = project.src_rel(&page.path);
            let mine = by_page.get(rel.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            write_page(site, i, page, doc, mine, builtin_page, None)
        })
        .collect::<Result<_, _>>()?;
    let written = rendered.len();
    Ok((written, rendered.into_iter().flatten().next()))
}

/// Only docket's own page template is known to print the body once, unfiltered.
fn builtin_page(site: &Site<'_>) -> bool {
    !super::frame::overridden(site.project, "page.html")
}

/// Render and write book page `i`, with marks for `mine` (its findings), at
/// its own site path or at `at`; `builtin_page`: the page template is
/// docket's own. Returns the body instead when the page is the dashboard's
/// introduction.
fn write_page(
    site: &Site<'_>,
    i: usize,
    page: &Page,
    doc: &Doc,
    mine: &[(usize, &Finding)],
    builtin_page: bool,
    at: Option<&str>,
) -> Result<Option<String>, SiteError> {
    let own = site
        .hrefs
        .get(i)
        .map_or_else(|| html_path(&page.path), Clone::clone);
    let href = at.map_or_else(|| own.clone(), str::to_string);
    let root = "../".repeat(href.matches('/').count());
    let marked = (!mine.is_empty()).then(|| {
        marks::insert(
            &doc.html,
            &PageSource {
                text: &page.text,
                map: &doc.source_map,
                anchors: &doc.anchors,
            },
            mine,
            &format!("{root}{DRIFT_PAGE}"),
        )
    });
    let body = decorate_code(
        marked.as_deref().unwrap_or(&doc.html),
        site.project.config.html.copyable,
    );
    if href == "index.html" && site.front_is_dashboard {
        // The dashboard takes this page's body as its introduction.
        return Ok(Some(body.into_owned()));
    }
    let frame = PageFrame {
        i,
        page,
        doc,
        own: &own,
        href: &href,
        root: &root,
    };
    let stenciled = if site.stencil_pages {
        stenciled(site, &frame, &body)
    } else {
        None
    };
    let html = match stenciled {
        Some(html) => html,
        None => rendered(site, &frame, body, builtin_page)?,
    };
    let path = site.out.join(&href);
    if site.in_place {
        super::put(site.out, &path, html.as_bytes(), true)?;
    } else {
        std::fs::write(&path, html.as_bytes()).map_err(|source| SiteError::Io { path, source })?;
    }
    Ok(None)
}

/// What a book page's frame is made from besides its body.
struct PageFrame<'p> {
    /// The page's index in the book.
    i: usize,
    page: &'p Page,
    doc: &'p Doc,
    /// The page's own site path.
    own: &'p str,
    /// Where it is written (its own path, or `index.html` for a front copy).
    href: &'p str,
    /// From there to the site root.
    root: &'p str,
}

impl PageFrame<'_> {
    fn title(&self) -> &str {
        self.page.page_title.as_deref().unwrap_or(&self.page.title)
    }

    /// The headings the page's table of contents lists.
    fn toc(&self) -> impl Iterator<Item = &crate::markdown::Heading> {
        self.doc
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
    }

    /// Chapter `j`'s title and its address from this page.
    fn link<'s>(&self, site: &Site<'s>, j: usize) -> Option<(&'s str, String)> {
        let p = site.project.book.chapters().get(j)?;
        let to = site
            .hrefs
            .get(j)
            .map_or_else(|| html_path(&p.path), Clone::clone);
        Some((p.title.as_str(), format!("{}{to}", self.root)))
    }

    fn prev<'s>(&self, site: &Site<'s>) -> Option<(&'s str, String)> {
        self.i.checked_sub(1).and_then(|j| self.link(site, j))
    }

    fn edit_url(&self, site: &Site<'_>) -> Option<String> {
        let rel = site.project.src_rel(&self.page.path);
        site.project
            .config
            .html
            .edit_url_template
            .as_ref()
            .map(|t| t.replace("{path}", &rel))
    }

    /// The values every page has (`Site::base`), for this one.
    fn base<'s>(&self, site: &'s Site<'_>) -> super::frame::Ctx<'s> {
        site.base(
            "page",
            self.title().to_string(),
            self.root.to_string(),
            self.href,
            Some(&self.page.path),
        )
    }
}

/// The slots of the page frame's stencil, in this order, then three per
/// table-of-contents entry (level, id, text).
const PAGE_SLOTS: [&str; 11] = [
    "page_title",
    "root",
    "canonical_url",
    "sidebar",
    "extra_head",
    "content",
    "edit_url",
    "prev.title",
    "prev.href",
    "next.title",
    "next.href",
];

/// The page in its frame from the page template's stencil; `None` when its
/// shape cannot be stenciled.
fn stenciled(site: &Site<'_>, frame: &PageFrame<'_>, body: &str) -> Option<String> {
    use super::stencil::{Slot, probe_value};
    let cfg = &site.project.config;
    let root = frame.root;
    let canonical = cfg
        .html
        .site_url
        .as_ref()
        .map(|u| format!("{}/{}", u.trim_end_matches('/'), frame.href));
    let mut extra_head = super::book_files::extra_head(site.project, root);
    if let Some(script) = site.fragment_scripts.get(frame.href) {
        extra_head.push_str(script);
    }
    let sidebar = site.sidebar_mark(root, frame.own);
    let edit_url = frame.edit_url(site);
    let prev = frame.prev(site);
    let next = frame.link(site, frame.i + 1);
    let levels: Vec<String> = frame.toc().map(|h| h.level.to_string()).collect();
    fn text(v: &Option<String>) -> Slot<'_> {
        v.as_deref().map_or(Slot::Absent, Slot::Text)
    }
    fn link<'a>(l: &'a Option<(&'a str, String)>) -> [Slot<'a>; 2] {
        match l {
            Some((title, href)) => [Slot::Text(title), Slot::Text(href)],
            None => [Slot::Absent, Slot::Absent],
        }
    }
    let mut values = Vec::with_capacity(PAGE_SLOTS.len() + 3 * levels.len());
    values.extend([
        Slot::Text(frame.title()),
        Slot::Text(root),
        text(&canonical),
        match &sidebar {
            None => Slot::Text(""),
            Some((shared, None)) => Slot::Text(shared),
            Some((shared, Some((range, with)))) => Slot::Spliced(shared, range.clone(), with),
        },
        Slot::Text(&extra_head),
        Slot::Text(body),
        text(&edit_url),
    ]);
    values.extend(link(&prev));
    values.extend(link(&next));
    for (h, level) in frame.toc().zip(&levels) {
        values.extend([Slot::Text(level), Slot::Text(&h.id), Slot::Text(&h.text)]);
    }
    site.page_stencils.page(&values, |shape| {
        let ctx = frame.base(site);
        // A NUL in a fixed value could pass for a sentinel: such a book is
        // rendered per page.
        if serde_json::to_string(&ctx).map_or(true, |j| j.contains("\\u0000")) {
            return Err(());
        }
        let v = |k: usize| probe_value(shape, k);
        let link = |k: usize| match shape.get(k) {
            Some(0) | None => minijinja::Value::from(()),
            Some(_) => minijinja::context! { title => v(k), href => v(k + 1) },
        };
        let toc: Vec<minijinja::Value> = (PAGE_SLOTS.len()..shape.len())
            .step_by(3)
            .map(|k| minijinja::context! { level => v(k), id => v(k + 1), text => v(k + 2) })
            .collect();
        let probe = minijinja::context! {
            page_title => v(0),
            root => v(1),
            canonical_url => v(2),
            sidebar => v(3),
            extra_head => v(4),
            content => v(5),
            edit_url => v(6),
            prev => link(7),
            next => link(9),
            toc => toc,
            ..minijinja::Value::from(minijinja::value::Serde(&ctx))
        };
        site.render_value("page.html", probe).map_err(|_| ())
    })
}

/// The page in its frame, the page template rendered for it: a project's
/// own template, or a shape the stencil cannot take.
fn rendered(
    site: &Site<'_>,
    frame: &PageFrame<'_>,
    body: Cow<'_, str>,
    builtin_page: bool,
) -> Result<String, SiteError> {
    let mut ctx = frame.base(site);
    ctx.toc = frame
        .toc()
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect();
    if let Some(script) = site.fragment_scripts.get(frame.href) {
        ctx.extra_head.push_str(script);
    }
    let link = |l: Option<(&str, String)>| {
        l.map(|(title, href)| NavLink {
            title: title.to_string(),
            href,
        })
    };
    ctx.prev = link(frame.prev(site));
    ctx.next = link(frame.link(site, frame.i + 1));
    ctx.edit_url = frame.edit_url(site);
    // The body goes in after rendering, in place of a marker: the
    // template engine would copy it twice.
    ctx.content = Some(if builtin_page { CONTENT_MARK } else { &body }.to_string());
    let shell = site.render("page.html", &ctx)?;
    let once = shell
        .split_once(CONTENT_MARK)
        .filter(|(_, tail)| builtin_page && !tail.contains(CONTENT_MARK));
    Ok(match once {
        Some((head, tail)) => {
            let mut h = String::with_capacity(head.len() + body.len() + tail.len());
            h.push_str(head);
            h.push_str(&body);
            h.push_str(tail);
            h
        }
        // A project's page template may filter the body: it had the real one.
        None if !builtin_page => shell,
        // The marker twice: a title carries it. Render for real.
        None => {
            ctx.content = Some(body.into_owned());
            site.render("page.html", &ctx)?
        }
    })
}

/// When no book page is `index.html` and the dashboard is not the front page:
/// the page `front-page` names, else the first chapter, at `index.html` too,
/// as mdBook does: a copy of a page at the top level, else the page rendered
/// again from the site's root (its styles, scripts and chapter list found
/// from there).
pub(super) fn write_front_copy(site: &Site<'_>) -> Result<(), SiteError> {
    let pages = site.project.book.chapters();
    if site.front_is_dashboard || pages.iter().any(|p| html_path(&p.path) == "index.html") {
        return Ok(());
    }
    let chosen = site
        .project
        .config
        .docket
        .front_page
        .as_deref()
        .and_then(|f| pages.iter().position(|p| p.path == f))
        .or((!pages.is_empty()).then_some(0));
    let Some(i) = chosen else { return Ok(()) };
    let (Some(first), Some(doc)) = (pages.get(i), site.project.docs.get(i)) else {
        return Ok(());
    };
    let own = html_path(&first.path);
    if !own.contains('/') {
        let src = site.read_back(&own)?;
        return site.write("index.html", src.as_bytes());
    }
    let builtin = builtin_page(site);
    write_page(site, i, first, doc, &[], builtin, Some("index.html"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_get_mdbooks_button_container_and_keep_their_body() {
        let html = "<p>x</p>\n<pre><code class=\"language-rs\">let a = 1;</code></pre>\n<pre><code>plain</code></pre>\n";
        let out = decorate_code(html, true);
        assert_eq!(out.matches("class=\"docket-copy\"").count(), 2);
        assert!(out.contains("<span class=\"docket-code-lang\">Rust</span>"));
        // `pre > div.buttons` then `pre > code`, as mdBook's script leaves it.
        assert!(
            out.starts_with(
                "<p>x</p>\n<pre><div class=\"buttons\"><span class=\"docket-code-lang\">"
            ),
            "{out}"
        );
        assert!(
            out.contains("</div><code class=\"language-rs\">let a = 1;</code></pre>"),
            "{out}"
        );
        // An unknown tag is shown as written (the class holds it escaped already).
        assert!(
            decorate_code("<pre><code class=\"language-a&amp;b\">x</code></pre>", true)
                .contains(">a&amp;b<")
        );
        assert!(matches!(
            decorate_code("<p>no code</p>", true),
            Cow::Borrowed(_)
        ));
        // mdBook's Rust blocks: a playground `<pre>`, attributes in the class,
        // hidden lines (and so a button to show them).
        let rust = "<pre class=\"playground\"><code class=\"language-rust ignore\"><span class=\"boring\">fn main() {\n</span>x();\n</code></pre>";
        let out = decorate_code(rust, true);
        assert!(out.contains("class=\"docket-show-hidden\""), "{out}");
        assert!(
            out.contains("class=\"docket-run\""),
            "a runnable block: {out}"
        );
        assert!(
            out.starts_with("<pre class=\"playground\"><div class=\"buttons\">"),
            "{out}"
        );
        assert!(out.ends_with("</code></pre>"), "{out}");
        assert!(!decorate_code(html, true).contains("docket-show-hidden"));
        assert!(
            !decorate_code(html, true).contains("docket-run"),
            "not runnable"
        );
        // `playground.copyable = false`: no copy button; nothing at all for a
        // block with neither language nor buttons.
        let bare = decorate_code(html, false);
        assert!(!bare.contains("docket-copy") && bare.contains(">Rust</span>"));
        assert!(bare.contains("<pre><code>plain</code></pre>"), "{bare}");
        assert!(matches!(
            decorate_code("<pre>x</pre><preface>", true),
            Cow::Borrowed(_)
        ));
    }
}

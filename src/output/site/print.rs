//! `print.html`: the whole book on one page, in `SUMMARY.md` order, to print
//! or save as a PDF. Each chapter is a `<section id="cN">`; its ids become
//! `cN-id` so no two chapters collide, and links between pages become links
//! within the page (`x.html#y` to `#cJ-y`); other relative links and images
//! are made relative to the site root, where `print.html` is.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;

use super::chapter::decorate_code;
use super::frame::Site;
use super::{PRINT_PAGE, SiteError, io};

/// Stands for the chapters in the rendered frame.
const BOOK_MARK: &str = "\u{0}docket-print\u{0}";

/// Pages rewritten at a time, across the cores, before they are written: the
/// whole book is never held as one string.
const BATCH: usize = 256;

/// Whether `v` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(v: &str) -> bool {
    v.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The value attribute `name` (`id`, `href` or `src`) of chapter `i` takes
/// in `print.html`.
fn value(
    name: &str,
    v: &str,
    i: usize,
    dir: &str,
    chapters: &HashMap<String, usize>,
    out: &mut String,
) {
    use std::fmt::Write as _;
    if name == "id" {
        let _ = write!(out, "c{i}-{v}");
        return;
    }
    if let Some(frag) = v.strip_prefix('#').filter(|_| name == "href") {
        let _ = write!(out, "#c{i}-{frag}");
        return;
    }
    if v.is_empty() || v.starts_with('/') || has_scheme(v) {
        out.push_str(v);
        return;
    }
    let (file, frag) = match v.split_once('#') {
        Some((f, x)) => (f, Some(x)),
        None => (v, None),
    };
    let file = file.split('?').next().unwrap_or(file);
    let decoded = crate::core::paths::percent_decode(&file.replace("&amp;", "&"));
    let target =
        crate::core::paths::join_rel(dir, &decoded).and_then(|t| chapters.get(&t).copied());
    match (name, target) {
        ("href", Some(j)) => match frag.filter(|f| !f.is_empty()) {
            Some(f) => {
                let _ = write!(out, "#c{j}-{f}");
            }
            None => {
                let _ = write!(out, "#c{j}");
            }
        },
        _ => match crate::core::paths::join_rel(dir, file) {
            Some(p) => {
                out.push_str(&p);
                if let Some(f) = frag {
                    out.push('#');
                    out.push_str(f);
                }
            }
            None => out.push_str(v),
        },
    }
}

/// Chapter `i`'s body (from `dir`, its folder) with ids and links made to work
/// inside `print.html`, appended to `out`. `chapters` maps a page's `.html`
/// path to its number. The line anchors drift links use are dropped.
fn rewrite(html: &str, i: usize, dir: &str, chapters: &HashMap<String, usize>, out: &mut String) {
    const LINE: &str = "<span ";
    const LINE_END: &str = "></span>";
    const LINE_ID: &str = "\" id=\"docket-L";
    let mut at = 0;
    let bytes = html.as_bytes();
    let attr = memchr::memmem::Finder::new("=\"");
    let line_end = memchr::memmem::Finder::new(LINE_END);
    while let Some(q) = attr.find(&bytes[at..]).map(|q| at + q) {
        // The attribute's name: the ASCII letters, digits and `-` before `="`
        // (a byte past any other, so a char boundary), not before `at`.
        let start = bytes[at..q]
            .iter()
            .rposition(|&b| !b.is_ascii_alphanumeric() && b != b'-')
            .map_or(at, |p| at + p + 1);
        let name = &html[start..q];
        let from = q + 2;
        let Some(end) = memchr::memchr(b'"', &bytes[from..]).map(|e| from + e) else {
            break;
        };
        let v = &html[from..end];
        let spaced = start > 0 && bytes[start - 1].is_ascii_whitespace();
        // `<span class="docket-line" id="docket-L3"></span>`: gone.
        let line_span = (name == "class"
            && v == "docket-line"
            && html[at..start].ends_with(LINE)
            && html[end..].starts_with(LINE_ID))
        .then(|| {
            line_end
                .find(&bytes[end..])
                .map(|c| end + c + LINE_END.len())
        })
        .flatten();
        if let Some(close) = line_span {
            out.push_str(&html[at..start - LINE.len()]);
            at = close;
        } else if spaced && matches!(name, "id" | "href" | "src") {
            out.push_str(&html[at..from]);
            value(name, v, i, dir, chapters, out);
            at = end;
        } else {
            out.push_str(&html[at..end]);
            at = end;
        }
    }
    out.push_str(&html[at..]);
}

/// Chapter `i` as it appears in `print.html`.
fn chapter(site: &Site<'_>, i: usize, chapters: &HashMap<String, usize>) -> String {
    let pages = site.project.book.chapters();
    let dir = crate::core::paths::parent_dir(&pages[i].path);
    let body = decorate_code(
        &site.project.docs[i].html,
        site.project.config.html.copyable,
    );
    let mut part = String::with_capacity(body.len() + body.len() / 8 + 64);
    part.push_str("<section class=\"print-chapter\" id=\"c");
    part.push_str(&i.to_string());
    part.push_str("\">\n");
    rewrite(&body, i, dir, chapters, &mut part);
    part.push_str("</section>\n");
    part
}

/// Write `print.html`. `only`: the chapters an update in place re-renders;
/// the others are as `cache` (`serve`'s session) last kept them.
pub(super) fn write(
    site: &Site<'_>,
    only: Option<&std::collections::BTreeSet<usize>>,
    cache: Option<&super::SiteCache>,
) -> Result<(), SiteError> {
    use rayon::prelude::*;
    let pages = site.project.book.chapters();
    let chapters: HashMap<String, usize> = site
        .hrefs
        .iter()
        .enumerate()
        .map(|(i, href)| (href.clone(), i))
        .collect();
    let mut ctx = site.base(
        "print",
        site.book_title.to_string(),
        String::new(),
        PRINT_PAGE,
        None,
    );
    ctx.content = Some(BOOK_MARK.to_string());
    let shell = site.render("print.html", &ctx)?;
    let (head, tail) = shell.split_once(BOOK_MARK).unwrap_or((&shell, ""));
    let remember = cache.is_some();
    let previous: Vec<Arc<String>> = match only {
        Some(_) => cache
            .and_then(|c| c.print.lock().ok().map(|c| c.clone()))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut kept = Vec::with_capacity(if remember { pages.len() } else { 0 });
    // Streamed: to the file in a fresh folder, else to a temporary file
    // beside it, renamed over it at the end (the page changed: it was edited).
    let path = site.out.join(PRINT_PAGE);
    let mut tmp = None;
    let file = if site.in_place {
        let t = tempfile::NamedTempFile::new_in(site.out).map_err(io(site.out))?;
        // The temporary file is private; the page keeps the old one's mode.
        if let Ok(old) = std::fs::metadata(&path) {
            std::fs::set_permissions(t.path(), old.permissions()).map_err(io(t.path()))?;
        }
        let f = t.reopen().map_err(io(t.path()))?;
        tmp = Some(t);
        f
    } else {
        std::fs::File::create(&path).map_err(io(&path))?
    };
    let mut file = std::io::BufWriter::new(file);
    file.write_all(head.as_bytes()).map_err(io(&path))?;
    for start in (0..pages.len()).step_by(BATCH) {
        let end = (start + BATCH).min(pages.len());
        let parts: Vec<Arc<String>> = (start..end)
            .into_par_iter()
            .map(|i| match previous.get(i) {
                Some(old) if only.is_some_and(|o| !o.contains(&i)) => Arc::clone(old),
                _ => Arc::new(chapter(site, i, &chapters)),
            })
            .collect();
        for p in parts {
            file.write_all(p.as_bytes()).map_err(io(&path))?;
            if remember {
                kept.push(p);
            }
        }
    }
    file.write_all(tail.as_bytes()).map_err(io(&path))?;
    file.flush().map_err(io(&path))?;
    drop(file);
    if let Some(Ok(mut c)) = cache.map(|c| c.print.lock()) {
        *c = kept;
    }
    match tmp {
        Some(t) => t.persist(&path).map(|_| ()).map_err(|e| SiteError::Io {
            path: path.clone(),
            source: e.error,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_work_inside_one_page() {
        let chapters: HashMap<String, usize> =
            [("a.html".to_string(), 0), ("guide/b.html".to_string(), 1)]
                .into_iter()
                .collect();
        let html = "<h2 id=\"x\"><a class=\"header\" href=\"#x\">X</a></h2>\
<p><a href=\"../a.html#top\">a</a> <a href=\"b.html\">b</a> <a href=\"https://e.org/a.html\">e</a> \
<img src=\"img/p.png\" alt=\"\"> <a href=\"../file.txt#L2\">f</a> <a href=\"../../out.md\">o</a></p>";
        let mut out = String::new();
        rewrite(html, 1, "guide", &chapters, &mut out);
        assert!(out.contains("id=\"c1-x\""), "{out}");
        assert!(out.contains("href=\"#c1-x\""), "{out}");
        assert!(out.contains("href=\"#c0-top\""), "{out}");
        assert!(out.contains("href=\"#c1\""), "{out}");
        assert!(out.contains("href=\"https://e.org/a.html\""), "{out}");
        assert!(out.contains("src=\"guide/img/p.png\""), "{out}");
        assert!(out.contains("href=\"file.txt#L2\""), "{out}");
        assert!(out.contains("href=\"../../out.md\""), "{out}");
        let mut out = String::new();
        rewrite(
            "<p><span class=\"docket-line\" id=\"docket-L3\"></span>x <i data-id=\"k\">y</i></p>",
            0,
            "",
            &chapters,
            &mut out,
        );
        assert_eq!(out, "<p>x <i data-id=\"k\">y</i></p>");
        // Raw HTML in an HTML block may put any char before `="`: kept, no panic.
        let raw = "<div>\n<span é=\"1\" data-ü=\"2\" id=\"z\">x</span>\n</div>";
        let mut out = String::new();
        rewrite(raw, 0, "", &chapters, &mut out);
        assert_eq!(
            out,
            "<div>\n<span é=\"1\" data-ü=\"2\" id=\"c0-z\">x</span>\n</div>"
        );
    }
}

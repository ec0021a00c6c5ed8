//! `print.html`: the whole book on one page, in `SUMMARY.md` order, to print
//! or save as a PDF. Each chapter is a `<section id="cN">`; its ids become
//! `cN-id` so no two chapters collide, and links between pages become links
//! within the page (`x.html#y` to `#cJ-y`); other relative links and images
//! are made relative to the site root, where `print.html` is.

use std::collections::HashMap;
use std::io::Write as _;

use super::chapter::decorate_code;
use super::frame::Site;
use super::{PRINT_PAGE, SiteError, html_path, io};

/// Stands for the chapters in the rendered frame.
const BOOK_MARK: &str = "\u{0}docket-print\u{0}";

/// Pages rewritten at a time, across the cores, before they are written: the
/// whole book is never held as one string.
const BATCH: usize = 256;

static ATTR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(\s)(id|href|src)="([^"]*)""#).expect("a valid pattern")
});

/// Whether `v` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(v: &str) -> bool {
    v.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Chapter `i`'s body (from `dir`, its folder) with ids and links made to work
/// inside `print.html`. `chapters` maps a page's `.html` path to its number.
fn rewrite(html: &str, i: usize, dir: &str, chapters: &HashMap<String, usize>) -> String {
    ATTR.replace_all(html, |c: &regex::Captures<'_>| {
        let (space, name, v) = (&c[1], &c[2], &c[3]);
        let value = match name {
            "id" => format!("c{i}-{v}"),
            "href" if v.starts_with('#') => format!("#c{i}-{}", &v[1..]),
            _ if v.is_empty() || v.starts_with('/') || has_scheme(v) => v.to_string(),
            _ => {
                let (file, frag) = match v.split_once('#') {
                    Some((f, x)) => (f, Some(x)),
                    None => (v, None),
                };
                let file = file.split('?').next().unwrap_or(file);
                let decoded = crate::core::paths::percent_decode(&file.replace("&amp;", "&"));
                let target = crate::core::paths::join_rel(dir, &decoded)
                    .and_then(|t| chapters.get(&t).copied());
                match (name, target) {
                    ("href", Some(j)) => match frag.filter(|f| !f.is_empty()) {
                        Some(f) => format!("#c{j}-{f}"),
                        None => format!("#c{j}"),
                    },
                    _ => match crate::core::paths::join_rel(dir, file) {
                        Some(p) => match frag {
                            Some(f) => format!("{p}#{f}"),
                            None => p,
                        },
                        None => v.to_string(),
                    },
                }
            }
        };
        format!("{space}{name}=\"{value}\"")
    })
    .into_owned()
}

/// Write `print.html`.
pub(super) fn write(site: &Site<'_>) -> Result<(), SiteError> {
    use rayon::prelude::*;
    let project = site.project;
    let pages = &project.book.pages;
    let chapters: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (html_path(&p.path), i))
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
    let path = site.out.join(PRINT_PAGE);
    // An update in place compares and swaps whole files; a fresh build streams.
    let mut whole = Vec::new();
    let mut file = if site.in_place {
        None
    } else {
        Some(std::io::BufWriter::new(
            std::fs::File::create(&path).map_err(io(&path))?,
        ))
    };
    let mut emit = |bytes: &[u8]| -> Result<(), SiteError> {
        match file.as_mut() {
            Some(f) => f.write_all(bytes).map_err(io(&path)),
            None => {
                whole.extend_from_slice(bytes);
                Ok(())
            }
        }
    };
    emit(head.as_bytes())?;
    for start in (0..pages.len()).step_by(BATCH) {
        let end = (start + BATCH).min(pages.len());
        let parts: Vec<String> = (start..end)
            .into_par_iter()
            .map(|i| {
                let dir = crate::core::paths::parent_dir(&pages[i].path);
                let body = decorate_code(&project.docs[i].html);
                format!(
                    "<section class=\"print-chapter\" id=\"c{i}\">\n{}</section>\n",
                    rewrite(&body, i, dir, &chapters)
                )
            })
            .collect();
        for p in parts {
            emit(p.as_bytes())?;
        }
    }
    emit(tail.as_bytes())?;
    match file {
        Some(mut f) => f.flush().map_err(io(&path)),
        None => super::put(&path, &whole, true),
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
        let html = "<h2 id=\"x\">X <a class=\"heading-link\" href=\"#x\">#</a></h2>\
<p><a href=\"../a.html#top\">a</a> <a href=\"b.html\">b</a> <a href=\"https://e.org/a.html\">e</a> \
<img src=\"img/p.png\" alt=\"\"> <a href=\"../file.txt#L2\">f</a> <a href=\"../../out.md\">o</a></p>";
        let out = rewrite(html, 1, "guide", &chapters);
        assert!(out.contains("id=\"c1-x\""), "{out}");
        assert!(out.contains("href=\"#c1-x\""), "{out}");
        assert!(out.contains("href=\"#c0-top\""), "{out}");
        assert!(out.contains("href=\"#c1\""), "{out}");
        assert!(out.contains("href=\"https://e.org/a.html\""), "{out}");
        assert!(out.contains("src=\"guide/img/p.png\""), "{out}");
        assert!(out.contains("href=\"file.txt#L2\""), "{out}");
        assert!(out.contains("href=\"../../out.md\""), "{out}");
    }
}

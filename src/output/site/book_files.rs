//! What an mdBook book puts in its site besides chapters and files:
//! `additional-css`/`additional-js` and MathJax in `<head>`,
//! `[output.html.redirect]` pages and a custom `404.md`.

use std::collections::{BTreeMap, BTreeSet};

use super::SiteError;
use super::frame::Site;
use crate::check::project::Project;
use crate::core::text::escape;

/// Lines for a page's `<head>`: the book's own styles and scripts, MathJax.
pub fn extra_head(project: &Project, root: &str) -> String {
    let h = &project.config.html;
    let mut out = String::new();
    for css in &h.additional_css {
        out.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{}{}\">\n",
            escape(root),
            escape(css)
        ));
    }
    for js in &h.additional_js {
        out.push_str(&format!(
            "<script src=\"{}{}\"></script>\n",
            escape(root),
            escape(js)
        ));
    }
    if h.mathjax {
        out.push_str("<script async src=\"https://cdn.jsdelivr.net/npm/mathjax@2.7.9/MathJax.js?config=TeX-AMS-MML_HTMLorMML\"></script>\n");
    }
    out
}

/// Every chapter's site path.
fn chapter_paths(project: &Project) -> BTreeSet<String> {
    project
        .book
        .pages
        .iter()
        .map(|p| super::html_path(&p.path))
        .collect()
}

/// `[output.html.redirect]`: a page at each old path that sends readers on,
/// fragments included, as mdBook writes them.
pub(super) fn redirects(site: &Site<'_>) -> Result<(), SiteError> {
    let project = site.project;
    let mut by_page: BTreeMap<String, (Option<String>, BTreeMap<String, String>)> = BTreeMap::new();
    for (from, to) in &project.config.html.redirect {
        let from = from.trim_start_matches('/');
        let (page, frag) = match from.split_once('#') {
            Some((p, f)) => (p, Some(format!("#{f}"))),
            None => (from, None),
        };
        let e = by_page.entry(page.to_string()).or_default();
        match frag {
            Some(f) => {
                e.1.insert(f, to.clone());
            }
            None => e.0 = Some(to.clone()),
        }
    }
    let chapters = chapter_paths(project);
    for (page, (to, frags)) in by_page {
        let refuse = |message: String| SiteError::Refused {
            path: project.config.root.join(crate::input::config::BOOK_TOML),
            message,
        };
        if chapters.contains(&page) {
            // Fragment redirects onto an existing chapter: the chapter page
            // itself sends them on (`fragment_scripts`), as mdBook's does.
            if to.is_none() {
                continue;
            }
            return Err(refuse(format!(
                "[output.html.redirect] sends `/{page}` elsewhere, but a chapter is there; delete the redirect or the chapter, or redirect only its `#fragments`"
            )));
        }
        let Some(to) = to else {
            return Err(refuse(format!(
                "[output.html.redirect] has only `#fragment` entries for `/{page}`; add one without a fragment for where the page itself goes"
            )));
        };
        if page.split('/').any(|c| c == ".." || c.is_empty()) {
            return Err(refuse(format!(
                "[output.html.redirect] path `/{page}` must be a page path inside the site"
            )));
        }
        let map = serde_json::to_string(&frags)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c");
        let url = serde_json::to_string(&to)
            .unwrap_or_else(|_| "\"\"".into())
            .replace('<', "\\u003c");
        let t = escape(&to);
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting...</title>\n<meta http-equiv=\"refresh\" content=\"0; URL={t}\">\n<link rel=\"canonical\" href=\"{t}\">\n</head>\n<body>\n<p>Redirecting to... <a href=\"{t}\">{t}</a>.</p>\n<script>\n// A fragment goes where its own entry says, else along with the page.\nconst fragmentMap = {map};\nif (window.location.hash) {{\n  const target = fragmentMap[window.location.hash];\n  const url = new URL(target || {url}, window.location.href);\n  if (!target) url.hash = window.location.hash;\n  window.location.replace(url.href);\n}}\n</script>\n</body>\n</html>\n",
            lang = escape(&project.config.book.language),
        );
        site.write(&page, html.as_bytes())?;
    }
    Ok(())
}

/// For each chapter that `[output.html.redirect]` names with `#fragment`
/// entries only: a script for its `<head>` that, when the address's fragment
/// is one of them, sends the reader where the entry says (relative to the
/// page), as mdBook injects into such a page.
pub(super) fn fragment_scripts(project: &Project) -> BTreeMap<String, String> {
    let mut maps: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (from, to) in &project.config.html.redirect {
        if let Some((page, frag)) = from.trim_start_matches('/').split_once('#') {
            maps.entry(page.to_string())
                .or_default()
                .insert(format!("#{frag}"), to.clone());
        }
    }
    let whole: BTreeSet<&str> = project
        .config
        .html
        .redirect
        .keys()
        .map(|k| k.trim_start_matches('/'))
        .filter(|k| !k.contains('#'))
        .collect();
    let chapters = chapter_paths(project);
    maps.into_iter()
        .filter(|(page, _)| chapters.contains(page) && !whole.contains(page.as_str()))
        .map(|(page, frags)| {
            let map = serde_json::to_string(&frags)
                .unwrap_or_else(|_| "{}".into())
                .replace('<', "\\u003c");
            let script = format!(
                "<script>\n(function () {{\n  const fragmentMap = {map};\n  const target = fragmentMap[window.location.hash];\n  if (target) window.location.replace(new URL(target, window.location.href).href);\n}})();\n</script>\n"
            );
            (page, script)
        })
        .collect()
}

/// The body of `404.md` (or `input-404`), rendered, when the book has one.
pub fn not_found_body(project: &Project) -> Option<String> {
    let name = project.config.html.input_404.as_deref().unwrap_or("404.md");
    let file = project.config.src_dir().join(name);
    // Inside the root only, whatever links lie on the way (the config check
    // refused one leading out; this holds if the tree changed since).
    let text = crate::core::fs::Root::new(&project.config.root)
        .and_then(|r| r.read_text(&file))
        .ok()?;
    let ctx = crate::markdown::claims::ClaimContext {
        render: project.config.html.render.clone(),
        sanitize: project.config.docket.sanitize,
        ..Default::default()
    };
    Some(crate::markdown::parse_page(name, &text, &ctx, true).html)
}

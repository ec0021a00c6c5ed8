//! The pages for search engines and lost readers: `sitemap.xml` (with
//! `site-url`) and `404.html`.

use super::frame::Site;
use super::{DASHBOARD_PAGE, DEFINES_PAGE, DRIFT_PAGE, SiteError, html_path};
use crate::core::text::escape;

/// Write `404.html`. It is served from any depth: its links start from the
/// site URL, else the root.
pub(super) fn write_404(site: &Site<'_>) -> Result<(), SiteError> {
    let root = site.project.config.html.site_url.clone().map_or_else(
        || "/".to_string(),
        |u| format!("{}/", u.trim_end_matches('/')),
    );
    let mut ctx = site.base("404", "Page not found".into(), root, "404.html", None);
    ctx.content = super::book_files::not_found_body(site.project);
    site.page("404.html", "404.html", &ctx)
}

/// Write `sitemap.xml` when `[output.html]` sets `site-url`.
pub(super) fn write_sitemap(site: &Site<'_>) -> Result<(), SiteError> {
    let Some(url) = site.project.config.html.site_url.as_ref() else {
        return Ok(());
    };
    let base = url.trim_end_matches('/');
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls: Vec<String> = vec!["index.html".into()];
    if site.site_pages {
        urls.push(DASHBOARD_PAGE.into());
        urls.push(DRIFT_PAGE.into());
    }
    if site.has_defines {
        urls.push(DEFINES_PAGE.into());
    }
    urls.extend(
        site.project
            .book
            .chapters()
            .iter()
            .map(|p| html_path(&p.path)),
    );
    urls.sort();
    urls.dedup();
    for u in urls {
        xml.push_str(&format!(
            "  <url><loc>{}/{}</loc></url>\n",
            escape(base),
            escape(&u)
        ));
    }
    xml.push_str("</urlset>\n");
    site.write("sitemap.xml", xml.as_bytes())
}

//! Stage 7: the rendered site.
//!
//! Pages go through minijinja templates (autoescaped; the Markdown body is the
//! only `|safe` value). The site is written to a temporary folder beside the
//! destination and swapped in at the end, so a failed build never leaves a half
//! site, and a folder docket did not write is never replaced.
//!
//! One module per page kind: `chapter` (book pages and the front page),
//! `dashboard`, `drift`, `defines`, `print`, `sitemap` (and 404), `search` (the
//! index); `frame` holds what they share, `marks` the drift marks on pages,
//! `fold` the accent folding search and the page script share, `files` the
//! source folder's other files (images) copied beside the pages.
//!
//! Who the site speaks to is `audience`: readers get the book (its own front
//! page, no drift counts or marks; the dashboard, drift report and defines page
//! as pages, when there is a manifest, linked from one place); maintainers get
//! the dashboard as the front page, the drift summary in every header and marks.

use std::path::{Path, PathBuf};

mod book_files;
mod chapter;
mod dashboard;
mod defines;
mod dest;
mod drift;
mod files;
mod fold;
mod frame;
mod marks;
mod print;
mod search;
mod search_keys;
mod shared;
mod sitemap;
mod stencil;

use dest::{BUILD_TEMP, guard_dest, put, swap_in};

pub use frame::INLINE_SIDEBAR_MAX_PAGES;

/// Where a site is written, and whether the user named the folder on the
/// command line (`-d`): only a named folder may lie outside the book root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dest {
    /// The folder, as given (relative to the current folder, or absolute).
    pub dir: PathBuf,
    /// Named by the user, not the book's configured output folder.
    pub named: bool,
}

impl Dest {
    /// The book's own output folder (from `book.toml`), inside its root.
    pub fn of_book(dir: PathBuf) -> Dest {
        Dest { dir, named: false }
    }

    /// A folder the user named with `-d`, wherever it is.
    pub fn named(dir: PathBuf) -> Dest {
        Dest { dir, named: true }
    }
}
pub use search::SiteCache;

use crate::check::project::Project;
use crate::check::rules::CheckResult;
use crate::input::assets;

/// The site's own pages, named so no book page (`drift.md`) can collide.
pub const DASHBOARD_PAGE: &str = "docket-dashboard.html";
/// The drift report page.
pub const DRIFT_PAGE: &str = "docket-drift.html";
/// The defines page.
pub const DEFINES_PAGE: &str = "docket-defines.html";
/// The whole book on one page.
pub const PRINT_PAGE: &str = "print.html";

pub use crate::core::fs::SITE_MARKER;

/// Where `docket.js` receives the accent folding table.
const FOLD_SLOT: &str = "{/*docket:fold*/}";

/// Why the site could not be written; exit 2.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// A template failed to parse or render.
    #[error(
        "template {name}: {message}; fix the template (or delete the override to use the built-in one)"
    )]
    Template {
        /// Template name.
        name: String,
        /// minijinja's message, with its line.
        message: String,
    },
    /// Writing failed.
    #[error("{}: {source}; check that the folder is writable", path.display())]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The destination is unsafe to replace.
    #[error("{}: {message}", path.display())]
    Refused {
        /// The destination.
        path: PathBuf,
        /// Why and what to do.
        message: String,
    },
}

/// `x/y.md` to `x/y.html`; `x/README.md` to `x/index.html`, as mdBook's `index`
/// preprocessor names it.
pub fn html_path(md: &str) -> String {
    crate::input::preprocess::page_url(md, true)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Render every page and the site pages into `dest`, replacing it atomically.
/// Returns the number of book pages written. `cache` (`serve`'s session) keeps
/// what the next update can reuse.
pub fn build(
    project: &Project,
    result: &CheckResult,
    to: &Dest,
    cache: Option<&SiteCache>,
) -> Result<usize, SiteError> {
    guard_dest(project, to)?;
    let dest = to.dir.as_path();
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(&crate::core::fs::temp_prefix(BUILD_TEMP))
        .tempdir_in(parent)
        .map_err(io(parent))?;
    let n = render_into(project, result, tmp.path(), None, cache)?;
    shared::write_marker(tmp.path())?;
    if shared::is_shared(dest) {
        // Another tool's site is here too (mdBook's `book/`): add to it.
        shared::merge(&tmp.keep(), dest)?;
    } else {
        crate::core::timed("site: swap", || swap_in(tmp, dest))?;
    }
    Ok(n)
}

/// Re-render only the pages in `pages` (indices into the book) and the
/// site-wide pages (dashboard, drift, defines, search index) into an existing
/// site at `dest`, each file replaced atomically. This is `serve`'s incremental
/// rebuild: its cost follows the edit, not the book. Returns pages written.
pub fn update(
    project: &Project,
    result: &CheckResult,
    to: &Dest,
    pages: &std::collections::BTreeSet<usize>,
    cache: &SiteCache,
) -> Result<usize, SiteError> {
    guard_dest(project, to)?;
    let dest = to.dir.as_path();
    if !dest.join(SITE_MARKER).is_file() {
        return build(project, result, to, Some(cache));
    }
    // The front page carries the index page's body: always refresh it.
    let mut pages = pages.clone();
    if let Some(i) = project
        .book
        .pages
        .iter()
        .position(|p| html_path(&p.path) == "index.html")
    {
        pages.insert(i);
    }
    render_into(project, result, dest, Some(&pages), Some(cache))
}

fn render_into(
    project: &Project,
    result: &CheckResult,
    out: &Path,
    only: Option<&std::collections::BTreeSet<usize>>,
    cache: Option<&SiteCache>,
) -> Result<usize, SiteError> {
    let site = frame::Site::new(project, result, out, only.is_some())?;
    let pages = project.book.chapters();
    let index_pages: Vec<search::PageText<'_>> = pages
        .iter()
        .zip(&project.docs)
        .zip(&site.hrefs)
        .map(|((p, doc), url)| search::PageText {
            title: &p.title,
            url: url.clone(),
            html: &doc.html,
            sections: &doc.sections,
        })
        .collect();
    // In an update, the pages not re-rendered are as last indexed.
    let unchanged: Option<std::collections::BTreeSet<usize>> =
        only.map(|o| (0..pages.len()).filter(|i| !o.contains(i)).collect());
    // The search index writes its shards as it makes them.
    let shard_dir = out.join("search");
    std::fs::create_dir_all(&shard_dir).map_err(io(&shard_dir))?;
    let write_search = |name: &str, text: &str| site.write(name, text.as_bytes());
    // Pages and the print page (mostly file creation, in the kernel) and the
    // search index (all computation) side by side.
    let ((rendered, printed), index) = rayon::join(
        || {
            rayon::join(
                || crate::core::timed("site: pages", || chapter::write_pages(&site, only)),
                || crate::core::timed("site: print", || print::write(&site, only, cache)),
            )
        },
        || {
            crate::core::timed("site: search", || {
                search::build(&index_pages, unchanged.as_ref(), cache, &write_search)
            })
        },
    );
    let (written, intro) = rendered?;
    // An update in place (`serve` after a page edit) leaves alone what only the
    // book's structure, config or docket itself decide: chapter list, 404,
    // sitemap, assets.
    if site.large && !site.in_place {
        // The chapter list, once, with hrefs relative to the site root.
        let js = format!(
            "window.docketTocHtml={};\n",
            serde_json::to_string(&frame::sidebar_html(&site.parts, ""))
                .unwrap_or_else(|_| "\"\"".into())
                .replace('<', "\\u003c")
        );
        site.write("toc.js", js.as_bytes())?;
    }
    chapter::write_front_copy(&site)?;
    if site.site_pages {
        dashboard::write(&site, intro)?;
        drift::write(&site)?;
    }
    if site.has_defines {
        defines::write(&site)?;
    }
    printed?;
    if !site.in_place {
        sitemap::write_404(&site)?;
        sitemap::write_sitemap(&site)?;
        // `output.html.cname`, as mdBook writes it for GitHub Pages.
        if let Some(domain) = &project.config.html.cname {
            site.write("CNAME", format!("{domain}\n").as_bytes())?;
        }
    }

    // After its shards: a reader never loads a list naming shards not yet there.
    site.write("search-index.js", index?.as_bytes())?;

    for (name, body) in assets::STATIC.iter().filter(|_| !site.in_place) {
        if *name == "docket.js" {
            let js = body.replacen(FOLD_SLOT, &fold::js_table(), 1);
            site.write(name, js.as_bytes())?;
        } else {
            site.write(name, body.as_bytes())?;
        }
    }
    // Last, so every file the site writes wins over a source file of its name.
    // An update in place follows a page edit: the other files are as they were.
    if !site.in_place {
        crate::core::timed("site: files", || files::copy(&site))?;
        book_files::redirects(&site)?;
        // A fresh build's marker; `build` lists the files in it. An update in
        // place keeps the marker (and its list) it found.
        site.write(SITE_MARKER, b"written by docket; safe to delete\n")?;
    }
    Ok(written)
}

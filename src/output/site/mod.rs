//! Stage 7: the rendered site.
//!
//! Pages go through minijinja templates (autoescaped; the Markdown body is the
//! only `|safe` value). The site is written to a temporary folder beside the
//! destination and swapped in at the end, so a failed build never leaves a half
//! site, and a folder docket did not write is never replaced.

use std::path::{Path, PathBuf};

mod dest;
mod search;

use dest::{BUILD_TEMP, guard_dest, put, swap_in};

pub use search::remember_pages as remember_search_pages;

use std::collections::BTreeMap;

use minijinja::Environment;
use serde::Serialize;

use crate::check::project::Project;
use crate::check::rules::{CheckResult, Finding};
use crate::core::text::escape;
use crate::input::assets;
use crate::input::book::SummaryItem;
use crate::output::report;

/// The site's own pages, named so no book page (`drift.md`) can collide.
pub const DASHBOARD_PAGE: &str = "docket-dashboard.html";
/// The drift report page.
pub const DRIFT_PAGE: &str = "docket-drift.html";
/// The defines page.
pub const DEFINES_PAGE: &str = "docket-defines.html";

/// Marker file that says a folder is a docket site and may be replaced.
pub const SITE_MARKER: &str = ".docket-site";

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

struct NavItem {
    title: String,
    href: Option<String>,
    depth: usize,
    separator: bool,
}

struct NavPart {
    title: Option<String>,
    items: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct TocEntry {
    level: u8,
    id: String,
    text: String,
}

#[derive(Serialize, Default)]
struct GateView {
    title: String,
    state: String,
    closed: u64,
    total: u64,
    percent: u64,
}

#[derive(Serialize, Default)]
struct ReleaseView {
    project: String,
    line: String,
    posture: String,
    as_of: String,
    gate: Option<GateView>,
}

#[derive(Serialize)]
struct WorkView {
    title: String,
    meaning: String,
    status: String,
}

#[derive(Serialize)]
struct ProfileView {
    id: String,
    default: bool,
    status: String,
    summary: String,
}

#[derive(Serialize)]
struct RuleCount {
    rule: &'static str,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct UseView {
    label: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct DefineView {
    name: String,
    value: Option<String>,
    category: String,
    status: String,
    summary: String,
    aliases: Vec<String>,
    default: Option<String>,
    replaced_by: Option<String>,
    uses: Vec<UseView>,
}

#[derive(Serialize)]
struct FindingView {
    id: String,
    rule: &'static str,
    severity: &'static str,
    line: usize,
    message: String,
    truth: Option<String>,
    fix: String,
    detail: Option<String>,
    href: Option<String>,
}

#[derive(Serialize)]
struct DriftGroup {
    path: String,
    href: Option<String>,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct AllowedView {
    rule: &'static str,
    at: String,
    message: String,
    reason: String,
    until: Option<String>,
}

/// Everything a template can see. One struct for every page kind keeps the
/// templates free to share `base.html`; kind-specific fields are empty elsewhere.
#[derive(Serialize, Default)]
struct Ctx<'a> {
    kind: &'static str,
    book_title: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    authors: String,
    canonical_url: Option<String>,
    page_title: String,
    root: String,
    asset_version: &'a str,
    /// The chapter list, prerendered (empty when `toc.js` carries it).
    sidebar: String,
    toc_script: bool,
    has_defines: bool,
    drift_summary: &'a str,
    drift_errors: usize,
    repository_url: Option<&'a str>,
    content: Option<String>,
    toc: Vec<TocEntry>,
    prev: Option<NavLink>,
    next: Option<NavLink>,
    edit_url: Option<String>,
    release: Option<ReleaseView>,
    workstreams: Vec<WorkView>,
    profiles: Vec<ProfileView>,
    drift_rules: Vec<RuleCount>,
    drift_groups: Vec<DriftGroup>,
    allowed: Vec<AllowedView>,
    defines: Vec<DefineView>,
    has_code: bool,
}

/// `x/y.md` to `x/y.html`.
pub fn html_path(md: &str) -> String {
    match md.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => format!("{md}.html"),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn environment(project: &Project) -> Result<Environment<'static>, SiteError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    let overrides = project
        .config
        .docket
        .templates
        .as_ref()
        .map(|t| project.config.root.join(t));
    for (name, builtin) in assets::TEMPLATES {
        let source = match overrides.as_ref().map(|d| d.join(name)) {
            Some(p) if p.is_file() => crate::core::fs::Root::new(&project.config.root)
                .and_then(|r| r.read_text(&p))
                .map_err(|e| SiteError::Template {
                    name: p.display().to_string(),
                    message: e.to_string(),
                })?,
            _ => (*builtin).to_string(),
        };
        env.add_template_owned(name.to_string(), source)
            .map_err(|e| SiteError::Template {
                name: name.to_string(),
                message: format!("{e:#}"),
            })?;
    }
    Ok(env)
}

fn render(env: &Environment<'_>, name: &str, ctx: &Ctx<'_>) -> Result<String, SiteError> {
    let t = env.get_template(name).map_err(|e| SiteError::Template {
        name: name.into(),
        message: e.to_string(),
    })?;
    t.render(minijinja::value::Serde(ctx))
        .map_err(|e| SiteError::Template {
            name: name.into(),
            message: format!("{e:#}"),
        })
}

/// Sidebar parts, hrefs relative to the site root; each page prefixes its root.
fn nav_parts(project: &Project) -> Vec<NavPart> {
    let pages: std::collections::HashSet<&str> =
        project.book.pages.iter().map(|p| p.path.as_str()).collect();
    let mut parts = vec![NavPart {
        title: None,
        items: Vec::new(),
    }];
    for item in &project.book.summary.items {
        match item {
            SummaryItem::Part(t) => parts.push(NavPart {
                title: Some(t.clone()),
                items: Vec::new(),
            }),
            SummaryItem::Separator => {
                if let Some(p) = parts.last_mut() {
                    p.items.push(NavItem {
                        title: String::new(),
                        href: None,
                        depth: 0,
                        separator: true,
                    });
                }
            }
            SummaryItem::Chapter {
                title, path, depth, ..
            } => {
                let target = path
                    .as_deref()
                    .map(|p| p.split('#').next().unwrap_or(p))
                    .and_then(|p| {
                        crate::core::paths::join_rel("", &crate::core::paths::percent_decode(p))
                    });
                let exists = target.as_deref().is_some_and(|t| pages.contains(t));
                let target = target.filter(|_| exists);
                if let Some(p) = parts.last_mut() {
                    p.items.push(NavItem {
                        title: title.clone(),
                        href: target.as_deref().map(html_path),
                        depth: *depth,
                        separator: false,
                    });
                }
            }
        }
    }
    parts.retain(|p| !p.items.is_empty() || p.title.is_some());
    parts
}

/// The chapter list as HTML, hrefs prefixed with `root`. Rendered once per
/// folder depth, never once per page: per-page cost stays flat as books grow.
fn sidebar_html(parts: &[NavPart], root: &str) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str("<details class=\"part\" open>\n<summary>");
        out.push_str(&escape(part.title.as_deref().unwrap_or("Chapters")));
        out.push_str("</summary>\n<ol class=\"chapters\">\n");
        for i in &part.items {
            if i.separator {
                out.push_str("<li class=\"separator\" aria-hidden=\"true\"></li>\n");
            } else if let Some(h) = &i.href {
                out.push_str(&format!(
                    "<li class=\"chapter depth-{}\"><a href=\"{root}{}\">{}</a></li>\n",
                    i.depth,
                    escape(h),
                    escape(&i.title)
                ));
            } else {
                out.push_str(&format!(
                    "<li class=\"chapter depth-{} draft\">{}</li>\n",
                    i.depth,
                    escape(&i.title)
                ));
            }
        }
        out.push_str("</ol>\n</details>\n");
    }
    out
}

/// Mark the link to `href` (root-prefixed) as the current page.
fn mark_current(sidebar: &str, href: &str) -> String {
    let needle = format!("<a href=\"{}\">", escape(href));
    sidebar.replacen(
        &needle,
        &format!(
            "<a href=\"{}\" class=\"active\" aria-current=\"page\">",
            escape(href)
        ),
        1,
    )
}

/// Books larger than this get their chapter list from `toc.js`, loaded once and
/// cached, instead of a copy in every page (which would grow as pages²).
pub const INLINE_SIDEBAR_MAX_PAGES: usize = 300;

/// Stands for a page's body in the rendered template (a NUL cannot come from
/// a template or a title).
const CONTENT_MARK: &str = "\u{0}docket-content\u{0}";

/// Insert a visible mark for each finding at the anchor of the block holding it.
/// Linear in the page and the findings: anchors found by binary search, the
/// HTML's anchors located in one pass, the page rebuilt once (inserting at each
/// anchor in turn was quadratic on a page of 20,000 broken links).
fn insert_marks(
    html: &str,
    anchors: &[usize],
    findings: &[(usize, &Finding)],
    drift_href: &str,
) -> String {
    let mut sorted = anchors.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut by_anchor: BTreeMap<usize, Vec<(usize, &Finding)>> = BTreeMap::new();
    for &(i, f) in findings {
        let k = sorted.partition_point(|&a| a <= f.line);
        let at = k
            .checked_sub(1)
            .and_then(|k| sorted.get(k))
            .copied()
            .unwrap_or(0);
        by_anchor.entry(at).or_default().push((i, f));
    }
    let marks = |fs: &[(usize, &Finding)]| -> String {
        fs.iter()
            .map(|(i, f)| {
                format!(
                    "<a class=\"drift-mark {}\" href=\"{drift_href}#f-{i}\" title=\"{}\">&#9873; {}</a>",
                    f.severity.as_str(),
                    escape(&format!("{}{}", f.message, f.truth.as_ref().map(|t| format!(" (true: {t})")).unwrap_or_default())),
                    escape(f.rule)
                )
            })
            .collect()
    };
    // Where each line's anchor ends in the HTML (its first occurrence).
    let prefix = format!(
        "id=\"{}",
        crate::markdown::line_anchor(0).trim_end_matches('0')
    );
    let mut ends: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut from = 0;
    while let Some(k) = html.get(from..).and_then(|h| h.find(&prefix)) {
        let start = from + k + prefix.len();
        let digits = html[start..].bytes().take_while(u8::is_ascii_digit).count();
        let tail = "\"></span>";
        from = start + digits;
        if let Ok(line) = html[start..start + digits].parse::<usize>()
            && html[from..].starts_with(tail)
        {
            ends.entry(line).or_insert(from + tail.len());
        }
    }
    let mut inserts: Vec<(usize, String)> = by_anchor
        .iter()
        .filter(|(line, _)| **line != 0)
        .filter_map(|(line, fs)| ends.get(line).map(|&at| (at, marks(fs))))
        .collect();
    inserts.sort_by_key(|(at, _)| *at);
    let mut out =
        String::with_capacity(html.len() + inserts.iter().map(|(_, m)| m.len()).sum::<usize>());
    if let Some(fs) = by_anchor.get(&0) {
        out.push_str(&format!("<p class=\"drift-marks\">{}</p>\n", marks(fs)));
    }
    let mut done = 0;
    for (at, m) in inserts {
        out.push_str(&html[done..at]);
        out.push_str(&m);
        done = at;
    }
    out.push_str(&html[done..]);
    out
}

fn lifecycle(v: impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Render every page and the site pages into `dest`, replacing it atomically.
/// Returns the number of book pages written.
pub fn build(project: &Project, result: &CheckResult, dest: &Path) -> Result<usize, SiteError> {
    guard_dest(project, dest)?;
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(&crate::core::fs::temp_prefix(BUILD_TEMP))
        .tempdir_in(parent)
        .map_err(io(parent))?;
    let n = render_into(project, result, tmp.path(), None)?;
    crate::core::timed("site: swap", || swap_in(tmp, dest))?;
    Ok(n)
}

/// Re-render only the pages in `pages` (indices into the book) and the
/// site-wide pages (dashboard, drift, defines, search index) into an existing
/// site at `dest`, each file replaced atomically. This is `serve`'s incremental
/// rebuild: its cost follows the edit, not the book. Returns pages written.
pub fn update(
    project: &Project,
    result: &CheckResult,
    dest: &Path,
    pages: &std::collections::BTreeSet<usize>,
) -> Result<usize, SiteError> {
    guard_dest(project, dest)?;
    if !dest.join(SITE_MARKER).is_file() {
        return build(project, result, dest);
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
    render_into(project, result, dest, Some(&pages))
}

fn render_into(
    project: &Project,
    result: &CheckResult,
    out: &Path,
    only: Option<&std::collections::BTreeSet<usize>>,
) -> Result<usize, SiteError> {
    let in_place = only.is_some();
    let write = |path: &Path, bytes: &[u8]| put(path, bytes, in_place);
    let env = environment(project)?;

    let cfg = &project.config;
    let book_title = cfg.book.title.as_deref().unwrap_or("Book");
    let drift = report::summary_line(result, project.docs.len());
    let drift = drift.trim_start_matches("docket: ");
    let tally = report::tally(&result.findings);
    let asset_version =
        crate::core::text::fingerprint(&assets::STATIC.iter().map(|(_, b)| *b).collect::<Vec<_>>());
    let parts = nav_parts(project);
    let large = project.book.pages.len() > INLINE_SIDEBAR_MAX_PAGES;
    let mut sidebars: BTreeMap<String, String> = BTreeMap::new();
    if !large {
        let mut roots: Vec<String> = project
            .book
            .pages
            .iter()
            .map(|p| "../".repeat(html_path(&p.path).matches('/').count()))
            .collect();
        roots.push(String::new());
        roots.sort();
        roots.dedup();
        for r in roots {
            let html = sidebar_html(&parts, &r);
            sidebars.insert(r, html);
        }
    }
    let manifest = project.manifest.as_ref().map(|m| &m.manifest);
    let has_defines =
        manifest.is_some_and(|m| !m.defines.is_empty()) || project.facts.defines.is_some();
    let base =
        |kind: &'static str, title: String, root: String, href: &str, current: Option<&str>| Ctx {
            kind,
            book_title,
            language: &cfg.book.language,
            description: cfg.book.description.as_deref(),
            authors: cfg.book.authors.join(", "),
            canonical_url: cfg
                .html
                .site_url
                .as_ref()
                .map(|u| format!("{}/{href}", u.trim_end_matches('/'))),
            page_title: title,
            sidebar: match (sidebars.get(&root), current) {
                (Some(sb), Some(c)) => mark_current(sb, &format!("{root}{}", html_path(c))),
                (Some(sb), None) => sb.clone(),
                (None, _) => String::new(),
            },
            toc_script: large,
            root,
            asset_version: &asset_version,
            has_defines,
            drift_summary: drift,
            drift_errors: tally.errors,
            repository_url: cfg.html.git_repository_url.as_deref(),
            ..Ctx::default()
        };

    // Findings numbered once, in report order, so marks and the drift page agree.
    let numbered: Vec<(usize, &Finding)> = result.findings.iter().enumerate().collect();
    let page_of: BTreeMap<String, usize> = project
        .book
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (project.src_rel(&p.path), i))
        .collect();
    let front_is_dashboard = cfg
        .docket
        .front_page
        .as_deref()
        .is_none_or(|f| f == "dashboard");

    let pages = &project.book.pages;
    let mut by_page: BTreeMap<&str, Vec<(usize, &Finding)>> = BTreeMap::new();
    for &(i, f) in &numbered {
        by_page.entry(f.path.as_str()).or_default().push((i, f));
    }
    // Pages render and are written independently, across the cores; nothing of
    // a page is kept once its file is written (the whole site in memory was
    // most of a large build's peak).
    use rayon::prelude::*;
    let dirs: std::collections::BTreeSet<PathBuf> = pages
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o.contains(i)))
        .filter_map(|(_, p)| out.join(html_path(&p.path)).parent().map(Path::to_path_buf))
        .collect();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    // Only docket's own page template is known to print the body once, unfiltered.
    let builtin_page = !project
        .config
        .docket
        .templates
        .as_ref()
        .is_some_and(|t| project.config.root.join(t).join("page.html").is_file());
    let texts: Vec<(String, String, &crate::markdown::Doc)> = pages
        .iter()
        .zip(&project.docs)
        .map(|(p, d)| (p.title.clone(), html_path(&p.path), d))
        .collect();
    let index_pages: Vec<search::PageText<'_>> = texts
        .iter()
        .map(|(title, url, doc)| search::PageText {
            title,
            url: url.clone(),
            html: &doc.html,
            sections: &doc.sections,
        })
        .collect();
    // In an update, the pages not re-rendered are as last indexed.
    let unchanged: Option<std::collections::BTreeSet<usize>> =
        only.map(|o| (0..pages.len()).filter(|i| !o.contains(i)).collect());
    // Pages (mostly file creation, in the kernel) and the search index (all
    // computation) side by side.
    let (rendered, index) = rayon::join(
        || -> Result<Vec<Option<String>>, SiteError> {
            crate::core::timed("site: pages", || {
                pages
                    .par_iter()
                    .zip(project.docs.par_iter())
                    .enumerate()
                    .filter(|(i, _)| only.is_none_or(|o| o.contains(i)))
                    .map(|(i, (page, doc))| -> Result<Option<String>, SiteError> {
                        let href = html_path(&page.path);
                        let root = "../".repeat(href.matches('/').count());
                        let rel = project.src_rel(&page.path);
                        let mine = by_page.get(rel.as_str()).map(Vec::as_slice).unwrap_or(&[]);
                        let marked = (cfg.docket.marks && !mine.is_empty()).then(|| {
                            insert_marks(
                                &doc.html,
                                &doc.anchors,
                                mine,
                                &format!("{root}{DRIFT_PAGE}"),
                            )
                        });
                        let body: &str = marked.as_deref().unwrap_or(&doc.html);
                        let link = |j: usize| {
                            pages.get(j).map(|p| NavLink {
                                title: p.title.clone(),
                                href: format!("{root}{}", html_path(&p.path)),
                            })
                        };
                        let mut ctx = base(
                            "page",
                            page.title.clone(),
                            root.clone(),
                            &href,
                            Some(&page.path),
                        );
                        ctx.toc = doc
                            .headings
                            .iter()
                            .filter(|h| (2..=3).contains(&h.level))
                            .map(|h| TocEntry {
                                level: h.level,
                                id: h.id.clone(),
                                text: h.text.clone(),
                            })
                            .collect();
                        ctx.prev = i.checked_sub(1).and_then(link);
                        ctx.next = link(i + 1);
                        ctx.edit_url = cfg
                            .html
                            .edit_url_template
                            .as_ref()
                            .map(|t| t.replace("{path}", &rel));
                        if href == "index.html" && front_is_dashboard {
                            // The dashboard takes this page's body as its introduction.
                            return Ok(Some(body.to_string()));
                        }
                        // The body goes in after rendering, in place of a marker: the
                        // template engine would copy it twice.
                        ctx.content =
                            Some(if builtin_page { CONTENT_MARK } else { body }.to_string());
                        let shell = render(&env, "page.html", &ctx)?;
                        let once = shell
                            .split_once(CONTENT_MARK)
                            .filter(|(_, tail)| builtin_page && !tail.contains(CONTENT_MARK));
                        let html = match once {
                            Some((head, tail)) => {
                                let mut h =
                                    String::with_capacity(head.len() + body.len() + tail.len());
                                h.push_str(head);
                                h.push_str(body);
                                h.push_str(tail);
                                h
                            }
                            // A project's page template may filter the body: it had the
                            // real one.
                            None if !builtin_page => shell,
                            // The marker twice: a title carries it. Render for real.
                            None => {
                                ctx.content = Some(body.to_string());
                                render(&env, "page.html", &ctx)?
                            }
                        };
                        let path = out.join(&href);
                        if in_place {
                            put(&path, html.as_bytes(), true)?;
                        } else {
                            std::fs::write(&path, html.as_bytes())
                                .map_err(|source| SiteError::Io { path, source })?;
                        }
                        Ok(None)
                    })
                    .collect::<Result<_, _>>()
            })
        },
        || {
            crate::core::timed("site: search", || {
                search::build(&index_pages, unchanged.as_ref())
            })
        },
    );
    let rendered = rendered?;
    let written = rendered.len();
    let intro: Option<String> = rendered.into_iter().flatten().next();
    // An update in place (`serve` after a page edit) leaves alone what only the
    // book's structure, config or docket itself decide: chapter list, 404,
    // sitemap, assets.
    if large && !in_place {
        // The chapter list, once, with hrefs relative to the site root.
        let js = format!(
            "window.docketTocHtml={};\n",
            serde_json::to_string(&sidebar_html(&parts, ""))
                .unwrap_or_else(|_| "\"\"".into())
                .replace('<', "\\u003c")
        );
        write(&out.join("toc.js"), js.as_bytes())?;
    }
    if !front_is_dashboard && (in_place || !out.join("index.html").exists()) {
        // The book picked its front page (`front-page = "x.md"`), else the first
        // chapter, as mdBook does. Only a page at the top level keeps its links.
        let chosen = cfg
            .docket
            .front_page
            .as_deref()
            .and_then(|f| pages.iter().find(|p| p.path == f))
            .or(pages.first());
        if let Some(first) = chosen {
            let src = std::fs::read_to_string(out.join(html_path(&first.path))).map_err(io(out))?;
            write(&out.join("index.html"), src.as_bytes())?;
        }
    }

    // Dashboard: at docket-dashboard.html, and as the front page unless the book picks one.
    let mut rules: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for f in &result.findings {
        let e = rules.entry(f.rule).or_default();
        match f.severity {
            crate::core::catalog::Severity::Error => e.0 += 1,
            _ => e.1 += 1,
        }
    }
    let drift_rules = || -> Vec<RuleCount> {
        rules
            .iter()
            .map(|(r, (e, w))| RuleCount {
                rule: r,
                errors: *e,
                warnings: *w,
            })
            .collect()
    };
    let dashboard = |content: Option<String>, href: &str| {
        let mut ctx = base(
            "dashboard",
            "Readiness dashboard".into(),
            String::new(),
            href,
            None,
        );
        if let Some(m) = manifest {
            let gate = m.release.gate.as_ref().map(|g| {
                let checks = g.checks.unwrap_or(crate::input::manifest::GateChecks {
                    total: 0,
                    closed: 0,
                });
                GateView {
                    title: g.title.clone(),
                    state: lifecycle(g.state),
                    closed: checks.closed,
                    total: checks.total,
                    percent: crate::check::blocks::percent(checks),
                }
            });
            ctx.release = Some(ReleaseView {
                project: m.project.name.clone(),
                line: m.release.line.clone(),
                posture: lifecycle(m.release.posture),
                as_of: m.release.as_of.clone(),
                gate,
            });
            ctx.workstreams = m
                .workstreams
                .iter()
                .map(|w| WorkView {
                    title: w.title.clone(),
                    meaning: w.meaning.clone(),
                    status: lifecycle(w.status),
                })
                .collect();
            ctx.profiles = m
                .profiles
                .iter()
                .map(|p| ProfileView {
                    id: p.id.clone(),
                    default: p.default,
                    status: lifecycle(p.status),
                    summary: p.summary.clone(),
                })
                .collect();
        }
        ctx.drift_rules = drift_rules();
        ctx.content = content;
        ctx
    };
    write(
        &out.join(DASHBOARD_PAGE),
        render(&env, "dashboard.html", &dashboard(None, DASHBOARD_PAGE))?.as_bytes(),
    )?;
    if front_is_dashboard {
        let html = render(&env, "dashboard.html", &dashboard(intro, "index.html"))?;
        write(&out.join("index.html"), html.as_bytes())?;
    }

    // Drift page: every finding grouped by file, each linked to its place.
    let mut groups: BTreeMap<&str, Vec<FindingView>> = BTreeMap::new();
    for (i, f) in &numbered {
        let href = page_of.get(&f.path).map(|&pi| {
            let anchor = project.docs[pi]
                .anchors
                .iter()
                .rev()
                .find(|&&a| a <= f.line)
                .copied();
            let page = html_path(&pages[pi].path);
            anchor.map_or(page.clone(), |a| {
                format!("{page}#{}", crate::markdown::line_anchor(a))
            })
        });
        groups
            .entry(f.path.as_str())
            .or_default()
            .push(FindingView {
                id: format!("f-{i}"),
                rule: f.rule,
                severity: f.severity.as_str(),
                line: f.line,
                message: f.message.clone(),
                truth: f.truth.clone(),
                fix: f.fix.clone(),
                detail: f.detail.clone(),
                href,
            });
    }
    let mut ctx = base(
        "drift",
        "Drift report".into(),
        String::new(),
        DRIFT_PAGE,
        None,
    );
    ctx.drift_rules = drift_rules();
    ctx.drift_groups = groups
        .into_iter()
        .map(|(path, findings)| DriftGroup {
            path: path.to_string(),
            href: page_of.get(path).map(|&pi| html_path(&pages[pi].path)),
            findings,
        })
        .collect();
    ctx.allowed = result
        .allowed
        .iter()
        .map(|a| AllowedView {
            rule: a.finding.rule,
            at: format!("{}:{}", a.finding.path, a.finding.line),
            message: a.finding.message.clone(),
            reason: a.reason.clone(),
            until: a.until.clone(),
        })
        .collect();
    write(
        &out.join(DRIFT_PAGE),
        render(&env, "drift.html", &ctx)?.as_bytes(),
    )?;

    // Defines page: the manifest's defines and what the code reads.
    if has_defines {
        let mut ctx = base(
            "defines",
            "Defines".into(),
            String::new(),
            DEFINES_PAGE,
            None,
        );
        ctx.defines = define_views(project);
        ctx.has_code = project.facts.defines.is_some();
        write(
            &out.join(DEFINES_PAGE),
            render(&env, "defines.html", &ctx)?.as_bytes(),
        )?;
    }

    // 404 is served from any depth: absolute links from the site URL, else the root.
    let root404 = cfg.html.site_url.clone().map_or_else(
        || "/".to_string(),
        |u| format!("{}/", u.trim_end_matches('/')),
    );
    let ctx = base("404", "Page not found".into(), root404, "404.html", None);
    if !in_place {
        write(
            &out.join("404.html"),
            render(&env, "404.html", &ctx)?.as_bytes(),
        )?;
    }

    let shard_dir = out.join("search");
    std::fs::create_dir_all(&shard_dir).map_err(io(&shard_dir))?;
    index
        .shards
        .par_iter()
        .try_for_each(|(name, text)| match text {
            Some(text) => write(&out.join(name), text.as_bytes()),
            None => Ok(()),
        })?;
    // After its shards: a reader never loads a list naming shards not yet there.
    write(&out.join("search-index.js"), index.main.as_bytes())?;

    if let Some(url) = cfg.html.site_url.as_ref().filter(|_| !in_place) {
        let base = url.trim_end_matches('/');
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut urls: Vec<String> = vec![
            "index.html".into(),
            DASHBOARD_PAGE.into(),
            DRIFT_PAGE.into(),
        ];
        urls.extend(pages.iter().map(|p| html_path(&p.path)));
        if has_defines {
            urls.push(DEFINES_PAGE.into());
        }
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
        write(&out.join("sitemap.xml"), xml.as_bytes())?;
    }
    for (name, body) in assets::STATIC.iter().filter(|_| !in_place) {
        write(&out.join(name), body.as_bytes())?;
    }
    write(
        &out.join(SITE_MARKER),
        b"written by docket; safe to delete\n",
    )?;
    Ok(written)
}

fn define_views(project: &Project) -> Vec<DefineView> {
    let code = project.facts.defines.as_ref();
    let blob = project.config.html.git_repository_url.as_ref().map(|u| {
        format!(
            "{}/blob/{}/",
            u.trim_end_matches('/'),
            project.config.docket.repository_branch
        )
    });
    let uses = |name: &str| -> Vec<UseView> {
        code.and_then(|c| c.uses.get(name))
            .map(|us| {
                us.iter()
                    .map(|u| UseView {
                        label: format!(
                            "{}:{}{}",
                            u.path,
                            u.line,
                            if u.rejected { " (rejects)" } else { "" }
                        ),
                        href: blob.as_ref().map(|b| format!("{b}{}#L{}", u.path, u.line)),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    if let Some(m) = project.manifest.as_ref().map(|m| &m.manifest) {
        for d in &m.defines {
            listed.insert(d.name.clone());
            listed.extend(d.aliases.iter().cloned());
            let mut u = uses(&d.name);
            for a in &d.aliases {
                u.extend(uses(a));
            }
            out.push(DefineView {
                name: d.name.clone(),
                value: d
                    .values
                    .as_ref()
                    .map(|v| v.join("|"))
                    .or_else(|| d.value.clone()),
                category: d.category.clone(),
                status: lifecycle(d.status),
                summary: d.summary.clone(),
                aliases: d.aliases.clone(),
                default: d.default.clone(),
                replaced_by: d.replaced_by.clone(),
                uses: u,
            });
        }
    }
    if let Some(c) = code {
        for name in c.uses.keys().filter(|n| !listed.contains(*n)) {
            out.push(DefineView {
                name: name.clone(),
                value: None,
                category: "(not in the manifest)".into(),
                status: if c.removed(name) {
                    "removed".into()
                } else {
                    "undocumented".into()
                },
                summary: String::new(),
                aliases: Vec::new(),
                default: None,
                replaced_by: None,
                uses: uses(name),
            });
        }
    }
    out
}

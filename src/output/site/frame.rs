//! What every page shares: the template environment, the values every template
//! sees (`Ctx`), the chapter list, and the site-wide facts a page kind needs
//! (`Site`), computed once per build.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::Environment;
use serde::Serialize;

use super::{SiteError, html_path, io};
use crate::check::project::Project;
use crate::check::rules::{CheckResult, Finding};
use crate::core::text::escape;
use crate::input::assets;
use crate::input::book::SummaryItem;
use crate::input::config::Audience;
use crate::input::config::mdbook::theme_kind;
use crate::output::report;

/// Books larger than this get their chapter list from `toc.js`, loaded once and
/// cached, instead of a copy in every page (which would grow as pages²).
pub const INLINE_SIDEBAR_MAX_PAGES: usize = 300;

#[derive(Serialize)]
pub(super) struct NavLink {
    pub title: String,
    pub href: String,
}

#[derive(Serialize)]
pub(super) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Everything a template can see. One struct for every page kind keeps the
/// templates free to share `base.html`; kind-specific fields are empty elsewhere.
#[derive(Serialize, Default)]
pub(super) struct Ctx<'a> {
    pub kind: &'static str,
    /// `readers` or `maintainers`.
    pub audience: &'static str,
    pub book_title: &'a str,
    pub language: &'a str,
    pub description: Option<&'a str>,
    pub authors: String,
    pub canonical_url: Option<String>,
    pub page_title: String,
    pub root: String,
    pub asset_version: &'a str,
    /// The chapter list, prerendered (empty when `toc.js` carries it).
    pub sidebar: String,
    pub toc_script: bool,
    /// The dashboard and drift report exist.
    pub site_pages: bool,
    pub has_defines: bool,
    pub drift_summary: &'a str,
    pub drift_errors: usize,
    pub drift_warnings: usize,
    pub repository_url: Option<&'a str>,
    pub content: Option<String>,
    pub toc: Vec<TocEntry>,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    pub edit_url: Option<String>,
    pub release: Option<super::dashboard::ReleaseView>,
    pub workstreams: Vec<super::dashboard::WorkView>,
    pub profiles: Vec<super::dashboard::ProfileView>,
    pub drift_rules: Vec<super::drift::RuleCount>,
    pub drift_groups: Vec<super::drift::DriftGroup>,
    pub allowed: Vec<super::drift::AllowedView>,
    pub defines: Vec<super::defines::DefineView>,
    pub has_code: bool,
    /// The book's `additional-css`/`-js` and MathJax, for `<head>`.
    pub extra_head: String,
    /// `output.html.fold`: the chapter list folds below this depth.
    pub fold: Option<u32>,
    /// `default-theme` and `preferred-dark-theme`, as `light` or `dark`.
    pub default_theme: Option<&'static str>,
    pub dark_theme: Option<&'static str>,
    /// mdBook's theme class for `<html>` in docket's light and dark themes
    /// (`light`, `navy` unless `book.toml` names others), for a book's CSS.
    pub light_class: &'static str,
    pub dark_class: &'static str,
}

/// A part of the chapter list.
pub(super) struct NavPart {
    title: Option<String>,
    items: Vec<NavItem>,
}

struct NavItem {
    title: String,
    href: Option<String>,
    depth: usize,
    separator: bool,
    /// The section number mdBook shows (`1.2.`), for a numbered chapter.
    number: Option<String>,
}

/// A chapter list shared by a folder depth, and where one page marks its own
/// link (the range, and the marked link).
pub(super) type SidebarMark<'a> = (&'a str, Option<(std::ops::Range<usize>, String)>);

/// The build's shared state: config, findings, templates and the chapter list.
pub(super) struct Site<'a> {
    pub project: &'a Project,
    pub result: &'a CheckResult,
    pub env: Environment<'static>,
    pub out: &'a Path,
    /// An update in place (`serve`): files are replaced atomically, equal ones kept.
    pub in_place: bool,
    pub audience: Audience,
    pub book_title: &'a str,
    drift: String,
    pub errors: usize,
    pub warnings: usize,
    asset_version: String,
    pub parts: Vec<NavPart>,
    /// Above `INLINE_SIDEBAR_MAX_PAGES`: the chapter list lives in `toc.js`.
    pub large: bool,
    sidebars: BTreeMap<String, String>,
    /// The dashboard and drift report are written.
    pub site_pages: bool,
    /// The defines page is written.
    pub has_defines: bool,
    /// The dashboard is the front page.
    pub front_is_dashboard: bool,
    /// Findings numbered once, in report order, so marks and the drift page agree.
    pub numbered: Vec<(usize, &'a Finding)>,
    /// Page index by path relative to the book root.
    pub page_of: BTreeMap<String, usize>,
    /// Chapters `[output.html.redirect]` sends `#fragments` on from: the
    /// script for the page's `<head>`, by site path.
    pub fragment_scripts: BTreeMap<String, String>,
    /// Each chapter's site path (`x/y.html`), in book order.
    pub hrefs: Vec<String>,
    /// The book pages' frame is docket's own (`page.html` and `base.html`
    /// not overridden), so it is stenciled (`stencil`) rather than rendered
    /// per page.
    pub stencil_pages: bool,
    /// The page frame's stencils, by shape.
    pub page_stencils: super::stencil::Stencils,
}

impl<'a> Site<'a> {
    pub fn new(
        project: &'a Project,
        result: &'a CheckResult,
        out: &'a Path,
        in_place: bool,
    ) -> Result<Site<'a>, SiteError> {
        let cfg = &project.config;
        let manifest = project.manifest.as_ref().map(|m| &m.manifest);
        let audience = cfg.docket.audience.unwrap_or(if manifest.is_some() {
            Audience::Maintainers
        } else {
            Audience::Readers
        });
        let drift = report::summary_line(result, project.docs.len());
        let tally = report::tally(&result.findings);
        let parts = nav_parts(project);
        let large = project.book.chapters().len() > INLINE_SIDEBAR_MAX_PAGES;
        let mut sidebars = BTreeMap::new();
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
        // Readers see the project's status pages only when there is a project
        // (a manifest) to speak of; maintainers always.
        let site_pages = audience == Audience::Maintainers || manifest.is_some();
        let has_defines = site_pages
            && (manifest.is_some_and(|m| !m.defines.is_empty()) || project.facts.defines.is_some());
        let front_is_dashboard = audience == Audience::Maintainers
            && cfg
                .docket
                .front_page
                .as_deref()
                .is_none_or(|f| f == "dashboard");
        Ok(Site {
            project,
            result,
            env: environment(project)?,
            out,
            in_place,
            audience,
            book_title: cfg.book.title.as_deref().unwrap_or("Book"),
            drift: drift.trim_start_matches("docket: ").to_string(),
            errors: tally.errors,
            warnings: tally.warnings,
            asset_version: crate::core::text::fingerprint(
                &assets::STATIC.iter().map(|(_, b)| *b).collect::<Vec<_>>(),
            ),
            parts,
            large,
            sidebars,
            site_pages,
            has_defines,
            front_is_dashboard,
            numbered: result.findings.iter().enumerate().collect(),
            page_of: project
                .book
                .chapters()
                .iter()
                .enumerate()
                .map(|(i, p)| (project.src_rel(&p.path), i))
                .collect(),
            fragment_scripts: super::book_files::fragment_scripts(project),
            hrefs: project
                .book
                .chapters()
                .iter()
                .map(|p| html_path(&p.path))
                .collect(),
            stencil_pages: ["page.html", "base.html"]
                .iter()
                .all(|name| !overridden(project, name)),
            page_stencils: super::stencil::Stencils::default(),
        })
    }

    /// Whether pages carry drift marks.
    pub fn marks(&self) -> bool {
        self.audience == Audience::Maintainers && self.project.config.docket.marks
    }

    /// The values every page has. `root` leads from the page to the site root,
    /// `href` is the page's own address, `current` the book page it shows.
    pub fn base(
        &self,
        kind: &'static str,
        title: String,
        root: String,
        href: &str,
        current: Option<&str>,
    ) -> Ctx<'_> {
        let cfg = &self.project.config;
        Ctx {
            kind,
            audience: match self.audience {
                Audience::Readers => "readers",
                Audience::Maintainers => "maintainers",
            },
            book_title: self.book_title,
            language: &cfg.book.language,
            description: cfg.book.description.as_deref(),
            authors: cfg.book.authors.join(", "),
            canonical_url: cfg
                .html
                .site_url
                .as_ref()
                .map(|u| format!("{}/{href}", u.trim_end_matches('/'))),
            page_title: title,
            sidebar: match (self.sidebars.get(&root), current) {
                (Some(sb), Some(c)) => mark_current(sb, &format!("{root}{}", html_path(c))),
                (Some(sb), None) => sb.clone(),
                (None, _) => String::new(),
            },
            toc_script: self.large,
            extra_head: super::book_files::extra_head(self.project, &root),
            root,
            asset_version: &self.asset_version,
            site_pages: self.site_pages,
            has_defines: self.has_defines,
            drift_summary: &self.drift,
            drift_errors: self.errors,
            drift_warnings: self.warnings,
            repository_url: cfg.html.git_repository_url.as_deref(),
            fold: cfg.html.fold,
            default_theme: cfg.html.default_theme.and_then(theme_kind),
            dark_theme: cfg.html.dark_theme.and_then(theme_kind),
            light_class: cfg
                .html
                .default_theme
                .filter(|t| theme_kind(t) == Some("light"))
                .unwrap_or("light"),
            dark_class: [cfg.html.dark_theme, cfg.html.default_theme]
                .into_iter()
                .flatten()
                .find(|t| theme_kind(t) == Some("dark"))
                .unwrap_or("navy"),
            ..Ctx::default()
        }
    }

    /// The chapter list of a page at `root` that shows `current` (its site
    /// path), for a stencil: the list shared by the pages at that depth and,
    /// where it links to the page, that link's range and the link marked
    /// current. `None` when `toc.js` carries the list.
    pub fn sidebar_mark(&self, root: &str, current: &str) -> Option<SidebarMark<'_>> {
        let shared = self.sidebars.get(root)?;
        let href = escape(&format!("{root}{current}"));
        let needle = format!("<a href=\"{href}\">");
        let mark = shared.find(&needle).map(|at| {
            (
                at..at + needle.len(),
                format!("<a href=\"{href}\" class=\"active\" aria-current=\"page\">"),
            )
        });
        Some((shared, mark))
    }

    /// Render template `name`.
    pub fn render(&self, name: &str, ctx: &Ctx<'_>) -> Result<String, SiteError> {
        self.render_value(name, minijinja::Value::from(minijinja::value::Serde(ctx)))
    }

    /// Render template `name` with a context made as a value (a stencil's probe).
    pub fn render_value(&self, name: &str, ctx: minijinja::Value) -> Result<String, SiteError> {
        let t = self
            .env
            .get_template(name)
            .map_err(|e| SiteError::Template {
                name: name.into(),
                message: e.to_string(),
            })?;
        t.render(ctx).map_err(|e| SiteError::Template {
            name: name.into(),
            message: format!("{e:#}"),
        })
    }

    /// Write a file of the site (`rel` from its root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
        super::put(self.out, &self.out.join(rel), bytes, self.in_place)
    }

    /// Render a site page (dashboard, drift, defines, 404) to `href`.
    pub fn page(&self, template: &str, href: &str, ctx: &Ctx<'_>) -> Result<(), SiteError> {
        self.write(href, self.render(template, ctx)?.as_bytes())
    }

    /// Read a file this build wrote.
    pub fn read_back(&self, rel: &str) -> Result<String, SiteError> {
        let path = self.out.join(rel);
        std::fs::read_to_string(&path).map_err(io(&path))
    }
}

/// Whether the project's `templates` folder overrides template `name`.
pub(super) fn overridden(project: &Project, name: &str) -> bool {
    let cfg = &project.config;
    cfg.docket
        .templates
        .as_ref()
        .is_some_and(|t| cfg.root.join(t).join(name).is_file())
}

fn environment(project: &Project) -> Result<Environment<'static>, SiteError> {
    let mut env = Environment::new();
    env.set_fuel(Some(crate::input::assets::TEMPLATE_FUEL));
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
            // Inside the book root only: a template linked out is refused.
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

/// Sidebar parts, hrefs relative to the site root; each page prefixes its root.
fn nav_parts(project: &Project) -> Vec<NavPart> {
    let pages: std::collections::HashSet<&str> = project
        .book
        .chapters()
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    let mut parts = vec![NavPart {
        title: None,
        items: Vec::new(),
    }];
    let numbers = project.book.summary.section_numbers();
    for (item, number) in project.book.summary.items.iter().zip(numbers) {
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
                        number: None,
                    });
                }
            }
            SummaryItem::Chapter {
                title, path, depth, ..
            } => {
                let number = number.map(|n| n.iter().map(|c| format!("{c}.")).collect::<String>());
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
                        number: number.filter(|_| !project.config.html.no_section_label),
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
pub(super) fn sidebar_html(parts: &[NavPart], root: &str) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str("<details class=\"part\" open>\n<summary>");
        out.push_str(&escape(part.title.as_deref().unwrap_or("Chapters")));
        out.push_str("</summary>\n<ol class=\"chapters\">\n");
        for i in &part.items {
            if i.separator {
                out.push_str("<li class=\"separator\" aria-hidden=\"true\"></li>\n");
            } else {
                let number = i.number.as_deref().map_or(String::new(), |n| {
                    format!("<strong aria-hidden=\"true\">{n}</strong> ")
                });
                match &i.href {
                    Some(h) => out.push_str(&format!(
                        "<li class=\"chapter depth-{}\"><a href=\"{root}{}\">{number}{}</a></li>\n",
                        i.depth,
                        escape(h),
                        escape(&i.title)
                    )),
                    None => out.push_str(&format!(
                        "<li class=\"chapter depth-{} draft\">{number}{}</li>\n",
                        i.depth,
                        escape(&i.title)
                    )),
                }
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

/// A manifest lifecycle value as its YAML spelling (`in-progress`).
pub(super) fn lifecycle(v: impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

//! Stage 7: the rendered site.
//!
//! Pages go through minijinja templates (autoescaped; the Markdown body is the
//! only `|safe` value). The site is written to a temporary folder beside the
//! destination and swapped in at the end, so a failed build never leaves a half
//! site, and a folder docket did not write is never replaced.

use std::path::{Path, PathBuf};

use minijinja::Environment;
use serde::Serialize;

use crate::assets;
use crate::book::SummaryItem;
use crate::project::Project;
use crate::report;
use crate::rules::CheckResult;

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

#[derive(Serialize)]
struct NavItem {
    title: String,
    href: Option<String>,
    depth: usize,
    part: Option<String>,
    separator: bool,
    current: bool,
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct PageContext<'a> {
    book_title: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    authors: String,
    canonical_url: Option<String>,
    page_title: &'a str,
    path_to_root: String,
    content: &'a str,
    nav: Vec<NavItem>,
    prev: Option<NavLink>,
    next: Option<NavLink>,
    edit_url: Option<String>,
    repository_url: Option<&'a str>,
    drift_summary: &'a str,
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
            Some(p) if p.is_file() => {
                crate::book::read_text(&p).map_err(|e| SiteError::Template {
                    name: p.display().to_string(),
                    message: e.to_string(),
                })?
            }
            _ => (*builtin).to_string(),
        };
        env.add_template_owned(name.to_string(), source)
            .map_err(|e| SiteError::Template {
                name: name.to_string(),
                message: e.to_string(),
            })?;
    }
    Ok(env)
}

/// Render every page into `dest`, replacing it atomically. Returns pages written.
pub fn build(project: &Project, result: &CheckResult, dest: &Path) -> Result<usize, SiteError> {
    guard_dest(project, dest)?;
    let env = environment(project)?;
    let template = env
        .get_template("page.html")
        .map_err(|e| SiteError::Template {
            name: "page.html".into(),
            message: e.to_string(),
        })?;
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".docket-build-")
        .tempdir_in(parent)
        .map_err(io(parent))?;
    let out = tmp.path();

    let book_title = project.config.book.title.as_deref().unwrap_or("Book");
    let drift = report::summary_line(result, project.docs.len());
    let pages = &project.book.pages;
    for (i, (page, doc)) in pages.iter().zip(&project.docs).enumerate() {
        let href = html_path(&page.path);
        let depth = href.matches('/').count();
        let path_to_root = "../".repeat(depth);
        let link = |j: usize| {
            pages.get(j).map(|p| NavLink {
                title: p.title.clone(),
                href: format!("{path_to_root}{}", html_path(&p.path)),
            })
        };
        let ctx = PageContext {
            book_title,
            language: &project.config.book.language,
            description: project.config.book.description.as_deref(),
            authors: project.config.book.authors.join(", "),
            canonical_url: project
                .config
                .html
                .site_url
                .as_ref()
                .map(|u| format!("{}/{href}", u.trim_end_matches('/'))),
            page_title: &page.title,
            path_to_root: path_to_root.clone(),
            content: &doc.html,
            nav: nav(project, &page.path, &path_to_root),
            prev: i.checked_sub(1).and_then(link),
            next: link(i + 1),
            edit_url: project
                .config
                .html
                .edit_url_template
                .as_ref()
                .map(|t| t.replace("{path}", &project.src_rel(&page.path))),
            repository_url: project.config.html.git_repository_url.as_deref(),
            drift_summary: &drift,
        };
        let html = template
            .render(minijinja::value::Serde(&ctx))
            .map_err(|e| SiteError::Template {
                name: "page.html".into(),
                message: format!("{e:#}"),
            })?;
        write(&out.join(&href), html.as_bytes())?;
        if i == 0 && !pages.iter().any(|p| p.path == "index.md") {
            // mdBook serves the first chapter as the site's index too.
            let html = html.replace(&format!("href=\"{path_to_root}"), "href=\"");
            write(&out.join("index.html"), html.as_bytes())?;
        }
    }
    for (name, body) in assets::STATIC {
        write(&out.join(name), body.as_bytes())?;
    }
    write(
        &out.join(SITE_MARKER),
        b"written by docket; safe to delete\n",
    )?;
    swap_in(tmp, dest)?;
    Ok(pages.len())
}

fn nav(project: &Project, current: &str, path_to_root: &str) -> Vec<NavItem> {
    let mut items = Vec::new();
    for item in &project.book.summary.items {
        items.push(match item {
            SummaryItem::Part(t) => NavItem {
                title: t.clone(),
                href: None,
                depth: 0,
                part: Some(t.clone()),
                separator: false,
                current: false,
            },
            SummaryItem::Separator => NavItem {
                title: String::new(),
                href: None,
                depth: 0,
                part: None,
                separator: true,
                current: false,
            },
            SummaryItem::Chapter {
                title, path, depth, ..
            } => {
                let target = path
                    .as_deref()
                    .map(|p| p.split('#').next().unwrap_or(p))
                    .and_then(|p| crate::book::join_rel("", &crate::book::percent_decode(p)));
                let exists = target
                    .as_deref()
                    .is_some_and(|t| project.book.pages.iter().any(|p| p.path == t));
                NavItem {
                    title: title.clone(),
                    href: target
                        .as_deref()
                        .filter(|_| exists)
                        .map(|t| format!("{path_to_root}{}", html_path(t))),
                    depth: *depth,
                    part: None,
                    separator: false,
                    current: target.as_deref() == Some(current),
                }
            }
        });
    }
    items
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), SiteError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::write(path, bytes).map_err(io(path))
}

/// Refuse destinations whose replacement would destroy the book or someone's files.
fn guard_dest(project: &Project, dest: &Path) -> Result<(), SiteError> {
    let refuse = |message: String| SiteError::Refused {
        path: dest.to_path_buf(),
        message,
    };
    let abs = |p: &Path| -> PathBuf {
        let base = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists; the rest is appended lexically.
        let mut existing = base.clone();
        let mut tail = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(n), Some(par)) => {
                    tail.push(n);
                    existing = par.to_path_buf();
                }
                _ => break,
            }
        }
        let mut r = existing.canonicalize().unwrap_or(existing);
        for n in tail.into_iter().rev() {
            r.push(n);
        }
        r
    };
    let d = abs(dest);
    let root = abs(&project.config.root);
    let src = abs(&project.config.src_dir());
    if root.starts_with(&d) || src.starts_with(&d) || d.starts_with(&src) {
        return Err(refuse(
            "the output folder would overlap the book root or its source folder; choose another with -d/--dest-dir".into(),
        ));
    }
    if d.exists() {
        if !d.is_dir() {
            return Err(refuse(
                "exists and is not a folder; remove it or choose another with -d/--dest-dir".into(),
            ));
        }
        let empty = std::fs::read_dir(&d)
            .map(|mut r| r.next().is_none())
            .unwrap_or(false);
        if !empty && !d.join(SITE_MARKER).is_file() {
            return Err(refuse(format!(
                "exists and was not written by docket (no {SITE_MARKER} inside); move it away or choose another folder with -d/--dest-dir"
            )));
        }
    }
    Ok(())
}

fn swap_in(tmp: tempfile::TempDir, dest: &Path) -> Result<(), SiteError> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let built = tmp.keep();
    if dest.exists() {
        let old = tempfile::Builder::new()
            .prefix(".docket-old-")
            .tempdir_in(parent)
            .map_err(io(parent))?
            .keep();
        // The placeholder folder must go so the rename can take its name.
        std::fs::remove_dir(&old).map_err(io(&old))?;
        std::fs::rename(dest, &old).map_err(io(dest))?;
        std::fs::rename(&built, dest).map_err(io(dest))?;
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        std::fs::rename(&built, dest).map_err(io(dest))?;
    }
    Ok(())
}

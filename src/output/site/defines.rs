//! The defines page: every define the manifest lists and, with define scanning,
//! where the code reads each one and what it reads that the manifest lacks.

use serde::Serialize;

use super::frame::{Site, lifecycle};
use super::{DEFINES_PAGE, SiteError};
use crate::check::project::Project;

#[derive(Serialize)]
pub(super) struct UseView {
    pub label: String,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct DefineView {
    pub name: String,
    pub value: Option<String>,
    pub category: String,
    pub status: String,
    pub summary: String,
    pub aliases: Vec<String>,
    pub default: Option<String>,
    pub replaced_by: Option<String>,
    pub uses: Vec<UseView>,
}

/// Write `docket-defines.html`.
pub(super) fn write(site: &Site<'_>) -> Result<(), SiteError> {
    let mut ctx = site.base(
        "defines",
        "Defines".into(),
        String::new(),
        DEFINES_PAGE,
        None,
    );
    ctx.defines = define_views(site.project);
    ctx.has_code = site.project.facts.defines.is_some();
    site.page("defines.html", DEFINES_PAGE, &ctx)
}

fn define_views(project: &Project) -> Vec<DefineView> {
    let code = project.facts.defines.as_ref();
    let repo = project.config.repo();
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
                        href: crate::core::paths::join_rel(&repo.book_rel, &u.path)
                            .and_then(|rel| repo.url(&rel))
                            .map(|url| format!("{url}#L{}", u.line)),
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
                    .map(|v| v.join(" | "))
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

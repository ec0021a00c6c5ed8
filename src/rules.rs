//! Stage 5: claims against truth, yielding [`Finding`]s.
//!
//! Each rule is one function over the loaded project. Findings are values: a
//! wrong doc is a finding, never an `Err`. They are sorted before any formatter
//! sees them, so reports are byte-identical across runs.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::blocks::{self, Plan};
use crate::book::{self, parent_dir, percent_decode};
use crate::catalog::{self, Severity};
use crate::markdown::{LinkKind, is_relative};
use crate::project::Project;

/// One place where a doc disagrees with the truth.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// File relative to the book root, `/`-separated.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in chars.
    pub col: usize,
    /// Rule id from the catalog.
    pub rule: &'static str,
    /// Configured severity.
    pub severity: Severity,
    /// What the doc says and why it is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Supporting text shown under the finding, such as a diff.
    pub detail: Option<String>,
}

/// Run every enabled rule; findings come back sorted by (path, line, col, rule).
pub fn check(project: &Project, plan: &Plan) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut emit = |project: &Project,
                    rule: &'static str,
                    path: String,
                    (line, col): (usize, usize),
                    message: String| {
        let severity = project.config.severity(rule);
        if severity == Severity::Off {
            return;
        }
        let fix = catalog::rule(rule).map_or("", |r| r.fix).to_string();
        out.push(Finding {
            path,
            line,
            col,
            rule,
            severity,
            message,
            fix,
            detail: None,
        });
    };
    summary_entries(project, &mut emit);
    links(project, &mut emit);
    orphans(project, &mut emit);
    manifest_docs(project, &mut emit);
    generated_stale(project, plan, &mut out);
    out.sort();
    out.dedup();
    out
}

type Emit<'a> = dyn FnMut(&Project, &'static str, String, (usize, usize), String) + 'a;

fn summary_entries(p: &Project, emit: &mut Emit<'_>) {
    for m in &p.book.missing {
        let pos = crate::span::line_col(&p.book.summary_text, m.offset);
        emit(
            p,
            catalog::DOC_MISSING,
            p.book.summary_path.clone(),
            pos,
            format!("SUMMARY.md lists `{}`, which {}", m.path, m.reason),
        );
    }
}

fn orphans(p: &Project, emit: &mut Emit<'_>) {
    for o in &p.book.orphans {
        emit(
            p,
            catalog::SUMMARY_ORPHAN,
            p.src_rel(o),
            (1, 1),
            format!(
                "`{o}` is in the source folder but not in SUMMARY.md, so the site does not include it"
            ),
        );
    }
}

fn manifest_docs(p: &Project, emit: &mut Emit<'_>) {
    let Some(m) = &p.manifest else { return };
    let pages: BTreeSet<&str> = p.book.pages.iter().map(|pg| pg.path.as_str()).collect();
    for (i, d) in m.manifest.docs.iter().enumerate() {
        if !pages.contains(d.path.as_str()) {
            let exists = p.config.src_dir().join(&d.path).is_file();
            let why = if exists {
                "exists but is not listed in SUMMARY.md"
            } else {
                "does not exist"
            };
            emit(
                p,
                catalog::DOC_MISSING,
                m.display_path.clone(),
                m.index.node(&format!("/docs/{i}/path")),
                format!("the manifest's doc set names `{}`, which {why}", d.path),
            );
        }
    }
}

fn links(p: &Project, emit: &mut Emit<'_>) {
    let by_path: BTreeMap<&str, usize> = p
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    for (doc, page) in p.docs.iter().zip(&p.book.pages) {
        let report_path = p.src_rel(&doc.path);
        let page_dir = book::join_rel(&p.src_prefix, parent_dir(&doc.path)).unwrap_or_default();
        for link in &doc.links {
            let pos = doc.source_map.line_col(&page.text, link.offset);
            if link.kind != LinkKind::CodePath
                && (link.dest.starts_with('#') || !is_relative(&link.dest))
            {
                if let Some(frag) = link.dest.strip_prefix('#')
                    && !doc.has_anchor(&percent_decode(frag))
                {
                    emit(
                        p,
                        catalog::ANCHOR_BROKEN,
                        report_path.clone(),
                        pos,
                        format!("`{}` names no heading on this page", link.dest),
                    );
                }
                continue;
            }
            let (target, frag) = match link.dest.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.dest.as_str(), None),
            };
            let target = percent_decode(target.split('?').next().unwrap_or(""));
            if target.is_empty() {
                continue;
            }
            // Links resolve from the page. Backticked doc paths are written from
            // the repository root (`docs/v1.md`), so try the root, then the source
            // folder, then the page's folder. All candidates are root-relative.
            let candidates: Vec<Option<String>> = if link.kind == LinkKind::CodePath {
                vec![
                    book::join_rel("", &target),
                    book::join_rel(&p.src_prefix, &target),
                    book::join_rel(&page_dir, &target),
                ]
            } else {
                vec![book::join_rel(&page_dir, &target)]
            };
            let resolved = candidates.iter().flatten().find(|c| p.exists_in_root(c));
            let what = if link.kind == LinkKind::CodePath {
                "backticked path"
            } else {
                "link"
            };
            let Some(resolved) = resolved else {
                let why = if candidates.iter().all(Option::is_none) {
                    "points outside the book root"
                } else {
                    "does not resolve to a file"
                };
                emit(
                    p,
                    catalog::LINK_BROKEN,
                    report_path.clone(),
                    pos,
                    format!("{what} `{}` {why}", link.dest),
                );
                continue;
            };
            let Some(frag) = frag.filter(|f| !f.is_empty()) else {
                continue;
            };
            let in_src = p.strip_src(resolved);
            if let Some(&ti) = in_src.and_then(|s| by_path.get(s))
                && !p.docs[ti].has_anchor(&percent_decode(frag))
            {
                emit(
                    p,
                    catalog::ANCHOR_BROKEN,
                    report_path.clone(),
                    pos,
                    format!(
                        "{what} `{}`: `{}` has no heading with id `{frag}`",
                        link.dest, p.docs[ti].path
                    ),
                );
            }
        }
    }
}

fn generated_stale(p: &Project, plan: &Plan, out: &mut Vec<Finding>) {
    let severity = p.config.severity(catalog::GENERATED_STALE);
    if severity == Severity::Off {
        return;
    }
    for page in &plan.pages {
        let path = p.src_rel(&p.book.pages[page.page].path);
        for s in &page.stale {
            out.push(Finding {
                path: path.clone(),
                line: s.line,
                col: 1,
                rule: catalog::GENERATED_STALE,
                severity,
                message: format!("block `{}` differs from what the manifest renders", s.name),
                fix: catalog::rule(catalog::GENERATED_STALE)
                    .map_or("", |r| r.fix)
                    .to_string(),
                detail: Some(blocks::diff(&path, s)),
            });
        }
    }
}

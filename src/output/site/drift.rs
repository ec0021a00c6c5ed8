//! The drift report page: every finding, grouped by file, each linked to its
//! place on its page; the allowed findings last.

use std::collections::BTreeMap;

use serde::Serialize;

use super::frame::Site;
use super::{DRIFT_PAGE, SiteError, html_path};
use crate::core::catalog::Severity;

#[derive(Serialize)]
pub(super) struct RuleCount {
    pub rule: &'static str,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
pub(super) struct FindingView {
    pub id: String,
    pub rule: &'static str,
    pub severity: &'static str,
    pub line: usize,
    pub message: String,
    pub truth: Option<String>,
    pub fix: String,
    pub detail: Option<String>,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct DriftGroup {
    pub path: String,
    pub href: Option<String>,
    pub findings: Vec<FindingView>,
}

#[derive(Serialize)]
pub(super) struct AllowedView {
    pub rule: &'static str,
    pub at: String,
    pub message: String,
    pub reason: String,
    pub until: Option<String>,
}

/// Errors and warnings per rule, by rule id.
pub(super) fn rule_counts(site: &Site<'_>) -> Vec<RuleCount> {
    let mut rules: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for f in &site.result.findings {
        let e = rules.entry(f.rule).or_default();
        match f.severity {
            Severity::Error => e.0 += 1,
            Severity::Warn | Severity::Off => e.1 += 1,
        }
    }
    rules
        .into_iter()
        .map(|(rule, (errors, warnings))| RuleCount {
            rule,
            errors,
            warnings,
        })
        .collect()
}

/// Write `docket-drift.html`.
pub(super) fn write(site: &Site<'_>) -> Result<(), SiteError> {
    let project = site.project;
    let pages = project.book.chapters();
    let mut groups: BTreeMap<&str, Vec<FindingView>> = BTreeMap::new();
    for (i, f) in &site.numbered {
        let href = site.page_of.get(&f.path).map(|&pi| {
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
    let mut ctx = site.base(
        "drift",
        "Drift report".into(),
        String::new(),
        DRIFT_PAGE,
        None,
    );
    ctx.drift_rules = rule_counts(site);
    ctx.drift_groups = groups
        .into_iter()
        .map(|(path, findings)| DriftGroup {
            path: path.to_string(),
            href: site.page_of.get(path).map(|&pi| html_path(&pages[pi].path)),
            findings,
        })
        .collect();
    ctx.allowed = site
        .result
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
    site.page("drift.html", DRIFT_PAGE, &ctx)
}

//! Stage 5: claims against truth, yielding [`Finding`]s.
//!
//! Each rule is one function over the loaded project, listed in `registry.rs`
//! with the catalog ids it reports (their catalog entry gives its scope).
//! Findings are values: a wrong doc is a finding, never an `Err`. They are
//! sorted before any formatter sees them, so reports are byte-identical across
//! runs.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::blocks::{self, Plan};
use crate::check::project::Project;
use crate::core::catalog::{self, Severity};

mod defines;
mod drift;
mod facts;
mod items;
mod links;
mod paths;
mod proof;
mod registry;
mod set_aside;
mod standing;
mod tracker;

pub use proof::{Proof, ProofKind, UNCONFIRMED};
pub use set_aside::{Reading, SetAside};

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
    /// What the doc claims and why it is wrong.
    pub message: String,
    /// What is true, when docket knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truth: Option<String>,
    /// How to fix it.
    pub fix: String,
    /// Supporting text shown under the finding, such as a diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fact the finding rests on; without one it is at most a warning.
    pub evidence: Option<Proof>,
}

/// A finding an allowance suppressed, with the allowance's reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Allowed {
    /// The finding.
    pub finding: Finding,
    /// Where the allowance is (`path:line`).
    pub allowance: String,
    /// Its reason.
    pub reason: String,
    /// Its `until` date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckResult {
    /// Findings in force, sorted by (path, line, col, rule).
    pub findings: Vec<Finding>,
    /// Findings allowed in place, sorted.
    pub allowed: Vec<Allowed>,
    /// What the page-local rules found, before allowances: an incremental
    /// check keeps these for the pages an edit cannot affect.
    #[serde(skip)]
    pub local: Vec<Finding>,
    /// What would have been findings, had the pages presented the names as
    /// part of this repository now, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<SetAside>,
}

/// Collects findings, applying configured severities.
pub(crate) struct Sink<'a> {
    project: &'a Project,
    out: Vec<Finding>,
    /// Pages a page-local rule looks at (`None`: all).
    scope: Option<&'a BTreeSet<usize>>,
    /// Claims set aside by their mode.
    aside: Vec<SetAside>,
    /// The day of the check (`YYYY-MM-DD`): a record dated today speaks of now.
    today: &'a str,
}

impl<'a> Sink<'a> {
    /// The pages page-local rules should read (`None`: every page).
    pub(crate) fn scope(&self) -> Option<&'a BTreeSet<usize>> {
        self.scope
    }

    /// The day of the check, `YYYY-MM-DD`.
    pub(crate) fn today(&self) -> &'a str {
        self.today
    }

    /// Whether a page-local rule should read page `page`.
    pub(crate) fn in_scope(&self, page: usize) -> bool {
        self.scope.is_none_or(|s| s.contains(&page))
    }

    /// A finding in page `page` that the page's wording sets aside: kept for
    /// the report's `set_aside` list, never in force.
    pub(crate) fn set_aside(
        &mut self,
        rule: &'static str,
        page: usize,
        at: (usize, usize),
        message: String,
        (mode, evidence): (
            crate::markdown::claims::Mode,
            &crate::markdown::claims::Evidence,
        ),
    ) {
        let before = self.out.len();
        self.emit(rule, page, at, message, None, None);
        if self.out.len() == before {
            return; // the rule is off
        }
        let Some(finding) = self.out.pop() else {
            return;
        };
        let p = self.project;
        let in_page = !matches!(
            evidence.scope,
            crate::markdown::claims::Scope::Tree | crate::markdown::claims::Scope::Config
        );
        let line = if in_page {
            p.docs[page]
                .source_map
                .line_col(&p.book.pages[page].text, evidence.offset)
                .0
        } else {
            0
        };
        self.aside.push(SetAside {
            finding,
            mode,
            evidence: Reading {
                words: evidence.words.clone(),
                scope: evidence.scope,
                line,
            },
        });
    }

    /// A finding in page `page` (index into the book's pages), resting on
    /// `proof`: without one it is at most a warning.
    pub(crate) fn emit(
        &mut self,
        rule: &'static str,
        page: usize,
        at: (usize, usize),
        message: String,
        truth: Option<String>,
        proof: Option<Proof>,
    ) {
        let path = self.project.src_rel(&self.project.book.pages[page].path);
        self.emit_at(rule, path, at, message, truth, proof);
    }

    /// A finding in any file, by root-relative path, resting on `proof`.
    pub(crate) fn emit_at(
        &mut self,
        rule: &'static str,
        path: String,
        (line, col): (usize, usize),
        message: String,
        truth: Option<String>,
        proof: Option<Proof>,
    ) {
        let mut severity = self.project.config.severity(rule);
        // Evidence decides severity: what docket cannot show fails no CI. A
        // file filed as a record of the past keeps its findings, as warnings.
        if (proof.is_none() || archived(&path)) && severity == Severity::Error {
            severity = Severity::Warn;
        }
        if severity == Severity::Off {
            return;
        }
        let fix = catalog::rule(rule).map_or("", |r| r.fix).to_string();
        self.out.push(Finding {
            path,
            line,
            col,
            rule,
            severity,
            message,
            truth,
            fix,
            detail: None,
            evidence: proof,
        });
    }
}

/// Whether a page's folders file it as a record of the past (`archive/`,
/// `docs/archived/2024/`): what it says was true once.
fn archived(path: &str) -> bool {
    let folders = path.rsplit_once('/').map_or("", |(d, _)| d);
    folders.split('/').any(|f| {
        ["archive", "archived", "archives", "attic"]
            .iter()
            .any(|a| f.eq_ignore_ascii_case(a))
    })
}

/// Run every enabled rule and apply in-place allowances. `today` (`YYYY-MM-DD`)
/// decides which allowances have lapsed.
pub fn check(project: &Project, plan: &Plan, today: &str) -> CheckResult {
    check_pages(project, plan, today, None)
}

/// An incremental check after an edit (`serve`): page-local rules re-read only
/// the pages in `scope` (the edited pages and those linking to them), and
/// `before`'s local findings stand for the rest; book-wide rules run in full.
/// The result equals a full check's.
pub fn check_pages<'a>(
    project: &'a Project,
    plan: &'a Plan,
    today: &'a str,
    scope: Option<(&'a BTreeSet<usize>, &CheckResult)>,
) -> CheckResult {
    // Page-local rules re-read only the pages in scope; book-wide ones run in
    // full. Each rule's scope is its catalog entry's.
    let (local, global): (Vec<&registry::Entry>, Vec<&registry::Entry>) = registry::REGISTRY
        .iter()
        .filter(|e| e.runs_on(project))
        .partition(|e| e.scope() == catalog::Scope::Page);
    // Rules read the project and write only their own findings: they run
    // across the cores, and the findings are sorted below, so order is moot.
    use rayon::prelude::*;
    let run = |rules: &[&registry::Entry],
               scope: Option<&'a BTreeSet<usize>>|
     -> (Vec<Finding>, Vec<SetAside>) {
        let per_rule: Vec<(Vec<Finding>, Vec<SetAside>)> = rules
            .par_iter()
            .map(|rule| {
                let mut s = Sink {
                    project,
                    out: Vec::new(),
                    scope,
                    aside: Vec::new(),
                    today,
                };
                rule.run(project, plan, &mut s);
                (s.out, s.aside)
            })
            .collect();
        let (mut found, mut aside) = (Vec::new(), Vec::new());
        for (f, a) in per_rule {
            found.extend(f);
            aside.extend(a);
        }
        (found, aside)
    };
    let ((mut local_found, mut local_aside), (global_found, _)) =
        rayon::join(|| run(&local, scope.map(|(s, _)| s)), || run(&global, None));
    // `docket-mode` comments are page-local, and report through the allowance
    // rules' ids (so they are no registry entry of their own).
    let mut modes = Sink {
        project,
        out: Vec::new(),
        scope: scope.map(|(s, _)| s),
        aside: Vec::new(),
        today,
    };
    set_aside::mode_comments(project, &mut modes);
    local_found.extend(modes.out);
    if let Some((pages, before)) = scope {
        let fresh: BTreeSet<String> = pages
            .iter()
            .filter_map(|&i| project.book.pages.get(i))
            .map(|p| project.src_rel(&p.path))
            .collect();
        local_found.extend(
            before
                .local
                .iter()
                .filter(|f| !fresh.contains(&f.path))
                .cloned(),
        );
        local_aside.extend(
            before
                .set_aside
                .iter()
                .filter(|a| !fresh.contains(&a.finding.path))
                .cloned(),
        );
    }
    local_found.sort();
    local_aside.sort();
    local_aside.dedup();
    let mut out = local_found.clone();
    out.extend(global_found);
    let sink = Sink {
        project,
        out,
        scope: None,
        aside: Vec::new(),
        today,
    };
    let mut result = allow(project, sink, today);
    result.local = local_found;
    result.set_aside = local_aside;
    result.findings.sort();
    result.findings.dedup();
    result.allowed.sort();
    result.findings = fold_crowded(std::mem::take(&mut result.findings), |f| f, |f| f);
    result.allowed = fold_crowded(
        std::mem::take(&mut result.allowed),
        |a| &a.finding,
        |a| &mut a.finding,
    );
    result
}

/// Findings of one rule on one line past this many are folded into one that
/// counts the rest: a line of 10,000 broken links is one thing to fix, and a
/// report stays linear in the page.
pub const MAX_PER_LINE: usize = 20;

/// Keep the first [`MAX_PER_LINE`] findings of each (file, line, rule) in
/// order; the next one becomes a count of all the rest, carrying their highest
/// severity. `items` are sorted by file and line; the result is too.
fn fold_crowded<T>(
    items: Vec<T>,
    finding: impl Fn(&T) -> &Finding,
    finding_mut: impl Fn(&mut T) -> &mut Finding,
) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len().min(1 << 16));
    let mut items = items.into_iter().peekable();
    let mut run: Vec<T> = Vec::new();
    while let Some(first) = items.next() {
        let (path, line) = (finding(&first).path.clone(), finding(&first).line);
        run.push(first);
        while let Some(next) = items.next_if(|n| finding(n).line == line && finding(n).path == path)
        {
            run.push(next);
        }
        // rule -> (findings so far, highest severity past the limit)
        let mut count: BTreeMap<&'static str, (usize, Severity)> = BTreeMap::new();
        for it in &run {
            let f = finding(it);
            let c = count.entry(f.rule).or_insert((0, Severity::Warn));
            if c.0 >= MAX_PER_LINE {
                c.1 = c.1.max(f.severity);
            }
            c.0 += 1;
        }
        let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
        for mut it in run.drain(..) {
            let rule = finding(&it).rule;
            let k = seen.entry(rule).or_insert(0);
            *k += 1;
            if *k <= MAX_PER_LINE {
                out.push(it);
            } else if *k == MAX_PER_LINE + 1 {
                let (total, severity) = count.get(rule).copied().unwrap_or((0, Severity::Warn));
                let f = finding_mut(&mut it);
                f.severity = severity;
                f.message = format!(
                    "{} more `{rule}` findings on this line, not listed one by one (the first {MAX_PER_LINE} are)",
                    total - MAX_PER_LINE
                );
                f.truth = None;
                f.detail = None;
                out.push(it);
            }
        }
    }
    out
}

/// Apply `docket-allow` comments: suppress what they cover, and report the
/// invalid, lapsed and unused ones.
fn allow(project: &Project, mut sink: Sink<'_>, today: &str) -> CheckResult {
    let findings = std::mem::take(&mut sink.out);
    let mut kept = Vec::new();
    let mut allowed = Vec::new();
    // (page, allowance index) → used
    let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut live: Vec<(usize, usize, String, std::ops::RangeInclusive<usize>)> = Vec::new();
    for (pi, (doc, page)) in project.docs.iter().zip(&project.book.pages).enumerate() {
        let path = project.src_rel(&page.path);
        for (ai, a) in doc.allowances.iter().enumerate() {
            // The column only for a finding about the allowance itself.
            let at = || doc.source_map.line_col(&page.text, a.offset);
            let unknown: Vec<&String> = a
                .rules
                .iter()
                .filter(|r| catalog::rule(r).is_none())
                .collect();
            if a.reason.is_empty()
                || a.rules.is_empty()
                || !unknown.is_empty()
                || a.bad_until.is_some()
            {
                let why = if a.rules.is_empty() {
                    "names no rule".to_string()
                } else if !unknown.is_empty() {
                    format!("names unknown rule `{}`", unknown[0])
                } else if let Some(b) = &a.bad_until {
                    format!("has `until {b}`, which is not a YYYY-MM-DD date")
                } else {
                    "gives no reason".to_string()
                };
                sink.emit_at(
                    catalog::ALLOW_INVALID,
                    path.clone(),
                    at(),
                    format!("this allowance {why}, so it allows nothing"),
                    None,
                    Some(Proof::new(ProofKind::Doc, format!("the allowance {why}"))),
                );
                continue;
            }
            if let Some(until) = &a.until
                && until.as_str() < today
            {
                sink.emit_at(
                    catalog::ALLOW_LAPSED,
                    path.clone(),
                    at(),
                    format!("this allowance lapsed after {until}; its findings are reported again"),
                    None,
                    Some(Proof::new(
                        ProofKind::Doc,
                        format!("its `until {until}` is before today, {today}"),
                    )),
                );
                used.insert((pi, ai));
                continue;
            }
            let from = doc.source_map.line_of(a.covers.start.min(page.text.len()));
            let to = doc.source_map.line_of(
                a.covers
                    .end
                    .saturating_sub(1)
                    .max(a.covers.start)
                    .min(page.text.len()),
            );
            live.push((pi, ai, path.clone(), from..=to));
        }
    }
    let hits = first_covering(project, &live, &findings);
    for (f, hit) in findings.into_iter().zip(hits) {
        match hit.and_then(|h| live.get(h)) {
            Some((pi, ai, path, _)) => {
                used.insert((*pi, *ai));
                let a = &project.docs[*pi].allowances[*ai];
                let line = project.docs[*pi]
                    .source_map
                    .line_col(&project.book.pages[*pi].text, a.offset)
                    .0;
                allowed.push(Allowed {
                    finding: f,
                    allowance: format!("{path}:{line}"),
                    reason: a.reason.clone(),
                    until: a.until.clone(),
                });
            }
            None => kept.push(f),
        }
    }
    for (pi, ai, path, _) in &live {
        if !used.contains(&(*pi, *ai)) {
            let a = &project.docs[*pi].allowances[*ai];
            let at = project.docs[*pi]
                .source_map
                .line_col(&project.book.pages[*pi].text, a.offset);
            sink.emit_at(
                catalog::ALLOW_UNUSED,
                path.clone(),
                at,
                format!(
                    "this allowance for {} covers no finding",
                    a.rules.join(", ")
                ),
                None,
                Some(Proof::new(
                    ProofKind::Doc,
                    format!("no {} finding on the lines it covers", a.rules.join(", ")),
                )),
            );
        }
    }
    kept.append(&mut sink.out);
    CheckResult {
        findings: kept,
        allowed,
        local: Vec::new(),
        set_aside: Vec::new(),
    }
}

/// For each finding, the index in `live` of the first allowance (in `live`'s
/// order) that names its rule and covers its line, if any. One sweep per
/// (file, rule) over findings by line, with the open allowances in a heap by
/// order: linear in findings and allowances up to a log, where asking every
/// allowance for every finding was quadratic on a page full of both.
fn first_covering(
    project: &Project,
    live: &[(usize, usize, String, std::ops::RangeInclusive<usize>)],
    findings: &[Finding],
) -> Vec<Option<usize>> {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    /// An allowance's order in `live`, first and last line covered.
    type Span = (usize, usize, usize);
    // (file, rule) -> allowances, by first line.
    let mut by_key: HashMap<(&str, &str), Vec<Span>> = HashMap::new();
    for (k, (pi, ai, path, lines)) in live.iter().enumerate() {
        for r in &project.docs[*pi].allowances[*ai].rules {
            by_key
                .entry((path.as_str(), r.as_str()))
                .or_default()
                .push((k, *lines.start(), *lines.end()));
        }
    }
    // (file, rule) -> findings (line, index), by line.
    let mut wanted: HashMap<(&str, &str), Vec<(usize, usize)>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if by_key.contains_key(&(f.path.as_str(), f.rule)) {
            wanted
                .entry((f.path.as_str(), f.rule))
                .or_default()
                .push((f.line, i));
        }
    }
    let mut out = vec![None; findings.len()];
    for (key, mut fs) in wanted {
        let Some(allow) = by_key.get_mut(&key) else {
            continue;
        };
        allow.sort_by_key(|a| (a.1, a.0));
        fs.sort_unstable();
        let mut open: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
        let mut next = 0;
        for (line, i) in fs {
            while let Some(&(k, _, to)) = allow.get(next).filter(|a| a.1 <= line) {
                open.push(Reverse((k, to)));
                next += 1;
            }
            // Lines only grow: an allowance ending above this one is done.
            while open.peek().is_some_and(|Reverse((_, to))| *to < line) {
                open.pop();
            }
            out[i] = open.peek().map(|Reverse((k, _))| *k);
        }
    }
    out
}

fn summary_entries(p: &Project, sink: &mut Sink<'_>) {
    // One map for every entry: a lookup each from the top was quadratic.
    let map = crate::core::span::SourceMap::new(&p.book.summary_text);
    for m in &p.book.missing {
        let pos = map.line_col(&p.book.summary_text, m.offset);
        sink.emit_at(
            catalog::DOC_MISSING,
            p.book.summary_path.clone(),
            pos,
            format!("SUMMARY.md lists `{}`, which {}", m.path, m.reason),
            None,
            Some(Proof::new(
                ProofKind::MissingTarget,
                format!("`{}` {}", m.path, m.reason),
            )),
        );
    }
}

fn orphans(p: &Project, sink: &mut Sink<'_>) {
    for o in &p.book.orphans {
        sink.emit_at(
            catalog::SUMMARY_ORPHAN,
            p.src_rel(o),
            (1, 1),
            format!(
                "`{o}` is in the source folder but not in SUMMARY.md, so the site does not include it"
            ),
            None,
            Some(Proof::new(
                ProofKind::Doc,
                format!("{} lists no `{o}`", p.book.summary_path),
            )),
        );
    }
}

fn manifest_docs(p: &Project, sink: &mut Sink<'_>) {
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
            sink.emit_at(
                catalog::DOC_MISSING,
                m.display_path.clone(),
                m.index.node(&format!("/docs/{i}/path")),
                format!("the manifest's doc set names `{}`, which {why}", d.path),
                None,
                Some(Proof::new(
                    ProofKind::MissingTarget,
                    format!("`{}` {why}", d.path),
                )),
            );
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
                truth: Some("the block as rendered from the manifest is shown in the diff".into()),
                fix: catalog::rule(catalog::GENERATED_STALE)
                    .map_or("", |r| r.fix)
                    .to_string(),
                detail: Some(blocks::diff(&path, s)),
                evidence: Some(Proof::new(
                    ProofKind::Regenerated,
                    format!("block `{}` rendered again differs (diff below)", s.name),
                )),
            });
        }
    }
}

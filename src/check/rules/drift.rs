//! Claim rules: what pages claim against what the manifest says. One function
//! per rule; each reads claims (skipping those inside GENERATED blocks where the
//! block itself is the truth, which `generated-stale` covers) and emits findings
//! that say what the doc claims, what is true, and how to fix it.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::project::{LoadedManifest, Project};
use crate::core::catalog as c;
use crate::input::manifest::{DocKind, GateState, Manifest, Posture};
use crate::markdown::claims::{Claim, ClaimAt};

use super::{Proof, ProofKind, Sink};

/// Every claim of every page in `scope` (`None`: all), with the page index.
pub(super) fn claims<'p>(
    p: &'p Project,
    scope: Option<&BTreeSet<usize>>,
) -> impl Iterator<Item = (usize, &'p ClaimAt)> {
    p.docs
        .iter()
        .enumerate()
        .filter(move |(i, _)| scope.is_none_or(|s| s.contains(i)))
        .flat_map(|(i, d)| d.claims.iter().map(move |c| (i, c)))
}

pub(super) fn pos(p: &Project, page: usize, offset: usize) -> (usize, usize) {
    p.docs[page]
        .source_map
        .line_col(&p.book.pages[page].text, offset)
}

/// Define names and aliases, each with its define.
pub(super) fn define_index(m: &Manifest) -> BTreeMap<&str, &crate::input::manifest::Define> {
    let mut idx = BTreeMap::new();
    for d in &m.defines {
        idx.insert(d.name.as_str(), d);
        for a in &d.aliases {
            idx.insert(a.as_str(), d);
        }
    }
    idx
}

pub(super) fn has_prefix(name: &str, m: &Manifest) -> bool {
    m.project.define_prefixes.is_empty()
        || m.project
            .define_prefixes
            .iter()
            .any(|p| name.starts_with(p.as_str()))
}

/// Pages of one kind, by index.
pub(super) fn pages_of(p: &Project, m: &Manifest, kind: DocKind) -> Vec<usize> {
    m.docs
        .iter()
        .filter(|d| d.kind == kind)
        .filter_map(|d| p.book.pages.iter().position(|pg| pg.path == d.path))
        .collect()
}

/// First heading of a page, or its top: where "something is missing here" points.
pub(super) fn top_of(p: &Project, page: usize) -> (usize, usize) {
    let off = p.docs[page].headings.first().map_or(0, |h| h.offset);
    pos(p, page, off)
}

/// A proof from the manifest: what it says, and where it is.
pub(super) fn manifest_proof(lm: &LoadedManifest, says: String) -> Option<Proof> {
    Some(Proof::new(
        ProofKind::Manifest,
        format!("the manifest ({}): {says}", lm.display_path),
    ))
}

/// The tracker export's path, for proofs.
fn tracker_path(p: &Project) -> &str {
    p.facts.tracker.as_ref().map_or("", |t| t.path.as_str())
}

/// A status as the manifest spells it, from how docs write it.
pub(super) fn normalize_status(s: &str) -> String {
    let s = s.trim().trim_matches(['*', '_', '`']).trim().to_lowercase();
    match s.as_str() {
        "done" | "complete" | "completed" | "finished" => "closed".into(),
        "in progress" | "wip" | "ongoing" | "active" => "in-progress".into(),
        "not started" | "todo" | "planned" => "open".into(),
        _ => s,
    }
}

pub(super) fn status_mismatch(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::StatusRow { title, status } = &claim.claim else {
            continue;
        };
        if claim.in_block {
            continue;
        }
        let t = title.trim().to_lowercase();
        let Some(w) = m.workstreams.iter().find(|w| {
            w.title.to_lowercase() == t
                || w.vision
                    .as_ref()
                    .is_some_and(|v| v.checkpoint.to_lowercase() == t)
        }) else {
            continue;
        };
        // A workstream bound to a tracker issue takes its status from the tracker.
        let tracked = w
            .tracker
            .as_ref()
            .and_then(|id| p.facts.tracker.as_ref()?.issues.get(id).map(|i| (id, i)));
        let truth = super::facts::status_name(tracked.map_or(w.status, |(_, i)| i.work_status()))
            .to_string();
        let source = tracked.map_or_else(
            || format!("the manifest says workstream `{}`", w.id),
            |(id, _)| format!("the tracker says `{id}`"),
        );
        let proof = match tracked {
            Some((id, i)) => Proof::new(
                ProofKind::Tracker,
                format!("`{id}` is {} ({}:{})", i.status, tracker_path(p), i.line),
            ),
            None => Proof::new(
                ProofKind::Manifest,
                format!("{source} is {truth} ({})", lm.display_path),
            ),
        };
        if normalize_status(status) != truth {
            sink.emit(
                c::STATUS_MISMATCH,
                page,
                pos(p, page, claim.offset),
                format!("the table says `{title}` is {status}"),
                Some(format!("{source} is {truth}")),
                Some(proof),
            );
        }
    }
}

pub(super) fn counts(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let gate = lm.manifest.release.gate.as_ref();
    // A gate bound to a tracker epic counts its children; else the manifest's numbers.
    let tracked = gate
        .and_then(|g| g.tracker.as_ref())
        .and_then(|id| Some((id, p.facts.tracker.as_ref()?.child_counts(id)?)));
    let (checks, source) = match (tracked, gate.and_then(|g| g.checks)) {
        (Some((id, (closed, total))), _) => (
            crate::input::manifest::GateChecks { closed, total },
            format!("the tracker's epic `{id}` has"),
        ),
        (None, Some(ch)) => (ch, "the manifest's gate has".to_string()),
        (None, None) => return,
    };
    let percent = crate::check::blocks::percent(checks);
    let truth = format!(
        "{source} {} / {} checks closed ({percent}%)",
        checks.closed, checks.total
    );
    let proof = Some(Proof::new(
        if tracked.is_some() {
            ProofKind::Tracker
        } else {
            ProofKind::Manifest
        },
        format!(
            "{truth} ({})",
            if tracked.is_some() {
                tracker_path(p)
            } else {
                lm.display_path.as_str()
            }
        ),
    ));
    for (page, claim) in claims(p, sink.scope()) {
        if claim.in_block {
            continue;
        }
        let at = pos(p, page, claim.offset);
        match &claim.claim {
            Claim::Count {
                closed,
                total,
                percent: pc,
            } if (*closed, *total) != (checks.closed, checks.total) => {
                let said = pc.map_or_else(
                    || format!("{closed} / {total}"),
                    |x| format!("{closed} / {total} ({x}%)"),
                );
                sink.emit(
                    c::COUNT_MISMATCH,
                    page,
                    at,
                    format!("the doc says {said} checks are closed"),
                    Some(truth.clone()),
                    proof.clone(),
                );
            }
            Claim::Remaining { open } => {
                let real = checks.total.saturating_sub(checks.closed);
                if *open != real {
                    sink.emit(
                        c::COUNT_MISMATCH,
                        page,
                        at,
                        format!("the doc says {open} checks remain"),
                        Some(format!("{real} remain: {truth}")),
                        proof.clone(),
                    );
                }
            }
            Claim::Percent { percent: said } if *said != percent => {
                sink.emit(
                    c::COUNT_MISMATCH,
                    page,
                    at,
                    format!("the doc says {said}% of checks are closed"),
                    Some(truth.clone()),
                    proof.clone(),
                );
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::DefineDocumented { .. }
            | Claim::DefineMentioned { .. }
            | Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::GateState { .. }
            | Claim::Released { .. }
            | Claim::LatestRelease { .. }
            | Claim::AsOf { .. }
            | Claim::LocalPath { .. }
            | Claim::ItemStatus { .. }
            | Claim::TrackerCount { .. }
            | Claim::ModeComment { .. } => {}
        }
    }
}

pub(super) fn arithmetic(p: &Project, sink: &mut Sink<'_>) {
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::Count {
            closed,
            total,
            percent: Some(pc),
        } = claim.claim
        else {
            continue;
        };
        if total == 0 {
            continue;
        }
        let exact = closed as f64 * 100.0 / total as f64;
        let ok = pc == exact.floor() as u64 || pc == exact.round() as u64;
        if !ok {
            sink.emit(
                c::ARITHMETIC,
                page,
                pos(p, page, claim.offset),
                format!("the doc says {closed} / {total} is {pc}%"),
                Some(format!("{closed} / {total} is {}%", exact.floor() as u64)),
                Some(Proof::new(
                    ProofKind::Doc,
                    format!("{closed} / {total} is {}%", exact.floor() as u64),
                )),
            );
        }
    }
}

pub(super) fn required_links(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    for entry in &lm.manifest.docs {
        let Some(page) = p.book.pages.iter().position(|pg| pg.path == entry.path) else {
            continue;
        };
        let dir = crate::core::paths::parent_dir(&entry.path);
        for target in &entry.links_to {
            let links = p.docs[page].links.iter().any(|l| {
                let path = l.dest.split('#').next().unwrap_or("");
                let path = crate::core::paths::percent_decode(path);
                crate::core::paths::join_rel(dir, &path).as_deref() == Some(target.as_str())
                    || crate::core::paths::join_rel("", &path).as_deref() == Some(target.as_str())
                    || p.strip_src(&path) == Some(target.as_str())
            });
            if !links {
                sink.emit(
                    c::DOC_MISSING,
                    page,
                    top_of(p, page),
                    format!("`{}` has no link to `{target}`", entry.path),
                    Some(format!(
                        "the manifest's doc set requires `{}` to link to `{target}`",
                        entry.path
                    )),
                    manifest_proof(
                        lm,
                        format!(
                            "its doc set requires `{}` to link to `{target}`",
                            entry.path
                        ),
                    ),
                );
            }
        }
    }
}

pub(super) fn date_stale(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let truth = &lm.manifest.release.as_of;
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::AsOf { date, text } = &claim.claim else {
            continue;
        };
        if claim.in_block || date.as_str() >= truth.as_str() {
            continue;
        }
        sink.emit(
            c::DATE_STALE,
            page,
            pos(p, page, claim.offset),
            if text == date {
                format!("the doc is dated {date}")
            } else {
                format!("the doc is dated {text} ({date})")
            },
            Some(format!("the manifest is as of {truth}")),
            manifest_proof(lm, format!("its `as-of` is {truth}")),
        );
    }
}

/// `1.10` > `1.9`: compare numerically, part by part.
fn version_gt(a: &str, b: &str) -> bool {
    let parse = |s: &str| {
        s.split('.')
            .map(|x| x.parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    let (mut x, mut y) = (parse(a), parse(b));
    let n = x.len().max(y.len());
    x.resize(n, 0);
    y.resize(n, 0);
    x > y
}

pub(super) fn contradiction(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    let gate = m.release.gate.as_ref();
    for (page, claim) in claims(p, sink.scope()) {
        if claim.in_block {
            continue;
        }
        let found = match &claim.claim {
            Claim::GateState { closed, text } => {
                let Some(g) = gate else { continue };
                let real = g.state == GateState::Closed;
                (*closed != real).then(|| {
                    (
                        format!(
                            "the doc says the gate is {}: \"{text}\"",
                            if *closed { "closed" } else { "open" }
                        ),
                        format!(
                            "the manifest says `{}` is {}",
                            g.id,
                            if real { "closed" } else { "open" }
                        ),
                    )
                })
            }
            Claim::Released { line, text, .. } => {
                let released = m.release.posture == Posture::Released;
                // Without a release line, only the posture can disagree.
                let ours = m.release.line.as_deref();
                let ahead = ours.is_some_and(|l| version_gt(line, l));
                let behind = ours.is_none_or(|l| !version_gt(l, line));
                (!released && behind || ahead).then(|| {
                    let posture = serde_json::to_value(m.release.posture)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    (
                        format!("the doc speaks of {line} as released (\"{text}\")"),
                        match ours {
                            Some(l) => format!(
                                "the manifest's release line is {l} and its posture is {posture}"
                            ),
                            None => format!(
                                "the manifest names no release line and its posture is {posture}"
                            ),
                        },
                    )
                })
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::DefineDocumented { .. }
            | Claim::DefineMentioned { .. }
            | Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Remaining { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::LatestRelease { .. }
            | Claim::AsOf { .. }
            | Claim::LocalPath { .. }
            | Claim::ItemStatus { .. }
            | Claim::TrackerCount { .. }
            | Claim::ModeComment { .. } => None,
        };
        let Some((message, truth)) = found else {
            continue;
        };
        let at = pos(p, page, claim.offset);
        // A plan's acceptance criteria, a record of the past or another
        // project's release are not statements about this release now. The
        // gate's state reported on a page titled as a plan (a roadmap's status
        // line) is still about now: only nearer words set it aside.
        let (mode, evidence) = claim.reading(&p.book.pages[page].text);
        let page_wide = evidence
            .as_ref()
            .is_some_and(|e| e.scope == crate::markdown::claims::Scope::Page);
        let status_report = matches!(claim.claim, Claim::GateState { .. });
        if mode != crate::markdown::claims::Mode::Current && !(status_report && page_wide) {
            if let Some(e) = evidence {
                sink.set_aside(c::CONTRADICTION, page, at, message, (mode, &e));
            }
            continue;
        }
        // "post-1.0", "after 1.0" name a time after a release, which a plan
        // or a policy speaks of as often as a record: the manifest stands
        // against a statement that a release is out, not against those.
        let states = match &claim.claim {
            Claim::Released { stated, .. } => *stated,
            _ => true,
        };
        sink.emit(
            c::CONTRADICTION,
            page,
            at,
            message,
            Some(truth.clone()),
            manifest_proof(lm, truth).filter(|_| states),
        );
    }
}

pub(super) fn support_mismatch(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::SupportRow { feature, level } = &claim.claim else {
            continue;
        };
        if claim.in_block {
            continue;
        }
        let f = feature.trim().to_lowercase();
        let Some(s) = m
            .support
            .iter()
            .find(|s| s.feature.to_lowercase() == f || s.id == f)
        else {
            continue;
        };
        let truth = serde_json::to_value(s.level)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let said = match level
            .trim()
            .trim_matches(['*', '`'])
            .to_lowercase()
            .as_str()
        {
            "yes" | "full" | "stable" => "supported".to_string(),
            "no" | "none" => "unsupported".to_string(),
            "limited" => "partial".to_string(),
            other => other.to_string(),
        };
        if said != truth {
            sink.emit(
                c::SUPPORT_MISMATCH,
                page,
                pos(p, page, claim.offset),
                format!("the table says `{feature}` is {level}"),
                Some(format!(
                    "the manifest's support matrix says `{}` is {truth}",
                    s.id
                )),
                manifest_proof(lm, format!("its support matrix says `{}` is {truth}", s.id)),
            );
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a typo.
pub(super) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (levenshtein(name, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

pub(super) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_gt("1.10", "1.9"));
        assert!(!version_gt("1.0", "1.0.0"));
        assert!(version_gt("2.0", "1.0"));
    }

    #[test]
    fn suggestions_are_close() {
        assert_eq!(
            suggest("rust_ouput", ["rust_output", "rust_crate"].into_iter()),
            Some("rust_output")
        );
        assert_eq!(suggest("zzz", ["rust_output"].into_iter()), None);
    }
}

//! Status per tracker item (`status-mismatch`): each status a page gives an
//! item the tracker has (a table row's status cell, a sentence, a task box)
//! against the tracker, one finding per item at its line; and the rows of a
//! block another tool writes against the tracker, through the workstreams'
//! bindings. docket's own blocks are left to `generated-stale`.

use crate::check::blocks::Plan;
use crate::check::project::Project;
use crate::core::catalog as c;
use crate::input::facts::tracker::Issue;
use crate::input::manifest::WorkStatus;
use crate::markdown::claims::{Claim, ClaimAt, Mode, StatusForm};

use super::standing::{Standing, standing};
use super::{Proof, ProofKind, Sink};

/// What a status word means, or `None` for words docket does not read
/// (`partial`, an emoji): the tracker's own word, then the common ones.
fn class(word: &str) -> Option<WorkStatus> {
    let w = word
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace(['_', '-'], " ");
    // The word, then what may follow it in a cell: "closed (2026-02-01)".
    let head = WORDS
        .iter()
        .filter(|(k, _)| {
            w.strip_prefix(k).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.is_empty()
                    || rest.starts_with(['(', ',', ';', ':', '\u{2014}', '\u{2013}', '-'])
            })
        })
        .max_by_key(|(k, _)| k.len());
    head.map(|(_, s)| *s)
}

const WORDS: &[(&str, WorkStatus)] = &[
    ("closed", WorkStatus::Closed),
    ("done", WorkStatus::Closed),
    ("complete", WorkStatus::Closed),
    ("completed", WorkStatus::Closed),
    ("finished", WorkStatus::Closed),
    ("resolved", WorkStatus::Closed),
    ("landed", WorkStatus::Closed),
    ("shipped", WorkStatus::Closed),
    ("open", WorkStatus::Open),
    ("reopened", WorkStatus::Open),
    ("not started", WorkStatus::Open),
    ("todo", WorkStatus::Open),
    ("to do", WorkStatus::Open),
    ("pending", WorkStatus::Open),
    ("blocked", WorkStatus::Open),
    ("deferred", WorkStatus::Open),
    ("outstanding", WorkStatus::Open),
    ("unresolved", WorkStatus::Open),
    ("incomplete", WorkStatus::Open),
    ("not done", WorkStatus::Open),
    ("not closed", WorkStatus::Open),
    ("not complete", WorkStatus::Open),
    ("not completed", WorkStatus::Open),
    ("not finished", WorkStatus::Open),
    ("not resolved", WorkStatus::Open),
    ("not landed", WorkStatus::Open),
    ("not shipped", WorkStatus::Open),
    ("in progress", WorkStatus::InProgress),
    ("wip", WorkStatus::InProgress),
    ("ongoing", WorkStatus::InProgress),
    ("active", WorkStatus::InProgress),
    ("in flight", WorkStatus::InProgress),
];

/// Whether the doc's word contradicts the issue: one says done, the other not.
fn contradicts(said: &str, issue: &Issue) -> bool {
    let squash = |s: &str| s.trim().to_lowercase().replace(['_', '-'], " ");
    if squash(said) == squash(&issue.status) {
        return false;
    }
    class(said)
        .is_some_and(|s| (s == WorkStatus::Closed) != (issue.work_status() == WorkStatus::Closed))
}

/// Whether a claim in this mode is a statement about now.
fn current(mode: Mode) -> bool {
    match mode {
        Mode::Current | Mode::Generated | Mode::Removed => true,
        Mode::Planned | Mode::Historical | Mode::Example | Mode::External => false,
    }
}

/// What becomes of a status or count the tracker contradicts (it carries
/// the tracker's record as proof): reported unless its own words set it
/// aside; in a record of the past, as a warning. Set aside here, and `None`
/// returned, when it is not reported; else `Some(lowered)`.
pub(super) fn stands(
    claim: &ClaimAt,
    text: &str,
    (rule, page, at): (&'static str, usize, (usize, usize)),
    message: &mut String,
    sink: &mut Sink<'_>,
) -> Option<bool> {
    let (mode, evidence) = claim.reading(text);
    if current(mode) {
        return Some(false);
    }
    let e = evidence?;
    match standing(mode, e, true, current) {
        Standing::Quiet(m, e) => {
            sink.set_aside(rule, page, at, message.clone(), (m, &e));
            None
        }
        Standing::Report { cue, lowered } => {
            if let Some((m, e)) = cue {
                message.push_str(&format!(" ({}: {})", m.describe(), e.describe()));
            }
            Some(lowered)
        }
    }
}

/// A title as compared: lowercase, spaces squeezed, markup and a final stop gone.
fn title_key(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '.'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Item ids by title (the tracker's titles, then the manifest's workstreams
/// bound to an item): names of two words or more, and only those one item has.
fn by_title(
    p: &Project,
    t: &crate::input::facts::tracker::Tracker,
) -> std::collections::HashMap<String, String> {
    let mut seen: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    let mut add = |title: &str, id: &str| {
        let key = title_key(title);
        if key.split(' ').count() < 2 {
            return;
        }
        seen.entry(key)
            .and_modify(|v| {
                if v.as_deref() != Some(id) {
                    *v = None;
                }
            })
            .or_insert_with(|| Some(id.to_string()));
    };
    for (id, issue) in &t.issues {
        add(&issue.title, id);
    }
    if let Some(lm) = &p.manifest {
        for w in &lm.manifest.workstreams {
            if let Some(id) = w.tracker.as_ref().filter(|id| t.issues.contains_key(*id)) {
                add(&w.title, id);
            }
        }
    }
    seen.into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

pub(super) fn item_status(p: &Project, plan: &Plan, sink: &mut Sink<'_>) {
    let Some(t) = p.facts.tracker.as_ref() else {
        return;
    };
    // Built when a page first names something by title.
    let mut titles: Option<std::collections::HashMap<String, String>> = None;
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        let text = &p.book.pages[page].text;
        for (k, claim) in doc.claims.iter().enumerate() {
            let (id, status, form) = match &claim.claim {
                Claim::ItemStatus {
                    status,
                    form: StatusForm::Section,
                    ..
                } => {
                    // A status line's ids, read together once: the claims
                    // of one line are consecutive, at its offset.
                    let first = k
                        .checked_sub(1)
                        .and_then(|j| doc.claims.get(j))
                        .is_none_or(|prev| !same_section(prev, claim));
                    if first && !(claim.in_block && plan.owns(page, claim.offset)) {
                        let ids = doc.claims[k..]
                            .iter()
                            .take_while(|c| same_section(c, claim))
                            .filter_map(|c| match &c.claim {
                                Claim::ItemStatus { id, .. } => Some(id.as_str()),
                                _ => None,
                            });
                        section(p, page, claim, status, ids.collect(), sink);
                    }
                    continue;
                }
                Claim::ItemStatus { id, status, form } => (id, status, *form),
                Claim::StatusRow { title, status } => {
                    if claim.in_block && !plan.owns(page, claim.offset) {
                        foreign_row(p, page, claim, title, status, sink);
                    }
                    continue;
                }
                // Every other kind, by name, so a new kind has to be placed.
                Claim::DefineDocumented { .. }
                | Claim::DefineMentioned { .. }
                | Claim::ProfileMentioned { .. }
                | Claim::SupportRow { .. }
                | Claim::Count { .. }
                | Claim::Remaining { .. }
                | Claim::Percent { .. }
                | Claim::Command { .. }
                | Claim::RepoPath { .. }
                | Claim::GateState { .. }
                | Claim::Released { .. }
                | Claim::LatestRelease { .. }
                | Claim::AsOf { .. }
                | Claim::LocalPath { .. }
                | Claim::TrackerCount { .. }
                | Claim::ModeComment { .. } => continue,
            };
            if claim.in_block && plan.owns(page, claim.offset) {
                continue;
            }
            // A name is looked up among the titles; an id is the tracker's key.
            let named = match form {
                StatusForm::Titled => {
                    let map = titles.get_or_insert_with(|| by_title(p, t));
                    let Some(found) = map.get(&title_key(id)) else {
                        continue;
                    };
                    Some(found.as_str())
                }
                StatusForm::Cell
                | StatusForm::Stated
                | StatusForm::Checkbox
                | StatusForm::Section => None,
            };
            let key = named.unwrap_or(id.as_str());
            let Some(issue) = t.issues.get(key) else {
                continue;
            };
            if !contradicts(status, issue) {
                continue;
            }
            let at = doc.source_map.line_col(text, claim.offset);
            let mut message = format!("the doc says `{id}` is {status}");
            // An exact id with its own status word or cell is bound to the
            // tracker's record: evidence a heading's or title's cue ("Roadmap")
            // does not hide.
            let proved = matches!(
                form,
                StatusForm::Cell | StatusForm::Stated | StatusForm::Section
            );
            let (mode, evidence) = claim.reading(text);
            let mut lowered = false;
            if !current(mode) {
                let Some(e) = evidence else { continue };
                match standing(mode, e, proved, current) {
                    Standing::Quiet(m, e) => {
                        sink.set_aside(c::STATUS_MISMATCH, page, at, message, (m, &e));
                        continue;
                    }
                    Standing::Report { cue, lowered: l } => {
                        if let Some((m, e)) = cue {
                            message.push_str(&format!(" ({}: {})", m.describe(), e.describe()));
                        }
                        lowered = l;
                    }
                }
            }
            let truth = format!(
                "the tracker says `{key}` is {} ({}:{})",
                issue.status, t.path, issue.line
            );
            let proof = Proof::new(
                ProofKind::Tracker,
                format!("`{key}` is {} ({}:{})", issue.status, t.path, issue.line),
            );
            match form {
                // An exact id with its own status word or cell.
                StatusForm::Cell | StatusForm::Stated | StatusForm::Section => sink.emit(
                    c::STATUS_MISMATCH,
                    page,
                    at,
                    message,
                    Some(truth),
                    Some(proof).filter(|_| !lowered),
                ),
                // A box may be about the item's text rather than the whole
                // issue; a title is not an id.
                StatusForm::Checkbox | StatusForm::Titled => {
                    sink.emit(c::STATUS_MISMATCH, page, at, message, Some(truth), None)
                }
            }
        }
    }
}

/// Whether `c` is a claim of the same status line as `of`.
fn same_section(c: &ClaimAt, of: &ClaimAt) -> bool {
    c.offset == of.offset
        && matches!(
            c.claim,
            Claim::ItemStatus {
                form: StatusForm::Section,
                ..
            }
        )
}

/// A `Status: X` line said of the ids below it together: "done" is drift
/// when one of them is not closed, anything else when every one is.
fn section(
    p: &Project,
    page: usize,
    claim: &ClaimAt,
    status: &str,
    ids: Vec<&str>,
    sink: &mut Sink<'_>,
) {
    let Some(t) = p.facts.tracker.as_ref() else {
        return;
    };
    let Some(said) = class(status) else {
        return;
    };
    let known: Vec<(&str, &Issue)> = ids
        .iter()
        .filter_map(|id| Some((*id, t.issues.get(*id)?)))
        .collect();
    if known.is_empty() {
        return;
    }
    let all_closed = known
        .iter()
        .all(|(_, i)| i.work_status() == WorkStatus::Closed);
    if (said == WorkStatus::Closed) == all_closed {
        return;
    }
    let text = &p.book.pages[page].text;
    let at = p.docs[page].source_map.line_col(text, claim.offset);
    let names: Vec<String> = known.iter().map(|(id, _)| format!("`{id}`")).collect();
    let mut message = if names.len() == 1 {
        format!("the doc says {} is {status}", names.join(", "))
    } else {
        format!("the doc says {} are {status}", names.join(", "))
    };
    let Some(lowered) = stands(
        claim,
        text,
        (c::STATUS_MISMATCH, page, at),
        &mut message,
        sink,
    ) else {
        return;
    };
    let each: Vec<String> = known
        .iter()
        .map(|(id, i)| format!("`{id}` is {} ({}:{})", i.status, t.path, i.line))
        .collect();
    let truth = format!("the tracker says {}", each.join(", "));
    let proof = Proof::new(ProofKind::Tracker, each.join(", "));
    sink.emit(
        c::STATUS_MISMATCH,
        page,
        at,
        message,
        Some(truth),
        Some(proof).filter(|_| !lowered),
    );
}

/// A status row in another tool's block: compared with the tracker where the
/// manifest binds its workstream to an issue. A title is not an id, so at
/// most a warning.
fn foreign_row(
    p: &Project,
    page: usize,
    claim: &ClaimAt,
    title: &str,
    status: &str,
    sink: &mut Sink<'_>,
) {
    let (Some(lm), Some(t)) = (&p.manifest, &p.facts.tracker) else {
        return;
    };
    let key = title.trim().to_lowercase();
    let Some(w) = lm.manifest.workstreams.iter().find(|w| {
        w.title.to_lowercase() == key
            || w.vision
                .as_ref()
                .is_some_and(|v| v.checkpoint.to_lowercase() == key)
    }) else {
        return;
    };
    let Some((id, issue)) = w
        .tracker
        .as_ref()
        .and_then(|id| t.issues.get(id).map(|i| (id, i)))
    else {
        return;
    };
    let truth = super::facts::status_name(issue.work_status());
    if super::drift::normalize_status(status) == truth {
        return;
    }
    let text = &p.book.pages[page].text;
    let at = p.docs[page].source_map.line_col(text, claim.offset);
    let message = format!("the generated table says `{title}` (`{id}`) is {status}");
    let (mode, evidence) = claim.reading(text);
    if !current(mode) {
        if let Some(e) = evidence {
            sink.set_aside(c::STATUS_MISMATCH, page, at, message, (mode, &e));
        }
        return;
    }
    sink.emit(
        c::STATUS_MISMATCH,
        page,
        at,
        message,
        Some(format!(
            "the tracker says `{id}` is {} ({}:{}); the block is another tool's, so regenerate it with that tool",
            issue.status, t.path, issue.line
        )),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(status: &str, work: WorkStatus) -> Issue {
        Issue {
            title: String::new(),
            status: status.into(),
            work,
            line: 1,
            epic: false,
        }
    }

    #[test]
    fn done_against_not_done() {
        let open = issue("open", WorkStatus::Open);
        let closed = issue("closed", WorkStatus::Closed);
        let wip = issue("in_progress", WorkStatus::InProgress);
        assert!(contradicts("done", &open));
        assert!(contradicts("closed (2026-02-01)", &wip));
        assert!(contradicts("not done", &closed));
        assert!(contradicts("in progress", &closed));
        assert!(!contradicts("in progress", &open));
        assert!(!contradicts("landed", &closed));
        assert!(!contradicts("in-progress", &wip));
        // Words docket does not read are no claim.
        assert!(!contradicts("partial", &open));
        assert!(!contradicts("open questions", &closed));
        assert!(!contradicts("✅ done", &closed));
        assert!(contradicts("✅ done", &open));
    }
}

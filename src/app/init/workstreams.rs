//! The workstreams: rows of status tables (a status `check` can map), paired
//! with vision checkpoints when a vision table lines up row by row, and bound
//! to the tracker issue titled exactly like the row.

use std::collections::BTreeSet;

use serde::Serialize;

use super::facts::Facts;
use super::{Found, ParsedPage, found, slugify, unique_id};
use crate::markdown::outline::Outline;

/// One entry of `workstreams`.
#[derive(Serialize)]
pub(super) struct WorkstreamOut {
    pub(super) id: String,
    pub(super) title: Found<String>,
    pub(super) meaning: String,
    pub(super) status: &'static str,
    pub(super) status_raw: String,
    /// Where the status came from when not from the row: the tracker issue
    /// the workstream is bound to, which `check` holds it to.
    pub(super) status_from: Option<String>,
    pub(super) tracker: Option<Found<String>>,
    pub(super) vision: Option<Found<(String, String)>>,
}

/// A status as `check` normalises it, when it is one the manifest can hold.
fn work_status(s: &str) -> Option<&'static str> {
    let s = s.trim().trim_matches(['*', '_', '`']).trim().to_lowercase();
    match s.as_str() {
        "closed" | "done" | "complete" | "completed" | "finished" => Some("closed"),
        "in-progress" | "in progress" | "wip" | "ongoing" | "active" => Some("in-progress"),
        "open" | "not started" | "todo" | "planned" => Some("open"),
        _ => None,
    }
}

/// First-column headers that name work items.
const WORK_ITEM_WORDS: &[&str] = &[
    "workstream",
    "milestone",
    "epic",
    "issue",
    "task",
    "item",
    "track",
    "phase",
    "deliverable",
    "ticket",
    "story",
    "bead",
    "work",
    "checkpoint",
];

/// The first tracker id a row's cells name, as a whole word.
fn row_tracker_id<'a>(row: &[String], ids: &BTreeSet<&'a str>) -> Option<&'a str> {
    row.iter().find_map(|cell| {
        cell.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .map(|w| w.trim_matches('.'))
            .find_map(|w| ids.get(w).copied())
    })
}

/// Rows of status tables. Tables whose first column is a vision checkpoint are
/// paired with the workstream rows by position when they line up exactly.
pub(super) fn read_workstreams(
    docs: &[ParsedPage],
    st: &[&Outline],
    facts: &Facts,
    notes: &mut Vec<String>,
) -> Vec<WorkstreamOut> {
    let mut rows: Vec<WorkstreamOut> = Vec::new();
    let mut vision: Vec<(String, String, &'static str, String)> = Vec::new();
    let mut used = BTreeSet::new();
    let mut skipped = 0;
    let mut not_work = 0;
    let tracker_ids: BTreeSet<&str> = facts
        .tracker
        .as_ref()
        .map(|(_, issues)| issues.iter().map(|i| i.id.as_str()).collect())
        .unwrap_or_default();
    let tracker_titles: BTreeSet<String> = facts
        .tracker
        .as_ref()
        .map(|(_, issues)| {
            issues
                .iter()
                .map(|i| i.title.trim().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    for (d, s) in docs.iter().zip(st) {
        for t in &s.tables {
            let Some(sc) = t
                .header
                .iter()
                .position(|h| h == "status" || h == "state")
                .filter(|&c| c != 0)
            else {
                continue;
            };
            // A status table of tracker items: its statuses are work statuses,
            // and its rows name tracker issues (by id or exact title) or its
            // first column is work items by name. An API tier or feature
            // table with a status column is not.
            let rows_with_status: Vec<&Vec<String>> = t
                .rows
                .iter()
                .map(|(_, r)| r)
                .filter(|r| r.get(sc).is_some())
                .collect();
            let mapped = rows_with_status
                .iter()
                .filter(|r| r.get(sc).is_some_and(|v| work_status(v).is_some()))
                .count();
            let names_tracker = rows_with_status.iter().any(|r| {
                row_tracker_id(r, &tracker_ids).is_some()
                    || r.first()
                        .is_some_and(|c| tracker_titles.contains(&c.trim().to_lowercase()))
            });
            let work_header = t.header.first().is_some_and(|h| {
                WORK_ITEM_WORDS.iter().any(|w| {
                    h.split(|c: char| !c.is_alphanumeric())
                        .any(|x| x == *w || x == format!("{w}s"))
                })
            });
            if rows_with_status.is_empty()
                || mapped * 2 < rows_with_status.len()
                || !(names_tracker || work_header)
            {
                not_work += 1;
                continue;
            }
            let is_vision = t
                .header
                .first()
                .is_some_and(|h| h.contains("vision") || h.contains("checkpoint"));
            let mc = (1..sc)
                .find(|&c| {
                    t.header.get(c).is_some_and(|h| {
                        ["mean", "what", "description", "summary", "detail"]
                            .iter()
                            .any(|w| h.contains(w))
                    })
                })
                .or((sc > 1).then_some(1));
            for (off, row) in &t.rows {
                let (Some(title), Some(raw)) = (row.first(), row.get(sc)) else {
                    continue;
                };
                let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                if title.is_empty() {
                    continue;
                }
                let Some(status) = work_status(raw) else {
                    skipped += 1;
                    continue;
                };
                let meaning = mc
                    .and_then(|c| row.get(c))
                    .filter(|m| row_tracker_id(std::slice::from_ref(*m), &tracker_ids).is_none())
                    .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| title.clone());
                if is_vision {
                    vision.push((title, meaning, status, d.at(*off)));
                    continue;
                }
                if rows
                    .iter()
                    .any(|w| w.title.value.eq_ignore_ascii_case(&title))
                {
                    continue;
                }
                let id = unique_id(
                    &slugify(&title),
                    &format!("workstream-{}", rows.len() + 1),
                    &mut used,
                );
                let tracker = row_tracker_id(row, &tracker_ids).map(|id| {
                    found(
                        id.to_string(),
                        format!("the tracker id in the same row, {}", d.at(*off)),
                    )
                });
                rows.push(WorkstreamOut {
                    id,
                    title: found(title, d.at(*off)),
                    meaning,
                    status,
                    status_raw: raw.trim().to_string(),
                    status_from: None,
                    tracker,
                    vision: None,
                });
            }
        }
    }
    if not_work > 0 {
        notes.push(format!("{not_work} tables with a status column are not status tables of tracker items (no tracker id or work-item column, or statuses that are not work statuses); no workstreams read from them"));
    }
    if skipped > 0 {
        notes.push(format!("{skipped} status-table rows have a status docket cannot map to open, in-progress or closed; left out of `workstreams`"));
    }
    if !vision.is_empty() {
        let pairs =
            vision.len() == rows.len() && vision.iter().zip(&rows).all(|(v, w)| v.2 == w.status);
        if pairs {
            for (v, w) in vision.into_iter().zip(rows.iter_mut()) {
                w.vision = Some(found(
                    (v.0, v.1),
                    format!("{}, paired by row position and status", v.3),
                ));
            }
        } else {
            notes.push(format!(
                "{} vision checkpoints do not line up with the {} workstreams; `vision` left out",
                vision.len(),
                rows.len()
            ));
        }
    }
    // Bind a workstream to the one tracker issue whose title is exactly its own.
    if let Some((rel, issues)) = &facts.tracker {
        for w in rows.iter_mut().filter(|w| w.tracker.is_none()) {
            let same: Vec<&String> = issues
                .iter()
                .filter(|i| i.title.trim().eq_ignore_ascii_case(&w.title.value))
                .map(|i| &i.id)
                .collect();
            if let [id] = same.as_slice() {
                w.tracker = Some(found(
                    (*id).clone(),
                    format!("the issue in {rel} titled exactly like the workstream"),
                ));
            }
        }
        // `check` holds a bound workstream to its issue's status: the manifest
        // takes it, and the row that says otherwise is the page's drift.
        for w in rows.iter_mut() {
            let Some(issue) = w
                .tracker
                .as_ref()
                .and_then(|t| issues.iter().find(|i| i.id == t.value))
            else {
                continue;
            };
            if issue.status != w.status {
                notes.push(format!(
                    "workstream `{}`: {} says \"{}\" but {rel}:{} says `{}` is {}; the manifest takes the tracker's status (`docket check` reports the row)",
                    w.id, w.title.from, w.status_raw, issue.line, issue.id, issue.status
                ));
                w.status_from = Some(format!(
                    "the tracker, {rel}:{} (`{}`); the row, {}, says \"{}\"",
                    issue.line, issue.id, w.title.from, w.status_raw
                ));
                w.status = issue.status;
            }
        }
    }
    rows
}

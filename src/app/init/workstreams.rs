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
                rows.push(WorkstreamOut {
                    id,
                    title: found(title, d.at(*off)),
                    meaning,
                    status,
                    status_raw: raw.trim().to_string(),
                    tracker: None,
                    vision: None,
                });
            }
        }
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
        for w in rows.iter_mut() {
            let same: Vec<&String> = issues
                .iter()
                .filter(|(_, t)| t.trim().eq_ignore_ascii_case(&w.title.value))
                .map(|(id, _)| id)
                .collect();
            if let [id] = same.as_slice() {
                w.tracker = Some(found(
                    (*id).clone(),
                    format!("the issue in {rel} titled exactly like the workstream"),
                ));
            }
        }
    }
    rows
}

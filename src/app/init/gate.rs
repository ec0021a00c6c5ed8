//! The release gate: what the pages say about its state and its checks, titled
//! after the workstream that names the gate.

use serde::Serialize;

use super::workstreams::WorkstreamOut;
use super::{Found, ParsedPage, found};
use crate::markdown::claims::Claim;

/// `release.gate`.
#[derive(Serialize)]
pub(super) struct GateOut {
    pub(super) id: String,
    pub(super) title: Found<String>,
    pub(super) state: Found<&'static str>,
    pub(super) checks: Option<Found<(u64, u64)>>,
}

/// The gate: its checks by the count the pages state most, its state by those
/// checks (closed only when all are), else by majority of the pages' statements.
pub(super) fn infer_gate(
    docs: &[ParsedPage],
    workstreams: &[WorkstreamOut],
    notes: &mut Vec<String>,
) -> Option<GateOut> {
    let mut closed_at = Vec::new();
    let mut open_at = Vec::new();
    let mut counts: Vec<((u64, u64), String)> = Vec::new();
    for d in docs {
        for c in &d.doc.claims {
            match &c.claim {
                Claim::GateState { closed: true, .. } => closed_at.push(d.at(c.offset)),
                Claim::GateState { closed: false, .. } => open_at.push(d.at(c.offset)),
                Claim::Count { closed, total, .. } if closed <= total => {
                    counts.push(((*closed, *total), d.at(c.offset)))
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
    if closed_at.is_empty() && open_at.is_empty() && counts.is_empty() {
        return None;
    }
    let (title, title_from, id) = match workstreams
        .iter()
        .find(|w| w.title.value.to_lowercase().contains("gate"))
    {
        Some(w) => (
            w.title.value.clone(),
            format!("the gate's workstream, {}", w.title.from),
            w.id.clone(),
        ),
        None => (
            "Release gate".to_string(),
            "no gate title in the docs; default".to_string(),
            "release-gate".to_string(),
        ),
    };
    let said = if closed_at.len() > open_at.len() {
        let more = if open_at.is_empty() {
            String::new()
        } else {
            format!("; {} say it is open, e.g. at {}", open_at.len(), open_at[0])
        };
        found(
            "closed",
            format!(
                "{} statements that the gate is closed, e.g. at {}{more}",
                closed_at.len(),
                closed_at[0]
            ),
        )
    } else if let Some(first) = open_at.first() {
        found(
            "open",
            format!(
                "{} statements that the gate is open, e.g. at {first}",
                open_at.len()
            ),
        )
    } else {
        found(
            "open",
            "no page states the gate's state; open until one does".to_string(),
        )
    };
    // The most frequent count; the first one on ties.
    let mut tally: Vec<((u64, u64), usize, String)> = Vec::new();
    for (c, at) in &counts {
        match tally.iter_mut().find(|t| t.0 == *c) {
            Some(t) => t.1 += 1,
            None => tally.push((*c, 1, at.clone())),
        }
    }
    let checks = tally
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|best| {
            let (closed, total) = best.0;
            found(
                (closed, total),
                format!("\"{closed} / {total}\" at {}", best.2),
            )
        });
    // The state follows the checks when the docs count them: a gate passes
    // when every check is closed, whatever a sentence says.
    let state = match &checks {
        Some(c) => {
            let (closed, total) = c.value;
            let state = if closed >= total && total > 0 {
                "closed"
            } else {
                "open"
            };
            if state != said.value {
                notes.push(format!(
                    "the docs say the gate is {} ({}), but count {closed} / {total} checks closed ({}); the manifest follows the checks: {state}",
                    said.value, said.from, c.from
                ));
            }
            found(
                state,
                format!("{closed} of {total} checks closed, {}", c.from),
            )
        }
        None => said,
    };
    Some(GateOut {
        id,
        title: found(title, title_from),
        state,
        checks,
    })
}

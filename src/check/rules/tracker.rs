//! Counts of tracker issues closed (`count-mismatch`): each count a page
//! states beside tracker words, counted the way its sentence counts (the
//! tracker's issues, all or those that are not epics; an epic's children),
//! against the tracker, with the tracker's figure in the message. Counts in
//! another tool's block are compared too; docket's own blocks are left to
//! `generated-stale`, and a dated snapshot ("as of 2026-03-01") is a record
//! of its day unless that day is today.

use crate::check::blocks::Plan;
use crate::check::project::Project;
use crate::core::catalog as c;
use crate::input::facts::tracker::Tracker;
use crate::markdown::claims::{Claim, CountSubject};

use super::{Proof, ProofKind, Sink};

/// What the tracker counts for one claim: the figures it may mean (the
/// first is the one named first in the message) and whose they are.
struct Counted {
    figures: Vec<(&'static str, (u64, u64))>,
    /// What is counted, after the figure (" of `rr-7`'s children").
    whose: String,
    /// Where the epic is in the export.
    line: Option<usize>,
}

fn overall(t: &Tracker) -> Counted {
    let [all, tasks] = t.counts();
    let figures = if all == tasks {
        vec![("", all)]
    } else {
        vec![("", all), ("non-epic", tasks)]
    };
    Counted {
        figures,
        whose: String::new(),
        line: None,
    }
}

fn children(t: &Tracker, id: &str) -> Option<Counted> {
    let counts = t.child_counts(id)?;
    let line = t.issues.get(id).map(|i| i.line)?;
    Some(Counted {
        figures: vec![("", counts)],
        whose: format!(" of `{id}`'s children"),
        line: Some(line),
    })
}

/// Percent as the doc may have rounded it: down or to the nearest.
fn percents((closed, total): (u64, u64)) -> [u64; 2] {
    let closed = closed.min(total);
    if total == 0 {
        return [100, 100];
    }
    let down = closed.saturating_mul(100) / total;
    let near = (closed.saturating_mul(200) + total) / (2 * total);
    [down, near]
}

pub(super) fn counts(p: &Project, plan: &Plan, sink: &mut Sink<'_>) {
    let Some(t) = p.facts.tracker.as_ref() else {
        return;
    };
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        let text = &p.book.pages[page].text;
        for claim in &doc.claims {
            let Claim::TrackerCount {
                count,
                percent,
                subject,
                dated,
            } = &claim.claim
            else {
                continue;
            };
            if claim.in_block && plan.owns(page, claim.offset) {
                continue;
            }
            if dated.as_deref().is_some_and(|d| d != sink.today()) {
                continue;
            }
            let counted = match subject {
                CountSubject::Overall => overall(t),
                CountSubject::Children(id) => {
                    let Some(c) = children(t, id) else { continue };
                    c
                }
                CountSubject::Under(id) => children(t, id).unwrap_or_else(|| overall(t)),
            };
            let agrees = counted
                .figures
                .iter()
                .any(|(_, fig)| match (count, percent) {
                    (Some(said), _) => said == fig,
                    (None, Some(pc)) => percents(*fig).contains(pc),
                    (None, None) => true,
                });
            if agrees {
                continue;
            }
            let said = match (count, percent) {
                (Some((a, b)), Some(pc)) => format!("{a}/{b} ({pc}%)"),
                (Some((a, b)), None) => format!("{a}/{b}"),
                (None, Some(pc)) => format!("{pc}%"),
                (None, None) => continue,
            };
            let show = |(closed, total): (u64, u64)| match (count, percent) {
                (None, Some(_)) => {
                    format!("{closed} of {total} ({}%)", percents((closed, total))[0])
                }
                _ => format!("{closed} of {total}"),
            };
            let mut figures = counted.figures.iter();
            let Some((_, first)) = figures.next() else {
                continue;
            };
            let mut notes: Vec<String> = figures
                .map(|(name, fig)| format!("{name}: {}", show(*fig)))
                .collect();
            if let (CountSubject::Children(id) | CountSubject::Under(id), Some(line)) =
                (subject, counted.line)
            {
                notes.push(format!("`{id}`: {}:{line}", t.path));
            }
            let truth = format!(
                "the tracker (`{}`) has {}{} closed{}",
                t.path,
                show(*first),
                counted.whose,
                if notes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", notes.join("; "))
                }
            );
            let at = doc.source_map.line_col(text, claim.offset);
            let mut message = format!("the doc says {said} closed; {truth}");
            let Some(lowered) = super::items::stands(
                claim,
                text,
                (c::COUNT_MISMATCH, page, at),
                &mut message,
                sink,
            ) else {
                continue;
            };
            let proof = Proof::new(ProofKind::Tracker, truth.clone());
            sink.emit(
                c::COUNT_MISMATCH,
                page,
                at,
                message,
                Some(truth),
                Some(proof).filter(|_| !lowered),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_round_down_or_to_the_nearest() {
        assert_eq!(percents((60, 94)), [63, 64]);
        assert_eq!(percents((1, 2)), [50, 50]);
        assert_eq!(percents((0, 0)), [100, 100]);
        assert_eq!(percents((5, 3)), [100, 100]);
    }
}

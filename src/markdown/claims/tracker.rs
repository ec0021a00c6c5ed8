//! The tracker's idioms, read only when a tracker is configured: a count of
//! issues closed said beside tracker words ("55/85 issues closed", "Beads:
//! 64% (60/94)", `[######----] 60/94 tasks`, "12/15 children of `rr-7`
//! done"), and a `Status: X` line whose next lines in the same paragraph or
//! list name the ids it is about (`Beads: rr-12, rr-13`).
//!
//! A count is a tracker count only when it says what it counts (issues,
//! beads, tasks, tickets, an epic's children) and that they are closed (a
//! closing word after it, a percentage, a progress bar or a `Closed:` /
//! `Progress:` label before it); a count of checks is the gate's. A status
//! line binds only the ids of lines whose label makes them the section's own
//! (`Beads:`, `Issues:`, `Tracked by`); `Blocked by:`, `Related:` or `See`
//! name someone else's.

use std::sync::LazyLock;

use regex::Regex;

use super::items::{self, CONDITIONAL, STATUS};
use super::scopes::Scopes;
use super::{Claim, ClaimAt, CountSubject, Prose, StatusForm, at};

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

/// `55/85 issues closed`, `60 of 94 beads are closed`, `64% (60/94)`,
/// `[######----] 60/94`, `12/15 children of rr-7 done`, `58/90 (64%)`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)(?P<bar>\[[#=*xX]+[-. _]*\]\s*)?(?:\b(?P<pc1>\d{1,3})\s*%\s*\(\s*)?\b(?P<n>\d{1,6})\s*(?:/|of(?:\s+(?:its|the|all|our))?)\s*(?P<m>\d{1,6})\b(?:\s*\))?(?P<noun>\s+(?:tracked\s+|tracker\s+)?(?:issues?|beads?|tasks?|tickets?|children|child\s+(?:issues|tasks|beads)|sub-?tasks?|sub-?issues?)\b)?(?:\s+(?:of|in|under|for)\s+(?:the\s+)?(?:epic\s+)?[`*_\[]*(?P<epic>[A-Za-z][A-Za-z0-9_.-]{0,62}-[A-Za-z0-9_.]{1,62})[`*_\]]*)?(?P<state>\s+(?:are\s+|is\s+|have\s+been\s+|now\s+)?(?:closed|done|complete|completed|finished|resolved)\b)?(?:\s*\(\s*(?P<pc2>\d{1,3})\s*%\s*\))?",
    )
});

/// `64% of issues are closed`, `40% of the beads done`, or a progress bar
/// with a percentage (`[######----] 60%`, said beside tracker words).
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)(?P<bar>\[[#=*xX]+[-. _]*\]\s*)(?P<bpc>\d{1,3})\s*%|\b(?P<pc>\d{1,3})\s*%\s+of\s+(?:all\s+|the\s+)?(?:tracked\s+|tracker\s+)?(?:issues|beads|tasks|tickets)\s+(?:are\s+|have\s+been\s+)?(?:closed|done|complete|completed|resolved)\b",
    )
});

/// A label before a count that says it counts what is closed: `Closed:`,
/// `Progress:`, `Done -`, `Closed beads:`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b(?:closed|done|complete|completed|resolved|progress|burn-?down)(?:\s+(?:issues|beads|tasks|tickets))?[*_]*\s*(?::|=|-|\u{2014}|\u{2013})?\s*[*_`]*\s*$",
    )
});

/// Tracker words anywhere in the sentence.
static TRACKER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i-u)\b(?:issues?|beads?|tasks?|tickets?|epics?|children|sub-?tasks?)\b")
});

/// Words that make the count an epic's children.
static CHILDREN_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i-u)\b(?:children|child\s+\w+|sub-?tasks?|sub-?issues?|epic)\b"));

/// A count of checks is the gate's.
static CHECKS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i-u)\b(?:checks?|gate)\b"));

/// A status line: `Status: In progress`, `**State:** done`.
static STATUS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i-u)^\s*(?:status|state)\s*:\s*(?P<s>(?:{STATUS}|active|wip)\b)"
    ))
});

/// A line naming the section's own ids: `Beads: rr-12, rr-13`, `Tracked by
/// rr-12`, `Issue: rr-4`.
static ID_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)^\s*(?:beads?|issues?|tickets?|tasks?|tracked\s+(?:by|in|as)|tracking(?:\s+issues?)?|tracker(?:\s+ids?)?)\s*:?\s*",
    )
});

/// A count found in a run: its byte range, (closed, total), percent and the
/// epic the sentence names.
type Found = (
    usize,
    usize,
    Option<(u64, u64)>,
    Option<u64>,
    Option<String>,
);

/// The tracker counts of one prose run, pushed to `out`; returns their byte
/// ranges in the run's text, in order, for the checks' counts to leave alone.
pub(crate) fn counts(run: &Prose, scopes: &Scopes, out: &mut Vec<ClaimAt>) -> Vec<(usize, usize)> {
    let t = run.text.as_str();
    let mut taken = Vec::new();
    // Cheap tests first: a digit and a tracker word.
    if !t.bytes().any(|b| b.is_ascii_digit()) || !TRACKER_WORD.is_match(t) {
        return taken;
    }
    let mut ends: Option<Vec<usize>> = None;
    // The enclosing headings' id and date, asked once per run.
    let mut marks: Option<(Option<String>, Option<String>)> = None;
    let mut found: Vec<Found> = Vec::new();
    for c in COUNT.captures_iter(t) {
        let (Some(m), Some(n), Some(total)) = (c.get(0), c.name("n"), c.name("m")) else {
            continue;
        };
        let (Ok(closed), Ok(total)) = (n.as_str().parse::<u64>(), total.as_str().parse::<u64>())
        else {
            continue;
        };
        let percent = c
            .name("pc1")
            .or_else(|| c.name("pc2"))
            .and_then(|p| p.as_str().parse().ok());
        let mut lo = m.start().saturating_sub(30);
        while !t.is_char_boundary(lo) {
            lo -= 1;
        }
        let closing = c.name("state").is_some()
            || percent.is_some()
            || c.name("bar").is_some()
            || LABEL.is_match(&t[lo..m.start()]);
        if !closing || closed > total {
            continue;
        }
        let ends = ends.get_or_insert_with(|| items::sentence_ends(t));
        let (s, e) = items::sentence(t, ends, m.start(), m.end());
        let whole = &t[s..e];
        let said_noun = c.name("noun").is_some();
        if !said_noun && (CHECKS.is_match(whole) || !TRACKER_WORD.is_match(whole)) {
            continue;
        }
        if whole.trim_end().ends_with('?') || CONDITIONAL.is_match(whole) {
            continue;
        }
        let epic = c.name("epic").map(|e| e.as_str().to_string()).or_else(|| {
            CHILDREN_WORD
                .is_match(whole)
                .then(|| items::first_id(whole))
                .flatten()
        });
        found.push((m.start(), m.end(), Some((closed, total)), percent, epic));
    }
    // The counts found so far, in order: a bar's percentage inside one is
    // read with it.
    let counted: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
    for c in PERCENT.captures_iter(t) {
        let (Some(m), Some(pc)) = (c.get(0), c.name("pc").or_else(|| c.name("bpc"))) else {
            continue;
        };
        let k = counted.partition_point(|r| r.0 <= m.start());
        if k.checked_sub(1)
            .and_then(|k| counted.get(k))
            .is_some_and(|r| m.start() < r.1)
        {
            continue;
        }
        let Ok(pc) = pc.as_str().parse() else {
            continue;
        };
        let ends = ends.get_or_insert_with(|| items::sentence_ends(t));
        let (a, b) = items::sentence(t, ends, m.start(), m.end());
        let whole = &t[a..b];
        // A bar says what it counts in its sentence; checks are the gate's.
        if c.name("bar").is_some() && (CHECKS.is_match(whole) || !TRACKER_WORD.is_match(whole)) {
            continue;
        }
        if whole.trim_end().ends_with('?') || CONDITIONAL.is_match(whole) {
            continue;
        }
        found.push((m.start(), m.end(), None, Some(pc), None));
    }
    found.sort_by_key(|f| f.0);
    for (s, e, count, percent, epic) in found {
        let ends = ends.get_or_insert_with(|| items::sentence_ends(t));
        let (a, b) = items::sentence(t, ends, s, e);
        let (heading_id, heading_date) = marks.get_or_insert_with(|| scopes.heading_marks());
        let dated = super::prose::as_of_date(&t[a..b]).or_else(|| heading_date.clone());
        let subject = match (epic, heading_id) {
            (Some(id), _) => CountSubject::Children(id),
            (None, Some(id)) => CountSubject::Under(id.clone()),
            (None, None) => CountSubject::Overall,
        };
        taken.push((s, e));
        out.push(at(
            Claim::TrackerCount {
                count,
                percent,
                subject,
                dated,
            },
            run.at(s),
        ));
    }
    taken
}

/// A `Status: X` line waiting for the lines that name its ids.
#[derive(Debug)]
pub(crate) struct Section {
    status: String,
    offset: usize,
}

/// Status lines and the id lines after them in one prose run; `open` is the
/// status line still binding (of an earlier item of the same list), kept
/// for the next runs until the caller ends it.
pub(crate) fn sections(run: &Prose, open: &mut Option<Section>, out: &mut Vec<ClaimAt>) {
    let t = run.text.as_str();
    if open.is_none() && !(t.contains("tatus") || t.contains("tate") || t.contains("TAT")) {
        return;
    }
    let mut from = 0;
    let lines = run.breaks.iter().copied().chain(std::iter::once(t.len()));
    for (k, to) in lines.enumerate() {
        let (a, b) = (from.min(t.len()), to.min(t.len()).max(from.min(t.len())));
        from = to;
        let Some(line) = t.get(a..b) else { continue };
        if k == 0
            && let Some(c) = STATUS_LINE.captures(line)
            && let Some(s) = c.name("s")
        {
            // The status and what follows it on the line.
            let status = line[s.start()..]
                .trim()
                .trim_matches(['*', '_', '`'])
                .trim()
                .to_lowercase();
            *open = Some(Section {
                status,
                offset: run.at(a),
            });
            continue;
        }
        let Some(section) = open.as_ref() else {
            return;
        };
        let Some(label) = ID_LINE.find(line) else {
            continue;
        };
        let r = &line[label.end()..];
        let ids = items::ids(r);
        let Some(first) = ids.first() else { continue };
        // The ids open what follows the label, and are listed together.
        if !r[..first.0]
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_' | '[' | ':'))
            .is_empty()
        {
            continue;
        }
        let mut last = first.1;
        for &(s, e) in &ids {
            if s != first.0 && !items::joins(&r[last..s]) {
                break;
            }
            last = e;
            out.push(at(
                Claim::ItemStatus {
                    id: r[s..e].to_string(),
                    status: section.status.clone(),
                    form: StatusForm::Section,
                },
                section.offset,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(text: &str) -> Vec<Claim> {
        let mut run = Prose::default();
        run.push(text, 0);
        let mut out = Vec::new();
        counts(&run, &Scopes::default(), &mut out);
        out.into_iter().map(|c| c.claim).collect()
    }

    fn count(
        closed: u64,
        total: u64,
        percent: Option<u64>,
        subject: CountSubject,
        dated: Option<&str>,
    ) -> Claim {
        Claim::TrackerCount {
            count: Some((closed, total)),
            percent,
            subject,
            dated: dated.map(str::to_string),
        }
    }

    #[test]
    fn counts_beside_tracker_words() {
        use CountSubject::*;
        assert_eq!(
            counted("We have 55/85 issues closed."),
            [count(55, 85, None, Overall, None)]
        );
        assert_eq!(
            counted("60 of 94 beads are closed."),
            [count(60, 94, None, Overall, None)]
        );
        assert_eq!(
            counted("Beads progress: 64% (60/94)."),
            [count(60, 94, Some(64), Overall, None)]
        );
        assert_eq!(
            counted("[######----] 60/94 tasks"),
            [count(60, 94, None, Overall, None)]
        );
        assert_eq!(
            counted("12/15 children of `rr-7` done."),
            [count(12, 15, None, Children("rr-7".into()), None)]
        );
        assert_eq!(
            counted("Epic rr-7: 12/15 closed."),
            [count(12, 15, None, Children("rr-7".into()), None)]
        );
        assert_eq!(
            counted("As of 2026-03-01, 55/85 issues closed."),
            [count(55, 85, None, Overall, Some("2026-03-01"))]
        );
        assert_eq!(
            counted("**Closed beads:** 60 / 94"),
            [count(60, 94, None, Overall, None)]
        );
        assert_eq!(
            counted("**Issues:** 55/85 closed (65%)"),
            [count(55, 85, Some(65), Overall, None)]
        );
        assert_eq!(
            counted("Beads: [######----] 60%"),
            [Claim::TrackerCount {
                count: None,
                percent: Some(60),
                subject: Overall,
                dated: None
            }]
        );
        assert_eq!(
            counted("Beads: [######----] 60% (6/10)"),
            [count(6, 10, Some(60), Overall, None)]
        );
        assert_eq!(
            counted("64% of issues are closed."),
            [Claim::TrackerCount {
                count: None,
                percent: Some(64),
                subject: Overall,
                dated: None
            }]
        );
    }

    #[test]
    fn counts_that_are_not_the_trackers() {
        for text in [
            // Checks are the gate's.
            "21/21 checks closed.",
            "Release gate: 3/4 closed, tracked as issues.",
            // Not said to be closed.
            "12 of 40 issues are open.",
            "See 3/4 of the tasks.",
            // No tracker word.
            "The suite passes 30/31 (96%).",
            "Build: [######----] 60%",
            "Gate checks: [######----] 60%",
            // Conditions and questions.
            "When 94/94 issues are closed we ship.",
            "Are 94/94 issues closed?",
        ] {
            assert_eq!(counted(text), [], "{text}");
        }
    }

    fn sectioned(texts: &[&str]) -> Vec<(String, String, usize)> {
        let mut open = None;
        let mut out = Vec::new();
        let mut base = 0;
        for text in texts {
            let mut run = Prose::default();
            for (k, line) in text.split('\n').enumerate() {
                if k > 0 {
                    run.space(base);
                }
                run.push(line, base);
                base += line.len() + 1;
            }
            sections(&run, &mut open, &mut out);
        }
        out.into_iter()
            .filter_map(|c| match c.claim {
                Claim::ItemStatus { id, status, .. } => Some((id, status, c.offset)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn status_lines_bind_the_ids_below() {
        let s = |id: &str, st: &str| (id.to_string(), st.to_string(), 0);
        assert_eq!(
            sectioned(&["Status: In progress\nBeads: `rr-12`, `rr-13`"]),
            [s("rr-12", "in progress"), s("rr-13", "in progress")]
        );
        // A list: the status item binds the items after it.
        assert_eq!(
            sectioned(&["Status: done", "Owner: Ana", "Tracked by rr-4"]),
            [s("rr-4", "done")]
        );
        // Someone else's ids, and a status line that is not first.
        for texts in [
            &["Status: open\nBlocked by: rr-9"][..],
            &["Related: rr-9\nStatus: open"][..],
            &["Status: open\nBeads: see the board, rr-9"][..],
            &["Status: accepted direction\nBeads: rr-9"][..],
            &["Beads: rr-9"][..],
            // An epic a page belongs under is no subject of its status.
            &["Status: done\nEpic: rr-9"][..],
        ] {
            assert_eq!(sectioned(texts), [], "{texts:?}");
        }
    }
}

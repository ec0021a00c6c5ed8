//! Claims stated in prose: checklist counts, remaining checks, gate states,
//! release lines and as-of dates. Patterns run over merged prose runs, so a
//! sentence wrapped across lines matches as one.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

use super::{Claim, ClaimAt, Prose, at};

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

/// An ASCII-only pattern: a Unicode `\b` sends the fast engine back to a slow
/// one on any non-ASCII text, and digits that are not ASCII never parse as
/// numbers anyway.
fn ascii(s: &str) -> Regex {
    re(&format!("(?-u){s}"))
}

// The case-blind patterns are written in lowercase and run over a run's
// lowercase copy (`Prose::lower`, same byte offsets), so they compile
// without `(?i)`: its case variants of every literal were most of their
// compile time. The tests hold each to its `(?i)` form over the text as
// written. Groups of what was written (a version, a fragment quoted) are
// read from the text by their range.

/// `21 / 21 closed (100%)`, `21/21 (100%)`, `3 of 4 checks closed`.
const COUNT_P: &str = r"\b(\d{1,6})\s*(?:/|of(?:\s+(?:its|the|all|our))?)\s*(\d{1,6})(?:\s+(?:release[- ]gate\s+|gate\s+|parity\s+)?checks?)?(?:\s+(?:are\s+)?closed)?(?:\s*\((\d{1,3})\s*%\))?";
static COUNT: LazyLock<Regex> = LazyLock::new(|| ascii(COUNT_P));
/// `100% closed (20 / 21)`: a percentage with its count after it.
const PERCENT_COUNT_P: &str =
    r"\b(\d{1,3})\s*%\s+(?:closed|complete)\s*\(\s*(\d{1,6})\s*/\s*(\d{1,6})\s*\)";
static PERCENT_COUNT: LazyLock<Regex> = LazyLock::new(|| ascii(PERCENT_COUNT_P));
/// `Remaining release-gate checks: 0`, `checks still open: 0`. Unicode only
/// where it must be: a negated class cannot be ASCII-only in a `str` pattern.
const REMAINING_P: &str =
    r"(?-u:\b(?:remaining|still open)\b)[^.0-9]{0,40}?:(?-u:\s*([0-9]{1,6})\b)";
static REMAINING: LazyLock<Regex> = LazyLock::new(|| re(REMAINING_P));
/// `checks: 100% closed`.
const PERCENT_P: &str = r"\b(\d{1,3})\s*%\s+(?:closed|complete)";
static PERCENT: LazyLock<Regex> = LazyLock::new(|| ascii(PERCENT_P));
/// "the (1.0|release|readiness) gate is closed", "gate remains open".
const GATE_P: &str = r"\bgate\b(?:\s+(?:is|was|remains|has\s+been|stays))(?:\s+(?:now|still|explicitly|already|fully))*\s+(closed|open|reopened|satisfied|complete|completed)\b";
static GATE: LazyLock<Regex> = LazyLock::new(|| ascii(GATE_P));
/// "post-1.0", "after 1.0", "1.0 is released / has shipped".
const RELEASED_P: &str = r"\b(?:post-|after\s+(?:the\s+)?)(?:v)?(\d+\.\d+(?:\.\d+)?)\b|\b(?:v)?(\d+\.\d+(?:\.\d+)?)\s+(?:is|has\s+been|was)\s+(?:now\s+)?(?:released|shipped|out)\b";
static RELEASED: LazyLock<Regex> = LazyLock::new(|| ascii(RELEASED_P));
/// "the latest (published) release is 0.8.3", "current release: v0.8.3": what
/// is published now, said outright ("was", a plan, a range are not).
const LATEST_P: &str = r"\b(?:(?:latest|newest|most\s+recent)\s+(?:(?:published|stable|public|official)\s+)?(?:release|version)|current\s+(?:(?:published|stable|public|official)\s+)?release)[*_]*\s*(?:is\s+(?:now\s+)?|:\s*|=\s*)[*_`]*v?(\d+\.\d+(?:\.\d+)?(?:-[A-Za-z][0-9A-Za-z.]*)?)\b";
static LATEST: LazyLock<Regex> = LazyLock::new(|| ascii(LATEST_P));
/// After a version: it opens a range or a bound (`0.8.3 to 0.9`, `0.8.x`,
/// `0.8.3 or later`, `0.8.3+`).
static RANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[`*_]*(?:\.x\b|\+|\s*[-–—]\s*v?\d|\s+(?:to|through|or\s+(?:later|newer|above|higher|earlier|older)|and\s+(?:later|up|above|newer))\b)",
    )
});
/// Words of a sentence about a release still to come.
const FUTURE_P: &str =
    r"\b(?:will|would|should|shall|plan(?:s|ned)?|expected|upcoming|next|soon)\b";
static FUTURE: LazyLock<Regex> = LazyLock::new(|| ascii(FUTURE_P));
/// Dates: `February 13, 2026` or `2026-02-13`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    ascii(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s+(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b",
    )
});
/// Words that make a date an as-of date.
const AS_OF_P: &str =
    r"\b(?:as\s+of|current(?:ly)?|snapshot|last\s+(?:updated|reviewed)|status\s+(?:on|at))\b";
static AS_OF: LazyLock<Regex> = LazyLock::new(|| ascii(AS_OF_P));
/// Words that make a sentence conditional, so its gate statement is no claim.
const CONDITIONAL_P: &str = r"\b(?:if|unless|until|when|whether|once|before)\b";
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| ascii(CONDITIONAL_P));

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The sentence of `text` around byte `i`. A `.` ends a sentence only when
/// followed by whitespace or the end, so "1.0" stays whole.
fn sentence(text: &str, i: usize) -> std::ops::Range<usize> {
    let is_end = |k: usize, c: char| {
        matches!(c, '.' | '!' | '?' | ';')
            && text[k + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    // Looked for within SENTENCE_REACH bytes of `i`: a run without sentence
    // ends made every claim in it read (and copy) the whole run.
    let floor = |mut k: usize| {
        k = k.min(text.len());
        while !text.is_char_boundary(k) {
            k -= 1;
        }
        k
    };
    let i = floor(i);
    let lo = floor(i.saturating_sub(SENTENCE_REACH));
    let hi = floor(i.saturating_add(SENTENCE_REACH));
    let start = text[lo..i]
        .char_indices()
        .rev()
        .find(|&(k, c)| is_end(lo + k, c))
        .map_or(lo, |(k, _)| lo + k + 1);
    let end = text[i..hi]
        .char_indices()
        .find(|&(k, c)| is_end(i + k, c))
        .map_or(hi, |(k, _)| i + k);
    start..end
}

/// How far from a match its sentence is looked for, each way, in bytes.
const SENTENCE_REACH: usize = 400;

/// The words that let a pattern match.
const KEYWORDS: [&str; 6] = [
    "check",
    "gate",
    "closed",
    "parity",
    "remaining",
    "still open",
];

/// A vectorized substring search per keyword, built once per process
/// (`memmem::find` builds one per call).
static FINDERS: LazyLock<Vec<memmem::Finder<'static>>> =
    LazyLock::new(|| KEYWORDS.iter().map(memmem::Finder::new).collect());

/// Which of `KEYWORDS` occur in `lower` (a run lowercased), as bits.
fn keywords(lower: &str) -> u8 {
    FINDERS
        .iter()
        .enumerate()
        .filter(|(_, f)| f.find(lower.as_bytes()).is_some())
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

const CHECK: u8 = 1;
const GATE_WORD: u8 = 1 << 1;
const CLOSED: u8 = 1 << 2;
const PARITY: u8 = 1 << 3;
const REMAINING_WORD: u8 = 1 << 4;
const STILL_OPEN: u8 = 1 << 5;

/// `\s` of an ASCII-only pattern.
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Whether `lower` says "gate" then whitespace and a verb [`GATE`] starts
/// with: the pattern cannot match without one, and "gate" alone is common.
fn gate_said(lower: &str) -> bool {
    let b = lower.as_bytes();
    FINDERS[1].find_iter(b).any(|i| {
        let rest = &b[i + 4..];
        // Whitespace after one "gate" ends before the next: linear.
        let ws = rest.iter().take_while(|c| is_space(**c)).count();
        ws > 0
            && [&b"is"[..], b"was", b"remains", b"has", b"stays"]
                .iter()
                .any(|v| rest[ws..].starts_with(v))
    })
}

/// What a run could hold, from one pass over its bytes: most prose has no
/// number a pattern could read, and the patterns are the cost. Each is what
/// the patterns it gates need: a necessary test, never a sufficient one.
#[derive(Default)]
struct Hints {
    /// Digits then `/` or `o` (`3/4`, `3 of 4`), whitespace between: [`COUNT`].
    count: bool,
    /// Digits then `%`, whitespace between: [`PERCENT`], [`PERCENT_COUNT`].
    percent: bool,
    /// A `:` then digits, whitespace between: [`REMAINING`].
    after_colon: bool,
    /// Exactly four digits in a row (a year: both forms of [`DATE`] need a
    /// run of four digits with no digit either side).
    year: bool,
    /// A digit, a `.`, a digit (`1.0`).
    version: bool,
}

/// The hints of `text`; `digit`: whether it holds an ASCII digit at all.
fn hints(text: &str, digit: bool) -> Hints {
    let b = text.as_bytes();
    let first = if digit {
        b.iter().position(u8::is_ascii_digit)
    } else {
        None
    };
    let Some(first) = first else {
        return Hints::default();
    };
    let mut h = Hints::default();
    // Each run of digits once: its length, what stands before it and after
    // it past whitespace (whitespace next to one run is next to no other, so
    // this stays linear).
    let mut k = first;
    while k < b.len() {
        if !b[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let start = k;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        h.year |= k - start == 4;
        h.version |= b.get(k) == Some(&b'.') && b.get(k + 1).is_some_and(u8::is_ascii_digit);
        let before = b[..start].iter().rposition(|c| !is_space(*c));
        h.after_colon |= before.is_some_and(|j| b[j] == b':');
        match b[k..].iter().find(|c| !is_space(**c)) {
            Some(b'/' | b'o' | b'O') => h.count = true,
            Some(b'%') => h.percent = true,
            _ => {}
        }
    }
    h
}

/// `re`'s matches in `t` when `on` (a cheap pre-test passed) and `re` matches
/// at all: no captures are made for the many runs that hold no claim, and
/// nothing is built for a run the pre-test refused.
fn matches<'r, 't>(re: &'r Regex, on: bool, t: &'t str) -> Option<regex::CaptureMatches<'r, 't>> {
    (on && re.is_match(t)).then(|| re.captures_iter(t))
}

/// Whether `rest`, the text right after a number, starts with a unit of
/// measure: the number is then a quantity, not a release.
fn unit_follows(rest: &str) -> bool {
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '%')
        .take(12)
        .collect();
    matches!(
        word.to_lowercase().as_str(),
        "%" | "x"
            | "ns"
            | "us"
            | "µs"
            | "ms"
            | "s"
            | "sec"
            | "secs"
            | "second"
            | "seconds"
            | "min"
            | "mins"
            | "minute"
            | "minutes"
            | "h"
            | "hr"
            | "hrs"
            | "hour"
            | "hours"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "kb"
            | "mb"
            | "gb"
            | "kib"
            | "mib"
            | "gib"
            | "percent"
            | "times"
    )
}

/// Claims of one prose run; `taken` are the byte ranges of tracker counts
/// read from it (`tracker::counts`, in order, not overlapping), which are no
/// checks' counts.
pub fn claims(run: &Prose, heading: bool, taken: &[(usize, usize)], out: &mut Vec<ClaimAt>) {
    let taken_at = |i: usize| {
        let k = taken.partition_point(|r| r.0 <= i);
        k.checked_sub(1)
            .and_then(|k| taken.get(k))
            .is_some_and(|r| i < r.1)
    };
    let (t, lower) = (run.text.as_str(), run.lower.as_str());
    // Byte and keyword tests on the run's lowercase copy decide which
    // patterns can match; without a digit only the gate's can.
    let h = hints(t, run.digit);
    // Only a number shaped as a count, a percentage or after a `:` lets a
    // checks' pattern match; only then are their words looked for.
    let numbers = h.count || h.percent || h.after_colon;
    let words = if numbers {
        keywords(lower)
    } else if FINDERS[1].find(lower.as_bytes()).is_some() {
        GATE_WORD
    } else {
        0
    };
    let percent = h.percent;
    if numbers && words & (CHECK | GATE_WORD | CLOSED | PARITY) != 0 {
        // `is_match` first: it needs no captures, and most runs have no match.
        if let Some(caps) = matches(&COUNT, h.count, lower) {
            for cap in caps {
                let (Some(m), Some(a), Some(b)) = (cap.get(0), cap.get(1), cap.get(2)) else {
                    continue;
                };
                if taken_at(a.start()) {
                    continue;
                }
                // A bare "N / M" counts only when the words around it are about checks.
                let said = m.as_str();
                let explicit =
                    said.contains("closed") || said.contains('%') || said.contains("check");
                if !explicit {
                    continue;
                }
                let (Ok(closed), Ok(total)) = (a.as_str().parse(), b.as_str().parse()) else {
                    continue;
                };
                let percent = cap.get(3).and_then(|p| p.as_str().parse().ok());
                out.push(at(
                    Claim::Count {
                        closed,
                        total,
                        percent,
                    },
                    run.at(m.start()),
                ));
            }
        }
        let remaining = h.after_colon && words & (REMAINING_WORD | STILL_OPEN) != 0;
        if let Some(caps) = matches(&REMAINING, remaining, lower) {
            for cap in caps {
                let (Some(m), Some(n)) = (cap.get(0), cap.get(1)) else {
                    continue;
                };
                if let Ok(open) = n.as_str().parse() {
                    out.push(at(Claim::Remaining { open }, run.at(m.start())));
                }
            }
        }
        let mut pc_counts = Vec::new();
        if let Some(caps) = matches(&PERCENT_COUNT, percent, lower) {
            for cap in caps {
                let (Some(m), Some(pc), Some(a), Some(b)) =
                    (cap.get(0), cap.get(1), cap.get(2), cap.get(3))
                else {
                    continue;
                };
                let (Ok(percent), Ok(closed), Ok(total)) =
                    (pc.as_str().parse(), a.as_str().parse(), b.as_str().parse())
                else {
                    continue;
                };
                if taken_at(m.start()) || taken_at(a.start()) {
                    continue;
                }
                pc_counts.push(m.range());
                out.push(at(
                    Claim::Count {
                        closed,
                        total,
                        percent: Some(percent),
                    },
                    run.at(m.start()),
                ));
            }
        }
        if let Some(caps) = matches(&PERCENT, percent, lower) {
            for cap in caps {
                let (Some(m), Some(p)) = (cap.get(0), cap.get(1)) else {
                    continue;
                };
                if pc_counts.iter().any(|r| r.contains(&m.start())) || taken_at(m.start()) {
                    continue;
                }
                // Already part of a count like "21 / 21 closed (100%)".
                let inside_count = COUNT.find_iter(lower).any(|c| {
                    c.start() <= m.start() && m.end() <= c.end() + 8 && c.as_str().contains('%')
                });
                if inside_count || t[..m.start()].ends_with('(') {
                    continue;
                }
                if let Ok(percent) = p.as_str().parse() {
                    out.push(at(Claim::Percent { percent }, run.at(m.start())));
                }
            }
        }
    }
    let gates = words & GATE_WORD != 0 && gate_said(lower);
    if let Some(caps) = matches(&GATE, gates, lower) {
        for cap in caps {
            let (Some(m), Some(state)) = (cap.get(0), cap.get(1)) else {
                continue;
            };
            let s = sentence(t, m.start());
            if CONDITIONAL.is_match(&lower[s.clone()]) {
                continue;
            }
            let closed = !matches!(state.as_str(), "open" | "reopened");
            out.push(at(
                Claim::GateState {
                    closed,
                    text: t[s].trim().to_string(),
                },
                run.at(m.start()),
            ));
        }
    }
    if let Some(caps) = matches(&RELEASED, h.version, lower) {
        for cap in caps {
            let Some(m) = cap.get(0) else { continue };
            let Some(line) = cap.get(1).or_else(|| cap.get(2)) else {
                continue;
            };
            let s = sentence(t, m.start());
            // "after 20.7 seconds", "after 684.4 ms": a quantity, not a version.
            if CONDITIONAL.is_match(&lower[s]) || unit_follows(&t[line.end()..]) {
                continue;
            }
            out.push(at(
                Claim::Released {
                    line: t[line.range()].to_string(),
                    text: t[m.range()].to_string(),
                    stated: cap.get(2).is_some(),
                },
                run.at(m.start()),
            ));
        }
    }
    if let Some(caps) = matches(&LATEST, h.version, lower) {
        for cap in caps {
            let (Some(m), Some(v)) = (cap.get(0), cap.get(1)) else {
                continue;
            };
            let s = &lower[sentence(t, m.start())];
            if CONDITIONAL.is_match(s) || FUTURE.is_match(s) || RANGE_AFTER.is_match(&t[v.end()..])
            {
                continue;
            }
            out.push(at(
                Claim::LatestRelease {
                    version: t[v.range()].to_string(),
                    text: t[m.range()].to_string(),
                },
                run.at(m.start()),
            ));
        }
    }
    if let Some(caps) = matches(&DATE, h.year, t) {
        for cap in caps {
            let Some(m) = cap.get(0) else { continue };
            let s = &lower[sentence(t, m.start())];
            // Headings date a section ("Current interpretation (February 13, 2026)");
            // in prose only an explicit as-of phrase does.
            let before = &lower[..m.start()];
            // The last 60 bytes or so, cut on a char boundary.
            let mut cut = before.len().saturating_sub(60);
            while !before.is_char_boundary(cut) {
                cut += 1;
            }
            let window = &before[cut..];
            if !(AS_OF.is_match(window) || (heading && AS_OF.is_match(s))) {
                continue;
            }
            let Some(date) = date_of(&cap) else {
                continue;
            };
            out.push(at(
                Claim::AsOf {
                    date,
                    text: m.as_str().to_string(),
                },
                run.at(m.start()),
            ));
        }
    }
}

/// `YYYY-MM-DD` of a [`DATE`] match.
fn date_of(cap: &regex::Captures<'_>) -> Option<String> {
    if let (Some(mon), Some(d), Some(y)) = (cap.get(1), cap.get(2), cap.get(3)) {
        let m_idx = MONTHS.iter().position(|x| *x == mon.as_str()).unwrap_or(0) + 1;
        Some(format!(
            "{}-{:02}-{:02}",
            y.as_str(),
            m_idx,
            d.as_str().parse::<u32>().unwrap_or(0)
        ))
    } else if let (Some(y), Some(mo), Some(d)) = (cap.get(4), cap.get(5), cap.get(6)) {
        Some(format!("{}-{}-{}", y.as_str(), mo.as_str(), d.as_str()))
    } else {
        None
    }
}

/// The first date of `text`, as `YYYY-MM-DD`.
pub(crate) fn first_date(text: &str) -> Option<String> {
    DATE.captures(text).and_then(|c| date_of(&c))
}

/// The first date of `text` that an as-of phrase (`as of`, `snapshot`, `last
/// updated`) leads within 60 bytes: the date of a dated snapshot.
pub(crate) fn as_of_date(text: &str) -> Option<String> {
    DATE.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        let mut cut = m.start().saturating_sub(60);
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        AS_OF
            .is_match(&text[cut..m.start()].to_ascii_lowercase())
            .then(|| date_of(&c))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, heading: bool) -> Vec<Claim> {
        let mut p = Prose::default();
        p.push(text, 0);
        p.lower_case();
        let mut out = Vec::new();
        claims(&p, heading, &[], &mut out);
        out.into_iter().map(|c| c.claim).collect()
    }

    #[test]
    fn keywords_are_found_in_any_case() {
        let lower = "The GATE is Closed; Still Open: 3 (parity-checks)".to_ascii_lowercase();
        assert_eq!(
            keywords(&lower),
            GATE_WORD | CLOSED | STILL_OPEN | PARITY | CHECK
        );
        assert_eq!(keywords("nothing here"), 0);
        let h = hints("v1.0 on 2026-02-13 at 50%, 3 / 4 and 2 Of 3; left: 7", true);
        assert!(h.version && h.year && h.percent && h.count && h.after_colon);
        let h = hints("12.x 123 12345 page-00432.md: x5 %", true);
        assert!(!hints("no digits here: / of %", false).count);
        assert!(!h.version && !h.year && !h.count && !h.after_colon && h.percent);
        assert!(gate_said("the gate \t remains open"));
        assert!(!gate_said("gate closeout; gate\n"));
    }

    proptest::proptest! {
        /// The byte and word tests are necessary: a pattern they refuse
        /// has no match.
        #[test]
        fn pretests_never_refuse_a_match(
            text in "([0-9 \t./%:oOfF(-]|12|2026|1.0|Of| of |gate|GATE|is|was|remains|has been|stays|closed|after |post-|latest release is |still open|remaining|February 3, ){0,24}"
        ) {
            let h = hints(&text, text.bytes().any(|c| c.is_ascii_digit()));
            let lower = text.to_ascii_lowercase();
            proptest::prop_assert!(!COUNT.is_match(&text) || h.count);
            proptest::prop_assert!(!PERCENT.is_match(&text) || h.percent);
            proptest::prop_assert!(!PERCENT_COUNT.is_match(&text) || h.percent);
            proptest::prop_assert!(!REMAINING.is_match(&text) || h.after_colon);
            proptest::prop_assert!(!DATE.is_match(&text) || h.year);
            proptest::prop_assert!(!RELEASED.is_match(&text) || h.version);
            proptest::prop_assert!(!LATEST.is_match(&text) || h.version);
            proptest::prop_assert!(!GATE.is_match(&text) || gate_said(&lower));
        }
    }

    /// Each lowercase pattern with its `(?i)` form.
    static BLIND: LazyLock<Vec<(Regex, &'static Regex)>> = LazyLock::new(|| {
        let mut all: Vec<(Regex, &Regex)> = [
            (COUNT_P, &*COUNT),
            (PERCENT_COUNT_P, &*PERCENT_COUNT),
            (PERCENT_P, &*PERCENT),
            (GATE_P, &*GATE),
            (RELEASED_P, &*RELEASED),
            (LATEST_P, &*LATEST),
            (FUTURE_P, &*FUTURE),
            (AS_OF_P, &*AS_OF),
            (CONDITIONAL_P, &*CONDITIONAL),
        ]
        .into_iter()
        .map(|(p, re)| (ascii(&format!("(?i){p}")), re))
        .collect();
        all.push((re(&format!("(?i){REMAINING_P}")), &*REMAINING));
        all
    });

    /// Every group's range of `re` in `text`.
    fn groups(re: &Regex, text: &str) -> Vec<Vec<Option<std::ops::Range<usize>>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
            .collect()
    }

    proptest::proptest! {
        /// A lowercase pattern over the lowercase copy finds what its
        /// `(?i)` form finds over the text as written, group for group.
        #[test]
        fn lowercase_patterns_match_their_case_blind_form(
            text in "( |\t|\n|é|:|/|%|[(]|[)]|[*]|`|=|-|1|23|2026|0[.]8[.]3|-RC1|[vV]|[pP]ost-|[aA]fter|[tT]he|[lL]atest|[rR]ELEASE|[rR]eleased|[vV]ersion|[cC]urrent|[mM]ost [rR]ecent|[sS]table|[rR]emaining|[sS]till [oO]pen|[cC]hecks?|[pP]arity|[gG]ate|GATE|[iI]s|[wW]as|[hH]as [bB]een|[nN]ow|[cC]losed|CLOSED|[oO]pen|[cC]omplete|[oO]f|[aA]ll|[wW]ill|[pP]lanned|[iI]f|[uU]ntil|[aA]s [oO]f|[sS]napshot|[sS]tatus [oO]n|[lL]ast [uU]pdated|[cC]urrently){0,16}"
        ) {
            let lower = text.to_ascii_lowercase();
            for (blind, re) in BLIND.iter() {
                proptest::prop_assert_eq!(groups(blind, &text), groups(re, &lower), "{}", blind);
            }
        }
    }

    #[test]
    fn a_number_with_a_unit_is_a_quantity_not_a_release() {
        let released = |t: &str| {
            run(t, false)
                .into_iter()
                .filter(|c| matches!(c, Claim::Released { .. }))
                .count()
        };
        assert_eq!(
            released("The red run stopped after 20.7 seconds at the gap."),
            0
        );
        assert_eq!(released("It finished after 684.4 ms of validation."), 0);
        assert_eq!(released("Cached again after 1.5x the time."), 0);
        // The same words with a version are a release claim.
        assert_eq!(released("Behaviour changed after 2.4 shipped."), 1);
        assert_eq!(released("Version 1.2 is now released."), 1);
    }

    #[test]
    fn counts_and_remaining() {
        let c = run(
            "Release-gate checklist completion: 21 / 21 closed (100%)",
            false,
        );
        assert_eq!(
            c,
            [Claim::Count {
                closed: 21,
                total: 21,
                percent: Some(100)
            }]
        );
        let c = run("Remaining release-gate checks: 0", false);
        assert_eq!(c, [Claim::Remaining { open: 0 }]);
        let c = run("1.0 parity checks still open: 2", false);
        assert_eq!(c, [Claim::Remaining { open: 2 }]);
        let c = run("Release-gate checks: 100% closed.", false);
        assert_eq!(c, [Claim::Percent { percent: 100 }]);
        assert_eq!(run("Phase 1/2 of the plan", false), []);
        let c = run("All 20 of its 21 checks are closed", false);
        assert_eq!(
            c,
            [Claim::Count {
                closed: 20,
                total: 21,
                percent: None
            }]
        );
        let c = run("Release-gate checks: 100% closed (20 / 21)", false);
        assert_eq!(
            c,
            [Claim::Count {
                closed: 20,
                total: 21,
                percent: Some(100)
            }]
        );
    }

    #[test]
    fn gate_states_skip_conditionals() {
        assert!(matches!(
            run("The 1.0 release gate is closed.", false).as_slice(),
            [Claim::GateState { closed: true, .. }]
        ));
        assert!(matches!(
            run("The release gate remains open for now.", false).as_slice(),
            [Claim::GateState { closed: false, .. }]
        ));
        assert_eq!(run("Ship only if the gate is closed.", false), []);
    }

    #[test]
    fn latest_release_statements() {
        let latest = |t: &str| -> Vec<String> {
            run(t, false)
                .into_iter()
                .filter_map(|c| match c {
                    Claim::LatestRelease { version, .. } => Some(version),
                    _ => None,
                })
                .collect()
        };
        for (text, v) in [
            ("The latest published release is 0.8.3.", "0.8.3"),
            ("Current release: v0.8.3", "0.8.3"),
            ("The most recent stable version is **1.2**.", "1.2"),
            ("Latest release: `v2.0.0-rc.1`", "2.0.0-rc.1"),
        ] {
            assert_eq!(latest(text), [v], "{text}");
        }
        for text in [
            // Plans, history, conditions and ranges are not what is out now.
            "The latest release will be 1.0.",
            "The next release is 1.0, planned for June.",
            "The latest release was 0.8.3 in May.",
            "0.8.3 was released in May.",
            "If the latest release is 0.8, upgrade first.",
            "The latest release is 0.8.x.",
            "The current release is 0.8.3 or later.",
            "The latest releases are 0.8.3 to 0.9.0.",
            "The latest release is 0.8.3 - 0.9.0 depending on the channel.",
            "Our current version is 0.8.3.",
        ] {
            assert_eq!(latest(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn release_lines() {
        assert!(
            matches!(run("Focus on post-1.0 regression discipline.", false).as_slice(), [Claim::Released { line, stated: false, .. }] if line == "1.0")
        );
        assert!(
            matches!(run("Version 2.1 has been released.", false).as_slice(), [Claim::Released { line, stated: true, .. }] if line == "2.1")
        );
    }

    #[test]
    fn multibyte_text_before_a_date_is_no_panic() {
        // Found by the markdown_claims fuzz target: a window cut inside a char.
        let text = format!("as of {} February 13, 2026", "\u{fffd}".repeat(40));
        let _ = run(&text, false);
        let text = format!("{}February 13, 2026", "é".repeat(31));
        let _ = run(&text, true);
    }

    #[test]
    fn as_of_dates() {
        assert!(
            matches!(run("Current interpretation (February 13, 2026)", true).as_slice(), [Claim::AsOf { date, .. }] if date == "2026-02-13")
        );
        assert!(
            matches!(run("Current baseline (as of February 3, 2026)", false).as_slice(), [Claim::AsOf { date, .. }] if date == "2026-02-03")
        );
        assert_eq!(run("Completed on February 13, 2026.", false), []);
    }
}

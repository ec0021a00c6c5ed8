//! Claims about tracker items' status, in prose and task lists: "`bd-12` is
//! closed", "`bd-3` and `bd-4` remain open", "Done: `bd-7`", a task item
//! `- [x] bd-9 …`. Any token shaped like an issue id is a candidate; the rule
//! keeps those the tracker knows. A status counts only when it is said of the
//! id right there (a verb or punctuation between them, nothing else), so
//! "`bd-12` closed the gap" and "until `bd-12` is closed" are no claims.

use std::sync::LazyLock;

use regex::Regex;

use super::{Claim, ClaimAt, Prose, StatusForm, at};

/// Patterns are ASCII-only but for the dashes: status words are English, and a
/// Unicode class costs more to compile than every run spends matching.
fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

/// The status words, longest first where one starts another.
pub(crate) const STATUS: &str = r"closed|done|completed|complete|finished|resolved|landed|shipped|reopened|open|in[- ]progress|ongoing|pending|not[- ]started|todo|to[- ]do|blocked|deferred|outstanding|unresolved|incomplete";

/// After an id (or a list of them): `is closed`, `remains open`, `: done`,
/// `(closed)`, `— landed`, or a bare word that ends the clause (`bd-1 closed,`).
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i-u)^[\s`*_)\]]*,?(?:(?:(?:\s+(?:is|are|was|were|has\s+been|have\s+been|remains|remain|stays|stay|now|still|already|fully|all|both|also|marked(?:\s+as)?))+\s+(?P<neg>not\s+(?:yet\s+)?|no\s+longer\s+)?(?P<verb>{STATUS})\b)|(?:\s*(?::|(?u:\u{{2014}}|\u{{2013}})|--?)\s*(?P<punct>{STATUS})\b(?:\s*(?:[.,;:)(\[]|$)|\s+(?:-|(?u:\u{{2014}}|\u{{2013}})|(?:in|on|since|as|with|and|but|by|upstream)\b)))|(?:\s*[(\[]\s*(?P<paren>{STATUS})\s*[)\]])|(?:\s+(?P<bare>{STATUS})(?:[.,;)]|$))|(?:\s+(?:has|have)\s+(?:now\s+|already\s+|also\s+)?(?P<has>landed|shipped|completed|finished|closed)(?:[.,;:)]|$|\s+(?:in|on|and|but|as|with|since|upstream|already)\b)))"
    ))
});

/// Before an id list: `Closed: bd-1, bd-2`, `Done — bd-3`, "completed issue
/// `bd-4`", "blocked bead `bd-5`", "the landed `bd-6` overlay".
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i-u)(?:(?:^|[\s(\[*_])(?P<word>{STATUS})[*_]*\s*(?::|(?u:\u{{2014}}|\u{{2013}}))|\b(?P<adj>{STATUS})\s+(?:issues?|beads?|epics?|tasks?|tickets?|items?|bugs?)|\bthe\s+(?P<the>closed|completed|finished|resolved|landed|shipped))[\s*_`\[]*$"
    ))
});

/// A sentence that says a named thing's status: "Core runtime is complete.",
/// "The **Plugin loader** milestone has been closed." The name opens the
/// sentence (after an optional "The"), starts with a capital, and holds no
/// sentence punctuation.
static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u)(?:^|[.!?;:]\s+)(?:[Tt]he\s+)?[*_]{0,2}(?P<name>[A-Z][A-Za-z0-9 ./+#'()&-]{2,80}?)[*_]{0,2}(?:\s+(?:milestone|epic|workstream|phase|track))?\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+|fully\s+|already\s+|still\s+)?(?P<neg>not\s+(?:yet\s+)?)?(?P<verb>done|completed|complete|closed|finished|open|in\s+progress)\b",
    )
});

/// What every [`TITLED`] match ends with: a verb and a status word. Its
/// bounded name (`{2,80}?` over a wide class) is costly to search a run
/// for; this has no such part, and most prose with " is " says no status.
static TITLED_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u)\s(?:is|are|was|were|been)\s+(?:(?:now|fully|already|still)\s+)?(?:not\s+(?:yet\s+)?)?(?:done|completed|complete|closed|finished|open|in\s+progress)\b",
    )
});

/// Words that make a sentence conditional or a question about the future.
pub(crate) static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b(?:if|unless|until|when|whether|once|before|after|should|must|will|would|could|can|may|might|needs?\s+to|to\s+be)\b",
    )
});

/// Words right before an id that make it a reference to another item, not
/// the subject of what is said: "see `bd-4`", "blocked by bd-4", "discovered
/// from bd-4", "split from bd-4", "after bd-4".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b(?:see(?:\s+also)?|cf\.?|blocked\s+by|blocks|blocking|unblocks|depends\s+on|dependency|needs|requires|waiting\s+(?:on|for)|after|before|until|once|related(?:\s+to)?|discovered\s+(?:from|in|by|while)|found\s+(?:in|by|during)|from|parent|child\s+of|follow[- ]?ups?\s+(?:to|of|in|from)|split\s+(?:from|into|out\s+of)|dup(?:licate)?s?(?:\s+of)?|via|per|like|unlike|replaces|replaced\s+by|supersedes|superseded\s+by)\s*[:(\[]?\s*[`*_\[(]*$",
    )
});

/// Whether `before`, the text right before an id, makes it a reference.
pub(crate) fn refers(before: &str) -> bool {
    let mut lo = before.len().saturating_sub(40);
    while !before.is_char_boundary(lo) {
        lo -= 1;
    }
    REFERENCE.is_match(&before[lo..])
}

/// Whether `token` (trimmed of markup) looks like an issue id: letters,
/// digits, `_` and `.` on both sides of a `-`, such as `bd-12`, `genes-5x9c.6`,
/// `haxe_c-xge.19` or `ABC-123`.
pub(crate) fn id_shaped(token: &str) -> bool {
    let b = token.as_bytes();
    let ok = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-');
    let Some(dash) = token.rfind('-') else {
        return false;
    };
    let (head, tail) = (&token[..dash], &token[dash + 1..]);
    (3..=64).contains(&b.len())
        && b.iter().all(ok)
        && b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && !head.is_empty()
        && !head.ends_with(['.', '-'])
        && tail
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphanumeric)
        && !tail.contains("..")
}

/// The candidate ids of `text` with their byte ranges, found from each `-`
/// with a letter or digit on both sides (a vectorized search for the byte):
/// most prose has none, and is not walked char by char.
pub(crate) fn ids(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let is_part = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-');
    let mut out: Vec<(usize, usize)> = Vec::new();
    // The end of the last token read: its other dashes are read with it.
    let mut past = 0;
    for (i, _) in text.match_indices('-') {
        if i < past
            || !(i > 0 && b[i - 1].is_ascii_alphanumeric())
            || !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let mut s = i;
        while s > 0 && is_part(b[s - 1]) {
            s -= 1;
        }
        let mut e = i + 1;
        while e < b.len() && is_part(b[e]) {
            e += 1;
        }
        past = e;
        // A sentence's full stop is not part of the id.
        let t = text[s..e].trim_end_matches(['.', '-']);
        if id_shaped(t) {
            out.push((s, s + t.len()));
        }
    }
    out
}

/// The first id-shaped token of `text`.
pub(crate) fn first_id(text: &str) -> Option<String> {
    ids(text).first().map(|&(s, e)| text[s..e].to_string())
}

/// Between two ids of one list: commas, `and`, `or`, `&`, `/` and markup only.
pub(crate) fn joins(between: &str) -> bool {
    let t = between.trim_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_'));
    let t = t.trim_start_matches(',').trim();
    let t = t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_'));
    matches!(t, "" | "and" | "or" | "&" | "/" | "," | ", and" | ", or")
        || t.strip_prefix(',')
            .is_some_and(|r| matches!(r.trim(), "and" | "or"))
}

/// Where the sentences of `text` end: each `.`, `!`, `?` or `;` followed by
/// a space or the end, found once per run (a search per claim was quadratic
/// on a long run).
pub(crate) fn sentence_ends(text: &str) -> Vec<usize> {
    text.char_indices()
        .filter(|&(k, c)| {
            matches!(c, '.' | '!' | '?' | ';')
                && text[k + 1..].chars().next().is_none_or(char::is_whitespace)
        })
        .map(|(k, _)| k)
        .collect()
}

/// The sentence of `text` around the range `s..e`, by `ends` (from
/// [`sentence_ends`]): from past the last end before `s` to the first end at
/// or after `e`, that end included.
pub(crate) fn sentence(text: &str, ends: &[usize], s: usize, e: usize) -> (usize, usize) {
    let before = ends.partition_point(|&k| k < s);
    let from = before.checked_sub(1).map_or(0, |i| ends[i] + 1);
    let after = ends.partition_point(|&k| k < e);
    let to = ends.get(after).map_or(text.len(), |&k| k + 1);
    // Within `REACH` bytes each way: a run with no full stop is not read
    // whole for every claim in it.
    let mut from = from.max(s.saturating_sub(REACH));
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = to.min(e.saturating_add(REACH)).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    (from, to.max(from))
}

/// How far a claim's sentence is looked for, each way, in bytes.
const REACH: usize = 400;

/// Item-status claims of one prose run; `task` is the box of the task item
/// this run is the text of.
pub(crate) fn prose(run: &Prose, task: Option<bool>, out: &mut Vec<ClaimAt>) {
    let t = run.text.as_str();
    titled(run, out);
    let found = ids(t);
    if found.is_empty() {
        return;
    }
    // Sentence ends, found when a status is first said.
    let mut ends: Option<Vec<usize>> = None;
    // Ids listed together share what is said of them.
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    for id in found {
        match groups.last_mut() {
            Some(g) if g.last().is_some_and(|l| joins(&t[l.1..id.0])) => g.push(id),
            _ => groups.push(vec![id]),
        }
    }
    let mut stated: Vec<usize> = Vec::new();
    for g in &groups {
        let (Some(first), Some(last)) = (g.first(), g.last()) else {
            continue;
        };
        let after = &t[last.1..];
        // What precedes a list is read near it only: the pattern ends at the id.
        let mut lo = first.0.saturating_sub(40);
        while !t.is_char_boundary(lo) {
            lo -= 1;
        }
        let before = &t[lo..first.0];
        let said = AFTER
            .captures(after)
            .and_then(|c| {
                let neg = c.name("neg").map(|n| n.as_str().to_ascii_lowercase());
                ["verb", "punct", "paren", "bare", "has"]
                    .iter()
                    .find_map(|k| c.name(k))
                    .map(|w| status_of(w.as_str(), neg.as_deref()))
            })
            .or_else(|| {
                BEFORE
                    .captures(before)
                    .and_then(|c| ["word", "adj", "the"].iter().find_map(|k| c.name(k)))
                    .map(|w| status_of(w.as_str(), None))
            });
        let Some(Some(status)) = said else {
            continue;
        };
        let ends = ends.get_or_insert_with(|| sentence_ends(t));
        let (s, e) = sentence(t, ends, first.0, last.1);
        let whole = &t[s..e];
        if whole.trim_end().ends_with('?') || CONDITIONAL.is_match(whole) {
            continue;
        }
        for (a, b) in g {
            stated.push(*a);
            out.push(at(
                Claim::ItemStatus {
                    id: t[*a..*b].to_string(),
                    status: status.clone(),
                    form: StatusForm::Stated,
                },
                run.at(*a),
            ));
        }
    }
    // A task item that opens with ids, or names one id anywhere that no
    // reference word leads ("Port the runtime (`bd-12`)"): its box is their
    // status, unless the text says otherwise of them.
    let Some(done) = task else { return };
    let opening = groups.first().filter(|g| {
        g.first().is_some_and(|f| {
            t[..f.0]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_' | '['))
                .is_empty()
        })
    });
    let only = match groups.as_slice() {
        [g] if g.iter().all(|&(a, b)| t[a..b] == t[g[0].0..g[0].1]) && !refers(&t[..g[0].0]) => {
            g.first().map(std::slice::from_ref)
        }
        _ => None,
    };
    if let Some(g) = opening.map(Vec::as_slice).or(only) {
        for (a, b) in g {
            if stated.contains(a) {
                continue;
            }
            out.push(at(
                Claim::ItemStatus {
                    id: t[*a..*b].to_string(),
                    status: if done { "done" } else { "not done" }.to_string(),
                    form: StatusForm::Checkbox,
                },
                run.at(*a),
            ));
        }
    }
}

/// Statuses said of a named subject (a milestone's or an item's title): the
/// rule keeps those whose name is one.
fn titled(run: &Prose, out: &mut Vec<ClaimAt>) {
    let t = run.text.as_str();
    // Cheap tests first: most prose says no status with a verb.
    if !(t.contains(" is ") || t.contains(" are ") || t.contains(" been ") || t.contains(" was "))
        || !TITLED_VERB.is_match(t)
    {
        return;
    }
    let mut ends: Option<Vec<usize>> = None;
    for c in TITLED.captures_iter(t) {
        let (Some(name), Some(verb)) = (c.name("name"), c.name("verb")) else {
            continue;
        };
        let neg = c.name("neg").map(|n| n.as_str().to_ascii_lowercase());
        let Some(status) = status_of(verb.as_str(), neg.as_deref()) else {
            continue;
        };
        let ends = ends.get_or_insert_with(|| sentence_ends(t));
        let (s, e) = sentence(t, ends, name.start(), verb.end());
        let whole = &t[s..e];
        if whole.trim_end().ends_with('?') || CONDITIONAL.is_match(whole) {
            continue;
        }
        let subject = name.as_str().trim();
        // A bare pronoun or article is no name.
        if matches!(
            subject,
            "It" | "This" | "That" | "These" | "Those" | "All" | "Everything"
        ) {
            continue;
        }
        out.push(at(
            Claim::ItemStatus {
                id: subject.to_string(),
                status,
                form: StatusForm::Titled,
            },
            run.at(name.start()),
        ));
    }
}

/// The status as the doc means it: a negation turns it around, and one it
/// cannot turn ("no longer closed") is dropped.
fn status_of(word: &str, neg: Option<&str>) -> Option<String> {
    let w = word.to_ascii_lowercase().replace(['-', '_'], " ");
    match neg.map(str::trim) {
        None => Some(w),
        Some(n) if n.starts_with("no") && n.contains("longer") => match w.as_str() {
            "open" | "in progress" | "pending" | "blocked" | "outstanding" => Some("closed".into()),
            _ => None,
        },
        Some(_) => match w.as_str() {
            "closed" | "done" | "complete" | "completed" | "finished" | "resolved" | "landed"
            | "shipped" => Some(format!("not {w}")),
            _ => None,
        },
    }
}

/// The id a table cell names: the whole cell (markup dropped), or its first
/// word when the cell opens with an id (`bd-12 Fix the parser`).
pub(crate) fn cell_id(cell: &str) -> Option<&str> {
    // An id holds a `-`; most cells hold none.
    memchr::memchr(b'-', cell.as_bytes())?;
    let c = cell.trim().trim_matches(['`', '*', '_', '[', ']']).trim();
    let first = c
        .split(|ch: char| ch.is_whitespace() || matches!(ch, ':' | ',' | '(' | ')' | '`' | ']'))
        .next()?;
    let first = first.trim_end_matches('.');
    id_shaped(first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str, task: Option<bool>) -> Vec<(String, String, StatusForm)> {
        let mut run = Prose::default();
        run.push(text, 0);
        let mut out = Vec::new();
        prose(&run, task, &mut out);
        out.into_iter()
            .filter_map(|c| match c.claim {
                Claim::ItemStatus { id, status, form } => Some((id, status, form)),
                _ => None,
            })
            .collect()
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        said(text, None)
            .into_iter()
            .map(|(i, s, _)| (i, s))
            .collect()
    }

    fn p(id: &str, s: &str) -> (String, String) {
        (id.to_string(), s.to_string())
    }

    #[test]
    fn a_sentence_is_read_near_its_claim_only() {
        // A conditional word 500 bytes back, with no full stop between, is
        // outside the claim's sentence as read; one nearby still counts.
        let far = format!("until {}, `bd-1` is closed", "word ".repeat(100));
        assert_eq!(pairs(&far), [p("bd-1", "closed")]);
        assert_eq!(pairs("until the move, `bd-1` is closed"), []);
        // A long run of statuses: each read, none from the others' words.
        let many: Vec<String> = (0..300).map(|i| format!("`bd-{i}` is closed")).collect();
        assert_eq!(pairs(&many.join(", ")).len(), 300);
        // The titled form, the same way.
        let mut run = Prose::default();
        run.push(&format!("{}: Core runtime is done", "x ".repeat(300)), 0);
        let mut out = Vec::new();
        prose(&run, None, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
    }

    proptest::proptest! {
        /// The verb test is necessary: a run it refuses has no titled status.
        #[test]
        fn titled_needs_its_verb(
            text in "(x|[.] |: |\n)(The |the )?[*]?[A-Z][a-z]{2,6}( [A-Za-z.]{1,5})?[*]?( milestone| phase)?[ \t\n]{1,2}(is|are|was|were|has been|have[ \t]been|Is)[ \t\n]{1,2}(now |fully |yet )?(not (yet )?|no )?(done|completed|complete|closed|finished|open|in progress|in  progress|Done)( |[.]|x|)"
        ) {
            proptest::prop_assert!(!TITLED.is_match(&text) || TITLED_VERB.is_match(&text));
        }
    }

    #[test]
    fn ids_are_shaped_like_issue_ids() {
        for yes in [
            "bd-12",
            "genes-5x9c.6",
            "haxe_c-xge.19.6.3.8",
            "ABC-123",
            "haxe.ruby-bjv",
        ] {
            assert!(id_shaped(yes), "{yes}");
        }
        for no in ["-x", "a-", "x.-y", "12-ab", "ab", "a b-c", "a--", "a-.b"] {
            assert!(!id_shaped(no), "{no}");
        }
    }

    #[test]
    fn statuses_said_of_ids() {
        assert_eq!(pairs("`bd-12` is closed."), [p("bd-12", "closed")]);
        assert_eq!(pairs("The runtime, `bd-1`, is done."), [p("bd-1", "done")]);
        assert_eq!(
            pairs("Both `bd-3` and `bd-4` remain open; see the tracker."),
            [p("bd-3", "open"), p("bd-4", "open")]
        );
        assert_eq!(
            pairs("Done: `bd-7`, `bd-8`."),
            [p("bd-7", "done"), p("bd-8", "done")]
        );
        assert_eq!(
            pairs("The parser (`bd-9`) (landed)."),
            [p("bd-9", "landed")]
        );
        assert_eq!(pairs("`bd-1` — in progress"), [p("bd-1", "in progress")]);
        assert_eq!(pairs("`bd-1` is not yet done."), [p("bd-1", "not done")]);
        assert_eq!(pairs("`bd-1` is no longer open."), [p("bd-1", "closed")]);
        assert_eq!(
            pairs("bd-2 closed, bd-3 open."),
            [p("bd-2", "closed"), p("bd-3", "open")]
        );
        assert_eq!(pairs("`bd-6` has landed."), [p("bd-6", "landed")]);
        assert_eq!(
            pairs("Completed issues `bd-8` and `bd-9` own it."),
            [p("bd-8", "completed"), p("bd-9", "completed")]
        );
        assert_eq!(
            pairs("It is tracked in blocked bead `bd-5`."),
            [p("bd-5", "blocked")]
        );
        assert_eq!(
            pairs("The landed `bd-4` overlay keeps it."),
            [p("bd-4", "landed")]
        );
        assert_eq!(
            pairs("- `bd-1` (closed): document it"),
            [p("bd-1", "closed")]
        );
    }

    #[test]
    fn not_claims() {
        for text in [
            "`bd-12` closed the gap in the parser.",
            "Wait until `bd-12` is closed.",
            "Once `bd-12` is done, release.",
            "Is `bd-12` closed?",
            "`bd-12` will be closed next week.",
            "`bd-12` should be done first.",
            "The well-known open questions are listed.",
            "Track `bd-12` in the tracker.",
            "`bd-12` has closed the gap.",
            "The open `bd-12` questions are listed.",
        ] {
            assert_eq!(pairs(text), [], "{text}");
        }
    }

    #[test]
    fn a_status_word_opening_a_title_is_the_title() {
        // After "`id`:", a status word that stands alone is the status…
        for text in [
            "`bd-1`: closed.",
            "`bd-1`: closed",
            "`bd-1`: closed (duplicate)",
            "`bd-1`: closed in 0.3",
        ] {
            assert_eq!(
                said(text, None),
                [("bd-1".into(), "closed".into(), StatusForm::Stated)],
                "{text}"
            );
        }
        // …one that opens more words is the item's title.
        assert_eq!(
            said("`bd-1`: deferred cache warm-up for the parser.", None),
            []
        );
        assert_eq!(said("`bd-1`: closed-loop retry tuning", None), []);
    }

    #[test]
    fn task_items_opening_with_ids() {
        assert_eq!(
            said("`bd-1`: port the parser", Some(true)),
            [("bd-1".into(), "done".into(), StatusForm::Checkbox)]
        );
        assert_eq!(
            said("**bd-2** port it", Some(false)),
            [("bd-2".into(), "not done".into(), StatusForm::Checkbox)]
        );
        // Said in words, the words win; an id later in the item is not its subject.
        assert_eq!(
            said("`bd-3` is open upstream", Some(true)),
            [("bd-3".into(), "open".into(), StatusForm::Stated)]
        );
        assert_eq!(said("Port the parser (see `bd-4`)", Some(true)), []);
        // The item's only id, anywhere, unless a reference word leads it.
        assert_eq!(
            said("Port the parser (`bd-5`)", Some(false)),
            [("bd-5".into(), "not done".into(), StatusForm::Checkbox)]
        );
        for text in [
            "Fix the flaky test (discovered from `bd-6`)",
            "Write the guide, blocked by bd-6",
            "Port `bd-6` and `bd-7` pieces",
            "Port bd-6, then bd-7",
        ] {
            assert_eq!(said(text, Some(true)), [], "{text}");
        }
    }

    #[test]
    fn cells_name_ids() {
        assert_eq!(cell_id("`bd-12`"), Some("bd-12"));
        assert_eq!(cell_id("bd-12 Fix the parser"), Some("bd-12"));
        assert_eq!(cell_id("[bd-12](https://x/bd-12)"), Some("bd-12"));
        assert_eq!(cell_id("Core runtime"), None);
    }
}

//! How a page presents what it names. "Run `scripts/ci/local.sh`" offers a file
//! of this repository; "a future `docs/FAQ.md`", "the generator writes
//! `config/routes.rb`" or "`-D old_flag` was removed" do not. Each claim carries a
//! [`Mode`] read from the words around it, with the [`Evidence`]: the words and the
//! scope they stand in (the claim's own clause, the lead-in of its list or code
//! block, its table column, a section heading, the page title). Only current
//! claims are checked for existence; the rules give the others the checks that
//! fit them.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// How a claim is presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Offered as part of this repository now: checked.
    #[default]
    Current,
    /// Presented as not existing yet (future, proposed, missing, a requirement).
    Planned,
    /// Presented as gone (removed, deprecated, legacy, renamed).
    Removed,
    /// In a record of the past (an audit, a dated review, an archive).
    Historical,
    /// A user's own project or a placeholder, not this repository.
    Example,
    /// Output a tool writes (generated, build artifacts, ignored by Git).
    Generated,
    /// Another repository (upstream sources, a sibling checkout, an archive).
    External,
}

impl Mode {
    /// Every mode, in order.
    pub const ALL: [Mode; 7] = [
        Mode::Current,
        Mode::Planned,
        Mode::Removed,
        Mode::Historical,
        Mode::Example,
        Mode::Generated,
        Mode::External,
    ];

    /// The name used in reports, allowances and `book.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Current => "current",
            Mode::Planned => "planned",
            Mode::Removed => "removed",
            Mode::Historical => "historical",
            Mode::Example => "example",
            Mode::Generated => "generated",
            Mode::External => "external",
        }
    }

    /// The mode of a name, if it is one.
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// How a claim in this mode is presented, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Mode::Current => "offered as part of this repository",
            Mode::Planned => "presented as not existing yet",
            Mode::Removed => "presented as gone",
            Mode::Historical => "in a record of the past",
            Mode::Example => "a user's own project or a placeholder",
            Mode::Generated => "output a tool writes",
            Mode::External => "in another repository",
        }
    }
}

/// Where the words that set a mode stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The name itself (`<name>`, `my_engine`, `NNNN`).
    Token,
    /// The claim's sentence, list item text or table cell.
    Clause,
    /// The sentence ending in `:` that introduces the claim's list or code block.
    LeadIn,
    /// The header of the claim's table column.
    Column,
    /// A heading above the claim.
    Heading,
    /// The page's title.
    Page,
    /// The repository tree (`.gitignore`, a folder the repository lacks).
    Tree,
    /// A `docket-mode` comment.
    Override,
    /// A glob under `[preprocessor.docket.modes]` in book.toml.
    Config,
}

impl Scope {
    /// How the scope is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Token => "the name",
            Scope::Clause => "its sentence",
            Scope::LeadIn => "the lead-in",
            Scope::Column => "the column header",
            Scope::Heading => "the heading",
            Scope::Page => "the page title",
            Scope::Tree => "the repository",
            Scope::Override => "a docket-mode comment",
            Scope::Config => "book.toml",
        }
    }
}

/// The words that set a claim's mode, and where they are.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Evidence {
    /// The words, as written (a few of them).
    pub words: String,
    /// Where they stand.
    pub scope: Scope,
    /// Byte offset of the words in the page (of the claim, for tree and config
    /// evidence).
    pub offset: usize,
}

impl Evidence {
    /// "`future` in the lead-in", for messages.
    pub fn describe(&self) -> String {
        format!("\"{}\" in {}", self.words, self.scope.name())
    }
}

/// A mode and the evidence for it.
pub type Read = (Mode, Evidence);

// Word lists: each names the words that present something in that mode. They
// are matched whole-word over lowercased ASCII (one lowercase copy per text,
// byte offsets kept), so the patterns compile case-sensitively: small and fast.
const PLANNED: &str = r"future|planned|plans? to|proposed|proposal|proposals|roadmap|todo|to-do|tbd|not yet|will (?:be |also |then )?(?:add|added|create|created|live|land|move|moved|ship|exist|become|provide|split)|to be (?:added|created|written|implemented|built|designed)|should (?:live|exist|be added|be created)|next steps?|open questions?|follow[- ]?ups?|rollout|if needed|eventually|deferred|not implemented|unimplemented|wish ?list|not present|not shipped|does not exist yet";
const REMOVED: &str = r"removed|deleted|dropped|deprecated|legacy|obsolete|retired|superseded|no longer|formerly|former|previously|renamed|rejected|fails? fast|compile error|(?:was|were|has been|have been) replaced";
const EXTERNAL: &str = r"upstream|vendored|third[- ]party|sibling|pinned|inside the archive|in the archive|from the archive|when present|if present|checkout of|other repositor(?:y|ies)|another repository";
const EXAMPLE: &str = r"your|yours|user'?s? (?:own )?(?:app|apps|application|project|projects|code|repository)|users' (?:apps?|projects?)|app-local|application-local|generated apps?|starter apps?|new apps?|existing (?:rails )?apps?|adoption apps?|greenfield|host (?:app|project)|hypothetical|imaginary|such as|for example|e\.g|for instance";
const GENERATED: &str = r"emits?|emitted|emitting|writes|written|writing|generates?|generated|generating|produces?|produced|materiali[sz]e[sd]?|creates?|created|becomes|outputs?|lowering to|lands? (?:in|under)|build artifacts?|artifacts?|copies|copied|regenerated|merges?|merged|into";
/// Words that say outright that a path is in this tree: it is checked
/// whatever else the page says around it ("checked in at `x`").
const PRESENT: &str = r"checked[- ]in|in this repo(?:sitory)?|in the repo(?:sitory)?|committed to (?:the|this) repo(?:sitory)?|in-tree|under version control";
/// Words that place what follows them in another project ("the official
/// `tests/unit`", "the Haxe compiler snapshot, especially `std/cpp`").
const EXTERNAL_BEFORE: &str = r"official|snapshots?|external";
const HISTORICAL: &str = r"historical|history|archived?|audit|audits|retrospective|post-?mortem|changelog|release notes|research|minutes|decision|disposition|review|reviews";
/// Title words of a plan: the whole page describes what is to be built.
const PLAN_TITLE: &str =
    r"prd|product requirements|plan|proposal|rfc|prompt|brief|experiment|roadmap|wishlist";
/// Heading words, per mode.
const HEADING_GENERATED: &str = r"generated|output|outputs|artifacts?";
const HEADING_EXTERNAL: &str =
    r"upstream|third[- ]party|vendored|external|comparative|other projects?";
const HEADING_PLANNED: &str = r"future|planned|proposed|proposal|roadmap|todo|next steps?|open questions?|follow[- ]?ups?|rollout|implementation plan|migration path|ideas|non-goals|wishlist|deferred|not yet";
const HEADING_REMOVED: &str =
    r"removed|deprecated|legacy|obsolete|retired|renamed|migration notes?|breaking changes";
// "History" and "Changelog" head sections about producing them, not records.
const HEADING_HISTORICAL: &str = r"historical|archived?|retrospective|post-?mortem";

/// One whole-word pattern with a group per mode, in `modes` order (the first
/// listed takes a word two lists share).
fn grouped(lists: &[&str]) -> Regex {
    let body: Vec<String> = lists.iter().map(|w| format!("({w})")).collect();
    Regex::new(&format!(r"(?-u)\b(?:{})\b", body.join("|"))).expect("static regex")
}

/// The first match of a grouped pattern in lowercased `lower`: the mode of its
/// group, and the words as written in `text`.
fn first_group(re: &Regex, modes: &[Mode], text: &str, lower: &str) -> Option<(Mode, String)> {
    // Most headings say nothing of a mode: a plain search first, groups after.
    if !re.is_match(lower) {
        return None;
    }
    let caps = re.captures(lower)?;
    modes.iter().enumerate().find_map(|(i, mode)| {
        let m = caps.get(i + 1)?;
        Some((*mode, text.get(m.range()).unwrap_or(m.as_str()).to_string()))
    })
}

const HEADING_MODES: [Mode; 5] = [
    Mode::Removed,
    Mode::Planned,
    Mode::Historical,
    Mode::External,
    Mode::Generated,
];
static REMOVAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i-u)\b(?:{REMOVED})\b")).expect("static regex"));

/// The words of `text` that present something as gone ("Removed legacy
/// define", "deprecated"), if any: for a description the rules read as a
/// claim's own words.
pub fn removal_words(text: &str) -> Option<&str> {
    REMOVAL.find(text).map(|m| m.as_str())
}

static HEADINGS: LazyLock<Regex> = LazyLock::new(|| {
    grouped(&[
        HEADING_REMOVED,
        HEADING_PLANNED,
        HEADING_HISTORICAL,
        HEADING_EXTERNAL,
        HEADING_GENERATED,
    ])
});
const TITLE_MODES: [Mode; 3] = [Mode::Historical, Mode::Historical, Mode::Planned];
static TITLES: LazyLock<Regex> =
    LazyLock::new(|| grouped(&[HISTORICAL, r"\d{4}-\d{2}-\d{2}", PLAN_TITLE]));
/// RFC 2119 words in capitals: a requirement, not a description.
static RE_NORMATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b(?:MUST|SHALL|SHOULD|MAY|REQUIRED)\b").expect("static regex")
});
/// A version or commit in the sentence: it cites another tree at a pin
/// ("official `ruby/rbs` `v4.0.3` `core/set.rbs`").
static RE_PINNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)`v?\d+\.\d+(?:\.\d+)*[A-Za-z0-9.+-]*`|\b[0-9a-f]{40}\b")
        .expect("static regex")
});

/// Compile the patterns every page needs now (see `Project::load_with`); the
/// clause patterns compile when a rule first asks for a claim's clause, which
/// a book whose names all exist never does.
pub fn warm_up() {
    for re in [&HEADINGS, &TITLES, &RE_NORMATIVE] {
        LazyLock::force(re);
    }
}

/// `text` lowercased into a buffer kept per thread (headings come by the
/// thousand; one allocation each showed).
fn with_lower<T>(text: &str, f: impl FnOnce(&str) -> T) -> T {
    thread_local! {
        static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    LOWER.with(|buf| {
        let mut buf = buf.borrow_mut();
        buf.clear();
        buf.push_str(text);
        buf.make_ascii_lowercase();
        f(&buf)
    })
}

/// A mode read from a heading, at `offset`.
pub fn heading(text: &str, offset: usize) -> Option<Read> {
    with_lower(text, |lower| {
        first_group(&HEADINGS, &HEADING_MODES, text, lower)
    })
    .map(|(mode, words)| {
        (
            mode,
            Evidence {
                words,
                scope: Scope::Heading,
                offset,
            },
        )
    })
}

/// A mode read from the page title, at `offset`.
pub fn title(text: &str, offset: usize) -> Option<Read> {
    with_lower(text, |lower| {
        first_group(&TITLES, &TITLE_MODES, text, lower)
    })
    .map(|(mode, words)| {
        (
            mode,
            Evidence {
                words,
                scope: Scope::Page,
                offset,
            },
        )
    })
}

/// A mode read from the lead-in of a list or code block (`Examples of acceptable
/// future defines:`), at `offset`.
pub fn lead_in(text: &str, offset: usize) -> Option<Read> {
    let ev = |r: &std::ops::Range<usize>| Evidence {
        words: text.get(r.clone()).unwrap_or("").to_string(),
        scope: Scope::LeadIn,
        offset,
    };
    // The clause words of the lead-in, whole: removal, then plans (a
    // requirement is as planned as a plan), then other trees and output.
    let cues = Cues::words(text);
    [
        (REMOVED_K, Mode::Removed),
        (PLANNED_K, Mode::Planned),
        (NORMATIVE_K, Mode::Planned),
        (EXTERNAL_K, Mode::External),
        (GENERATED_K, Mode::Generated),
    ]
    .into_iter()
    .find_map(|(k, mode)| cues.hits[k].first().map(|r| (mode, ev(r))))
}

/// A mode read from a table column header, at `offset`.
pub fn column(text: &str, offset: usize) -> Option<Read> {
    heading(text, offset).map(|(m, mut e)| {
        e.scope = Scope::Column;
        (m, e)
    })
}

/// The clause cues of one text (a prose run or a code line), found once: the
/// sentence ends and every cue word with its position. Each claim then reads
/// the cues inside its own sentence by binary search, so many claims in one
/// long run cost a pass over the run, not a pass each.
pub struct Cues {
    ends: Vec<usize>,
    /// Per cue kind (`KINDS` order), the byte ranges of its matches.
    hits: Vec<Vec<std::ops::Range<usize>>>,
}

/// `text` with the bytes inside code spans as spaces (`in_code`: it starts
/// inside one): words in code are names, not cues.
fn masked(text: &str, mut in_code: bool) -> Vec<u8> {
    let mut words = text.as_bytes().to_vec();
    for b in &mut words {
        if *b == b'`' {
            in_code = !in_code;
        } else if in_code {
            *b = b' ';
        }
    }
    words
}

/// A clause is read within this many bytes either side of its name: real
/// sentences are shorter, and a megabyte "sentence" is not a clause.
const WINDOW: usize = 320;

/// Cue kinds, in the order `Cues::hits` holds them. The word kinds are one
/// pattern (`WORDS`, one pass over a run); NORMATIVE, PINNED and ARROW are
/// their own.
const DIRECTION: usize = 0;
const REMOVED_K: usize = 1;
const GENERATED_K: usize = 2;
const PLANNED_K: usize = 3;
const NEW_K: usize = 4;
const EXTERNAL_K: usize = 5;
const EXAMPLE_K: usize = 6;
const EXTERNAL_BEFORE_K: usize = 7;
const PRESENT_K: usize = 8;
const NORMATIVE_K: usize = 9;
const PINNED_K: usize = 10;
const KINDS: usize = 11;
/// A word that says what the name after it is must stand this close to it.
const NEAR_WORDS: usize = 10;
/// Kinds read anywhere in the clause that present a name as not existing yet.
const PLANNED_KINDS: [usize; 3] = [PLANNED_K, NEW_K, NORMATIVE_K];
/// Kinds read anywhere in the clause after presence, in precedence order.
const ELSEWHERE_KINDS: [(usize, Mode); 3] = [
    (EXTERNAL_K, Mode::External),
    (PINNED_K, Mode::External),
    (EXAMPLE_K, Mode::Example),
];

/// Every cue word kind in one pattern, a group per kind (in `Cues::hits`
/// order; where two kinds share a phrase, the earlier group takes it: "renamed
/// to" is a direction, "generated apps" an example). Matched over lowercased text.
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let groups = [
        (
            DIRECTION,
            r"renamed to|replaced by|in favou?r of|superseded by",
        ),
        (PRESENT_K, PRESENT),
        (EXAMPLE_K, EXAMPLE),
        (REMOVED_K, REMOVED),
        (PLANNED_K, PLANNED),
        (EXTERNAL_K, EXTERNAL),
        (EXTERNAL_BEFORE_K, EXTERNAL_BEFORE),
        (GENERATED_K, GENERATED),
    ];
    let body: Vec<String> = groups
        .iter()
        .map(|(k, words)| format!("(?P<k{k}>{words})"))
        .collect();
    Regex::new(&format!(
        r"(?-u)\b(?:{})\b|(?P<k{NEW_K}>\(new\))|(?P<arrow>->)",
        body.join("|")
    ))
    .expect("static regex")
});

impl Cues {
    /// Read a prose run. A `.` ends a sentence only before whitespace or the
    /// end, so "1.0" and `a.b` stay whole. Words inside code spans are names,
    /// not cues (`src-gen/todo/Main.ts` says nothing about plans).
    pub fn new(text: &str) -> Cues {
        Cues::prose(text, false)
    }

    /// Read prose that may start inside a code span (`in_code`).
    fn prose(text: &str, in_code: bool) -> Cues {
        Cues::read(text, &masked(text, in_code), true)
    }

    /// Read only the cue words and capitals of a prose run: what a lead-in
    /// is read for, without the sentence ends, arrows and pins a clause needs.
    fn words(text: &str) -> Cues {
        Cues::read(text, &masked(text, false), false)
    }

    /// Read a line of code: only its comment speaks (`-D old  # legacy alias`).
    pub fn code_line(line: &str) -> Cues {
        let start = line
            .find(" #")
            .or_else(|| line.starts_with('#').then_some(0))
            .or_else(|| line.find("//"))
            .unwrap_or(line.len());
        let mut words = line.as_bytes().to_vec();
        words[..start].fill(b' ');
        Cues::read(line, &words, true)
    }

    /// The cues of `text`, `words` being it with what does not speak masked;
    /// `clause`: also what a clause is read with (sentence ends, arrows, pins).
    fn read(text: &str, words: &[u8], clause: bool) -> Cues {
        let b = text.as_bytes();
        let ends = if clause {
            (0..b.len())
                .filter(|&k| {
                    matches!(b[k], b'.' | b'!' | b'?' | b';')
                        && b.get(k + 1).is_none_or(|c| c.is_ascii_whitespace())
                })
                .collect()
        } else {
            Vec::new()
        };
        // Masking replaced whole bytes with spaces: still UTF-8.
        let masked = std::str::from_utf8(words).unwrap_or(text);
        let mut hits: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); KINDS];
        let names: Vec<Option<usize>> = WORDS
            .capture_names()
            .map(|n| match n {
                Some("arrow") => Some(DIRECTION),
                Some(n) => n.strip_prefix('k').and_then(|k| k.parse().ok()),
                None => None,
            })
            .collect();
        // Lowercase, and a line break read as the space it renders as
        // (vectorized; prose runs seldom hold one).
        let mut lower = masked.to_ascii_lowercase();
        if lower.bytes().any(|c| matches!(c, b'\n' | b'\r' | b'\t')) {
            lower = lower.replace(['\n', '\r', '\t'], " ");
        }
        for caps in WORDS.captures_iter(&lower) {
            if let Some((k, m)) = names
                .iter()
                .enumerate()
                .find_map(|(i, k)| Some(((*k)?, caps.get(i)?)))
            {
                hits[k].push(m.range());
            }
        }
        // The arrow is also written `→`; capitals and pins have their own case.
        if clause {
            for m in masked.match_indices('\u{2192}') {
                hits[DIRECTION].push(m.0..m.0 + m.1.len());
            }
            hits[DIRECTION].sort_by_key(|r| r.start);
        }
        hits[NORMATIVE_K] = RE_NORMATIVE.find_iter(masked).map(|m| m.range()).collect();
        if clause && (text.contains('`') || text.bytes().any(|c| c.is_ascii_hexdigit())) {
            hits[PINNED_K] = RE_PINNED.find_iter(text).map(|m| m.range()).collect();
        }
        Cues { ends, hits }
    }

    /// The byte range of the sentence around `at`, cut to the window.
    fn around(&self, text: &str, at: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let k = self.ends.partition_point(|&e| e < at.start);
        let start = k.checked_sub(1).map_or(0, |k| self.ends[k] + 1);
        let end = self.ends.get(k).copied().unwrap_or(text.len()).max(at.end);
        let lo = start.max(at.start.saturating_sub(WINDOW));
        let hi = end.min(at.end + WINDOW).min(text.len());
        lo..hi.max(lo)
    }

    /// The matches of cue `kind` inside `r`.
    fn within(&self, kind: usize, r: std::ops::Range<usize>) -> &[std::ops::Range<usize>] {
        let h = &self.hits[kind];
        let from = h.partition_point(|m| m.start < r.start);
        let to = h.partition_point(|m| m.end <= r.end).max(from);
        &h[from..to]
    }

    /// The mode the clause around the name at `at` (a byte range of `text`)
    /// sets; `map` turns a byte of `text` into a page offset.
    pub fn clause(
        &self,
        text: &str,
        at: std::ops::Range<usize>,
        map: &dyn Fn(usize) -> usize,
    ) -> Option<Read> {
        let r = self.around(text, &at);
        let (a, b) = (at.start.clamp(r.start, r.end), at.end.clamp(r.start, r.end));
        let ev = |m: &std::ops::Range<usize>| Evidence {
            words: text.get(m.clone()).unwrap_or("").to_string(),
            scope: Scope::Clause,
            offset: map(m.start),
        };
        // Absence is said right before the name ("No `std/c/Export.hx`").
        if let Some(m) = absent_before(text, r.start, a) {
            return Some((Mode::Planned, ev(&m)));
        }
        // A direction word ("renamed to", "->") presents the name before it as
        // gone and the one after it as the replacement, which is current.
        if self.within(DIRECTION, r.start..a).is_empty() {
            let removed = self.within(REMOVED_K, r.clone()).first();
            if let Some(m) = self.within(DIRECTION, b..r.end).first() {
                return Some((Mode::Removed, ev(removed.unwrap_or(m))));
            }
            if let Some(m) = removed {
                return Some((Mode::Removed, ev(m)));
            }
        }
        for kind in PLANNED_KINDS {
            if let Some(m) = self.within(kind, r.clone()).first() {
                return Some((Mode::Planned, ev(m)));
            }
        }
        // Said to be in this tree, right before it: checked, whatever else
        // surrounds it.
        let near = near_start(text, r.start, a);
        if let Some(m) = self.within(PRESENT_K, near..a).last() {
            return Some((Mode::Current, ev(m)));
        }
        for (kind, mode) in ELSEWHERE_KINDS {
            if let Some(m) = self.within(kind, r.clone()).first() {
                return Some((mode, ev(m)));
            }
        }
        // Output is named after the verb that writes it, another project's file
        // after the words that place it there, close before it.
        if let Some(m) = self.within(EXTERNAL_BEFORE_K, near..a).last() {
            return Some((Mode::External, ev(m)));
        }
        self.within(GENERATED_K, near..a)
            .last()
            .map(|m| (Mode::Generated, ev(m)))
    }
}

/// Where the `NEAR_WORDS` words before byte `a` start (not before `from`).
fn near_start(text: &str, from: usize, a: usize) -> usize {
    let b = text.as_bytes();
    let mut words = 0;
    let mut k = a;
    while k > from {
        if b[k - 1].is_ascii_whitespace() && k < a && !b[k].is_ascii_whitespace() {
            words += 1;
            if words == NEAR_WORDS {
                return k;
            }
        }
        k -= 1;
    }
    from
}

/// The word right before byte `a` (markup and `(` skipped) when it says the
/// name after it is absent: "no", "without", "missing", "lacks", "absent".
fn absent_before(text: &str, from: usize, a: usize) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut end = a;
    while end > from && matches!(b[end - 1], b' ' | b'\t' | b'\n' | b'(' | b'*' | b'_') {
        end -= 1;
    }
    let mut start = end;
    while start > from && b[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let word = text.get(start..end)?.to_ascii_lowercase();
    let boundary = start == from || !b[start - 1].is_ascii_alphanumeric();
    (boundary
        && matches!(
            word.as_str(),
            "no" | "without" | "missing" | "lack" | "lacks" | "lacking" | "absent"
        ))
    .then_some(start..end)
}

/// The mode the clause of the claim at `offset` sets, its clause standing in
/// `span` of `page`. Only a window around the claim is read, so a claim in a
/// megabyte paragraph costs what one in a sentence does.
pub fn read_clause(page: &str, span: super::ClauseSpan, offset: usize) -> Option<Read> {
    let (start, end) = (span.start as usize, (span.end as usize).min(page.len()));
    let mut lo = start.max(offset.saturating_sub(2 * WINDOW)).min(end);
    let mut hi = (offset + 2 * WINDOW).min(end).max(lo);
    while lo > 0 && !page.is_char_boundary(lo) {
        lo -= 1;
    }
    while hi < page.len() && !page.is_char_boundary(hi) {
        hi += 1;
    }
    let text = page.get(lo..hi)?;
    let a = offset.checked_sub(lo)?;
    // The name: a code span from its opening backtick, else up to whitespace.
    let rest = text.get(a..)?.as_bytes();
    let len = if rest.first() == Some(&b'`') {
        rest[1..]
            .iter()
            .position(|&c| c == b'`')
            .map_or(rest.len(), |k| k + 2)
    } else {
        rest.iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'`')
            .unwrap_or(rest.len())
    };
    let cues = if span.code {
        Cues::code_line(text)
    } else {
        // Backticks before the window decide whether it starts inside code.
        let before = page.get(start.min(lo)..lo).unwrap_or("");
        let inside = before.bytes().filter(|&c| c == b'`').count() % 2 == 1;
        Cues::prose(text, inside)
    };
    cues.clause(text, a..a + len, &|i| lo + i)
}

/// A mode read from the prose clause `text` around the name at `at`, for one claim.
pub fn clause(
    text: &str,
    at: std::ops::Range<usize>,
    map: &dyn Fn(usize) -> usize,
) -> Option<Read> {
    Cues::new(text).clause(text, at, map)
}

/// A name that is a placeholder: `<package>`, `NNNN`, `my_engine`, `foo`.
pub fn placeholder(name: &str, offset: usize) -> Option<Read> {
    // One pass over the bytes per segment: every claim's name comes here.
    let placeholder = |seg: &[u8]| {
        let starts = |p: &[u8]| seg.len() >= p.len() && seg[..p.len()].eq_ignore_ascii_case(p);
        seg.iter()
            .any(|c| matches!(c, b'<' | b'>' | b'{' | b'}' | b'*' | b'$'))
            || seg.windows(3).any(|w| w == b"NNN" || w == b"XXX")
            || starts(b"my_")
            || starts(b"my-")
            || starts(b"your_")
            || starts(b"your-")
            || [&b"foo"[..], b"bar", b"baz", b"qux", b"placeholder"]
                .iter()
                .any(|w| seg.eq_ignore_ascii_case(w))
    };
    let seg = name
        .as_bytes()
        .split(|c| matches!(c, b'/' | b'.' | b'='))
        .find(|seg| placeholder(seg))
        .and_then(|seg| std::str::from_utf8(seg).ok())?;
    Some((
        Mode::Example,
        Evidence {
            words: seg.to_string(),
            scope: Scope::Token,
            offset,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, token: &str) -> Option<(Mode, String)> {
        let a = text.find(token).expect("token in text");
        clause(text, a..a + token.len(), &|i| i).map(|(m, e)| (m, e.words))
    }

    #[test]
    fn clause_words_set_modes() {
        assert_eq!(
            read("Run `scripts/ci/local.sh` before pushing.", "`scripts"),
            None
        );
        assert_eq!(
            read("The command writes `tmp/x.json` and prints it.", "`tmp"),
            Some((Mode::Generated, "writes".into()))
        );
        // The verb must come before the path: here the file is the subject.
        assert_eq!(read("`src/Gen.hx` generates the parser.", "`src"), None);
        assert_eq!(
            read("A future `docs/specs/x.json` export.", "`docs"),
            Some((Mode::Planned, "future".into()))
        );
        assert_eq!(
            read("No `std/c/Export.hx`, no analyzer.", "`std"),
            Some((Mode::Planned, "No".into()))
        );
        assert_eq!(
            read("The former `native/posix` code was removed.", "`native"),
            Some((Mode::Removed, "former".into()))
        );
        // The replacement of a renamed name is current.
        assert_eq!(
            read("`old_flag` was renamed to `new_flag`.", "`new_flag"),
            None
        );
        assert_eq!(
            read("`old_flag` was renamed to `new_flag`.", "`old_flag"),
            Some((Mode::Removed, "renamed to".into()))
        );
        assert_eq!(
            read(
                "Rails apps keep `config/routes.rb`; your app owns it.",
                "`config"
            ),
            None
        );
        assert_eq!(
            read("Your app keeps `config/routes.rb`.", "`config"),
            Some((Mode::Example, "Your".into()))
        );
    }

    proptest::proptest! {
        /// A lead-in's reading finds the words and capitals a clause's
        /// reading finds.
        #[test]
        fn words_only_reading_finds_the_same_words(
            text in "( |\n|\t|`|[.]|->|\u{2192}|[Rr]emoved|[Ff]uture|MUST|[Uu]pstream|[Gg]enerated|[Yy]our|renamed to|in this repo|official|é|x|a1){0,20}"
        ) {
            let (all, words) = (Cues::new(&text), Cues::words(&text));
            for k in [REMOVED_K, GENERATED_K, PLANNED_K, NEW_K, EXTERNAL_K, EXAMPLE_K, EXTERNAL_BEFORE_K, PRESENT_K, NORMATIVE_K] {
                proptest::prop_assert_eq!(&all.hits[k], &words.hits[k]);
            }
        }
    }

    #[test]
    fn scopes_and_placeholders() {
        assert_eq!(
            lead_in("Examples of acceptable future defines:", 7).map(|(m, e)| (m, e.offset)),
            Some((Mode::Planned, 7))
        );
        assert_eq!(
            lead_in("Aliases MAY be accepted during development:", 0).map(|r| r.0),
            Some(Mode::Planned)
        );
        assert_eq!(lead_in("Run these:", 0), None);
        assert_eq!(heading("Future work", 0).map(|r| r.0), Some(Mode::Planned));
        assert_eq!(heading("Install", 0), None);
        assert_eq!(
            title("Testing-strategy review - 2026-08-01", 0).map(|r| r.0),
            Some(Mode::Historical)
        );
        assert_eq!(
            title("PRD: the compiler", 0).map(|r| r.0),
            Some(Mode::Planned)
        );
        assert_eq!(title("Getting started", 0), None);
        assert!(placeholder("lib/my_engine/x", 0).is_some());
        assert!(placeholder("src/nonreturn_NNNN.c", 0).is_some());
        assert!(placeholder("src/<package>/a.c", 0).is_some());
        assert!(placeholder("scripts/ci/local.sh", 0).is_none());
        for m in Mode::ALL {
            assert_eq!(Mode::from_name(m.name()), Some(m));
        }
    }
}

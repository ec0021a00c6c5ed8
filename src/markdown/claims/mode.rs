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

fn ci(words: &str) -> Regex {
    Regex::new(&format!(r"(?i-u)\b(?:{words})\b")).expect("static regex")
}

// Word lists: each names the words that present something in that mode. They
// are matched whole-word and case-blind, over short texts (a clause, a heading).
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
/// Heading words for sections about output or other repositories.
const HEADING_GENERATED: &str = r"generated|output|outputs|artifacts?";
const HEADING_EXTERNAL: &str =
    r"upstream|third[- ]party|vendored|external|comparative|other projects?";
const HEADING_PLANNED: &str = r"future|planned|proposed|proposal|roadmap|todo|next steps?|open questions?|follow[- ]?ups?|rollout|implementation plan|migration path|ideas|non-goals|wishlist|deferred|not yet";
const HEADING_REMOVED: &str =
    r"removed|deprecated|legacy|obsolete|retired|renamed|migration notes?|breaking changes";
// "History" and "Changelog" head sections about producing them, not records.
const HEADING_HISTORICAL: &str = r"historical|archived?|retrospective|post-?mortem";

static RE_PLANNED: LazyLock<Regex> = LazyLock::new(|| ci(PLANNED));
static RE_REMOVED: LazyLock<Regex> = LazyLock::new(|| ci(REMOVED));
static RE_EXTERNAL: LazyLock<Regex> = LazyLock::new(|| ci(EXTERNAL));
static RE_EXAMPLE: LazyLock<Regex> = LazyLock::new(|| ci(EXAMPLE));
static RE_GENERATED: LazyLock<Regex> = LazyLock::new(|| ci(GENERATED));
static RE_HISTORICAL: LazyLock<Regex> = LazyLock::new(|| ci(HISTORICAL));
static RE_EXTERNAL_BEFORE: LazyLock<Regex> = LazyLock::new(|| ci(EXTERNAL_BEFORE));
static RE_PRESENT: LazyLock<Regex> = LazyLock::new(|| ci(PRESENT));
static RE_PLAN_TITLE: LazyLock<Regex> = LazyLock::new(|| ci(PLAN_TITLE));
static RE_H_GENERATED: LazyLock<Regex> = LazyLock::new(|| ci(HEADING_GENERATED));
static RE_H_EXTERNAL: LazyLock<Regex> = LazyLock::new(|| ci(HEADING_EXTERNAL));
static RE_H_PLANNED: LazyLock<Regex> = LazyLock::new(|| ci(HEADING_PLANNED));
static RE_H_REMOVED: LazyLock<Regex> = LazyLock::new(|| ci(HEADING_REMOVED));
static RE_H_HISTORICAL: LazyLock<Regex> = LazyLock::new(|| ci(HEADING_HISTORICAL));
/// RFC 2119 words in capitals: a requirement, not a description.
static RE_NORMATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b(?:MUST|SHALL|SHOULD|MAY|REQUIRED)\b").expect("static regex")
});
/// Words that make the name after them the replacement, not the removed one.
static RE_DIRECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u:\b(?:renamed to|replaced by|in favou?r of|superseded by)\b)|->|\x{2192}")
        .expect("static regex")
});
/// A version or commit in the sentence: it cites another tree at a pin
/// ("official `ruby/rbs` `v4.0.3` `core/set.rbs`").
static RE_PINNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)`v?\d+\.\d+(?:\.\d+)*[A-Za-z0-9.+-]*`|\b[0-9a-f]{40}\b")
        .expect("static regex")
});
/// "(NEW)" after a name: a deliverable still to write.
static RE_NEW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\(new\)").expect("static regex"));
/// A date in a title: a dated review is a record of that day.
static RE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\b\d{4}-\d{2}-\d{2}\b").expect("static regex"));

/// Compile the patterns now (see `Project::load_with`).
pub fn warm_up() {
    for re in [
        &RE_PLANNED,
        &RE_REMOVED,
        &RE_EXTERNAL,
        &RE_EXAMPLE,
        &RE_GENERATED,
        &RE_HISTORICAL,
        &RE_EXTERNAL_BEFORE,
        &RE_PRESENT,
        &RE_PLAN_TITLE,
        &RE_H_GENERATED,
        &RE_H_EXTERNAL,
        &RE_H_PLANNED,
        &RE_H_REMOVED,
        &RE_H_HISTORICAL,
        &RE_NORMATIVE,
        &RE_DIRECTION,
        &RE_NEW,
        &RE_PINNED,
        &RE_DATE,
    ] {
        LazyLock::force(re);
    }
}

/// The first match of `re` in `text`, as written.
fn find<'t>(re: &Regex, text: &'t str) -> Option<regex::Match<'t>> {
    re.find(text)
}

/// A mode read from a heading, at `offset`.
pub fn heading(text: &str, offset: usize) -> Option<Read> {
    let ev = |m: regex::Match<'_>| Evidence {
        words: m.as_str().to_string(),
        scope: Scope::Heading,
        offset,
    };
    [
        (&RE_H_REMOVED, Mode::Removed),
        (&RE_H_PLANNED, Mode::Planned),
        (&RE_H_HISTORICAL, Mode::Historical),
        (&RE_H_EXTERNAL, Mode::External),
        (&RE_H_GENERATED, Mode::Generated),
    ]
    .into_iter()
    .find_map(|(re, mode)| find(re, text).map(|m| (mode, ev(m))))
}

/// A mode read from the page title, at `offset`.
pub fn title(text: &str, offset: usize) -> Option<Read> {
    let ev = |words: &str| Evidence {
        words: words.to_string(),
        scope: Scope::Page,
        offset,
    };
    if let Some(m) = find(&RE_HISTORICAL, text).or_else(|| find(&RE_DATE, text)) {
        return Some((Mode::Historical, ev(m.as_str())));
    }
    find(&RE_PLAN_TITLE, text).map(|m| (Mode::Planned, ev(m.as_str())))
}

/// A mode read from the lead-in of a list or code block (`Examples of acceptable
/// future defines:`), at `offset`.
pub fn lead_in(text: &str, offset: usize) -> Option<Read> {
    let ev = |m: regex::Match<'_>| Evidence {
        words: m.as_str().to_string(),
        scope: Scope::LeadIn,
        offset,
    };
    [
        (&*RE_REMOVED, Mode::Removed),
        (&*RE_PLANNED, Mode::Planned),
        (&*RE_NORMATIVE, Mode::Planned),
        (&*RE_EXTERNAL, Mode::External),
        (&*RE_GENERATED, Mode::Generated),
    ]
    .into_iter()
    .find_map(|(re, mode)| find(re, text).map(|m| (mode, ev(m))))
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

/// A clause is read within this many bytes either side of its name: real
/// sentences are shorter, and a megabyte "sentence" is not a clause.
const WINDOW: usize = 320;

/// Cue kinds, in the order `Cues::hits` holds them.
const DIRECTION: usize = 0;
const REMOVED_K: usize = 1;
const GENERATED_K: usize = 2;
const EXTERNAL_BEFORE_K: usize = 9;
const PRESENT_K: usize = 10;
/// Kinds matched on the text as written, code spans included (a version pin
/// is a code span); the others skip code spans.
const PINNED_K: usize = 7;
/// A word that says what the name after it is must stand this close to it.
const NEAR_WORDS: usize = 10;
/// Kinds read anywhere in the clause that present a name as not existing yet.
const PLANNED_KINDS: [usize; 3] = [3, 4, 5];
/// Kinds read anywhere in the clause after presence, in precedence order.
const ELSEWHERE_KINDS: [(usize, Mode); 3] = [
    (6, Mode::External),
    (PINNED_K, Mode::External),
    (8, Mode::Example),
];

fn kinds() -> [&'static Regex; 11] {
    [
        &RE_DIRECTION,
        &RE_REMOVED,
        &RE_GENERATED,
        &RE_PLANNED,
        &RE_NEW,
        &RE_NORMATIVE,
        &RE_EXTERNAL,
        &RE_PINNED,
        &RE_EXAMPLE,
        &RE_EXTERNAL_BEFORE,
        &RE_PRESENT,
    ]
}

impl Cues {
    /// Read a prose run. A `.` ends a sentence only before whitespace or the
    /// end, so "1.0" and `a.b` stay whole. Words inside code spans are names,
    /// not cues (`src-gen/todo/Main.ts` says nothing about plans).
    pub fn new(text: &str) -> Cues {
        let mut words = text.as_bytes().to_vec();
        let mut in_code = false;
        for b in &mut words {
            if *b == b'`' {
                in_code = !in_code;
            } else if in_code {
                *b = b' ';
            }
        }
        Cues::read(text, &words)
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
        Cues::read(line, &words)
    }

    fn read(text: &str, words: &[u8]) -> Cues {
        let b = text.as_bytes();
        let ends = (0..b.len())
            .filter(|&k| {
                matches!(b[k], b'.' | b'!' | b'?' | b';')
                    && b.get(k + 1).is_none_or(|c| c.is_ascii_whitespace())
            })
            .collect();
        // Masking replaced whole bytes with spaces: still UTF-8.
        let masked = std::str::from_utf8(words).unwrap_or(text);
        let hits = kinds()
            .iter()
            .enumerate()
            .map(|(k, re)| {
                let on = if k == PINNED_K { text } else { masked };
                re.find_iter(on).map(|m| m.range()).collect()
            })
            .collect();
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

/// A mode read from the clause `text` around the name at `at`, for one claim.
pub fn clause(
    text: &str,
    at: std::ops::Range<usize>,
    map: &dyn Fn(usize) -> usize,
) -> Option<Read> {
    Cues::new(text).clause(text, at, map)
}

/// A name that is a placeholder: `<package>`, `NNNN`, `my_engine`, `foo`.
pub fn placeholder(name: &str, offset: usize) -> Option<Read> {
    let seg = name.split(['/', '.', '=']).find(|seg| {
        let l = seg.to_ascii_lowercase();
        seg.contains(['<', '>', '{', '}', '*', '$'])
            || seg.contains("NNN")
            || seg.contains("XXX")
            || l.starts_with("my_")
            || l.starts_with("my-")
            || l.starts_with("your_")
            || l.starts_with("your-")
            || matches!(l.as_str(), "foo" | "bar" | "baz" | "qux" | "placeholder")
    })?;
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
            Some((Mode::Removed, "renamed".into()))
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

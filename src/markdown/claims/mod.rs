//! Claims: what a page asserts, each with the byte offset where it asserts it.
//!
//! Extraction reads the event list of the page's single parse. Inline text is
//! merged into prose runs (markup dropped, soft breaks as spaces, each byte mapped
//! back to its source offset), so wrapped sentences match as written. Code is read
//! separately: inline code and fenced blocks name defines and commands; prose
//! states counts, gate states, release lines and dates. Doc-kind specific
//! readers live in their own files.

mod code;
pub use code::local_path;
mod defines_reference;
mod items;
pub mod mode;
mod overrides;
mod prose;
mod scopes;
mod tables;
mod tracker;

pub use mode::{Evidence, Mode, Scope};

/// Compile the patterns every page needs now (see `Project::load_with`):
/// the others compile when a run's cheap tests first let one run, which
/// most books never do for most of them.
pub fn warm_up() {
    mode::warm_up();
}

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use serde::Serialize;

/// What extraction needs to know about the project.
#[derive(Debug, Clone, Default)]
pub struct ClaimContext {
    /// Prefixes that make a backticked name a define (`rust_`).
    pub define_prefixes: Vec<String>,
    /// The define whose value selects a profile.
    pub profile_selector: Option<String>,
    /// Whether this page is the defines reference (its list items document defines).
    pub defines_reference: bool,
    /// The source folder relative to the book root (`content`), for rendering
    /// links that leave the book.
    pub src_prefix: String,
    /// The repository the book lives in: a link out of the book to a file of
    /// it points at the file's repository URL; any other stays as written.
    pub repo: Option<std::sync::Arc<crate::core::repo::Repo>>,
    /// Strip scripts, event handlers and `javascript:` URLs from raw HTML.
    pub sanitize: bool,
    /// How the book renders (mdBook's `[output.html]` options).
    pub render: crate::markdown::options::RenderOptions,
    /// Whether a tracker is configured: only then are statuses said of items
    /// in prose read (no rule asks for them otherwise).
    pub item_statuses: bool,
}

impl ClaimContext {
    /// The context the `markdown_claims` fuzz target parses with (every feature
    /// on; sanitizing chosen by the input's first byte), shared with the test
    /// that replays its crashers so a replay sees what the fuzzer saw.
    #[doc(hidden)]
    pub fn for_fuzzing(data: &[u8]) -> ClaimContext {
        ClaimContext {
            define_prefixes: vec!["rust_".into(), "reflaxe_rust_".into()],
            profile_selector: Some("reflaxe_rust_profile".into()),
            defines_reference: true,
            src_prefix: "docs".into(),
            repo: None,
            sanitize: data.first().is_some_and(|b| b % 2 == 0),
            render: Default::default(),
            item_statuses: true,
        }
    }
}

/// One thing a page asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Claim {
    /// A defines-reference entry documents this define.
    DefineDocumented {
        /// Define name.
        name: String,
    },
    /// A define is named (`-D name`, or a backticked name with a project prefix).
    DefineMentioned {
        /// Define name.
        name: String,
        /// Value as written after `=`.
        value: Option<String>,
        /// Written in define syntax (`-D name`): a define claim even when no one
        /// knows the name. A bare backticked name is one only when it is known.
        dash: bool,
    },
    /// A profile is named through the selector (`selector=a|b`).
    ProfileMentioned {
        /// Profile id.
        id: String,
    },
    /// A status table row.
    StatusRow {
        /// First cell.
        title: String,
        /// Status cell, lowercased.
        status: String,
    },
    /// A support table row.
    SupportRow {
        /// First cell.
        feature: String,
        /// Level cell, lowercased.
        level: String,
    },
    /// `N / M closed (P%)` and its plain-language forms.
    Count {
        /// Closed.
        closed: u64,
        /// Total.
        total: u64,
        /// Percent, when stated.
        percent: Option<u64>,
    },
    /// `Remaining … checks: K`, `… still open: K`.
    Remaining {
        /// Open checks.
        open: u64,
    },
    /// A percentage of checks closed stated without counts.
    Percent {
        /// Percent.
        percent: u64,
    },
    /// A command the reader is told to run.
    Command {
        /// Normalised command line.
        text: String,
        /// First word: npm, bash, cargo, make, …
        family: String,
        /// Folder it runs in, from an earlier `cd` in the same code block or `--prefix`.
        cwd: Option<String>,
    },
    /// A backticked repository path (`scripts/ci/local.sh`, `test/snapshot/v1_smoke`).
    RepoPath {
        /// The path as written.
        path: String,
    },
    /// "The release gate is closed/open."
    GateState {
        /// Closed (true) or open.
        closed: bool,
        /// The sentence fragment that says so.
        text: String,
    },
    /// "post-1.0", "after 1.0", "1.0 is released".
    Released {
        /// The release line said to be out.
        line: String,
        /// The fragment that says so.
        text: String,
        /// Whether the fragment states the release is out ("1.0 is
        /// released"), rather than naming a time after it ("post-1.0",
        /// "after 1.0"), which plans and policies do as often as records.
        stated: bool,
    },
    /// "The latest published release is 0.8.3", "current release: v0.8.3":
    /// what is published now, said outright.
    LatestRelease {
        /// The version as written, without a `v`.
        version: String,
        /// The fragment that says so.
        text: String,
    },
    /// `<!-- docket-mode MODE: reason -->`: a maintainer's reading of the next block.
    ModeComment {
        /// The mode as written (valid or not).
        mode: String,
        /// Why.
        reason: String,
        /// How many claims it covers.
        covers: usize,
    },
    /// An absolute path on one machine (`/Users/ana/src/x`, `/home/ana/x`,
    /// `C:\Users\ana\x`), in inline code or as a link target: a path no
    /// reader has.
    LocalPath {
        /// The path as written.
        path: String,
    },
    /// "as of February 13, 2026", "Current interpretation (2026-02-13)".
    AsOf {
        /// `YYYY-MM-DD`.
        date: String,
        /// The fragment that says so.
        text: String,
    },
    /// A status given to a token shaped like a tracker item id (`bd-12 is
    /// closed`, a status cell on its table row, a ticked task item opening with
    /// it). Whether the token is an item is the tracker's to say.
    ItemStatus {
        /// The id as written.
        id: String,
        /// The status as written, lowercased (`closed`, `not done`, `in progress`).
        status: String,
        /// How the page gives it.
        form: StatusForm,
    },
    /// A count of tracker issues closed, said beside tracker words: "55/85
    /// issues closed", "60 of 94 beads closed", "Beads: 64% (60/94)", a
    /// progress bar `[######----] 60/94 tasks`, "12/15 children of `rr-7`
    /// done", "64% of issues are closed".
    TrackerCount {
        /// (closed, total), when stated.
        count: Option<(u64, u64)>,
        /// Percent, when stated.
        percent: Option<u64>,
        /// What is counted.
        subject: CountSubject,
        /// The date of a dated snapshot its sentence or heading gives ("as of
        /// 2026-03-01", `## Status (2026-03-01)`): a record of that day.
        dated: Option<String>,
    },
}

/// What a tracker count counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "of", content = "id")]
pub enum CountSubject {
    /// The tracker's issues: all of them, or those that are not epics.
    Overall,
    /// The children of the epic the sentence names.
    Children(String),
    /// The children of the epic the enclosing heading names, when the tracker
    /// gives it children; else the tracker's issues.
    Under(String),
}

/// How a page gives an item's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusForm {
    /// A status cell on the item's table row.
    Cell,
    /// A status word said of the id in a sentence (`bd-12 is closed`).
    Stated,
    /// A task-list item opening with the id, ticked or not.
    Checkbox,
    /// A `Status: X` line whose next lines in the same paragraph or list name
    /// the ids it is about (`Beads: rr-12, rr-13`): said of them together,
    /// each claim of one line at the status line's offset.
    Section,
    /// A status said of a named subject ("Core runtime is complete"): `id`
    /// holds the name, which counts only when it is a tracker item's or a
    /// workstream's title.
    Titled,
}

/// A claim and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimAt {
    /// What is claimed.
    #[serde(flatten)]
    pub claim: Claim,
    /// Byte offset in the page.
    pub offset: usize,
    /// Inside a GENERATED block (its truth is `generated-stale`'s business).
    pub in_block: bool,
    /// How the page presents it.
    pub mode: Mode,
    /// The words that set a mode other than current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Box<Evidence>>,
    /// The prose run or code block it stands in, numbered within the page:
    /// claims named together are read together.
    #[serde(skip)]
    pub group: u32,
    /// Where its clause is in the page, read only when a rule asks (most claims
    /// name what exists, and never need it): see [`ClaimAt::reading`].
    #[serde(skip)]
    pub clause: Option<ClauseSpan>,
}

/// The source bytes of a claim's prose run or code line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClauseSpan {
    /// First byte (pages are capped far below 4 GiB).
    pub start: u32,
    /// Past the last byte.
    pub end: u32,
    /// A line of code (only its comment speaks), not prose.
    pub code: bool,
}

impl ClaimAt {
    /// How the page presents the claim, with the evidence: its clause's words
    /// (read now, from `page`, the page's text) outrank the scopes around it;
    /// a placeholder in the name, a `docket-mode` comment or a layout it is an
    /// instance of outrank the clause.
    pub fn reading(&self, page: &str) -> (Mode, Option<Evidence>) {
        let fixed = self
            .evidence
            .as_ref()
            .is_some_and(|e| matches!(e.scope, Scope::Token | Scope::Override | Scope::Clause));
        if !fixed
            && let Some(span) = self.clause
            && let Some(read) = mode::read_clause(page, span, self.offset)
        {
            return (read.0, Some(read.1));
        }
        (self.mode, self.evidence.as_deref().cloned())
    }

    /// Whether a name it makes (a define, profile or command) is offered as
    /// usable now. A doc tells its reader to use names in *their* project, so
    /// only a placeholder in the name itself makes it an example; planned,
    /// removed, historical and other repositories' names are not offered.
    pub fn offered_in(&self, page: &str) -> bool {
        let (mode, evidence) = self.reading(page);
        match mode {
            Mode::Current | Mode::Generated => true,
            Mode::Example => evidence.is_none_or(|e| e.scope != Scope::Token),
            Mode::Planned | Mode::Removed | Mode::Historical | Mode::External => false,
        }
    }
}

/// Text with each byte's source offset, kept as one `(text start, source
/// offset)` segment per pushed piece: a map entry per byte cost more than the
/// patterns run over the text.
#[derive(Debug, Default)]
pub(crate) struct Prose {
    pub text: String,
    /// `text` ASCII-lowercased (byte offsets kept), made once when the run
    /// ends ([`Prose::lower_case`]): the case-blind tests all search it.
    pub lower: String,
    /// Whether `text` holds an ASCII digit, found when `lower` is made: most
    /// prose has none, and most patterns need one.
    pub digit: bool,
    segments: Vec<(usize, usize)>,
    /// Where the source's lines end in `text` (soft and hard breaks).
    pub breaks: Vec<usize>,
}

impl Prose {
    pub(crate) fn push(&mut self, s: &str, offset: usize) {
        if s.is_empty() {
            return;
        }
        self.segments.push((self.text.len(), offset));
        self.text.push_str(s);
    }

    fn space(&mut self, offset: usize) {
        self.breaks.push(self.text.len());
        if !self.text.ends_with(' ') && !self.text.is_empty() {
            self.segments.push((self.text.len(), offset));
            self.text.push(' ');
        }
    }

    /// Source offset of byte `i` of the merged text (past the end: its last byte).
    pub fn at(&self, i: usize) -> usize {
        let i = i.min(self.text.len().saturating_sub(1));
        let k = self.segments.partition_point(|s| s.0 <= i);
        match k.checked_sub(1).and_then(|k| self.segments.get(k)) {
            // A space segment maps every byte to its one offset; a text segment
            // maps byte by byte.
            Some(&(start, offset)) => offset + (i - start),
            None => 0,
        }
    }

    /// Fill `lower` and `digit` from `text`: two passes with no early exit,
    /// which vectorize (a search for the first digit did not).
    pub(crate) fn lower_case(&mut self) {
        self.lower.clear();
        self.lower.push_str(&self.text);
        self.lower.make_ascii_lowercase();
        let mut digits = 0u8;
        for c in self.lower.bytes() {
            digits |= u8::from(c.is_ascii_digit());
        }
        self.digit = digits != 0;
    }

    fn clear(&mut self) {
        self.text.clear();
        self.lower.clear();
        self.segments.clear();
        self.breaks.clear();
    }
}

pub(crate) fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

pub(crate) fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Extract every claim of one page from its events.
pub fn extract(
    events: &[(Event<'_>, Range<usize>)],
    src: &str,
    ctx: &ClaimContext,
) -> Vec<ClaimAt> {
    let mut out = Vec::new();
    let mut run = Prose::default();
    let mut in_code: Option<(String, Vec<(String, usize)>)> = None; // (lang, lines)
    let mut heading: Option<(u8, usize)> = None; // (level, offset)
    let mut table = tables::TableReader::default();
    let mut item = defines_reference::ItemReader::default();
    let mut scopes = scopes::Scopes::default();
    // Whether an HTML comment may be a `docket-mode` comment (most pages have none).
    let mut mode_comments = false;
    // A task item's box, until its text has been read.
    let mut task: Option<bool> = None;
    let mut items = ctx.item_statuses.then(ItemState::default);
    for (event, range) in events {
        match event {
            Event::TaskListMarker(done) => {
                flush(
                    &mut run,
                    heading.is_some(),
                    &mut out,
                    &mut scopes,
                    None,
                    items.as_mut(),
                );
                task = Some(*done);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                mode_comments |= h.contains("docket-mode");
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(
                    &mut run,
                    heading.is_some(),
                    &mut out,
                    &mut scopes,
                    task.take(),
                    items.as_mut(),
                );
                scopes.block_started(false, true, false);
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([' ', ',', '{'])
                        .next()
                        .unwrap_or("")
                        .to_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                in_code = Some((lang, Vec::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, lines)) = in_code.take() {
                    let from = out.len();
                    code::block(&lang, &lines, ctx, &mut out);
                    let outer = scopes.outer(true, None);
                    scopes.made(&mut out, from, outer, false);
                    code_clauses(&lines, &mut out[from..]);
                }
                scopes.code_ended();
                scopes.next_group();
            }
            Event::Text(t) if in_code.is_some() => {
                if let Some((_, lines)) = in_code.as_mut() {
                    let mut off = range.start;
                    for line in t.split_inclusive('\n') {
                        lines.push((line.trim_end_matches(['\n', '\r']).to_string(), off));
                        off += line.len();
                    }
                }
            }
            Event::Text(_) => {
                let s = src.get(range.clone()).unwrap_or("");
                run.push(s, range.start);
                table.text(s);
                item.text(s);
            }
            Event::Code(c) => {
                run.push(src.get(range.clone()).unwrap_or(""), range.start);
                table.text(c);
                let from = out.len();
                code::inline(c, range.start, ctx, &mut out);
                if out.len() > from || ctx.defines_reference {
                    let outer = scopes.outer(false, table.column());
                    if ctx.defines_reference {
                        item.code(c, range.start, outer.clone());
                    }
                    scopes.made(&mut out, from, outer, true);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                run.space(range.start);
                table.text(" ");
                item.text(" ");
            }
            Event::Start(tag) if is_inline(tag) => {}
            Event::End(tag) if is_inline_end(tag) => {}
            Event::Start(tag) => {
                flush(
                    &mut run,
                    heading.is_some(),
                    &mut out,
                    &mut scopes,
                    task.take(),
                    items.as_mut(),
                );
                if let Tag::Heading { level, .. } = tag {
                    let level = *level as u8;
                    heading = Some((level, range.start));
                    scopes.heading_started(level);
                } else {
                    scopes.block_started(
                        matches!(tag, Tag::List(_)),
                        false,
                        matches!(tag, Tag::Item),
                    );
                }
                if let Some(state) = items.as_mut() {
                    state.started(tag);
                }
                table.start(tag, range.start);
                item.start(tag);
            }
            Event::End(tag) => {
                if let (TagEnd::Heading(_), Some((level, offset))) = (tag, heading) {
                    // The heading's own claims (a dated heading) read it too.
                    scopes.heading_ended(level, &run.text, offset);
                    flush(&mut run, true, &mut out, &mut scopes, None, items.as_mut());
                    heading = None;
                } else {
                    flush(
                        &mut run,
                        heading.is_some(),
                        &mut out,
                        &mut scopes,
                        task.take(),
                        items.as_mut(),
                    );
                }
                if matches!(tag, TagEnd::List(_)) {
                    scopes.list_ended();
                }
                if let Some(state) = items.as_mut() {
                    state.ended(tag);
                }
                let from = out.len();
                table.end(tag, &mut out);
                if out.len() > from {
                    let outer = scopes.outer(false, None);
                    scopes.made(&mut out, from, outer, false);
                }
                item.end(tag);
            }
            _ => {}
        }
    }
    flush(
        &mut run,
        heading.is_some(),
        &mut out,
        &mut scopes,
        task.take(),
        items.as_mut(),
    );
    if ctx.defines_reference {
        item.emit(&mut out);
    }
    if mode_comments {
        overrides::apply(events, src, &mut out);
    }
    out.sort_by_key(|c| c.offset);
    out
}

/// Claims in code lines are read with their line (`-D old  # removed`), when
/// a rule asks.
fn code_clauses(lines: &[(String, usize)], claims: &mut [ClaimAt]) {
    for c in claims {
        let k = lines.partition_point(|(_, off)| *off <= c.offset);
        if let Some((line, off)) = k.checked_sub(1).and_then(|k| lines.get(k)) {
            c.clause = Some(ClauseSpan {
                start: u32::try_from(*off).unwrap_or(u32::MAX),
                end: u32::try_from(off + line.len()).unwrap_or(u32::MAX),
                code: true,
            });
        }
    }
}

/// What the readers of tracker items carry from one prose run to the next:
/// `None` when no tracker is configured (they are not read).
#[derive(Debug, Default)]
struct ItemState {
    /// A `Status: X` line whose list may still name its ids.
    section: Option<tracker::Section>,
    /// How deep in lists the reader is.
    lists: usize,
}

impl ItemState {
    /// A block starts (after the run before it was flushed): one outside any
    /// list ends the paragraph or list a status line spoke for, but for a
    /// list right after a status paragraph, which lists its ids.
    fn started(&mut self, tag: &Tag<'_>) {
        if self.lists == 0 && !matches!(tag, Tag::Item | Tag::List(_)) {
            self.section = None;
        }
        if matches!(tag, Tag::List(_)) {
            self.lists += 1;
        }
    }

    /// A block ends.
    fn ended(&mut self, tag: &TagEnd) {
        if matches!(tag, TagEnd::List(_)) {
            self.lists = self.lists.saturating_sub(1);
            if self.lists == 0 {
                self.section = None;
            }
        }
    }
}

/// End a prose run; `task` is the box of the task item the run opens, if any.
fn flush(
    run: &mut Prose,
    heading: bool,
    out: &mut Vec<ClaimAt>,
    scopes: &mut scopes::Scopes,
    task: Option<bool>,
    items: Option<&mut ItemState>,
) {
    if !run.text.trim().is_empty() {
        run.lower_case();
        let from = out.len();
        if let Some(state) = items {
            let taken = tracker::counts(run, scopes, out);
            prose::claims(run, heading, &taken, out);
            items::prose(run, task, out);
            tracker::sections(run, &mut state.section, out);
        } else {
            prose::claims(run, heading, &[], out);
        }
        if out.len() > from {
            let outer = scopes.outer(false, None);
            scopes.made(out, from, outer, false);
        }
    }
    scopes.run_ended(run, heading, out);
    run.clear();
}

pub(crate) fn at(claim: Claim, offset: usize) -> ClaimAt {
    ClaimAt {
        claim,
        offset,
        in_block: false,
        mode: Mode::Current,
        evidence: None,
        group: 0,
        clause: None,
    }
}

/// The define name in `name` or `name=value`, when it has one of `prefixes`.
pub(crate) fn prefixed_define<'a>(
    code: &'a str,
    prefixes: &[String],
) -> Option<(&'a str, Option<&'a str>)> {
    let (name, value) = match code.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (code, None),
    };
    // The prefix first: most code names no define.
    let valid = prefixes
        .iter()
        .any(|p| name.starts_with(p.as_str()) && name.len() > p.len())
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_maps_merged_bytes_back_to_the_source() {
        let mut p = Prose::default();
        p.push("ab", 10);
        p.space(13);
        p.space(14); // a second space is dropped
        p.push("cd", 20);
        assert_eq!(p.text, "ab cd");
        let offsets: Vec<usize> = (0..7).map(|i| p.at(i)).collect();
        // Past the end: the last byte's offset.
        assert_eq!(offsets, [10, 11, 13, 20, 21, 21, 21]);
        assert_eq!(Prose::default().at(0), 0);
    }
}

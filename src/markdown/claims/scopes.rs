//! The context a claim is read in, tracked while events stream by: the page
//! title, the heading stack, the lead-in of each open list and of a code block,
//! and the claims of the current prose run, whose clause is known only when the
//! run ends. Each scope's words are read once (a heading when it ends, a lead-in
//! when its list starts), so a long page pays per scope, not per claim.

use super::mode::{self, Mode, Read};
use super::{ClaimAt, Prose};

#[derive(Debug, Default)]
pub(crate) struct Scopes {
    /// The mode the page title sets, once the first heading has ended.
    page: Option<Read>,
    title_seen: bool,
    /// Open headings: level, words, offset, and the mode the words set, read
    /// when a claim under the heading first asks (most headings have none).
    headings: Vec<(u8, String, usize, std::cell::OnceCell<Option<Read>>)>,
    /// Per open heading, the id-shaped token and the date it names, read
    /// when a tracker count under it first asks.
    marks: Vec<std::cell::OnceCell<Marks>>,
    /// The last prose run, when it ended in `:` (it may introduce a list or a
    /// code block): its text and offset.
    lead: Option<(String, usize)>,
    /// Per open list, the mode its lead-in sets.
    lists: Vec<Option<Read>>,
    /// The mode the current code block's lead-in sets.
    code: Option<Read>,
    /// Claims of the current prose run awaiting their clause, by index in the
    /// output.
    pending: Vec<usize>,
    /// The number of the current prose run or code block.
    group: u32,
}

impl Scopes {
    /// The mode the enclosing scopes set, innermost first: a table column, the
    /// lead-in of the code block or list, the headings, the page title.
    pub(crate) fn outer(&self, in_code: bool, column: Option<Read>) -> Option<Read> {
        column
            .or_else(|| in_code.then(|| self.code.clone()).flatten())
            .or_else(|| self.lists.iter().rev().find_map(Clone::clone))
            .or_else(|| {
                self.headings
                    .iter()
                    .rev()
                    .find_map(|(_, text, offset, read)| {
                        read.get_or_init(|| mode::heading(text, *offset)).clone()
                    })
            })
            .or_else(|| self.page.clone())
    }

    /// Give the claims `out[from..]`, just made, the mode of their scopes; those
    /// of a prose run (`in_run`) get their clause when the run ends.
    pub(crate) fn made(
        &mut self,
        out: &mut [ClaimAt],
        from: usize,
        outer: Option<Read>,
        in_run: bool,
    ) {
        for (i, c) in out.iter_mut().enumerate().skip(from) {
            c.group = self.group;
            let token = token(&c.claim);
            let read = token
                .and_then(|t| mode::placeholder(t, c.offset))
                .or_else(|| outer.clone());
            if let Some((m, e)) = read {
                c.mode = m;
                c.evidence = Some(Box::new(e));
            }
            if in_run {
                self.pending.push(i);
            }
        }
    }

    /// A prose run ends: its claims learn where their clause is (read when a
    /// rule asks), and a run ending in `:` may lead into what follows.
    pub(crate) fn run_ended(&mut self, run: &Prose, heading: bool, out: &mut [ClaimAt]) {
        if run.text.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            let span = super::ClauseSpan {
                start: u32::try_from(run.at(0)).unwrap_or(u32::MAX),
                end: u32::try_from(run.at(run.text.len() - 1) + 1).unwrap_or(u32::MAX),
                code: false,
            };
            for i in &pending {
                if let Some(c) = out.get_mut(*i) {
                    c.clause = Some(span);
                }
            }
        }
        // A run that writes a layout with placeholders (`src/<pkg>/package.c`)
        // describes output; a concrete path beside it under the same folder
        // (`src/packages/package.c`) is an instance of that layout. Most runs
        // made no claim: nothing to look at.
        let layouts: Vec<(String, String, usize)> = if pending.is_empty() {
            Vec::new()
        } else {
            pending
                .iter()
                .filter_map(|i| out.get(*i))
                .filter(|c| is_token(c))
                .filter_map(|c| match &c.claim {
                    super::Claim::RepoPath { path } => Some((
                        path.split('/').next().unwrap_or("").to_string(),
                        path.clone(),
                        c.offset,
                    )),
                    _ => None,
                })
                .collect()
        };
        if !layouts.is_empty() {
            for i in &pending {
                let Some(c) = out.get_mut(*i) else { continue };
                let super::Claim::RepoPath { path } = &c.claim else {
                    continue;
                };
                let top = path.split('/').next().unwrap_or("");
                if c.mode != Mode::Current || !path.contains('/') {
                    continue;
                }
                if let Some((_, layout, offset)) = layouts.iter().find(|(t, _, _)| t == top) {
                    c.mode = Mode::Example;
                    c.evidence = Some(Box::new(mode::Evidence {
                        words: layout.clone(),
                        scope: mode::Scope::Clause,
                        offset: *offset,
                    }));
                }
            }
        }
        if !heading && !run.text.trim().is_empty() {
            let t = run.text.trim_end();
            self.lead = t.ends_with(':').then(|| (t.to_string(), run.at(0)));
        }
        if !pending.is_empty() {
            self.next_group();
        }
        // The list is kept, emptied, for the next run (no allocation per run).
        self.pending = pending;
        self.pending.clear();
    }

    /// Claims made from now on stand in a new run or block.
    pub(crate) fn next_group(&mut self) {
        self.group = self.group.wrapping_add(1);
    }

    /// A block starts (after the run before it ended).
    pub(crate) fn block_started(&mut self, list: bool, code: bool, item: bool) {
        if list {
            let read = self.lead.take().and_then(|(t, o)| mode::lead_in(&t, o));
            self.lists.push(read);
        } else if code {
            self.code = self.lead.take().and_then(|(t, o)| mode::lead_in(&t, o));
        } else if !item {
            self.lead = None;
        }
    }

    /// A list ends.
    pub(crate) fn list_ended(&mut self) {
        self.lists.pop();
    }

    /// A code block ends.
    pub(crate) fn code_ended(&mut self) {
        self.code = None;
    }

    /// A heading of `level` starts: deeper or equal headings are closed.
    pub(crate) fn heading_started(&mut self, level: u8) {
        self.headings.retain(|(l, ..)| *l < level);
        self.marks.truncate(self.headings.len());
        self.lead = None;
    }

    /// A heading of `level` with `text` at `offset` ended.
    pub(crate) fn heading_ended(&mut self, level: u8, text: &str, offset: usize) {
        // The title's words speak for the whole page, as the page's.
        if self.title_seen {
            self.headings
                .push((level, text.to_string(), offset, std::cell::OnceCell::new()));
        } else {
            self.title_seen = true;
            self.page = mode::title(text, offset);
            let read = std::cell::OnceCell::new();
            let _ = read.set(None);
            self.headings.push((level, text.to_string(), offset, read));
        }
        self.marks.push(std::cell::OnceCell::new());
    }

    /// The id-shaped token and the date the enclosing headings name, the
    /// innermost that names one of each.
    pub(crate) fn heading_marks(&self) -> (Option<String>, Option<String>) {
        let (mut id, mut date) = (None, None);
        for ((_, text, ..), marks) in self.headings.iter().zip(&self.marks).rev() {
            let m = marks.get_or_init(|| Marks {
                id: super::items::first_id(text),
                date: super::prose::first_date(text),
            });
            id = id.or_else(|| m.id.clone());
            date = date.or_else(|| m.date.clone());
        }
        (id, date)
    }
}

/// What a heading names, for the tracker counts under it.
#[derive(Debug)]
pub(crate) struct Marks {
    id: Option<String>,
    date: Option<String>,
}

/// Whether a claim's mode comes from a placeholder in its own name.
fn is_token(c: &ClaimAt) -> bool {
    c.evidence
        .as_ref()
        .is_some_and(|e| e.scope == mode::Scope::Token)
}

/// The name a claim is about, when a placeholder there makes it an example.
fn token(c: &super::Claim) -> Option<&str> {
    use super::Claim;
    match c {
        Claim::RepoPath { path } => Some(path),
        Claim::DefineMentioned { name, .. } | Claim::DefineDocumented { name } => Some(name),
        Claim::ProfileMentioned { id } => Some(id),
        Claim::Command { .. }
        | Claim::StatusRow { .. }
        | Claim::SupportRow { .. }
        | Claim::Count { .. }
        | Claim::Remaining { .. }
        | Claim::Percent { .. }
        | Claim::GateState { .. }
        | Claim::Released { .. }
        | Claim::LatestRelease { .. }
        | Claim::AsOf { .. }
        | Claim::LocalPath { .. }
        | Claim::ItemStatus { .. }
        | Claim::TrackerCount { .. }
        | Claim::ModeComment { .. } => None,
    }
}

//! Stage: generated blocks. Finds `<!-- GENERATED:name:start -->` …
//! `<!-- GENERATED:name:end -->` pairs, renders each block's template from the
//! manifest, and splices the result between the markers.
//!
//! Splicing touches only the bytes between the end of the start-marker line and
//! the start of the end-marker line, so everything else in the file (BOM, line
//! endings, trailing newline) is kept byte for byte. Malformed markers are errors
//! that stop the run before anything is written.
//!
//! Only docket's own blocks are rendered: a block another tool writes (its name
//! is no template of docket's, the manifest's `docs` entry for its page leaves
//! it out, or a note says who writes it; see [`whose`] and [`owner`]) is left
//! byte for byte as it is.

mod owner;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use minijinja::Environment;
use serde::Serialize;

use crate::check::project::Project;
use crate::input::manifest::{GateChecks, Manifest};
use crate::markdown::{Doc, MarkerKind};

/// One well-formed block in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockSpan {
    /// Block name.
    pub name: String,
    /// The start-marker line, with its line ending.
    pub start: Range<usize>,
    /// The end-marker line, with its line ending.
    pub end: Range<usize>,
}

impl BlockSpan {
    /// The bytes between the two marker lines.
    pub fn content(&self) -> Range<usize> {
        self.start.end..self.end.start
    }
}

/// A marker problem, at a position. Any one stops the run (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// File relative to the book root.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for MarkerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

/// Why blocks could not be planned; exit 2.
#[derive(Debug, thiserror::Error)]
pub enum BlocksError {
    /// Malformed or missing markers.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Markers(Vec<MarkerError>),
    /// A block template failed.
    #[error("block template `{name}`: {message}; fix templates/blocks/{name}.md")]
    Template {
        /// Block name.
        name: String,
        /// minijinja's message.
        message: String,
    },
}

/// Pair up a page's markers. `path` is only used in messages.
/// A block name as errors show it: a name of a megabyte is cut, not echoed.
fn shown(name: &str) -> String {
    cut(name, 60)
}

/// `text` cut after `max` chars.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

pub fn find(doc: &Doc, text: &str, path: &str) -> Result<Vec<BlockSpan>, Vec<MarkerError>> {
    let mut errors = Vec::new();
    let mut spans = Vec::new();
    let mut open: Option<(&str, Range<usize>)> = None;
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let err = |offset: usize, message: String| {
        let (line, col) = doc.source_map.line_col(text, offset);
        MarkerError {
            path: path.to_string(),
            line,
            col,
            message,
        }
    };
    for m in &doc.markers {
        if !m.alone {
            errors.push(err(m.line.start, format!("marker for block `{}` shares its line with other text; put each GENERATED marker on a line of its own", shown(&m.name))));
            continue;
        }
        match (m.kind, &open) {
            (MarkerKind::Start, Some((outer, _))) => {
                errors.push(err(m.line.start, format!("block `{}` starts inside block `{}`; blocks cannot nest, so close `{}` first", shown(&m.name), shown(outer), shown(outer))));
            }
            (MarkerKind::Start, None) => {
                if let Some(first) = seen.get(m.name.as_str()) {
                    let (l, _) = doc.source_map.line_col(text, *first);
                    errors.push(err(
                        m.line.start,
                        format!(
                            "block `{}` appears twice in this file (first at line {l}); keep one",
                            shown(&m.name)
                        ),
                    ));
                } else {
                    seen.insert(&m.name, m.line.start);
                }
                open = Some((&m.name, m.line.clone()));
            }
            (MarkerKind::End, None) => {
                errors.push(err(m.line.start, format!("end marker for block `{}` has no start marker; add `<!-- GENERATED:{}:start -->` above it or remove it", shown(&m.name), shown(&m.name))));
            }
            (MarkerKind::End, Some((name, start))) => {
                if *name == m.name {
                    spans.push(BlockSpan {
                        name: m.name.clone(),
                        start: start.clone(),
                        end: m.line.clone(),
                    });
                } else {
                    errors.push(err(
                        m.line.start,
                        format!(
                            "end marker for block `{}` closes block `{}`; the names must match",
                            shown(&m.name),
                            shown(name)
                        ),
                    ));
                }
                open = None;
            }
        }
    }
    if let Some((name, start)) = open {
        errors.push(err(start.start, format!("block `{}` is never closed; add `<!-- GENERATED:{}:end -->` on its own line after the block", shown(name), shown(name))));
    }
    if errors.is_empty() {
        Ok(spans)
    } else {
        Err(errors)
    }
}

/// Replace each block's content with `rendered[name]`, in the line ending of its
/// start marker. Blocks without a rendering are left as they are. Pure.
pub fn splice(text: &str, spans: &[BlockSpan], rendered: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for span in spans {
        let Some(body) = rendered.get(&span.name) else {
            continue;
        };
        let content = span.content();
        out.push_str(&text[pos..content.start]);
        let crlf = text[span.start.clone()].ends_with("\r\n");
        out.push_str(&normalize(body, crlf));
        pos = content.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// One newline-terminated text in the requested line ending; empty stays empty.
fn normalize(body: &str, crlf: bool) -> String {
    let trimmed = body.trim_end_matches(['\n', '\r', ' ', '\t']);
    if trimmed.is_empty() {
        return String::new();
    }
    let lf: String = trimmed.replace("\r\n", "\n");
    let mut s = if crlf { lf.replace('\n', "\r\n") } else { lf };
    s.push_str(if crlf { "\r\n" } else { "\n" });
    s
}

#[derive(Serialize)]
struct BlockContext<'a> {
    #[serde(flatten)]
    manifest: &'a Manifest,
    gate: Option<&'a crate::input::manifest::Gate>,
    profile_selector: Option<&'a str>,
    gate_percent: u64,
    gate_remaining: u64,
}

/// Percent of `checks` closed, rounded down so 100% is only claimed when all are.
pub fn percent(checks: GateChecks) -> u64 {
    (checks.closed.min(checks.total).saturating_mul(100))
        .checked_div(checks.total)
        .unwrap_or(100)
}

/// Compiled block templates.
pub struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    /// Compile `templates` (name → Markdown template source).
    pub fn new(templates: &BTreeMap<String, String>) -> Result<Renderer, BlocksError> {
        let mut env = Environment::new();
        env.set_fuel(Some(crate::input::assets::TEMPLATE_FUEL));
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.add_filter("cell", |s: String| {
            s.replace('|', "\\|").replace(['\n', '\r'], " ")
        });
        for (name, source) in templates {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|e| BlocksError::Template {
                    name: name.clone(),
                    message: format!("{e:#}"),
                })?;
        }
        Ok(Renderer { env })
    }

    /// Render block `name` from `manifest`.
    pub fn render(&self, name: &str, manifest: &Manifest) -> Result<String, BlocksError> {
        let gate = manifest.release.gate.as_ref();
        let checks = gate.and_then(|g| g.checks);
        let ctx = BlockContext {
            manifest,
            gate,
            profile_selector: manifest.profile_selector.as_deref(),
            gate_percent: checks.map_or(0, percent),
            gate_remaining: checks.map_or(0, |c| c.total.saturating_sub(c.closed)),
        };
        let t = self
            .env
            .get_template(name)
            .map_err(|e| BlocksError::Template {
                name: name.into(),
                message: e.to_string(),
            })?;
        t.render(minijinja::value::Serde(&ctx))
            .map_err(|e| BlocksError::Template {
                name: name.into(),
                message: format!("{e:#}"),
            })
    }
}

/// A block whose content differs from what its template renders.
#[derive(Debug, Clone)]
pub struct StaleBlock {
    /// Block name.
    pub name: String,
    /// 1-based line of the start marker.
    pub line: usize,
    /// Current content.
    pub old: String,
    /// Rendered content.
    pub new: String,
}

/// What `sync` would do to one page.
#[derive(Debug, Clone)]
pub struct PagePlan {
    /// Index into `project.book.pages`.
    pub page: usize,
    /// Blocks found.
    pub spans: Vec<BlockSpan>,
    /// Blocks that differ from their rendering.
    pub stale: Vec<StaleBlock>,
    /// The page's text with every block refreshed (equal to the old text when none is stale).
    pub new_text: String,
}

/// A block with a docket name that another tool writes: never rendered.
#[derive(Debug, Clone)]
pub struct ForeignBlock {
    /// Index into `project.book.pages`.
    pub page: usize,
    /// Where it is.
    pub span: BlockSpan,
    /// The note that says who writes it (empty when the manifest's `docs`
    /// entry for the page leaves it out).
    pub note: String,
}

/// Blocks of every page, checked and rendered; nothing is written.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Pages with at least one block of docket's, in page order.
    pub pages: Vec<PagePlan>,
    /// Markers naming no block docket knows (another tool's, or a typo), one
    /// per page and name, and blocks another tool writes: warnings, never errors.
    pub foreign: Vec<MarkerError>,
    /// Blocks named as docket's blocks are that another tool writes.
    pub foreign_blocks: Vec<ForeignBlock>,
}

impl Plan {
    /// Whether any block is stale.
    pub fn is_stale(&self) -> bool {
        self.pages.iter().any(|p| !p.stale.is_empty())
    }

    /// Whether byte `offset` of page `page` lies inside one of docket's own
    /// blocks (whose truth is `generated-stale`'s business).
    pub fn owns(&self, page: usize, offset: usize) -> bool {
        self.pages
            .iter()
            .find(|p| p.page == page)
            .is_some_and(|p| p.spans.iter().any(|s| s.content().contains(&offset)))
    }
}

/// Why a block with a docket name is another tool's.
enum Foreign {
    /// A note near it names another generator.
    Note(owner::Note),
    /// The manifest describes its page and does not list it under `blocks`.
    Unlisted,
}

/// Whose block `span` of the page at `path` (relative to the source folder)
/// is; `None`: docket's. The manifest's `docs` entry for a page records which
/// of its blocks docket owns: a block listed there is docket's whatever its
/// text says (a maintainer adopted it), one left out is not (`init` lists only
/// blocks docket reproduces). Where the manifest says nothing of the page, a
/// block is docket's unless a note near it names another generator. An empty
/// block, one that already holds docket's rendering and one whose note names
/// docket are docket's.
fn whose(
    project: &Project,
    path: &str,
    text: &str,
    span: &BlockSpan,
    rendered: Option<&str>,
) -> Option<Foreign> {
    let entry = project
        .manifest
        .as_ref()
        .and_then(|m| m.manifest.docs.iter().find(|e| e.path == path));
    if entry.is_some_and(|e| e.blocks.contains(&span.name)) {
        return None;
    }
    let content = text.get(span.content()).unwrap_or("");
    let crlf = text
        .get(span.start.clone())
        .is_some_and(|l| l.ends_with("\r\n"));
    if content.trim().is_empty() || rendered.is_some_and(|r| normalize(r, crlf) == content) {
        return None;
    }
    if let Some(n) = owner::note(text, span) {
        if owner::names_other(&n, rendered) {
            return Some(Foreign::Note(n));
        }
        if owner::names_docket(&n, rendered) {
            return None;
        }
    }
    entry.map(|_| Foreign::Unlisted)
}

/// Page `page`'s blocks `all`, docket's kept and another tool's recorded in
/// `foreign` and `foreign_blocks`.
fn split_owned(
    project: &Project,
    page: usize,
    all: &[BlockSpan],
    rendered: Option<&BTreeMap<String, String>>,
    foreign: &mut Vec<MarkerError>,
    foreign_blocks: &mut Vec<ForeignBlock>,
) -> Vec<BlockSpan> {
    let p = &project.book.pages[page];
    let doc = &project.docs[page];
    let mut own = Vec::new();
    for s in all {
        let r = rendered.and_then(|r| r.get(&s.name)).map(String::as_str);
        let Some(why) = whose(project, &p.path, &p.text, s, r) else {
            own.push(s.clone());
            continue;
        };
        let (line, col) = doc.source_map.line_col(&p.text, s.start.start);
        let adopt = format!(
            "To hand it to docket, list it under `blocks` in the manifest's `docs` entry for `{1}` (`- path: {1}` with `blocks: [{0}]`) and run `docket sync`",
            shown(&s.name),
            p.path
        );
        let (message, note) = match why {
            Foreign::Note(n) => {
                let (nl, _) = doc.source_map.line_col(&p.text, n.offset);
                (
                    format!(
                        "block `{}` is written by another tool (line {nl}: \"{}\"); docket leaves it alone. {adopt}",
                        shown(&s.name),
                        cut(&n.text, 160)
                    ),
                    n.text,
                )
            }
            Foreign::Unlisted => (
                format!(
                    "block `{}` is not docket's: the manifest's `docs` entry for `{}` does not list it under `blocks`, and it differs from what docket renders; docket leaves it alone. {adopt}",
                    shown(&s.name),
                    p.path
                ),
                String::new(),
            ),
        };
        foreign.push(MarkerError {
            path: project.src_rel(&p.path),
            line,
            col,
            message,
        });
        foreign_blocks.push(ForeignBlock {
            page,
            span: s.clone(),
            note,
        });
    }
    own
}

/// Find, check and render every block of the book.
///
/// Errors (exit 2): malformed markers, unknown block names, and blocks the
/// manifest's doc set requires but a page lacks. Without a manifest, blocks are
/// checked for shape only: there is no truth to render them from.
pub fn plan(project: &Project) -> Result<Plan, BlocksError> {
    let known: BTreeSet<&str> = project.block_templates.keys().map(String::as_str).collect();
    let mut errors = Vec::new();
    let mut foreign: Vec<MarkerError> = Vec::new();
    let mut found: Vec<(usize, Vec<BlockSpan>)> = Vec::new();
    for (i, (page, doc)) in project.book.pages.iter().zip(&project.docs).enumerate() {
        let path = project.src_rel(&page.path);
        // Markers naming no block docket knows belong to another tool (or are
        // a typo the manifest check names): they never stop a build, and
        // docket leaves what is between them alone.
        let mut named = BTreeSet::new();
        for m in doc
            .markers
            .iter()
            .filter(|m| !known.contains(m.name.as_str()))
        {
            if named.insert(m.name.as_str()) {
                let (line, col) = doc.source_map.line_col(&page.text, m.line.start);
                foreign.push(MarkerError {
                    path: path.clone(),
                    line,
                    col,
                    message: format!(
                        "`GENERATED:{}` is not a docket block (known: {}); docket leaves it alone (a project can add templates/blocks/{}.md)",
                        shown(&m.name),
                        known.iter().copied().collect::<Vec<_>>().join(", "),
                        shown(&m.name)
                    ),
                });
            }
        }
        let own;
        let doc = if named.is_empty() {
            doc
        } else {
            let mut d = doc.clone();
            d.markers.retain(|m| known.contains(m.name.as_str()));
            own = d;
            &own
        };
        match find(doc, &page.text, &path) {
            Err(mut e) => errors.append(&mut e),
            Ok(spans) => {
                if !spans.is_empty() {
                    found.push((i, spans));
                }
            }
        }
    }
    if let Some(m) = &project.manifest {
        // By path and by page: a manifest may list as many docs as the book
        // has pages, and a search per entry would be their product.
        let page_of: HashMap<&str, usize> = project
            .book
            .pages
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        let spans_of: HashMap<usize, &Vec<BlockSpan>> =
            found.iter().map(|(i, spans)| (*i, spans)).collect();
        for (di, entry) in m.manifest.docs.iter().enumerate() {
            let Some(&pi) = page_of.get(entry.path.as_str()) else {
                continue; // a missing page is the doc-missing rule's finding
            };
            for (bi, block) in entry.blocks.iter().enumerate() {
                let has = spans_of
                    .get(&pi)
                    .is_some_and(|spans| spans.iter().any(|s| &s.name == block));
                if !has {
                    let (line, col) = m.index.node(&format!("/docs/{di}/blocks/{bi}"));
                    errors.push(MarkerError {
                        path: m.display_path.clone(),
                        line,
                        col,
                        message: format!(
                            "the manifest requires block `{block}` in `{}`, which has none; add `<!-- GENERATED:{block}:start -->` and `<!-- GENERATED:{block}:end -->` lines there and run `docket sync`",
                            entry.path
                        ),
                    });
                }
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        return Err(BlocksError::Markers(errors));
    }
    let mut foreign_blocks = Vec::new();
    let Some(m) = &project.manifest else {
        let mut pages = Vec::new();
        for (page, all) in found {
            let spans = split_owned(project, page, &all, None, &mut foreign, &mut foreign_blocks);
            if !spans.is_empty() {
                pages.push(PagePlan {
                    page,
                    spans,
                    stale: Vec::new(),
                    new_text: project.book.pages[page].text.clone(),
                });
            }
        }
        return Ok(Plan {
            pages,
            foreign,
            foreign_blocks,
        });
    };
    let renderer = Renderer::new(&project.block_templates)?;
    let mut rendered = BTreeMap::new();
    for (_, spans) in &found {
        for s in spans {
            if !rendered.contains_key(&s.name) {
                rendered.insert(s.name.clone(), renderer.render(&s.name, &m.manifest)?);
            }
        }
    }
    let mut pages = Vec::new();
    for (page, all) in found {
        let text = &project.book.pages[page].text;
        let doc = &project.docs[page];
        // Another tool's blocks keep their bytes: only docket's are spliced.
        let spans = split_owned(
            project,
            page,
            &all,
            Some(&rendered),
            &mut foreign,
            &mut foreign_blocks,
        );
        if spans.is_empty() {
            continue;
        }
        let new_text = splice(text, &spans, &rendered);
        // A rendering that opens a code fence (say) would swallow its own end
        // marker and break the next sync: refuse it instead of writing it.
        // (A page the rendering leaves as it is keeps them: it was just read.)
        // Parsed again only for a page whose blocks change (stale pages are
        // few); no memo across plans, so `serve` keeps no process state.
        let keeps_markers = |t: &str| {
            let mut d = crate::markdown::parse_page("", t, &Default::default(), false);
            // Another tool's markers are its own business, as in the first pass.
            d.markers.retain(|m| known.contains(m.name.as_str()));
            find(&d, t, "").is_ok_and(|r| r.iter().map(|s| &s.name).eq(all.iter().map(|s| &s.name)))
        };
        if new_text != *text && !keeps_markers(&new_text) {
            // Name the culprit: the first block that breaks the page on its own.
            let culprit = spans
                .iter()
                .find(|s| {
                    let one: BTreeMap<String, String> = rendered
                        .get(&s.name)
                        .map(|r| (s.name.clone(), r.clone()))
                        .into_iter()
                        .collect();
                    !keeps_markers(&splice(text, std::slice::from_ref(s), &one))
                })
                .or(spans.first());
            let (line, col) =
                culprit.map_or((1, 1), |s| doc.source_map.line_col(text, s.start.start));
            let name = culprit.map_or_else(String::new, |s| s.name.clone());
            return Err(BlocksError::Markers(vec![MarkerError {
                path: project.src_rel(&project.book.pages[page].path),
                line,
                col,
                message: format!(
                    "block `{name}` renders Markdown that hides the GENERATED markers after it (an unclosed code fence or HTML block?); fix its template"
                ),
            }]));
        }
        let mut stale = Vec::new();
        for s in &spans {
            let old = &text[s.content()];
            let crlf = text[s.start.clone()].ends_with("\r\n");
            let new = normalize(rendered.get(&s.name).map_or("", String::as_str), crlf);
            if old != new {
                stale.push(StaleBlock {
                    name: s.name.clone(),
                    line: doc.source_map.line_col(text, s.start.start).0,
                    old: old.to_string(),
                    new,
                });
            }
        }
        pages.push(PagePlan {
            page,
            spans,
            stale,
            new_text,
        });
    }
    Ok(Plan {
        pages,
        foreign,
        foreign_blocks,
    })
}

/// Refresh every block found in `text` (a page as another tool hands it over,
/// e.g. mdBook) from the manifest. Without a manifest the text is returned as is.
pub fn refresh(project: &Project, path: &str, text: &str) -> Result<String, BlocksError> {
    let Some(m) = &project.manifest else {
        return Ok(text.to_string());
    };
    let mut doc = crate::markdown::parse(path, text);
    doc.markers
        .retain(|m| project.block_templates.contains_key(&m.name));
    let spans = find(&doc, text, path).map_err(BlocksError::Markers)?;
    if spans.is_empty() {
        return Ok(text.to_string());
    }
    let renderer = Renderer::new(&project.block_templates)?;
    let mut rendered = BTreeMap::new();
    for s in &spans {
        if !rendered.contains_key(&s.name) && project.block_templates.contains_key(&s.name) {
            rendered.insert(s.name.clone(), renderer.render(&s.name, &m.manifest)?);
        }
    }
    // Another tool's blocks are handed on as they are. `path` is the
    // chapter's as reports show it; the manifest names pages in the book.
    let page = project
        .book
        .pages
        .iter()
        .find(|p| project.src_rel(&p.path) == path)
        .map_or(path, |p| p.path.as_str());
    let own: Vec<BlockSpan> = spans
        .into_iter()
        .filter(|s| {
            whose(
                project,
                page,
                text,
                s,
                rendered.get(&s.name).map(String::as_str),
            )
            .is_none()
        })
        .collect();
    Ok(splice(text, &own, &rendered))
}

/// A unified diff of one stale block, with file line numbers.
pub fn diff(path: &str, block: &StaleBlock) -> String {
    let d = similar::TextDiff::from_lines(block.old.as_str(), block.new.as_str());
    let mut out = format!(
        "--- {path} (block `{}`, in the file)\n+++ {path} (block `{}`, rendered from the manifest)\n",
        block.name, block.name
    );
    for hunk in d.unified_diff().context_radius(3).iter_hunks() {
        // Shift hunk line numbers from block-relative to file lines.
        let header = hunk.header().to_string();
        out.push_str(&shift_header(&header, block.line));
        out.push('\n');
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            out.push(sign);
            let v = change.value();
            out.push_str(v.trim_end_matches(['\n', '\r']));
            out.push('\n');
        }
    }
    out
}

fn shift_header(header: &str, marker_line: usize) -> String {
    // "@@ -a,b +c,d @@": the block's first line is the line after the marker.
    let shift = |part: &str, sign: char| -> String {
        let body = part.trim_start_matches(sign);
        let (start, rest) = body
            .split_once(',')
            .map_or((body, None), |(a, b)| (a, Some(b)));
        let start: usize = start.parse().unwrap_or(0);
        let shifted = if start == 0 {
            marker_line
        } else {
            start + marker_line
        };
        match rest {
            Some(r) => format!("{sign}{shifted},{r}"),
            None => format!("{sign}{shifted}"),
        }
    };
    let parts: Vec<&str> = header.split_whitespace().collect();
    match parts.as_slice() {
        ["@@", a, b, "@@", ..] => format!("@@ {} {} @@", shift(a, '-'), shift(b, '+')),
        _ => header.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn spans(src: &str) -> Result<Vec<BlockSpan>, Vec<MarkerError>> {
        find(&markdown::parse("p.md", src), src, "p.md")
    }

    #[test]
    fn pairs_and_splices_keeping_line_endings() {
        let src = "a\r\n\r\n<!-- GENERATED:x:start -->\r\nold\r\n<!-- GENERATED:x:end -->\r\ntail";
        let s = spans(src).expect("well formed");
        let mut r = BTreeMap::new();
        r.insert("x".to_string(), "new\nlines\n".to_string());
        let out = splice(src, &s, &r);
        assert_eq!(
            out,
            "a\r\n\r\n<!-- GENERATED:x:start -->\r\nnew\r\nlines\r\n<!-- GENERATED:x:end -->\r\ntail"
        );
        let again = splice(&out, &spans(&out).expect("still well formed"), &r);
        assert_eq!(again, out);
    }

    #[test]
    fn malformed_markers() {
        let unclosed = spans("<!-- GENERATED:x:start -->\nbody\n").expect_err("unclosed");
        assert!(unclosed[0].message.contains("never closed"));
        let unopened = spans("body\n\n<!-- GENERATED:x:end -->\n").expect_err("unopened");
        assert_eq!(unopened[0].line, 3);
        let nested = spans("<!-- GENERATED:x:start -->\n<!-- GENERATED:y:start -->\n<!-- GENERATED:y:end -->\n<!-- GENERATED:x:end -->\n").expect_err("nested");
        assert!(nested[0].message.contains("cannot nest"), "{:?}", nested);
        let dup = spans("<!-- GENERATED:x:start -->\n<!-- GENERATED:x:end -->\n\n<!-- GENERATED:x:start -->\n<!-- GENERATED:x:end -->\n").expect_err("dup");
        assert!(dup[0].message.contains("appears twice"));
        assert_eq!(dup[0].line, 4);
    }

    #[test]
    fn percent_rounds_down() {
        assert_eq!(
            percent(GateChecks {
                total: 21,
                closed: 21
            }),
            100
        );
        assert_eq!(
            percent(GateChecks {
                total: 3,
                closed: 2
            }),
            66
        );
        assert_eq!(
            percent(GateChecks {
                total: 0,
                closed: 0
            }),
            100
        );
    }

    #[test]
    fn diff_has_file_line_numbers() {
        let b = StaleBlock {
            name: "x".into(),
            line: 10,
            old: "a\nb\n".into(),
            new: "a\nc\n".into(),
        };
        let d = diff("p.md", &b);
        assert!(d.contains("@@ -11,2 +11,2 @@"), "{d}");
        assert!(d.contains("-b\n+c\n"), "{d}");
    }
}

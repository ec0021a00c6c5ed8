//! Layer 3: one pulldown-cmark pass per page, feeding both checking and HTML.
//!
//! The pass collects `(Event, Range)` once; headings, links and backticked paths
//! are read from it with source offsets, and the same events (with heading ids set
//! and `.md` links rewritten) are rendered to HTML, so what is checked is exactly
//! what readers get.

pub mod claims;
pub mod hidelines;
pub mod highlight;
pub mod options;
pub mod outline;
pub mod render;
pub mod sanitize;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::core::span::SourceMap;

/// Parser options with mdBook 0.5's defaults; a book's own come from its
/// `book.toml` through [`options::RenderOptions`].
pub fn options() -> Options {
    options::RenderOptions::default().parser()
}

/// A heading with its anchor id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// Anchor id: an explicit `{#id}`, else the GitHub-style slug, de-duplicated.
    pub id: String,
    /// Byte offset in the source.
    pub offset: usize,
}

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)` or an autolink.
    Link,
    /// `![alt](src)`.
    Image,
    /// A doc path in inline code: `` `docs/v1.md` ``.
    CodePath,
}

/// A reference to another file or anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Target as written.
    pub dest: String,
    /// How it was written.
    pub kind: LinkKind,
    /// Byte offset in the source.
    pub offset: usize,
}

/// Start or end of a generated block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// `<!-- GENERATED:name:start -->`.
    Start,
    /// `<!-- GENERATED:name:end -->`.
    End,
}

/// A `GENERATED` marker found as HTML (never inside code, which is not a marker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Block name.
    pub name: String,
    /// Start or end.
    pub kind: MarkerKind,
    /// Byte range of the whole source line, including its line ending.
    pub line: std::ops::Range<usize>,
    /// Whether the marker is the only thing on its line (it must be).
    pub alone: bool,
}

/// Another tool's region marker: an HTML comment whose words open or close
/// with BEGIN/START or END/STOP (`<!-- BEGIN GENERATED CAPABILITIES -->`,
/// `<!-- toc:end -->`), with the other words as the region's key. A start and
/// the next end of the same key enclose text another tool writes.
fn region_marker(html: &str) -> Option<(String, MarkerKind)> {
    let t = html.trim();
    let inner = t.strip_prefix("<!--")?.strip_suffix("-->")?;
    // docket's own markers are blocks, not regions.
    if inner.trim_start().starts_with("GENERATED:") || inner.len() > 200 {
        return None;
    }
    let words: Vec<String> = inner
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let kind = |w: &str| match w {
        "BEGIN" | "START" => Some(MarkerKind::Start),
        "END" | "STOP" => Some(MarkerKind::End),
        _ => None,
    };
    let (first, last) = (words.first()?, words.last()?);
    let (k, rest) = if let Some(k) = kind(first) {
        (k, &words[1..])
    } else if let Some(k) = kind(last) {
        (k, &words[..words.len() - 1])
    } else {
        return None;
    };
    // A bare `<!-- end -->` names nothing to pair.
    (!rest.is_empty()).then(|| (rest.join(" "), k))
}

/// Byte ranges of `source` between another tool's region markers (`found`:
/// key, kind, the comment's line), each end paired with the latest unpaired
/// start of its key; merged into sorted, disjoint ranges. Linear in the
/// markers (a map per key, not a search of every open start).
fn regions(found: &[(String, MarkerKind, std::ops::Range<usize>)]) -> Vec<std::ops::Range<usize>> {
    let mut open: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (key, kind, line) in found {
        match kind {
            MarkerKind::Start => open.entry(key.as_str()).or_default().push(line.end),
            MarkerKind::End => {
                if let Some(start) = open.get_mut(key.as_str()).and_then(Vec::pop) {
                    out.push(start..line.start);
                }
            }
        }
    }
    merged(out)
}

/// `ranges` sorted and merged where they overlap, so that a point is looked up
/// by binary search.
fn merged(mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether `at` is inside one of `ranges` (sorted, disjoint).
fn within(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
    let k = ranges.partition_point(|r| r.start <= at);
    k > 0 && ranges[k - 1].contains(&at)
}

/// Parse `<!-- GENERATED:name:start|end -->` out of one HTML fragment.
pub fn parse_marker(html: &str) -> Option<(String, MarkerKind)> {
    // The first comment in the fragment: a marker with text around it is still a
    // marker (and then an error), never silently ignored.
    let start = html.find("<!--")?;
    // The comment ends after its opener: in `<!-->` the `-->` overlaps `<!--`.
    let end = start + 4 + html.get(start + 4..)?.find("-->")? + 3;
    let inner = html.get(start + 4..end - 3)?.trim();
    let rest = inner.strip_prefix("GENERATED:")?;
    let (name, kind) = rest.rsplit_once(':')?;
    let kind = match kind {
        "start" => MarkerKind::Start,
        "end" => MarkerKind::End,
        _ => return None,
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then(|| (name.to_string(), kind))
}

/// Byte range of the line holding `offset`, including its line ending.
pub fn line_range(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1);
    start..end
}

/// An in-place allowance: `<!-- docket-allow rule-id[, rule-id]: reason [until YYYY-MM-DD] -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    /// Rule ids it allows.
    pub rules: Vec<String>,
    /// Why (required).
    pub reason: String,
    /// Last day it applies, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// The text after `until`, when it is not a date.
    pub bad_until: Option<String>,
    /// Byte offset of the comment.
    pub offset: usize,
    /// Byte range it covers: the next block after the comment.
    pub covers: std::ops::Range<usize>,
}

/// Parse an allowance comment; `None` if it is not one. Position fields are left
/// empty for the caller.
pub fn parse_allow(html: &str) -> Option<Allowance> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let rest = inner.strip_prefix("docket-allow")?;
    if !rest.starts_with([' ', ':']) {
        return None;
    }
    let (rules, reason) = rest.split_once(':').unwrap_or((rest, ""));
    let rules: Vec<String> = rules
        .split([',', ' '])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    let mut reason = reason.trim().to_string();
    let (mut until, mut bad) = (None, None);
    if let Some(i) = reason
        .rfind(" until ")
        .or_else(|| reason.starts_with("until ").then_some(0))
    {
        let date = reason[i..]
            .trim()
            .trim_start_matches("until")
            .trim()
            .to_string();
        if crate::input::manifest::parse_date(&date).is_some() && date.len() == 10 {
            until = Some(date);
        } else {
            bad = Some(date);
        }
        reason.truncate(i);
        reason = reason.trim().to_string();
    }
    Some(Allowance {
        rules,
        reason,
        until,
        bad_until: bad,
        offset: 0,
        covers: 0..0,
    })
}

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to the source folder.
    pub path: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Other anchor targets of the rendered page: definition terms, footnotes,
    /// `id` attributes in raw HTML.
    pub ids: Vec<String>,
    /// Links, images and backticked doc paths, in order.
    pub links: Vec<Link>,
    /// `GENERATED` markers in order.
    pub markers: Vec<Marker>,
    /// What the page claims, in source order.
    pub claims: Vec<crate::markdown::claims::ClaimAt>,
    /// `docket-allow` comments, in order.
    pub allowances: Vec<Allowance>,
    /// Rendered body HTML.
    pub html: String,
    /// Source lines that start a block, each marked in the HTML by an empty
    /// `<span id="docket-L{line}">`: targets for drift links and marks.
    pub anchors: Vec<usize>,
    /// Line index of the source, for reporting.
    pub source_map: SourceMap,
    /// The page's visible text cut at its headings, for the search index
    /// (empty unless HTML was rendered).
    pub sections: Vec<SearchSection>,
}

/// A page's text from one heading to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchSection {
    /// Heading text (empty before the first heading).
    pub heading: String,
    /// Heading id.
    pub anchor: String,
    /// Visible text, whitespace collapsed.
    pub text: String,
}

/// Visible text per section, read from the events (no HTML to strip again).
fn search_sections(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    headings: &[Heading],
) -> Vec<SearchSection> {
    /// Append `s` to a section's `text` with each run of whitespace (` `, `\n`,
    /// `\t`, `\r`) made one space, never leading; `gap`: whitespace is pending
    /// before the next word. One pass over the bytes, copying the stretches whose
    /// spaces are already single (most text) whole.
    fn push_collapsed(text: &mut String, gap: &mut bool, s: &str) {
        let is_ws = |b: u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
        let b = s.as_bytes();
        let n = b.len();
        let mut i = b.iter().position(|&c| !is_ws(c)).unwrap_or(n);
        if i > 0 {
            *gap = true;
        }
        if i == n {
            return;
        }
        if *gap && !text.is_empty() {
            text.push(' ');
        }
        // Whitespace is ASCII: every cut below is at a char boundary.
        let mut from = i;
        while i < n {
            // Whitespace is at most b' ': one test for nearly every byte.
            if b[i] > b' ' || !is_ws(b[i]) {
                i += 1;
                continue;
            }
            let run = i;
            i += 1;
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            if i == n {
                text.push_str(&s[from..run]);
                *gap = true;
                return;
            }
            if i > run + 1 || b[run] != b' ' {
                text.push_str(&s[from..run]);
                text.push(' ');
                from = i;
            }
        }
        text.push_str(&s[from..]);
        *gap = false;
    }
    let mut out = Vec::new();
    let mut cur = SearchSection::default();
    let mut gap = false;
    let mut in_heading = false;
    let mut hi = 0;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                out.push(std::mem::take(&mut cur));
                if let Some(h) = headings.get(hi) {
                    cur.heading = h.text.clone();
                    cur.anchor = h.id.clone();
                }
                hi += 1;
                in_heading = true;
                gap = false;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            _ if in_heading => {}
            Event::Text(t) | Event::Code(t) => push_collapsed(&mut cur.text, &mut gap, t),
            Event::Html(h) | Event::InlineHtml(h) => {
                let text = crate::core::text::visible_text(h);
                if matches!(event, Event::Html(_)) {
                    gap = true;
                }
                push_collapsed(&mut cur.text, &mut gap, &text);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => gap = true,
            Event::Start(tag) if !crate::markdown::claims::is_inline(tag) => gap = true,
            Event::End(tag) if !crate::markdown::claims::is_inline_end(tag) => gap = true,
            _ => {}
        }
    }
    out.push(cur);
    out.retain(|s| !(s.text.is_empty() && s.heading.is_empty()));
    out
}

impl Doc {
    /// Whether `id` names a heading of this page.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.ids.iter().any(|i| i == id)
    }
}

/// Whether inline code looks like a path to a Markdown doc.
fn is_doc_path(code: &str) -> bool {
    let path = code.split('#').next().unwrap_or("");
    path.ends_with(".md")
        && path.len() > 3
        && !path.starts_with('/')
        && !path.contains("://")
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
}

/// Whether a link target is relative to the page (not a URL, not absolute).
pub fn is_relative(dest: &str) -> bool {
    let d = dest.trim();
    !(d.is_empty()
        || d.starts_with('/')
        || d.starts_with("//")
        || d.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }))
}

/// Rewrite a relative `x.md#f` to `x.html#f`, as mdBook does.
pub fn rewrite_md_link(dest: &str) -> Option<String> {
    if !is_relative(dest) {
        return None;
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let stem = path.strip_suffix(".md")?;
    Some(match frag {
        Some(f) => format!("{stem}.html#{f}"),
        None => format!("{stem}.html"),
    })
}

/// Parse one page with no project context (no define prefixes, no selector).
pub fn parse(path: &str, text: &str) -> Doc {
    parse_with(
        path,
        text,
        &crate::markdown::claims::ClaimContext::default(),
    )
}

/// Parse one page, extracting claims with the project's context.
pub fn parse_with(path: &str, text: &str, ctx: &crate::markdown::claims::ClaimContext) -> Doc {
    parse_page(path, text, ctx, true)
}

/// Parse one page; render its HTML from the same events only when `html` is set
/// (`check` and `sync` never show it, so they skip a third of the work).
pub fn parse_page(
    path: &str,
    text: &str,
    ctx: &crate::markdown::claims::ClaimContext,
    html: bool,
) -> Doc {
    parse_mapped(path, text, text, &|o| o, ctx, html)
}

/// Parse `parsed` (a page's text after the preprocessors), reporting every
/// offset in `source` (the page as written) through `to_source`: what an
/// included file brings is placed at its directive.
pub fn parse_mapped(
    path: &str,
    source: &str,
    parsed: &str,
    to_source: &dyn Fn(usize) -> usize,
    ctx: &crate::markdown::claims::ClaimContext,
    html: bool,
) -> Doc {
    let events = events(parsed, ctx);
    from_events_mapped(path, source, parsed, to_source, ctx, html, events)
}

/// The one pulldown-cmark pass over a page, with the book's parser options:
/// its events with source ranges.
pub(crate) fn events<'t>(
    text: &'t str,
    ctx: &crate::markdown::claims::ClaimContext,
) -> Vec<(Event<'t>, std::ops::Range<usize>)> {
    // A UTF-8 byte order mark is not Markdown: parse after it (so a heading or
    // marker on line 1 is one), with offsets still into `text`.
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    crate::core::work::add(crate::core::work::Pass::Parse, text.len());
    // About one event per 12 bytes of Markdown: sized once, not regrown.
    let mut out = Vec::with_capacity(text.len() / 12 + 16);
    out.extend(
        Parser::new_ext(&text[bom..], ctx.render.parser())
            .into_offset_iter()
            .map(|(e, r)| (e, r.start + bom..r.end + bom)),
    );
    out
}

/// A page's [`Doc`] from its events, when the page is parsed as written.
pub(crate) fn from_events(
    path: &str,
    text: &str,
    ctx: &crate::markdown::claims::ClaimContext,
    html: bool,
    events: Vec<(Event<'_>, std::ops::Range<usize>)>,
) -> Doc {
    from_events_mapped(path, text, text, &|o| o, ctx, html, events)
}

fn from_events_mapped(
    path: &str,
    source: &str,
    text: &str,
    to_source: &dyn Fn(usize) -> usize,
    ctx: &crate::markdown::claims::ClaimContext,
    html: bool,
    events: Vec<(Event<'_>, std::ops::Range<usize>)>,
) -> Doc {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut markers: Vec<Marker> = Vec::new();
    let mut foreign_markers: Vec<(String, MarkerKind, std::ops::Range<usize>)> = Vec::new();
    let mut ids = options::Ids::default();
    let mut terms: Vec<String> = Vec::new();
    let mut extra_ids: Vec<String> = Vec::new();
    // (event index of the heading or term start, its text so far)
    let mut open_heading: Option<(usize, String)> = None;
    let verbatim = |r: &std::ops::Range<usize>| {
        // A marker counts only where the page itself says it, not in an include.
        let s = to_source(r.start);
        source.get(s..s + (r.end - r.start)) == text.get(r.clone())
    };

    for i in 0..events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::DefinitionListTitle) => {
                open_heading = Some((i, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = open_heading.as_mut() {
                    h.push_str(t);
                }
                if let Event::Code(c) = event
                    && is_doc_path(c)
                {
                    links.push(Link {
                        dest: c.to_string(),
                        kind: LinkKind::CodePath,
                        offset: to_source(range.start),
                    });
                }
            }
            Event::FootnoteReference(name) => {
                extra_ids.push(format!("footnote-{name}"));
            }
            // A line break inside a heading or term is whitespace to its id.
            Event::SoftBreak => {
                if let Some((_, h)) = open_heading.as_mut() {
                    h.push('\n');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some((_, acc)) = open_heading.as_mut()
                    && matches!(event, Event::InlineHtml(_))
                {
                    acc.push_str(&options::html_text(h));
                }
                raw_ids(h, &mut extra_ids);
                if h.contains("<!--")
                    && let Some((key, kind)) = region_marker(h)
                    && verbatim(range)
                {
                    foreign_markers.push((key, kind, line_range(source, to_source(range.start))));
                }
                if let Some((name, kind)) = parse_marker(h)
                    && verbatim(range)
                {
                    let line = line_range(source, to_source(range.start));
                    let comment = h.find("<!--").and_then(|a| {
                        let b = h.get(a + 4..)?.find("-->")?;
                        h.get(a..a + 4 + b + 3)
                    });
                    let alone = comment.is_some_and(|c| {
                        source[line.clone()].trim_start_matches('\u{FEFF}').trim() == c.trim()
                    });
                    // An HTML block yields one event per line: keep one marker per line.
                    if markers.last().is_none_or(|m| m.line != line) {
                        markers.push(Marker {
                            name,
                            kind,
                            line,
                            alone,
                        });
                    }
                }
            }
            // An autolinked e-mail address is no file to resolve.
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) if *link_type != pulldown_cmark::LinkType::Email => links.push(Link {
                dest: dest_url.to_string(),
                kind: LinkKind::Link,
                offset: to_source(range.start),
            }),
            Event::Start(Tag::Image { dest_url, .. }) => links.push(Link {
                dest: dest_url.to_string(),
                kind: LinkKind::Image,
                offset: to_source(range.start),
            }),
            Event::End(TagEnd::DefinitionListTitle) => {
                if let Some((_, text_acc)) = open_heading.take() {
                    terms.push(ids.unique(&options::id_from_text(&text_acc)));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, text_acc)) = open_heading.take()
                    && let (Event::Start(Tag::Heading { level, id, .. }), r) = &events[start]
                {
                    // An explicit `{#id}` is used as written; others are made
                    // unique, as mdBook does.
                    let unique = match id {
                        Some(id) => id.to_string(),
                        None => ids.unique(&options::id_from_text(&text_acc)),
                    };
                    headings.push(Heading {
                        level: *level as u8,
                        text: text_acc.trim().to_string(),
                        id: unique,
                        offset: to_source(r.start),
                    });
                }
            }
            _ => {}
        }
    }
    extra_ids.extend(terms.iter().cloned());

    let mut allowances = allowances(&events, text);
    for a in &mut allowances {
        a.offset = to_source(a.offset);
        a.covers = to_source(a.covers.start)..to_source(a.covers.end);
    }
    let mut claims = crate::markdown::claims::extract(&events, text, ctx);
    // Clauses are read lazily from the page's source; a preprocessed page's
    // clauses stand in the expanded text, so they are read now, before mapping.
    let expanded = !std::ptr::eq(source, text);
    for c in &mut claims {
        if expanded {
            let (mode, evidence) = c.reading(text);
            c.mode = mode;
            c.evidence = evidence.map(|mut e| {
                e.offset = to_source(e.offset);
                Box::new(e)
            });
            c.clause = None;
        }
        c.offset = to_source(c.offset);
    }
    mark_block_claims(&markers, &mut claims);
    // Text between another tool's own markers is that tool's: generated, as
    // docket's blocks are (rules that compare facts still read it).
    let foreign = regions(&foreign_markers);
    if !foreign.is_empty() {
        for c in &mut claims {
            c.in_block |= within(&foreign, c.offset);
        }
    }

    let source_map = SourceMap::new(source);
    let sections = if html {
        search_sections(&events, &headings)
    } else {
        Vec::new()
    };
    let (html, anchors) = if html {
        let input = render::RenderInput {
            headings: &headings,
            terms: &terms,
            path,
            to_source,
            map: &source_map,
        };
        render::render(events, &input, ctx, text.len() * 3 / 2)
    } else {
        (String::new(), Vec::new())
    };
    Doc {
        path: path.to_string(),
        headings,
        ids: extra_ids,
        links,
        markers,
        claims,
        allowances,
        html,
        anchors,
        source_map,
        sections,
    }
}

/// `id="…"` values in raw HTML (`<a id>`, `<span id>`, …): link targets too.
fn raw_ids(html: &str, out: &mut Vec<String>) {
    if !html.contains("id") {
        return;
    }
    static ID_ATTR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"(?i)<[a-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#,
        )
        .expect("static regex")
    });
    for c in ID_ATTR.captures_iter(html) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) {
            out.push(m.as_str().to_string());
        }
    }
}

/// The anchor id of a source line.
pub fn line_anchor(line: usize) -> String {
    let mut id = String::with_capacity(16);
    push_line_anchor(&mut id, line);
    id
}

/// Append the anchor id of a source line to `out` (no allocation of its own:
/// there is one per block of every page).
pub fn push_line_anchor(out: &mut String, line: usize) {
    out.push_str("docket-L");
    crate::core::text::push_decimal(out, line as u64);
}

/// Allowance comments and the block each covers: the next block-level element
/// after the comment (for a comment inside a paragraph, its own line).
fn allowances(events: &[(Event<'_>, std::ops::Range<usize>)], text: &str) -> Vec<Allowance> {
    let mut out = Vec::new();
    for (i, (event, range)) in events.iter().enumerate() {
        let (Event::Html(h) | Event::InlineHtml(h)) = event else {
            continue;
        };
        let Some(mut allowance) = parse_allow(h) else {
            continue;
        };
        let covers = if matches!(event, Event::InlineHtml(_)) {
            line_range(text, range.start)
        } else {
            // Skip to the end of this HTML block, then take the next block's range.
            let mut depth = 0usize;
            let mut found = None;
            for (e, r) in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::HtmlBlock) if depth == 0 => depth = usize::MAX,
                    Event::Start(_) if depth == usize::MAX => {
                        found = Some(r.clone());
                        break;
                    }
                    Event::Html(_) if depth == usize::MAX => {
                        found = Some(r.clone());
                        break;
                    }
                    _ => {}
                }
            }
            found.unwrap_or_else(|| line_range(text, range.start))
        };
        allowance.offset = range.start;
        allowance.covers = covers;
        out.push(allowance);
    }
    out
}

/// Flag claims between a start marker and its end marker.
fn mark_block_claims(markers: &[Marker], claims: &mut [crate::markdown::claims::ClaimAt]) {
    let mut ranges = Vec::new();
    let mut open: Option<&Marker> = None;
    for m in markers {
        match (m.kind, open) {
            (MarkerKind::Start, _) => open = Some(m),
            (MarkerKind::End, Some(s)) if s.name == m.name => {
                ranges.push(s.line.end..m.line.start);
                open = None;
            }
            _ => {}
        }
    }
    let ranges = merged(ranges);
    for c in claims {
        c.in_block = within(&ranges, c.offset);
    }
}

#[cfg(test)]
mod tests;

//! A page's outline: its list items and tables with source offsets, read from
//! the same events as its [`Doc`](super::Doc), for readers that infer from a
//! page's structure (`docket init`) rather than check its claims.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Doc;
use crate::markdown::claims::ClaimContext;

/// Inline content of a list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text as parsed (entities decoded).
    Text(String),
    /// Inline code and its byte offset.
    Code(String, usize),
}

/// A list item: its own inline content (before any nested list) and the text
/// of its first nested item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Byte offset of the item.
    pub offset: usize,
    /// Its inline content up to its first nested list.
    pub own: Vec<Inline>,
    /// Whether a nested list started inside it.
    pub nested: bool,
    /// The first nested item's [`plain`] text, with its offset.
    pub first_child: Option<(String, usize)>,
    /// The heading the item is under (level 2 or deeper), with its offset.
    pub section: Option<(String, usize)>,
    /// The offset of the item it is nested in, if any.
    pub parent: Option<usize>,
    /// The paragraph right before its outermost list (a label such as
    /// "Removed:"), with its offset.
    pub lead: Option<(String, usize)>,
}

/// A table: header cells (lowercased) and rows of (offset, cells).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Header cells, trimmed, backticks dropped, lowercased.
    pub header: Vec<String>,
    /// Body rows: the row's byte offset and its cells as written (trimmed,
    /// backticks dropped).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Lists and tables of one page.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Every list item, nested ones too, by offset.
    pub items: Vec<Item>,
    /// Every table, in order.
    pub tables: Vec<Table>,
}

/// Parse one page (no HTML) and read its outline from the same events.
pub fn parse_outlined(path: &str, text: &str, ctx: &ClaimContext) -> (Doc, Outline) {
    let events = super::events(text, ctx);
    let outline = read(&events, text);
    (super::from_events(path, text, ctx, false, events), outline)
}

/// Inline content as one line: code in backticks, whitespace collapsed.
pub fn plain(inl: &[Inline]) -> String {
    let mut s = String::new();
    for i in inl {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Code(c, _) => {
                s.push('`');
                s.push_str(c);
                s.push('`');
            }
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read(events: &[(Event<'_>, std::ops::Range<usize>)], text: &str) -> Outline {
    let mut out = Outline::default();
    let mut stack: Vec<Item> = Vec::new();
    let mut section: Option<(String, usize)> = None;
    let mut seen_title = false;
    let mut heading: Option<(u8, String, usize)> = None;
    let mut table: Option<Table> = None;
    let mut in_head = false;
    let mut row: Vec<String> = Vec::new();
    let mut row_offset = 0;
    let mut cell: Option<String> = None;
    // A top-level paragraph being read, the last one read (while nothing else
    // came after it), and the one before the current outermost list.
    let mut para: Option<(String, usize)> = None;
    let mut last_para: Option<(String, usize)> = None;
    let mut list_lead: Option<(String, usize)> = None;
    for (event, range) in events {
        if let Event::Start(tag) = event
            && stack.is_empty()
        {
            match tag {
                Tag::Paragraph if table.is_none() && heading.is_none() => {
                    para = Some((String::new(), range.start));
                    last_para = None;
                }
                Tag::List(_) => list_lead = last_para.take(),
                _ => last_para = None,
            }
        }
        match event {
            Event::End(TagEnd::Paragraph) if stack.is_empty() => {
                last_para = para
                    .take()
                    .map(|(t, o)| (t.split_whitespace().collect::<Vec<_>>().join(" "), o));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((*level as u8, String::new(), range.start))
            }
            Event::End(TagEnd::Heading(_)) => {
                // The page's first `#` heading is its title, not a section.
                if let Some((level, h, off)) = heading.take()
                    && (level >= 2 || seen_title)
                {
                    section = Some((h.split_whitespace().collect::<Vec<_>>().join(" "), off));
                }
                seen_title = true;
            }
            Event::Start(Tag::Item) => stack.push(Item {
                offset: range.start,
                own: Vec::new(),
                nested: false,
                first_child: None,
                section: section.clone(),
                parent: stack.last().map(|p| p.offset),
                lead: list_lead.clone(),
            }),
            Event::Start(Tag::List(_)) => {
                if let Some(top) = stack.last_mut() {
                    top.nested = true;
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(done) = stack.pop() {
                    if let Some(parent) = stack.last_mut()
                        && parent.first_child.is_none()
                    {
                        let t = plain(&done.own);
                        if !t.is_empty() {
                            parent.first_child = Some((t, done.offset));
                        }
                    }
                    out.items.push(done);
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Table::default()),
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                row.clear();
                row_offset = range.start;
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push((row_offset, std::mem::take(&mut row)));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(t)) = (cell.take(), table.as_mut()) {
                    // As `check` reads cells: trimmed, backticks dropped.
                    let c = c.trim().trim_matches('`').trim().to_string();
                    if in_head {
                        t.header.push(c.to_lowercase());
                    } else {
                        row.push(c);
                    }
                }
            }
            Event::Text(t) => {
                let src = text.get(range.clone()).unwrap_or("");
                if let Some(c) = cell.as_mut() {
                    c.push_str(src);
                } else if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(t);
                } else if let Some((p, _)) = para.as_mut() {
                    p.push_str(t);
                } else if let Some(top) = stack.last_mut()
                    && !top.nested
                {
                    top.own.push(Inline::Text(t.to_string()));
                }
            }
            Event::Code(c) => {
                if let Some(cl) = cell.as_mut() {
                    cl.push_str(c);
                } else if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(c);
                } else if let Some((p, _)) = para.as_mut() {
                    p.push('`');
                    p.push_str(c);
                    p.push('`');
                } else if let Some(top) = stack.last_mut()
                    && !top.nested
                {
                    top.own.push(Inline::Code(c.to_string(), range.start));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else if let Some((p, _)) = para.as_mut() {
                    p.push(' ');
                } else if let Some(top) = stack.last_mut()
                    && !top.nested
                {
                    top.own.push(Inline::Text(" ".into()));
                }
            }
            _ => {}
        }
    }
    out.items.sort_by_key(|i| i.offset);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_knows_the_paragraph_right_before_it() {
        let src = "Intro.\n\nRemoved:\n\n- `a`\n  - `b`\n\nText.\n\n```\ncode\n```\n\n- `c`\n";
        let (_, o) = parse_outlined("p.md", src, &ClaimContext::default());
        let leads: Vec<Option<&str>> = o
            .items
            .iter()
            .map(|i| i.lead.as_ref().map(|l| l.0.as_str()))
            .collect();
        assert_eq!(leads, [Some("Removed:"), Some("Removed:"), None]);
    }

    #[test]
    fn items_and_tables_with_offsets() {
        let src = "# Title\n\n## Output\n\n- `a=<x>`: the a\n  - child text\n- plain\n\n| Name | Status |\n|---|---|\n| `x` | done |\n";
        let (doc, o) = parse_outlined("p.md", src, &ClaimContext::default());
        assert_eq!(doc.headings.len(), 2, "the Doc comes from the same pass");
        let first = &o.items[0];
        assert_eq!(
            first.own[0],
            Inline::Code("a=<x>".into(), src.find('`').unwrap_or(0))
        );
        assert_eq!(plain(&first.own), "`a=<x>`: the a");
        assert_eq!(
            first.first_child.as_ref().map(|c| c.0.as_str()),
            Some("child text")
        );
        assert_eq!(first.section.as_ref().map(|s| s.0.as_str()), Some("Output"));
        assert_eq!(o.items.len(), 3);
        assert_eq!(o.items[1].parent, Some(first.offset));
        assert_eq!(first.parent, None);
        assert_eq!(
            first.lead, None,
            "a heading, not a paragraph, is before the list"
        );
        assert_eq!(o.tables[0].header, ["name", "status"]);
        assert_eq!(o.tables[0].rows[0].1, ["x", "done"]);
    }
}

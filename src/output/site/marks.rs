//! Drift marks: on a book page, a button beside the text a finding is about,
//! which opens the finding (message, truth, fix) in a popover on click, tap or
//! Enter. The finding's line and column give the offending text in the source
//! (a link's text, a code span, or the plain words from there); the mark goes
//! right after that text in the rendered block, which is underlined. When the
//! text cannot be found in the block (inside highlighted code, split by
//! formatting), the mark goes at the start of the block.

use std::collections::BTreeMap;

use crate::check::rules::Finding;
use crate::core::span::SourceMap;
use crate::core::text::escape;

/// A page's source and the anchors its HTML carries.
pub(super) struct PageSource<'a> {
    pub text: &'a str,
    pub map: &'a SourceMap,
    /// Lines that start a block, ascending.
    pub anchors: &'a [usize],
}

/// What the text of a source line from `col` (1-based, in chars) shows once
/// rendered: a link's text, a code span's content, else the plain words up to
/// the next inline markup. `None` when that is under two chars.
fn offending(line: &str, col: usize) -> Option<&str> {
    let from = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[from..];
    let rest = rest
        .strip_prefix('!')
        .filter(|r| r.starts_with('['))
        .unwrap_or(rest);
    let body = if let Some(r) = rest.strip_prefix('[') {
        let text = &r[..r.find(']')?];
        match text.strip_prefix('`') {
            Some(code) => code.split('`').next().unwrap_or(code),
            None => text,
        }
    } else if rest.starts_with('`') {
        let code = rest.trim_start_matches('`');
        code.split('`').next().unwrap_or(code)
    } else {
        rest
    };
    // Stop where the rendered text stops matching the source: markup, and
    // characters the HTML escapes.
    let stop = body
        .find(['*', '`', '[', ']', '<', '>', '&', '"', '\'', '\\', '|', '~'])
        .unwrap_or(body.len());
    let mut run = body[..stop].trim();
    if run.chars().count() > 80 {
        let cut = run.char_indices().nth(80).map_or(run.len(), |(i, _)| i);
        run = &run[..cut];
        // End on a whole word.
        if let Some(space) = run.rfind(' ') {
            run = &run[..space];
        }
    }
    (run.chars().count() >= 2).then_some(run)
}

/// Where the `k`-th (0-based) occurrence of `needle` in the text of `html` is:
/// `(start, end, mark)`, `mark` being where a button may go (after the
/// enclosing link or code element, which may not hold one). Only text outside
/// tags, in one text node, outside `<pre>`.
fn locate(html: &str, needle: &str, k: usize) -> Option<(usize, usize, usize)> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut seen = 0;
    let mut found = None;
    let mut i = 0;
    while i < html.len() {
        if html.as_bytes()[i] == b'<' {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            let tag = &html[i + 1..end.saturating_sub(1).max(i + 1)];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(name.as_str(), "a" | "code" | "pre") {
                if closing {
                    if let Some(p) = open.iter().rposition(|(n, _)| *n == name) {
                        open.truncate(p);
                    }
                } else {
                    open.push((name, i));
                }
            }
            i = end;
            continue;
        }
        let next = html[i..].find('<').map_or(html.len(), |e| i + e);
        let text = &html[i..next];
        let mut from = 0;
        while let Some(at) = text[from..].find(needle) {
            let start = i + from + at;
            if open.iter().all(|(n, _)| n != "pre") {
                if seen == k {
                    found = Some((start, open.first().map(|(n, _)| n.clone())));
                    break;
                }
                seen += 1;
            }
            from += at + needle.len();
        }
        if found.is_some() {
            break;
        }
        i = next;
    }
    let (start, outer) = found?;
    let end = start + needle.len();
    let mark = match outer {
        None => end,
        Some(name) => {
            // After the outermost link or code element's end tag.
            let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
            let mut depth = 1usize;
            let mut j = end;
            loop {
                let c = html[j..].find(&close_tag).map(|p| j + p)?;
                let o = html[j..].find(&open_tag).map(|p| j + p);
                match o {
                    Some(o) if o < c => {
                        depth += 1;
                        j = o + open_tag.len();
                    }
                    _ => {
                        depth -= 1;
                        j = c + close_tag.len();
                        if depth == 0 {
                            break j;
                        }
                    }
                }
            }
        }
    };
    Some((start, end, mark))
}

/// The button and its popover for finding `i`.
fn mark_html(i: usize, f: &Finding, drift_href: &str) -> String {
    let sev = f.severity.as_str();
    let truth = f
        .truth
        .as_ref()
        .map(|t| format!("<span class=\"drift-pop-truth\">True: {}</span>", escape(t)))
        .unwrap_or_default();
    format!(
        "<button type=\"button\" class=\"drift-mark {sev}\" popovertarget=\"dm-{i}\" aria-haspopup=\"dialog\"><span aria-hidden=\"true\">&#9873;</span> {rule}<span class=\"visually-hidden\"> ({sev}): show the finding</span></button>\
<span class=\"drift-pop\" id=\"dm-{i}\" popover role=\"dialog\" aria-label=\"{rule} ({sev})\">\
<span class=\"drift-pop-head\"><span class=\"pill pill-{sev}\">{sev}</span> <code>{rule}</code></span>\
<span class=\"drift-pop-msg\">{msg}</span>{truth}<span class=\"drift-pop-fix\">Fix: {fix}</span>\
<a class=\"drift-pop-link\" href=\"{drift_href}#f-{i}\">In the drift report</a></span>",
        rule = escape(f.rule),
        msg = escape(&f.message),
        fix = escape(&f.fix),
    )
}

/// An edit at a byte position, applied in order: a wrap closes before marks
/// at the same place, and opens after them.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Edit {
    Close,
    Marks(String),
    Open(&'static str),
}

/// `html` with a mark for each finding, at its text when that is found, else
/// at the start of its block (or of the page, before the first block).
pub(super) fn insert(
    html: &str,
    page: &PageSource<'_>,
    findings: &[(usize, &Finding)],
    drift_href: &str,
) -> String {
    // Byte position -> edits there.
    let mut edits: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    let mut marks: BTreeMap<usize, String> = BTreeMap::new();
    let mut top = String::new();
    // Wrapped spans, start -> end, disjoint.
    let mut wraps: BTreeMap<usize, usize> = BTreeMap::new();
    // Each line anchor's tag in the HTML, found in one pass: line -> (where the
    // tag starts, just past it). A search per finding was quadratic.
    const OPEN: &str = "<span class=\"docket-line\" id=\"docket-L";
    const CLOSE: &str = "\"></span>";
    let mut tags: std::collections::HashMap<usize, (usize, usize)> =
        std::collections::HashMap::new();
    for p in memchr::memmem::find_iter(html.as_bytes(), OPEN) {
        let rest = &html[p + OPEN.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>()
            && rest[digits..].starts_with(CLOSE)
        {
            tags.entry(n)
                .or_insert((p, p + OPEN.len() + digits + CLOSE.len()));
        }
    }
    let mut anchors: Vec<usize> = page.anchors.to_vec();
    anchors.sort_unstable();
    anchors.dedup();
    for &(i, f) in findings {
        let k = anchors.partition_point(|&a| a <= f.line);
        let block = k.checked_sub(1).map(|k| anchors[k]);
        let Some(block) = block else {
            top.push_str(&mark_html(i, f, drift_href));
            continue;
        };
        let Some(start) = tags.get(&block).map(|t| t.1) else {
            top.push_str(&mark_html(i, f, drift_href));
            continue;
        };
        let end = anchors
            .get(k)
            .and_then(|n| tags.get(n))
            .map(|t| t.0)
            .filter(|&e| e >= start)
            .unwrap_or(html.len());
        let line = page.map.line_text(page.text, f.line);
        let placed = offending(line, f.col).and_then(|needle| {
            // The how-manieth occurrence in the block's source, up to the finding.
            let mut before = 0;
            for l in block..f.line {
                before += page.map.line_text(page.text, l).matches(needle).count();
            }
            let upto = line
                .char_indices()
                .nth(f.col.saturating_sub(1))
                .map_or(line.len(), |(b, _)| b);
            before += line[..upto].matches(needle).count();
            let region = &html[start..end];
            locate(region, needle, before)
                .or_else(|| locate(region, needle, 0))
                .map(|(s, e, m)| (start + s, start + e, start + m))
        });
        match placed {
            Some((s, e, m)) => {
                // The wrap starting last before `e` is the only one that can
                // overlap `s..e` (they are disjoint).
                let free = wraps.range(..e).next_back().is_none_or(|(_, &b)| b <= s);
                if free {
                    wraps.insert(s, e);
                    let cls = if f.severity.as_str() == "error" {
                        "<span class=\"drift-target error\">"
                    } else {
                        "<span class=\"drift-target warning\">"
                    };
                    edits.entry(s).or_default().push(Edit::Open(cls));
                    edits.entry(e).or_default().push(Edit::Close);
                }
                marks
                    .entry(m)
                    .or_default()
                    .push_str(&mark_html(i, f, drift_href));
            }
            None => marks
                .entry(start)
                .or_default()
                .push_str(&mark_html(i, f, drift_href)),
        }
    }
    for (pos, m) in marks {
        edits.entry(pos).or_default().push(Edit::Marks(m));
    }
    let mut out = String::with_capacity(html.len() + 1024 * findings.len());
    if !top.is_empty() {
        out.push_str("<p class=\"drift-marks\">");
        out.push_str(&top);
        out.push_str("</p>\n");
    }
    let mut at = 0;
    for (pos, mut list) in edits {
        list.sort();
        out.push_str(&html[at..pos]);
        for e in list {
            match e {
                Edit::Close => out.push_str("</span>"),
                Edit::Marks(m) => out.push_str(&m),
                Edit::Open(tag) => out.push_str(tag),
            }
        }
        at = pos;
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offending_text_is_what_renders() {
        assert_eq!(
            offending("See [profiles](profile.md#x) now.", 5),
            Some("profiles")
        );
        assert_eq!(
            offending("Run `cargo hx --fast` first.", 5),
            Some("cargo hx --fast")
        );
        assert_eq!(
            offending("The release gate is **closed**.", 5),
            Some("release gate is")
        );
        assert_eq!(offending("| 5 / 7 | x |", 3), Some("5 / 7"));
        assert_eq!(offending("a *", 1), None);
        assert_eq!(offending("résumé [é]", 1), Some("résumé"));
    }

    #[test]
    fn locate_skips_tags_and_code_blocks_and_leaves_links() {
        let html = "<p>a <a href=\"profiles.html\">profiles</a> and profiles</p>";
        let (s, e, m) = locate(html, "profiles", 0).expect("found");
        assert_eq!(&html[s..e], "profiles");
        assert_eq!(&html[..m], "<p>a <a href=\"profiles.html\">profiles</a>");
        let (s, _, m) = locate(html, "profiles", 1).expect("second");
        assert_eq!(s, m - "profiles".len());
        assert!(locate("<pre><code>x = 1</code></pre>", "x = 1", 0).is_none());
        let nested = "<p><a href=\"x\"><code>cmd</code></a>.</p>";
        let (_, _, m) = locate(nested, "cmd", 0).expect("in code in a link");
        assert_eq!(&nested[m..], ".</p>");
    }
}

//! `<!-- docket-mode MODE: reason -->`: a maintainer corrects a misread mode in
//! place, as an allowance allows a finding. The comment covers the next block
//! (or, inside a paragraph, its own line); every claim there takes the mode,
//! with the comment as its evidence. The comment itself is a claim, so the rules
//! can report one that names no mode or gives no reason.

use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::mode::{Evidence, Mode, Scope};
use super::{Claim, ClaimAt, at};

/// `(mode name, reason)` of a `docket-mode` comment; `None` if it is not one.
fn parse(html: &str) -> Option<(String, String)> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let rest = inner.strip_prefix("docket-mode")?;
    if !rest.starts_with([' ', ':']) {
        return None;
    }
    let (mode, reason) = rest.split_once(':').unwrap_or((rest, ""));
    Some((mode.trim().to_string(), reason.trim().to_string()))
}

/// Byte range of the line holding `offset`.
fn line_of(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1);
    start..end
}

/// Read the page's `docket-mode` comments: give the claims they cover their
/// mode, and add each comment as a claim.
pub(crate) fn apply(events: &[(Event<'_>, Range<usize>)], src: &str, out: &mut Vec<ClaimAt>) {
    let mut found = Vec::new();
    for (i, (event, range)) in events.iter().enumerate() {
        let (Event::Html(h) | Event::InlineHtml(h)) = event else {
            continue;
        };
        let Some((name, reason)) = parse(h) else {
            continue;
        };
        let covers = if matches!(event, Event::InlineHtml(_)) {
            line_of(src, range.start)
        } else {
            // The block after the comment's HTML block.
            let mut after = false;
            let mut next = None;
            for (e, r) in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::HtmlBlock) if !after => after = true,
                    Event::Start(_) | Event::Html(_) if after => {
                        next = Some(r.clone());
                        break;
                    }
                    _ => {}
                }
            }
            next.unwrap_or_else(|| line_of(src, range.start))
        };
        found.push((Mode::from_name(&name), name, reason, range.start, covers));
    }
    for (mode, name, reason, offset, covers) in found {
        if let (Some(mode), false) = (mode, reason.is_empty()) {
            for c in out.iter_mut().filter(|c| covers.contains(&c.offset)) {
                c.mode = mode;
                c.evidence = Some(Box::new(Evidence {
                    words: reason.clone(),
                    scope: Scope::Override,
                    offset,
                }));
            }
        }
        out.push(at(
            Claim::ModeComment {
                mode: name,
                reason,
                covers: out.iter().filter(|c| covers.contains(&c.offset)).count(),
            },
            offset,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_parse() {
        assert_eq!(
            parse("<!-- docket-mode example: a user's Rails app -->"),
            Some(("example".into(), "a user's Rails app".into()))
        );
        assert_eq!(
            parse("<!-- docket-mode current -->"),
            Some(("current".into(), String::new()))
        );
        assert_eq!(parse("<!-- docket-modes x: y -->"), None);
        assert_eq!(parse("<!-- docket-allow x: y -->"), None);
    }
}

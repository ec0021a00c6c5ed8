//! `sanitize = true`: a page's rendered body through an allowlist sanitizer.
//!
//! The whole body is parsed as HTML (ammonia, on html5ever, the browsers'
//! parsing algorithm), and only listed elements, attributes and URL schemes
//! survive; everything else is dropped, the text of unknown elements kept.
//! Patterns over raw text cannot do this: a browser reads `<img src=x
//! onerror=...>` without a space, `jav&#x61;script:` and `java&#9;script:`,
//! and tags split across Markdown events, and so does this parser. The body
//! is sanitized after rendering, so Markdown's own output (links, images,
//! heading attributes `{onmouseover=...}`) goes through the same allowlist as
//! raw HTML.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Elements a page body may keep: text structure, tables, lists, code, images
/// (in mdBook's `label` around a zoom checkbox), and `input` for task lists
/// and that checkbox (forced to a checkbox: it submits nothing, there being no
/// form, and mdBook's zoom works by CSS alone). No scripts,
/// styles, frames, embeds, forms, `<base>`, `<meta>`, `<link>`, SVG or MathML.
pub const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes any kept element may carry. No event handlers, no `style`
/// (except alignment on table cells), no `name` (it would shadow globals).
pub const GLOBAL_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "aria-label",
    "aria-hidden",
];

/// Attributes of particular elements.
pub const ELEMENT_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("input", &["type", "checked", "disabled"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("th", &["colspan", "rowspan", "style", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("time", &["datetime"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
    ("details", &["open"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
];

/// URL schemes a link or image may use; relative URLs are kept as written.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The only CSS property kept in a `style` attribute (Markdown table alignment).
pub const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// Element ids docket's page script looks up: a body element carrying one
/// would be found in place of docket's own, so the id is dropped.
const RESERVED_IDS: &[&str] = &[
    "content",
    "docket-chapters",
    "docket-results",
    "docket-search",
    "docket-theme",
    "defines-filter",
    "defines-table",
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(ELEMENTS.iter().copied().collect())
        .generic_attributes(GLOBAL_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            ELEMENT_ATTRIBUTES
                .iter()
                .map(|(t, a)| (*t, a.iter().copied().collect::<HashSet<_>>()))
                .collect::<HashMap<_, _>>(),
        )
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        // A task list's box (disabled as rendered) or an image's zoom box;
        // never another kind of control.
        .set_tag_attribute_value("input", "type", "checkbox")
        .clean_content_tags(["script", "style"].into_iter().collect())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|_, attr, value| {
            if attr == "id" && RESERVED_IDS.contains(&value) {
                None
            } else {
                Some(value.into())
            }
        });
    b
});

/// `html` (a rendered page body) with everything outside the allowlist removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_do_not_survive() {
        for payload in [
            "<script>alert(1)</script>",
            "<svg/onload=alert(1)>",
            "<img src=\"x\"onerror=alert(1)>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=\"java&#9;script:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<meta http-equiv=refresh content=\"0;url=https://evil\">",
            "<form action=https://evil><input type=submit></form>",
            "<link rel=stylesheet href=https://evil/x.css>",
            "<base href=\"https://evil/\">",
            "<iframe src=https://evil></iframe>",
            "<object data=x></object><embed src=x>",
            "<p onclick=\"alert(1)\">p</p>",
            "<h2 onmouseover=\"alert(1)\">h</h2>",
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<div style=\"position:fixed;top:0\">x</div>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<span id=\"docket-search\">x</span>",
        ] {
            let out = clean(payload).to_lowercase();
            for bad in [
                "<script",
                "onload",
                "onerror",
                "onclick",
                "onmouseover",
                "javascript",
                "<meta",
                "<form",
                "<link",
                "<base",
                "<iframe",
                "<object",
                "<embed",
                "<svg",
                "data:",
                "position",
                "<math",
                "docket-search",
            ] {
                assert!(!out.contains(bad), "{payload} → {out}");
            }
        }
    }

    #[test]
    fn markdown_output_survives() {
        for html in [
            "<h2 id=\"a-b\">A <a class=\"heading-link\" href=\"#a-b\" aria-label=\"Link to this section\">#</a></h2>",
            "<p><span class=\"docket-line\" id=\"docket-L3\"></span>Text <a href=\"x.html#y\">x</a> <a href=\"https://e.org/\">e</a></p>",
            "<table><thead><tr><th style=\"text-align: left\">a</th></tr></thead></table>",
            "<pre><code class=\"language-rust\"><span class=\"hl-kw\">fn</span></code></pre>",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">done</li></ul>",
            "<p><img src=\"img/a.png\" alt=\"a\"></p>",
            "<h2 id=\"a\"><a class=\"header\" href=\"#a\">A</a></h2>",
            "<p><label class=\"checkbox-label\"><input class=\"checkbox-img\" type=\"checkbox\"><img src=\"a.png\" alt=\"\"><span class=\"img-wrapper\"><img src=\"a.png\" alt=\"\"></span></label></p>",
            "<pre class=\"playground\"><code class=\"language-rust\"><span class=\"boring\">fn main() {\n</span></code></pre>",
        ] {
            // ammonia re-serializes the declarations it keeps without the space.
            let out = clean(html).replace("text-align:left", "text-align: left");
            assert_eq!(out, html, "changed");
        }
    }
}

//! mdBook's Markdown settings and its heading ids, in one place, so a page
//! parses and renders as `mdbook build` (0.5) would parse and render it.

use std::collections::HashSet;

use pulldown_cmark::Options;

pub use crate::input::config::mdbook::RenderOptions;
pub use crate::input::preprocess::{is_readme, page_url};

impl RenderOptions {
    /// pulldown-cmark options: mdBook's set, plus the optional ones it enables.
    pub fn parser(&self) -> Options {
        let mut o = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        if self.smart_punctuation {
            o |= Options::ENABLE_SMART_PUNCTUATION;
        }
        if self.definition_lists {
            o |= Options::ENABLE_DEFINITION_LIST;
        }
        if self.admonitions {
            // GFM in pulldown-cmark 0.13 is the `> [!NOTE]` blockquote tags.
            o |= Options::ENABLE_GFM;
        }
        o
    }
}

/// An id from a heading's text, as mdBook makes it: alphanumerics, `_` and `-`
/// kept (ASCII letters lowercased), whitespace to `-`, the rest dropped.
pub fn id_from_text(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Hands out page-unique ids: a taken id gets `-1`, `-2`, … until it is free.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    /// Per base, the next suffix to try: 20,000 equal headings stay linear.
    next: std::collections::HashMap<String, usize>,
}

impl Ids {
    /// A unique id for a heading whose text gives `base`; as mdBook, an empty
    /// one stays empty (then `-1`, `-2`, …).
    pub fn unique(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        if self.used.contains(&id) {
            let n = self.next.entry(base.to_string()).or_insert(1);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if !self.used.contains(&id) {
                    break;
                }
            }
        }
        self.used.insert(id.clone());
        id
    }
}

/// The text of inline HTML as mdBook reads it for ids: tags and comments dropped.
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else {
            rest.find('>').map(|e| e + 1)
        };
        match end {
            Some(e) => rest = &rest[e..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_as_mdbook() {
        assert_eq!(id_from_text("Foo^bar"), "foobar");
        assert_eq!(id_from_text("Über alles"), "Über-alles");
        assert_eq!(id_from_text("Hï"), "hï");
        assert_eq!(id_from_text("`--passes`: add"), "--passes-add");
        let mut ids = Ids::default();
        let got: Vec<String> = ["repeat", "repeat", "repeat", "repeat-1", "", "", ""]
            .iter()
            .map(|b| ids.unique(b))
            .collect();
        assert_eq!(
            got,
            [
                "repeat",
                "repeat-1",
                "repeat-2",
                "repeat-1-1",
                "",
                "-1",
                "-2"
            ]
        );
    }

    #[test]
    fn readme_becomes_index() {
        assert_eq!(page_url("README.md", true), "index.html");
        assert_eq!(page_url("cli/Readme.md", true), "cli/index.html");
        assert_eq!(page_url("cli/README.md", false), "cli/README.html");
        assert_eq!(page_url("readme-more.md", true), "readme-more.html");
        assert_eq!(html_text("<!--c--> a <span>b</span>"), " a b");
    }
}

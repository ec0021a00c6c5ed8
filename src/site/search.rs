//! The offline search index, built in one pass over the rendered pages.
//!
//! Each page is cut into sections at its headings; each section's text is
//! tokenized (lowercased, Latin accents folded, CJK text as character bigrams so
//! a substring query finds it) into an inverted index from term to sections. The
//! index is a script (`search-index.js`) rather than JSON so the site works from
//! `file://`, where `fetch` is not allowed.

use std::collections::BTreeMap;

use serde::Serialize;

/// A page's rendered body, for indexing.
pub struct PageText<'a> {
    /// Page title.
    pub title: &'a str,
    /// URL relative to the site root.
    pub url: String,
    /// Body HTML.
    pub html: &'a str,
}

#[derive(Serialize)]
struct Index<'a> {
    /// `[title, url]` per page.
    p: Vec<(String, String)>,
    /// `[page, heading, anchor, snippet]` per section.
    s: Vec<(usize, String, String, String)>,
    /// term → section indices, sorted.
    t: BTreeMap<&'a str, Vec<usize>>,
}

/// Fold common Latin accents so `resume` finds `résumé`.
pub fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ť' | 'ţ' => 't',
        'ß' => 's',
        c => c,
    }
}

/// Whether `c` is written without spaces between words (CJK).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Terms of `text`: words of letters, digits and `_`, lowercased and folded;
/// CJK runs as overlapping bigrams (a lone CJK char as itself).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        if cjk.len() == 1 {
            out.push(cjk[0].to_string());
        }
        for w in cjk.windows(2) {
            out.push(w.iter().collect());
        }
        cjk.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            cjk.push(c);
        } else if c.is_alphanumeric() || c == '_' {
            flush_cjk(&mut cjk, &mut out);
            for l in c.to_lowercase() {
                word.push(fold(l));
            }
        } else {
            flush_cjk(&mut cjk, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_cjk(&mut cjk, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Tags that separate words when dropped.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "li",
    "td",
    "th",
    "tr",
    "br",
    "pre",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "table",
    "hr",
];

/// Visible text of an HTML fragment (tags dropped, common entities decoded).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Split body HTML at its headings: `(heading text, anchor id, section HTML)`.
fn sections(html: &str) -> Vec<(String, String, &str)> {
    let mut out = Vec::new();
    let mut heading = (String::new(), String::new());
    let mut start = 0;
    let mut i = 0;
    while let Some(rel) = html[i..].find("<h") {
        let at = i + rel;
        let bytes = html.as_bytes();
        let is_heading = bytes.get(at + 2).is_some_and(|b| (b'1'..=b'6').contains(b));
        if !is_heading {
            i = at + 2;
            continue;
        }
        let close_tag = format!("</h{}>", bytes[at + 2] as char);
        let Some(end_rel) = html[at..].find(&close_tag) else {
            break;
        };
        let end = at + end_rel + close_tag.len();
        out.push((heading.0.clone(), heading.1.clone(), &html[start..at]));
        let tag = &html[at..end];
        let id = tag
            .split("id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_string();
        let text = strip_tags(tag).trim_end_matches('#').trim().to_string();
        heading = (text, id);
        start = end;
        i = end;
    }
    out.push((heading.0, heading.1, &html[start..]));
    out
}

/// Snippets are cut to this many chars: enough to recognise a section, and
/// they are most of the index's bytes.
const SNIPPET: usize = 100;

/// A section ready to index: heading, anchor, snippet, terms.
type Section = (String, String, String, Vec<String>);

/// Sections of pages already indexed, by (url, fingerprint of title and body):
/// `serve` rebuilds the index after every edit, and only edited pages change.
static CACHE: std::sync::LazyLock<std::sync::Mutex<SectionCache>> =
    std::sync::LazyLock::new(Default::default);

/// (url, fingerprint) → the page's indexed sections.
type SectionCache = std::collections::HashMap<(String, String), std::sync::Arc<Vec<Section>>>;

/// The index as a script that sets `window.docketSearchIndex`.
pub fn build(pages: &[PageText<'_>]) -> String {
    use rayon::prelude::*;
    let cached = |page: &PageText<'_>| -> (String, String) {
        (
            page.url.clone(),
            crate::report::fingerprint(&[page.title, page.html]),
        )
    };
    // Sections and their terms per page, across the cores; merged in page order.
    let per_page: Vec<std::sync::Arc<Vec<Section>>> = pages
        .par_iter()
        .map(|page| {
            let key = cached(page);
            if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
                return hit;
            }
            let secs: Vec<Section> = sections(page.html)
                .into_iter()
                .filter_map(|(heading, anchor, body)| {
                    let text = strip_tags(body);
                    if text.is_empty() && heading.is_empty() {
                        return None;
                    }
                    let snippet: String = text.chars().take(SNIPPET).collect();
                    let heading_text = if heading.is_empty() {
                        page.title.to_string()
                    } else {
                        heading.clone()
                    };
                    let mut seen: Vec<String> = terms(&heading_text);
                    seen.extend(terms(&text));
                    if heading.is_empty() {
                        seen.extend(terms(page.title));
                    }
                    // One-letter words find everything and nothing: not indexed
                    // (a lone CJK character is kept: it is a word).
                    seen.retain(|t| t.chars().count() > 1 || t.chars().any(is_cjk));
                    seen.sort_unstable();
                    seen.dedup();
                    Some((heading_text, anchor, snippet, seen))
                })
                .collect();
            let secs = std::sync::Arc::new(secs);
            if let Ok(mut c) = CACHE.lock() {
                c.insert(key, std::sync::Arc::clone(&secs));
            }
            secs
        })
        .collect();
    // Terms borrow from the sections: no per-term copies while merging.
    let mut idx = Index {
        p: Vec::new(),
        s: Vec::new(),
        t: BTreeMap::new(),
    };
    for (pi, (page, sections)) in pages.iter().zip(&per_page).enumerate() {
        idx.p.push((page.title.to_string(), page.url.clone()));
        for (heading, anchor, snippet, seen) in sections.iter() {
            let si = idx.s.len();
            for t in seen {
                idx.t.entry(t.as_str()).or_default().push(si);
            }
            idx.s
                .push((pi, heading.clone(), anchor.clone(), snippet.clone()));
        }
    }
    let json = serde_json::to_string(&idx).unwrap_or_else(|_| "{}".into());
    // `</script>` inside a string cannot end the script: escape `<`.
    format!(
        "window.docketSearchIndex={};\n",
        json.replace('<', "\\u003c")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_fold_and_split_cjk() {
        assert_eq!(
            terms("Résumé: rust_output=<dir>"),
            ["resume", "rust_output", "dir"]
        );
        assert_eq!(terms("東京都に"), ["東京", "京都", "都に"]);
    }

    #[test]
    fn sections_follow_headings() {
        let s = sections("<p>intro</p><h2 id=\"a\">A <a href=\"#a\">#</a></h2><p>alpha</p>");
        assert_eq!(s.len(), 2);
        assert_eq!((s[1].0.as_str(), s[1].1.as_str()), ("A", "a"));
    }
}

//! The offline search index, built in one pass over the parsed pages, in shards.
//!
//! Each page is cut into sections at its headings; each section's text is
//! tokenized (lowercased, accents folded through `fold`, CJK text as character
//! bigrams so a substring query finds it) into an inverted index from term to
//! sections, with the term's count in the section and each section's length in
//! terms: what BM25 needs. The sections' text goes to separate chunks of 20 pages,
//! loaded only for the results shown (snippets around the match, proximity), so
//! the part every search loads stays small. The index is scripts rather than
//! JSON so the site works from `file://`, where `fetch` is not allowed.

use std::fmt::Write as _;

use super::fold::{is_combining, push_folded};
use super::search_keys::{Postings, version};

/// A page's rendered body, for indexing.
pub struct PageText<'a> {
    /// Page title.
    pub title: &'a str,
    /// URL relative to the site root.
    pub url: String,
    /// Body HTML (what the cache compares).
    pub html: &'a str,
    /// Visible text per section, from the parse.
    pub sections: &'a [crate::markdown::SearchSection],
}

/// Whether `c` is written without spaces between words (CJK).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Terms of `text`: words of letters, digits and `_`, lowercased and folded;
/// CJK runs as overlapping bigrams (a lone CJK char as itself).
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut norm = String::new();
    let mut spans = Vec::new();
    term_spans(text, &mut norm, &mut spans);
    spans
        .iter()
        .map(|&(a, b)| norm[a as usize..b as usize].to_string())
        .collect()
}

/// Append `text`'s terms, normalized, to `norm`, and each term's byte range in
/// `norm` to `spans`: one buffer per page instead of a string per term.
fn term_spans(text: &str, norm: &mut String, spans: &mut Vec<(u32, u32)>) {
    // All-ASCII text (most sections of most books): lowercase it whole, then
    // cut words at the bytes that are not word bytes.
    if text.is_ascii() {
        let base = norm.len();
        norm.push_str(text);
        norm[base..].make_ascii_lowercase();
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n {
            while i < n && !is_word_byte(b[i]) {
                i += 1;
            }
            let s = i;
            while i < n && is_word_byte(b[i]) {
                i += 1;
            }
            if i - s >= 2 {
                spans.push(((base + s) as u32, (base + i) as u32));
            }
        }
        return;
    }
    let mut word: Option<usize> = None;
    // Starts (in `norm`) of the current run of CJK chars.
    let mut cjk: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let is_word = is_word_byte;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, nearly all of most books, byte by byte without decoding.
        if is_word(b) {
            if !cjk.is_empty() {
                flush_cjk(&mut cjk, norm, spans);
            }
            word.get_or_insert(norm.len());
            norm.push(b.to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        if b.is_ascii() {
            if !cjk.is_empty() {
                flush_cjk(&mut cjk, norm, spans);
            }
            end_word(&mut word, norm, spans);
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if is_cjk(c) {
            end_word(&mut word, norm, spans);
            cjk.push(norm.len());
            norm.push(c);
        } else if c.is_alphanumeric() || (is_combining(c) && word.is_some()) {
            flush_cjk(&mut cjk, norm, spans);
            word.get_or_insert(norm.len());
            for l in c.to_lowercase() {
                push_folded(l, norm);
            }
        } else {
            flush_cjk(&mut cjk, norm, spans);
            end_word(&mut word, norm, spans);
        }
    }
    flush_cjk(&mut cjk, norm, spans);
    end_word(&mut word, norm, spans);
}

/// Which bytes are ASCII letters, digits or `_`, the bytes of a word: one
/// load per byte of a book's text instead of four range tests.
const WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// An ASCII letter, digit or `_`: a byte of a word.
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// Close the current word. One-letter words find everything and nothing:
/// they are not indexed.
fn end_word(word: &mut Option<usize>, norm: &str, spans: &mut Vec<(u32, u32)>) {
    // Two bytes or more, and (for the short ones) two chars or more.
    if let Some(start) = word.take()
        && norm.len() - start >= 2
        && (norm.len() - start > 4 || norm[start..].chars().nth(1).is_some())
    {
        spans.push((start as u32, norm.len() as u32));
    }
}

/// Close a run of CJK chars: overlapping bigrams, or the lone char.
fn flush_cjk(cjk: &mut Vec<usize>, norm: &str, spans: &mut Vec<(u32, u32)>) {
    if cjk.len() == 1 {
        spans.push((cjk[0] as u32, norm.len() as u32));
    }
    for w in cjk.windows(2) {
        let end = norm[w[1]..]
            .chars()
            .next()
            .map_or(norm.len(), |c| w[1] + c.len_utf8());
        spans.push((w[0] as u32, end as u32));
    }
    cjk.clear();
}

/// One section, indexed: heading, anchor, length in terms, and where its
/// terms (repeats included, the heading's first) are in its page's `spans`.
struct IndexedSection {
    heading: String,
    anchor: String,
    len: u32,
    /// Its terms: `spans[terms]`.
    terms: std::ops::Range<usize>,
    /// How many of them are the heading's.
    in_heading: usize,
}

struct PageIndex {
    sections: Vec<IndexedSection>,
    norm: String,
    /// Every section's terms as ranges of `norm`, one after another: one
    /// vector per page rather than one per section.
    spans: Vec<(u32, u32)>,
    /// The title's terms, as ranges of `norm`.
    title: Vec<(u32, u32)>,
}

fn index_page(page: &PageText<'_>) -> PageIndex {
    let mut norm = String::with_capacity(page.html.len() / 3);
    let mut out = Vec::with_capacity(page.sections.len());
    let mut title = Vec::new();
    term_spans(page.title, &mut norm, &mut title);
    // A term is two bytes and a separator at least: room for most pages' terms.
    let text: usize = page.sections.iter().map(|s| s.text.len()).sum();
    let mut spans = Vec::with_capacity(text / 6);
    for sec in page.sections {
        let heading = if sec.heading.is_empty() {
            page.title.to_string()
        } else {
            sec.heading.clone()
        };
        // Every word, repeats included: the shard's postings count them.
        let first = spans.len();
        term_spans(&heading, &mut norm, &mut spans);
        let in_heading = spans.len() - first;
        term_spans(&sec.text, &mut norm, &mut spans);
        out.push(IndexedSection {
            heading,
            anchor: sec.anchor.clone(),
            len: u32::try_from(spans.len() - first).unwrap_or(u32::MAX),
            terms: first..spans.len(),
            in_heading,
        });
    }
    PageIndex {
        sections: out,
        norm,
        spans,
        title,
    }
}

/// What `serve`'s session keeps between builds, so that an edit re-indexes and
/// rewrites only what it changed: each page's index by url, the shards the last
/// build wrote, and the print page's chapters. A one-shot `build` has none: it
/// would only cost memory.
#[derive(Default)]
pub struct SiteCache {
    pages: std::sync::Mutex<SectionCache>,
    /// The pages each shard was made from and its version. Holding the pages'
    /// indexes keeps their identity meaningful: an equal pointer is the same,
    /// unchanged page index.
    #[allow(clippy::type_complexity)]
    shards: std::sync::Mutex<Vec<(Vec<std::sync::Arc<PageIndex>>, String)>>,
    /// The print page's chapters as last written, in book order.
    pub(super) print: std::sync::Mutex<Vec<std::sync::Arc<String>>>,
}

type SectionCache = std::collections::HashMap<String, std::sync::Arc<PageIndex>>;

fn push_u32(out: &mut String, n: u32) {
    crate::core::text::push_decimal(out, u64::from(n));
}

/// Each byte of `x` repeated: the SWAR tests below compare eight at a time.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Whether any of the eight bytes of `x` needs escaping in a JSON string
/// (`"`, `\`, a control char) or is `<`: what most text is spared a byte at
/// a time. Bytewise "less than" and "zero" on the word (exact as a yes/no).
fn any_escape(x: u64) -> bool {
    const HI: u64 = splat(0x80);
    let less = |v: u64, n: u8| v.wrapping_sub(splat(n)) & !v & HI;
    let zero = |v: u64| less(v, 1);
    (less(x, 0x20) | zero(x ^ splat(b'"')) | zero(x ^ splat(b'\\')) | zero(x ^ splat(b'<'))) != 0
}

/// JSON string literal of `s`, with `<` escaped so `</script>` cannot end the script.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            if !any_escape(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'<' => Some("\\u003c"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..0x20 => None,
            _ => {
                i += 1;
                continue;
            }
        };
        // Escaped bytes are ASCII: `from` and `i` are char boundaries.
        out.push_str(&s[from..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        i += 1;
        from = i;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// Pages per shard of the index: an edit in `serve` re-indexes and rewrites
/// one shard, not the book's whole index.
pub const SHARD_PAGES: usize = 100;

/// Pages per chunk of section text: a search loads the chunks of the results
/// it shows, so a chunk is small.
pub const TEXT_PAGES: usize = 20;

/// Where the index's files go: `(file under the site root, text)`.
pub type Writer<'w> = dyn Fn(&str, &str) -> Result<(), super::SiteError> + Sync + 'w;

/// Build the index, writing each shard and its text chunks through `write` as
/// soon as they are made, and return `search-index.js`:
/// `window.docketSearchIndex = {"p": [[title, url]], "shards":
/// ["search/K.js?v=…"]}`, for the caller to write after them (a reader never
/// loads a list naming shards not yet there). Each shard sets
/// `window.docketSearchShards[K] = {"s": [[page, heading, anchor, length]],
/// "c": [[first section, chunk url]], "t": {term: [section * 64 + in title *
/// 32 + in heading * 16 + count]}}`: sections numbered within the shard, terms
/// sorted, a term's count in a section capped at 15. Chunk `K-J` sets
/// `window.docketSearchText["K-J"]` to the text of its sections, in order.
/// `unchanged` (an update in place): the pages whose text is as `cache` last
/// indexed it; the files it wrote last are still on disk, so a shard of
/// unchanged pages is not written again.
pub fn build(
    pages: &[PageText<'_>],
    unchanged: Option<&std::collections::BTreeSet<usize>>,
    cache: Option<&SiteCache>,
    write: &Writer<'_>,
) -> Result<String, super::SiteError> {
    use rayon::prelude::*;
    let in_place = unchanged.is_some();
    let previous = if let Some(c) = cache.filter(|_| in_place) {
        c.shards.lock().map(|s| s.clone()).unwrap_or_default()
    } else {
        Vec::new()
    };
    // A page's sections and terms; a page the caller says is as last indexed
    // comes from the cache.
    let page_index = |i: usize, page: &PageText<'_>| {
        if unchanged.is_some_and(|u| u.contains(&i))
            && let Some(hit) = cache
                .and_then(|c| c.pages.lock().ok())
                .and_then(|c| c.get(&page.url).map(std::sync::Arc::clone))
        {
            return hit;
        }
        let idx = std::sync::Arc::new(index_page(page));
        if let Some(Ok(mut c)) = cache.map(|c| c.pages.lock()) {
            c.insert(page.url.clone(), std::sync::Arc::clone(&idx));
        }
        idx
    };
    // Shards are independent: each across the cores, its pages indexed, its
    // files written and its pages' indexes dropped (unless a cache keeps them)
    // before the next, so the whole book's index is never held at once.
    let shards: Vec<(Vec<std::sync::Arc<PageIndex>>, String)> =
        crate::core::timed("search: shards", || {
            pages
                .par_chunks(SHARD_PAGES)
                .enumerate()
                .map(|(k, texts)| {
                    let first = k * SHARD_PAGES;
                    let ids: Vec<std::sync::Arc<PageIndex>> = texts
                        .iter()
                        .enumerate()
                        .map(|(n, page)| page_index(first + n, page))
                        .collect();
                    // Unchanged pages keep their cached indexes (the same
                    // allocations): the files on disk are current.
                    if let Some((old_ids, version)) = previous.get(k)
                        && old_ids.len() == ids.len()
                        && old_ids
                            .iter()
                            .zip(&ids)
                            .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
                    {
                        return Ok((ids, version.clone()));
                    }
                    let (text, chunks) = shard_files(k, first, &ids, texts);
                    // Chunks first: a reader never loads a shard naming chunks not yet there.
                    for (name, chunk) in &chunks {
                        write(name, chunk)?;
                    }
                    write(&format!("search/{k}.js"), &text)?;
                    let kept = if cache.is_some() { ids } else { Vec::new() };
                    Ok((kept, version(&text)))
                })
                .collect::<Result<_, super::SiteError>>()
        })?;
    let mut main = String::with_capacity(pages.len() * 64);
    main.push_str("window.docketSearchIndex={\"p\":[");
    for (pi, page) in pages.iter().enumerate() {
        if pi > 0 {
            main.push(',');
        }
        main.push('[');
        push_json_str(&mut main, page.title);
        main.push(',');
        push_json_str(&mut main, &page.url);
        main.push(']');
    }
    main.push_str("],\"shards\":[");
    for (k, (_, version)) in shards.iter().enumerate() {
        if k > 0 {
            main.push(',');
        }
        push_json_str(&mut main, &format!("search/{k}.js?v={version}"));
    }
    main.push_str("]};\n");
    if let Some(Ok(mut s)) = cache.map(|c| c.shards.lock()) {
        *s = shards;
    }
    Ok(main)
}

/// One shard's script (its pages' sections and postings within the shard),
/// and its text chunks as files.
fn shard_files(
    k: usize,
    first_page: usize,
    pages: &[std::sync::Arc<PageIndex>],
    texts: &[PageText<'_>],
) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(pages.len() * 2048);
    out.push_str("(window.docketSearchShards=window.docketSearchShards||{})[");
    push_u32(&mut out, k as u32);
    out.push_str("]={\"s\":[");
    let mut postings = Postings::new();
    let mut si: u32 = 0;
    // (first section, chunk file, chunk script)
    let mut chunks: Vec<(u32, String, String)> = Vec::new();
    for (i, idx) in pages.iter().enumerate() {
        if i % TEXT_PAGES == 0 {
            let j = i / TEXT_PAGES;
            let size: usize = texts
                .iter()
                .skip(i)
                .take(TEXT_PAGES)
                .flat_map(|t| t.sections.iter())
                .map(|s| s.text.len() + 4)
                .sum();
            let mut c = String::with_capacity(size + size / 16 + 96);
            c.push_str("(window.docketSearchText=window.docketSearchText||{})[");
            push_json_str(&mut c, &format!("{k}-{j}"));
            c.push_str("]=[");
            chunks.push((si, format!("search/{k}-{j}.js"), c));
        }
        let title: Vec<&str> = idx
            .title
            .iter()
            .map(|&(a, b)| &idx.norm[a as usize..b as usize])
            .collect();
        for (n, sec) in idx.sections.iter().enumerate() {
            if si > 0 {
                out.push(',');
            }
            out.push('[');
            push_u32(&mut out, (first_page + i) as u32);
            out.push(',');
            push_json_str(&mut out, &sec.heading);
            out.push(',');
            push_json_str(&mut out, &sec.anchor);
            out.push(',');
            push_u32(&mut out, sec.len);
            out.push(']');
            if let Some((first, _, c)) = chunks.last_mut() {
                if si > *first {
                    c.push(',');
                }
                let text = texts
                    .get(i)
                    .and_then(|t| t.sections.get(n))
                    .map_or("", |s| s.text.as_str());
                push_json_str(c, text);
            }
            let spans = idx.spans.get(sec.terms.clone()).unwrap_or(&[]);
            for (n, &(a, b)) in spans.iter().enumerate() {
                let (a, b) = (a as usize, b as usize);
                let list = postings.of(&idx.norm, a, b);
                // Section, whether the term is in the page's title and in the
                // section's heading, and its count (up to 15), in one number.
                match list.last_mut() {
                    Some(last) if *last >> 6 == si => {
                        if *last & 15 < 15 {
                            *last += 1;
                        }
                    }
                    _ => {
                        let term = &idx.norm[a..b];
                        let in_title = u32::from(title.contains(&term)) << 5;
                        // The heading's terms come first: a first occurrence there.
                        let in_heading = u32::from(n < sec.in_heading) << 4;
                        list.push((si << 6) | in_title | in_heading | 1);
                    }
                }
            }
            si += 1;
        }
    }
    out.push_str("],\"c\":[");
    let mut files = Vec::with_capacity(chunks.len() + 1);
    for (n, (first, name, mut text)) in chunks.into_iter().enumerate() {
        text.push_str("];\n");
        if n > 0 {
            out.push(',');
        }
        out.push('[');
        push_u32(&mut out, first);
        out.push(',');
        push_json_str(&mut out, &format!("{name}?v={}", version(&text)));
        out.push(']');
        files.push((name, text));
    }
    out.push_str("],\"t\":{");
    push_postings(&mut out, postings);
    out.push_str("}};\n");
    (out, files)
}

/// `"term":[posting,…],…`, terms sorted.
fn push_postings(out: &mut String, postings: Postings<'_>) {
    let mut terms = postings.list;
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (k, (term, secs)) in terms.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_json_str(out, term);
        out.push_str(":[");
        for (j, s) in secs.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_u32(out, *s);
        }
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `search-index.js` and the files written before it, in the order written.
    fn built(pages: &[PageText<'_>]) -> (String, Vec<(String, String)>) {
        let written = std::sync::Mutex::new(Vec::new());
        let main = build(pages, None, None, &|name, text| {
            written
                .lock()
                .expect("no panic while held")
                .push((name.to_string(), text.to_string()));
            Ok(())
        })
        .expect("nothing fails to write");
        (main, written.into_inner().expect("no panic while held"))
    }

    #[test]
    fn index_is_valid_json_with_sorted_terms_and_section_postings() {
        let sec = |heading: &str, anchor: &str, text: &str| crate::markdown::SearchSection {
            heading: heading.into(),
            anchor: anchor.into(),
            text: text.into(),
        };
        let a = [
            sec("", "", "Gate closed </script>"),
            sec("Zeta", "zeta", "gate again a"),
        ];
        let b = [
            sec("", "", "intro"),
            sec(
                "Alpha",
                "alpha",
                "\u{1}tab\there \"quoted\" back\\slash beta",
            ),
        ];
        let filler = [sec("", "", "filler words")];
        let titles: Vec<String> = (0..SHARD_PAGES + 1).map(|i| format!("P{i}")).collect();
        let mut pages: Vec<PageText<'_>> = titles
            .iter()
            .map(|t| PageText {
                title: t,
                url: format!("{t}.html"),
                html: "z",
                sections: &filler,
            })
            .collect();
        pages[0] = PageText {
            title: "A",
            url: "a.html".into(),
            html: "x",
            sections: &a,
        };
        // The last page opens the second shard.
        pages[SHARD_PAGES] = PageText {
            title: "Beta",
            url: "b.html".into(),
            html: "y",
            sections: &b,
        };
        let (index_main, written) = built(&pages);
        let json = |js: &str, prefix: &str| -> serde_json::Value {
            assert!(!js.contains("</script>"), "`<` must be escaped");
            let body = js
                .strip_prefix(prefix)
                .and_then(|j| j.strip_suffix(";\n"))
                .expect("script shape");
            serde_json::from_str(body).expect("valid JSON")
        };
        let main = json(&index_main, "window.docketSearchIndex=");
        assert_eq!(
            main["p"][SHARD_PAGES],
            serde_json::json!(["Beta", "b.html"])
        );
        // Each shard's chunks are written before it.
        for (k, (name, _)) in written.iter().enumerate() {
            if let Some(chunk) = name.strip_suffix(".js").and_then(|n| n.split_once('-')) {
                let shard = format!("{}.js", chunk.0);
                assert!(written[k..].iter().any(|(n, _)| *n == shard), "{name}");
            }
        }
        let mut names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        // Shard 0 has 100 pages: five text chunks, then the shard itself.
        assert_eq!(
            names,
            [
                "search/0-0.js",
                "search/0-1.js",
                "search/0-2.js",
                "search/0-3.js",
                "search/0-4.js",
                "search/0.js",
                "search/1-0.js",
                "search/1.js"
            ]
        );
        assert!(
            main["shards"][1]
                .as_str()
                .is_some_and(|u| u.starts_with("search/1.js?v="))
        );
        let file = |name: &str| {
            written
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
                .expect("a fresh build writes every file")
        };
        let shard = |k: usize| {
            json(
                file(&format!("search/{k}.js")),
                &format!("(window.docketSearchShards=window.docketSearchShards||{{}})[{k}]="),
            )
        };
        let (s0, s1) = (shard(0), shard(1));
        let t = s0["t"].as_object().expect("terms");
        let keys: Vec<&String> = t.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        // Shard 0's sections: 0 (A, intro), 1 (A, Zeta), 2.. fillers; one-letter
        // words are dropped. Postings are section * 64 + in title * 32 + in
        // heading * 16 + count: "gate" once in section 0, once in section 1;
        // "zeta" in 1's heading.
        assert_eq!(t["gate"], serde_json::json!([1, 64 + 1]));
        assert_eq!(t["zeta"], serde_json::json!([64 + 16 + 1]));
        assert!(t.get("a").is_none());
        assert_eq!(t["filler"].as_array().map(Vec::len), Some(SHARD_PAGES - 1));
        // Sections: page, heading (the title before the first heading), anchor, length.
        assert_eq!(s0["s"][0], serde_json::json!([0, "A", "", 3]));
        assert_eq!(s0["s"][1], serde_json::json!([0, "Zeta", "zeta", 3]));
        // Chunks start at the first section of every 20 pages.
        assert_eq!(s0["c"][1][0], 2 + 19);
        assert!(
            s0["c"][1][1]
                .as_str()
                .is_some_and(|u| u.starts_with("search/0-1.js?v="))
        );
        let text = json(
            file("search/1-0.js"),
            "(window.docketSearchText=window.docketSearchText||{})[\"1-0\"]=",
        );
        assert_eq!(
            text,
            serde_json::json!(["intro", "\u{1}tab\there \"quoted\" back\\slash beta"])
        );
        // Shard 1 numbers its own sections and names pages globally.
        assert_eq!(s1["t"]["alpha"], serde_json::json!([64 + 16 + 1]));
        // Page B's title is "Beta": its intro's heading, and a word of the title.
        assert_eq!(
            s1["t"]["beta"],
            serde_json::json!([32 + 16 + 1, 64 + 32 + 1])
        );
        assert_eq!(s1["s"][0][0], SHARD_PAGES);
        // A repeated word counts, up to 15.
        let many = [sec("", "", &"word ".repeat(40))];
        let one = [PageText {
            title: "T",
            url: "t.html".into(),
            html: "",
            sections: &many,
        }];
        let (_, written) = built(&one);
        assert!(written.iter().any(|(_, t)| t.contains("\"word\":[15]")));
    }

    #[test]
    fn json_strings_escape_as_a_byte_at_a_time_would() {
        // The reference: every byte on its own.
        let naive = |s: &str| {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '<' => out.push_str("\\u003c"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        };
        let specials = [
            "\"", "\\", "<", "\n", "\r", "\t", "\u{1}", "\u{1f}", "é", "東", " ", "a", ">",
            "\u{7f}",
        ];
        for len in 0..20 {
            for (k, sp) in specials.iter().enumerate() {
                for at in 0..=len {
                    let mut s = "x".repeat(len);
                    s.insert_str(at, sp);
                    s.push_str(specials[(k + len) % specials.len()]);
                    let mut out = String::new();
                    push_json_str(&mut out, &s);
                    assert_eq!(out, naive(&s), "{s:?}");
                    assert!(serde_json::from_str::<String>(&out).is_ok_and(|back| back == s));
                }
            }
        }
    }

    #[test]
    fn terms_fold_and_split_cjk() {
        assert_eq!(
            terms("Résumé: rust_output=<dir>"),
            ["resume", "rust_output", "dir"]
        );
        assert_eq!(terms("東京都に"), ["東京", "京都", "都に"]);
        // Decomposed accents stay in their word and fold away; ß is ss.
        assert_eq!(terms("re\u{301}sume\u{301} Straße"), ["resume", "strasse"]);
    }
}

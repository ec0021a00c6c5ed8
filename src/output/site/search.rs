//! The offline search index, built in one pass over the parsed pages, in shards.
//!
//! Each page is cut into sections at its headings; each section's text is
//! tokenized (lowercased, Latin accents folded, CJK text as character bigrams so
//! a substring query finds it) into an inverted index from term to sections. The
//! index is a script (`search-index.js`) rather than JSON so the site works from
//! `file://`, where `fetch` is not allowed.

use std::fmt::Write as _;

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
        let mut start: Option<usize> = None;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            let w = b.is_ascii_alphanumeric() || b == b'_';
            match (w, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    if i - s >= 2 {
                        spans.push(((base + s) as u32, (base + i) as u32));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start
            && text.len() - s >= 2
        {
            spans.push(((base + s) as u32, (base + text.len()) as u32));
        }
        return;
    }
    let mut word: Option<usize> = None;
    // Starts (in `norm`) of the current run of CJK chars.
    let mut cjk: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
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
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, norm, spans);
            word.get_or_insert(norm.len());
            for l in c.to_lowercase() {
                norm.push(fold(l));
            }
        } else {
            flush_cjk(&mut cjk, norm, spans);
            end_word(&mut word, norm, spans);
        }
    }
    flush_cjk(&mut cjk, norm, spans);
    end_word(&mut word, norm, spans);
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

/// Snippets are cut to this many chars: enough to recognise a section, and
/// they are most of the index's bytes.
const SNIPPET: usize = 100;

/// One page, indexed: its sections' heading, anchor and snippet, and each
/// section's distinct terms as ranges of `norm`.
/// Heading, anchor, snippet, and the section's term ranges in its page's `norm`.
type IndexedSection = (String, String, String, Vec<(u32, u32)>);

struct PageIndex {
    sections: Vec<IndexedSection>,
    norm: String,
}

fn index_page(page: &PageText<'_>) -> PageIndex {
    let mut norm = String::with_capacity(page.html.len() / 3);
    let mut out = Vec::with_capacity(page.sections.len());
    for sec in page.sections {
        let (heading, anchor, text) = (sec.heading.clone(), sec.anchor.clone(), &sec.text);
        let snippet: String = text.chars().take(SNIPPET).collect();
        let heading_text = if heading.is_empty() {
            page.title.to_string()
        } else {
            heading
        };
        // Every word, repeats included: the shard's postings take each section
        // once, so a per-section set would hash every word twice.
        let mut spans = Vec::new();
        term_spans(&heading_text, &mut norm, &mut spans);
        term_spans(text, &mut norm, &mut spans);
        out.push((heading_text, anchor, snippet, spans));
    }
    PageIndex {
        sections: out,
        norm,
    }
}

/// What `serve`'s session keeps between builds, so that an edit re-indexes and
/// rewrites only what it changed: each page's index by url, and the shards the
/// last build wrote. A one-shot `build` has none: it would only cost memory.
#[derive(Default)]
pub struct SearchCache {
    pages: std::sync::Mutex<SectionCache>,
    /// The pages each shard was made from and its version. Holding the pages'
    /// indexes keeps their identity meaningful: an equal pointer is the same,
    /// unchanged page index.
    shards: std::sync::Mutex<Vec<(Vec<std::sync::Arc<PageIndex>>, String)>>,
}

type SectionCache = std::collections::HashMap<String, std::sync::Arc<PageIndex>>;

/// The Fx hash (rustc's): terms are short and trusted (our own index), and
/// SipHash was most of the merge's cost.
#[derive(Default, Clone, Copy)]
struct FxBuild;

struct Fx(u64);

impl std::hash::BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Decimal digits of `n`: the index holds a million of them at 1,000 pages,
/// and `write!` costs more per number than the rest of the merge.
fn push_u32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&d| d as char));
}

/// JSON string literal of `s`, with `<` escaped so `</script>` cannot end the script.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'<' => Some("\\u003c"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..0x20 => None,
            _ => continue,
        };
        out.push_str(&s[from..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// Pages per shard of the index: an edit in `serve` re-indexes and rewrites
/// one shard, not the book's whole index.
pub const SHARD_PAGES: usize = 100;

/// The search index: `search-index.js` (pages and shard list) and its shards.
pub struct SearchIndex {
    /// `search-index.js`: `window.docketSearchIndex = {"p": [[title, url]],
    /// "shards": ["search/K.js?v=…"]}`.
    pub main: String,
    /// `(file under the site root, text)`; the text is `None` when the shard is
    /// unchanged since the cache's last build wrote it.
    pub shards: Vec<(String, Option<String>)>,
}

/// Build the index. Each shard sets `window.docketSearchShards[K] = {"s":
/// [[page, heading, anchor, snippet]], "t": {term: [section]}}`, sections
/// numbered within the shard and terms sorted. `unchanged` (an update in
/// place): the pages whose text is as `cache` last indexed it; the shards
/// written last are still on disk, so unchanged ones come back as `None`.
pub fn build(
    pages: &[PageText<'_>],
    unchanged: Option<&std::collections::BTreeSet<usize>>,
    cache: Option<&SearchCache>,
) -> SearchIndex {
    use rayon::prelude::*;
    let in_place = unchanged.is_some();
    // Sections and their terms per page, across the cores; a page the caller
    // says is as last indexed comes from the cache.
    let per_page: Vec<std::sync::Arc<PageIndex>> = crate::core::timed("search: pages", || {
        pages
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
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
            })
            .collect()
    });
    let previous = if let Some(c) = cache.filter(|_| in_place) {
        c.shards.lock().map(|s| s.clone()).unwrap_or_default()
    } else {
        Vec::new()
    };
    // Shards are independent: each across the cores, unchanged ones skipped.
    #[allow(clippy::type_complexity)]
    let shards: Vec<(Vec<std::sync::Arc<PageIndex>>, String, Option<String>)> =
        crate::core::timed("search: shards", || {
            per_page
                .par_chunks(SHARD_PAGES)
                .enumerate()
                .map(|(k, chunk)| {
                    // An unchanged page keeps its cached index (the same allocation).
                    let ids: Vec<std::sync::Arc<PageIndex>> = chunk.to_vec();
                    if let Some((old_ids, version)) = previous.get(k)
                        && old_ids.len() == ids.len()
                        && old_ids
                            .iter()
                            .zip(&ids)
                            .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
                    {
                        return (ids, version.clone(), None);
                    }
                    let text = shard_text(k, k * SHARD_PAGES, chunk);
                    let version = crate::core::text::fingerprint(&[&text]);
                    (ids, version, Some(text))
                })
                .collect()
        });
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
    let mut files = Vec::with_capacity(shards.len());
    let mut keep = Vec::with_capacity(shards.len());
    for (k, (ids, version, text)) in shards.into_iter().enumerate() {
        let name = format!("search/{k}.js");
        if k > 0 {
            main.push(',');
        }
        push_json_str(&mut main, &format!("{name}?v={version}"));
        files.push((name, text));
        keep.push((ids, version));
    }
    main.push_str("]};\n");
    if let Some(Ok(mut s)) = cache.map(|c| c.shards.lock()) {
        *s = keep;
    }
    SearchIndex {
        main,
        shards: files,
    }
}

/// One shard's script: its pages' sections, and postings within the shard.
fn shard_text(k: usize, first_page: usize, pages: &[std::sync::Arc<PageIndex>]) -> String {
    let mut out = String::with_capacity(pages.len() * 2048);
    out.push_str("(window.docketSearchShards=window.docketSearchShards||{})[");
    push_u32(&mut out, k as u32);
    out.push_str("]={\"s\":[");
    let mut postings: std::collections::HashMap<&str, Vec<u32>, FxBuild> =
        std::collections::HashMap::with_hasher(FxBuild);
    let mut si: u32 = 0;
    for (i, idx) in pages.iter().enumerate() {
        for (heading, anchor, snippet, spans) in &idx.sections {
            if si > 0 {
                out.push(',');
            }
            out.push('[');
            push_u32(&mut out, (first_page + i) as u32);
            out.push(',');
            push_json_str(&mut out, heading);
            out.push(',');
            push_json_str(&mut out, anchor);
            out.push(',');
            push_json_str(&mut out, snippet);
            out.push(']');
            for &(a, b) in spans {
                let list = postings
                    .entry(&idx.norm[a as usize..b as usize])
                    .or_default();
                // A section's repeated word is one posting.
                if list.last() != Some(&si) {
                    list.push(si);
                }
            }
            si += 1;
        }
    }
    out.push_str("],\"t\":{");
    let mut terms: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (k, (term, secs)) in terms.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_json_str(&mut out, term);
        out.push_str(":[");
        for (j, s) in secs.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_u32(&mut out, *s);
        }
        out.push(']');
    }
    out.push_str("}};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let b = [sec(
            "Alpha",
            "alpha",
            "\u{1}tab\there \"quoted\" back\\slash",
        )];
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
            title: "B",
            url: "b.html".into(),
            html: "y",
            sections: &b,
        };
        let index = build(&pages, None, None);
        let json = |js: &str, prefix: &str| -> serde_json::Value {
            assert!(!js.contains("</script>"), "`<` must be escaped");
            let body = js
                .strip_prefix(prefix)
                .and_then(|j| j.strip_suffix(";\n"))
                .expect("script shape");
            serde_json::from_str(body).expect("valid JSON")
        };
        let main = json(&index.main, "window.docketSearchIndex=");
        assert_eq!(main["p"][SHARD_PAGES], serde_json::json!(["B", "b.html"]));
        let names: Vec<&str> = index.shards.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["search/0.js", "search/1.js"]);
        assert!(
            main["shards"][1]
                .as_str()
                .is_some_and(|u| u.starts_with("search/1.js?v="))
        );
        let shard = |k: usize| {
            let text = index.shards[k]
                .1
                .as_deref()
                .expect("a fresh build writes every shard");
            json(
                text,
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
        // words are dropped.
        assert_eq!(t["gate"], serde_json::json!([0, 1]));
        assert!(t.get("a").is_none());
        assert_eq!(t["filler"].as_array().map(Vec::len), Some(SHARD_PAGES - 1));
        // Shard 1 numbers its own sections and names pages globally.
        assert_eq!(s1["t"]["alpha"], serde_json::json!([0]));
        assert_eq!(s1["s"][0][0], SHARD_PAGES);
        assert_eq!(s1["s"][0][3], "\u{1}tab\there \"quoted\" back\\slash");
    }

    #[test]
    fn terms_fold_and_split_cjk() {
        assert_eq!(
            terms("Résumé: rust_output=<dir>"),
            ["resume", "rust_output", "dir"]
        );
        assert_eq!(terms("東京都に"), ["東京", "京都", "都に"]);
    }
}

//! The doc set and SUMMARY.md: each page's kind (by its name, or by what
//! init read from it) and the generated blocks it carries; a SUMMARY.md
//! listing every page when the docs have none.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::ParsedPage;
use super::detect::{PageText, stem_title};

/// One entry of `docs`.
#[derive(Serialize)]
pub(super) struct DocOut {
    pub(super) path: String,
    pub(super) kind: &'static str,
    pub(super) kind_from: String,
    pub(super) blocks: Vec<String>,
}

/// A page's entry: its kind, from what the page holds (a support table, a
/// status table init read workstreams from, a block) before its name, and the
/// built-in blocks its markers name. A review or audit of a matrix is not a
/// matrix: names decide only the kinds content cannot show, and never for a
/// review, audit or notes page.
pub(super) fn doc_entry(
    d: &ParsedPage,
    defines_ref: bool,
    profiles: bool,
    workstreams_at: Option<&str>,
) -> DocOut {
    let s = d.stem();
    let top = !d.path.contains('/');
    let support_at = d
        .doc
        .claims
        .iter()
        .find(|c| matches!(c.claim, crate::markdown::claims::Claim::SupportRow { .. }))
        .map(|c| d.at(c.offset));
    let marker = |name: &str| d.doc.markers.iter().any(|m| m.name == name);
    let commentary = ["review", "audit", "notes", "retrospective", "postmortem"]
        .iter()
        .any(|w| s.contains(w));
    let named = |w: &str| !commentary && s.contains(w);
    let (kind, why): (&'static str, String) = if top && (s == "index" || s == "readme") {
        ("index", "the file name".into())
    } else if defines_ref {
        (
            "defines-reference",
            "its list of defines (the defines reference init read)".into(),
        )
    } else if profiles {
        (
            "profiles",
            "its profile selector (the profiles page init read)".into(),
        )
    } else if let Some(at) = support_at {
        ("support-matrix", format!("its support table, at {at}"))
    } else if let Some(at) = workstreams_at {
        (
            "progress-tracker",
            format!("its status table of work items, at {at}"),
        )
    } else if marker("progress-status") {
        ("progress-tracker", "its progress-status block".into())
    } else if marker("vision-status") {
        ("vision", "its vision-status block".into())
    } else if named("vision") {
        ("vision", "the file name".into())
    } else if named("roadmap") || named("road-to") {
        ("roadmap", "the file name".into())
    } else if named("closeout") {
        ("closeout", "the file name".into())
    } else {
        (
            "guide",
            "no support or status table, no kind in the file name; default".into(),
        )
    };
    let mut blocks: Vec<String> = Vec::new();
    if let Ok(spans) = crate::check::blocks::find(&d.doc, &d.text, &d.shown) {
        for sp in spans {
            if super::is_block(&sp.name) && !blocks.contains(&sp.name) {
                blocks.push(sp.name);
            }
        }
    }
    DocOut {
        path: d.path.clone(),
        kind,
        kind_from: why,
        blocks,
    }
}

/// A link target: `%XX` for anything but unreserved characters and `/`.
fn link_target(path: &str) -> String {
    let mut o = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-' | b'~') {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

fn link_text(title: &str) -> String {
    let mut o = String::new();
    for c in title.chars() {
        if matches!(c, '\\' | '[' | ']' | '`' | '*' | '_' | '<' | '>') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// What a newcomer should read first, best first, as file stems lowercased
/// with everything but letters and digits dropped. A folder's landing page
/// comes first: `index` is what a site serves at the folder's address and
/// `README` what a forge shows there (mdBook serves it as `index.html`);
/// then the page that says it introduces the project (mdBook's own books open
/// on an "Introduction"); then an overview of what it is; then the first
/// steps of using it, which assume the reader knows what it is.
const START_PAGES: &[&[&str]] = &[
    &["index"],
    &["readme"],
    &["introduction", "intro", "welcome"],
    &["overview", "about"],
    &["gettingstarted", "quickstart", "start"],
];

/// The start page's path: the top-level page earliest in [`START_PAGES`]
/// (ties: the first path).
fn start_page<'a>(pages: &BTreeMap<&'a str, &PageText>) -> Option<&'a str> {
    let stem = |p: &str| -> String {
        p.strip_suffix(".md")
            .unwrap_or(p)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    START_PAGES.iter().find_map(|names| {
        pages
            .keys()
            .find(|p| !p.contains('/') && names.contains(&stem(p).as_str()))
            .copied()
    })
}

/// Whether a page is where a reader starts using the project.
fn getting_started(path: &str) -> bool {
    let stem = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let stem: String = stem
        .trim_end_matches(".md")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    [
        "gettingstarted",
        "quickstart",
        "install",
        "installation",
        "installing",
    ]
    .iter()
    .any(|w| stem == *w || stem.starts_with(w))
}

/// Reading order: the start page, then getting-started pages (install, quick
/// start), then pages in the order links from the start page reach them
/// (breadth first), then the rest by path. Position by path.
pub(super) fn reading_order(pages: &[&PageText]) -> BTreeMap<String, usize> {
    let by_path: BTreeMap<&str, &PageText> = pages.iter().map(|p| (p.path.as_str(), *p)).collect();
    let mut order: BTreeMap<String, usize> = BTreeMap::new();
    let push = |p: &str, order: &mut BTreeMap<String, usize>| {
        if !order.contains_key(p) {
            let n = order.len();
            order.insert(p.to_string(), n);
        }
    };
    let start = start_page(&by_path);
    if let Some(s) = start {
        push(s, &mut order);
    }
    let mut firsts: Vec<&str> = by_path
        .keys()
        .copied()
        .filter(|p| getting_started(p))
        .collect();
    firsts.sort_by_key(|p| (p.matches('/').count(), *p));
    for p in firsts {
        push(p, &mut order);
    }
    // Breadth first along links, from the start page.
    let mut queue: std::collections::VecDeque<&str> = start.into_iter().collect();
    let mut seen: BTreeSet<&str> = queue.iter().copied().collect();
    while let Some(cur) = queue.pop_front() {
        let Some(page) = by_path.get(cur) else {
            continue;
        };
        let dir = cur.rsplit_once('/').map_or("", |(d, _)| d);
        for l in &page.doc.links {
            if !matches!(l.kind, crate::markdown::LinkKind::Link) {
                continue;
            }
            let dest = l.dest.split(['#', '?']).next().unwrap_or("");
            if dest.is_empty() || dest.contains("://") || dest.starts_with('/') {
                continue;
            }
            let dest = crate::core::paths::percent_decode(dest);
            let Some(target) = crate::core::paths::join_rel(dir, &dest) else {
                continue;
            };
            if let Some((&key, _)) = by_path.get_key_value(target.as_str())
                && seen.insert(key)
            {
                push(key, &mut order);
                queue.push_back(key);
            }
        }
    }
    for p in by_path.keys() {
        push(p, &mut order);
    }
    order
}

/// `SUMMARY.md` listing every page in reading order ([`reading_order`]): the
/// start page as a prefix chapter, folders as nested items placed where their
/// first page comes.
pub(super) fn render_summary(pages: &[&PageText]) -> String {
    let mut out = String::from("# Summary\n\n");
    let mut skip = BTreeSet::new();
    let by_path: BTreeMap<&str, &PageText> = pages.iter().map(|p| (p.path.as_str(), *p)).collect();
    let order = reading_order(pages);
    if let Some(p) = start_page(&by_path).and_then(|s| by_path.get(s)) {
        out.push_str(&format!(
            "[{}]({})\n\n",
            link_text(&p.title),
            link_target(&p.path)
        ));
        skip.insert(p.path.clone());
    }
    summary_list("", 0, &by_path, &order, &skip, &mut out);
    out
}

fn summary_list(
    folder: &str,
    depth: usize,
    pages: &BTreeMap<&str, &PageText>,
    order: &BTreeMap<String, usize>,
    skip: &BTreeSet<String>,
    out: &mut String,
) {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let indent = "  ".repeat(depth);
    // name → (first position under it, Some(page) for a file, None for a folder).
    let mut entries: BTreeMap<&str, (usize, Option<&PageText>)> = BTreeMap::new();
    for (path, page) in pages.range::<str, _>((
        std::ops::Bound::Included(prefix.as_str()),
        std::ops::Bound::Unbounded,
    )) {
        let Some(rest) = path.strip_prefix(prefix.as_str()) else {
            break;
        };
        let at = order.get(*path).copied().unwrap_or(usize::MAX);
        match rest.split_once('/') {
            None => {
                entries.insert(rest, (at, Some(page)));
            }
            Some((sub, _)) => {
                let e = entries.entry(sub).or_insert((at, None));
                e.0 = e.0.min(at);
            }
        }
    }
    let mut sorted: Vec<(&str, (usize, Option<&PageText>))> = entries.into_iter().collect();
    sorted.sort_by_key(|(name, (at, _))| (*at, *name));
    for (name, (_, entry)) in sorted {
        match entry {
            Some(p) => {
                if !skip.contains(&p.path) {
                    out.push_str(&format!(
                        "{indent}- [{}]({})\n",
                        link_text(&p.title),
                        link_target(&p.path)
                    ));
                }
            }
            None => {
                let sub = format!("{prefix}{name}");
                let own = [format!("{sub}/index.md"), format!("{sub}/README.md")]
                    .into_iter()
                    .find_map(|c| pages.get(c.as_str()).copied());
                let mut skip = skip.clone();
                match own {
                    Some(p) => {
                        out.push_str(&format!(
                            "{indent}- [{}]({})\n",
                            link_text(&p.title),
                            link_target(&p.path)
                        ));
                        skip.insert(p.path.clone());
                    }
                    None => {
                        out.push_str(&format!("{indent}- [{}]()\n", link_text(&stem_title(name))))
                    }
                }
                summary_list(&sub, depth + 1, pages, order, &skip, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn summary_nests_folders_and_escapes() {
        let page = |path: &str, title: &str| PageText {
            path: path.into(),
            text: String::new(),
            title: title.into(),
            doc: crate::markdown::parse(path, ""),
            outline: Default::default(),
        };
        let pages = [
            page("README.md", "Home"),
            page("a/index.md", "A [x]"),
            page("a/b.md", "B"),
            page("c d.md", "C"),
        ];
        let s = render_summary(&pages.iter().collect::<Vec<_>>());
        assert_eq!(
            s,
            "# Summary\n\n[Home](README.md)\n\n- [A \\[x\\]](a/index.md)\n  - [B](a/b.md)\n- [C](c%20d.md)\n"
        );
        let parsed = crate::input::book::parse_summary(&s);
        let paths: Vec<String> = parsed
            .items
            .iter()
            .filter_map(|i| match i {
                crate::input::book::SummaryItem::Chapter { path: Some(p), .. } => {
                    Some(crate::core::paths::percent_decode(p))
                }
                _ => None,
            })
            .collect();
        assert_eq!(paths, ["README.md", "a/index.md", "a/b.md", "c d.md"]);
    }

    #[test]
    fn the_start_page_is_the_one_a_newcomer_reads_first() {
        let page = |path: &str| PageText {
            path: path.into(),
            text: String::new(),
            title: path.into(),
            doc: crate::markdown::parse(path, ""),
            outline: Default::default(),
        };
        let first = |paths: &[&str]| {
            let pages: Vec<PageText> = paths.iter().map(|p| page(p)).collect();
            let refs: Vec<&PageText> = pages.iter().collect();
            let s = render_summary(&refs);
            s.lines().nth(2).unwrap_or("").to_string()
        };
        assert_eq!(
            first(&["a.md", "Introduction.md", "overview.md"]),
            "[Introduction.md](Introduction.md)"
        );
        assert_eq!(
            first(&["getting-started.md", "overview.md", "z.md"]),
            "[overview.md](overview.md)"
        );
        assert_eq!(
            first(&["Getting_Started.md", "api.md"]),
            "[Getting\\_Started.md](Getting_Started.md)"
        );
        assert_eq!(
            first(&["intro.md", "README.md", "index.md"]),
            "[index.md](index.md)"
        );
        // Only the docs folder's own pages open the book; none here.
        assert_eq!(first(&["api.md", "guide/intro.md"]), "- [api.md](api.md)");
    }

    proptest! {
        #[test]
        fn link_targets_decode_back(s in "[a-z ()%#?ü/._-]{1,12}") {
            prop_assert_eq!(crate::core::paths::percent_decode(&link_target(&s)), s);
        }
    }
}

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

/// A page's entry: its kind and the built-in blocks its markers name.
pub(super) fn doc_entry(d: &ParsedPage, defines_ref: bool, profiles: bool) -> DocOut {
    let s = d.stem();
    let top = !d.path.contains('/');
    let (kind, why): (&'static str, &str) = if top && (s == "index" || s == "readme") {
        ("index", "the file name")
    } else if defines_ref {
        (
            "defines-reference",
            "its list of defines (the defines reference init read)",
        )
    } else if profiles {
        (
            "profiles",
            "its profile selector (the profiles page init read)",
        )
    } else if s.contains("progress") {
        ("progress-tracker", "the file name")
    } else if s.contains("vision") {
        ("vision", "the file name")
    } else if s.contains("roadmap") || s.contains("road-to") {
        ("roadmap", "the file name")
    } else if s.contains("closeout") {
        ("closeout", "the file name")
    } else if s.contains("support")
        || (s.len() >= 2 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit()))
    {
        ("support-matrix", "the file name")
    } else {
        ("guide", "no kind matches the file name; default")
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
        kind_from: why.to_string(),
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

/// `SUMMARY.md` listing every page: index.md (or README.md) first as a prefix
/// chapter, then the rest sorted, folders as nested items.
pub(super) fn render_summary(pages: &[PageText]) -> String {
    let mut out = String::from("# Summary\n\n");
    let mut skip = BTreeSet::new();
    let by_path: BTreeMap<&str, &PageText> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    if let Some(p) = by_path.get("index.md").or_else(|| by_path.get("README.md")) {
        out.push_str(&format!(
            "[{}]({})\n\n",
            link_text(&p.title),
            link_target(&p.path)
        ));
        skip.insert(p.path.clone());
    }
    summary_list("", 0, &by_path, &skip, &mut out);
    out
}

fn summary_list(
    folder: &str,
    depth: usize,
    pages: &BTreeMap<&str, &PageText>,
    skip: &BTreeSet<String>,
    out: &mut String,
) {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let indent = "  ".repeat(depth);
    // name → Some(page) for a file, None for a folder.
    let mut entries: BTreeMap<&str, Option<&PageText>> = BTreeMap::new();
    for (path, page) in pages.range::<str, _>((
        std::ops::Bound::Included(prefix.as_str()),
        std::ops::Bound::Unbounded,
    )) {
        let Some(rest) = path.strip_prefix(prefix.as_str()) else {
            break;
        };
        match rest.split_once('/') {
            None => {
                entries.insert(rest, Some(page));
            }
            Some((sub, _)) => {
                entries.entry(sub).or_insert(None);
            }
        }
    }
    for (name, entry) in entries {
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
                summary_list(&sub, depth + 1, pages, &skip, out);
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
        let s = render_summary(&[
            page("README.md", "Home"),
            page("a/index.md", "A [x]"),
            page("a/b.md", "B"),
            page("c d.md", "C"),
        ]);
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

    proptest! {
        #[test]
        fn link_targets_decode_back(s in "[a-z ()%#?ü/._-]{1,12}") {
            prop_assert_eq!(crate::core::paths::percent_decode(&link_target(&s)), s);
        }
    }
}

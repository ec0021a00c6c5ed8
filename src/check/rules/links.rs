//! `link-broken` and `anchor-broken`: every link and image checked as the
//! built site resolves it. `x.md` and `x.html` name the same chapter,
//! `README.md` is `index.html`, a query string is not part of the file,
//! anchors are heading ids, `{#id}`s, definition terms, footnotes and raw HTML
//! `id`s (included files' too), e-mail addresses are not files, a link that
//! leaves the book for a file of the repository resolves there, and one that
//! leaves it for a book published beside it is not this book's to judge
//! (unless `sibling-books` names where to look: then a warning at most). The site folder itself
//! is never a place a link resolves to, so a build does not change the result.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Proof, ProofKind, Sink, paths};
use crate::check::project::Project;
use crate::core::catalog;
use crate::core::paths::{self as book, parent_dir, percent_decode};
use crate::markdown::{LinkKind, is_relative};

/// `a@b.c` written as a link target: an e-mail address, not a file.
fn is_email(target: &str) -> bool {
    let Some((user, host)) = target.split_once('@') else {
        return false;
    };
    !user.is_empty() && !user.contains('/') && host.contains('.') && !host.contains('/')
}

/// The chapter (source-relative) a site path names: `x.html` or `x.md` for
/// `x.md`, `d/index.html` for `d/README.md` or `d/index.md`.
fn chapter_for<'a>(
    by_url: &'a BTreeMap<String, usize>,
    by_path: &'a BTreeMap<&str, usize>,
    rel: &str,
) -> Option<usize> {
    if let Some(&i) = by_path.get(rel) {
        return Some(i);
    }
    let url = if let Some(stem) = rel.strip_suffix(".md") {
        crate::input::preprocess::page_url(&format!("{stem}.md"), true)
    } else if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    by_url.get(&url).copied()
}

/// Pages' heading ids and raw ids, answered by a set once a page has more
/// than a few: a search through a page's ids per fragment link was the
/// product of its links and its headings (80,000 of each: 10 s).
struct Anchors<'p> {
    docs: &'p [crate::markdown::Doc],
    sets: HashMap<usize, HashSet<&'p str>>,
}

impl<'p> Anchors<'p> {
    /// Ids up to which a plain search is cheaper than building a set.
    const SEARCHED: usize = 32;

    fn has(&mut self, page: usize, id: &str) -> bool {
        let doc = &self.docs[page];
        let ids = doc.headings.len() + doc.ids.len();
        if ids <= Self::SEARCHED {
            crate::core::work::add(crate::core::work::Pass::Lookup, ids);
            return doc.has_anchor(id);
        }
        self.sets
            .entry(page)
            .or_insert_with(|| {
                doc.headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .chain(doc.ids.iter().map(String::as_str))
                    .collect()
            })
            .contains(id)
    }
}

pub(super) fn links(p: &Project, sink: &mut Sink<'_>) {
    let mut anchors = Anchors {
        docs: &p.docs,
        sets: HashMap::new(),
    };
    let by_path: BTreeMap<&str, usize> = p
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let by_url: BTreeMap<String, usize> = p
        .book
        .pages
        .iter()
        .enumerate()
        .map(|(i, pg)| (pg.url(p.config.html.render.readme_index), i))
        .collect();
    // Where the site is written: never a link's target (it may or may not exist).
    let out_dir = crate::input::book::rel_to_root(&p.config, &p.config.output_dir());
    let in_output = |rel: &str| {
        !out_dir.is_empty() && (rel == out_dir || rel.starts_with(&format!("{out_dir}/")))
    };
    // A declared preprocessor that did not run may have made a link work
    // (the Reference's `mdbook-spec` writes the targets of its rule links):
    // what is broken without it is a warning, saying so.
    let unsure = (!p.book.not_run.is_empty()).then(|| {
        format!(
            "the book's preprocessor `{}` did not run here and may rewrite this link; run docket where it can run",
            p.book.not_run.join("`, `")
        )
    });
    let emit = |sink: &mut Sink<'_>, rule, path, at, message, truth, proof| match &unsure {
        Some(why) => sink.emit_at(rule, path, at, message, Some(why.clone()), None),
        None => sink.emit_at(rule, path, at, message, truth, proof),
    };
    // How deep the book root is in its repository: a link may climb that far.
    let repo = crate::input::config::contain::repository(&p.root_canon);
    let root_depth = p
        .root_canon
        .strip_prefix(&repo)
        .map_or(0, |r| r.components().count());
    for (i, (doc, page)) in p.docs.iter().zip(&p.book.pages).enumerate() {
        if !sink.in_scope(i) {
            continue;
        }
        let report_path = p.src_rel(&doc.path);
        let page_dir = book::join_rel(&p.src_prefix, parent_dir(&doc.path)).unwrap_or_default();
        for link in &doc.links {
            // Positions only for findings: most links are fine.
            let pos = || doc.source_map.line_col(&page.text, link.offset);
            if link.kind != LinkKind::CodePath
                && (link.dest.starts_with('#') || !is_relative(&link.dest))
            {
                if let Some(frag) = link.dest.strip_prefix('#')
                    && !anchors.has(i, &percent_decode(frag))
                {
                    emit(
                        sink,
                        catalog::ANCHOR_BROKEN,
                        report_path.clone(),
                        pos(),
                        format!("`{}` names no heading or id on this page", link.dest),
                        None,
                        Some(Proof::new(
                            ProofKind::MissingTarget,
                            format!("this page has no heading or id `{frag}`"),
                        )),
                    );
                }
                continue;
            }
            let (target, frag) = match link.dest.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.dest.as_str(), None),
            };
            let target = percent_decode(target.split('?').next().unwrap_or(""));
            if target.is_empty() || (link.kind == LinkKind::Link && is_email(&target)) {
                continue;
            }
            // A chapter, by its source or its site path.
            let in_book = book::join_rel(parent_dir(&doc.path), &target);
            // Backticked paths are files of the repository, not site addresses.
            let chapter = in_book
                .as_deref()
                .filter(|_| link.kind != LinkKind::CodePath)
                .and_then(|rel| chapter_for(&by_url, &by_path, rel));
            let what = if link.kind == LinkKind::CodePath {
                "backticked path"
            } else {
                "link"
            };
            if let Some(ti) = chapter {
                if let Some(frag) = frag.filter(|f| !f.is_empty())
                    && !anchors.has(ti, &percent_decode(frag))
                {
                    emit(
                        sink,
                        catalog::ANCHOR_BROKEN,
                        report_path.clone(),
                        pos(),
                        format!(
                            "{what} `{}`: `{}` has no heading or id `{frag}`",
                            link.dest, p.docs[ti].path
                        ),
                        None,
                        Some(Proof::new(
                            ProofKind::MissingTarget,
                            format!("`{}` has no heading or id `{frag}`", p.docs[ti].path),
                        )),
                    );
                }
                continue;
            }
            // Links resolve from the page. Backticked doc paths are written from
            // the repository root (`docs/v1.md`), so try the root, then the source
            // folder, then the page's folder. All candidates are root-relative.
            let candidates: Vec<Option<String>> = if link.kind == LinkKind::CodePath {
                vec![
                    book::join_rel("", &target),
                    book::join_rel(&p.src_prefix, &target),
                    book::join_rel(&page_dir, &target),
                ]
            } else {
                vec![book::join_rel(&page_dir, &target)]
            };
            let resolved = candidates
                .iter()
                .flatten()
                .find(|c| !in_output(c) && p.exists_in_root(c));
            if resolved.is_some() {
                continue;
            }
            // A Markdown link above the repository's root is dead on its
            // forge and in every clone.
            if link.kind != LinkKind::CodePath
                && climbs_above(root_depth + depth(&page_dir), &target)
            {
                sink.emit_at(
                    catalog::LINK_BROKEN,
                    report_path.clone(),
                    pos(),
                    format!("{what} `{}` points outside the book root, above the repository root; link to a page of the book or a full https:// address", link.dest),
                    None,
                    Some(Proof::new(
                        ProofKind::MissingTarget,
                        format!("`{}` climbs above the repository root", link.dest),
                    )),
                );
                continue;
            }
            // `../other-repo/docs/x.md` in backticks names another checkout
            // beside this one: not this repository's to check.
            // (Backticked paths are written from the repository root.)
            if link.kind == LinkKind::CodePath
                && target.starts_with("../")
                && book::join_rel("", &target).is_none()
            {
                sink.set_aside(
                    catalog::LINK_BROKEN,
                    i,
                    pos(),
                    format!("backticked path `{}` is outside the repository", link.dest),
                    (
                        crate::markdown::claims::Mode::External,
                        &crate::markdown::claims::Evidence {
                            words: "a path above the repository root".into(),
                            scope: crate::markdown::claims::Scope::Tree,
                            offset: link.offset,
                        },
                    ),
                );
                continue;
            }
            // Past the source folder is past the site's root. A file of the
            // repository that exists is linked there (the site links its
            // repository URL); a path into a folder the repository does not
            // have is another book published beside this one (`../std/…`),
            // kept as written: checkable only where `sibling-books` says, and
            // then a warning, since the site it lands in is not built here.
            // Above the repository's top is outside the root: broken.
            let leaves_site = link.kind != LinkKind::CodePath && in_book.is_none();
            if leaves_site {
                let in_repo = p
                    .repo
                    .resolve(&p.src_prefix, parent_dir(&doc.path), &target);
                if in_repo
                    .as_deref()
                    .is_some_and(|r| !r.is_empty() && p.repo.exists(r))
                {
                    continue;
                }
                let beside = in_repo
                    .as_deref()
                    .is_some_and(|r| !p.repo.exists(parent_dir(r)));
                if beside {
                    if let Some(why) = sibling_missing(p, parent_dir(&doc.path), &target) {
                        sink.emit_at(
                            catalog::LINK_BROKEN,
                            report_path.clone(),
                            pos(),
                            format!("{what} `{}` leaves the book for {why}", link.dest),
                            Some("the sibling book is read from `sibling-books`; fix the link or that book".into()),
                            // Where the books are published side by side it
                            // may work: docket cannot see that site.
                            None,
                        );
                    }
                    continue;
                }
            }
            let why = if candidates.iter().all(Option::is_none) {
                "climbs out of the repository, so it is dead wherever the repository is served alone (its forge, a clone)"
            } else {
                "does not resolve to a file"
            };
            // A backticked path is read in its context: a planned page, a
            // file a generator writes, another repository's doc are not
            // this book's broken links.
            let mut mean = None;
            let mut path_proof = None;
            if link.kind == LinkKind::CodePath
                && let Some(claim) = path_claim(doc, link.offset)
            {
                if p.facts.files {
                    match paths::judge(p, i, claim, &target) {
                        paths::Verdict::Found => continue,
                        paths::Verdict::NotCurrent(m, e) => {
                            sink.set_aside(
                                catalog::LINK_BROKEN,
                                i,
                                pos(),
                                format!("{what} `{}` {why}", link.dest),
                                (m, &e),
                            );
                            continue;
                        }
                        paths::Verdict::Missing { close, proof, .. } => {
                            mean = close;
                            path_proof = proof;
                        }
                    }
                } else if let (mode, Some(e)) = claim.reading(&page.text)
                    && mode != crate::markdown::claims::Mode::Current
                {
                    sink.set_aside(
                        catalog::LINK_BROKEN,
                        i,
                        pos(),
                        format!("{what} `{}` {why}", link.dest),
                        (mode, &e),
                    );
                    continue;
                }
            }
            // Without the path facts, a backticked doc path still has the
            // tree's close paths to rest on.
            if link.kind == LinkKind::CodePath
                && !p.facts.files
                && let Some(rel) = candidates.iter().flatten().next()
            {
                let tree = p.facts.tree();
                if let Some(c) = tree.close(rel) {
                    if tree.close_is_evidence(rel, &c, true) {
                        path_proof =
                            Some(Proof::new(ProofKind::ClosePath, format!("`{c}` exists")));
                    }
                    mean = Some(c);
                }
            }
            // Git's history may say what became of the target.
            let past = candidates
                .iter()
                .flatten()
                .find_map(|c| paths::history_evidence(p, c));
            if let Some((_, Some(now))) = &past {
                // A page's link is written from its folder.
                let from_page = (link.kind != LinkKind::CodePath)
                    .then(|| now.strip_prefix(&format!("{page_dir}/")))
                    .flatten();
                mean = Some(from_page.unwrap_or(now).to_string());
            }
            let history = past.map(|(evidence, _)| evidence);
            let why = match &mean {
                Some(c) => format!("{why}; did you mean `{c}`?"),
                None => why.to_string(),
            };
            // A bare backticked name (`CHANGELOG.md`) may live anywhere in the
            // repository: say so, as a warning, rather than claim it is broken.
            if link.kind == LinkKind::CodePath
                && !target.contains('/')
                && mean.is_none()
                && history.is_none()
            {
                sink.emit_at(
                    catalog::LINK_BROKEN,
                    report_path.clone(),
                    pos(),
                    format!("{what} `{}` does not resolve from the book root, the source folder or this page", link.dest),
                    Some("a bare file name cannot be tied to the tree with confidence; write its path from the repository root".into()),
                    None,
                );
                continue;
            }
            // A Markdown link or image is followed by every reader: its
            // missing target is the evidence. A backticked path is a claim,
            // evidence only with a close path (or history) behind it.
            let proof = if link.kind == LinkKind::CodePath {
                history
                    .clone()
                    .map(|h| Proof::new(ProofKind::History, h))
                    .or(path_proof)
            } else {
                let at = candidates.iter().flatten().next();
                Some(Proof::new(
                    ProofKind::MissingTarget,
                    match at {
                        Some(rel) => format!("`{rel}` is not in the repository"),
                        None => format!("`{}` climbs out of the repository", link.dest),
                    },
                ))
            };
            emit(
                sink,
                catalog::LINK_BROKEN,
                report_path.clone(),
                pos(),
                format!("{what} `{}` {why}", link.dest),
                history,
                proof,
            );
        }
    }
}

/// Folders in `/`-separated `dir`.
fn depth(dir: &str) -> usize {
    dir.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .count()
}

/// Whether relative `target`, followed from `depth` folders down, climbs above the top.
fn climbs_above(mut depth: usize, target: &str) -> bool {
    for c in target.split('/') {
        match c {
            ".." => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            "." | "" => {}
            _ => depth += 1,
        }
    }
    false
}

/// The path claim a backticked doc path at `offset` made.
fn path_claim(
    doc: &crate::markdown::Doc,
    offset: usize,
) -> Option<&crate::markdown::claims::ClaimAt> {
    let from = doc.claims.partition_point(|c| c.offset < offset);
    doc.claims[from..]
        .iter()
        .take_while(|c| c.offset == offset)
        .find(|c| matches!(c.claim, crate::markdown::claims::Claim::RepoPath { .. }))
}

/// For a link leaving the site root: `None` when no sibling book is configured
/// or one has the page; else what is missing where.
fn sibling_missing(p: &Project, page_dir: &str, target: &str) -> Option<String> {
    let siblings = &p.config.docket.sibling_books;
    if siblings.is_empty() {
        return None;
    }
    // The site path beside this book's site root, e.g. `reference/x.html`.
    let mut parts: Vec<&str> = page_dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut up = 0;
    for c in target.split('/') {
        match c {
            ".." => {
                if parts.pop().is_none() {
                    up += 1;
                }
            }
            "." | "" => {}
            c => parts.push(c),
        }
    }
    let site_rel = parts.join("/");
    for s in siblings {
        // `../reference` is one level up, then `reference`.
        let name = s.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let levels = s.matches("..").count();
        let Some(rest) = site_rel
            .strip_prefix(&format!("{name}/"))
            .or_else(|| (site_rel == name).then_some(""))
        else {
            continue;
        };
        if levels != up {
            continue;
        }
        let root = p.config.root.join(s);
        let (config, _) = crate::input::config::load(&root).ok()?;
        let src = config.src_dir();
        let md = if rest.is_empty() || rest.ends_with('/') {
            vec![format!("{rest}index.md"), format!("{rest}README.md")]
        } else if let Some(stem) = rest.strip_suffix(".html") {
            let readme = stem.strip_suffix("index").map(|d| format!("{d}README.md"));
            [Some(format!("{stem}.md")), readme]
                .into_iter()
                .flatten()
                .collect()
        } else {
            vec![rest.to_string()]
        };
        return if md.iter().any(|m| src.join(m).is_file()) || src.join(rest).is_file() {
            None
        } else {
            Some(format!("sibling book `{s}`, which has no page `{rest}`"))
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_not_files() {
        assert!(is_email("john@example.com"));
        assert!(!is_email("a/b@c.d"));
        assert!(!is_email("file.md"));
    }
}

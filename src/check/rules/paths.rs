//! What a path a page names is, read the way a maintainer reads it: a file of
//! this repository (written from the root, the source folder, the page's folder
//! or any folder of the tree), output a tool writes (`.gitignore` says so), a path
//! in another tree (its first folder is not in this repository and nothing close
//! is), or a missing file, with the close path the doc most likely means.

use super::standing::{Standing, standing};
use super::{Proof, ProofKind};
use crate::check::project::Project;
use crate::core::paths::{join_rel, parent_dir};
use crate::markdown::claims::{ClaimAt, Evidence, Mode, Scope};

/// What a named path turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// It exists.
    Found,
    /// It is not offered as part of this tree: no existence check applies.
    NotCurrent(Mode, Evidence),
    /// It is missing. `anchored`: its first folder is in the repository (or
    /// Git's history had it), so the doc names a place in this tree; `close`:
    /// the path it most likely means; `proof`: what shows it is a slip (its
    /// history, or a close path that is evidence); `cue`: a mode around it the
    /// proof overrode, to name; `lowered`: it stands in a record of the past,
    /// so at most a warning; `past`: the root-relative path Git's history has
    /// a fate for.
    Missing {
        anchored: bool,
        close: Option<String>,
        proof: Option<Proof>,
        cue: Option<(Mode, Evidence)>,
        lowered: bool,
        past: Option<String>,
    },
}

/// The verdict on `rel`, named by `claim` on page `page`.
pub(crate) fn judge(p: &Project, page: usize, claim: &ClaimAt, rel: &str) -> Verdict {
    let page_dir =
        join_rel(&p.src_prefix, parent_dir(&p.book.pages[page].path)).unwrap_or_default();
    let bases = ["", p.src_prefix.as_str(), page_dir.as_str()];
    let resolves = |r: &str| {
        bases
            .iter()
            .filter_map(|b| join_rel(b, r))
            .any(|a| p.exists_in_root(&a))
    };
    if resolves(rel) {
        return Verdict::Found;
    }
    let tree = p.facts.tree();
    let bare = !rel.contains('/');
    if tree.under_some_folder(rel).is_some() || (bare && tree.exists_anywhere(rel)) {
        return Verdict::Found;
    }
    if let Some(read) = configured(p, rel) {
        return Verdict::NotCurrent(read.0, read.1);
    }
    let close = tree.close(rel);
    let past = in_history(p, page, rel);
    let tree_evidence = |words: String| Evidence {
        words,
        scope: Scope::Tree,
        offset: claim.offset,
    };
    // A placeholder in the path itself: a pattern, never a file.
    if let Some(e) = claim.evidence.as_ref().filter(|e| e.scope == Scope::Token) {
        return Verdict::NotCurrent(claim.mode, (**e).clone());
    }
    let (mode, evidence) = claim.reading(&p.book.pages[page].text);
    // Evidence it is a slip: Git's history had it (deleted, or renamed), or a
    // close path a slip would explain.
    let proof = past
        .as_deref()
        .and_then(|past| history_evidence(p, past))
        .map(|(says, _)| Proof::new(ProofKind::History, says))
        .or_else(|| {
            close
                .as_ref()
                .filter(|c| tree.close_is_evidence(rel, c, mode == Mode::Current))
                .map(|c| Proof::new(ProofKind::ClosePath, format!("`{c}` exists")))
        });
    let (mut cue, mut lowered) = (None, false);
    if mode != Mode::Current {
        let e = evidence
            .clone()
            .unwrap_or_else(|| tree_evidence(mode.name().to_string()));
        match standing(mode, e, proof.is_some(), |m| m == Mode::Current) {
            Standing::Quiet(m, e) => return Verdict::NotCurrent(m, e),
            Standing::Report { cue: c, lowered: l } => (cue, lowered) = (c, l),
        }
    }
    if let Some(rule) = tree.ignored(rel) {
        return Verdict::NotCurrent(Mode::Generated, tree_evidence(rule));
    }
    let top = rel.split('/').next().unwrap_or(rel);
    if top == ".git" {
        return Verdict::NotCurrent(Mode::External, tree_evidence("Git's own folder".into()));
    }
    // `refs/heads/main`, `origin/main`: a Git ref, not a file.
    if !tree.is_top(top) && matches!(top, "refs" | "origin" | "upstream" | "remotes") {
        return Verdict::NotCurrent(Mode::External, tree_evidence("a Git ref".into()));
    }
    let anchored = past.is_some() || (!bare && resolves(top));
    // The page says the path is in this tree ("the local evidence in
    // `reference/`"): missing, even where no folder of it is.
    let said_present = mode == Mode::Current && evidence.is_some();
    if close.is_none() && !said_present && past.is_none() {
        let ext = rel
            .rsplit('/')
            .next()
            .and_then(|n| n.rsplit_once('.'))
            .filter(|(stem, ext)| {
                !stem.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if let Some((_, ext)) = ext
            && !tree.has_ext(ext)
        {
            return Verdict::NotCurrent(
                Mode::External,
                tree_evidence(format!("no `.{ext}` file in this repository")),
            );
        }
        if !anchored && !bare {
            return Verdict::NotCurrent(
                Mode::External,
                tree_evidence(format!("no `{top}/` in this repository")),
            );
        }
    }
    Verdict::Missing {
        anchored,
        close,
        proof,
        cue,
        lowered,
        past,
    }
}

/// The root-relative path Git's history has a fate for that `rel`, named on
/// `page`, means: written from the root, the source folder or the page's
/// folder, else the one such path ending in it. Reads the history (once).
pub(crate) fn in_history(p: &Project, page: usize, rel: &str) -> Option<String> {
    let page_dir =
        join_rel(&p.src_prefix, parent_dir(&p.book.pages[page].path)).unwrap_or_default();
    let history = p.facts.history();
    if history.is_empty() {
        return None;
    }
    ["", p.src_prefix.as_str(), page_dir.as_str()]
        .iter()
        .filter_map(|b| join_rel(b, rel))
        .find(|a| history.fate(a).is_some())
        .or_else(|| {
            rel.contains('/')
                .then(|| history.ending_with(rel).map(str::to_string))
                .flatten()
        })
}

/// What Git's history says of `past` (a path [`in_history`] found), as the
/// evidence sentence and the path the doc most likely means now (the end of
/// a rename chain, when that exists).
pub(crate) fn history_evidence(p: &Project, past: &str) -> Option<(String, Option<String>)> {
    let history = p.facts.history();
    let fate = history.fate(past)?;
    let now = history
        .renamed_to(past, |a| p.exists_in_root(a))
        .map(str::to_string);
    Some((fate.describe(past), now))
}

/// Whether `claim` is named beside a path of another language's tree (an
/// extension this repository has no file of): "`src/context/common.ml` plus
/// `std/haxe/macro/Compiler.hx`" cites the Haxe compiler's sources, both.
pub(crate) fn beside_foreign(
    p: &Project,
    page: usize,
    claim: &ClaimAt,
) -> Option<(Mode, Evidence)> {
    let tree = p.facts.tree();
    let claims = &p.docs[page].claims;
    // Claims of one group sit together in offset order: look only there.
    let k = claims.partition_point(|c| c.offset < claim.offset);
    let before = claims[..k]
        .iter()
        .rev()
        .take_while(|c| c.group == claim.group);
    let after = claims[k..].iter().take_while(|c| c.group == claim.group);
    before
        .chain(after)
        .filter(|c| c.offset != claim.offset)
        .find_map(|c| {
            let crate::markdown::claims::Claim::RepoPath { path } = &c.claim else {
                return None;
            };
            let name = path.rsplit('/').next().unwrap_or(path);
            let foreign = matches!(name.rsplit_once('.'), Some((stem, ext))
                if !stem.is_empty()
                    && ext.chars().all(|ch| ch.is_ascii_alphanumeric())
                    && !tree.has_ext(ext)
                    && tree.under_some_folder(path).is_none());
            foreign.then(|| {
                (
                    Mode::External,
                    Evidence {
                        words: format!("beside `{path}`, of another tree"),
                        scope: Scope::Tree,
                        offset: claim.offset,
                    },
                )
            })
        })
}

/// The mode a `[preprocessor.docket.modes]` glob gives `rel` (a path, a
/// define name, a command), if one matches.
pub(crate) fn configured(p: &Project, rel: &str) -> Option<(Mode, Evidence)> {
    let (mode, glob) = p.config.docket.modes.matching(rel)?;
    let mode = Mode::from_name(mode)?;
    Some((
        mode,
        Evidence {
            words: glob.to_string(),
            scope: Scope::Config,
            offset: 0,
        },
    ))
}

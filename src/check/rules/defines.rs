//! Defines and profiles: the defines reference and the pages that name
//! defines or offer profiles, against the manifest and the code.

use std::collections::{BTreeMap, BTreeSet};

use super::drift::{
    claims, define_index, has_prefix, levenshtein, manifest_proof, pages_of, pos, suggest, top_of,
};
use super::{Proof, ProofKind, Sink};
use crate::check::project::{LoadedManifest, Project};
use crate::core::catalog as c;
use crate::input::manifest::{DocKind, Lifecycle};
use crate::markdown::claims::Claim;

pub(super) fn define_undocumented(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    for page in pages_of(p, m, DocKind::DefinesReference) {
        let documented: BTreeSet<&str> = p.docs[page]
            .claims
            .iter()
            .filter_map(|c| match &c.claim {
                Claim::DefineDocumented { name } => Some(name.as_str()),
                // Every other kind, by name, so a new kind has to be placed.
                Claim::DefineMentioned { .. }
                | Claim::ProfileMentioned { .. }
                | Claim::StatusRow { .. }
                | Claim::SupportRow { .. }
                | Claim::Count { .. }
                | Claim::Remaining { .. }
                | Claim::Percent { .. }
                | Claim::Command { .. }
                | Claim::RepoPath { .. }
                | Claim::GateState { .. }
                | Claim::Released { .. }
                | Claim::LatestRelease { .. }
                | Claim::AsOf { .. }
                | Claim::LocalPath { .. }
                | Claim::ItemStatus { .. }
                | Claim::TrackerCount { .. }
                | Claim::ModeComment { .. } => None,
            })
            .collect();
        let code = p.facts.defines.as_ref();
        let idx = define_index(m);
        if let Some(code) = code {
            // Defines the code reads that neither the manifest nor the page knows.
            for name in code.uses.keys() {
                if idx.contains_key(name.as_str())
                    || documented.contains(name.as_str())
                    || code.removed(name)
                    || code.internal(name)
                    || code.builtin(name)
                    || !super::facts::prefixed(p, Some(m), name)
                {
                    continue;
                }
                sink.emit(
                    c::DEFINE_UNDOCUMENTED,
                    page,
                    top_of(p, page),
                    format!("the defines reference does not document `{name}`"),
                    Some(format!(
                        "the code reads `{name}` at {}",
                        code.first_use(name).unwrap_or_default()
                    )),
                    Some(Proof::new(
                        ProofKind::Code,
                        format!(
                            "the code reads `{name}` at {}",
                            code.first_use(name).unwrap_or_default()
                        ),
                    )),
                );
            }
        }
        for (i, d) in m.defines.iter().enumerate() {
            if matches!(d.status, Lifecycle::Internal | Lifecycle::Removed) {
                continue;
            }
            for (j, name) in std::iter::once(&d.name).chain(&d.aliases).enumerate() {
                if documented.contains(name.as_str()) {
                    continue;
                }
                let ptr = if j == 0 {
                    format!("/defines/{i}/name")
                } else {
                    format!("/defines/{i}/aliases/{}", j - 1)
                };
                let (ml, _) = lm.index.node(&ptr);
                sink.emit(
                    c::DEFINE_UNDOCUMENTED,
                    page,
                    top_of(p, page),
                    format!("the defines reference does not document `{name}`"),
                    Some(format!(
                        "the manifest lists `{name}` ({}:{ml}): {}{}",
                        lm.display_path,
                        d.summary,
                        code.and_then(|c| c.first_use(name))
                            .map(|u| format!("; the code reads it at {u}"))
                            .unwrap_or_default()
                    )),
                    // A reference may document a subset: the code reading
                    // the define is the evidence it is missing, the
                    // manifest's list alone is not.
                    code.and_then(|c| c.first_use(name)).map(|u| {
                        Proof::new(ProofKind::Code, format!("the code reads `{name}` at {u}"))
                    }),
                );
            }
        }
    }
}

pub(super) fn define_unknown(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    let code = p.facts.defines.as_ref();
    // Define claims exist only where the project has defines: `-D x` in a
    // project with none is just text (another tool's flag).
    if m.defines.is_empty() && code.is_none() {
        return;
    }
    let idx = define_index(m);
    let mut seen: BTreeSet<(usize, String, usize)> = BTreeSet::new();
    for (page, claim) in claims(p, sink.scope()) {
        let (name, documented, dash) = match &claim.claim {
            Claim::DefineMentioned { name, dash, .. } => (name, false, *dash),
            Claim::DefineDocumented { name } => (name, true, true),
            // Every other kind, by name, so a new kind has to be placed.
            Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Remaining { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::GateState { .. }
            | Claim::Released { .. }
            | Claim::LatestRelease { .. }
            | Claim::AsOf { .. }
            | Claim::LocalPath { .. }
            | Claim::ItemStatus { .. }
            | Claim::TrackerCount { .. }
            | Claim::ModeComment { .. } => continue,
        };
        let known = idx.contains_key(name.as_str()) || code.is_some_and(|d| d.known(name));
        if known || !has_prefix(name, m) {
            continue;
        }
        // A bare backticked name sharing the prefix is a fixture, an enum value,
        // a file stem, unless it is a near miss of a define (a typo of one).
        if !dash && !near_a_define(name, &idx, code) {
            continue;
        }
        let what = if documented { "documents" } else { "names" };
        let message = format!("the doc {what} define `{name}`, which the manifest does not list");
        // A planned, removed or example define is not offered as one that exists;
        // book.toml may say how to read a name wherever it stands.
        let text = &p.book.pages[page].text;
        let read = super::paths::configured(p, name)
            .filter(|(m, _)| *m != crate::markdown::claims::Mode::Current)
            .or_else(|| {
                (!claim.offered_in(text))
                    .then(|| claim.reading(text))
                    .and_then(|(m, e)| Some((m, e?)))
            });
        if let Some((m, e)) = read {
            sink.set_aside(
                c::DEFINE_UNKNOWN,
                page,
                pos(p, page, claim.offset),
                message,
                (m, &e),
            );
            continue;
        }
        // A documented define is also mentioned: report it once per line.
        let at = pos(p, page, claim.offset);
        if !seen.insert((page, name.clone(), at.0)) {
            continue;
        }
        // Evidence: a define the doc offers as one (define syntax or the
        // defines reference) that the scanned code never reads, or a near
        // miss of a real define. A bare name with neither is a warning.
        let near = suggest(name, idx.keys().copied());
        let proof = match (&near, code) {
            (Some(s), _) => Some(Proof::new(
                ProofKind::ClosePath,
                format!("`{s}` is a define of this project"),
            )),
            (None, Some(_)) if dash => Some(Proof::new(
                ProofKind::Code,
                format!("the scanned code reads no define `{name}`"),
            )),
            // Without code to scan, the manifest is the declared set.
            // Absent from the manifest's list, with no code to read: docket
            // cannot tell a new define from a stale one.
            (None, _) => None,
        };
        sink.emit(
            c::DEFINE_UNKNOWN,
            page,
            pos(p, page, claim.offset),
            message,
            Some(suggest(name, idx.keys().copied()).map_or_else(
                || "no define of that name exists".to_string(),
                |s| format!("no define of that name exists; did you mean `{s}`?"),
            )),
            proof,
        );
    }
}

/// Whether `name` is a letter or two off a define the manifest or the code has
/// (a file named after a define, `hxc_runtime.h`, is not).
fn near_a_define(
    name: &str,
    idx: &BTreeMap<&str, &crate::input::manifest::Define>,
    code: Option<&crate::input::facts::DefineFacts>,
) -> bool {
    const FILE_EXTS: &[&str] = &[
        "h", "c", "cc", "cpp", "hpp", "md", "rs", "hx", "hxml", "json", "toml", "yaml", "yml",
        "sh", "js", "ts", "txt", "py", "rb", "ml", "java", "go", "lua", "php",
    ];
    if name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTS.contains(&ext))
    {
        return false;
    }
    idx.keys()
        .copied()
        .chain(
            code.into_iter()
                .flat_map(|c| c.uses.keys().map(String::as_str)),
        )
        .any(|k| levenshtein(name, k) <= 2)
}

/// How a removed or deprecated define or profile is described: its state, when
/// it went, and what to `verb` instead.
fn lifecycle_words(
    status: Lifecycle,
    removed_in: Option<&str>,
    replaced_by: Option<&str>,
    verb: &str,
) -> (&'static str, String, String) {
    let state = if status == Lifecycle::Removed {
        "removed"
    } else {
        "deprecated"
    };
    let when = removed_in.map(|v| format!(" in {v}")).unwrap_or_default();
    let instead = replaced_by.map_or_else(
        || "drop it".to_string(),
        |r| format!("{verb} `{r}` instead"),
    );
    (state, when, instead)
}

/// The lines nested under the list item that holds `offset` (its entry's
/// description: `- \`x\`` then `  - Removed legacy define.`), up to the next
/// line indented no deeper than the item or a blank line; at most about
/// 1 KiB, so a page of entries stays linear.
fn nested_description(text: &str, offset: usize) -> &str {
    let Some(before) = text.get(..offset) else {
        return "";
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let Some(start) = text[offset..].find('\n').map(|i| offset + i + 1) else {
        return "";
    };
    let mut end = start;
    for l in text[start..].split_inclusive('\n') {
        let body = l.trim_start_matches([' ', '\t']);
        if body.trim().is_empty() || l.len() - body.len() <= indent || end - start > 1024 {
            break;
        }
        end += l.len();
    }
    &text[start..end]
}

pub(super) fn define_removed(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    let idx = define_index(m);
    let profile_pages = pages_of(p, m, DocKind::Profiles);
    let mut seen: BTreeSet<(usize, String, usize)> = BTreeSet::new();
    for (page, claim) in claims(p, sink.scope()) {
        // Generated blocks render lifecycles from the manifest on purpose.
        if claim.in_block {
            continue;
        }
        // A doc that presents the name as gone (a migration note) offers
        // nothing; asked only of names that would be findings.
        let offered = || claim.offered_in(&p.book.pages[page].text);
        let path = &p.book.pages[page].path;
        // A documented define is also mentioned: one finding per name per line
        // (asked only of claims that would be findings: lines cost a lookup).
        let mut first = |key: String| seen.insert((page, key, pos(p, page, claim.offset).0));
        match &claim.claim {
            Claim::DefineMentioned { name, .. } | Claim::DefineDocumented { name } => {
                let Some(d) = idx.get(name.as_str()) else {
                    // Not in the manifest, but the code reads it only to reject it.
                    if let Some(code) = p.facts.defines.as_ref().filter(|c| c.removed(name))
                        && offered()
                        && first(name.clone())
                    {
                        sink.emit(
                            c::DEFINE_REMOVED,
                            page,
                            pos(p, page, claim.offset),
                            format!("the doc names `{name}`, which the code rejects as removed"),
                            Some(format!(
                                "{} raises an error for it",
                                code.first_use(name).unwrap_or_default()
                            )),
                            Some(Proof::new(
                                ProofKind::Code,
                                format!(
                                    "{} raises an error for `{name}`",
                                    code.first_use(name).unwrap_or_default()
                                ),
                            )),
                        );
                    }
                    continue;
                };
                if !matches!(d.status, Lifecycle::Removed | Lifecycle::Deprecated)
                    || d.allowed_in.iter().any(|a| a == path)
                    || !offered()
                    || !first(name.clone())
                {
                    continue;
                }
                // A defines-reference entry whose own description, on the
                // lines nested under it, says the define is gone documents
                // the removal: it agrees with the manifest.
                if let Claim::DefineDocumented { .. } = &claim.claim {
                    let text = &p.book.pages[page].text;
                    let described = nested_description(text, claim.offset);
                    if let Some(words) = crate::markdown::claims::mode::removal_words(described) {
                        sink.set_aside(
                            c::DEFINE_REMOVED,
                            page,
                            pos(p, page, claim.offset),
                            format!("the doc names `{name}`, which was removed"),
                            (
                                crate::markdown::claims::Mode::Removed,
                                &crate::markdown::claims::Evidence {
                                    words: words.to_string(),
                                    scope: crate::markdown::claims::Scope::Clause,
                                    offset: claim.offset,
                                },
                            ),
                        );
                        continue;
                    }
                }
                let (state, when, instead) = lifecycle_words(
                    d.status,
                    d.removed_in.as_deref(),
                    d.replaced_by.as_deref(),
                    "write",
                );
                sink.emit(
                    c::DEFINE_REMOVED,
                    page,
                    pos(p, page, claim.offset),
                    format!("the doc names `{name}`, which was {state}{when}"),
                    Some(format!("`{name}` is {state}; {instead}")),
                    manifest_proof(lm, format!("`{name}` is {state}{when}")),
                );
            }
            Claim::ProfileMentioned { id } => {
                let Some(pr) = m.profiles.iter().find(|x| &x.id == id) else {
                    continue;
                };
                // A deprecated profile still works: the profiles page may list it;
                // elsewhere docs should steer readers to its replacement.
                let deprecated_ok =
                    pr.status == Lifecycle::Deprecated && profile_pages.contains(&page);
                if !matches!(pr.status, Lifecycle::Removed | Lifecycle::Deprecated)
                    || deprecated_ok
                    || !offered()
                    || !first(format!("profile:{id}"))
                {
                    continue;
                }
                let (state, when, instead) = lifecycle_words(
                    pr.status,
                    pr.removed_in.as_deref(),
                    pr.replaced_by.as_deref(),
                    "offer",
                );
                sink.emit(
                    c::DEFINE_REMOVED,
                    page,
                    pos(p, page, claim.offset),
                    format!("the doc offers profile `{id}`, which was {state}{when}"),
                    Some(format!("profile `{id}` is {state}; {instead}")),
                    manifest_proof(lm, format!("profile `{id}` is {state}{when}")),
                );
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Remaining { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::GateState { .. }
            | Claim::Released { .. }
            | Claim::LatestRelease { .. }
            | Claim::AsOf { .. }
            | Claim::LocalPath { .. }
            | Claim::ItemStatus { .. }
            | Claim::TrackerCount { .. }
            | Claim::ModeComment { .. } => {}
        }
    }
}

pub(super) fn profile_unknown(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    let ids: Vec<&str> = m.profiles.iter().map(|x| x.id.as_str()).collect();
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::ProfileMentioned { id } = &claim.claim else {
            continue;
        };
        if ids.contains(&id.as_str()) || !claim.offered_in(&p.book.pages[page].text) {
            continue;
        }
        sink.emit(
            c::PROFILE_UNKNOWN,
            page,
            pos(p, page, claim.offset),
            format!("the doc offers profile `{id}`, which the manifest does not list"),
            Some(format!("the profiles are: {}", ids.join(", "))),
            // A near miss of a listed profile is a slip; a name the list
            // lacks may be removed, planned or new.
            suggest(id, ids.iter().copied()).map(|s| {
                Proof::new(
                    ProofKind::ClosePath,
                    format!("the manifest lists profile `{s}`"),
                )
            }),
        );
    }
}

pub(super) fn profile_undocumented(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    for page in pages_of(p, m, DocKind::Profiles) {
        let named: BTreeSet<&str> = p.docs[page]
            .claims
            .iter()
            .filter_map(|c| match &c.claim {
                Claim::ProfileMentioned { id } => Some(id.as_str()),
                // Every other kind, by name, so a new kind has to be placed.
                Claim::DefineDocumented { .. }
                | Claim::DefineMentioned { .. }
                | Claim::StatusRow { .. }
                | Claim::SupportRow { .. }
                | Claim::Count { .. }
                | Claim::Remaining { .. }
                | Claim::Percent { .. }
                | Claim::Command { .. }
                | Claim::RepoPath { .. }
                | Claim::GateState { .. }
                | Claim::Released { .. }
                | Claim::LatestRelease { .. }
                | Claim::AsOf { .. }
                | Claim::LocalPath { .. }
                | Claim::ItemStatus { .. }
                | Claim::TrackerCount { .. }
                | Claim::ModeComment { .. } => None,
            })
            .collect();
        for pr in &m.profiles {
            if pr.status != Lifecycle::Supported || named.contains(pr.id.as_str()) {
                continue;
            }
            sink.emit(
                c::PROFILE_UNDOCUMENTED,
                page,
                top_of(p, page),
                format!("the profiles page never names profile `{}`", pr.id),
                Some(format!("the manifest lists `{}`: {}", pr.id, pr.summary)),
                manifest_proof(lm, format!("it lists supported profile `{}`", pr.id)),
            );
        }
    }
}

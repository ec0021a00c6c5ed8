//! Claim rules: what pages claim against what the manifest says. One function
//! per rule; each reads claims (skipping those inside GENERATED blocks where the
//! block itself is the truth, which `generated-stale` covers) and emits findings
//! that say what the doc claims, what is true, and how to fix it.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::project::{LoadedManifest, Project};
use crate::core::catalog as c;
use crate::input::manifest::{DocKind, GateState, Lifecycle, Manifest, Posture};
use crate::markdown::claims::{Claim, ClaimAt};

use super::Sink;

/// Every claim of every page in `scope` (`None`: all), with the page index.
fn claims<'p>(
    p: &'p Project,
    scope: Option<&BTreeSet<usize>>,
) -> impl Iterator<Item = (usize, &'p ClaimAt)> {
    p.docs
        .iter()
        .enumerate()
        .filter(move |(i, _)| scope.is_none_or(|s| s.contains(i)))
        .flat_map(|(i, d)| d.claims.iter().map(move |c| (i, c)))
}

fn pos(p: &Project, page: usize, offset: usize) -> (usize, usize) {
    p.docs[page]
        .source_map
        .line_col(&p.book.pages[page].text, offset)
}

/// Define names and aliases, each with its define.
fn define_index(m: &Manifest) -> BTreeMap<&str, &crate::input::manifest::Define> {
    let mut idx = BTreeMap::new();
    for d in &m.defines {
        idx.insert(d.name.as_str(), d);
        for a in &d.aliases {
            idx.insert(a.as_str(), d);
        }
    }
    idx
}

fn has_prefix(name: &str, m: &Manifest) -> bool {
    m.project.define_prefixes.is_empty()
        || m.project
            .define_prefixes
            .iter()
            .any(|p| name.starts_with(p.as_str()))
}

/// Pages of one kind, by index.
fn pages_of(p: &Project, m: &Manifest, kind: DocKind) -> Vec<usize> {
    m.docs
        .iter()
        .filter(|d| d.kind == kind)
        .filter_map(|d| p.book.pages.iter().position(|pg| pg.path == d.path))
        .collect()
}

/// First heading of a page, or its top: where "something is missing here" points.
fn top_of(p: &Project, page: usize) -> (usize, usize) {
    let off = p.docs[page].headings.first().map_or(0, |h| h.offset);
    pos(p, page, off)
}

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
                | Claim::AsOf { .. }
                | Claim::ItemStatus { .. }
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
            | Claim::AsOf { .. }
            | Claim::ItemStatus { .. }
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
        sink.emit(
            c::DEFINE_UNKNOWN,
            page,
            pos(p, page, claim.offset),
            message,
            Some(suggest(name, idx.keys().copied()).map_or_else(
                || "no define of that name exists".to_string(),
                |s| format!("no define of that name exists; did you mean `{s}`?"),
            )),
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
            | Claim::AsOf { .. }
            | Claim::ItemStatus { .. }
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
                | Claim::AsOf { .. }
                | Claim::ItemStatus { .. }
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
            );
        }
    }
}

/// A status as the manifest spells it, from how docs write it.
pub(super) fn normalize_status(s: &str) -> String {
    let s = s.trim().trim_matches(['*', '_', '`']).trim().to_lowercase();
    match s.as_str() {
        "done" | "complete" | "completed" | "finished" => "closed".into(),
        "in progress" | "wip" | "ongoing" | "active" => "in-progress".into(),
        "not started" | "todo" | "planned" => "open".into(),
        _ => s,
    }
}

pub(super) fn status_mismatch(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::StatusRow { title, status } = &claim.claim else {
            continue;
        };
        if claim.in_block {
            continue;
        }
        let t = title.trim().to_lowercase();
        let Some(w) = m.workstreams.iter().find(|w| {
            w.title.to_lowercase() == t
                || w.vision
                    .as_ref()
                    .is_some_and(|v| v.checkpoint.to_lowercase() == t)
        }) else {
            continue;
        };
        // A workstream bound to a tracker issue takes its status from the tracker.
        let tracked = w
            .tracker
            .as_ref()
            .and_then(|id| p.facts.tracker.as_ref()?.issues.get(id).map(|i| (id, i)));
        let truth = super::facts::status_name(tracked.map_or(w.status, |(_, i)| i.work_status()))
            .to_string();
        let source = tracked.map_or_else(
            || format!("the manifest says workstream `{}`", w.id),
            |(id, _)| format!("the tracker says `{id}`"),
        );
        if normalize_status(status) != truth {
            sink.emit(
                c::STATUS_MISMATCH,
                page,
                pos(p, page, claim.offset),
                format!("the table says `{title}` is {status}"),
                Some(format!("{source} is {truth}")),
            );
        }
    }
}

pub(super) fn counts(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let gate = lm.manifest.release.gate.as_ref();
    // A gate bound to a tracker epic counts its children; else the manifest's numbers.
    let tracked = gate
        .and_then(|g| g.tracker.as_ref())
        .and_then(|id| Some((id, p.facts.tracker.as_ref()?.child_counts(id)?)));
    let (checks, source) = match (tracked, gate.and_then(|g| g.checks)) {
        (Some((id, (closed, total))), _) => (
            crate::input::manifest::GateChecks { closed, total },
            format!("the tracker's epic `{id}` has"),
        ),
        (None, Some(ch)) => (ch, "the manifest's gate has".to_string()),
        (None, None) => return,
    };
    let percent = crate::check::blocks::percent(checks);
    let truth = format!(
        "{source} {} / {} checks closed ({percent}%)",
        checks.closed, checks.total
    );
    for (page, claim) in claims(p, sink.scope()) {
        if claim.in_block {
            continue;
        }
        let at = pos(p, page, claim.offset);
        match &claim.claim {
            Claim::Count {
                closed,
                total,
                percent: pc,
            } if (*closed, *total) != (checks.closed, checks.total) => {
                let said = pc.map_or_else(
                    || format!("{closed} / {total}"),
                    |x| format!("{closed} / {total} ({x}%)"),
                );
                sink.emit(
                    c::COUNT_MISMATCH,
                    page,
                    at,
                    format!("the doc says {said} checks are closed"),
                    Some(truth.clone()),
                );
            }
            Claim::Remaining { open } => {
                let real = checks.total.saturating_sub(checks.closed);
                if *open != real {
                    sink.emit(
                        c::COUNT_MISMATCH,
                        page,
                        at,
                        format!("the doc says {open} checks remain"),
                        Some(format!("{real} remain: {truth}")),
                    );
                }
            }
            Claim::Percent { percent: said } if *said != percent => {
                sink.emit(
                    c::COUNT_MISMATCH,
                    page,
                    at,
                    format!("the doc says {said}% of checks are closed"),
                    Some(truth.clone()),
                );
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::DefineDocumented { .. }
            | Claim::DefineMentioned { .. }
            | Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::GateState { .. }
            | Claim::Released { .. }
            | Claim::AsOf { .. }
            | Claim::ItemStatus { .. }
            | Claim::ModeComment { .. } => {}
        }
    }
}

pub(super) fn arithmetic(p: &Project, sink: &mut Sink<'_>) {
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::Count {
            closed,
            total,
            percent: Some(pc),
        } = claim.claim
        else {
            continue;
        };
        if total == 0 {
            continue;
        }
        let exact = closed as f64 * 100.0 / total as f64;
        let ok = pc == exact.floor() as u64 || pc == exact.round() as u64;
        if !ok {
            sink.emit(
                c::ARITHMETIC,
                page,
                pos(p, page, claim.offset),
                format!("the doc says {closed} / {total} is {pc}%"),
                Some(format!("{closed} / {total} is {}%", exact.floor() as u64)),
            );
        }
    }
}

pub(super) fn required_links(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    for entry in &lm.manifest.docs {
        let Some(page) = p.book.pages.iter().position(|pg| pg.path == entry.path) else {
            continue;
        };
        let dir = crate::core::paths::parent_dir(&entry.path);
        for target in &entry.links_to {
            let links = p.docs[page].links.iter().any(|l| {
                let path = l.dest.split('#').next().unwrap_or("");
                let path = crate::core::paths::percent_decode(path);
                crate::core::paths::join_rel(dir, &path).as_deref() == Some(target.as_str())
                    || crate::core::paths::join_rel("", &path).as_deref() == Some(target.as_str())
                    || p.strip_src(&path) == Some(target.as_str())
            });
            if !links {
                sink.emit(
                    c::DOC_MISSING,
                    page,
                    top_of(p, page),
                    format!("`{}` has no link to `{target}`", entry.path),
                    Some(format!(
                        "the manifest's doc set requires `{}` to link to `{target}`",
                        entry.path
                    )),
                );
            }
        }
    }
}

pub(super) fn date_stale(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let truth = &lm.manifest.release.as_of;
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::AsOf { date, text } = &claim.claim else {
            continue;
        };
        if claim.in_block || date.as_str() >= truth.as_str() {
            continue;
        }
        sink.emit(
            c::DATE_STALE,
            page,
            pos(p, page, claim.offset),
            if text == date {
                format!("the doc is dated {date}")
            } else {
                format!("the doc is dated {text} ({date})")
            },
            Some(format!("the manifest is as of {truth}")),
        );
    }
}

/// `1.10` > `1.9`: compare numerically, part by part.
fn version_gt(a: &str, b: &str) -> bool {
    let parse = |s: &str| {
        s.split('.')
            .map(|x| x.parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    let (mut x, mut y) = (parse(a), parse(b));
    let n = x.len().max(y.len());
    x.resize(n, 0);
    y.resize(n, 0);
    x > y
}

pub(super) fn contradiction(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    let gate = m.release.gate.as_ref();
    for (page, claim) in claims(p, sink.scope()) {
        if claim.in_block {
            continue;
        }
        let found = match &claim.claim {
            Claim::GateState { closed, text } => {
                let Some(g) = gate else { continue };
                let real = g.state == GateState::Closed;
                (*closed != real).then(|| {
                    (
                        format!(
                            "the doc says the gate is {}: \"{text}\"",
                            if *closed { "closed" } else { "open" }
                        ),
                        format!(
                            "the manifest says `{}` is {}",
                            g.id,
                            if real { "closed" } else { "open" }
                        ),
                    )
                })
            }
            Claim::Released { line, text } => {
                let released = m.release.posture == Posture::Released;
                // Without a release line, only the posture can disagree.
                let ours = m.release.line.as_deref();
                let ahead = ours.is_some_and(|l| version_gt(line, l));
                let behind = ours.is_none_or(|l| !version_gt(l, line));
                (!released && behind || ahead).then(|| {
                    let posture = serde_json::to_value(m.release.posture)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    (
                        format!("the doc speaks of {line} as released (\"{text}\")"),
                        match ours {
                            Some(l) => format!(
                                "the manifest's release line is {l} and its posture is {posture}"
                            ),
                            None => format!(
                                "the manifest names no release line and its posture is {posture}"
                            ),
                        },
                    )
                })
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::DefineDocumented { .. }
            | Claim::DefineMentioned { .. }
            | Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Remaining { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::AsOf { .. }
            | Claim::ItemStatus { .. }
            | Claim::ModeComment { .. } => None,
        };
        let Some((message, truth)) = found else {
            continue;
        };
        let at = pos(p, page, claim.offset);
        // A plan's acceptance criteria, a record of the past or another
        // project's release are not statements about this release now. The
        // gate's state reported on a page titled as a plan (a roadmap's status
        // line) is still about now: only nearer words set it aside.
        let (mode, evidence) = claim.reading(&p.book.pages[page].text);
        let page_wide = evidence
            .as_ref()
            .is_some_and(|e| e.scope == crate::markdown::claims::Scope::Page);
        let status_report = matches!(claim.claim, Claim::GateState { .. });
        if mode != crate::markdown::claims::Mode::Current && !(status_report && page_wide) {
            if let Some(e) = evidence {
                sink.set_aside(c::CONTRADICTION, page, at, message, (mode, &e));
            }
            continue;
        }
        sink.emit(c::CONTRADICTION, page, at, message, Some(truth));
    }
}

pub(super) fn support_mismatch(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    for (page, claim) in claims(p, sink.scope()) {
        let Claim::SupportRow { feature, level } = &claim.claim else {
            continue;
        };
        if claim.in_block {
            continue;
        }
        let f = feature.trim().to_lowercase();
        let Some(s) = m
            .support
            .iter()
            .find(|s| s.feature.to_lowercase() == f || s.id == f)
        else {
            continue;
        };
        let truth = serde_json::to_value(s.level)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let said = match level
            .trim()
            .trim_matches(['*', '`'])
            .to_lowercase()
            .as_str()
        {
            "yes" | "full" | "stable" => "supported".to_string(),
            "no" | "none" => "unsupported".to_string(),
            "limited" => "partial".to_string(),
            other => other.to_string(),
        };
        if said != truth {
            sink.emit(
                c::SUPPORT_MISMATCH,
                page,
                pos(p, page, claim.offset),
                format!("the table says `{feature}` is {level}"),
                Some(format!(
                    "the manifest's support matrix says `{}` is {truth}",
                    s.id
                )),
            );
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a typo.
pub(super) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (levenshtein(name, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_gt("1.10", "1.9"));
        assert!(!version_gt("1.0", "1.0.0"));
        assert!(version_gt("2.0", "1.0"));
    }

    #[test]
    fn suggestions_are_close() {
        assert_eq!(
            suggest("rust_ouput", ["rust_output", "rust_crate"].into_iter()),
            Some("rust_output")
        );
        assert_eq!(suggest("zzz", ["rust_output"].into_iter()), None);
    }
}

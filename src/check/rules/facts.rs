//! Rules that need truth from the repository: commands against scripts and
//! files, backticked paths against the tree, and the manifest against the code
//! and the tracker (`manifest-drift`). Where a reference cannot be tied to the
//! tree with confidence (it runs inside a folder the repository lacks, or names
//! a path under a top folder that does not exist), the finding is a warning that
//! says why, never an error.

use std::collections::BTreeSet;

use crate::check::project::{LoadedManifest, Project};
use crate::core::catalog as c;
use crate::input::manifest::{Lifecycle, Manifest};
use crate::markdown::claims::{Claim, ClaimAt, Evidence, Mode};

use super::drift::suggest;
use super::{Proof, ProofKind, Sink};

/// How sure docket is that a command exists.
enum Verdict {
    Known,
    /// The repository cannot run it: what says so, and the kind of fact that
    /// is (`None`: only an absence docket cannot tie to a slip).
    Unknown(String, Option<ProofKind>),
    Unsure(String),
}

/// Tokens of a command, with `npm test` read as `npm run test`.
fn tokens(s: &str) -> Vec<String> {
    let mut t: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    if t.len() >= 2
        && t[0] == "npm"
        && matches!(t[1].as_str(), "test" | "start" | "stop" | "restart")
    {
        t.insert(1, "run".into());
    }
    if t.len() >= 2 && t[0] == "npm" && t[1] == "run-script" {
        t[1] = "run".into();
    }
    t
}

/// The first word after the command that is not a flag.
fn operand(t: &[String], from: usize) -> Option<&str> {
    t.iter()
        .skip(from)
        .map(String::as_str)
        .find(|w| !w.starts_with('-') && !w.starts_with('+'))
}

/// The manifest and its commands' tokens, read once per check rather than
/// once per command a page names.
struct Commands<'m> {
    manifest: Option<&'m Manifest>,
    known: Vec<Vec<String>>,
}

impl<'m> Commands<'m> {
    fn new(manifest: Option<&'m Manifest>) -> Self {
        let known = manifest.map_or_else(Vec::new, |m| {
            m.commands.iter().map(|c| tokens(&c.run)).collect()
        });
        Commands { manifest, known }
    }

    /// A listed command that `toks` runs, or runs with more arguments.
    fn lists(&self, toks: &[String]) -> bool {
        self.known
            .iter()
            .any(|k| toks.len() >= k.len() && toks[..k.len()] == k[..])
    }
}

fn manifest_verdict(cmds: &Commands<'_>, toks: &[String], family: &str) -> Verdict {
    let Some(m) = cmds.manifest else {
        return Verdict::Known;
    };
    let same: Vec<&str> = m
        .commands
        .iter()
        .filter(|c| c.run.split_whitespace().next() == Some(family))
        .map(|c| c.run.as_str())
        .collect();
    if same.is_empty() || cmds.lists(toks) {
        return Verdict::Known;
    }
    let text = toks.join(" ");
    Verdict::Unknown(
        suggest(&text, same.iter().copied()).map_or_else(
            || {
                format!(
                    "the manifest lists these `{family}` commands: {}",
                    same.join(", ")
                )
            },
            |s| format!("the manifest lists `{s}`"),
        ),
        Some(ProofKind::Manifest),
    )
}

fn scripts_of(p: &Project, dir: &str) -> Option<BTreeSet<String>> {
    let rel = std::path::Path::new(dir).join("package.json");
    p.exists_in_root(&rel.to_string_lossy())
        .then(|| crate::input::facts::scripts::package_json(&p.config.root, &rel).ok())
        .flatten()
}

fn makefile_of(p: &Project, dir: &str) -> Option<BTreeSet<String>> {
    ["Makefile", "makefile", "GNUmakefile"]
        .iter()
        .find_map(|name| {
            let rel = std::path::Path::new(dir).join(name);
            p.exists_in_root(&rel.to_string_lossy())
                .then(|| crate::input::facts::scripts::makefile(&p.config.root, &rel).ok())
                .flatten()
        })
}

fn verdict(p: &Project, m: &Commands<'_>, text: &str, family: &str, cwd: Option<&str>) -> Verdict {
    let toks = tokens(text);
    if m.manifest.is_some() && m.lists(&toks) {
        return Verdict::Known;
    }
    let facts = &p.facts;
    let unsure_dir = |d: &str| {
        Verdict::Unsure(format!(
            "it runs inside `{d}`, which docket cannot tie to the repository"
        ))
    };
    match family {
        "npm" => {
            let script = match toks.get(1).map(String::as_str) {
                Some("run") => match operand(&toks, 2) {
                    // `test:<owner>`, `$SCRIPT`: a placeholder, no script name.
                    Some(s) if s.contains(['<', '>', '{', '}', '$', '*']) || s.contains("...") => {
                        return Verdict::Known;
                    }
                    Some(s) => s.to_string(),
                    None => return Verdict::Known,
                },
                Some(cmd) if crate::input::facts::scripts::NPM_BUILTINS.contains(&cmd) => {
                    return Verdict::Known;
                }
                _ => return manifest_verdict(m, &toks, family),
            };
            let scripts = match cwd {
                Some(d) => match scripts_of(p, d) {
                    Some(s) => s,
                    None => return unsure_dir(d),
                },
                None => match &facts.scripts.npm {
                    Some(s) => s.clone(),
                    None => return manifest_verdict(m, &toks, family),
                },
            };
            if scripts.contains(&script) {
                Verdict::Known
            } else {
                Verdict::Unknown(
                    suggest(&script, scripts.iter().map(String::as_str)).map_or_else(
                        || format!("package.json has no script `{script}`"),
                        |s| format!("package.json has no script `{script}`; did you mean `{s}`?"),
                    ),
                    Some(ProofKind::Code),
                )
            }
        }
        "make" => match (&facts.scripts.make, cwd, operand(&toks, 1)) {
            // `make -C dir target`: that folder's Makefile, when it has one.
            (_, Some(d), t) => match makefile_of(p, d) {
                Some(targets) => match t {
                    Some(t) if !targets.contains(t) => Verdict::Unknown(
                        format!("`{d}/Makefile` has no target `{t}`"),
                        Some(ProofKind::Code),
                    ),
                    _ => Verdict::Known,
                },
                None => unsure_dir(d),
            },
            (Some(targets), None, Some(t)) if !targets.contains(t) => Verdict::Unknown(
                format!("the Makefile has no target `{t}`"),
                Some(ProofKind::Code),
            ),
            (Some(_), None, _) => Verdict::Known,
            (None, ..) => manifest_verdict(m, &toks, family),
        },
        "cargo" => {
            let Some(sub) = operand(&toks, 1) else {
                return Verdict::Known;
            };
            if crate::input::facts::scripts::CARGO_BUILTINS.contains(&sub) {
                return Verdict::Known;
            }
            match &facts.scripts.cargo_aliases {
                Some(a) if a.contains(sub) => Verdict::Known,
                Some(_) => Verdict::Unknown(
                    format!("`{sub}` is neither a cargo command nor an [alias] in Cargo.toml"),
                    Some(ProofKind::Code),
                ),
                None => manifest_verdict(m, &toks, family),
            }
        }
        "bash" | "sh" if facts.files || facts.defines.is_some() || facts.scripts.npm.is_some() => {
            let Some(script) = operand(&toks, 1) else {
                return Verdict::Known;
            };
            if script.starts_with('$') {
                return Verdict::Known;
            }
            let rel = match cwd {
                Some(d) => format!("{d}/{script}"),
                None => script.to_string(),
            };
            if p.exists_in_root(&rel) {
                return Verdict::Known;
            }
            if let Some(d) = cwd {
                return unsure_dir(d);
            }
            let top = rel.split('/').next().unwrap_or("");
            if rel.contains('/') && !p.exists_in_root(top) {
                return Verdict::Unsure(format!(
                    "`{top}/` is not in the repository; the script may belong to a generated or user project"
                ));
            }
            // A missing script is a missing path: evidence only if something
            // close exists.
            let tree = p.facts.tree();
            // A script written from its folder (`scripts/dev/x.sh` of a
            // template under `templates/basic/`): that file.
            if tree.under_some_folder(&rel).is_some() {
                return Verdict::Known;
            }
            let close = tree
                .close(&rel)
                .filter(|c| tree.close_is_evidence(&rel, c, true));
            match close {
                Some(c) => Verdict::Unknown(
                    format!("`{rel}` does not exist in the repository; `{c}` does"),
                    Some(ProofKind::ClosePath),
                ),
                None => Verdict::Unknown(
                    format!(
                        "`{rel}` does not exist in the repository, and nothing there resembles it"
                    ),
                    None,
                ),
            }
        }
        _ => manifest_verdict(m, &toks, family),
    }
}

pub(super) fn command_unknown(p: &Project, sink: &mut Sink<'_>) {
    let m = Commands::new(p.manifest.as_ref().map(|lm| &lm.manifest));
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        for claim in &doc.claims {
            let Claim::Command { text, family, cwd } = &claim.claim else {
                continue;
            };
            if claim.in_block {
                continue;
            }
            // Position and path only for findings: most commands are fine.
            let at = || {
                doc.source_map
                    .line_col(&p.book.pages[page].text, claim.offset)
            };
            let path = || p.src_rel(&p.book.pages[page].path);
            let verdict = verdict(p, &m, text, family, cwd.as_deref());
            // A command in a record of the past, a plan or a user's project is
            // not one this repository offers now.
            if let Verdict::Known = verdict {
                continue;
            }
            let page_text = &p.book.pages[page].text;
            let read = super::paths::configured(p, text)
                .filter(|(m, _)| *m != crate::markdown::claims::Mode::Current)
                .or_else(|| {
                    (!claim.offered_in(page_text))
                        .then(|| claim.reading(page_text))
                        .and_then(|(m, e)| Some((m, e?)))
                });
            if let Some((m, e)) = read {
                if let Verdict::Unknown(..) = &verdict {
                    sink.set_aside(
                        c::COMMAND_UNKNOWN,
                        page,
                        at(),
                        format!(
                            "the doc tells readers to run `{text}`, which the repository cannot run"
                        ),
                        (m, &e),
                    );
                }
                continue;
            }
            if !claim.offered_in(page_text) {
                continue;
            }
            match verdict {
                Verdict::Known => {}
                Verdict::Unknown(truth, kind) => sink.emit_at(
                    c::COMMAND_UNKNOWN,
                    path(),
                    at(),
                    format!(
                        "the doc tells readers to run `{text}`, which the repository cannot run"
                    ),
                    Some(truth.clone()),
                    kind.map(|k| Proof::new(k, truth)),
                ),
                Verdict::Unsure(reason) => sink.emit_at(
                    c::COMMAND_UNKNOWN,
                    path(),
                    at(),
                    format!("docket cannot confirm `{text}`"),
                    Some(reason),
                    None,
                ),
            }
        }
    }
}

/// A page's "latest release" against the repository's version tags and, when
/// it has none, its package version (a warning: a version may be bumped
/// before it is published).
pub(super) fn release_stale(p: &Project, sink: &mut Sink<'_>) {
    use crate::input::facts::Version;
    use std::cmp::Ordering;
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        for claim in &doc.claims {
            let Claim::LatestRelease { version, text } = &claim.claim else {
                continue;
            };
            let Some(said) = Version::parse(version).filter(|_| !claim.in_block) else {
                continue;
            };
            let r = p.facts.releases();
            let n = said.parts.len();
            let ahead = |v: &Version| v.cmp_prefix(&said, n) == Ordering::Greater;
            let package = r.packages.first();
            let package_words = |k: &crate::input::facts::PackageVersion| {
                format!("{}:{} has version {}", k.file, k.line, k.raw)
            };
            let (truth, strong) = if let Some(t) = r.latest_tag().filter(|t| ahead(&t.version)) {
                let mut truth = format!("tags reach {} (commit {}, {})", t.name, t.short(), t.date);
                if let Some(k) = package {
                    truth.push_str(&format!("; {}", package_words(k)));
                }
                (truth, true)
            } else if let Some(k) = package
                .filter(|k| r.tags.is_empty() && k.version.pre.is_none() && ahead(&k.version))
            {
                (
                    format!("{}; no version tag was read", package_words(k)),
                    false,
                )
            } else {
                continue;
            };
            let text_of = &p.book.pages[page].text;
            let at = doc.source_map.line_col(text_of, claim.offset);
            let message = format!("the doc says the latest release is {version} (\"{text}\")");
            let (mode, evidence) = claim.reading(text_of);
            if mode != crate::markdown::claims::Mode::Current {
                if let Some(e) = evidence {
                    sink.set_aside(c::RELEASE_STALE, page, at, message, (mode, &e));
                }
                continue;
            }
            let path = p.src_rel(&p.book.pages[page].path);
            // A tag is what was published; a package version alone may be
            // bumped ahead of publishing.
            let proof = strong.then(|| Proof::new(ProofKind::Release, truth.clone()));
            sink.emit_at(c::RELEASE_STALE, path, at, message, Some(truth), proof);
        }
    }
}

pub(super) fn file_missing(p: &Project, sink: &mut Sink<'_>) {
    if !p.facts.files {
        return;
    }
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        for claim in &doc.claims {
            let Claim::RepoPath { path: rel } = &claim.claim else {
                continue;
            };
            // Doc paths are the link rules' (`link-broken`).
            if rel.ends_with(".md") || claim.in_block {
                continue;
            }
            let at = || {
                doc.source_map
                    .line_col(&p.book.pages[page].text, claim.offset)
            };
            let aside = |sink: &mut Sink<'_>, (m, e): (Mode, Evidence)| {
                sink.set_aside(
                    c::FILE_MISSING,
                    page,
                    at(),
                    format!("the doc names `{rel}`, which does not exist"),
                    (m, &e),
                );
            };
            let (anchored, close, proof, cue, lowered, history) =
                match super::paths::judge(p, page, claim, rel) {
                    super::paths::Verdict::Found => continue,
                    super::paths::Verdict::NotCurrent(m, e) => {
                        aside(sink, (m, e));
                        continue;
                    }
                    super::paths::Verdict::Missing {
                        anchored,
                        close,
                        proof,
                        cue,
                        lowered,
                        past,
                    } => {
                        // What Git's history says: the sentence, and the path now.
                        let history = past.and_then(|old| super::paths::history_evidence(p, &old));
                        (anchored, close, proof, cue, lowered, history)
                    }
                };
            if proof.is_none()
                && let Some(read) = super::paths::beside_foreign(p, page, claim)
            {
                aside(sink, read);
                continue;
            }
            let at = at();
            let path = p.src_rel(&p.book.pages[page].path);
            let top = rel.split('/').next().unwrap_or("");
            let (said, now) = history.map_or((None, None), |(s, n)| (Some(s), n));
            let mean = now
                .as_ref()
                .or(close.as_ref())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            let mut message = format!("the doc names `{rel}`, which does not exist{mean}");
            let truth = match (&close, &proof) {
                _ if said.is_some() => said.unwrap_or_default(),
                (Some(c), Some(_)) => format!("`{c}` exists"),
                (Some(c), None) => format!(
                    "`{c}` exists, but a file of that name beside it may be new rather than a slip: docket cannot confirm"
                ),
                (None, _) if anchored => format!(
                    "`{top}/` exists but has no `{}`, and nothing in the tree resembles it: docket cannot confirm it was meant to",
                    rel.strip_prefix(top).unwrap_or(rel).trim_start_matches('/')
                ),
                (None, _) => "nothing in the tree resembles it: docket cannot confirm".to_string(),
            };
            // Evidence overrides a cue around the claim; a record of the past
            // keeps what it holds, as warnings.
            if let Some((m, e)) = cue {
                message.push_str(&format!(" ({}: {})", m.describe(), e.describe()));
            }
            let proof = proof.filter(|_| !lowered);
            sink.emit_at(c::FILE_MISSING, path, at, message, Some(truth), proof);
        }
    }
}

/// Absolute paths in one person's home folder, in inline code and as link
/// targets. Evidence: the path ends in a file of this repository (it is one
/// checkout of it); without that, a warning.
pub(super) fn path_local(p: &Project, sink: &mut Sink<'_>) {
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        let text = &p.book.pages[page].text;
        let mut named: Vec<(usize, &str, Option<&ClaimAt>)> = doc
            .claims
            .iter()
            .filter(|c| !c.in_block)
            .filter_map(|c| match &c.claim {
                Claim::LocalPath { path } => Some((c.offset, path.as_str(), Some(c))),
                _ => None,
            })
            .collect();
        named.extend(
            doc.links
                .iter()
                .filter(|l| l.kind != crate::markdown::LinkKind::CodePath)
                .filter_map(|l| {
                    crate::markdown::claims::local_path(&l.dest).map(|d| (l.offset, d, None))
                }),
        );
        named.sort_by_key(|n| n.0);
        for (offset, path, claim) in named {
            let proof = in_repository(p, path).map(|tail| {
                Proof::new(
                    ProofKind::Doc,
                    format!(
                        "`{tail}` is a file of this repository: the path is one checkout of it"
                    ),
                )
            });
            let at = doc.source_map.line_col(text, offset);
            let message = format!("the doc names `{path}`, a path on one machine");
            if proof.is_none()
                && let Some(c) = claim
                && let (mode, Some(e)) = c.reading(text)
                && mode != crate::markdown::claims::Mode::Current
            {
                sink.set_aside(c::PATH_LOCAL, page, at, message, (mode, &e));
                continue;
            }
            sink.emit(
                c::PATH_LOCAL,
                page,
                at,
                message,
                Some("no reader has that folder".to_string()),
                proof,
            );
        }
    }
}

/// The longest tail of an absolute `path` (two segments or more, or a file)
/// that exists in the repository.
fn in_repository<'a>(p: &Project, path: &'a str) -> Option<&'a str> {
    let path = path.trim_end_matches(['/', '\\']);
    let cuts = path.match_indices(['/', '\\']).map(|(i, _)| i + 1);
    cuts.filter_map(|i| path.get(i..))
        .filter(|tail| !tail.contains('\\') && (tail.contains('/') || tail.contains('.')))
        .find(|tail| crate::core::paths::join_rel("", tail).is_some_and(|r| p.exists_in_root(&r)))
}

/// Whether `name` is one of the project's defines by prefix.
pub(super) fn prefixed(p: &Project, m: Option<&Manifest>, name: &str) -> bool {
    let prefixes: Vec<&String> = if p.facts.prefixes.is_empty() {
        m.map(|m| m.project.define_prefixes.iter().collect())
            .unwrap_or_default()
    } else {
        p.facts.prefixes.iter().collect()
    };
    prefixes.is_empty() || prefixes.iter().any(|x| name.starts_with(x.as_str()))
}

pub(super) fn manifest_drift(p: &Project, lm: &LoadedManifest, sink: &mut Sink<'_>) {
    let m = &lm.manifest;
    let manifest_path = lm.display_path.clone();
    if let Some(code) = &p.facts.defines {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (i, d) in m.defines.iter().enumerate() {
            names.insert(&d.name);
            names.extend(d.aliases.iter().map(String::as_str));
            let read = std::iter::once(&d.name)
                .chain(&d.aliases)
                .find(|n| code.known(n.as_str()));
            let at = lm.index.node(&format!("/defines/{i}/name"));
            match (read, d.status) {
                (None, Lifecycle::Supported | Lifecycle::Deprecated) => sink.emit_at(
                    c::MANIFEST_DRIFT,
                    manifest_path.clone(),
                    at,
                    format!("the manifest lists define `{}`, but no scanned code reads it", d.name),
                    Some(format!("{} source files scanned; mark it `status: removed` (with `replaced-by`) or correct the name", code.files)), Some(Proof::new(ProofKind::Code, format!("none of {} scanned source files reads `{}`", code.files, d.name)))),
                (Some(n), Lifecycle::Supported | Lifecycle::Internal) if code.removed(n) => sink.emit_at(
                    c::MANIFEST_DRIFT,
                    manifest_path.clone(),
                    at,
                    format!("the manifest says define `{}` is supported, but the code only reads it to reject it", d.name),
                    Some(format!("{} raises an error saying it was removed; set `status: removed`", code.first_use(n).unwrap_or_default())), Some(Proof::new(ProofKind::Code, format!("{} raises an error saying it was removed", code.first_use(n).unwrap_or_default())))),
                _ => {}
            }
        }
        let folded: BTreeSet<String> = names
            .iter()
            .map(|n| crate::input::facts::defines::fold(n))
            .collect();
        for (name, uses) in &code.uses {
            // The compiler's own defines, and those the code sets itself or
            // reads only in tests or vendored code, are no user's business.
            if folded.contains(&crate::input::facts::defines::fold(name))
                || !prefixed(p, Some(m), name)
                || code.builtin(name)
                || code.internal(name)
            {
                continue;
            }
            let Some(u) = uses.first() else { continue };
            let state = if code.removed(name) {
                "rejects (as removed)"
            } else {
                "reads"
            };
            sink.emit_at(
                c::MANIFEST_DRIFT,
                u.path.clone(),
                (u.line, 1),
                format!("the code {state} define `{name}`, which the manifest does not list"),
                Some(format!("add `{name}` to `defines` in {manifest_path}")),
                Some(Proof::new(
                    ProofKind::Code,
                    format!("{}:{} reads `{name}`", u.path, u.line),
                )),
            );
        }
    }
    if let Some(t) = &p.facts.tracker {
        for (i, w) in m.workstreams.iter().enumerate() {
            let Some(id) = &w.tracker else { continue };
            let at = lm.index.node(&format!("/workstreams/{i}/tracker"));
            match t.issues.get(id) {
                None => sink.emit_at(
                    c::MANIFEST_DRIFT,
                    manifest_path.clone(),
                    at,
                    format!("workstream `{}` is bound to tracker issue `{id}`, which the export does not have", w.id),
                    Some(format!("{} has no issue `{id}`", t.path)), Some(Proof::new(ProofKind::Tracker, format!("{} has no issue `{id}`", t.path)))),
                Some(issue) if issue.work_status() != w.status => sink.emit_at(
                    c::MANIFEST_DRIFT,
                    lm.display_path.clone(),
                    lm.index.node(&format!("/workstreams/{i}/status")),
                    format!("the manifest says workstream `{}` is {}", w.id, status_name(w.status)),
                    Some(format!("the tracker says `{id}` is {} ({}:{})", issue.status, t.path, issue.line)), Some(Proof::new(ProofKind::Tracker, format!("`{id}` is {} ({}:{})", issue.status, t.path, issue.line)))),
                Some(_) => {}
            }
        }
        if let Some(g) = &m.release.gate
            && let Some(id) = &g.tracker
        {
            match (t.child_counts(id), g.checks) {
                (None, _) => sink.emit_at(
                    c::MANIFEST_DRIFT,
                    manifest_path.clone(),
                    lm.index.node("/release/gate/tracker"),
                    format!("the gate is bound to tracker epic `{id}`, which has no children in the export"),
                    Some(format!("{} has no `parent-child` links to `{id}`", t.path)), Some(Proof::new(ProofKind::Tracker, format!("{} has no `parent-child` links to `{id}`", t.path)))),
                (Some((closed, total)), Some(ch)) if (closed, total) != (ch.closed, ch.total) => sink.emit_at(
                    c::MANIFEST_DRIFT,
                    manifest_path.clone(),
                    lm.index.node("/release/gate/checks"),
                    format!("the manifest says {} / {} gate checks are closed", ch.closed, ch.total),
                    Some(format!("the tracker's epic `{id}` has {closed} / {total} children closed")), Some(Proof::new(ProofKind::Tracker, format!("`{id}` has {closed} of {total} children closed in {}", t.path)))),
                _ => {}
            }
        }
    }
}

/// A work status as the manifest spells it.
pub(super) fn status_name(s: crate::input::manifest::WorkStatus) -> &'static str {
    match s {
        crate::input::manifest::WorkStatus::Open => "open",
        crate::input::manifest::WorkStatus::InProgress => "in-progress",
        crate::input::manifest::WorkStatus::Closed => "closed",
    }
}

//! The manifest's defines agree with the code from the start: init scans the
//! code the way `check` will, writes the documented defines the code only
//! rejects as `status: removed`, and adds each
//! define the code reads that a page names (in any form), so the first `check`
//! reports no drift init created. A define the code reads that no page names
//! stays out: that is the real "undocumented define" finding.

use std::collections::BTreeSet;
use std::path::Path;

use crate::input::config::DefinesFacts;
use crate::input::facts::defines::{self, DefineFacts, fold};

use super::ParsedPage;
use super::defines::{DEFINE_NAME, DefineOut};
use super::facts::DefineSources;
use super::found;

/// What the configured sources read, scanned as `check` will scan them.
pub(super) fn scan(root: &Path, s: &DefineSources, notes: &mut Vec<String>) -> Option<DefineFacts> {
    let cfg = DefinesFacts {
        sources: s.sources.iter().map(Into::into).collect(),
        globs: s.globs.clone(),
        patterns: s.patterns.clone(),
        wrappers: s.wrappers.clone(),
        prefixes: Vec::new(),
    };
    match defines::scan(root, &cfg) {
        Ok(f) => Some(f),
        Err(e) => {
            notes.push(format!("{e}; the defines are read from the docs only"));
            None
        }
    }
}

/// Where a page first names `name` (`` `name` ``, `` `name=…` ``, `-D name`).
fn named_at(name: &str, docs: &[ParsedPage]) -> Option<String> {
    // Haxe reads `-` and `_` alike: `-D source-map` names `source_map`.
    let spellings: BTreeSet<String> = [
        name.to_string(),
        name.replace('_', "-"),
        name.replace('-', "_"),
    ]
    .into_iter()
    .collect();
    let forms: Vec<String> = spellings
        .iter()
        .flat_map(|n| {
            [
                format!("`{n}`"),
                format!("`{n}="),
                format!("-D {n}"),
                format!("-D{n}"),
            ]
        })
        .collect();
    for d in docs {
        for f in &forms {
            let mut from = 0;
            while let Some(i) = d.text.get(from..).and_then(|t| t.find(f.as_str())) {
                let at = from + i;
                let after = d.text[at + f.len()..].chars().next();
                // `-D name` must end there (not `-D name_more`).
                let whole = f.ends_with('`')
                    || f.ends_with('=')
                    || !after
                        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
                if whole {
                    return Some(d.at(at));
                }
                from = at + f.len();
            }
        }
    }
    None
}

/// Make `defines` (read from the docs) agree with what the code reads.
pub(super) fn reconcile(
    defines: &mut Vec<DefineOut>,
    docs: &[ParsedPage],
    code: &DefineFacts,
    notes: &mut Vec<String>,
) {
    // A documented define the code only rejects is removed, not supported; so
    // is one no scanned code reads at all (the page that offers it is where
    // `check` then reports the drift). One the docs file as removed but the
    // code reads is not removed: the code is the stronger truth.
    for d in defines.iter_mut() {
        let name = d.name.value.clone();
        let read = std::iter::once(&d.name.value)
            .chain(&d.aliases)
            .find(|n| code.known(n.as_str()));
        match read {
            _ if code.removed(&name) => {
                d.removed = Some(format!(
                    "the code only rejects it ({})",
                    code.first_use(&name).unwrap_or_default()
                ));
            }
            None if code.files > 0 => {
                let files = match code.files {
                    1 => "1 source file".to_string(),
                    n => format!("{n} source files"),
                };
                let why = d.removed.take().map_or_else(
                    || format!("the docs offer it at {}", d.name.from),
                    |label| format!("the docs file it as removed by {label}"),
                );
                notes.push(format!(
                    "define `{name}`: no scanned code reads it ({files}); written as `status: removed` ({why}); if the code does read it, correct the name or the define sources in book.toml"
                ));
                d.removed = Some(format!("no scanned code reads it ({files}); {why}"));
            }
            Some(n) if d.removed.is_some() => {
                notes.push(format!(
                    "define `{name}`: the docs file it as removed ({}), but the code reads it ({}); written as supported",
                    d.removed.take().unwrap_or_default(),
                    code.first_use(n).unwrap_or_else(|| "a name the code knows".into())
                ));
            }
            _ => {}
        }
    }
    let mut listed: BTreeSet<String> = defines
        .iter()
        .flat_map(|d| std::iter::once(&d.name.value).chain(&d.aliases))
        .map(|n| fold(n))
        .collect();
    let mut added = 0;
    for name in code.uses.keys() {
        if listed.contains(&fold(name))
            || code.builtin(name)
            || code.internal(name)
            || !DEFINE_NAME.is_match(name)
        {
            continue;
        }
        let Some(at) = named_at(name, docs) else {
            continue;
        };
        let used = code.first_use(name).unwrap_or_default();
        let removed = code
            .removed(name)
            .then(|| format!("the code only rejects it ({used})"));
        defines.push(DefineOut {
            name: found(name.clone(), format!("read by the code at {used}, named at {at}")),
            value: None,
            values: None,
            category: found("code".to_string(), "defines the code reads and the docs name"),
            summary: found(
                format!("Read by the code at {used}."),
                format!("no defines-reference entry; summary written by init from the code, named at {at}"),
            ),
            aliases: Vec::new(),
            internal: None,
            removed,
            default: None,
        });
        listed.insert(fold(name));
        added += 1;
    }
    if added > 0 {
        notes.push(format!(
            "defines: {added} more that the code reads and the docs name (category `code`)"
        ));
    }
}

/// The prefixes that mark the project's own defines for code scanning, when its
/// names are namespaced with `.` (`genes.ts`, `genes.library`), which the
/// manifest's `define-prefixes` cannot say: the namespaces two or more names
/// share, with the manifest's `_` prefixes. Empty when there are no namespaces.
pub(super) fn scan_prefixes(defines: &[DefineOut], manifest: Option<&[String]>) -> Vec<String> {
    let mut count: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in defines {
        let n = d.name.value.as_str();
        if let Some((word, _)) = n.split_once('.')
            && !word.is_empty()
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            *count.entry(word).or_default() += 1;
        }
    }
    let mut out: Vec<String> = count
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(w, _)| format!("{w}."))
        .collect();
    if out.is_empty() {
        return out;
    }
    out.extend(manifest.unwrap_or_default().iter().cloned());
    out.sort();
    out.dedup();
    out
}

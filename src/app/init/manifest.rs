//! The manifest init writes: every inference put together, in the order the
//! manifest lists it.

use serde::Serialize;

use super::commands::{self, CommandOut};
use super::defines::{self, DefineOut};
use super::docs::{self, DocOut};
use super::facts::Facts;
use super::gate::{self, GateOut};
use super::profiles::{self, ProfileOut};
use super::workstreams::{self, WorkstreamOut};
use super::{Found, ParsedPage, found, release};
use crate::markdown::outline::{Inline, Outline};

/// The manifest init writes.
#[derive(Serialize)]
pub(super) struct Inferred {
    pub(super) name: Found<String>,
    pub(super) repository: Option<String>,
    pub(super) prefixes: Option<Found<Vec<String>>>,
    pub(super) line: Option<Found<String>>,
    pub(super) posture: Found<&'static str>,
    pub(super) as_of: Found<String>,
    pub(super) gate: Option<GateOut>,
    pub(super) selector: Option<Found<String>>,
    pub(super) profiles: Vec<ProfileOut>,
    pub(super) defines: Vec<DefineOut>,
    pub(super) workstreams: Vec<WorkstreamOut>,
    pub(super) commands: Vec<CommandOut>,
    pub(super) docs: Vec<DocOut>,
}

/// Everything the docs say, as the manifest's values with their sources.
pub(super) fn infer(
    docs: &[ParsedPage],
    facts: &Facts,
    title: &(String, String),
    today: &str,
    notes: &mut Vec<String>,
) -> Inferred {
    let structures: Vec<&Outline> = docs.iter().map(|d| &d.outline).collect();

    // Defines from the defines reference.
    let defines_page = pick_page(
        docs,
        |s| s.contains("define"),
        |_, st| {
            st.items
                .iter()
                .filter(|i| matches!(i.own.first(), Some(Inline::Code(..))))
                .count()
        },
        &structures,
    );
    let mut defines = match defines_page {
        Some(i) => defines::read_defines(&docs[i], structures[i], notes),
        None => {
            notes.push("no defines reference found (a page whose name contains \"define\"); `defines` is empty".into());
            Vec::new()
        }
    };

    // The profile selector and profiles.
    let profiles::Profiles {
        page: profiles_page_guess,
        selector: selector_out,
        profiles,
    } = profiles::infer_profiles(docs, &structures, defines_page, &mut defines, notes);
    if let Some(code) = &facts.code_defines {
        super::code_defines::reconcile(&mut defines, docs, code, notes);
    }
    defines::dedupe_defines(&mut defines, notes);
    if let Some(i) = defines_page {
        notes.push(format!("defines: {} from {}", defines.len(), docs[i].shown));
    }

    // Workstreams and the gate.
    let workstreams = workstreams::read_workstreams(docs, &structures, facts, notes);
    let gate = gate::infer_gate(docs, &workstreams, notes);

    // Release line, posture, as-of.
    let (line, posture) = release::infer_release(docs, facts, notes);
    let as_of = release::infer_as_of(docs, today);

    let commands = commands::infer_commands(docs, facts);
    let prefixes = defines::infer_prefixes(
        &defines,
        defines_page.map(|i| docs[i].shown.as_str()),
        selector_out.as_ref().map(|s| s.value.as_str()),
    );
    let profiles_page = selector_out.as_ref().and(profiles_page_guess);
    let docs_out = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let prefix = format!("{}:", d.shown);
            let ws = workstreams
                .iter()
                .find(|w| w.title.from.starts_with(&prefix))
                .map(|w| w.title.from.as_str());
            docs::doc_entry(d, Some(i) == defines_page, Some(i) == profiles_page, ws)
        })
        .collect();

    Inferred {
        name: found(title.0.clone(), format!("from {}", title.1)),
        repository: facts.package.as_ref().and_then(|p| p.repository.clone()),
        prefixes,
        line,
        posture,
        as_of,
        gate,
        selector: selector_out,
        profiles,
        defines,
        workstreams,
        commands,
        docs: docs_out,
    }
}

/// The best page whose file stem passes `name`, by `score` (ties: first path).
pub(super) fn pick_page(
    docs: &[ParsedPage],
    name: impl Fn(&str) -> bool,
    score: impl Fn(&ParsedPage, &Outline) -> usize,
    structures: &[&Outline],
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, d) in docs.iter().enumerate() {
        if !name(&d.stem()) {
            continue;
        }
        let s = structures.get(i).map_or(0, |st| score(d, st));
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::markdown::claims::ClaimContext;
    use crate::markdown::outline::parse_outlined;
    use proptest::prelude::*;

    fn snippet() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z_.]{1,8}".prop_map(|n| format!("- `{n}`\n")),
            ("[a-z_]{1,6}", "[a-z0-9|<>,]{0,8}").prop_map(|(n, v)| format!("- `{n}={v}`: does {n}\n")),
            ("[a-z_]{1,6}", "[a-z_]{1,6}").prop_map(|(a, b)| format!("- `{a}` or `-D {b}`\n  - nested text\n")),
            ("[a-z_]{1,6}", "[a-z_]{1,6}", "[a-z]{1,4}").prop_map(|(a, s, p)| format!("- `{a}`: alias for `{s}={p}`\n")),
            "[A-Za-z :#/ü]{0,10}".prop_map(|h| format!("\n## {h}\n\n")),
            ("[a-z_]{1,8}", "[a-z0-9.|-]{1,12}").prop_map(|(n, v)| format!("\n`-D {n}={v}`\n\n")),
            ("[A-Za-z /ü-]{0,10}", "(closed|open|done|wip|x|in progress)", "(Workstream|Vision checkpoint)")
                .prop_map(|(t, s, h)| format!("\n| {h} | What | Status |\n|---|---|---|\n| {t} | m | {s} |\n| {t} | | {s} |\n\n")),
            "(The release gate is (closed|open)\\.|[0-9]{1,2} / [0-9]{1,2} closed \\([0-9]{1,3}%\\)|post-[0-9]\\.[0-9]|after v?[0-9]{1,3}\\.[0-9]{1,3}|as of 20[0-9]{2}-[0-9]{2}-[0-9]{2}|Road to [0-9]\\.[0-9])"
                .prop_map(|s| format!("\n{s}\n\n")),
            "[a-z]{1,4}".prop_map(|p| format!("\n`{p}` (default) and {p} is the default\n\n")),
            "[a-z]{1,3}".prop_map(|b| format!("\n<!-- GENERATED:{b}:start -->\nx\n<!-- GENERATED:{b}:end -->\n<!-- GENERATED:progress-status:start -->\n<!-- GENERATED:progress-status:end -->\n")),
            "\\PC{0,30}".prop_map(|s| format!("{s}\n")),
        ]
    }

    fn page(path: &str, text: String) -> ParsedPage {
        let (doc, outline) = parse_outlined(path, &text, &ClaimContext::default());
        ParsedPage {
            path: path.into(),
            shown: format!("docs/{path}"),
            doc,
            outline,
            text,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn whatever_the_docs_say_the_manifest_loads(
            pages in prop::collection::vec(
                (prop::sample::select(vec!["defines-reference.md", "profiles.md", "progress-tracker.md", "vision.md", "index.md", "a/guide.md", "sel-profile.md"]),
                 prop::collection::vec(snippet(), 0..12)),
                1..5,
            )
        ) {
            let mut seen = BTreeSet::new();
            let docs: Vec<ParsedPage> = pages
                .into_iter()
                .filter(|(p, _)| seen.insert(*p))
                .map(|(p, parts)| page(p, parts.concat()))
                .collect();
            let mut notes = Vec::new();
            let inferred = infer(&docs, &Facts::default(), &("x".into(), "y".into()), "2025-01-01", &mut notes);
            let m = super::super::render::manifest(&inferred).map_err(TestCaseError::fail)?;
            let known: Vec<&str> = crate::input::assets::BLOCKS.iter().map(|(n, _)| *n).collect();
            let r = crate::input::manifest::parse(&m, Path::new("m.yaml"), &known);
            prop_assert!(r.is_ok(), "{}\n{}", r.err().map(|e| e.to_string()).unwrap_or_default(), m);
        }
    }
}

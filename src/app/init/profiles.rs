//! The profiles: the selector (a `name=a|b|c` form the docs write), its
//! values as profile ids, the default a page marks, each profile's summary
//! from a table row or list item, and aliases from alias wording in the
//! defines. The selector joins the defines as a define whose values are the
//! profile ids.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::defines::DefineOut;
use super::manifest::pick_page;
use super::{Found, ID, ParsedPage, found};
use crate::markdown::outline::{Inline, Outline, plain};

/// One entry of `profiles`.
#[derive(Serialize)]
pub(super) struct ProfileOut {
    pub(super) id: String,
    pub(super) summary: Found<String>,
    pub(super) default: Option<String>,
    pub(super) aliases: Vec<Found<String>>,
}

/// What the docs say about profiles.
pub(super) struct Profiles {
    /// The page most likely to be the profiles page, selector or not.
    pub(super) page: Option<usize>,
    /// The selector define, when the docs write one.
    pub(super) selector: Option<Found<String>>,
    pub(super) profiles: Vec<ProfileOut>,
}

/// The selector and its profiles. The selector becomes (or updates) a define
/// in `defines`; a define that is an alias for `selector=x` becomes an alias
/// of profile x.
pub(super) fn infer_profiles(
    docs: &[ParsedPage],
    structures: &[&Outline],
    defines_page: Option<usize>,
    defines: &mut Vec<DefineOut>,
    notes: &mut Vec<String>,
) -> Profiles {
    let selectors = selector_forms(docs);
    let profiles_page_guess = pick_page(
        docs,
        |s| s.contains("profile"),
        |d, _| {
            let s = d.stem();
            usize::from(s == "profiles") * 4 + usize::from(s.contains("profiles")) * 2 + 1
        },
        structures,
    );
    let selector = choose_selector(&selectors, docs, defines_page, profiles_page_guess);
    let mut profiles = Vec::new();
    let mut selector_out = None;
    if let Some((name, values, at)) = selector {
        selector_out = Some(found(
            name.clone(),
            format!("from the `{name}=…` form at {at}"),
        ));
        let default = default_profile(&values, docs, profiles_page_guess);
        for v in &values {
            let summary =
                profile_summary(v, docs, structures, profiles_page_guess).unwrap_or_else(|| {
                    found(
                        format!("Selected with -D {name}={v}."),
                        format!("no description found; from the selector at {at}"),
                    )
                });
            profiles.push(ProfileOut {
                id: v.clone(),
                summary,
                default: None,
                aliases: Vec::new(),
            });
        }
        let (di, why) = match &default {
            Some((id, why)) => (
                values.iter().position(|v| v == id).unwrap_or(0),
                why.clone(),
            ),
            None => (
                0,
                "the selector's first value; no page marks a default".to_string(),
            ),
        };
        if let Some(p) = profiles.get_mut(di) {
            p.default = Some(why.clone());
        }
        let default_id = values.get(di).cloned().unwrap_or_default();
        // The selector is a define whose values are exactly the profile ids.
        match defines.iter_mut().find(|d| d.name.value == name) {
            Some(d) => {
                d.value = None;
                d.values = Some(values.clone());
                d.default = Some(found(default_id, why));
            }
            None => defines.push(DefineOut {
                name: found(name.clone(), format!("the profile selector at {at}")),
                value: None,
                values: Some(values.clone()),
                category: found(
                    "profiles".to_string(),
                    "no entry in the defines reference; category chosen by init",
                ),
                summary: found(
                    "Selects the profile.".to_string(),
                    "no entry in the defines reference; summary written by init",
                ),
                aliases: Vec::new(),
                internal: None,
                removed: None,
                default: Some(found(default_id, why)),
            }),
        }
        // A define or alias that is an alias for `selector=x` is an alias of profile x.
        let names: BTreeSet<String> = defines.iter().map(|d| d.name.value.clone()).collect();
        for d in defines.iter() {
            for cap in ALIAS_FOR.captures_iter(&d.summary.value) {
                let (Some(sel), Some(id)) = (cap.get(1), cap.get(2)) else {
                    continue;
                };
                if sel.as_str() != name || d.name.value == name || !names.contains(&d.name.value) {
                    continue;
                }
                if let Some(p) = profiles.iter_mut().find(|p| p.id == id.as_str())
                    && !p.aliases.iter().any(|a| a.value == d.name.value)
                {
                    p.aliases
                        .push(found(d.name.value.clone(), d.summary.from.clone()));
                }
            }
        }
        notes.push(format!(
            "profiles: {} from `{name}` at {at}",
            values.join(", ")
        ));
    }
    Profiles {
        page: profiles_page_guess,
        selector: selector_out,
        profiles,
    }
}

/// `name=a|b|c`, optionally after `-D`.
static SELECTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(\[])(?:-D\s*)?([A-Za-z_][A-Za-z0-9_.]*)=([a-z0-9][a-z0-9.-]*(?:\|[a-z0-9][a-z0-9.-]*)+)")
        .expect("static regex")
});
/// "alias for `sel=x`", "shorthand for `-D sel=x`".
static ALIAS_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:alias|shorthand|short-hand|same as|equivalent to)\b[^`]{0,20}`(?:-D\s*)?([A-Za-z_][A-Za-z0-9_.]*)=([a-z0-9][a-z0-9.-]*)`")
        .expect("static regex")
});

/// One `name=a|b|c` form: every place the docs write it.
struct SelectorForm {
    name: String,
    /// (page index, values as written there, `docs/x.md:LINE`), in page order.
    mentions: Vec<(usize, Vec<String>, String)>,
}

impl SelectorForm {
    /// The values written on page `pi`, merged in first-seen order, and where
    /// they are first written; `None` if the page does not write the form.
    fn on_page(&self, pi: usize) -> Option<(Vec<String>, String)> {
        let mut values: Vec<String> = Vec::new();
        let mut at = None;
        for (p, vs, a) in &self.mentions {
            if *p != pi {
                continue;
            }
            at.get_or_insert_with(|| a.clone());
            for v in vs {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
        }
        at.map(|a| (values, a))
    }
}

/// Every `name=a|b|c` form in the docs.
fn selector_forms(docs: &[ParsedPage]) -> Vec<SelectorForm> {
    let mut out: Vec<SelectorForm> = Vec::new();
    for (pi, d) in docs.iter().enumerate() {
        for cap in SELECTOR.captures_iter(&d.text) {
            let (Some(n), Some(v)) = (cap.get(1), cap.get(2)) else {
                continue;
            };
            let mut values: Vec<String> = Vec::new();
            for val in v.as_str().split('|') {
                if ID.is_match(val) && !values.iter().any(|x| x == val) {
                    values.push(val.to_string());
                }
            }
            let mention = (pi, values, d.at(n.start()));
            match out.iter_mut().find(|e| e.name == n.as_str()) {
                Some(e) => e.mentions.push(mention),
                None => out.push(SelectorForm {
                    name: n.as_str().to_string(),
                    mentions: vec![mention],
                }),
            }
        }
    }
    out
}

/// The selector: a `name=a|b` form whose name says "profile" or that a
/// profiles page writes (a name with "profile" first, then a profiles page,
/// then the most written). Its values are the ones the defines reference
/// writes, else the profiles page, else the page writing it most: a value
/// only some other page offers stays out, for `check` to report.
fn choose_selector(
    forms: &[SelectorForm],
    docs: &[ParsedPage],
    defines_page: Option<usize>,
    profiles_page: Option<usize>,
) -> Option<(String, Vec<String>, String)> {
    let mut best: Option<(usize, &SelectorForm)> = None;
    for f in forms {
        let named = f.name.to_lowercase().contains("profile");
        let on_page = f.mentions.iter().any(|(p, _, _)| {
            Some(*p) == profiles_page || docs.get(*p).is_some_and(|d| d.stem().contains("profile"))
        });
        if !(named || on_page) {
            continue;
        }
        let score = usize::from(named) * 1_000_000
            + usize::from(on_page) * 100_000
            + f.mentions.len().min(99_999);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, f));
        }
    }
    let (_, f) = best?;
    let mut pages: Vec<usize> = defines_page.into_iter().chain(profiles_page).collect();
    let mut by_count: Vec<(usize, usize)> = Vec::new();
    for (p, _, _) in &f.mentions {
        match by_count.iter_mut().find(|(q, _)| q == p) {
            Some((_, n)) => *n += 1,
            None => by_count.push((*p, 1)),
        }
    }
    by_count.sort_by_key(|b| std::cmp::Reverse(b.1));
    pages.extend(by_count.into_iter().map(|(p, _)| p));
    let (values, at) = pages.into_iter().find_map(|p| f.on_page(p))?;
    (values.len() >= 2).then(|| (f.name.clone(), values, at))
}

/// The profile a page marks as the default: "`x` (default)", "x is the default",
/// "default profile: x". Profiles pages first.
fn default_profile(
    ids: &[String],
    docs: &[ParsedPage],
    profiles_page: Option<usize>,
) -> Option<(String, String)> {
    let mut order: Vec<usize> = profiles_page.into_iter().collect();
    order.extend((0..docs.len()).filter(|i| Some(*i) != profiles_page));
    for pi in order {
        let Some(d) = docs.get(pi) else { continue };
        let mut first: Option<(usize, &String)> = None;
        for id in ids {
            let e = regex::escape(id);
            let pats = [
                format!(r"(?i)(?:^|[^a-z0-9.-])`?{e}`?\*{{0,2}}\s*\((?:the\s+)?default\)"),
                format!(r"(?i)(?:^|[^a-z0-9.-])`?{e}`?\*{{0,2}}\s+is\s+the\s+default\b"),
                format!(
                    r"(?i)\bdefault(?:\s+profile)?\s*(?:is|:)\s*\*{{0,2}}`?{e}`?(?:[^a-z0-9.-]|$)"
                ),
            ];
            for p in pats {
                let Ok(re) = Regex::new(&p) else { continue };
                if let Some(m) = re.find(&d.text)
                    && first.is_none_or(|(o, _)| m.start() < o)
                {
                    first = Some((m.start(), id));
                }
            }
        }
        if let Some((off, id)) = first {
            return Some((id.clone(), format!("the default marker at {}", d.at(off))));
        }
    }
    None
}

/// A profile's summary: the second cell of a table row whose first cell names
/// it, else the rest of a list item that opens with it.
fn profile_summary(
    id: &str,
    docs: &[ParsedPage],
    st: &[&Outline],
    profiles_page: Option<usize>,
) -> Option<Found<String>> {
    let mut order: Vec<usize> = profiles_page.into_iter().collect();
    order.extend((0..docs.len()).filter(|i| Some(*i) != profiles_page));
    let names_it = |cell: &str| {
        let c = cell.trim().trim_matches(['`', '*']).trim();
        let first = c
            .split([' ', '('])
            .next()
            .unwrap_or("")
            .trim_matches(['`', '*']);
        first.eq_ignore_ascii_case(id)
    };
    for pi in order {
        let (Some(d), Some(s)) = (docs.get(pi), st.get(pi)) else {
            continue;
        };
        for t in &s.tables {
            if t.header.iter().any(|h| h == "status" || h == "state") {
                continue;
            }
            for (off, row) in &t.rows {
                if let (Some(first), Some(second)) = (row.first(), row.get(1))
                    && names_it(first)
                {
                    let summary = second.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !summary.is_empty() {
                        let col = t
                            .header
                            .get(1)
                            .map(|h| format!(" (column \"{h}\")"))
                            .unwrap_or_default();
                        return Some(found(summary, format!("{}{col}", d.at(*off))));
                    }
                }
            }
        }
        for item in &s.items {
            if let Some(Inline::Code(c, off)) = item.own.first()
                && c.trim() == id
            {
                let rest = plain(item.own.get(1..).unwrap_or(&[]));
                let rest = rest
                    .trim_start_matches(|c: char| {
                        matches!(c, ':' | '-' | '–' | '—') || c.is_whitespace()
                    })
                    .trim();
                if !rest.is_empty() {
                    return Some(found(rest.to_string(), d.at(*off)));
                }
            }
        }
    }
    None
}

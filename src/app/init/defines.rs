//! The defines: list items of the defines reference that open with a
//! backticked define, read as `check` reads them, and the prefixes their names
//! share.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Found, ParsedPage, found, slugify};
use crate::markdown::outline::{Inline, Outline, plain};

/// One entry of `defines`.
#[derive(Serialize)]
pub(super) struct DefineOut {
    pub(super) name: Found<String>,
    pub(super) value: Option<String>,
    pub(super) values: Option<Vec<String>>,
    pub(super) category: Found<String>,
    pub(super) summary: Found<String>,
    pub(super) aliases: Vec<String>,
    pub(super) internal: Option<String>,
    /// Why it is `status: removed`, when it is.
    pub(super) removed: Option<String>,
    pub(super) default: Option<Found<String>>,
}

pub(super) static DEFINE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.]*$").expect("static regex"));
static INTERNAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\binternal(?:ly)?\b").expect("static regex"));
/// A heading or label that files what follows as gone: "Removed",
/// "Removed defines:", "Retired flags".
static REMOVED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:removed|retired|dropped)\b[\w\s()./-]{0,40}:?\W*$")
        .expect("static regex")
});

/// Why an item is filed as removed: its section heading or the label right
/// above its list says so.
fn removed_by_label(page: &ParsedPage, item: &crate::markdown::outline::Item) -> Option<String> {
    let (text, off, what) = match (&item.lead, &item.section) {
        // A paragraph is a label only when it ends in a colon ("Removed:"),
        // not a sentence ("Dropped support for 1.x.").
        (Some((t, o)), _)
            if t.trim_end_matches(['*', '_', ' ']).ends_with(':') && REMOVED_LABEL.is_match(t) =>
        {
            (t, *o, "the label")
        }
        (_, Some((h, o))) if REMOVED_LABEL.is_match(h) => (h, *o, "the heading"),
        _ => return None,
    };
    Some(format!("{what} \"{text}\" above it, at {}", page.at(off)))
}

/// The first `_`-word of a name with its `_` (`reflaxe_` of `reflaxe_go_x`).
fn first_word(name: &str) -> Option<&str> {
    name.find('_').filter(|&i| i > 0).map(|i| &name[..=i])
}

/// Whether backticked text names a file rather than a define (`README.md`).
fn looks_like_file(name: &str) -> bool {
    const EXTS: &[&str] = &[
        ".md", ".rs", ".hx", ".hxml", ".json", ".toml", ".yaml", ".yml", ".sh", ".js", ".ts",
        ".txt",
    ];
    EXTS.iter().any(|e| name.to_lowercase().ends_with(e))
}

/// Defines documented by list items that open with a backticked define, as
/// `check` reads them (`- `name=<value>`: summary`, `- `a` or `b``).
pub(super) fn read_defines(
    page: &ParsedPage,
    st: &Outline,
    notes: &mut Vec<String>,
) -> Vec<DefineOut> {
    let mut out: Vec<DefineOut> = Vec::new();
    // Offset of each item that documents a define → that define's name and values.
    let mut define_items: BTreeMap<usize, (String, Vec<String>)> = BTreeMap::new();
    for item in &st.items {
        // The leading run of code spans, joined by connectors.
        let mut codes: Vec<(String, usize)> = Vec::new();
        let mut rest_from = item.own.len();
        for (k, inl) in item.own.iter().enumerate() {
            match inl {
                Inline::Code(c, off) => codes.push((c.clone(), *off)),
                Inline::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() && codes.is_empty() {
                        continue;
                    }
                    if !codes.is_empty() && matches!(t, "" | "or" | "and" | "," | "/") {
                        continue;
                    }
                    rest_from = k;
                    break;
                }
            }
        }
        if codes.is_empty() {
            continue;
        }
        let mut names: Vec<(String, Option<String>, usize)> = Vec::new();
        for (code, off) in &codes {
            let c = code.trim();
            let c = c.strip_prefix("-D").map_or(c, str::trim_start);
            let (name, value) = match c.split_once('=') {
                Some((n, v)) => (
                    n.trim(),
                    Some(v.trim().to_string()).filter(|v| !v.is_empty()),
                ),
                None => (c, None),
            };
            if name.is_empty() || looks_like_file(name) {
                continue;
            }
            if !DEFINE_NAME.is_match(name) {
                if name
                    .chars()
                    .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '.')
                {
                    notes.push(format!(
                        "{}: `{name}` is not a valid define name for the manifest; left out",
                        page.at(*off)
                    ));
                }
                continue;
            }
            names.push((name.to_string(), value, *off));
        }
        let Some((name, value, off)) = names.first().cloned() else {
            continue;
        };
        // An item nested under a define's item that names one of its values
        // (`- `mode=fast|safe`` with `  - `fast`: …`), or a bare word without
        // the define's prefix, is a value of that define, not a define.
        if let Some((parent, values)) = item.parent.and_then(|p| define_items.get(&p)) {
            let explicit = codes
                .first()
                .is_some_and(|(c, _)| c.trim().starts_with("-D"));
            let value_like = values.contains(&name)
                || (value.is_none() && first_word(&name) != first_word(parent));
            if !explicit && value_like {
                continue;
            }
        }
        define_items.insert(
            item.offset,
            (
                name.clone(),
                value
                    .as_deref()
                    .map(|v| v.split('|').map(str::to_string).collect())
                    .unwrap_or_default(),
            ),
        );
        let at = page.at(off);
        if out.iter().any(|d| d.name.value == name) {
            notes.push(format!(
                "{at}: `{name}` is documented twice; the first entry is kept"
            ));
            continue;
        }
        let own_rest = plain(&item.own[rest_from.min(item.own.len())..]);
        let own_rest = own_rest
            .trim_start_matches(|c: char| {
                matches!(c, ':' | '-' | '–' | '—' | ',' | ';') || c.is_whitespace()
            })
            .trim()
            .to_string();
        let summary = if !own_rest.is_empty() {
            // "`target.name` is read internally…": keep the sentence whole.
            let whole = if own_rest.starts_with(|c: char| c.is_lowercase()) {
                format!("`{name}` {own_rest}")
            } else {
                own_rest
            };
            found(whole, at.clone())
        } else if let Some((t, o)) = &item.first_child {
            found(t.clone(), page.at(*o))
        } else {
            found(
                format!("Documented in {} without a description.", page.shown),
                format!("no description at {at}; write one"),
            )
        };
        let (category, category_from) = match &item.section {
            Some((h, o)) => {
                let s = slugify(h);
                if s.is_empty() {
                    (
                        "general".to_string(),
                        format!("no usable heading text at {}; default", page.at(*o)),
                    )
                } else {
                    (s, format!("heading \"{h}\" at {}", page.at(*o)))
                }
            }
            None => (
                "general".to_string(),
                "no section heading above it; default".to_string(),
            ),
        };
        let (value, values) = match value {
            Some(v)
                if v.contains('|')
                    && v.split('|').all(|p| {
                        !p.is_empty() && !p.starts_with('<') && !p.contains(char::is_whitespace)
                    }) =>
            {
                (None, Some(v.split('|').map(str::to_string).collect()))
            }
            other => (other, None),
        };
        let internal = INTERNAL
            .is_match(&summary.value)
            .then(|| format!("the summary, which says it is internal, {}", summary.from));
        out.push(DefineOut {
            name: found(name, at),
            value,
            values,
            category: found(category, category_from),
            summary,
            aliases: names.iter().skip(1).map(|(n, _, _)| n.clone()).collect(),
            internal,
            removed: removed_by_label(page, item),
            default: None,
        });
    }
    out
}

/// Names and aliases share one namespace: drop an alias that repeats any name
/// or an earlier alias, and an alias equal to its own define.
pub(super) fn dedupe_defines(defines: &mut [DefineOut], notes: &mut Vec<String>) {
    let names: BTreeSet<String> = defines.iter().map(|d| d.name.value.clone()).collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for d in defines.iter_mut() {
        let mut kept = Vec::new();
        for a in std::mem::take(&mut d.aliases) {
            if names.contains(&a) || seen.contains(&a) {
                notes.push(format!(
                    "alias `{a}` of `{}` is already a define or alias; left out",
                    d.name.value
                ));
                continue;
            }
            seen.insert(a.clone());
            kept.push(a);
        }
        d.aliases = kept;
    }
}

/// Define prefixes: for names sharing a first `_`-word, their longest common
/// prefix ending in `_`, when at least two names share it.
pub(super) fn infer_prefixes(
    defines: &[DefineOut],
    page: Option<&str>,
    selector: Option<&str>,
) -> Option<Found<Vec<String>>> {
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in defines {
        let n = d.name.value.as_str();
        // A prefix is a word and `_` (`genes.ts.no_` is none).
        if let Some(i) = n.find('_').filter(|&i| i > 0)
            && n[..i].chars().all(|c| c.is_ascii_alphanumeric())
        {
            groups.entry(&n[..=i]).or_default().push(n);
        }
    }
    let mut out = Vec::new();
    // The selector's group counts even alone: `sel=a|b` in inline code is a
    // profile mention only when `sel` has a define prefix.
    let selector_group = selector.and_then(|n| n.find('_').filter(|&i| i > 0).map(|i| &n[..=i]));
    let kept = |k: &&str, g: &Vec<&str>| g.len() >= 2 || Some(*k) == selector_group;
    for (_, names) in groups.iter().filter(|(k, g)| kept(k, g)) {
        let first = names[0];
        let mut common = first.len();
        for n in names.iter().skip(1) {
            common = common.min(
                first
                    .bytes()
                    .zip(n.bytes())
                    .take_while(|(a, b)| a == b)
                    .count(),
            );
        }
        let prefix = &first[..common];
        let cut = prefix.rfind('_').map_or(0, |i| i + 1);
        if cut > 0 {
            out.push(first[..cut].to_string());
        }
    }
    if out.is_empty() {
        return None;
    }
    let n: usize = groups
        .iter()
        .filter(|(k, g)| kept(k, g))
        .map(|(_, g)| g.len())
        .sum();
    let names = if n == 1 { "name" } else { "names" };
    Some(found(
        out,
        format!(
            "the shared start of {n} define {names} in {}",
            page.unwrap_or("the docs")
        ),
    ))
}

//! Stage 2: the readiness manifest (`schemas/readiness.yaml`) to a checked [`Manifest`].
//!
//! Loading runs three passes, each reporting YAML line and column:
//! 1. YAML to a JSON value through serde-saphyr, under a budget (size, nodes, aliases,
//!    depth) so an alias bomb or a huge file fails fast instead of exhausting memory;
//! 2. validation against the embedded JSON Schema (draft 2020-12), the same file
//!    editors use, with each error's JSON pointer mapped back to the YAML;
//! 3. reference checks the schema cannot express: duplicate ids, aliases, block
//!    names, replacements, the gate's arithmetic.

mod index;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use index::PosIndex;
pub use types::*;

/// The JSON Schema the manifest is validated against (also shipped for editors).
pub const SCHEMA: &str = include_str!("../../../schemas/readiness.schema.json");

/// Manifests larger than this are refused before parsing: real ones are kilobytes.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// One problem in the manifest, at a YAML position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestDiag {
    /// The manifest file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for ManifestDiag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

/// Why a manifest could not be used. Every variant stops the run with exit 2.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Unreadable file.
    #[error("cannot read manifest {}: {source}; check the `manifest` path in book.toml", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// One or more problems, each with a position.
    #[error("{}", join(.0))]
    Invalid(Vec<ManifestDiag>),
}

fn join(d: &[ManifestDiag]) -> String {
    d.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read and check the manifest at `file`; messages name it `path`.
/// `known_blocks` are the block names templates define.
pub fn load(
    file: &Path,
    path: &Path,
    known_blocks: &[&str],
) -> Result<(Manifest, PosIndex, String), ManifestError> {
    let io = |source| ManifestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(file).map_err(io)?;
    // Read at most one byte past the limit: metadata can lie (pipes, /proc files).
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(one(
            path,
            (1, 1),
            format!(
                "the manifest is larger than {} MiB; a readiness manifest should be kilobytes, so check that `manifest` in book.toml names the right file",
                MAX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::core::span::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        one(
            path,
            (line, col),
            "the manifest is not valid UTF-8; re-save it as UTF-8".into(),
        )
    })?;
    let (m, index) = parse(&text, path, known_blocks)?;
    Ok((m, index, text))
}

/// Numbers the YAML gave as floats (`4.0`, `1e3`, an integer past 2^64):
/// every number docket reads is a count, so each is reported at its position.
fn not_whole_numbers(
    value: &serde_json::Value,
    index: &PosIndex,
    path: &Path,
) -> Vec<ManifestDiag> {
    fn walk(v: &serde_json::Value, ptr: &mut String, out: &mut Vec<(String, f64)>) {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => {
                out.push((ptr.clone(), n.as_f64().unwrap_or(f64::NAN)));
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = ptr.len();
                    ptr.push_str(&format!("/{i}"));
                    walk(item, ptr, out);
                    ptr.truncate(len);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&index::escape(k));
                    walk(item, ptr, out);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(value, &mut String::new(), &mut found);
    found
        .into_iter()
        .map(|(ptr, n)| {
            let message = if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("this count is written as a decimal number ({n}); write it as the whole number `{n:.0}`")
            } else if n.fract() == 0.0 {
                format!(
                    "this number does not fit in 64 bits (at most {}); write the real count",
                    u64::MAX
                )
            } else {
                format!("`{n}` is not a whole number; counts are whole numbers")
            };
            diag(path, index.node(&ptr), message)
        })
        .collect()
}

fn one(path: &Path, (line, col): (usize, usize), message: String) -> ManifestError {
    ManifestError::Invalid(vec![ManifestDiag {
        path: path.to_path_buf(),
        line,
        col,
        message,
    }])
}

/// Parse and check manifest text. Pure; `path` is only used in messages.
pub fn parse(
    text: &str,
    path: &Path,
    known_blocks: &[&str],
) -> Result<(Manifest, PosIndex), ManifestError> {
    let value = to_json(text).map_err(|(pos, msg)| one(path, pos, msg))?;
    let index = PosIndex::build(text);
    let mut diags = schema_errors(&value, &index, path);
    if !diags.is_empty() {
        return Err(ManifestError::Invalid(diags));
    }
    // The schema's `integer` admits `4.0` and numbers past 64 bits; the typed
    // model does not. Name each such number where it is written.
    let numbers = not_whole_numbers(&value, &index, path);
    if !numbers.is_empty() {
        return Err(ManifestError::Invalid(numbers));
    }
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| {
        one(
            path,
            (1, 1),
            format!("manifest does not match docket's model ({e}); this is a docket bug, please report it"),
        )
    })?;
    diags = check_references(&manifest, &index, path, known_blocks);
    if diags.is_empty() {
        Ok((manifest, index))
    } else {
        Err(ManifestError::Invalid(diags))
    }
}

fn to_json(text: &str) -> Result<serde_json::Value, ((usize, usize), String)> {
    let budget = serde_saphyr::budget! {
        max_events: 200_000,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_nodes: 100_000,
        max_depth: 64,
        max_documents: 1,
        max_total_scalar_bytes: 8 * 1024 * 1024,
        max_recorded_anchor_events: 100_000,
    };
    let options = serde_saphyr::options! { budget: budget };
    serde_saphyr::from_str_with_options::<serde_json::Value>(text, options).map_err(|e| {
        let pos = e
            .location()
            .map_or((1, 1), |l| (l.line().max(1) as usize, l.column().max(1) as usize));
        let msg = first_line(&e.to_string());
        (
            pos,
            format!("invalid YAML: {msg}; fix the YAML (aliases and nesting are limited to keep loading safe)"),
        )
    })
}

/// serde-saphyr's first message line, without the position it repeats.
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((_, msg)) => msg.to_string(),
        None => line.to_string(),
    }
}

fn schema_errors(value: &serde_json::Value, index: &PosIndex, path: &Path) -> Vec<ManifestDiag> {
    let schema: serde_json::Value = match serde_json::from_str(SCHEMA) {
        Ok(s) => s,
        Err(e) => {
            return vec![diag(
                path,
                (1, 1),
                format!("docket's embedded schema is broken ({e}); please report it"),
            )];
        }
    };
    let validator = match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => {
            return vec![diag(
                path,
                (1, 1),
                format!("docket's embedded schema is broken ({e}); please report it"),
            )];
        }
    };
    let mut out: Vec<ManifestDiag> = validator
        .iter_errors(value)
        .map(|err| {
            let pointer = err.instance_path().as_str().to_string();
            let field = if pointer.is_empty() { "the manifest".to_string() } else { format!("`{}`", pointer_to_dotted(&pointer)) };
            use jsonschema::error::ValidationErrorKind as K;
            let (pos, message) = match err.kind() {
                K::AdditionalProperties { unexpected } => {
                    let name = unexpected.first().cloned().unwrap_or_default();
                    (
                        index.key(&pointer, &name),
                        format!("unknown key `{name}` in {field}; remove it or check its spelling against schemas/readiness.schema.json"),
                    )
                }
                K::Required { property } => (
                    index.node(&pointer),
                    format!("{field} is missing the required key {property}; add it"),
                ),
                _ => (
                    index.node(&pointer),
                    format!("{field}: {err}; change the value to match schemas/readiness.schema.json"),
                ),
            };
            diag(path, pos, message)
        })
        .collect();
    out.sort_by(|a, b| (a.line, a.col, &a.message).cmp(&(b.line, b.col, &b.message)));
    out.dedup();
    out
}

fn pointer_to_dotted(p: &str) -> String {
    p.trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

fn diag(path: &Path, (line, col): (usize, usize), message: String) -> ManifestDiag {
    ManifestDiag {
        path: path.to_path_buf(),
        line,
        col,
        message,
    }
}

/// Today's date in UTC as `YYYY-MM-DD` (civil-from-days, Howard Hinnant).
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A calendar date `YYYY-MM-DD` (the schema only checks the shape).
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.split('-');
    let y: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (d >= 1 && d <= days[(m - 1) as usize]).then_some((y, m, d))
}

struct Checker<'a> {
    index: &'a PosIndex,
    path: &'a Path,
    out: Vec<ManifestDiag>,
}

impl Checker<'_> {
    fn at(&mut self, pointer: &str, message: String) {
        let pos = self.index.node(pointer);
        self.out.push(diag(self.path, pos, message));
    }

    /// Report ids that repeat within one list.
    fn unique<'x>(&mut self, what: &str, ids: impl Iterator<Item = (String, &'x str)>) {
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        for (pointer, id) in ids {
            if let Some(first) = seen.get(id) {
                let (l, c) = self.index.node(first);
                self.at(&pointer, format!("duplicate {what} `{id}` (first at line {l}, column {c}); give each a unique id"));
            } else {
                seen.insert(id, pointer);
            }
        }
    }
}

fn check_references(
    m: &Manifest,
    index: &PosIndex,
    path: &Path,
    known_blocks: &[&str],
) -> Vec<ManifestDiag> {
    let mut c = Checker {
        index,
        path,
        out: Vec::new(),
    };

    if parse_date(&m.release.as_of).is_none() {
        c.at(
            "/release/as-of",
            format!(
                "`release.as-of` = {} is not a calendar date; write YYYY-MM-DD",
                m.release.as_of
            ),
        );
    }

    c.unique(
        "profile",
        m.profiles
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("/profiles/{i}/id"), p.id.as_str())),
    );
    c.unique(
        "workstream",
        m.workstreams
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("/workstreams/{i}/id"), w.id.as_str())),
    );
    c.unique(
        "command",
        m.commands
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("/commands/{i}/run"), w.run.as_str())),
    );
    c.unique(
        "doc path",
        m.docs
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("/docs/{i}/path"), d.path.as_str())),
    );
    c.unique(
        "support entry",
        m.support
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("/support/{i}/id"), s.id.as_str())),
    );
    c.unique(
        "risk",
        m.risks
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("/risks/{i}/id"), r.id.as_str())),
    );
    // A define's name and aliases share one namespace: `-D x` must mean one thing.
    c.unique(
        "define name or alias",
        m.defines.iter().enumerate().flat_map(|(i, d)| {
            std::iter::once((format!("/defines/{i}/name"), d.name.as_str())).chain(
                d.aliases
                    .iter()
                    .enumerate()
                    .map(move |(j, a)| (format!("/defines/{i}/aliases/{j}"), a.as_str())),
            )
        }),
    );

    let define_names: BTreeSet<&str> = m
        .defines
        .iter()
        .flat_map(|d| std::iter::once(d.name.as_str()).chain(d.aliases.iter().map(String::as_str)))
        .collect();
    let profile_ids: BTreeSet<&str> = m.profiles.iter().map(|p| p.id.as_str()).collect();

    let defaults: Vec<usize> = m
        .profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.default)
        .map(|(i, _)| i)
        .collect();
    if defaults.len() > 1 {
        c.at(
            &format!("/profiles/{}/default", defaults[1]),
            "more than one profile is marked `default: true`; keep exactly one".into(),
        );
    } else if defaults.is_empty() && !m.profiles.is_empty() {
        c.at(
            "/profiles",
            "no profile is marked `default: true`; mark the one used when none is selected".into(),
        );
    }
    for (i, p) in m.profiles.iter().enumerate() {
        for (j, a) in p.aliases.iter().enumerate() {
            if !define_names.contains(a.as_str()) {
                c.at(&format!("/profiles/{i}/aliases/{j}"), format!("profile `{}` has alias `{a}`, which is not a define in `defines`; add the define or remove the alias", p.id));
            }
        }
        if let Some(r) = &p.replaced_by
            && !profile_ids.contains(r.as_str())
        {
            c.at(
                &format!("/profiles/{i}/replaced-by"),
                format!(
                    "`replaced-by: {r}` names no profile; use one of: {}",
                    list(&profile_ids)
                ),
            );
        }
        lifecycle_fields(
            &mut c,
            &format!("/profiles/{i}"),
            p.status,
            p.removed_in.is_some(),
            p.replaced_by.is_some(),
        );
    }

    if let Some(sel) = &m.profile_selector {
        match m.defines.iter().find(|d| &d.name == sel) {
            None => c.at(
                "/profile-selector",
                format!("`profile-selector: {sel}` names no define; add `{sel}` to `defines`"),
            ),
            Some(d) => {
                if let Some(values) = &d.values {
                    let di = m.defines.iter().position(|x| x.name == d.name).unwrap_or(0);
                    for (j, v) in values.iter().enumerate() {
                        if !profile_ids.contains(v.as_str()) {
                            c.at(
                                &format!("/defines/{di}/values/{j}"),
                                format!(
                                    "selector value `{v}` names no profile; use one of: {}",
                                    list(&profile_ids)
                                ),
                            );
                        }
                    }
                    for (i, p) in m.profiles.iter().enumerate() {
                        if p.status != Lifecycle::Removed && !values.contains(&p.id) {
                            c.at(&format!("/profiles/{i}/id"), format!("profile `{}` is missing from the values of selector `{sel}`; add it there", p.id));
                        }
                    }
                }
            }
        }
    }

    for (i, d) in m.defines.iter().enumerate() {
        if let Some(r) = &d.replaced_by
            && !define_names.contains(r.as_str())
        {
            c.at(
                &format!("/defines/{i}/replaced-by"),
                format!(
                    "`replaced-by: {r}` names no define; add it to `defines` or correct the name"
                ),
            );
        }
        lifecycle_fields(
            &mut c,
            &format!("/defines/{i}"),
            d.status,
            d.removed_in.is_some(),
            d.replaced_by.is_some(),
        );
        if d.value.is_some() && d.values.is_some() {
            c.at(&format!("/defines/{i}/values"), format!("define `{}` has both `value` and `values`; keep `values` for a closed set, `value` for a free form", d.name));
        }
    }

    let doc_paths: BTreeSet<&str> = m.docs.iter().map(|d| d.path.as_str()).collect();
    for (i, d) in m.docs.iter().enumerate() {
        if Path::new(&d.path)
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            c.at(&format!("/docs/{i}/path"), format!("doc path `{}` climbs out of the book with `..`; use a path inside the source folder", d.path));
        }
        for (j, b) in d.blocks.iter().enumerate() {
            if !known_blocks.contains(&b.as_str()) {
                c.at(&format!("/docs/{i}/blocks/{j}"), format!("unknown generated block `{b}`; known blocks: {} (or add templates/blocks/{b}.md)", known_blocks.join(", ")));
            }
        }
        for (j, l) in d.links_to.iter().enumerate() {
            if !doc_paths.contains(l.as_str()) {
                c.at(
                    &format!("/docs/{i}/links-to/{j}"),
                    format!(
                        "`links-to: {l}` is not a path in `docs`; add that doc or correct the path"
                    ),
                );
            }
        }
    }

    if let Some(g) = &m.release.gate {
        if let Some(ch) = g.checks {
            if ch.closed > ch.total {
                c.at(
                    "/release/gate/checks/closed",
                    format!(
                        "{} checks closed out of {}; `closed` cannot exceed `total`",
                        ch.closed, ch.total
                    ),
                );
            } else if g.state == GateState::Closed && ch.closed != ch.total {
                c.at("/release/gate/state", format!("the gate is `closed` but only {} of {} checks are closed; reopen the gate or update the counts", ch.closed, ch.total));
            }
        }
        if g.state == GateState::Closed {
            for (i, cr) in g.criteria.iter().enumerate() {
                if cr.status == CriterionStatus::Unmet {
                    c.at(&format!("/release/gate/criteria/{i}/status"), format!("the gate is `closed` but criterion `{}` is unmet; reopen the gate or mark it met", cr.id));
                }
            }
        }
        c.unique(
            "gate criterion",
            g.criteria
                .iter()
                .enumerate()
                .map(|(i, cr)| (format!("/release/gate/criteria/{i}/id"), cr.id.as_str())),
        );
    }

    c.out
        .sort_by(|a, b| (a.line, a.col, &a.message).cmp(&(b.line, b.col, &b.message)));
    c.out
}

fn lifecycle_fields(
    c: &mut Checker<'_>,
    ptr: &str,
    status: Lifecycle,
    removed_in: bool,
    replaced_by: bool,
) {
    if removed_in && status != Lifecycle::Removed {
        c.at(&format!("{ptr}/removed-in"), "`removed-in` is set but `status` is not `removed`; set `status: removed` or drop `removed-in`".into());
    }
    if replaced_by && !matches!(status, Lifecycle::Removed | Lifecycle::Deprecated) {
        c.at(&format!("{ptr}/replaced-by"), "`replaced-by` is set but `status` is neither `deprecated` nor `removed`; set the status or drop `replaced-by`".into());
    }
}

fn list(ids: &BTreeSet<&str>) -> String {
    ids.iter().copied().collect::<Vec<_>>().join(", ")
}

//! The repository's fact sources, for `[preprocessor.docket.facts]`:
//! package.json, a Makefile, a tracker export (any adapter's), and the folders
//! whose code reads defines. Each is configured only when it loads the way
//! `check` will load it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::release::VERSION;
use super::{rel_str, skip_dir};
use crate::input::facts::tracker;
use crate::input::manifest::WorkStatus;

/// At most this many files are read while looking for define-reading code.
const MAX_SOURCE_FILES: usize = 50_000;
/// Well-known calls that read a compile-time define, as (name shown in notes,
/// regex that finds the call, pattern for `[preprocessor.docket.facts.defines]`
/// or `None` when docket's default pattern already covers it).
const DEFINE_CALLS: &[(&str, &str, Option<&str>)] = &[
    ("Context.defined", r"Context\.defined(?:Value)?\(", None),
    (
        "Compiler.getDefine",
        r"Compiler\.getDefine\(",
        Some(r"Compiler\.getDefine\(\s*([^),\s]+)"),
    ),
];

/// package.json, read.
pub(super) struct PackageJson {
    pub(super) name: Option<String>,
    /// `major.minor` of `version`.
    pub(super) version: Option<String>,
    /// `version` as written.
    pub(super) version_raw: Option<String>,
    /// `"private": true`: never published, so its version is no release.
    pub(super) private: bool,
    pub(super) repository: Option<String>,
    /// Script name → command.
    pub(super) scripts: BTreeMap<String, String>,
}

/// One issue of the tracker export, as `check` will read it.
pub(super) struct TrackedIssue {
    pub(super) id: String,
    pub(super) title: String,
    /// Its status in the manifest's terms (`open`, `in-progress`, `closed`).
    pub(super) status: &'static str,
    /// Its line in the export.
    pub(super) line: usize,
}

/// What the repository offers as truth for `[preprocessor.docket.facts]`.
#[derive(Default)]
pub(super) struct Facts {
    /// The repository root.
    pub(super) root: PathBuf,
    pub(super) package: Option<PackageJson>,
    pub(super) makefile: Option<String>,
    /// The tracker export's path, and its live issues.
    pub(super) tracker: Option<(String, Vec<TrackedIssue>)>,
    pub(super) defines: Option<DefineSources>,
    /// What that code reads, scanned as `check` scans it.
    pub(super) code_defines: Option<crate::input::facts::DefineFacts>,
}

/// `[preprocessor.docket.facts.defines]`, as found.
#[derive(Serialize)]
pub(super) struct DefineSources {
    /// The well-known calls found, for notes.
    pub(super) calls: Vec<String>,
    pub(super) sources: Vec<String>,
    pub(super) globs: Vec<String>,
    pub(super) patterns: Vec<String>,
    pub(super) wrappers: Vec<String>,
}

/// Detect the fact sources under `root` (the docs folder is not code).
pub(super) fn detect(root: &Path, docs_root: &str, notes: &mut Vec<String>) -> Facts {
    let mut f = Facts {
        root: root.to_path_buf(),
        ..Facts::default()
    };
    if root.join("package.json").is_file() {
        match crate::input::facts::scripts::package_json(root, Path::new("package.json")) {
            Ok(_) => f.package = read_package(root, &root.join("package.json")),
            Err(e) => notes.push(format!(
                "{e}; package.json is not configured as a fact source"
            )),
        }
    }
    for name in ["Makefile", "makefile", "GNUmakefile"] {
        if root.join(name).is_file() {
            match crate::input::facts::scripts::makefile(root, Path::new(name)) {
                Ok(_) => f.makefile = Some(name.to_string()),
                Err(e) => notes.push(format!(
                    "{e}; the Makefile is not configured as a fact source"
                )),
            }
            break;
        }
    }
    // The first tracker whose export is where that tracker keeps it.
    for adapter in tracker::TRACKERS {
        let rel = adapter.default_path();
        if !root.join(rel).is_file() {
            continue;
        }
        match tracker::load_with(*adapter, root, Path::new(rel)) {
            Ok(t) => {
                let issues = t
                    .issues
                    .iter()
                    .map(|(id, i)| TrackedIssue {
                        id: id.clone(),
                        title: i.title.clone(),
                        status: match i.work_status() {
                            WorkStatus::Open => "open",
                            WorkStatus::InProgress => "in-progress",
                            WorkStatus::Closed => "closed",
                        },
                        line: i.line,
                    })
                    .collect();
                f.tracker = Some((rel.into(), issues));
            }
            Err(e) => notes.push(format!(
                "{e}; the tracker is not configured as a fact source"
            )),
        }
        break;
    }
    f.defines = scan_define_sources(root, docs_root);
    f.code_defines = f
        .defines
        .as_ref()
        .and_then(|d| super::code_defines::scan(root, d, notes));
    if let Some(d) = &f.defines {
        notes.push(format!(
            "code reading defines ({}) found under {}: define scanning configured",
            d.calls.join(", "),
            d.sources
                .iter()
                .map(|s| format!("{s}/"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !d.wrappers.is_empty() {
            notes.push(format!("define wrappers found: {}", d.wrappers.join(", ")));
        }
    }
    f
}

fn read_package(root: &Path, path: &Path) -> Option<PackageJson> {
    let text = super::read_in(root, path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let name = v
        .get("name")
        .and_then(|n| n.as_str())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let repo = match v.get("repository") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(o) => o.get("url").and_then(|u| u.as_str()).map(str::to_string),
        None => None,
    };
    let repository = repo.and_then(|r| {
        let r = r.trim();
        let r = r.strip_prefix("git+").unwrap_or(r);
        let r = r.strip_suffix(".git").unwrap_or(r);
        let ok = (r.starts_with("https://") || r.starts_with("http://"))
            && r.len() > "https://".len()
            && !r
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\\');
        ok.then(|| r.to_string())
    });
    let scripts = v
        .get("scripts")
        .and_then(|s| s.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    let version_raw = v
        .get("version")
        .and_then(|x| x.as_str())
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty());
    let version = version_raw
        .as_deref()
        .and_then(|x| VERSION.captures(x))
        .and_then(|c| Some(format!("{}.{}", c.get(1)?.as_str(), c.get(2)?.as_str())));
    Some(PackageJson {
        name,
        version,
        version_raw,
        private: v.get("private").and_then(serde_json::Value::as_bool) == Some(true),
        repository,
        scripts,
    })
}

static FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bfunction\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)")
        .expect("static regex")
});

/// Top folders (not the docs, not hidden or build folders) holding code that
/// reads defines through a well-known call, with the file kinds to scan.
fn scan_define_sources(root: &Path, docs_root: &str) -> Option<DefineSources> {
    let calls: Vec<(usize, Regex)> = DEFINE_CALLS
        .iter()
        .enumerate()
        .filter_map(|(i, (_, re, _))| Regex::new(re).ok().map(|r| (i, r)))
        .collect();
    let docs_top = docs_root.split('/').next().unwrap_or(docs_root).to_string();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .hidden(true)
        .filter_entry(move |e| {
            e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) || {
                let n = e.file_name().to_string_lossy();
                !(skip_dir(&n) || (e.depth() == 1 && n == docs_top.as_str()))
            }
        })
        .build();
    let mut sources = BTreeSet::new();
    let mut exts = BTreeSet::new();
    let mut any_without_ext = false;
    let mut used_calls = BTreeSet::new();
    let mut wrappers = BTreeSet::new();
    for entry in walker
        .flatten()
        .filter(|e| e.depth() >= 2)
        .take(MAX_SOURCE_FILES)
    {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(rel) = rel_str(entry.path(), root) else {
            continue;
        };
        let Some((top, _)) = rel.split_once('/') else {
            continue;
        };
        // Read the way define scanning reads it.
        let Some(text) = crate::input::facts::defines::source_text(entry.path()) else {
            continue;
        };
        let hits: Vec<usize> = calls
            .iter()
            .filter(|(_, r)| r.is_match(&text))
            .map(|(i, _)| *i)
            .collect();
        if hits.is_empty() {
            continue;
        }
        sources.insert(top.to_string());
        used_calls.extend(hits);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        match name.rsplit_once('.') {
            Some((stem, ext))
                if !stem.is_empty()
                    && !ext.is_empty()
                    && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                exts.insert(format!("*.{ext}"));
            }
            _ => any_without_ext = true,
        }
        // `function hasDefine(name) ... Context.defined(name)`: a wrapper.
        for cap in FUNCTION.captures_iter(&text) {
            let (Some(f), Some(arg), Some(m)) = (cap.get(1), cap.get(2), cap.get(0)) else {
                continue;
            };
            let window: String = text[m.end()..].chars().take(300).collect();
            let reads = [
                format!("Context.defined({})", arg.as_str()),
                format!("Context.definedValue({})", arg.as_str()),
            ];
            if reads.iter().any(|r| window.contains(r.as_str()))
                && !matches!(f.as_str(), "defined" | "definedValue")
            {
                wrappers.insert(f.as_str().to_string());
            }
        }
    }
    if sources.is_empty() {
        return None;
    }
    let extra: Vec<String> = used_calls
        .iter()
        .filter_map(|i| DEFINE_CALLS.get(*i).and_then(|(_, _, p)| *p))
        .map(str::to_string)
        .collect();
    let patterns = if extra.is_empty() {
        Vec::new()
    } else {
        let mut p: Vec<String> = crate::input::facts::defines::DEFAULT_PATTERNS
            .iter()
            .map(|s| s.to_string())
            .collect();
        p.extend(extra);
        p
    };
    Some(DefineSources {
        calls: used_calls
            .iter()
            .filter_map(|i| DEFINE_CALLS.get(*i).map(|(n, _, _)| n.to_string()))
            .collect(),
        sources: sources.into_iter().collect(),
        globs: if any_without_ext {
            Vec::new()
        } else {
            exts.into_iter().collect()
        },
        patterns,
        wrappers: wrappers.into_iter().collect(),
    })
}

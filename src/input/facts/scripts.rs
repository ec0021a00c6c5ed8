//! Commands the repository can run: `package.json` scripts, `Makefile` targets,
//! `Cargo.toml` aliases.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::{FactsError, read};

/// Runnable names by tool; `None` where the source is not configured.
#[derive(Debug, Default, Clone)]
pub struct Scripts {
    /// `npm run X` names.
    pub npm: Option<BTreeSet<String>>,
    /// `make X` targets.
    pub make: Option<BTreeSet<String>>,
    /// `cargo X` aliases.
    pub cargo_aliases: Option<BTreeSet<String>>,
}

/// Script names of a `package.json`.
pub fn package_json(root: &Path, rel: &Path) -> Result<BTreeSet<String>, FactsError> {
    let text = read(root, rel)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| FactsError::Invalid {
        path: rel.to_path_buf(),
        line: e.line().max(1),
        col: e.column().max(1),
        message: format!("invalid JSON: {e}; fix package.json"),
    })?;
    let Some(scripts) = v.get("scripts") else {
        return Ok(BTreeSet::new());
    };
    // serde_json keeps no positions: find the key in the text for the message.
    let (line, col) = text
        .find("\"scripts\"")
        .map_or((1, 1), |o| crate::core::span::line_col(&text, o));
    let obj = scripts.as_object().ok_or_else(|| FactsError::Invalid {
        path: rel.to_path_buf(),
        line,
        col,
        message: "`scripts` is not an object; it must map script names to commands".into(),
    })?;
    Ok(obj.keys().cloned().collect())
}

static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^([A-Za-z0-9_./-][A-Za-z0-9_./ -]*?)\s*::?(?:[^=]|$)").expect("static regex")
});

/// Explicit targets of a Makefile (pattern rules and special targets left out).
pub fn makefile(root: &Path, rel: &Path) -> Result<BTreeSet<String>, FactsError> {
    let text = read(root, rel)?;
    let mut out = BTreeSet::new();
    for cap in TARGET.captures_iter(&text) {
        let Some(names) = cap.get(1) else { continue };
        for n in names.as_str().split_whitespace() {
            if !n.starts_with('.') && !n.contains('%') {
                out.insert(n.to_string());
            }
        }
    }
    Ok(out)
}

/// `[alias]` names of a Cargo.toml (or `.cargo/config.toml`).
pub fn cargo_aliases(root: &Path, rel: &Path) -> Result<BTreeSet<String>, FactsError> {
    let text = read(root, rel)?;
    let v: toml::Table = toml::from_str(&text).map_err(|e| {
        let (line, col) = crate::core::span::line_col(&text, e.span().map_or(0, |s| s.start));
        FactsError::Invalid {
            path: rel.to_path_buf(),
            line,
            col,
            message: format!("invalid TOML: {}", e.message()),
        }
    })?;
    Ok(v.get("alias")
        .and_then(|a| a.as_table())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default())
}

/// Cargo's own subcommands, always runnable.
pub const CARGO_BUILTINS: &[&str] = &[
    "add",
    "bench",
    "build",
    "check",
    "clean",
    "clippy",
    "doc",
    "fetch",
    "fix",
    "fmt",
    "generate-lockfile",
    "help",
    "info",
    "init",
    "install",
    "locate-project",
    "login",
    "metadata",
    "new",
    "owner",
    "package",
    "pkgid",
    "publish",
    "remove",
    "report",
    "run",
    "rustc",
    "rustdoc",
    "search",
    "test",
    "tree",
    "uninstall",
    "update",
    "vendor",
    "verify-project",
    "version",
    "yank",
    "nextest",
    "b",
    "c",
    "d",
    "r",
    "t",
];

/// npm's own commands that need no script.
pub const NPM_BUILTINS: &[&str] = &[
    "install",
    "i",
    "ci",
    "init",
    "publish",
    "pack",
    "audit",
    "outdated",
    "update",
    "ls",
    "exec",
    "link",
    "uninstall",
    "version",
    "view",
    "whoami",
    "login",
    "config",
    "cache",
    "prune",
    "dedupe",
    "doctor",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makefile_targets() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            dir.path().join("Makefile"),
            "X := 1\nall: build\nbuild test:\n\tcc x\n%.o: %.c\n.PHONY: all\n",
        )
        .expect("write");
        let t = makefile(dir.path(), Path::new("Makefile")).expect("read");
        assert_eq!(t.into_iter().collect::<Vec<_>>(), ["all", "build", "test"]);
    }
}

//! Every path-valued setting of `book.toml`, resolved on disk once the file is
//! read: each must lead inside the book root (sibling books: inside the
//! repository), whatever symbolic links lie on the way. A setting that leads
//! out is an error naming the setting, where it is set and where it leads.

use std::path::{Path, PathBuf};

use super::{BOOK_TOML, Config, ConfigError, Origin};
use crate::core::fs::{FileError, Root};

/// `(key as origins record it, path relative to the root)` for every path the
/// config names. Settings that are lists share their key.
pub fn settings(config: &Config) -> Vec<(&'static str, PathBuf)> {
    let d = &config.docket;
    let f = &d.facts;
    let h = &config.html;
    let mut out: Vec<(&'static str, PathBuf)> = vec![("book.src", config.book.src.clone())];
    let opt = [
        ("preprocessor.docket.manifest", &d.manifest),
        ("preprocessor.docket.output-dir", &d.output_dir),
        ("preprocessor.docket.templates", &d.templates),
        ("preprocessor.docket.facts.package-json", &f.package_json),
        ("preprocessor.docket.facts.makefile", &f.makefile),
        ("preprocessor.docket.facts.cargo-toml", &f.cargo_toml),
        ("preprocessor.docket.facts.tracker", &f.tracker),
        ("output.html.theme", &h.theme),
    ];
    for (k, v) in opt {
        out.extend(v.clone().map(|p| (k, p)));
    }
    if config.origin("build.build-dir").is_some() {
        out.push(("build.build-dir", config.build_dir.clone()));
    }
    if h.theme.is_none() {
        out.push(("output.html.theme", PathBuf::from("theme")));
    }
    if let Some(defines) = &f.defines {
        out.extend(
            defines
                .sources
                .iter()
                .map(|s| ("preprocessor.docket.facts.defines.sources", s.clone())),
        );
    }
    out.extend(
        h.input_404
            .iter()
            .map(|p| ("output.html.input-404", config.book.src.join(p))),
    );
    if h.input_404.is_none() {
        out.push(("output.html.input-404", config.book.src.join("404.md")));
    }
    out.extend(
        h.additional_css
            .iter()
            .map(|p| ("output.html.additional-css", p.into())),
    );
    out.extend(
        h.additional_js
            .iter()
            .map(|p| ("output.html.additional-js", p.into())),
    );
    out
}

/// The repository holding the book: the nearest folder at or above the root
/// with a version control folder, else the folder holding the book root (a
/// sibling book is beside it).
pub fn repository(root_canon: &Path) -> PathBuf {
    const VCS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".bzr", "_darcs", ".pijul"];
    root_canon
        .ancestors()
        .find(|a| VCS.iter().any(|v| a.join(v).exists()))
        .or_else(|| root_canon.parent())
        .unwrap_or(root_canon)
        .to_path_buf()
}

/// Check every setting of [`settings`] and every sibling book.
pub fn check(config: &Config) -> Result<(), ConfigError> {
    let Ok(root) = Root::new(&config.root) else {
        return Ok(());
    };
    let at = |key: &str| {
        config.origin(key).cloned().unwrap_or(Origin {
            path: config.root.join(BOOK_TOML),
            line: 1,
            col: 1,
        })
    };
    for (key, rel) in settings(config) {
        if let Err(e @ FileError::Outside { .. }) = root.resolve_rel(&rel) {
            return Err(ConfigError::Invalid {
                at: at(key),
                message: format!("`{key}` = {e}"),
            });
        }
    }
    let repo = repository(root.canon());
    for s in &config.docket.sibling_books {
        let Ok(target) = crate::core::fs::resolve_on_disk(&root.canon().join(s)) else {
            continue;
        };
        if !target.starts_with(&repo) {
            return Err(ConfigError::Invalid {
                at: at("preprocessor.docket.sibling-books"),
                message: format!(
                    "sibling book `{s}` leads to {}, outside the repository ({}); name only books of this repository",
                    target.display(),
                    repo.display()
                ),
            });
        }
    }
    Ok(())
}

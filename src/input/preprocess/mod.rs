//! mdBook's preprocessors, run on the book after it is read: the built-in
//! `links` (`{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}`,
//! `{{#title}}`) and `index` (`README.md` → `index.html`), and the external ones
//! `book.toml` declares, through mdBook's JSON protocol, in mdBook's order.
//!
//! A page keeps its text as written (sync edits it); what the preprocessors
//! make of it is an [`Expansion`]: the text to parse and render, and a map back
//! to the page, so findings in included text point at the directive that
//! brought it.

use crate::input::book::Book;
use crate::input::config::{Config, ConfigWarning, Origin};

mod external;
mod links;

/// A page's text after the preprocessors, with offsets mapped back.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    /// The text to parse.
    pub text: String,
    /// `(offset in text, offset in the page, length, copied verbatim)`, sorted:
    /// verbatim pieces map byte for byte; the rest map to their start.
    pub segments: Vec<(usize, usize, usize, bool)>,
}

impl Expansion {
    /// The page offset an offset of the expanded text stands for.
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= offset);
        match i.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(out, src, len, true)) => src + (offset - out).min(len),
            Some(&(_, src, _, false)) => src,
            None => 0,
        }
    }
}

/// Whether a page path is a `README` chapter the `index` preprocessor renames
/// (its file stem is `readme`, any case).
pub fn is_readme(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split_once('.').map_or(name, |(s, _)| s);
    stem.eq_ignore_ascii_case("readme")
}

/// The site path of page `md` (`a/b.md` → `a/b.html`; `a/README.md` →
/// `a/index.html` when the `index` preprocessor runs).
pub fn page_url(md: &str, readme_index: bool) -> String {
    if readme_index && is_readme(md) {
        let dir = crate::core::paths::parent_dir(md);
        return if dir.is_empty() {
            "index.html".into()
        } else {
            format!("{dir}/index.html")
        };
    }
    match md.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => format!("{md}.html"),
    }
}

/// A warning about page `path` (source-relative) at byte `offset`.
fn warning(
    config: &Config,
    path: &str,
    text: &str,
    offset: usize,
    message: String,
) -> ConfigWarning {
    let (line, col) = crate::core::span::line_col(text, offset);
    ConfigWarning {
        at: Origin {
            path: config.book.src.join(path),
            line,
            col,
        },
        message,
    }
}

/// The preprocessors in mdBook's order: `before`/`after` respected, ties by
/// name. docket's own table is docket itself and never runs here.
fn order(config: &Config, warnings: &mut Vec<ConfigWarning>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    if config.html.default_preprocessors {
        names.extend(["links".to_string(), "index".to_string()]);
    }
    for t in &config.preprocessors {
        if !names.contains(&t.name) {
            names.push(t.name.clone());
        }
    }
    // (a, b): a runs before b.
    let mut edges: Vec<(String, String)> = Vec::new();
    for t in &config.preprocessors {
        for (other, before) in t
            .before
            .iter()
            .map(|o| (o, true))
            .chain(t.after.iter().map(|o| (o, false)))
        {
            if !names.contains(other) && other != "docket" {
                warnings.push(ConfigWarning {
                    at: Origin {
                        path: config.root.join(crate::input::config::BOOK_TOML),
                        line: 1,
                        col: 1,
                    },
                    message: format!(
                        "preprocessor.{}.{} names `{other}`, which is not a preprocessor of this book; the order ignores it",
                        t.name,
                        if before { "before" } else { "after" }
                    ),
                });
                continue;
            }
            edges.push(if before {
                (t.name.clone(), other.clone())
            } else {
                (other.clone(), t.name.clone())
            });
        }
    }
    let mut out = Vec::new();
    let mut left = names;
    while !left.is_empty() {
        let mut ready: Vec<String> = left
            .iter()
            .filter(|n| !edges.iter().any(|(a, b)| b == *n && left.contains(a)))
            .cloned()
            .collect();
        if ready.is_empty() {
            warnings.push(ConfigWarning {
                at: Origin {
                    path: config.root.join(crate::input::config::BOOK_TOML),
                    line: 1,
                    col: 1,
                },
                message: format!(
                    "preprocessors {} depend on each other in a cycle; they run in name order",
                    left.join(", ")
                ),
            });
            ready = left.clone();
        }
        ready.sort();
        left.retain(|n| !ready.contains(n));
        out.extend(ready);
    }
    out.retain(|n| n != "docket");
    out
}

/// Run the book's preprocessors over `book`; `external` is false inside
/// `docket mdbook`, where mdBook has run them already. Returns warnings.
pub fn run(config: &Config, book: &mut Book, external: bool) -> Vec<ConfigWarning> {
    let mut warnings = Vec::new();
    // mdBook renders `404.md` as the not-found page: not an orphan.
    let not_found = config.html.input_404.as_deref().unwrap_or("404.md");
    book.orphans.retain(|o| o != not_found);
    warnings.extend(theme_warning(config));
    for name in order(config, &mut warnings) {
        match name.as_str() {
            "links" => links::run(config, book, &mut warnings),
            // `index` only renames output: see `page_url`.
            "index" => {}
            _ if external => {
                if let Some(t) = config.preprocessors.iter().find(|t| t.name == name) {
                    // Each way it can fail to run is a warning.
                    let before = warnings.len();
                    external::run(config, t, book, &mut warnings);
                    if warnings.len() > before {
                        book.not_run.push(name.clone());
                    }
                }
            }
            _ => {}
        }
    }
    warnings
}

/// `theme/` overrides mdBook's Handlebars templates and assets; docket's
/// templates are its own, so only a favicon and the files `additional-css`
/// and `additional-js` link carry over. The rest is named in one warning.
fn theme_warning(config: &Config) -> Option<ConfigWarning> {
    let dir = config.root.join(
        config
            .html
            .theme
            .as_deref()
            .unwrap_or(std::path::Path::new("theme")),
    );
    let own = config
        .docket
        .templates
        .as_ref()
        .map(|t| config.root.join(t));
    if !dir.is_dir() || own.as_deref() == Some(dir.as_path()) {
        return None;
    }
    let linked: Vec<std::path::PathBuf> = config
        .html
        .additional_css
        .iter()
        .chain(&config.html.additional_js)
        .filter_map(|l| crate::core::paths::join_rel("", l).map(std::path::PathBuf::from))
        .collect();
    let mut unused: Vec<String> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|f| f != "favicon.png" && f != "favicon.svg")
        // A file `additional-css`/`-js` links is used, wherever it lives.
        .filter(|f| {
            let from_root = dir.join(f);
            !linked.iter().any(|l| config.root.join(l) == from_root)
        })
        .collect();
    unused.sort();
    if unused.is_empty() {
        return None;
    }
    Some(ConfigWarning {
        at: Origin {
            path: dir.clone(),
            line: 1,
            col: 1,
        },
        message: format!(
            "docket's site has its own templates (a project overrides them with [preprocessor.docket] templates); these mdBook theme files are not used: {}",
            unused.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_maps_back() {
        let e = Expansion {
            text: "ab12345cd".into(),
            segments: vec![(0, 0, 2, true), (2, 2, 5, false), (7, 20, 2, true)],
        };
        assert_eq!(e.to_source(1), 1);
        assert_eq!(e.to_source(4), 2);
        assert_eq!(e.to_source(8), 21);
    }
}

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

/// Warnings about page `path` (source-relative) at byte offsets of its
/// `text`: positions from one pass over the page, and past
/// [`MAX_PAGE_WARNINGS`] the rest folded into one.
fn page_warnings(
    config: &Config,
    path: &str,
    text: &str,
    errors: impl Iterator<Item = (usize, String)>,
    warnings: &mut Vec<ConfigWarning>,
) {
    let mut errors: Vec<(usize, String)> = errors.collect();
    if errors.is_empty() {
        return;
    }
    errors.sort_by_key(|e| e.0);
    let map = crate::core::span::SourceMap::new(text);
    let file = config.book.src.join(path);
    let at = |offset: usize| {
        let (line, col) = map.line_col(text, offset);
        Origin {
            path: file.clone(),
            line,
            col,
        }
    };
    let folded = errors.len().saturating_sub(MAX_PAGE_WARNINGS);
    let first_folded = errors.get(MAX_PAGE_WARNINGS).map(|e| e.0);
    for (offset, message) in errors.into_iter().take(MAX_PAGE_WARNINGS) {
        warnings.push(ConfigWarning {
            at: at(offset),
            message,
        });
    }
    if let Some(offset) = first_folded {
        warnings.push(ConfigWarning {
            at: at(offset),
            message: format!(
                "and {folded} more warnings about this page's directives, from here on; fix the ones above first"
            ),
        });
    }
}

/// Whether, and how, the external preprocessors `book.toml` declares run.
/// Never read from `book.toml` (a pull request can change it): the command line
/// or the environment decides, and each command has its default (`check`,
/// `sync` and `closeout` run none; `build` and `serve` run them, announced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Run them at all.
    pub run: bool,
    /// Name each on stderr before it runs (as mdBook's log does).
    pub announce: bool,
    /// Kill one that has not finished after this long.
    pub timeout: std::time::Duration,
    /// Refuse what one writes past this many bytes (it is killed).
    pub max_output: usize,
}

/// A preprocessor's time, unless the command line says otherwise.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

impl Policy {
    /// Run nothing: what `check`, `sync` and `closeout` do unless asked.
    pub fn never() -> Policy {
        Policy {
            run: false,
            announce: false,
            timeout: std::time::Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            max_output: MAX_EXPANSION,
        }
    }

    /// Run each, named on stderr, within the default budgets: what `build` and
    /// `serve` do unless forbidden.
    pub fn announced() -> Policy {
        Policy {
            run: true,
            announce: true,
            ..Policy::never()
        }
    }
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::never()
    }
}

/// A page's text after every preprocessor is at most this many bytes (a page's
/// own cap): includes and preprocessor output past it are refused.
pub const MAX_EXPANSION: usize = crate::core::fs::MAX_FILE_BYTES as usize;

/// The whole book's expanded text is at most this many bytes.
pub const MAX_BOOK_EXPANSION: usize = 4 * MAX_EXPANSION;

/// Warnings about one page past this count are folded into one.
pub const MAX_PAGE_WARNINGS: usize = 20;

fn book_toml_warning(config: &Config, message: String) -> ConfigWarning {
    ConfigWarning {
        at: Origin {
            path: config.root.join(crate::input::config::BOOK_TOML),
            line: 1,
            col: 1,
        },
        message,
    }
}

/// The preprocessors in mdBook's order: `before`/`after` respected, ties by
/// name. docket's own table is docket itself and never runs here. Kahn's
/// algorithm over a name index with a sorted ready set: linear in the names
/// and edges (times a log for the order).
fn order(config: &Config, warnings: &mut Vec<ConfigWarning>) -> Vec<String> {
    use std::collections::{BTreeSet, HashMap};
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |n: &str, names: &mut Vec<String>| {
        if !index.contains_key(n) {
            index.insert(n.to_string(), names.len());
            names.push(n.to_string());
        }
    };
    if config.html.default_preprocessors {
        add("links", &mut names);
        add("index", &mut names);
    }
    for t in &config.preprocessors {
        add(&t.name, &mut names);
    }
    let lookup: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // a → b: a runs before b.
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    let mut waits: Vec<usize> = vec![0; names.len()];
    for t in &config.preprocessors {
        let Some(&me) = lookup.get(t.name.as_str()) else {
            continue;
        };
        for (other, before) in t
            .before
            .iter()
            .map(|o| (o, true))
            .chain(t.after.iter().map(|o| (o, false)))
        {
            let Some(&o) = lookup.get(other.as_str()) else {
                if other != "docket" {
                    warnings.push(book_toml_warning(
                        config,
                        format!(
                            "preprocessor.{}.{} names `{other}`, which is not a preprocessor of this book; the order ignores it",
                            t.name,
                            if before { "before" } else { "after" }
                        ),
                    ));
                }
                continue;
            };
            let (a, b) = if before { (me, o) } else { (o, me) };
            next[a].push(b);
            waits[b] += 1;
        }
    }
    let mut ready: BTreeSet<(&str, usize)> = (0..names.len())
        .filter(|&i| waits[i] == 0)
        .map(|i| (names[i].as_str(), i))
        .collect();
    let mut done = vec![false; names.len()];
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    while let Some((_, i)) = ready.pop_first() {
        done[i] = true;
        out.push(names[i].clone());
        for &b in &next[i] {
            waits[b] -= 1;
            if waits[b] == 0 {
                ready.insert((names[b].as_str(), b));
            }
        }
    }
    if out.len() < names.len() {
        // A cycle: what is left runs in name order.
        let mut left: Vec<&str> = (0..names.len())
            .filter(|&i| !done[i])
            .map(|i| names[i].as_str())
            .collect();
        left.sort_unstable();
        warnings.push(book_toml_warning(
            config,
            format!(
                "preprocessors {} depend on each other in a cycle; they run in name order",
                left.join(", ")
            ),
        ));
        out.extend(left.into_iter().map(str::to_string));
    }
    out.retain(|n| n != "docket");
    out
}

/// Run the book's preprocessors over `book`, external ones as `policy` says
/// (inside `docket mdbook`, mdBook has run them: never). Returns warnings.
pub fn run(config: &Config, book: &mut Book, policy: &Policy) -> Vec<ConfigWarning> {
    let mut warnings = Vec::new();
    // mdBook renders `404.md` as the not-found page: not an orphan.
    let not_found = config.html.input_404.as_deref().unwrap_or("404.md");
    book.orphans.retain(|o| o != not_found);
    warnings.extend(theme_warning(config));
    let mut budget = Budget::default();
    for name in order(config, &mut warnings) {
        match name.as_str() {
            "links" => links::run(config, book, &mut budget, &mut warnings),
            // `index` only renames output: see `page_url`.
            "index" => {}
            _ if policy.run => {
                if let Some(t) = config.preprocessors.iter().find(|t| t.name == name) {
                    // Each way it can fail to run is a warning.
                    let before = warnings.len();
                    external::run(config, t, book, policy, &mut warnings);
                    if warnings.len() > before {
                        book.not_run.push(name.clone());
                    }
                }
            }
            // Declared but not run (`check` runs none unasked): what it would
            // rewrite is unknown, as when it fails.
            _ => {
                if config.preprocessors.iter().any(|t| t.name == name) {
                    book.not_run.push(name.clone());
                }
            }
        }
    }
    warnings
}

/// What the whole book may still grow by through includes.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    /// Bytes the book's expansions added so far.
    pub(crate) book_bytes: usize,
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
    // The theme folder is read only inside the root, whatever links lead there.
    let top = match crate::core::fs::Root::new(&config.root).and_then(|r| r.resolve(&dir)) {
        Ok(d) => d,
        Err(e) => {
            return Some(ConfigWarning {
                at: Origin {
                    path: dir.clone(),
                    line: 1,
                    col: 1,
                },
                message: format!("the theme folder is not read: {e}"),
            });
        }
    };
    let mut unused: Vec<String> = walkdir::WalkDir::new(&top)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(1000)
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&top).ok()?;
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

    fn ordered(toml: &str) -> (Vec<String>, Vec<ConfigWarning>) {
        let root = std::path::Path::new(".");
        let (config, _) =
            crate::input::config::parse(toml, root, &root.join("book.toml")).expect("parses");
        let mut warnings = Vec::new();
        (order(&config, &mut warnings), warnings)
    }

    #[test]
    fn order_respects_before_and_after_ties_by_name_and_cycles() {
        let (o, w) = ordered(
            "[preprocessor.b]\nafter = [\"c\"]\n[preprocessor.c]\n[preprocessor.a]\nbefore = [\"links\"]\n",
        );
        assert_eq!(o, ["a", "c", "b", "index", "links"]);
        assert!(w.is_empty());
        let (o, w) =
            ordered("[preprocessor.x]\nafter = [\"y\"]\n[preprocessor.y]\nafter = [\"x\"]\n");
        assert_eq!(o, ["index", "links", "x", "y"]);
        assert!(w[0].message.contains("cycle"));
    }

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

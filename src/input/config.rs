//! Stage 1: `book.toml` to a typed [`Config`].
//!
//! One `book.toml` serves mdBook and docket alike, so docket reads mdBook's own
//! tables (`[book]`, `[build]`, `[output.html]`) the way mdBook does and keeps its
//! settings under `[preprocessor.docket]`, the one table mdBook 0.5 passes through.
//! The file is walked as a spanned TOML tree, so every warning and error can name
//! its line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::core::catalog::{self, Severity};
use crate::core::span;

pub mod contain;
mod facts;
pub mod mdbook;

/// The file name docket and mdBook look for in the book root.
pub const BOOK_TOML: &str = "book.toml";

/// Resolved configuration of one book.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding `book.toml` (or the `--root` given without one).
    pub root: PathBuf,
    /// `[book]`.
    pub book: BookConfig,
    /// `[output.html]` keys docket uses.
    pub html: HtmlConfig,
    /// `[build] build-dir`, relative to `root` (mdBook's default `book`).
    pub build_dir: PathBuf,
    /// `[preprocessor.docket]`.
    pub docket: DocketConfig,
    /// The other `[preprocessor.X]` tables, in file order.
    pub preprocessors: Vec<mdbook::PreprocessorTable>,
    /// Where each setting came from, for errors about values found valid here
    /// but wrong later (a manifest path that does not exist).
    pub origins: BTreeMap<String, Origin>,
}

/// `[book]`, with mdBook's defaults.
#[derive(Debug, Clone)]
pub struct BookConfig {
    /// Book title; `None` as in mdBook when unset.
    pub title: Option<String>,
    /// Authors, in file order.
    pub authors: Vec<String>,
    /// Language code, `en` by default.
    pub language: String,
    /// Optional description for the page `<meta>`.
    pub description: Option<String>,
    /// Source folder relative to the root, `src` by default.
    pub src: PathBuf,
}

/// The `[output.html]` keys docket understands (with `[rust]` and `[build]`
/// settings that decide how pages render).
#[derive(Debug, Clone)]
pub struct HtmlConfig {
    /// Canonical URL of the deployed site.
    pub site_url: Option<String>,
    /// Repository URL, linked from every page.
    pub git_repository_url: Option<String>,
    /// Template for "edit this page", with `{path}` for the page's path.
    pub edit_url_template: Option<String>,
    /// Markdown and code-block options.
    pub render: mdbook::RenderOptions,
    /// `mathjax-support`: pages load MathJax.
    pub mathjax: bool,
    /// `no-section-label`: no chapter numbers in the chapter list.
    pub no_section_label: bool,
    /// `additional-css`, relative to the root.
    pub additional_css: Vec<String>,
    /// `additional-js`, relative to the root.
    pub additional_js: Vec<String>,
    /// `input-404`: the page rendered as `404.html` (mdBook: `404.md`).
    pub input_404: Option<String>,
    /// `theme`: the folder of theme overrides (mdBook: `theme`).
    pub theme: Option<PathBuf>,
    /// `print.enable`.
    pub print: bool,
    /// `fold.enable` and `fold.level`: the chapter list folds, open down to
    /// this depth (and along the current page's path).
    pub fold: Option<u32>,
    /// `playground.copyable`: code blocks have a copy button.
    pub copyable: bool,
    /// `default-theme`, one of mdBook's five theme names (docket's two
    /// themes are `mdbook::theme_kind`; the name is the page's class).
    pub default_theme: Option<&'static str>,
    /// `preferred-dark-theme`, one of mdBook's theme names: the theme a reader
    /// whose system prefers dark gets.
    pub dark_theme: Option<&'static str>,
    /// `cname`: the domain written to the site's `CNAME` file.
    pub cname: Option<String>,
    /// `redirect`: old site path → new location.
    pub redirect: BTreeMap<String, String>,
    /// `build.use-default-preprocessors`: `links` and `index` run.
    pub default_preprocessors: bool,
}

impl Default for HtmlConfig {
    fn default() -> HtmlConfig {
        HtmlConfig {
            site_url: None,
            git_repository_url: None,
            edit_url_template: None,
            render: mdbook::RenderOptions::default(),
            mathjax: false,
            no_section_label: false,
            additional_css: Vec::new(),
            additional_js: Vec::new(),
            input_404: None,
            theme: None,
            print: true,
            fold: None,
            copyable: true,
            default_theme: None,
            dark_theme: None,
            cname: None,
            redirect: BTreeMap::new(),
            default_preprocessors: true,
        }
    }
}

/// docket's own settings from `[preprocessor.docket]`.
#[derive(Debug, Clone, Default)]
pub struct DocketConfig {
    /// Readiness manifest, relative to the root.
    pub manifest: Option<PathBuf>,
    /// Output folder, relative to the root; overrides `[build] build-dir`.
    pub output_dir: Option<PathBuf>,
    /// Project templates folder, relative to the root; overrides the built-in ones.
    pub templates: Option<PathBuf>,
    /// Severity per rule id, overriding the catalog's defaults.
    pub rules: BTreeMap<String, Severity>,
    /// Where truth is read from code, `[preprocessor.docket.facts]`.
    pub facts: FactsConfig,
    /// Branch used for links to repository files, when set; else the one
    /// `git-repository-url` or `.git/HEAD` names (`core::repo`).
    pub repository_branch: Option<String>,
    /// Which page the site opens on: `dashboard` (default) or a page path.
    pub front_page: Option<String>,
    /// Drift marks on pages (default on).
    pub marks: bool,
    /// Strip scripts and event handlers from raw HTML in pages (default off, as mdBook).
    pub sanitize: bool,
    /// Roots of other books published on the same site (`../reference`), relative
    /// to this one: links that leave the book into them are checked there.
    pub sibling_books: Vec<String>,
    /// Who the site speaks to; unset: maintainers with a manifest, else readers.
    pub audience: Option<Audience>,
    /// Modes given by glob, `[preprocessor.docket.modes]`.
    pub modes: ModeGlobs,
    /// The repository's own Markdown outside the book, checked but not
    /// rendered (`repository-docs`): `None`, every top-level `*.md` of the
    /// book root; a list, exactly those files (empty: none).
    pub repository_docs: Option<Vec<String>>,
}

pub use super::mode_globs::{MODE_NAMES, ModeGlobs};

/// `audience` under `[preprocessor.docket]`: the site of a book's readers (no
/// drift counts or marks, the book's own front page) or of its maintainers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// People reading the book.
    Readers,
    /// People keeping the docs true: dashboard front page, drift in every header, marks.
    Maintainers,
}

/// `[preprocessor.docket.facts]`: sources of truth in the repository. Every path
/// is relative to the book root and stays inside it.
#[derive(Debug, Clone)]
pub struct FactsConfig {
    /// `package.json` whose scripts `npm run X` may name.
    pub package_json: Option<PathBuf>,
    /// `Makefile` whose targets `make X` may name.
    pub makefile: Option<PathBuf>,
    /// `Cargo.toml` whose `[alias]` table `cargo X` may name.
    pub cargo_toml: Option<PathBuf>,
    /// Beads export (`.beads/issues.jsonl`).
    pub tracker: Option<PathBuf>,
    /// Check backticked repository paths against the tree.
    pub files: bool,
    /// Define scanning, when configured.
    pub defines: Option<DefinesFacts>,
    /// Read Git's history and tags (`history`, default on).
    pub history: bool,
    /// Commits `git log` reads at most (`history-max-commits`).
    pub history_max_commits: usize,
}

impl Default for FactsConfig {
    fn default() -> Self {
        FactsConfig {
            package_json: None,
            makefile: None,
            cargo_toml: None,
            tracker: None,
            files: false,
            defines: None,
            history: true,
            history_max_commits: crate::input::facts::history::MAX_COMMITS,
        }
    }
}

/// `[preprocessor.docket.facts.defines]`.
#[derive(Debug, Clone, Default)]
pub struct DefinesFacts {
    /// Folders to scan, relative to the root.
    pub sources: Vec<PathBuf>,
    /// File globs to include (`*.hx`); empty means every text file.
    pub globs: Vec<String>,
    /// Regexes with one capture group: the define name (a string literal's
    /// content) or a constant's name, resolved against constants in the tree.
    pub patterns: Vec<String>,
    /// Functions whose first argument is a define name (`hasDefine`).
    pub wrappers: Vec<String>,
    /// Prefixes that make a name one of the project's defines; empty: the manifest's.
    pub prefixes: Vec<String>,
}

/// A place in `book.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The `book.toml` path as given.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// Something in `book.toml` docket ignores but the author should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// Where.
    pub at: Origin,
    /// What, and what to do.
    pub message: String,
}

impl std::fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: {}: {}", self.at, self.message)
    }
}

/// Why `book.toml` could not be used. Each one stops the run with exit 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {}: {source}; check that it is a readable UTF-8 file", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `book.toml` leads outside the book root.
    #[error(transparent)]
    Outside(crate::core::fs::FileError),
    /// The TOML is malformed, a value has the wrong type, or a named file is missing.
    #[error("{at}: {message}")]
    Invalid {
        /// Where.
        at: Origin,
        /// What is wrong and what to do.
        message: String,
    },
}

/// mdBook's `[book]` keys; anything else there is a warning.
const BOOK_KEYS: &[&str] = &[
    "title",
    "authors",
    "language",
    "description",
    "src",
    "multilingual",
    "text-direction",
];
/// mdBook's top-level tables; mdBook 0.5 rejects any other.
const TOP_KEYS: &[&str] = &["book", "build", "rust", "output", "preprocessor"];
/// Keys mdBook itself reads from every preprocessor table.
const MDBOOK_PREPROCESSOR_KEYS: &[&str] = &["command", "renderers", "before", "after", "optional"];
/// docket's own keys in `[preprocessor.docket]`.
const DOCKET_KEYS: &[&str] = &[
    "manifest",
    "output-dir",
    "templates",
    "rules",
    "facts",
    "repository-branch",
    "front-page",
    "marks",
    "fail-on-drift",
    "sanitize",
    "sibling-books",
    "audience",
    "modes",
    "repository-docs",
];
/// Keys of `[preprocessor.docket.facts]`.
const FACTS_KEYS: &[&str] = &[
    "package-json",
    "makefile",
    "cargo-toml",
    "tracker",
    "files",
    "defines",
    "history",
    "history-max-commits",
];
/// Keys of `[preprocessor.docket.facts.defines]`.
const DEFINES_KEYS: &[&str] = &["sources", "globs", "patterns", "wrappers", "prefixes"];

/// Load `root/book.toml`; a root without one gets mdBook's defaults, as mdBook does.
pub fn load(root: &Path) -> Result<(Config, Vec<ConfigWarning>), ConfigError> {
    let path = root.join(BOOK_TOML);
    if !path.exists() && !path.is_symlink() {
        return Ok((Config::defaults(root), Vec::new()));
    }
    // Same reader as pages: regular files only, size-capped, UTF-8 errors with
    // a position, resolved inside the root.
    match crate::core::fs::Root::new(root).and_then(|r| r.read_text(&path)) {
        Ok(text) => {
            let (config, warnings) = parse(&text, root, &path)?;
            contain::check(&config)?;
            Ok((config, warnings))
        }
        Err(crate::core::fs::FileError::BadFile {
            line, col, message, ..
        }) => Err(ConfigError::Invalid {
            at: Origin { path, line, col },
            message,
        }),
        Err(crate::core::fs::FileError::Io { source, .. }) => Err(ConfigError::Io { path, source }),
        Err(e @ crate::core::fs::FileError::Outside { .. }) => Err(ConfigError::Outside(e)),
    }
}

impl Config {
    /// The repository this book lives in (`core::repo`): its top folder,
    /// branch and file URLs.
    pub fn repo(&self) -> crate::core::repo::Repo {
        let src =
            crate::core::paths::join_rel("", &self.book.src.to_string_lossy()).unwrap_or_default();
        crate::core::repo::Repo::find(
            &self.root,
            &src,
            self.html.git_repository_url.as_deref(),
            self.docket.repository_branch.as_deref(),
        )
    }

    fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            book: BookConfig {
                title: None,
                authors: Vec::new(),
                language: "en".into(),
                description: None,
                src: PathBuf::from("src"),
            },
            html: HtmlConfig::default(),
            preprocessors: Vec::new(),
            build_dir: PathBuf::from("book"),
            docket: DocketConfig {
                marks: true,
                ..DocketConfig::default()
            },
            origins: BTreeMap::new(),
        }
    }

    /// The book's source folder.
    pub fn src_dir(&self) -> PathBuf {
        self.root.join(&self.book.src)
    }

    /// The folder the site is written to, before any `--dest-dir` override.
    pub fn output_dir(&self) -> PathBuf {
        self.root
            .join(self.docket.output_dir.as_ref().unwrap_or(&self.build_dir))
    }

    /// Severity of `rule`: the configured one, else the catalog default.
    pub fn severity(&self, rule: &str) -> Severity {
        self.docket
            .rules
            .get(rule)
            .copied()
            .or_else(|| catalog::rule(rule).map(|r| r.default))
            .unwrap_or(Severity::Error)
    }

    /// Where `key` (dotted, e.g. `preprocessor.docket.manifest`) was set, if it was.
    pub fn origin(&self, key: &str) -> Option<&Origin> {
        self.origins.get(key)
    }
}

/// Parse `book.toml` text. Pure: no file is touched. `path` is only used in messages.
pub fn parse(
    text: &str,
    root: &Path,
    path: &Path,
) -> Result<(Config, Vec<ConfigWarning>), ConfigError> {
    let mut p = Parser {
        text,
        map: std::cell::OnceCell::new(),
        path,
        warnings: Vec::new(),
        origins: BTreeMap::new(),
    };
    let table = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        ConfigError::Invalid {
            at: p.origin(offset),
            message: format!(
                "invalid TOML: {}; fix the syntax (see https://toml.io)",
                e.message().trim()
            ),
        }
    })?;
    for (_, value) in table.get_ref().iter() {
        p.check_integers(value)?;
    }
    let mut config = Config::defaults(root);
    let mut unused: Vec<String> = Vec::new();
    for (key, value) in table.get_ref().iter() {
        let k = key.get_ref().as_ref();
        match k {
            "book" => p.book(value, &mut config.book)?,
            "build" => {
                let t = p.table(value, "build")?;
                if let Some(dir) = p.opt_str(t, "build", "build-dir")? {
                    config.build_dir = p.rel_path(&dir, "build.build-dir")?;
                }
                p.build_keys(t, &mut config.html, &mut unused)?;
            }
            "output" => {
                let t = p.table(value, "output")?;
                for (name, v) in t.iter() {
                    match name.get_ref().as_ref() {
                        "html" => p.output_html(v, &mut config.html, &mut unused)?,
                        other => unused.push(format!("output.{other}")),
                    }
                }
            }
            "preprocessor" => {
                let t = p.table(value, "preprocessor")?;
                for (name, v) in t.iter() {
                    match name.get_ref().as_ref() {
                        "docket" => p.docket(v, &mut config.docket)?,
                        other => {
                            let table = p.preprocessor(other, v)?;
                            config.preprocessors.push(table);
                        }
                    }
                }
            }
            "rust" => p.rust(value, &mut config.html)?,
            _ => p.warn(
                key.span().start,
                format!(
                    "unknown table or key `{k}`; mdBook only accepts {}, and docket's settings belong under [preprocessor.docket]",
                    TOP_KEYS.join(", ")
                ),
            ),
        }
    }
    p.warn_unused(&unused, 0);
    config.origins = p.origins;
    Ok((config, p.warnings))
}

fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    t.iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

struct Parser<'a> {
    text: &'a str,
    map: std::cell::OnceCell<span::SourceMap>,
    path: &'a Path,
    warnings: Vec<ConfigWarning>,
    origins: BTreeMap<String, Origin>,
}

impl<'a> Parser<'a> {
    fn origin(&self, offset: usize) -> Origin {
        // One map for the file: a lookup per warning from the top was quadratic.
        let (line, col) = self
            .map
            .get_or_init(|| span::SourceMap::new(self.text))
            .line_col(self.text, offset);
        Origin {
            path: self.path.to_path_buf(),
            line,
            col,
        }
    }

    /// Where key `key` (dotted, full) was written; the top of the file if unknown.
    fn key_origin(&self, key: &str) -> Origin {
        self.origins
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.origin(0))
    }

    /// TOML integers are 64-bit signed: one past that is an error wherever it
    /// is (mdBook refuses the file too), not a value to warn about and skip.
    fn check_integers(&self, v: &Spanned<DeValue<'_>>) -> Result<(), ConfigError> {
        match v.get_ref() {
            DeValue::Integer(i) if i64::from_str_radix(i.as_str(), i.radix()).is_err() => {
                let written = self.text.get(v.span()).unwrap_or(i.as_str());
                Err(self.err(
                    v.span().start,
                    format!(
                        "integer `{written}` does not fit in 64 bits (TOML integers run from {} to {}); write a smaller number, or a string if it is not a number",
                        i64::MIN,
                        i64::MAX
                    ),
                ))
            }
            DeValue::Array(items) => items.iter().try_for_each(|x| self.check_integers(x)),
            DeValue::Table(t) => t.iter().try_for_each(|(_, x)| self.check_integers(x)),
            _ => Ok(()),
        }
    }

    fn warn(&mut self, offset: usize, message: String) {
        let at = self.origin(offset);
        self.warnings.push(ConfigWarning { at, message });
    }

    fn err(&self, offset: usize, message: String) -> ConfigError {
        ConfigError::Invalid {
            at: self.origin(offset),
            message,
        }
    }

    fn type_err(&self, v: &Spanned<DeValue<'_>>, key: &str, expected: &str) -> ConfigError {
        self.err(
            v.span().start,
            format!(
                "`{key}` must be {expected}, found {}; change the value's type",
                v.get_ref().type_str()
            ),
        )
    }

    fn table<'t, 'i>(
        &self,
        v: &'t Spanned<DeValue<'i>>,
        key: &str,
    ) -> Result<&'t DeTable<'i>, ConfigError> {
        v.get_ref()
            .as_table()
            .ok_or_else(|| self.type_err(v, key, "a table"))
    }

    fn opt_str(
        &mut self,
        t: &DeTable<'_>,
        table: &str,
        key: &str,
    ) -> Result<Option<String>, ConfigError> {
        let Some(v) = get(t, key) else {
            return Ok(None);
        };
        let full = format!("{table}.{key}");
        let s = v
            .get_ref()
            .as_str()
            .ok_or_else(|| self.type_err(v, &full, "a string"))?;
        self.origins.insert(full, self.origin(v.span().start));
        Ok(Some(s.to_string()))
    }

    /// A path setting: relative, and not climbing out of the root.
    /// `opt_str` has already recorded where `key` was set.
    fn rel_path(&self, s: &str, key: &str) -> Result<PathBuf, ConfigError> {
        let p = PathBuf::from(s);
        let escapes = p.is_absolute()
            || p.components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        if escapes {
            let at = self.key_origin(key);
            return Err(ConfigError::Invalid {
                at,
                message: format!(
                    "`{key}` = \"{s}\" points outside the book root; use a path relative to the folder holding book.toml, without `..`"
                ),
            });
        }
        Ok(p)
    }

    fn book(&mut self, v: &Spanned<DeValue<'_>>, book: &mut BookConfig) -> Result<(), ConfigError> {
        let t = self.table(v, "book")?;
        for (key, value) in t.iter() {
            let k = key.get_ref().as_ref();
            if !BOOK_KEYS.contains(&k) {
                self.warn(
                    key.span().start,
                    format!(
                        "unknown key `book.{k}`; known keys are {}",
                        BOOK_KEYS.join(", ")
                    ),
                );
            }
            if k == "authors" {
                let arr = value
                    .get_ref()
                    .as_array()
                    .ok_or_else(|| self.type_err(value, "book.authors", "an array of strings"))?;
                for a in arr.iter() {
                    let s = a
                        .get_ref()
                        .as_str()
                        .ok_or_else(|| self.type_err(a, "book.authors", "an array of strings"))?;
                    book.authors.push(s.to_string());
                }
            }
        }
        book.title = self.opt_str(t, "book", "title")?;
        book.description = self.opt_str(t, "book", "description")?;
        if let Some(lang) = self.opt_str(t, "book", "language")? {
            book.language = lang;
        }
        if let Some(src) = self.opt_str(t, "book", "src")? {
            book.src = self.rel_path(&src, "book.src")?;
        }
        Ok(())
    }

    fn docket(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        d: &mut DocketConfig,
    ) -> Result<(), ConfigError> {
        const T: &str = "preprocessor.docket";
        let t = self.table(v, T)?;
        for (key, _) in t.iter() {
            let k = key.get_ref().as_ref();
            if !DOCKET_KEYS.contains(&k) && !MDBOOK_PREPROCESSOR_KEYS.contains(&k) {
                self.warn(
                    key.span().start,
                    format!(
                        "unknown docket key `{T}.{k}`; it is ignored. Known keys: {}",
                        DOCKET_KEYS.join(", ")
                    ),
                );
            }
        }
        if let Some(m) = self.opt_str(t, T, "manifest")? {
            d.manifest = Some(self.rel_path(&m, "preprocessor.docket.manifest")?);
        }
        if let Some(o) = self.opt_str(t, T, "output-dir")? {
            d.output_dir = Some(self.rel_path(&o, "preprocessor.docket.output-dir")?);
        }
        if let Some(o) = self.opt_str(t, T, "templates")? {
            let rel = self.rel_path(&o, "preprocessor.docket.templates")?;
            let root = self.path.parent().unwrap_or(Path::new("."));
            if !root.join(&rel).is_dir() {
                // Not fatal: the built-in templates serve, but say so.
                let at = self.key_origin("preprocessor.docket.templates");
                self.warnings.push(ConfigWarning {
                    at,
                    message: format!(
                        "templates folder `{o}` does not exist, so the built-in templates are used; create it or remove `templates`"
                    ),
                });
            }
            d.templates = Some(rel);
        }
        if let Some(b) = self.opt_str(t, T, "repository-branch")? {
            d.repository_branch = Some(b);
        }
        d.front_page = self.opt_str(t, T, "front-page")?;
        if let Some(b) = self.opt_bool(t, T, "marks")? {
            d.marks = b;
        }
        d.sibling_books = self.str_list(t, T, "sibling-books")?;
        if let Some(v) = get(t, "repository-docs") {
            d.repository_docs = match v.get_ref().as_bool() {
                Some(true) => None,
                Some(false) => Some(Vec::new()),
                None => {
                    let list = self.str_list(t, T, "repository-docs")?;
                    for f in &list {
                        let key = format!("{T}.repository-docs");
                        self.rel_path(f, &key)?;
                    }
                    Some(list)
                }
            };
        }
        if let Some(b) = self.opt_bool(t, T, "sanitize")? {
            d.sanitize = b;
        }
        if let Some(a) = get(t, "audience") {
            d.audience = match a.get_ref().as_str() {
                Some("readers") => Some(Audience::Readers),
                Some("maintainers") => Some(Audience::Maintainers),
                Some(other) => {
                    return Err(self.err(
                        a.span().start,
                        format!("`{T}.audience` = \"{other}\" is not an audience; use \"readers\" or \"maintainers\""),
                    ));
                }
                None => {
                    return Err(self.type_err(a, &format!("{T}.audience"), "a string"));
                }
            };
        }
        if let Some(f) = get(t, "facts") {
            self.facts(f, &mut d.facts)?;
        }
        if let Some(m) = get(t, "modes") {
            const M: &str = "preprocessor.docket.modes";
            let mt = self.table(m, M)?;
            let keys: Vec<String> = mt.iter().map(|(k, _)| k.get_ref().to_string()).collect();
            for key in keys {
                if !MODE_NAMES.contains(&key.as_str()) {
                    let at = self.key_origin(M);
                    return Err(ConfigError::Invalid {
                        at,
                        message: format!(
                            "`{M}.{key}` is not a mode; the modes are {}",
                            MODE_NAMES.join(", ")
                        ),
                    });
                }
                for g in self.str_list(mt, M, &key)? {
                    if g.trim().is_empty() {
                        let at = self.key_origin(&format!("{M}.{key}"));
                        return Err(ConfigError::Invalid {
                            at,
                            message: format!(
                                "`{M}.{key}` holds an empty glob; write one like `config/**`"
                            ),
                        });
                    }
                    d.modes.entries.push((key.clone(), g));
                }
            }
        }
        if let Some(rules) = get(t, "rules") {
            let rt = self.table(rules, "preprocessor.docket.rules")?;
            for (key, value) in rt.iter() {
                let id = key.get_ref().as_ref();
                let full = format!("{T}.rules.{id}");
                let s = value
                    .get_ref()
                    .as_str()
                    .ok_or_else(|| self.type_err(value, &full, "\"error\", \"warn\" or \"off\""))?;
                let sev = Severity::parse(s).ok_or_else(|| {
                    self.err(
                        value.span().start,
                        format!("`{full}` = \"{s}\" is not a severity; use \"error\", \"warn\" or \"off\""),
                    )
                })?;
                if catalog::rule(id).is_none() {
                    self.warn(
                        key.span().start,
                        format!(
                            "unknown rule `{id}` in [{T}.rules]; the rule ids are listed in the rule catalog of docket's docs"
                        ),
                    );
                    continue;
                }
                d.rules.insert(id.to_string(), sev);
            }
        }
        Ok(())
    }
}

impl Parser<'_> {
    fn warn_unknown(&mut self, t: &DeTable<'_>, table: &str, known: &[&str]) {
        for (key, _) in t.iter() {
            let k = key.get_ref().as_ref();
            if !known.contains(&k) {
                self.warn(
                    key.span().start,
                    format!(
                        "unknown key `{table}.{k}`; it is ignored. Known keys: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }

    fn opt_path(
        &mut self,
        t: &DeTable<'_>,
        table: &str,
        key: &str,
    ) -> Result<Option<PathBuf>, ConfigError> {
        match self.opt_str(t, table, key)? {
            Some(s) => Ok(Some(self.rel_path(&s, &format!("{table}.{key}"))?)),
            None => Ok(None),
        }
    }

    fn str_list(
        &mut self,
        t: &DeTable<'_>,
        table: &str,
        key: &str,
    ) -> Result<Vec<String>, ConfigError> {
        let Some(v) = get(t, key) else {
            return Ok(Vec::new());
        };
        let full = format!("{table}.{key}");
        let arr = v
            .get_ref()
            .as_array()
            .ok_or_else(|| self.type_err(v, &full, "an array of strings"))?;
        let mut out = Vec::new();
        for item in arr.iter() {
            let s = item
                .get_ref()
                .as_str()
                .ok_or_else(|| self.type_err(item, &full, "an array of strings"))?;
            out.push(s.to_string());
        }
        self.origins.insert(full, self.origin(v.span().start));
        Ok(out)
    }
}

#[cfg(test)]
mod tests;

//! mdBook's own settings: `[output.html]`, `[rust]`, `[build]` and the
//! `[preprocessor.X]` tables. Each key mdBook knows is either applied or named,
//! with every other such key, in one warning: a book never loses a setting
//! without a word.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ConfigError, Parser, get};

/// `[output.html]` keys docket applies.
const HTML_APPLIED: &[&str] = &[
    "site-url",
    "git-repository-url",
    "edit-url-template",
    "smart-punctuation",
    "definition-lists",
    "admonitions",
    "mathjax-support",
    "additional-css",
    "additional-js",
    "input-404",
    "redirect",
    "no-section-label",
    "playground",
    "playpen",
    "code",
    "theme",
    "print",
    "fold",
    "default-theme",
    "preferred-dark-theme",
    "cname",
];
/// `[output.html]` keys mdBook knows that change nothing in docket's site.
const HTML_IGNORED: &[&str] = &[
    "git-repository-icon",
    "live-reload-endpoint",
    "hash-files",
    "search",
    "copy-fonts",
    "sidebar-header-nav",
    "curly-quotes",
];
/// `[output.html.playground]` keys docket applies; the rest are named.
const PLAYGROUND_APPLIED: &[&str] = &["editable", "runnable", "copyable"];

/// mdBook's five theme names, as written in `default-theme`.
const THEMES: &[&str] = &["light", "rust", "coal", "navy", "ayu"];

/// mdBook's theme `name` as docket's two themes, `light` or `dark`.
pub fn theme_kind(name: &str) -> Option<&'static str> {
    match name {
        "light" | "rust" => Some("light"),
        "coal" | "navy" | "ayu" => Some("dark"),
        _ => None,
    }
}

/// What `[output.html]` and `[rust]` say about how pages render. The defaults are
/// mdBook 0.5's: smart punctuation, definition lists and admonitions on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// `output.html.smart-punctuation`: curly quotes, dashes, ellipses.
    pub smart_punctuation: bool,
    /// `output.html.definition-lists`.
    pub definition_lists: bool,
    /// `output.html.admonitions`: `> [!NOTE]` blocks.
    pub admonitions: bool,
    /// `output.html.code.hidelines`: language → prefix that hides a line.
    pub hidelines: BTreeMap<String, String>,
    /// `output.html.playground.runnable`: Rust blocks become playgrounds.
    pub runnable: bool,
    /// `output.html.playground.editable`: `editable` blocks are not wrapped in `fn main`.
    pub editable: bool,
    /// `rust.edition`: the class added to Rust blocks that name none.
    pub edition: Option<String>,
    /// The `index` preprocessor is on: `README.md` chapters become `index.html`.
    pub readme_index: bool,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            smart_punctuation: true,
            definition_lists: true,
            admonitions: true,
            hidelines: BTreeMap::new(),
            runnable: true,
            editable: false,
            edition: None,
            readme_index: true,
        }
    }
}

/// One `[preprocessor.X]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreprocessorTable {
    /// The name after `preprocessor.`.
    pub name: String,
    /// `command`; mdBook's default is `mdbook-<name>`.
    pub command: Option<String>,
    /// `renderers`: run only for these (docket renders `html`).
    pub renderers: Option<Vec<String>>,
    /// `before`: run before these.
    pub before: Vec<String>,
    /// `after`: run after these.
    pub after: Vec<String>,
    /// `optional`: a missing command is a warning, not an error (docket warns either way).
    pub optional: bool,
}

impl Parser<'_> {
    /// `table.key` as `true` or `false`, if given.
    pub(super) fn opt_bool(
        &mut self,
        t: &DeTable<'_>,
        table: &str,
        key: &str,
    ) -> Result<Option<bool>, ConfigError> {
        let Some(v) = get(t, key) else {
            return Ok(None);
        };
        let b = v
            .get_ref()
            .as_bool()
            .ok_or_else(|| self.type_err(v, &format!("{table}.{key}"), "true or false"))?;
        Ok(Some(b))
    }

    /// `[output.html]` into `html`; unapplied keys into `unused`.
    pub(super) fn output_html(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        html: &mut super::HtmlConfig,
        unused: &mut Vec<String>,
    ) -> Result<(), ConfigError> {
        const T: &str = "output.html";
        let h = self.table(v, T)?;
        for (key, _) in h.iter() {
            let k = key.get_ref().as_ref();
            if HTML_IGNORED.contains(&k) {
                unused.push(format!("{T}.{k}"));
            } else if !HTML_APPLIED.contains(&k) {
                self.warn(
                    key.span().start,
                    format!(
                        "unknown key `{T}.{k}`; mdBook does not know it either, so it is ignored"
                    ),
                );
            }
        }
        html.site_url = self.opt_str(h, T, "site-url")?;
        html.git_repository_url = self.web_url(h, "git-repository-url")?;
        html.edit_url_template = self.web_url(h, "edit-url-template")?;
        let r = &mut html.render;
        if let Some(b) = self.opt_bool(h, T, "smart-punctuation")? {
            r.smart_punctuation = b;
        }
        if let Some(b) = self.opt_bool(h, T, "definition-lists")? {
            r.definition_lists = b;
        }
        if let Some(b) = self.opt_bool(h, T, "admonitions")? {
            r.admonitions = b;
        }
        html.mathjax = self.opt_bool(h, T, "mathjax-support")?.unwrap_or(false);
        html.no_section_label = self.opt_bool(h, T, "no-section-label")?.unwrap_or(false);
        html.additional_css = self.str_list(h, T, "additional-css")?;
        html.additional_js = self.str_list(h, T, "additional-js")?;
        for f in html.additional_css.iter().chain(&html.additional_js) {
            self.rel_path(f, &format!("{T}.additional-css/js"))?;
        }
        html.input_404 = self.opt_str(h, T, "input-404")?;
        if let Some(p) = &html.input_404 {
            self.rel_path(p, &format!("{T}.input-404"))?;
        }
        for (key, slot) in [
            ("default-theme", &mut html.default_theme),
            ("preferred-dark-theme", &mut html.dark_theme),
        ] {
            if let Some(name) = self.opt_str(h, T, key)? {
                let name = name.to_ascii_lowercase();
                *slot = THEMES.iter().find(|t| **t == name).copied();
                if slot.is_none()
                    && let Some(v) = get(h, key)
                {
                    self.warn(
                        v.span().start,
                        format!("`{T}.{key}` = \"{name}\" is not one of mdBook's themes (light, rust, coal, navy, ayu); the reader's system decides"),
                    );
                }
            }
        }
        html.cname = self
            .opt_str(h, T, "cname")?
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty() && !c.contains(['/', '\n', '\r']));
        if let Some(fold) = get(h, "fold") {
            const F: &str = "output.html.fold";
            let ft = self.table(fold, F)?;
            for (key, _) in ft.iter() {
                let k = key.get_ref().as_ref();
                if k != "enable" && k != "level" {
                    unused.push(format!("{F}.{k}"));
                }
            }
            let level = match get(ft, "level") {
                Some(v) => v
                    .get_ref()
                    .as_integer()
                    .and_then(|n| u32::from_str_radix(n.as_str(), n.radix()).ok())
                    .ok_or_else(|| {
                        self.type_err(v, &format!("{F}.level"), "a whole number from 0")
                    })?,
                None => 0,
            };
            if self.opt_bool(ft, F, "enable")?.unwrap_or(false) {
                html.fold = Some(level);
            }
        }
        if let Some(theme) = self.opt_str(h, T, "theme")? {
            html.theme = Some(self.rel_path(&theme, &format!("{T}.theme"))?);
        }
        if let Some(print) = get(h, "print") {
            let pt = self.table(print, &format!("{T}.print"))?;
            for (key, _) in pt.iter() {
                let k = key.get_ref().as_ref();
                if k != "enable" {
                    unused.push(format!("{T}.print.{k}"));
                }
            }
            html.print = self
                .opt_bool(pt, &format!("{T}.print"), "enable")?
                .unwrap_or(true);
        }
        // `playpen` is mdBook's older name of `playground`, still read.
        for (name, pg) in ["playpen", "playground"]
            .into_iter()
            .filter_map(|n| get(h, n).map(|v| (n, v)))
        {
            let p = format!("{T}.{name}");
            let pt = self.table(pg, &p)?;
            for (key, _) in pt.iter() {
                let k = key.get_ref().as_ref();
                if !PLAYGROUND_APPLIED.contains(&k) {
                    unused.push(format!("{p}.{k}"));
                }
            }
            if let Some(b) = self.opt_bool(pt, &p, "editable")? {
                html.render.editable = b;
            }
            if let Some(b) = self.opt_bool(pt, &p, "runnable")? {
                html.render.runnable = b;
            }
            if let Some(b) = self.opt_bool(pt, &p, "copyable")? {
                html.copyable = b;
            }
        }
        if let Some(code) = get(h, "code") {
            const C: &str = "output.html.code";
            let ct = self.table(code, C)?;
            for (key, value) in ct.iter() {
                let k = key.get_ref().as_ref();
                if k != "hidelines" {
                    unused.push(format!("{C}.{k}"));
                    continue;
                }
                let ht = self.table(value, &format!("{C}.hidelines"))?;
                for (lang, prefix) in ht.iter() {
                    let full = format!("{C}.hidelines.{}", lang.get_ref());
                    let p = prefix
                        .get_ref()
                        .as_str()
                        .ok_or_else(|| self.type_err(prefix, &full, "a string"))?;
                    html.render
                        .hidelines
                        .insert(lang.get_ref().to_string(), p.to_string());
                }
            }
        }
        if let Some(red) = get(h, "redirect") {
            const R: &str = "output.html.redirect";
            let rt = self.table(red, R)?;
            for (from, to) in rt.iter() {
                let full = format!("{R}.\"{}\"", from.get_ref());
                let dest = to
                    .get_ref()
                    .as_str()
                    .ok_or_else(|| self.type_err(to, &full, "a string (the new location)"))?;
                self.origins.insert(full, self.origin(from.span().start));
                html.redirect
                    .insert(from.get_ref().to_string(), dest.to_string());
            }
        }
        Ok(())
    }

    /// `[rust]`: the edition Rust code blocks are marked with.
    pub(super) fn rust(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        html: &mut super::HtmlConfig,
    ) -> Result<(), ConfigError> {
        let t = self.table(v, "rust")?;
        self.warn_unknown(t, "rust", &["edition"]);
        if let Some(e) = self.opt_str(t, "rust", "edition")? {
            if !matches!(e.as_str(), "2015" | "2018" | "2021" | "2024") {
                let at = self.key_origin("rust.edition");
                return Err(ConfigError::Invalid {
                    at,
                    message: format!(
                        "`rust.edition` = \"{e}\" is not a Rust edition; use \"2015\", \"2018\", \"2021\" or \"2024\""
                    ),
                });
            }
            html.render.edition = Some(e);
        }
        Ok(())
    }

    /// `[build]` keys besides `build-dir`.
    pub(super) fn build_keys(
        &mut self,
        t: &DeTable<'_>,
        html: &mut super::HtmlConfig,
        unused: &mut Vec<String>,
    ) -> Result<(), ConfigError> {
        for (key, _) in t.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "build-dir" | "use-default-preprocessors" => {}
                "create-missing" | "extra-watch-dirs" => unused.push(format!("build.{k}")),
                _ => self.warn(
                    key.span().start,
                    format!(
                        "unknown key `build.{k}`; mdBook does not know it either, so it is ignored"
                    ),
                ),
            }
        }
        if let Some(b) = self.opt_bool(t, "build", "use-default-preprocessors")? {
            html.default_preprocessors = b;
            html.render.readme_index = b;
        }
        Ok(())
    }

    /// One `[preprocessor.X]` table other than docket's.
    pub(super) fn preprocessor(
        &mut self,
        name: &str,
        v: &Spanned<DeValue<'_>>,
    ) -> Result<PreprocessorTable, ConfigError> {
        let table = format!("preprocessor.{name}");
        let t = self.table(v, &table)?;
        let mut p = PreprocessorTable {
            name: name.to_string(),
            command: self.opt_str(t, &table, "command")?,
            before: self.str_list(t, &table, "before")?,
            after: self.str_list(t, &table, "after")?,
            ..Default::default()
        };
        if get(t, "renderers").is_some() {
            p.renderers = Some(self.str_list(t, &table, "renderers")?);
        }
        p.optional = self.opt_bool(t, &table, "optional")?.unwrap_or(false);
        Ok(p)
    }

    /// An `[output.html]` URL every page links to: `http(s)` only (a
    /// `javascript:` one would run on a click); anything else is warned about
    /// where it is set and dropped.
    fn web_url(&mut self, h: &DeTable<'_>, key: &str) -> Result<Option<String>, ConfigError> {
        const T: &str = "output.html";
        let Some(url) = self.opt_str(h, T, key)? else {
            return Ok(None);
        };
        let lower = url.trim().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return Ok(Some(url.trim().to_string()));
        }
        if let Some(v) = get(h, key) {
            let shown: String = url
                .chars()
                .take(80)
                .flat_map(char::escape_default)
                .collect();
            self.warn(
                v.span().start,
                format!("`{T}.{key}` = \"{shown}\" is not an http:// or https:// address, so no page links to it; write the repository's web address"),
            );
        }
        Ok(None)
    }

    /// The one warning naming every mdBook key docket leaves unapplied.
    pub(super) fn warn_unused(&mut self, unused: &[String], offset: usize) {
        if unused.is_empty() {
            return;
        }
        self.warn(
            offset,
            format!(
                "docket builds its own site and does not apply these mdBook settings: {}",
                unused.join(", ")
            ),
        );
    }
}

/// Redirects as `(from, to)`, sorted.
pub fn redirects(html: &super::HtmlConfig) -> Vec<(String, String)> {
    html.redirect
        .iter()
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect()
}

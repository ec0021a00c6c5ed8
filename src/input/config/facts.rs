//! `[preprocessor.docket.facts]`: where truth is read from the repository.

use toml::Spanned;
use toml::de::DeValue;

use super::{ConfigError, DEFINES_KEYS, DefinesFacts, FACTS_KEYS, FactsConfig, Parser, get};

impl Parser<'_> {
    pub(super) fn facts(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        f: &mut FactsConfig,
    ) -> Result<(), ConfigError> {
        const T: &str = "preprocessor.docket.facts";
        let t = self.table(v, T)?;
        self.warn_unknown(t, T, FACTS_KEYS);
        f.package_json = self.opt_path(t, T, "package-json")?;
        f.makefile = self.opt_path(t, T, "makefile")?;
        f.cargo_toml = self.opt_path(t, T, "cargo-toml")?;
        f.tracker = self.opt_path(t, T, "tracker")?;
        if let Some(b) = self.opt_bool(t, T, "files")? {
            f.files = b;
        }
        if let Some(b) = self.opt_bool(t, T, "history")? {
            f.history = b;
        }
        if let Some(n) = get(t, "history-max-commits") {
            let key = format!("{T}.history-max-commits");
            f.history_max_commits = match n.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                _ => None,
            }
            .and_then(|i| usize::try_from(i).ok())
            .filter(|&i| i > 0)
            .ok_or_else(|| self.type_err(n, &key, "a positive number of commits"))?;
        }
        if let Some(d) = get(t, "defines") {
            const D: &str = "preprocessor.docket.facts.defines";
            let dt = self.table(d, D)?;
            self.warn_unknown(dt, D, DEFINES_KEYS);
            let mut defines = DefinesFacts::default();
            for s in self.str_list(dt, D, "sources")? {
                defines
                    .sources
                    .push(self.rel_path(&s, &format!("{D}.sources"))?);
            }
            defines.globs = self.str_list(dt, D, "globs")?;
            for g in &defines.globs {
                // Checked here, where the line is known, not when the scan starts.
                if let Err(e) = ignore::overrides::OverrideBuilder::new(".").add(g) {
                    let at = self.key_origin(&format!("{D}.globs"));
                    return Err(ConfigError::Invalid {
                        at,
                        message: format!(
                            "glob `{g}` is invalid ({e}); write one like `*.hx` or `src/**/*.rs`"
                        ),
                    });
                }
            }
            defines.patterns = self.str_list(dt, D, "patterns")?;
            for (i, p) in defines.patterns.iter().enumerate() {
                let ok = regex::Regex::new(p).map(|r| r.captures_len() >= 2);
                if !matches!(ok, Ok(true)) {
                    let at = self.key_origin(&format!("{D}.patterns"));
                    return Err(ConfigError::Invalid {
                        at,
                        message: format!(
                            "pattern {} `{p}` is not a regex with a capture group for the define name; write one like `Context\\.defined\\(\"([^\"]+)\"\\)`",
                            i + 1
                        ),
                    });
                }
            }
            defines.wrappers = self.str_list(dt, D, "wrappers")?;
            defines.prefixes = self.str_list(dt, D, "prefixes")?;
            if defines.sources.is_empty() {
                let at = self.origin(d.span().start);
                return Err(ConfigError::Invalid {
                    at,
                    message: format!(
                        "[{D}] needs `sources`, the folders to scan (e.g. sources = [\"src\"])"
                    ),
                });
            }
            f.defines = Some(defines);
        }
        Ok(())
    }
}

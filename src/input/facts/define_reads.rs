//! How code names a define, beyond a literal in a call: constants (plain,
//! class-qualified, module-level, in any quote), conditional compilation
//! (`#if (macro || reflaxe_runtime)`, `#elseif`), and the places the code sets a
//! define itself (`Compiler.define(NAME)`, a `"-D", NAME` argument), which make
//! it the code's own business, not the user's.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

static CONSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b(?:var|final|const|let)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z0-9_&'<> ]+?)?\s*=\s*(?:"([^"\\\n]+)"|'([^'\\\n]+)')"#,
    )
    .expect("static regex")
});
/// A type declaration: constants after it belong to it (`Define.OnlyGenerate`).
static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:class|abstract|interface|enum|typedef|object|struct)\s+([A-Z][A-Za-z0-9_]*)")
        .expect("static regex")
});
/// The code setting a define: `Compiler.define(X)`, `haxe.macro.Compiler.define`.
static SET_CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Compiler\.define\(\s*([^),\s]+)").expect("static regex"));
/// A `-D` argument built by the code: `"-D", NAME`, `'-D', "name"`, `"-D", \`${NAME}=…\``.
static SET_ARG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"["'`]-D["'`]\s*,\s*(?:`\$\{([A-Za-z_][\w.]*)\}|["'`]([A-Za-z_][\w.-]*)|([A-Za-z_][\w.]*))"#,
    )
    .expect("static regex")
});
/// Conditional compilation: the condition follows.
static CONDITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#(?:if|elseif)\b").expect("static regex"));

/// String constants of the scanned files, for resolving `Context.defined(NAME)`.
#[derive(Debug, Default)]
pub(crate) struct Constants {
    /// (file index, name) → value (`None`: defined twice, differently).
    by_file: HashMap<(usize, String), Option<String>>,
    /// (owning type or module, name) → value.
    by_owner: HashMap<(String, String), Option<String>>,
    /// name → value over all files.
    global: HashMap<String, Option<String>>,
}

fn put<K: std::hash::Hash + Eq>(m: &mut HashMap<K, Option<String>>, k: K, v: &str) {
    let e = m.entry(k).or_insert_with(|| Some(v.to_string()));
    if e.as_deref() != Some(v) {
        *e = None;
    }
}

impl Constants {
    /// Read the constants of `files` ((path, text), in index order).
    pub(crate) fn read(files: &[(String, String)]) -> Constants {
        let mut c = Constants::default();
        for (i, (path, text)) in files.iter().enumerate() {
            let module = path
                .rsplit('/')
                .next()
                .and_then(|n| n.split('.').next())
                .unwrap_or("")
                .to_string();
            // Owners are read only in files that declare a constant.
            let mut owners: Option<Vec<(usize, &str)>> = None;
            for cap in CONSTANT.captures_iter(text) {
                let (Some(n), Some(v)) = (cap.get(1), cap.get(2).or_else(|| cap.get(3))) else {
                    continue;
                };
                let (name, value) = (n.as_str().to_string(), v.as_str());
                put(&mut c.by_file, (i, name.clone()), value);
                put(&mut c.global, name.clone(), value);
                // `Type.NAME` names the type declaring it; the module's name
                // reaches only its main type (or module-level constants).
                let at = n.start();
                let owners = owners.get_or_insert_with(|| {
                    OWNER
                        .captures_iter(text)
                        .filter_map(|cap| Some((cap.get(0)?.start(), cap.get(1)?.as_str())))
                        .collect()
                });
                let owner = owners
                    .iter()
                    .rev()
                    .find(|(o, _)| *o < at)
                    .map_or(module.as_str(), |(_, o)| o);
                put(&mut c.by_owner, (owner.to_string(), name), value);
            }
        }
        c
    }

    /// The string an identifier names in file `file`: `NAME` (this file first,
    /// then the one constant of that name anywhere), `Type.NAME` or
    /// `pack.Type.NAME` (that type's or module's). A field of a value
    /// (`context.name`) is a runtime value: `None`.
    pub(crate) fn resolve(&self, raw: &str, file: usize) -> Option<String> {
        let mut parts = raw.rsplit('.');
        let name = parts.next()?;
        match parts.next() {
            None => match self.by_file.get(&(file, name.to_string())) {
                Some(v) => v.clone(),
                None => self.global.get(name).cloned().flatten(),
            },
            Some(owner) if owner.starts_with(|c: char| c.is_ascii_uppercase()) => self
                .by_owner
                .get(&(owner.to_string(), name.to_string()))
                .cloned()
                .flatten(),
            Some(_) => None,
        }
    }
}

/// The define named by a call's argument as written: a string literal in any
/// quote, or an identifier resolved as a constant. `bare` patterns capture the
/// name itself, unquoted (`#if name`-style custom patterns).
pub(crate) fn argument(
    raw: &str,
    file: usize,
    constants: &Constants,
    bare: bool,
) -> Option<String> {
    let raw = raw.trim();
    for q in ['"', '\'', '`'] {
        if let Some(lit) = raw.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return (!lit.is_empty() && !lit.contains("${")).then(|| lit.to_string());
        }
    }
    if !raw.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let resolved = constants.resolve(raw, file);
    match resolved {
        Some(v) => Some(v),
        None if bare => Some(raw.to_string()),
        None => None,
    }
}

/// Defines the code sets itself in `text`, with their byte offsets.
pub(crate) fn setters(text: &str, file: usize, constants: &Constants) -> Vec<String> {
    let mut out = Vec::new();
    // Cheap byte searches first: few files set a define.
    let calls = text.contains("Compiler.define(");
    let args = text.contains("-D");
    if !calls && !args {
        return out;
    }
    for cap in SET_CALL.captures_iter(text).filter(|_| calls) {
        if let Some(a) = cap
            .get(1)
            .and_then(|a| argument(a.as_str(), file, constants, false))
        {
            out.push(a);
        }
    }
    for cap in SET_ARG.captures_iter(text).filter(|_| args) {
        let name = if let Some(id) = cap.get(1).or_else(|| cap.get(3)) {
            constants.resolve(id.as_str(), file)
        } else {
            cap.get(2).map(|m| m.as_str().to_string())
        };
        // `NAME=value` built in one string: the name is before the `=`.
        if let Some(n) = name.map(|n| n.split('=').next().unwrap_or("").to_string())
            && !n.is_empty()
        {
            out.push(n);
        }
    }
    out
}

/// Name-like string literals of `text` (a `_` or `.` in them: `"genes.ts"`,
/// `'app_flag'`), without a pattern: every scanned byte comes here.
pub(crate) fn literals(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'"' || c == b'\'') {
        let q = b[i + k];
        let start = i + k + 1;
        let len = b[start..]
            .iter()
            .position(|&c| c == q || c == b'\n' || c == b'\\')
            .unwrap_or(b.len() - start);
        let end = start + len;
        if b.get(end) == Some(&q) {
            let lit = &b[start..end];
            let name_like = lit
                .first()
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                && lit
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
                && lit.iter().any(|c| matches!(c, b'_' | b'.'));
            if name_like && let Ok(s) = std::str::from_utf8(lit) {
                out.push(s);
            }
            i = end + 1;
        } else {
            // No closing quote on this line: an apostrophe, not a literal.
            i = start;
        }
        if i >= b.len() {
            break;
        }
    }
    out
}

/// Identifiers in the conditions of `#if` / `#elseif` in Haxe `text`, with
/// their byte offsets: each names a define (or a platform).
pub(crate) fn conditions(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for m in CONDITION.find_iter(text) {
        let rest = &text[m.end()..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let rest = &rest[..line_end];
        let lead = rest.len() - rest.trim_start().len();
        let body = &rest[lead..];
        // `(…)` up to its matching parenthesis, else one `!`-prefixed token.
        let cond_len = if body.starts_with('(') {
            let mut depth = 0usize;
            body.char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(body.len(), |(i, _)| i + 1)
        } else {
            body.find(|c: char| c.is_whitespace()).unwrap_or(body.len())
        };
        let cond = &body[..cond_len];
        let base = m.end() + lead;
        let mut in_string = false;
        let mut start: Option<usize> = None;
        let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<(String, usize)>| {
            if let Some(s) = start.take() {
                let word = cond[s..end].trim_end_matches('.');
                if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && !matches!(word, "true" | "false")
                {
                    out.push((word.to_string(), base + s));
                }
            }
        };
        for (i, c) in cond.char_indices() {
            if c == '"' || c == '\'' {
                in_string = !in_string;
                start = None;
                continue;
            }
            if in_string {
                continue;
            }
            if c.is_ascii_alphanumeric() || c == '_' || (c == '.' && start.is_some()) {
                if start.is_none() {
                    start = Some(i);
                }
            } else {
                flush(&mut start, i, &mut out);
            }
        }
        flush(&mut start, cond.len(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_resolve_by_file_then_owner() {
        let files = vec![
            (
                "src/a/Inv.hx".to_string(),
                "class Inv {\n public static inline final REPORT_DEFINE = \"c_inv_report\";\n}\nclass Side {\n static inline final REPORT_DEFINE = \"c_side_report\";\n}".to_string(),
            ),
            (
                "src/b/Other.hx".to_string(),
                "class Other {\n static inline final REPORT_DEFINE = 'c_other_report';\n}".to_string(),
            ),
            (
                "tools/x.ts".to_string(),
                "export const DATA_DEFINE = \"genes.tooling.data\";\nargs.push(\"-D\", `${DATA_DEFINE}=${p}`);".to_string(),
            ),
        ];
        let c = Constants::read(&files);
        assert_eq!(
            c.resolve("REPORT_DEFINE", 1).as_deref(),
            Some("c_other_report")
        );
        // Ambiguous across files: only a qualified name resolves.
        assert_eq!(c.resolve("REPORT_DEFINE", 2), None);
        assert_eq!(
            c.resolve("Inv.REPORT_DEFINE", 2).as_deref(),
            Some("c_inv_report")
        );
        assert_eq!(
            c.resolve("pack.Inv.REPORT_DEFINE", 2).as_deref(),
            Some("c_inv_report")
        );
        assert_eq!(c.resolve("context.REPORT_DEFINE", 0), None);
        assert_eq!(
            argument("'genes.ts'", 0, &c, false).as_deref(),
            Some("genes.ts")
        );
        assert_eq!(argument("other", 0, &c, false), None);
        assert_eq!(setters(&files[2].1, 2, &c), ["genes.tooling.data"]);
        assert_eq!(
            setters("Compiler.define(Inv.REPORT_DEFINE, \"1\");", 0, &c),
            ["c_inv_report"]
        );
    }

    #[test]
    fn condition_identifiers() {
        let names =
            |t: &str| -> Vec<String> { conditions(t).into_iter().map(|(n, _)| n).collect() };
        assert_eq!(
            names("#if (macro || reflaxe_runtime)\nx\n#end"),
            ["macro", "reflaxe_runtime"]
        );
        assert_eq!(names("#elseif !js_source_map foo"), ["js_source_map"]);
        assert_eq!(
            names("#if (target.name == \"js\" && (a.b || !c))"),
            ["target.name", "a.b", "c"]
        );
        assert_eq!(names("if(#if eval !x #else true #end)"), ["eval"]);
        assert_eq!(names("#if (haxe_ver >= 4.3)"), ["haxe_ver"]);
    }
}

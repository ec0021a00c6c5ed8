//! Writing what init inferred: `book.toml` and the manifest are laid out by
//! templates (`templates/init/`), so their shape reads as the file it writes;
//! the scalars go through the encoders below, which quote only when plain
//! text would be ambiguous (property-tested to round-trip through the YAML
//! and TOML parsers docket reads them with). Any rendering error is a docket
//! bug, reported as such before anything is written.

use std::sync::LazyLock;

use minijinja::Environment;
use minijinja::value::{Serde, Value};
use regex::Regex;
use serde::Serialize;

use super::facts::{DefineSources, Facts};
use super::manifest::Inferred;

/// `(name, source)` of init's templates.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "readiness.yaml",
        include_str!("../../../templates/init/readiness.yaml.jinja"),
    ),
    (
        "book.toml",
        include_str!("../../../templates/init/book.toml.jinja"),
    ),
];

/// The manifest's text.
pub(super) fn manifest(inferred: &Inferred) -> Result<String, String> {
    render("readiness.yaml", Value::from(Serde(inferred)))
}

/// What `book.toml`'s template reads.
#[derive(Serialize)]
struct BookToml<'a> {
    title: &'a str,
    title_from: &'a str,
    src: &'a str,
    manifest: &'a str,
    package_json: bool,
    makefile: Option<&'a str>,
    tracker: Option<&'a str>,
    defines: Option<&'a DefineSources>,
    prefixes: &'a [String],
}

/// `book.toml`'s text.
pub(super) fn book_toml(
    title: &(String, String),
    docs_root: &str,
    manifest: &str,
    facts: &Facts,
    prefixes: &[String],
) -> Result<String, String> {
    let ctx = BookToml {
        title: &title.0,
        title_from: &title.1,
        src: docs_root,
        manifest,
        package_json: facts.package.is_some(),
        makefile: facts.makefile.as_deref(),
        tracker: facts.tracker.as_ref().map(|(rel, _)| rel.as_str()),
        defines: facts.defines.as_ref(),
        prefixes,
    };
    render("book.toml", Value::from(Serde(&ctx)))
}

fn render(name: &str, ctx: Value) -> Result<String, String> {
    let env = environment().map_err(|e| e.to_string())?;
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| format!("template {name}: {e}"))
}

/// Templates with block tags on lines of their own (`trim_blocks`,
/// `lstrip_blocks`), no escaping (the filters quote), and the encoders as
/// filters. An undefined name is an error, not an empty string.
fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("yaml", |s: String| yaml_str(&s));
    env.add_filter("yaml_list", |v: Vec<String>| yaml_list(&v));
    env.add_filter("comment", |s: String| comment(&s));
    // The text of a comment on a line of its own (`  # from …`).
    env.add_filter("comment_text", |s: String| {
        comment(&s)
            .trim_start()
            .trim_start_matches("# ")
            .to_string()
    });
    env.add_filter("toml", |s: String| toml_str(&s));
    env.add_filter("toml_list", |v: Vec<String>| toml_list(&v));
    env.add_filter("one_line", |s: String| s.replace(['\n', '\r'], " "));
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// A YAML comment: `# from …`, on one line, printable.
fn comment(from: &str) -> String {
    let text: String = from
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || !yaml_printable(c) {
                '?'
            } else {
                c
            }
        })
        .collect();
    if text.starts_with("from ") || text.starts_with("no ") {
        format!("  # {text}")
    } else {
        format!("  # from {text}")
    }
}

fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// A YAML scalar for `s`: plain when that is unambiguous, else double-quoted.
pub fn yaml_str(s: &str) -> String {
    static PLAIN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_./-]*$").expect("static regex"));
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    if PLAIN.is_match(s) && !RESERVED.contains(&s.to_lowercase().as_str()) {
        return s.to_string();
    }
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if yaml_printable(c) => o.push(c),
            c => {
                let n = c as u32;
                if n <= 0xFF {
                    o.push_str(&format!("\\x{n:02X}"));
                } else if n <= 0xFFFF {
                    o.push_str(&format!("\\u{n:04X}"));
                } else {
                    o.push_str(&format!("\\U{n:08X}"));
                }
            }
        }
    }
    o.push('"');
    o
}

/// A YAML flow sequence of [`yaml_str`] scalars.
fn yaml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| yaml_str(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A TOML array of [`toml_str`] strings.
fn toml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| toml_str(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yaml_value(text: &str) -> serde_json::Value {
        serde_saphyr::from_str::<serde_json::Value>(text).expect("valid YAML")
    }

    #[test]
    fn plain_yaml_only_when_unambiguous() {
        assert_eq!(yaml_str("rust_output"), "rust_output");
        assert_eq!(yaml_str("guides/setup.md"), "guides/setup.md");
        assert_eq!(yaml_str("no"), "\"no\"");
        assert_eq!(yaml_str("1.0"), "\"1.0\"");
        assert_eq!(yaml_str("a: b # c"), "\"a: b # c\"");
    }

    proptest! {
        #[test]
        fn yaml_strings_round_trip(s in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{10ffff}]{0,12}") {
            let text = format!("k: {}{}\n", yaml_str(&s), comment(&s));
            let v = yaml_value(&text);
            prop_assert_eq!(v["k"].as_str(), Some(s.as_str()), "{}", text);
        }

        #[test]
        fn toml_strings_round_trip(s in "[\\x00-\\x7f\\u{80}-\\u{10ffff}]{0,16}") {
            let text = format!("k = {}\nl = {}\n", toml_str(&s), toml_list(std::slice::from_ref(&s)));
            let v: toml::Table = toml::from_str(&text).expect("valid TOML");
            prop_assert_eq!(v["k"].as_str(), Some(s.as_str()));
        }
    }
}

//! `docket mdbook`: mdBook's preprocessor protocol, so an mdBook build refreshes
//! GENERATED blocks and (when configured) fails on error-severity drift.
//!
//! mdBook runs `<command> supports <renderer>` (exit 0 = yes), then `<command>`
//! with `[context, book]` as JSON on stdin, and reads the book back from stdout.
//! The book's shape differs between mdBook 0.4 (`sections`) and 0.5 (`items`),
//! so chapters are found by walking the JSON generically: any object with a
//! string `content` and a `path` or `source_path` is a chapter. Everything else
//! passes through untouched.

use std::path::PathBuf;

use serde_json::Value;

use crate::check::blocks;
use crate::check::project::Project;
use crate::core::catalog::Severity;

/// Why the preprocessor failed; mdBook shows stderr and stops the build.
#[derive(Debug, thiserror::Error)]
pub enum MdbookError {
    /// stdin was not `[context, book]`.
    #[error(
        "mdBook sent input docket cannot read ({0}); docket speaks the protocol of mdBook 0.4 and 0.5"
    )]
    Input(String),
    /// The book could not be loaded or its blocks planned.
    #[error("{0}")]
    Load(String),
    /// Error-severity drift with `fail-on-drift = true`.
    #[error("docket found error-severity drift (fail-on-drift = true):\n{0}")]
    Drift(String),
}

/// Whether docket supports `renderer`: all of them, since it only edits Markdown.
pub fn supports(_renderer: &str) -> bool {
    true
}

/// Refresh the blocks of every chapter in `v`, recursively; `refresh` gets
/// the chapter's path (source-relative, as mdBook gives it) for its messages.
fn process(
    v: &mut Value,
    refresh: &dyn Fn(&str, &str) -> Result<String, String>,
) -> Result<(), String> {
    match v {
        Value::Object(map) => {
            let is_chapter = map.get("content").is_some_and(Value::is_string)
                && (map.get("source_path").is_some() || map.get("path").is_some());
            let path = ["source_path", "path"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str))
                .unwrap_or("(a chapter without a path)")
                .to_string();
            if is_chapter && let Some(Value::String(content)) = map.get_mut("content") {
                *content = refresh(&path, content)?;
            }
            for (_, child) in map.iter_mut() {
                process(child, refresh)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                process(item, refresh)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Run the preprocessor on mdBook's `[context, book]` JSON; returns the book JSON.
/// `today` decides which allowances have lapsed.
pub fn run(input: &str, today: &str) -> Result<String, MdbookError> {
    let parsed: Value =
        serde_json::from_str(input).map_err(|e| MdbookError::Input(e.to_string()))?;
    let Value::Array(mut pair) = parsed else {
        return Err(MdbookError::Input(
            "expected a JSON array `[context, book]`".into(),
        ));
    };
    if pair.len() != 2 {
        return Err(MdbookError::Input(format!(
            "expected 2 elements, got {}",
            pair.len()
        )));
    }
    let mut book = pair.pop().unwrap_or(Value::Null);
    let context = pair.pop().unwrap_or(Value::Null);
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .ok_or_else(|| MdbookError::Input("the context has no `root`".into()))?;
    let fail_on_drift = context
        .pointer("/config/preprocessor/docket/fail-on-drift")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (project, warnings) =
        Project::load_opts(&root, false, &crate::input::preprocess::Policy::never())
            .map_err(|e| MdbookError::Load(e.to_string()))?;
    for w in warnings {
        eprintln!("{w}");
    }
    let plan = blocks::plan(&project).map_err(|e| MdbookError::Load(e.to_string()))?;
    if fail_on_drift {
        let result = crate::check::rules::check(&project, &plan, today);
        if result
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
        {
            let ctx = crate::output::report::Context {
                pages: project.docs.len(),
                sources: project.sources_for(result.findings.iter().map(|f| f.path.as_str())),
                ..Default::default()
            };
            return Err(MdbookError::Drift(crate::output::report::render(
                crate::output::report::Format::Short,
                &result,
                &ctx,
            )));
        }
    }
    // Errors name the chapter as the book's reports do (root-relative).
    let refresh = |path: &str, text: &str| {
        blocks::refresh(&project, &project.src_rel(path), text).map_err(|e| e.to_string())
    };
    process(&mut book, &refresh).map_err(MdbookError::Load)?;
    serde_json::to_string(&book).map_err(|e| MdbookError::Input(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_chapters_in_both_shapes() {
        let mut v: Value = serde_json::json!({
            "sections": [{"Chapter": {"name": "A", "content": "a", "path": "a.md", "sub_items": [
                {"Chapter": {"name": "B", "content": "b", "source_path": "b.md", "sub_items": []}}
            ]}}, "Separator", {"PartTitle": "P"}],
            "items": [{"Chapter": {"name": "C", "content": "c", "path": "c.md"}}]
        });
        process(&mut v, &|_: &str, t: &str| Ok(t.to_uppercase())).expect("walks");
        assert_eq!(v["sections"][0]["Chapter"]["content"], "A");
        assert_eq!(
            v["sections"][0]["Chapter"]["sub_items"][0]["Chapter"]["content"],
            "B"
        );
        assert_eq!(v["items"][0]["Chapter"]["content"], "C");
        assert_eq!(v["sections"][1], "Separator");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for input in ["", "{}", "[1]", "[{}, {}]", "[{\"root\": 3}, {}]"] {
            assert!(run(input, "2026-01-01").is_err(), "{input}");
        }
    }
}

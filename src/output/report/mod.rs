//! Stage: findings to text for people and machines.
//!
//! Only this module knows report shapes: one [`Format`], one module per format,
//! one [`render`] match. Every format sees findings already sorted, carries no
//! times or absolute paths, and so is byte-identical across runs.

mod excerpt;
mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;

use std::collections::BTreeMap;

use crate::check::rules::{CheckResult, Finding};
use crate::core::catalog::Severity;

pub use excerpt::terminal_safe;
pub use github::Github;

/// The JSON report's schema (`schemas/drift-report.schema.json`).
pub const REPORT_SCHEMA: &str = include_str!("../../../schemas/drift-report.schema.json");

/// Report formats for `docket check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-like, grouped by file: the source line, carets under the claim,
    /// the truth and the fix, then findings per rule.
    Human,
    /// One line per finding: `path:line:col: rule-id: message [severity]`.
    Short,
    /// Versioned JSON, described by `schemas/drift-report.schema.json`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML: one test case per file and rule found there.
    Junit,
    /// GitHub Actions workflow commands (annotations) and a step summary.
    Github,
    /// A Markdown summary for a pull-request comment.
    Markdown,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Markdown,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Short => "short",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Markdown => "markdown",
        }
    }

    /// One line for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Format::Human => "rustc-like, grouped by file, with a summary per rule",
            Format::Short => "one line per finding: path:line:col: rule: message [severity]",
            Format::Json => "versioned JSON (docket schema report)",
            Format::Sarif => "SARIF 2.1.0, for GitHub code scanning",
            Format::Junit => "JUnit XML: a test case per file and rule",
            Format::Github => "GitHub Actions annotations and a step summary",
            Format::Markdown => "a Markdown table for a pull-request comment",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What formats need besides the findings.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Pages checked.
    pub pages: usize,
    /// Source text by root-relative path, for snippets.
    pub sources: BTreeMap<String, String>,
    /// Files checked (pages, SUMMARY, manifest), root-relative, for JUnit.
    pub files: Vec<String>,
    /// ANSI colour in the human format.
    pub color: bool,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Error-severity findings.
    pub errors: usize,
    /// Warning-severity findings.
    pub warnings: usize,
}

/// Count findings by severity.
pub fn tally(findings: &[Finding]) -> Tally {
    let mut t = Tally::default();
    for f in findings {
        match f.severity {
            Severity::Error => t.errors += 1,
            Severity::Warn => t.warnings += 1,
            Severity::Off => {}
        }
    }
    t
}

/// `1 page`, `2 pages`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line drift summary `build` and `check` print.
pub fn summary_line(result: &CheckResult, pages: usize) -> String {
    let t = tally(&result.findings);
    let what = if t.errors == 0 && t.warnings == 0 {
        "no drift".to_string()
    } else {
        format!(
            "{}, {}",
            plural(t.errors, "error", "errors"),
            plural(t.warnings, "warning", "warnings")
        )
    };
    let allowed = if result.allowed.is_empty() {
        String::new()
    } else {
        format!(" ({} allowed in place)", result.allowed.len())
    };
    format!(
        "docket: {what} in {}{allowed}",
        plural(pages, "page", "pages")
    )
}

/// Render `result` in `format`. The GitHub format's step summary is returned
/// separately by [`github::render`]; here it is omitted.
pub fn render(format: Format, result: &CheckResult, ctx: &Context) -> String {
    match format {
        Format::Human => human::render(result, ctx),
        Format::Short => human::short(result, ctx),
        Format::Json => json::render(result, ctx),
        Format::Sarif => sarif::render(result, ctx),
        Format::Junit => junit::render(result, ctx),
        Format::Github => github::render(result, ctx).annotations,
        Format::Markdown => markdown::render(result, ctx),
    }
}

/// The Markdown for `$GITHUB_STEP_SUMMARY` that goes with the GitHub format.
pub fn github_summary(result: &CheckResult, ctx: &Context) -> String {
    github::render(result, ctx).summary
}

//! JSON: versioned, described by `schemas/drift-report.schema.json`.

use serde::Serialize;

use super::{Context, tally};
use crate::check::rules::{Allowed, CheckResult, Finding, SetAside};

/// The report's format version; bump on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: &'a [Finding],
    allowed: &'a [Allowed],
    /// What the pages' wording set aside (a planned file, a user's project),
    /// with the mode and the words that set it.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    set_aside: &'a [SetAside],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    pages: usize,
    errors: usize,
    warnings: usize,
    allowed: usize,
}

/// Pretty JSON with a trailing newline.
pub fn render(result: &CheckResult, ctx: &Context) -> String {
    let t = tally(&result.findings);
    let report = Report {
        version: VERSION,
        tool: Tool {
            name: "docket",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            pages: ctx.pages,
            errors: t.errors,
            warnings: t.warnings,
            allowed: result.allowed.len(),
        },
        findings: &result.findings,
        allowed: &result.allowed,
        set_aside: &result.set_aside,
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

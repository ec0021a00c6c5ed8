//! A Markdown summary for a pull-request comment or a job summary.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Context, summary_line, tally};
use crate::check::rules::{CheckResult, Proof};
use crate::core::catalog::Severity;

/// Trusted text (docket's own) in a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Text from the docs in a table cell: one code span whose fence is longer than
/// any run of backticks inside, so nothing in it ends the span, makes a link or
/// HTML; control characters written as escapes (`\u{1b}`).
pub(super) fn code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let flat = s.replace(['\n', '\r'], " ");
    let text = super::terminal_safe(&flat).replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space inside the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') || longest > 0 {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The comment.
pub fn render(res: &CheckResult, ctx: &Context) -> String {
    let t = tally(&res.findings);
    let mut out = String::from("## docket drift report\n\n");
    let icon = if t.errors > 0 {
        "❌"
    } else if t.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(
        out,
        "{icon} {}\n",
        summary_line(res, ctx.pages).trim_start_matches("docket: ")
    );
    if res.findings.is_empty() && res.allowed.is_empty() {
        return out;
    }
    if !res.findings.is_empty() {
        out.push_str("| | Where | Rule | What the doc says | What is true | Evidence | Fix |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        // A rule's fix is the same for all its findings: said once per file.
        let mut fixed: BTreeSet<(&str, &str)> = BTreeSet::new();
        for f in &res.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warn | Severity::Off => "warning",
            };
            let fix = if fixed.insert((f.path.as_str(), f.rule)) {
                cell(&f.fix)
            } else {
                "as above".to_string()
            };
            let _ = writeln!(
                out,
                "| {sev} | {} | `{}` | {} | {} | {} | {fix} |",
                code(&format!("{}:{}:{}", f.path, f.line, f.col)),
                f.rule,
                code(&f.message),
                code(f.truth.as_deref().unwrap_or("")),
                code(
                    &f.evidence
                        .as_ref()
                        .map_or_else(|| "none".to_string(), Proof::describe)
                )
            );
        }
    }
    if !res.allowed.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} finding(s) allowed in place</summary>\n",
            res.allowed.len()
        );
        out.push_str("| Where | Rule | Reason |\n| --- | --- | --- |\n");
        for a in &res.allowed {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} |",
                code(&format!("{}:{}", a.finding.path, a.finding.line)),
                a.finding.rule,
                code(&a.reason)
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}

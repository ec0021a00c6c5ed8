//! Stage 6: findings to text for people and machines.
//!
//! Only this module knows report shapes. The human format is one line per
//! finding, `path:line:col: rule-id: message`, the form editors and CI logs
//! already link, followed by a one-line summary.

use std::fmt::Write as _;

use crate::catalog::Severity;
use crate::rules::Finding;

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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line drift summary `build` and `check` print.
pub fn summary_line(findings: &[Finding], pages: usize) -> String {
    let t = tally(findings);
    let what = if t.errors == 0 && t.warnings == 0 {
        "no drift".to_string()
    } else {
        format!(
            "{}, {}",
            plural(t.errors, "error", "errors"),
            plural(t.warnings, "warning", "warnings")
        )
    };
    format!("docket: {what} in {}", plural(pages, "page", "pages"))
}

/// The human report: one line per finding, then the summary.
pub fn human(findings: &[Finding], pages: usize) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            f.path,
            f.line,
            f.col,
            f.rule,
            f.message,
            f.severity.as_str()
        );
        if !f.fix.is_empty() {
            let _ = writeln!(out, "  = fix: {}", f.fix);
        }
        if let Some(detail) = &f.detail {
            for line in detail.lines() {
                let _ = writeln!(out, "  | {line}");
            }
        }
    }
    let _ = writeln!(out, "{}", summary_line(findings, pages));
    out
}

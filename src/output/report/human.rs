//! The human formats: rustc-like with snippets, and one line per finding.

use std::fmt::Write as _;

use super::{Context, summary_line};
use crate::check::rules::{CheckResult, Finding};
use crate::core::catalog::Severity;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn label(f: &Finding, p: &Paint) -> String {
    match f.severity {
        Severity::Error => p.wrap("1;31", "error"),
        _ => p.wrap("1;33", "warning"),
    }
}

/// Width of the claim under the caret: the token at the column, at least 1.
fn span_width(line: &str, col: usize) -> usize {
    let rest: String = line.chars().skip(col.saturating_sub(1)).collect();
    let n = rest
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() || (i > 0 && matches!(c, ',' | ';')))
        .map_or(rest.chars().count(), |(i, _)| rest[..i].chars().count());
    n.clamp(1, 60)
}

/// rustc-like: header, location, the source line with a caret, truth, fix, detail.
pub fn render(result: &CheckResult, ctx: &Context) -> String {
    let p = Paint(ctx.color);
    let mut out = String::new();
    for f in &result.findings {
        let _ = writeln!(
            out,
            "{}{}: {}",
            label(f, &p),
            p.wrap("1", &format!("[{}]", f.rule)),
            p.wrap("1", &f.message)
        );
        let gutter = f.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            p.wrap("1;34", "-->"),
            f.path,
            f.line,
            f.col
        );
        if let Some(src) = ctx.sources.get(&f.path) {
            let line = src.lines().nth(f.line.saturating_sub(1)).unwrap_or("");
            let line = line.trim_end_matches('\r');
            let bar = p.wrap("1;34", "|");
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {line}", p.wrap("1;34", &f.line.to_string()));
            let indent: String = line
                .chars()
                .take(f.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let carets = "^".repeat(span_width(line, f.col));
            let color = if f.severity == Severity::Error {
                "1;31"
            } else {
                "1;33"
            };
            let _ = writeln!(out, "{pad} {bar} {indent}{}", p.wrap(color, &carets));
        }
        if let Some(t) = &f.truth {
            let _ = writeln!(out, "{pad} = {}: {t}", p.wrap("1", "truth"));
        }
        if !f.fix.is_empty() {
            let _ = writeln!(out, "{pad} = {}: {}", p.wrap("1", "fix"), f.fix);
        }
        if let Some(d) = &f.detail {
            for l in d.lines() {
                let _ = writeln!(out, "{pad} | {l}");
            }
        }
        out.push('\n');
    }
    for a in &result.allowed {
        let f = &a.finding;
        let _ = writeln!(
            out,
            "allowed[{}]: {}:{}:{}: {} (by {}: {})",
            f.rule, f.path, f.line, f.col, f.message, a.allowance, a.reason
        );
    }
    let _ = writeln!(out, "{}", summary_line(result, ctx.pages));
    out
}

/// `path:line:col: rule-id: message [severity]`, one per line, then the summary.
pub fn short(result: &CheckResult, ctx: &Context) -> String {
    let mut out = String::new();
    for f in &result.findings {
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
    }
    let _ = writeln!(out, "{}", summary_line(result, ctx.pages));
    out
}

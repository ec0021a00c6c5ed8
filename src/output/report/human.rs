//! The human formats: rustc-like with snippets, grouped by file, and one line
//! per finding. Text from docs is escaped for the terminal (see
//! [`excerpt::terminal_safe`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::excerpt::{Lines, terminal_safe as safe};
use super::{Context, plural, summary_line, tally};
use crate::check::rules::{CheckResult, Finding, Proof, UNCONFIRMED};
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
        Severity::Warn | Severity::Off => p.wrap("1;33", "warning"),
    }
}

fn counts(findings: &[&Finding]) -> String {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    match (errors, warnings) {
        (e, 0) => plural(e, "error", "errors"),
        (0, w) => plural(w, "warning", "warnings"),
        (e, w) => format!(
            "{}, {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
    }
}

/// rustc-like, grouped by file: a heading per file, then each finding with its
/// location, the source line with carets under the claim, the truth, and the
/// fix (once per rule in a file), then the allowed findings, a table of
/// findings per rule, and the summary line.
pub fn render(result: &CheckResult, ctx: &Context) -> String {
    let p = Paint(ctx.color);
    let mut out = String::new();
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &result.findings {
        by_file.entry(f.path.as_str()).or_default().push(f);
    }
    for (path, findings) in &by_file {
        let _ = writeln!(
            out,
            "{} ({})\n",
            p.wrap("1;4", &safe(path)),
            counts(findings)
        );
        let mut lines = ctx.sources.get(*path).map(|s| Lines::new(s));
        let mut fixed: BTreeSet<&str> = BTreeSet::new();
        for f in findings {
            finding(&mut out, f, lines.as_mut(), fixed.insert(f.rule), &p);
        }
    }
    for a in &result.allowed {
        let f = &a.finding;
        let _ = writeln!(
            out,
            "allowed[{}]: {}:{}:{}: {} (by {}: {})",
            f.rule,
            safe(&f.path),
            f.line,
            f.col,
            safe(&f.message),
            safe(&a.allowance),
            safe(&a.reason)
        );
    }
    if !result.allowed.is_empty() {
        out.push('\n');
    }
    rule_table(&mut out, result);
    let _ = writeln!(out, "{}", summary_line(result, ctx.pages));
    out
}

/// One finding; `with_fix` is false when the file showed this rule's fix already.
fn finding(
    out: &mut String,
    f: &Finding,
    lines: Option<&mut Lines<'_>>,
    with_fix: bool,
    p: &Paint,
) {
    let _ = writeln!(
        out,
        "{}{}: {}",
        label(f, p),
        p.wrap("1", &format!("[{}]", f.rule)),
        p.wrap("1", &safe(&f.message))
    );
    let gutter = f.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        p.wrap("1;34", "-->"),
        safe(&f.path),
        f.line,
        f.col
    );
    if let Some(ex) = lines.and_then(|l| l.excerpt(f.line, f.col)) {
        let bar = p.wrap("1;34", "|");
        let color = match f.severity {
            Severity::Error => "1;31",
            Severity::Warn | Severity::Off => "1;33",
        };
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {}",
            p.wrap("1;34", &f.line.to_string()),
            ex.text
        );
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            ex.indent,
            p.wrap(color, &"^".repeat(ex.carets))
        );
    }
    if let Some(t) = &f.truth {
        let _ = writeln!(out, "{pad} = {}: {}", p.wrap("1", "truth"), safe(t));
    }
    let evidence = f
        .evidence
        .as_ref()
        .map_or_else(|| UNCONFIRMED.to_string(), Proof::describe);
    let _ = writeln!(
        out,
        "{pad} = {}: {}",
        p.wrap("1", "evidence"),
        safe(&evidence)
    );
    if with_fix && !f.fix.is_empty() {
        let _ = writeln!(out, "{pad} = {}: {}", p.wrap("1", "fix"), f.fix);
    }
    if let Some(d) = &f.detail {
        for l in d.lines() {
            let _ = writeln!(out, "{pad} | {}", safe(l));
        }
    }
    out.push('\n');
}

/// Findings per rule and severity: errors first, then the most frequent.
fn rule_table(out: &mut String, result: &CheckResult) {
    if result.findings.is_empty() {
        return;
    }
    let mut rows: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for f in &result.findings {
        *rows.entry((f.rule, f.severity)).or_default() += 1;
    }
    let mut rows: Vec<((&str, Severity), usize)> = rows.into_iter().collect();
    rows.sort_by(|((ra, sa), na), ((rb, sb), nb)| {
        (*sb == Severity::Error)
            .cmp(&(*sa == Severity::Error))
            .then(nb.cmp(na))
            .then(ra.cmp(rb))
    });
    let width = rows
        .iter()
        .map(|((r, _), _)| r.len())
        .max()
        .unwrap_or(0)
        .max("rule".len());
    let t = tally(&result.findings);
    let count_w = (t.errors + t.warnings).to_string().len().max("count".len());
    let _ = writeln!(out, "{:<width$}  {:>count_w$}  severity", "rule", "count");
    for ((rule, severity), n) in rows {
        let _ = writeln!(out, "{rule:<width$}  {n:>count_w$}  {}", severity.as_str());
    }
    out.push('\n');
}

/// `path:line:col: rule-id: message [severity]`, one per line, then the summary.
pub fn short(result: &CheckResult, ctx: &Context) -> String {
    let mut out = String::new();
    for f in &result.findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} (evidence: {}) [{}]",
            safe(&f.path),
            f.line,
            f.col,
            f.rule,
            safe(&f.message),
            f.evidence.as_ref().map_or("none", |e| e.kind.name()),
            f.severity.as_str()
        );
    }
    let _ = writeln!(out, "{}", summary_line(result, ctx.pages));
    out
}

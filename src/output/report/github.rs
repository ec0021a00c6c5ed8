//! GitHub Actions: workflow-command annotations within GitHub's limits (10 of
//! each level per step: the most severe first, the rest summarised in one
//! notice) and a Markdown table for `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;

use super::{Context, markdown, terminal_safe as safe};
use crate::check::rules::{CheckResult, Proof, UNCONFIRMED};
use crate::core::catalog::Severity;

/// GitHub shows at most this many annotations of each level per step.
pub const LIMIT: usize = 10;

/// Annotations for stdout and the step summary.
#[derive(Debug, Clone)]
pub struct Github {
    /// Workflow commands.
    pub annotations: String,
    /// Markdown for `$GITHUB_STEP_SUMMARY`.
    pub summary: String,
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Render both parts.
pub fn render(res: &CheckResult, ctx: &Context) -> Github {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0usize, 0usize);
    let (mut skipped_e, mut skipped_w) = (0usize, 0usize);
    // Errors first, then warnings: the most severe get the annotation slots.
    let mut ordered: Vec<_> = res.findings.iter().collect();
    ordered.sort_by_key(|f| f.severity != Severity::Error);
    for f in ordered {
        let (cmd, n, skipped) = match f.severity {
            Severity::Error => ("error", &mut errors, &mut skipped_e),
            Severity::Warn | Severity::Off => ("warning", &mut warnings, &mut skipped_w),
        };
        if *n >= LIMIT {
            *skipped += 1;
            continue;
        }
        *n += 1;
        // Doc text is escaped before the lines are joined: the runner prints
        // annotations to a log that a terminal may show.
        let mut msg = safe(&f.message).into_owned();
        if let Some(t) = &f.truth {
            let _ = write!(msg, "\nTruth: {}", safe(t));
        }
        let evidence = f
            .evidence
            .as_ref()
            .map_or_else(|| UNCONFIRMED.to_string(), Proof::describe);
        let _ = write!(msg, "\nEvidence: {}", safe(&evidence));
        let _ = write!(msg, "\nFix: {}", f.fix);
        let _ = writeln!(
            out,
            "::{cmd} file={},line={},col={},title={}::{}",
            prop(&safe(&f.path)),
            f.line,
            f.col,
            prop(&format!("docket {}", f.rule)),
            data(&msg)
        );
    }
    if skipped_e + skipped_w > 0 {
        let _ = writeln!(
            out,
            "::notice title=docket::{} more errors and {} more warnings are not annotated (GitHub shows {LIMIT} of each per step); see the job summary",
            skipped_e, skipped_w
        );
    }
    let _ = writeln!(out, "{}", super::summary_line(res, ctx.pages));
    Github {
        annotations: out,
        summary: markdown::render(res, ctx),
    }
}

//! Stage: the release-gate closeout evidence block, prefilled from the manifest
//! and the current check result. Commands docket cannot run itself are listed
//! for the reviewer to record; docket's own check result is filled in.

use minijinja::Environment;
use serde::Serialize;

use crate::check::project::Project;
use crate::check::rules::Finding;
use crate::core::catalog::Severity;
use crate::input::manifest::GateState;

#[derive(Serialize)]
struct Evidence {
    release_line: String,
    date: String,
    gate_state: &'static str,
    checklist: String,
    commands: Vec<String>,
    docket_result: String,
    docs: Vec<String>,
    risks: Vec<String>,
    decision: &'static str,
}

/// Render the evidence block, or explain why it cannot be (no manifest).
pub fn render(project: &Project, findings: &[Finding]) -> Result<String, String> {
    let Some(m) = &project.manifest else {
        return Err("closeout needs a readiness manifest; set `manifest` under [preprocessor.docket] in book.toml".into());
    };
    let m_ = &m.manifest;
    let gate = m_.release.gate.as_ref();
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &errors {
        *by_rule.entry(f.rule).or_default() += 1;
    }
    let mut risks: Vec<String> = m_
        .risks
        .iter()
        .filter(|r| r.status != "mitigated")
        .map(|r| {
            format!(
                "{} ({}{})",
                r.summary,
                r.status,
                r.severity
                    .as_ref()
                    .map(|s| format!(", {s}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    risks.extend(
        by_rule
            .iter()
            .map(|(rule, n)| format!("docs drift: {n} open `{rule}` finding(s) from docket check")),
    );
    let closed = gate.is_some_and(|g| g.state == GateState::Closed);
    let ctx = Evidence {
        release_line: m_.release.line.clone().unwrap_or_else(|| "Release".into()),
        date: m_.release.as_of.clone(),
        gate_state: if closed { "CLOSED" } else { "IN_PROGRESS" },
        checklist: gate.and_then(|g| g.checks).map_or_else(
            || "no checklist in the manifest".into(),
            |c| format!("{}/{} closed", c.closed, c.total),
        ),
        commands: m_
            .commands
            .iter()
            .filter(|c| c.validation)
            .map(|c| c.run.clone())
            .collect(),
        docket_result: if errors.is_empty() {
            "PASS".into()
        } else {
            format!("FAIL ({} errors)", errors.len())
        },
        docs: m_.docs.iter().map(|d| project.src_rel(&d.path)).collect(),
        risks,
        decision: if closed && errors.is_empty() {
            "YES"
        } else {
            "NO"
        },
    };
    let mut env = Environment::new();
    env.set_fuel(Some(crate::input::assets::TEMPLATE_FUEL));
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    let source = include_str!("../../templates/closeout.txt");
    env.add_template("closeout.txt", source)
        .map_err(|e| format!("closeout template: {e:#}"))?;
    let t = env
        .get_template("closeout.txt")
        .map_err(|e| e.to_string())?;
    t.render(minijinja::value::Serde(&ctx))
        .map_err(|e| format!("closeout template: {e:#}"))
}

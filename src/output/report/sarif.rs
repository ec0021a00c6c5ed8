//! SARIF 2.1.0 for GitHub code scanning: rule metadata with help, one result
//! per finding with a physical location, allowed findings as in-source
//! suppressions, and `partialFingerprints` that ignore line numbers so code
//! scanning tracks a finding while the lines around it move.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Context;
use crate::check::rules::{CheckResult, Finding, Proof, UNCONFIRMED};
use crate::core::catalog::{self, Severity};
use crate::core::text::fingerprint;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Off => "none",
    }
}

fn result(
    f: &Finding,
    index: &BTreeMap<&str, usize>,
    occurrence: usize,
    suppression: Option<&str>,
) -> Value {
    let mut text = f.message.clone();
    if let Some(t) = &f.truth {
        text.push_str(&format!(". Truth: {t}"));
    }
    let evidence = f
        .evidence
        .as_ref()
        .map_or_else(|| UNCONFIRMED.to_string(), Proof::describe);
    text.push_str(&format!(". Evidence: {evidence}"));
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": index.get(f.rule).copied().unwrap_or(0),
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": f.path, "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": f.line, "startColumn": f.col }
            }
        }],
        "properties": { "evidence": f.evidence },
        "partialFingerprints": {
            "docketFinding/v1": fingerprint(&[f.rule, &f.path, &f.message, &occurrence.to_string()])
        }
    });
    if let (Some(reason), Some(obj)) = (suppression, r.as_object_mut()) {
        obj.insert(
            "suppressions".into(),
            json!([{ "kind": "inSource", "justification": reason }]),
        );
    }
    r
}

/// The SARIF log, pretty-printed.
pub fn render(res: &CheckResult, _ctx: &Context) -> String {
    let rules = catalog::sorted();
    let index: BTreeMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let rule_meta: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": {
                    "text": format!("{}. Fix: {}", r.summary, r.fix),
                    "markdown": format!("**{}**: {}.\n\nFix: {}. Run `docket explain {}` for an example.", r.id, r.summary, r.fix, r.id)
                },
                "defaultConfiguration": { "level": level(r.default) }
            })
        })
        .collect();
    // Identical (rule, path, message) triples get distinct fingerprints by order.
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut occurrence = |f: &Finding| {
        let n = seen
            .entry((f.rule.to_string(), f.path.clone(), f.message.clone()))
            .or_insert(0);
        *n += 1;
        *n
    };
    let mut results: Vec<Value> = Vec::new();
    for f in &res.findings {
        let n = occurrence(f);
        results.push(result(f, &index, n, None));
    }
    for a in &res.allowed {
        let n = occurrence(&a.finding);
        results.push(result(&a.finding, &index, n, Some(&a.reason)));
    }
    // Set aside by the page's wording: suppressed results, with the mode and
    // the words that set it, so a misread mode can be seen and corrected.
    for a in &res.set_aside {
        let n = occurrence(&a.finding);
        let mut r = result(&a.finding, &index, n, None);
        if let Some(obj) = r.as_object_mut() {
            obj.insert(
                "suppressions".into(),
                json!([{ "kind": "external", "justification": format!("read as {}", a.describe()) }]),
            );
            obj.insert(
                "properties".into(),
                json!({ "mode": a.mode, "evidence": a.evidence }),
            );
        }
        results.push(r);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "docket",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/fullofcaffeine/reflaxe.rust",
                    "rules": rule_meta
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

//! `docket explain [RULE]`: one rule in full, or every rule in a line.

use std::fmt::Write as _;

use super::{Outcome, did_you_mean};
use crate::core::catalog;

/// Explain `rule`, or list every rule when it is `None`.
pub fn run(rule: Option<&str>) -> anyhow::Result<Outcome> {
    let Some(id) = rule else {
        return Ok(Outcome::text(list()));
    };
    match catalog::explain(id) {
        Some(text) => Ok(Outcome::text(text)),
        None => {
            let hint = did_you_mean(id, catalog::sorted().iter().map(|r| r.id))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            anyhow::bail!("unknown rule `{id}`; {hint}`docket explain` lists every rule")
        }
    }
}

/// Every rule id with its default severity and summary.
pub fn list() -> String {
    let mut text = String::new();
    for r in catalog::sorted() {
        let _ = writeln!(text, "{:<22} {:<8} {}", r.id, r.default.as_str(), r.summary);
    }
    text
}

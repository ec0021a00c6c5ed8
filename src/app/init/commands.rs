//! The commands: what the docs tell readers to run, kept when the repository
//! can run it.

use serde::Serialize;

use super::facts::Facts;
use super::{Found, ParsedPage, found};
use crate::markdown::claims::Claim;

/// One entry of `commands`.
#[derive(Serialize)]
pub(super) struct CommandOut {
    pub(super) run: Found<String>,
    pub(super) summary: String,
}

/// Commands the docs tell readers to run that the repository can run: npm
/// scripts package.json has, and scripts at a path in the tree.
pub(super) fn infer_commands(docs: &[ParsedPage], facts: &Facts) -> Vec<CommandOut> {
    let mut out: Vec<CommandOut> = Vec::new();
    let Some(pkg) = &facts.package else {
        return out;
    };
    for d in docs {
        for c in &d.doc.claims {
            let Claim::Command {
                text,
                family,
                cwd: None,
            } = &c.claim
            else {
                continue;
            };
            let words: Vec<&str> = text.split_whitespace().collect();
            let entry = match family.as_str() {
                "npm" => {
                    let (script, run) = match words.get(1).copied() {
                        Some("run" | "run-script") => {
                            match words.iter().skip(2).find(|w| !w.starts_with('-')) {
                                Some(s) => (s.to_string(), format!("npm run {s}")),
                                None => continue,
                            }
                        }
                        Some(w @ ("test" | "start" | "stop" | "restart")) => {
                            (w.to_string(), format!("npm {w}"))
                        }
                        _ => continue,
                    };
                    let Some(body) = pkg.scripts.get(&script) else {
                        continue;
                    };
                    let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
                    let short: String = body.chars().take(100).collect();
                    let more = if short.len() < body.len() { "…" } else { "" };
                    let summary = if short.is_empty() {
                        format!("The package.json script `{script}`.")
                    } else {
                        format!("Runs {short}{more} (package.json script `{script}`).")
                    };
                    (run, summary)
                }
                "bash" | "sh" => {
                    let Some(script) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
                        continue;
                    };
                    if !script.contains('/')
                        || script.starts_with('/')
                        || script.contains("..")
                        || script.starts_with('$')
                    {
                        continue;
                    }
                    if !facts.root.join(script).is_file() {
                        continue;
                    }
                    (format!("{family} {script}"), format!("Runs {script}."))
                }
                _ => continue,
            };
            if out.iter().any(|o| o.run.value == entry.0) {
                continue;
            }
            out.push(CommandOut {
                run: found(entry.0, d.at(c.offset)),
                summary: entry.1,
            });
        }
    }
    out
}

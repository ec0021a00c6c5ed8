//! JUnit XML: one test case per file and rule found in it, failing when the
//! rule has error-severity findings there (warnings go to its system-out), and
//! one passing case for each file checked without findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Context;
use crate::check::rules::{CheckResult, Finding, Proof, UNCONFIRMED};
use crate::core::catalog::{self, Severity};

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Control characters (a raw CR is lost to XML's line-end
            // normalisation; others XML 1.0 cannot carry) as visible escapes.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {
                o.push_str(&super::terminal_safe(c.encode_utf8(&mut [0; 4])));
            }
            c => o.push(c),
        }
    }
    o
}

/// The name of a file's one case when nothing was found in it.
const CLEAN: &str = "no drift";

/// The XML document.
pub fn render(res: &CheckResult, ctx: &Context) -> String {
    let mut by: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for f in &res.findings {
        by.entry((f.path.as_str(), f.rule)).or_default().push(f);
    }
    let mut files: Vec<&str> = ctx.files.iter().map(String::as_str).collect();
    files.extend(res.findings.iter().map(|f| f.path.as_str()));
    files.sort_unstable();
    files.dedup();
    let mut cases = String::new();
    let (mut tests, mut failures) = (0, 0);
    for file in &files {
        let mut rules = by
            .range((*file, "")..)
            .take_while(|((f, _), _)| f == file)
            .peekable();
        if rules.peek().is_none() {
            tests += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"{CLEAN}\"/>",
                esc(file)
            );
            continue;
        }
        for ((_, rule), found) in rules {
            tests += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\">",
                esc(file),
                esc(rule)
            );
            let lines: Vec<String> = found
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}: {}{} (evidence: {})",
                        f.path,
                        f.line,
                        f.col,
                        f.message,
                        f.truth
                            .as_ref()
                            .map(|t| format!(" (truth: {t})"))
                            .unwrap_or_default(),
                        f.evidence
                            .as_ref()
                            .map_or_else(|| UNCONFIRMED.to_string(), Proof::describe)
                    )
                })
                .collect();
            let errors = found
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            if errors == 0 {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    esc(&lines.join("\n"))
                );
            } else {
                failures += 1;
                let fix = catalog::rule(rule).map_or("", |r| r.fix);
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    esc(&format!("{errors} finding(s) of {rule}")),
                    esc(rule),
                    esc(&format!("{}\nfix: {fix}", lines.join("\n")))
                );
            }
            cases.push_str("    </testcase>\n");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"docket\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"docket check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

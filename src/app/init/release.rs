//! The release: its line, its posture, and its as-of date.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::facts::Facts;
use super::{Found, ParsedPage, found};
use crate::markdown::claims::Claim;

/// Release line named by a page that is not released yet: "toward 1.0", "Road to 1.0".
static LINE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:toward|towards|road to|before|ahead of|for)\s+v?(\d+\.\d+(?:\.\d+)?)\b")
        .expect("static regex")
});
pub(super) static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\.(\d+)").expect("static regex"));

fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|x| x.parse().unwrap_or(0)).collect()
}

/// The release line and posture: the newest line a page calls released, else
/// the line the docs work toward, else package.json's version.
pub(super) fn infer_release(
    docs: &[ParsedPage],
    facts: &Facts,
) -> (Found<String>, Found<&'static str>) {
    let released = docs
        .iter()
        .flat_map(|d| d.doc.claims.iter().map(move |c| (d, c)))
        .filter_map(|(d, c)| match &c.claim {
            Claim::Released { line, text } if VERSION.is_match(line) => {
                Some((line.clone(), text.clone(), d.at(c.offset)))
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::DefineDocumented { .. }
            | Claim::DefineMentioned { .. }
            | Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Remaining { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::GateState { .. }
            | Claim::Released { .. }
            | Claim::AsOf { .. }
            | Claim::ItemStatus { .. }
            | Claim::ModeComment { .. } => None,
        })
        .max_by(|a, b| version_key(&a.0).cmp(&version_key(&b.0)));
    if let Some((line, text, at)) = released {
        let why = format!("\"{text}\" at {at}");
        return (found(line, why.clone()), found("released", why));
    }
    let posture = found(
        "pre-release",
        "no page says a release is out (post-X, after X, X is released)",
    );
    // A line the docs work toward: the most frequent "toward 1.0" / "Road to 1.0".
    let mut tally: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for d in docs {
        for cap in LINE_HINT.captures_iter(&d.text) {
            let Some(v) = cap.get(1) else { continue };
            let e = tally.entry(v.as_str().to_string()).or_insert((
                0,
                format!(
                    "\"{}\" at {}",
                    cap.get(0).map_or("", |m| m.as_str()),
                    d.at(v.start())
                ),
            ));
            e.0 += 1;
        }
    }
    if let Some((v, (_, at))) = tally.iter().max_by(|a, b| a.1.0.cmp(&b.1.0)) {
        return (found(v.clone(), at.clone()), posture);
    }
    let pkg = facts
        .package
        .as_ref()
        .and_then(|p| p.version.clone())
        .map(|v| found(v, "package.json \"version\" (major.minor)"));
    (
        pkg.unwrap_or_else(|| found("1.0".to_string(), "no release line in the docs; set it")),
        posture,
    )
}

/// `release.as-of`: the newest as-of date the docs state, else today.
pub(super) fn infer_as_of(docs: &[ParsedPage], today: &str) -> Found<String> {
    docs.iter()
        .flat_map(|d| d.doc.claims.iter().map(move |c| (d, c)))
        .filter_map(|(d, c)| match &c.claim {
            Claim::AsOf { date, .. }
                if crate::input::manifest::parse_date(date).is_some() && date.len() == 10 =>
            {
                Some((date.clone(), d.at(c.offset)))
            }
            // Every other kind, by name, so a new kind has to be placed.
            Claim::DefineDocumented { .. }
            | Claim::DefineMentioned { .. }
            | Claim::ProfileMentioned { .. }
            | Claim::StatusRow { .. }
            | Claim::SupportRow { .. }
            | Claim::Count { .. }
            | Claim::Remaining { .. }
            | Claim::Percent { .. }
            | Claim::Command { .. }
            | Claim::RepoPath { .. }
            | Claim::GateState { .. }
            | Claim::Released { .. }
            | Claim::AsOf { .. }
            | Claim::ItemStatus { .. }
            | Claim::ModeComment { .. } => None,
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map_or_else(
            || found(today.to_string(), "no as-of date in the docs; today's date"),
            |(date, at)| found(date, format!("the newest as-of date in the docs, at {at}")),
        )
}

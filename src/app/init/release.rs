//! The release: its line, its posture, and its as-of date.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::facts::Facts;
use super::{Found, ParsedPage, found};
use crate::markdown::claims::Claim;

/// Release line named by a page that is not released yet: "toward 1.0", "Road to 1.0".
/// ("before 1.75" and "for 1.0" are left out: they date things as often as they aim.)
static LINE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:toward|towards|road to|path to|ahead of)\s+v?(\d+\.\d+(?:\.\d+)?)\b")
        .expect("static regex")
});
pub(super) static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\.(\d+)").expect("static regex"));

/// An explicit statement of where the project stands: "current posture is …",
/// "project stage: …" anywhere; a `Status:` line only on a start page.
static STATUS_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:current(?:ly)?\s+(?:release\s+)?(?:posture|status|stage|maturity|phase)|project\s+(?:status|stage|posture|maturity|phase))[*_]*\s*(?:is\b|:|=|\x{2014})")
        .expect("static regex")
});
static STATUS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[\s>*_-]*(?:status|stage|maturity|posture)[*_]*\s*:").expect("static regex")
});
/// `pre-1.0`: before that line.
static PRE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bpre-?v?(\d+\.\d+)\b").expect("static regex"));
/// A line or version in a status statement: `0.x`, `1.2`, `v2.0.1`.
static STATED_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bv?(\d+\.(?:\d+|x))(?:\.\d+)?\b").expect("static regex"));
static STAGE_PRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:alpha|beta|experimental|prototype|preview|pre-?release|unstable|incubat\w*|scaffold\w*|pre-?alpha|early access|not (?:yet )?released|unreleased)\b")
        .expect("static regex")
});
static STAGE_RC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:release candidate|rc\d*)\b").expect("static regex"));
static STAGE_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:stable|released|generally available|ga|production[- ]ready|in production)\b",
    )
    .expect("static regex")
});
/// Words of a sentence about a release still to come, or about the past of
/// something else: such a sentence never sets the release.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|would|should|shall|must|plan(?:s|ned)?|future|until|when|once|before|criteria|conditions?|require[sd]?|goal|target(?:s|ed)?|aim)\b")
        .expect("static regex")
});
/// A unit after a number: `after 684.4 ms` is a time, not a release.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:ms|s|sec|secs|seconds?|minutes?|mins?|hours?|h|%|x|kb|mb|gb|tb|kib|mib|gib|px|em|rem|fps|hz|khz|mhz|ghz|days?|weeks?|percent)\b")
        .expect("static regex")
});

fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|x| x.parse().unwrap_or(0)).collect()
}

/// The sentence around byte `at` of `text`: from the last `.`/`!`/`?`/blank
/// line before it to the next one after it.
pub(super) fn sentence_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let mut start = at;
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let from = before
        .rfind(". ")
        .map(|i| i + 2)
        .into_iter()
        .chain(before.rfind("\n\n").map(|i| i + 2))
        .chain(before.rfind(['!', '?']).map(|i| i + 1))
        .max()
        .unwrap_or(0);
    let after = &text[start..];
    let to = [
        after.find(". "),
        after.find(".\n"),
        after.find("\n\n"),
        after.find(['!', '?']),
    ]
    .into_iter()
    .flatten()
    .min()
    .map_or(text.len(), |i| start + i + 1);
    text.get(from..to.min(text.len())).unwrap_or("")
}

/// A status statement from byte `at`: to the end of its sentence, within its
/// paragraph or list item.
fn statement_at(text: &str, at: usize) -> &str {
    let Some(rest) = text.get(at..) else {
        return "";
    };
    let mut end = rest.len();
    let mut pos = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let t = line.trim_start();
        let new_block = t.is_empty()
            || t.starts_with(['-', '*', '|', '#', '>', '+'])
            || t.split_once(". ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
        if i > 0 && new_block {
            end = pos;
            break;
        }
        pos += line.len();
    }
    let para = &rest[..end];
    let stop = [para.find(". "), para.find(".\n")]
        .into_iter()
        .flatten()
        .min()
        .map_or(para.len(), |i| i + 1);
    &para[..stop]
}

/// What one explicit status statement says.
struct Stated {
    line: Option<String>,
    posture: Option<&'static str>,
    words: String,
    at: String,
}

/// Read a status statement's sentence: a `pre-X` line, a stage word, a version.
fn read_statement(sentence: &str, at: String) -> Option<Stated> {
    let words = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let pre = PRE_LINE
        .captures(sentence)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    let posture = if pre.is_some() || STAGE_PRE.is_match(sentence) {
        Some("pre-release")
    } else if STAGE_RC.is_match(sentence) {
        Some("release-candidate")
    } else if STAGE_OUT.is_match(sentence) {
        Some("released")
    } else {
        None
    };
    let line = pre.or_else(|| {
        STATED_LINE
            .captures(sentence)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_lowercase())
    });
    (posture.is_some() || line.is_some()).then_some(Stated {
        line,
        posture,
        words,
        at,
    })
}

/// The first explicit status statement: on any page ("current posture is …"),
/// or as a `Status:` line of a start page (the docs' index or README, the
/// repository's README).
fn stated(docs: &[ParsedPage], facts: &Facts) -> Option<Stated> {
    let is_start = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
        !path.contains('/') && (name == "readme.md" || name == "index.md")
    };
    let mut texts: Vec<(String, &str, bool, Option<&ParsedPage>)> = Vec::new();
    let readme = ["README.md", "readme.md", "Readme.md"]
        .iter()
        .find_map(|n| {
            super::read_in(&facts.root, &facts.root.join(n))
                .ok()
                .map(|t| (*n, t))
        });
    for d in docs {
        texts.push((d.shown.clone(), d.text.as_str(), is_start(&d.path), Some(d)));
    }
    if let Some((name, text)) = &readme {
        texts.push((name.to_string(), text.as_str(), true, None));
    }
    for (shown, text, start, page) in texts {
        let line_of = |off: usize| match page {
            Some(d) => d.line(off),
            None => text[..off.min(text.len())].matches('\n').count() + 1,
        };
        let mut hits: Vec<usize> = STATUS_ANYWHERE.find_iter(text).map(|m| m.start()).collect();
        if start {
            hits.extend(STATUS_LINE.find_iter(text).map(|m| m.start()));
        }
        hits.sort_unstable();
        for off in hits {
            let s = statement_at(text, off);
            if let Some(st) = read_statement(s, format!("{shown}:{}", line_of(off))) {
                return Some(st);
            }
        }
    }
    None
}

/// package.json's version when it is a release: `0.0.0` (with any suffix) is
/// the placeholder release tools stamp at publish time, and a private package
/// is never published. (line, posture, raw).
fn package_version(facts: &Facts) -> Option<(String, &'static str, String)> {
    let p = facts.package.as_ref()?;
    let raw = p.version_raw.clone()?;
    let line = p.version.clone()?;
    if raw.starts_with("0.0.0") || p.private {
        return None;
    }
    let suffix = raw.split_once('-').map(|(_, s)| s.to_lowercase());
    // Before 1.0, the line a project works toward is 1.0 (semver's "initial
    // development"), not the 0.x it publishes on the way.
    if line.starts_with("0.") {
        return Some(("1.0".to_string(), "pre-release", raw));
    }
    let posture = match suffix.as_deref() {
        Some(s) if s.starts_with("rc") => "release-candidate",
        Some(_) => "pre-release",
        None => "released",
    };
    Some((line, posture, raw))
}

/// Released mentions in passing ("post-1.0", "after 2.1", "2.1 is out"), with
/// the ones that are not about a release dropped: a number with a unit after
/// it, a sentence about a release still to come or about something's past.
fn released_mentions(docs: &[ParsedPage]) -> Vec<(String, String, String)> {
    docs.iter()
        .flat_map(|d| d.doc.claims.iter().map(move |c| (d, c)))
        .filter_map(|(d, c)| match &c.claim {
            Claim::Released { line, text, .. } if VERSION.is_match(line) => {
                let tail = d.text.get(c.offset..).unwrap_or("");
                let after = tail
                    .find(line.as_str())
                    .map_or("", |i| &tail[i + line.len()..]);
                let s = sentence_at(&d.text, c.offset);
                (!UNIT.is_match(after) && !FUTURE.is_match(s))
                    .then(|| (line.clone(), text.clone(), d.at(c.offset)))
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
            | Claim::LatestRelease { .. }
            | Claim::AsOf { .. }
            | Claim::LocalPath { .. }
            | Claim::ItemStatus { .. }
            | Claim::TrackerCount { .. }
            | Claim::ModeComment { .. } => None,
        })
        .collect()
}

/// The release line and posture, from the most authoritative statement: an
/// explicit status statement, then package.json's (real) version, then the
/// newest line a page calls released in passing, then the line the docs work
/// toward. A sentence about a future release never sets it, and when nothing
/// names a line none is invented: it is left unset, with a note.
pub(super) fn infer_release(
    docs: &[ParsedPage],
    facts: &Facts,
    notes: &mut Vec<String>,
) -> (Option<Found<String>>, Found<&'static str>) {
    let stated = stated(docs, facts);
    let pkg = package_version(facts);
    if pkg.is_none()
        && let Some(p) = facts.package.as_ref()
        && let Some(raw) = p.version_raw.as_ref()
    {
        let why = if p.private {
            "package.json is private (never published)"
        } else {
            "it is the placeholder release tools stamp at publish time"
        };
        notes.push(format!(
            "package.json's version `{raw}` is not used for the release line: {why}"
        ));
    }
    let mentions = released_mentions(docs);
    let newest = mentions
        .iter()
        .max_by(|a, b| version_key(&a.0).cmp(&version_key(&b.0)));
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
    let toward = tally
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0))
        .map(|(v, (_, at))| (v.clone(), at.clone()));

    let posture = match (&stated, &pkg, newest) {
        (
            Some(Stated {
                posture: Some(p),
                words,
                at,
                ..
            }),
            _,
            _,
        ) => found(
            *p,
            format!("the status statement \"{}\" at {at}", short(words)),
        ),
        (_, Some((_, p, raw)), _) => found(*p, format!("package.json \"version\" {raw}")),
        (_, None, Some((_, text, at))) => found("released", format!("\"{text}\" at {at}")),
        _ => found(
            "pre-release",
            "no page says a release is out (post-X, after X, X is released)",
        ),
    };
    let line = if let Some(Stated {
        line: Some(l),
        words,
        at,
        ..
    }) = &stated
    {
        found(
            l.clone(),
            format!("the status statement \"{}\" at {at}", short(words)),
        )
    } else if let Some((l, p, raw)) = &pkg {
        match toward
            .as_ref()
            .filter(|(v, _)| *p != "released" && version_key(v) > version_key(l))
        {
            Some((v, at)) => found(v.clone(), at.clone()),
            None if raw.starts_with("0.") => found(
                l.clone(),
                format!("package.json \"version\" {raw}: before 1.0"),
            ),
            None => found(
                l.clone(),
                format!("package.json \"version\" {raw} (major.minor)"),
            ),
        }
    } else if let Some((l, text, at)) = newest.filter(|_| posture.value == "released") {
        found(l.clone(), format!("\"{text}\" at {at}"))
    } else if let Some((v, at)) = toward {
        found(v, at)
    } else if let Some((l, text, at)) = newest {
        found(
            l.clone(),
            format!("the newest line the docs name, \"{text}\" at {at}"),
        )
    } else {
        notes.push("release line: none stated (no status statement, package.json version, released or \"toward X\" line in the docs); `release.line` is left unset: add it to the manifest once the docs name one".into());
        return (None, posture);
    };
    (Some(line), posture)
}

/// A statement cut to a comment's length.
fn short(words: &str) -> String {
    let cut: String = words.chars().take(100).collect();
    if cut.len() < words.len() {
        format!("{cut}…")
    } else {
        cut
    }
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
            | Claim::LatestRelease { .. }
            | Claim::AsOf { .. }
            | Claim::LocalPath { .. }
            | Claim::ItemStatus { .. }
            | Claim::TrackerCount { .. }
            | Claim::ModeComment { .. } => None,
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map_or_else(
            || found(today.to_string(), "no as-of date in the docs; today's date"),
            |(date, at)| found(date, format!("the newest as-of date in the docs, at {at}")),
        )
}

//! The beads tracker export: `.beads/issues.jsonl`, one JSON issue per line
//! with `id`, `title`, `status`, and `dependencies` whose `parent-child` links
//! tie tasks to their epic, and `issue_type` (`epic`, `task`, …). Deleted
//! issues (`tombstone`) do not count.

use std::path::Path;

use serde::Deserialize;

use super::FactsError;
use super::tracker::{Issue, Tracker, TrackerAdapter};
use crate::input::manifest::WorkStatus;

/// The beads adapter.
pub struct Beads;

impl TrackerAdapter for Beads {
    fn default_path(&self) -> &'static str {
        ".beads/issues.jsonl"
    }

    fn reads(&self, rel: &Path) -> bool {
        rel.extension().is_some_and(|e| e == "jsonl")
    }

    fn parse(&self, text: &str, rel: &Path) -> Result<Tracker, FactsError> {
        parse(text, rel)
    }
}

/// A beads status in the manifest's terms.
fn work_status(status: &str) -> WorkStatus {
    match status {
        "closed" | "done" | "resolved" => WorkStatus::Closed,
        "in_progress" | "in-progress" | "review" => WorkStatus::InProgress,
        _ => WorkStatus::Open,
    }
}

#[derive(Deserialize)]
struct RawIssue {
    id: String,
    #[serde(default)]
    title: String,
    status: String,
    /// Optional, and `null` in some exports.
    #[serde(default)]
    issue_type: Option<String>,
    #[serde(default)]
    dependencies: Vec<RawDep>,
}

#[derive(Deserialize)]
struct RawDep {
    #[serde(default)]
    issue_id: Option<String>,
    depends_on_id: String,
    #[serde(rename = "type", default)]
    kind: String,
}

/// Parse export text; `rel` is only used in messages.
pub fn parse(text: &str, rel: &Path) -> Result<Tracker, FactsError> {
    let mut t = Tracker {
        path: rel.to_string_lossy().replace('\\', "/"),
        ..Tracker::default()
    };
    let mut links: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawIssue = serde_json::from_str(line).map_err(|e| FactsError::Invalid {
            path: rel.to_path_buf(),
            line: i + 1,
            col: e.column().max(1),
            message: format!(
                "not a tracker issue ({e}); each line must be a JSON object with `id` and `status`"
            ),
        })?;
        if raw.status == "tombstone" {
            continue;
        }
        for d in raw.dependencies {
            if d.kind == "parent-child" {
                let child = d.issue_id.unwrap_or_else(|| raw.id.clone());
                links.push((d.depends_on_id, child));
            }
        }
        t.issues.insert(
            raw.id,
            Issue {
                title: raw.title,
                work: work_status(&raw.status),
                status: raw.status,
                line: i + 1,
                epic: raw.issue_type.as_deref() == Some("epic"),
            },
        );
    }
    for (parent, child) in links {
        t.children.entry(parent).or_default().push(child);
    }
    for kids in t.children.values_mut() {
        kids.sort();
        kids.dedup();
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_and_tombstones() {
        let text = r#"{"id":"e","title":"Epic","status":"open"}
{"id":"e.1","status":"closed","dependencies":[{"issue_id":"e.1","depends_on_id":"e","type":"parent-child"}]}
{"id":"e.2","status":"in_progress","dependencies":[{"issue_id":"e.2","depends_on_id":"e","type":"parent-child"}]}
{"id":"e.3","status":"tombstone","dependencies":[{"issue_id":"e.3","depends_on_id":"e","type":"parent-child"}]}
{"id":"x","status":"closed","dependencies":[{"issue_id":"x","depends_on_id":"e","type":"blocks"}]}
"#;
        let t = parse(text, Path::new(".beads/issues.jsonl")).expect("parses");
        assert_eq!(t.child_counts("e"), Some((1, 2)));
        // Every issue, then those that are not epics (none is filed as one here).
        assert_eq!(t.counts(), [(2, 4), (2, 4)]);
        let typed = parse(
            "{\"id\":\"e\",\"status\":\"open\",\"issue_type\":\"epic\"}\n{\"id\":\"t\",\"status\":\"closed\",\"issue_type\":\"task\"}\n",
            Path::new("t.jsonl"),
        )
        .expect("parses");
        assert_eq!(typed.counts(), [(1, 2), (1, 1)]);
        assert_eq!(t.issues["e.2"].work_status(), WorkStatus::InProgress);
    }

    #[test]
    fn a_bad_line_names_its_line() {
        let e = parse(
            "{\"id\":\"a\",\"status\":\"open\"}\n{oops\n",
            Path::new("t.jsonl"),
        )
        .expect_err("bad");
        assert!(e.to_string().starts_with("t.jsonl:2:"), "{e}");
    }
}

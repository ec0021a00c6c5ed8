//! Issue trackers: the seam between a tracker's export and the rules. An
//! adapter reads one export format into the tracker-neutral [`Tracker`] index;
//! the rules and `init` see only that index. Adding a tracker is one adapter
//! file and one line in [`TRACKERS`].

use std::collections::BTreeMap;
use std::path::Path;

use super::{FactsError, beads, read};
use crate::input::manifest::WorkStatus;

/// One tracker issue.
#[derive(Debug, Clone)]
pub struct Issue {
    /// Title.
    pub title: String,
    /// Status as the tracker writes it (`open`, `in_progress`, `closed`, …),
    /// for messages.
    pub status: String,
    /// The status in the manifest's terms, as the adapter maps it.
    pub work: WorkStatus,
    /// 1-based line in the export.
    pub line: usize,
    /// Whether the tracker files it as an epic (beads' `issue_type`): a
    /// sentence counting tasks or issues may leave epics out.
    pub epic: bool,
}

impl Issue {
    /// The status in the manifest's terms.
    pub fn work_status(&self) -> WorkStatus {
        self.work
    }
}

/// An export, indexed.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    /// The export's path relative to the root.
    pub path: String,
    /// Issues by id, deleted ones left out.
    pub issues: BTreeMap<String, Issue>,
    /// Parent id → child ids, sorted.
    pub children: BTreeMap<String, Vec<String>>,
}

impl Tracker {
    /// (closed, total) of `parent`'s children.
    pub fn child_counts(&self, parent: &str) -> Option<(u64, u64)> {
        let kids = self.children.get(parent)?;
        let live: Vec<&Issue> = kids.iter().filter_map(|k| self.issues.get(k)).collect();
        let closed = live
            .iter()
            .filter(|i| i.work_status() == WorkStatus::Closed)
            .count();
        Some((closed as u64, live.len() as u64))
    }

    /// (closed, total) of every issue, and of the issues that are not epics.
    pub fn counts(&self) -> [(u64, u64); 2] {
        let mut all = (0, 0);
        let mut tasks = (0, 0);
        for i in self.issues.values() {
            let closed = u64::from(i.work_status() == WorkStatus::Closed);
            all = (all.0 + closed, all.1 + 1);
            if !i.epic {
                tasks = (tasks.0 + closed, tasks.1 + 1);
            }
        }
        [all, tasks]
    }
}

/// One export format.
pub trait TrackerAdapter: Sync {
    /// Where the export lives in a repository that uses this tracker,
    /// relative to its root: `docket init` configures it when it is there.
    fn default_path(&self) -> &'static str;
    /// Whether a configured export path is in this tracker's format.
    fn reads(&self, rel: &Path) -> bool;
    /// Read export text into the index; `rel` is only used in messages.
    fn parse(&self, text: &str, rel: &Path) -> Result<Tracker, FactsError>;
}

/// Every tracker docket reads, in the order `init` looks for their exports.
pub const TRACKERS: &[&dyn TrackerAdapter] = &[&beads::Beads];

/// The adapter for a configured export: the first that reads its path, else
/// beads (the format docket started with, so existing configurations keep
/// their meaning).
pub fn adapter_for(rel: &Path) -> &'static dyn TrackerAdapter {
    TRACKERS
        .iter()
        .copied()
        .find(|a| a.reads(rel))
        .unwrap_or(&beads::Beads)
}

/// Read the export at `rel` (relative to `root`) with `adapter`.
pub fn load_with(
    adapter: &dyn TrackerAdapter,
    root: &Path,
    rel: &Path,
) -> Result<Tracker, FactsError> {
    let text = read(root, rel)?;
    adapter.parse(&text, rel)
}

/// Read the configured export at `rel`.
pub fn load(root: &Path, rel: &Path) -> Result<Tracker, FactsError> {
    load_with(adapter_for(rel), root, rel)
}

//! The manifest's typed model. `schemas/readiness.schema.json` describes the same
//! shape for editors; the loader validates against that schema before these types
//! are filled, so a deserialization failure here is a schema/model mismatch bug.

use serde::{Deserialize, Serialize};

/// The readiness manifest: the truth docs are checked against.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Manifest {
    /// Format version, always 1 for now.
    pub version: u32,
    /// Who the docs are about.
    pub project: Project,
    /// Release line, posture, as-of date and gate.
    pub release: Release,
    /// The define whose value selects a profile, e.g. `reflaxe_rust_profile`.
    #[serde(default)]
    pub profile_selector: Option<String>,
    /// Compile-time profiles.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Compile-time defines.
    #[serde(default)]
    pub defines: Vec<Define>,
    /// Workstreams shown in status tables.
    #[serde(default)]
    pub workstreams: Vec<Workstream>,
    /// Commands the docs may name.
    #[serde(default)]
    pub commands: Vec<Command>,
    /// The doc set: pages that must exist, with their kind and generated blocks.
    #[serde(default)]
    pub docs: Vec<DocEntry>,
    /// The support matrix.
    #[serde(default)]
    pub support: Vec<SupportEntry>,
    /// Residual risks.
    #[serde(default)]
    pub risks: Vec<Risk>,
}

/// `project:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Project {
    /// Display name.
    pub name: String,
    /// Repository URL.
    #[serde(default)]
    pub repository: Option<String>,
    /// Prefixes that mark a backticked name as a define (`rust_`, `reflaxe_rust_`).
    #[serde(default)]
    pub define_prefixes: Vec<String>,
}

/// Where the release stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Posture {
    /// Before the release line ships.
    PreRelease,
    /// Candidate builds are out.
    ReleaseCandidate,
    /// The release line has shipped.
    Released,
}

/// `release:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Release {
    /// Release line, e.g. `1.0`; `None` while the docs name none.
    #[serde(default)]
    pub line: Option<String>,
    /// Posture of that line.
    pub posture: Posture,
    /// Date the manifest was last reviewed, `YYYY-MM-DD`.
    pub as_of: String,
    /// The release gate.
    #[serde(default)]
    pub gate: Option<Gate>,
}

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateState {
    /// Checks remain.
    Open,
    /// Every check passed and the gate was closed.
    Closed,
}

/// The release gate.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Gate {
    /// Stable id.
    pub id: String,
    /// Title as docs show it.
    pub title: String,
    /// Open or closed.
    pub state: GateState,
    /// Tracker epic whose children are the gate's checks.
    #[serde(default)]
    pub tracker: Option<String>,
    /// The checklist's counts.
    #[serde(default)]
    pub checks: Option<GateChecks>,
    /// Exit criteria.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// Gate checklist counts.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GateChecks {
    /// All checks.
    pub total: u64,
    /// Closed checks.
    pub closed: u64,
}

/// One exit criterion of the gate.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Criterion {
    /// Stable id.
    pub id: String,
    /// What must hold.
    pub summary: String,
    /// `met` or `unmet`.
    pub status: CriterionStatus,
}

/// Whether a criterion holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CriterionStatus {
    /// Holds.
    Met,
    /// Does not hold yet.
    Unmet,
}

/// Lifecycle of a define or profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    /// Documented and supported.
    #[default]
    Supported,
    /// Still works; docs should name the replacement.
    Deprecated,
    /// Gone; docs must not name it outside `allowed-in`.
    Removed,
    /// Read by the compiler but not for users to set.
    Internal,
}

/// A compile-time profile.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Profile {
    /// Id, as written after the selector's `=`.
    pub id: String,
    /// One line.
    pub summary: String,
    /// The profile used when none is selected.
    #[serde(default)]
    pub default: bool,
    /// Lifecycle.
    #[serde(default)]
    pub status: Lifecycle,
    /// Defines that select this profile on their own (`rust_idiomatic`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What to use instead, when deprecated or removed.
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// Version that removed it.
    #[serde(default)]
    pub removed_in: Option<String>,
}

/// A compile-time define.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Define {
    /// Name as passed to `-D`.
    pub name: String,
    /// Value form (`<dir>`), absent for a flag.
    #[serde(default)]
    pub value: Option<String>,
    /// Closed set of values, for a selector.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// Grouping id, e.g. `core-output`.
    pub category: String,
    /// One line.
    pub summary: String,
    /// Lifecycle.
    #[serde(default)]
    pub status: Lifecycle,
    /// Other names for the same define.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Behaviour when unset.
    #[serde(default)]
    pub default: Option<String>,
    /// What to write instead, when deprecated or removed.
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// Version that removed it.
    #[serde(default)]
    pub removed_in: Option<String>,
    /// Doc paths allowed to keep naming it (a changelog, a migration guide).
    #[serde(default)]
    pub allowed_in: Vec<String>,
}

/// Workstream status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkStatus {
    /// Not started or reopened.
    Open,
    /// Under way.
    InProgress,
    /// Done.
    Closed,
}

/// A workstream toward the release.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Workstream {
    /// Stable id.
    pub id: String,
    /// Title as status tables show it.
    pub title: String,
    /// Plain-language meaning.
    pub meaning: String,
    /// Status.
    pub status: WorkStatus,
    /// Tracker issue bound to it.
    #[serde(default)]
    pub tracker: Option<String>,
    /// How the vision table phrases it.
    #[serde(default)]
    pub vision: Option<VisionCheckpoint>,
}

/// The vision table's row for a workstream.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct VisionCheckpoint {
    /// Row title.
    pub checkpoint: String,
    /// Plain-language meaning.
    pub meaning: String,
}

/// A command docs may tell readers to run.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Command {
    /// The command line, e.g. `npm run test:all`.
    pub run: String,
    /// What it does.
    pub summary: String,
    /// Part of the release gate's validation runs.
    #[serde(default)]
    pub validation: bool,
}

/// Kind of a page in the doc set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// The book's landing page.
    Index,
    /// A guide.
    Guide,
    /// The progress tracker.
    ProgressTracker,
    /// Vision vs implementation.
    Vision,
    /// Road to a release.
    Roadmap,
    /// Release gate closeout template.
    Closeout,
    /// The support matrix.
    SupportMatrix,
    /// The defines reference.
    DefinesReference,
    /// The profiles page.
    Profiles,
    /// Any other reference page.
    Reference,
}

/// A page the doc set must contain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DocEntry {
    /// Path relative to the book's source folder.
    pub path: String,
    /// Kind.
    pub kind: DocKind,
    /// Generated blocks it must carry.
    #[serde(default)]
    pub blocks: Vec<String>,
    /// Pages it must link to.
    #[serde(default)]
    pub links_to: Vec<String>,
}

/// Support level of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupportLevel {
    /// Part of the stability contract.
    Supported,
    /// Works with documented limits.
    Partial,
    /// Not supported.
    Unsupported,
    /// Planned.
    Planned,
}

/// One row of the support matrix.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SupportEntry {
    /// Stable id.
    pub id: String,
    /// Area: language, stdlib, runtime, reflection, tooling, interop.
    pub area: String,
    /// The feature.
    pub feature: String,
    /// Level.
    pub level: SupportLevel,
    /// Limits worth knowing.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A residual risk.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Risk {
    /// Stable id.
    pub id: String,
    /// What could go wrong.
    pub summary: String,
    /// How bad.
    #[serde(default)]
    pub severity: Option<String>,
    /// open, mitigated, accepted.
    pub status: String,
}

//! The rule catalog: every rule id docket can report, with its default severity.
//!
//! A leaf module so that config (which validates `[preprocessor.docket.rules]`),
//! rules and report all read one list.

use serde::Serialize;

/// How much a finding matters; `Off` rules are not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, never fails the run.
    Warn,
    /// Reported and fails `docket check` (exit 1).
    Error,
    /// Not checked at all.
    Off,
}

impl Severity {
    /// Parse the spelling used in `book.toml`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" | "deny" => Some(Severity::Error),
            "warn" | "warning" => Some(Severity::Warn),
            "off" | "allow" => Some(Severity::Off),
            _ => None,
        }
    }

    /// The spelling used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warning",
            Severity::Off => "off",
        }
    }
}

/// One rule: its stable id, what it checks, and its severity unless configured.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    /// Stable kebab-case id, used in config, allowances and reports.
    pub id: &'static str,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// What to do about a finding.
    pub fix: &'static str,
    /// Severity when `book.toml` does not set one.
    pub default: Severity,
}

/// A relative Markdown link or a backticked doc path that does not resolve.
pub const LINK_BROKEN: &str = "link-broken";
/// A link fragment that names no heading in its target page.
pub const ANCHOR_BROKEN: &str = "anchor-broken";
/// A page that `SUMMARY.md` or the manifest's doc set names does not exist.
pub const DOC_MISSING: &str = "doc-missing";
/// A generated block whose content differs from what its template renders.
pub const GENERATED_STALE: &str = "generated-stale";
/// A Markdown page in the book's source folder that `SUMMARY.md` does not list.
pub const SUMMARY_ORPHAN: &str = "summary-orphan";

/// Every rule docket knows, sorted by id.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: ANCHOR_BROKEN,
        summary: "a link's #fragment names no heading in the target page",
        fix: "point the fragment at an existing heading id (GitHub style: lowercase, spaces as '-'), or restore the heading",
        default: Severity::Error,
    },
    RuleInfo {
        id: DOC_MISSING,
        summary: "a page named by SUMMARY.md or by the manifest's doc set does not exist",
        fix: "create the page, or remove the entry that names it",
        default: Severity::Error,
    },
    RuleInfo {
        id: GENERATED_STALE,
        summary: "a GENERATED block's content differs from what its template renders from the manifest",
        fix: "run `docket sync` to refresh the block, and never edit between the markers by hand",
        default: Severity::Error,
    },
    RuleInfo {
        id: LINK_BROKEN,
        summary: "a relative link or a backticked doc path does not resolve to a file",
        fix: "correct the path (relative to the page, or to the book root for backticked paths), or restore the file",
        default: Severity::Error,
    },
    RuleInfo {
        id: SUMMARY_ORPHAN,
        summary: "a Markdown page in the source folder is not listed in SUMMARY.md, so readers cannot reach it",
        fix: "add the page to SUMMARY.md, or delete it",
        default: Severity::Warn,
    },
];

/// Look a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

//! What a finding rests on. A finding tells a maintainer their docs are wrong;
//! it fails CI (an error) only when it carries a [`Proof`]: a fact outside the
//! doc's own wording that the maintainer can check in a second (the link
//! target that is not there, the close path that is, the commit that renamed
//! the file, the line of code, the tracker's record, the manifest's entry, the
//! regenerated block). A finding without one is at most a warning: docket says
//! it cannot confirm, and says less.

use serde::Serialize;

/// The kind of fact a finding rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProofKind {
    /// A Markdown link, image or SUMMARY entry whose target is not in the
    /// repository or the built site.
    MissingTarget,
    /// A path of the tree close to the one named ("did you mean").
    ClosePath,
    /// Git history: the path was deleted or renamed, in a named commit.
    History,
    /// The code reads, or rejects, what the doc names (at a file and line).
    Code,
    /// The tracker's record of an item named by id.
    Tracker,
    /// The readiness manifest's entry, at its line.
    Manifest,
    /// The docs' own text: numbers that do not add up, an allowance that
    /// cannot apply, a link out of the repository.
    Doc,
    /// The generated block, rendered again, differs.
    Regenerated,
    /// The repository's version tags or package version.
    Release,
}

impl ProofKind {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            ProofKind::MissingTarget => "missing-target",
            ProofKind::ClosePath => "close-path",
            ProofKind::History => "history",
            ProofKind::Code => "code",
            ProofKind::Tracker => "tracker",
            ProofKind::Manifest => "manifest",
            ProofKind::Doc => "doc",
            ProofKind::Regenerated => "regenerated",
            ProofKind::Release => "release",
        }
    }
}

/// The evidence that makes a finding true.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Proof {
    /// What kind of fact it is.
    pub kind: ProofKind,
    /// The fact, in a sentence a maintainer can check ("`test/span_lowering/`
    /// exists", "the tracker has `bd-12` closed (.beads/issues.jsonl:40)").
    pub says: String,
}

impl Proof {
    /// A proof of `kind` saying `says`.
    pub fn new(kind: ProofKind, says: impl Into<String>) -> Proof {
        Proof {
            kind,
            says: says.into(),
        }
    }

    /// "manifest: the manifest lists …", for one-line reports.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.kind.name(), self.says)
    }
}

/// What reports say of a finding that has no proof.
pub const UNCONFIRMED: &str =
    "none docket can confirm: nothing in the tree, the history or the facts shows it";

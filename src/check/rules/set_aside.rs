//! Claims set aside: what would have been a finding, had the page presented
//! the name as part of this repository now. Reports list them with the mode
//! and the words that set it, so a maintainer can see every reading docket
//! made and correct a misread one (`<!-- docket-mode current: … -->`, or a
//! glob under `[preprocessor.docket.modes]`).

use serde::Serialize;

use super::Finding;
use crate::markdown::claims::{Evidence, Mode};

/// A finding docket did not report, because of how the page presents the name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SetAside {
    /// The finding it would have been.
    pub finding: Finding,
    /// How the page presents the name.
    pub mode: Mode,
    /// The words that say so, and where.
    pub evidence: Reading,
}

/// Evidence, placed for readers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reading {
    /// The words, as written.
    pub words: String,
    /// Where they stand: `clause`, `lead-in`, `column`, `heading`, `page`,
    /// `token`, `tree`, `override`, `config`.
    pub scope: crate::markdown::claims::Scope,
    /// Their 1-based line in the finding's file (0 when they are not in it:
    /// the tree, book.toml).
    pub line: usize,
}

impl SetAside {
    /// One line for people: "planned: "future" in the lead-in (line 201)".
    pub fn describe(&self) -> String {
        let at = if self.evidence.line > 0 {
            format!(" (line {})", self.evidence.line)
        } else {
            String::new()
        };
        format!(
            "{}: {}{at}",
            self.mode.name(),
            Evidence {
                words: self.evidence.words.clone(),
                scope: self.evidence.scope,
                offset: 0
            }
            .describe()
        )
    }
}

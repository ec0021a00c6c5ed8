//! Claims set aside: what would have been a finding, had the page presented
//! the name as part of this repository now. Reports list them with the mode
//! and the words that set it, so a maintainer can see every reading docket
//! made and correct a misread one (`<!-- docket-mode current: … -->`, or a
//! glob under `[preprocessor.docket.modes]`).

use serde::Serialize;

use super::{Finding, Proof, ProofKind};
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

/// `docket-mode` comments that change nothing: no such mode, no reason, or no
/// claim in the block they cover.
pub(super) fn mode_comments(p: &crate::check::project::Project, sink: &mut super::Sink<'_>) {
    use crate::core::catalog as c;
    use crate::markdown::claims::Claim;
    for (page, doc) in p.docs.iter().enumerate() {
        if !sink.in_scope(page) {
            continue;
        }
        for claim in &doc.claims {
            let Claim::ModeComment {
                mode,
                reason,
                covers,
            } = &claim.claim
            else {
                continue;
            };
            let at = doc
                .source_map
                .line_col(&p.book.pages[page].text, claim.offset);
            let why = if Mode::from_name(mode).is_none() {
                Some(format!(
                    "names `{mode}`, which is no mode (the modes are {})",
                    Mode::ALL.map(Mode::name).join(", ")
                ))
            } else if reason.is_empty() {
                Some("gives no reason".to_string())
            } else {
                None
            };
            if let Some(why) = why {
                sink.emit(
                    c::ALLOW_INVALID,
                    page,
                    at,
                    format!("this docket-mode comment {why}, so it changes nothing"),
                    None,
                    Some(Proof::new(ProofKind::Doc, format!("the comment {why}"))),
                );
            } else if *covers == 0 {
                sink.emit(
                    c::ALLOW_UNUSED,
                    page,
                    at,
                    format!("this docket-mode comment ({mode}) covers no claim"),
                    None,
                    Some(Proof::new(
                        ProofKind::Doc,
                        "no claim follows it".to_string(),
                    )),
                );
            }
        }
    }
}

//! How a claim's mode and the evidence against it decide what is reported. A
//! mode cue (a heading saying "Roadmap", a page title saying "Review") may
//! quiet a claim nothing proves wrong; it never hides a claim with evidence,
//! unless the claim's own words say it is planned, removed or past, or a
//! maintainer said how to read it. A record of the past keeps what it holds,
//! as warnings.

use crate::markdown::claims::{Evidence, Mode, Scope};

/// What becomes of a claim the truth contradicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Reported. `cue`: a mode around the claim the evidence overrode, to
    /// name in the message; `lowered`: at most a warning (it stands in a
    /// record of the past).
    Report {
        cue: Option<(Mode, Evidence)>,
        lowered: bool,
    },
    /// Set aside: not presented as this repository now, and nothing, or only
    /// the claim's own words, say otherwise.
    Quiet(Mode, Evidence),
}

/// Whether `e` is the claim's own words (its sentence, the lead-in its list
/// item completes, the name itself) or a maintainer's explicit reading, rather
/// than words around it (a column header, a heading, the page title).
pub(crate) fn own_words(e: &Evidence) -> bool {
    match e.scope {
        Scope::Token | Scope::Clause | Scope::LeadIn | Scope::Override | Scope::Config => true,
        Scope::Column | Scope::Heading | Scope::Page | Scope::Tree => false,
    }
}

/// The standing of a claim read in `mode` with `evidence` for it, when the
/// rule treats the modes `checked` accepts as about now, and `proved` says
/// whether the finding carries evidence of its own.
pub(crate) fn standing(
    mode: Mode,
    evidence: Evidence,
    proved: bool,
    checked: impl Fn(Mode) -> bool,
) -> Standing {
    if checked(mode) {
        return Standing::Report {
            cue: None,
            lowered: false,
        };
    }
    let said = own_words(&evidence)
        && (matches!(mode, Mode::Planned | Mode::Removed | Mode::Historical)
            || matches!(
                evidence.scope,
                Scope::Token | Scope::Override | Scope::Config
            ));
    // What the repository's tree says of the path (ignored output, another
    // tree) is evidence too, and outranks a close name.
    if evidence.scope == Scope::Tree {
        return Standing::Quiet(mode, evidence);
    }
    // A section or page that declares itself a record of the past keeps what
    // it holds, as warnings, proof or not; its own sentence saying so
    // ("was removed in 0.3") still quiets.
    if mode == Mode::Historical && !own_words(&evidence) {
        return Standing::Report {
            cue: Some((mode, evidence)),
            lowered: true,
        };
    }
    if !proved || said {
        return Standing::Quiet(mode, evidence);
    }
    Standing::Report {
        lowered: mode == Mode::Historical,
        cue: Some((mode, evidence)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(scope: Scope) -> Evidence {
        Evidence {
            words: "w".into(),
            scope,
            offset: 0,
        }
    }

    fn only_current(m: Mode) -> bool {
        m == Mode::Current
    }

    #[test]
    fn a_cue_quiets_only_what_nothing_proves() {
        // No evidence: any cue quiets.
        assert!(matches!(
            standing(Mode::Planned, ev(Scope::Heading), false, only_current),
            Standing::Quiet(..)
        ));
        // Evidence against a heading's cue: reported, and named.
        assert!(matches!(
            standing(Mode::Planned, ev(Scope::Heading), true, only_current),
            Standing::Report {
                cue: Some(_),
                lowered: false
            }
        ));
        // The claim's own sentence says it is planned: quiet, evidence or not.
        assert!(matches!(
            standing(Mode::Planned, ev(Scope::Clause), true, only_current),
            Standing::Quiet(..)
        ));
        // Its own sentence says it is an example: the evidence still stands.
        assert!(matches!(
            standing(Mode::Example, ev(Scope::Clause), true, only_current),
            Standing::Report { lowered: false, .. }
        ));
        // A record of the past keeps it, as a warning, proof or not; its
        // own sentence saying it is past quiets it.
        for proved in [true, false] {
            assert!(matches!(
                standing(Mode::Historical, ev(Scope::Page), proved, only_current),
                Standing::Report { lowered: true, .. }
            ));
        }
        assert!(matches!(
            standing(Mode::Historical, ev(Scope::Clause), true, only_current),
            Standing::Quiet(..)
        ));
        // A maintainer's reading and a placeholder always hold.
        for s in [Scope::Override, Scope::Config, Scope::Token] {
            assert!(matches!(
                standing(Mode::Example, ev(s), true, only_current),
                Standing::Quiet(..)
            ));
        }
        // What the rule checks anyway is reported plainly.
        assert_eq!(
            standing(Mode::Current, ev(Scope::Page), false, only_current),
            Standing::Report {
                cue: None,
                lowered: false
            }
        );
    }
}

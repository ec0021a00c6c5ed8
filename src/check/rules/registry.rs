//! The rule registry: every rule function with the catalog ids it reports.
//!
//! A rule's scope (page-local or book-wide) is declared once, in its catalog
//! entry ([`crate::core::catalog::RuleInfo::scope`]); [`super::check_pages`]
//! reads it from there to decide what an incremental check re-runs. Adding a
//! rule is one catalog entry and one line here.

use super::{Sink, defines, drift, facts, items, links, tracker};
use crate::check::blocks::Plan;
use crate::check::project::{LoadedManifest, Project};
use crate::core::catalog::{self as c, Scope};

/// What a rule function reads besides the project.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// The project alone.
    Project(fn(&Project, &mut Sink<'_>)),
    /// The project and its manifest; not run when there is none.
    Manifest(fn(&Project, &LoadedManifest, &mut Sink<'_>)),
    /// The project and its planned generated blocks.
    Plan(fn(&Project, &Plan, &mut Sink<'_>)),
}

/// One rule function and the catalog ids it reports (one scope between them).
pub(crate) struct Entry {
    /// The ids its findings carry.
    pub ids: &'static [&'static str],
    /// The function.
    pub check: Check,
}

const fn rule(ids: &'static [&'static str], check: Check) -> Entry {
    Entry { ids, check }
}

/// Every rule function. Allowance findings (`allow-*`) come from the
/// allowance pass that runs after these, over every page.
pub(crate) const REGISTRY: &[Entry] = &[
    rule(
        &[c::LINK_BROKEN, c::ANCHOR_BROKEN],
        Check::Project(links::links),
    ),
    rule(&[c::ARITHMETIC], Check::Project(drift::arithmetic)),
    rule(
        &[c::COMMAND_UNKNOWN],
        Check::Project(facts::command_unknown),
    ),
    rule(&[c::FILE_MISSING], Check::Project(facts::file_missing)),
    rule(&[c::PATH_LOCAL], Check::Project(facts::path_local)),
    rule(&[c::RELEASE_STALE], Check::Project(facts::release_stale)),
    rule(&[c::DOC_MISSING], Check::Project(super::summary_entries)),
    rule(&[c::SUMMARY_ORPHAN], Check::Project(super::orphans)),
    rule(&[c::DOC_MISSING], Check::Project(super::manifest_docs)),
    rule(
        &[c::GENERATED_STALE],
        Check::Plan(|p, plan, s| super::generated_stale(p, plan, &mut s.out)),
    ),
    rule(
        &[c::DEFINE_UNKNOWN],
        Check::Manifest(defines::define_unknown),
    ),
    rule(
        &[c::DEFINE_REMOVED],
        Check::Manifest(defines::define_removed),
    ),
    rule(
        &[c::PROFILE_UNKNOWN],
        Check::Manifest(defines::profile_unknown),
    ),
    rule(
        &[c::STATUS_MISMATCH],
        Check::Manifest(drift::status_mismatch),
    ),
    rule(&[c::STATUS_MISMATCH], Check::Plan(items::item_status)),
    rule(&[c::COUNT_MISMATCH], Check::Manifest(drift::counts)),
    rule(&[c::COUNT_MISMATCH], Check::Plan(tracker::counts)),
    rule(&[c::DATE_STALE], Check::Manifest(drift::date_stale)),
    rule(&[c::CONTRADICTION], Check::Manifest(drift::contradiction)),
    rule(
        &[c::SUPPORT_MISMATCH],
        Check::Manifest(drift::support_mismatch),
    ),
    rule(
        &[c::DEFINE_UNDOCUMENTED],
        Check::Manifest(defines::define_undocumented),
    ),
    rule(
        &[c::PROFILE_UNDOCUMENTED],
        Check::Manifest(defines::profile_undocumented),
    ),
    rule(&[c::MANIFEST_DRIFT], Check::Manifest(facts::manifest_drift)),
    rule(&[c::DOC_MISSING], Check::Manifest(drift::required_links)),
];

impl Entry {
    /// Its ids' scope, from the catalog; a rule the catalog does not know runs
    /// in full (a test keeps every id in the catalog).
    pub(crate) fn scope(&self) -> Scope {
        self.ids
            .first()
            .and_then(|id| c::rule(id))
            .map_or(Scope::Book, |r| r.scope)
    }

    /// Whether it can run on this project (a manifest rule needs a manifest).
    pub(crate) fn runs_on(&self, project: &Project) -> bool {
        !matches!(self.check, Check::Manifest(_)) || project.manifest.is_some()
    }

    /// Run it into `sink`.
    pub(crate) fn run(&self, project: &Project, plan: &Plan, sink: &mut Sink<'_>) {
        match self.check {
            Check::Project(f) => f(project, sink),
            Check::Manifest(f) => {
                if let Some(lm) = &project.manifest {
                    f(project, lm, sink)
                }
            }
            Check::Plan(f) => f(project, plan, sink),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules the allowance pass reports rather than a registered function.
    const ALLOWANCE_RULES: &[&str] = &[c::ALLOW_INVALID, c::ALLOW_LAPSED, c::ALLOW_UNUSED];

    #[test]
    fn every_catalog_rule_is_registered_once_with_one_scope() {
        for r in c::RULES {
            let registered = REGISTRY.iter().any(|e| e.ids.contains(&r.id));
            let allowance = ALLOWANCE_RULES.contains(&r.id);
            assert!(
                registered != allowance,
                "`{}`: add it to REGISTRY (or, for an allowance rule, to ALLOWANCE_RULES)",
                r.id
            );
            assert!(!r.example.is_empty(), "`{}` has no example", r.id);
        }
        for e in REGISTRY {
            for id in e.ids {
                let info = c::rule(id).unwrap_or_else(|| panic!("`{id}` is not in the catalog"));
                assert_eq!(info.scope, e.scope(), "{:?} mix scopes", e.ids);
            }
        }
        for a in ALLOWANCE_RULES {
            assert_eq!(c::rule(a).map(|r| r.scope), Some(Scope::Book), "{a}");
        }
        let mut ids: Vec<&str> = c::RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), c::RULES.len(), "duplicate rule ids");
    }
}

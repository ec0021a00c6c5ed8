//! The readiness dashboard: the manifest at a glance. Its headline, the gate
//! line and the progress bar come from one `Standing`, computed once from the
//! posture, the gate's state and its checks, so they cannot disagree; where the
//! manifest itself disagrees (released with the gate open), the dashboard says
//! so instead of showing both as if they agreed.

use serde::Serialize;

use super::frame::{Site, lifecycle};
use super::{DASHBOARD_PAGE, SiteError};
use crate::input::manifest::{GateState, Manifest, Posture};

#[derive(Serialize, Default)]
pub(super) struct GateView {
    pub title: String,
    pub state: String,
    pub closed: u64,
    pub total: u64,
    pub percent: u64,
}

#[derive(Serialize, Default)]
pub(super) struct ReleaseView {
    pub project: String,
    pub line: String,
    pub posture: String,
    pub as_of: String,
    pub gate: Option<GateView>,
    /// One sentence for the whole release: what the gate and bar show too.
    pub headline: String,
    /// `ok`, `warn` or `open`: the colour of the headline and the bar.
    pub tone: &'static str,
    /// Where the manifest contradicts itself, and what to change.
    pub note: Option<String>,
}

#[derive(Serialize)]
pub(super) struct WorkView {
    pub title: String,
    pub meaning: String,
    pub status: String,
}

#[derive(Serialize)]
pub(super) struct ProfileView {
    pub id: String,
    pub default: bool,
    pub status: String,
    pub summary: String,
}

/// The release's standing, from the manifest's own values.
fn standing(m: &Manifest) -> ReleaseView {
    let r = &m.release;
    let name = match &r.line {
        Some(line) => format!("{} {line}", m.project.name),
        None => m.project.name.clone(),
    };
    let released = r.posture == Posture::Released;
    let posture = match r.posture {
        Posture::PreRelease => "not released yet",
        Posture::ReleaseCandidate => "a release candidate",
        Posture::Released => "released",
    };
    let gate = r.gate.as_ref().map(|g| {
        let checks = g.checks.unwrap_or(crate::input::manifest::GateChecks {
            total: 0,
            closed: 0,
        });
        GateView {
            title: g.title.clone(),
            state: lifecycle(g.state),
            closed: checks.closed.min(checks.total),
            total: checks.total,
            percent: crate::check::blocks::percent(checks),
        }
    });
    let closed_gate = r.gate.as_ref().map(|g| g.state == GateState::Closed);
    let all_checks = gate.as_ref().is_some_and(|g| g.closed >= g.total);
    let counted = gate.as_ref().is_some_and(|g| g.total > 0);
    let (headline, tone, note) = match (released, closed_gate) {
        (true, None) => (format!("{name} is released"), "ok", None),
        (true, Some(true)) => (
            format!("{name} is released; its release gate is closed"),
            "ok",
            None,
        ),
        (true, Some(false)) => (
            format!("{name} is marked released, but its release gate is still open"),
            "warn",
            Some(
                "The manifest says released while the gate is open: close the gate (release.gate.state) or change the posture (release.posture)."
                    .to_string(),
            ),
        ),
        (false, Some(true)) => (
            format!("{name} is {posture}; its release gate is closed"),
            "ok",
            None,
        ),
        (false, Some(false)) if all_checks && counted => (
            format!("{name} is {posture}; its release gate is open"),
            "warn",
            Some(
                "Every check is closed but the gate is still open: close it (release.gate.state) when the release is made."
                    .to_string(),
            ),
        ),
        (false, Some(false)) => (
            format!("{name} is {posture}; its release gate is open"),
            "open",
            None,
        ),
        (false, None) => (format!("{name} is {posture}"), "open", None),
    };
    ReleaseView {
        project: m.project.name.clone(),
        line: r.line.clone().unwrap_or_default(),
        posture: lifecycle(r.posture),
        as_of: r.as_of.clone(),
        gate,
        headline,
        tone,
        note,
    }
}

/// Write `docket-dashboard.html`, and `index.html` when it is the front page,
/// with `intro` (the book's index page) under it.
pub(super) fn write(site: &Site<'_>, intro: Option<String>) -> Result<(), SiteError> {
    let ctx = |content: Option<String>, href: &str| {
        let mut ctx = site.base(
            "dashboard",
            "Readiness dashboard".into(),
            String::new(),
            href,
            None,
        );
        if let Some(m) = site.project.manifest.as_ref().map(|m| &m.manifest) {
            ctx.release = Some(standing(m));
            ctx.workstreams = m
                .workstreams
                .iter()
                .map(|w| WorkView {
                    title: w.title.clone(),
                    meaning: w.meaning.clone(),
                    status: lifecycle(w.status),
                })
                .collect();
            ctx.profiles = m
                .profiles
                .iter()
                .map(|p| ProfileView {
                    id: p.id.clone(),
                    default: p.default,
                    status: lifecycle(p.status),
                    summary: p.summary.clone(),
                })
                .collect();
        }
        ctx.drift_rules = super::drift::rule_counts(site);
        ctx.content = content;
        ctx
    };
    site.page("dashboard.html", DASHBOARD_PAGE, &ctx(None, DASHBOARD_PAGE))?;
    if site.front_is_dashboard {
        site.page("dashboard.html", "index.html", &ctx(intro, "index.html"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(posture: &str, state: &str, closed: u64, total: u64) -> Manifest {
        let v = serde_json::json!({
            "version": 1,
            "project": {"name": "p"},
            "release": {"line": "1.0", "posture": posture, "as-of": "2026-01-01",
                "gate": {"id": "g", "title": "Gate", "state": state,
                    "checks": {"total": total, "closed": closed}}},
        });
        serde_json::from_value(v).expect("a manifest")
    }

    #[test]
    fn headline_gate_and_bar_agree() {
        // Released with the gate open: never a green "released" beside an open gate.
        let r = standing(&manifest("released", "open", 5, 5));
        assert_eq!(r.tone, "warn");
        assert!(r.headline.contains("still open"), "{}", r.headline);
        assert!(r.note.is_some());
        let r = standing(&manifest("released", "closed", 21, 21));
        assert_eq!(r.tone, "ok");
        assert!(r.note.is_none());
        let r = standing(&manifest("pre-release", "open", 3, 5));
        assert_eq!((r.tone, r.note.is_none()), ("open", true));
        assert!(r.headline.contains("not released yet"), "{}", r.headline);
        let r = standing(&manifest("release-candidate", "open", 5, 5));
        assert_eq!(r.tone, "warn");
        let g = r.gate.expect("a gate");
        assert_eq!((g.closed, g.total, g.percent), (5, 5, 100));
    }
}

//! The CI examples under `examples/` and the pre-commit hook manifest parse as
//! YAML and say what the CI page (`content/docket/ci.md`) says they do.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn parse(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_saphyr::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

/// Every `examples/*.yml`, sorted.
fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    out.sort();
    out
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_github(path: &Path) -> bool {
    name(path).starts_with("github-")
}

/// A workflow's triggers. YAML 1.1 reads a bare `on` key as `true`; serde-saphyr
/// keeps it as the string "on", but accept either spelling.
fn triggers(wf: &Value) -> Option<&Value> {
    wf.get("on").or_else(|| wf.get("true"))
}

/// Every step of every job of a GitHub workflow.
fn steps(wf: &Value) -> Vec<&Value> {
    wf["jobs"]
        .as_object()
        .into_iter()
        .flat_map(|jobs| jobs.values())
        .flat_map(|job| job["steps"].as_array().into_iter().flatten())
        .collect()
}

fn runs(step: &Value, needle: &str) -> bool {
    step["run"].as_str().is_some_and(|r| r.contains(needle))
}

#[test]
fn there_are_github_and_gitlab_examples() {
    let names: Vec<String> = examples().iter().map(|p| name(p)).collect();
    for want in [
        "github-annotations.yml",
        "github-sarif.yml",
        "gitlab-ci.yml",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "examples/{want} is missing: {names:?}"
        );
    }
}

#[test]
fn every_example_parses_as_a_mapping() {
    for path in examples() {
        assert!(
            parse(&path).is_object(),
            "{} is not a YAML mapping",
            path.display()
        );
    }
}

#[test]
fn github_workflows_run_docket_check_on_push_and_pull_request() {
    for path in examples().into_iter().filter(|p| is_github(p)) {
        let wf = parse(&path);
        let on = triggers(&wf).unwrap_or_else(|| panic!("{}: no `on`", path.display()));
        for event in ["push", "pull_request"] {
            assert!(
                on.get(event).is_some(),
                "{}: not triggered by {event}",
                path.display()
            );
        }
        assert!(
            wf["jobs"].as_object().is_some_and(|j| !j.is_empty()),
            "{}: no jobs",
            path.display()
        );
        let steps = steps(&wf);
        assert!(
            steps.iter().any(|s| runs(s, "docket check")),
            "{}: no step runs `docket check`",
            path.display()
        );
        assert!(
            steps.iter().any(|s| runs(s, "cargo install docket")),
            "{}: no step installs docket",
            path.display()
        );
    }
}

#[test]
fn sarif_workflow_uploads_to_code_scanning() {
    let path = repo().join("examples/github-sarif.yml");
    let wf = parse(&path);
    assert_eq!(
        wf["permissions"]["security-events"], "write",
        "the upload needs security-events: write"
    );
    let steps = steps(&wf);
    let check = steps
        .iter()
        .position(|s| runs(s, "docket check --format sarif --output docket.sarif"))
        .expect("a step writes docket.sarif");
    let upload = steps
        .iter()
        .position(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a step uploads with github/codeql-action/upload-sarif");
    assert!(check < upload, "the upload comes after the check");
    assert_eq!(steps[upload]["with"]["sarif_file"], "docket.sarif");
    assert_eq!(steps[upload]["with"]["category"], "docket");
    // Drift (exit 1) must not skip the upload: the check step records the code
    // and a later step fails the job on it.
    assert!(
        steps[check]["run"]
            .as_str()
            .is_some_and(|r| r.contains("|| code=$?") && r.contains("GITHUB_OUTPUT")),
        "the check step records docket's exit code instead of failing"
    );
    let id = steps[check]["id"]
        .as_str()
        .expect("the check step has an id");
    assert!(
        steps[upload + 1..].iter().any(|s| s["if"]
            .as_str()
            .is_some_and(|c| c.contains(&format!("steps.{id}.outputs.exit-code == '1'")))
            && runs(s, "exit 1")),
        "a step after the upload fails the job on drift"
    );
}

#[test]
fn annotations_workflow_uses_the_github_format_and_sync_check() {
    let wf = parse(&repo().join("examples/github-annotations.yml"));
    let steps = steps(&wf);
    assert!(
        steps
            .iter()
            .any(|s| runs(s, "docket check --format github"))
    );
    assert!(steps.iter().any(|s| runs(s, "docket sync --check")));
}

#[test]
fn gitlab_job_keeps_the_junit_report() {
    let ci = parse(&repo().join("examples/gitlab-ci.yml"));
    let jobs: Vec<&Value> = ci
        .as_object()
        .expect("a mapping")
        .values()
        .filter(|j| j.get("script").is_some())
        .collect();
    let job = jobs
        .iter()
        .find(|j| {
            j["script"].as_array().is_some_and(|s| {
                s.iter().any(|l| {
                    l.as_str().is_some_and(|l| {
                        l.contains("docket check --format junit --output docket-junit.xml")
                    })
                })
            })
        })
        .expect("a job runs docket check --format junit");
    assert_eq!(job["artifacts"]["reports"]["junit"], "docket-junit.xml");
    assert_eq!(job["artifacts"]["when"], "always");
}

#[test]
fn pre_commit_hooks_list_check_and_sync() {
    let hooks = parse(&repo().join(".pre-commit-hooks.yaml"));
    let hooks = hooks.as_array().expect("a list of hooks");
    let hook = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook `{id}`"))
    };
    let check = hook("docket-check");
    assert_eq!(check["entry"], "docket check --changed-only");
    assert_eq!(check["pass_filenames"], true);
    let sync = hook("docket-sync");
    assert_eq!(sync["entry"], "docket sync");
    assert_eq!(sync["pass_filenames"], false);
    for h in [check, sync] {
        for key in ["name", "language", "files"] {
            assert!(h[key].is_string(), "hook {} has no `{key}`", h["id"]);
        }
        let files = regex::Regex::new(h["files"].as_str().unwrap_or_default())
            .expect("`files` is a valid regex");
        for hit in [
            "content/a.md",
            "book.toml",
            "schemas/readiness.yaml",
            "x.yml",
        ] {
            assert!(files.is_match(hit), "hook {} skips {hit}", h["id"]);
        }
        assert!(!files.is_match("src/main.rs"));
    }
}

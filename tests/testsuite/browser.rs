//! Browser tests in headless Chromium: tests/browser/run.mjs drives Debian's
//! chromium through playwright-core against sites built here. Skipped with a
//! message when chromium, node or playwright-core is missing, except under
//! CI=true, where .ci/run installs them and a missing piece is a failure.

use crate::common;
use common::Book;

use std::path::{Path, PathBuf};
use std::process::Command;

fn missing_tools() -> Vec<&'static str> {
    let mut missing = Vec::new();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push("chromium");
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node");
    }
    if !browser_dir().join("node_modules/playwright-core").is_dir() {
        missing.push("playwright-core (npm install --prefix tests/browser)");
    }
    missing
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

#[test]
fn site_works_in_headless_chromium() {
    let missing = missing_tools();
    if !missing.is_empty() {
        if common::in_ci() {
            panic!("CI=true but browser tests lack: {}", missing.join(", "));
        }
        common::skip(&format!("browser tests need {}", missing.join(", ")));
        return;
    }
    let shipped = common::shipped_site();

    let drifted = Book::fixture("clean");
    drifted.edit(
        "src/guide/output.md",
        "See [profiles](profiles.md#choosing-a-profile).",
        "See [profiles](profile.md#choosing-a-profile).",
    );
    drifted.edit(
        "src/index.md",
        "Nothing else.",
        "Nothing else, except a résumé of the Kyoto (東京都) office.",
    );
    let r = drifted.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    let out = Command::new("node")
        .arg(browser_dir().join("run.mjs"))
        .arg(shipped)
        .arg(drifted.path().join("site"))
        .arg(&shots)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    for check in [
        "console errors",
        "search for a define",
        "CJK substring",
        "theme toggle",
        "drift mark",
    ] {
        assert!(
            stdout.contains(check),
            "missing check `{check}` in:\n{stdout}"
        );
    }
    for shot in [
        "dashboard",
        "guide",
        "defines",
        "drift",
        "search",
        "theme-toggled",
        "drift-mark",
    ] {
        assert!(
            shots.join(format!("{shot}.png")).is_file(),
            "screenshot {shot}.png"
        );
    }
}

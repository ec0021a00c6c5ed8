//! `sanitize = true` in headless Chromium: XSS payloads written in a page run
//! on a site built without it (so the harness can see a script run) and none
//! runs on the sanitized site. tests/browser/sanitize.mjs drives Debian's
//! chromium through playwright-core; skipped with a message when a tool is
//! missing, except under CI=true (.ci/run installs them).

use crate::common;
use common::Book;

use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

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

/// One page of payloads, each reporting through `alert()` if it runs.
const PAYLOADS: &str = r#"# Payloads

<div>
<svg/onload=alert('svg')>
</div>

<div>
<img src="x"onerror=alert('img')>
</div>

## Hover me {onmouseover=alert('heading')}

<p><a class="payload" href="jav&#x61;script:alert('entity')">entity link</a></p>

<p><a class="payload" href="java&#9;script:alert('tab')">tab link</a></p>

<p><a class="payload" href="JaVaScRiPt:alert('case')">case link</a></p>

[markdown link](javascript:alert('markdown'))

<div>
<meta http-equiv="refresh" content="3;url=pwned.html">
<form action="https://example.invalid/"><input name="q"><button>go</button></form>
<link rel="stylesheet" href="https://example.invalid/x.css">
<base href="https://example.invalid/">
</div>

<details open ontoggle=alert('toggle')><summary>s</summary>x</details>

<p onclick="alert('click')" onmouseover="alert('over')">click me</p>

<iframe srcdoc="<script>parent.alert('iframe')</script>"></iframe>

<script>alert('script')</script>

<style>body{display:none}</style>
"#;

fn site(sanitize: bool) -> Book {
    let book = Book::fixture("clean");
    book.write("src/payloads.md", PAYLOADS);
    book.edit(
        "src/SUMMARY.md",
        "[Output](guide/output.md)",
        "[Output](guide/output.md)\n- [Payloads](payloads.md)",
    );
    if sanitize {
        book.edit(
            "book.toml",
            "[preprocessor.docket]\n",
            "[preprocessor.docket]\nsanitize = true\n",
        );
    }
    let r = book.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    book
}

#[test]
fn no_payload_runs_on_a_sanitized_page() {
    let missing = missing_tools();
    if !missing.is_empty() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but browser tests lack: {}", missing.join(", "));
        }
        eprintln!("SKIPPED: browser tests need {}", missing.join(", "));
        return;
    }
    let (clean, raw) = (site(true), site(false));
    let out = Command::new("node")
        .arg(browser_dir().join("sanitize.mjs"))
        .arg(clean.path().join("site"))
        .arg(raw.path().join("site"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("ok: no payload runs"), "{stdout}");
}

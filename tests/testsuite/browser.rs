//! Browser tests in headless Chromium: tests/browser/run.mjs drives Debian's
//! chromium through playwright-core against sites built here, at 390 px and
//! 1,280 px. Skipped with a message when chromium, node or playwright-core is
//! missing, except under CI=true, where .ci/run installs them and a missing
//! piece is a failure. The mdBook guide from ../shared is added when present
//! (mandatory under CI=true).

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
        missing.push("playwright-core (npm ci --prefix tests/browser)");
    }
    missing
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// A book without a manifest where one page is the obvious answer to "metal
/// profile", and others mention both words in passing (the index many times).
fn ranking_book() -> Book {
    let mut files: Vec<(String, String)> = vec![
        ("book.toml".into(), "[book]\ntitle = \"Ranking\"\n".into()),
        (
            "src/SUMMARY.md".into(),
            "# Summary\n\n- [Documentation index](index.md)\n- [Build](build.md)\n- [Portable profile](portable.md)\n- [Metal profile](metal.md)\n".into(),
        ),
        (
            "src/index.md".into(),
            "# Documentation index\n\n- The metal profile and the portable profile: see below.\n- Each profile, metal or portable, has a page.\n- Profile metal, profile portable, profile metal again.\n".into(),
        ),
        (
            "src/build.md".into(),
            "# Build\n\nA build picks a profile. Metal targets need a cross compiler; the profile decides the runtime.\n\n## Caches\n\nCaches are kept per profile.\n".into(),
        ),
        (
            "src/portable.md".into(),
            "# Portable profile\n\nThe portable profile runs anywhere, unlike metal.\n".into(),
        ),
        (
            "src/metal.md".into(),
            "# Metal profile\n\nThe metal profile compiles without a runtime, for bare machines.\n\n## Limits\n\nNo garbage collector.\n".into(),
        ),
    ];
    for i in 0..30 {
        files.push((
            format!("src/filler{i}.md"),
            format!("# Filler {i}\n\nWords about profiles and other things, and metal once.\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Book::new(&refs)
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
    let shipped = Book::shipped();
    let r = shipped.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shipped_pages = r
        .stderr
        .split_whitespace()
        .skip_while(|w| *w != "wrote")
        .nth(1)
        .and_then(|n| n.parse::<usize>().ok())
        .expect("build says how many pages it wrote");

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

    let plain = Book::new(&[
        ("book.toml", "[book]\ntitle = \"Plain\"\n"),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Welcome](welcome.md)\n- [Usage](usage.md)\n",
        ),
        (
            "src/welcome.md",
            "# Welcome\n\nRead on, then see [usage](usage.md) and [a missing page](gone.md).\n\n```sh\nplain --help\n```\n",
        ),
        ("src/usage.md", "# Usage\n\nRun it.\n"),
    ]);
    let r = plain.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let ranking = ranking_book();
    let r = ranking.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let mut args: Vec<String> = vec![
        format!("shipped={}", shipped.path().join("site").display()),
        format!("drifted={}", drifted.path().join("site").display()),
        format!("plain={}", plain.path().join("site").display()),
        format!("ranking={}", ranking.path().join("site").display()),
        format!("pages={shipped_pages}"),
    ];
    let guide_src = common::shared().join("conformance/mdbook/guide");
    let guide = if guide_src.is_dir() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::copy_tree(&guide_src, dir.path());
        // With mdBook's chapter folding on, open one level down.
        let toml = dir.path().join("book.toml");
        let mut config = std::fs::read_to_string(&toml).expect("the guide's book.toml");
        config.push_str("\n[output.html.fold]\nenable = true\nlevel = 1\n");
        std::fs::write(&toml, config).expect("book.toml written");
        let r = common::docket(dir.path(), &["build", "-d", "site"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        args.push(format!("guide={}", dir.path().join("site").display()));
        Some(dir)
    } else if common::in_ci() {
        panic!(
            "CI=true but the mdBook guide is missing at {}",
            guide_src.display()
        );
    } else {
        eprintln!(
            "SKIPPED (part): the mdBook guide is missing at {}",
            guide_src.display()
        );
        None
    };

    // A book whose own CSS is written against mdBook's markup, built by docket
    // and, when mdBook is installed, by mdBook, to look at side by side.
    let themed = Book::fixture("theme-css");
    let r = themed.run(&["build", "-d", "site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("not used"),
        "the theme files the book links are used: {}",
        r.stderr
    );
    args.push(format!("themed={}", themed.path().join("site").display()));
    let with_mdbook = common::mdbook().is_some_and(|mdbook| {
        let built = Command::new(mdbook)
            .args(["build", "-d", "mdbook-site"])
            .current_dir(themed.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(built, "mdbook builds the theme-css fixture");
        args.push(format!(
            "themedmd={}",
            themed.path().join("mdbook-site").display()
        ));
        true
    });

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    let out = Command::new("node")
        .arg(browser_dir().join("run.mjs"))
        .arg(&shots)
        .args(&args)
        .output()
        .expect("node runs");
    drop(guide);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    println!("{stdout}");
    for check in [
        "console errors",
        "no sideways scroll",
        "title in the first screen",
        "search box >= 150 px",
        "menu button opens",
        "pills do not wrap,",
        "headings link to themselves",
        "hides, shows and resizes",
        "arrow keys",
        "focus is visible",
        "copy button",
        "print.html holds",
        "best page first",
        "search for a define",
        "CJK substring",
        "theme toggle",
        "drift mark",
        "plain book's front page",
    ] {
        assert!(
            stdout.contains(check),
            "missing check `{check}` in:\n{stdout}"
        );
    }
    if guide_src.is_dir() {
        assert!(
            stdout.contains("mdBook images show once"),
            "missing the guide's image and hidden-line checks in:\n{stdout}"
        );
    }
    for who in ["docket", "mdBook"] {
        if who == "mdBook" && !with_mdbook {
            continue;
        }
        for width in [390, 1280] {
            assert!(
                stdout.contains(&format!("{who}: the book's CSS places its badge beside the code block and colours the warning box per theme class at {width} px")),
                "missing the theme CSS check for {who} at {width} px in:\n{stdout}"
            );
            assert!(shots.join(format!("theme-css-{who}-{width}.png")).is_file());
        }
    }
    assert!(stdout.contains("tap targets at least 44 px on a touch screen at 390 px"));
    assert!(stdout.contains("tap targets unchanged on the desktop at 1280 px"));
    for check in ["at 390 px", "at 1280 px"] {
        assert!(
            stdout.matches(check).count() >= 8,
            "too few checks {check} in:\n{stdout}"
        );
    }
    for kind in [
        "chapter",
        "dashboard",
        "drift",
        "defines",
        "search",
        "print",
        "print-media",
        "drift-mark",
        "plain-front",
    ] {
        for width in [390, 1280] {
            assert!(
                shots.join(format!("{kind}-{width}.png")).is_file(),
                "screenshot {kind}-{width}.png"
            );
        }
    }
    assert!(shots.join("theme-toggled.png").is_file());
}

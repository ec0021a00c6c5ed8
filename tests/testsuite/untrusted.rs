//! A book from a pull request is untrusted input (issue 26): no command runs
//! unasked, nothing outside is read, every input has a budget, every report
//! format escapes what the docs say, and nothing is lost silently. Each test
//! plants the input that failed and asserts the containment, the bound (by
//! counting what was done, never by timing) or the escaping.
#![cfg(unix)]

use crate::common;
use common::{Book, Run};

use std::os::unix::fs::symlink;
use std::process::Command;

use docket::input::preprocess::{MAX_EXPANSION, MAX_PAGE_WARNINGS, Policy};

/// What an outside file holds: it must never reach output or a site.
const SECRET: &str = "TOKEN-ghp-4c1d2e";

fn book(extra_toml: &str, pages: &[(&str, &str)]) -> Book {
    let toml = format!("[book]\ntitle = \"t\"\n{extra_toml}");
    let mut summary = String::from("# Summary\n\n");
    for (p, _) in pages {
        if !p.ends_with("SUMMARY.md") && p.ends_with(".md") && !p.starts_with("404") {
            summary.push_str(&format!("- [{p}]({p})\n"));
        }
    }
    let mut files: Vec<(String, String)> = vec![
        ("book.toml".into(), toml),
        ("src/SUMMARY.md".into(), summary),
    ];
    files.extend(
        pages
            .iter()
            .map(|(p, t)| (format!("src/{p}"), (*t).to_string())),
    );
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Book::new(&refs)
}

fn run_env(book: &Book, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_docket"));
    c.args(args).current_dir(book.path());
    c.env_remove("DOCKET_RUN_PREPROCESSORS");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("docket runs").into()
}

/// Exit 0, with each of `words` on stderr.
fn says(r: &Run, words: &[&str]) {
    assert_eq!(r.code, 0, "{}", r.stderr);
    for w in words {
        assert!(r.stderr.contains(w), "stderr lacks {w:?}: {}", r.stderr);
    }
}

fn outside_secret() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tmp");
    std::fs::write(d.path().join("secret.md"), format!("{SECRET}\n")).expect("write");
    d
}

fn load(book: &Book) -> docket::input::book::Book {
    let (config, _) = docket::input::config::load(book.path()).expect("config loads");
    docket::input::book::load_with(&config, &Policy::never()).expect("book loads")
}

fn expanded(b: &docket::input::book::Book, path: &str) -> String {
    let p = b.pages.iter().find(|p| p.path == path).expect("page");
    p.expansion
        .as_ref()
        .map_or(p.text.clone(), |e| e.text.clone())
}

// ---- no command runs unasked -------------------------------------------

/// `[preprocessor.x]` names a command: `check`, `sync`, `sync --check` and
/// `closeout` never run it unless the command line or the environment asks;
/// then its output is what is checked.
#[test]
fn check_sync_and_closeout_run_no_preprocessor_unasked() {
    let b = book(
        "[preprocessor.x]\ncommand = \"sh -c 'touch ran; cat >/dev/null; exit 1'\"\nrenderers = [\"html\"]\n",
        &[("a.md", "# A\n")],
    );
    let ran = b.path().join("ran");
    for args in [
        &["check"][..],
        &["sync"],
        &["sync", "--check"],
        &["closeout"],
    ] {
        let r = run_env(&b, args, &[]);
        assert!(!ran.exists(), "`docket {args:?}` ran the preprocessor");
        assert!(!r.stderr.contains("running preprocessor"), "{}", r.stderr);
    }
    // book.toml cannot ask; the flag and the environment can.
    let r = run_env(&b, &["check", "--run-preprocessors"], &[]);
    assert!(ran.exists(), "--run-preprocessors runs it: {}", r.stderr);
    std::fs::remove_file(&ran).expect("rm");
    run_env(&b, &["check"], &[("DOCKET_RUN_PREPROCESSORS", "1")]);
    assert!(ran.exists(), "DOCKET_RUN_PREPROCESSORS=1 runs it");
    std::fs::remove_file(&ran).expect("rm");
    let r = run_env(&b, &["check"], &[("DOCKET_RUN_PREPROCESSORS", "maybe")]);
    assert_eq!(r.code, 2, "a bad value is an error: {}", r.stderr);
    assert!(!ran.exists());
}

/// `build` runs them as mdBook does, each named on stderr; a command that
/// hangs is stopped at the timeout, one that floods at the output cap (no
/// panic), and `--no-preprocessors` forbids them.
#[test]
fn build_names_times_and_caps_preprocessors() {
    let hang = book(
        "[preprocessor.x]\ncommand = \"sh -c 'touch ran; sleep 1000'\"\nrenderers = [\"html\"]\n",
        &[("a.md", "# A\n")],
    );
    let r = run_env(&hang, &["build", "--preprocessor-timeout", "1"], &[]);
    says(
        &r,
        &[
            "running preprocessor `x`",
            "did not finish within 1 s",
            "book.toml:4:",
        ],
    );
    assert!(hang.path().join("book/a.html").is_file());

    let flood = book(
        "[preprocessor.x]\ncommand = \"sh -c 'cat >/dev/null; yes'\"\nrenderers = [\"html\"]\n",
        &[("a.md", "# A\n")],
    );
    // A flood is a warning, not a panic.
    let r = run_env(&flood, &["build", "--preprocessor-output-limit", "1"], &[]);
    says(&r, &["wrote more than 1048576 bytes"]);

    let forbidden = book(
        "[preprocessor.x]\ncommand = \"touch ran\"\nrenderers = [\"html\"]\n",
        &[("a.md", "# A\n")],
    );
    for (args, env) in [
        (&["build", "--no-preprocessors"][..], &[][..]),
        (&["build"], &[("DOCKET_RUN_PREPROCESSORS", "0")]),
    ] {
        let r = run_env(&forbidden, args, env);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!forbidden.path().join("ran").exists(), "{args:?} {env:?}");
    }
}

/// Chained `after` lists order in one pass: 3,000 preprocessors, each after
/// the previous, are ordered (not run) by `check` at once.
#[test]
fn a_long_chain_of_preprocessors_orders() {
    let mut toml = String::new();
    for i in 0..3000 {
        toml.push_str(&format!(
            "[preprocessor.p{i:04}]\ncommand = \"true\"\nafter = [\"{}\"]\n",
            if i == 0 {
                "links".to_string()
            } else {
                format!("p{:04}", i - 1)
            }
        ));
    }
    let b = book(&toml, &[("a.md", "# A\n")]);
    let r = run_env(&b, &["check"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("cycle"), "{}", r.stderr);
}

// ---- nothing outside is read --------------------------------------------

/// Every path-valued setting of book.toml, from the list docket checks: a
/// symbolic link out of the root planted at each component of its path is
/// refused, naming the setting, before anything is read or written.
#[test]
fn every_path_setting_is_held_inside_at_every_link() {
    let toml = "[build]\nbuild-dir = \"bd/d/out\"\n[preprocessor.docket]\nmanifest = \"m/d/readiness.yaml\"\noutput-dir = \"o/d/site\"\ntemplates = \"t/d/tpl\"\n\
[preprocessor.docket.facts]\npackage-json = \"f/d/package.json\"\nmakefile = \"mk/e/Makefile\"\ncargo-toml = \"cg/g/Cargo.toml\"\n\
[output.html]\ntheme = \"th/d/theme\"\ninput-404 = \"nf/d/404.md\"\nadditional-css = [\"c/d/x.css\"]\nadditional-js = [\"j/d/x.js\"]\n";
    let b = book(toml, &[("a.md", "# A\n")]);
    let (config, _) = docket::input::config::load(b.path()).expect("loads without links");
    let settings = docket::input::config::contain::settings(&config);
    let keys: std::collections::BTreeSet<&str> = settings.iter().map(|s| s.0).collect();
    for k in [
        "book.src",
        "build.build-dir",
        "preprocessor.docket.manifest",
        "preprocessor.docket.output-dir",
        "preprocessor.docket.templates",
        "preprocessor.docket.facts.package-json",
        "preprocessor.docket.facts.makefile",
        "preprocessor.docket.facts.cargo-toml",
        "output.html.theme",
        "output.html.input-404",
        "output.html.additional-css",
        "output.html.additional-js",
    ] {
        assert!(keys.contains(k), "{k} is enumerated: {keys:?}");
    }
    let mut planted = 0;
    for (key, rel) in &settings {
        let comps: Vec<_> = rel.components().collect();
        for depth in 1..=comps.len() {
            let b = book(toml, &[("a.md", "# A\n")]);
            let prefix: std::path::PathBuf = comps[..depth].iter().collect();
            let outside = outside_secret();
            // The outside tree holds the rest of the path, so the link leads somewhere.
            let rest: std::path::PathBuf = comps[depth..].iter().collect();
            let target = outside.path().join("t");
            std::fs::create_dir_all(&target).expect("mkdir");
            if let Some(parent) = target.join(&rest).parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            let at = b.path().join(&prefix);
            if at.is_dir() {
                std::fs::remove_dir_all(&at).expect("rm");
            } else {
                let _ = std::fs::remove_file(&at);
            }
            std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
            symlink(&target, &at).expect("symlink");
            let r = run_env(&b, &["check"], &[]);
            assert_eq!(
                r.code,
                2,
                "{key} linked at {}: {}",
                prefix.display(),
                r.stderr
            );
            // The error names this setting, or one whose path the link also
            // carries out (`src` holds the 404 page).
            let named = settings
                .iter()
                .any(|(k, p)| p.starts_with(&prefix) && r.stderr.contains(&format!("`{k}`")));
            assert!(
                named && r.stderr.contains("outside the book root"),
                "{key} linked at {}: {}",
                prefix.display(),
                r.stderr
            );
            assert!(!r.stderr.contains(SECRET) && !r.stdout.contains(SECRET));
            planted += 1;
        }
    }
    assert!(planted >= 25, "links planted: {planted}");
}

/// A sibling book outside the repository is refused; `input-404` may not be
/// absolute; `{{#include}}` never reads version control's folders.
#[test]
fn siblings_404_and_vcs_folders_stay_out() {
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(repo.path().join(".git")).expect("git");
    std::fs::write(
        repo.path().join(".git/config"),
        format!("[remote]\n  url = https://x:{SECRET}@example.com\n"),
    )
    .expect("config");
    // The book at the repository's root, as CI checks it out.
    let root = repo.path().to_path_buf();
    common::write(&root.join("book.toml"), b"[book]\ntitle = \"t\"\n");
    common::write(&root.join("src/SUMMARY.md"), b"# Summary\n\n- [A](a.md)\n");
    common::write(
        &root.join("src/a.md"),
        b"# A\n\n{{#include ../.git/config}}\n",
    );
    let r = common::docket(&root, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("version control"), "{}", r.stderr);
    let page = std::fs::read_to_string(root.join("book/a.html")).expect("page");
    assert!(!page.contains(SECRET), "the token was published");

    // A sibling beside the repository is outside it.
    let outside = tempfile::tempdir().expect("tmp");
    let rel = format!(
        "../{}",
        outside
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("x")
    );
    common::write(
        &root.join("book.toml"),
        format!("[book]\ntitle = \"t\"\n[preprocessor.docket]\nsibling-books = [\"{rel}\"]\n")
            .as_bytes(),
    );
    let r = common::docket(&root, &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("outside the repository"), "{}", r.stderr);
    assert!(r.stderr.contains("book.toml:"), "{}", r.stderr);

    common::write(
        &root.join("book.toml"),
        b"[book]\ntitle = \"t\"\n[output.html]\ninput-404 = \"/etc/passwd\"\n",
    );
    let r = common::docket(&root, &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("input-404"), "{}", r.stderr);
}

// ---- every input has a budget ------------------------------------------

/// A page that includes itself 4 times would expand 4^10 times: the page
/// stops at the include budget, and its warnings are folded.
#[test]
fn self_including_pages_stop_at_the_budget() {
    let b = book(
        "",
        &[(
            "a.md",
            "# A\n\n{{#include a.md}}\n{{#include a.md}}\n{{#include a.md}}\n{{#include a.md}}\n",
        )],
    );
    let loaded = load(&b);
    let text = expanded(&loaded, "a.md");
    let heads = text.matches("# A").count();
    assert!(heads <= 10_001, "includes expanded: {heads}");
    let about_a = loaded
        .warnings
        .iter()
        .filter(|w| w.at.path.ends_with("a.md"))
        .count();
    assert!(
        about_a <= MAX_PAGE_WARNINGS + 1,
        "warnings about the page: {about_a}"
    );
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("more warnings"))
    );
}

/// 80 includes of a 1 MB file stop at the page's byte budget; a line of 3,000
/// missing includes gives folded warnings with one pass for positions.
#[test]
fn large_and_missing_includes_stop_at_the_budget() {
    let big = "x".repeat(1 << 20);
    let page: String = "{{#include big.txt}}\n".repeat(80);
    let missing: String = "{{#include nope.rs}} ".repeat(3000);
    let b = book(
        "",
        &[
            ("a.md", page.as_str()),
            ("big.txt", big.as_str()),
            ("m.md", missing.as_str()),
        ],
    );
    let loaded = load(&b);
    let text = expanded(&loaded, "a.md");
    // What the directives added stays within the page's budget.
    assert!(
        text.len() <= MAX_EXPANSION + page.len(),
        "page bytes: {}",
        text.len()
    );
    assert!(
        text.len() >= MAX_EXPANSION / 2,
        "the budget was used: {}",
        text.len()
    );
    assert!(loaded.warnings.iter().any(|w| w.message.contains("budget")));
    let about_m: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| w.at.path.ends_with("m.md"))
        .collect();
    assert_eq!(about_m.len(), MAX_PAGE_WARNINGS + 1, "folded");
    // Positions are right: the 20th directive starts at column 1 + 19 * 21.
    assert_eq!(about_m[MAX_PAGE_WARNINGS - 1].at.col, 1 + 19 * 21);
}

/// A project template with nested loops stops on its fuel: exit 2 naming
/// the template, instead of a hang.
#[test]
fn templates_run_on_fuel() {
    let b = book(
        "[preprocessor.docket]\ntemplates = \"tpl\"\n",
        &[("a.md", "# A\n")],
    );
    b.write(
        "tpl/404.html",
        "{% for a in range(100000) %}{% for b in range(100000) %}.{% endfor %}{% endfor %}",
    );
    let r = b.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("404.html"), "{}", r.stderr);
    assert!(r.stderr.contains("fuel"), "{}", r.stderr);
}

/// A page of many distinct terms (the shape that collided under a fixed hash)
/// indexes, and the index is the same bytes on every build.
#[test]
fn crafted_terms_index_deterministically() {
    let mut page = String::from("# A\n\n");
    for i in 0..20_000u32 {
        page.push_str(&format!("t{i:x}q "));
    }
    let b = book("", &[("a.md", page.as_str())]);
    assert_eq!(b.run(&["build"]).code, 0);
    let first = common::snapshot(&b.path().join("book/search"));
    assert_eq!(b.run(&["build"]).code, 0);
    let second = common::snapshot(&b.path().join("book/search"));
    assert!(!first.is_empty());
    assert_eq!(first, second, "same input, same index bytes");
}

// ---- escaping in every format ------------------------------------------

/// A backtick in a link target cannot break out of the Markdown report's code
/// span, ESC and BEL are escaped in every format, CR is not raw in JUnit.
#[test]
fn reports_escape_what_pages_say() {
    let b = book("", &[("a.md", "# A\n\n[x](<no`such\u{1b}[31m\u{7}.md>)\n")]);
    for format in ["markdown", "junit", "human", "github", "short"] {
        let r = b.run(&["check", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(
            !r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'),
            "{format} prints raw control characters"
        );
    }
    // A raw CR in a message is lost to XML's line-end normalisation: escaped.
    let finding = docket::check::rules::Finding {
        path: "a.md".into(),
        line: 1,
        col: 1,
        rule: "link-broken",
        severity: docket::core::catalog::Severity::Error,
        message: "one\rtwo\u{1b}".into(),
        truth: None,
        fix: String::new(),
        detail: None,
        evidence: Some(docket::check::rules::Proof::new(
            docket::check::rules::ProofKind::Doc,
            "three\rfour\u{7}",
        )),
    };
    let result = docket::check::rules::CheckResult {
        findings: vec![finding],
        ..Default::default()
    };
    let ctx = docket::output::report::Context {
        pages: 1,
        sources: Default::default(),
        files: vec!["a.md".into()],
        color: false,
    };
    for format in docket::output::report::Format::ALL {
        let text = docket::output::report::render(format, &result, &ctx);
        assert!(!text.contains('\u{1b}'), "{}: raw ESC", format.name());
        if format.name() == "junit" {
            assert!(!text.contains('\r') && text.contains("one\\rtwo"), "{text}");
        }
    }
    let md = b.run(&["check", "--format", "markdown"]).stdout;
    let row = md
        .lines()
        .find(|l| l.contains("link-broken"))
        .expect("a row");
    // The message cell, parsed as GitHub parses it, is one code span.
    let cells: Vec<&str> = row.split(" | ").collect();
    let message = cells[3];
    let events: Vec<_> = pulldown_cmark::Parser::new(message).collect();
    let codes = events
        .iter()
        .filter(|e| matches!(e, pulldown_cmark::Event::Code(_)))
        .count();
    let texts = events
        .iter()
        .filter(|e| matches!(e, pulldown_cmark::Event::Text(_)))
        .count();
    assert_eq!((codes, texts), (1, 0), "{message}: {events:?}");
}

/// `javascript:` as the repository or edit link is warned about where it is
/// set and linked from no page.
#[test]
fn only_web_addresses_become_repository_links() {
    let b = book(
        "[output.html]\ngit-repository-url = \"javascript:alert(1)\"\nedit-url-template = \"JavaScript:alert({path})\"\n",
        &[("a.md", "# A\n")],
    );
    let r = b.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("book.toml:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("book.toml:5:"), "{}", r.stderr);
    let page = b.read("book/a.html").to_ascii_lowercase();
    assert!(
        !page.contains("javascript:alert"),
        "a live javascript: link"
    );
}

// ---- nothing lost silently ---------------------------------------------

/// `print.md` would be overwritten by the print page; `sub/README.md` and
/// `sub/index.md` are one page: both errors name both, exit 2, nothing built.
#[test]
fn page_names_docket_writes_or_shares_are_refused() {
    let b = book("", &[("a.md", "# A\n"), ("print.md", "# P\n")]);
    let r = b.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("print.md") && r.stderr.contains("print.html"));
    assert!(!b.path().join("book").exists());

    let b = book("", &[("sub/README.md", "# R\n"), ("sub/index.md", "# I\n")]);
    let r = b.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("sub/README.md") && r.stderr.contains("sub/index.md"),
        "{}",
        r.stderr
    );
}

/// A committed `.docket-site` marker does not make a folder of sources docket's.
#[test]
fn a_planted_marker_does_not_hand_over_a_folder() {
    let b = book(
        "[preprocessor.docket]\noutput-dir = \"assets\"\n",
        &[("a.md", "# A\n")],
    );
    b.write("assets/.docket-site", "written by docket; safe to delete\n");
    b.write("assets/logo.svg", "<svg/>");
    let r = b.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(b.read("assets/logo.svg"), "<svg/>");
    // Listing a file it never wrote does not help either.
    b.write(
        "assets/.docket-site",
        "written by docket; safe to delete\nindex.html\n",
    );
    assert_eq!(b.run(&["build"]).code, 2);
    assert_eq!(b.read("assets/logo.svg"), "<svg/>");
}

/// `init` refusing a `schemas/` linked out has written nothing.
#[test]
fn init_writes_all_or_nothing() {
    let b = Book::new(&[("docs/intro.md", "# Intro\n\nSome text.\n")]);
    let outside = tempfile::tempdir().expect("tmp");
    symlink(outside.path(), b.path().join("schemas")).expect("link");
    let r = b.run(&["init"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        !b.path().join("book.toml").exists(),
        "book.toml was written"
    );
    assert!(!b.path().join("docs/SUMMARY.md").exists());
    assert!(
        std::fs::read_dir(outside.path())
            .expect("dir")
            .next()
            .is_none()
    );
}

/// Two `Host` headers: which one counts is not known, so the request is refused.
#[test]
fn two_host_headers_are_refused() {
    use docket::app::serve::{HeadError, read_head};
    let two = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nHost: evil.example\r\n\r\n";
    assert_eq!(read_head(&mut &two[..]), Err(HeadError::TwoHosts));
    let one = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n";
    assert!(read_head(&mut &one[..]).is_ok());
}

/// A link that climbs above the repository root is a broken link.
#[test]
fn links_above_the_repository_are_reported() {
    let b = book(
        "",
        &[("a.md", "# A\n\n[pw](../../../../../../../../etc/passwd)\n")],
    );
    std::fs::create_dir_all(b.path().join(".git")).expect("git");
    let r = b.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("link-broken"), "{}", r.stdout);
    assert!(
        r.stdout.contains("above the repository root"),
        "{}",
        r.stdout
    );
}

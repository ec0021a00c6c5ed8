//! Git history and tags as evidence: a repository made here, with real commits
//! at fixed dates (so its hashes are the same on every run), whose page names a
//! renamed script, a deleted tool, a renamed page and an old release. With the
//! history, each finding says the commit; without Git, without a commit or with
//! `history = false`, the same findings come without it, and the first two say
//! why once on stderr.

use std::path::Path;
use std::process::Command;

use crate::common;
use common::Book;

const PAGE: &str = "# Intro

Run `scripts/old.sh` before `tools/gone.py`; `tools/nothing.py` was never here.

See [the old page](old-page.md).

The latest published release is 0.8.3.

The latest release was 0.7.0 in May. The next release will be 1.0, and
0.9.2 is out.
";

/// `git ARGS` in `dir` as a fixed author at `date`, isolated from the user's
/// and the system's configuration.
fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "A U Thor")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn have_git() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok();
    if !ok {
        assert!(!common::in_ci(), "git is needed under CI");
        common::skip("no git on PATH");
    }
    ok
}

/// The book as it is now (no history).
fn tree(extra_toml: &str) -> Book {
    Book::new(&[
        (
            "book.toml",
            &format!(
                "[book]\nsrc = \"src\"\n\n[preprocessor.docket.facts]\nfiles = true\n{extra_toml}"
            ),
        ),
        (
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"0.9.2\"\n",
        ),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Intro](intro.md)\n- [New](new-page.md)\n",
        ),
        ("src/intro.md", PAGE),
        ("src/new-page.md", "# New\n"),
        ("scripts/new.sh", "echo new\n"),
        ("tools/keep.py", "print(1)\n"),
    ])
}

/// The same book with its history: the script renamed twice, the tool
/// deleted, the page renamed, tags v0.8.3 and v0.9.2. Returns the short hashes
/// of the second, third and fourth commits.
fn with_history(book: &Book, extra_toml: &str) -> [String; 3] {
    let d = book.path();
    let day = |n: u32| format!("2026-03-0{n}T12:00:00+00:00");
    std::fs::remove_file(d.join("scripts/new.sh")).expect("rm");
    std::fs::remove_file(d.join("src/new-page.md")).expect("rm");
    common::write(&d.join("scripts/old.sh"), b"echo new\n");
    common::write(&d.join("tools/gone.py"), b"print(0)\n");
    common::write(&d.join("src/old-page.md"), b"# New\n");
    git(d, &day(1), &["init", "-q"]);
    git(d, &day(1), &["add", "-A"]);
    git(d, &day(1), &["commit", "-qm", "first"]);
    git(d, &day(1), &["tag", "v0.8.3"]);
    git(d, &day(2), &["mv", "scripts/old.sh", "scripts/mid.sh"]);
    git(d, &day(2), &["mv", "src/old-page.md", "src/new-page.md"]);
    git(
        d,
        &day(2),
        &["commit", "-qm", "move the script and the page"],
    );
    let second = git(d, &day(2), &["rev-parse", "--short=7", "HEAD"]);
    git(d, &day(3), &["mv", "scripts/mid.sh", "scripts/new.sh"]);
    git(d, &day(3), &["commit", "-qm", "again"]);
    let third = git(d, &day(3), &["rev-parse", "--short=7", "HEAD"]);
    git(d, &day(4), &["rm", "-q", "tools/gone.py"]);
    git(
        d,
        &day(4),
        &["commit", "-qm", "drop the \"gone\" tool\n\nbody"],
    );
    git(d, &day(4), &["tag", "-a", "v0.9.2", "-m", "0.9.2"]);
    git(d, &day(4), &["tag", "v1.0.0-rc.1"]);
    let fourth = git(d, &day(4), &["rev-parse", "--short=7", "HEAD"]);
    // Settings made after the history (so they do not change its hashes).
    if !extra_toml.is_empty() {
        let toml = book.read("book.toml");
        book.write("book.toml", &format!("{toml}{extra_toml}"));
    }
    [second, third, fourth]
}

/// (at, rule, severity, message, truth) of every finding.
fn findings(r: &common::Run) -> Vec<[String; 5]> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            [
                format!("{}:{}:{}", s("path"), f["line"], f["col"]),
                s("rule"),
                s("severity"),
                s("message"),
                s("truth"),
            ]
        })
        .collect()
}

fn check(book: &Book) -> common::Run {
    book.run(&["check", "--format", "json", "--today", "2026-05-02"])
}

/// What every run finds; `evidence` gives the history's words where it has them.
fn expected(evidence: Option<&[String; 3]>) -> Vec<[String; 5]> {
    let row = |at: &str, rule: &str, sev: &str, msg: &str, truth: &str| {
        [at, rule, sev, msg, truth].map(str::to_string)
    };
    let script = match evidence {
        Some([second, ..]) => row(
            "src/intro.md:3:5",
            "file-missing",
            "error",
            "the doc names `scripts/old.sh`, which does not exist; did you mean `scripts/new.sh`?",
            &format!(
                "`scripts/old.sh` was renamed to `scripts/mid.sh` in commit {second} (2026-03-02)"
            ),
        ),
        None => row(
            "src/intro.md:3:5",
            "file-missing",
            "warning",
            "the doc names `scripts/old.sh`, which does not exist",
            "`scripts/` exists but has no `old.sh`, and nothing in the tree resembles it: docket cannot confirm it was meant to",
        ),
    };
    let tool = match evidence {
        Some([.., fourth]) => row(
            "src/intro.md:3:29",
            "file-missing",
            "error",
            "the doc names `tools/gone.py`, which does not exist",
            &format!(
                "`tools/gone.py` was deleted in commit {fourth} (2026-03-04, \"drop the 'gone' tool\")"
            ),
        ),
        None => row(
            "src/intro.md:3:29",
            "file-missing",
            "warning",
            "the doc names `tools/gone.py`, which does not exist",
            "`tools/` exists but has no `gone.py`, and nothing in the tree resembles it: docket cannot confirm it was meant to",
        ),
    };
    let link = match evidence {
        Some([second, ..]) => row(
            "src/intro.md:5:5",
            "link-broken",
            "error",
            "link `old-page.md` does not resolve to a file; did you mean `new-page.md`?",
            &format!(
                "`src/old-page.md` was renamed to `src/new-page.md` in commit {second} (2026-03-02)"
            ),
        ),
        None => row(
            "src/intro.md:5:5",
            "link-broken",
            "error",
            "link `old-page.md` does not resolve to a file",
            "",
        ),
    };
    let release = match evidence {
        Some([.., fourth]) => row(
            "src/intro.md:7:5",
            "release-stale",
            "error",
            "the doc says the latest release is 0.8.3 (\"latest published release is 0.8.3\")",
            &format!(
                "tags reach v0.9.2 (commit {fourth}, 2026-03-04); Cargo.toml:3 has version 0.9.2"
            ),
        ),
        None => row(
            "src/intro.md:7:5",
            "release-stale",
            "warning",
            "the doc says the latest release is 0.8.3 (\"latest published release is 0.8.3\")",
            "Cargo.toml:3 has version 0.9.2; no version tag was read",
        ),
    };
    vec![
        script,
        tool,
        // Never in the history, nothing like it in the tree: a warning.
        row(
            "src/intro.md:3:46",
            "file-missing",
            "warning",
            "the doc names `tools/nothing.py`, which does not exist",
            "`tools/` exists but has no `nothing.py`, and nothing in the tree resembles it: docket cannot confirm it was meant to",
        ),
        link,
        release,
    ]
}

#[test]
fn history_is_the_evidence() {
    if !have_git() {
        return;
    }
    let book = tree("");
    let hashes = with_history(&book, "");
    let r = check(&book);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(findings(&r), expected(Some(&hashes)), "{}", r.stdout);
    assert_eq!(r.stderr, "", "a full history needs no note");
    // The same repository gives the same hashes on every run.
    let again = tree("");
    assert_eq!(with_history(&again, ""), hashes);
}

#[test]
fn without_git_history_the_same_findings_without_the_evidence() {
    // Not a work tree.
    let book = tree("");
    let r = check(&book);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(findings(&r), expected(None), "{}", r.stdout);
    if !have_git() {
        return;
    }
    let note =
        |why: &str| format!("note: no Git history ({why}): findings carry no history evidence\n");
    // Not a work tree: unless the temporary folder is inside one.
    let outside = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(book.path())
        .output()
        .is_ok_and(|o| !o.status.success());
    if outside {
        assert_eq!(r.stderr, note("the book is not in a Git work tree"));
    }
    // A fresh `git init`, nothing committed (how the precision corpora are
    // prepared): quiet, one note.
    git(book.path(), "2026-03-01T12:00:00+00:00", &["init", "-q"]);
    let r = check(&book);
    assert_eq!(findings(&r), expected(None), "{}", r.stdout);
    assert_eq!(r.stderr, note("the repository has no commits yet"));
    // No git on PATH.
    let empty = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["check", "--format", "json", "--today", "2026-05-02"])
        .current_dir(book.path())
        .env("PATH", empty.path())
        .output()
        .expect("docket runs");
    let r = common::Run::from(out);
    assert_eq!(findings(&r), expected(None), "{}", r.stdout);
    assert_eq!(r.stderr, note("`git` is not on PATH"));
}

#[test]
fn history_off_in_book_toml() {
    if !have_git() {
        return;
    }
    let book = tree("");
    with_history(&book, "history = false\n");
    let r = check(&book);
    assert_eq!(findings(&r), expected(None), "{}", r.stdout);
    assert_eq!(
        r.stderr, "",
        "turned off is said by book.toml, not by a note"
    );
}

#[test]
fn a_capped_history_says_it_is_partial() {
    if !have_git() {
        return;
    }
    let book = tree("");
    let [_, third, _] = with_history(&book, "history-max-commits = 1\n");
    let r = check(&book);
    let got = findings(&r);
    // Only the deletion (the newest such commit) was read.
    assert!(got[1][4].contains("was deleted in commit"), "{got:?}");
    assert_eq!(
        got[0][4],
        "`scripts/` exists but has no `old.sh`, and nothing in the tree resembles it: docket cannot confirm it was meant to",
        "{third}"
    );
    assert_eq!(
        r.stderr,
        "note: Git history is partial: only the 1 most recent commits that delete or rename a path were read\n"
    );
    // A bad setting is refused with its position.
    book.edit(
        "book.toml",
        "history-max-commits = 1",
        "history-max-commits = 0",
    );
    let r = check(&book);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("book.toml:"), "{}", r.stderr);
    assert!(r.stderr.contains("history-max-commits"), "{}", r.stderr);
}

#[test]
fn releases_only_when_the_page_says_what_is_out_now() {
    if !have_git() {
        return;
    }
    let book = tree("");
    with_history(&book, "");
    for (said, found) in [
        ("The latest published release is 0.9.2.", false),
        ("The latest release is 0.9.", false),
        ("Current release: v0.9.1", true),
        ("The latest release was 0.8.3, in May.", false),
        ("Once 1.0 ships, the current release will be 1.0.", false),
        ("Supported: the latest release is 0.8.x.", false),
    ] {
        book.write("src/intro.md", &format!("# Intro\n\n{said}\n"));
        let r = check(&book);
        let got: Vec<String> = findings(&r).into_iter().map(|f| f[1].clone()).collect();
        let want: &[&str] = if found { &["release-stale"] } else { &[] };
        assert_eq!(got, want, "{said}: {}", r.stdout);
    }
}

#[test]
fn a_repository_cannot_make_docket_run_a_program() {
    if !have_git() {
        return;
    }
    let book = tree("");
    let hashes = with_history(&book, "");
    let d = book.path();
    let marker = d.join("ran");
    let script = d.join("evil.sh");
    common::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\n", marker.display()).as_bytes(),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let evil = script.display().to_string();
    for (key, value) in [
        ("core.pager", evil.as_str()),
        ("core.fsmonitor", evil.as_str()),
        ("diff.external", evil.as_str()),
        ("diff.sh.textconv", evil.as_str()),
        ("log.showSignature", "true"),
        ("gpg.program", evil.as_str()),
        ("diff.renames", "false"),
    ] {
        git(d, "2026-03-05T12:00:00+00:00", &["config", key, value]);
    }
    common::write(&d.join(".gitattributes"), b"* diff=sh\n");
    let r = check(&book);
    assert!(!marker.exists(), "a program the repository configured ran");
    // Its settings change nothing either (renames still detected).
    assert_eq!(findings(&r), expected(Some(&hashes)), "{}", r.stdout);
}

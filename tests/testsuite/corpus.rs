//! docket on the real reflaxe.rust docs snapshot in ../shared/corpus.
//! Skips with a message when the corpus is absent (a fresh clone), except under CI=true.

use crate::common;
use common::{Book, copy_tree};

/// The snapshot has no SUMMARY.md: list every page, as `docket init` does.
/// Returns the page names.
fn list_every_page(book: &Book) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(book.path().join("docs"))
        .expect("docs")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    pages.sort();
    let summary: String = pages.iter().map(|p| format!("- [{p}]({p})\n")).collect();
    book.write("docs/SUMMARY.md", &format!("# Summary\n\n{summary}"));
    pages
}

#[test]
fn check_runs_on_the_corpus_without_error() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let book = Book::new(&[(
        "book.toml",
        "[book]\ntitle = \"reflaxe.rust\"\nsrc = \"docs\"\n",
    )]);
    copy_tree(&corpus.join("docs"), &book.path().join("docs"));
    let pages = list_every_page(&book);
    let r = book.run(&["check", "--format", "short"]);
    assert!(
        r.code == 0 || r.code == 1,
        "check ran: {}{}",
        r.stdout,
        r.stderr
    );
    // The corpus's status blocks are its own generator's (issue 15): named,
    // left alone, nothing else on stderr.
    let stderr = common::without_git_note(&r.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| !l.contains("is written by another tool (line"))
            .count(),
        0,
        "{}",
        r.stderr
    );
    assert_eq!(stderr.lines().count(), 2, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("in {} pages", pages.len())),
        "{}",
        r.stdout
    );
    // Its backticked `docs/x.md` references resolve from the root.
    assert!(!r.stdout.contains("backticked path `docs/"), "{}", r.stdout);
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The corpus checked against the shipped manifest (the same facts, written
/// independently): every finding is listed here after review, so a new false
/// positive on real docs fails this test.
#[test]
fn corpus_against_the_shipped_manifest_finds_exactly_the_reviewed_drift() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let book = Book::new(&[(
        "book.toml",
        "[book]\ntitle = \"reflaxe.rust\"\nsrc = \"docs\"\n\n[preprocessor.docket]\nmanifest = \"schemas/readiness.yaml\"\n",
    )]);
    copy_tree(&corpus.join("docs"), &book.path().join("docs"));
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(repo.join("schemas/readiness.yaml")).expect("manifest");
    // The corpus predates the gate-checklist, defines-table and profiles-table blocks.
    let manifest: String = manifest
        .lines()
        .filter(|l| {
            !matches!(
                l.trim(),
                "blocks: [gate-checklist]" | "blocks: [defines-table]" | "blocks: [profiles-table]"
            )
        })
        .map(|l| format!("{l}\n"))
        .collect();
    book.write("schemas/readiness.yaml", &manifest);
    list_every_page(&book);
    let r = book.run(&["check", "--format", "short", "--today", "2026-02-20"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let found: Vec<String> = r
        .stdout
        .lines()
        .filter(|l| !l.starts_with("docket:"))
        .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
        .collect();
    assert_eq!(
        found,
        [
            // The corpus's blocks were written by its own generator, in other
            // words; the shipped manifest lists them, so docket owns them here.
            "docs/progress-tracker.md:9:1: generated-stale",
            // Repository-root files the snapshot does not include: warnings, not errors.
            "docs/release.md:14:5: link-broken",
            "docs/release.md:18:5: link-broken",
            "docs/road-to-1.0.md:75:43: link-broken",
            // The threading page's status is dated before the 1.0 closeout review.
            "docs/threading.md:92:7: date-stale",
            "docs/vision-vs-implementation.md:16:1: generated-stale",
        ],
        "{}",
        r.stdout
    );
}

//! docket on the real reflaxe.rust docs snapshot in ../shared/corpus.
//! Skips with a message when the corpus is absent (a fresh clone), except under CI=true.

mod common;
use common::{Book, copy_tree};

#[test]
fn check_runs_on_the_corpus_without_error() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    // The snapshot has no SUMMARY.md: list every page, as `docket init` will.
    let book = Book::new(&[(
        "book.toml",
        "[book]\ntitle = \"reflaxe.rust\"\nsrc = \"docs\"\n",
    )]);
    copy_tree(&corpus.join("docs"), &book.path().join("docs"));
    let mut pages: Vec<String> = std::fs::read_dir(book.path().join("docs"))
        .expect("docs")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    pages.sort();
    let summary: String = pages.iter().map(|p| format!("- [{p}]({p})\n")).collect();
    book.write("docs/SUMMARY.md", &format!("# Summary\n\n{summary}"));
    let r = book.run(&["check", "--format", "short"]);
    assert!(
        r.code == 0 || r.code == 1,
        "check ran: {}{}",
        r.stdout,
        r.stderr
    );
    assert_eq!(r.stderr, "");
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

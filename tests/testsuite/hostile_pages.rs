//! Hostile pages stay linear in what docket does and prints. Growth ratios are
//! measured by bench/hostile.py (times are the machine's, so they are read
//! there, not asserted here); these tests pin the mechanisms that make the
//! output linear: crowded findings folded, claims quoting a bounded sentence.

use crate::common;
use common::Book;

fn one_page(body: &str) -> Book {
    let book = Book::fixture("clean");
    book.write("src/index.md", body);
    book
}

#[test]
fn findings_of_one_rule_on_one_line_are_folded_past_the_limit() {
    let links: Vec<String> = (0..50).map(|i| format!("[x](missing{i}.md)")).collect();
    let book = one_page(&format!("# Widget compiler\n\n{}\n", links.join(" ")));
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let broken: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("src/index.md:3:") && l.contains("link-broken"))
        .collect();
    assert_eq!(broken.len(), 21, "{}", r.stdout);
    assert!(
        broken
            .iter()
            .any(|l| l.contains("30 more `link-broken` findings on this line")),
        "{}",
        r.stdout
    );
    // Each link on its own line: nothing folded.
    let book = one_page(&format!("# Widget compiler\n\n{}\n", links.join("\n\n")));
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.contains("link-broken"))
            .count(),
        50,
        "{}",
        r.stdout
    );
}

#[test]
fn a_claim_quotes_a_bounded_sentence_from_a_line_without_sentence_ends() {
    let words = "word ".repeat(20_000);
    let book = one_page(&format!("# G\n\n{words}the gate is closed {words}\n"));
    let r = book.run(&["check", "--format", "short"]);
    let claim = r
        .stdout
        .lines()
        .find(|l| l.contains("gate is closed"))
        .unwrap_or_else(|| {
            panic!(
                "no gate finding:\n{}",
                &r.stdout[..r.stdout.len().min(2000)]
            )
        });
    assert!(
        claim.len() < 2_000,
        "the finding quotes {} bytes of a 200 KB line",
        claim.len()
    );
}

#[test]
fn each_finding_is_marked_at_its_own_block() {
    let links: Vec<String> = (0..30).map(|i| format!("[x](missing{i}.md)")).collect();
    let book = one_page(&format!("# Widget compiler\n\n{}\n", links.join("\n\n")));
    assert_eq!(book.run(&["build"]).code, 0);
    let html = std::fs::read_to_string(book.path().join("book/index.html")).expect("page");
    // The 30 links, and the manifest's missing link from the index to profiles.
    assert_eq!(html.matches("class=\"drift-mark error\"").count(), 31);
    for i in 0..30 {
        // Paragraph i is on line 3 + 2i; its mark is at its link, after its anchor.
        let anchor = format!(
            "id=\"docket-L{}\"></span><button type=\"button\" class=\"drift-mark error\"",
            3 + 2 * i
        );
        assert!(html.contains(&anchor), "no mark at line {}", 3 + 2 * i);
    }
}

//! The tracker's numbers and idioms (issue 23): counts of issues closed said
//! beside tracker words, counted the way the sentence counts; a `Status: X`
//! line with the ids on the lines below; checklist items and table rows
//! carrying ids; a ledger whose id column names another item; another tool's
//! block. The `tracker` fixture states each once wrong and once right.
//!
//! The fixture's tracker: ten issues, two of them epics; 6 of 10 closed, 5 of
//! the 8 that are not epics; the epic `rr-1` has 2 of 3 children closed.

use crate::common::{self, Book};

/// `(line, severity, message / truth)` of the `rule` findings in `path`.
fn findings(book: &Book, args: &[&str], rule: &str, path: &str) -> Vec<(u64, String, String)> {
    common::rule_findings(book, args, rule, path)
}

fn f(line: u64, severity: &str, text: &str) -> (u64, String, String) {
    (line, severity.to_string(), text.to_string())
}

const TRACKER: &str = "the tracker (`.beads/issues.jsonl`) has";

#[test]
fn counts_are_compared_the_way_the_sentence_counts() {
    let book = Book::fixture("tracker");
    let both = format!("{TRACKER} 6 of 10 closed (non-epic: 5 of 8)");
    let children =
        format!("{TRACKER} 2 of 3 of `rr-1`'s children closed (`rr-1`: .beads/issues.jsonl:1)");
    let said = |doc: &str, truth: &str| format!("the doc says {doc} closed; {truth} / {truth}");
    assert_eq!(
        findings(&book, &[], "count-mismatch", "docs/counts.md"),
        [
            // All issues or the non-epic ones: neither is 4/10.
            f(3, "error", &said("4/10", &both)),
            // "6 of 10 are closed" (all) and "Tasks: 5/8" (non-epic) agree.
            f(9, "error", &said("7/10 (70%)", &both)),
            // A progress bar.
            f(11, "error", &said("5/10", &both)),
            // An epic's children: 2/3 agrees, 3/3 does not.
            f(15, "error", &said("3/3", &children)),
            // A percentage alone; 60% agrees.
            f(
                17,
                "error",
                &said(
                    "40%",
                    &format!("{TRACKER} 6 of 10 (60%) closed (non-epic: 5 of 8 (62%))")
                ),
            ),
            // Under a heading naming the epic, tasks are its children.
            f(31, "error", &said("1/3", &children)),
            // A progress bar with a percentage; 60% agrees.
            f(
                39,
                "error",
                &said(
                    "70%",
                    &format!("{TRACKER} 6 of 10 (60%) closed (non-epic: 5 of 8 (62%))")
                ),
            ),
        ]
    );
}

#[test]
fn counts_that_are_not_the_trackers_or_not_of_now() {
    // Checks are the gate's, open issues are no closed count, a condition is
    // no claim (all in the fixture, none found above); a dated snapshot is
    // compared only on its day.
    let book = Book::fixture("tracker");
    let dated = findings(
        &book,
        &["--today", "2026-01-10"],
        "count-mismatch",
        "docs/counts.md",
    );
    let lines: Vec<u64> = dated.iter().map(|x| x.0).collect();
    assert_eq!(lines, [3, 9, 11, 15, 17, 27, 31, 35, 39], "{dated:?}");
    // Without a tracker there is nothing to compare with.
    book.edit("book.toml", "tracker = \".beads/issues.jsonl\"", "");
    assert_eq!(findings(&book, &[], "count-mismatch", "docs/counts.md"), []);
}

#[test]
fn a_status_line_binds_the_ids_below_it() {
    let book = Book::fixture("tracker");
    assert_eq!(
        findings(&book, &[], "status-mismatch", "docs/roadmap.md"),
        [
            // "In progress" when every id is closed.
            f(
                5,
                "error",
                "the doc says `rr-2`, `rr-3` are in progress (presented as not existing yet: \"Roadmap\" in the page title) / the tracker says `rr-2` is closed (.beads/issues.jsonl:2), `rr-3` is closed (.beads/issues.jsonl:3)"
            ),
            // "Done" when one is open.
            f(
                10,
                "error",
                "the doc says `rr-6`, `rr-4` are done (presented as not existing yet: \"Roadmap\" in the page title) / the tracker says `rr-6` is closed (.beads/issues.jsonl:6), `rr-4` is open (.beads/issues.jsonl:4)"
            ),
            // A list that agrees ("in progress" of rr-8), one that agrees
            // in a paragraph ("Done" of rr-6 and rr-7), a `Blocked by:` line
            // and a `Beads:` line in the next paragraph bind nothing; a list
            // right after the status paragraph does.
            f(
                35,
                "error",
                "the doc says `rr-4` is done (presented as not existing yet: \"Roadmap\" in the page title) / the tracker says `rr-4` is open (.beads/issues.jsonl:4)"
            ),
        ]
    );
}

#[test]
fn checklist_items_carrying_an_id_anywhere() {
    let book = Book::fixture("tracker");
    assert_eq!(
        findings(&book, &[], "status-mismatch", "docs/checklist.md"),
        [
            f(
                3,
                "warning",
                "the doc says `rr-2` is not done / the tracker says `rr-2` is closed (.beads/issues.jsonl:2)"
            ),
            f(
                4,
                "warning",
                "the doc says `rr-4` is done / the tracker says `rr-4` is open (.beads/issues.jsonl:4)"
            ),
            // rr-6 agrees; "discovered from rr-9" and two ids name no subject.
        ]
    );
}

#[test]
fn table_rows_read_their_own_id_and_status_column_only() {
    let book = Book::fixture("tracker");
    assert_eq!(
        findings(&book, &[], "status-mismatch", "docs/ledger.md"),
        [
            f(
                5,
                "error",
                "the doc says `rr-7` is open / the tracker says `rr-7` is closed (.beads/issues.jsonl:7)"
            ),
            // A `Done?` column.
            f(
                10,
                "error",
                "the doc says `rr-10` is done / the tracker says `rr-10` is open (.beads/issues.jsonl:10)"
            ),
            // The ledger: its id column is where each finding was discovered
            // from, and its status the finding's own; an `ID` column of the
            // row's own names no tracker item.
        ]
    );
}

#[test]
fn another_tools_block_is_still_compared_with_the_tracker() {
    let book = Book::fixture("tracker");
    assert_eq!(
        findings(&book, &[], "count-mismatch", "docs/generated.md"),
        [f(
            8,
            "error",
            &format!(
                "the doc says 5/10 closed; {TRACKER} 6 of 10 closed (non-epic: 5 of 8) / {TRACKER} 6 of 10 closed (non-epic: 5 of 8)"
            )
        )]
    );
    assert_eq!(
        findings(&book, &[], "status-mismatch", "docs/generated.md"),
        [f(
            12,
            "error",
            "the doc says `rr-10` is closed / the tracker says `rr-10` is open (.beads/issues.jsonl:10)"
        )]
    );
    // And once it agrees, nothing.
    book.edit("docs/generated.md", "5/10 beads", "6/10 beads");
    book.edit(
        "docs/generated.md",
        "| `rr-10` | closed |",
        "| `rr-10` | open |",
    );
    assert_eq!(
        findings(&book, &[], "count-mismatch", "docs/generated.md"),
        []
    );
    assert_eq!(
        findings(&book, &[], "status-mismatch", "docs/generated.md"),
        []
    );
}

#[test]
fn a_generated_block_is_compared_when_another_tools_and_left_alone_when_dockets() {
    // The `owners` fixture: four issues, two epics; 2 of 4 closed, 1 of the 2
    // that are not epics.
    let book = Book::fixture("owners");
    let note = "do not edit._\n";
    book.edit(
        "docs/foreign.md",
        note,
        &format!("{note}\nClosed: 3/4 beads.\n"),
    );
    book.edit(
        "docs/own.md",
        "<!-- GENERATED:progress-status:start -->\n",
        "<!-- GENERATED:progress-status:start -->\nClosed: 3/4 beads.\n\n",
    );
    let truth = format!("{TRACKER} 2 of 4 closed (non-epic: 1 of 2)");
    assert_eq!(
        findings(&book, &[], "count-mismatch", "docs/foreign.md"),
        [f(
            6,
            "error",
            &format!("the doc says 3/4 closed; {truth} / {truth}")
        )]
    );
    // docket's own block is `generated-stale`'s to judge.
    assert_eq!(findings(&book, &[], "count-mismatch", "docs/own.md"), []);
}

//! `serve`'s incremental check: after a page edit, re-reading only the edited
//! pages and the pages that link to them must give exactly a full check's result.

use crate::common;

use common::Book;
use docket::Project;
use docket::check::{blocks, rules};

const TODAY: &str = "2026-11-26";

fn full(project: &Project) -> rules::CheckResult {
    let plan = blocks::plan(project).expect("the fixture plans");
    rules::check(project, &plan, TODAY)
}

/// Edit `page` (source-relative) with `edit`, check incrementally and in full,
/// and require the same findings; returns (before, after) finding counts.
fn edit_and_compare(page: &str, edit: impl Fn(&str) -> String) -> (usize, usize) {
    let book = Book::fixture("reflaxe");
    // Drift on other pages first, so their findings must carry over.
    book.edit("content/v1.md", "(profiles.md)", "(profiles-gone.md)");
    let profiles = book.read("content/profiles.md");
    book.write(
        "content/profiles.md",
        &format!("{profiles}\nUse `-D rust_not_a_define` here.\n"),
    );
    let (mut project, _) = Project::load(book.path()).expect("the fixture loads");
    let before = full(&project);
    assert!(
        before.local.len() >= 2,
        "the seeded drift is found: {:?}",
        before.local
    );
    let rel = format!("content/{page}");
    book.write(&rel, &edit(&book.read(&rel)));
    let i = project.page_index(&rel).expect("the page is in the book");
    project.reload_pages(&[i]).expect("the edit reloads");
    let scope: std::collections::BTreeSet<usize> = project
        .affected(std::slice::from_ref(&rel))
        .expect("a page edit has a page scope")
        .iter()
        .filter_map(|p| project.page_index(p))
        .collect();
    assert!(scope.contains(&i));
    let plan = blocks::plan(&project).expect("plans");
    let inc = rules::check_pages(&project, &plan, TODAY, Some((&scope, &before)));
    let all = full(&project);
    assert_eq!(inc.findings, all.findings, "findings after editing {page}");
    assert_eq!(inc.allowed, all.allowed, "allowed after editing {page}");
    assert_eq!(inc.local, all.local, "local findings after editing {page}");
    (before.findings.len(), all.findings.len())
}

#[test]
fn a_broken_link_is_found_and_mended() {
    let (before, after) = edit_and_compare("road-to-1.0.md", |t| {
        t.replacen("(progress-tracker.md)", "(progress-trackr.md)", 1)
    });
    assert_eq!(after, before + 1);
}

#[test]
fn a_renamed_heading_breaks_the_anchors_of_pages_linking_to_it() {
    // production-readiness.md links to progress-tracker.md#confidence-windows.
    let (before, after) = edit_and_compare("progress-tracker.md", |t| {
        let heading = t
            .lines()
            .find(|l| l.starts_with('#') && l.to_lowercase().contains("confidence windows"))
            .expect("the heading")
            .to_string();
        t.replacen(&heading, "## Windows of confidence", 1)
    });
    assert!(after > before, "the linking page's anchor breaks");
}

#[test]
fn new_claims_on_one_page_are_checked() {
    let (before, after) = edit_and_compare("start-here.md", |t| {
        format!(
            "{t}\nSet `-D rust_no_such_define` and note that 3 / 21 checks closed (14%). The release gate is now closed.\n"
        )
    });
    assert!(after >= before + 2, "{before} -> {after}");
}

#[test]
fn removing_a_page_body_changes_book_wide_findings_too() {
    // The defines reference documents every define: emptying it is a book-wide
    // change (defines become undocumented), which the global rules see.
    // Its generated block's markers stay (the manifest requires the block).
    let (before, after) = edit_and_compare("defines-reference.md", |t| {
        let kept: Vec<&str> = t
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || l.contains("GENERATED:"))
            .map(|(_, l)| l)
            .collect();
        kept.join("\n") + "\n"
    });
    assert!(after > before, "{before} -> {after}");
}

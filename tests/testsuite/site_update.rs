//! `serve`'s update in place (only the edited pages re-rendered, the search
//! index and print.html from what this process built last) must leave the
//! same site, byte for byte, as a fresh build of the edited book.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common;
use common::Book;
use docket::Project;
use docket::check::{blocks, rules};
use docket::output::site;

const TODAY: &str = "2026-11-26";

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("readable"))
        })
        .collect()
}

fn check(project: &Project) -> rules::CheckResult {
    let plan = blocks::plan(project).expect("the shipped content plans");
    rules::check(project, &plan, TODAY)
}

#[test]
fn an_update_in_place_equals_a_fresh_build() {
    // As `serve`'s session does: keep what was built for the next update.
    let cache = site::SiteCache::default();
    let book = Book::shipped();
    let (mut project, _) = Project::load_with(book.path(), true).expect("loads");
    let served = site::Dest::named(book.path().join("served"));
    site::build(&project, &check(&project), &served, Some(&cache)).expect("first build");
    let print_before = book.read("served/print.html");

    let rel = "content/profiles.md";
    book.edit(rel, "## Profile selector", "## Profile selector, edited");
    let i = project.page_index(rel).expect("a page of the book");
    project.reload_pages(&[i]).expect("the edit reloads");
    let result = check(&project);
    site::update(&project, &result, &served, &BTreeSet::from([i]), &cache).expect("update");
    let fresh = site::Dest::named(book.path().join("fresh"));
    site::build(&project, &result, &fresh, None).expect("fresh build");

    let (a, b) = (tree(&served.dir), tree(&fresh.dir));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs after the update");
    }
    let print = book.read("served/print.html");
    assert!(
        print.contains("Profile selector, edited"),
        "print.html follows the edit"
    );
    assert_eq!(
        print.matches("class=\"print-chapter\"").count(),
        print_before.matches("class=\"print-chapter\"").count()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| {
            std::fs::metadata(book.path().join(p))
                .expect("exists")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("served/print.html"), mode("fresh/print.html"));
    }
}

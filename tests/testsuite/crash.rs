//! Crash safety: `docket sync` and `docket build` killed (SIGKILL) at varied
//! points leave every page either old or new and the site either the old one or
//! the new one, never a mix; two syncs at once corrupt nothing.

use crate::common;
use common::Book;

use std::process::{Command, Stdio};
use std::time::Duration;

const PAGES: usize = 120;
/// Kills per test. They land between the time the same run takes without
/// writing (loading and checking the book) and one and a half times a full run:
/// kills while docket only reads prove nothing, so none are spent there, and
/// about half land while it writes. Twenty-four show both outcomes of a build
/// with certainty short of 2^-20; a hundred spread over the whole run cost a
/// minute of the suite and proved no more.
const KILLS: usize = 24;

/// A book of PAGES pages, each with a stale block, and a manifest to render it.
fn book(word: &str) -> Book {
    let book = Book::fixture("clean");
    let mut summary = String::from("# Summary\n\n");
    for i in 0..PAGES {
        summary.push_str(&format!("- [P{i}](p{i:03}.md)\n"));
        book.write(
            &format!("src/p{i:03}.md"),
            &format!("# Page {i}\n\n{word} text.\n\n<!-- GENERATED:gate-checklist:start -->\nstale\n<!-- GENERATED:gate-checklist:end -->\n"),
        );
    }
    book.write("src/SUMMARY.md", &summary);
    book.edit(
        "schemas/readiness.yaml",
        "  - path: index.md\n    kind: index\n    links-to: [guide/profiles.md]\n",
        "",
    );
    book.edit(
        "schemas/readiness.yaml",
        "  - path: guide/profiles.md\n    kind: profiles\n    blocks: [profiles-table]\n",
        "",
    );
    book.edit("schemas/readiness.yaml", "docs:\n", "");
    book
}

/// Deterministic delays in microseconds, spread over `[from, to)`.
fn delays(n: usize, (from, to): (u64, u64)) -> Vec<u64> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            from + x % (to - from).max(1)
        })
        .collect()
}

fn kill_after(book: &Book, args: &[&str], delay_us: u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .current_dir(book.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_micros(delay_us));
    let _ = child.kill();
    let _ = child.wait();
}

/// How long an uninterrupted run takes.
fn duration_us(book: &Book, args: &[&str]) -> u64 {
    let t = std::time::Instant::now();
    let _ = book.run(args);
    (t.elapsed().as_micros() as u64).max(1000)
}

/// When kills are worth it: from the end of `reads` (the same work without
/// writing) to one and a half runs of `writes`.
fn window(book: &Book, reads: &[&str], writes: &[&str]) -> (u64, u64) {
    let from = duration_us(book, reads);
    let to = duration_us(book, writes) * 3 / 2;
    (from.min(to / 2), to)
}

#[test]
fn killed_sync_leaves_each_page_old_or_new() {
    let probe = book("Probe");
    let old: Vec<String> = (0..PAGES)
        .map(|i| probe.read(&format!("src/p{i:03}.md")))
        .collect();
    assert_eq!(probe.run(&["sync"]).code, 0);
    let new: Vec<String> = (0..PAGES)
        .map(|i| probe.read(&format!("src/p{i:03}.md")))
        .collect();
    assert_ne!(old, new);
    let span = window(&book("Probe"), &["sync", "--check"], &["sync"]);
    for (n, d) in delays(KILLS, span).into_iter().enumerate() {
        let b = book("Probe");
        kill_after(&b, &["sync"], d);
        for (i, (old, new)) in old.iter().zip(&new).enumerate() {
            let now = b.read(&format!("src/p{i:03}.md"));
            assert!(
                &now == old || &now == new,
                "iteration {n} (killed after {d} µs): page {i} is neither old nor new:\n{now}"
            );
        }
        let stray: Vec<_> = std::fs::read_dir(b.path().join("src"))
            .expect("src")
            .filter_map(Result::ok)
            .filter(|e| {
                !e.file_name().to_string_lossy().ends_with(".md")
                    && e.file_type().is_ok_and(|t| t.is_file())
            })
            .collect();
        // A temp file left by a kill is harmless (a dot-file, never read as a page).
        assert!(
            stray
                .iter()
                .all(|e| e.file_name().to_string_lossy().starts_with(".docket-sync-"))
        );
    }
}

#[test]
fn killed_build_leaves_the_old_site_or_the_new_one() {
    let span = {
        let b = book("Old");
        window(&b, &["check"], &["build"])
    };
    // The book with its old site, built once and copied for each kill.
    let built = book("Old");
    assert_eq!(built.run(&["build"]).code, 0);
    let (mut kept_old, mut got_new) = (0, 0);
    for (n, d) in delays(KILLS, span).into_iter().enumerate() {
        let b = Book::new(&[]);
        common::copy_tree(built.path(), b.path());
        for i in 0..PAGES {
            b.edit(&format!("src/p{i:03}.md"), "Old text.", "New text.");
        }
        kill_after(&b, &["build"], d);
        let site = b.path().join("book");
        let mut seen_old = 0;
        let mut seen_new = 0;
        for i in 0..PAGES {
            let page = std::fs::read_to_string(site.join(format!("p{i:03}.html")))
                .unwrap_or_else(|e| panic!("iteration {n}: page {i} missing from the site: {e}"));
            if page.contains("Old text.") {
                seen_old += 1;
            }
            if page.contains("New text.") {
                seen_new += 1;
            }
        }
        assert!(
            (seen_old, seen_new) == (PAGES, 0) || (seen_old, seen_new) == (0, PAGES),
            "iteration {n} (killed after {d} µs): a mixed site, {seen_old} old and {seen_new} new pages"
        );
        assert!(
            site.join(".docket-site").is_file(),
            "iteration {n}: the site lost its marker"
        );
        if seen_old == PAGES {
            kept_old += 1;
        } else {
            got_new += 1;
        }
    }
    // The kills landed both before and after the swap: the range was exercised.
    assert!(kept_old > 0 && got_new > 0, "old {kept_old}, new {got_new}");
}

#[test]
fn two_syncs_at_once_corrupt_nothing() {
    let probe = book("Probe");
    assert_eq!(probe.run(&["sync"]).code, 0);
    let want: Vec<String> = (0..PAGES)
        .map(|i| probe.read(&format!("src/p{i:03}.md")))
        .collect();
    // Races need repeats, not many: each run already interleaves 120 writes.
    for _ in 0..4 {
        let b = book("Probe");
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_docket"))
                .arg("sync")
                .current_dir(b.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn")
        };
        let (mut a, mut c) = (spawn(), spawn());
        let (ra, rc) = (a.wait().expect("a"), c.wait().expect("c"));
        assert!(ra.success() && rc.success());
        for (i, want) in want.iter().enumerate() {
            assert_eq!(&b.read(&format!("src/p{i:03}.md")), want, "page {i}");
        }
    }
}

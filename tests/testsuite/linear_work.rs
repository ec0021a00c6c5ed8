//! Linearity held by structure: each hostile family of `bench/hostile.py` is
//! run at N and 4N with `DOCKET_WORK=1`, and every work meter (bytes parsed,
//! bytes indexed or scanned for lines, bytes read around claims, HTML
//! rendered, text indexed for search, entries compared one by one for a
//! lookup) may grow at most about 4×. A pass
//! repeated per finding (a page parsed again, a line looked up from the top
//! of its file, a sentence found by scanning a whole run) grows about 16×.
//! The meters count bytes per call, so the figures are the input's, not the
//! machine's: unlike a timing, this cannot pass by luck or fail by load.

use crate::common::Book;

const BOOK_TOML: &str =
    "[book]\ntitle = \"Hostile\"\n\n[preprocessor.docket]\nmanifest = \"readiness.yaml\"\n";
const TRACKED_TOML: &str = "[book]\ntitle = \"Hostile\"\n\n[preprocessor.docket]\nmanifest = \"readiness.yaml\"\n\n[preprocessor.docket.facts]\ntracker = \".beads/issues.jsonl\"\n";
const MANIFEST: &str = "version: 1\nproject:\n  name: hostile\nrelease:\n  line: \"1.0\"\n  posture: pre-release\n  as-of: 2026-03-01\n";
const ONE_PAGE: &str = "# Summary\n\n- [Index](index.md)\n";

/// A book of one page `index.md`, with `summary` as SUMMARY.md.
fn book(summary: &str, page: &str) -> Book {
    Book::new(&[
        ("book.toml", BOOK_TOML),
        ("readiness.yaml", MANIFEST),
        ("src/SUMMARY.md", summary),
        ("src/index.md", page),
    ])
}

fn tracked(n: usize, page: &str) -> Book {
    let issues: String = (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"bd-{i}\",\"title\":\"Work item number {i}\",\"status\":\"open\"}}\n"
            )
        })
        .collect();
    Book::new(&[
        ("book.toml", TRACKED_TOML),
        ("readiness.yaml", MANIFEST),
        ("src/SUMMARY.md", ONE_PAGE),
        ("src/index.md", page),
        (".beads/issues.jsonl", &issues),
    ])
}

fn joined(n: usize, sep: &str, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(sep)
}

/// The hostile families: a name, the book at size n, and the command.
#[allow(clippy::type_complexity)]
fn families() -> Vec<(
    &'static str,
    usize,
    Box<dyn Fn(usize) -> Book>,
    &'static [&'static str],
)> {
    const SHORT: &[&str] = &["check", "--format", "short"];
    const HUMAN: &[&str] = &["check"];
    const BUILD: &[&str] = &["build", "-d", "site"];
    vec![
        (
            "broken links, one line",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!(
                        "# T\n\n{}\n",
                        joined(n, " ", |i| format!("[x](missing{i}.md)"))
                    ),
                )
            }),
            HUMAN,
        ),
        (
            "broken links, one per paragraph",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!(
                        "# T\n\n{}",
                        joined(n, "", |i| format!("[x](missing{i}.md)\n\n"))
                    ),
                )
            }),
            BUILD,
        ),
        (
            "as-of dates, one line",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!("# T\n\n{}\n", joined(n, " ", |_| "as of 2020-01-01".into())),
                )
            }),
            HUMAN,
        ),
        (
            "missing SUMMARY entries",
            500,
            Box::new(|n| {
                book(
                    &format!(
                        "{ONE_PAGE}{}",
                        joined(n, "", |i| format!("- [P{i}](p{i}.md)\n"))
                    ),
                    "# T\n",
                )
            }),
            HUMAN,
        ),
        (
            "item statuses, one line",
            200,
            Box::new(|n| {
                tracked(
                    n,
                    &format!(
                        "# T\n\n{}\n",
                        joined(n, ", ", |i| format!("`bd-{i}` is closed"))
                    ),
                )
            }),
            SHORT,
        ),
        (
            "titled statuses, one line",
            200,
            Box::new(|n| {
                tracked(
                    n,
                    &format!(
                        "# T\n\n{}\n",
                        joined(n, ": ", |i| format!("Work item number {i} is done"))
                    ),
                )
            }),
            SHORT,
        ),
        (
            "another tool's regions, nested",
            300,
            Box::new(|n| {
                let opens = joined(n, "", |i| format!("<!-- BEGIN GENERATED PART {i} -->\n\n"));
                let claims = joined(n, "", |i| format!("`src/f{i}.rs`\n\n"));
                let ends = joined(n, "", |i| format!("<!-- END GENERATED PART {i} -->\n\n"));
                book(ONE_PAGE, &format!("# T\n\n{opens}{claims}{ends}"))
            }),
            SHORT,
        ),
        (
            "missing includes, one line",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!(
                        "# T\n\n{}\n",
                        joined(n, " ", |i| format!("{{{{#include nope{i}.rs}}}}"))
                    ),
                )
            }),
            SHORT,
        ),
        (
            "headings and fragment links to them, one page",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!(
                        "# T\n\n{}",
                        joined(n, "", |i| format!("## H{i}\n\n[x](#h{i})\n\n"))
                    ),
                )
            }),
            SHORT,
        ),
        (
            "Font Awesome icons, one line",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!(
                        "# T\n\n{}\n",
                        joined(n, " ", |_| "<i class=\"fa fa-x\"></i>".into())
                    ),
                )
            }),
            BUILD,
        ),
        (
            "distinct search terms",
            2_000,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!("# T\n\n{}\n", joined(n, " ", |i| format!("w{i:x}q"))),
                )
            }),
            BUILD,
        ),
        (
            "claims in one paragraph without sentence ends",
            300,
            Box::new(|n| {
                book(
                    ONE_PAGE,
                    &format!(
                        "# T\n\n{}\n",
                        joined(n, " ", |i| format!(
                            "the gate {i} is closed and `src/x{i}.rs` exists"
                        ))
                    ),
                )
            }),
            HUMAN,
        ),
    ]
}

/// The meters of one run, by name.
fn meters(book: &Book, args: &[&str]) -> Vec<(String, u64)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .current_dir(book.path())
        .env("DOCKET_WORK", "1")
        .output()
        .expect("the docket binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("docket: work: "))
        .unwrap_or_else(|| panic!("no work line in stderr:\n{stderr}"));
    line.split_whitespace()
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

#[test]
fn every_pass_grows_linearly_with_a_hostile_page() {
    let mut failures = Vec::new();
    for (name, n, make, args) in families() {
        let small = meters(&make(n), args);
        let large = meters(&make(4 * n), args);
        assert_eq!(small.len(), 6, "{name}: {small:?}");
        // The page's own bytes are parsed at least once: the meters are on.
        assert!(small[0].1 > 0, "{name}: nothing parsed: {small:?}");
        for ((meter, a), (_, b)) in small.iter().zip(&large) {
            // 4N input: about 4× when linear (less with fixed costs), 16× when
            // quadratic. 6× leaves room for page chrome and never hides 16×.
            if *b > 6 * a.max(&1) && *b > 10_000 {
                failures.push(format!(
                    "{name}: {meter} grew {a} -> {b} ({:.1}×)",
                    *b as f64 / (*a).max(1) as f64
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "superlinear passes:\n{}",
        failures.join("\n")
    );
}

/// One parse per page: a second page adds its own bytes and its SUMMARY line
/// to the parse meter, no more. (Locating each finding from the top of its
/// file instead of through the page's line index makes the test above fail
/// with `lines` growing 16×; that was tried.)
#[test]
fn the_parse_meter_counts_each_page_once() {
    let page = "# T\n\nSome text.\n";
    let one = meters(&book(ONE_PAGE, page), &["check", "--format", "short"]);
    let two = Book::new(&[
        ("book.toml", BOOK_TOML),
        ("readiness.yaml", MANIFEST),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Index](index.md)\n- [Other](other.md)\n",
        ),
        ("src/index.md", page),
        ("src/other.md", page),
    ]);
    let two = meters(&two, &["check", "--format", "short"]);
    let summary_growth = ("- [Other](other.md)\n").len() as u64;
    assert_eq!(
        two[0].1 - one[0].1,
        page.len() as u64 + summary_growth,
        "{one:?} {two:?}"
    );
}

//! `docket sync`, `sync --check`, the `generated-stale` rule, malformed markers and closeout.

use crate::common;
use common::{Book, snapshot};

const PAGE: &str = "src/guide/profiles.md";

fn stale_book() -> Book {
    let book = Book::fixture("clean");
    book.edit(
        PAGE,
        "| Checked everything. |",
        "| Checked everything, by hand. |",
    );
    book
}

#[test]
fn hand_edited_block_is_stale_with_a_diff_then_sync_fixes_it() {
    let book = stale_book();
    let r = book.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.starts_with(
            "src/guide/profiles.md (1 error)

error[generated-stale]: block `profiles-table` differs from what the manifest renders
 --> src/guide/profiles.md:3:1
"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  | -| `safe` | yes | supported | `-D widget_profile=safe` | Checked everything, by hand. |"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "  | +| `safe` | yes | supported | `-D widget_profile=safe` | Checked everything. |"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  | @@ -4,4 +4,4 @@"),
        "diff hunks carry file line numbers: {}",
        r.stdout
    );

    let before = snapshot(book.path());
    let r = book.run(&["sync", "--check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("src/guide/profiles.md:3:1: block `profiles-table` is stale"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("+++ src/guide/profiles.md"),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(book.path()), before, "sync --check writes nothing");

    let r = book.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "refreshed src/guide/profiles.md\ndocket: 1 generated block, 1 page rewritten\n"
    );
    assert_eq!(book.run(&["check", "--format", "short"]).code, 0);
    assert_eq!(book.run(&["sync", "--check"]).code, 0);
    let pristine =
        std::fs::read_to_string(common::fixtures().join("clean").join(PAGE)).expect("fixture");
    assert_eq!(book.read(PAGE), pristine);
}

#[test]
fn sync_twice_changes_nothing_the_second_time() {
    let book = stale_book();
    assert_eq!(book.run(&["sync"]).code, 0);
    let once = snapshot(book.path());
    let r = book.run(&["sync"]);
    assert_eq!(r.stdout, "docket: 1 generated block, 0 pages rewritten\n");
    assert_eq!(snapshot(book.path()), once);
}

#[test]
fn manifest_change_makes_blocks_stale() {
    let book = Book::fixture("clean");
    book.edit(
        "schemas/readiness.yaml",
        "summary: Fewer checks.",
        "summary: Fewer checks, more speed.",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("generated-stale"), "{}", r.stdout);
    assert_eq!(book.run(&["sync"]).code, 0);
    assert!(book.read(PAGE).contains("| Fewer checks, more speed. |"));
}

#[test]
fn crlf_bom_trailing_bytes_and_permissions_are_kept() {
    let book = stale_book();
    let lf = book.read(PAGE);
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n").trim_end());
    book.write(PAGE, &crlf);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            book.path().join(PAGE),
            std::fs::Permissions::from_mode(0o640),
        )
        .expect("chmod");
    }
    assert_eq!(book.run(&["sync"]).code, 0);
    let out = book.read(PAGE);
    assert!(out.starts_with('\u{feff}'), "BOM kept");
    assert!(
        !out.replace("\r\n", "").contains('\n'),
        "every line ending is still CRLF"
    );
    assert!(!out.ends_with('\n'), "no trailing newline added");
    assert!(out.contains("| Checked everything. |\r\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(book.path().join(PAGE))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    assert_eq!(book.run(&["sync", "--check"]).code, 0);
}

/// Malformed markers: exit 2, a message with file and line, and every file byte-identical.
fn malformed(page_body: &str, expected: &str) {
    let book = stale_book();
    book.write(PAGE, page_body);
    let before = snapshot(book.path());
    for args in [&["sync"][..], &["sync", "--check"], &["check"], &["build"]] {
        let r = book.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(expected),
            "{args:?}: expected {expected:?} in {}",
            r.stderr
        );
        assert_eq!(snapshot(book.path()), before, "{args:?} wrote files");
    }
}

const START: &str = "<!-- GENERATED:profiles-table:start -->";
const END: &str = "<!-- GENERATED:profiles-table:end -->";

#[test]
fn unclosed_block() {
    malformed(
        &format!("# P\n\n{START}\nold\n"),
        "src/guide/profiles.md:3:1: block `profiles-table` is never closed",
    );
}

#[test]
fn unopened_block() {
    malformed(
        &format!("# P\n\n{START}\n{END}\n\ntext\n\n{END}\n"),
        "src/guide/profiles.md:8:1: end marker for block `profiles-table` has no start marker",
    );
}

#[test]
fn nested_blocks() {
    malformed(
        &format!(
            "# P\n\n{START}\n<!-- GENERATED:gate-checklist:start -->\n<!-- GENERATED:gate-checklist:end -->\n{END}\n"
        ),
        "src/guide/profiles.md:4:1: block `gate-checklist` starts inside block `profiles-table`",
    );
}

#[test]
fn duplicate_block_in_one_file() {
    malformed(
        &format!("# P\n\n{START}\n{END}\n\n{START}\n{END}\n"),
        "src/guide/profiles.md:6:1: block `profiles-table` appears twice in this file (first at line 3)",
    );
}

#[test]
fn unknown_block_name_is_a_warning_and_left_alone() {
    // Another tool's markers (or a typo) never stop a run; they are named.
    let book = stale_book();
    let body = format!(
        "# P\n\n{START}\n{END}\n\n<!-- GENERATED:progres-status:start -->\nkept\n<!-- GENERATED:progres-status:end -->\n\n<!-- GENERATED:other-tool:start -->\n"
    );
    book.write(PAGE, &body);
    for args in [&["sync", "--check"][..], &["check"], &["build"]] {
        let r = book.run(args);
        assert_ne!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(
                "src/guide/profiles.md:6:1: `GENERATED:progres-status` is not a docket block"
            ),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("`GENERATED:other-tool` is not a docket block"),
            "{}",
            r.stderr
        );
    }
    let r = book.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(book.read(PAGE).contains("progres-status:start -->\nkept\n"));
}

#[test]
fn marker_sharing_a_line() {
    malformed(
        &format!("# P\n\nSee {START} here.\n{END}\n"),
        "src/guide/profiles.md:3:1: marker for block `profiles-table` shares its line",
    );
}

#[test]
fn mismatched_end() {
    malformed(
        &format!("# P\n\n{START}\n<!-- GENERATED:gate-checklist:end -->\n"),
        "src/guide/profiles.md:4:1: end marker for block `gate-checklist` closes block `profiles-table`",
    );
}

#[test]
fn block_required_by_the_manifest_is_missing() {
    malformed(
        "# P\n\nNo blocks here.\n",
        "schemas/readiness.yaml:46:14: the manifest requires block `profiles-table` in `guide/profiles.md`",
    );
}

#[test]
fn markers_in_code_are_left_alone() {
    let book = stale_book();
    let page = book.read(PAGE);
    let fenced =
        format!("{page}\n```markdown\n{START}\nexample, not a block\n{END}\n```\n\n    {START}\n");
    book.write(PAGE, &fenced);
    assert_eq!(book.run(&["sync"]).code, 0);
    let out = book.read(PAGE);
    assert!(
        out.contains(&format!(
            "```markdown\n{START}\nexample, not a block\n{END}\n```"
        )),
        "{out}"
    );
    assert_eq!(book.run(&["check", "--format", "short"]).code, 0);
}

/// The clean fixture with `templates = "theme"` set.
fn themed_book() -> Book {
    let book = Book::fixture("clean");
    book.edit(
        "book.toml",
        "[preprocessor.docket]\n",
        "[preprocessor.docket]\ntemplates = \"theme\"\n",
    );
    book
}

#[test]
fn project_block_templates_override_and_extend() {
    let book = themed_book();
    book.write(
        "theme/blocks/profiles-table.md",
        "{% for p in profiles %}* {{ p.id }}\n{% endfor %}",
    );
    book.write(
        "theme/blocks/risk-list.md",
        "{{ project.name }} risks: {{ risks|length }}\n",
    );
    book.edit(
        PAGE,
        "# Profiles\n",
        "# Profiles\n\n<!-- GENERATED:risk-list:start -->\n<!-- GENERATED:risk-list:end -->\n",
    );
    assert_eq!(book.run(&["sync"]).code, 0);
    let out = book.read(PAGE);
    assert!(
        out.contains(&format!("{START}\n* safe\n* fast\n{END}")),
        "{out}"
    );
    assert!(
        out.contains(
            "<!-- GENERATED:risk-list:start -->\nwidgetc risks: 0\n<!-- GENERATED:risk-list:end -->"
        ),
        "{out}"
    );
}

#[test]
fn a_template_that_swallows_its_end_marker_is_refused() {
    let book = themed_book();
    book.write("theme/blocks/profiles-table.md", "```text\nopen fence\n");
    let before = snapshot(book.path());
    let r = book.run(&["sync"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("hides the GENERATED markers"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(book.path()), before);
}

#[test]
fn closeout_prefills_the_evidence_block() {
    let book = Book::fixture("clean");
    let r = book.run(&["closeout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("2.0 closeout evidence (2026-03-01)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("- Release gate status at review time: IN_PROGRESS")
    );
    assert!(r.stdout.contains("- Checklist completion: 3/4 closed"));
    assert!(r.stdout.contains("- docket check -> PASS"));
    assert!(r.stdout.contains("- src/guide/profiles.md reviewed"));
    assert!(r.stdout.contains("- Declare release gate closed now: NO"));
    let stale = stale_book();
    let r = stale.run(&["closeout"]);
    assert!(
        r.stdout.contains("- docket check -> FAIL (1 errors)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("docs drift: 1 open `generated-stale` finding(s)"),
        "{}",
        r.stdout
    );
}

#[test]
fn shipped_content_is_in_sync() {
    let book = Book::shipped();
    let r = book.run(&["sync", "--check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("generated blocks, all up to date"));
}

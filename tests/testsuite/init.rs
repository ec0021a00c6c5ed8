//! `docket init` on a repository with docs: what it writes, that it never
//! overwrites without `--force`, and that `docket check` runs on the result.
//!
//! CLI contract: `docket init [DIR] [--force]` prints `wrote PATH` for each file
//! written and `skipped PATH (exists; use --force to overwrite)` for each file
//! left alone, then `note: …` lines; it exits 0 (also when everything was
//! skipped) and 2 when it cannot run (no folder, no docs).

use crate::common;
use common::{Book, copy_tree, snapshot};

const DEFINES: &str = "# Defines reference

Compile-time defines, by area.

## Output

- `widget_output=<dir>`
  - Folder for the generated code.
- `widget_fast` or `widget_quick`
  - Skip the optimiser.
- `widget_cache_dir=<path>`: Where the build cache lives.

## Profiles

- `widget_profile=safe|fast`
  - The profile switch.
- `widget_speedy`
  - Alias for `widget_profile=fast`.

## Related docs

- `docs/profiles.md`
";

const PROFILES: &str = "# Profiles

Pick one with:

```bash
-D widget_profile=safe|fast
```

| Profile | What it is for |
| --- | --- |
| `safe` (default) | Careful, portable output |
| `fast` | Quick output for trusted code |
";

const PROGRESS: &str = "# Progress tracker

Current status (as of 2025-03-01):

<!-- GENERATED:progress-status:start -->
| Workstream | What this means | Status |
| --- | --- | --- |
| Core compiler | The core lowering is in place. | closed |
| Release gate | Final checks before 1.0. | in progress |
<!-- GENERATED:progress-status:end -->

Release-gate checklist: 3 / 4 closed (75%).

The release gate remains open.

Refresh with `npm run docs:sync` and run `bash scripts/check.sh` before a release.
";

const INDEX: &str = "# Widget docs

Start with [the profiles](profiles.md), then the [progress tracker](progress-tracker.md).
";

const SETUP: &str = "# Setting up

Run `npm test` after `npm install`.
";

const ISSUES: &str = r#"{"id":"w-1","title":"Core compiler","status":"closed"}
{"id":"w-2","title":"Ship the release","status":"open"}
"#;

const CODE: &str = r#"class Defines {
  static inline var OUT = "widget_output";
  public static function init() {
    var out = Context.definedValue(OUT);
    if (Context.defined("widget_fast") || Context.defined("widget_quick")) {}
    var p = Context.definedValue("widget_profile");
    if (Context.defined("widget_speedy")) {}
    if (Context.defined("widget_secret")) {}
  }
}
"#;

fn repo() -> Book {
    Book::new(&[
        (
            "package.json",
            r#"{"name":"widget","version":"0.4.2","scripts":{"test":"bash scripts/check.sh","docs:sync":"node tools/sync.js"}}"#,
        ),
        ("scripts/check.sh", "#!/bin/sh\necho ok\n"),
        (".beads/issues.jsonl", ISSUES),
        ("src/Defines.hx", CODE),
        ("src/Other.hx", "class Other {}\n"),
        ("docs/index.md", INDEX),
        ("docs/defines-reference.md", DEFINES),
        ("docs/profiles.md", PROFILES),
        ("docs/progress-tracker.md", PROGRESS),
        ("docs/guides/setup.md", SETUP),
    ])
}

fn lines_with<'a>(out: &'a str, prefix: &str) -> Vec<&'a str> {
    out.lines().filter(|l| l.starts_with(prefix)).collect()
}

#[test]
fn init_writes_the_three_files_and_check_runs_on_them() {
    let book = repo();
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        lines_with(&r.stdout, "wrote "),
        [
            "wrote book.toml",
            "wrote docs/SUMMARY.md",
            "wrote schemas/readiness.yaml"
        ],
        "{}",
        r.stdout
    );
    assert_eq!(r.stderr, "");

    let toml = book.read("book.toml");
    for want in [
        "title = \"widget\"",
        "src = \"docs\"",
        "manifest = \"schemas/readiness.yaml\"",
        "package-json = \"package.json\"",
        "tracker = \".beads/issues.jsonl\"",
        "files = true",
        "[preprocessor.docket.facts.defines]",
        "sources = [\"src\"]",
        "globs = [\"*.hx\"]",
    ] {
        assert!(toml.contains(want), "book.toml lacks {want:?}:\n{toml}");
    }
    assert!(!toml.contains("makefile"), "{toml}");

    // Reading order: the start page, then the pages it links to in order,
    // then the rest by path.
    let summary = book.read("docs/SUMMARY.md");
    assert_eq!(
        summary,
        "# Summary\n\n[Widget docs](index.md)\n\n\
         - [Profiles](profiles.md)\n\
         - [Progress tracker](progress-tracker.md)\n\
         - [Defines reference](defines-reference.md)\n\
         - [Guides]()\n  - [Setting up](guides/setup.md)\n"
    );

    let r = book.run(&["check", "--format", "short"]);
    eprintln!("{}", r.stdout);
    assert!(
        r.code == 0 || r.code == 1,
        "check ran: {}{}",
        r.stdout,
        r.stderr
    );
    // No config warnings; the block init did not adopt is named, left alone
    // (issue 15).
    assert_eq!(
        r.stderr,
        "warning: docs/progress-tracker.md:5:1: block `progress-status` is not docket's: the manifest's `docs` entry for `progress-tracker.md` does not list it under `blocks`, and it differs from what docket renders; docket leaves it alone. To hand it to docket, list it under `blocks` in the manifest's `docs` entry for `progress-tracker.md` (`- path: progress-tracker.md` with `blocks: [progress-status]`) and run `docket sync`\n"
    );
    assert!(r.stdout.contains("in 5 pages"), "{}", r.stdout);
    // Everything the docs say was taken as the truth, so what is left is what
    // the docs and the code disagree on (the block init did not adopt is not
    // docket's, so never stale).
    let found: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(": ") && !l.starts_with("docket:"))
        .map(|l| l.split(" (evidence: ").next().unwrap_or(l))
        .collect();
    assert_eq!(
        found,
        [
            // The code reads `widget_secret`; the reference never documents it.
            "docs/defines-reference.md:1:1: define-undocumented: the defines reference does not document `widget_secret`",
            // Documented, but no code reads it: the manifest says removed
            // (issue 23), so the page that offers it is the finding.
            "docs/defines-reference.md:11:3: define-removed: the doc names `widget_cache_dir`, which was removed",
            "src/Defines.hx:8:1: manifest-drift: the code reads define `widget_secret`, which the manifest does not list",
        ],
        "{}",
        r.stdout
    );
}

#[test]
fn init_never_overwrites_without_force() {
    let book = repo();
    assert_eq!(book.run(&["init"]).code, 0);
    book.write("book.toml", "# hand-edited\n[book]\nsrc = \"docs\"\n");
    let before = snapshot(book.path());

    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        lines_with(&r.stdout, "wrote "),
        Vec::<&str>::new(),
        "{}",
        r.stdout
    );
    assert_eq!(
        lines_with(&r.stdout, "skipped "),
        [
            "skipped book.toml (exists; use --force to overwrite)",
            "skipped docs/SUMMARY.md (exists; use --force to overwrite)",
            "skipped schemas/readiness.yaml (exists; use --force to overwrite)",
        ]
    );
    assert_eq!(
        snapshot(book.path()),
        before,
        "nothing may change without --force"
    );

    let r = book.run(&["init", "--force"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(lines_with(&r.stdout, "wrote ").len(), 3, "{}", r.stdout);
    assert!(
        book.read("book.toml")
            .contains("[preprocessor.docket.facts]")
    );
    // A rewrite is the same as a fresh run.
    let fresh = repo();
    assert_eq!(fresh.run(&["init"]).code, 0);
    for f in ["book.toml", "docs/SUMMARY.md", "schemas/readiness.yaml"] {
        assert_eq!(book.read(f), fresh.read(f), "{f}");
    }
}

#[test]
fn the_manifest_holds_what_the_docs_say_with_where_they_say_it() {
    let book = repo();
    assert_eq!(book.run(&["init"]).code, 0);
    let m = book.read("schemas/readiness.yaml");
    for want in [
        "name: widget  # from package.json \"name\"",
        "define-prefixes: [widget_]",
        // pre-release: nothing says 1.0 is out; the line comes from "before 1.0"
        "line: \"1.0\"",
        "posture: pre-release",
        "as-of: \"2025-03-01\"  # from the newest as-of date in the docs, at docs/progress-tracker.md:3",
        "state: open",
        "total: 4\n      closed: 3",
        "profile-selector: widget_profile",
        "- id: safe  # from the selector's values\n    default: true  # from the default marker at docs/profiles.md:11",
        "summary: \"Careful, portable output\"",
        "aliases: [widget_speedy]",
        "- name: widget_output  # from docs/defines-reference.md:7\n    value: \"<dir>\"",
        "category: output  # from heading \"Output\" at docs/defines-reference.md:5",
        "summary: \"Folder for the generated code.\"  # from docs/defines-reference.md:8",
        "- name: widget_fast",
        "aliases: [widget_quick]",
        "summary: \"Where the build cache lives.\"",
        "values: [safe, fast]",
        "- id: core-compiler",
        "status: in-progress  # from the same row, which says \"in progress\"",
        "tracker: w-1",
        "run: \"npm run docs:sync\"",
        "run: \"npm test\"",
        "run: \"bash scripts/check.sh\"",
        // Its kind from what it holds; its block is not adopted: docket's
        // template renders the table otherwise ("in progress" is not a status
        // docket writes), so the manifest does not claim it.
        "- path: progress-tracker.md\n    kind: progress-tracker  # from its status table of work items, at docs/progress-tracker.md:8\n",
        "- path: defines-reference.md\n    kind: defines-reference",
        "- path: profiles.md\n    kind: profiles",
        "- path: guides/setup.md\n    kind: guide",
    ] {
        assert!(m.contains(want), "manifest lacks {want:?}:\n{m}");
    }
    assert!(
        !m.contains("docs/profiles.md\n"),
        "a doc path is not a define:\n{m}"
    );
    // Every value line of an inferred list entry says where it came from.
    for l in m
        .lines()
        .filter(|l| l.trim_start().starts_with("- name:") || l.trim_start().starts_with("summary:"))
    {
        assert!(l.contains("  # "), "no source comment: {l}");
    }
    assert!(m.contains("# from docs/"), "{m}");

    // It loads: check does not stop on it (exit 2), and the profiles, defines
    // and workstreams it holds are the ones check compares the docs with.
    let r = book.run(&["check", "--format", "json"]);
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_drifting_doc_is_caught_after_init() {
    let book = repo();
    assert_eq!(book.run(&["init"]).code, 0);
    book.edit(
        "docs/profiles.md",
        "-D widget_profile=safe|fast",
        "-D widget_profile=safe|fast|turbo",
    );
    book.edit(
        "docs/progress-tracker.md",
        "The release gate remains open.",
        "The release gate is closed.",
    );
    let r = book.run(&["check", "--format", "short"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("profile-unknown: the doc offers profile `turbo`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("contradiction: the doc says the gate is closed"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_profile_only_a_guide_offers_stays_out_of_the_manifest() {
    // The defines reference and the profiles page are the truth; a guide that
    // offers another value is drift for check to report, not a new profile.
    let book = repo();
    book.write(
        "docs/guides/speed.md",
        "# Speed\n\nUse `-D widget_profile=turbo|fast`.\n",
    );
    assert_eq!(book.run(&["init"]).code, 0);
    assert!(
        book.read("schemas/readiness.yaml")
            .contains("values: [safe, fast]")
    );
    let r = book.run(&["check", "--format", "short"]);
    assert!(
        r.stdout
            .contains("docs/guides/speed.md:3:24: profile-unknown: the doc offers profile `turbo`"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_existing_summary_is_kept_and_decides_the_doc_set() {
    let book = repo();
    book.write(
        "docs/SUMMARY.md",
        "# Summary\n\n- [Widget docs](index.md)\n- [Profiles](profiles.md)\n",
    );
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("skipped docs/SUMMARY.md (exists; use --force to overwrite)"),
        "{}",
        r.stdout
    );
    let m = book.read("schemas/readiness.yaml");
    assert!(m.contains("- path: profiles.md"), "{m}");
    assert!(
        !m.contains("- path: progress-tracker.md"),
        "only listed pages: {m}"
    );
    let r = book.run(&["check", "--format", "short"]);
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr, "");
    assert!(!r.stdout.contains("doc-missing"), "{}", r.stdout);
}

#[test]
fn init_without_docs_or_folder_exits_2() {
    let book = Book::new(&[("package.json", "{}"), ("src/main.rs", "fn main() {}\n")]);
    let r = book.run(&["init"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no docs found"), "{}", r.stderr);
    assert!(!book.path().join("book.toml").exists());

    let r = book.run(&["init", "package.json"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("package.json: is not a folder"),
        "{}",
        r.stderr
    );
    let r = book.run(&["init", "missing"]);
    assert_eq!(r.code, 2);
}

#[test]
fn odd_docs_do_not_break_init() {
    // No package.json, a broken tracker, weird names and markup: init still
    // writes files that load, and says what it left out.
    let book = Book::new(&[
        (".beads/issues.jsonl", "{oops\n"),
        (
            "notes/a b (draft).md",
            "# A \"quoted\" [title] with `code` and \\ backslash\n",
        ),
        ("notes/deep/x/y.md", "no heading here\n"),
        (
            "notes/define-list.md",
            "## Sec: tion #1\n\n- `-D Bad Name`\n- `9lives`\n- `ok_name=a|b` or `ok_name`\n- `x.y`\n  - \n- ``\n\n| a | Status |\n|---|---|\n| | closed |\n| ünï | wip |\n| X | blocked |\n",
        ),
        (
            "notes/profile.md",
            "`sel_profile=a|b|a` and `sel_profile=b|c`\n\n`c` is the default.\n",
        ),
    ]);
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("note: "), "{}", r.stdout);
    assert!(
        !book.read("book.toml").contains("tracker"),
        "a broken tracker is not configured"
    );
    let m = book.read("schemas/readiness.yaml");
    assert!(m.contains("values: [a, b, c]"), "{m}");
    assert!(
        m.contains("- id: c  # from the selector's values\n    default: true"),
        "{m}"
    );
    let r = book.run(&["check", "--format", "short"]);
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr, "");
}

/// The real reflaxe.rust docs: init, then check. The output is printed for review.
#[test]
fn init_on_the_corpus_then_check() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let book = Book::new(&[]);
    copy_tree(&corpus.join("docs"), &book.path().join("docs"));
    for f in ["package.json", ".beads/issues.jsonl"] {
        if corpus.join(f).is_file() {
            common::write(
                &book.path().join(f),
                &std::fs::read(corpus.join(f)).expect("read corpus file"),
            );
        }
    }
    let r = book.run(&["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    eprintln!("--- docket init\n{}", r.stdout);
    let m = book.read("schemas/readiness.yaml");
    for want in [
        "profile-selector: reflaxe_rust_profile",
        "- name: rust_output",
        "aliases: [rust_codegen_only]",
        "- id: production-release-gate",
        "posture: released",
    ] {
        assert!(m.contains(want), "manifest lacks {want:?}");
    }
    // The corpus's own progress table is not what docket's template renders:
    // init leaves it to its writer and says how to hand it over.
    assert!(!m.contains("blocks: [progress-status]"), "{m}");
    assert!(
        r.stdout
            .contains("GENERATED block `progress-status` is not adopted"),
        "{}",
        r.stdout
    );
    let r = book.run(&["check", "--format", "short"]);
    eprintln!(
        "--- docket check --format short (exit {})\n{}",
        r.code, r.stdout
    );
    assert!(
        r.code == 0 || r.code == 1,
        "check ran: {}{}",
        r.stdout,
        r.stderr
    );
    // Only the corpus's own generator's blocks are named (issue 15).
    assert!(
        common::without_git_note(&r.stderr)
            .lines()
            .all(|l| l.contains("is written by another tool (line")),
        "{}",
        r.stderr
    );
    // The manifest was inferred from these docs: they agree with it on every fact.
    for rule in [
        "define-unknown",
        "define-undocumented",
        "profile-unknown",
        "profile-undocumented",
        "contradiction",
        "count-mismatch",
        "status-mismatch",
        "doc-missing",
        "summary-orphan",
        "manifest-drift",
    ] {
        assert!(
            !r.stdout.contains(&format!(": {rule}:")),
            "{rule}: {}",
            r.stdout
        );
    }
}

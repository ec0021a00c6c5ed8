//! The drift fixtures suite: a frozen copy of the shipped book's reflaxe.rust
//! pages (tests/fixtures/reflaxe, so that editing the shipped docs never breaks
//! it), copied and broken in one way per case, must produce exactly the expected
//! findings (rule, path, line, column and severity), no more and no fewer; the
//! unbroken copy must produce none.
//!
//! Every rule in the catalog has at least two distinct breakages (different files
//! or different claim forms), except those listed in `NOT_YET_COVERED`. A case is
//! data: edits applied to a fresh copy of the fixture, and the findings
//! `docket check --format short` must report; one test per rule runs its cases.
//!
//! Expected positions are written as the text the finding points at, not as bare
//! line numbers, so that the suite keeps working while the fixture pages grow: the
//! line and column are computed from the edited copy (the text must occur exactly
//! once in its file), and the whole list is compared for equality with the
//! report.

use crate::common;
use common::Book;

/// The date allowances are judged against (after the manifest's as-of date).
const TODAY: &str = "2026-02-20";

/// Rules whose default severity is a warning (checked against `docket explain`).
const WARNING_RULES: &[&str] = &[
    "allow-lapsed",
    "allow-unused",
    "date-stale",
    "summary-orphan",
];

/// Catalog rules broken elsewhere: they check the book against a source tree and a
/// tracker export, which the shipped book does not carry, so `tests/testsuite/facts.rs` breaks
/// them on its fake compiler tree (tests/fixtures/fakec); `release-stale` needs a
/// repository's tags, which `tests/testsuite/history.rs` makes. A new rule must be
/// given cases below or be listed here, so that no rule goes untested by accident.
const NOT_YET_COVERED: &[&str] = &["file-missing", "manifest-drift", "release-stale"];

const ALLOW_INVALID: &str = "allow-invalid";
const ALLOW_LAPSED: &str = "allow-lapsed";
const ALLOW_UNUSED: &str = "allow-unused";
const ANCHOR_BROKEN: &str = "anchor-broken";
const ARITHMETIC: &str = "arithmetic";
const COMMAND_UNKNOWN: &str = "command-unknown";
const CONTRADICTION: &str = "contradiction";
const COUNT_MISMATCH: &str = "count-mismatch";
const DATE_STALE: &str = "date-stale";
const DEFINE_REMOVED: &str = "define-removed";
const DEFINE_UNDOCUMENTED: &str = "define-undocumented";
const DEFINE_UNKNOWN: &str = "define-unknown";
const DOC_MISSING: &str = "doc-missing";
const GENERATED_STALE: &str = "generated-stale";
const LINK_BROKEN: &str = "link-broken";
const PATH_LOCAL: &str = "path-local";
const PROFILE_UNDOCUMENTED: &str = "profile-undocumented";
const PROFILE_UNKNOWN: &str = "profile-unknown";
const STATUS_MISMATCH: &str = "status-mismatch";
const SUMMARY_ORPHAN: &str = "summary-orphan";
const SUPPORT_MISMATCH: &str = "support-mismatch";

// Files of the fixture (laid out as the shipped book).
const SUMMARY: &str = "content/SUMMARY.md";
const MANIFEST: &str = "schemas/readiness.yaml";
const INDEX: &str = "content/index.md";
const START_HERE: &str = "content/start-here.md";
const READINESS: &str = "content/production-readiness.md";
const TRACKER: &str = "content/progress-tracker.md";
const VISION: &str = "content/vision-vs-implementation.md";
const ROAD: &str = "content/road-to-1.0.md";
const CLOSEOUT: &str = "content/release-gate-closeout.md";
const V1: &str = "content/v1.md";
const DEFINES: &str = "content/defines-reference.md";
const PROFILES: &str = "content/profiles.md";

// Start markers of the generated blocks: `generated-stale` points at them.
const DEFINES_TABLE: &str = "<!-- GENERATED:defines-table:start -->";
const PROFILES_TABLE: &str = "<!-- GENERATED:profiles-table:start -->";
const PROGRESS_STATUS: &str = "<!-- GENERATED:progress-status:start -->";
const GATE_CHECKLIST: &str = "<!-- GENERATED:gate-checklist:start -->";

/// One change to the copied book.
#[derive(Debug, Clone, Copy)]
enum Edit {
    /// Replace the first occurrence of `from` with `to` in `file`; panics if `from` is absent.
    Replace(&'static str, &'static str, &'static str),
    /// Append text to the end of `file`.
    Append(&'static str, &'static str),
    /// Create (or overwrite) `file`.
    Write(&'static str, &'static str),
}
use Edit::{Append, Replace, Write};

/// Where a finding must be reported.
#[derive(Debug, Clone, Copy)]
enum Loc {
    /// At the first character of `target` inside `context`; `context` must occur
    /// exactly once in the file after the edits.
    Text {
        context: &'static str,
        target: &'static str,
    },
    /// A fixed line and column (the top of a page).
    LineCol(usize, usize),
}

/// One expected finding.
#[derive(Debug, Clone, Copy)]
struct Want {
    path: &'static str,
    loc: Loc,
    rule: &'static str,
    /// Reported as a warning although the rule defaults to error (a weak finding).
    weak: bool,
}

/// A finding at the start of `text` in `path`.
const fn at(path: &'static str, text: &'static str, rule: &'static str) -> Want {
    within(path, text, text, rule)
}

/// A finding at the start of `target`, found inside the unique text `context`.
const fn within(
    path: &'static str,
    context: &'static str,
    target: &'static str,
    rule: &'static str,
) -> Want {
    Want {
        path,
        loc: Loc::Text { context, target },
        rule,
        weak: false,
    }
}

/// A finding at line 1, column 1 of `path` (a page's first heading, or a whole file).
const fn top(path: &'static str, rule: &'static str) -> Want {
    Want {
        path,
        loc: Loc::LineCol(1, 1),
        rule,
        weak: false,
    }
}

/// The same finding, reported as a warning whatever the rule's default.
const fn weak(w: Want) -> Want {
    Want { weak: true, ..w }
}

/// One breakage and everything it must produce.
struct Case {
    name: &'static str,
    edits: &'static [Edit],
    want: &'static [Want],
}

/// Every rule with its breakages.
const CASES: &[(&str, &[Case])] = &[
    (
        PATH_LOCAL,
        &[
            // A maintainer's checkout: its tail is a file of this repository.
            Case {
                name: "a checkout on one machine",
                edits: &[Append(
                    ROAD,
                    "Notes kept in `/Users/ana/src/reflaxe.rust/content/v1.md`.\n",
                )],
                want: &[at(
                    ROAD,
                    "`/Users/ana/src/reflaxe.rust/content/v1.md`",
                    PATH_LOCAL,
                )],
            },
            // A home folder whose files this repository does not hold: a
            // warning; a placeholder owner is no one's.
            Case {
                name: "a home folder, as a link and in code",
                edits: &[Append(
                    ROAD,
                    "See [the log](/home/ana/logs/run.txt); yours is `/home/<user>/logs/run.txt`.\n",
                )],
                want: &[weak(at(
                    ROAD,
                    "[the log](/home/ana/logs/run.txt)",
                    PATH_LOCAL,
                ))],
            },
        ],
    ),
    (
        LINK_BROKEN,
        &[
            // A typo in a table link on the index page (the index still links to
            // start-here.md further down, so its required link holds).
            Case {
                name: "table link with a typo",
                edits: &[Replace(INDEX, "(start-here.md)", "(start-hre.md)")],
                want: &[at(INDEX, "[Start here](start-hre.md)", LINK_BROKEN)],
            },
            // A link into a folder that does not exist, wrapped onto its own line.
            Case {
                name: "link into a missing folder",
                edits: &[Replace(
                    V1,
                    "[defines reference](defines-reference.md)",
                    "[defines reference](reference/defines.md)",
                )],
                want: &[at(
                    V1,
                    "[defines reference](reference/defines.md)",
                    LINK_BROKEN,
                )],
            },
            // A backticked doc path with a folder is resolved like a link (from the
            // root, the source folder, then the page), but it is a claim, not a
            // link a reader follows: an error only with a close path behind it
            // (`v1.md` one letter off), else a warning; a bare backticked name
            // that resolves nowhere is a warning too.
            Case {
                name: "backticked doc paths",
                edits: &[Append(
                    READINESS,
                    "- The rules behind these checks: `content/docket/rule.md`\n- The changelog: `CHANGELOG.md`\n- The 1.0 page: `content/v2.md` and `content/vl.md`\n",
                )],
                want: &[
                    weak(at(READINESS, "`content/docket/rule.md`", LINK_BROKEN)),
                    weak(at(READINESS, "`CHANGELOG.md`", LINK_BROKEN)),
                    weak(at(READINESS, "`content/v2.md`", LINK_BROKEN)),
                    at(READINESS, "`content/vl.md`", LINK_BROKEN),
                ],
            },
        ],
    ),
    (
        ANCHOR_BROKEN,
        &[
            // A fragment into another page that names no heading there.
            Case {
                name: "fragment typo into another page",
                edits: &[Replace(
                    START_HERE,
                    "defines-reference.md#core-output-and-build",
                    "defines-reference.md#core-output",
                )],
                want: &[at(
                    START_HERE,
                    "[defines reference](defines-reference.md#core-output)",
                    ANCHOR_BROKEN,
                )],
            },
            // The target heading is renamed; the link on another page goes stale.
            Case {
                name: "target heading renamed",
                edits: &[Replace(
                    TRACKER,
                    "## Confidence windows",
                    "## Confidence window",
                )],
                want: &[at(
                    READINESS,
                    "[progress tracker](progress-tracker.md#confidence-windows)",
                    ANCHOR_BROKEN,
                )],
            },
            // A same-page fragment with no heading of that id.
            Case {
                name: "same-page fragment",
                edits: &[Replace(
                    V1,
                    "([how to choose](profiles.md))",
                    "([how to choose](#how-to-choose))",
                )],
                want: &[at(V1, "[how to choose](#how-to-choose)", ANCHOR_BROKEN)],
            },
        ],
    ),
    (
        DOC_MISSING,
        &[
            // SUMMARY.md lists a page that does not exist.
            Case {
                name: "SUMMARY entry for a missing page",
                edits: &[Replace(
                    SUMMARY,
                    "- [Profiles](profiles.md)\n",
                    "- [Profiles](profiles.md)\n- [Targets](targets.md)\n",
                )],
                want: &[at(SUMMARY, "[Targets](targets.md)", DOC_MISSING)],
            },
            // The manifest's doc set names a page that does not exist.
            Case {
                name: "manifest docs entry for a missing page",
                edits: &[Replace(
                    MANIFEST,
                    "  - path: release-gate-closeout.md\n    kind: closeout\n",
                    "  - path: release-gate-closeout.md\n    kind: closeout\n  - path: targets.md\n    kind: guide\n",
                )],
                want: &[at(MANIFEST, "targets.md", DOC_MISSING)],
            },
            // The manifest requires road-to-1.0.md to link to the closeout page;
            // both of its links are removed (reported at the page's top).
            Case {
                name: "required link removed",
                edits: &[
                    Replace(
                        ROAD,
                        "[release gate closeout](release-gate-closeout.md)",
                        "release gate closeout",
                    ),
                    Replace(
                        ROAD,
                        "- [Release gate closeout](release-gate-closeout.md)\n",
                        "",
                    ),
                ],
                want: &[top(ROAD, DOC_MISSING)],
            },
        ],
    ),
    (
        SUMMARY_ORPHAN,
        &[
            // A new page in the source folder that SUMMARY.md does not list.
            Case {
                name: "unlisted page",
                edits: &[Write(
                    "content/old-notes.md",
                    "# Old notes\n\nNothing here.\n",
                )],
                want: &[top("content/old-notes.md", SUMMARY_ORPHAN)],
            },
            // The same, in a subfolder.
            Case {
                name: "unlisted page in a subfolder",
                edits: &[Write("content/docket/scratch.md", "# Scratch\n")],
                want: &[top("content/docket/scratch.md", SUMMARY_ORPHAN)],
            },
            // A page dropped from SUMMARY.md: an orphan, and the manifest's doc set
            // names a page the book no longer includes.
            Case {
                name: "SUMMARY entry dropped",
                edits: &[Replace(
                    SUMMARY,
                    "- [Release gate closeout](release-gate-closeout.md)\n",
                    "",
                )],
                want: &[
                    top(CLOSEOUT, SUMMARY_ORPHAN),
                    within(
                        MANIFEST,
                        "path: release-gate-closeout.md",
                        "release-gate-closeout.md",
                        DOC_MISSING,
                    ),
                ],
            },
        ],
    ),
    (
        GENERATED_STALE,
        &[
            // A status edited by hand inside the progress-status block. The table is
            // inside the block, so status-mismatch stays quiet.
            Case {
                name: "block edited by hand",
                edits: &[Replace(
                    TRACKER,
                    "toolchain flow are in place. | closed |",
                    "toolchain flow are in place. | in progress |",
                )],
                want: &[at(TRACKER, PROGRESS_STATUS, GENERATED_STALE)],
            },
            // The manifest changes a gate criterion and nobody runs `docket sync`.
            Case {
                name: "manifest changed under a block",
                edits: &[Replace(
                    MANIFEST,
                    "summary: Docs match the current implementation and policy.",
                    "summary: Docs match the shipped implementation and policy.",
                )],
                want: &[at(ROAD, GATE_CHECKLIST, GENERATED_STALE)],
            },
            // A value cell of the defines table edited by hand.
            Case {
                name: "defines table cell edited",
                edits: &[Replace(
                    DEFINES,
                    "| `rust_cargo_jobs` | `<n>` |",
                    "| `rust_cargo_jobs` | `<count>` |",
                )],
                want: &[at(DEFINES, DEFINES_TABLE, GENERATED_STALE)],
            },
        ],
    ),
    (
        DEFINE_UNDOCUMENTED,
        &[
            // A define's list item removed from the defines reference.
            Case {
                name: "define item removed",
                edits: &[Replace(
                    DEFINES,
                    "- `rust_cargo_quiet`: keep Cargo's output quiet.\n",
                    "",
                )],
                want: &[weak(top(DEFINES, DEFINE_UNDOCUMENTED))],
            },
            // An alias's list item removed: aliases need their own entry.
            Case {
                name: "alias item removed",
                edits: &[Replace(
                    DEFINES,
                    "- `rust_codegen_only`: alias of `rust_no_build`.\n",
                    "",
                )],
                want: &[weak(top(DEFINES, DEFINE_UNDOCUMENTED))],
            },
            // A define added to the manifest only: undocumented, and the generated
            // defines table no longer matches.
            Case {
                name: "define added to the manifest",
                edits: &[Replace(
                    MANIFEST,
                    "  - name: rust_cargo_quiet\n",
                    "  - name: rust_cargo_verbose\n    category: cargo\n    summary: Pass --verbose to Cargo.\n  - name: rust_cargo_quiet\n",
                )],
                want: &[
                    weak(top(DEFINES, DEFINE_UNDOCUMENTED)),
                    at(DEFINES, DEFINES_TABLE, GENERATED_STALE),
                ],
            },
        ],
    ),
    (
        DEFINE_UNKNOWN,
        &[
            // A typo in a `-D` define in inline code.
            Case {
                name: "typo in inline -D",
                edits: &[Replace(
                    READINESS,
                    "add `-D rust_cargo_locked`",
                    "add `-D rust_cargo_lockd`",
                )],
                want: &[at(READINESS, "rust_cargo_lockd", DEFINE_UNKNOWN)],
            },
            // An unknown define in a fenced bash block.
            Case {
                name: "unknown -D in a bash fence",
                edits: &[Replace(
                    START_HERE,
                    "-D rust_idiomatic\n",
                    "-D rust_bogus\n",
                )],
                // The manifest is silent and no code is scanned: docket
                // cannot tell a new define from a stale one.
                want: &[weak(at(START_HERE, "rust_bogus", DEFINE_UNKNOWN))],
            },
            // A bare backticked name with the second project prefix (`reflaxe_rust_`).
            Case {
                name: "bare prefixed name in inline code",
                edits: &[Append(
                    V1,
                    "\nProjects that want the strict policy set `reflaxe_rust_strickt` in their build file.\n",
                )],
                want: &[at(V1, "reflaxe_rust_strickt", DEFINE_UNKNOWN)],
            },
            // The defines reference documents a define the manifest does not list:
            // one finding, at the item's code span.
            Case {
                name: "unknown define documented in the defines reference",
                edits: &[Replace(
                    DEFINES,
                    "- `rust_cargo_quiet`:",
                    "- `rust_cargo_verbose`: make Cargo chatty.\n- `rust_cargo_quiet`:",
                )],
                want: &[at(DEFINES, "`rust_cargo_verbose`", DEFINE_UNKNOWN)],
            },
        ],
    ),
    (
        DEFINE_REMOVED,
        &[
            // A define marked removed (with its replacement and version). The
            // defines reference may keep documenting it (`allowed-in`); the other
            // pages that still name it are findings, and the defines table is stale.
            Case {
                name: "removed define still named",
                edits: &[Replace(
                    MANIFEST,
                    "  - name: rust_string_non_nullable\n    category: profiles\n",
                    "  - name: rust_string_non_nullable\n    category: profiles\n    status: removed\n    replaced-by: rust_string_nullable\n    removed-in: \"1.0\"\n    allowed-in: [defines-reference.md]\n",
                )],
                want: &[
                    at(DEFINES, DEFINES_TABLE, GENERATED_STALE),
                    at(PROFILES, "rust_string_non_nullable", DEFINE_REMOVED),
                    at(V1, "rust_string_non_nullable", DEFINE_REMOVED),
                ],
            },
            // The defines reference documents a removed define on an entry
            // whose nested description says so: it agrees with the manifest.
            // The same entry described as if current is a finding.
            Case {
                name: "a reference entry that says its define is removed",
                edits: &[
                    Replace(
                        MANIFEST,
                        "  - name: rust_string_non_nullable\n    category: profiles\n",
                        "  - name: rust_string_non_nullable\n    category: profiles\n    status: removed\n    replaced-by: rust_string_nullable\n    removed-in: \"1.0\"\n",
                    ),
                    Replace(
                        DEFINES,
                        "- `rust_string_non_nullable`: make strings use the older, non-null Rust `String` form.",
                        "- `rust_string_non_nullable`\n  - Removed in 1.0; strings are nullable.",
                    ),
                ],
                want: &[
                    at(DEFINES, DEFINES_TABLE, GENERATED_STALE),
                    at(PROFILES, "rust_string_non_nullable", DEFINE_REMOVED),
                    at(V1, "rust_string_non_nullable", DEFINE_REMOVED),
                ],
            },
            Case {
                name: "a reference entry that describes a removed define as current",
                edits: &[
                    Replace(
                        MANIFEST,
                        "  - name: rust_string_non_nullable\n    category: profiles\n",
                        "  - name: rust_string_non_nullable\n    category: profiles\n    status: removed\n    replaced-by: rust_string_nullable\n    removed-in: \"1.0\"\n",
                    ),
                    Replace(
                        DEFINES,
                        "- `rust_string_non_nullable`: make strings use the older, non-null Rust `String` form.",
                        "- `rust_string_non_nullable`\n  - Makes strings use the older form.",
                    ),
                ],
                want: &[
                    at(DEFINES, DEFINES_TABLE, GENERATED_STALE),
                    at(
                        DEFINES,
                        "`rust_string_non_nullable`\n  - Makes",
                        DEFINE_REMOVED,
                    ),
                    at(PROFILES, "rust_string_non_nullable", DEFINE_REMOVED),
                    at(V1, "rust_string_non_nullable", DEFINE_REMOVED),
                ],
            },
            // A define marked deprecated (the defines reference may keep documenting
            // it): both inline mentions on the production readiness page are findings.
            Case {
                name: "deprecated define still named",
                edits: &[Replace(
                    MANIFEST,
                    "  - name: rust_cargo_locked\n    category: cargo\n",
                    "  - name: rust_cargo_locked\n    category: cargo\n    status: deprecated\n    replaced-by: rust_cargo_offline\n    allowed-in: [defines-reference.md]\n",
                )],
                want: &[
                    at(DEFINES, DEFINES_TABLE, GENERATED_STALE),
                    within(
                        READINESS,
                        "add `-D rust_cargo_locked`",
                        "rust_cargo_locked",
                        DEFINE_REMOVED,
                    ),
                    within(
                        READINESS,
                        "plus `-D rust_cargo_locked`",
                        "rust_cargo_locked",
                        DEFINE_REMOVED,
                    ),
                ],
            },
        ],
    ),
    (
        PROFILE_UNKNOWN,
        &[
            // The selector in a bash fence offers a profile that does not exist
            // (the finding points at the unknown id).
            Case {
                name: "unknown profile in a bash fence",
                edits: &[Replace(
                    START_HERE,
                    "-D reflaxe_rust_profile=portable|idiomatic|rusty",
                    "-D reflaxe_rust_profile=portable|portabel",
                )],
                // A near miss of a listed profile: a slip.
                want: &[within(
                    START_HERE,
                    "reflaxe_rust_profile=portable|portabel",
                    "portabel",
                    PROFILE_UNKNOWN,
                )],
            },
            // The selector in inline code offers one.
            Case {
                name: "unknown profile in inline code",
                edits: &[Replace(
                    V1,
                    "`-D reflaxe_rust_profile=portable|idiomatic|rusty`",
                    "`-D reflaxe_rust_profile=portable|fast|rusty`",
                )],
                // A name the manifest's list lacks, near none: a warning.
                want: &[weak(within(
                    V1,
                    "reflaxe_rust_profile=portable|fast|rusty",
                    "fast",
                    PROFILE_UNKNOWN,
                ))],
            },
        ],
    ),
    (
        PROFILE_UNDOCUMENTED,
        &[
            // A profile added to the manifest (and to the selector's values, which
            // the manifest requires): the profiles page never names it, and both
            // blocks that list profiles or the selector's values are stale.
            Case {
                name: "profile added to the manifest",
                edits: &[
                    Replace(
                        MANIFEST,
                        "  - id: rusty\n",
                        "  - id: embedded\n    summary: Small binaries for constrained targets.\n  - id: rusty\n",
                    ),
                    Replace(
                        MANIFEST,
                        "values: [portable, idiomatic, rusty]",
                        "values: [portable, idiomatic, embedded, rusty]",
                    ),
                ],
                want: &[
                    at(DEFINES, DEFINES_TABLE, GENERATED_STALE),
                    top(PROFILES, PROFILE_UNDOCUMENTED),
                    at(PROFILES, PROFILES_TABLE, GENERATED_STALE),
                ],
            },
            // The profiles page drops a profile: the selector line no longer offers
            // `rusty`, and the selector cell of its row in the generated table is
            // emptied by hand, so the page never names it through the selector (other
            // pages still do) and the block is stale.
            Case {
                name: "profile dropped from the profiles page",
                edits: &[
                    Replace(
                        PROFILES,
                        "-D reflaxe_rust_profile=portable|idiomatic|rusty\n",
                        "-D reflaxe_rust_profile=portable|idiomatic\n",
                    ),
                    Replace(
                        PROFILES,
                        "| `rusty` | no | supported | `-D reflaxe_rust_profile=rusty` |",
                        "| `rusty` | no | supported | |",
                    ),
                ],
                want: &[
                    top(PROFILES, PROFILE_UNDOCUMENTED),
                    at(PROFILES, PROFILES_TABLE, GENERATED_STALE),
                ],
            },
        ],
    ),
    (
        STATUS_MISMATCH,
        &[
            // A hand-written status table (outside any block) on the roadmap says a
            // closed workstream is still in progress.
            Case {
                name: "workstream title with a wrong status",
                edits: &[Replace(
                    ROAD,
                    "| Core compiler/runtime foundation | closed |",
                    "| Core compiler/runtime foundation | in progress |",
                )],
                want: &[at(
                    ROAD,
                    "| Core compiler/runtime foundation | in progress |",
                    STATUS_MISMATCH,
                )],
            },
            // A new table keyed by vision checkpoints: `done` reads as closed (no
            // finding), `planned` reads as open (a finding).
            Case {
                name: "vision checkpoint with a wrong status",
                edits: &[Append(
                    VISION,
                    "\n## Checkpoints at a glance\n\n| Checkpoint | Status |\n| --- | --- |\n| Foundation complete | done |\n| Real-app harness complete | planned |\n",
                )],
                want: &[at(
                    VISION,
                    "| Real-app harness complete | planned |",
                    STATUS_MISMATCH,
                )],
            },
        ],
    ),
    (
        COUNT_MISMATCH,
        &[
            // A count in prose that disagrees with the manifest's 21 / 21.
            Case {
                name: "prose count",
                edits: &[Replace(
                    READINESS,
                    "21 / 21 checks closed",
                    "20 / 21 checks closed",
                )],
                want: &[at(READINESS, "20 / 21 checks closed", COUNT_MISMATCH)],
            },
            // A count in a hand-written table cell, after its percentage.
            Case {
                name: "count in a table",
                edits: &[Replace(
                    ROAD,
                    "| 100% closed (21 / 21) |",
                    "| 95% closed (20 / 21) |",
                )],
                want: &[at(ROAD, "95% closed", COUNT_MISMATCH)],
            },
            // A remaining-checks count in prose.
            Case {
                name: "remaining count",
                edits: &[Replace(
                    TRACKER,
                    "All five conditions are met.",
                    "All five conditions are met. Remaining release-gate checks: 2.",
                )],
                want: &[at(
                    TRACKER,
                    "Remaining release-gate checks: 2",
                    COUNT_MISMATCH,
                )],
            },
        ],
    ),
    (
        ARITHMETIC,
        &[
            // A correct count with a wrong percentage, in prose.
            Case {
                name: "wrong percentage in prose",
                edits: &[Replace(
                    CLOSEOUT,
                    "with 21 / 21 checks closed.",
                    "with 21 / 21 checks closed (95%).",
                )],
                want: &[at(CLOSEOUT, "21 / 21 checks closed (95%)", ARITHMETIC)],
            },
            // The same inside a generated block: arithmetic is self-consistency, so
            // it is checked there too, besides the block being stale.
            Case {
                name: "wrong percentage in a block",
                edits: &[Replace(
                    TRACKER,
                    "**21 / 21 closed (100%)**",
                    "**21 / 21 closed (99%)**",
                )],
                want: &[
                    at(TRACKER, PROGRESS_STATUS, GENERATED_STALE),
                    at(TRACKER, "21 / 21 closed (99%)", ARITHMETIC),
                ],
            },
            // The `N of M` form: a wrong percentage and a wrong count at once.
            Case {
                name: "N of M with a wrong percentage",
                edits: &[Append(
                    ROAD,
                    "\nAt the last review, 20 of 21 checks closed (100%).\n",
                )],
                want: &[
                    at(ROAD, "20 of 21 checks closed (100%)", ARITHMETIC),
                    at(ROAD, "20 of 21 checks closed (100%)", COUNT_MISMATCH),
                ],
            },
        ],
    ),
    (
        COMMAND_UNKNOWN,
        &[
            // An npm script the manifest does not list, in inline code.
            Case {
                name: "npm script in inline code",
                edits: &[Replace(
                    READINESS,
                    "Run `npm run test:all` for every change set.",
                    "Run `npm run test:everything` for every change set.",
                )],
                want: &[at(READINESS, "npm run test:everything", COMMAND_UNKNOWN)],
            },
            // A bash script the manifest does not list, in a bash fence.
            Case {
                name: "bash script in a fence",
                edits: &[Replace(
                    CLOSEOUT,
                    "bash scripts/ci/local.sh\n```",
                    "bash scripts/ci/nightly.sh\n```",
                )],
                want: &[at(CLOSEOUT, "bash scripts/ci/nightly.sh", COMMAND_UNKNOWN)],
            },
        ],
    ),
    (
        DATE_STALE,
        &[
            // An as-of date in prose older than the manifest's as-of.
            Case {
                name: "as-of date in prose",
                edits: &[Replace(
                    READINESS,
                    "As of February 13, 2026, the 1.0",
                    "As of January 5, 2026, the 1.0",
                )],
                want: &[at(READINESS, "January 5, 2026", DATE_STALE)],
            },
            // An ISO as-of date in a heading.
            Case {
                name: "ISO date in a heading",
                edits: &[Replace(
                    ROAD,
                    "## Baseline as of February 13, 2026",
                    "## Baseline as of 2026-01-30",
                )],
                want: &[at(ROAD, "2026-01-30", DATE_STALE)],
            },
        ],
    ),
    (
        CONTRADICTION,
        &[
            // The tracker says the gate is open; the manifest says closed.
            Case {
                name: "gate said to be open",
                edits: &[Replace(
                    TRACKER,
                    "The 1.0 release gate is now closed.",
                    "The release gate is open.",
                )],
                want: &[within(
                    TRACKER,
                    "The release gate is open.",
                    "gate",
                    CONTRADICTION,
                )],
            },
            // A heading speaks of a release line beyond the manifest's 1.0.
            Case {
                name: "release line ahead of the manifest",
                edits: &[Replace(
                    READINESS,
                    "## What can still change after 1.0",
                    "## What can still change after 2.0",
                )],
                // "after 2.0" names a time after a release, not a release
                // that is out: the manifest's posture makes it a warning.
                want: &[weak(at(READINESS, "after 2.0", CONTRADICTION))],
            },
            // The same words in a plan's section are not a statement about now;
            // a number with a unit is a quantity. Only the heading is a finding.
            Case {
                name: "a release line in a plan, and a duration",
                edits: &[
                    Replace(
                        READINESS,
                        "## What can still change after 1.0",
                        "## What can still change after 2.0",
                    ),
                    Append(
                        READINESS,
                        "\n## Future work\n\n- Post-2.0 compatibility policy is documented.\n\nThe slowest check stopped after 20.7\nseconds.\n",
                    ),
                ],
                // "after 2.0" names a time after a release, not a release
                // that is out: the manifest's posture makes it a warning.
                want: &[weak(at(READINESS, "after 2.0", CONTRADICTION))],
            },
            // "remains open" on the vision page.
            Case {
                name: "gate said to remain open",
                edits: &[Replace(
                    VISION,
                    "The release readiness gate is closed.",
                    "The release readiness gate remains open.",
                )],
                want: &[within(
                    VISION,
                    "The release readiness gate remains open.",
                    "gate",
                    CONTRADICTION,
                )],
            },
        ],
    ),
    (
        SUPPORT_MISMATCH,
        &[
            // A support table naming a feature exactly as the manifest does, with the
            // wrong level; the second row is right and yields nothing.
            Case {
                name: "feature by name with a wrong level",
                edits: &[Append(
                    V1,
                    "\n## Support at a glance\n\n| Feature | Level |\n| --- | --- |\n| Full Rust lifetime modelling | supported |\n| Type and Reflect calls with compile-time constant names | partial |\n",
                )],
                want: &[at(
                    V1,
                    "| Full Rust lifetime modelling | supported |",
                    SUPPORT_MISMATCH,
                )],
            },
            // A feature named by its manifest id, with level synonyms: `limited` is
            // partial (wrong), `yes` is supported (right).
            Case {
                name: "feature by id with level synonyms",
                edits: &[Append(
                    V1,
                    "\n## Support at a glance\n\n| Feature | Support |\n| --- | --- |\n| generics | limited |\n| Haxe 4.3.7 sys target std parity | yes |\n",
                )],
                want: &[at(V1, "| generics | limited |", SUPPORT_MISMATCH)],
            },
        ],
    ),
    (
        ALLOW_INVALID,
        &[
            // No reason after the rule id.
            Case {
                name: "no reason",
                edits: &[Replace(
                    INDEX,
                    "## What is not in this book\n",
                    "## What is not in this book\n\n<!-- docket-allow link-broken -->\n",
                )],
                want: &[at(
                    INDEX,
                    "<!-- docket-allow link-broken -->",
                    ALLOW_INVALID,
                )],
            },
            // A rule id that does not exist.
            Case {
                name: "unknown rule",
                edits: &[Replace(
                    START_HERE,
                    "## Read next\n",
                    "## Read next\n\n<!-- docket-allow link-borken: typo in the rule id -->\n",
                )],
                want: &[at(
                    START_HERE,
                    "<!-- docket-allow link-borken",
                    ALLOW_INVALID,
                )],
            },
            // An `until` that is not a date.
            Case {
                name: "until is not a date",
                edits: &[Replace(
                    V1,
                    "## Smoke tests\n",
                    "## Smoke tests\n\n<!-- docket-allow date-stale: frozen snapshot until next week -->\n",
                )],
                want: &[at(V1, "<!-- docket-allow date-stale", ALLOW_INVALID)],
            },
        ],
    ),
    (
        ALLOW_UNUSED,
        &[
            // An allowance over a list whose links all resolve.
            Case {
                name: "nothing to allow",
                edits: &[Replace(
                    PROFILES,
                    "## Related docs\n",
                    "## Related docs\n\n<!-- docket-allow link-broken: an old link -->\n",
                )],
                want: &[at(PROFILES, "<!-- docket-allow", ALLOW_UNUSED)],
            },
            // An allowance naming the wrong rule: it covers a paragraph with a broken
            // anchor but allows link-broken, so the anchor finding stands.
            Case {
                name: "wrong rule named",
                edits: &[
                    Replace(
                        START_HERE,
                        "defines-reference.md#core-output-and-build",
                        "defines-reference.md#core-output",
                    ),
                    Replace(
                        START_HERE,
                        "If you only want the Rust source",
                        "<!-- docket-allow link-broken: wrong rule for an anchor -->\nIf you only want the Rust source",
                    ),
                ],
                want: &[
                    at(START_HERE, "<!-- docket-allow", ALLOW_UNUSED),
                    at(
                        START_HERE,
                        "[defines reference](defines-reference.md#core-output)",
                        ANCHOR_BROKEN,
                    ),
                ],
            },
        ],
    ),
    (
        ALLOW_LAPSED,
        &[
            // A lapsed allowance over a stale date: both are reported.
            Case {
                name: "lapsed over a real finding",
                edits: &[Replace(
                    READINESS,
                    "As of February 13, 2026, the 1.0",
                    "<!-- docket-allow date-stale: frozen page until 2026-01-31 -->\nAs of January 5, 2026, the 1.0",
                )],
                want: &[
                    at(READINESS, "<!-- docket-allow", ALLOW_LAPSED),
                    at(READINESS, "January 5, 2026", DATE_STALE),
                ],
            },
            // A lapsed allowance over nothing: lapsed, not also unused.
            Case {
                name: "lapsed over nothing",
                edits: &[Replace(
                    ROAD,
                    "## Related docs\n",
                    "## Related docs\n\n<!-- docket-allow link-broken: moved pages until 2025-12-31 -->\n",
                )],
                want: &[at(ROAD, "<!-- docket-allow", ALLOW_LAPSED)],
            },
        ],
    ),
];

/// A finding as compared: position, rule and severity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    path: String,
    line: usize,
    col: usize,
    rule: String,
    severity: String,
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} [{}]",
            self.path, self.line, self.col, self.rule, self.severity
        )
    }
}

/// Every finding line of a `--format short` report; the last line is the summary.
fn findings(stdout: &str) -> Result<Vec<Seen>, String> {
    let mut lines: Vec<&str> = stdout.lines().collect();
    match lines.pop() {
        Some(l) if l.starts_with("docket: ") => {}
        _ => return Err(format!("no summary line at the end of:\n{stdout}")),
    }
    let mut out = Vec::new();
    for l in lines {
        let parse = || -> Option<Seen> {
            let mut parts = l.splitn(4, ':');
            let (path, line, col, rest) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let (rule, _) = rest.trim_start().split_once(": ")?;
            let severity = l.rsplit_once(" [")?.1.strip_suffix(']')?;
            Some(Seen {
                path: path.to_string(),
                line: line.parse().ok()?,
                col: col.parse().ok()?,
                rule: rule.to_string(),
                severity: severity.to_string(),
            })
        };
        out.push(parse().ok_or_else(|| format!("unreadable finding line: {l:?}"))?);
    }
    Ok(out)
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Where `want` must be reported in the edited book.
fn locate(book: &Book, want: &Want) -> Result<(usize, usize), String> {
    match want.loc {
        Loc::LineCol(line, col) => Ok((line, col)),
        Loc::Text { context, target } => {
            let text = book.read(want.path);
            let hits: Vec<usize> = text.match_indices(context).map(|(i, _)| i).collect();
            if hits.len() != 1 {
                return Err(format!(
                    "expected text {context:?} occurs {} times in {} after the edits; it must occur once",
                    hits.len(),
                    want.path
                ));
            }
            let inner = context
                .find(target)
                .ok_or_else(|| format!("{target:?} is not inside {context:?}"))?;
            Ok(line_col(&text, hits[0] + inner))
        }
    }
}

fn expected(book: &Book, want: &Want) -> Result<Seen, String> {
    let (line, col) = locate(book, want)?;
    let warning = want.weak || WARNING_RULES.contains(&want.rule);
    Ok(Seen {
        path: want.path.to_string(),
        line,
        col,
        rule: want.rule.to_string(),
        severity: if warning { "warning" } else { "error" }.to_string(),
    })
}

fn apply(book: &Book, edits: &[Edit]) {
    for e in edits {
        match *e {
            Replace(file, from, to) => book.edit(file, from, to),
            Append(file, text) => book.write(file, &(book.read(file) + text)),
            Write(file, text) => book.write(file, text),
        }
    }
}

fn check_short(book: &Book) -> common::Run {
    book.run(&["check", "--format", "short", "--today", TODAY])
}

/// Run one case on a fresh copy; `Err` describes every way it failed.
fn run_case(rule: &str, case: &Case) -> Result<(), String> {
    if !case.want.iter().any(|w| w.rule == rule) {
        return Err(format!("the case expects no `{rule}` finding"));
    }
    let book = Book::fixture("reflaxe");
    apply(&book, case.edits);
    let mut want = case
        .want
        .iter()
        .map(|w| expected(&book, w))
        .collect::<Result<Vec<_>, _>>()?;
    want.sort();
    let r = check_short(&book);
    let mut got = findings(&r.stdout)?;
    got.sort();
    let code = if want.iter().any(|s| s.severity == "error") {
        1
    } else {
        0
    };
    let mut problems = Vec::new();
    if got != want {
        let show = |v: &[Seen]| {
            v.iter()
                .map(|s| format!("    {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        problems.push(format!(
            "findings differ\n  expected:\n{}\n  got:\n{}",
            show(&want),
            show(&got)
        ));
    }
    if r.code != code {
        problems.push(format!("exit code {} (expected {code})", r.code));
    }
    if !common::without_git_note(&r.stderr).is_empty() {
        problems.push(format!("stderr: {}", r.stderr));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n  report:\n{}", problems.join("\n"), r.stdout))
    }
}

/// Run every case of `rule`; fail with all failures at once.
fn rule_cases(rule: &str) {
    let (_, cases) = CASES
        .iter()
        .find(|(r, _)| *r == rule)
        .unwrap_or_else(|| panic!("no cases for `{rule}`"));
    assert!(
        cases.len() >= 2,
        "`{rule}` needs at least two distinct breakages"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            run_case(rule, c)
                .err()
                .map(|e| format!("case `{}`: {e}", c.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{rule}: {} of {} cases failed\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn unbroken_copy_has_no_findings() {
    let book = Book::fixture("reflaxe");
    let r = check_short(&book);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(findings(&r.stdout), Ok(vec![]), "{}", r.stdout);
    assert!(r.stdout.starts_with("docket: no drift in "), "{}", r.stdout);
    assert_eq!(r.stderr, "");
}

#[test]
fn every_rule_has_at_least_two_breakages() {
    let book = Book::fixture("reflaxe");
    let r = book.run(&["explain", "--list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let catalog: Vec<(String, String)> = r
        .stdout
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_string(), w.next()?.to_string()))
        })
        .collect();
    let mut ids: Vec<&str> = catalog.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort();
    let mut covered: Vec<&str> = CASES.iter().map(|(rule, _)| *rule).collect();
    covered.extend(NOT_YET_COVERED);
    covered.sort();
    assert_eq!(
        ids, covered,
        "every catalog rule has cases here or is listed in NOT_YET_COVERED, and no other"
    );
    for (rule, cases) in CASES {
        assert!(
            !NOT_YET_COVERED.contains(rule),
            "`{rule}` has cases; drop it from NOT_YET_COVERED"
        );
        assert!(cases.len() >= 2, "`{rule}` has fewer than two breakages");
    }
    for (id, severity) in &catalog {
        assert_eq!(
            WARNING_RULES.contains(&id.as_str()),
            severity == "warning",
            "default severity of `{id}`"
        );
    }
}

/// An allowance suppresses the findings of the block it covers, for an error and a
/// warning alike; `until` is the last day it applies. The JSON report lists them
/// under `allowed`.
#[test]
fn allowances_suppress_real_findings() {
    let book = Book::fixture("reflaxe");
    // The two breakages alone: one error, one warning.
    let breakages = [
        Replace(INDEX, "(start-here.md)", "(start-hre.md)"),
        Replace(
            READINESS,
            "As of February 13, 2026, the 1.0",
            "As of January 5, 2026, the 1.0",
        ),
    ];
    apply(&book, &breakages);
    let r = check_short(&book);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let rules: Vec<String> = findings(&r.stdout)
        .expect("readable report")
        .into_iter()
        .map(|s| s.rule)
        .collect();
    assert_eq!(rules, [LINK_BROKEN, DATE_STALE], "{}", r.stdout);

    // Each allowed in place: the link's table, and the dated paragraph (until today).
    apply(
        &book,
        &[
            Replace(
                INDEX,
                "| If you are asking... | Read |",
                "<!-- docket-allow link-broken: the page is being renamed -->\n| If you are asking... | Read |",
            ),
            Replace(
                READINESS,
                "As of January 5, 2026, the 1.0",
                "<!-- docket-allow date-stale: frozen page until 2026-02-20 -->\nAs of January 5, 2026, the 1.0",
            ),
        ],
    );
    let r = check_short(&book);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(findings(&r.stdout), Ok(vec![]), "{}", r.stdout);

    let r = book.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON report");
    assert_eq!(json["findings"], serde_json::json!([]), "{}", r.stdout);
    assert_eq!(json["summary"]["allowed"], 2, "{}", r.stdout);
    // Each allowed finding, reduced to where it is, what it is, and what allowed it.
    let allowed: Vec<serde_json::Value> = json["allowed"]
        .as_array()
        .expect("allowed is a list")
        .iter()
        .map(|a| {
            let f = &a["finding"];
            serde_json::json!({
                "at": format!("{}:{}:{}", f["path"].as_str().unwrap_or(""), f["line"], f["col"]),
                "rule": f["rule"],
                "allowance": a["allowance"],
                "reason": a["reason"],
                "until": a["until"],
            })
        })
        .collect();
    let pos = |path: &'static str, text: &'static str| {
        let (line, col) = locate(&book, &at(path, text, "")).expect("locatable");
        (format!("{path}:{line}:{col}"), format!("{path}:{line}"))
    };
    let (link_at, _) = pos(INDEX, "[Start here](start-hre.md)");
    let (date_at, _) = pos(READINESS, "January 5, 2026");
    let (_, link_allowance) = pos(INDEX, "<!-- docket-allow");
    let (_, date_allowance) = pos(READINESS, "<!-- docket-allow");
    assert_eq!(
        allowed,
        [
            serde_json::json!({
                "at": link_at,
                "rule": LINK_BROKEN,
                "allowance": link_allowance,
                "reason": "the page is being renamed",
                "until": null,
            }),
            serde_json::json!({
                "at": date_at,
                "rule": DATE_STALE,
                "allowance": date_allowance,
                "reason": "frozen page",
                "until": TODAY,
            }),
        ],
        "{}",
        r.stdout
    );
}

#[test]
fn link_broken() {
    rule_cases(LINK_BROKEN);
}

#[test]
fn anchor_broken() {
    rule_cases(ANCHOR_BROKEN);
}

#[test]
fn doc_missing() {
    rule_cases(DOC_MISSING);
}

#[test]
fn summary_orphan() {
    rule_cases(SUMMARY_ORPHAN);
}

#[test]
fn generated_stale() {
    rule_cases(GENERATED_STALE);
}

#[test]
fn define_undocumented() {
    rule_cases(DEFINE_UNDOCUMENTED);
}

#[test]
fn define_unknown() {
    rule_cases(DEFINE_UNKNOWN);
}

#[test]
fn define_removed() {
    rule_cases(DEFINE_REMOVED);
}

#[test]
fn profile_unknown() {
    rule_cases(PROFILE_UNKNOWN);
}

#[test]
fn profile_undocumented() {
    rule_cases(PROFILE_UNDOCUMENTED);
}

#[test]
fn status_mismatch() {
    rule_cases(STATUS_MISMATCH);
}

#[test]
fn count_mismatch() {
    rule_cases(COUNT_MISMATCH);
}

#[test]
fn arithmetic() {
    rule_cases(ARITHMETIC);
}

#[test]
fn command_unknown() {
    rule_cases(COMMAND_UNKNOWN);
}

#[test]
fn date_stale() {
    rule_cases(DATE_STALE);
}

#[test]
fn contradiction() {
    rule_cases(CONTRADICTION);
}

#[test]
fn support_mismatch() {
    rule_cases(SUPPORT_MISMATCH);
}

#[test]
fn allow_invalid() {
    rule_cases(ALLOW_INVALID);
}

#[test]
fn allow_unused() {
    rule_cases(ALLOW_UNUSED);
}

#[test]
fn allow_lapsed() {
    rule_cases(ALLOW_LAPSED);
}

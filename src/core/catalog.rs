//! The rule catalog: every rule id docket can report, with its default severity.
//!
//! A leaf module so that config (which validates `[preprocessor.docket.rules]`),
//! rules and report all read one list. Adding a rule is one entry here (id,
//! summary, fix, scope, example, default severity) and one line in the rule
//! registry (`check::rules::registry`).

use serde::Serialize;

/// How much a finding matters; `Off` rules are not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, never fails the run.
    #[serde(rename = "warning")]
    Warn,
    /// Reported and fails `docket check` (exit 1).
    Error,
    /// Not checked at all.
    Off,
}

impl Severity {
    /// Parse the spelling used in `book.toml`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" | "deny" => Some(Severity::Error),
            "warn" | "warning" => Some(Severity::Warn),
            "off" | "allow" => Some(Severity::Off),
            _ => None,
        }
    }

    /// The spelling used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warning",
            Severity::Off => "off",
        }
    }
}

/// One rule: its stable id, what it checks, and its severity unless configured.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    /// Stable kebab-case id, used in config, allowances and reports.
    pub id: &'static str,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// What to do about a finding.
    pub fix: &'static str,
    /// What its findings depend on: decides what an incremental check re-runs.
    pub scope: Scope,
    /// A small doc (and, where it matters, manifest) that triggers it, for
    /// `docket explain`.
    pub example: &'static str,
    /// Severity when `book.toml` does not set one.
    pub default: Severity,
}

/// What a rule's findings on a page depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// That page alone (and book-wide truth: the manifest, the facts, which
    /// pages and headings exist): after an edit, only the edited pages and
    /// the pages linking to them are read again.
    Page,
    /// The whole book (which pages name a define, SUMMARY.md, the manifest's
    /// doc set, generated blocks, allowances): always run in full.
    Book,
}

/// A count and its percentage that disagree with each other.
pub const ARITHMETIC: &str = "arithmetic";
/// A command the docs name that the manifest does not list.
pub const COMMAND_UNKNOWN: &str = "command-unknown";
/// A doc and the manifest disagree on the gate state or release line.
pub const CONTRADICTION: &str = "contradiction";
/// A page names a latest release older than the repository's version tags.
pub const RELEASE_STALE: &str = "release-stale";
/// A checklist count that disagrees with the manifest's gate.
pub const COUNT_MISMATCH: &str = "count-mismatch";
/// An as-of date older than the manifest's.
pub const DATE_STALE: &str = "date-stale";
/// A removed or deprecated define or profile named where it should not be.
pub const DEFINE_REMOVED: &str = "define-removed";
/// A manifest define missing from the defines reference.
pub const DEFINE_UNDOCUMENTED: &str = "define-undocumented";
/// A define the docs name that the manifest does not know.
pub const DEFINE_UNKNOWN: &str = "define-unknown";
/// A manifest profile the profiles page never names.
pub const PROFILE_UNDOCUMENTED: &str = "profile-undocumented";
/// A profile the docs name that the manifest does not know.
pub const PROFILE_UNKNOWN: &str = "profile-unknown";
/// A status table row that disagrees with the manifest's workstream.
pub const STATUS_MISMATCH: &str = "status-mismatch";
/// A support table row that disagrees with the manifest's support matrix.
pub const SUPPORT_MISMATCH: &str = "support-mismatch";
/// An allowance comment without a reason or naming no rule.
pub const ALLOW_INVALID: &str = "allow-invalid";
/// An allowance that covers no finding.
pub const ALLOW_UNUSED: &str = "allow-unused";
/// An allowance past its `until` date.
pub const ALLOW_LAPSED: &str = "allow-lapsed";
/// The manifest and the code or tracker disagree.
pub const MANIFEST_DRIFT: &str = "manifest-drift";
/// A backticked repository path that does not exist.
pub const FILE_MISSING: &str = "file-missing";
/// An absolute path on one machine (a home folder) in the docs.
pub const PATH_LOCAL: &str = "path-local";
/// A relative Markdown link or a backticked doc path that does not resolve.
pub const LINK_BROKEN: &str = "link-broken";
/// A link fragment that names no heading in its target page.
pub const ANCHOR_BROKEN: &str = "anchor-broken";
/// A page that `SUMMARY.md` or the manifest's doc set names does not exist.
pub const DOC_MISSING: &str = "doc-missing";
/// A generated block whose content differs from what its template renders.
pub const GENERATED_STALE: &str = "generated-stale";
/// A Markdown page in the book's source folder that `SUMMARY.md` does not list.
pub const SUMMARY_ORPHAN: &str = "summary-orphan";

/// Every rule docket knows (use [`sorted`] for a stable order).
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: ANCHOR_BROKEN,
        summary: "a link's #fragment names no heading in the target page",
        fix: "point the fragment at an existing heading id (GitHub style: lowercase, spaces as '-'), or restore the heading",
        scope: Scope::Page,
        example: "See [the selector](profiles.md#profile-selectors).   (the heading is \"Profile selector\")",
        default: Severity::Error,
    },
    RuleInfo {
        id: DOC_MISSING,
        summary: "a page named by SUMMARY.md or by the manifest's doc set does not exist",
        fix: "create the page, or remove the entry that names it",
        scope: Scope::Book,
        example: "- [Targets](targets.md)   (in SUMMARY.md, with no targets.md on disk)",
        default: Severity::Error,
    },
    RuleInfo {
        id: GENERATED_STALE,
        summary: "a GENERATED block's content differs from what its template renders from the manifest",
        fix: "run `docket sync` to refresh the block, and never edit between the markers by hand",
        scope: Scope::Book,
        example: "<!-- GENERATED:progress-status:start -->\n(a table edited by hand)\n<!-- GENERATED:progress-status:end -->",
        default: Severity::Error,
    },
    RuleInfo {
        id: LINK_BROKEN,
        summary: "a relative link or a backticked doc path does not resolve to a file",
        fix: "correct the path (relative to the page, or to the book root for backticked paths), or restore the file",
        scope: Scope::Page,
        example: "See [the matrix](v1-matrix.md).   (no such page)",
        default: Severity::Error,
    },
    RuleInfo {
        id: SUMMARY_ORPHAN,
        summary: "a Markdown page in the source folder is not listed in SUMMARY.md, so readers cannot reach it",
        fix: "add the page to SUMMARY.md, or delete it",
        scope: Scope::Book,
        example: "(content/old-notes.md exists but SUMMARY.md does not list it)",
        default: Severity::Warn,
    },
    RuleInfo {
        id: MANIFEST_DRIFT,
        summary: "the manifest disagrees with the code or the tracker: a define the code reads that the manifest lacks (or the reverse), a removal the manifest misses, a status or count the tracker contradicts",
        fix: "update the manifest to match the code and tracker (they are the stronger truth)",
        scope: Scope::Book,
        example: "(src/Compiler.hx reads `Context.defined(\"rust_async\")`; the manifest has no `rust_async`)",
        default: Severity::Error,
    },
    RuleInfo {
        id: PATH_LOCAL,
        summary: "an absolute path in one person's home folder (`/Users/ana/…`, `/home/ana/…`, `C:\\Users\\ana\\…`) that no reader has",
        fix: "write the path from the repository root (`docs/x.md`), or with a placeholder for the reader's own folder (`<checkout>/docs/x.md`)",
        scope: Scope::Page,
        example: "Open `/Users/ana/src/app/docs/guide.md`.   (the repository's docs/guide.md, on one machine)",
        default: Severity::Error,
    },
    RuleInfo {
        id: FILE_MISSING,
        summary: "a backticked repository path (`scripts/ci/local.sh`) does not exist in the tree",
        fix: "correct the path, or restore the file; a path in a user's own project should say so (it is reported as a warning when its top folder is not in the repository)",
        scope: Scope::Page,
        example: "Run `scripts/ci/locall.sh` before pushing.   (the script is scripts/ci/local.sh)",
        default: Severity::Error,
    },
    RuleInfo {
        id: ALLOW_INVALID,
        summary: "an allowance comment has no reason, names no known rule, or has a bad `until` date",
        fix: "write `<!-- docket-allow rule-id: reason -->`, optionally ending the reason with `until YYYY-MM-DD`",
        scope: Scope::Book,
        example: "<!-- docket-allow link-broken -->        (no reason after a colon)",
        default: Severity::Error,
    },
    RuleInfo {
        id: ALLOW_LAPSED,
        summary: "an allowance is past its `until` date, so it no longer applies",
        fix: "fix what it allowed, or extend the date with a new reason",
        scope: Scope::Book,
        example: "<!-- docket-allow date-stale: frozen page until 2020-01-01 -->",
        default: Severity::Warn,
    },
    RuleInfo {
        id: ALLOW_UNUSED,
        summary: "an allowance covers no finding of the rules it names",
        fix: "remove the allowance: what it allowed is fixed",
        scope: Scope::Book,
        example: "<!-- docket-allow link-broken: old link -->\nA paragraph whose links all resolve.",
        default: Severity::Warn,
    },
    RuleInfo {
        id: ARITHMETIC,
        summary: "a count and its percentage disagree with each other (`20 / 21 closed (100%)`)",
        fix: "recompute the percentage from the count (rounded down or to the nearest whole percent)",
        scope: Scope::Page,
        example: "- Release-gate checklist completion: **20 / 21 closed (100%)**",
        default: Severity::Error,
    },
    RuleInfo {
        id: COMMAND_UNKNOWN,
        summary: "a command the docs tell readers to run is not among the manifest's commands (checked for command families the manifest lists)",
        fix: "correct the command, or add it to `commands` in the manifest",
        scope: Scope::Page,
        example: "Run `npm run test:everything` before pushing.   (the manifest lists `npm run test:all`)",
        default: Severity::Error,
    },
    RuleInfo {
        id: CONTRADICTION,
        summary: "a doc and the manifest disagree on the gate state or the release line (\"after 1.0\" against a pre-1.0 posture)",
        fix: "reword the doc to match the manifest's `release` section, or update the manifest",
        scope: Scope::Page,
        example: "The 1.0 release gate is closed.   (the manifest: `release.gate.state: open`)",
        default: Severity::Error,
    },
    RuleInfo {
        id: RELEASE_STALE,
        summary: "a page states the latest published release, and the repository's version tags (or, without tags, its package version) are past it",
        fix: "write the latest release the tags give, or put it in a GENERATED block",
        scope: Scope::Page,
        example: "The latest published release is 0.8.3.   (tag v0.9.2 exists)",
        default: Severity::Error,
    },
    RuleInfo {
        id: COUNT_MISMATCH,
        summary: "a checklist count, remaining count or percentage disagrees with the manifest's gate checks",
        fix: "write the manifest's numbers, or put the count in a GENERATED block",
        scope: Scope::Page,
        example: "- Remaining release-gate checks: **2**   (the manifest: 21 of 21 closed)",
        default: Severity::Error,
    },
    RuleInfo {
        id: DATE_STALE,
        summary: "an as-of date is older than the manifest's `release.as-of`",
        fix: "review the section and update its date",
        scope: Scope::Page,
        example: "## Current interpretation (January 5, 2026)   (the manifest: `as-of: 2026-02-13`)",
        default: Severity::Warn,
    },
    RuleInfo {
        id: DEFINE_REMOVED,
        summary: "a removed or deprecated define or profile is named outside the pages allowed to keep naming it",
        fix: "write the replacement the finding names, or list the page in the define's `allowed-in`",
        scope: Scope::Page,
        example: "Pass `-D rust_old_flag`.   (the manifest: `status: removed`, `replaced-by: rust_new_flag`)",
        default: Severity::Error,
    },
    RuleInfo {
        id: DEFINE_UNDOCUMENTED,
        summary: "a define the manifest lists is missing from the defines reference",
        fix: "add a list item that opens with the backticked define to the defines reference",
        scope: Scope::Book,
        example: "(the manifest lists `rust_cargo_jobs`; the defines reference has no `- `rust_cargo_jobs=<n>`` item)",
        default: Severity::Error,
    },
    RuleInfo {
        id: DEFINE_UNKNOWN,
        summary: "a define the docs name (or document) is not in the manifest",
        fix: "correct the name, or add the define to `defines` in the manifest",
        scope: Scope::Page,
        example: "Use `-D rust_ouptut=out`.   (a typo of `rust_output`)",
        default: Severity::Error,
    },
    RuleInfo {
        id: PROFILE_UNDOCUMENTED,
        summary: "a profile the manifest lists is never named on the profiles page",
        fix: "name it on the profiles page, e.g. in the selector form `-D selector=a|b|c`",
        scope: Scope::Book,
        example: "(the manifest lists profile `rusty`; the profiles page never names it)",
        default: Severity::Error,
    },
    RuleInfo {
        id: PROFILE_UNKNOWN,
        summary: "a profile named through the selector is not in the manifest",
        fix: "correct the profile id, or add the profile to `profiles`",
        scope: Scope::Page,
        example: "-D reflaxe_rust_profile=portable|fast   (`fast` is no profile)",
        default: Severity::Error,
    },
    RuleInfo {
        id: STATUS_MISMATCH,
        summary: "a status the doc gives a workstream or a tracker item disagrees with the manifest or the tracker",
        fix: "write the status the manifest or the tracker gives (per item), or put the table in a GENERATED block",
        scope: Scope::Page,
        example: "| Production release gate | … | open |   (the manifest: `status: closed`)",
        default: Severity::Error,
    },
    RuleInfo {
        id: SUPPORT_MISMATCH,
        summary: "a support table row disagrees with the manifest's support level for that feature",
        fix: "write the manifest's level, or update `support` in the manifest",
        scope: Scope::Page,
        example: "| Generics | partial |   (the manifest: `level: supported`)",
        default: Severity::Error,
    },
];

/// Every rule, sorted by id.
pub fn sorted() -> Vec<&'static RuleInfo> {
    let mut v: Vec<_> = RULES.iter().collect();
    v.sort_by_key(|r| r.id);
    v
}

/// Look a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// How docket reads the words around a claim, for `docket explain modes` and
/// the rules that check claims.
pub const MODES: &str = "How a page presents a name decides what is checked. Each path, link, define, profile \
and command a page names is read in a mode, from the words around it (its sentence, the \
lead-in of its list or code block, its table column, the headings above it, the page \
title) and from the tree:

  current     offered as part of this repository now: checked
  planned     not existing yet (\"future\", \"proposed\", \"(NEW)\", \"No `x`\", a MUST in a spec, a roadmap)
  removed     gone (\"removed\", \"deprecated\", \"legacy\", \"renamed to\", \"`old` -> `new`\")
  historical  in a record of the past (an audit, a dated review, an archive)
  example     a user's own project or a placeholder (\"your app\", `my_engine`, `<name>`)
  generated   output a tool writes (\"emits\", \"writes\", \"into\", a path .gitignore matches)
  external    another repository (\"upstream\", a pinned `v1.2.3`, a folder this repository lacks)

Only current claims are checked for existence; generated defines and commands are \
still checked. A path whose first folder is not in the repository is another tree's, \
unless a close path exists (then the finding says \"did you mean\"). What a mode set \
aside is listed under `set_aside` in `--format json` (suppressed results in SARIF), \
with the words that set it.

Correct a misread mode in place, for the next block (or, inside a paragraph, its line):
  <!-- docket-mode current: this path is ours, the word \"generated\" is about its content -->
or by glob in book.toml, for a name wherever it stands:
  [preprocessor.docket.modes]
  example = [\"config/**\", \"db/**\"]     # paths of users' Rails apps
  external = [\"sources/**\"]
";

/// Rules that read claims, whose explanation adds the modes.
const CLAIM_RULES: &[&str] = &[
    FILE_MISSING,
    PATH_LOCAL,
    LINK_BROKEN,
    DEFINE_UNKNOWN,
    DEFINE_REMOVED,
    COMMAND_UNKNOWN,
    PROFILE_UNKNOWN,
];

/// `docket explain RULE`: what the rule checks, an example and the fix
/// (`docket explain modes`: how claims are read).
pub fn explain(id: &str) -> Option<String> {
    if matches!(id, "modes" | "mode") {
        return Some(MODES.to_string());
    }
    let r = rule(id)?;
    let modes = if CLAIM_RULES.contains(&id) {
        format!(
            "\nHow the page's words are read (`docket explain modes`):\n{}",
            MODES
        )
    } else {
        String::new()
    };
    Some(
        format!(
            "{id} (default severity: {})\n\nWhat it checks:\n  {}.\n\nExample:\n{}\n\nFix:\n  {}.\n\nChange its severity in book.toml:\n  [preprocessor.docket.rules]\n  {id} = \"warn\"   # or \"error\", \"off\"\n\nAllow one occurrence in place, with a reason:\n  <!-- docket-allow {id}: why this is fine [until YYYY-MM-DD] -->\n",
            r.default.as_str(),
            r.summary,
            r.example
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            r.fix,
        ) + &modes,
    )
}

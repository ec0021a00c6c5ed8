//! Every manifest error path: exit 2, the YAML line and column, and nothing written.

use crate::common;
use common::{Book, snapshot};

/// The clean fixture with its manifest replaced by `yaml`; check must exit 2
/// with `expected` in stderr, writing nothing.
fn fails_with(yaml: &str, expected: &str) {
    let book = Book::fixture("clean");
    book.write("schemas/readiness.yaml", yaml);
    let before = snapshot(book.path());
    for cmd in ["check", "build"] {
        let r = book.run(&[cmd]);
        assert_eq!(r.code, 2, "{cmd}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(expected),
            "{cmd}: expected {expected:?} in:\n{}",
            r.stderr
        );
    }
    assert_eq!(snapshot(book.path()), before, "a failed run wrote files");
}

fn base() -> String {
    std::fs::read_to_string(common::fixtures().join("clean/schemas/readiness.yaml"))
        .expect("fixture manifest")
}

/// The base manifest with one edit, which must apply.
fn edited(from: &str, to: &str) -> String {
    let b = base();
    assert!(b.contains(from), "base manifest lacks {from:?}");
    b.replacen(from, to, 1)
}

#[test]
fn yaml_syntax_error() {
    fails_with(
        "version: 1\nproject: [unclosed\n",
        "schemas/readiness.yaml:",
    );
    fails_with("version: 1\nproject: [unclosed\n", "invalid YAML");
}

#[test]
fn unknown_key() {
    fails_with(
        &edited("  name: widgetc\n", "  name: widgetc\n  nmae: typo\n"),
        "schemas/readiness.yaml:4:3: unknown key `nmae` in `project`",
    );
}

#[test]
fn missing_required_key() {
    fails_with(
        &edited("  posture: pre-release\n", ""),
        "schemas/readiness.yaml:6:3: `release` is missing the required key \"posture\"",
    );
}

#[test]
fn wrong_enum_value() {
    fails_with(
        &edited("posture: pre-release", "posture: shipped"),
        "schemas/readiness.yaml:7:12: `release.posture`",
    );
}

#[test]
fn wrong_type() {
    fails_with(
        &edited(
            "checks: { total: 4, closed: 3 }",
            "checks: { total: four, closed: 3 }",
        ),
        "schemas/readiness.yaml:13:22: `release.gate.checks.total`",
    );
}

#[test]
fn bad_id_pattern() {
    fails_with(
        &edited("  - id: fast\n", "  - id: Fast Mode\n"),
        "schemas/readiness.yaml:19:9: `profiles.1.id`",
    );
}

#[test]
fn not_a_calendar_date() {
    fails_with(
        &edited("as-of: 2026-03-01", "as-of: 2026-02-30"),
        "schemas/readiness.yaml:8:10: `release.as-of` = 2026-02-30 is not a calendar date",
    );
}

#[test]
fn duplicate_define_name_or_alias() {
    fails_with(
        &edited("    aliases: [widget_output]", "    aliases: [widget_fast]"),
        "schemas/readiness.yaml:34:15: duplicate define name or alias `widget_fast` (first at line 27, column 11)",
    );
}

#[test]
fn duplicate_profile_id() {
    fails_with(
        &edited("  - id: fast\n", "  - id: safe\n"),
        "schemas/readiness.yaml:19:9: duplicate profile `safe` (first at line 16, column 9)",
    );
}

#[test]
fn profile_alias_must_be_a_define() {
    fails_with(
        &edited("aliases: [widget_fast]", "aliases: [widget_quick]"),
        "schemas/readiness.yaml:21:15: profile `fast` has alias `widget_quick`",
    );
}

#[test]
fn two_default_profiles() {
    fails_with(
        &edited(
            "    summary: Fewer checks.\n",
            "    summary: Fewer checks.\n    default: true\n",
        ),
        "schemas/readiness.yaml:21:14: more than one profile",
    );
}

#[test]
fn selector_value_must_be_a_profile() {
    fails_with(
        &edited("values: [safe, fast]", "values: [safe, fast, turbo]"),
        "schemas/readiness.yaml:24:26: selector value `turbo` names no profile",
    );
}

#[test]
fn selector_must_be_a_define() {
    fails_with(
        &edited(
            "profile-selector: widget_profile",
            "profile-selector: widget_mode",
        ),
        "schemas/readiness.yaml:14:19: `profile-selector: widget_mode` names no define",
    );
}

#[test]
fn unknown_block_name() {
    fails_with(
        &edited("blocks: [profiles-table]", "blocks: [profile-table]"),
        "schemas/readiness.yaml:46:14: unknown generated block `profile-table`",
    );
}

#[test]
fn links_to_unknown_doc() {
    fails_with(
        &edited("links-to: [guide/profiles.md]", "links-to: [guide/nope.md]"),
        "schemas/readiness.yaml:43:16: `links-to: guide/nope.md` is not a path in `docs`",
    );
}

#[test]
fn doc_path_climbing_out_of_the_book() {
    fails_with(
        &edited("  - path: guide/profiles.md", "  - path: ../outside.md"),
        "schemas/readiness.yaml:44:11: doc path `../outside.md` climbs out of the book",
    );
}

#[test]
fn duplicate_doc_path() {
    fails_with(
        &edited("  - path: guide/profiles.md", "  - path: index.md"),
        "schemas/readiness.yaml:44:11: duplicate doc path `index.md`",
    );
}

#[test]
fn replaced_by_unknown_define() {
    fails_with(
        &edited(
            "    summary: Output folder.\n",
            "    summary: Output folder.\n    status: deprecated\n    replaced-by: widget_dest\n",
        ),
        "schemas/readiness.yaml:35:18: `replaced-by: widget_dest` names no define",
    );
}

#[test]
fn removed_in_without_removed_status() {
    fails_with(
        &edited(
            "    summary: Output folder.\n",
            "    summary: Output folder.\n    removed-in: \"1.0\"\n",
        ),
        "schemas/readiness.yaml:34:17: `removed-in` is set but `status` is not `removed`",
    );
}

#[test]
fn gate_arithmetic() {
    fails_with(
        &edited("{ total: 4, closed: 3 }", "{ total: 4, closed: 5 }"),
        "schemas/readiness.yaml:13:33: 5 checks closed out of 4",
    );
    fails_with(
        &edited("    state: open\n", "    state: closed\n"),
        "schemas/readiness.yaml:12:12: the gate is `closed` but only 3 of 4 checks are closed",
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let yaml = edited("  - id: fast\n", "  - id: safe\n")
        .replace("as-of: 2026-03-01", "as-of: 2026-13-01");
    let book = Book::fixture("clean");
    book.write("schemas/readiness.yaml", &yaml);
    let r = book.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(":8:10: `release.as-of`"), "{}", r.stderr);
    assert!(
        r.stderr.contains(":19:9: duplicate profile"),
        "{}",
        r.stderr
    );
}

#[test]
fn alias_bomb_fails_fast() {
    let mut y = String::from(
        "version: 1\nproject: {name: x}\nrelease: {line: \"1\", posture: released, as-of: 2026-01-01}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..12 {
        let p = i - 1;
        y.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    fails_with(&y, "schemas/readiness.yaml:");
}

#[test]
fn deep_nesting_fails_fast() {
    let y = format!(
        "version: 1\nx: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    fails_with(&y, "invalid YAML");
}

#[test]
fn oversized_manifest_is_refused_before_parsing() {
    let mut y = base();
    y.push_str("# ");
    y.push_str(&"x".repeat(9 * 1024 * 1024));
    y.push('\n');
    fails_with(
        &y,
        "schemas/readiness.yaml:1:1: the manifest is larger than 8 MiB",
    );
}

#[test]
fn non_utf8_manifest() {
    let book = Book::fixture("clean");
    common::write(
        &book.path().join("schemas/readiness.yaml"),
        b"version: 1\nproject:\n  name: \xff\n",
    );
    let r = book.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("schemas/readiness.yaml:3:9: the manifest is not valid UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_yaml_keys() {
    fails_with(
        &edited("  name: widgetc\n", "  name: widgetc\n  name: other\n"),
        "schemas/readiness.yaml:4:",
    );
}

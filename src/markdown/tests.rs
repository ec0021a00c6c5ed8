//! Tests of the page parse: sections, ids, links, markers, claims in context.
use super::*;

#[test]
fn search_sections_carry_visible_text() {
    let d = parse(
        "p.md",
        "Intro **bold**text &amp; <kbd>Ctrl</kbd>\n\n# One\n\n| a | b |\n|---|---|\n| x | `y` |\n\n```rust\nlet a = 1;\n```\n\n<div>block <b>html</b></div>\n\n## Two `t`\n\nlast\nline\n",
    );
    let got: Vec<(&str, &str, &str)> = d
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.anchor.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("", "", "Intro boldtext & Ctrl"),
            ("One", "one", "a b x y let a = 1; block html"),
            ("Two t", "two-t", "last line"),
        ]
    );
    // `check` parses without HTML and without search text.
    let bare = parse_page("p.md", "# A\n\ntext\n", &Default::default(), false);
    assert!(bare.html.is_empty() && bare.sections.is_empty() && bare.anchors.is_empty());
}

#[test]
fn an_included_clause_is_read_where_it_was_included() {
    // The page as written holds a directive; the parsed text holds the
    // included sentence, which presents the path as planned.
    let source = "# P\n\n{{#include part.md}}\n";
    let parsed = "# P\n\nA future `tools/gen/next.rs` will do it.\n";
    let at = source.find("{{").unwrap_or(0);
    let d = parse_mapped(
        "p.md",
        source,
        parsed,
        &|o| if o < at { o } else { at },
        &Default::default(),
        false,
    );
    let claim = d
        .claims
        .iter()
        .find(|c| c.clause.is_none() && c.offset == at);
    let Some(claim) = claim else {
        panic!("no mapped claim: {:?}", d.claims);
    };
    assert_eq!(claim.mode, crate::markdown::claims::Mode::Planned);
    assert_eq!(
        claim.reading(source).0,
        crate::markdown::claims::Mode::Planned
    );
    assert!(
        claim
            .evidence
            .as_ref()
            .is_some_and(|e| e.offset <= source.len())
    );
}

#[test]
fn sanitized_pages_keep_icons_and_image_zoom_but_no_page_svg() {
    let ctx = crate::markdown::claims::ClaimContext {
        sanitize: true,
        ..Default::default()
    };
    let d = parse_with(
        "p.md",
        "An icon <i class=\"fab fa-github\" onclick=\"x()\"></i>.\n\n![a](a.png)\n\n<svg onload=\"x()\"><circle/></svg>\n",
        &ctx,
    );
    assert!(d.html.contains("<span class=\"fa-svg\"><svg"), "{}", d.html);
    assert!(
        !d.html.contains("onclick") && !d.html.contains("onload"),
        "{}",
        d.html
    );
    assert_eq!(
        d.html.matches("<svg").count(),
        1,
        "only the icon: {}",
        d.html
    );
    // mdBook's zoom: a live checkbox around the image.
    assert!(
        d.html
            .contains("<input class=\"checkbox-img\" type=\"checkbox\">"),
        "{}",
        d.html
    );
}

#[test]
fn another_tools_regions_are_generated_text() {
    assert_eq!(
        region_marker("<!-- BEGIN GENERATED BOOTSTRAP CAPABILITIES -->"),
        Some(("GENERATED BOOTSTRAP CAPABILITIES".into(), MarkerKind::Start))
    );
    assert_eq!(
        region_marker("<!-- toc:end -->"),
        Some(("TOC".into(), MarkerKind::End))
    );
    assert_eq!(region_marker("<!-- end -->"), None);
    assert_eq!(
        region_marker("<!-- a note, started here, ended there -->"),
        None
    );
    assert_eq!(region_marker("<!-- GENERATED:x:start -->"), None);
    let d = parse(
        "p.md",
        "`src/a.rs` before.\n\n<!-- BEGIN GENERATED LIST -->\n`src/b.rs` inside.\n<!-- END GENERATED LIST -->\n\n`src/c.rs` after.\n\n<!-- START other -->\n`src/d.rs` unclosed.\n",
    );
    let inside: Vec<bool> = d.claims.iter().map(|c| c.in_block).collect();
    assert_eq!(inside, [false, true, false, false], "{:?}", d.claims);
}

use crate::core::text::slug;

#[test]
fn slugs_match_github() {
    assert_eq!(slug("Profile selector"), "profile-selector");
    assert_eq!(
        slug("1) Native binary workflow"),
        "1-native-binary-workflow"
    );
    assert_eq!(
        slug("Defines Reference (`-D ...`)"),
        "defines-reference--d-"
    );
    assert_eq!(slug("Crème brûlée"), "crème-brûlée");
}

#[test]
fn headings_links_and_code_paths() {
    let d = parse(
        "p.md",
        "# Title\n\n## Same\n\n## Same\n\nSee [x](other.md#a) and `docs/v1.md` and `npm run x`.\n\n```\n`not/a.md`\n```\n",
    );
    let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["title", "same", "same-1"]);
    let dests: Vec<_> = d.links.iter().map(|l| (l.dest.as_str(), l.kind)).collect();
    assert_eq!(
        dests,
        [
            ("other.md#a", LinkKind::Link),
            ("docs/v1.md", LinkKind::CodePath)
        ]
    );
    assert!(d.html.contains(r#"<a href="other.html#a">"#), "{}", d.html);
    assert!(d.html.contains(r#"<h2 id="same-1">"#), "{}", d.html);
}

#[test]
fn offsets_point_at_the_link() {
    let src = "é [x](y.md)";
    let d = parse("p.md", src);
    assert_eq!(&src[d.links[0].offset..d.links[0].offset + 1], "[");
}

#[test]
fn markers_outside_code_only() {
    let src = "a\n\n<!-- GENERATED:x:start -->\nbody\n<!-- GENERATED:x:end -->\n\n```\n<!-- GENERATED:y:start -->\n```\n\n    <!-- GENERATED:z:start -->\n";
    let d = parse("p.md", src);
    let names: Vec<_> = d
        .markers
        .iter()
        .map(|m| (m.name.as_str(), m.kind, m.alone))
        .collect();
    assert_eq!(
        names,
        [("x", MarkerKind::Start, true), ("x", MarkerKind::End, true)]
    );
    assert_eq!(
        &src[d.markers[0].line.clone()],
        "<!-- GENERATED:x:start -->\n"
    );
}

#[test]
fn marker_syntax() {
    assert_eq!(
        parse_marker("<!--GENERATED:a-b:end-->"),
        Some(("a-b".into(), MarkerKind::End))
    );
    assert_eq!(parse_marker("<!-- GENERATED:a:middle -->"), None);
    assert_eq!(parse_marker("<!-- GENERATED::start -->"), None);
    assert_eq!(parse_marker("<!-- generated:a:start -->"), None);
    // Found by the property test: `-->` overlapping `<!--`.
    assert_eq!(parse_marker("<!-->"), None);
    assert_eq!(parse_marker("<!--->"), None);
    assert_eq!(
        parse_marker("x <!-- GENERATED:a:end --> y"),
        Some(("a".into(), MarkerKind::End))
    );
}

#[test]
fn relative_detection() {
    assert!(is_relative("a.md"));
    assert!(is_relative("../a.md#x"));
    assert!(!is_relative("https://x"));
    assert!(!is_relative("mailto:a@b"));
    assert!(!is_relative("/abs"));
    assert!(!is_relative(""));
}

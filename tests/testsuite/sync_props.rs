//! Property tests for the block splicer: for arbitrary documents with and
//! without blocks, sync keeps every byte outside the markers and is idempotent.

use std::collections::BTreeMap;

use docket::check::blocks::{BlockSpan, find, splice};
use docket::markdown;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Seg {
    Text(String),
    Block(String),
}

/// Markdown-ish text: fences, quotes, lists, tables, HTML openers, unicode, CR.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zé #`~>*|<!\\-\r\n]{0,60}").expect("valid regex")
}

fn doc() -> impl Strategy<Value = (Vec<Seg>, bool)> {
    let seg = prop_oneof![text().prop_map(Seg::Text), text().prop_map(Seg::Block)];
    (proptest::collection::vec(seg, 0..8), any::<bool>())
}

fn build((segs, crlf): &(Vec<Seg>, bool)) -> String {
    let eol = if *crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Seg::Text(t) => out.push_str(t),
            Seg::Block(content) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push_str(eol);
                }
                out.push_str(&format!("<!-- GENERATED:b{i}:start -->{eol}{content}"));
                if !content.is_empty() && !content.ends_with('\n') {
                    out.push_str(eol);
                }
                out.push_str(&format!("<!-- GENERATED:b{i}:end -->{eol}"));
            }
        }
    }
    out
}

fn spans_of(text: &str) -> Option<Vec<BlockSpan>> {
    find(&markdown::parse("p.md", text), text, "p.md").ok()
}

/// The text with every block's content cut out: what sync must never change.
fn outside(text: &str, spans: &[BlockSpan]) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut pos = 0;
    for s in spans {
        pieces.push(text[pos..s.content().start].to_string());
        pos = s.content().end;
    }
    pieces.push(text[pos..].to_string());
    pieces
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sync_keeps_outside_bytes_and_is_idempotent(d in doc(), bodies in proptest::collection::vec(text(), 8)) {
        let text = build(&d);
        // Markers that arbitrary text swallows (say, an open fence above them)
        // are not markers; a document that is then malformed is refused by sync.
        let Some(spans) = spans_of(&text) else { return Ok(()) };
        let rendered: BTreeMap<String, String> =
            (0..8).map(|i| (format!("b{i}"), bodies[i].clone())).collect();
        let once = splice(&text, &spans, &rendered);
        // A rendering that hides its own markers is refused by `blocks::plan`;
        // every other one must be safe.
        let Some(spans_once) = spans_of(&once) else { return Ok(()) };
        prop_assume!(spans_once.iter().map(|s| &s.name).eq(spans.iter().map(|s| &s.name)));
        prop_assert_eq!(outside(&text, &spans), outside(&once, &spans_once));
        let twice = splice(&once, &spans_once, &rendered);
        prop_assert_eq!(&twice, &once);
    }

    #[test]
    fn documents_without_blocks_are_untouched(t in text()) {
        let spans = spans_of(&t).unwrap_or_default();
        let rendered = BTreeMap::from([("x".to_string(), "body\n".to_string())]);
        if spans.is_empty() {
            prop_assert_eq!(splice(&t, &spans, &rendered), t);
        }
    }

    #[test]
    fn finding_markers_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let t = String::from_utf8_lossy(&bytes);
        let _ = spans_of(&t);
    }
}

#[test]
fn well_formed_blocks_are_found() {
    // Guards the property test against a generator that never yields blocks.
    let text = build(&(
        vec![Seg::Text("# t\n".into()), Seg::Block("old\n".into())],
        false,
    ));
    let spans = spans_of(&text).expect("well formed");
    assert_eq!(spans.len(), 1);
    let out = splice(
        &text,
        &spans,
        &BTreeMap::from([("b1".to_string(), "new".to_string())]),
    );
    assert_eq!(
        out,
        "# t\n<!-- GENERATED:b1:start -->\nnew\n<!-- GENERATED:b1:end -->\n"
    );
}

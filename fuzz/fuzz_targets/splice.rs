#![no_main]
//! The marker splicer (`sync` on arbitrary text): keeps every byte outside the
//! markers and is idempotent whenever the result still has the same blocks.
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = docket::markdown::parse("p.md", &text);
    let Ok(spans) = docket::check::blocks::find(&doc, &text, "p.md") else { return };
    let rendered: BTreeMap<String, String> =
        spans.iter().map(|s| (s.name.clone(), format!("rendered {}\n", s.name))).collect();
    let once = docket::check::blocks::splice(&text, &spans, &rendered);
    let outside = |t: &str, sp: &[docket::check::blocks::BlockSpan]| -> Vec<String> {
        let mut v = Vec::new();
        let mut pos = 0;
        for s in sp {
            v.push(t[pos..s.content().start].to_string());
            pos = s.content().end;
        }
        v.push(t[pos..].to_string());
        v
    };
    let doc2 = docket::markdown::parse("p.md", &once);
    let Ok(spans2) = docket::check::blocks::find(&doc2, &once, "p.md") else { return };
    if spans2.iter().map(|s| &s.name).ne(spans.iter().map(|s| &s.name)) {
        return;
    }
    assert_eq!(outside(&text, &spans), outside(&once, &spans2));
    assert_eq!(docket::check::blocks::splice(&once, &spans2, &rendered), once);
});

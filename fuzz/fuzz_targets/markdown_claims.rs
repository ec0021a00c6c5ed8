#![no_main]
//! Markdown → doc model and claims, and each claim read in its clause (done
//! lazily, when a rule asks): any text parses, nothing panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ctx = docket::markdown::claims::ClaimContext::for_fuzzing(data);
    let doc = docket::markdown::parse_with("page.md", &text, &ctx);
    for claim in &doc.claims {
        let _ = claim.reading(&text);
        let _ = claim.offered_in(&text);
    }
});

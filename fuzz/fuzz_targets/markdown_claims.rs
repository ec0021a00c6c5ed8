#![no_main]
//! Markdown → doc model and claims: any text parses, nothing panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ctx = docket::markdown::claims::ClaimContext::for_fuzzing(data);
    let _ = docket::markdown::parse_with("page.md", &text, &ctx);
});

#![no_main]
//! The sanitizer: whatever the body, no active element survives, neither in
//! the output nor in the output cleaned again (re-parsing can move content,
//! e.g. out of a table, so the second pass is checked too rather than assumed
//! equal).
use libfuzzer_sys::fuzz_target;

const ACTIVE: [&str; 11] = [
    "<script", "<style", "<iframe", "<svg", "<math", "<base", "<meta", "<link", "<form", "<object",
    "<embed",
];

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let once = docket::markdown::sanitize::clean(&html);
    let twice = docket::markdown::sanitize::clean(&once);
    for out in [&once, &twice] {
        let lower = out.to_ascii_lowercase();
        for tag in ACTIVE {
            assert!(!lower.contains(tag), "{tag} survived: {out}");
        }
    }
});

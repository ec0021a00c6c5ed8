#![no_main]
//! The beads tracker export reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(t) = docket::input::facts::beads::parse(&text, std::path::Path::new("issues.jsonl")) {
        for id in t.children.keys() {
            let _ = t.child_counts(id);
        }
    }
});

#![no_main]
//! The manifest loader: YAML budget, schema validation, reference checks.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = docket::input::manifest::parse(&text, std::path::Path::new("readiness.yaml"), &["progress-status", "vision-status"]);
});

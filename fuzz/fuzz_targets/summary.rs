#![no_main]
//! The SUMMARY.md parser.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = docket::input::book::parse_summary(&String::from_utf8_lossy(data));
});

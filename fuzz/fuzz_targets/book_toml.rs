#![no_main]
//! The book.toml loader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = docket::input::config::parse(&text, std::path::Path::new("."), std::path::Path::new("book.toml"));
});

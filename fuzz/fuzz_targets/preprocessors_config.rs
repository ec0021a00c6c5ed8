#![no_main]
//! `book.toml` with `[preprocessor.X]` tables (`before`, `after`, `renderers`,
//! `command`) through the config loader and the preprocessor pass, which
//! orders them (cycles, unknown names, long chains); nothing is ever run
//! (`Policy::never`), and nothing panics.
use libfuzzer_sys::fuzz_target;

use docket::input::book::Book;
use docket::input::preprocess::Policy;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let root = std::path::Path::new("/nonexistent-docket-fuzz");
    let Ok((config, _)) = docket::input::config::parse(&text, root, &root.join("book.toml")) else {
        return;
    };
    let mut book = Book::default();
    let _ = docket::input::preprocess::run(&config, &mut book, &Policy::never());
});

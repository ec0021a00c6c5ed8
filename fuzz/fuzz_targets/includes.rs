#![no_main]
//! The `links` preprocessor (`{{#include}}` and its kin) on a page and two
//! files it may include, in a temporary book: the expansion stays within its
//! budget and maps back inside the page; nothing panics.
use libfuzzer_sys::fuzz_target;

use docket::input::book::{Book, Page};
use docket::input::preprocess::{MAX_EXPANSION, Policy};

fn book_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(d.path().join("src")).expect("src");
        d
    })
    .path()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // page \0 a.md \0 b.rs
    let mut parts = text.splitn(3, '\0');
    let page = parts.next().unwrap_or("").to_string();
    let root = book_dir();
    for name in ["a.md", "b.rs"] {
        let _ = std::fs::write(root.join("src").join(name), parts.next().unwrap_or(""));
    }
    let Ok((config, _)) = docket::input::config::parse("", root, &root.join("book.toml")) else {
        return;
    };
    let mut book = Book {
        pages: vec![Page {
            path: "a.md".into(),
            title: "A".into(),
            depth: 0,
            text: page.clone(),
            expansion: None,
            page_title: None,
        }],
        ..Book::default()
    };
    let _ = docket::input::preprocess::run(&config, &mut book, &Policy::never());
    if let Some(e) = &book.pages[0].expansion {
        assert!(e.text.len() <= page.len() + MAX_EXPANSION);
        for at in [0, e.text.len() / 2, e.text.len()] {
            assert!(e.to_source(at) <= page.len());
        }
    }
});

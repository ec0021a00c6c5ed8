#![no_main]
//! Markdown → doc model and claims: any text parses, nothing panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ctx = docket::claims::ClaimContext {
        define_prefixes: vec!["rust_".into(), "reflaxe_rust_".into()],
        profile_selector: Some("reflaxe_rust_profile".into()),
        defines_reference: true,
        src_prefix: "docs".into(),
        repo_blob: Some("https://example.invalid/blob/main/".into()),
        sanitize: data.first().is_some_and(|b| b % 2 == 0),
    };
    let _ = docket::markdown::parse_with("page.md", &text, &ctx);
});

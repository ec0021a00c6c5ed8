//! Marks, at build time, which test inputs beside the repository are absent, so
//! the tests that need them show as `ignored, <reason>` in `cargo test`'s own
//! result lines (libtest shows nothing a passing test prints). Under `CI=true`
//! nothing is marked: those tests run and fail when their input is missing.
//! Only `cfg` flags are set; the library and binary do not read them.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(docket_no_shared)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=DOCKET_SHARED");
    println!("cargo::rerun-if-changed=build.rs");
    // `../shared`, or where `DOCKET_SHARED` says (as the tests read it).
    let shared = match std::env::var_os("DOCKET_SHARED") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from("../shared"),
    };
    let marker = shared.join("conformance/README.md");
    if marker.is_file() {
        // Present: rebuild (and ignore the tests again) if it goes away.
        println!("cargo::rerun-if-changed={}", marker.display());
    } else if std::env::var("CI").as_deref() != Ok("true") {
        println!("cargo::rustc-cfg=docket_no_shared");
    }
}

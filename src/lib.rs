//! docket: a documentation-as-code compiler for release-readiness docs.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`config`] (book.toml) → [`manifest`] (readiness.yaml) → [`book`] (SUMMARY.md and
//! pages) → [`markdown`] (one parse per page) → [`rules`] (findings) →
//! [`report`] (text for people and CI) and [`site`] (HTML). [`project`] loads the
//! first four stages together. See ARCHITECTURE.md.

pub mod assets;
pub mod blocks;
pub mod book;
pub mod catalog;
pub mod claims;
pub mod closeout;
pub mod config;
pub mod facts;
pub mod highlight;
pub mod init;
pub mod manifest;
pub mod markdown;
pub mod mdbook;
pub mod project;
pub mod report;
pub mod rules;
pub mod serve;
pub mod site;
pub mod span;
pub mod sync;

pub use project::{LoadError, Project};
pub use rules::Finding;

/// Run `f`, printing how long it took to stderr when `DOCKET_TIMINGS` is set:
/// what the benchmark README's phase breakdowns are read from.
pub fn timed<T>(phase: &str, f: impl FnOnce() -> T) -> T {
    use std::sync::OnceLock;
    static ON: OnceLock<bool> = OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("DOCKET_TIMINGS").is_some_and(|v| !v.is_empty())) {
        return f();
    }
    let t = std::time::Instant::now();
    let out = f();
    // Resident memory after the phase, where the system tells it (Linux).
    let rss = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| format!(", {} MiB resident", pages * 4096 / (1024 * 1024)))
        .unwrap_or_default();
    eprintln!(
        "docket: {phase}: {:.1} ms{rss}",
        t.elapsed().as_secs_f64() * 1000.0
    );
    out
}

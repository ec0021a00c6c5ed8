//! Phase timings for `DOCKET_TIMINGS=1`.

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

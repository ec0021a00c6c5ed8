//! Work meters: how many bytes each kind of pass over a page reads, counted
//! once per call (never per byte), for `DOCKET_WORK=1`. A test holds docket
//! linear by structure with them: a page parsed again per finding, or a line
//! looked up from the top of its file per finding, shows as bytes growing
//! with the square of the input, which no timing on a shared machine shows
//! reliably. The counts depend only on the input, not on threads or timing.

use std::sync::atomic::{AtomicU64, Ordering};

/// A kind of pass over text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Markdown handed to pulldown-cmark.
    Parse,
    /// Text indexed for line lookups, or scanned from its start to find a line.
    Lines,
    /// Text a claim reader reads around a match (a sentence, a lead-in).
    Window,
    /// HTML written for a page's body.
    Render,
    /// Text the search index reads.
    Search,
    /// Entries compared one by one to answer a lookup (a page's ids for a
    /// fragment): what a set or an index saves.
    Lookup,
}

const PASSES: [(Pass, &str); 6] = [
    (Pass::Parse, "parse"),
    (Pass::Lines, "lines"),
    (Pass::Window, "window"),
    (Pass::Render, "render"),
    (Pass::Search, "search"),
    (Pass::Lookup, "lookup"),
];

static METERS: [AtomicU64; PASSES.len()] = [const { AtomicU64::new(0) }; PASSES.len()];

/// Count `bytes` read by one `pass`. Relaxed: the counts are only read at exit.
pub fn add(pass: Pass, bytes: usize) {
    METERS[pass as usize].fetch_add(bytes as u64, Ordering::Relaxed);
}

/// The meters so far, by name, in a fixed order.
pub fn totals() -> Vec<(&'static str, u64)> {
    PASSES
        .iter()
        .map(|&(pass, name)| (name, METERS[pass as usize].load(Ordering::Relaxed)))
        .collect()
}

/// Print the meters to stderr when `DOCKET_WORK` is set: one line,
/// `docket: work: parse=N lines=N …`.
pub fn report() {
    if std::env::var_os("DOCKET_WORK").is_none_or(|v| v.is_empty()) {
        return;
    }
    let parts: Vec<String> = totals()
        .into_iter()
        .map(|(name, n)| format!("{name}={n}"))
        .collect();
    eprintln!("docket: work: {}", parts.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pass_has_its_own_meter_in_order() {
        for (i, (pass, _)) in PASSES.iter().enumerate() {
            assert_eq!(*pass as usize, i);
        }
        let before = totals();
        add(Pass::Window, 7);
        let after = totals();
        // Other tests may count in parallel: at least this call's bytes.
        assert!(after[2].1 - before[2].1 >= 7);
        assert_eq!(after[2].0, "window");
    }
}

//! `docket mdbook`: the preprocessor protocol (see [`crate::app::mdbook`]).

use super::{Outcome, Status, today};

/// `docket mdbook supports RENDERER`: exit 0 when docket supports it.
pub fn supports(renderer: &str) -> Outcome {
    let mut out = Outcome::text(String::new());
    if !crate::app::mdbook::supports(renderer) {
        out.status = Status::Drift;
    }
    out
}

/// `docket mdbook`: `input` is what mdBook wrote to stdin; the book goes back on stdout.
pub fn run(input: &str, day: Option<&str>) -> anyhow::Result<Outcome> {
    Ok(Outcome::text(crate::app::mdbook::run(input, &today(day)?)?))
}

//! Layer 1: what every stage needs and nothing of docket's own domain: source
//! positions, the rule catalog, file reading and atomic writing, text utilities,
//! dates, phase timings, work meters. Imports nothing from the crate.

pub mod catalog;
pub mod fs;
pub mod paths;
pub mod repo;
pub mod span;
pub mod text;
mod timed;
pub mod work;

pub use timed::timed;

//! docket: a documentation-as-code compiler for release-readiness docs.
//!
//! The module tree is the pipeline; each layer uses only the layers above it in
//! this list (a test in `tests/testsuite/layers.rs` keeps it so):
//!
//! 1. [`core`]: spans, the rule catalog, file reading and writing, text utilities.
//! 2. [`input`]: `book.toml`, the manifest, the book, facts read from code.
//! 3. [`markdown`]: the one parse per page, claims, highlighting, search text.
//! 4. [`check`]: the project, generated blocks, the rules.
//! 5. [`output`]: reports, sync, closeout, the site.
//! 6. [`app`]: init, the serve session, the mdBook preprocessor.
//!
//! `main.rs` parses arguments and maps results to exit codes. See ARCHITECTURE.md.

pub mod app;
pub mod check;
pub mod core;
pub mod input;
pub mod markdown;
pub mod output;

pub use check::project::{LoadError, Project};
pub use check::rules::Finding;

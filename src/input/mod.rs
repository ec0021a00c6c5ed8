//! Layer 2: reading the project's inputs into typed values: `book.toml`
//! ([`config`]), the readiness manifest ([`manifest`]), `SUMMARY.md` and its pages
//! ([`book`]), what the code says ([`facts`]), and the built-in templates
//! ([`assets`]). Uses only [`crate::core`].

pub mod assets;
pub mod book;
pub mod config;
pub mod facts;
pub mod manifest;
pub mod mode_globs;
pub mod preprocess;

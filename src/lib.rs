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

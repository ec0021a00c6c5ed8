//! docket's integration tests: one test binary, one module per area (as
//! mdBook's testsuite), so `cargo test` compiles and links the tests once and
//! runs all of them in one process, across the cores.
//!
//! Every test works on copies: fixture books under `tests/fixtures/` (and the
//! shipped book, for the tests about it) are copied to temporary folders first
//! ([`common::Book`]). Tests that need an optional tool or the corpus beside the
//! repository call [`common::skip`], which prints `SKIPPED test: reason` where
//! cargo shows it, and fail instead under `CI=true`.
//!
//! To add an area: put `tests/testsuite/NAME.rs` here, with `use crate::common;`
//! where a standalone test file would have had `mod common;`, add `mod NAME;`
//! below, and keep its snapshots in `tests/testsuite/snapshots/` as
//! `testsuite__NAME__TEST.snap`.

mod common;

mod bad_inputs;
mod block_owners;
mod browser;
mod browser_sanitize;
mod check;
mod claim_modes;
mod cli;
mod config_errors;
mod containment;
mod corpus;
mod crash;
mod drift_rules;
mod ecosystem;
mod examples;
mod facts;
mod fuzz_regressions;
mod history;
mod hostile_pages;
mod incremental;
mod init;
mod init_agrees;
mod init_dev_trees;
mod init_repos;
mod interrupted;
mod layers;
mod linear_work;
mod manifest_errors;
mod mdbook_books;
mod mdbook_conformance;
mod mdbook_features;
mod mdbook_guide;
mod messages;
mod output_file;
mod precision;
mod reports;
mod repository_docs;
mod serve;
mod serve_http;
mod shipped;
mod site;
mod site_update;
mod sync;
mod sync_props;
mod tracker_claims;
mod untrusted;

//! Layer 6: the commands that are clients of the stages: `init`, the `serve`
//! session, the mdBook preprocessor. None of them parses or renders on its own.

pub mod commands;
pub mod init;
pub mod mdbook;
pub mod serve;
pub mod session;

//! Layer 4: the loaded [`project::Project`], generated blocks planned against it
//! ([`blocks`]) and the rules that turn it into findings ([`rules`]). Computes,
//! never writes.

pub mod blocks;
pub mod project;
pub mod rules;

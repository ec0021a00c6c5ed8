//! Layer 5: everything that leaves docket: reports ([`report`]), pages rewritten
//! in place ([`sync`]), the release evidence block ([`closeout`]) and the site
//! ([`site`]). The only layer that writes, besides `app::init`.

pub mod closeout;
pub mod report;
pub mod site;
pub mod sync;

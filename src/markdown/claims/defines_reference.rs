//! The defines reference: each list item that opens with a backticked define
//! documents it (`- `rust_output=<dir>`: …`, `- `rust_no_build` or `rust_codegen_only``).

use pulldown_cmark::{Tag, TagEnd};

use super::mode::Read;
use super::{Claim, ClaimAt, at};

/// Reads the leading code spans of list items.
#[derive(Debug, Default)]
pub struct ItemReader {
    /// Inside an item, still in its leading run of code spans.
    leading: bool,
    codes: Vec<(String, usize, Option<Read>)>,
    documented: Vec<(String, usize, Option<Read>)>,
}

impl ItemReader {
    fn close(&mut self) {
        self.leading = false;
        self.documented.append(&mut self.codes);
    }

    /// A block starts.
    pub fn start(&mut self, tag: &Tag<'_>) {
        let fresh_item = matches!(tag, Tag::Item);
        let para_in_item = matches!(tag, Tag::Paragraph) && self.leading && self.codes.is_empty();
        if !para_in_item {
            self.close();
        }
        if fresh_item {
            self.leading = true;
        }
    }

    /// Text between code spans: connectors keep the run going, anything else ends it.
    pub fn text(&mut self, s: &str) {
        if !self.leading {
            return;
        }
        let t = s.trim();
        let connector = matches!(t, "" | "or" | "and" | "," | "/");
        if !connector || self.codes.is_empty() {
            if self.codes.is_empty() && t.is_empty() {
                return;
            }
            self.close();
        }
    }

    /// A code span, with the mode its scopes set.
    pub fn code(&mut self, c: &str, offset: usize, read: Option<Read>) {
        if self.leading {
            self.codes.push((c.to_string(), offset, read));
        }
    }

    /// A block ends.
    pub fn end(&mut self, tag: &TagEnd) {
        if matches!(tag, TagEnd::Item | TagEnd::Paragraph) {
            self.close();
        }
    }

    /// Everything documented, as claims.
    pub fn emit(&mut self, out: &mut Vec<ClaimAt>) {
        self.close();
        for (code, offset, read) in self.documented.drain(..) {
            let code = code.trim();
            let code = code.strip_prefix("-D").map_or(code, str::trim_start);
            let name = code.split('=').next().unwrap_or("").trim();
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if valid {
                let mut claim = at(
                    Claim::DefineDocumented {
                        name: name.to_string(),
                    },
                    offset,
                );
                if let Some((m, e)) = read {
                    claim.mode = m;
                    claim.evidence = Some(Box::new(e));
                }
                out.push(claim);
            }
        }
    }
}

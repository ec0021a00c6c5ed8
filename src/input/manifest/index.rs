//! Where each node of a YAML document starts, keyed by JSON pointer.
//!
//! serde gives typed values but no positions, and JSON Schema errors name a JSON
//! pointer. This index joins the two: one pass over the parser's events, never
//! expanding aliases, so it stays linear in the input even for an alias bomb.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

/// 1-based line and column.
pub type Pos = (usize, usize);

/// Positions of nodes (`/defines/3/name`) and of mapping keys.
#[derive(Debug, Default)]
pub struct PosIndex {
    nodes: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// Escape one JSON-pointer segment (RFC 6901).
pub fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

impl PosIndex {
    /// Index `text`. A syntax error stops indexing; the serde pass reports it.
    pub fn build(text: &str) -> PosIndex {
        let mut idx = PosIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = (span.start.line().max(1), span.start.col() + 1);
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut()
                        && key.is_none()
                    {
                        let p = format!("{path}/{}", escape(&value));
                        idx.keys.insert(p, pos);
                        *key = Some(value.into_owned());
                        continue;
                    }
                    let p = child_path(&mut stack);
                    idx.nodes.insert(p, pos);
                }
                Event::Alias(_) => {
                    let p = child_path(&mut stack);
                    idx.nodes.insert(p, pos);
                }
                Event::SequenceStart(..) => {
                    let p = child_path(&mut stack);
                    idx.nodes.insert(p.clone(), pos);
                    stack.push(Frame::Seq { path: p, next: 0 });
                }
                Event::MappingStart(..) => {
                    // A complex (collection) key has no pointer; give it an unmatchable one.
                    if let Some(Frame::Map { key, .. }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some("\u{0}complex".into());
                    }
                    let p = child_path(&mut stack);
                    idx.nodes.insert(p.clone(), pos);
                    stack.push(Frame::Map { path: p, key: None });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        idx
    }

    /// Where the node at `pointer` starts; falls back to the nearest ancestor.
    pub fn node(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(&pos) = self.nodes.get(p) {
                return pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return (1, 1),
            }
        }
    }

    /// Where the key `name` of the mapping at `pointer` is written, else the mapping.
    pub fn key(&self, pointer: &str, name: &str) -> Pos {
        let p = format!("{pointer}/{}", escape(name));
        self.keys
            .get(&p)
            .copied()
            .unwrap_or_else(|| self.node(pointer))
    }
}

/// The pointer of the next child of the innermost open collection.
fn child_path(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => String::new(),
        Some(Frame::Map { path, key }) => {
            let k = key.take().unwrap_or_default();
            format!("{path}/{}", escape(&k))
        }
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}/{next}");
            *next += 1;
            p
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_nested_nodes_and_keys() {
        let y = "a:\n  b: 1\nlist:\n  - x: 2\n    y: [3, 4]\n";
        let i = PosIndex::build(y);
        assert_eq!(i.node("/a/b"), (2, 6));
        assert_eq!(i.key("/a", "b"), (2, 3));
        assert_eq!(i.node("/list/0/x"), (4, 8));
        assert_eq!(i.node("/list/0/y/1"), (5, 12));
        assert_eq!(i.node("/list/0/missing"), (4, 5));
    }
}

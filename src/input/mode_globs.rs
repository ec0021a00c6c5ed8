//! `[preprocessor.docket.modes]`: a maintainer's correction of how claims are
//! read, by glob on the name a page claims.

/// The modes a claim can be read in, as `[preprocessor.docket.modes]` names them
/// (the claims module's `Mode` has one variant per name).
pub const MODE_NAMES: &[&str] = &[
    "current",
    "planned",
    "removed",
    "historical",
    "example",
    "generated",
    "external",
];

/// `[preprocessor.docket.modes]`: `example = ["config/**", "db/**"]` reads every
/// path or name the globs match in that mode, wherever a page names it (paths
/// of users' projects, other repositories).
#[derive(Debug, Clone, Default)]
pub struct ModeGlobs {
    /// (mode name, glob), in the file's order.
    pub entries: Vec<(String, String)>,
}

impl ModeGlobs {
    /// The first (mode, glob) whose glob matches `name`.
    pub fn matching(&self, name: &str) -> Option<(&str, &str)> {
        self.entries
            .iter()
            .find(|(_, g)| glob_match(g.as_bytes(), name.as_bytes()))
            .map(|(m, g)| (m.as_str(), g.as_str()))
    }
}

/// Shell-style glob: `*` any run within a segment, `**` any run across
/// segments, `?` one char of a segment.
fn glob_match(p: &[u8], t: &[u8]) -> bool {
    match p {
        [] => t.is_empty(),
        [b'*', b'*', rest @ ..] => {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=t.len()).any(|i| glob_match(rest, &t[i..]))
        }
        [b'*', rest @ ..] => {
            let seg = t.iter().position(|&c| c == b'/').unwrap_or(t.len());
            (0..=seg).any(|i| glob_match(rest, &t[i..]))
        }
        [b'?', rest @ ..] => t.first().is_some_and(|&c| c != b'/') && glob_match(rest, &t[1..]),
        [c, rest @ ..] => t.first() == Some(c) && glob_match(rest, &t[1..]),
    }
}

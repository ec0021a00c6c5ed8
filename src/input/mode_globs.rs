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

/// One step of a glob.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    /// `**` (with the `/` after it): any run, across segments.
    Any,
    /// `*`: any run within a segment.
    Star,
    /// `?`: one byte of a segment.
    One,
    /// A byte as written.
    Byte(u8),
}

/// Shell-style glob: `*` any run within a segment, `**` any run across
/// segments, `?` one char of a segment. Matched as a set of positions in the
/// pattern moved along the name, so the time is the product of the lengths,
/// whatever the stars (backtracking is exponential on `**a**a**a…`).
fn glob_match(p: &[u8], t: &[u8]) -> bool {
    let mut tokens = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        match p[i..] {
            [b'*', b'*', ..] => {
                tokens.push(Token::Any);
                i += 2;
                if p.get(i) == Some(&b'/') {
                    i += 1;
                }
            }
            [b'*', ..] => {
                tokens.push(Token::Star);
                i += 1;
            }
            [b'?', ..] => {
                tokens.push(Token::One);
                i += 1;
            }
            [c, ..] => {
                tokens.push(Token::Byte(c));
                i += 1;
            }
            [] => break,
        }
    }
    let n = tokens.len();
    // `at[k]`: the pattern can have read its first k tokens.
    let mut at = vec![false; n + 1];
    let close = |at: &mut Vec<bool>| {
        for k in 0..n {
            if at[k] && matches!(tokens[k], Token::Any | Token::Star) {
                at[k + 1] = true;
            }
        }
    };
    at[0] = true;
    close(&mut at);
    for &c in t {
        let mut next = vec![false; n + 1];
        for k in 0..n {
            if !at[k] {
                continue;
            }
            match tokens[k] {
                Token::Any => next[k] = true,
                Token::Star => next[k] |= c != b'/',
                Token::One => next[k + 1] |= c != b'/',
                Token::Byte(b) => next[k + 1] |= b == c,
            }
        }
        close(&mut next);
        if !next.iter().any(|&x| x) {
            return false;
        }
        at = next;
    }
    at[n]
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs_match_as_the_shell_reads_them() {
        let m = |p: &str, t: &str| glob_match(p.as_bytes(), t.as_bytes());
        assert!(m("config/**", "config/routes.rb"));
        assert!(m("config/**", "config/a/b/c.rb"));
        assert!(m("a/**/b", "a/b") && m("a/**/b", "a/x/y/b"));
        assert!(m("**/*.rs", "src/lib.rs") && m("**/*.rs", "lib.rs"));
        assert!(m("src/*.rs", "src/lib.rs") && !m("src/*.rs", "src/a/lib.rs"));
        assert!(m("db/?.sql", "db/1.sql") && !m("db/?.sql", "db/12.sql"));
        assert!(!m("?", "/") && !m("*", "a/b"));
        assert!(m("", "") && !m("", "a") && m("*", ""));
        assert!(!m("config/**", "docs/config/x"));
    }

    #[test]
    fn many_stars_stay_quick() {
        // Exponential with backtracking; a product of lengths here.
        let p = "**a".repeat(40) + "b";
        let t = "a".repeat(4000);
        assert!(!glob_match(p.as_bytes(), t.as_bytes()));
        let p = "*a".repeat(40) + "b";
        assert!(!glob_match(p.as_bytes(), t.as_bytes()));
    }
}

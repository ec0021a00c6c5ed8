//! Claims made in code: defines (`-D name=value`, prefixed names) and commands.

use super::{Claim, ClaimAt, ClaimContext, at, prefixed_define};

/// A `-D name` or `-D name=value` (value up to whitespace or a closing
/// quote/backtick/bracket): the name, its byte offset, and the value with its.
type DashD<'a> = (&'a str, usize, Option<(&'a str, usize)>);

/// Every `-D` define in `code`, left to right, each preceded by the start, a
/// space or an opening bracket. A hand scanner: the equivalent regex (kept in
/// the tests as the oracle) needed captures, its slowest mode, on every span.
fn dash_d(code: &str) -> Vec<DashD<'_>> {
    let mut out = Vec::new();
    // Where the last match ended: a match's leading char cannot be inside it.
    let mut last_end = 0;
    let mut from = 0;
    // Each `-` by a byte search, then its `D`: a substring search built its
    // searcher anew on every span.
    let bytes = code.as_bytes();
    while let Some(rel) = bytes.get(from..).and_then(|r| memchr::memchr(b'-', r)) {
        let i = from + rel;
        from = i + 1;
        if bytes.get(i + 1) != Some(&b'D') {
            continue;
        }
        from = i + 2;
        let lead_ok = if i == 0 {
            true
        } else {
            code[..i].chars().next_back().is_some_and(|c| {
                (c.is_whitespace() || c == '(' || c == '[') && i - c.len_utf8() >= last_end
            })
        };
        if !lead_ok {
            continue;
        }
        let rest = &code[i + 2..];
        let name_at = i + 2 + (rest.len() - rest.trim_start().len());
        let tail = &code[name_at..];
        // Haxe names may hold `.` and `-` (`genes.ts`, `source-map`), but a
        // sentence's full stop is no part of one.
        let name_len = tail
            .char_indices()
            .find(|&(k, c)| {
                !(c.is_ascii_alphabetic()
                    || c == '_'
                    || (k > 0 && (c.is_ascii_digit() || c == '.' || c == '-')))
            })
            .map_or(tail.len(), |(k, _)| k);
        let name_len = tail[..name_len].trim_end_matches(['.', '-']).len();
        if name_len == 0 {
            continue;
        }
        let name = &tail[..name_len];
        let mut end = name_at + name_len;
        let mut value = None;
        if let Some(v) = code[end..].strip_prefix('=') {
            let v_len = v
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || matches!(c, '`' | '\'' | '"' | ')' | ']'))
                .map_or(v.len(), |(k, _)| k);
            if v_len > 0 {
                value = Some((&v[..v_len], end + 1));
                end += 1 + v_len;
            }
        }
        out.push((name, name_at, value));
        last_end = end;
        from = end;
    }
    out
}

/// Words that start a command a reader is told to run.
const COMMAND_WORDS: &[&str] = &[
    "npm", "npx", "yarn", "pnpm", "bash", "sh", "make", "just", "cargo",
];

/// Fence languages that show Markdown or a diff as an example, not claims.
const EXAMPLE_LANGS: &[&str] = &["markdown", "md", "diff", "patch"];

/// Fence languages whose lines are shell commands.
const SHELL_LANGS: &[&str] = &["", "sh", "bash", "shell", "console", "zsh", "shell-session"];

fn defines(code: &str, offset: usize, ctx: &ClaimContext, out: &mut Vec<ClaimAt>) {
    let found = dash_d(code);
    for &(name, at, value) in &found {
        let value = value.map(|(v, vat)| (v, offset + vat));
        mention(name, value, offset + at, true, ctx, out);
    }
    // A whole inline code that is a prefixed define: `rust_output=<dir>`.
    if found.is_empty()
        && let Some((name, value)) = prefixed_define(code.trim(), &ctx.define_prefixes)
    {
        let lead = code.len() - code.trim_start().len();
        let value = value.map(|v| (v, offset + lead + name.len() + 1));
        mention(name, value, offset + lead, false, ctx, out);
    }
}

/// A define named at `offset`, with its value and the value's offset; `dash`
/// when written as `-D name`.
fn mention(
    name: &str,
    value: Option<(&str, usize)>,
    offset: usize,
    dash: bool,
    ctx: &ClaimContext,
    out: &mut Vec<ClaimAt>,
) {
    out.push(at(
        Claim::DefineMentioned {
            name: name.to_string(),
            value: value.map(|(v, _)| v.to_string()),
            dash,
        },
        offset,
    ));
    if ctx.profile_selector.as_deref() == Some(name)
        && let Some((v, voff)) = value
    {
        // `selector=a|b|c` names each profile, each at its own column;
        // `<profile>` is a placeholder.
        let mut pos = voff;
        for raw in v.split('|') {
            let id = raw.trim();
            let lead = raw.len() - raw.trim_start().len();
            if !id.is_empty() && !id.starts_with('<') && !id.starts_with('$') && !id.contains("...")
            {
                out.push(at(
                    Claim::ProfileMentioned { id: id.to_string() },
                    pos + lead,
                ));
            }
            pos += raw.len() + 1;
        }
    }
}

/// Whether inline code is a repository path: slash-separated plain segments,
/// no spaces, globs, URLs or language syntax. A `.md` doc path (even a bare file
/// name, with its `#fragment` dropped) is one too: the link rules check it, with
/// the mode its words give it.
fn repo_path(code: &str) -> Option<&str> {
    let c = code.trim().trim_end_matches('/');
    let c = match c.split_once('#') {
        Some((doc, _)) if doc.ends_with(".md") => doc,
        _ => c,
    };
    let doc = c.ends_with(".md") && c.len() > 3;
    let plain = (c.contains('/') || doc)
        && !c.starts_with('/')
        && !c.starts_with("~")
        && !c.contains("://")
        && !c.contains("..")
        && c.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && (seg.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.'))
                    || placeholder_segment(seg))
        })
        // `rust.Vec` / `a/b` version-like pairs are not paths: require a letter.
        && c.chars().any(char::is_alphabetic);
    plain.then_some(c)
}

/// A layout segment with a placeholder (`<package>`, `{name}.c`): the path is
/// a pattern, read as an example, never checked.
fn placeholder_segment(seg: &str) -> bool {
    let (open, close) = if seg.contains('<') {
        ('<', '>')
    } else {
        ('{', '}')
    };
    let inner_ok = seg
        .chars()
        .all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.' | '<' | '>' | '{' | '}'));
    inner_ok
        && seg
            .find(open)
            .zip(seg.rfind(close))
            .is_some_and(|(a, b)| a + 1 < b)
}

/// The folder of `cd DIR` (or `pushd DIR`), when a line is one.
fn cd_target(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    match words.next() {
        Some("cd" | "pushd") => words
            .next()
            .map(|d| d.trim_matches(['"', '\'']).to_string()),
        _ => None,
    }
}

fn commands(line: &str, offset: usize, cwd: &mut Option<String>, out: &mut Vec<ClaimAt>) {
    let line = line.trim_start();
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let bytes = line.as_bytes();
    let mut start = 0;
    // The separators are ASCII: a byte walk splits where the chars did.
    for i in 0..=bytes.len() {
        if bytes
            .get(i)
            .is_some_and(|c| !matches!(c, b';' | b'|' | b'(' | b')' | b'&' | b'\n'))
        {
            continue;
        }
        let seg = &line[start..i];
        start = i + 1;
        let trimmed = seg.trim();
        // Every word a segment can open with to say something (`cd`,
        // `pushd`, `COMMAND_WORDS`) starts with one of these.
        if !trimmed
            .bytes()
            .next()
            .is_some_and(|c| matches!(c, b'b' | b'c' | b'j' | b'm' | b'n' | b'p' | b's' | b'y'))
        {
            continue;
        }
        let first = trimmed.split_whitespace().next().unwrap_or("");
        if let Some(dir) = cd_target(trimmed) {
            // `cd a && cd b` nests; `cd -` goes back to where docket cannot follow, so
            // the folder is forgotten (the book root is assumed).
            *cwd = match (cwd.take(), dir.as_str()) {
                (_, "-") => None,
                (Some(base), d) if !d.starts_with('/') => Some(format!("{base}/{d}")),
                (_, d) => Some(d.to_string()),
            };
        } else if COMMAND_WORDS.contains(&first) && trimmed.split_whitespace().nth(1).is_some() {
            // A lone `npm` or `bash` names a tool, not a command to run.
            // `npm --prefix x run y` / `npm run y --prefix x` run in x.
            let mut words = trimmed.split_whitespace();
            let prefix = words
                .by_ref()
                .find(|w| *w == "--prefix" || *w == "-C")
                .and(words.next())
                .map(str::to_string);
            // The words joined by one space, the folder option dropped, built
            // in place (no list of words per command).
            let mut text = String::with_capacity(trimmed.len());
            let mut skip = false;
            for w in trimmed.split_whitespace() {
                if skip {
                    skip = false;
                    continue;
                }
                if w == "--prefix" || (w == "-C" && first == "make") {
                    skip = true;
                    continue;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(w);
            }
            let lead = seg.len() - seg.trim_start().len();
            out.push(at(
                Claim::Command {
                    text,
                    family: first.to_string(),
                    cwd: prefix.or_else(|| cwd.clone()),
                },
                offset + (i - seg.len()) + lead,
            ));
        }
    }
}

/// Claims in one inline code span at `offset` (the backtick).
pub fn inline(code: &str, offset: usize, ctx: &ClaimContext, out: &mut Vec<ClaimAt>) {
    // The span's text starts after its opening backticks.
    let inner = offset + 1;
    defines(code, inner, ctx, out);
    commands(code, inner, &mut None, out);
    if let Some(p) = repo_path(code) {
        out.push(at(
            Claim::RepoPath {
                path: p.to_string(),
            },
            offset,
        ));
    } else if let Some(p) = local_path(code) {
        out.push(at(
            Claim::LocalPath {
                path: p.to_string(),
            },
            offset,
        ));
    }
}

/// A path inside one person's home folder (`/Users/ana/…`, `/home/ana/…`,
/// `C:\Users\ana\…`, also as a `file://` URL), whose owner is named rather
/// than a placeholder (`/home/<user>/`, `/Users/$USER/`): it exists on one
/// machine only.
pub fn local_path(code: &str) -> Option<&str> {
    // Every form holds a slash or a backslash; most code holds neither.
    memchr::memchr2(b'/', b'\\', code.as_bytes())?;
    let c = code.trim();
    let c = c.split_whitespace().next()?;
    let bare = c.strip_prefix("file://").unwrap_or(c);
    let rest = ["/Users/", "/home/"]
        .iter()
        .find_map(|h| bare.strip_prefix(h))
        .or_else(|| {
            let b = bare.as_bytes();
            (b.len() > 9
                && b[0].is_ascii_alphabetic()
                && b[1] == b':'
                && matches!(b[2], b'\\' | b'/')
                && bare
                    .get(3..8)
                    .is_some_and(|u| u.eq_ignore_ascii_case("users"))
                && matches!(b[8], b'\\' | b'/'))
            .then(|| bare.get(9..))
            .flatten()
        })?;
    let mut segs = rest.split(['/', '\\']);
    let owner = segs.next()?;
    let named = !owner.is_empty()
        && owner
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'));
    // A folder below the owner's: a path into their files, not the home alone.
    (named && segs.any(|s| !s.is_empty())).then_some(c)
}

/// Claims in a fenced or indented code block, line by line.
pub fn block(lang: &str, lines: &[(String, usize)], ctx: &ClaimContext, out: &mut Vec<ClaimAt>) {
    if EXAMPLE_LANGS.contains(&lang) {
        return;
    }
    let shell = SHELL_LANGS.contains(&lang);
    let mut cwd = None;
    for (line, offset) in lines {
        if line.trim_start().starts_with('#') && shell {
            continue; // a shell comment
        }
        defines(line, *offset, ctx, out);
        if shell {
            commands(line, *offset, &mut cwd, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern `dash_d` replaced, as the oracle for the property test.
    fn dash_d_regex(code: &str) -> Vec<DashD<'_>> {
        let re = regex::Regex::new(
            r"(?:^|[\s(\[])-D\s*([A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:=([^\s`'\x22)\]]+))?",
        )
        .expect("oracle regex");
        re.captures_iter(code)
            .filter_map(|c| {
                let name = c.get(1)?;
                Some((
                    name.as_str(),
                    name.start(),
                    c.get(2).map(|v| (v.as_str(), v.start())),
                ))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn dash_d_matches_its_regex(code in "([ (\\[a-zA-Z0-9_.=`'\")\\]é\u{3000}-]|-D){0,40}") {
            proptest::prop_assert_eq!(dash_d(&code), dash_d_regex(&code));
        }
    }

    #[test]
    fn dash_d_cases() {
        for code in [
            "-D a=1 -D b",
            "-Da=x)",
            "x -D a-D b",
            "(-D rust_profile=portable|metal]",
            "-D 9bad -D ok",
            "-D\u{3000}wide=é",
            "a=b -D",
        ] {
            assert_eq!(dash_d(code), dash_d_regex(code), "{code}");
        }
        assert_eq!(
            dash_d("-D a=1 -D b"),
            [("a", 3, Some(("1", 5))), ("b", 10, None)]
        );
    }

    fn ctx() -> ClaimContext {
        ClaimContext {
            define_prefixes: vec!["rust_".into()],
            profile_selector: Some("rust_profile".into()),
            ..ClaimContext::default()
        }
    }

    #[test]
    fn dash_d_and_selector_forms() {
        let mut out = Vec::new();
        inline("-D rust_profile=a|b", 10, &ctx(), &mut out);
        let claims: Vec<_> = out.iter().map(|c| (&c.claim, c.offset)).collect();
        assert_eq!(claims.len(), 3);
        assert_eq!(claims[0].1, 14);
        assert_eq!(
            (claims[1].1, claims[2].1),
            (27, 29),
            "each profile at its own column"
        );
        assert_eq!(claims[1].0, &Claim::ProfileMentioned { id: "a".into() });
    }

    #[test]
    fn prefixed_names_only() {
        let mut out = Vec::new();
        inline("rust_output=<dir>", 0, &ctx(), &mut out);
        inline("haxe_thing", 0, &ctx(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].claim,
            Claim::DefineMentioned {
                name: "rust_output".into(),
                value: Some("<dir>".into()),
                dash: false,
            }
        );
    }

    #[test]
    fn commands_split_on_operators() {
        let mut out = Vec::new();
        block(
            "bash",
            &[
                ("cd x && npm run test:all".into(), 0),
                ("(cd out && cargo run -q)".into(), 40),
                ("# npm run nope".into(), 80),
            ],
            &ctx(),
            &mut out,
        );
        let texts: Vec<_> = out
            .iter()
            .filter_map(|c| match &c.claim {
                Claim::Command { text, cwd, .. } => Some((text.as_str(), cwd.as_deref(), c.offset)),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("npm run test:all", Some("x"), 8),
                ("cargo run -q", Some("x/out"), 51)
            ]
        );
    }

    #[test]
    fn local_paths() {
        for yes in [
            "/Users/ana/src/app/docs/x.md",
            "/home/ana/work/app",
            "C:\\Users\\ana\\app\\x.rs",
            "file:///Users/ana/app/y.md",
        ] {
            assert_eq!(local_path(yes), Some(yes), "{yes}");
        }
        for not in [
            "/home/<user>/app",
            "/Users/$USER/app",
            "/Users/ana",
            "/usr/local/bin",
            "~/app",
            "C:\\Program Files\\x",
            "docs/x.md",
        ] {
            assert_eq!(local_path(not), None, "{not}");
        }
    }

    #[test]
    fn repo_paths() {
        assert_eq!(
            repo_path("scripts/ci/local.sh"),
            Some("scripts/ci/local.sh")
        );
        assert_eq!(
            repo_path("test/snapshot/v1_smoke/"),
            Some("test/snapshot/v1_smoke")
        );
        assert_eq!(repo_path("docs/v1.md#top"), Some("docs/v1.md"));
        assert_eq!(repo_path("PATCHES.md"), Some("PATCHES.md"));
        assert_eq!(
            repo_path("src/<package>/package.c"),
            Some("src/<package>/package.c")
        );
        for not in [
            "std/rust/*",
            "https://x/y",
            "a b/c",
            "README",
            "hxrt::array",
            "1/2",
            "/etc/x",
            "rust.Vec<T>",
        ] {
            assert_eq!(repo_path(not), None, "{not}");
        }
    }
}

//! Claims made in code: defines (`-D name=value`, prefixed names) and commands.

use std::sync::LazyLock;

use regex::Regex;

use super::{Claim, ClaimAt, ClaimContext, at, prefixed_define};

/// `-D name` or `-D name=value` (value up to whitespace or a closing quote/backtick).
static DASH_D: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[])-D\s*([A-Za-z_][A-Za-z0-9_.]*)(?:=([^\s`'\x22)\]]+))?")
        .expect("static regex")
});

/// Words that start a command a reader is told to run.
const COMMAND_WORDS: &[&str] = &[
    "npm", "npx", "yarn", "pnpm", "bash", "sh", "make", "just", "cargo",
];

/// Fence languages whose lines are shell commands.
const SHELL_LANGS: &[&str] = &["", "sh", "bash", "shell", "console", "zsh", "shell-session"];

fn defines(code: &str, offset: usize, ctx: &ClaimContext, out: &mut Vec<ClaimAt>) {
    let mut covered = Vec::new();
    for cap in DASH_D.captures_iter(code) {
        let (Some(whole), Some(name)) = (cap.get(0), cap.get(1)) else {
            continue;
        };
        let value = cap.get(2).map(|v| v.as_str());
        covered.push(whole.range());
        mention(name.as_str(), value, offset + name.start(), ctx, out);
    }
    // A whole inline code that is a prefixed define: `rust_output=<dir>`.
    if covered.is_empty()
        && let Some((name, value)) = prefixed_define(code.trim(), &ctx.define_prefixes)
    {
        let lead = code.len() - code.trim_start().len();
        mention(name, value, offset + lead, ctx, out);
    }
}

fn mention(
    name: &str,
    value: Option<&str>,
    offset: usize,
    ctx: &ClaimContext,
    out: &mut Vec<ClaimAt>,
) {
    out.push(at(
        Claim::DefineMentioned {
            name: name.to_string(),
            value: value.map(str::to_string),
        },
        offset,
    ));
    if ctx.profile_selector.as_deref() == Some(name)
        && let Some(v) = value
    {
        // `selector=a|b|c` names each profile; `<profile>` is a placeholder.
        for id in v.split('|').map(str::trim) {
            if !id.is_empty() && !id.starts_with('<') && !id.starts_with('$') && !id.contains("...")
            {
                out.push(at(Claim::ProfileMentioned { id: id.to_string() }, offset));
            }
        }
    }
}

fn commands(line: &str, offset: usize, out: &mut Vec<ClaimAt>) {
    let line = line.trim_start();
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let mut start = 0;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), '\n')))
    {
        let sep = matches!(c, ';' | '|' | '(' | ')' | '&' | '\n');
        if !sep {
            continue;
        }
        let seg = &line[start..i];
        let trimmed = seg.trim();
        let first = trimmed.split_whitespace().next().unwrap_or("");
        if COMMAND_WORDS.contains(&first) {
            let text = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
            let lead = seg.len() - seg.trim_start().len();
            out.push(at(
                Claim::Command {
                    text,
                    family: first.to_string(),
                },
                offset + start + lead,
            ));
        }
        start = i + c.len_utf8();
    }
}

/// Claims in one inline code span at `offset` (the backtick).
pub fn inline(code: &str, offset: usize, ctx: &ClaimContext, out: &mut Vec<ClaimAt>) {
    // The span's text starts after its opening backticks.
    let inner = offset + 1;
    defines(code, inner, ctx, out);
    commands(code, inner, out);
}

/// Claims in a fenced or indented code block, line by line.
pub fn block(lang: &str, lines: &[(String, usize)], ctx: &ClaimContext, out: &mut Vec<ClaimAt>) {
    let shell = SHELL_LANGS.contains(&lang);
    for (line, offset) in lines {
        if line.trim_start().starts_with('#') && shell {
            continue; // a shell comment
        }
        defines(line, *offset, ctx, out);
        if shell {
            commands(line, *offset, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ClaimContext {
        ClaimContext {
            define_prefixes: vec!["rust_".into()],
            profile_selector: Some("rust_profile".into()),
            defines_reference: false,
        }
    }

    #[test]
    fn dash_d_and_selector_forms() {
        let mut out = Vec::new();
        inline("-D rust_profile=a|b", 10, &ctx(), &mut out);
        let claims: Vec<_> = out.iter().map(|c| (&c.claim, c.offset)).collect();
        assert_eq!(claims.len(), 3);
        assert_eq!(claims[0].1, 14);
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
                value: Some("<dir>".into())
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
                Claim::Command { text, .. } => Some((text.as_str(), c.offset)),
                _ => None,
            })
            .collect();
        assert_eq!(texts, [("npm run test:all", 8), ("cargo run -q", 51)]);
    }
}

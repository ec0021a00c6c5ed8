//! Offline syntax highlighting for code blocks, done at build time so pages need
//! no script and no network. A small tokenizer per family (C-like, shell, TOML/
//! YAML/HXML) marks comments, strings, numbers and keywords; anything else is
//! escaped text. Unknown languages come out plain.

use crate::core::text::escape;

#[derive(Clone, Copy, PartialEq)]
enum Family {
    CLike,
    Shell,
    Config,
    Plain,
}

fn family(lang: &str) -> Family {
    match lang {
        "rust" | "rs" | "haxe" | "hx" | "js" | "javascript" | "ts" | "typescript" | "java"
        | "c" | "cpp" | "c++" | "go" | "json" | "jsonc" | "kotlin" | "swift" | "csharp" | "cs" => {
            Family::CLike
        }
        "sh" | "bash" | "shell" | "console" | "zsh" | "shell-session" => Family::Shell,
        "toml" | "yaml" | "yml" | "hxml" | "ini" | "cfg" | "makefile" | "make" | "dockerfile" => {
            Family::Config
        }
        _ => Family::Plain,
    }
}

const C_KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "break",
    "case",
    "cast",
    "catch",
    "class",
    "const",
    "continue",
    "crate",
    "default",
    "do",
    "dyn",
    "else",
    "enum",
    "extends",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "function",
    "if",
    "impl",
    "implements",
    "import",
    "in",
    "inline",
    "interface",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "new",
    "null",
    "override",
    "package",
    "private",
    "pub",
    "public",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "switch",
    "this",
    "throw",
    "trait",
    "true",
    "try",
    "type",
    "typedef",
    "unsafe",
    "use",
    "using",
    "var",
    "where",
    "while",
];
const SHELL_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac", "in",
    "function", "export", "local", "return", "set", "cd", "echo", "exit", "source",
];

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"hl-");
    out.push_str(class);
    out.push_str("\">");
    out.push_str(&escape(text));
    out.push_str("</span>");
}

/// Highlight `code` as `lang`; the result is escaped HTML for inside `<code>`.
pub fn highlight(lang: &str, code: &str) -> String {
    let fam = family(&lang.to_ascii_lowercase());
    if fam == Family::Plain {
        return escape(code);
    }
    let keywords: &[&str] = match fam {
        Family::CLike => C_KEYWORDS,
        Family::Shell => SHELL_KEYWORDS,
        _ => &["true", "false", "null"],
    };
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(code.len(), |&(b, _)| b);
    let mut out = String::with_capacity(code.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        // Line comments.
        let line_comment = match fam {
            Family::CLike => c == '/' && next == Some('/'),
            _ => c == '#' && (i == 0 || chars[i - 1].1.is_whitespace()),
        };
        if line_comment {
            let mut j = i;
            while j < chars.len() && chars[j].1 != '\n' {
                j += 1;
            }
            span(&mut out, "c", &code[b..end_of(j)]);
            i = j;
            continue;
        }
        if fam == Family::CLike && c == '/' && next == Some('*') {
            let mut j = i + 2;
            while j + 1 < chars.len() && !(chars[j].1 == '*' && chars[j + 1].1 == '/') {
                j += 1;
            }
            let j = (j + 2).min(chars.len());
            span(&mut out, "c", &code[b..end_of(j)]);
            i = j;
            continue;
        }
        if c == '"'
            || (c == '\'' && fam != Family::CLike)
            || (c == '\'' && fam == Family::CLike && lang != "rust" && lang != "rs")
        {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != c && chars[j].1 != '\n' {
                if chars[j].1 == '\\' {
                    j += 1;
                }
                j += 1;
            }
            let j = (j + 1).min(chars.len());
            span(&mut out, "s", &code[b..end_of(j)]);
            i = j;
            continue;
        }
        if c.is_ascii_digit()
            && (i == 0 || !chars[i - 1].1.is_alphanumeric() && chars[i - 1].1 != '_')
        {
            let mut j = i;
            while j < chars.len()
                && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == '.' || chars[j].1 == '_')
            {
                j += 1;
            }
            span(&mut out, "n", &code[b..end_of(j)]);
            i = j;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_') {
                j += 1;
            }
            let word = &code[b..end_of(j)];
            if keywords.contains(&word) {
                span(&mut out, "k", word);
            } else {
                out.push_str(&escape(word));
            }
            i = j;
            continue;
        }
        if fam == Family::Config && c == '-' && next == Some('D') {
            span(&mut out, "k", "-D");
            i += 2;
            continue;
        }
        out.push_str(&escape(&code[b..end_of(i + 1)]));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_tokens_and_escapes() {
        let h = highlight("rust", "let x = \"a<b\"; // c\n");
        assert_eq!(
            h,
            "<span class=\"hl-k\">let</span> x = <span class=\"hl-s\">&quot;a&lt;b&quot;</span>; <span class=\"hl-c\">// c</span>\n"
        );
        assert_eq!(
            highlight("bash", "echo 'hi' # done"),
            "<span class=\"hl-k\">echo</span> <span class=\"hl-s\">&#39;hi&#39;</span> <span class=\"hl-c\"># done</span>"
        );
        assert_eq!(highlight("unknown", "<x>"), "&lt;x&gt;");
    }

    #[test]
    fn unterminated_tokens_never_panic() {
        for src in ["\"abc", "/* open", "'", "\\", "é\"é", "a /"] {
            let _ = highlight("rust", src);
            let _ = highlight("bash", src);
            let _ = highlight("toml", src);
        }
    }
}

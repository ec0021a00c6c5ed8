//! Code blocks as mdBook renders them: classes from the info string, Rust
//! playgrounds wrapped in a hidden `fn main`, and hidden lines (`# ` in Rust, a
//! configured prefix elsewhere) in `<span class="boring">`. docket then
//! highlights each visible and hidden run at build time.

use crate::core::text::escape;
use crate::markdown::highlight::highlight;
use crate::markdown::options::RenderOptions;

/// The whole `<pre><code>` element for a fenced (`info` set) or indented block.
pub fn code_block(info: Option<&str>, text: &str, opts: &RenderOptions) -> String {
    let words: Vec<&str> = info
        .unwrap_or("")
        .split([' ', '\t', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let lang = words.first().copied().unwrap_or("");
    let mut classes: Vec<String> = Vec::new();
    if !lang.is_empty() {
        classes.push(format!("language-{lang}"));
        classes.extend(words[1..].iter().map(|w| w.to_string()));
    }
    let has = |c: &str| words[1.min(words.len())..].contains(&c);
    let playground = lang == "rust"
        && ((!has("ignore") && !has("noplayground") && !has("noplaypen") && opts.runnable)
            || has("mdbook-runnable"));
    let mut body = std::borrow::Cow::Borrowed(text);
    if playground {
        if !words.iter().any(|w| w.starts_with("edition"))
            && let Some(ed) = &opts.edition
        {
            classes.push(format!("edition{ed}"));
        }
        if !(opts.editable && has("editable"))
            && let Some(wrapped) = wrap_rust_main(text)
        {
            body = wrapped.into();
        }
    }
    let runs = if lang == "rust" {
        hide_rust(&body)
    } else {
        let prefix = words[1.min(words.len())..]
            .iter()
            .find_map(|w| w.strip_prefix("hidelines="))
            .or_else(|| opts.hidelines.get(lang).map(String::as_str));
        match prefix {
            Some(p) => hide_prefixed(&body, p),
            None => vec![(false, body.into_owned())],
        }
    };
    let mut out = String::with_capacity(text.len() * 2 + 64);
    out.push_str(if playground {
        "<pre class=\"playground\"><code"
    } else {
        "<pre><code"
    });
    if !classes.is_empty() {
        out.push_str(" class=\"");
        out.push_str(&escape(&classes.join(" ")));
        out.push('"');
    }
    out.push('>');
    for (boring, run) in runs {
        if boring {
            out.push_str("<span class=\"boring\">");
        }
        out.push_str(&highlight(lang, &run));
        if boring {
            out.push_str("</span>");
        }
    }
    out.push_str("</code></pre>\n");
    out
}

/// Push `line` onto the runs, joining a run of the same kind.
fn push_run(runs: &mut Vec<(bool, String)>, boring: bool, line: &str) {
    match runs.last_mut() {
        // Hidden lines each get their own span, as mdBook gives them.
        Some((false, s)) if !boring => s.push_str(line),
        _ => runs.push((boring, line.to_string())),
    }
}

/// Rust: `# x` and a lone `#` are hidden, `## x` shows `# x`; the last line
/// loses its newline.
fn hide_rust(text: &str) -> Vec<(bool, String)> {
    let mut runs = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let nl = if lines.peek().is_some() { "\n" } else { "" };
        let body = line.trim_start();
        let ws = &line[..line.len() - body.len()];
        if let Some(after) = body.strip_prefix('#') {
            let mut chars = after.chars();
            match chars.next() {
                Some('#') => {
                    push_run(&mut runs, false, &format!("{ws}{after}{nl}"));
                    continue;
                }
                None => {
                    push_run(&mut runs, true, &format!("{ws}{nl}"));
                    continue;
                }
                Some(' ') => {
                    push_run(&mut runs, true, &format!("{ws}{}{nl}", chars.as_str()));
                    continue;
                }
                Some(_) => {}
            }
        }
        push_run(&mut runs, false, &format!("{line}{nl}"));
    }
    runs
}

/// Other languages: a line whose first non-blank text is `prefix` is hidden.
fn hide_prefixed(text: &str, prefix: &str) -> Vec<(bool, String)> {
    let mut runs = Vec::new();
    for line in text.lines() {
        let body = line.trim_start();
        if !prefix.is_empty()
            && let Some(rest) = body.strip_prefix(prefix)
        {
            let ws = &line[..line.len() - body.len()];
            push_run(&mut runs, true, &format!("{ws}{rest}\n"));
        } else {
            push_run(&mut runs, false, &format!("{line}\n"));
        }
    }
    runs
}

/// Rust without `fn main` is wrapped in a hidden one, after its crate
/// attributes, as rustdoc and mdBook do.
pub fn wrap_rust_main(text: &str) -> Option<String> {
    if text.contains("fn main") || text.contains("quick_main!") {
        return None;
    }
    let (attrs, code) = text.split_at(inner_attrs_len(text));
    let nl = if code.is_empty() || code.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    Some(format!(
        "# #![allow(unused)]\n{attrs}# fn main() {{\n{code}{nl}# }}"
    ))
}

/// Length of the leading blank lines and `#![...]` lines; 0 when they are
/// only blank. A hidden one (`# #![...]`) stays inside `fn main`, as mdBook
/// 0.5.4 leaves it.
fn inner_attrs_len(text: &str) -> usize {
    let mut len = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t']);
        if line.trim().is_empty() || t.starts_with("#![") {
            len += line.len();
        } else {
            break;
        }
    }
    if text[..len].trim().is_empty() {
        0
    } else {
        len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(html: &str) -> String {
        // Highlighting spans aside, to compare structure.
        regex::Regex::new(r#"<span class="hl-[a-z]+">|</span>(?:)"#)
            .map(|r| r.replace_all(html, "").into_owned())
            .unwrap_or_default()
    }

    #[test]
    fn rust_blocks_are_wrapped_and_hidden() {
        let o = RenderOptions::default();
        let html = code_block(Some("rust"), "let x = 1;\n", &o);
        assert!(html.starts_with("<pre class=\"playground\"><code class=\"language-rust\">"));
        assert!(html.contains("<span class=\"boring\">"), "{html}");
        let html = code_block(Some("rust,ignore"), "# hidden\nshown\n", &o);
        assert!(
            html.starts_with("<pre><code class=\"language-rust ignore\">"),
            "{html}"
        );
        assert_eq!(
            wrap_rust_main("#![no_std]\nlet a = 1;"),
            Some("# #![allow(unused)]\n#![no_std]\n# fn main() {\nlet a = 1;\n# }".into())
        );
        assert_eq!(wrap_rust_main("fn main() {}"), None);
        let runs = hide_rust("#\n## a\n# b\n#[x]\nc");
        assert_eq!(
            runs,
            [
                (true, "\n".to_string()),
                (false, "# a\n".to_string()),
                (true, "b\n".to_string()),
                (false, "#[x]\nc".to_string())
            ]
        );
    }

    #[test]
    fn prefixes_hide_other_languages() {
        let mut o = RenderOptions::default();
        o.hidelines.insert("python".into(), "~".into());
        let html = plain(&code_block(Some("python"), "~a()\nb()\n", &o));
        assert!(
            html.starts_with(
                "<pre><code class=\"language-python\"><span class=\"boring\">a()\nb()\n"
            ),
            "{html}"
        );
        let runs = hide_prefixed("!!!x\ny\n", "!!!");
        assert_eq!(runs[0], (true, "x\n".to_string()));
    }
}

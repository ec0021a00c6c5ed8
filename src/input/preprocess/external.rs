//! External preprocessors, run as mdBook runs them: `<command> supports html`
//! first (unless `renderers` decides), then `<command>` with `[context, book]`
//! as JSON on stdin and the book read back from stdout. A command that is
//! missing, fails or answers garbage is a warning; the pages keep what they had.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use super::Expansion;
use crate::input::book::Book;
use crate::input::config::mdbook::PreprocessorTable;
use crate::input::config::{BOOK_TOML, Config, ConfigWarning, Origin};

/// The mdBook release whose protocol docket speaks, as mdBook sends its own.
const MDBOOK_VERSION: &str = "0.5.4";

fn warn(config: &Config, message: String) -> ConfigWarning {
    ConfigWarning {
        at: Origin {
            path: config.root.join(BOOK_TOML),
            line: 1,
            col: 1,
        },
        message,
    }
}

/// The command line, split as a shell would (quotes, no expansion); a path with
/// a folder in it is relative to the book root.
fn command(config: &Config, cmd: &str) -> Option<Command> {
    let words = split_words(cmd)?;
    let (exe, args) = words.split_first()?;
    let exe = if exe.contains('/') {
        config.root.join(exe)
    } else {
        exe.into()
    };
    let mut c = Command::new(exe);
    c.args(args).current_dir(&config.root);
    Some(c)
}

/// Words of a command line: whitespace-separated, `'…'` and `"…"` quoted,
/// `\` escaping the next character outside single quotes.
fn split_words(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(cur.take()),
            '\'' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => w.push(c),
                    }
                }
            }
            '"' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => w.push(chars.next()?),
                        c => w.push(c),
                    }
                }
            }
            '\\' => cur.get_or_insert_with(String::new).push(chars.next()?),
            c => cur.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(cur);
    Some(words)
}

/// `[context, book]` as mdBook 0.5 sends it.
fn input(config: &Config, book: &Book) -> Value {
    let toml_value = std::fs::read_to_string(config.root.join(BOOK_TOML))
        .ok()
        .and_then(|t| toml::from_str::<toml::Value>(&t).ok())
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or_else(|| json!({}));
    let root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    // Chapters nest by their SUMMARY depth.
    let mut items: Vec<Value> = Vec::new();
    let mut stack: Vec<(usize, Value)> = Vec::new();
    // Each chapter's section number, by its path, as mdBook sends it (`[1, 2]`).
    let mut numbers = std::collections::HashMap::new();
    for (item, n) in book
        .summary
        .items
        .iter()
        .zip(book.summary.section_numbers())
    {
        if let (crate::input::book::SummaryItem::Chapter { path: Some(p), .. }, Some(n)) = (item, n)
        {
            let p = p.split('#').next().unwrap_or(p);
            let p = crate::core::paths::join_rel("", &crate::core::paths::percent_decode(p));
            if let Some(p) = p {
                numbers.entry(p).or_insert(n);
            }
        }
    }
    let close = |stack: &mut Vec<(usize, Value)>, items: &mut Vec<Value>, depth: usize| {
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            let Some((_, done)) = stack.pop() else { break };
            match stack.last_mut() {
                Some((_, parent)) => {
                    if let Some(Value::Array(subs)) = parent["Chapter"].get_mut("sub_items") {
                        subs.push(done);
                    }
                }
                None => items.push(done),
            }
        }
    };
    for p in &book.pages {
        close(&mut stack, &mut items, p.depth);
        let content = p
            .expansion
            .as_ref()
            .map_or(p.text.as_str(), |e| e.text.as_str());
        let parents: Vec<Value> = stack
            .iter()
            .map(|(_, c)| c["Chapter"]["name"].clone())
            .collect();
        stack.push((
            p.depth,
            json!({"Chapter": {
                "name": p.title,
                "content": content,
                "number": numbers.get(&p.path),
                "sub_items": [],
                "path": p.path,
                "source_path": p.path,
                "parent_names": parents,
            }}),
        ));
    }
    close(&mut stack, &mut items, 0);
    json!([
        {"root": root, "config": toml_value, "renderer": "html", "mdbook_version": MDBOOK_VERSION},
        {"items": items}
    ])
}

/// Chapters' `(path, content)` anywhere in the returned book.
fn chapters(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let (Some(Value::String(c)), Some(Value::String(p))) = (
                map.get("content"),
                map.get("source_path").or_else(|| map.get("path")),
            ) {
                out.push((p.clone(), c.clone()));
            }
            for child in map.values() {
                chapters(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| chapters(i, out)),
        _ => {}
    }
}

/// Run one external preprocessor over the book.
pub fn run(
    config: &Config,
    t: &PreprocessorTable,
    book: &mut Book,
    warnings: &mut Vec<ConfigWarning>,
) {
    let cmd_line = t
        .command
        .clone()
        .unwrap_or_else(|| format!("mdbook-{}", t.name));
    let Some(mut cmd) = command(config, &cmd_line) else {
        warnings.push(warn(config, format!("preprocessor `{}`: command `{cmd_line}` cannot be split into words; pages are rendered without it", t.name)));
        return;
    };
    let missing = |e: &std::io::Error| {
        let hint = if t.optional {
            "it is optional, so".to_string()
        } else {
            format!(
                "install it, or set `optional = true` under [preprocessor.{}];",
                t.name
            )
        };
        format!(
            "preprocessor `{}`: cannot run `{cmd_line}` ({e}); {hint} pages are rendered without it",
            t.name
        )
    };
    match &t.renderers {
        Some(r) if !r.iter().any(|r| r == "html") => return,
        Some(_) => {}
        None => {
            let Some(mut supports) = command(config, &cmd_line) else {
                return;
            };
            match supports
                .args(["supports", "html"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .status()
            {
                Ok(s) if s.success() => {}
                Ok(_) => return,
                Err(e) => {
                    warnings.push(warn(config, missing(&e)));
                    return;
                }
            }
        }
    }
    let body = input(config, book).to_string();
    let child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            warnings.push(warn(config, missing(&e)));
            return;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A preprocessor that stops reading early is judged by its output.
        let _ = stdin.write_all(body.as_bytes());
    }
    let output = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => {
            warnings.push(warn(
                config,
                format!(
                    "preprocessor `{}`: {e}; pages are rendered without it",
                    t.name
                ),
            ));
            return;
        }
    };
    if !output.status.success() {
        warnings.push(warn(
            config,
            format!(
                "preprocessor `{}` (`{cmd_line}`) failed ({}); pages are rendered without it",
                t.name, output.status
            ),
        ));
        return;
    }
    let returned: Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(warn(config, format!("preprocessor `{}` returned a book docket cannot read ({e}); pages are rendered without it", t.name)));
            return;
        }
    };
    let mut found = Vec::new();
    chapters(&returned, &mut found);
    for p in &mut book.pages {
        let Some((_, new)) = found.iter().find(|(path, _)| *path == p.path) else {
            continue;
        };
        let old = p
            .expansion
            .as_ref()
            .map_or(p.text.as_str(), |e| e.text.as_str());
        if new == old {
            continue;
        }
        // What did not change maps back as before; the changed middle maps to
        // where it starts.
        let pre = old
            .char_indices()
            .zip(new.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        let suf = old[pre..]
            .chars()
            .rev()
            .zip(new[pre..].chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum::<usize>();
        let map = |o: usize| p.expansion.as_ref().map_or(o, |e| e.to_source(o));
        let mid = new.len() - suf;
        let segments = vec![
            (0, map(0), pre, p.expansion.is_none()),
            (pre, map(pre), mid - pre, false),
            (mid, map(old.len() - suf), suf, p.expansion.is_none()),
        ];
        p.expansion = Some(Expansion {
            text: new.clone(),
            segments,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_a_shell_splits_them() {
        assert_eq!(
            split_words("cargo run --manifest-path 'a b/C.toml' \"x\\\"y\""),
            Some(vec![
                "cargo".into(),
                "run".into(),
                "--manifest-path".into(),
                "a b/C.toml".into(),
                "x\"y".into()
            ])
        );
        assert_eq!(split_words("a 'open"), None);
    }

    #[test]
    fn chapters_go_with_their_section_numbers_and_mdbooks_version() {
        use crate::input::book::{Page, Summary, SummaryItem};
        let dir = tempfile::tempdir().expect("temp dir");
        let (config, _) = crate::input::config::load(dir.path()).expect("defaults");
        let chapter = |title: &str, path: &str, depth, numbered| SummaryItem::Chapter {
            title: title.into(),
            path: Some(path.into()),
            depth,
            numbered,
            offset: 0,
        };
        let page = |path: &str, depth| Page {
            path: path.into(),
            title: path.into(),
            depth,
            text: String::new(),
            expansion: None,
            page_title: None,
        };
        let book = Book {
            summary: Summary {
                items: vec![
                    chapter("Intro", "intro.md", 0, false),
                    chapter("A", "a.md", 0, true),
                    chapter("B", "a/b.md", 1, true),
                ],
            },
            pages: vec![page("intro.md", 0), page("a.md", 0), page("a/b.md", 1)],
            ..Book::default()
        };
        let v = input(&config, &book);
        assert_eq!(v[0]["mdbook_version"], "0.5.4");
        let items = &v[1]["items"];
        assert_eq!(
            items[0]["Chapter"]["number"],
            Value::Null,
            "a prefix chapter"
        );
        assert_eq!(items[1]["Chapter"]["number"], json!([1]));
        assert_eq!(
            items[1]["Chapter"]["sub_items"][0]["Chapter"]["number"],
            json!([1, 1])
        );
    }
}

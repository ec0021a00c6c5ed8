//! External preprocessors, run as mdBook runs them: `<command> supports html`
//! first (unless `renderers` decides), then `<command>` with `[context, book]`
//! as JSON on stdin and the book read back from stdout. A command that is
//! missing, fails or answers garbage is a warning; the pages keep what they had.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

use super::{Expansion, Policy};
use crate::input::book::Book;
use crate::input::config::mdbook::PreprocessorTable;
use crate::input::config::{BOOK_TOML, Config, ConfigWarning, Origin};

/// The mdBook release whose protocol docket speaks, as mdBook sends its own.
const MDBOOK_VERSION: &str = "0.5.4";

fn warn(config: &Config, name: &str, message: String) -> ConfigWarning {
    // Where the table says what to run, when it says it.
    let at = config
        .origin(&format!("preprocessor.{name}.command"))
        .cloned()
        .unwrap_or(Origin {
            path: config.root.join(BOOK_TOML),
            line: 1,
            col: 1,
        });
    ConfigWarning { at, message }
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

/// Run `cmd` with `input` on stdin, within `policy`'s time and output budgets:
/// past either, the child is killed and the run is an error saying which.
fn run_bounded(
    cmd: &mut Command,
    input: Option<Vec<u8>>,
    policy: &Policy,
) -> Result<(ExitStatus, Vec<u8>), String> {
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    let mut child = cmd
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run it ({e})"))?;
    let writer = child.stdin.take().zip(input).map(|(mut stdin, body)| {
        // A preprocessor that stops reading early is judged by its output.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&body);
        })
    });
    let cap = policy.max_output;
    let reader = child.stdout.take().map(|out| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            // One byte past the cap says it was passed.
            let _ = out.take(cap as u64 + 1).read_to_end(&mut buf);
            buf
        })
    });
    let deadline = Instant::now() + policy.timeout;
    let timed_out = || {
        format!(
            "did not finish within {} s, so it was stopped (allow more with --preprocessor-timeout or DOCKET_PREPROCESSOR_TIMEOUT)",
            policy.timeout.as_secs()
        )
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if Instant::now() >= deadline => {
                stop(&mut child);
                return Err(timed_out());
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for it ({e})")),
        }
    };
    // Something it started may hold its output open: wait no longer than its time.
    let mut out = Vec::new();
    if let Some(r) = reader {
        while !r.is_finished() {
            if Instant::now() >= deadline {
                stop(&mut child);
                return Err(timed_out());
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        out = r.join().unwrap_or_default();
    }
    if let Some(w) = writer
        && w.is_finished()
    {
        let _ = w.join();
    }
    if out.len() > cap {
        return Err(format!(
            "wrote more than {cap} bytes (the cap on a page; set --preprocessor-output-limit for more)"
        ));
    }
    Ok((status, out))
}

/// Kill `child` and whatever it started (its process group, on Unix).
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the group `run_bounded`
        // made for this child; it touches no memory.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
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

/// Run one external preprocessor over the book, within `policy`'s budgets.
pub fn run(
    config: &Config,
    t: &PreprocessorTable,
    book: &mut Book,
    policy: &Policy,
    warnings: &mut Vec<ConfigWarning>,
) {
    let cmd_line = t
        .command
        .clone()
        .unwrap_or_else(|| format!("mdbook-{}", t.name));
    let Some(mut cmd) = command(config, &cmd_line) else {
        warnings.push(warn(config, &t.name, format!("preprocessor `{}`: command `{cmd_line}` cannot be split into words; pages are rendered without it", t.name)));
        return;
    };
    if policy.announce {
        // mdBook names each preprocessor as it runs it; so does docket.
        eprintln!(
            "note: running preprocessor `{}`: {cmd_line} (--no-preprocessors forbids it)",
            t.name
        );
    }
    let failed = |e: String| {
        let hint = if t.optional {
            "it is optional, so".to_string()
        } else {
            format!(
                "install or fix it, or set `optional = true` under [preprocessor.{}];",
                t.name
            )
        };
        format!(
            "preprocessor `{}` (`{cmd_line}`): {e}; {hint} pages are rendered without it",
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
            supports.args(["supports", "html"]);
            match run_bounded(&mut supports, None, policy) {
                Ok((s, _)) if s.success() => {}
                Ok(_) => return,
                Err(e) => {
                    warnings.push(warn(config, &t.name, failed(e)));
                    return;
                }
            }
        }
    }
    let body = input(config, book).to_string().into_bytes();
    let output = match run_bounded(&mut cmd, Some(body), policy) {
        Ok((status, out)) if status.success() => out,
        Ok((status, _)) => {
            warnings.push(warn(config, &t.name, failed(format!("failed ({status})"))));
            return;
        }
        Err(e) => {
            warnings.push(warn(config, &t.name, failed(e)));
            return;
        }
    };
    let returned: Value = match serde_json::from_slice(&output) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(warn(config, &t.name, format!("preprocessor `{}` returned a book docket cannot read ({e}); pages are rendered without it", t.name)));
            return;
        }
    };
    let mut found = Vec::new();
    chapters(&returned, &mut found);
    // The first chapter of each path, looked up once per page.
    let mut by_path: std::collections::HashMap<&str, &String> = std::collections::HashMap::new();
    for (path, content) in &found {
        by_path.entry(path.as_str()).or_insert(content);
    }
    for p in &mut book.pages {
        let Some(&new) = by_path.get(p.path.as_str()) else {
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

//! A template rendered once per shape of its values and filled in per page:
//! the book pages' frame without a template run per page, byte for byte what
//! the template gives.
//!
//! A page's varying values (title, links, table of contents, body) are slots.
//! The template is rendered once with a sentinel in each slot; the output,
//! split at the sentinels, is the stencil: fixed text, and the slots, each as
//! the template printed it (escaped or `|safe`). What the template decides on
//! (`{% if prev %}`, `{% if toc|length > 1 %}`) is the shape: which slots are
//! absent, empty or set, and how many there are; a stencil serves the pages of
//! its shape. Only docket's own templates are stenciled: a project's may test
//! a value in ways a sentinel cannot stand for (`{{ content|length }}`), so
//! those are rendered per page.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

/// One slot's value on a page.
#[derive(Clone)]
pub(super) enum Slot<'a> {
    /// No value (`None`): a page without a previous chapter.
    Absent,
    /// Text, escaped where the template escapes it.
    Text(&'a str),
    /// Text with one stretch replaced: shared chrome marked for this page
    /// (the chapter list with the current page's link), never copied whole.
    Spliced(&'a str, std::ops::Range<usize>, &'a str),
}

impl Slot<'_> {
    /// What the template can tell of the value: absent, empty or set.
    fn state(&self) -> u8 {
        match self {
            Slot::Absent => 0,
            Slot::Text("") => 1,
            Slot::Text(_) | Slot::Spliced(..) => 2,
        }
    }
}

/// Stands for slot `k` in the probe. A NUL cannot come from a template, a
/// title or a path; the quote shows whether the template escaped the value
/// (`&#x27;`); the letter, whether a filter changed it (`|upper`).
pub(super) fn sentinel(k: usize) -> String {
    format!("\u{0}s{k}'\u{0}")
}

/// The probe's value for slot `k` of `shape`: a sentinel where the page has
/// text, the very value (none, empty) where it has not.
pub(super) fn probe_value(shape: &[u8], k: usize) -> minijinja::Value {
    match shape.get(k) {
        Some(2) => minijinja::Value::from(sentinel(k)),
        Some(1) => minijinja::Value::from(""),
        _ => minijinja::Value::from(()),
    }
}

enum Piece {
    /// A stretch of the stencil's fixed text.
    Fixed(std::ops::Range<usize>),
    /// Slot `k`, HTML-escaped or not.
    Value { k: usize, escaped: bool },
}

/// One shape's rendered template, cut at its slots.
pub(super) struct Stencil {
    text: String,
    pieces: Vec<Piece>,
}

impl Stencil {
    /// Cut a probe's output at its sentinels; `None` when it holds a NUL that
    /// is not one of `slots` sentinels as printed whole (a filter changed it,
    /// or a fixed value has a NUL): such a shape is rendered per page.
    fn cut(text: String, slots: usize) -> Option<Stencil> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while let Some(open) = memchr::memchr(0, &text.as_bytes()[at..]).map(|p| at + p) {
            let close = memchr::memchr(0, &text.as_bytes()[open + 1..]).map(|p| open + 1 + p)?;
            let inner = text[open + 1..close].strip_prefix('s')?;
            let (digits, escaped) = match inner.strip_suffix('\'') {
                Some(d) => (d, false),
                None => (inner.strip_suffix("&#x27;")?, true),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let k: usize = digits.parse().ok().filter(|&k| k < slots)?;
            if open > at {
                pieces.push(Piece::Fixed(at..open));
            }
            pieces.push(Piece::Value { k, escaped });
            at = close + 1;
        }
        if at < text.len() {
            pieces.push(Piece::Fixed(at..text.len()));
        }
        Some(Stencil { text, pieces })
    }

    /// The page: the fixed text with `values` in their slots.
    fn fill(&self, values: &[Slot<'_>], out: &mut String) {
        let put = |out: &mut String, s: &str, escaped: bool| {
            if escaped {
                let _ = write!(out, "{}", minijinja::HtmlEscape(s));
            } else {
                out.push_str(s);
            }
        };
        for piece in &self.pieces {
            match piece {
                Piece::Fixed(r) => out.push_str(&self.text[r.clone()]),
                Piece::Value { k, escaped } => match values.get(*k) {
                    Some(Slot::Text(s)) => put(out, s, *escaped),
                    Some(Slot::Spliced(s, r, with)) => {
                        put(out, s.get(..r.start).unwrap_or(""), *escaped);
                        put(out, with, *escaped);
                        put(out, s.get(r.end..).unwrap_or(""), *escaped);
                    }
                    Some(Slot::Absent) | None => {}
                },
            }
        }
    }

    /// Bytes of fixed text: what a page adds to its values.
    fn fixed_len(&self) -> usize {
        self.text.len()
    }
}

/// The stencils of one template, by shape, made as pages ask for them and
/// shared across the cores. `None`: that shape cannot be stenciled.
#[derive(Default)]
pub(super) struct Stencils {
    by_shape: Mutex<HashMap<Vec<u8>, Option<Arc<Stencil>>>>,
}

impl Stencils {
    /// The page for `values`, or `None` when its shape cannot be stenciled
    /// (the caller renders the template). `probe` renders the template for a
    /// shape, each slot's value from `probe_value`; an error there is left
    /// for the caller's own render to report.
    pub(super) fn page<E>(
        &self,
        values: &[Slot<'_>],
        probe: impl FnOnce(&[u8]) -> Result<String, E>,
    ) -> Option<String> {
        let shape: Vec<u8> = values.iter().map(Slot::state).collect();
        let known = self
            .by_shape
            .lock()
            .ok()
            .and_then(|m| m.get(&shape).cloned());
        let stencil = match known {
            Some(s) => s,
            None => {
                let made = probe(&shape)
                    .ok()
                    .and_then(|text| Stencil::cut(text, values.len()))
                    .map(Arc::new);
                if let Ok(mut m) = self.by_shape.lock() {
                    m.insert(shape, made.clone());
                }
                made
            }
        }?;
        let size: usize = values
            .iter()
            .map(|v| match v {
                Slot::Absent => 0,
                Slot::Text(s) | Slot::Spliced(s, ..) => s.len(),
            })
            .sum();
        let mut out = String::with_capacity(stencil.fixed_len() + size + size / 16);
        stencil.fill(values, &mut out);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(source: &str) -> minijinja::Environment<'static> {
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.add_template_owned("t.html", source.to_string())
            .expect("template parses");
        env
    }

    /// The stencil's page against the template's own render, for `values`.
    fn both(source: &str, values: &[Slot<'_>]) -> (Option<String>, String) {
        let env = env(source);
        let t = env.get_template("t.html").expect("template");
        let text = |v: &Slot<'_>| match v {
            Slot::Absent => minijinja::Value::from(()),
            Slot::Text(s) => minijinja::Value::from(*s),
            Slot::Spliced(s, r, with) => {
                minijinja::Value::from(format!("{}{with}{}", &s[..r.start], &s[r.end..]))
            }
        };
        let real = t
            .render(minijinja::context! { a => text(&values[0]), b => text(&values[1]) })
            .expect("renders");
        let stencils = Stencils::default();
        let page = stencils.page(values, |shape| {
            t.render(minijinja::context! {
                a => probe_value(shape, 0),
                b => probe_value(shape, 1),
            })
        });
        (page, real)
    }

    #[test]
    fn a_stencil_fills_as_the_template_renders() {
        let source = "<p title=\"{{ a }}\">{% if b %}{{ b|safe }}|{{ b }}{% endif %}</p>{{ a }}";
        for values in [
            [Slot::Text("x < y & 'z' / \u{0}s0'\u{0}"), Slot::Text("<b>")],
            [Slot::Text(""), Slot::Absent],
            [Slot::Text("t"), Slot::Text("")],
            [
                Slot::Text("t"),
                Slot::Spliced("<a>1</a><a>2</a>", 8..11, "<a class=x>"),
            ],
        ] {
            let (page, real) = both(source, &values);
            assert_eq!(page.as_deref(), Some(real.as_str()));
        }
    }

    #[test]
    fn a_filtered_value_is_not_stenciled() {
        let (page, _) = both("{{ a|upper }}{{ b }}", &[Slot::Text("x"), Slot::Text("y")]);
        assert!(page.is_none());
        // A NUL of the template's own, not a sentinel.
        let (page, _) = both("\u{0}{{ a }}", &[Slot::Text("x"), Slot::Text("y")]);
        assert!(page.is_none());
    }
}

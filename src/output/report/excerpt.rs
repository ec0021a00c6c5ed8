//! The source line under a finding, for terminal formats: control characters
//! escaped, the claim's extent found for the carets, and a long line cut to a
//! window around the claim.
//!
//! Every step is bounded by constants, not by the line's length, and a
//! [`Lines`] cursor walks each line once, so a report of many findings on one
//! huge line stays linear in its size.

use std::borrow::Cow;

/// Lines up to this many chars are shown whole.
pub const WHOLE_LINE: usize = 120;
/// Chars kept before the claim on a cut line.
const BEFORE: usize = 40;
/// Chars kept after the claim on a cut line.
const AFTER: usize = 30;
/// The most chars the carets cover (and that a claim's end is searched for).
pub const MAX_SPAN: usize = 80;

/// Whether `c` must not reach a terminal as it is: control characters (other
/// than tab, which keeps the caret line aligned) can move the cursor, recolour
/// or retitle the terminal; bidirectional overrides reorder what is shown.
fn unsafe_char(c: char, keep_tab: bool) -> bool {
    (c.is_control() && !(keep_tab && c == '\t'))
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` with control characters and bidirectional overrides written as escapes
/// (`\u{1b}`, `\n`), so text from docs cannot drive the terminal.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, false)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c, false) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One source line as shown: the text and, under it, the caret line's indent
/// and caret count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The (possibly cut) line, escaped.
    pub text: String,
    /// What goes before the carets: spaces, and tabs where the line has tabs.
    pub indent: String,
    /// How many carets.
    pub carets: usize,
}

/// Line starts of one file, and a cursor that turns a column into a byte
/// offset by walking forward from the last column asked for on the same line.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `(line, byte, column)` of the last lookup.
    cursor: Option<(usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    /// Index `text`'s lines (one pass).
    pub fn new(text: &'a str) -> Self {
        crate::core::work::add(crate::core::work::Pass::Lines, text.len());
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines {
            text,
            starts,
            cursor: None,
        }
    }

    /// Line `line` (1-based) without its line ending, or `None` past the end.
    fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        let l = self.text.get(start..end.max(start))?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// Byte offset (in `line`) of 1-based char column `col`, clamped to the line.
    fn byte_of(&mut self, line_no: usize, line: &str, col: usize) -> usize {
        let want = col.max(1) - 1;
        let (mut byte, mut chars) = match self.cursor {
            Some((l, b, c)) if l == line_no && c <= want && b <= line.len() => (b, c),
            _ => (0, 0),
        };
        while chars < want && byte < line.len() {
            byte += line[byte..].chars().next().map_or(1, char::len_utf8);
            chars += 1;
        }
        self.cursor = Some((line_no, byte, chars));
        byte
    }

    /// The excerpt for a finding at `line`:`col`, or `None` when the file has no
    /// such line.
    pub fn excerpt(&mut self, line_no: usize, col: usize) -> Option<Excerpt> {
        let line = self.line(line_no)?;
        let at = self.byte_of(line_no, line, col);
        let span = extent(&line[at..]);
        // Short lines whole; the char count is bounded by the byte test first.
        let short = line.len() <= WHOLE_LINE
            || (line.len() <= 4 * WHOLE_LINE && line.chars().count() <= WHOLE_LINE);
        let (from, to) = if short {
            (0, line.len())
        } else {
            (back(line, at, BEFORE), forward(line, at, span + AFTER))
        };
        let mut text = String::new();
        if from > 0 {
            text.push_str("...");
        }
        let mut indent = " ".repeat(text.len());
        for c in line[from..at].chars() {
            let before = text.len();
            if unsafe_char(c, true) {
                push_escaped(&mut text, c);
            } else {
                text.push(c);
            }
            if c == '\t' {
                indent.push('\t');
            } else {
                let shown = text[before..].chars().count();
                indent.extend(std::iter::repeat_n(' ', shown));
            }
        }
        let mut carets = 0;
        for (k, c) in line[at..to].chars().enumerate() {
            let before = text.len();
            if unsafe_char(c, true) {
                push_escaped(&mut text, c);
            } else {
                text.push(c);
            }
            if k < span {
                carets += text[before..].chars().count();
            }
        }
        if to < line.len() {
            text.push_str("...");
        }
        Some(Excerpt {
            text,
            indent,
            carets: carets.max(1),
        })
    }
}

/// Byte offset `n` chars before `at` (or 0).
fn back(line: &str, at: usize, n: usize) -> usize {
    line[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Byte offset `n` chars after `at` (or the line's end).
fn forward(line: &str, at: usize, n: usize) -> usize {
    line[at..]
        .char_indices()
        .nth(n)
        .map_or(line.len(), |(i, _)| at + i)
}

/// How many chars, from the start of `rest`, the claim there covers: the whole
/// Markdown construct that starts there (a link or image with its target, a
/// code span, an HTML comment or tag, a count like `20 / 21`), else the word up
/// to a space or a separator. At least 1, at most [`MAX_SPAN`].
pub fn extent(rest: &str) -> usize {
    let chars: Vec<char> = rest.chars().take(MAX_SPAN + 1).collect();
    let n = construct(&chars).unwrap_or_else(|| word(&chars));
    n.clamp(1, MAX_SPAN).min(chars.len().max(1))
}

/// The end of a bracketed run starting at `chars[i]` (`open`), nesting and
/// backslash escapes respected.
fn closing(chars: &[char], i: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = i;
    while k < chars.len() {
        match chars[k] {
            '\\' => k += 1,
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

fn construct(chars: &[char]) -> Option<usize> {
    let first = *chars.first()?;
    match first {
        '!' if chars.get(1) == Some(&'[') => link(chars, 1),
        '[' => link(chars, 0),
        '`' => {
            let ticks = chars.iter().take_while(|&&c| c == '`').count();
            let mut k = ticks;
            while k < chars.len() {
                if chars[k] == '`' {
                    let run = chars[k..].iter().take_while(|&&c| c == '`').count();
                    if run == ticks {
                        return Some(k + run);
                    }
                    k += run;
                } else {
                    k += 1;
                }
            }
            None
        }
        '<' if chars.get(1) == Some(&'!') => {
            let s: String = chars.iter().collect();
            s.find("-->").map(|i| s[..i + 3].chars().count())
        }
        '<' => {
            let end = chars.iter().position(|&c| c == '>')?;
            (end > 1 && !chars[1].is_whitespace()).then_some(end + 1)
        }
        c if c.is_ascii_digit() => count(chars),
        _ => None,
    }
}

/// `[text](target)`, `[text][ref]`, `[text]` (from `chars[i]`, the `[`).
fn link(chars: &[char], i: usize) -> Option<usize> {
    let text_end = closing(chars, i, '[', ']')?;
    match chars.get(text_end) {
        Some('(') => closing(chars, text_end, '(', ')'),
        Some('[') => closing(chars, text_end, '[', ']'),
        _ => Some(text_end),
    }
}

/// `20 / 21` or `20/21`: a count is one claim.
fn count(chars: &[char]) -> Option<usize> {
    let digits = |k: usize| chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut k = digits(0);
    let spaces = |k: usize| chars[k..].iter().take_while(|&&c| c == ' ').count();
    k += spaces(k);
    if chars.get(k) != Some(&'/') {
        return None;
    }
    k += 1;
    k += spaces(k);
    let d = digits(k);
    (d > 0).then_some(k + d)
}

/// A word: up to a space, `,`, `;` or `|`, without trailing sentence
/// punctuation or an unbalanced closing parenthesis.
fn word(chars: &[char]) -> usize {
    let mut n = chars
        .iter()
        .enumerate()
        .position(|(i, &c)| c.is_whitespace() || c == '|' || (i > 0 && matches!(c, ',' | ';')))
        .unwrap_or(chars.len());
    while n > 1 {
        let last = chars[n - 1];
        let opens = chars[..n].iter().filter(|&&c| c == '(').count();
        let closes = chars[..n].iter().filter(|&&c| c == ')').count();
        if matches!(last, '.' | ':' | '!' | '?' | '"' | '\'') || (last == ')' && closes > opens) {
            n -= 1;
        } else {
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(line: &str, col: usize) -> Excerpt {
        Lines::new(line).excerpt(1, col).expect("line 1")
    }

    fn underlined(line: &str, col: usize) -> String {
        let e = ex(line, col);
        let start = e.indent.chars().count();
        e.text.chars().skip(start).take(e.carets).collect()
    }

    #[test]
    fn carets_cover_the_whole_construct() {
        let l = "See [the profiles page](profiles.md#choosing-a-profile). Then `-D a_b` and <!-- GENERATED:x:start -->";
        assert_eq!(
            underlined(l, 5),
            "[the profiles page](profiles.md#choosing-a-profile)"
        );
        let col = |needle: &str| l.find(needle).map_or(0, |i| i + 1);
        assert_eq!(underlined(l, col("`-D")), "`-D a_b`");
        assert_eq!(underlined(l, col("<!--")), "<!-- GENERATED:x:start -->");
        assert_eq!(
            underlined("![alt text](img.png) x", 1),
            "![alt text](img.png)"
        );
        assert_eq!(
            underlined("[a [nested] b][ref] x", 1),
            "[a [nested] b][ref]"
        );
        assert_eq!(underlined("20 / 21 checks closed.", 1), "20 / 21");
        assert_eq!(underlined("see CHANGELOG.md.", 5), "CHANGELOG.md");
        assert_eq!(underlined("(see `x`) and foo)", 15), "foo");
        assert_eq!(underlined("| closed | open |", 3), "closed");
    }

    #[test]
    fn an_unclosed_construct_falls_back_to_the_word() {
        assert_eq!(underlined("[the anchor is never closed", 1), "[the");
        assert_eq!(underlined("`never closed", 1), "`never");
    }

    #[test]
    fn long_lines_are_cut_around_the_claim() {
        let line = format!("{}[broken](gone.md){}", "a ".repeat(300), " b".repeat(300));
        let e = ex(&line, 601);
        assert!(
            e.text.starts_with("...") && e.text.ends_with("..."),
            "{}",
            e.text
        );
        assert!(e.text.chars().count() < BEFORE + AFTER + 30, "{}", e.text);
        let start = e.indent.chars().count();
        let under: String = e.text.chars().skip(start).take(e.carets).collect();
        assert_eq!(under, "[broken](gone.md)");
    }

    #[test]
    fn control_characters_are_escaped_and_carets_stay_aligned() {
        let e = ex("a\u{1b}[31mb [x](y)\u{7}", 9);
        assert_eq!(e.text, "a\\u{1b}[31mb [x](y)\\u{7}");
        let start = e.indent.chars().count();
        let under: String = e.text.chars().skip(start).take(e.carets).collect();
        assert_eq!(under, "[x](y)");
        assert_eq!(terminal_safe("ok\r\n\u{202e}"), "ok\\r\\n\\u{202e}");
        assert!(matches!(terminal_safe("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn tabs_are_kept_in_the_indent() {
        let e = ex("\t- [x](y)", 4);
        assert_eq!(e.indent, "\t  ");
    }

    #[test]
    fn many_findings_on_one_huge_line_stay_linear() {
        // 10,000 findings on a 200,000-char line: each lookup walks forward
        // from the last, so this is one pass, not 10,000.
        let line = "[x](y) ".repeat(28_572);
        let mut lines = Lines::new(&line);
        let t = std::time::Instant::now();
        for k in 0..10_000 {
            let e = lines.excerpt(1, 1 + k * 7).expect("line");
            assert_eq!(e.carets, 6);
        }
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn columns_past_the_line_and_missing_lines_are_no_panic() {
        assert_eq!(ex("short", 99).carets, 1);
        assert!(Lines::new("one\n").excerpt(5, 1).is_none());
        assert_eq!(ex("é[x](y)", 2).carets, 6);
    }
}

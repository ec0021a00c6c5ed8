//! mdBook's `links` preprocessor: `{{#include file:range|anchor}}`,
//! `{{#rustdoc_include …}}` (lines outside the range become hidden `# ` lines),
//! `{{#playground file attrs}}`, `{{#title …}}`, and `\{{#…}}` escapes. A
//! directive whose file cannot be read stays as written, with a warning naming
//! the page, line and file, as mdBook leaves it.

use std::path::{Path, PathBuf};

use super::{Budget, Expansion, MAX_BOOK_EXPANSION, MAX_EXPANSION};
use crate::input::book::Book;
use crate::input::config::{Config, ConfigWarning};

/// Includes nest at most this deep (mdBook's limit): a cycle ends here.
const MAX_DEPTH: usize = 10;

/// A page expands at most this many directives (a file including itself twice
/// would otherwise expand 2^10 times).
pub(crate) const MAX_INCLUDES: usize = 10_000;

/// Folders of version control: their files (a checkout's `.git/config` holds
/// its token) are never included.
const VCS_DIRS: &[&str] = &[
    ".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul",
];

static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?x)\\\{\{\#.*\}\}|\{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}")
        .expect("static regex")
});
static ANCHOR_START: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"ANCHOR:\s*(?P<n>[\w_-]+)").expect("static regex")
});
static ANCHOR_END: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"ANCHOR_END:\s*(?P<n>[\w_-]+)").expect("static regex")
});

/// Lines `start..end` (0-based, end exclusive, `None` = open).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lines(Option<usize>, Option<usize>),
    Anchor(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Directive {
    Escaped,
    Include(String, Part),
    Rustdoc(String, Part),
    Playground(String, Vec<String>),
    Title(String),
}

fn parse_part(spec: Option<&str>) -> Part {
    let mut parts = spec.unwrap_or("").splitn(3, ':');
    let first = parts.next();
    let start = match first {
        Some(s) if s.parse::<usize>().is_ok() => {
            s.parse::<usize>().ok().map(|v| v.saturating_sub(1))
        }
        Some("") | None => None,
        Some(anchor) => return Part::Anchor(anchor.to_string()),
    };
    match (start, parts.next().map(str::parse::<usize>)) {
        (Some(s), Some(Ok(e))) => Part::Lines(Some(s), Some(e)),
        (Some(s), Some(Err(_))) => Part::Lines(Some(s), None),
        (Some(s), None) => Part::Lines(Some(s), Some(s + 1)),
        (None, Some(Ok(e))) => Part::Lines(None, Some(e)),
        (None, _) => Part::Lines(None, None),
    }
}

/// `"quoted path"` with `\"` escapes, or the first word; then the rest.
fn path_and_rest(args: &str) -> Option<(String, &str)> {
    let t = args.trim_start();
    if let Some(q) = t.strip_prefix('"') {
        let mut path = String::new();
        let mut chars = q.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => path.extend(chars.next().map(|(_, c)| c)),
                '"' => return Some((path, &q[i + 1..])),
                c => path.push(c),
            }
        }
        return None;
    }
    let word = t.split_whitespace().next()?;
    Some((word.to_string(), &t[word.len()..]))
}

fn parse(kind: &str, args: &str) -> Option<Directive> {
    let file_part = |args: &str| -> Option<(String, Part)> {
        let (path, rest) = path_and_rest(args)?;
        if args.trim_start().starts_with('"') {
            let rest = rest.trim_start();
            return Some((path, parse_part(rest.strip_prefix(':'))));
        }
        let mut it = path.splitn(2, ':');
        let file = it.next().unwrap_or("").to_string();
        Some((file, parse_part(it.next())))
    };
    Some(match kind {
        "title" => Directive::Title(args.to_string()),
        "include" => {
            let (p, part) = file_part(args)?;
            Directive::Include(p, part)
        }
        "rustdoc_include" => {
            let (p, part) = file_part(args)?;
            Directive::Rustdoc(p, part)
        }
        "playground" | "playpen" => {
            let (p, rest) = path_and_rest(args)?;
            Directive::Playground(p, rest.split_whitespace().map(str::to_string).collect())
        }
        _ => return None,
    })
}

fn take_lines(s: &str, start: Option<usize>, end: Option<usize>) -> String {
    let start = start.unwrap_or(0);
    let lines = s.lines().skip(start);
    match end {
        Some(e) => lines
            .take(e.saturating_sub(start))
            .collect::<Vec<_>>()
            .join("\n"),
        None => lines.collect::<Vec<_>>().join("\n"),
    }
}

fn take_anchored(s: &str, anchor: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for l in s.lines() {
        if inside {
            match ANCHOR_END.captures(l) {
                Some(c) if &c["n"] == anchor => break,
                Some(_) => {}
                None if !ANCHOR_START.is_match(l) => kept.push(l),
                None => {}
            }
        } else if ANCHOR_START.captures(l).is_some_and(|c| &c["n"] == anchor) {
            inside = true;
        }
    }
    kept.join("\n")
}

fn rustdoc_lines(s: &str, start: Option<usize>, end: Option<usize>) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.lines().enumerate() {
        let inside = start.is_none_or(|a| i >= a) && end.is_none_or(|b| i < b);
        if !inside {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out.pop();
    out
}

fn rustdoc_anchored(s: &str, anchor: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut inside = false;
    for l in s.lines() {
        if inside {
            match ANCHOR_END.captures(l) {
                Some(c) if &c["n"] == anchor => inside = false,
                Some(_) => {}
                None if !ANCHOR_START.is_match(l) => {
                    out.push_str(l);
                    out.push('\n');
                }
                None => {}
            }
        } else if ANCHOR_START.captures(l).is_some_and(|c| &c["n"] == anchor) {
            inside = true;
        } else if !ANCHOR_END.is_match(l) && !ANCHOR_START.is_match(l) {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// What a run needs: where the book is, what was included, what went wrong.
struct Ctx<'c> {
    /// The repository the book lives in (`core::repo`): includes come from
    /// anywhere inside it, never through a symlink out of it.
    root: crate::core::fs::Root,
    src: &'c Path,
    included: Vec<String>,
    errors: Vec<(usize, String)>,
    title: Option<String>,
    /// Bytes this page's directives may still add.
    bytes_left: usize,
    /// Directives this page may still expand.
    includes_left: usize,
    /// Set once a budget ran out: the rest stays as written.
    exhausted: bool,
}

impl Ctx<'_> {
    /// Read `rel` from folder `dir`; it must stay inside the repository.
    fn read(&mut self, dir: &Path, rel: &str) -> Result<(String, PathBuf), String> {
        let file = dir.join(rel);
        let canon = match self.root.resolve(&file) {
            Ok(c) if c.is_file() => c,
            Ok(c) => {
                let why = if c.exists() {
                    "not a file"
                } else {
                    "no such file"
                };
                return Err(format!("cannot read `{rel}` ({}): {why}", file.display()));
            }
            Err(crate::core::fs::FileError::Outside { .. }) => {
                return Err(format!(
                    "`{rel}` is outside the repository; docket reads includes only from inside it"
                ));
            }
            Err(e) => return Err(format!("cannot read `{rel}` ({}): {e}", file.display())),
        };
        if let Some(vcs) = canon.strip_prefix(self.root.canon()).ok().and_then(|r| {
            r.components()
                .find_map(|c| c.as_os_str().to_str().filter(|c| VCS_DIRS.contains(c)))
        }) {
            return Err(format!(
                "`{rel}` is inside `{vcs}`, version control's folder, which docket never includes (it can hold credentials); include a file of the book instead"
            ));
        }
        let text = crate::core::fs::read_text(&canon).map_err(|e| e.to_string())?;
        if let Ok(in_src) = canon.strip_prefix(self.src) {
            let p = in_src
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect::<Vec<_>>()
                .join("/");
            self.included.push(p);
        }
        Ok((
            text,
            canon.parent().map(Path::to_path_buf).unwrap_or_default(),
        ))
    }

    fn render(
        &mut self,
        d: &Directive,
        text: &str,
        dir: &Path,
    ) -> Result<(String, Option<PathBuf>), String> {
        Ok(match d {
            Directive::Escaped => (text[1..].to_string(), None),
            Directive::Title(t) => {
                self.title = Some(t.trim().to_string());
                (String::new(), None)
            }
            Directive::Include(p, part) => {
                let (s, d) = self.read(dir, p)?;
                let body = match part {
                    Part::Lines(a, b) => take_lines(&s, *a, *b),
                    Part::Anchor(n) => take_anchored(&s, n),
                };
                (body, Some(d))
            }
            Directive::Rustdoc(p, part) => {
                let (s, d) = self.read(dir, p)?;
                let body = match part {
                    Part::Lines(a, b) => rustdoc_lines(&s, *a, *b),
                    Part::Anchor(n) => rustdoc_anchored(&s, n),
                };
                (body, Some(d))
            }
            Directive::Playground(p, attrs) => {
                let (mut s, d) = self.read(dir, p)?;
                if !s.ends_with('\n') {
                    s.push('\n');
                }
                let lang = if attrs.is_empty() { "rust" } else { "rust," };
                (format!("```{lang}{}\n{s}```\n", attrs.join(",")), Some(d))
            }
        })
    }

    /// Expand `s` (read from folder `dir`); at depth 0, `segments` receives the
    /// map back to `s`.
    fn expand(
        &mut self,
        s: &str,
        dir: &Path,
        depth: usize,
        mut segments: Option<&mut Vec<(usize, usize, usize, bool)>>,
    ) -> String {
        let mut out = String::with_capacity(s.len());
        let mut prev = 0;
        for cap in LINK.captures_iter(s) {
            let Some(m) = cap.get(0) else { continue };
            let directive = match (cap.get(1), cap.get(2)) {
                (Some(kind), Some(args)) => parse(kind.as_str(), args.as_str()),
                _ if m.as_str().starts_with('\\') => Some(Directive::Escaped),
                _ => None,
            };
            let Some(directive) = directive else { continue };
            let reads = matches!(
                directive,
                Directive::Include(..) | Directive::Rustdoc(..) | Directive::Playground(..)
            );
            if reads && self.exhausted {
                continue;
            }
            let verbatim = &s[prev..m.start()];
            if let Some(seg) = segments.as_deref_mut() {
                seg.push((out.len(), prev, verbatim.len(), true));
            }
            out.push_str(verbatim);
            let at = out.len();
            let rendered = if reads && self.includes_left == 0 {
                self.exhausted = true;
                self.errors.push((
                    m.start(),
                    format!("the page expands more than {MAX_INCLUDES} includes; this one and the rest are left as written (check for a file that includes itself)"),
                ));
                Err(None)
            } else {
                self.includes_left -= usize::from(reads);
                self.render(&directive, m.as_str(), dir).map_err(Some)
            };
            match rendered {
                Ok((content, inner_dir)) => {
                    if depth < MAX_DEPTH {
                        let content = match inner_dir {
                            Some(d) => self.expand(&content, &d, depth + 1, None),
                            None => content,
                        };
                        // Each included line gets what precedes the directive on
                        // its line (a list indent, a `> `), as in mdBook.
                        let prefix = out.rsplit('\n').next().unwrap_or("").to_string();
                        let lines = content.lines().count();
                        let size = content.len()
                            + lines.saturating_sub(1).saturating_mul(prefix.len() + 1);
                        if size > self.bytes_left {
                            if !self.exhausted {
                                self.errors.push((
                                    if depth == 0 { m.start() } else { usize::MAX },
                                    format!("`{}` would take the page past its budget ({MAX_EXPANSION} bytes a page, {MAX_BOOK_EXPANSION} a book); it and the includes after it are left as written", m.as_str()),
                                ));
                            }
                            self.exhausted = true;
                            prev = m.start();
                            if let Some(seg) = segments.as_deref_mut() {
                                seg.push((at, m.start(), 0, false));
                            }
                            continue;
                        }
                        self.bytes_left -= size;
                        let joined = content
                            .lines()
                            .collect::<Vec<_>>()
                            .join(&format!("\n{prefix}"));
                        out.push_str(&joined);
                    } else if depth == MAX_DEPTH {
                        self.errors.push((
                            m.start(),
                            "includes nest more than 10 deep; check for a cycle of includes".into(),
                        ));
                    }
                    prev = m.end();
                }
                Err(None) => prev = m.start(),
                Err(Some(e)) => {
                    if depth == 0 {
                        self.errors.push((
                            m.start(),
                            format!("`{}` is left as written: {e}", m.as_str()),
                        ));
                    } else {
                        self.errors.push((
                            usize::MAX,
                            format!(
                                "`{}` in an included file is left as written: {e}",
                                m.as_str()
                            ),
                        ));
                    }
                    prev = m.start();
                }
            }
            if let Some(seg) = segments.as_deref_mut() {
                seg.push((at, m.start(), out.len() - at, false));
            }
        }
        if let Some(seg) = segments {
            seg.push((out.len(), prev, s.len() - prev, true));
        }
        out.push_str(&s[prev..]);
        out
    }
}

/// Expand every page's directives.
pub fn run(
    config: &Config,
    book: &mut Book,
    budget: &mut Budget,
    warnings: &mut Vec<ConfigWarning>,
) {
    let Ok(root) = crate::core::fs::Root::new(&config.repo().root) else {
        return;
    };
    let src = config
        .src_dir()
        .canonicalize()
        .unwrap_or_else(|_| config.src_dir());
    let mut included = Vec::new();
    for page in &mut book.pages {
        let base = page
            .expansion
            .as_ref()
            .map_or(page.text.as_str(), |e| e.text.as_str());
        if memchr::memmem::find(base.as_bytes(), b"{{").is_none() {
            continue;
        }
        let mut ctx = Ctx {
            root: root.clone(),
            src: &src,
            included: Vec::new(),
            errors: Vec::new(),
            title: None,
            bytes_left: MAX_EXPANSION.min(MAX_BOOK_EXPANSION.saturating_sub(budget.book_bytes)),
            includes_left: MAX_INCLUDES,
            exhausted: false,
        };
        let allowed = ctx.bytes_left;
        let dir = src.join(crate::core::paths::parent_dir(&page.path));
        let mut segments = Vec::new();
        let text = ctx.expand(base, &dir, 0, Some(&mut segments));
        budget.book_bytes += allowed - ctx.bytes_left;
        let errors = ctx.errors.into_iter().map(|(at, message)| {
            let at = if at == usize::MAX { 0 } else { at };
            (
                page.expansion.as_ref().map_or(at, |e| e.to_source(at)),
                message,
            )
        });
        super::page_warnings(config, &page.path, &page.text, errors, warnings);
        if let Some(t) = ctx.title {
            page.page_title = Some(t);
        }
        included.append(&mut ctx.included);
        // Through the previous expansion, when an earlier preprocessor made one.
        if let Some(prev) = &page.expansion {
            for s in &mut segments {
                s.1 = prev.to_source(s.1);
                s.3 = false;
            }
        }
        segments.retain(|s| s.2 > 0 || !s.3);
        page.expansion = Some(Expansion { text, segments });
    }
    book.orphans.retain(|o| !included.contains(o));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_lines() {
        assert_eq!(parse_part(Some("2")), Part::Lines(Some(1), Some(2)));
        assert_eq!(parse_part(Some("2:")), Part::Lines(Some(1), None));
        assert_eq!(parse_part(Some(":10")), Part::Lines(None, Some(10)));
        assert_eq!(parse_part(Some("a")), Part::Anchor("a".into()));
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(take_lines(s, Some(1), Some(3)), "ipsum\ndolor");
        assert_eq!(
            rustdoc_lines(s, Some(1), Some(3)),
            "# Lorem\nipsum\ndolor\n# sit\n# amet"
        );
        let a = "x\nANCHOR: t\ny\nANCHOR_END: t\nz";
        assert_eq!(take_anchored(a, "t"), "y");
        assert_eq!(rustdoc_anchored(a, "t"), "# x\ny\n# z");
        assert_eq!(
            parse("include", "\"a b.md\":1:2"),
            Some(Directive::Include(
                "a b.md".into(),
                Part::Lines(Some(0), Some(2))
            ))
        );
    }

    #[test]
    fn escapes_titles_and_missing_files() {
        let dir = std::env::temp_dir();
        let mut ctx = Ctx {
            root: crate::core::fs::Root::new(&dir).expect("temp dir"),
            src: &dir,
            included: Vec::new(),
            errors: Vec::new(),
            title: None,
            bytes_left: MAX_EXPANSION,
            includes_left: MAX_INCLUDES,
            exhausted: false,
        };
        let out = ctx.expand(
            "a \\{{#include x.rs}}\n{{#title  T }}b\n{{#include docket-no-such-file.rs}}",
            &dir,
            0,
            None,
        );
        assert_eq!(
            out,
            "a {{#include x.rs}}\nb\n{{#include docket-no-such-file.rs}}"
        );
        assert_eq!(ctx.title.as_deref(), Some("T"));
        assert_eq!(ctx.errors.len(), 1);
    }
}

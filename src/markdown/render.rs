//! A page's events to HTML shaped as mdBook 0.5 shapes it: headings and
//! definition terms carry an id and an `<a class="header">`, tables sit in a
//! scrolling wrapper, footnotes are numbered by first use and gathered at the
//! end, `> [!NOTE]` blocks become admonitions, images can be zoomed, code blocks
//! get mdBook's classes, playgrounds and hidden lines. docket adds only what
//! its own features need: an empty `span.docket-line` per block (drift marks)
//! and build-time highlighting.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use crate::core::span::SourceMap;
use crate::core::text::escape;
use crate::markdown::claims::ClaimContext;
use crate::markdown::hidelines::code_block;
use crate::markdown::{Heading, push_line_anchor};

/// What rendering needs besides the events.
pub struct RenderInput<'p> {
    /// Heading ids, in order.
    pub headings: &'p [Heading],
    /// Definition-term ids, in order.
    pub terms: &'p [String],
    /// The page path (source-relative), for links out of the book.
    pub path: &'p str,
    /// Maps an offset in the parsed text to one in the page's source.
    pub to_source: &'p dyn Fn(usize) -> usize,
    /// Line index of the page's source.
    pub map: &'p SourceMap,
}

/// Footnote bookkeeping: number and reference count per name.
#[derive(Default)]
struct Footnotes<'a> {
    numbers: HashMap<CowStr<'a>, (usize, usize)>,
    defs: HashMap<CowStr<'a>, Vec<Event<'a>>>,
}

/// The GitHub Octicons (MIT) mdBook shows on admonitions: info, light-bulb,
/// report, alert, stop.
fn admonition(kind: BlockQuoteKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => (
            "note",
            "Note",
            "M0 8a8 8 0 1 1 16 0A8 8 0 0 1 0 8Zm8-6.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM6.5 7.75A.75.75 0 0 1 7.25 7h1a.75.75 0 0 1 .75.75v2.75h.25a.75.75 0 0 1 0 1.5h-2a.75.75 0 0 1 0-1.5h.25v-2h-.25a.75.75 0 0 1-.75-.75ZM8 6a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z",
        ),
        BlockQuoteKind::Tip => (
            "tip",
            "Tip",
            "M8 1.5c-2.363 0-4 1.69-4 3.75 0 .984.424 1.625.984 2.304l.214.253c.223.264.47.556.673.848.284.411.537.896.621 1.49a.75.75 0 0 1-1.484.211c-.04-.282-.163-.547-.37-.847a8.456 8.456 0 0 0-.542-.68c-.084-.1-.173-.205-.268-.32C3.201 7.75 2.5 6.766 2.5 5.25 2.5 2.31 4.863 0 8 0s5.5 2.31 5.5 5.25c0 1.516-.701 2.5-1.328 3.259-.095.115-.184.22-.268.319-.207.245-.383.453-.541.681-.208.3-.33.565-.37.847a.751.751 0 0 1-1.485-.212c.084-.593.337-1.078.621-1.489.203-.292.45-.584.673-.848.075-.088.147-.173.213-.253.561-.679.985-1.32.985-2.304 0-2.06-1.637-3.75-4-3.75ZM5.75 12h4.5a.75.75 0 0 1 0 1.5h-4.5a.75.75 0 0 1 0-1.5ZM6 15.25a.75.75 0 0 1 .75-.75h2.5a.75.75 0 0 1 0 1.5h-2.5a.75.75 0 0 1-.75-.75Z",
        ),
        BlockQuoteKind::Important => (
            "important",
            "Important",
            "M0 1.75C0 .784.784 0 1.75 0h12.5C15.216 0 16 .784 16 1.75v9.5A1.75 1.75 0 0 1 14.25 13H8.06l-2.573 2.573A1.458 1.458 0 0 1 3 14.543V13H1.75A1.75 1.75 0 0 1 0 11.25Zm1.75-.25a.25.25 0 0 0-.25.25v9.5c0 .138.112.25.25.25h2a.75.75 0 0 1 .75.75v2.19l2.72-2.72a.749.749 0 0 1 .53-.22h6.5a.25.25 0 0 0 .25-.25v-9.5a.25.25 0 0 0-.25-.25Zm7 2.25v2.5a.75.75 0 0 1-1.5 0v-2.5a.75.75 0 0 1 1.5 0ZM9 9a1 1 0 1 1-2 0 1 1 0 0 1 2 0Z",
        ),
        BlockQuoteKind::Warning => (
            "warning",
            "Warning",
            "M6.457 1.047c.659-1.234 2.427-1.234 3.086 0l6.082 11.378A1.75 1.75 0 0 1 14.082 15H1.918a1.75 1.75 0 0 1-1.543-2.575Zm1.763.707a.25.25 0 0 0-.44 0L1.698 13.132a.25.25 0 0 0 .22.368h12.164a.25.25 0 0 0 .22-.368Zm.53 3.996v2.5a.75.75 0 0 1-1.5 0v-2.5a.75.75 0 0 1 1.5 0ZM9 11a1 1 0 1 1-2 0 1 1 0 0 1 2 0Z",
        ),
        BlockQuoteKind::Caution => (
            "caution",
            "Caution",
            "M4.47.22A.749.749 0 0 1 5 0h6c.199 0 .389.079.53.22l4.25 4.25c.141.14.22.331.22.53v6a.749.749 0 0 1-.22.53l-4.25 4.25A.749.749 0 0 1 11 16H5a.749.749 0 0 1-.53-.22L.22 11.53A.749.749 0 0 1 0 11V5c0-.199.079-.389.22-.53Zm.84 1.28L1.5 5.31v5.38l3.81 3.81h5.38l3.81-3.81V5.31L10.69 1.5ZM8 4a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 8 4Zm0 8a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z",
        ),
    }
}

/// pulldown-cmark splits an admonition whose title line is followed by a
/// blank `>` line into two blockquotes (pulldown-cmark#890); mdBook joins them.
/// Each pair is dropped by marking it, then one `retain`: draining in place
/// moved the rest of the page per admonition.
fn merge_admonitions(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    let mut drop = vec![false; events.len()];
    let mut any = false;
    let mut i = 0;
    while i + 2 < events.len() {
        if matches!(events[i].0, Event::Start(Tag::BlockQuote(Some(_))))
            && matches!(events[i + 1].0, Event::End(TagEnd::BlockQuote(_)))
            && matches!(events[i + 2].0, Event::Start(Tag::BlockQuote(None)))
        {
            drop[i + 1] = true;
            drop[i + 2] = true;
            any = true;
            i += 3;
        } else {
            i += 1;
        }
    }
    if any {
        let mut k = 0;
        events.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

/// `<i class="fa …">` and `</i>` arrive as two inline events: joined into
/// one, for the icon conversion, in one pass (removing each second event in
/// place moved the rest of the page per icon).
fn join_icons(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    let pair = |a: &Event<'_>, b: &Event<'_>| matches!((a, b), (Event::InlineHtml(a), Event::InlineHtml(b)) if a.starts_with("<i") && b.as_ref() == "</i>");
    if !events.windows(2).any(|w| pair(&w[0].0, &w[1].0)) {
        return;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut it = std::mem::take(events).into_iter().peekable();
    while let Some((event, range)) = it.next() {
        if let Some((next, _)) = it.peek()
            && pair(&event, next)
            && let (Event::InlineHtml(a), Some((Event::InlineHtml(b), _))) = (&event, it.next())
        {
            out.push((Event::InlineHtml(CowStr::from(format!("{a}{b}"))), range));
            continue;
        }
        out.push((event, range));
    }
    *events = out;
}

/// mdBook's link rewriting: a relative `x.md` (or `README.md`, which the
/// `index` preprocessor renames) becomes `.html`; the fragment stays, a query
/// does not.
pub fn fix_link(dest: &str, readme_index: bool) -> Option<String> {
    if dest.starts_with('#') || has_scheme(dest) {
        return None;
    }
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(cut);
    let stem = path.strip_suffix(".md")?;
    // mdBook keeps the fragment of a chapter link and drops its query.
    let rest = rest.find('#').map_or("", |i| &rest[i..]);
    let file = stem.rsplit('/').next().unwrap_or(stem);
    if readme_index && file.eq_ignore_ascii_case("readme") {
        let dir = &stem[..stem.len() - file.len()];
        return Some(format!("{dir}index.html{rest}"));
    }
    Some(format!("{stem}.html{rest}"))
}

fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(s, _)| {
        s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+.-".contains(c))
    })
}

static RAW_HREF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?i)(<a\s[^>]*?\bhref\s*=\s*")([^"]*)(")"#).expect("static regex")
});

/// Raw `<a href="x.md">` is rewritten too, as mdBook does.
fn fix_raw_links(html: &str, readme_index: bool) -> Option<String> {
    if !html.contains("href") || !RAW_HREF.is_match(html) {
        return None;
    }
    let out = RAW_HREF.replace_all(html, |c: &regex::Captures<'_>| {
        let fixed = fix_link(&c[2], readme_index).unwrap_or_else(|| c[2].to_string());
        format!("{}{}{}", &c[1], fixed, &c[3])
    });
    Some(out.into_owned())
}

static FA_TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"<i(\s[^>]*)?>\s*</i>"#).expect("static regex")
});
static ATTR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r#"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#,
    )
    .expect("static regex")
});

/// `<i class="fa fa-x"></i>` becomes the icon's SVG in a `span.fa-svg`, as
/// mdBook 0.5 renders Font Awesome (no icon font needed).
fn fontawesome(html: &str) -> Option<String> {
    use font_awesome_as_a_crate as fa;
    if !html.contains("<i") || !FA_TAG.is_match(html) {
        return None;
    }
    let out = FA_TAG.replace_all(html, |c: &regex::Captures<'_>| {
        let whole = c[0].to_string();
        let attrs = c.get(1).map_or("", |m| m.as_str());
        let mut kind = fa::Type::Regular;
        let mut icon = String::new();
        let mut classes = String::from("fa-svg");
        let mut rest = String::new();
        for a in ATTR.captures_iter(attrs) {
            let value = a
                .get(2)
                .or(a.get(3))
                .or(a.get(4))
                .map_or("", |m| m.as_str());
            if &a[1] != "class" {
                rest.push_str(&format!(" {}=\"{}\"", &a[1], escape(value)));
                continue;
            }
            for class in value.split_whitespace() {
                match class {
                    "fa" | "fa-regular" => kind = fa::Type::Regular,
                    "fas" | "fa-solid" => kind = fa::Type::Solid,
                    "fab" | "fa-brands" => kind = fa::Type::Brands,
                    c => match c.strip_prefix("fa-") {
                        Some(name) => icon = name.to_string(),
                        None => {
                            classes.push(' ');
                            classes.push_str(c);
                        }
                    },
                }
            }
        }
        match fa::svg(kind, &icon) {
            Ok(svg) if !icon.is_empty() => {
                format!("<span class=\"{}\"{rest}>{svg}</span>", escape(&classes))
            }
            _ => whole,
        }
    });
    Some(out.into_owned())
}

/// Where a relative link lands: inside the book (`x.md` → `x.html`), or outside
/// it: a file of the repository that exists is linked to the repository when
/// its URL is known; anything else (a book published beside this one,
/// `../std/…`) is rewritten as mdBook rewrites it, which keeps it as written.
fn render_link(dest: &str, page: &str, ctx: &ClaimContext) -> Option<String> {
    if crate::markdown::is_relative(dest) && !dest.starts_with('#') {
        let target = dest.split(['#', '?']).next().unwrap_or("");
        let page_dir = crate::core::paths::parent_dir(page);
        if crate::core::paths::join_rel(page_dir, target).is_none()
            && let Some(repo) = &ctx.repo
            && let Some(rel) = repo.resolve(
                &ctx.src_prefix,
                page_dir,
                &crate::core::paths::percent_decode(target),
            )
            && !rel.is_empty()
            && repo.exists(&rel)
            && let Some(url) = repo.url(&rel)
        {
            return Some(format!("{url}{}", &dest[target.len()..]));
        }
    }
    fix_link(dest, ctx.render.readme_index)
}

/// The `alt` text of an image: its text, code and raw HTML, breaks as spaces.
fn image_alt<'a>(it: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>) -> String {
    let mut depth = 0usize;
    let mut alt = String::new();
    for (e, _) in it.by_ref() {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
            _ => {}
        }
    }
    alt
}

/// Render `events` to HTML; returns the HTML and the source lines that got an
/// anchor span.
pub fn render<'a>(
    mut events: Vec<(Event<'a>, Range<usize>)>,
    input: &RenderInput<'_>,
    ctx: &ClaimContext,
    capacity: usize,
) -> (String, Vec<usize>) {
    merge_admonitions(&mut events);
    join_icons(&mut events);
    let opts = &ctx.render;
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + events.len() / 4);
    let mut anchors = Vec::new();
    let mut last_anchor = 0;
    let mut notes = Footnotes::default();
    let mut in_def: Option<(CowStr<'a>, Vec<Event<'a>>)> = None;
    let (mut hi, mut ti) = (0, 0);
    let mut heading_close: Vec<String> = Vec::new();
    let mut first_cell = false;
    let mut last_fnref = false;
    let mut it = events.into_iter();
    while let Some((event, range)) = it.next() {
        let defining = in_def.is_some();
        let target: &mut Vec<Event<'a>> = match in_def.as_mut() {
            Some((_, buf)) => buf,
            None => &mut out,
        };
        // Line anchors mark blocks of the page itself (not footnotes moved to
        // the end), at most one per source line.
        let mut anchor = |target: &mut Vec<Event<'a>>, inline: bool| {
            if defining {
                return;
            }
            let line = input.map.line_of((input.to_source)(range.start));
            if line == last_anchor {
                return;
            }
            last_anchor = line;
            anchors.push(line);
            // One allocation, sized: there is an anchor per block of every page.
            let mut html = String::with_capacity(48);
            html.push_str("<span class=\"docket-line\" id=\"");
            push_line_anchor(&mut html, line);
            html.push_str("\"></span>");
            target.push(if inline {
                Event::InlineHtml(html.into())
            } else {
                Event::Html(html.into())
            });
        };
        let is_fnref = matches!(event, Event::FootnoteReference(_));
        match event {
            // With `sanitize`, icons are made after the allowlist (below): the
            // SVG is docket's own, and SVG from a page never survives.
            Event::Html(h) => {
                let h = if ctx.sanitize {
                    h
                } else {
                    fontawesome(&h).map_or(h, CowStr::from)
                };
                target.push(Event::Html(
                    fix_raw_links(&h, opts.readme_index).map_or(h, CowStr::from),
                ))
            }
            Event::InlineHtml(h) => {
                let h = if ctx.sanitize {
                    h
                } else {
                    fontawesome(&h).map_or(h, CowStr::from)
                };
                target.push(Event::InlineHtml(
                    fix_raw_links(&h, opts.readme_index).map_or(h, CowStr::from),
                ))
            }
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let id = input.headings.get(hi).map_or("", |h| h.id.as_str());
                hi += 1;
                let mut open = format!("<{level}");
                for (k, v) in &attrs {
                    open.push_str(&format!(
                        " {}=\"{}\"",
                        escape(k),
                        escape(v.as_deref().unwrap_or(""))
                    ));
                }
                open.push_str(&format!(" id=\"{}\"", escape(id)));
                if !classes.is_empty() {
                    open.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
                }
                open.push('>');
                target.push(Event::Html(open.into()));
                anchor(target, true);
                target.push(Event::InlineHtml(
                    format!("<a class=\"header\" href=\"#{}\">", escape(id)).into(),
                ));
                heading_close.push(format!("</a></{level}>\n"));
            }
            Event::End(TagEnd::Heading(_)) => {
                let close = heading_close.pop().unwrap_or_default();
                target.push(Event::Html(close.into()));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                let id = input.terms.get(ti).map_or("", String::as_str);
                ti += 1;
                target.push(Event::Html(
                    format!(
                        "<dt id=\"{0}\"><a class=\"header\" href=\"#{0}\">",
                        escape(id)
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                target.push(Event::Html("</a></dt>\n".into()));
            }
            Event::Start(Tag::Paragraph) => {
                target.push(Event::Start(Tag::Paragraph));
                anchor(target, true);
            }
            Event::Start(Tag::Item) => {
                target.push(Event::Start(Tag::Item));
                anchor(target, true);
            }
            Event::Start(Tag::Table(a)) => {
                target.push(Event::Html("<div class=\"table-wrapper\">\n".into()));
                target.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                target.push(Event::End(TagEnd::Table));
                target.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::TableRow) => {
                first_cell = true;
                target.push(Event::Start(Tag::TableRow));
            }
            Event::Start(Tag::TableCell) => {
                target.push(Event::Start(Tag::TableCell));
                if first_cell {
                    first_cell = false;
                    anchor(target, true);
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title, path) = admonition(kind);
                target.push(Event::Html(format!(
                    "<blockquote class=\"blockquote-tag blockquote-tag-{class}\">\n<p class=\"blockquote-tag-title\"><svg viewbox=\"0 0 16 16\" width=\"18\" height=\"18\"><path d=\"{path}\"></path></svg>{title}</p>\n"
                ).into()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                anchor(target, false);
                let mut body = String::new();
                for (e, _) in it.by_ref() {
                    match e {
                        Event::Text(t) => body.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => Some(info.as_ref()),
                    CodeBlockKind::Indented => None,
                };
                target.push(Event::Html(code_block(info, &body, opts).into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if link_type == LinkType::Email {
                    dest_url
                } else {
                    match render_link(&dest_url, input.path, ctx) {
                        Some(new) => CowStr::from(new),
                        None => dest_url,
                    }
                };
                target.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = image_alt(&mut it);
                let src =
                    fix_link(&dest_url, opts.readme_index).unwrap_or_else(|| dest_url.to_string());
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                let img = format!(
                    "<img src=\"{}\"{title} alt=\"{}\">",
                    escape(&src),
                    escape(&alt)
                );
                target.push(Event::InlineHtml(
                    format!("<label class=\"checkbox-label\"><input class=\"checkbox-img\" type=\"checkbox\">{img}<span class=\"img-wrapper\">{img}</span></label>").into(),
                ));
            }
            Event::FootnoteReference(name) => {
                let len = notes.numbers.len() + 1;
                let entry = notes.numbers.entry(name.clone()).or_insert((len, 0));
                entry.1 += 1;
                let (n, count) = *entry;
                if last_fnref {
                    target.push(Event::Text(" ".into()));
                }
                let name = escape(&name);
                target.push(Event::InlineHtml(
                    format!("<sup class=\"footnote-reference\" id=\"fr-{name}-{count}\"><a href=\"#footnote-{name}\">{n}</a></sup>").into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                in_def = Some((name, Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, buf)) = in_def.take() {
                    // The first definition wins, as in mdBook.
                    notes.defs.entry(name).or_insert(buf);
                }
            }
            other => target.push(other),
        }
        last_fnref = is_fnref;
    }
    if !notes.defs.is_empty() {
        let mut used: Vec<(usize, usize, CowStr<'a>)> = notes
            .numbers
            .iter()
            .filter(|(name, _)| notes.defs.contains_key(*name))
            .map(|(name, &(n, count))| (n, count, name.clone()))
            .collect();
        used.sort_by_key(|(n, ..)| *n);
        if !used.is_empty() {
            out.push(Event::Html(
                "<hr>\n<ol class=\"footnote-definition\">\n".into(),
            ));
            for (_, count, name) in used {
                let Some(mut def) = notes.defs.remove(&name) else {
                    continue;
                };
                let name = escape(&name);
                let mut back = String::new();
                for k in 1..=count {
                    let nth = if k == 1 { String::new() } else { k.to_string() };
                    back.push_str(&format!(" <a href=\"#fr-{name}-{k}\">↩{nth}</a>"));
                }
                out.push(Event::Html(format!("<li id=\"footnote-{name}\">\n").into()));
                if matches!(def.last(), Some(Event::End(TagEnd::Paragraph))) {
                    let end = def.pop();
                    def.push(Event::InlineHtml(back.into()));
                    def.extend(end);
                } else {
                    def.push(Event::Html(back.into()));
                }
                out.extend(def);
                out.push(Event::Html("</li>\n".into()));
            }
            out.push(Event::Html("</ol>\n".into()));
        }
    }
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // The whole body at once: raw HTML split across events, Markdown links and
    // heading attributes all meet the same allowlist.
    if ctx.sanitize {
        html = crate::markdown::sanitize::clean(&html);
        // `<i class="fa fa-x">` kept by the allowlist (its attributes filtered
        // and escaped) becomes the crate's icon, as without `sanitize`.
        if let Some(icons) = fontawesome(&html) {
            html = icons;
        }
    }
    crate::core::work::add(crate::core::work::Pass::Render, html.len());
    (html, anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icon_halves_are_joined_pair_by_pair() {
        let e = |s: &'static str| (Event::InlineHtml(s.into()), 0..1);
        let mut events = vec![
            e("<i class=\"fa fa-a\">"),
            e("</i>"),
            e("</i>"),
            e("<i class=\"fa fa-b\">"),
            e("</i>"),
        ];
        join_icons(&mut events);
        let got: Vec<String> = events
            .iter()
            .map(|(ev, _)| match ev {
                Event::InlineHtml(h) => h.to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            got,
            [
                "<i class=\"fa fa-a\"></i>",
                "</i>",
                "<i class=\"fa fa-b\"></i>"
            ]
        );
    }

    #[test]
    fn chapter_links_lose_their_query_and_keep_their_fragment() {
        assert_eq!(fix_link("a.md?x=1#y", true).as_deref(), Some("a.html#y"));
        assert_eq!(fix_link("a.md?x=1", true).as_deref(), Some("a.html"));
        assert_eq!(
            fix_link("d/README.md#top", true).as_deref(),
            Some("d/index.html#top")
        );
        assert_eq!(fix_link("a.html?x#y", true), None);
    }
}

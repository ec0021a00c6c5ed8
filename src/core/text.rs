//! Text utilities every layer shares: HTML escaping, heading slugs, visible
//! text of an HTML fragment, and content fingerprints.

/// Push the decimal digits of `n`: the search index holds a million numbers at
/// 1,000 pages and every page a line anchor per block, and `write!` costs more
/// per number than the rest of either.
pub fn push_decimal(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

/// HTML-escape text for element content and attributes.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// GitHub-style anchor slug: lowercase; letters, digits, `-` and `_` kept; spaces
/// become `-`; everything else dropped.
pub fn slug(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                out.push(c.to_ascii_lowercase());
            } else if c == ' ' {
                out.push('-');
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// 64-bit FNV-1a, hex: a stable fingerprint that needs no dependency.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Tags that separate words when dropped.
const BLOCK_TAGS: &[&[u8]] = &[
    b"p",
    b"li",
    b"td",
    b"th",
    b"tr",
    b"br",
    b"pre",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
    b"ul",
    b"ol",
    b"table",
    b"hr",
];

/// Visible text of an HTML fragment (tags dropped, common entities decoded,
/// whitespace collapsed), in one pass.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    // A space is owed before the next visible text; never leading or trailing.
    let mut gap = false;
    let push = |out: &mut String, s: &str, gap: &mut bool| {
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.push_str(s);
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(i) = rest.find(['<', '&', ' ', '\n', '\t', '\r']) else {
            push(&mut out, rest, &mut gap);
            break;
        };
        if i > 0 {
            push(&mut out, &rest[..i], &mut gap);
        }
        rest = &rest[i..];
        match rest.as_bytes()[0] {
            b'<' => {
                let Some(close) = rest.find('>') else {
                    break;
                };
                let name = rest[1..close].trim_start_matches('/').as_bytes();
                let n = name
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(name.len());
                if BLOCK_TAGS
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&name[..n]))
                {
                    gap = true;
                }
                rest = &rest[close + 1..];
            }
            b'&' => {
                let decoded = [
                    ("&lt;", "<"),
                    ("&gt;", ">"),
                    ("&quot;", "\""),
                    ("&#39;", "'"),
                    ("&amp;", "&"),
                ]
                .into_iter()
                .find(|(e, _)| rest.starts_with(e));
                match decoded {
                    Some((e, c)) => {
                        push(&mut out, c, &mut gap);
                        rest = &rest[e.len()..];
                    }
                    None => {
                        push(&mut out, "&", &mut gap);
                        rest = &rest[1..];
                    }
                }
            }
            _ => {
                gap = true;
                rest = &rest[1..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        for n in [0u64, 7, 10, 4_096, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }
}

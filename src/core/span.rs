//! Byte offsets to 1-based line and column, shared by every stage.
//!
//! Stages store byte ranges; line and column are derived only when a finding or an
//! error is shown, so a span never goes stale when text is sliced.

/// Line starts of one source text, for turning byte offsets into line and column.
#[derive(Debug, Clone)]
pub struct SourceMap {
    line_starts: Vec<usize>,
    /// `(byte offset, chars since its line's start)` about every `CHUNK` bytes of
    /// lines longer than `CHUNK`, so a column on a very long line costs a short
    /// count, not a scan from the line start (which made many findings on one
    /// long line quadratic). Ordinary lines need none, so building the map is
    /// one `memchr` pass.
    checkpoints: Vec<(usize, usize)>,
}

/// Distance between char-count checkpoints, in bytes.
const CHUNK: usize = 1024;

impl SourceMap {
    /// Index the line starts of `text` (LF and CRLF both end a line at the LF).
    pub fn new(text: &str) -> Self {
        crate::core::work::add(crate::core::work::Pass::Lines, text.len());
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        // Most pages have no line over CHUNK bytes: one look at the gaps.
        let long = line_starts.windows(2).any(|w| w[1] - w[0] > CHUNK)
            || text.len() - line_starts.last().copied().unwrap_or(0) > CHUNK;
        if long {
            for (k, &start) in line_starts.iter().enumerate() {
                let end = line_starts.get(k + 1).copied().unwrap_or(text.len());
                if end - start <= CHUNK {
                    continue;
                }
                let Some(line) = text.get(start..end) else {
                    continue;
                };
                let mut next = start + CHUNK;
                for (chars, (byte, _)) in line.char_indices().enumerate() {
                    if start + byte >= next {
                        checkpoints.push((start + byte, chars));
                        next = start + byte + CHUNK;
                    }
                }
            }
        }
        SourceMap {
            line_starts,
            checkpoints,
        }
    }

    /// 1-based line of `offset` (clamped to the text), without the column.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// 1-based line and column (counted in chars) of `offset` in `text`.
    ///
    /// An offset past the end or inside a multi-byte char is clamped, never a panic.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        // The last checkpoint of this line at or before `end`, else the line start.
        let i = self.checkpoints.partition_point(|c| c.0 <= end);
        let (from, chars) = match i.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            Some(&(b, c)) if b >= start => (b, c),
            _ => (start, 0),
        };
        let col = chars + text.get(from..end).map_or(0, |s| s.chars().count());
        (line_idx + 1, col + 1)
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// 1-based line and column of `offset` in `text`, for one-off lookups: reads
/// only the text before `offset` and builds no map, so it costs what the
/// offset does, not the file. Many lookups in one text use a [`SourceMap`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    crate::core::work::add(crate::core::work::Pass::Lines, end);
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text.as_bytes()[..end];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = 1 + text.get(start..end).map_or(0, |s| s.chars().count());
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_counts_from_one() {
        assert_eq!(line_col("abc", 0), (1, 1));
        assert_eq!(line_col("abc", 2), (1, 3));
    }

    #[test]
    fn later_lines_and_crlf() {
        let t = "a\r\nbc\r\nd";
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, 7), (3, 1));
        assert_eq!(SourceMap::new(t).line_text(t, 2), "bc");
        let map = SourceMap::new(t);
        assert_eq!([0, 3, 7, 99].map(|o| map.line_of(o)), [1, 2, 3, 3]);
    }

    #[test]
    fn long_lines_count_columns_through_checkpoints() {
        let t = format!("x\n{}é{}", "a".repeat(5000), "b".repeat(3000));
        let map = SourceMap::new(&t);
        let e = t.find('é').expect("é");
        assert_eq!(map.line_col(&t, e), (2, 5001));
        assert_eq!(map.line_col(&t, e + 2), (2, 5002));
        assert_eq!(map.line_col(&t, t.len()), (2, 8002));
        // A second long line counts from its own start, not the first line's.
        let t2 = format!("{t}\n{}é{}", "c".repeat(3000), "d".repeat(10));
        let map = SourceMap::new(&t2);
        let e2 = t2.rfind('é').expect("é");
        assert_eq!(map.line_col(&t2, e2 + 2), (3, 3002));
        assert_eq!(map.line_col(&t2, e), (2, 5001));
    }

    #[test]
    fn one_off_lookups_agree_with_the_map() {
        let t = format!("a\r\nbé\n\n{}x\ny", "z".repeat(3000));
        let map = SourceMap::new(&t);
        for o in (0..=t.len() + 2)
            .step_by(7)
            .chain([0, 1, 2, 3, 4, 5, 6, t.len()])
        {
            assert_eq!(line_col(&t, o), map.line_col(&t, o), "offset {o}");
        }
    }

    #[test]
    fn multibyte_columns_count_chars() {
        let t = "é `x`";
        assert_eq!(line_col(t, 3), (1, 3));
        // Inside a multi-byte char: clamped, not a panic.
        assert_eq!(line_col(t, 1), (1, 1));
        assert_eq!(line_col(t, 999), (1, 6));
    }
}

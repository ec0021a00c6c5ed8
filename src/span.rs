//! Byte offsets to 1-based line and column, shared by every stage.
//!
//! Stages store byte ranges; line and column are derived only when a finding or an
//! error is shown, so a span never goes stale when text is sliced.

/// Line starts of one source text, for turning byte offsets into line and column.
#[derive(Debug, Clone)]
pub struct SourceMap {
    line_starts: Vec<usize>,
    /// `(byte offset, chars before it)` about every `CHUNK` bytes, so a column on
    /// a very long line costs a short count, not a scan from the line start
    /// (which made many findings on one long line quadratic).
    checkpoints: Vec<(usize, usize)>,
}

/// Distance between char-count checkpoints, in bytes.
const CHUNK: usize = 1024;

impl SourceMap {
    /// Index the line starts of `text` (LF and CRLF both end a line at the LF).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let mut next = CHUNK;
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            if byte >= next {
                checkpoints.push((byte, chars));
                next = byte + CHUNK;
            }
        }
        SourceMap {
            line_starts,
            checkpoints,
        }
    }

    /// Chars before byte `offset` (a char boundary) in `text`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = match self.checkpoints.binary_search_by_key(&offset, |c| c.0) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (byte, chars) = self.checkpoints.get(i).copied().unwrap_or((0, 0));
        chars + text.get(byte..offset).map_or(0, |s| s.chars().count())
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
        let col = self.chars_before(text, end) - self.chars_before(text, start);
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

/// 1-based line and column of `offset` in `text`, for one-off lookups.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    SourceMap::new(text).line_col(text, offset)
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
    }

    #[test]
    fn long_lines_count_columns_through_checkpoints() {
        let t = format!("x\n{}é{}", "a".repeat(5000), "b".repeat(3000));
        let map = SourceMap::new(&t);
        let e = t.find('é').expect("é");
        assert_eq!(map.line_col(&t, e), (2, 5001));
        assert_eq!(map.line_col(&t, e + 2), (2, 5002));
        assert_eq!(map.line_col(&t, t.len()), (2, 8002));
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

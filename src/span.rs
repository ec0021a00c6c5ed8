//! Byte offsets to 1-based line and column, shared by every stage.
//!
//! Stages store byte ranges; line and column are derived only when a finding or an
//! error is shown, so a span never goes stale when text is sliced.

/// Line starts of one source text, for turning byte offsets into line and column.
#[derive(Debug, Clone)]
pub struct SourceMap {
    line_starts: Vec<usize>,
}

impl SourceMap {
    /// Index the line starts of `text` (LF and CRLF both end a line at the LF).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap { line_starts }
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
        let col = text.get(start..end).map_or(0, |s| s.chars().count());
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
    fn multibyte_columns_count_chars() {
        let t = "é `x`";
        assert_eq!(line_col(t, 3), (1, 3));
        // Inside a multi-byte char: clamped, not a panic.
        assert_eq!(line_col(t, 1), (1, 1));
        assert_eq!(line_col(t, 999), (1, 6));
    }
}

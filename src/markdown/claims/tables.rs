//! Claims in tables: workstream status rows, tracker items' status cells and
//! support-matrix rows.

use pulldown_cmark::{Tag, TagEnd};

use super::mode::{self, Read};
use super::{Claim, ClaimAt, StatusForm, at};

/// Headers of a column that says whether the row is done.
const DONE_HEADERS: [&str; 5] = ["done?", "done", "closed?", "complete?", "finished?"];

/// Words of a column header that make its ids another item's (the row was
/// found from it, waits on it, belongs under it): "Discovered from",
/// "Source", "Blocked by", "Parent", "Related", "See also".
const REFERENCE_HEADERS: [&str; 17] = [
    "discovered",
    "source",
    "found",
    "related",
    "see also",
    "blocked",
    "blocks",
    "parent",
    "depends",
    "dependenc",
    "origin",
    "from",
    "follow",
    "duplicate",
    "upstream",
    "supersede",
    "replace",
];

/// Headers of a row's own id column.
const ID_HEADERS: [&str; 12] = [
    "id", "ids", "bead", "bead id", "beads", "issue", "issue id", "ticket", "task id", "key", "#",
    "tracker",
];

/// The status a cell gives, lowercased; in a `Done?` column, yes and no.
fn cell_status(cell: &str, yes_no: bool) -> Option<String> {
    let c = cell
        .trim()
        .trim_matches(['*', '_', '`'])
        .trim()
        .to_lowercase();
    if c.is_empty() {
        return None;
    }
    if yes_no {
        return match c.as_str() {
            "yes" | "y" | "x" | "[x]" | "true" | "\u{2713}" | "\u{2714}" | "\u{2705}" => {
                Some("done".into())
            }
            "no" | "n" | "[ ]" | "false" | "\u{2717}" | "\u{2718}" | "\u{274c}" => {
                Some("not done".into())
            }
            _ => Some(c),
        };
    }
    Some(c)
}

/// Whether the short text `h` (a header) holds `w`: a byte-wise look at
/// each place, cheaper on a header than building a substring searcher.
fn holds(h: &str, w: &str) -> bool {
    let (h, w) = (h.as_bytes(), w.as_bytes());
    let Some(&first) = w.first() else {
        return true;
    };
    h.windows(w.len()).any(|at| at[0] == first && at == w)
}

/// Which columns name a row's items: its own id column when the header
/// says so, else every column but those whose header makes their ids
/// another item's. Read once per table.
enum IdColumns {
    Own(usize),
    Any(Vec<bool>),
}

impl IdColumns {
    fn of(header: &[String], status: usize) -> IdColumns {
        if let Some(i) = header
            .iter()
            .position(|h| ID_HEADERS.contains(&h.trim_end_matches(':')))
            .filter(|&i| i != status)
        {
            return IdColumns::Own(i);
        }
        IdColumns::Any(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| i != status && !REFERENCE_HEADERS.iter().any(|w| holds(h, w)))
                .collect(),
        )
    }

    /// The ids a row is about: each cell of those columns opening with one.
    fn subjects<'r>(&self, row: &'r [String]) -> Vec<&'r str> {
        match self {
            IdColumns::Own(i) => row
                .get(*i)
                .and_then(|c| super::items::cell_id(c))
                .into_iter()
                .collect(),
            IdColumns::Any(keep) => {
                let mut named: Vec<&str> = Vec::new();
                for (i, cell) in row.iter().enumerate() {
                    // A column past the header's has no header to refuse it.
                    if !keep.get(i).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(id) = super::items::cell_id(cell)
                        && !named.contains(&id)
                    {
                        named.push(id);
                    }
                }
                named
            }
        }
    }
}

/// Collects one table's cells as plain text while events stream by.
#[derive(Debug, Default)]
pub struct TableReader {
    in_table: bool,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
    row: Vec<String>,
    row_offset: usize,
    cell: Option<String>,
    in_head: bool,
    head_offset: usize,
    /// Per header cell, the mode its words set, read when a claim in its
    /// column first asks.
    header_reads: Vec<std::cell::OnceCell<Option<Read>>>,
}

impl TableReader {
    /// A block starts.
    pub fn start(&mut self, tag: &Tag<'_>, offset: usize) {
        match tag {
            Tag::Table(_) => {
                *self = TableReader {
                    in_table: true,
                    ..Default::default()
                }
            }
            Tag::TableHead => {
                self.in_head = true;
                self.head_offset = offset;
            }
            Tag::TableRow => {
                self.row.clear();
                self.row_offset = offset;
            }
            Tag::TableCell if self.in_table => self.cell = Some(String::new()),
            _ => {}
        }
    }

    /// The mode the header of the body cell being read sets.
    pub fn column(&self) -> Option<Read> {
        if !self.in_table || self.in_head || self.cell.is_none() {
            return None;
        }
        let header = self.header.get(self.row.len())?;
        self.header_reads
            .get(self.row.len())?
            .get_or_init(|| mode::column(header, self.head_offset))
            .clone()
    }

    /// Inline text inside the current cell.
    pub fn text(&mut self, s: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.push_str(s);
        }
    }

    /// A block ends; a finished table yields its claims.
    pub fn end(&mut self, tag: &TagEnd, out: &mut Vec<ClaimAt>) {
        match tag {
            TagEnd::TableCell => {
                if let Some(c) = self.cell.take() {
                    // Most cells need no trimming: their text is kept as read.
                    let trimmed = c.trim().trim_matches('`').trim();
                    let c = if trimmed.len() == c.len() {
                        c
                    } else {
                        trimmed.to_string()
                    };
                    if self.in_head {
                        self.header.push(c.to_lowercase());
                        self.header_reads.push(std::cell::OnceCell::new());
                    } else {
                        self.row.push(c);
                    }
                }
            }
            TagEnd::TableHead => self.in_head = false,
            TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                self.rows.push((self.row_offset, row));
            }
            TagEnd::Table => {
                self.finish(out);
                *self = TableReader::default();
            }
            _ => {}
        }
    }

    fn finish(&self, out: &mut Vec<ClaimAt>) {
        let col = |names: &[&str]| {
            self.header
                .iter()
                .position(|h| names.iter().any(|n| h == n))
        };
        if let Some(s) = col(&["status", "state"]) {
            for (offset, row) in &self.rows {
                if let (Some(title), Some(status)) = (row.first(), row.get(s))
                    && s != 0
                {
                    out.push(at(
                        Claim::StatusRow {
                            title: title.clone(),
                            status: status.to_lowercase(),
                        },
                        *offset,
                    ));
                }
            }
        }
        // A status column (or a `Done?` one) gives the row's item its
        // status; the rule keeps the ids the tracker knows.
        let yes_no = col(&["status", "state"]).is_none();
        let item_col = col(&["status", "state"]).or_else(|| col(&DONE_HEADERS));
        if let Some(s) = item_col {
            let columns = IdColumns::of(&self.header, s);
            for (offset, row) in &self.rows {
                let Some(status) = row.get(s).and_then(|c| cell_status(c, yes_no)) else {
                    continue;
                };
                for id in columns.subjects(row) {
                    out.push(at(
                        Claim::ItemStatus {
                            id: id.to_string(),
                            status: status.clone(),
                            form: StatusForm::Cell,
                        },
                        *offset,
                    ));
                }
            }
        }
        if let Some(l) = col(&["level", "support", "support level"]) {
            for (offset, row) in &self.rows {
                if let (Some(feature), Some(level)) = (row.first(), row.get(l))
                    && l != 0
                {
                    out.push(at(
                        Claim::SupportRow {
                            feature: feature.clone(),
                            level: level.to_lowercase(),
                        },
                        *offset,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_lowercase()).collect()
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_row_is_about_its_own_id_only() {
        // Its own id column, when a header says so.
        let own = IdColumns::of(&header(&["Bead", "Blocked by", "Status"]), 2);
        assert_eq!(own.subjects(&row(&["rr-1", "rr-2", "open"])), ["rr-1"]);
        // Else every cell opening with an id, but not under a header that
        // names another item.
        let any = IdColumns::of(&header(&["Discovered from", "Finding", "Status"]), 2);
        assert!(
            any.subjects(&row(&["rr-9", "Flaky test", "open"]))
                .is_empty()
        );
        let any = IdColumns::of(&header(&["Item", "Status"]), 1);
        assert_eq!(any.subjects(&row(&["rr-3 Port it", "done"])), ["rr-3"]);
        // An `ID` column of the row's own that is not a tracker id.
        let own = IdColumns::of(&header(&["ID", "Parent", "Status"]), 2);
        assert!(own.subjects(&row(&["F1", "rr-9", "open"])).is_empty());
    }

    #[test]
    fn done_columns_say_yes_or_no() {
        assert_eq!(cell_status("Yes", true).as_deref(), Some("done"));
        assert_eq!(cell_status("\u{2705}", true).as_deref(), Some("done"));
        assert_eq!(cell_status("no", true).as_deref(), Some("not done"));
        assert_eq!(cell_status("**Closed**", false).as_deref(), Some("closed"));
        assert_eq!(cell_status("  ", false), None);
    }
}

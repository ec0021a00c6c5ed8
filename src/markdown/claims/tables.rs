//! Claims in tables: workstream status rows, tracker items' status cells and
//! support-matrix rows.

use pulldown_cmark::{Tag, TagEnd};

use super::mode::{self, Read};
use super::{Claim, ClaimAt, StatusForm, at};

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
        mode::column(header, self.head_offset)
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
                    let c = c.trim().trim_matches('`').trim().to_string();
                    if self.in_head {
                        self.header.push(c.to_lowercase());
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
                // A cell naming an item id gives that item the row's status;
                // the rule keeps the ids the tracker knows.
                let Some(status) = row.get(s) else { continue };
                let mut named: Vec<&str> = Vec::new();
                for (i, cell) in row.iter().enumerate() {
                    if let Some(id) = super::items::cell_id(cell)
                        && i != s
                        && !named.contains(&id)
                    {
                        named.push(id);
                    }
                }
                for id in named {
                    out.push(at(
                        Claim::ItemStatus {
                            id: id.to_string(),
                            status: status
                                .trim()
                                .trim_matches(['*', '_', '`'])
                                .trim()
                                .to_lowercase(),
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

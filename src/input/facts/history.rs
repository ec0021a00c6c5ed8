//! Git history as a fact source: what became of the paths the repository once
//! had. One `git log` pass (deletions and renames only, newest first) from the
//! book root, read-only and bounded (`super::git`); the most recent fate of a
//! path wins, and renames are followed to the path that holds the file now.
//! Without `git`, a work tree or a commit, the facts are empty and a note says
//! why; the rules then report what they did without this evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use super::git;

/// Commits read at most, unless configured (`history-max-commits`).
pub const MAX_COMMITS: usize = 20_000;
/// Bytes of `git log` output read at most.
const MAX_BYTES: usize = 64 << 20;
/// How long the pass may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// A subject is quoted up to this many chars.
const SUBJECT_CHARS: usize = 80;

/// What became of a path the repository once had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Deleted.
    Deleted {
        /// The commit's full hash.
        commit: String,
        /// Its committer date, `YYYY-MM-DD`.
        date: String,
        /// Its subject line.
        subject: String,
    },
    /// Renamed (moved) to `to`.
    Renamed {
        /// The new path, relative to the book root.
        to: String,
        /// The commit's full hash.
        commit: String,
        /// Its committer date, `YYYY-MM-DD`.
        date: String,
    },
}

impl Fate {
    /// The commit, abbreviated as Git shows it in messages (7 hex digits).
    pub fn short(&self) -> &str {
        let c = match self {
            Fate::Deleted { commit, .. } | Fate::Renamed { commit, .. } => commit,
        };
        c.get(..7).unwrap_or(c)
    }

    /// The evidence, as a sentence a maintainer can check: "`x` was deleted in
    /// commit abc1234 (2026-03-02, "subject")".
    pub fn describe(&self, rel: &str) -> String {
        match self {
            Fate::Deleted { date, subject, .. } => format!(
                "`{rel}` was deleted in commit {} ({date}, \"{subject}\")",
                self.short()
            ),
            Fate::Renamed { to, date, .. } => format!(
                "`{rel}` was renamed to `{to}` in commit {} ({date})",
                self.short()
            ),
        }
    }
}

/// The fates of the paths in the history read.
#[derive(Debug, Default)]
pub struct History {
    /// Path (relative to the book root) → its most recent fate.
    fates: BTreeMap<String, Fate>,
    /// Last segment → the paths with a fate ending in it.
    by_name: BTreeMap<String, BTreeSet<String>>,
    /// Commits read (ones that deleted or renamed something).
    pub commits: usize,
    /// Why the history read is incomplete (a cap or the timeout), if it is.
    pub partial: Option<String>,
    /// Why there is no history at all, said once by the command.
    pub note: Option<String>,
}

impl History {
    /// Read the history of the repository holding `root`, at most
    /// `max_commits` commits that deleted or renamed a path.
    pub fn load(root: &Path, max_commits: usize) -> History {
        let max = format!("--max-count={}", max_commits.max(1));
        let args = [
            "log",
            "-z",
            "--no-ext-diff",
            "--no-textconv",
            "--no-show-signature",
            "--no-color",
            "--encoding=UTF-8",
            "--relative",
            "-M",
            "--name-status",
            "--diff-filter=DR",
            "--format=%x01%H%x00%cs%x00%s",
            max.as_str(),
        ];
        match git::run(root, &args, MAX_BYTES, TIMEOUT) {
            Err(e) => History {
                note: Some(format!(
                    "no Git history ({}): findings carry no history evidence",
                    e.reason()
                )),
                ..History::default()
            },
            Ok(out) => {
                let mut h = History::parse(&out.bytes, out.truncated || out.timed_out);
                if out.timed_out {
                    h.partial = Some(format!(
                        "git log ran past {} s; the history read stops at commit {}",
                        TIMEOUT.as_secs(),
                        h.commits
                    ));
                } else if out.truncated {
                    h.partial = Some(format!(
                        "git log wrote more than {} MiB; the history read stops at commit {}",
                        MAX_BYTES >> 20,
                        h.commits
                    ));
                } else if h.commits >= max_commits {
                    h.partial = Some(format!(
                        "only the {max_commits} most recent commits that delete or rename a path were read"
                    ));
                }
                h
            }
        }
    }

    /// Parse `git log -z --name-status --format=%x01%H%x00%cs%x00%s` output,
    /// newest commit first. `truncated`: the output was cut, so its last commit
    /// may be incomplete and is dropped. Names that are not UTF-8 are skipped.
    pub fn parse(bytes: &[u8], truncated: bool) -> History {
        let bytes = if truncated {
            let last = bytes.iter().rposition(|&b| b == 1).unwrap_or(0);
            &bytes[..last]
        } else {
            bytes
        };
        let mut h = History::default();
        let mut tokens = bytes.split(|&b| b == 0).peekable();
        // (hash, date, subject) of the commit being read.
        let mut commit: Option<(String, String, String)> = None;
        while let Some(tok) = tokens.next() {
            if let Some(hash) = tok.strip_prefix(&[1]) {
                let (date, subject) = (tokens.next(), tokens.next());
                let (Some(date), Some(subject)) = (date, subject) else {
                    break;
                };
                let hash = String::from_utf8_lossy(hash).into_owned();
                let date = String::from_utf8_lossy(date).into_owned();
                h.commits += 1;
                commit = Some((hash, date, clean_subject(subject)));
                continue;
            }
            // With `-z`, the first status of a commit follows a newline.
            let status = trim_newlines(tok);
            let paths = match status.first() {
                Some(b'D') if status.len() == 1 => 1,
                Some(b'R') if status[1..].iter().all(u8::is_ascii_digit) => 2,
                // An empty token (a separator) or something unexpected.
                _ => continue,
            };
            let from = tokens.next().map(std::str::from_utf8);
            let to = if paths == 2 {
                tokens.next().map(std::str::from_utf8)
            } else {
                None
            };
            let Some((hash, date, subject)) = &commit else {
                continue;
            };
            let Some(Ok(from)) = from else { continue };
            let fate = match to {
                None => Fate::Deleted {
                    commit: hash.clone(),
                    date: date.clone(),
                    subject: subject.clone(),
                },
                Some(Ok(to)) => Fate::Renamed {
                    to: to.to_string(),
                    commit: hash.clone(),
                    date: date.clone(),
                },
                Some(Err(_)) => continue,
            };
            h.add(from, fate);
        }
        h
    }

    /// Record `fate` for `path` unless a more recent one was read.
    fn add(&mut self, path: &str, fate: Fate) {
        if path.is_empty() || self.fates.contains_key(path) {
            return;
        }
        let name = path.rsplit('/').next().unwrap_or(path).to_string();
        self.by_name
            .entry(name)
            .or_default()
            .insert(path.to_string());
        self.fates.insert(path.to_string(), fate);
    }

    /// Whether any fate was read.
    pub fn is_empty(&self) -> bool {
        self.fates.is_empty()
    }

    /// The most recent fate of `rel`, a path relative to the book root.
    pub fn fate(&self, rel: &str) -> Option<&Fate> {
        self.fates.get(rel)
    }

    /// The one path with a fate that ends with `/rel` (or is `rel`), for a path
    /// named from a folder the doc does not say: `None` when none or several do.
    pub fn ending_with(&self, rel: &str) -> Option<&str> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut hits = self
            .by_name
            .get(name)?
            .iter()
            .filter(|p| *p == rel || p.ends_with(&format!("/{rel}")));
        let one = hits.next()?;
        hits.next().is_none().then_some(one.as_str())
    }

    /// Where the file at `rel` is now: its renames followed while `exists`
    /// says the path reached is gone; `None` when the chain ends in a deletion
    /// or at a path that does not exist.
    pub fn renamed_to(&self, rel: &str, exists: impl Fn(&str) -> bool) -> Option<&str> {
        let mut at = match self.fates.get(rel)? {
            Fate::Renamed { to, .. } => to.as_str(),
            Fate::Deleted { .. } => return None,
        };
        // A chain longer than this is a cycle (a → b → a) or not worth following.
        for _ in 0..64 {
            if exists(at) {
                return Some(at);
            }
            at = match self.fates.get(at)? {
                Fate::Renamed { to, .. } => to.as_str(),
                Fate::Deleted { .. } => return None,
            };
        }
        None
    }
}

fn trim_newlines(mut b: &[u8]) -> &[u8] {
    while let [b'\n' | b'\r', rest @ ..] = b {
        b = rest;
    }
    b
}

/// A subject as quoted in a message: one line, no control characters, capped.
fn clean_subject(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(SUBJECT_CHARS)
        .collect();
    if s.chars().count() > SUBJECT_CHARS {
        out.push('…');
    }
    out.trim().replace('"', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(hash: &str, date: &str, subject: &str) -> Vec<u8> {
        format!("\u{1}{hash}\0{date}\0{subject}\0").into_bytes()
    }

    #[test]
    fn renames_and_deletions_newest_first() {
        let mut b = commit("bbbbbbbbbb", "2026-03-02", "move");
        b.extend_from_slice(b"\nR100\0docs/old.md\0docs/new.md\0D\0gone.txt\0\0");
        b.extend(commit("aaaaaaaaaa", "2026-03-01", "older"));
        b.extend_from_slice(b"\nD\0docs/old.md\0");
        let h = History::parse(&b, false);
        assert_eq!(h.commits, 2);
        assert_eq!(
            h.fate("docs/old.md"),
            Some(&Fate::Renamed {
                to: "docs/new.md".into(),
                commit: "bbbbbbbbbb".into(),
                date: "2026-03-02".into()
            })
        );
        assert_eq!(
            h.fate("gone.txt").map(|f| f.describe("gone.txt")),
            Some("`gone.txt` was deleted in commit bbbbbbb (2026-03-02, \"move\")".into())
        );
        assert_eq!(h.ending_with("old.md"), Some("docs/old.md"));
        assert_eq!(h.ending_with("other/old.md"), None);
        assert_eq!(
            h.renamed_to("docs/old.md", |p| p == "docs/new.md"),
            Some("docs/new.md")
        );
        assert_eq!(h.renamed_to("gone.txt", |_| true), None);
    }

    #[test]
    fn chains_are_followed_to_what_exists() {
        let mut b = commit("cccccccccc", "2026-03-03", "again");
        b.extend_from_slice(b"\nR090\0b.md\0c.md\0");
        b.extend(commit("bbbbbbbbbb", "2026-03-02", "move"));
        b.extend_from_slice(b"\nR100\0a.md\0b.md\0");
        let h = History::parse(&b, false);
        assert_eq!(h.renamed_to("a.md", |p| p == "c.md"), Some("c.md"));
        assert_eq!(h.renamed_to("a.md", |_| false), None);
        // A cycle ends.
        let mut b = commit("dddddddddd", "2026-03-04", "x");
        b.extend_from_slice(b"\nR100\0x.md\0y.md\0R100\0y.md\0x.md\0");
        assert_eq!(
            History::parse(&b, false).renamed_to("x.md", |_| false),
            None
        );
    }

    #[test]
    fn hostile_names() {
        let mut b = commit("eeeeeeeeee", "2026-03-05", "tab\tand\nnewline \"q\"");
        b.extend_from_slice(b"\nD\0line\nbreak.md\0D\0tab\there.md\0D\0bad\xff.md\0");
        b.extend_from_slice(b"R100\0ok\xfe.md\0new.md\0D\0\x01looks-like-a-commit\0D\0D\0");
        let h = History::parse(&b, false);
        assert!(h.fate("line\nbreak.md").is_some());
        assert!(h.fate("tab\there.md").is_some());
        // A file named `D` is a name, not a status.
        assert!(h.fate("D").is_some());
        assert_eq!(h.fates.len(), 4, "{:?}", h.fates.keys());
        assert!(h.fate("\u{1}looks-like-a-commit").is_some());
        assert_eq!(
            h.fate("tab\there.md").map(|f| f.describe("t")),
            Some("`t` was deleted in commit eeeeeee (2026-03-05, \"tab and newline 'q'\")".into())
        );
    }

    #[test]
    fn a_cut_output_drops_its_last_commit() {
        let mut b = commit("aaaaaaaaaa", "2026-03-02", "whole");
        b.extend_from_slice(b"\nD\0kept.md\0\0");
        b.extend(commit("bbbbbbbbbb", "2026-03-01", "cut"));
        b.extend_from_slice(b"\nD\0half");
        let h = History::parse(&b, true);
        assert!(h.fate("kept.md").is_some());
        assert!(h.fate("half").is_none());
        assert_eq!(h.commits, 1);
        // Garbage before any commit, or nothing, reads as no fate.
        assert!(History::parse(b"D\0x\0R1\0", false).is_empty());
        assert!(History::parse(b"", true).is_empty());
    }
}

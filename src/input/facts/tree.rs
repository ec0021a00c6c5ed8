//! The repository's tree, for paths the docs name: every file and folder (one
//! walk, `.gitignore` respected, so build output and dependencies are not
//! listed), the `.gitignore` rules themselves (a path they match is output, not
//! a missing file), and the lookups a reader does in their head: does a file of
//! that path exist under some folder, is there a close path (case, `-`/`_`, one
//! folder off, a typo) the doc most likely means.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// At most this many entries are listed: a tree larger than this is not walked
/// further (the lookups then answer from what was listed).
const MAX_ENTRIES: usize = 400_000;
/// Folders never listed: Git's own data and package managers' downloads.
const SKIP: &[&str] = &[".git", "node_modules"];

/// What the tree holds.
#[derive(Debug, Default)]
pub struct Tree {
    /// Every file and folder, root-relative, `/`-separated.
    paths: BTreeSet<String>,
    /// Last segment → the paths ending in it.
    by_name: HashMap<String, Vec<String>>,
    /// Folded last segment (lowercase, `-` as `_`) → the paths ending in it.
    by_folded_name: HashMap<String, Vec<String>>,
    /// Top-level entries.
    tops: HashSet<String>,
    /// Extensions of the files (`hx`, `rb`), lowercase.
    exts: HashSet<String>,
    /// `.gitignore` matchers with the folder each applies to (`""`: the root)
    /// and what to call their source in evidence.
    ignores: Vec<(String, Gitignore, String)>,
}

/// Lowercase, `-` read as `_`: how a reader compares names.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn last_segment(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

impl Tree {
    /// Walk the tree under `root`. docket's own sites and temporary folders
    /// (a site built inside the repository) are output: not listed, and read
    /// as ignored, like a `.gitignore`d build folder.
    pub fn scan(root: &Path) -> Tree {
        let mut t = Tree::default();
        let outputs: std::sync::Arc<std::sync::Mutex<Vec<std::path::PathBuf>>> =
            std::sync::Arc::default();
        let seen = std::sync::Arc::clone(&outputs);
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .parents(false)
            .ignore(false)
            .git_global(false)
            .git_exclude(false)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(move |e| {
                if e.depth() == 0 {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                if SKIP.contains(&name.as_ref()) {
                    return false;
                }
                let dir = e.file_type().is_some_and(|f| f.is_dir());
                let output = dir
                    && (name.starts_with(crate::core::fs::TEMP_STEM)
                        || e.path().join(crate::core::fs::SITE_MARKER).is_file());
                if output && let Ok(mut o) = seen.lock() {
                    o.push(e.path().to_path_buf());
                }
                !output
            })
            .build();
        for entry in walker.flatten().take(MAX_ENTRIES) {
            if entry.depth() == 0 {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let Some(rel) = rel
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()
                .map(|v| v.join("/"))
            else {
                continue;
            };
            let is_file = entry.file_type().is_some_and(|f| f.is_file());
            if is_file && last_segment(&rel) == ".gitignore" {
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
                let mut b = GitignoreBuilder::new(entry.path().parent().unwrap_or(root));
                // A malformed line is skipped, as Git skips it.
                let _ = b.add(entry.path());
                if let Ok(gi) = b.build() {
                    t.ignores.push((dir, gi, rel.clone()));
                }
            }
            t.add(rel, is_file);
        }
        let outputs = outputs.lock().map(|o| o.clone()).unwrap_or_default();
        if !outputs.is_empty() {
            let mut b = GitignoreBuilder::new(root);
            for o in &outputs {
                if let Ok(rel) = o.strip_prefix(root) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let _ = b.add_line(None, &format!("/{rel}/"));
                }
            }
            if let Ok(gi) = b.build() {
                let source = format!("a docket site ({})", crate::core::fs::SITE_MARKER);
                t.ignores.push((String::new(), gi, source));
            }
        }
        t
    }

    fn add(&mut self, rel: String, is_file: bool) {
        let name = last_segment(&rel).to_string();
        if is_file
            && let Some((stem, ext)) = name.rsplit_once('.')
            && !stem.is_empty()
        {
            self.exts.insert(ext.to_ascii_lowercase());
        }
        if !rel.contains('/') {
            self.tops.insert(rel.clone());
        }
        self.by_folded_name
            .entry(fold(&name))
            .or_default()
            .push(rel.clone());
        self.by_name.entry(name).or_default().push(rel.clone());
        self.paths.insert(rel);
    }

    /// A tree holding exactly `paths` (files; their folders are implied), for tests.
    pub fn of(paths: &[&str]) -> Tree {
        let mut t = Tree::default();
        let mut all = BTreeSet::new();
        for p in paths {
            let segs: Vec<&str> = p.split('/').collect();
            for i in 1..segs.len() {
                all.insert((segs[..i].join("/"), false));
            }
            all.insert((p.to_string(), true));
        }
        for (p, f) in all {
            t.add(p, f);
        }
        t
    }

    /// Whether `rel` is a file or folder of the tree.
    pub fn exists(&self, rel: &str) -> bool {
        self.paths.contains(rel)
    }

    /// Whether a file or folder named `name` is anywhere in the tree.
    pub fn exists_anywhere(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Whether `name` is a top-level entry.
    pub fn is_top(&self, name: &str) -> bool {
        self.tops.contains(name)
    }

    /// Whether any file has extension `ext`.
    pub fn has_ext(&self, ext: &str) -> bool {
        self.exts.contains(&ext.to_ascii_lowercase())
    }

    /// A path of the tree that ends in `/rel`: `rel` written from some folder.
    pub fn under_some_folder(&self, rel: &str) -> Option<&str> {
        let suffix = format!("/{rel}");
        self.by_name
            .get(last_segment(rel))?
            .iter()
            .find(|p| p.ends_with(&suffix))
            .map(String::as_str)
    }

    /// The `.gitignore` line that ignores `rel` (or a folder above it), if one does.
    pub fn ignored(&self, rel: &str) -> Option<String> {
        for (dir, gi, source) in &self.ignores {
            let inner = if dir.is_empty() {
                rel
            } else {
                match rel
                    .strip_prefix(dir.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                {
                    Some(r) => r,
                    None => continue,
                }
            };
            if inner.is_empty() {
                continue;
            }
            for is_dir in [false, true] {
                match gi.matched_path_or_any_parents(inner, is_dir) {
                    ignore::Match::Ignore(g) => {
                        return Some(format!("{source}: {}", g.original()));
                    }
                    ignore::Match::Whitelist(_) => return None,
                    ignore::Match::None => {}
                }
            }
        }
        None
    }

    /// The path the doc most likely means when it writes `rel`, which does not
    /// exist: the same path in another case or with `-` for `_`, written from
    /// another folder; the same file one folder off; a close name in the same
    /// folder.
    pub fn close(&self, rel: &str) -> Option<String> {
        let f = fold(rel);
        let suffix = format!("/{f}");
        let name = last_segment(rel);
        // Same path, differently cased or separated, from the root or a folder.
        if let Some(hits) = self.by_folded_name.get(&fold(name)) {
            let mut best: Option<&String> = None;
            for p in hits {
                let pf = fold(p);
                if pf == f {
                    return Some(p.clone());
                }
                if pf.ends_with(&suffix) && best.is_none_or(|b| p.len() < b.len()) {
                    best = Some(p);
                }
            }
            if let Some(b) = best {
                return Some(b.clone());
            }
        }
        let segs: Vec<&str> = rel.split('/').collect();
        // The same file one folder off (a folder added, dropped or replaced),
        // when enough of the path is left to tie it (`a/b` one off is anything).
        if segs.len() >= 3
            && let Some(hits) = self.by_name.get(name)
        {
            let mut found: Vec<&String> = hits
                .iter()
                .filter(|p| {
                    let ps: Vec<&str> = p.split('/').collect();
                    segment_distance(&segs, &ps) == 1
                })
                .collect();
            found.sort();
            if let Some(p) = found.first() {
                return Some((*p).clone());
            }
        }
        // A close name in the same folder (`locall.sh` for `local.sh`).
        let (parent, _) = rel.rsplit_once('/')?;
        if !self.exists(parent) {
            return None;
        }
        let prefix = format!("{parent}/");
        let limit = (name.len() / 4).clamp(1, 2);
        let name_chars = name.chars().count();
        self.paths
            .range(prefix.clone()..)
            .take_while(|p| p.starts_with(&prefix))
            .filter(|p| !p[prefix.len()..].contains('/'))
            // The distance is at least the difference in length: most of a
            // large folder is ruled out without computing it.
            .filter(|p| p[prefix.len()..].chars().count().abs_diff(name_chars) <= limit)
            .map(|p| (levenshtein(&p[prefix.len()..], name), p))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, p)| p.clone())
    }
}

impl Tree {
    /// Whether `close` (what [`Tree::close`] answered for `rel`) is evidence a
    /// maintainer would accept that `rel` is a slip for it: the same path but
    /// for case or separators; the same file one folder off, when no other file
    /// of the tree has its name (`mod.rs`, `run.py` one folder off are new
    /// files as often as moved ones); a typo of a name that is not a numbered
    /// sibling (`v3_smoke` beside `v1_smoke` is the next one, not a slip).
    ///
    /// A folder added or dropped keeps every other folder the doc wrote (the
    /// file moved under `src/`); a folder replaced by another is a different
    /// tree's layout as often as a move, so it counts only where nothing
    /// around the claim says it is another tree's (`current`). A bare name
    /// says no folder: a case variant somewhere else is another file.
    pub fn close_is_evidence(&self, rel: &str, close: &str, current: bool) -> bool {
        let (a, b) = (fold(rel), fold(close));
        if a == b || (rel.contains('/') && b.ends_with(&format!("/{a}"))) {
            return true;
        }
        let (na, nb) = (last_segment(rel), last_segment(close));
        if na == nb {
            let (x, y): (Vec<&str>, Vec<&str>) =
                (rel.split('/').collect(), close.split('/').collect());
            let (short, long) = if x.len() < y.len() {
                (&x, &y)
            } else {
                (&y, &x)
            };
            let mut it = long.iter();
            let kept = short.iter().all(|s| it.any(|l| l == s));
            if kept && short.len() != long.len() {
                return true;
            }
            return current && self.by_name.get(na).is_some_and(|v| v.len() == 1);
        }
        // The same name but for case, in another folder: another file.
        if fold(na) == fold(nb) {
            return false;
        }
        // `raylib.h` is a header, `raylib` a folder: another kind of thing,
        // not a slip of the keys.
        fn ext(s: &str) -> Option<&str> {
            s.rsplit_once('.')
                .filter(|(stem, _)| !stem.is_empty())
                .map(|x| x.1)
        }
        if ext(na) != ext(nb) {
            return false;
        }
        let letters = |s: &str| {
            s.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        };
        letters(na) != letters(nb)
    }
}

/// Edit distance between two paths counted in whole segments.
fn segment_distance(a: &[&str], b: &[&str]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Edit distance in chars.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_name_is_ruled_in_or_out_by_its_length_in_chars() {
        let t = Tree::of(&["docs/日本-notes.md", "docs/a-very-different-name.md"]);
        // One char apart, three bytes: the length test counts chars.
        assert_eq!(
            t.close("docs/日-notes.md").as_deref(),
            Some("docs/日本-notes.md")
        );
        assert_eq!(t.close("docs/x.md"), None);
    }

    #[test]
    fn close_paths_are_evidence_only_when_a_slip_is_likely() {
        let t = Tree::of(&[
            "test/span_lowering/run.py",
            "test/other/run.py",
            "scripts/ci/local.sh",
            "docs/guides/unique_name.md",
            "test/snapshot/v1_smoke/main.hx",
        ]);
        // Case and separators: the same path.
        assert!(t.close_is_evidence("test/span-lowering", "test/span_lowering", true));
        // A bare name says no folder: a case variant elsewhere is another file.
        assert!(!t.close_is_evidence("unique_NAME.md", "docs/guides/unique_name.md", true));
        // A folder added: every folder the doc wrote is kept.
        assert!(t.close_is_evidence(
            "test/snapshot/main.hx",
            "test/snapshot/v1_smoke/main.hx",
            false
        ));
        // A folder replaced, a name no other file has: only where nothing
        // says it is another tree's.
        assert!(t.close_is_evidence(
            "docs/old/unique_name.md",
            "docs/guides/unique_name.md",
            true
        ));
        assert!(!t.close_is_evidence(
            "docs/old/unique_name.md",
            "docs/guides/unique_name.md",
            false
        ));
        // A folder replaced, a name many folders have: not evidence.
        assert!(!t.close_is_evidence("test/new/run.py", "test/other/run.py", true));
        // A typo, and a numbered sibling that is not one.
        assert!(t.close_is_evidence("scripts/ci/locall.sh", "scripts/ci/local.sh", true));
        assert!(!t.close_is_evidence("test/snapshot/v2_smoke", "test/snapshot/v1_smoke", true));
        // Another kind of thing: a header beside a folder of that name.
        assert!(!t.close_is_evidence("scripts/ci.h", "scripts/ci", true));
    }

    #[test]
    fn lookups() {
        let t = Tree::of(&[
            "std/ruby/Json.hx",
            "std/ruby/File.hx",
            "test/span_lowering/run.py",
            "scripts/ci/local.sh",
            "runtime/x/string.rs",
        ]);
        assert!(t.exists("std/ruby") && t.is_top("std") && t.has_ext("HX"));
        assert_eq!(
            t.under_some_folder("ruby/File.hx"),
            Some("std/ruby/File.hx")
        );
        assert_eq!(t.under_some_folder("uby/File.hx"), None);
        assert_eq!(t.close("ruby/JSON.hx").as_deref(), Some("std/ruby/Json.hx"));
        assert_eq!(
            t.close("test/span-lowering").as_deref(),
            Some("test/span_lowering")
        );
        assert_eq!(
            t.close("scripts/ci/locall.sh").as_deref(),
            Some("scripts/ci/local.sh")
        );
        assert_eq!(
            t.close("runtime/x/src/string.rs").as_deref(),
            Some("runtime/x/string.rs")
        );
        assert_eq!(t.close("config/routes.rb"), None);
    }

    #[test]
    fn gitignore_rules() {
        let d = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(d.path().join("test/.generated")).expect("mkdir");
        std::fs::create_dir_all(d.path().join("web")).expect("mkdir");
        std::fs::write(d.path().join(".gitignore"), "dist/\ntest/.generated/\n").expect("w");
        std::fs::write(d.path().join("web/.gitignore"), "src-gen/\n").expect("w");
        std::fs::write(d.path().join("web/a.ts"), "").expect("w");
        let t = Tree::scan(d.path());
        assert!(t.exists("web/a.ts") && !t.exists("test/.generated"));
        assert_eq!(
            t.ignored("dist/x.zip").as_deref(),
            Some(".gitignore: dist/")
        );
        assert!(t.ignored("test/.generated/a/b.json").is_some());
        assert_eq!(
            t.ignored("web/src-gen").as_deref(),
            Some("web/.gitignore: src-gen/")
        );
        assert_eq!(t.ignored("src-gen/x"), None);
        assert_eq!(t.ignored("web/a.ts"), None);
    }

    #[test]
    fn dockets_own_sites_and_temporary_folders_are_output() {
        let d = tempfile::tempdir().expect("tmp");
        for dir in ["site", "docs/.docket-build-1-x", "src"] {
            std::fs::create_dir_all(d.path().join(dir)).expect("mkdir");
        }
        std::fs::write(d.path().join("site/.docket-site"), "").expect("w");
        std::fs::write(d.path().join("site/index.html"), "").expect("w");
        std::fs::write(d.path().join("docs/.docket-build-1-x/a.html"), "").expect("w");
        std::fs::write(d.path().join("src/lib.rs"), "").expect("w");
        let t = Tree::scan(d.path());
        assert!(t.exists("src/lib.rs"));
        assert!(!t.exists("site/index.html") && !t.exists("site"));
        assert!(!t.exists("docs/.docket-build-1-x/a.html"));
        assert!(
            t.ignored("site/index.html")
                .is_some_and(|e| e.contains(".docket-site"))
        );
        assert_eq!(t.ignored("src/lib.rs"), None);
    }
}

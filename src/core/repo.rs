//! The repository a book lives in: its top folder (the nearest folder above the
//! book holding `.git`, else the book's own root), the branch `.git/HEAD` names
//! (read as a file, no command is run) and the URL of its files. Links that
//! leave a book resolve here: a file of the repository that exists gets its
//! repository URL, anything else stays as written (another book published
//! beside this one, as `../std/…`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::fs::Root;
use super::paths::join_rel;

/// Where a book sits in its repository, and how its files are linked.
#[derive(Debug)]
pub struct Repo {
    /// The repository's top folder.
    pub root: PathBuf,
    /// The book root relative to [`Repo::root`] (`""` when the same).
    pub book_rel: String,
    /// URL prefix of the repository's files, `https://host/o/r/blob/<branch>/`,
    /// when the book names its repository.
    pub blob: Option<String>,
    inside: Option<Root>,
    seen: Mutex<HashMap<String, bool>>,
}

/// The branch `.git/HEAD` names (`ref: refs/heads/<branch>`), if any.
fn head_branch(git: &Path) -> Option<String> {
    let head = if git.is_file() {
        // A worktree or submodule: `.git` is a file `gitdir: <path>`.
        let text = super::fs::read_regular(git).ok()?;
        let dir = text.trim().strip_prefix("gitdir:")?.trim().to_string();
        let dir = git.parent()?.join(dir);
        super::fs::read_regular(&dir.join("HEAD")).ok()?
    } else {
        super::fs::read_regular(&git.join("HEAD")).ok()?
    };
    let branch = head.trim().strip_prefix("ref:")?.trim();
    let branch = branch.strip_prefix("refs/heads/")?;
    (!branch.is_empty() && !branch.contains(char::is_whitespace)).then(|| branch.to_string())
}

/// Split a repository URL that already names a folder,
/// `https://github.com/o/r/tree/<branch>/<path>`, into the repository, the
/// branch and the path.
fn split_tree(url: &str) -> (String, Option<String>, String) {
    let url = url.trim_end_matches('/');
    for marker in ["/tree/", "/blob/"] {
        if let Some(i) = url.find(marker) {
            let rest = &url[i + marker.len()..];
            let (branch, path) = rest.split_once('/').unwrap_or((rest, ""));
            return (
                url[..i].to_string(),
                Some(branch.to_string()),
                path.trim_matches('/').to_string(),
            );
        }
    }
    (url.to_string(), None, String::new())
}

impl Repo {
    /// The repository of the book at `book_root`, whose source folder is `src`
    /// (relative to the root), with `[output.html] git-repository-url` and
    /// docket's `repository-branch` when set. The branch is the one configured,
    /// else the one the URL names, else `.git/HEAD`'s, else `main`.
    pub fn find(book_root: &Path, src: &str, git_url: Option<&str>, branch: Option<&str>) -> Repo {
        let canon = book_root
            .canonicalize()
            .unwrap_or_else(|_| book_root.to_path_buf());
        let mut top = None;
        for dir in canon.ancestors() {
            let git = dir.join(".git");
            if git.is_dir() || git.is_file() {
                top = Some((dir.to_path_buf(), head_branch(&git)));
                break;
            }
        }
        let (url_repo, url_branch, url_path) = match git_url {
            Some(u) => {
                let (r, b, p) = split_tree(u);
                (Some(r), b, p)
            }
            None => (None, None, String::new()),
        };
        // Repository paths are from its top; without `.git` the repository is
        // the book, and a URL naming a folder says where the book (or its
        // source folder) sits in it.
        let (root, book_rel, url_prefix, head) = match top {
            Some((root, head)) => {
                let rel = canon
                    .strip_prefix(&root)
                    .ok()
                    .and_then(|r| r.to_str())
                    .map(|r| r.replace('\\', "/"))
                    .unwrap_or_default();
                (root, rel, String::new(), head)
            }
            None => {
                let at = url_path
                    .strip_suffix(src)
                    .filter(|p| p.is_empty() || p.ends_with('/'))
                    .map_or(url_path.as_str(), |p| p.trim_end_matches('/'))
                    .to_string();
                (canon.clone(), String::new(), at, None)
            }
        };
        let branch = branch
            .map(str::to_string)
            .or(url_branch)
            .or(head)
            .unwrap_or_else(|| "main".into());
        let blob = url_repo.map(|r| {
            if url_prefix.is_empty() {
                format!("{r}/blob/{branch}/")
            } else {
                format!("{r}/blob/{branch}/{url_prefix}/")
            }
        });
        Repo {
            inside: Root::new(&root).ok(),
            root,
            book_rel,
            blob,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `rel` (relative to the repository's top) is a file or folder
    /// inside it, symlinks out of it not followed; memoised.
    pub fn exists(&self, rel: &str) -> bool {
        let Some(root) = &self.inside else {
            return false;
        };
        if let Ok(seen) = self.seen.lock()
            && let Some(&known) = seen.get(rel)
        {
            return known;
        }
        let found = root.resolve_rel(Path::new(rel)).is_ok_and(|p| p.exists());
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(rel.to_string(), found);
        }
        found
    }

    /// The URL of `rel` (relative to the repository's top), when the book names
    /// its repository.
    pub fn url(&self, rel: &str) -> Option<String> {
        self.blob.as_ref().map(|b| format!("{b}{rel}"))
    }

    /// A link `target` written in a page in folder `page_dir` of the book's
    /// source folder `src_prefix` (relative to the book root): the repository
    /// path it names, when that stays inside the repository.
    pub fn resolve(&self, src_prefix: &str, page_dir: &str, target: &str) -> Option<String> {
        let from = join_rel(&self.book_rel, src_prefix)?;
        let from = join_rel(&from, page_dir)?;
        join_rel(&from, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_url_is_split_into_repository_branch_and_folder() {
        assert_eq!(
            split_tree("https://github.com/rust-lang/cargo/tree/master/doc/book/src"),
            (
                "https://github.com/rust-lang/cargo".to_string(),
                Some("master".to_string()),
                "doc/book/src".to_string()
            )
        );
        assert_eq!(
            split_tree("https://github.com/o/r/"),
            ("https://github.com/o/r".to_string(), None, String::new())
        );
    }
}

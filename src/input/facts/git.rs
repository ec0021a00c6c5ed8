//! Running `git`, read-only and bounded, for the facts Git holds (history,
//! tags). The repository is untrusted: its configuration must not make docket
//! run anything. Every call passes the flags and environment below, reads at
//! most a byte cap of output, and is killed past a timeout.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// What a bounded call read.
#[derive(Debug, Default)]
pub(crate) struct GitOut {
    /// Standard output, at most the cap.
    pub bytes: Vec<u8>,
    /// The output went past the cap (the rest was not read).
    pub truncated: bool,
    /// The call ran past its timeout and was stopped.
    pub timed_out: bool,
}

/// Why there is no output to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GitError {
    /// No `git` on PATH.
    Missing,
    /// The book root is not in a Git work tree.
    NotRepo,
    /// A repository without a commit (`git init`, nothing committed).
    NoCommits,
    /// Any other failure: git's first line of complaint.
    Failed(String),
}

impl GitError {
    /// Why, as the note says it.
    pub(crate) fn reason(&self) -> String {
        match self {
            GitError::Missing => "`git` is not on PATH".into(),
            GitError::NotRepo => "the book is not in a Git work tree".into(),
            GitError::NoCommits => "the repository has no commits yet".into(),
            GitError::Failed(why) => format!("git failed: {why}"),
        }
    }
}

/// Configuration a repository could set to run a program, set off for every call.
const SAFE_CONFIG: &[&str] = &[
    "core.fsmonitor=false",
    "core.quotepath=off",
    "core.pager=cat",
    "log.showSignature=false",
    "diff.renameLimit=1000",
    "color.ui=false",
];

/// Environment variables that could point git at another repository or make
/// it fetch (a partial clone fetches missing blobs over the network).
const CLEARED_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_EXTERNAL_DIFF",
    "GIT_PAGER",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

/// Run `git ARGS` in `dir`: at most `cap` bytes of output read, stopped after
/// `timeout`.
pub(crate) fn run(
    dir: &Path,
    args: &[&str],
    cap: usize,
    timeout: Duration,
) -> Result<GitOut, GitError> {
    let mut cmd = Command::new("git");
    cmd.arg("--no-pager");
    for c in SAFE_CONFIG {
        cmd.args(["-c", c]);
    }
    cmd.args(args).current_dir(dir);
    for v in CLEARED_ENV {
        cmd.env_remove(v);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env("GIT_ASKPASS", "")
        .env("SSH_ASKPASS", "")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(GitError::Missing),
        Err(e) => return Err(GitError::Failed(e.to_string())),
    };
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(GitError::Failed("no pipe to read".into()));
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let read = (&mut stdout).take(cap as u64 + 1).read_to_end(&mut bytes);
        drop(stdout);
        let mut err = Vec::new();
        let _ = (&mut stderr).take(4096).read_to_end(&mut err);
        let _ = tx.send((read.is_ok(), bytes, err));
    });
    let mut out = GitOut::default();
    let err = match rx.recv_timeout(timeout) {
        Ok((_, bytes, err)) => {
            out.truncated = bytes.len() > cap;
            out.bytes = bytes;
            out.bytes.truncate(cap);
            err
        }
        Err(_) => {
            // Stop it and keep what was read: its last record may be cut.
            out.timed_out = true;
            let _ = child.kill();
            if let Ok((_, bytes, _)) = rx.recv_timeout(Duration::from_secs(1)) {
                out.bytes = bytes;
                out.bytes.truncate(cap);
            }
            Vec::new()
        }
    };
    if out.truncated || out.timed_out {
        // Stop it: what was read is all that will be used.
        let _ = child.kill();
        let _ = child.wait();
        return Ok(out);
    }
    let status = child.wait().map_err(|e| GitError::Failed(e.to_string()))?;
    if status.success() {
        return Ok(out);
    }
    let err = String::from_utf8_lossy(&err);
    let first = err.lines().next().unwrap_or("").trim().to_string();
    if err.contains("not a git repository") {
        Err(GitError::NotRepo)
    } else if err.contains("dubious ownership") {
        Err(GitError::Failed(
            "it refuses a repository another user owns (see `git config safe.directory`)".into(),
        ))
    } else if err.contains("does not have any commits") || err.contains("bad default revision") {
        Err(GitError::NoCommits)
    } else {
        Err(GitError::Failed(first))
    }
}

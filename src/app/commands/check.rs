//! `docket check`: the report in one format, exit 1 on error-severity drift.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Outcome, Status, context, load, today, write_file};
use crate::core::catalog::Severity;
use crate::output::report::{self, Format};

/// What `check` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book root.
    pub root: PathBuf,
    /// The report format.
    pub format: Format,
    /// Write the report here instead of stdout.
    pub output: Option<PathBuf>,
    /// `--today` or `$DOCKET_TODAY`.
    pub today: Option<String>,
    /// Report only what these files (relative to the current folder) can affect.
    pub changed_only: Option<Vec<PathBuf>>,
    /// ANSI colour in the human format.
    pub color: bool,
    /// `$GITHUB_STEP_SUMMARY`: where the GitHub format appends its Markdown table.
    pub step_summary: Option<PathBuf>,
    /// Whether the book's external preprocessors run.
    pub preprocessors: super::Preprocessors,
}

/// Run the check and render the report.
pub fn run(opts: &Options, notes: &mut dyn Write) -> anyhow::Result<Outcome> {
    let day = today(opts.today.as_deref())?;
    let (project, _plan, mut result) = load(&opts.root, &day, false, &opts.preprocessors, notes)?;
    if let Some(files) = &opts.changed_only {
        let rel: Vec<String> = files
            .iter()
            .map(|f| relative_to_root(&project.root_canon, f))
            .collect();
        if let Some(keep) = project.affected(&rel) {
            result.findings.retain(|f| keep.contains(&f.path));
            result.allowed.retain(|a| keep.contains(&a.finding.path));
        }
    }
    let ctx = context(&project, &result, opts.color);
    let text = report::render(opts.format, &result, &ctx);
    if opts.format == Format::Github
        && let Some(path) = &opts.step_summary
    {
        let summary = report::github_summary(&result, &ctx);
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open $GITHUB_STEP_SUMMARY ({})", path.display()))?;
        f.write_all(summary.as_bytes())
            .with_context(|| format!("cannot write $GITHUB_STEP_SUMMARY ({})", path.display()))?;
    }
    // `-o -` is standard output.
    let stdout = match opts.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => {
            write_file(path, text.as_bytes())?;
            String::new()
        }
        None => text,
    };
    let failed = result
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(Outcome {
        stdout,
        status: if failed { Status::Drift } else { Status::Clean },
        loaded: Some(Box::new((project, result))),
    })
}

/// A path given on the command line (relative to the current folder) as a
/// book-root-relative, `/`-separated path.
fn relative_to_root(root_canon: &Path, file: &Path) -> String {
    let abs = std::env::current_dir()
        .map(|d| d.join(file))
        .unwrap_or_else(|_| file.to_path_buf());
    let abs = abs.canonicalize().unwrap_or(abs);
    let rel = abs.strip_prefix(root_canon).unwrap_or(file);
    rel.components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect::<Vec<_>>()
        .join("/")
}

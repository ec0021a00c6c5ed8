//! The source folder's other files (images, downloads), copied into the site
//! at the same paths, as mdBook does, so pages that show them work.

use super::frame::Site;
use super::{SiteError, io};

/// Copy every regular file of the source folder that is not Markdown and not
/// hidden, unless the site already has a file there (its pages win). Symlinks
/// are not in the book's file list, so nothing outside the folder is copied.
pub(super) fn copy(site: &Site<'_>) -> Result<usize, SiteError> {
    use rayon::prelude::*;
    let src = site.project.config.src_dir();
    let mut files: Vec<&String> = site
        .project
        .book
        .files
        .iter()
        .filter(|f| !f.ends_with(".md") && !f.split('/').any(|c| c.starts_with('.')))
        .collect();
    files.sort();
    files
        .par_iter()
        .filter(|f| !site.out.join(f.as_str()).exists())
        .map(|f| -> Result<(), SiteError> {
            let to = site.out.join(f.as_str());
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            std::fs::copy(src.join(f.as_str()), &to).map_err(io(&to))?;
            Ok(())
        })
        .collect::<Result<Vec<()>, _>>()
        .map(|v| v.len())
}

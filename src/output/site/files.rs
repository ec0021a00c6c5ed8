//! The source folder's other files (images, downloads), copied into the site
//! at the same paths, as mdBook does, so pages that show them work; with the
//! book's `additional-css`/`-js` and its theme's favicon.

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
        .and_then(|n| Ok(n + book_root_files(site)?))
}

/// `additional-css`/`-js` (paths from the book root, where mdBook reads them)
/// and the theme's favicon, unless the site has a file there already.
fn book_root_files(site: &Site<'_>) -> Result<usize, SiteError> {
    let root = &site.project.config.root;
    let h = &site.project.config.html;
    let theme = h.theme.as_deref().unwrap_or(std::path::Path::new("theme"));
    let mut files: Vec<(std::path::PathBuf, String)> = h
        .additional_css
        .iter()
        .chain(&h.additional_js)
        .map(|f| (root.join(f), f.clone()))
        .collect();
    for icon in ["favicon.svg", "favicon.png"] {
        files.push((root.join(theme).join(icon), icon.to_string()));
    }
    let mut n = 0;
    let inside = crate::core::fs::Root::new(root).map_err(|e| SiteError::Refused {
        path: root.clone(),
        message: e.to_string(),
    })?;
    for (from, rel) in files {
        let to = site.out.join(&rel);
        // A regular file inside the book root only, at any depth of links.
        if !from.is_file() || to.exists() || rel.split('/').any(|c| c == "..") {
            continue;
        }
        let from = match inside.resolve(&from) {
            Ok(f) => f,
            Err(e) => {
                return Err(SiteError::Refused {
                    path: from,
                    message: format!("not copied into the site: {e}"),
                });
            }
        };
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::copy(&from, &to).map_err(io(&to))?;
        n += 1;
    }
    Ok(n)
}

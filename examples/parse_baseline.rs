//! The benchmark baseline: read every `.md` file under a folder, parse it with
//! pulldown-cmark and render HTML, on all cores, writing nothing. This is the
//! floor docket's own build is compared against (see bench/README.md).

use rayon::prelude::*;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_baseline DIR");
        std::process::exit(2);
    };
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let bytes: usize = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let mut html = String::with_capacity(text.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&text, docket::markdown::options()),
            );
            html.len()
        })
        .sum();
    println!("{} files, {bytes} bytes of HTML", files.len());
}

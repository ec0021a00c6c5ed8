fn main() {
    let root = std::env::args().nth(1).unwrap();
    let (p, _) = docket::Project::load(std::path::Path::new(&root)).unwrap();
    for (d, pg) in p.docs.iter().zip(&p.book.pages) {
        for c in &d.claims {
            let (l, col) = d.source_map.line_col(&pg.text, c.offset);
            println!(
                "{}:{}:{} {}{:?}",
                d.path,
                l,
                col,
                if c.in_block { "[B] " } else { "" },
                c.claim
            );
        }
    }
}

//! One containment rule for every path docket reads or writes: resolved on disk
//! (symlinks followed) and refused unless inside the book root or a folder named
//! on the command line. Errors about a file outside never show its content;
//! nothing is deleted or written through a link that leads out.
#![cfg(unix)]

use crate::common;
use common::{Book, Run};

use std::os::unix::fs::symlink;
use std::path::Path;

/// A secret outside the book: its text must never appear in docket's output.
const SECRET: &str = "PRIVATE-KEY-7f3a9c";

fn outside() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tmp");
    std::fs::write(d.path().join("id_rsa"), format!("{SECRET}\n")).expect("write");
    d
}

fn link(book: &Book, rel: &str, target: &Path) {
    let p = book.path().join(rel);
    if p.is_dir() && !p.is_symlink() {
        std::fs::remove_dir_all(&p).expect("rm dir");
    } else {
        let _ = std::fs::remove_file(&p);
    }
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    symlink(target, &p).expect("symlink");
}

fn refused(r: &Run, names: &[&str]) {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("outside the book root"), "{}", r.stderr);
    for n in names {
        assert!(r.stderr.contains(n), "stderr names {n}: {}", r.stderr);
    }
    assert!(
        !r.stdout.contains(SECRET) && !r.stderr.contains(SECRET),
        "the outside file's content was printed:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("in")
                .display()
                .to_string()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn manifest_linked_to_a_private_key_is_refused_unread() {
    let out = outside();
    let book = Book::fixture("clean");
    link(&book, "schemas/readiness.yaml", &out.path().join("id_rsa"));
    for cmd in [&["check"][..], &["build"], &["sync"]] {
        refused(&book.run(cmd), &["schemas/readiness.yaml"]);
    }
}

#[test]
fn book_toml_linked_out_is_refused() {
    let out = outside();
    std::fs::write(
        out.path().join("book.toml"),
        format!("[book]\ntitle = \"{SECRET}\"\n"),
    )
    .expect("write");
    let book = Book::fixture("clean");
    link(&book, "book.toml", &out.path().join("book.toml"));
    refused(&book.run(&["check"]), &["book.toml"]);
}

#[test]
fn fact_sources_linked_out_are_refused_unread() {
    let out = outside();
    std::fs::write(
        out.path().join("package.json"),
        format!("{{\"name\": \"{SECRET}\", \"scripts\": {{\"x\": 1}}}}"),
    )
    .expect("write");
    std::fs::write(
        out.path().join("issues.jsonl"),
        format!("{{\"id\": \"{SECRET}\"\n"),
    )
    .expect("write");
    let book = Book::fakec_fixed();
    link(&book, "package.json", &out.path().join("package.json"));
    refused(&book.run(&["check"]), &["package.json"]);

    let book = Book::fakec_fixed();
    link(
        &book,
        ".beads/issues.jsonl",
        &out.path().join("issues.jsonl"),
    );
    refused(&book.run(&["check"]), &[".beads/issues.jsonl"]);

    // A defines source folder linked out would publish names read outside.
    let book = Book::fakec_fixed();
    std::fs::create_dir_all(out.path().join("code")).expect("mkdir");
    std::fs::write(
        out.path().join("code/x.hx"),
        format!(
            "hasDefine(\"fc_{}\");\n",
            SECRET.to_lowercase().replace('-', "_")
        ),
    )
    .expect("write");
    link(&book, "compiler", &out.path().join("code"));
    refused(&book.run(&["build"]), &["compiler"]);
    assert!(!book.path().join("book").exists(), "no site was written");
}

#[test]
fn source_folder_linked_out_is_not_published() {
    let out = outside();
    std::fs::write(out.path().join("SUMMARY.md"), "- [Key](id_rsa.md)\n").expect("w");
    std::fs::write(out.path().join("id_rsa.md"), format!("{SECRET}\n")).expect("w");
    let book = Book::fixture("clean");
    link(&book, "src", out.path());
    let r = book.run(&["build"]);
    refused(&r, &["src"]);
    assert!(!book.path().join("book").exists(), "no site was written");
}

#[test]
fn templates_linked_out_are_refused_unread() {
    let out = outside();
    std::fs::create_dir_all(out.path().join("tpl/blocks")).expect("mkdir");
    std::fs::write(out.path().join("tpl/blocks/x.md"), SECRET).expect("w");
    std::fs::write(out.path().join("tpl/page.html"), SECRET).expect("w");
    let book = Book::fixture("clean");
    book.edit(
        "book.toml",
        "[preprocessor.docket]\n",
        "[preprocessor.docket]\ntemplates = \"templates\"\n",
    );
    link(&book, "templates", &out.path().join("tpl"));
    refused(&book.run(&["build"]), &["templates"]);
    // One template file linked out, the folder inside.
    let book = Book::fixture("clean");
    book.edit(
        "book.toml",
        "[preprocessor.docket]\n",
        "[preprocessor.docket]\ntemplates = \"templates\"\n",
    );
    std::fs::create_dir_all(book.path().join("templates")).expect("mkdir");
    link(
        &book,
        "templates/page.html",
        &out.path().join("tpl/page.html"),
    );
    let r = book.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("outside the book root"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET) && !r.stdout.contains(SECRET));
}

#[test]
fn build_never_deletes_through_a_linked_output_folder() {
    // A docket site outside the book, with a file docket never wrote.
    let out = tempfile::tempdir().expect("tmp");
    let site = out.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join(".docket-site"), "").expect("w");
    std::fs::write(site.join("keep.txt"), "mine").expect("w");
    let before = files(out.path());
    let book = Book::fixture("clean");
    link(&book, "book", &site);
    let r = book.run(&["build"]);
    refused(&r, &["book"]);
    assert_eq!(files(out.path()), before, "the outside folder was touched");
    assert!(book.path().join("book").is_symlink(), "the link is kept");
}

#[test]
fn a_linked_output_folder_inside_the_root_is_written_at_its_target() {
    let book = Book::fixture("clean");
    std::fs::create_dir_all(book.path().join("out/site")).expect("mkdir");
    link(&book, "book", &book.path().join("out/site"));
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(book.path().join("book").is_symlink(), "the link is kept");
    assert!(book.path().join("out/site/index.html").is_file());
    // Rebuilt in place of the target, again.
    let r = book.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(book.path().join("out/site/index.html").is_file());
    let stray: Vec<String> = files(&book.path().join("out"))
        .into_iter()
        .filter(|f| f.contains(".docket-"))
        .filter(|f| !f.ends_with(".docket-site"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_folder_named_with_dest_dir_may_be_outside() {
    let out = tempfile::tempdir().expect("tmp");
    let book = Book::fixture("clean");
    let dest = out.path().join("public");
    let r = book.run(&["build", "-d", dest.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dest.join("index.html").is_file());
    // Named through a link: written at the link's target, the link kept.
    let linked = tempfile::tempdir().expect("tmp");
    symlink(&dest, linked.path().join("l")).expect("ln");
    let l = linked.path().join("l");
    let r = book.run(&["build", "-d", l.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(l.is_symlink() && dest.join("index.html").is_file());
}

#[test]
fn init_does_not_write_through_a_linked_docs_folder() {
    let out = tempfile::tempdir().expect("tmp");
    std::fs::write(out.path().join("guide.md"), "# Guide\n\nText.\n").expect("w");
    let repo = tempfile::tempdir().expect("tmp");
    symlink(out.path(), repo.path().join("docs")).expect("ln");
    let r = common::docket(repo.path(), &["init"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("outside the book root"), "{}", r.stderr);
    assert!(
        !out.path().join("SUMMARY.md").exists(),
        "SUMMARY.md written outside"
    );
    assert_eq!(
        files(out.path()),
        vec!["".to_string(), "guide.md".to_string()]
    );
}

#[test]
fn sync_writes_a_linked_page_at_its_target_and_keeps_the_link() {
    let book = Book::fixture("clean");
    // A page that is a link to a file elsewhere in the source folder.
    let page = book.path().join("src/guide/profiles.md");
    let real = book.path().join("src/real-profiles.md");
    std::fs::rename(&page, &real).expect("mv");
    symlink(&real, &page).expect("ln");
    book.edit(
        "schemas/readiness.yaml",
        "summary: Checked everything.",
        "summary: Checks all of it.",
    );
    let r = book.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(page.is_symlink(), "the page is still a link");
    assert!(
        std::fs::read_to_string(&real)
            .expect("read")
            .contains("Checks all of it."),
        "the target was refreshed"
    );
    assert_eq!(book.run(&["sync", "--check"]).code, 0);
}

#[test]
fn init_infers_nothing_from_a_file_linked_out() {
    let out = outside();
    std::fs::write(
        out.path().join("package.json"),
        format!("{{\"name\": \"{SECRET}\"}}"),
    )
    .expect("w");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(repo.path().join("docs")).expect("mkdir");
    std::fs::write(repo.path().join("docs/guide.md"), "# Guide\n\nText.\n").expect("w");
    symlink(
        out.path().join("package.json"),
        repo.path().join("package.json"),
    )
    .expect("ln");
    let r = common::docket(repo.path(), &["init"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let toml = std::fs::read_to_string(repo.path().join("book.toml")).expect("book.toml");
    assert!(!toml.contains(SECRET), "{toml}");
    assert!(!r.stdout.contains(SECRET) && !r.stderr.contains(SECRET));
}

//! `check -o FILE` writes the report to a regular file only (or standard
//! output with `-o -`), atomically; a device, a pipe or a folder at FILE is
//! refused and left as it was.
#![cfg(unix)]

use crate::common;
use common::Book;

use std::os::unix::fs::{FileTypeExt, symlink};

fn check_o(book: &Book, out: &str) -> common::Run {
    book.run(&["check", "--format", "short", "-o", out])
}

#[test]
fn a_fifo_at_the_output_path_stays_a_fifo() {
    let book = Book::fixture("clean");
    let fifo = book.path().join("report.txt");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let r = check_o(&book, "report.txt");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("report.txt: is not a regular file"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("-o -"), "{}", r.stderr);
    let t = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(t.is_fifo(), "the FIFO was replaced");
}

#[test]
fn a_device_at_the_output_path_is_refused() {
    let book = Book::fixture("clean");
    let dev = book.path().join("null");
    // A character device of our own (1,3 is what /dev/null is), so a
    // regression replaces a file in a temporary folder, never the system's.
    let ok = std::process::Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("SKIPPED: mknod needs root");
        return;
    }
    for out in ["null", "via-link"] {
        if out == "via-link" {
            symlink(&dev, book.path().join("via-link")).expect("ln");
        }
        let r = check_o(&book, out);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
        assert!(
            std::fs::metadata(&dev)
                .expect("dev")
                .file_type()
                .is_char_device(),
            "the device was replaced"
        );
    }
    assert!(
        book.path().join("via-link").is_symlink(),
        "the link was replaced"
    );
}

#[test]
fn a_link_at_the_output_path_is_written_at_its_target() {
    let book = Book::fixture("clean");
    std::fs::create_dir_all(book.path().join("reports")).expect("mkdir");
    std::fs::write(book.path().join("reports/last.txt"), "old").expect("w");
    symlink("reports/last.txt", book.path().join("report.txt")).expect("ln");
    let r = check_o(&book, "report.txt");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(book.path().join("report.txt").is_symlink());
    let text = std::fs::read_to_string(book.path().join("reports/last.txt")).expect("read");
    assert!(text.contains("no drift"), "{text}");
}

#[test]
fn dash_is_standard_output() {
    let book = Book::fixture("clean");
    let r = check_o(&book, "-");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no drift"), "{}", r.stdout);
    assert!(!book.path().join("-").exists(), "wrote a file named -");
}

#[test]
fn a_folder_at_the_output_path_is_refused() {
    let book = Book::fixture("clean");
    std::fs::create_dir(book.path().join("out")).expect("mkdir");
    let r = check_o(&book, "out");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("out: is not a regular file"),
        "{}",
        r.stderr
    );
    assert!(book.path().join("out").is_dir());
}

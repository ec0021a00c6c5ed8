//! What an interrupted or unlucky run leaves, and how the next run copes:
//! temporary files and folders of killed runs are removed by the next run; an
//! output folder that is a mount point is written inside; pages named like
//! docket's own site pages are refused; sync does not overwrite a page edited
//! since it was read.

use crate::common;
use common::Book;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Names under `dir` (not following links) that start with `.docket-` but are
/// not the site marker.
fn temps(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".docket-") && n != ".docket-site")
        .collect()
}

/// A book with a stale block on each of 40 pages, so sync writes each.
fn book() -> Book {
    let book = Book::fixture("clean");
    let mut summary = String::from("# Summary\n\n- [Intro](index.md)\n");
    for i in 0..40 {
        summary.push_str(&format!("- [P{i}](p{i:02}.md)\n"));
        book.write(
            &format!("src/p{i:02}.md"),
            &format!("# Page {i}\n\n<!-- GENERATED:gate-checklist:start -->\nstale\n<!-- GENERATED:gate-checklist:end -->\n"),
        );
    }
    book.write("src/SUMMARY.md", &summary);
    book
}

fn kill_after(book: &Book, args: &[&str], delay: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .current_dir(book.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("docket starts");
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn leftovers_of_killed_runs_are_removed_by_the_next_run() {
    let book = book();
    assert_eq!(book.run(&["build"]).code, 0);
    // Leftovers as a killed run leaves them: pid 0 never ran docket, and a
    // name without a pid comes from an older docket.
    for d in [
        ".docket-build-0-abc123",
        ".docket-old-0-def456",
        ".docket-build-Xy12Ab",
    ] {
        std::fs::create_dir_all(book.path().join(d).join("sub")).expect("mkdir");
        std::fs::write(book.path().join(d).join("sub/page.html"), "x").expect("w");
    }
    for f in ["src/.docket-sync-0-abc123", "src/.docket-sync-Qw12Er"] {
        std::fs::write(book.path().join(f), "half a page").expect("w");
    }
    assert_eq!(book.run(&["build"]).code, 0);
    assert_eq!(book.run(&["sync"]).code, 0);
    assert_eq!(temps(book.path()), Vec::<String>::new());

    // And as kills leave them: build and sync killed at spread delays.
    let span = {
        let t = std::time::Instant::now();
        let _ = book.run(&["build"]);
        t.elapsed()
    };
    for i in 0..12u32 {
        kill_after(&book, &["build"], span * (i + 4) / 16);
    }
    for i in 0..12u32 {
        book.write(
            "src/p01.md",
            "# Page 1\n\n<!-- GENERATED:gate-checklist:start -->\nstale\n<!-- GENERATED:gate-checklist:end -->\n",
        );
        kill_after(&book, &["sync"], span * (i + 4) / 16);
    }
    // How many the kills left (it depends on timing); all must go.
    eprintln!("{} leftovers after the kills", temps(book.path()).len());
    assert_eq!(book.run(&["build"]).code, 0);
    book.write(
        "src/p01.md",
        "# Page 1\n\n<!-- GENERATED:gate-checklist:start -->\nstale\n<!-- GENERATED:gate-checklist:end -->\n",
    );
    assert_eq!(book.run(&["sync"]).code, 0);
    assert_eq!(temps(book.path()), Vec::<String>::new());
}

#[test]
fn pages_named_like_docket_pages_are_refused() {
    for name in ["docket-drift", "docket-dashboard", "docket-defines", "404"] {
        let book = Book::fixture("clean");
        book.write(&format!("src/{name}.md"), "# Mine\n");
        book.edit(
            "src/SUMMARY.md",
            "[Output](guide/output.md)",
            &format!("[Output](guide/output.md)\n- [Mine]({name}.md)"),
        );
        let r = book.run(&["build"]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("src/{name}.md")), "{}", r.stderr);
        assert!(r.stderr.contains(&format!("{name}.html")), "{}", r.stderr);
        assert!(!book.path().join("book").exists(), "a site was written");
    }
}

#[test]
fn sync_does_not_overwrite_a_page_edited_since_it_was_read() {
    let book = book();
    let (project, _) = docket::Project::load(book.path()).expect("loads");
    let plan = docket::check::blocks::plan(&project).expect("plans");
    // An editor saves a page after docket read it, before it writes.
    let edited = "# Page 3\n\nMy unsaved thought.\n\n<!-- GENERATED:gate-checklist:start -->\nstale\n<!-- GENERATED:gate-checklist:end -->\n";
    book.write("src/p03.md", edited);
    let r = docket::output::sync::apply(&project, &plan);
    let e = r.expect_err("the changed page is refused");
    assert!(e.to_string().contains("src/p03.md"), "{e}");
    assert!(
        e.to_string().contains("changed since docket read it"),
        "{e}"
    );
    assert_eq!(book.read("src/p03.md"), edited, "the edit was lost");
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_is_a_mount_point_is_written_inside() {
    let book = Book::fixture("clean");
    let site = book.path().join("book");
    std::fs::create_dir(&site).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64m", "docket-test"])
        .arg(&site)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED: mounting a tmpfs needs root (CAP_SYS_ADMIN)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&site);
    for round in 0..2 {
        let r = book.run(&["build"]);
        assert_eq!(r.code, 0, "round {round}: {}", r.stderr);
        assert!(site.join("index.html").is_file());
        assert!(site.join(".docket-site").is_file());
        assert_eq!(temps(book.path()), Vec::<String>::new(), "round {round}");
        if round == 0 {
            book.edit("src/index.md", "Nothing else.", "Nothing else at all.");
        }
    }
    let page = std::fs::read_to_string(site.join("index.html")).expect("read");
    assert!(
        page.contains("Nothing else at all."),
        "the second build is in place"
    );
}

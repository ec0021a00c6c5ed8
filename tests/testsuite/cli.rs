//! The command line as a new user meets it: the order of the commands, `--root`
//! where it means something, `explain` without a rule, "did you mean" for
//! rules, commands and formats, a man page for every page the man pages name,
//! errors that name the user's path, and the README's command list.

use crate::common;
use common::{Book, docket};

use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The command names `docket --help` lists, in order.
fn commands_in_help() -> Vec<String> {
    let help = docket(repo(), &["--help"]).stdout;
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn help_lists_commands_in_the_order_a_user_meets_them() {
    assert_eq!(
        commands_in_help(),
        [
            "init",
            "check",
            "build",
            "serve",
            "sync",
            "closeout",
            "explain",
            "mdbook",
            "schema",
            "completions",
            "man"
        ]
    );
}

#[test]
fn root_is_an_option_only_of_the_commands_that_read_a_book() {
    for c in ["init", "check", "build", "serve", "sync", "closeout"] {
        let help = docket(repo(), &[c, "--help"]).stdout;
        assert!(help.contains("--root <DIR>"), "{c}: {help}");
        // DIR and --root are one thing, described alike on every command.
        assert!(
            help.contains("The book root: the folder that holds book.toml"),
            "{c}: {help}"
        );
    }
    for c in ["explain", "mdbook", "schema", "completions", "man"] {
        let help = docket(repo(), &[c, "--help"]).stdout;
        assert!(!help.contains("--root"), "{c}: {help}");
    }
    let r = docket(repo(), &["explain", "--root", ".", "link-broken"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unexpected argument '--root'"),
        "{}",
        r.stderr
    );
}

#[test]
fn root_as_option_and_as_argument_agree_and_conflict_when_both_given() {
    let book = Book::fixture("broken");
    let outside = tempfile::tempdir().expect("temp dir");
    let root = book.path().to_str().expect("UTF-8 temp path");
    let by_arg = docket(outside.path(), &["check", "--format", "short", root]);
    let by_option = docket(
        outside.path(),
        &["check", "--format", "short", "--root", root],
    );
    assert_eq!(by_arg.code, 1);
    assert_eq!(by_arg.stdout, by_option.stdout);
    let both = docket(outside.path(), &["check", root, "--root", root]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}

#[test]
fn explain_alone_lists_every_rule() {
    let alone = docket(repo(), &["explain"]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    assert!(alone.stdout.lines().count() >= 20, "{}", alone.stdout);
    assert!(alone.stdout.contains("link-broken "), "{}", alone.stdout);
    assert_eq!(alone.stdout, docket(repo(), &["explain", "--list"]).stdout);
}

#[test]
fn did_you_mean_for_rules_commands_and_formats() {
    let rule = docket(repo(), &["explain", "link-brokn"]);
    assert_eq!(rule.code, 2);
    assert!(
        rule.stderr.contains("did you mean `link-broken`?"),
        "{}",
        rule.stderr
    );
    let far = docket(repo(), &["explain", "no-such-rule"]);
    assert_eq!(far.code, 2);
    assert!(!far.stderr.contains("did you mean"), "{}", far.stderr);
    let command = docket(repo(), &["chek"]);
    assert_eq!(command.code, 2);
    assert!(command.stderr.contains("'check'"), "{}", command.stderr);
    let format = docket(repo(), &["check", "--format", "jsn"]);
    assert_eq!(format.code, 2);
    assert!(
        format.stderr.contains("a similar value exists: 'json'"),
        "{}",
        format.stderr
    );
    let man = docket(repo(), &["man", "chek"]);
    assert_eq!(man.code, 2);
    assert!(
        man.stderr.contains("did you mean `check`?"),
        "{}",
        man.stderr
    );
}

/// The `docket-NAME(1)` pages a roff page refers to.
fn references(roff: &str) -> Vec<String> {
    roff.split("docket\\-")
        .skip(1)
        .filter_map(|s| {
            s.split_once("(1)")
                .map(|(name, _)| name.replace("\\-", "-"))
        })
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect()
}

#[test]
fn every_man_page_a_man_page_names_exists() {
    let top = docket(repo(), &["man"]);
    assert_eq!(top.code, 0);
    assert!(top.stdout.contains(".TH docket 1"), "{}", top.stdout);
    let mut todo = references(&top.stdout);
    assert!(todo.contains(&"check".to_string()), "{todo:?}");
    assert!(
        !todo.contains(&"help".to_string()),
        "no page for help: {todo:?}"
    );
    let mut seen = Vec::new();
    while let Some(name) = todo.pop() {
        // `mdbook-supports` is `docket man mdbook supports`.
        let args: Vec<&str> = std::iter::once("man").chain(name.split('-')).collect();
        let page = docket(repo(), &args);
        assert_eq!(page.code, 0, "docket {args:?}: {}", page.stderr);
        assert!(
            page.stdout.contains(&format!(".TH docket-{name} 1")),
            "docket {args:?}: {}",
            page.stdout
        );
        todo.extend(references(&page.stdout));
        seen.push(name);
    }
    assert!(seen.contains(&"mdbook-supports".to_string()), "{seen:?}");
}

#[test]
fn man_dir_writes_every_page() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().to_str().expect("UTF-8 temp path");
    let r = docket(repo(), &["man", "--dir", dir]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert!(written.contains(&"docket.1".to_string()), "{written:?}");
    for page in &written {
        let text = std::fs::read_to_string(out.path().join(page)).expect("page");
        for name in references(&text) {
            assert!(
                written.contains(&format!("docket-{name}.1")),
                "{page} names docket-{name}(1): {written:?}"
            );
        }
    }
}

#[test]
fn a_report_that_cannot_be_written_names_the_users_path() {
    let book = Book::fixture("clean");
    let r = book.run(&["check", "-o", "/nonexistent/x.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: /nonexistent/x.json: cannot write"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains(".docket-"),
        "no temporary file: {}",
        r.stderr
    );
}

#[test]
fn the_readme_names_every_command_in_the_help_order() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("docket "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut order = commands_in_help();
    order.dedup();
    let positions: Vec<Option<usize>> = order
        .iter()
        .map(|c| listed.iter().position(|l| l == c))
        .collect();
    assert!(
        positions.iter().all(Option::is_some),
        "README lists {listed:?}, help {order:?}"
    );
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "README lists {listed:?}, help {order:?}"
    );
    // The set-up commands a fresh clone runs, as written.
    for line in [
        "cargo install --path . --locked",
        "cargo run --release -- build",
        "cargo test",
    ] {
        assert!(readme.lines().any(|l| l == line), "README runs `{line}`");
    }
}

#[test]
fn the_library_does_not_use_clap_and_main_stays_small() {
    for e in walkdir::WalkDir::new(repo().join("src"))
        .into_iter()
        .flatten()
    {
        let p = e.path();
        let bin = p == repo().join("src/main.rs") || p == repo().join("src/cli.rs");
        if p.extension().is_some_and(|x| x == "rs") && !bin {
            let text = std::fs::read_to_string(p).expect("source");
            assert!(!text.contains("clap"), "{} names clap", p.display());
        }
    }
    let main = std::fs::read_to_string(repo().join("src/main.rs")).expect("main.rs");
    assert!(main.lines().count() < 200, "{}", main.lines().count());
}

#[test]
fn a_folder_without_book_toml_is_pointed_at_docket_init() {
    let book = Book::new(&[
        ("docs/index.md", "# Home\n"),
        ("docs/guide.md", "# Guide\n"),
    ]);
    for cmd in [&["check"][..], &["build"], &["sync"], &["sync", "--check"]] {
        let r = book.run(cmd);
        assert_eq!(r.code, 2, "{cmd:?}: {}{}", r.stdout, r.stderr);
        for want in [
            ".: no book.toml (and no src/SUMMARY.md)",
            "its docs look to be in docs/",
            "run `docket init`",
            "book.toml, docs/SUMMARY.md and schemas/readiness.yaml",
        ] {
            assert!(
                r.stderr.contains(want),
                "{cmd:?} lacks {want:?}: {}",
                r.stderr
            );
        }
        assert!(!r.stderr.contains("create it"), "{cmd:?}: {}", r.stderr);
        assert!(!book.path().join("book").exists(), "{cmd:?} wrote a site");
    }
    // Through --root, the folder named is the one given.
    let r = docket(
        book.path().parent().unwrap_or(book.path()),
        &["check", "--root", &book.path().display().to_string()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("{}: no book.toml", book.path().display()))
            && r.stderr
                .contains(&format!("run `docket init {}`", book.path().display())),
        "{}",
        r.stderr
    );
    // mdBook's default layout without a book.toml still loads.
    let plain = Book::new(&[
        ("src/SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
        ("src/a.md", "# A\n"),
    ]);
    let r = plain.run(&["check"]);
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
}

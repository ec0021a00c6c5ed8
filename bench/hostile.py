#!/usr/bin/env python3
"""Growth of docket's time and output on hostile pages. See bench/README.md.

    python3 bench/hostile.py [--scale 1.0] [--docket target/release/docket] [--only TEXT]

Each family is one hostile book at size N and at 4N. Linear work shows ratios
near 4 (time) and at most 4 (output bytes); a quadratic spot shows about 16.
Times are read, not asserted: they belong to the machine. The script prints a
Markdown table and exits 1 if a ratio passes --fail-ratio (default 8), so a
sitting can tell linear from quadratic at a glance.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

BOOK_TOML = '[book]\ntitle = "Hostile"\n\n[preprocessor.docket]\nmanifest = "readiness.yaml"\n'
MANIFEST = """version: 1
project:
  name: hostile
release:
  line: "1.0"
  posture: pre-release
  as-of: 2026-03-01
"""


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def book(root, summary, page):
    write(root, "book.toml", BOOK_TOML)
    write(root, "readiness.yaml", MANIFEST)
    write(root, "src/SUMMARY.md", summary)
    write(root, "src/index.md", page)


PLAIN_SUMMARY = "# Summary\n\n- [Index](index.md)\n"


def links_one_line(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + " ".join(f"[x](missing{i}.md)" for i in range(n)) + "\n")


def links_one_per_paragraph(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + "".join(f"[x](missing{i}.md)\n\n" for i in range(n)))


def dates_one_line(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + " ".join("as of 2020-01-01" for _ in range(n)) + "\n")


def summary_missing(root, n):
    entries = "".join(f"- [P{i}](p{i}.md)\n" for i in range(n))
    book(root, "# Summary\n\n- [Index](index.md)\n" + entries, "# T\n")


TRACKED_TOML = BOOK_TOML + '\n[preprocessor.docket.facts]\ntracker = ".beads/issues.jsonl"\n'


def tracked(root, n, page):
    write(root, "book.toml", TRACKED_TOML)
    write(root, "readiness.yaml", MANIFEST)
    write(root, "src/SUMMARY.md", PLAIN_SUMMARY)
    write(root, "src/index.md", page)
    write(root, ".beads/issues.jsonl", "".join(
        f'{{"id":"bd-{i}","title":"Work item number {i}","status":"open"}}\n' for i in range(n)))


def item_statuses_one_line(root, n):
    tracked(root, n, "# T\n\n" + ", ".join(f"`bd-{i}` is closed" for i in range(n)) + "\n")


def titled_statuses_one_line(root, n):
    tracked(root, n, "# T\n\n" + ": ".join(f"Work item number {i} is done" for i in range(n)) + "\n")


def foreign_regions(root, n):
    opens = "".join(f"<!-- BEGIN GENERATED PART {i} -->\n\n" for i in range(n))
    claims = "".join(f"`src/f{i}.rs`\n\n" for i in range(n))
    ends = "".join(f"<!-- END GENERATED PART {i} -->\n\n" for i in range(n))
    book(root, PLAIN_SUMMARY, "# T\n\n" + opens + claims + ends)


def pages(root, n, page_of):
    """n pages; page_of(i) gives page i's text."""
    write(root, "book.toml", BOOK_TOML)
    write(root, "readiness.yaml", MANIFEST)
    write(root, "src/SUMMARY.md", "# Summary\n\n" + "".join(f"- [P{i}](p{i}.md)\n" for i in range(n)))
    for i in range(n):
        write(root, f"src/p{i}.md", page_of(i))


def self_includes(root, n):
    # Each page includes itself twice: 2^10 expansions each without a budget.
    pages(root, n, lambda i: f"# P{i}\n\n{{{{#include p{i}.md}}}}\n{{{{#include p{i}.md}}}}\n")


def missing_includes_one_line(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + " ".join(f"{{{{#include nope{i}.rs}}}}" for i in range(n)) + "\n")


def big_includes(root, n):
    write(root, "src/big.txt", ("x" * 1023 + "\n") * 64)
    book(root, PLAIN_SUMMARY, "# T\n\n" + "{{#include big.txt}}\n" * n)


def preprocessor_chain(root, n):
    toml = BOOK_TOML + "".join(
        f'\n[preprocessor.p{i}]\ncommand = "true"\nafter = ["{"links" if i == 0 else f"p{i - 1}"}"]\n'
        for i in range(n))
    book(root, PLAIN_SUMMARY, "# T\n")
    write(root, "book.toml", toml)


def anchors_one_page(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + "".join(f"## H{i}\n\n[x](#h{i})\n\n" for i in range(n)))


def icons_one_line(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + " ".join('<i class="fa fa-x"></i>' for _ in range(n)) + "\n")


def distinct_terms(root, n):
    book(root, PLAIN_SUMMARY, "# T\n\n" + " ".join(f"w{i:x}q" for i in range(n)) + "\n")


FAMILIES = [
    # (name, generator, N, command). `check --format short` measures parsing,
    # rules and findings; the human format adds source excerpts (the report).
    ("broken links, one line", links_one_line, 2_500, ["check", "--format", "short"]),
    ("broken links, one line (human report)", links_one_line, 2_500, ["check"]),
    ("broken links, one per paragraph (check)", links_one_per_paragraph, 5_000, ["check", "--format", "short"]),
    ("broken links, one per paragraph (build)", links_one_per_paragraph, 5_000, ["build", "-d", "site"]),
    ("as-of dates, one line", dates_one_line, 4_000, ["check", "--format", "short"]),
    ("as-of dates, one line (human report)", dates_one_line, 4_000, ["check"]),
    ("missing SUMMARY entries", summary_missing, 10_000, ["check", "--format", "short"]),
    ("missing SUMMARY entries (human report)", summary_missing, 10_000, ["check"]),
    ("item statuses, one line", item_statuses_one_line, 2_500, ["check", "--format", "short"]),
    ("titled statuses, one line", titled_statuses_one_line, 2_500, ["check", "--format", "short"]),
    ("another tool's regions, nested", foreign_regions, 5_000, ["check", "--format", "short"]),
    # Issue 26: every input has a budget.
    ("pages including themselves twice", self_includes, 50, ["check", "--format", "short"]),
    ("missing includes, one line", missing_includes_one_line, 2_500, ["check", "--format", "short"]),
    ("includes of a 64 KiB file", big_includes, 200, ["check", "--format", "short"]),
    ("preprocessors chained by `after`", preprocessor_chain, 1_000, ["check", "--format", "short"]),
    ("distinct search terms (build)", distinct_terms, 50_000, ["build", "-d", "site"]),
    ("Font Awesome icons, one line (build)", icons_one_line, 20_000, ["build", "-d", "site"]),
    ("headings and fragment links to them, one page", anchors_one_page, 20_000, ["check", "--format", "short"]),
]


def run(docket, root, args):
    start = time.perf_counter()
    p = subprocess.run([docket] + args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"docket {' '.join(args)} exited {p.returncode}: {p.stderr.decode()[:500]}")
    return wall, len(p.stdout) + len(p.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every N")
    ap.add_argument("--docket", default=os.path.join(REPO, "target", "release", "docket"))
    ap.add_argument("--fail-ratio", type=float, default=8.0)
    ap.add_argument("--only", default="", help="run only families whose name contains this")
    a = ap.parse_args()
    if not os.path.exists(a.docket):
        sys.exit(f"{a.docket} missing; run `cargo build --release` first")
    print("| family | N | time N | time 4N | time ratio | output N | output 4N | output ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    worst = 0.0
    for name, gen, n, args in FAMILIES:
        if a.only not in name:
            continue
        n = max(1, int(n * a.scale))
        res = []
        for size in (n, 4 * n):
            with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as d:
                gen(d, size)
                res.append(run(a.docket, d, args))
        (t1, o1), (t4, o4) = res
        # Below 50 ms, start-up dominates and the ratio says nothing.
        tr = t4 / max(t1, 0.05)
        orat = o4 / max(o1, 1)
        worst = max(worst, tr, orat)
        print(f"| {name} | {n:,} | {t1:.2f} s | {t4:.2f} s | {tr:.1f} | {o1:,} B | {o4:,} B | {orat:.1f} |")
    sys.exit(1 if worst > a.fail_ratio else 0)


if __name__ == "__main__":
    main()

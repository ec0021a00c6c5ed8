#!/usr/bin/env python3
"""Deterministic synthetic books for docket's benchmarks.

    python3 bench/gen.py OUT PAGES

writes OUT/docket (book.toml with a manifest and facts, src/, schemas/, a fake
compiler source tree) and OUT/mdbook (the same src/ with a plain book.toml), so
docket and mdBook build the same Markdown. The same PAGES gives the same bytes.
"""
import os
import random
import shutil
import sys

WORDS = ("compiler runtime profile define gate release crate cargo haxe rust target output "
         "portable idiomatic rusty string nullable array closure trait module build check "
         "snapshot harness parity stdlib interop extern metadata workflow closeout tracker").split()
DEFINES = [f"bench_define_{i:03}" for i in range(60)]


def para(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def page(rng, i, pages):
    out = [f"# Page {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}", ""]
    for s in range(4):
        out += [f"## Section {s} {rng.choice(WORDS)}", ""]
        out.append(para(rng, 60))
        out.append("")
        target = rng.randrange(pages)
        d = rng.choice(DEFINES)
        out.append(f"See [page {target}](page-{target:05}.md#section-{rng.randrange(4)}-{'{w}'}) "
                   f"and set `-D {d}=<value>` or `{d}`; run `npm run build` first.")
        out[-1] = out[-1].replace("{w}", "x")  # fragment fixed below
        out.append("")
        if s == 1:
            out += ["| Column | Value | Status |", "| --- | --- | --- |"]
            for r in range(4):
                out.append(f"| {rng.choice(WORDS)} | {rng.randrange(1000)} | closed |")
            out.append("")
        if s == 2:
            out += ["```rust", "fn main() {", f'    let x = "{rng.choice(WORDS)}"; // comment', "}", "```", ""]
    if i % 50 == 0:
        out += ["<!-- GENERATED:gate-checklist:start -->", "<!-- GENERATED:gate-checklist:end -->", ""]
    return "\n".join(out) + "\n"


def main():
    out, pages = sys.argv[1], int(sys.argv[2])
    rng = random.Random(pages)
    root = os.path.join(out, "docket")
    if os.path.exists(out):
        shutil.rmtree(out)
    src = os.path.join(root, "src")
    os.makedirs(src)
    titles = []
    headings = {}
    texts = []
    for i in range(pages):
        text = page(rng, i, pages)
        texts.append(text)
    # Fix fragments to real headings: section-N-<word> of the target page.
    fixed = []
    for i, text in enumerate(texts):
        lines = []
        for line in text.split("\n"):
            if "[page " in line and "#section-" in line:
                target = int(line.split("(page-")[1][:5])
                sec = int(line.split("#section-")[1].split("-")[0])
                heading = [l for l in texts[target].split("\n") if l.startswith(f"## Section {sec} ")][0]
                slug = heading[3:].lower().replace(" ", "-")
                line = line.replace(f"#section-{sec}-x)", f"#{slug})")
            lines.append(line)
        fixed.append("\n".join(lines))
    for i, text in enumerate(fixed):
        with open(os.path.join(src, f"page-{i:05}.md"), "w") as f:
            f.write(text)
    with open(os.path.join(src, "SUMMARY.md"), "w") as f:
        f.write("# Summary\n\n")
        for i in range(pages):
            f.write(f"- [Page {i}](page-{i:05}.md)\n")
    os.makedirs(os.path.join(root, "schemas"))
    with open(os.path.join(root, "schemas", "readiness.yaml"), "w") as f:
        f.write("version: 1\nproject:\n  name: bench\n  define-prefixes: [bench_]\n")
        f.write("release:\n  line: \"1.0\"\n  posture: pre-release\n  as-of: 2026-01-01\n")
        f.write("  gate:\n    id: gate\n    title: Bench gate\n    state: open\n    checks: { total: 10, closed: 4 }\n")
        f.write("    criteria:\n      - id: one\n        summary: One thing.\n        status: met\n")
        f.write("defines:\n")
        for d in DEFINES:
            f.write(f"  - name: {d}\n    value: <value>\n    category: bench\n    summary: A benchmark define.\n")
        f.write("commands:\n  - run: npm run build\n    summary: Build.\n")
    comp = os.path.join(root, "compiler")
    os.makedirs(comp)
    for j in range(max(1, pages // 20)):
        with open(os.path.join(comp, f"Mod{j:04}.hx"), "w") as f:
            f.write("class M {\n")
            for k in range(10):
                f.write(f'  static function f{k}() return Context.defined("{DEFINES[(j * 10 + k) % len(DEFINES)]}");\n')
            f.write("}\n")
    with open(os.path.join(root, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Bench"\n\n[preprocessor.docket]\nmanifest = "schemas/readiness.yaml"\n\n'
                '[preprocessor.docket.facts.defines]\nsources = ["compiler"]\nglobs = ["*.hx"]\n')
    md = os.path.join(out, "mdbook")
    shutil.copytree(src, os.path.join(md, "src"))
    with open(os.path.join(md, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Bench"\n')


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""docket's benchmark harness. See bench/README.md.

    python3 bench/run.py [--sizes 100,1000,10000] [--runs 5] [--mdbook-max 10000] [--out bench/results.md]

mdBook builds each book up to --mdbook-max; above 1,000 pages it is run once
per sitting (10,000 pages take it minutes).

Generates synthetic books (bench/gen.py), then times, as medians of --runs runs
in this one sitting: `docket build`, `docket check`, `docket sync --check`, a
raw pulldown-cmark parse+HTML baseline (examples/parse_baseline.rs) and
`mdbook build` of the same Markdown. Wall time, CPU time (user+sys) and peak
memory come from wait4(2). It also measures an incremental `docket serve`
rebuild after a one-page edit of the 1,000-page book.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DOCKET = os.path.join(REPO, "target", "release", "docket")
BASELINE = os.path.join(REPO, "target", "release", "examples", "parse_baseline")


def mdbook_bin():
    local = os.path.join(REPO, "target", "tools", "bin", "mdbook")
    return local if os.path.exists(local) else "mdbook"


TIME = "/usr/bin/time"


def measure(cmd, cwd, wrap=True):
    """(wall s, cpu s, peak RSS MiB) of one run (peak memory only when `wrap`).

    Peak memory comes from GNU time's %M for the command itself: the rusage
    this harness gets from wait4 would count the memory of this Python process,
    which a child has until it execs (Linux keeps that high-water mark).
    """
    with tempfile.NamedTemporaryFile("r") as peak:
        run = [TIME, "-f", "%M", "-o", peak.name] + cmd if wrap and os.path.exists(TIME) else cmd
        start = time.perf_counter()
        p = subprocess.Popen(run, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        text = peak.read().strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} in {cwd} exited {code}")
    rss = int(text[-1]) / 1024.0 if text and text[-1].isdigit() else usage.ru_maxrss / 1024.0
    return wall, usage.ru_utime + usage.ru_stime, rss


def median_of(cmd, cwd, runs):
    """Medians of `runs` plain runs for time; peak memory from one run under
    GNU time (whose own fork and exec would add a millisecond to every time)."""
    first = measure(cmd, cwd, wrap=True)
    if first[0] > 5 or runs <= 1:
        # A run of minutes (mdBook on 10,000 pages): the wrapper's cost is noise.
        samples = [first] + [measure(cmd, cwd, wrap=False) for _ in range(runs - 1)]
    else:
        samples = [measure(cmd, cwd, wrap=False) for _ in range(runs)]
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    return wall, cpu, first[2]


def incremental(root):
    """(full build s, incremental rebuild s) through `docket serve`."""
    p = subprocess.Popen([DOCKET, "serve", "--port", "0", "-d", "served"], cwd=root,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first, addr = None, None
    for line in p.stdout:
        m = re.search(r"rebuilt in ([\d.]+) ms", line)
        if m and first is None:
            first = float(m.group(1)) / 1000.0
        m = re.search(r"at http://([^/]+)/", line)
        if m:
            addr = m.group(1)
            break
    page = os.path.join(root, "src", "page-00007.md")
    times = []
    for i in range(5):
        with open(page, "a") as f:
            f.write(f"\nAn edit, number {i}.\n")
        for line in p.stdout:
            m = re.search(r"rebuilt in ([\d.]+) ms", line)
            if m:
                times.append(float(m.group(1)) / 1000.0)
                break
    p.kill()
    p.wait()
    return first, statistics.median(times)


def machine():
    """One line naming the machine: CPU model, cores, memory, kernel, and the commit measured."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1048576:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip() or "unknown commit"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return (f"{model}, {os.cpu_count()} cores{mem}, Linux {os.uname().release}; "
            f"docket {commit}{' with uncommitted changes' if dirty else ''}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mdbook-max", type=int, default=10000, help="largest book mdbook builds (10,000 pages take minutes)")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    ap.add_argument("--workdir", default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
                    help="where books are generated and built (default: tmpfs when there is one; see README)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--examples", "--bins", "--quiet"], cwd=REPO, check=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    work = tempfile.mkdtemp(prefix="docket-bench-", dir=args.workdir)
    for n in sizes:
        out = os.path.join(work, f"b{n}")
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), out, str(n)], check=True)
        root = os.path.join(out, "docket")
        runs = args.runs if n < 10000 else max(1, (args.runs + 1) // 2)
        r = {"pages": n}
        r["baseline"] = median_of([BASELINE, "src"], root, runs)
        r["build"] = median_of([DOCKET, "build", "-d", "site"], root, runs)
        r["check"] = median_of([DOCKET, "check", "--format", "short"], root, runs)
        r["sync"] = median_of([DOCKET, "sync", "--check"], root, runs)
        if n <= args.mdbook_max:
            md_runs = runs if n <= 1000 else 1
            r["mdbook"] = median_of([mdbook_bin(), "build"], os.path.join(out, "mdbook"), md_runs)
        shards = os.path.join(root, "site", "search")
        r["index_kb"] = (os.path.getsize(os.path.join(root, "site", "search-index.js"))
                         + sum(os.path.getsize(os.path.join(shards, f)) for f in os.listdir(shards))) / 1024.0
        r["src_mb"] = sum(os.path.getsize(os.path.join(root, "src", f)) for f in os.listdir(os.path.join(root, "src"))) / 1048576.0
        if n == 1000:
            r["serve"] = incremental(root)
            r["serve_build"] = r["build"][0]
        rows.append(r)
        print(r, flush=True)

    # CPU (user + system) is steadier than wall on a shared machine: the
    # ratios to the baseline are given for both.
    lines = [f"Machine: {machine()}. Books on {args.workdir or 'the default temporary folder'}; "
             f"medians of {args.runs} runs (10,000 pages: {max(1, (args.runs + 1) // 2)}; mdBook above 1,000 pages: 1).",
             "",
             "| pages | Markdown | baseline wall / CPU | build wall / CPU / peak | check wall / CPU | sync --check wall | mdbook wall / peak | build vs mdbook (wall) | build vs baseline (wall / CPU) | check vs baseline (wall / CPU) | memory vs mdbook | search index |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        b, c, s, base = r["build"], r["check"], r["sync"], r["baseline"]
        md = r.get("mdbook")
        lines.append(
            f"| {r['pages']:,} | {r['src_mb']:.1f} MB | {base[0]*1000:.0f} ms / {base[1]*1000:.0f} ms "
            f"| {b[0]*1000:.0f} ms / {b[1]*1000:.0f} ms / {b[2]:.0f} MiB "
            f"| {c[0]*1000:.0f} ms / {c[1]*1000:.0f} ms | {s[0]*1000:.0f} ms | "
            + (f"{md[0]:.2f} s / {md[2]:.0f} MiB | {md[0]/b[0]:.0f}× | " if md else "not run | – | ")
            + f"{b[0]/base[0]:.1f}× / {b[1]/base[1]:.1f}× | {c[0]/base[0]:.1f}× / {c[1]/base[1]:.1f}× | "
            + (f"{b[2]/md[2]:.2f} | " if md else "– | ")
            + f"{r['index_kb']:.0f} KiB |")
    serve = [r["serve"] for r in rows if "serve" in r]
    if serve:
        full, inc = serve[0]
        build = [r["serve_build"] for r in rows if "serve_build" in r][0]
        lines.append("")
        lines.append(f"Incremental `docket serve` rebuild after a one-page edit of the 1,000-page book "
                     f"(median of 5 edits): {inc*1000:.1f} ms, against {full*1000:.1f} ms for serve's own full "
                     f"first build ({full/inc:.1f}× faster) and {build*1000:.1f} ms for `docket build` "
                     f"({build/inc:.1f}× faster).")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()

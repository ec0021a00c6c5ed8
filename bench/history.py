#!/usr/bin/env python3
"""The Git history pass on a generated repository. See bench/README.md.

    python3 bench/history.py DOCKET [--commits 10000] [--runs 5]

Writes a repository of COMMITS commits with `git fast-import` on tmpfs (each
commit adds or edits a file in one of 100 folders; every 10th renames a file,
every 7th deletes one), puts a small book in its work tree whose page names a
deleted and a renamed path, and runs `DOCKET_TIMINGS=1 DOCKET check` on it:
prints the median of the `history` phase (the one `git log` pass and its
parse) and of the whole check, and the same check with `history = false`.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def stream(commits):
    """A fast-import stream: deterministic, linear history on refs/heads/main."""
    out = []
    live = []
    renamed = deleted = None
    for i in range(1, commits + 1):
        ts = 1767225600 + i * 60
        msg = f"commit {i}".encode()
        ops = []
        path = f"d{i % 100:02}/f{i}.txt"
        body = f"file {i}\n".encode()
        ops.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(body), body))
        live.append(path)
        if i % 10 == 0 and len(live) > 2:
            old = live.pop(0)
            new = old.replace(".txt", ".moved.txt")
            ops.append(b"R %s %s\n" % (old.encode(), new.encode()))
            live.append(new)
            renamed = renamed or old
        if i % 7 == 0 and len(live) > 2:
            gone = live.pop(1)
            ops.append(b"D %s\n" % gone.encode())
            deleted = deleted or gone
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer Bench <bench@example.com> %d +0000\n" % ts)
        out.append(b"data %d\n%s\n" % (len(msg), msg))
        out.extend(ops)
        out.append(b"\n")
    return b"".join(out), renamed, deleted


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docket")
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workdir", default="/dev/shm")
    a = ap.parse_args()
    docket = os.path.abspath(a.docket)
    repo = os.path.join(a.workdir, f"docket-history-{a.commits}")
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    git = lambda *args, **kw: subprocess.run(["git", *args], cwd=repo, env=env, check=True, **kw)
    git("init", "-q")
    data, renamed, deleted = stream(a.commits)
    start = time.perf_counter()
    git("fast-import", "--quiet", input=data)
    git("reset", "-q", "--hard", "main")
    print(f"repository: {a.commits} commits written in {time.perf_counter() - start:.1f} s")
    os.makedirs(os.path.join(repo, "src"))
    with open(os.path.join(repo, "src", "SUMMARY.md"), "w") as f:
        f.write("# Summary\n\n- [Index](index.md)\n")
    with open(os.path.join(repo, "src", "index.md"), "w") as f:
        f.write(f"# Index\n\nRun `{deleted}` and `{renamed}`.\n")

    def run(history):
        with open(os.path.join(repo, "book.toml"), "w") as f:
            f.write("[book]\nsrc = \"src\"\n\n[preprocessor.docket.facts]\nfiles = true\n")
            f.write(f"history = {'true' if history else 'false'}\n")
        phase, wall = [], []
        for _ in range(a.runs + 1):
            start = time.perf_counter()
            r = subprocess.run([docket, "check", "--format", "json"], cwd=repo,
                               env=dict(os.environ, DOCKET_TIMINGS="1"), capture_output=True, text=True)
            wall.append((time.perf_counter() - start) * 1000)
            if r.returncode not in (0, 1):
                sys.exit(f"check exited {r.returncode}: {r.stderr[-500:]}")
            m = re.search(r"docket: history: ([0-9.]+) ms", r.stderr)
            phase.append(float(m.group(1)) if m else 0.0)
        # The first run warms the page cache.
        return statistics.median(phase[1:]), statistics.median(wall[1:]), r.stdout

    h, w, out = run(True)
    print(f"history on:  history pass {h:7.1f} ms, check {w:7.1f} ms")
    for f in json.loads(out)["findings"]:
        print(f"  {f['rule']}: {f['message']} ({f.get('truth')})")
    _, w_off, _ = run(False)
    print(f"history off: check {w_off:7.1f} ms")
    git_log = []
    for _ in range(a.runs):
        start = time.perf_counter()
        git("log", "-z", "-M", "--name-status", "--diff-filter=DR", "--format=%x01%H%x00%cs%x00%s",
            stdout=subprocess.DEVNULL)
        git_log.append((time.perf_counter() - start) * 1000)
    print(f"git log alone: {statistics.median(git_log):7.1f} ms")
    shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Two docket binaries on one generated book, interleaved. See bench/README.md.

    python3 bench/compare.py OLD NEW [--pages 1000] [--runs 15]

Generates a book with bench/gen.py on tmpfs, then runs `build -d site-out` and
`check --format short` with OLD and NEW in turn (one warm-up each), and prints
the median wall and CPU (user + system) times and their ratios. Interleaving makes the two share
whatever else the machine is doing, so the ratio holds where absolute times
would not.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--workdir", default="/dev/shm")
    a = ap.parse_args()
    old, new = os.path.abspath(a.old), os.path.abspath(a.new)
    work = os.path.join(a.workdir, f"docket-compare-{a.pages}")
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), work, str(a.pages)], check=True)
    book = os.path.join(work, "docket")

    def wall(binary, args):
        """(wall s, CPU s) of one run; CPU from wait4, steadier on a shared machine."""
        start = time.perf_counter()
        p = subprocess.Popen([binary] + args, cwd=book, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        took = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{binary} {' '.join(args)} exited {code}")
        return took, usage.ru_utime + usage.ru_stime

    for args in (["build", "-d", "site-out"], ["check", "--format", "short"]):
        for b in (old, new):
            wall(b, args)
        times = {old: [], new: []}
        for _ in range(a.runs):
            for b in (old, new):
                times[b].append(wall(b, args))
        mo, mn = (statistics.median(t[0] for t in times[b]) * 1000 for b in (old, new))
        co, cn = (statistics.median(t[1] for t in times[b]) * 1000 for b in (old, new))
        print(f"{args[0]:6} wall old {mo:7.1f} ms  new {mn:7.1f} ms  ratio {mn / mo:5.3f}   "
              f"CPU old {co:7.1f} ms  new {cn:7.1f} ms  ratio {cn / co:5.3f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

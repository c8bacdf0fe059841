"""Speed and memory of ``edureports extract``, in one run: ``extract()`` against the regex floor, then the
CLI end to end on N seed copies with W workers against the regex floor over the same files.

    PYTHONPATH=lib .venv/bin/python benchmarks/scale.py [--sizes 500 2000] [--workers 1 2] [--runs 3]

For each size a folder of N copies of the seed reports is generated (each copy made different by one
appended line, so none is a duplicate). The *regex floor* reads every file and runs one compiled regex for
digit runs over it (the cheapest thing that could be called "finding numbers in these files"); it is
timed three times before the CLI runs of a size and three times after them, and the fastest counts (the
machine's speed drifts: a floor timed in a slow moment would flatter the ratios). Each CLI
run is a fresh process (``--force``, into a new ``--out``); its wall time gives files/s and chars/s, the
ratio to the regex floor over the same files, and the peak memory: the parent's own high-water mark
(VmHWM) and the peak of the sum of resident memory over the parent and its workers, sampled every 0.1 s
from /proc (Linux). ``extract()`` alone is measured first (as ``benchmarks/throughput.py`` does).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from throughput import BASELINE, rate  # noqa: E402  (the same floor and the same best-of-N rate)


def make_corpus(folder: Path, n: int) -> int:
    """``n`` files cycling through the seeds, each with a line of its own; returns the characters."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    folder.mkdir(parents=True)
    chars = 0
    for i in range(n):
        text = seeds[i % len(seeds)] + f"\n第{i}份。\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def regex_floor(folder: Path) -> float:
    """Seconds to read (decode) every file and scan it with the baseline regex."""
    start = time.perf_counter()
    for f in sorted(folder.iterdir()):
        BASELINE.findall(f.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_cli(folder: Path, out: Path, workers: int) -> tuple[float, int, int, int, float]:
    """Wall seconds, exit status, parent's peak RSS (kB), peak summed RSS of the process tree (kB), and
    the CPU seconds (user + system) of the run and of the workers it waited for (``os.wait4``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    cmd = [sys.executable, "-m", "edureports.cli", "extract", str(folder), "--out", str(out),
           "--workers", str(workers), "--force"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent_peak = tree_peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        parent_peak = max(parent_peak, _status_kb(proc.pid, "VmHWM"))
        tree_peak = max(tree_peak, sum(_status_kb(p, "VmRSS") for p in _tree(proc.pid)))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, proc.returncode, parent_peak, tree_peak, usage.ru_utime + usage.ru_stime


def extract_vs_floor(repeat: int) -> None:
    """``extract()`` over the seed texts against the regex scan of the same texts, in this process."""
    import edureports
    from edureports.indicators import clear_cache
    from edureports.pipeline import extract

    texts = [edureports.read_report(f).source for f in sorted((ROOT / "seeds").glob("*.txt"))]
    extract(texts[0])  # warm up: OpenCC and the vocabularies load once

    full = rate(extract, texts, repeat, reset=clear_cache)  # each pass as if the texts were new
    cpu = rate(extract, texts, repeat, reset=clear_cache, clock=time.process_time)
    floor = rate(BASELINE.findall, texts, repeat)
    print(f"extract(): {full:,.0f} chars/s (CPU time: {cpu:,.0f}); regex floor: {floor:,.0f} chars/s; "
          f"ratio {floor / full:,.0f}x ({len(texts)} seed texts, best of {repeat} passes)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=10, help="passes of the extract() measurement (the best counts)")
    parser.add_argument("--runs", type=int, default=1,
                        help="CLI runs of each size and worker count, one after another: the fastest is "
                             "reported, with the range of all; peak memory is the highest of them")
    args = parser.parse_args()
    extract_vs_floor(args.repeat)
    print("| files | workers | wall s | files/s | chars/s | regex floor s | × floor | CPU s | peak RSS parent MB "
          "| peak RSS all MB | wall s of all runs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="edureports-bench-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"in{n}"
            chars = make_corpus(folder, n)
            floors = [regex_floor(folder) for _ in range(3)]
            results = {}
            for w in args.workers:
                results[w] = [run_cli(folder, Path(tmp) / f"out{n}_{w}_{r}", w) for r in range(args.runs)]
            floors += [regex_floor(folder) for _ in range(3)]  # before and after: the fastest counts
            floor = min(floors)
            for w, runs in results.items():
                assert all(r[1] == 0 for r in runs), f"extract exited {[r[1] for r in runs]}"
                walls = sorted(r[0] for r in runs)
                wall, parent, tree = walls[0], max(r[2] for r in runs), max(r[3] for r in runs)
                cpu = min(runs)[4]  # of the fastest run
                print(f"| {n} | {w} | {wall:.1f} | {n / wall:.1f} | {chars / wall:,.0f} | {floor:.3f} "
                      f"| {wall / floor:,.1f} | {cpu:.1f} | {parent / 1024:.0f} | {tree / 1024:.0f} "
                      f"| {', '.join(f'{x:.1f}' for x in walls)} |", flush=True)


if __name__ == "__main__":
    main()

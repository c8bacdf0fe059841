"""``edureports.extract`` against jionlp's money-only extractor on the same texts, in the same moments.

    .venv/bin/python -m pip install --target /tmp/jio jionlp==1.5.31   # not a dependency: once, elsewhere
    .venv/bin/python benchmarks/vs_jionlp.py --path /tmp/jio [--rounds N] [FILES...]

Issue #14 asks for ``extract()`` to be at least as fast as jionlp's ``ner.extract_money`` (which finds
money amounts only) while doing everything. This machine's speed drifts by half from minute to minute,
so the two are timed in alternation, a pass of each per round, in CPU time: the ratio of the fastest
passes, and the median of the rounds' ratios, hold whatever the machine is doing. ``--path`` is put at
the end of ``sys.path``, so that the packages of this environment win over the copies installed with
jionlp there.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--path", type=Path, help="a folder jionlp is installed in (pip install --target)")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if args.path:
        sys.path.append(str(args.path))
    try:
        import jionlp
    except ImportError:
        sys.exit("jionlp is not importable: install it with pip install --target DIR jionlp==1.5.31, then --path DIR")
    from edureports.indicators import clear_cache
    from edureports.load import read_report
    from edureports.pipeline import extract

    files = args.files or sorted((ROOT / "seeds").glob("*.txt"))
    texts = [read_report(f).source for f in files]
    chars = sum(map(len, texts))
    for text in texts:  # warm up both
        extract(text)
        jionlp.ner.extract_money(text)
    best = {"extract": float("inf"), "jionlp": float("inf")}
    ratios = []
    for _ in range(args.rounds):
        clear_cache()  # each pass as if the texts were new (as in throughput.py)
        start = time.process_time()
        for text in texts:
            extract(text)
        ours = time.process_time() - start
        start = time.process_time()
        for text in texts:
            jionlp.ner.extract_money(text)
        theirs = time.process_time() - start
        best["extract"], best["jionlp"] = min(best["extract"], ours), min(best["jionlp"], theirs)
        ratios.append(theirs / ours)
    ratios.sort()
    print(f"{len(files)} file(s), {chars} characters, jionlp {jionlp.__version__}, {args.rounds} rounds (CPU time)")
    for name, seconds in best.items():
        print(f"{name:8s} {chars / seconds:>12,.0f} chars/s (fastest pass {seconds * 1000:.1f} ms)")
    print(f"extract() runs at {best['jionlp'] / best['extract']:.2f}x jionlp's speed "
          f"(fastest passes; median round {ratios[len(ratios) // 2]:.2f}x)")


if __name__ == "__main__":
    main()

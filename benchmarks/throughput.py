"""Throughput of ``edureports.extract`` against a plain regex scan of the same text, in one run.

    .venv/bin/python benchmarks/throughput.py [--repeat N] [FILES...]

The baseline is the cheapest thing that could be called "finding numbers": one compiled regex for digit
runs with an optional magnitude and unit character. The ratio says what the full pipeline (normalise,
offset map, quantities, context) costs on top of that.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import edureports
from edureports.indicators import clear_cache
from edureports.pipeline import extract

BASELINE = re.compile(r"\d+(?:\.\d+)?[万亿千]?[元人所个项%]?")


def rate(fn, texts: list[str], repeat: int, reset=None, clock=time.perf_counter) -> float:
    """Characters per second of the fastest of ``repeat`` passes (other jobs only slow a pass down);
    ``reset`` is called before each pass (outside the timing); ``clock``: wall time, or
    ``time.process_time`` for this process's CPU time."""
    best = float("inf")
    for _ in range(repeat):
        if reset is not None:
            reset()
        start = clock()
        for text in texts:
            fn(text)
        best = min(best, clock() - start)
    return sum(map(len, texts)) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = args.files or sorted(edureports.SEEDS.glob("*.txt"))
    texts = [edureports.read_report(f).source for f in files]
    extract(texts[0])  # warm up: OpenCC and the vocabularies load once
    full = rate(extract, texts, args.repeat, reset=clear_cache)  # each pass as if the texts were new
    regex = rate(BASELINE.findall, texts, args.repeat)
    print(f"{len(files)} file(s), {sum(map(len, texts))} characters, best of {args.repeat} passes")
    print(f"extract:    {full:>14,.0f} chars/s")
    print(f"regex scan: {regex:>14,.0f} chars/s")
    print(f"ratio:      {regex / full:>14,.1f}x slower than the regex scan")


if __name__ == "__main__":
    main()

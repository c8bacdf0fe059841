"""Instructions ``edureports.extract`` executes per pass over the seeds, counted by valgrind's callgrind.

    .venv/bin/python benchmarks/instructions.py [--passes N] [--lib DIR] [FILES...]

Seconds on a shared machine drift by half from minute to minute; instruction counts do not: callgrind
counts the instructions a program executes, whatever else the machine is doing, so the same code and
input give the same count (``PYTHONHASHSEED`` is fixed, so that sets and dicts are laid out the same way
every time). Two versions of the code are compared by running this once for each (``--lib`` names the
folder to import ``edureports`` from, for instance a ``git worktree`` of another commit).

Each count runs the same process twice, with 0 and with N passes after the warm-up (imports, the first
extraction), so that what is left is N passes: ``(count(N) - count(0)) / N``. A pass extracts each text
once, after ``indicators.clear_cache()`` (as in ``throughput.py``). Under callgrind Python runs about 50×
slower: the two runs take about three minutes in all with the default 5 passes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the program callgrind runs: warm up, then ``passes`` passes over the texts (files named in argv)
PROGRAM = """
import sys
from edureports.indicators import clear_cache
from edureports.load import read_report
from edureports.pipeline import extract
passes, files = int(sys.argv[1]), sys.argv[2:]
texts = [read_report(f).source for f in files]
print(sum(map(len, texts)))
for text in texts:
    extract(text)
for _ in range(passes):
    clear_cache()
    for text in texts:
        extract(text)
"""


def count(passes: int, files: list[Path], lib: Path) -> tuple[int, int]:
    """Instructions of the program with ``passes`` passes after its warm-up, and the texts' characters."""
    if shutil.which("valgrind") is None:
        sys.exit("benchmarks/instructions.py needs valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.out",
                              sys.executable, "-c", PROGRAM, str(passes), *map(str, files)],
                             env={**os.environ, "PYTHONPATH": str(lib), "PYTHONHASHSEED": "0"},
                             capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode or not found:
        sys.exit(f"callgrind failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return int(found.group(1)), int(out.stdout.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--lib", type=Path, default=ROOT / "lib", help="the folder edureports is imported from")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "seeds").glob("*.txt"))
    (warm, chars), (total, _) = count(0, files, args.lib), count(args.passes, files, args.lib)
    per_pass = (total - warm) / args.passes
    print(f"{len(files)} file(s), {chars} characters, edureports from {args.lib}")
    print(f"import and warm-up: {warm:>15,} instructions")
    print(f"one pass:           {per_pass:>15,.0f} instructions ({per_pass / chars:,.0f} per character)")


if __name__ == "__main__":
    main()

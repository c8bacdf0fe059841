"""``edureports report``: build the dataset if missing, run every notebook with papermill in worker
processes, convert each to HTML without code cells, and write an offline ``index.html``."""

from __future__ import annotations

import html
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .dataset import is_dataset
from .paths import DEFAULT_DATASET, NOTEBOOK_DIR, PROJECT_DIR, SEEDS


__all__ = ["run_reports", "build_dataset_dir", "NOTEBOOK_DIR", "PROJECT_DIR"]

DEFAULT_INPUTS = SEEDS

# Static reports need no script; nbconvert's templates load some (mermaid, require.js) from CDNs.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref=[\"']https?://[^>]*>", re.I)


@dataclass
class Outcome:
    name: str
    html: str | None
    error: str | None
    summary: str


def _ipc_kernel_manager():
    """A kernel manager whose kernels talk over IPC (Unix sockets named after the kernel's own
    connection file) instead of TCP ports: jupyter_client picks free TCP ports per process, so two
    report workers starting kernels at once could take the same port (``ZMQError: Address already in
    use``). On Windows, where IPC is not available, the default TCP manager is used."""
    import os
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    if os.name == "nt":
        return AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            # jupyter_client names IPC sockets "<ip>-<n>", taking the first n free in the working
            # directory: a prefix of its own per kernel keeps two kernels apart
            prefix = os.path.join(tempfile.gettempdir(), f"edureports-{uuid.uuid4().hex[:16]}-ipc")
            super().__init__(transport="ipc", ip=prefix, **kwargs)

    return IPCKernelManager


def build_dataset_dir(inputs, dataset_dir: Path) -> Path:
    """Extract ``inputs`` into a dataset folder (tables, manifest, sources)."""
    from .batch import write_dataset

    write_dataset([inputs] if isinstance(inputs, (str, Path)) else inputs, dataset_dir)
    return dataset_dir


def _run_one(notebook: str, name: str, parameters: dict, out_dir: str, attempts: int = 2) -> Outcome:
    """Execute one notebook as report ``name`` (in its own process: papermill changes the working
    directory, so threads would be unsafe); a failed run is retried once before it is reported."""
    for attempt in range(attempts):
        outcome = _run_once(notebook, name, parameters, out_dir)
        if outcome.error is None:
            return outcome
    return outcome


def _run_once(notebook: str, name: str, parameters: dict, out_dir: str) -> Outcome:
    import logging

    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    logging.getLogger("papermill").setLevel(logging.WARNING)
    executed = Path(out_dir) / "executed" / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(notebook, str(executed), parameters=parameters,
                                   cwd=str(Path(notebook).parent), progress_bar=False,
                                   kernel_name="python3", kernel_manager_class=_ipc_kernel_manager())
    except papermill.PapermillExecutionError as exc:
        return Outcome(name, None, f"{name}: cell {exc.exec_count} failed with parameters "
                                   f"{json.dumps(parameters, ensure_ascii=False)}: {exc.ename}: {exc.evalue}", "")
    except Exception as exc:  # a kernel that dies, a missing file: still one failed report
        return Outcome(name, None, f"{name}: could not run with parameters "
                                   f"{json.dumps(parameters, ensure_ascii=False)}: {type(exc).__name__}: {exc}", "")
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    body = _REMOTE_LINK.sub("", _SCRIPT.sub("", body))
    target = Path(out_dir) / f"{name}.html"
    target.write_text(body, encoding="utf-8")
    summary_file = Path(out_dir) / f"{name}.summary.json"
    summary = json.loads(summary_file.read_text(encoding="utf-8"))["summary"] if summary_file.exists() else ""
    return Outcome(name, target.name, None, summary)


def run_reports(out: str | Path, inputs=None, dataset_dir: str | Path | None = None,
                notebooks: list[Path] | None = None, lang: str = "en", workers: int = 2) -> int:
    """Run the report notebooks; return 0 when every report was written, 1 otherwise."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    dataset = Path(dataset_dir).resolve() if dataset_dir else DEFAULT_DATASET
    if inputs is not None or not is_dataset(dataset):
        build_dataset_dir(inputs if inputs is not None else DEFAULT_INPUTS, dataset)
    notebooks = notebooks if notebooks is not None else sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    base = {"dataset_dir": str(dataset), "districts": None, "years": None, "lang": lang,
            "output_dir": str(out)}
    jobs = _jobs(notebooks, base, dataset)
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool:
        futures = [pool.submit(_run_one, str(nb), name, params, str(out)) for nb, name, params in jobs]
        for future in tqdm(futures, desc="reports", unit="notebook", file=sys.stderr):
            outcomes.append(future.result())
    _write_index(out, outcomes)
    for o in outcomes:
        if o.error:
            sys.stderr.write(f"edureports report: {o.error}\n")
    return 1 if any(o.error for o in outcomes) else 0


def _jobs(notebooks: list[Path], base: dict, dataset: Path) -> list[tuple[Path, str, dict]]:
    """One run per notebook; a district-profile notebook runs once per document's area."""
    import pandas as pd

    from .workbook import document_places, report_name

    jobs = []
    for nb in notebooks:
        if "district_profile" in nb.stem:
            places = document_places(pd.read_parquet(dataset / "documents.parquet"))
            jobs += [(nb, report_name(nb.stem, [p]), {**base, "districts": [p]}) for p in places]
        else:
            jobs.append((nb, nb.stem, dict(base)))
    return jobs


def _write_index(out: Path, outcomes: list[Outcome]) -> None:
    items = []
    for o in outcomes:
        if o.error:
            items.append(f'<li class="failed"><b>{html.escape(o.name)}</b>: failed. '
                         f"<code>{html.escape(o.error)}</code></li>")
        else:
            items.append(f'<li><a href="{html.escape(o.html)}">{html.escape(o.name)}</a>: '
                         f"{html.escape(o.summary)}</li>")
    (out / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>edureports</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}.failed{color:#a00}</style>"
        "</head><body><h1>edureports reports</h1><ul>\n" + "\n".join(items) + "\n</ul></body></html>\n",
        encoding="utf-8")

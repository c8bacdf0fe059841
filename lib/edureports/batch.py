"""The batch runner: many inputs -> a dataset folder that never loses a researcher's work.

One path for every scheduler (this process, a local process pool, a Dask cluster):

1. **list**: files as given; folders expanded to every file below them whatever its extension (a hidden
   folder is listed itself, not searched; an empty folder is a warning);
2. **plan** (parent): a ``skipped`` row for what is never a report (a system or editor file such as
   ``.DS_Store``, ``._x.txt``, ``~$x.docx``, anywhere; a hidden file or folder found in a folder); a
   failed row for what cannot be read (unsupported extension, dangling link, no such
   file, over the size limit, unreadable); the sha256 of the rest; a second copy of the same bytes is a
   ``duplicate`` row naming the first; an input finished by an earlier run with the same sha256, path
   and tool fingerprint is reused, not redone (``force`` redoes all);
3. **work** (worker, one file at a time (a pool task carries a few files), inside a guard that turns any exception into a failed record
   with its type and message; a worker that stops abruptly is replaced and the file that stopped it
   is a failed record): load, normalise, figures and checks, a long text in sections (with a task, the
   curated catalogue's rows of its files: a worker works on plain rows and Arrow, never importing
   pandas, and a local pool is forked before the parent imports it); the worker
   writes the figures and checks of a task's documents as one part per table (Arrow IPC files: cheap
   to write and read back; a record names its part and rows) and each source text into the work folder
   ``.<out>.edureports-work`` beside ``out`` and returns a small record (the parent holds no text);
4. **journal** (parent): each record is appended to ``journal.jsonl`` as it arrives, so an interrupted
   run keeps what it finished and the next run resumes;
5. **finish**: the tables are streamed from the parts into a new folder in input order (fixed-size row
   groups), with ``sources/``, ``manifest.csv``, ``errors.log`` (tracebacks) and ``run.json``; that
   folder then replaces ``out`` by renaming. The run id (a hash of the tool fingerprint and the
   manifest) is stored in every table, so a resumed run writes the same bytes as a fresh one and
   :func:`~edureports.dataset.open_dataset` refuses tables from different runs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
import traceback
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generator, Iterable, Iterator

from . import schema
from .errors import DatasetError, ReportError
from .load import FORMATS, unsupported_reason

__all__ = ["iter_inputs", "list_inputs", "skip_reason", "extract_many", "write_dataset", "BatchInterrupted", "RunSummary",
           "DEFAULT_MAX_MB", "SECTION_CHARS", "fingerprint", "sections"]

#: the largest single document read (MB); a .html/.docx/.pdf may be a fifth of it (parsing costs more)
DEFAULT_MAX_MB = 100
#: a text longer than this is processed in sections of about this many characters (bounded memory)
SECTION_CHARS = 200_000
_MARKUP_SHARE = 5
_WINDOW = 4  # tasks in flight per worker
_CHUNK = 8  # most jobs in one pool task
CACHE = ".edureports-cache"
PART = ".arrow"  # a task's part of a table, in the work folder (Arrow IPC file)
_PART_TABLES = ("figures", "checks")
_PART_ROWS = 5_000  # a task's rows of a table are converted and written this many at a time


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: what finished is kept in the work folder; the same command resumes."""

    def __init__(self, finished: int, total: int, work: Path):
        self.finished, self.total, self.work = finished, total, work
        super().__init__(f"interrupted: {finished} of {total} input(s) finished and kept in {work}; "
                         "run the same command again to resume")


@dataclass
class RunSummary:
    """What a run did: the dataset folder, its run id and the count of each status."""

    out: Path
    run_id: str
    processed: int
    failed: int
    duplicates: int
    reused: int
    manifest: "object" = field(repr=False, default=None)  # pandas.DataFrame
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    def table(self, name: str):
        """A table of the dataset written, read back (``documents``, ``figures``, ``checks``)."""
        import pandas as pd

        return pd.read_parquet(self.out / f"{name}.parquet")

    documents = property(lambda self: self.table("documents"), doc="the documents table, read back")
    figures = property(lambda self: self.table("figures"), doc="the figures table, read back")
    checks = property(lambda self: self.table("checks"), doc="the checks table, read back")

    def line(self) -> str:
        """The final line of ``edureports extract``."""
        return (f"{self.processed} processed, {self.failed} failed, {self.duplicates} duplicate(s),"
                f" {self.skipped} skipped ({self.reused} reused from an earlier run) -> {self.out} (run {self.run_id})")


# ------------------------------------------------------------------------------------------ list


def list_inputs(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> tuple[list[Path], list[str]]:
    """Files as given, folders expanded to every file below them whatever its extension (sorted;
    ``exclude`` folders left out), and warnings (an empty folder). Dangling links and hidden files are
    listed (:func:`skip_reason` says why a hidden one is skipped); a hidden folder is listed itself, not
    searched (``.git`` holds no reports)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    skip = {Path(e).absolute() for e in exclude}
    out: list[Path] = []
    warnings: list[str] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        listed: list[Path] = []
        folders: list[Path] = []
        _walk(p, p.absolute(), skip, listed, folders)
        found = sorted(listed)
        full = {p, *(d for f in found for d in f.parents)} if folders else {p}
        empty = sorted(d for d in folders if d not in full)
        warnings += [f"folder {d} holds no files" for d in [p] * (not found) + empty if d.parent not in empty]
        out += found
    return out, warnings


def _walk(folder: Path, absolute: Path, skip: set[Path], listed: list[Path], folders: list[Path]) -> None:
    """Add what is below ``folder`` (``absolute``: the same, absolute) to ``listed`` (files, links,
    hidden folders, which are not searched, and folders that cannot be read: each an input of its own,
    a failed row, never silently left out) and ``folders`` (the folders searched), leaving out the
    ``skip`` folders and what is in them. One ``os.scandir`` per folder: its entries say what they are
    without a ``stat`` each."""
    try:
        with os.scandir(folder) as entries:
            children = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
    except OSError:
        listed.append(folder)
        return
    if any(absolute.is_relative_to(s) for s in skip):
        return  # everything below a skipped folder is skipped (else an entry is skipped by its own name)
    for name, real_folder in children:
        if absolute / name in skip:
            continue
        path = folder / name
        if real_folder and not name.startswith("."):
            folders.append(path)
            _walk(path, absolute / name, skip, listed, folders)
        else:
            listed.append(path)


def iter_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The inputs :func:`list_inputs` finds (without its warnings)."""
    return list_inputs(paths)[0]


# ------------------------------------------------------------------------------------------ plan

def _system_files() -> dict:
    """Files that are never reports, by whole name and by name prefix (``data/system_files.yaml``)."""
    from ._data import load_yaml

    return load_yaml("system_files.yaml")


def skip_reason(path: Path, named: bool = False) -> str | None:
    """Why ``path`` is skipped (a ``skipped`` manifest row, no failure), or None: a system or editor
    file wherever it is; a hidden file or folder (name starting with ".") found in a folder, unless
    ``named`` on the command line.

    >>> skip_reason(Path("reports/._2019总结.txt"))
    'a macOS resource fork (AppleDouble) of another file (._2019总结.txt), not a report'
    >>> skip_reason(Path("reports/.draft.txt")), skip_reason(Path("reports/.draft.txt"), named=True)
    ('a hidden file: not read (give it on the command line to extract it)', None)
    >>> skip_reason(Path("reports/2019总结.txt")) is None
    True
    """
    name = path.name
    system = _system_files()
    what = system["names"].get(name) or next((w for pre, w in system["prefixes"].items() if name.startswith(pre)), None)
    if what:
        return f"{what} ({name}), not a report"
    if name.startswith(".") and not named:
        if path.is_dir() and not path.is_symlink():
            return "a hidden folder: not searched (give it on the command line to extract its files)"
        return "a hidden file: not read (give it on the command line to extract it)"
    return None


@dataclass(frozen=True)
class Job:
    """One file to extract, as sent to a worker (absolute paths, so any worker finds the same files)."""

    path: str  # as the user gave it (the manifest's and documents' path)
    abspath: str
    doc_id: str
    sha256: str
    key: str  # sha256 + path + tool fingerprint: names the parts
    work: str
    section_chars: int = SECTION_CHARS


@functools.lru_cache(maxsize=1)
def _code_hash() -> str:
    """A hash of the package's code and data files: results depend on both."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".yaml", ".csv", ".txt") and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def fingerprint(catalogue) -> str:
    """The tool version, a hash of its code and data, and of the curated catalogue in use (None or
    :class:`~.catalogue.CatalogueRows`)."""
    from . import __version__

    h = hashlib.sha256(f"{__version__}\n{_code_hash()}\n".encode())
    if catalogue is not None:
        h.update(json.dumps(list(catalogue.rows.values()), ensure_ascii=False, sort_keys=True).encode())
    return f"{__version__}+{h.hexdigest()[:16]}"


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _precheck(path: Path, max_bytes: int) -> str | None:
    """Why ``path`` cannot be extracted at all (before reading it), or None."""
    if not os.path.lexists(path):
        return "no such file"
    if path.is_symlink() and not path.exists():
        return f"a dangling symbolic link (its target {os.readlink(path)} does not exist)"
    if path.is_dir() and path.is_symlink():
        return "a link to a folder: links to folders are not followed; give the folder itself"
    if path.is_dir():  # only a folder that could not be read gets here: readable folders are expanded
        return f"a folder that cannot be read, so its files are not listed ({_listing_error(path)})"
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        return unsupported_reason(path)
    size = path.stat().st_size
    limit = max_bytes if fmt == "txt" else max_bytes // _MARKUP_SHARE
    if size > limit:
        return (f"{size / 1e6:.1f} MB is over the limit of {limit / 1e6:.0f} MB for one {fmt} document "
                f"(raise it with --max-mb)")
    return None


def _listing_error(folder: Path) -> str:
    try:
        os.listdir(folder)
    except OSError as exc:
        return f"{type(exc).__name__}: {exc.strerror or exc}"
    return "it could not be listed when the inputs were gathered"


def _plan(inputs: list[Path], fp: str, work: Path, max_bytes: int, cache: dict[str, dict],
          named: frozenset[Path] = frozenset()):
    """For each input in order: ``(row, record_or_None, job_or_None)``; rows decided here carry their
    status, jobs are to be run, records are reused from an earlier run. ``named``: the inputs given
    on the command line (not found in a folder)."""
    first_by_sha: dict[str, str] = {}
    for p in inputs:
        row = {"path": str(p), "doc_id": p.stem, "status": "failed", "reason": "", "n_figures": 0, "sha256": ""}
        skipped = skip_reason(p, named=p in named)
        if skipped:
            yield {**row, "status": "skipped", "reason": skipped}, None, None
            continue
        try:
            problem = _precheck(p, max_bytes)
            row["sha256"] = "" if problem else _sha256(p)
        except OSError as exc:
            problem = f"cannot be read: {exc.strerror or exc}"
        if problem:
            yield {**row, "reason": problem}, None, None
            continue
        sha = row["sha256"]
        if sha in first_by_sha:
            yield {**row, "status": "duplicate", "reason": f"same content as {first_by_sha[sha]}"}, None, None
            continue
        first_by_sha[sha] = str(p)
        key = hashlib.sha256(f"{sha}\n{p.absolute()}\n{p}\n{fp}".encode()).hexdigest()[:24]
        done = cache.get(key)
        if done is not None and _parts_exist(work, done):
            yield row, done, None
        else:
            yield row, None, Job(str(p), str(p.absolute()), p.stem, sha, key, str(work))


# ------------------------------------------------------------------------------------------ work

#: extracted by each new worker before its first file: loads what every extraction needs (the word
#: segmenter's dictionary, the vocabularies, compiled patterns), a third of a second, once per process
_WARM_TEXT = "2020年,北京市海淀区投入教育经费5万元,比上年增长3%,新建学校3所,其中小学2所。"


def _init_worker() -> None:
    """A pool worker: leave Ctrl-C to the parent, which stops the pool itself (a terminal sends SIGINT
    to every process of the group); warm up (:func:`_warm_up`), so that a pool started early
    (:func:`_early_pool`) does this while the parent plans."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for step in (_arrow_without_pandas, _warm_up):  # each on its own: neither keeps the other from running
        try:
            step()
        except Exception:  # noqa: BLE001 - a problem here shows on the first file, inside its guard
            pass


def _arrow_without_pandas() -> None:
    """Have pyarrow take pandas as absent in this process, unless it is loaded already. ``pa.array``
    imports pandas (half a second) the first time it is called, only to recognise pandas objects among
    its arguments; a worker gives it lists of plain values. pyarrow tries that import once: made to
    fail here (by a finder that refuses it, for this one call), it is not tried again (what needs
    pandas itself, ``to_pandas`` say, still imports it)."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    refuse = _RefusePandas()
    sys.meta_path.insert(0, refuse)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(refuse)


class _RefusePandas:
    """A module finder that refuses pandas (see :func:`_arrow_without_pandas`)."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"No module named {name!r} (left unimported in a batch worker)", name=name)
        return None


def _warm_up() -> None:
    """What a job does (:func:`_extract_to_parts`), for :data:`_WARM_TEXT`, without writing: a worker
    uses plain rows and Arrow, never pandas, so a pool forked before the parent imports pandas
    (:func:`write_dataset`) never loads it."""
    from .checks import check_rows
    from .dataset import arrow_rows
    from .documents import document_row
    from .load import Report
    from .normalisation import normalise
    from .pipeline import figure_rows
    from .places.mentions import WordCuts

    norm, cuts = normalise(_WARM_TEXT), WordCuts()
    meta = document_row(Report("warm", "", "txt", None, _WARM_TEXT, "", {}), norm, cuts=cuts)
    figures = figure_rows("warm", _WARM_TEXT, norm, meta, cuts=cuts)
    arrow_rows(figures, "figures")
    arrow_rows(check_rows(figures), "checks")


def run_job(job: Job, catalogue, parts: "TaskParts") -> dict:
    """Extract one file, its rows into ``parts`` (its task's); never raises for a bad file: any exception
    (a reader's, ``RecursionError``, ``MemoryError`` …) is a failed record with its type, message and
    traceback. ``catalogue``: None, a DataFrame or :class:`~.catalogue.CatalogueRows`."""
    try:
        return _extract_to_parts(job, catalogue, parts)
    except ReportError as exc:
        return _failed(job, exc.problem, "")
    except Exception as exc:  # noqa: BLE001 - the guard: one bad file never stops the rest
        return _failed(job, f"{type(exc).__name__}: {exc}", traceback.format_exc())


def run_jobs(jobs: list[Job], catalogue=None) -> list[dict]:
    """:func:`run_job` for each of ``jobs`` in turn (one task): their rows go into one part per table,
    written when the task ends (see :class:`TaskParts`). A pool's task carries the catalogue's rows of
    its own files (:func:`_task_catalogue`)."""
    with TaskParts(Path(jobs[0].work) / "parts", jobs) as parts:
        return [run_job(job, catalogue, parts) for job in jobs]


class TaskParts:
    """The parts of one task: each table's rows of the task's documents, one after another in one Arrow
    IPC file (``<part>.<table>.arrow``, renamed into place when the task ends); a document's record
    names the part and its rows there (``rows``: table -> [first, count]). Rows are converted and
    written every :data:`_PART_ROWS` rows, so a long text's sections do not pile up in memory."""

    def __init__(self, folder: Path, jobs: list[Job]):
        self.folder = folder
        self.name = hashlib.sha256("\n".join(job.key for job in jobs).encode()).hexdigest()[:32]
        self.buffers: dict[str, list[dict]] = {name: [] for name in _PART_TABLES}
        self.written = dict.fromkeys(_PART_TABLES, 0)
        self.writers: dict = {}

    def add(self, name: str, rows: list[dict]) -> None:
        self.buffers[name] += rows
        if len(self.buffers[name]) >= _PART_ROWS:
            self._write(name)

    def count(self, name: str) -> int:
        """Rows added so far to table ``name``."""
        return self.written[name] + len(self.buffers[name])

    def _write(self, name: str) -> None:
        import pyarrow as pa

        from .dataset import arrow_rows

        if not self.buffers[name]:  # a table no document of the task has rows of has no part
            return
        table = arrow_rows(self.buffers[name], name)
        if name not in self.writers:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.writers[name] = pa.ipc.new_file(self.folder / f"{self.name}.{name}{PART}.tmp", table.schema)
        self.writers[name].write_table(table)
        self.written[name] += len(self.buffers[name])
        self.buffers[name] = []

    def __enter__(self) -> "TaskParts":
        return self

    def __exit__(self, kind, *_) -> None:
        """Write what is left and put the files in place (not when the task itself failed)."""
        try:
            if kind is None:
                for name in _PART_TABLES:
                    self._write(name)
        finally:
            for writer in self.writers.values():
                writer.close()
        if kind is None:
            for name in self.writers:
                os.replace(self.folder / f"{self.name}.{name}{PART}.tmp", self.folder / f"{self.name}.{name}{PART}")


def _failed(job: Job, reason: str, trace: str) -> dict:
    return {"key": job.key, "path": job.path, "status": "failed", "reason": reason, "n_figures": 0,
            "traceback": trace}


def sections(text: str, size: int = SECTION_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of a long text, each about ``size`` characters, cut after a line break
    (else a sentence end) so that no sentence is split; a short text is one piece.

    >>> [(o, p) for o, p in sections("一二。\\n三四。\\n五六。", 5)]
    [(0, '一二。\\n'), (4, '三四。\\n'), (8, '五六。')]
    """
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            lo = start + size // 2
            cut = text.rfind("\n", lo, end)
            if cut < 0:
                cut = max(text.rfind(ch, lo, end) for ch in "。！？；!?;")
            end = cut + 1 if cut >= 0 else end
        yield start, text[start:end]
        start = end


def _extract_to_parts(job: Job, catalogue, parts: TaskParts) -> dict:
    from .checks import check_rows
    from .documents import document_row
    from .load import read_report
    from .normalisation import normalise
    from .pipeline import figure_rows
    from .places.mentions import WordCuts

    report = dataclasses.replace(read_report(job.abspath), doc_id=job.doc_id, path=job.path)
    first = {name: parts.count(name) for name in _PART_TABLES}
    meta, n_figures, n_checks, n_sections, too_long = None, 0, 0, 0, []
    cuts = WordCuts()  # the document's segmentations, shared by its place and its figures' districts
    for offset, text in sections(report.source, job.section_chars):
        n_sections += 1
        if offset:  # a long text: one section's segmentations at a time (bounded memory)
            cuts = WordCuts()
        norm = normalise(text)
        if meta is None:  # the document's metadata: from its first section
            meta = document_row(report, norm, catalogue, cuts=cuts)
        section_too_long: list = []
        figs = figure_rows(job.doc_id, text, norm, meta, section_too_long, cuts=cuts)
        too_long += [start + offset for start, _, _ in section_too_long]
        if offset or n_figures:
            _renumber(figs, job.doc_id, offset, n_figures)
        checks = check_rows(figs)  # per document, here in the worker
        n_figures += len(figs)
        n_checks += len(checks)
        parts.add("figures", figs)
        parts.add("checks", checks)
    _write_source(os.path.join(job.work, "sources", f"{job.sha256}.txt"), report.source)
    notes = [meta.get("notes") or ""]
    if report.metadata.get("replaced_bytes"):
        notes.append(f"{report.metadata['replaced_bytes']} undecodable byte(s) replaced with U+FFFD")
    if too_long:
        notes.append(_too_long_note(too_long))
    if n_sections > 1:
        notes.append(f"long text: processed in {n_sections} sections")
    document = {**{k: schema.plain(meta.get(k)) for k in schema.DOCUMENT_COLUMNS},
                "notes": "; ".join(n for n in notes if n), "n_figures": n_figures}
    return {"key": job.key, "path": job.path, "status": "processed", "reason": "", "n_figures": n_figures,
            "n_checks": n_checks, "sha256": job.sha256, "document": document, "part": parts.name,
            "rows": {name: [first[name], parts.count(name) - first[name]] for name in _PART_TABLES}}


def _too_long_note(offsets: list[int], shown: int = 5) -> str:
    """The note for numbers set aside as too long to be figures, with where they start in the source.

    >>> _too_long_note([4, 38])
    '2 number(s) with more than 28 digits ignored (no figure), at source offset 4, 38'
    >>> _too_long_note(list(range(7)))
    '7 number(s) with more than 28 digits ignored (no figure), at source offset 0, 1, 2, 3, 4 …'
    """
    from .quantities import EXACT_DIGITS

    where = ", ".join(map(str, offsets[:shown])) + (" …" if len(offsets) > shown else "")
    return f"{len(offsets)} number(s) with more than {EXACT_DIGITS} digits ignored (no figure), at source offset {where}"


def _renumber(figs: list[dict], doc_id: str, offset: int, first: int) -> None:
    """The figure rows of a section that starts at ``offset`` in the document, after ``first`` figures:
    spans into the whole source, ids numbered on (parent ids of the section's own figures with them)."""
    ids = {}
    for i, row in enumerate(figs, start=first):
        row["start"] += offset
        row["end"] += offset
        ids[row["figure_id"]], row["figure_id"] = f"{doc_id}:{i:04d}", f"{doc_id}:{i:04d}"
    for row in figs:
        if row.get("parent_id") is not None:
            row["parent_id"] = ids.get(row["parent_id"], row["parent_id"])


def _write_source(path: str, text: str) -> None:
    """The document's source copy at ``path``, written to a temporary name and renamed into place (a
    copy is whole or absent); its folder made on the first copy (plain ``os`` calls: one per document)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    data = text.encode("utf-8", "replace")
    try:
        out = open(tmp, "wb")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        out = open(tmp, "wb")
    with out:
        out.write(data)
    os.replace(tmp, path)


def _parts_exist(work: Path, record: dict) -> bool:
    """The record's source copy and its part of each table where it has rows are in ``work``."""
    if "part" not in record:  # a record of an older layout
        return False
    return ((work / "sources" / f"{record['sha256']}.txt").exists()
            and all((work / "parts" / f"{record['part']}.{name}{PART}").exists()
                    for name, (_, count) in record["rows"].items() if count))


# ----------------------------------------------------------------------------------- schedulers


def _execute(jobs: list[Job], catalogue, workers: int, scheduler: str | None,
             pool: ProcessPoolExecutor | None = None) -> Iterator[dict]:
    """Records of ``jobs`` as they finish; ``pool``: a local pool already started for them, or None."""
    if pool is not None and not (workers > 1 and len(jobs) > 1 and not scheduler):
        _stop(pool)  # started before the plan showed there is little to do
        pool = None
    if scheduler and jobs:
        yield from _run_dask(jobs, catalogue, scheduler)
    elif workers > 1 and len(jobs) > 1:
        yield from _run_pool(jobs, catalogue, workers, pool)
    else:
        size = _chunk_size(len(jobs), 1)
        for i in range(0, len(jobs), size):
            yield from run_jobs(jobs[i:i + size], catalogue)


def _task_catalogue(catalogue, jobs: list[Job]):
    """The catalogue's rows of the files of one task (``catalogue``: :class:`~.catalogue.CatalogueRows`)."""
    return None if catalogue is None else catalogue.only(job.doc_id for job in jobs)


def _run_pool(jobs: list[Job], catalogue, workers: int, pool: ProcessPoolExecutor | None = None) -> Iterator[dict]:
    """A local process pool with a bounded window of tasks in flight; records in completion order. A
    task is a few jobs (:func:`_chunk_size`): one round trip to a worker per task, not per file.

    A worker that stops abruptly (killed, out of memory, a crash in a native library) breaks the pool:
    the jobs then in flight are run again one at a time, so the file that stops a worker again is a
    failed record with that reason, and the rest go on in a new pool. ``pool``: one already started
    (:func:`_early_pool`) for the first pass."""
    size = _chunk_size(len(jobs), workers)
    todo = deque(jobs[i:i + size] for i in range(0, len(jobs), size))
    while todo:
        suspects = yield from _pool_pass(todo, catalogue, workers, pool)
        pool = None
        yield from _one_at_a_time(suspects, catalogue)


def _pool_pass(todo: deque, catalogue, workers: int,
               pool: ProcessPoolExecutor | None = None) -> Generator[dict, None, list[Job]]:
    """Run the tasks of ``todo`` in one pool (``pool``, or a new one) until it is empty (returns no
    job) or the pool breaks (returns the jobs of the tasks not finished, ``todo`` keeping those not
    started)."""
    pool = pool or _new_pool(workers)
    pending: dict = {}
    try:
        while True:
            while len(pending) < _WINDOW * workers and todo:
                chunk = todo.popleft()
                pending[pool.submit(run_jobs, chunk, _task_catalogue(catalogue, chunk))] = chunk
            if not pending:
                break
            _warm_validation()  # the workers are forked and busy: the parent's time is free (once: cached)
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    records = future.result()
                except BrokenProcessPool:
                    _stop(pool)
                    return [job for chunk in pending.values() for job in chunk]
                del pending[future]
                yield from records
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return []


def _one_at_a_time(jobs: list[Job], catalogue) -> Iterator[dict]:
    """Each of ``jobs`` alone in a one-worker pool (a new one after a worker stops abruptly)."""
    pool = None
    try:
        for job in jobs:
            pool = pool or _new_pool(1)
            try:
                yield from pool.submit(run_jobs, [job], _task_catalogue(catalogue, [job])).result()
            except BrokenProcessPool:
                _stop(pool)
                pool = None
                yield _failed(job, "the worker process stopped abruptly while extracting this file (killed, out "
                                   "of memory or a crash in a native library), also when it was run alone", "")
    except BaseException:
        if pool is not None:
            _stop(pool)
        raise
    if pool is not None:
        pool.shutdown()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)


def _early_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are started now (a first task, that does nothing, starts them), so that they
    warm up (:func:`_init_worker`, a third of a second each) while this process reads the catalogue and
    plans the run."""
    import pyarrow  # noqa: F401 - the workers write Arrow parts, this process reads them: imported once, here
    pool = _new_pool(workers)
    pool.submit(int)
    return pool


def _chunk_size(n_jobs: int, workers: int) -> int:
    """Jobs per task: up to :data:`_CHUNK` when there are many, so that each worker still gets many
    tasks (an even share at the end of the run) and a finished task is journaled soon.

    >>> _chunk_size(2000, 2), _chunk_size(100, 2), _chunk_size(5, 2)
    (8, 3, 1)
    """
    return max(1, min(_CHUNK, n_jobs // (workers * 16)))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once: cancel what has not started and end this pool's own worker processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


def _run_dask(jobs: list[Job], catalogue, scheduler: str) -> Iterator[dict]:
    """The same function on a Dask cluster (``scheduler``: a distributed scheduler address). Paths
    are absolute; the inputs and ``--out`` must be on a filesystem the workers share."""
    from dask.distributed import Client, as_completed

    with Client(scheduler) as client:
        shared = client.scatter(catalogue, broadcast=True) if catalogue is not None else None
        futures = client.map(run_jobs, [[job] for job in jobs], catalogue=shared, pure=False)
        _warm_validation()
        try:
            for future in as_completed(futures):
                yield from future.result()
        except BaseException:
            client.cancel(futures)
            raise


# -------------------------------------------------------------------------------------- journal


def _read_journal(path: Path) -> dict[str, dict]:
    """Finished records by key (the last of each wins; a line cut short by a crash is ignored)."""
    records: dict[str, dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            records[record["key"]] = record
    return records


def _work_path(out: Path) -> Path:
    """Where the work folder of a run into ``out`` is."""
    return out.parent / f".{out.name}.edureports-work"


def _kept_caches(out: Path) -> tuple[Path, Path]:
    """Where a finished run keeps its cache: in the new folder (a run interrupted between its last two
    renames), else in ``out``."""
    return out.parent / f".{out.name}.edureports-new" / CACHE, out / CACHE


def _kept_work(out: Path) -> Path | None:
    """The folder :func:`_work_dir` will make the work folder (without ``force``), where one is kept."""
    return next((folder for folder in (_work_path(out), *_kept_caches(out)) if folder.is_dir()), None)


def _work_dir(out: Path, force: bool) -> Path:
    """The work folder beside ``out``: an interrupted run's, else the cache a finished run left in
    ``out``, else a new one (``force``: always a new one)."""
    work = _work_path(out)
    if force and work.exists():
        shutil.rmtree(work)
    for cache in _kept_caches(out):
        if not work.exists() and not force and cache.is_dir():
            os.replace(cache, work)
    work.mkdir(parents=True, exist_ok=True)
    return work


def _check_out(out: Path) -> None:
    """``out`` must be new, empty, or a dataset folder: a run replaces it as a whole."""
    if out.exists() and not out.is_dir():
        raise DatasetError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not any((out / n).exists() for n in
                                                       ("run.json", "documents.parquet", "manifest.csv")):
        raise DatasetError(f"--out {out} holds other files and is not an edureports dataset; a run "
                           "replaces its --out folder as a whole, so give a new or empty folder")


# --------------------------------------------------------------------------------------- the run


def write_dataset(paths, out: str | Path, workers: int = 1, catalogue="default", progress: bool = False,
                  scheduler: str | None = None, force: bool = False, max_mb: float = DEFAULT_MAX_MB,
                  section_chars: int = SECTION_CHARS,
                  on_record: Callable[[dict], None] | None = None) -> RunSummary:
    """``edureports extract --out DIR``: every input one manifest row; the tables, ``sources/``,
    ``manifest.csv``, ``errors.log`` and ``run.json`` written atomically; resumable (see the module
    docstring). ``on_record`` is called after each finished record is journaled (tests use it to
    interrupt a run). Raises :class:`BatchInterrupted` on Ctrl-C, keeping what finished."""
    from .catalogue import resolve_catalogue_rows

    out = Path(out).absolute()
    _check_out(out)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    inputs, warnings = list_inputs(paths, exclude=[out, _work_path(out)])
    for w in warnings:
        sys.stderr.write(f"warning: {w}\n")
    kept = None if force else _kept_work(out)
    cache = {} if kept is None else {k: r for k, r in _read_journal(kept / "journal.jsonl").items()
                                     if r["status"] == "processed"}
    records: dict[str, dict] = {}
    jobs: list[Job] = []
    reused = 0
    pool = None
    try:
        if workers > 1 and not scheduler and len(inputs) > len(cache) + 1:
            pool = _early_pool(workers)  # the workers warm up while this process reads the catalogue and plans
        cat = resolve_catalogue_rows(catalogue)
        fp = fingerprint(cat)
        work = _work_dir(out, force)
        named = frozenset(map(Path, paths))
        plan = list(_plan(inputs, fp, work, int(max_mb * 1e6), cache, named))
        jobs = [dataclasses.replace(job, section_chars=section_chars) for _, _, job in plan if job is not None]
        records = {rec["key"]: rec for _, rec, _ in plan if rec is not None}
        reused = len(records)
        _run(jobs, cat, workers, scheduler, work, records, progress, on_record, pool)
        rows = _unique_ids([_manifest_row(row, records.get(job.key) if job else rec) for row, rec, job in plan])
        summary = _finish(out, work, rows, records, fp)
    except KeyboardInterrupt:
        raise BatchInterrupted(len(records) - reused, len(jobs), work) from None
    finally:
        if pool is not None:
            _stop(pool)  # when the run ended before using it (a used pool is shut down already)
    summary.reused, summary.warnings = reused, warnings
    return summary


def _run(jobs: list[Job], catalogue, workers: int, scheduler: str | None, work: Path, records: dict,
         progress: bool, on_record, pool: ProcessPoolExecutor | None = None) -> None:
    """Run the jobs, appending each record to the journal as it arrives."""
    from tqdm import tqdm

    with open(work / "journal.jsonl", "a", encoding="utf-8") as journal, \
            tqdm(total=len(jobs), disable=not progress, unit="file", file=sys.stderr) as bar:
        for record in _execute(jobs, catalogue, workers, scheduler, pool):
            journal.write(json.dumps(record, ensure_ascii=False) + "\n")
            journal.flush()
            records[record["key"]] = record
            bar.update()
            if on_record is not None:
                on_record(record)


@functools.lru_cache(maxsize=1)
def _warm_validation() -> None:
    """Build the documents table's validator (importing pandera, about 0.3 s the first time) while the
    workers run the jobs: the parent validates that table when they are done, and would otherwise spend
    this time after them. Called in the parent's own thread once the workers are forked (a thread
    importing modules while the pool forks could leave a child with the import lock held)."""
    schema.validate(schema.frame([], schema.DOCUMENTS), schema.DOCUMENTS)


def _manifest_row(row: dict, record: dict | None) -> dict:
    if record is None:
        return row
    return {**row, "status": record["status"], "reason": record["reason"], "n_figures": record["n_figures"],
            "_key": record["key"]}


def _unique_ids(rows: list[dict]) -> list[dict]:
    """A processed input whose doc_id (file name) an earlier processed input has is failed: doc_ids
    name the sources and the figures."""
    owner: dict[str, str] = {}
    for row in rows:
        if row["status"] != "processed":
            continue
        if row["doc_id"] in owner:
            row.update(status="failed", n_figures=0, reason=f"duplicate doc_id {row['doc_id']!r}: another input "
                                                            f"has the same file name ({owner[row['doc_id']]}); rename one")
            row.pop("_key")
        else:
            owner[row["doc_id"]] = row["path"]
    return rows


def _finish(out: Path, work: Path, rows: list[dict], records: dict[str, dict], fp: str) -> RunSummary:
    """Write the dataset into a new folder beside ``out`` and move it into place."""
    import pandas as pd

    from .dataset import TABLES, TableWriter, write_table

    manifest = pd.DataFrame([{k: v for k, v in r.items() if k != "_key"} for r in rows],
                            columns=schema.MANIFEST_COLUMNS[:-1])
    run_id = run_id_of(fp, manifest)
    manifest["run_id"] = run_id
    new = out.parent / f".{out.name}.edureports-new"
    if new.exists():
        shutil.rmtree(new)
    (new / "sources").mkdir(parents=True)
    done = [records[r["_key"]] for r in rows if r.get("_key") and r["status"] == "processed"]
    documents = schema.frame([rec["document"] for rec in done], schema.DOCUMENTS)
    write_table(schema.validate(documents, schema.DOCUMENTS), new / "documents.parquet", "documents", run_id)
    for name in TABLES[1:]:
        with TableWriter(new / f"{name}.parquet", name, run_id) as writer:
            for part, first, count in _runs(done, name):
                writer.add_rows(work / "parts" / f"{part}.{name}{PART}", first, count)
    sources, linked = os.path.join(work, "sources"), os.path.join(new, "sources")
    for rec in done:
        _link(os.path.join(sources, f"{rec['sha256']}.txt"), os.path.join(linked, f"{rec['document']['doc_id']}.txt"))
    manifest.to_csv(new / "manifest.csv", index=False)
    _write_errors(new / "errors.log", [records[r["_key"]] for r in rows if r.get("_key") and r["status"] == "failed"])
    counts = manifest["status"].value_counts()
    summary = RunSummary(out, run_id, int(counts.get("processed", 0)), int(counts.get("failed", 0)),
                         int(counts.get("duplicate", 0)), 0, manifest, skipped=int(counts.get("skipped", 0)))
    (new / "run.json").write_text(json.dumps({"run_id": run_id, "tool": fp, "inputs": len(manifest),
                                              "processed": summary.processed, "failed": summary.failed,
                                              "duplicates": summary.duplicates, "skipped": summary.skipped},
                                             indent=1) + "\n")
    _keep_cache(work, done, new / CACHE)
    _swap(new, out)
    return summary


def _runs(records: list[dict], name: str) -> Iterator[tuple[str, int, int]]:
    """``(part, first, count)`` of table ``name``'s rows of ``records``, in their order, each run of
    records whose rows follow one another in one part (the documents of one task) taken together.

    >>> recs = [{"part": "a", "rows": {"t": [0, 2]}}, {"part": "a", "rows": {"t": [2, 0]}},
    ...         {"part": "a", "rows": {"t": [2, 3]}}, {"part": "b", "rows": {"t": [0, 1]}},
    ...         {"part": "a", "rows": {"t": [9, 1]}}]
    >>> list(_runs(recs, "t"))
    [('a', 0, 5), ('b', 0, 1), ('a', 9, 1)]
    """
    run = None
    for rec in records:
        first, count = rec["rows"][name]
        if not count:
            continue
        if run and run[0] == rec["part"] and run[1] + run[2] == first:
            run[2] += count
        else:
            if run:
                yield tuple(run)
            run = [rec["part"], first, count]
    if run:
        yield tuple(run)


def run_id_of(fp: str, manifest) -> str:
    """The run id: a hash of the tool fingerprint and the manifest (so equal runs get equal ids)."""
    return hashlib.sha256((fp + "\n" + manifest.to_csv(index=False)).encode()).hexdigest()[:16]


def _link(src: str | Path, dst: str | Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _write_errors(path: Path, failed: list[dict]) -> None:
    text = "".join(f"== {r['path']}\n{r['reason']}\n{r.get('traceback') or ''}\n" for r in failed)
    path.write_text(text, encoding="utf-8")


def _keep_cache(work: Path, done: list[dict], cache: Path) -> None:
    """Move the work folder into the dataset as its cache, keeping only this dataset's records."""
    keep = {rec["part"] for rec in done}
    shas = {rec["sha256"] for rec in done}
    for f in (work / "parts").glob("*") if (work / "parts").exists() else []:
        if f.name.split(".")[0] not in keep or f.name.endswith(".tmp"):
            f.unlink()
    for f in (work / "sources").glob("*") if (work / "sources").exists() else []:
        if f.name.split(".")[0] not in shas or f.name.endswith(".tmp"):
            f.unlink()
    (work / "journal.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in done),
                                        encoding="utf-8")
    os.replace(work, cache)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` in the place of ``out`` (renames in one folder: no mixture of old and new)."""
    if out.exists():
        old = out.parent / f".{out.name}.edureports-old"
        if old.exists():
            shutil.rmtree(old)
        os.replace(out, old)
        os.replace(new, out)
        shutil.rmtree(old)
    else:
        os.replace(new, out)


# ------------------------------------------------------------------------------------ in memory


def extract_many(paths: Iterable[str | Path], workers: int = 1, sources_dir: Path | None = None,
                 progress: bool = False, catalogue="default", scheduler: str | None = None):
    """Extract every input; return ``(documents, figures, manifest)`` (see :func:`build_dataset`)."""
    from .dataset import build_dataset

    ds = build_dataset(paths, catalogue=catalogue, workers=workers, sources_dir=sources_dir,
                       progress=progress, scheduler=scheduler)
    return ds.documents, ds.figures, ds.manifest

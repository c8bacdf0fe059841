"""The batch runner never loses a researcher's work: a hostile corpus through the CLI, interrupt and
resume, atomic replacement, run ids, and a property that extract/normalise never raise."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edureports import batch
from edureports.batch import BatchInterrupted, write_dataset
from edureports.catalogue import CATALOGUE_COLUMNS, load_catalogue
from edureports.dataset import open_dataset, read_manifest
from edureports.errors import DatasetError
from edureports.normalisation import normalise
from edureports.pipeline import extract, extract_report
from conftest import SEED_FILES, seed_text
from formats import write_docx, write_html, write_pdf, write_scanned_pdf, damage_docx

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "edureports.cli"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
FIGURE_COLS = ["start", "end", "raw", "value", "unit", "qualifier", "role", "measure", "indicator", "year",
               "district"]


def _cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, env=ENV, **kw)


# ------------------------------------------------------------------------------ the hostile corpus


@dataclass(frozen=True)
class Hostile:
    name: str  # file name inside the corpus folder
    make: object  # callable(path) -> None
    status: str  # the manifest status expected
    reason: str = ""  # a substring the reason must contain (failed and duplicate rows)


def _seed(i: int) -> str:
    return seed_text(SEED_FILES[i])


HOSTILE = [
    Hostile("deep.html", lambda p: p.write_text("<html><body>" + "<div>" * 1000 + "今年投入5万元。"
                                                + "</div>" * 1000 + "</body></html>", encoding="utf-8"),
            "processed"),
    Hostile("damaged.docx", lambda p: damage_docx(p, "deflate"), "failed", ".docx"),
    Hostile("badxml.docx", lambda p: damage_docx(p, "xml"), "failed", ".docx"),
    Hostile("truncated.docx", lambda p: damage_docx(p, "truncate"), "failed", ".docx"),
    Hostile("corrupt.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << /Kids [2 0 R] >> garbage"), "failed",
            "pdf"),
    Hostile("truncated.pdf", lambda p: (write_pdf(p, "今年投入5775.1万元。" * 30),
                                        p.write_bytes(p.read_bytes()[:900])), "failed", ""),
    Hostile("scan.pdf", write_scanned_pdf, "failed", "no text layer"),
    Hostile("huge number.txt", lambda p: p.write_text("全年投入" + "1" * 29 + "元,另投入" + "1" * 25 + "亿元,"
                                                      "新建学校12所。", encoding="utf-8"), "processed"),
    Hostile("old report.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)),
            "failed", ".doc"),
    Hostile("table.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64)), "failed", "spreadsheet"),
    Hostile("photo.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + bytes(64)), "failed", "OCR"),
    Hostile("notes.xyz", lambda p: p.write_text("今年投入5万元。", encoding="utf-8"), "failed", "unknown extension"),
    Hostile("empty.txt", lambda p: p.write_bytes(b""), "failed", "empty"),
    Hostile("blank.txt", lambda p: p.write_bytes(b" \r\n\t \n"), "failed", "empty"),
    Hostile("noise.txt", lambda p: p.write_bytes(bytes(range(256)) * 4 + os.urandom(2048)), "failed", "binary"),
    Hostile("no body.html", lambda p: p.write_text("<html><head><title>标题</title></head></html>"), "failed",
            "no text"),
    Hostile("bare.html", lambda p: p.write_text("今年投入5万元,新建学校3所。", encoding="utf-8"), "processed"),
    Hostile("docx named.pdf", lambda p: write_docx(p, "今年投入5万元。"), "failed", "pdf"),
    Hostile("text named.docx", lambda p: p.write_text("今年投入5万元。", encoding="utf-8"), "failed", "docx"),
    Hostile("mixed encodings.txt", lambda p: p.write_bytes(_seed(3)[:2000].encode() + "投入5万元".encode("gbk")
                                                           + _seed(3)[2000:].encode()), "processed"),
    Hostile("stray byte.txt", lambda p: p.write_bytes(_seed(4).encode()[:800] + b"\xff" + _seed(4).encode()[800:]),
            "processed"),
    Hostile("cut short.txt", lambda p: p.write_bytes(_seed(1).rstrip().encode()[:-1]), "processed"),
    Hostile("dangling.txt", lambda p: p.symlink_to(p.parent / "nowhere" / "gone.txt"), "failed", "dangling"),
    Hostile("copy of 002.txt", lambda p: p.write_bytes(SEED_FILES[2].read_bytes()), "duplicate",
            "same content as"),
    # what an operating system or an editor leaves in a folder: a skipped row each, no failure
    Hostile(".DS_Store", lambda p: p.write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(64)), "skipped", "macOS folder"),
    Hostile("._吉安 报告.txt", lambda p: p.write_bytes(b"\x00\x05\x16\x07" + bytes(64)), "skipped",
            "resource fork"),
    Hostile(".~lock.old report.docx#", lambda p: p.write_text("user,host,0;"), "skipped", "LibreOffice lock"),
    Hostile("~$old report.docx", lambda p: p.write_bytes(b"\x05user" + bytes(150)), "skipped", "Office lock"),
    Hostile("Thumbs.db", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64)), "skipped", "thumbnail"),
    Hostile(".draft.txt", lambda p: p.write_bytes(SEED_FILES[0].read_bytes()), "skipped", "hidden file"),
]
HIDDEN_FOLDER = ".git"  # in the hostile folder: one skipped row, its files not listed
# the good seeds, some under Chinese names with spaces, one as a symlink
GOOD = {"武江区 2019 工作总结.txt": SEED_FILES[4], "吉安 报告.txt": SEED_FILES[0]}
BAD = "zz hostile"  # sorts after good/: a duplicate names the good copy


def _corpus(root: Path) -> Path:
    corpus = root / "corpus 语料"
    (corpus / "good").mkdir(parents=True)
    for p in SEED_FILES[1:4]:
        (corpus / "good" / p.name).write_bytes(p.read_bytes())
    (corpus / "good" / "link to 001.txt").symlink_to(corpus / "good" / SEED_FILES[1].name)
    for name, seed in GOOD.items():
        (corpus / name).write_bytes(seed.read_bytes())
    (corpus / BAD).mkdir()
    for case in HOSTILE:
        case.make(corpus / BAD / case.name)
    (corpus / BAD / HIDDEN_FOLDER / "objects").mkdir(parents=True)
    (corpus / BAD / HIDDEN_FOLDER / "objects" / "report.txt").write_bytes(SEED_FILES[3].read_bytes())
    (corpus / "empty folder").mkdir()
    return corpus


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = _corpus(root)
    out = root / "out"
    result = _cli("extract", corpus, root / "missing.txt", "--out", out, "--workers", "2")
    return corpus, out, result


def test_every_input_is_one_manifest_row(hostile_run):
    corpus, out, result = hostile_run
    manifest = read_manifest(out)
    hidden = corpus / BAD / HIDDEN_FOLDER
    listed = sorted(str(p) for p in corpus.rglob("*") if (p.is_symlink() or p.is_file()) and hidden not in p.parents)
    assert sorted(manifest.path) == sorted(listed + [str(hidden), str(out.parent / "missing.txt")])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_each_hostile_file_gets_its_status_and_reason(hostile_run, case):
    corpus, out, _ = hostile_run
    row = read_manifest(out).set_index("path").loc[str(corpus / BAD / case.name)]
    assert row.status == case.status, row.reason
    assert case.reason in row.reason
    if case.status in ("failed", "skipped"):
        assert row.n_figures == 0


def test_a_hidden_folder_is_one_skipped_row_and_is_not_searched(hostile_run):
    corpus, out, _ = hostile_run
    row = read_manifest(out).set_index("path").loc[str(corpus / BAD / HIDDEN_FOLDER)]
    assert (row.status, row.n_figures) == ("skipped", 0) and "hidden folder" in row.reason
    assert "report" not in set(open_dataset(out).documents.doc_id)


def test_the_failed_rows_and_the_final_line(hostile_run):
    _, out, result = hostile_run
    manifest = read_manifest(out)
    counts = manifest.status.value_counts()
    assert result.returncode == 1  # some failed, the rest written
    assert result.stdout.splitlines()[-1].startswith(
        f"{counts['processed']} processed, {counts['failed']} failed, {counts['duplicate']} duplicate(s),"
        f" {counts['skipped']} skipped")
    for row in manifest[manifest.status.isin(["failed", "skipped"])].itertuples():
        assert f"{row.status}: {row.path}: {row.reason}" in result.stderr
    assert json.loads((out / "run.json").read_text())["skipped"] == counts["skipped"] == 7
    assert "warning: folder" in result.stderr and "empty folder" in result.stderr
    assert len(set(manifest.run_id)) == 1


def test_the_good_seeds_figures_are_unchanged(hostile_run):
    corpus, out, _ = hostile_run
    opened = open_dataset(out)
    for path, seed in [*((corpus / n, s) for n, s in GOOD.items()),
                       *((corpus / "good" / p.name, p) for p in SEED_FILES[1:4])]:
        got = opened.figures[opened.figures.doc_id == path.stem].reset_index(drop=True)
        expected = extract_report(seed).figures
        assert got[FIGURE_COLS].astype(str).equals(expected[FIGURE_COLS].astype(str)), path.name
    # the symlinked copy has the same bytes as its target: a duplicate naming it
    link = read_manifest(out).set_index("path").loc[str(corpus / "good" / "link to 001.txt")]
    assert (link.status, link.reason) == ("duplicate", f"same content as {corpus / 'good' / SEED_FILES[1].name}")


def test_spans_hold_and_sources_are_exactly_the_documents(hostile_run):
    _, out, _ = hostile_run
    opened = open_dataset(out)
    assert sorted(f.stem for f in (out / "sources").iterdir()) == sorted(opened.documents.doc_id)
    for doc_id, rows in opened.figures.groupby("doc_id"):
        source = (out / "sources" / f"{doc_id}.txt").read_text(encoding="utf-8")
        for row in rows.itertuples():
            assert source[row.start:row.end] == row.raw
    docs = opened.documents.set_index("doc_id")
    assert docs.n_figures.to_dict() == opened.figures.groupby("doc_id").size().reindex(docs.index, fill_value=0).to_dict()


def test_damaged_text_notes_the_bytes_replaced_and_huge_numbers_are_no_figures(hostile_run):
    _, out, _ = hostile_run
    opened = open_dataset(out)
    notes = opened.documents.set_index("doc_id").notes
    cut = len(_seed(1).rstrip()[-1].encode()) - 1  # the bytes left of the last character
    assert f"{cut} undecodable byte(s) replaced with U+FFFD" in notes["cut short"]
    assert "undecodable byte(s) replaced" in notes["stray byte"]
    huge = opened.figures[opened.figures.doc_id == "huge number"]
    assert list(huge.raw) == ["12所"]
    # the two over-long numbers are reported where they start in the source, not lost silently
    first = len("全年投入")
    second = first + len("1" * 29 + "元,另投入")
    assert f"2 number(s) with more than 28 digits ignored (no figure), at source offset {first}, {second}" \
        in notes["huge number"]
    assert "digits ignored" not in notes["cut short"]


# ------------------------------------------------------------------------------------- the guard


@pytest.mark.parametrize("error", [NotImplementedError("unsupported filter"), RecursionError("too deep"),
                                   MemoryError("out of memory"), UnicodeEncodeError("utf-8", "\ud800", 0, 1, "no")])
def test_any_exception_is_a_failed_row_with_its_type_and_a_logged_traceback(tmp_path, monkeypatch, error):
    import edureports.load as load

    def explode(path, data):
        raise error

    monkeypatch.setattr(load, "_read_pdf", explode)
    (tmp_path / "in").mkdir()
    write_pdf(tmp_path / "in" / "report.pdf", "今年投入5万元。")
    (tmp_path / "in" / "good.txt").write_bytes(SEED_FILES[4].read_bytes())
    summary = write_dataset([tmp_path / "in"], tmp_path / "out")
    row = summary.manifest.set_index("doc_id").loc["report"]
    assert row.status == "failed" and row.reason.startswith(type(error).__name__ + ": ")
    assert (summary.processed, summary.failed) == (1, 1)
    log = (tmp_path / "out" / "errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "explode" in log


def test_size_limit_is_a_failed_row(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED_FILES[0].read_bytes() * 120)  # about 1.2 MB
    result = _cli("extract", big, SEED_FILES[4], "--out", tmp_path / "out", "--max-mb", "1")
    assert result.returncode == 1
    reason = read_manifest(tmp_path / "out").set_index("doc_id").loc["big"].reason
    assert "over the limit of 1 MB" in reason and "--max-mb" in reason


def test_a_long_text_is_processed_in_sections_with_exact_spans(tmp_path):
    long = tmp_path / "long.txt"
    text = "\n".join(seed_text(p) for p in SEED_FILES[3:5]) * 3
    long.write_text(text, encoding="utf-8")
    whole = write_dataset([long], tmp_path / "whole").figures
    summary = write_dataset([long], tmp_path / "cut", section_chars=8000)
    parts = summary.figures
    assert "processed in" in summary.documents.notes.iloc[0]
    assert parts.figure_id.is_unique and list(parts.start) == sorted(parts.start)
    for row in parts.itertuples():
        assert text[row.start:row.end] == row.raw
    # cut at line breaks, the figures found are those of the whole text
    assert list(parts.raw) == list(whole.raw) and list(parts.start) == list(whole.start)


def test_a_long_text_in_sections_keeps_each_part_linked_to_its_whole(tmp_path):
    long = tmp_path / "long.txt"
    text = "\n".join(seed_text(p) for p in SEED_FILES[:2]) * 3
    long.write_text(text, encoding="utf-8")
    cut = write_dataset([long], tmp_path / "cut", section_chars=8000)
    figures = cut.figures.set_index("figure_id")
    linked = figures[figures.parent_id.notna()]
    assert len(linked) > 0 and "processed in" in cut.documents.notes.iloc[0]
    # every parent is a figure of the document, stated near its part (same section), never a figure of
    # an earlier section that happens to carry the section-local number
    assert linked.parent_id.isin(figures.index).all()
    assert (abs(figures.loc[linked.parent_id, "start"].to_numpy() - linked.start.to_numpy()) < 8000).all()
    # the same links as in one section's worth of text: each repetition of the text links alike
    whole = write_dataset([long], tmp_path / "whole")
    by_id = whole.figures.set_index("figure_id")
    pairs = lambda f: sorted((s, f.loc[p, "start"]) for s, p in zip(f.start, f.parent_id) if isinstance(p, str))
    assert pairs(figures) == pairs(by_id)
    # and so the same checks (in another order: each section lists its parts checks first)
    columns = ["kind", "stated", "computed", "ok"]
    ordered = lambda c: c[columns].sort_values(columns).reset_index(drop=True)
    assert ordered(cut.checks).equals(ordered(whole.checks))


def test_a_name_is_taken_only_by_an_input_that_was_processed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.pdf").write_bytes(b"%PDF-1.4 nonsense")  # fails first: the name stays free
    (tmp_path / "in" / "r.txt").write_bytes(SEED_FILES[4].read_bytes())
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "r.txt").write_bytes(SEED_FILES[3].read_bytes())  # processed name taken
    manifest = write_dataset([tmp_path / "in"], tmp_path / "out").manifest
    status = dict(zip(manifest.path.map(lambda p: str(Path(p).relative_to(tmp_path / "in"))), manifest.status))
    assert status == {"r.pdf": "failed", "r.txt": "processed", "sub/r.txt": "failed"}
    assert "duplicate doc_id 'r'" in manifest.reason.iloc[2]


def test_an_empty_folder_is_a_warning_and_an_empty_dataset(tmp_path):
    (tmp_path / "nothing").mkdir()
    result = _cli("extract", tmp_path / "nothing", "--out", tmp_path / "out")
    assert result.returncode == 0 and f"warning: folder {tmp_path / 'nothing'} holds no files" in result.stderr
    assert open_dataset(tmp_path / "out").documents.empty


def test_the_listing_of_a_tree(tmp_path, monkeypatch):
    """What a folder expands to, written out by hand for a tree with every kind of entry: files at
    several depths (sorted by path), links to a file, a folder and nowhere (listed, not followed), a
    hidden file and a hidden folder (listed, the folder not searched), empty folders (warned about,
    the outer one only), and an excluded folder given relatively (left out with all it holds)."""
    monkeypatch.chdir(tmp_path)
    for name in ("in/b.txt", "in/a/2.txt", "in/a/deep/1.txt", "in/.hidden.txt", "in/.git/config",
                 "in/out/figures.parquet", "in/z/keep.docx"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("x", encoding="utf-8")
    Path("in/empty/inner").mkdir(parents=True)
    Path("in/a/link.txt").symlink_to(tmp_path / "in" / "b.txt")
    Path("in/folder link").symlink_to(tmp_path / "in" / "a", target_is_directory=True)
    Path("in/dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    found, warnings = batch.list_inputs(["in"], exclude=[Path("in/out")])
    assert [str(p) for p in found] == ["in/.git", "in/.hidden.txt", "in/a/2.txt", "in/a/deep/1.txt", "in/a/link.txt",
                                       "in/b.txt", "in/dangling.txt", "in/folder link", "in/z/keep.docx"]
    assert warnings == ["folder in/empty holds no files"]
    assert batch.list_inputs(["in/empty"]) == ([], ["folder in/empty holds no files",  # the folder given,
                                                    "folder in/empty/inner holds no files"])  # and below it
    assert batch.list_inputs(["in/b.txt", "in/missing.txt"]) == ([Path("in/b.txt"), Path("in/missing.txt")], [])
    assert batch.list_inputs(["in/out"], exclude=[tmp_path / "in" / "out"]) == ([], ["folder in/out holds no files"])


def test_a_folder_that_cannot_be_read_is_a_failed_row(tmp_path, monkeypatch):
    # permissions do not bind root (CI), so the folder's listing is made to fail as it does for a user
    # without read permission
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "locked" / "hidden_from_us.txt").write_text("投入5万元。", encoding="utf-8")
    (tmp_path / "in" / "ok.txt").write_bytes(SEED_FILES[4].read_bytes())
    locked = tmp_path / "in" / "locked"
    denied = PermissionError(13, "Permission denied")
    real_scandir, real_listdir = os.scandir, os.listdir

    def refused(real):
        return lambda p=".": (_ for _ in ()).throw(denied) if Path(p) == locked else real(p)

    monkeypatch.setattr(os, "scandir", refused(real_scandir))
    monkeypatch.setattr(os, "listdir", refused(real_listdir))
    summary = write_dataset([tmp_path / "in"], tmp_path / "out")
    rows = summary.manifest.set_index("path")
    assert list(rows.status) == ["failed", "processed"]  # the folder is an input of its own, in order
    assert "folder that cannot be read" in rows.loc[str(locked), "reason"]
    assert "Permission denied" in rows.loc[str(locked), "reason"]
    assert summary.failed == 1 and summary.processed == 1


# ---------------------------------------------------------------------------------- exit status


@pytest.mark.parametrize("args", [["extract", "seeds"], ["extract", "seeds", "--out", "x", "--workers", "0"],
                                  ["extract", "--out", "x"], ["extract", "seeds", "--out", "x", "--max-mb", "a"]],
                         ids=["no_out", "zero_workers", "no_paths", "bad_limit"])
def test_usage_errors_exit_2(args, tmp_path):
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_out_that_is_not_a_dataset_is_refused_untouched(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.md").write_text("mine")
    result = _cli("extract", SEED_FILES[4], "--out", out)
    assert result.returncode == 2 and "not an edureports dataset" in result.stderr
    assert [p.name for p in out.iterdir()] == ["chapter1.md"]


SKIP_CASES = [  # (name, named on the command line, a substring of the reason or None: not skipped)
    ("ds_store", ".DS_Store", False, "macOS folder settings"),
    ("ds_store_named", ".DS_Store", True, "macOS folder settings"),
    ("apple_double", "._2019年工作总结.txt", False, "resource fork"),
    ("libreoffice_lock", ".~lock.2019年工作总结.docx#", False, "LibreOffice lock"),
    ("office_lock_named", "~$2019年工作总结.docx", True, "Office lock"),
    ("windows_thumbs", "Thumbs.db", False, "thumbnail cache"),
    ("windows_desktop_ini", "desktop.ini", False, "folder settings"),
    ("hidden_file_in_a_folder", ".2019年工作总结.txt", False, "hidden file"),
    ("hidden_file_named", ".2019年工作总结.txt", True, None),
    ("report", "2019年工作总结.txt", False, None),
    ("dot_inside_the_name", "2019.DS_Store.txt", False, None),
    ("tilde_without_dollar", "~2019年工作总结.txt", False, None),
    ("underscore_without_dot", "_2019年工作总结.txt", False, None),
]


@pytest.mark.parametrize("name, named, reason", [c[1:] for c in SKIP_CASES], ids=[c[0] for c in SKIP_CASES])
def test_system_and_hidden_files_are_skipped(tmp_path, name, named, reason):
    path = tmp_path / name
    path.write_bytes(b"x")
    got = batch.skip_reason(path, named=named)
    assert got is None if reason is None else reason in got


def test_skipped_files_beside_reports_exit_0_and_a_named_hidden_report_is_read(tmp_path):
    folder = tmp_path / "in"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / ".ipynb_checkpoints" / "copy.txt").write_bytes(SEED_FILES[3].read_bytes())
    (folder / "report.txt").write_bytes(SEED_FILES[4].read_bytes())
    (folder / ".DS_Store").write_bytes(bytes(32))
    (folder / "._report.txt").write_bytes(b"\x00\x05\x16\x07" + bytes(32))
    hidden = tmp_path / ".kept.txt"
    hidden.write_bytes(SEED_FILES[2].read_bytes())
    result = _cli("extract", folder, hidden, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    status = read_manifest(tmp_path / "out").set_index("path").status.to_dict()
    assert status == {str(folder / ".DS_Store"): "skipped", str(folder / "._report.txt"): "skipped",
                      str(folder / ".ipynb_checkpoints"): "skipped", str(folder / "report.txt"): "processed",
                      str(hidden): "processed"}
    assert "2 processed, 0 failed, 0 duplicate(s), 3 skipped" in result.stdout
    assert f"skipped: {folder / '.DS_Store'}: macOS folder settings" in result.stderr


def test_only_skipped_files_exit_0_with_no_empty_folder_warning(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".DS_Store").write_bytes(bytes(32))
    result = _cli("extract", tmp_path / "in", "--out", tmp_path / "out")
    assert result.returncode == 0 and "holds no files" not in result.stderr
    assert list(read_manifest(tmp_path / "out").status) == ["skipped"]


def test_all_processed_exits_0(tmp_path):
    result = _cli("extract", SEED_FILES[4], SEED_FILES[4], "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"(run {read_manifest(tmp_path / 'out').run_id[0]})")
    assert "1 processed, 0 failed, 1 duplicate(s)" in result.stdout


# ----------------------------------------------------------------------------- interrupt, resume


def _inputs(root: Path, copies: int = 3) -> Path:
    folder = root / "in"
    folder.mkdir()
    for k in range(copies):
        for p in SEED_FILES:  # each copy different bytes (the same bytes twice would be a duplicate)
            (folder / f"{k}_{p.name}").write_bytes(p.read_bytes() + f"\n第{k}份。".encode())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and batch.CACHE not in p.parts}


class _Stop:
    def __init__(self, after: int):
        self.after, self.seen = after, 0

    def __call__(self, record):
        self.seen += 1
        if self.seen == self.after:
            raise KeyboardInterrupt


def test_an_interrupted_run_resumes_to_the_same_bytes_as_a_fresh_one(tmp_path):
    folder = _inputs(tmp_path, copies=2)
    fresh = write_dataset([folder], tmp_path / "fresh")
    out = tmp_path / "out"
    with pytest.raises(BatchInterrupted) as info:
        write_dataset([folder], out, on_record=_Stop(4))
    assert info.value.finished == 4 and "run the same command again to resume" in str(info.value)
    assert not out.exists()  # nothing half-written in place
    resumed = write_dataset([folder], out)
    assert resumed.reused == 4
    assert _files(out) == _files(tmp_path / "fresh")
    assert resumed.run_id == fresh.run_id
    again = write_dataset([folder], out)  # nothing changed: all reused, same files
    assert again.reused == fresh.processed  # failed inputs are tried again
    assert _files(out) == _files(tmp_path / "fresh")


def test_force_redoes_everything_to_the_same_result(tmp_path):
    folder = _inputs(tmp_path, copies=1)
    write_dataset([folder], tmp_path / "out")
    before = _files(tmp_path / "out")
    forced = write_dataset([folder], tmp_path / "out", force=True)
    assert forced.reused == 0 and _files(tmp_path / "out") == before


def test_a_changed_file_is_redone(tmp_path):
    folder = _inputs(tmp_path, copies=1)
    write_dataset([folder], tmp_path / "out")
    changed = folder / f"0_{SEED_FILES[0].name}"
    changed.write_bytes(SEED_FILES[0].read_bytes() + "\n另投入5万元。".encode())
    summary = write_dataset([folder], tmp_path / "out")
    assert summary.reused == len(SEED_FILES) - 1
    assert "5万元" in set(summary.figures[summary.figures.doc_id == changed.stem].raw)


def test_an_interrupted_overwrite_leaves_the_old_dataset_whole(tmp_path):
    out = tmp_path / "out"
    old = write_dataset([SEED_FILES[4]], out)
    folder = _inputs(tmp_path, copies=1)
    with pytest.raises(BatchInterrupted):
        write_dataset([folder], out, on_record=_Stop(2))
    opened = open_dataset(out)
    assert list(opened.documents.doc_id) == [SEED_FILES[4].stem]
    assert read_manifest(out).run_id[0] == old.run_id
    write_dataset([folder], out)
    assert sorted(f.stem for f in (out / "sources").iterdir()) == sorted(open_dataset(out).documents.doc_id)
    assert SEED_FILES[4].stem not in {f.stem for f in (out / "sources").iterdir()}  # old sources removed


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_keeps_what_finished_and_says_how_to_resume(tmp_path):
    # enough inputs that the run is still working when the signal arrives, however fast the machine
    # (with 3 copies a fast run could finish first: then this test would test nothing)
    folder = _inputs(tmp_path, copies=15)
    out = tmp_path / "out"
    journal = tmp_path / ".out.edureports-work" / "journal.jsonl"
    # a run in the foreground: Ctrl-C is not ignored (a job started in the background of a script inherits
    # SIGINT ignored, and rightly keeps running when a terminal's Ctrl-C reaches it)
    proc = subprocess.Popen([*CLI, "extract", str(folder), "--out", str(out), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            start_new_session=True, preexec_fn=_default_sigint)
    while proc.poll() is None and (not journal.exists() or len(journal.read_text().splitlines()) < 2):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: to the parent and its workers
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err and "Traceback" not in err
    records = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    finished = sum(r["status"] == "processed" for r in records)
    assert len(records) >= 2
    resumed = _cli("extract", folder, "--out", out, "--workers", "2")
    assert resumed.returncode == 1  # empty.txt failed
    assert f"({finished} reused from an earlier run)" in resumed.stdout
    _cli("extract", folder, "--out", tmp_path / "fresh", "--workers", "2")
    assert _files(out) == _files(tmp_path / "fresh")


# ------------------------------------------------------------------------------------ run ids


def test_open_dataset_refuses_tables_from_different_runs(tmp_path):
    write_dataset([SEED_FILES[3]], tmp_path / "a")
    write_dataset([SEED_FILES[4]], tmp_path / "b")
    (tmp_path / "a" / "figures.parquet").write_bytes((tmp_path / "b" / "figures.parquet").read_bytes())
    with pytest.raises(DatasetError, match="tables from different runs"):
        open_dataset(tmp_path / "a")


def test_streamed_tables_read_back_as_one_with_pandas_and_duckdb(tmp_path):
    summary = write_dataset(SEED_FILES, tmp_path / "out", workers=2)
    opened = open_dataset(tmp_path / "out")
    assert opened.sql("SELECT count(*) AS n FROM figures")["n"].iloc[0] == len(opened.figures)
    assert list(opened.documents.doc_id) == [p.stem for p in SEED_FILES]  # input order, whatever finished first
    assert opened.figures.equals(summary.figures)
    assert opened.figures.groupby("doc_id", sort=False).size().index.tolist() == [p.stem for p in SEED_FILES]


def test_paths_are_made_absolute_before_they_are_sent(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_bytes(SEED_FILES[4].read_bytes())
    monkeypatch.chdir(tmp_path)
    plan = list(batch._plan([Path("in/r.txt")], "fp", tmp_path / "work", 10**8, {}))
    (row, _, job), = plan
    assert row["path"] == "in/r.txt" and job.path == "in/r.txt"  # shown as given
    assert Path(job.abspath).is_absolute() and Path(job.abspath) == tmp_path / "in" / "r.txt"
    assert Path(job.work).is_absolute()


# ------------------------------------------------------------------------------------ property

_TEXT = st.text(st.one_of(st.characters(min_codepoint=0, max_codepoint=0x10FFFF),
                          st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"]),  # lone surrogates
                          st.sampled_from(list("0123456789.,%万亿元人所个名余近约共其中分别增长提高\n。,(（)）"))),
                max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_extract_and_normalise_never_raise_and_spans_hold(text):
    norm = normalise(text)
    assert len(norm.offsets) == len(norm.text)
    figures = extract(text)
    for row in figures.itertuples():
        assert text[row.start:row.end] == row.raw


def test_a_folder_from_before_run_ids_opens_with_a_warning_but_is_rebuilt_for_reports(tmp_path):
    from edureports.dataset import is_dataset

    write_dataset([SEED_FILES[4]], tmp_path / "ds")
    for name in ("documents", "figures", "checks"):  # as an older edureports wrote them
        path = tmp_path / "ds" / f"{name}.parquet"
        pd.read_parquet(path).to_parquet(path, index=False)
    (tmp_path / "ds" / "run.json").unlink()
    manifest = read_manifest(tmp_path / "ds").drop(columns=["run_id"])
    manifest.to_csv(tmp_path / "ds" / "manifest.csv", index=False)
    with pytest.warns(UserWarning, match="written before run ids"):
        assert len(open_dataset(tmp_path / "ds").documents) == 1
    assert not is_dataset(tmp_path / "ds")


def test_a_doc_read_by_a_converter_is_a_document_row(tmp_path, monkeypatch):
    from edureports import load

    monkeypatch.setattr(load, "doc_converter", lambda: ["cat"])  # stands in for antiword
    (tmp_path / "old.doc").write_bytes(SEED_FILES[4].read_bytes())
    summary = write_dataset([tmp_path / "old.doc"], tmp_path / "out")
    assert summary.processed == 1 and list(summary.documents.format) == ["doc"]
    assert len(summary.figures) == len(extract_report(SEED_FILES[4]).figures)


def test_pool_tasks_of_several_jobs_give_every_record_once_and_the_same_tables(tmp_path, monkeypatch):
    """A pool task carries several jobs (fewer round trips); a bad file among them is still its own
    failed record, and the tables equal those of the in-process run."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    inputs = [*SEED_FILES, bad]
    serial = write_dataset(inputs, tmp_path / "serial")
    monkeypatch.setattr(batch, "_chunk_size", lambda n_jobs, workers: 4)  # forked workers see it too
    pooled = write_dataset(inputs, tmp_path / "pooled", workers=2)
    assert pooled.manifest.equals(serial.manifest) and pooled.run_id == serial.run_id
    assert list(pooled.manifest.status) == ["processed"] * len(SEED_FILES) + ["failed"]
    for name in ("documents", "figures", "checks"):
        assert pooled.table(name).equals(serial.table(name)), name


def test_a_file_that_stops_its_worker_is_a_failed_record_and_the_rest_go_on(tmp_path, monkeypatch):
    """A worker killed mid-file (here it exits at once, as the kernel's OOM killer or a crash in a native
    library would end it) breaks the pool; the jobs then in flight are run again one at a time, and only
    the file that stops its worker again fails, with that reason."""
    import os as _os

    crash = tmp_path / "zz_crash.txt"
    crash.write_bytes(SEED_FILES[0].read_bytes() + "再见。".encode())
    inputs = [*SEED_FILES, crash]
    real = batch._extract_to_parts

    def dies_on_crash(job, catalogue, parts):
        if job.path.endswith("zz_crash.txt"):
            _os._exit(3)
        return real(job, catalogue, parts)

    serial = write_dataset(SEED_FILES, tmp_path / "serial")
    monkeypatch.setattr(batch, "_extract_to_parts", dies_on_crash)  # forked workers see it too
    monkeypatch.setattr(batch, "_chunk_size", lambda n_jobs, workers: 2)
    summary = write_dataset(inputs, tmp_path / "out", workers=2)
    rows = summary.manifest.set_index("doc_id")
    assert rows.loc["zz_crash", "status"] == "failed"
    assert "stopped abruptly" in rows.loc["zz_crash", "reason"]
    assert (rows.drop(index="zz_crash").status == "processed").all() and len(rows) == len(inputs)
    assert summary.table("figures").equals(serial.table("figures"))


def test_a_file_failing_midway_leaves_the_other_documents_of_its_task_their_own_rows(tmp_path, monkeypatch):
    """Rows a document added to its task's part before it failed are never read: each record names its
    own rows, and the other documents of the task read back exactly what they read alone."""
    import edureports.pipeline as pipeline

    doomed = tmp_path / "b_doomed.txt"
    doomed.write_bytes(SEED_FILES[1].read_bytes())
    inputs = [SEED_FILES[0], doomed, SEED_FILES[2]]
    alone = write_dataset([SEED_FILES[0], SEED_FILES[2]], tmp_path / "alone", section_chars=2000)
    real, seen = pipeline.figure_rows, []

    def fails_in_its_third_section(doc_id, *args, **kwargs):
        seen.append(doc_id)
        if doc_id == "b_doomed" and seen.count(doc_id) == 3:
            raise RuntimeError("third section")
        return real(doc_id, *args, **kwargs)

    monkeypatch.setattr(pipeline, "figure_rows", fails_in_its_third_section)
    monkeypatch.setattr(batch, "_chunk_size", lambda n_jobs, workers: 3)  # one task for the three
    summary = write_dataset(inputs, tmp_path / "out", section_chars=2000)
    assert list(summary.manifest.status) == ["processed", "failed", "processed"]
    assert "third section" in summary.manifest.reason.iloc[1]
    for name in ("figures", "checks"):
        assert summary.table(name).equals(alone.table(name)), name


def _spy_pools(monkeypatch) -> tuple[list, list]:
    """(pools started before the plan, every pool created) of the runs that follow."""
    early, created = [], []
    real_early, real_new = batch._early_pool, batch._new_pool
    monkeypatch.setattr(batch, "_early_pool", lambda *a: early.append(real_early(*a)) or early[-1])
    monkeypatch.setattr(batch, "_new_pool", lambda *a: created.append(real_new(*a)) or created[-1])
    return early, created


def test_the_pool_started_before_the_plan_runs_the_jobs(tmp_path, monkeypatch):
    """Workers start (and warm up) while the parent plans; that pool, not another, runs the files."""
    serial = write_dataset(SEED_FILES[:3], tmp_path / "serial")
    early, created = _spy_pools(monkeypatch)
    pooled = write_dataset(SEED_FILES[:3], tmp_path / "pooled", workers=2)
    assert len(early) == 1 and created == early
    assert pooled.table("figures").equals(serial.table("figures"))
    with pytest.raises(RuntimeError):  # shut down when the run ended
        early[0].submit(int)


def test_a_pool_started_before_the_plan_is_stopped_when_one_file_is_left_to_do(tmp_path, monkeypatch):
    """Three inputs, two of them copies of the first: one job, run in this process; the early pool is
    stopped unused, and nothing else is started."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes(SEED_FILES[0].read_bytes())
    early, created = _spy_pools(monkeypatch)
    summary = write_dataset([folder], tmp_path / "out", workers=2)
    assert list(summary.manifest.status) == ["processed", "duplicate", "duplicate"]
    assert len(early) == 1 and created == early
    with pytest.raises(RuntimeError):
        early[0].submit(int)
    one = write_dataset([SEED_FILES[0]], tmp_path / "one").table("figures")
    columns = ["start", "end", "raw", "value", "unit", "indicator", "year", "district", "scope"]
    assert len(one) and summary.table("figures")[columns].equals(one[columns])


# ------------------------------------------------------------------------- workers without pandas


_WORKER = """
import json, sys
from pathlib import Path
from edureports import batch
from edureports.catalogue import read_catalogue
batch._arrow_without_pandas()  # what the pool's initializer does, here raising what goes wrong
batch._warm_up()
work, catalogue, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
jobs = [batch.Job(p, p, Path(p).stem, f"{i:064d}", f"k{i}", work) for i, p in enumerate(paths)]
records = batch.run_jobs(jobs, read_catalogue(catalogue).only(job.doc_id for job in jobs))
print(json.dumps({"pandas": "pandas" in sys.modules, "records": records}))
"""


def _part_tables(work: Path, records: list[dict]) -> dict:
    import pyarrow as pa

    return {name: pa.ipc.open_file(work / "parts" / f"{records[0]['part']}.{name}{batch.PART}").read_all()
            for name in ("figures", "checks")}


def test_a_worker_extracts_and_writes_its_parts_without_importing_pandas(tmp_path):
    """What a pool worker does (warm up, then a task) in a process that has not imported pandas: pandas
    is still not imported after it, and the records and parts are those of a process that has it, the
    catalogue's rows (sent with the task) laid over the documents."""
    catalogue = tmp_path / "c.csv"
    catalogue.write_text(",".join(CATALOGUE_COLUMNS) + "\n" + f"{SEED_FILES[1].stem},Curated title,,,,,,2011,,\n",
                         encoding="utf-8")
    paths = [str(p) for p in SEED_FILES[:3]]
    out = subprocess.run([sys.executable, "-c", _WORKER, str(tmp_path / "alone"), str(catalogue), *paths],
                         capture_output=True, text=True, env=ENV, check=True)
    alone = json.loads(out.stdout)
    assert alone["pandas"] is False
    assert "pandas" in sys.modules  # (this process has it)
    jobs = [batch.Job(p, p, Path(p).stem, f"{i:064d}", f"k{i}", str(tmp_path / "here")) for i, p in enumerate(paths)]
    here = batch.run_jobs(jobs, load_catalogue(catalogue))
    assert alone["records"] == here
    assert here[1]["document"]["title"] == "Curated title" and here[0]["document"]["title"] != "Curated title"
    assert here[1]["document"]["year"] == 2011 and here[1]["document"]["year_source"] == "catalogue"
    theirs, ours = _part_tables(tmp_path / "alone", alone["records"]), _part_tables(tmp_path / "here", here)
    assert all(theirs[name].equals(ours[name]) and ours[name].num_rows for name in ours)


def test_a_worker_warms_up_even_when_keeping_pandas_out_fails(monkeypatch):
    calls = []

    def fails():
        calls.append("arrow")
        raise RuntimeError("no")

    monkeypatch.setattr(batch, "_arrow_without_pandas", fails)
    monkeypatch.setattr(batch, "_warm_up", lambda: calls.append("warm"))
    monkeypatch.setattr(batch.signal, "signal", lambda *a: None)  # (not this process's Ctrl-C)
    batch._init_worker()
    assert calls == ["arrow", "warm"]


def test_importing_the_package_or_its_cli_does_not_import_pandas():
    """``edureports --help`` and a batch's workers need no pandas; the names that do import it when used."""
    code = ("import sys, edureports, edureports.cli, edureports.batch, edureports.pipeline\n"
            "print('pandas' in sys.modules)\n"
            "print(edureports.panel.__module__, edureports.compare.__module__, 'pandas' in sys.modules)\n"
            "print(sorted({'panel', 'compare', 'extract'} - set(dir(edureports))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)
    assert out.stdout.splitlines() == ["False", "edureports.cells edureports.workbook True", "[]"]


def test_pool_workers_get_the_catalogue_with_their_files(tmp_path):
    """The curated catalogue goes to pool workers as the rows of each task's files: the documents are
    those of the in-process run; a catalogue given as a DataFrame or as its file is the same run."""
    catalogue = tmp_path / "c.csv"
    catalogue.write_text(",".join(CATALOGUE_COLUMNS) + "\n" + f"{SEED_FILES[0].stem},,,,,,,2012,,a note\n"
                         + f"{SEED_FILES[2].stem},Curated,,,,,,,,\n", encoding="utf-8")
    serial = write_dataset(SEED_FILES, tmp_path / "serial", catalogue=catalogue)
    pooled = write_dataset(SEED_FILES, tmp_path / "pooled", workers=2, catalogue=load_catalogue(catalogue))
    assert pooled.run_id == serial.run_id
    for name in ("documents", "figures", "checks"):
        assert pooled.table(name).equals(serial.table(name)), name
    docs = serial.table("documents").set_index("doc_id")
    assert docs.loc[SEED_FILES[0].stem, "year"] == 2012 and "catalogue: a note" in docs.loc[SEED_FILES[0].stem, "notes"]
    assert docs.loc[SEED_FILES[2].stem, "title"] == "Curated"
    plain = write_dataset(SEED_FILES, tmp_path / "plain", catalogue=None)
    assert plain.run_id != serial.run_id and plain.table("documents").loc[0, "year"] != 2012

"""extract(): one row per figure, every span pointing at its exact place in the source text."""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

import edureports
from edureports.batch import extract_many
from edureports.pipeline import extract
from edureports import schema
from conftest import SEED_FILES, SEED_IDS, seed_text
from formats import write_docx, write_encoded, write_html


@pytest.mark.parametrize("path", SEED_FILES, ids=SEED_IDS)
def test_every_row_points_at_its_raw_text_in_the_source(path):
    figures = extract(path)
    source = seed_text(path)
    assert len(figures) > 0
    schema.validate(figures, schema.FIGURES)
    for row in figures.itertuples():
        assert source[row.start:row.end] == row.raw
    assert figures["figure_id"].is_unique


@pytest.mark.parametrize("wrap", ["gb18030", "utf-16", "html", "docx"])
def test_same_figures_whatever_the_container(tmp_path, wrap):
    path = next(p for p in SEED_FILES if p.name.startswith("002"))
    text = seed_text(path)
    if wrap in ("gb18030", "utf-16"):
        other = write_encoded(tmp_path / path.name, text, wrap)
    elif wrap == "html":
        other = write_html(tmp_path / (path.stem + ".html"), text)
    else:
        other = write_docx(tmp_path / (path.stem + ".docx"), text)
    expected = extract(path)
    got = extract(other)
    report = edureports.read_report(other)
    for row in got.itertuples():
        assert report.source[row.start:row.end] == row.raw
    cols = ["raw", "value", "unit", "qualifier", "role", "measure"]
    assert got[cols].equals(expected[cols])


def test_extract_takes_a_text_a_str_path_or_a_path():
    path = SEED_FILES[-1]
    assert extract(str(path)).equals(extract(path))
    df = extract("今年投入2000万元,新增学位2700个,近2千所学校。")
    assert list(df["raw"]) == ["2000万元", "2700个", "近2千所"]
    assert list(df["value"]) == [20_000_000.0, 2700.0, 2000.0]
    assert list(df["qualifier"]) == ["exact", "exact", "approx"]
    assert set(df["doc_id"]) == {"text"}


def test_no_figures_is_an_empty_frame_with_the_columns():
    df = extract("十分重视,进一步加强,万一出现问题。")
    assert df.empty
    schema.validate(df, schema.FIGURES)


def test_wrong_argument_type():
    with pytest.raises(TypeError):
        extract(3.5)


def test_masked_digits_have_no_value():
    df = extract("招收免费师范生1459*名。")
    assert df["qualifier"].tolist() == ["masked"] and math.isnan(df["value"].iloc[0])


def test_batch_never_loses_a_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in SEED_FILES[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 junk")
    (folder / "sub").mkdir()
    (folder / "sub" / SEED_FILES[0].name).write_bytes(SEED_FILES[0].read_bytes())  # the same bytes again
    (folder / "other").mkdir()
    (folder / "other" / SEED_FILES[1].name).write_bytes(SEED_FILES[2].read_bytes())  # same name, other bytes
    docs, figs, manifest = extract_many([folder, tmp_path / "missing.txt"])
    assert len(manifest) == 7
    status = dict(zip(manifest["path"].map(lambda p: p.split("/in/")[-1]), manifest["status"]))
    assert sum(s == "processed" for s in status.values()) == 2
    assert status[f"sub/{SEED_FILES[0].name}"] == "duplicate"
    duplicate = manifest[manifest.status == "duplicate"].reason.iloc[0]
    assert duplicate == f"same content as {folder / SEED_FILES[0].name}"
    failed = manifest[manifest.status == "failed"].set_index("doc_id")["reason"]
    assert "empty" in failed["empty"] and "pdf" in failed["scan"]
    assert "duplicate doc_id" in failed[SEED_FILES[1].stem]
    assert "missing" in failed.index
    assert sorted(docs["doc_id"]) == sorted(p.stem for p in SEED_FILES[:2])
    assert docs.set_index("doc_id")["n_figures"].to_dict() == figs.groupby("doc_id").size().to_dict()


def test_cli_extract_writes_the_dataset_and_the_sources(tmp_path):
    out = tmp_path / "out"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    cmd = [sys.executable, "-m", "edureports.cli", "extract", *map(str, SEED_FILES), str(bad), "--out", str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # one input failed, the rest written
    assert "bad.docx" in result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{len(SEED_FILES)} processed, 1 failed, 0 duplicate(s)")
    figures = pd.read_parquet(out / "figures.parquet")
    documents = pd.read_parquet(out / "documents.parquet")
    manifest = pd.read_csv(out / "manifest.csv", keep_default_na=False)
    assert list(manifest.columns) == ["path", "doc_id", "status", "reason", "n_figures", "sha256", "run_id"]
    assert len(manifest) == len(SEED_FILES) + 1 and len(documents) == len(SEED_FILES)
    for doc_id, rows in figures.groupby("doc_id"):
        source = (out / "sources" / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert source == seed_text(next(p for p in SEED_FILES if p.stem == doc_id))
        for row in rows.itertuples():
            assert source[row.start:row.end] == row.raw


def test_process_pool_and_dask_cluster_give_the_same_dataset(tmp_path):
    from dask.distributed import LocalCluster

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    inputs = [*SEED_FILES, bad]
    docs, figs, manifest = extract_many(inputs)
    pool = extract_many(inputs, workers=2)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        dask_run = extract_many(inputs, scheduler=cluster.scheduler_address)
    for other in (pool, dask_run):
        assert other[0].equals(docs)
        assert other[1].equals(figs)
        assert other[2].equals(manifest)
    assert list(manifest.status) == ["processed"] * len(SEED_FILES) + ["failed"]


def test_figure_rows_hold_the_figure_columns_in_order_each_row_its_own():
    """figure_rows fills a copy of one empty row per figure: every row has the table's columns in order,
    and no two rows share a dict (a row changed later changes no other)."""
    from edureports.pipeline import figure_rows
    from edureports.normalisation import normalise

    text = "全市投入5775.1万元,新建学校3所;遂川县招生4468人,比上年增加了1565人,同比增长54%。"
    rows = figure_rows("t", text, normalise(text), {"year": 2019})
    assert len(rows) == 5
    assert all(list(row) == schema.FIGURE_COLUMNS for row in rows)
    assert len({id(row) for row in rows}) == len(rows)
    assert [row["figure_id"] for row in rows] == [f"t:{i:04d}" for i in range(5)]
    assert [row["raw"] for row in rows] == ["5775.1万元", "3所", "4468人", "1565人", "54%"]
    rows[0]["raw"] = "changed"
    assert rows[1]["raw"] == "3所"


@pytest.mark.parametrize("path", SEED_FILES[:3], ids=SEED_IDS[:3])
def test_figure_rows_stage_by_stage_are_the_figure_by_figure_rows(path):
    """figure_rows fills its columns one stage at a time over every figure; each figure's indicator, year,
    district and enumeration key are what the stages give it figure by figure."""
    from edureports.attribution import FigureDistricts, SectionYears, figure_year, home_district
    from edureports.context import describe
    from edureports.documents import document_row
    from edureports.indicators import assign
    from edureports.load import read_report
    from edureports.normalisation import normalise
    from edureports.pipeline import figure_rows
    from edureports.places import Place
    from edureports.quantities import find_quantities

    report = read_report(path)
    norm = normalise(report.source)
    meta = document_row(report, norm)
    text, home = norm.text, home_district(meta)
    rows = figure_rows(report.doc_id, report.source, norm, meta)
    figures = describe(text, find_quantities(text))
    sections = SectionYears(text)
    districts = FigureDistricts(text, Place(meta.get("province"), meta.get("city"), meta.get("district"),
                                            meta.get("admin_code")))
    assert len(rows) == len(figures) > 0
    for row, fig in zip(rows, figures):
        q, sentence = fig.quantity, text[fig.sentence_start:fig.sentence_end].strip()
        label = assign(fig.measure, sentence, q.unit, fig.role)
        keys = fig.enum_keys if fig.enum_index is not None else ()
        district = districts.at(fig.sentence_start, fig.sentence_end, q.start, fig.enum_key) or home
        assert (row["sentence"], row["indicator"], row["keyword"], row["enum_key"]) == (
            sentence, label.indicator, label.keyword, fig.enum_key)
        assert row["year"] == figure_year(text, q.start, q.end, fig.sentence_start, fig.sentence_end,
                                          report_year=meta.get("year"), period=meta.get("period"), role=fig.role,
                                          enum_keys=keys, enum_index=fig.enum_index, sections=sections)
        assert row["district"] == district

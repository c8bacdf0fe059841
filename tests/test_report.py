"""`edureports report`: papermill over the notebooks into an offline HTML site, and the data behind charts."""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest

from edureports.dataset import open_dataset
from edureports.cells import panel
from edureports.report import NOTEBOOK_DIR, run_reports
from edureports.workbook import report_name
from conftest import SEEDS

PROFILES = ["九原区", "吉安市", "广州市", "城中区", "武江区"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    inputs = base / "inputs"
    inputs.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    code = run_reports(base / "reports", inputs=inputs, dataset_dir=base / "dataset")
    return base, code


def _reports(base):
    index = (base / "reports" / "index.html").read_text(encoding="utf-8")
    return re.findall(r'href="([^"]+\.html)"', index)


def test_every_notebook_and_one_profile_per_district_is_indexed(site):
    base, code = site
    assert code == 0
    names = [page[:-5] for page in _reports(base)]
    expected = [p.stem for p in sorted(NOTEBOOK_DIR.glob("0[0-3]_*.ipynb"))]
    expected += [report_name("04_district_profile", [d]) for d in sorted(PROFILES)]
    assert sorted(names) == sorted(expected)
    index = (base / "reports" / "index.html").read_text(encoding="utf-8")
    for name in names:
        summary = json.loads((base / "reports" / f"{name}.summary.json").read_text(encoding="utf-8"))["summary"]
        assert summary and summary in index.replace("&#x27;", "'")


def test_reports_exist_have_their_charts_and_no_error_output(site):
    base, _ = site
    for page in _reports(base):
        html = (base / "reports" / page).read_text(encoding="utf-8")
        assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) >= 1, page
        assert "Traceback" not in html, page
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html, page
        assert "open_workbook" not in html and "import" not in html.split("<body")[1], page  # no code cells


def test_reports_are_offline(site):
    base, _ = site
    for page in (base / "reports").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script\b", text, re.I), page
        assert not re.search(r"""(src|href)=["']https?://""", text), page
        assert not re.search(r"@import\s+url\(['\"]?https?://", text), page


def test_no_glyph_missing_anywhere(site):
    base, _ = site
    for nb_path in (base / "reports" / "executed").glob("*.ipynb"):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "") if out.get("output_type") == "stream" else ""
                assert "Glyph" not in text and "missing from font" not in text, nb_path.name


def test_chart_data_match_the_dataset(site):
    base, _ = site
    ds = open_dataset(base / "dataset")
    figs = ds.figures
    out = base / "reports"
    coverage = pd.read_csv(out / "00_corpus_overview_coverage.csv")
    assert coverage["n"].sum() == len(figs)
    # the funding and staffing charts draw the panel's whole-area cells: each cell's value once, no part
    cells = panel(figs)
    money = pd.read_csv(out / "01_funding_money.csv")
    stated = cells[(cells.category == "funding") & (cells.unit == "yuan")]
    assert len(money) == len(stated) and money["value"].sum() == pytest.approx(stated.value.sum())
    assert money["value_wan"].sum() == pytest.approx(stated.value.sum() / 1e4)
    staff = pd.read_csv(out / "03_staffing_staff.csv")
    heads = cells[(cells.category == "staffing") & cells.unit.isin(["person", "person_time"])]
    assert staff["value"].sum() == pytest.approx(heads.value.sum())
    for district in PROFILES:
        cats = pd.read_csv(out / f"{report_name('04_district_profile', [district])}_categories.csv")
        assert cats["n"].sum() == (figs.district == district).sum()


def test_corpus_overview_lists_every_document_and_the_failed_input(site):
    base, _ = site
    manifest = pd.read_csv(base / "dataset" / "manifest.csv", dtype=str, keep_default_na=False)
    assert len(manifest) == 6
    failed = manifest[manifest.status == "failed"]
    assert list(failed.doc_id) == ["broken"] and "pdf" in failed.reason.iloc[0]
    html = (base / "reports" / "00_corpus_overview.html").read_text(encoding="utf-8")
    for doc_id in manifest.doc_id:
        assert doc_id in html


def test_notebooks_have_a_parameters_cell_with_the_standard_parameters():
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        for name in ("dataset_dir", "districts", "years", "lang", "output_dir"):
            assert re.search(rf"^{name} = ", tagged[0].source, re.M), (path, name)
        assert any("nbval-check-output" in c.metadata.get("tags", []) for c in nb.cells), path


def test_chinese_report_run(tmp_path):
    code = run_reports(tmp_path / "zh", inputs=SEEDS, dataset_dir=tmp_path / "ds", lang="zh",
                       notebooks=[NOTEBOOK_DIR / "02_exams.ipynb"])
    assert code == 0
    html = (tmp_path / "zh" / "02_exams.html").read_text(encoding="utf-8")
    assert "九原区" in html and "Jiuyuan" not in html


def test_a_failing_notebook_is_named_with_its_parameters_and_cell(tmp_path):
    bad = tmp_path / "99_broken.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('dataset_dir = ""\nlang = "en"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("raise RuntimeError('boom')")]
    nbformat.write(nb, bad)
    good = NOTEBOOK_DIR / "00_corpus_overview.ipynb"
    code = run_reports(tmp_path / "out", inputs=SEEDS, dataset_dir=tmp_path / "ds", notebooks=[good, bad])
    assert code == 1
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "99_broken: cell" in index and "RuntimeError" in index and "boom" in index and "dataset_dir" in index
    assert (tmp_path / "out" / "00_corpus_overview.html").exists()  # the other report is intact


def test_a_failed_notebook_is_retried_once(monkeypatch, tmp_path):
    from edureports import report

    calls = []

    def flaky(notebook, name, parameters, out_dir):
        calls.append(name)
        if len(calls) == 1:
            return report.Outcome(name, None, "Kernel died before replying to kernel_info", "")
        return report.Outcome(name, f"{name}.html", None, "ok")

    monkeypatch.setattr(report, "_run_once", flaky)
    assert report._run_one("nb.ipynb", "nb", {}, str(tmp_path)).error is None
    assert calls == ["nb", "nb"]
    calls.clear()
    monkeypatch.setattr(report, "_run_once", lambda *a: calls.append(1) or report.Outcome("nb", None, "boom", ""))
    assert report._run_one("nb.ipynb", "nb", {}, str(tmp_path)).error == "boom"
    assert len(calls) == 2  # once, then one retry, then reported


def test_kernels_talk_over_ipc_sockets_of_their_own():
    import os

    from edureports.report import _ipc_kernel_manager

    if os.name == "nt":
        pytest.skip("IPC transport is POSIX only")
    cls = _ipc_kernel_manager()
    a, b = cls(kernel_name="python3"), cls(kernel_name="python3")
    assert a.transport == b.transport == "ipc"
    assert a.ip != b.ip  # no shared port or socket name between two kernels starting at once

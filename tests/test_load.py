"""Load stage: every format and encoding gives the same text; bad input names the file and the problem."""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import edureports
from edureports import errors
from conftest import SEED_FILES, SEED_IDS, seed_text
from formats import write_docx, write_encoded, write_html, write_pdf, write_scanned_pdf


def clean(text: str) -> str:
    return edureports.normalise(text).text.strip("\n")


# --------------------------------------------------------------------------- encodings


@dataclass(frozen=True)
class Encoding:
    name: str
    codec: str
    reported: str


ENCODINGS = [
    Encoding("utf8", "utf-8", "utf-8"),
    Encoding("utf8_bom", "utf-8-sig", "utf-8-sig"),
    Encoding("utf16_bom", "utf-16", "utf-16"),
    Encoding("utf16le_no_bom", "utf-16-le", "utf-16-le"),
    Encoding("gb18030", "gb18030", "gb18030"),
]


@pytest.mark.parametrize("enc", ENCODINGS, ids=[e.name for e in ENCODINGS])
@pytest.mark.parametrize("path", SEED_FILES, ids=SEED_IDS)
def test_reencoded_seed_decodes_to_the_same_source(tmp_path, path, enc):
    text = seed_text(path)
    report = edureports.read_report(write_encoded(tmp_path / path.name, text, enc.codec))
    assert report.encoding == enc.reported
    assert report.source == text  # BOM removed, newlines untouched, nothing else changed


def _big5_lines(text: str) -> str:
    keep = []
    for line in text.split("\n"):
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        keep.append(line)
    return "\n".join(keep)


@pytest.mark.parametrize("path", [p for p in SEED_FILES if len(_big5_lines(seed_text(p))) > 500],
                         ids=lambda p: p.stem[:3])
def test_big5_seed_lines_decode_to_the_same_source(tmp_path, path):
    text = _big5_lines(seed_text(path))
    report = edureports.read_report(write_encoded(tmp_path / path.name, text, "big5"))
    assert report.encoding in ("big5", "big5hkscs")
    assert report.source == text
    assert clean(report.source) == clean(text)


def test_crlf_newlines_are_kept_in_the_source(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("第一行投入5万元\r\n第二行新增3所\r\n".encode("gb18030"))
    report = edureports.read_report(p)
    assert report.source == "第一行投入5万元\r\n第二行新增3所\r\n"
    assert clean(report.source) == "第一行投入5万元\n第二行新增3所"


# --------------------------------------------------------------------------- containers


@pytest.mark.parametrize("path", SEED_FILES, ids=SEED_IDS)
def test_html_wrapped_seed_gives_the_same_clean_text(tmp_path, path):
    text = seed_text(path)
    report = edureports.read_report(write_html(tmp_path / (path.stem + ".html"), text, title="述职报告"))
    assert report.format == "html"
    assert clean(report.source) == clean(text)
    assert report.metadata["title"] == "述职报告"
    assert report.metadata["published"] == "2020-01-23 09:24"
    for chrome in ("统计代码", "新闻中心", "版权所有", "分享到", "工作总结\n首页"):
        assert chrome not in report.source


@pytest.mark.parametrize("path", SEED_FILES, ids=SEED_IDS)
def test_docx_wrapped_seed_gives_the_same_clean_text(tmp_path, path):
    text = seed_text(path)
    report = edureports.read_report(write_docx(tmp_path / (path.stem + ".docx"), text, title="工作总结"))
    assert report.format == "docx" and report.encoding is None
    assert clean(report.source) == clean(text)
    assert report.metadata["title"] == "工作总结"


@pytest.mark.parametrize("path", SEED_FILES, ids=SEED_IDS)
def test_pdf_wrapped_seed_gives_the_same_clean_text_up_to_layout_breaks(tmp_path, path):
    text = seed_text(path)
    report = edureports.read_report(write_pdf(tmp_path / (path.stem + ".pdf"), text))
    assert report.format == "pdf"
    # A PDF knows lines, not paragraphs; its layout breaks lines anywhere (even inside `區(qū)`):
    # compare with all line breaks and spaces taken out before normalising.
    flat = lambda t: clean(re.sub(r"\s+", "", t))
    assert flat(report.source) == flat(text)


def test_html_main_text_keeps_inline_markup_on_one_line(tmp_path):
    p = tmp_path / "inline.htm"
    p.write_text("<html><body><div class='content'><p>投入<b>2000</b>万元,新增<span>3</span>所</p></div>"
                 "<div class='footer'>联系我们 电话 8888</div></body></html>", encoding="utf-8")
    assert edureports.read_report(p).source == "投入2000万元,新增3所"


def test_gbk_html_with_meta_charset(tmp_path):
    p = tmp_path / "gbk.html"
    p.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
                  "<title>工作总结</title></head><body><p>发布时间:2019-12-30</p><p>教育投入3亿元</p></body></html>"
                  .encode("gbk"))
    report = edureports.read_report(p)
    assert report.encoding == "gbk"
    assert report.metadata == {"title": "工作总结", "published": "2019-12-30"}
    assert "教育投入3亿元" in report.source


# --------------------------------------------------------------------------- bad input


@dataclass(frozen=True)
class Bad:
    name: str
    filename: str
    make: object  # callable(path) -> None
    error: type
    problem: str  # regex the message must match


def _zip_without_document(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not a word document")


BAD_INPUTS = [
    Bad("empty_txt", "empty.txt", lambda p: p.write_bytes(b""), errors.EmptyFileError, "empty"),
    Bad("whitespace_txt", "blank.txt", lambda p: p.write_bytes(b" \n\t\n"), errors.EmptyFileError, "empty"),
    Bad("binary_noise", "noise.txt", lambda p: p.write_bytes(bytes(range(256)) * 8 + os.urandom(512)),
        errors.BinaryFileError, "binary"),
    Bad("unknown_extension", "report.xls", lambda p: p.write_bytes("投入5万元".encode()),
        errors.UnsupportedFormatError, r"unknown extension '\.xls'"),
    Bad("corrupt_docx", "broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 this is not a zip"),
        errors.CorruptFileError, r"not a readable \.docx"),
    Bad("zip_not_docx", "other.docx", _zip_without_document, errors.CorruptFileError, r"not a readable \.docx"),
    Bad("corrupt_pdf", "broken.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n garbage garbage"),
        errors.CorruptFileError, r"not a readable \.pdf"),
    Bad("pdf_without_text_layer", "scan.pdf", write_scanned_pdf, errors.NoTextLayerError, "no text layer"),
    Bad("empty_html", "empty.html", lambda p: p.write_text("<html><body><script>x=1</script></body></html>"),
        errors.EmptyFileError, "no text"),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.name for c in BAD_INPUTS])
def test_bad_input_raises_a_specific_error_naming_the_file(tmp_path, case):
    path = tmp_path / case.filename
    case.make(path)
    with pytest.raises(case.error) as info:
        edureports.read_report(path)
    assert case.filename in str(info.value)
    assert info.value.path == str(path)
    assert re.search(case.problem, info.value.problem), info.value.problem


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(errors.ReportError, match="nowhere.txt"):
        edureports.read_report(tmp_path / "nowhere.txt")


def test_wrong_argument_type_is_a_type_error():
    with pytest.raises(TypeError):
        edureports.read_report(42)

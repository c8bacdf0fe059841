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
from formats import write_docx, write_encoded, write_html, write_pdf, write_scanned_pdf, damage_docx


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


def _truncated_pdf(p: Path) -> None:
    from formats import write_pdf

    write_pdf(p, "今年投入5775.1万元。" * 10)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 3])


def _zip_without_document(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not a word document")


BAD_INPUTS = [
    Bad("empty_txt", "empty.txt", lambda p: p.write_bytes(b""), errors.EmptyFileError, "empty"),
    Bad("whitespace_txt", "blank.txt", lambda p: p.write_bytes(b" \n\t\n"), errors.EmptyFileError, "empty"),
    Bad("binary_noise", "noise.txt", lambda p: p.write_bytes(bytes(range(256)) * 8 + os.urandom(512)),
        errors.BinaryFileError, "binary"),
    Bad("spreadsheet", "report.xls", lambda p: p.write_bytes("投入5万元".encode()),
        errors.UnsupportedFormatError, r"'\.xls' is a spreadsheet"),
    Bad("unknown_extension", "report.abc", lambda p: p.write_bytes("投入5万元".encode()),
        errors.UnsupportedFormatError, r"unknown extension '\.abc'; rename it if it is a report"),
    Bad("image", "page.PNG", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)),
        errors.UnsupportedFormatError, "image: run OCR"),
    Bad("damaged_docx_deflate", "damaged.docx", lambda p: damage_docx(p, "deflate"), errors.CorruptFileError,
        r"not a readable \.docx"),
    Bad("damaged_docx_xml", "badxml.docx", lambda p: damage_docx(p, "xml"), errors.CorruptFileError,
        r"not a readable \.docx"),
    Bad("truncated_docx", "cut.docx", lambda p: damage_docx(p, "truncate"), errors.CorruptFileError,
        r"not a readable \.docx"),
    Bad("truncated_pdf", "cut.pdf", lambda p: _truncated_pdf(p), errors.ReportError, "pdf|text layer"),
    Bad("mostly_undecodable", "mixed.txt", lambda p: p.write_bytes("投入5万元".encode() + os.urandom(400)),
        errors.BinaryFileError, "binary"),
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


# --------------------------------------------------------------------------- tolerated damage


@dataclass(frozen=True)
class Damaged:
    name: str
    damage: object  # callable(bytes) -> bytes
    encoding: str
    replaced: int  # bytes the reader must report replaced


SEED_TEXT = "区教育经费投入5775.1万元,惠及学生57.9万人。\n新建学校12所,新增学位2700个。\n" * 40

DAMAGED = [
    Damaged("stray_byte_utf8", lambda b: b[:300] + b"\xff" + b[300:], "utf-8", 1),
    Damaged("last_char_cut_utf8", lambda b: b[:-2], "utf-8", 1),
    Damaged("stray_bytes_gb18030", lambda b: b[:301] + b"\xff\xff" + b[301:], "gb18030", 2),
]


@pytest.mark.parametrize("case", DAMAGED, ids=[c.name for c in DAMAGED])
def test_a_few_bad_bytes_are_replaced_not_refused(tmp_path, case):
    data = case.damage(SEED_TEXT.rstrip("\n").encode(case.encoding))
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    report = edureports.read_report(path)
    assert report.encoding == case.encoding
    assert report.metadata["replaced_bytes"] >= case.replaced
    assert report.source.count("\ufffd") >= 1
    assert "5775.1万元" in report.source and "2700个" in report.source


def test_a_clean_file_reports_no_replacement(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_bytes(SEED_TEXT.encode("gb18030"))
    report = edureports.read_report(path)
    assert "replaced_bytes" not in report.metadata and report.source == SEED_TEXT


def test_html_nested_thousands_deep_is_read_without_recursion(tmp_path):
    path = tmp_path / "deep.html"
    depth = 5000
    path.write_text("<html><body>" + "<div>" * depth + "投入5万元" + "</div>" * depth + "<p>完</p></body></html>",
                    encoding="utf-8")
    report = edureports.read_report(path)
    assert report.source.split("\n") == ["投入5万元", "完"]


def test_old_word_doc_says_what_to_do(tmp_path, monkeypatch):
    from edureports import load

    monkeypatch.setattr(load, "doc_converter", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(errors.UnsupportedFormatError, match="install antiword or LibreOffice"):
        edureports.read_report(path)


def test_old_word_doc_is_read_through_the_installed_converter(tmp_path, monkeypatch):
    from edureports import load

    # a stand-in converter that prints the file (the real ones: antiword, LibreOffice --cat)
    monkeypatch.setattr(load, "doc_converter", lambda: ["cat"])
    path = tmp_path / "old.doc"
    path.write_bytes("教育經費投入5775.1萬元。".encode("utf-8"))
    report = edureports.read_report(path)
    assert (report.format, report.source) == ("doc", "教育經費投入5775.1萬元。")
    monkeypatch.setattr(load, "doc_converter", lambda: ["false"])
    with pytest.raises(errors.CorruptFileError, match="could not read this .doc"):
        edureports.read_report(path)

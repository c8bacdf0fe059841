"""Load stage: a report file -> its source text and file metadata.

The *source text* is the character space every offset in the project refers to:

- ``.txt``: the decoded file content exactly (a leading BOM removed, newlines untouched);
- ``.html``/``.htm``: the main text of the page, one line per block element, with navigation,
  scripts, styles, headers and footers dropped; ``<title>`` and the publication date go to metadata;
- ``.docx``: the paragraphs (and table cells) one per line;
- ``.pdf``: the text layer, page after page.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = p.write_bytes("教育經費投入5775.1萬元".encode("big5"))
>>> r = read_report(p)
>>> (r.doc_id, r.format, r.encoding, r.source)
('r', 'txt', 'big5', '教育經費投入5775.1萬元')
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyFileError,
    NoTextLayerError,
    ReportError,
    UnsupportedFormatError,
)

__all__ = ["Report", "read_report", "FORMATS"]

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}

# Encodings a Chinese report plausibly comes in; detection is restricted to these so that
# a GB18030 decoder (which accepts almost any byte sequence) does not win on Big5 text by accident.
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16", "utf_16_le", "utf_16_be"]
_BOMS = [
    (b"\xef\xbb\xbf", "utf_8_sig", "utf-8-sig"),
    (b"\xff\xfe", "utf_16", "utf-16"),
    (b"\xfe\xff", "utf_16", "utf-16"),
]
_ENCODING_NAMES = {"utf_8": "utf-8", "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030",
                   "big5": "big5", "big5hkscs": "big5hkscs", "cp950": "big5", "utf_16": "utf-16",
                   "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}


@dataclass(frozen=True)
class Report:
    """One input file, loaded. ``source`` is the text all offsets refer to."""

    doc_id: str
    path: str
    format: str
    encoding: str | None
    source: str
    sha256: str
    metadata: dict = field(default_factory=dict)

    @property
    def n_chars(self) -> int:
        return len(self.source)


def read_report(path: str | Path) -> Report:
    """Read one report file; raise a :class:`~edureports.errors.ReportError` subclass naming the
    file and the problem when it cannot be read."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"read_report() takes a path, not {type(path).__name__}")
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(path, f"unknown extension {path.suffix!r}; expected one of "
                                           + ", ".join(sorted(FORMATS)))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    reader = {"txt": _read_txt, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf}[fmt]
    source, encoding, metadata = reader(path, data)
    if not source.strip():
        raise EmptyFileError(path, f"no text in this {fmt} file")
    return Report(
        doc_id=path.stem,
        path=str(path),
        format=fmt,
        encoding=encoding,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=metadata,
    )


# ---------------------------------------------------------------------------------------- text


def decode_bytes(path: Path, data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM first, then strict UTF-8, then charset detection.

    Returns ``(text, encoding)``; a leading BOM is removed and nothing else is changed.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise BinaryFileError(path, f"starts with a {name} byte-order mark but does not decode: {exc.reason}") from exc
            return text, name  # the codec drops the BOM itself
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise BinaryFileError(path, "binary content: not text in UTF-8, UTF-16, GB18030 or Big5")
    text = str(best)
    if _looks_binary(text):
        raise BinaryFileError(path, f"binary content: decodes as {best.encoding} only to control characters")
    return text, _ENCODING_NAMES.get(best.encoding, best.encoding)


def _looks_binary(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(text) > 0.05


def _read_txt(path: Path, data: bytes) -> tuple[str, str, dict]:
    text, encoding = decode_bytes(path, data)
    if _looks_binary(text):
        raise BinaryFileError(path, "binary content: control characters throughout")
    return text, encoding, {}


# ---------------------------------------------------------------------------------------- html

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p",
    "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul", "title", "body", "center",
}
_DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
              "template", "svg", "button", "select", "head"]
_CHROME = re.compile(r"(^|[-_ ])(nav|navbar|menu|footer|foot|header|breadcrumb|crumb|sidebar|share|"
                     r"comment|copyright|toolbar|pager|related|advert|ads)([-_ ]|$)", re.I)
_DATE = re.compile(r"(20\d\d|19\d\d)[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?")
_PUBLISHED_META = ("article:published_time", "pubdate", "publishdate", "publish_date", "date",
                   "dc.date", "dc.date.issued", "dcterms.created", "og:published_time")


def _read_html(path: Path, data: bytes) -> tuple[str, str, dict]:
    from bs4 import BeautifulSoup

    declared = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.I)
    text = None
    encoding = None
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_bytes(path, data)
    soup = BeautifulSoup(text, "lxml")
    if soup.find() is None:
        raise BinaryFileError(path, "no HTML elements found")
    meta: dict = {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(strip=True)
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        if key in _PUBLISHED_META and tag.get("content") and "published" not in meta:
            meta["published"] = _iso_date(tag["content"]) or tag["content"]
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:  # removed together with an ancestor
            continue
        marker = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if marker.strip() and _CHROME.search(marker):
            tag.decompose()
    body = soup.body or soup
    source = _block_text(body)
    if "published" not in meta:
        m = re.search(r"(?:发布|發布|时间|時間|日期)[^\n]{0,6}?[:：]\s*" + _DATE.pattern, source)
        if m:
            meta["published"] = _iso_date(m.group(0))
    return source, encoding, meta


def _block_text(root) -> str:
    """Text of ``root`` with one line per block element; inline text kept as written."""
    from bs4 import NavigableString, Comment

    parts: list[str] = []

    def walk(node):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(re.sub(r"[\r\n]+", " ", str(child)))
            elif child.name in _BLOCK_TAGS:
                parts.append("\n")
                walk(child)
                parts.append("\n")
            else:
                walk(child)

    walk(root)
    lines = [line.strip(" \t") for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line.strip())


def _iso_date(value: str) -> str | None:
    m = _DATE.search(value)
    if not m:
        return None
    y, mo, d, t = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}" + (f" {t}" if t else "")


# ---------------------------------------------------------------------------------------- docx


def _read_docx(path: Path, data: bytes) -> tuple[str, None, dict]:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFileError(path, f"not a readable .docx (Word) file: {exc}") from exc
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row if cell.tag.endswith("}tc")
                    ]
                    lines.append("\t".join(cells))
    props = document.core_properties
    meta: dict = {}
    if props.title:
        meta["title"] = props.title
    if props.created:
        meta["created"] = props.created.date().isoformat()
    return "\n".join(lines), None, meta


# ---------------------------------------------------------------------------------------- pdf


def _read_pdf(path: Path, data: bytes) -> tuple[str, None, dict]:
    import io
    import logging

    import pypdf
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptFileError(path, f"not a readable .pdf file: {exc}") from exc
    if not pages:
        raise CorruptFileError(path, "the PDF has no pages")
    source = "\n".join(page.rstrip("\n") for page in pages)
    if not source.strip():
        raise NoTextLayerError(path, f"the PDF has {len(pages)} page(s) but no text layer (a scan?); "
                                     "run OCR first")
    meta: dict = {}
    title = info.get("/Title") if hasattr(info, "get") else None
    if title:
        meta["title"] = str(title)
    created = info.get("/CreationDate") if hasattr(info, "get") else None
    if created and re.match(r"D:\d{8}", str(created)):
        c = str(created)[2:10]
        meta["created"] = f"{c[:4]}-{c[4:6]}-{c[6:8]}"
    return source, None, meta

"""Load stage: a report file -> its source text and file metadata.

The *source text* is the character space every offset in the project refers to:

- ``.txt``: the decoded file content exactly (a leading BOM removed, newlines untouched);
- ``.html``/``.htm``: the main text of the page, one line per block element, with navigation,
  scripts, styles, headers and footers dropped; ``<title>`` and the publication date go to metadata;
- ``.docx``: the paragraphs (and table cells) one per line;
- ``.pdf``: the text layer, page after page;
- ``.doc`` (old Word): the text a maintained converter gives (antiword, else LibreOffice), when one is
  installed.

Text with a few undecodable bytes is decoded with U+FFFD at those places (``metadata["replaced_bytes"]``
says how many); only text that is mostly undecodable is refused as binary.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = p.write_bytes("教育經費投入5775.1萬元".encode("big5"))
>>> r = read_report(p)
>>> (r.doc_id, r.format, r.encoding, r.source)
('r', 'txt', 'big5', '教育經費投入5775.1萬元')
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ._data import load_yaml
from .errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyFileError,
    NoTextLayerError,
    ReportError,
    UnsupportedFormatError,
)

__all__ = ["Report", "read_report", "FORMATS", "unsupported_reason"]

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
           ".doc": "doc"}

# What to do with files we do not read, by extension (the reason given in the manifest).
_NOT_READ = {
    (".xls", ".xlsx", ".et", ".csv", ".ods"): "a spreadsheet, not a report text: save the report itself "
                                              "as .docx, .pdf or .txt",
    (".ppt", ".pptx", ".dps"): "a slide deck: export it to .pdf",
    (".wps", ".rtf", ".odt"): "a word-processor format we do not read: save it as .docx",
    (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"): "an image: run OCR to get its text",
    (".zip", ".rar", ".7z", ".gz", ".tar"): "an archive: unpack it and pass the folder",
}
# Few undecodable bytes are replaced; past this share of the bytes the text is treated as undecodable.
_MAX_REPLACED_SHARE = 0.02

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
        raise UnsupportedFormatError(path, unsupported_reason(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    reader = {"txt": _read_txt, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf, "doc": _read_doc}[fmt]
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


def unsupported_reason(path: str | Path) -> str:
    """Why a file with this extension is not read, and what to do about it.

    >>> unsupported_reason("scan.JPG")
    "'.jpg' is an image: run OCR to get its text"
    """
    suffix = Path(path).suffix.lower()
    for suffixes, reason in _NOT_READ.items():
        if suffix in suffixes:
            return f"{suffix!r} is {reason}"
    kind = f"unknown extension {suffix!r}" if suffix else "no file extension"
    return f"{kind}; rename it if it is a report ({', '.join(sorted(FORMATS))})"


# ---------------------------------------------------------------------------------------- text


def _count_replaced(error: UnicodeDecodeError):
    """Decoding error handler: U+FFFD for each undecodable byte run, counting the bytes."""
    _REPLACED.append(error.end - error.start)
    return "\ufffd", error.end


_REPLACED: list[int] = []
codecs.register_error("edureports-count", _count_replaced)


def decode_loose(data: bytes, codec: str) -> tuple[str, int]:
    """``data`` decoded with U+FFFD for undecodable bytes, and how many bytes were replaced.

    >>> decode_loose("投入5万元".encode()[:-1], "utf_8")
    ('投入5万\ufffd', 2)
    """
    _REPLACED.clear()
    text = data.decode(codec, errors="edureports-count")
    n = sum(_REPLACED)
    _REPLACED.clear()
    return text, n


def decode_bytes(path: Path, data: bytes) -> tuple[str, str]:
    """Decode text bytes (see :func:`decode_text`); returns ``(text, encoding)``. A leading BOM is
    removed; nothing else is changed but the few undecodable bytes replaced with U+FFFD."""
    text, encoding, _ = decode_text(path, data)
    return text, encoding


def decode_text(path: Path, data: bytes) -> tuple[str, str, int]:
    """:func:`decode_bytes`, tolerating a few undecodable bytes (a stray byte, a last character cut in
    half): ``(text, encoding, bytes replaced with U+FFFD)``. Order: a BOM; strict UTF-8; UTF-8 with a
    few bytes replaced; charset detection; GB18030 or Big5 with a few bytes replaced."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name, 0  # the codec drops the BOM itself
            except UnicodeDecodeError as exc:
                raise BinaryFileError(path, f"starts with a {name} byte-order mark but does not decode: "
                                            f"{exc.reason}") from exc
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    text, replaced = decode_loose(data, "utf_8")
    if _tolerable(data, text, replaced):
        return text, "utf-8", replaced
    try:
        text, encoding = _detect(path, data)
        return text, encoding, 0
    except BinaryFileError as exc:
        refused = exc
    for codec, name in (("gb18030", "gb18030"), ("big5", "big5")):
        text, replaced = decode_loose(data, codec)
        if _tolerable(data, text, replaced):
            return text, name, replaced
    raise refused


def _tolerable(data: bytes, text: str, replaced: int) -> bool:
    """A loose decoding is believed when few bytes were replaced and the characters decoded outnumber
    them by far (a GBK text read as UTF-8 gives few wide characters and many replacements)."""
    if replaced > _MAX_REPLACED_SHARE * len(data) or _looks_binary(text):
        return False
    wide = sum(1 for ch in text if ord(ch) > 0x2E7F and ch != "\ufffd")
    return wide >= 20 * replaced


def _detect(path: Path, data: bytes) -> tuple[str, str]:
    """Charset detection restricted to the encodings a Chinese report plausibly comes in."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise BinaryFileError(path, "binary content: not text in UTF-8, UTF-16, GB18030 or Big5")
    text = str(best)
    if _looks_binary(text):
        raise BinaryFileError(path, f"binary content: decodes as {best.encoding} only to control characters")
    return text, _ENCODING_NAMES.get(best.encoding, best.encoding)


#: control characters (but line and page breaks and tabs) and private-use characters: not text
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff]")


def _looks_binary(text: str) -> bool:
    """More than 5% of the characters are control or private-use characters (or there are none)."""
    if not text:
        return True
    return len(_NOT_TEXT.findall(text)) / len(text) > 0.05


def _read_txt(path: Path, data: bytes) -> tuple[str, str, dict]:
    text, encoding, replaced = decode_text(path, data)
    if _looks_binary(text):
        raise BinaryFileError(path, "binary content: control characters throughout")
    return text, encoding, {"replaced_bytes": replaced} if replaced else {}


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


@functools.lru_cache(maxsize=1)
def _published_labels() -> tuple[frozenset[str], re.Pattern]:
    """The <meta> names that give a page's publication date, and the pattern of a labelled date in its
    text (``发布时间:2021-01-15``): vocabulary in ``data/published_dates.yaml``."""
    data = load_yaml("published_dates.yaml")
    labels = "|".join(map(re.escape, data["text_labels"]))
    return frozenset(data["meta_names"]), re.compile(rf"(?:{labels})[^\n]{{0,6}}?[:：]\s*" + _DATE.pattern)


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
    replaced = 0
    if text is None:
        text, encoding, replaced = decode_text(path, data)
    soup = BeautifulSoup(text, "lxml")
    if soup.find() is None:
        raise BinaryFileError(path, "no HTML elements found")
    meta: dict = {"replaced_bytes": replaced} if replaced else {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(strip=True)
    meta_names, labelled_date = _published_labels()
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        if key in meta_names and tag.get("content") and "published" not in meta:
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
        m = labelled_date.search(source)
        if m:
            meta["published"] = _iso_date(m.group(0))
    return source, encoding, meta


def _block_text(root) -> str:
    """Text of ``root`` with one line per block element; inline text kept as written. The walk keeps
    its own stack, so a page nested thousands of levels deep needs no recursion."""
    from bs4 import NavigableString, Comment

    parts: list[str] = []
    stack = [iter(root.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if len(stack) and stack[-1] is _CLOSE_BLOCK:
                stack.pop()
                parts.append("\n")
            continue
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(re.sub(r"[\r\n]+", " ", str(child)))
        elif child.name in _BLOCK_TAGS:
            parts.append("\n")
            stack += [_CLOSE_BLOCK, iter(child.children)]
        else:
            stack.append(iter(child.children))
    lines = [line.strip(" \t") for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line.strip())


_CLOSE_BLOCK = object()  # a marker on the walk's stack: a block element ends here


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

    try:
        document = docx.Document(io.BytesIO(data))
        lines = _docx_lines(document)
    except _damaged_zip_errors() as exc:
        raise CorruptFileError(path, f"not a readable .docx (Word) file: {type(exc).__name__}: {exc}") from exc
    props = document.core_properties
    meta: dict = {}
    if props.title:
        meta["title"] = props.title
    if props.created:
        meta["created"] = props.created.date().isoformat()
    return "\n".join(lines), None, meta


def _damaged_zip_errors() -> tuple:
    """What a damaged .docx raises: a bad zip, a bad deflate stream, broken XML, a missing part."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    return (PackageNotFoundError, zipfile.BadZipFile, zlib.error, XMLSyntaxError, KeyError, ValueError,
            EOFError, NotImplementedError)


def _docx_lines(document) -> list[str]:
    """The paragraphs and table rows (cells tab-separated) of a Word document, in order."""
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
    return lines


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
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError, AttributeError,
            IndexError, AssertionError, zlib.error, RecursionError) as exc:
        raise CorruptFileError(path, f"not a readable .pdf file: {type(exc).__name__}: {exc}") from exc
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


# ---------------------------------------------------------------------------------------- doc


def doc_converter() -> list[str] | None:
    """The command that turns an old Word .doc into text on this machine (antiword, else LibreOffice),
    or None when neither is installed."""
    if shutil.which("antiword"):
        return ["antiword", "-m", "UTF-8.txt", "-w", "0"]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    return [office, "--headless", "--cat"] if office else None


def _read_doc(path: Path, data: bytes) -> tuple[str, str, dict]:
    command = doc_converter()
    if command is None:
        raise UnsupportedFormatError(path, "an old Word .doc file: install antiword or LibreOffice to read it "
                                           "here, or save it as .docx")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "report.doc"
        copy.write_bytes(data)
        done = subprocess.run([*command, str(copy)], capture_output=True, timeout=120)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[:200]
        raise CorruptFileError(path, f"{Path(command[0]).name} could not read this .doc: {message}")
    text, _, replaced = decode_text(path, done.stdout)
    return text, None, {"replaced_bytes": replaced} if replaced else {}

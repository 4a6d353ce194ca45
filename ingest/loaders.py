"""Read a document file into plain text: .txt, .md, .html/.htm, .docx, .pdf.

Owns decoding (UTF-8, with a GBK/GB18030 fallback) and rejecting files that are not documents.
Paragraphs come back separated by blank lines; turning text into clauses is `parser.py`'s job.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import IngestError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def read_text(path: str | Path) -> str:
    """Return the text of a document file, paragraphs separated by blank lines.

    Raises:
        IngestError: the file is missing, empty, binary, of an unknown type, or cannot be decoded.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "no such file; check the path")
    if path.is_dir():
        raise IngestError(path, "is a folder; pass the document files inside it")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            path, f"unknown file type {suffix or '(none)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "file is empty")
    if suffix == ".docx":
        text = _read_docx(path)
    elif suffix == ".pdf":
        text = _read_pdf(path)
    else:
        text = decode_bytes(path, data)
        if suffix in (".html", ".htm"):
            text = _html_to_text(text)
        elif suffix == ".md":
            text = _markdown_to_text(text)
    if not text.strip():
        raise IngestError(path, "contains no text")
    return text


def decode_bytes(path: str | Path, data: bytes) -> str:
    """Decode a text file: UTF-8 (BOM allowed), else GB18030 (a superset of GBK and GB2312)."""
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise IngestError(path, "looks like a binary file, not text; export it as .txt, .docx or .pdf")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # subtle: GBK files are common from Windows editors in government offices; decode, don't refuse.
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise IngestError(path, f"not UTF-8 or GBK text (bad byte at offset {e.start}); re-save as UTF-8") from e


def _looks_binary(head: bytes) -> bool:
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return len(head) > 0 and control / len(head) > 0.05


def _html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    blocks = soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td"])
    leaves = [b for b in blocks if not b.find(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td"])]
    if not leaves:
        return soup.get_text("\n")
    return "\n\n".join(b.get_text("", strip=True) for b in leaves if b.get_text(strip=True))


_MD_MARKUP = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?)|(\*\*|__|`)")


def _markdown_to_text(md: str) -> str:
    return "\n".join(_MD_MARKUP.sub("", line) for line in md.splitlines())


def _read_docx(path: Path) -> str:
    import zipfile

    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Docx(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as e:
        raise IngestError(path, f"not a valid .docx file ({e.__class__.__name__}); re-save it from Word") from e
    return "\n\n".join(p.text for p in doc.paragraphs if p.text.strip())


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        # Layout mode keeps vertical gaps as blank lines, which is how paragraphs show in a PDF.
        pages = [p.extract_text(extraction_mode="layout") or "" for p in reader.pages]
    except (PdfReadError, ValueError, KeyError) as e:
        raise IngestError(path, f"not a readable PDF ({e}); export it again or use .docx") from e
    if not any(p.strip() for p in pages):
        raise IngestError(path, "PDF has no text layer (a scan?); run OCR first or supply the .docx")
    text = "\n\n".join(pages)
    # Layout mode pads with spaces for horizontal position; collapse runs of blank lines to one.
    lines = [ln.strip() for ln in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))

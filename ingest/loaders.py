"""Read a document file into plain text: .txt, .md, .html/.htm, .docx, .pdf.

Owns decoding (UTF-8, with a GBK/GB18030 fallback), rejecting files that are not documents, and
removing markup: Markdown and HTML markup and comments (<!-- --> never becomes text), tables as rows of
cells joined by " | ". .docx is `docx_reader.py`'s (automatic numbering, tables), .pdf is `pdf.py`'s
(page geometry, OCR for scans). Paragraphs come back separated by blank lines; turning text into
clauses is `parser.py`'s job.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import IngestError
from .furniture import drop_page_furniture, drop_wire_dateline
from .limits import Limits

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def read_text(path: str | Path, *, limits: Limits | None = None) -> str:
    """Return the text of a document file, paragraphs separated by blank lines.

    Raises:
        IngestError: the file is missing, empty, binary, of an unknown type, or cannot be decoded;
            `DocumentTooLarge` when it is over one of `limits` (checked before a .docx is unpacked).
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
        text = _read_docx(path, limits or Limits())
    elif suffix == ".pdf":
        text = _read_pdf(path)
    else:
        text = decode_bytes(path, data)
        if suffix in (".html", ".htm"):
            text = _html_to_text(text)
        elif suffix == ".md":
            text = _markdown_to_text(text)
        if suffix in (".txt", ".md"):  # a PDF copied to text keeps its page numbers and running headers
            text = drop_page_furniture(text)
    text = drop_wire_dateline(text)  # a news page's reprint of a document, in any format
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


_BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "th", "tr", "pre", "blockquote", "dt", "dd"]


def _html_to_text(html: str) -> str:
    """Leaf blocks as paragraphs, a table row as one paragraph of cells joined by " | ", a <br> as a
    paragraph break; scripts, styles and comments dropped."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "template", "noscript"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    paras: list[str] = []
    for block in soup.find_all(_BLOCKS):
        if block.name == "tr":
            cells = [_squeeze(c.get_text("")) for c in block.find_all(["td", "th"], recursive=False)]
            row = " | ".join(c for c in cells if c)
            if row:
                paras.append(row)
            continue
        if block.find(_BLOCKS) or block.find_parent("tr"):
            continue
        paras.extend(ln for ln in (_squeeze(x) for x in block.get_text("").split("\n")) if ln)
    if not paras:
        return soup.get_text("\n")
    return "\n\n".join(paras)


def _squeeze(text: str) -> str:
    return re.sub(r"[ \t\r\f\v\u00a0]+", " ", text).strip()


_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_INLINE = re.compile(r"(\*\*|__|~~|`)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_MD_RULE = re.compile(r"^\s{0,3}([-*_=])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_BLOCK_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[*+-]\s+(?=\S))")


def _markdown_to_text(md: str) -> str:
    """Markdown to paragraphs: comments, front matter, heading and list markers, emphasis, links and
    raw tags removed; setext underlines and rules dropped; a table row becomes "cell | cell"; a hard
    line break (two trailing spaces or a backslash) and every heading, list item and table row end a
    paragraph. Numbering such as 1. or （一） is text, not markup, and stays."""
    import html as html_lib

    md = _MD_COMMENT.sub("", md.replace("\r\n", "\n"))
    md = _MD_FRONT_MATTER.sub("", md)
    out: list[str] = []
    for raw in md.split("\n"):
        hard_break = raw.endswith(("  ", "\\"))
        line = raw.rstrip().rstrip("\\")
        if _MD_RULE.match(line) or _MD_TABLE_SEP.match(line):
            out.append("")
            continue
        own_paragraph = bool(_MD_BLOCK_PREFIX.match(line)) or line.strip().startswith("|")
        line = _MD_BLOCK_PREFIX.sub("", line)
        if line.strip().startswith("|"):
            line = " | ".join(c.strip() for c in line.strip().strip("|").split("|"))
        line = _MD_INLINE.sub("", _MD_LINK.sub(r"\1", line))
        line = html_lib.unescape(_MD_TAG.sub("", line))
        if own_paragraph:
            out.extend(["", line, ""])
        else:
            out.append(line)
        if hard_break:
            out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _read_docx(path: Path, limits: Limits) -> str:
    from .docx_reader import read_docx

    return read_docx(path, limits=limits)


def _read_pdf(path: Path) -> str:
    from .pdf import read_pdf

    return read_pdf(path)

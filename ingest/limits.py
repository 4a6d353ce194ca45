"""What reading one document may cost: the caps a caller sets (`Limits`; the staff upload's come from
`chat.settings`), checked as early as each reader can — a .docx's unpacked XML before it is parsed
(a small zip can unpack to gigabytes), paragraphs as they are read. Without `Limits` nothing is capped
(the bundled resolution, `policy-qa ingest`). Which limit applies to whom is the caller's policy.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentTooLarge


@dataclass(frozen=True)
class Limits:
    """Caps on one document; None = no cap.

    Args:
        max_paragraphs: paragraphs of text (a .docx: body paragraphs and table rows); bounds the clauses.
        max_docx_xml_bytes: the unpacked size of a .docx's XML parts, as its zip directory declares it
            (Python's zipfile never unpacks more than declared: a member that lies fails its CRC check).
    """

    max_paragraphs: int | None = None
    max_docx_xml_bytes: int | None = None

    def check_paragraphs(self, path: str | Path, count: int) -> None:
        """Raises DocumentTooLarge when `count` paragraphs are over `max_paragraphs`."""
        if self.max_paragraphs is not None and count > self.max_paragraphs:
            raise DocumentTooLarge(path, f"has more than {self.max_paragraphs:,} paragraphs (the limit per "
                                         "document); split it into several documents", limit="max_paragraphs")

    def check_docx(self, path: str | Path) -> None:
        """Raises DocumentTooLarge when the XML parts of the .docx unpack to more than `max_docx_xml_bytes`."""
        if self.max_docx_xml_bytes is None:
            return
        try:
            with zipfile.ZipFile(path) as z:
                unpacked = sum(i.file_size for i in z.infolist() if i.filename.endswith((".xml", ".rels")))
        except (zipfile.BadZipFile, OSError):
            return  # not a zip: the .docx reader says so
        if unpacked > self.max_docx_xml_bytes:
            raise DocumentTooLarge(path, f"unpacks to {unpacked:,} bytes of XML, over the limit of "
                                         f"{self.max_docx_xml_bytes:,}; save it again from Word (a document "
                                         "this large is usually padding), or split it", limit="max_docx_xml_bytes")

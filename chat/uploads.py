"""Uploads on the staff documents page: upload → staging → preview → publish or discard.

An upload is received into `<home>/documents/.staging/<id>/<name>` beside `upload.json`, its preview:
the parsed document and every clause. The staging folder is bounded: `max_staged_uploads`,
`max_staged_bytes`, and uploads older than `staged_upload_hours` are removed. Owns the checks on an upload — file type whitelist, content that
matches its type, `max_upload_bytes` counted while the bytes stream in, what parsing it may cost
(`max_upload_paragraphs`, `max_docx_xml_bytes`: `ingest.Limits`), a file name without folders or
odd characters, no second document with the same doc_id or text (`documents.refuse_*`), a clean parse
with 100% coverage before it may be published — and the `documents.Change` that publishes one. What
the corpus holds is `documents.py`'s; HTTP is chat/web/staff_documents.py's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import shutil
import time
import unicodedata
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.publish import write_atomically
from ingest import (
    SUPPORTED_SUFFIXES,
    Clause,
    DocumentMeta,
    DocumentTooLarge,
    IngestError,
    Limits,
    doc_id_for,
    load_document,
)
from ingest.loaders import decode_bytes

from .documents import Change, now_utc, refuse_same_text, refuse_taken_doc_id
from .errors import (
    DuplicateDocument,
    NotPublishable,
    RebuildBusy,
    StagingFull,
    UnknownDocument,
    UnsupportedType,
    UploadRejected,
    UploadTooLarge,
)
from .pending import read_pending
from .settings import Settings

log = logging.getLogger("policy_qa.uploads")

#: File types staff may upload: every type ingest reads.
UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES
STAGING, UPLOAD_RECORD = ".staging", "upload.json"
MAX_STEM_CHARS = 80  # file names beyond this are cut (doc_ids are shown in every citation)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')  # folders, Windows-reserved and control characters, spaces
_UPLOAD_ID = re.compile(r"^[0-9a-f]{12}$")
#: The setting behind each of ingest's `Limits` fields (for the message that says how to change it).
_LIMIT_SETTINGS = {"max_paragraphs": "max_upload_paragraphs", "max_docx_xml_bytes": "max_docx_xml_bytes"}


@dataclass(frozen=True)
class Upload:
    """A staged upload and its preview: the parsed document with every clause, or why it did not parse."""

    id: str
    name: str  # the sanitized file name it will be published under
    doc_id: str
    size: int
    sha256: str
    uploaded: str
    error: str = ""  # why it cannot be published (parse failure, coverage under 100%)
    structure: str = ""
    coverage: float = 0.0
    warnings: tuple[str, ...] = ()
    meta: DocumentMeta | None = None
    clauses: tuple[Clause, ...] = field(default_factory=tuple)
    content_hash: str = ""

    @property
    def publishable(self) -> bool:
        return not self.error and self.meta is not None and self.coverage >= 1.0 and bool(self.clauses)

    def to_dict(self) -> dict:
        """The JSON the preview shows (and `upload.json` keeps): every clause with id, label, headings, text."""
        meta = asdict(self.meta) if self.meta else None
        if meta:
            meta["attachments"] = list(meta["attachments"])
        return {"id": self.id, "name": self.name, "doc_id": self.doc_id, "size": self.size, "sha256": self.sha256,
                "uploaded": self.uploaded, "error": self.error, "structure": self.structure,
                "coverage": self.coverage, "warnings": list(self.warnings), "meta": meta,
                "content_hash": self.content_hash, "publishable": self.publishable,
                "clauses": [c.to_dict() | {"key": c.key, "label": c.label} for c in self.clauses]}

    @classmethod
    def from_dict(cls, d: dict) -> Upload:
        meta = d.get("meta")
        return cls(id=d["id"], name=d["name"], doc_id=d["doc_id"], size=int(d["size"]), sha256=d["sha256"],
                   uploaded=d["uploaded"], error=d.get("error", ""), structure=d.get("structure", ""),
                   coverage=float(d.get("coverage", 0.0)), warnings=tuple(d.get("warnings", ())),
                   meta=DocumentMeta(**(meta | {"attachments": tuple(meta.get("attachments", ()))})) if meta else None,
                   clauses=tuple(Clause.from_dict(c) for c in d.get("clauses", ())),
                   content_hash=d.get("content_hash", ""))


def safe_name(name: str) -> str:
    """The file name an upload is kept under: no folders, no control or reserved characters, a known type.

    >>> safe_name("C:\\\\fakepath\\\\行政 处罚法.TXT")
    '行政-处罚法.txt'

    Raises:
        UnsupportedType: the type is not one of UPLOAD_SUFFIXES.
        UploadRejected: nothing usable is left of the name.
    """
    base = re.split(r"[/\\]", str(name or ""))[-1]  # a browser may send C:\fakepath\law.txt; ../ is cut off too
    base = unicodedata.normalize("NFC", base).strip()
    dot = base.rfind(".")  # subtle: not os.path.splitext, which gives ".txt" no type at all
    stem, suffix = (base[:dot], base[dot:]) if dot >= 0 else (base, "")
    if suffix.lower() not in UPLOAD_SUFFIXES:
        raise UnsupportedType(f"file type {suffix.lower() or '(none)'!r} is not accepted; upload one of "
                              f"{', '.join(UPLOAD_SUFFIXES)} (export other formats to .docx or .pdf first)")
    stem = _UNSAFE.sub("-", stem).strip("-.")[:MAX_STEM_CHARS].strip("-.")
    if not stem:
        raise UploadRejected(f"the file name {base[:100]!r} has no usable characters; rename the file, e.g. law.txt")
    return stem + suffix.lower()


def check_content(path: Path, name: str) -> None:
    """Does the file's content match its type? PDF: the %PDF- header; .docx: a zip holding
    word/document.xml; text types: UTF-8 or GBK text without binary bytes.

    Raises:
        UploadRejected: saying what the file looks like instead.
    """
    suffix = Path(name).suffix.lower()
    with open(path, "rb") as f:
        head = f.read(8192)
    if not head.strip():
        raise UploadRejected(f"{name} is empty; upload the document's text")
    if suffix == ".pdf":
        if b"%PDF-" not in head[:1024]:
            raise UploadRejected(f"{name} is not a PDF (no %PDF- header); upload the real PDF, or the text as .txt")
    elif suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as z:
                z.getinfo("word/document.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            raise UploadRejected(f"{name} is not a Word .docx file (an old .doc renamed?); save it as .docx "
                                 "from Word or WPS, or upload a PDF") from None
    else:
        try:
            decode_bytes(name, path.read_bytes())
        except IngestError as e:
            raise UploadRejected(f"{name}: {e.problem}") from None


class UploadWriter:
    """Receives one upload in pieces into `.staging/<id>/`, counting bytes against `max_upload_bytes`
    as they arrive (so an oversized upload is cut off, never held whole), then checks and parses it.

    >>> w = begin_upload(settings, "law.txt")        # doctest: +SKIP
    >>> for chunk in chunks: w.write(chunk)          # doctest: +SKIP
    >>> upload = w.finish()                          # doctest: +SKIP

    `finish` returns the preview, or raises a DocumentError; `abort()` on failure.
    """

    def __init__(self, settings: Settings, name: str) -> None:
        self.settings = settings
        self.name = safe_name(name)
        self._staged_bytes = _check_staging_room(settings)
        self.id = uuid.uuid4().hex[:12]
        self.folder = staging_dir(settings) / self.id
        self.folder.mkdir(parents=True)
        self.path = self.folder / self.name
        self.size = 0
        self._hash = hashlib.sha256()
        self._file = open(self.path, "wb")  # noqa: SIM115 - closed by finish() or abort()

    def write(self, chunk: bytes) -> None:
        """Append a piece. Raises UploadTooLarge (and removes what came so far) past the limit."""
        self.size += len(chunk)
        if self.size > self.settings.max_upload_bytes:
            self.abort()
            raise UploadTooLarge(f"{self.name} is over the upload limit of {self.settings.max_upload_bytes:,} bytes "
                                 "(max_upload_bytes); split the document or raise POLICY_QA_MAX_UPLOAD_BYTES")
        if self._staged_bytes + self.size > self.settings.max_staged_bytes:
            self.abort()
            raise UploadTooLarge(f"{self.name} does not fit in the staging folder: the uploads waiting there hold "
                                 f"{self._staged_bytes:,} bytes, and together they may hold "
                                 f"{self.settings.max_staged_bytes:,} (max_staged_bytes); publish or discard some "
                                 "uploads first")
        self._file.write(chunk)
        self._hash.update(chunk)

    def finish(self) -> Upload:
        """Check and parse the file; keep it staged with its preview. A file that does not parse is kept
        too (its preview shows why), but one of the wrong type or already in the corpus is not.

        Raises:
            UploadRejected, DuplicateDocument: nothing is kept.
        """
        try:
            self._file.close()
            check_content(self.path, self.name)
            doc_id = doc_id_for(self.name)
            refuse_taken_doc_id(self.settings, doc_id)
            upload = _parse(self, doc_id)
            if upload.content_hash:
                refuse_same_text(self.settings, upload.name, upload.content_hash)
            write_atomically(self.folder / UPLOAD_RECORD, lambda f: json.dump(upload.to_dict(), f, ensure_ascii=False))
            return upload
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Close and remove what was received."""
        if not self._file.closed:
            self._file.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def begin_upload(settings: Settings, name: str) -> UploadWriter:
    """Start receiving an upload called `name` (raises UnsupportedType / UploadRejected for a bad name)."""
    return UploadWriter(settings, name)


def stage_upload(settings: Settings, name: str, data: bytes) -> Upload:
    """Stage a whole file at once (tests, scripts): `begin_upload`, one write, `finish`."""
    writer = begin_upload(settings, name)
    for i in range(0, max(len(data), 1), 1 << 16):
        writer.write(data[i : i + (1 << 16)])
    return writer.finish()


def _parse(writer: UploadWriter, doc_id: str) -> Upload:
    base = dict(id=writer.id, name=writer.name, doc_id=doc_id, size=writer.size, sha256=writer._hash.hexdigest(),
                uploaded=now_utc())
    settings = writer.settings
    try:
        doc = load_document(writer.path, limits=Limits(max_paragraphs=settings.max_upload_paragraphs,
                                                       max_docx_xml_bytes=settings.max_docx_xml_bytes))
    except DocumentTooLarge as e:  # what one upload may cost: refused, nothing kept (like too many bytes)
        setting = _LIMIT_SETTINGS[e.limit]
        raise UploadTooLarge(f"{writer.name} {e.problem} ({setting} = {getattr(settings, setting):,}; "
                             f"an administrator can raise POLICY_QA_{setting.upper()})") from None
    except IngestError as e:  # coverage under 100% is one of these: it names the lost lines
        return Upload(**base, error=f"{writer.name} could not be read: {e.problem}")
    except Exception as e:  # noqa: BLE001 - a parser bug must give a preview with an error, not a 500
        log.exception("parsing the upload %s failed", writer.name)
        return Upload(**base, error=f"{writer.name} could not be parsed ({type(e).__name__}); the server log has the details")
    error = "" if doc.coverage >= 1.0 else f"only {doc.coverage:.1%} of the text landed in a clause; fix the file's numbering"
    return Upload(**base, error=error, structure=doc.structure, coverage=doc.coverage, warnings=doc.warnings,
                  meta=doc.meta, clauses=doc.clauses, content_hash=doc.content_hash)


def staging_dir(settings: Settings) -> Path:
    return settings.documents_dir / STAGING


def get_upload(settings: Settings, upload_id: str) -> Upload:
    """The staged upload `upload_id` with its preview. Raises UnknownDocument."""
    record = staging_dir(settings) / upload_id / UPLOAD_RECORD if _UPLOAD_ID.match(upload_id or "") else None
    try:
        return Upload.from_dict(json.loads(record.read_text(encoding="utf-8")))
    except (AttributeError, OSError, ValueError, KeyError, TypeError):
        raise UnknownDocument(f"no upload {str(upload_id)[:40]!r}: it was published or discarded, or never "
                              "finished; upload the file again") from None


def list_uploads(settings: Settings) -> list[Upload]:
    """Uploads waiting to be published or discarded, oldest first (expired ones are removed first)."""
    remove_expired(settings)
    folder = staging_dir(settings)
    ids = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    out = []
    for upload_id in ids:
        try:
            out.append(get_upload(settings, upload_id))
        except UnknownDocument:
            continue  # an upload still streaming in, or one that crashed before its record was written
    return sorted(out, key=lambda u: (u.uploaded, u.id))


def remove_expired(settings: Settings) -> list[str]:
    """Remove staged uploads (and uploads that never finished) not touched for `staged_upload_hours`:
    they were never published, so nothing indexed is lost; one a rebuild is publishing stays. Returns
    the ids removed."""
    folder = staging_dir(settings)
    if not folder.is_dir():
        return []
    cutoff = time.time() - settings.staged_upload_hours * 3600
    move = read_pending(settings)
    publishing = Path(move.source).parent.name if move else None
    gone = []
    for p in folder.iterdir():
        try:
            old = p.is_dir() and p.name != publishing and p.stat().st_mtime < cutoff
        except OSError:
            continue
        if old:
            shutil.rmtree(p, ignore_errors=True)
            gone.append(p.name)
    if gone:
        log.info("removed %d staged upload(s) older than %g h: %s", len(gone), settings.staged_upload_hours, gone)
    return gone


def _check_staging_room(settings: Settings) -> int:
    """Make room by expiry, then refuse a new upload when `max_staged_uploads` wait already. Returns the
    bytes the staged uploads hold (a new one may add up to `max_staged_bytes` minus that)."""
    remove_expired(settings)
    folder = staging_dir(settings)
    staged = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    if len(staged) >= settings.max_staged_uploads:
        raise StagingFull(f"{len(staged)} uploads are waiting to be published or discarded, the most the staging "
                          f"folder keeps (max_staged_uploads = {settings.max_staged_uploads}); publish or discard "
                          f"some first (unpublished uploads are removed after {settings.staged_upload_hours:g} h)")
    total = 0
    for p in staged:
        for f in p.rglob("*"):
            with contextlib.suppress(OSError):
                total += f.stat().st_size if f.is_file() else 0
    return total


def discard_upload(settings: Settings, upload_id: str) -> Upload:
    """Drop a staged upload (it was never published, so nothing indexed is lost).

    Raises:
        UnknownDocument; RebuildBusy while a rebuild is publishing it (its journal names it).
    """
    upload = get_upload(settings, upload_id)
    move = read_pending(settings)
    if move is not None and Path(move.source).parent.name == upload.id:
        raise RebuildBusy(f"{upload.name} is being published right now; wait until the rebuild is done, then "
                          "remove the document if it should not be there")
    shutil.rmtree(staging_dir(settings) / upload.id, ignore_errors=True)
    return upload


def publication(settings: Settings, upload_id: str) -> Change:
    """The change that publishes a staged upload, after checking it still may be.

    Raises:
        UnknownDocument, NotPublishable (parse error or coverage under 100%), DuplicateDocument.
    """
    upload = get_upload(settings, upload_id)
    if not upload.publishable:
        raise NotPublishable(f"{upload.name} cannot be published: {upload.error or 'it has no clauses'}; "
                             "fix the file and upload it again, or discard it")
    refuse_taken_doc_id(settings, upload.doc_id)
    target = settings.documents_dir / upload.name
    if target.exists():
        raise DuplicateDocument(f"a file {upload.name} is already in the documents folder; remove it first")
    return Change("add", upload.doc_id, staging_dir(settings) / upload.id / upload.name, target,
                  content_hash=upload.content_hash)


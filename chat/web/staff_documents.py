"""The staff documents page and its JSON routes (staff only, `security.is_staff`):

    GET    /staff/documents                          the page (?upload=<id>: with that upload's preview);
                                                     a browser that is not signed in goes to /staff
    GET    /staff/documents/assets/{name}            its script and style (static/staff_documents.*)
    GET    /api/staff/documents                      {"documents", "uploads", "rebuild", "limits"}
    POST   /api/staff/documents/uploads?name=law.txt body: the file itself → 201 {"upload": preview}
    GET    /api/staff/documents/uploads/{id}         {"upload": preview}
    POST   /api/staff/documents/uploads/{id}/publish → 202 {"rebuild": status}
    DELETE /api/staff/documents/uploads/{id}         discard → {"discarded": id}
    DELETE /api/staff/documents/{doc_id}             remove (to .removed/) → 202 {"rebuild": status}
    POST   /api/staff/documents/rebuild              rebuild as is → 202 {"rebuild": status}
    GET    /api/staff/documents/rebuild              {"rebuild": status}: the page polls it

Owns only HTTP: each route checks staff, calls `chat.documents`, `chat.uploads` and `chat.rebuild`, and turns their
`DocumentError`s into `{"error": …}` with a status (413 too large, 415 wrong type, 409 duplicate or busy,
404 unknown). The upload's body is counted as it streams in (`uploads.UploadWriter`); the
`limits.Guard` middleware lets a staff upload past `max_body_bytes` up to `max_upload_bytes`. The
markup is `staff_documents_html.py`'s.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from .. import documents as docs
from .. import uploads
from ..errors import (
    ChangeConflict,
    DocumentError,
    DuplicateDocument,
    NotPublishable,
    NotRemovable,
    RebuildBusy,
    StagingFull,
    UnknownDocument,
    UnsupportedType,
    UploadTooLarge,
)
from ..live import pinned
from ..rebuild import Rebuilder
from ..settings import Settings
from .security import is_staff, require_staff
from .staff_documents_html import documents_page

log = logging.getLogger("policy_qa.staff_documents")
STATIC = Path(__file__).parent / "static"
ASSETS = {"staff_documents.js": "text/javascript; charset=utf-8", "staff_documents.css": "text/css; charset=utf-8"}
#: Status for each document error, most specific first.
STATUS = ((UploadTooLarge, 413), (UnsupportedType, 415), (DuplicateDocument, 409), (ChangeConflict, 409), (NotPublishable, 409),
          (NotRemovable, 409), (RebuildBusy, 409), (StagingFull, 409), (UnknownDocument, 404), (DocumentError, 400))



UPLOAD = "/api/staff/documents/uploads"  # server.py gives this route its own body limit (staff only)

def http_error(e: DocumentError) -> HTTPException:
    status = next(code for kind, code in STATUS if isinstance(e, kind))
    return HTTPException(status, str(e))


def create_documents_router(settings: Settings, retriever, rebuilder: Rebuilder) -> APIRouter:
    """The page and JSON routes over the documents of `settings` (`retriever`: the server's live one, to
    tell which documents the index answering now holds; `rebuilder`: the server's one rebuild job)."""
    router = APIRouter()

    def indexed() -> set[str]:
        return set(pinned(retriever).doc_ids)

    def overview() -> dict:
        live = indexed()
        return {"documents": [d.to_dict() | {"indexed": d.doc_id in live} for d in docs.list_documents(settings)],
                "uploads": [_upload_summary(u) for u in uploads.list_uploads(settings)],
                "rebuild": rebuilder.status().to_dict(),
                "limits": {"max_upload_bytes": settings.max_upload_bytes, "types": list(uploads.UPLOAD_SUFFIXES)}}

    def start(change_of) -> JSONResponse:
        try:
            status = rebuilder.start(change_of())
        except DocumentError as e:
            raise http_error(e) from None
        return JSONResponse({"rebuild": status.to_dict()}, status_code=202)

    @router.get("/staff/documents", include_in_schema=False)
    def page(request: Request, upload: str = "") -> Response:
        if not is_staff(request, settings):
            return RedirectResponse("/staff?next=/staff/documents", status_code=303)
        preview, problem = None, ""
        if upload:
            try:
                preview = uploads.get_upload(settings, upload)
            except UnknownDocument as e:
                problem = str(e)
        return HTMLResponse(documents_page(docs.list_documents(settings), indexed(), uploads.list_uploads(settings),
                                           rebuilder.status(), settings, preview=preview, problem=problem))

    @router.get("/staff/documents/assets/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in ASSETS:
            raise HTTPException(404, f"no asset {name[:60]!r}")
        return Response((STATIC / name).read_bytes(), media_type=ASSETS[name],
                        headers={"Cache-Control": "no-cache"})

    @router.get("/api/staff/documents")
    def listing(request: Request) -> dict:
        require_staff(request, settings)
        return overview()

    @router.post(UPLOAD, status_code=201)
    async def upload(request: Request, name: str = Query(..., max_length=300, description="the file's name")) -> dict:
        require_staff(request, settings)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.max_upload_bytes:
            raise HTTPException(413, f"{name[:100]} is {int(declared):,} bytes, over the upload limit of "
                                     f"{settings.max_upload_bytes:,} bytes (max_upload_bytes)")
        try:
            writer = uploads.begin_upload(settings, name)
        except DocumentError as e:
            raise http_error(e) from None
        try:
            async for chunk in request.stream():
                writer.write(chunk)  # small synchronous appends; raises UploadTooLarge past the limit
            result = await run_in_threadpool(writer.finish)  # parsing may take seconds (PDF, OCR)
        except DocumentError as e:
            raise http_error(e) from None
        except ClientDisconnect:  # the client went away, or the Guard cut an oversized body off (and replied)
            writer.abort()
            return JSONResponse({"error": "the upload was interrupted; send the file again"}, status_code=400)
        except BaseException:
            writer.abort()
            raise
        return {"upload": result.to_dict()}

    @router.get("/api/staff/documents/uploads/{upload_id}")
    def preview(request: Request, upload_id: str) -> dict:
        require_staff(request, settings)
        try:
            return {"upload": uploads.get_upload(settings, upload_id).to_dict()}
        except DocumentError as e:
            raise http_error(e) from None

    @router.post("/api/staff/documents/uploads/{upload_id}/publish", status_code=202)
    def publish(request: Request, upload_id: str) -> JSONResponse:
        require_staff(request, settings)
        return start(lambda: uploads.publication(settings, upload_id))

    @router.delete("/api/staff/documents/uploads/{upload_id}")
    def discard(request: Request, upload_id: str) -> dict:
        require_staff(request, settings)
        try:
            return {"discarded": uploads.discard_upload(settings, upload_id).id}
        except DocumentError as e:
            raise http_error(e) from None

    @router.get("/api/staff/documents/rebuild")
    def rebuild_status(request: Request) -> dict:
        require_staff(request, settings)
        return {"rebuild": rebuilder.status().to_dict()}

    @router.post("/api/staff/documents/rebuild", status_code=202)
    def rebuild(request: Request) -> JSONResponse:
        require_staff(request, settings)
        return start(lambda: docs.Change("rebuild"))

    @router.delete("/api/staff/documents/{doc_id}", status_code=202)
    def remove(request: Request, doc_id: str) -> JSONResponse:
        require_staff(request, settings)
        return start(lambda: docs.removal(settings, doc_id))

    return router


def _upload_summary(u: uploads.Upload) -> dict:
    """An upload in the list: everything but its clauses (GET …/uploads/{id} has those)."""
    return {k: v for k, v in u.to_dict().items() if k != "clauses"} | {"clauses": len(u.clauses)}

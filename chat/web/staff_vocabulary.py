"""The staff vocabulary page and its JSON API: what to review, and the everyday → official word mappings
staff add, remove, export and import, and the example questions (相似问) they attach to clauses (issue 18).

    GET    /staff/vocabulary[?limit=]                  the page (a browser that is not signed in is sent to
                                                       /staff, which brings it back here)
    GET    /staff/vocabulary/page.js, page.css         its script and style (static, public)
  staff only (`security.require_staff`: 403 when staff access is off, 401 without the token or cookie):
    GET    /api/staff/vocabulary/queue?limit=          {"items": [...]}: refused or voted-down questions,
                                                       newest first, each with the clauses retrieval finds
                                                       now (label, score, coverage, everyday → official pairs);
                                                       at most `settings.review_queue_items` (30)
    GET    /api/staff/vocabulary/mappings              {"mappings": [...]} (who, when, note)
    POST   /api/staff/vocabulary/mappings              {"everyday", "official", "who", "note"} → 201 {"mapping"}
    DELETE /api/staff/vocabulary/mappings?everyday=&official=   → {"removed": {...}}
    GET    /api/staff/vocabulary/export                every mapping as vocabulary.tsv (concepts.tsv format)
    POST   /api/staff/vocabulary/import?who=&name=     the body is that TSV (UTF-8, at most
                                                       `settings.max_vocabulary_import_bytes`) → {"imported": n}
    GET    /api/staff/vocabulary/examples              {"examples": [...]}: example questions staff attached
                                                       to clauses (question, clause key, who, when, note)
    POST   /api/staff/vocabulary/examples              {"question", "clause", "who", "note"} → 201 {"example"}
    DELETE /api/staff/vocabulary/examples?question=&clause=     → {"removed": {...}}

Only the wiring lives here: the operations are `vocab_store.py`'s, the matching `index.vocabulary`'s. The
retriever is used only through the object `create_app` passes in, read at each request (`search`,
`corpus`), so a retriever that swaps itself for a rebuilt index works unchanged. Errors are
`{"error": "..."}` with the store's message (what was wrong and how to fix it), never a path.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from index.examples import is_current
from index.vocabulary import MAX_NOTE_CHARS, MAX_WHO_CHARS

from ..settings import Settings
from .feedback import FeedbackError
from .security import is_staff, require_staff, staff_token
from .stores import open_feedback_store
from .vocab_store import (
    add_example,
    add_mapping,
    import_text,
    list_examples,
    list_mappings,
    remove_example,
    remove_mapping,
    review_queue,
    tsv_text,
)

log = logging.getLogger("policy_qa.staff_vocabulary")

PAGE = "/staff/vocabulary"
API = "/api/staff/vocabulary"
IMPORT = f"{API}/import"  # server.py gives this route its own body limit
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
ANSWER_CHARS = 300  # the answer given, as the queue shows it
DAMAGED = ("the staff vocabulary file on the server cannot be read (the server log says why); "
           "ask the operator to restore it from an export (import it here) or to move it aside")
DAMAGED_EXAMPLES = ("the staff example-questions file on the server cannot be read (the server log says why); "
                    "ask the operator to move it aside (staff examples then start empty)")
STORE_DOWN = "the feedback store is unavailable right now (the server log says why); try again shortly"


class MappingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    everyday: str = Field(..., description="the citizen's word, 2–20 characters (看牙)")
    official: str = Field(..., description="the word the clauses use, exactly as written (医疗)")
    who: str = Field(..., max_length=MAX_WHO_CHARS, description="who adds it (self-declared: the staff token is shared)")
    note: str = Field("", max_length=MAX_NOTE_CHARS, description="why, e.g. the question that needed it")


class ExampleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., description="the question as a citizen asked it, 4–120 characters")
    clause: str = Field(..., max_length=200, description="the key of the clause that answers it (7, or doc_id:12)")
    who: str = Field(..., max_length=MAX_WHO_CHARS, description="who adds it (self-declared: the staff token is shared)")
    note: str = Field("", max_length=MAX_NOTE_CHARS, description="why")


def hit_record(hit) -> dict:
    """What the staff view shows of an `index.Hit`: which clause, how it scored, and how the words matched."""
    return {"key": hit.key, "label": hit.clause.label, "document": hit.clause.doc_id, "rank": hit.rank,
            "score": round(float(hit.score), 3), "coverage": round(float(hit.coverage), 2),
            "concepts": [list(pair) for pair in hit.concepts], "via_concept": bool(hit.via_concept),
            "example": hit.example}


def item_record(item) -> dict:
    """A `vocab_store.ReviewItem` as JSON (the answer clipped to ANSWER_CHARS)."""
    answer = item.answer if len(item.answer) <= ANSWER_CHARS else item.answer[:ANSWER_CHARS] + "…"
    return {"id": item.feedback_id, "time": item.time, "question": item.question, "answer": answer,
            "vote": item.vote, "refused": item.refused, "hits": [hit_record(h) for h in item.hits]}


@functools.cache
def _templates():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def create_router(settings: Settings, retriever) -> APIRouter:
    """The page and the JSON API over `retriever` (searched for the queue; its `corpus` checks official
    words) and the mappings file `settings.vocabulary_file`."""
    router = APIRouter()
    store = open_feedback_store(settings)
    path = settings.vocabulary_file
    examples_path = settings.examples_file
    search = {"mode": settings.retriever, "dense_weight": settings.dense_weight, "bridges": settings.bridge_list}

    def staff_only(request: Request) -> None:
        require_staff(request, settings)

    def stored(read, where: Path, damaged: str) -> list:
        try:
            return read(where)
        except ValueError as e:  # a damaged file: its message names the path, which stays in the log
            log.error("%s", e)
            raise HTTPException(500, damaged) from None

    def mappings() -> list:
        return stored(list_mappings, path, DAMAGED)

    def examples() -> list:
        return stored(list_examples, examples_path, DAMAGED_EXAMPLES)

    def capped(limit: int | None) -> int:
        # subtle: each item is searched again (~25 ms apiece): never more than review_queue_items
        return min(limit or settings.review_queue_items, settings.review_queue_items)

    def queue(limit: int) -> list[dict]:
        try:
            return [item_record(i) for i in review_queue(store, retriever, limit=limit, **search)]
        except FeedbackError as e:
            log.error("%s", e)
            raise HTTPException(503, STORE_DOWN) from None

    api = APIRouter(prefix=API, dependencies=[Depends(staff_only)])

    @api.get("/queue")
    def get_queue(limit: Annotated[int | None, Query(ge=1, description="at most review_queue_items")] = None) -> dict:
        return {"items": queue(capped(limit))}

    @api.get("/mappings")
    def get_mappings() -> dict:
        return {"mappings": [asdict(m) for m in mappings()]}

    @api.post("/mappings", status_code=201)
    def post_mapping(req: MappingRequest) -> dict:
        mappings()  # a damaged file is the server's problem (500), not a bad request
        try:
            m = add_mapping(path, req.everyday, req.official, who=req.who, note=req.note, corpus=retriever.corpus)
        except ValueError as e:
            raise HTTPException(400, str(e)) from None
        return {"mapping": asdict(m)}

    @api.delete("/mappings")
    def delete_mapping(everyday: str, official: str) -> dict:
        mappings()
        try:
            gone = remove_mapping(path, everyday, official)
        except KeyError:
            raise HTTPException(404, f"no staff mapping {everyday.strip()!r} → {official.strip()!r}; "
                                     f"GET {API}/mappings lists the existing ones") from None
        return {"removed": asdict(gone)}

    @api.get("/examples")
    def get_examples() -> dict:
        return {"examples": [asdict(e) for e in examples()]}

    @api.post("/examples", status_code=201)
    def post_example(req: ExampleRequest) -> dict:
        examples()
        try:
            example = add_example(examples_path, req.question, req.clause, who=req.who, note=req.note,
                                  clauses=retriever.by_key)
        except ValueError as e:
            raise HTTPException(400, str(e)) from None
        return {"example": asdict(example)}

    @api.delete("/examples")
    def delete_example(question: str, clause: str) -> dict:
        examples()
        try:
            gone = remove_example(examples_path, question, clause)
        except KeyError:
            raise HTTPException(404, f"no example question {question.strip()!r} on clause {clause.strip()!r}; "
                                     f"GET {API}/examples lists them") from None
        return {"removed": asdict(gone)}

    @api.get("/export")
    def export() -> Response:
        mappings()
        return PlainTextResponse(tsv_text(path), media_type="text/tab-separated-values; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="vocabulary.tsv"'})

    @api.post("/import")
    async def import_file(request: Request, who: Annotated[str, Query(max_length=MAX_WHO_CHARS)] = "",
                          name: Annotated[str, Query(max_length=200)] = "") -> dict:
        # subtle: the staff check (a dependency) runs before the body is read; the body limit is the Guard's
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "the file is not UTF-8 text; save it as UTF-8 (an export is)") from None
        if not text.strip():
            raise HTTPException(400, "the file is empty; send an export (GET /api/staff/vocabulary/export) or "
                                     "lines of domain, official, everyday, source separated by tabs")
        if not who.strip():
            raise HTTPException(400, "who must name the staff member importing the mappings (?who=your name)")
        where = Path(name.replace("\\", "/")).name.strip() or "upload"  # the file's own name, never a path
        mappings()
        try:
            n = import_text(path, text, who=who, corpus=retriever.corpus, where=where)
        except ValueError as e:
            raise HTTPException(400, str(e)) from None
        return {"imported": n}

    router.include_router(api)

    @router.get(PAGE, include_in_schema=False)
    def page(request: Request, limit: Annotated[int | None, Query(ge=1)] = None) -> Response:
        if not staff_token(settings):
            return PlainTextResponse(f"员工功能未开启 Staff access is off on this server: set {settings.staff_token_env}",
                                     status_code=403)
        if not is_staff(request, settings):
            return RedirectResponse(f"/staff?next={PAGE}", status_code=303)
        problems, items, listed, limit = [], [], [], capped(limit)
        try:
            items = queue(limit)
        except HTTPException as e:
            problems.append(e.detail)
        try:
            listed = [asdict(m) for m in mappings()]
        except HTTPException as e:
            problems.append(e.detail)
        labels = {k: c.label for k, c in retriever.by_key.items()}
        texts = {k: c.text for k, c in retriever.by_key.items()}
        own = []
        try:  # an example whose clause was removed or now says something else is no longer used: say so
            own = [{**asdict(e), "current": is_current(e, texts)} for e in examples()]
        except HTTPException as e:
            problems.append(e.detail)
        html = _templates().get_template("staff_vocabulary.html").render(
            items=items, mappings=listed, examples=own, labels=labels, problems=problems, limit=limit, api=API,
            import_limit_kb=settings.max_vocabulary_import_bytes // 1024,
            staff_bridge="staff" in settings.bridge_list)
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @router.get(f"{PAGE}/page.js", include_in_schema=False)
    def script() -> FileResponse:
        return FileResponse(STATIC / "staff_vocabulary.js", media_type="text/javascript; charset=utf-8")

    @router.get(f"{PAGE}/page.css", include_in_schema=False)
    def style() -> FileResponse:
        return FileResponse(STATIC / "staff_vocabulary.css", media_type="text/css; charset=utf-8")

    return router

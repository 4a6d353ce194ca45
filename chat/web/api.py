"""The JSON API mounted beside the page (documented in the README):

    POST /api/ask        {"question": "...", "history": [...]}  → the Answer as JSON
    POST /api/feedback   {"question", "answer", "citations", "vote": "up"|"down", "comment"} → {"id": n}
    GET  /api/clauses/{key}                                      → one clause, exact text
    GET  /api/health                                             → {"status": "ok", ...}
  staff only (`security.is_staff`: Authorization: Bearer <POLICY_QA_STAFF_TOKEN>, or the staff cookie):
    GET  /api/feedback?limit=&offset=                            → {"votes": [...]}
    GET  /api/feedback/export?format=csv|jsonl                   → every vote, as a download
    POST /api/staff/login {"token"} (or the form at GET /staff) → sets the staff cookie; /api/staff/logout
  and the staff pages' routers that `create_app` passes in (`routers`; e.g. staff_vocabulary.py).

Every error is `{"error": "..."}` with a 4xx/5xx status: the message says which field is wrong, and
never carries a traceback, a server path or a secret. History is clipped (`settings.clip_history`),
feedback lists are bounded (422 beyond `feedback_citations`). Body size, rate and concurrency limits
and the security headers are `limits.py`'s middleware. OpenAPI docs at /api/docs only with
`api_docs` on, from local assets.
"""

from __future__ import annotations

import html
import json
import logging
import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..answer import answer
from ..errors import QuestionError
from ..records import Generator
from ..settings import Settings, clip_history
from .feedback import FeedbackError, csv_lines, jsonl_line
from .security import (
    STAFF_COOKIE,
    STAFF_SESSION_SECONDS,
    is_staff,
    require_staff,
    staff_cookie_value,
    staff_token,
)
from .stores import open_feedback_store

log = logging.getLogger("policy_qa.api")
MAX_LISTED = 500  # votes per page of GET /api/feedback
NOT_SAVED = "vote not saved: the feedback store is unavailable right now (the server log says why); try again shortly"
LOGIN_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>员工登录 · Staff sign-in</title></head>
<body style="font-family: sans-serif; max-width: 28em; margin: 4em auto">
<h3>员工登录 Staff sign-in</h3>{signed_in}
<form method="post" action="/api/staff/login">{next_field}
<label>令牌 Token <input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">登录 Sign in</button></form>
<p><small>The token is the server's POLICY_QA_STAFF_TOKEN. Sign-in lasts 8 hours.</small></p></body></html>"""
SIGNED_IN = ('<p role="status">已登录 Signed in: <a href="/">问答页 Chat</a> · '
             '<a href="/staff/documents">文档管理 Documents</a></p>')
#: Where the sign-in form may send staff afterwards (`?next=` on /staff): staff pages of this server only.
STAFF_NEXT = re.compile(r"^/staff/[a-z][a-z0-9_/-]{0,60}$")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., description="the question, Chinese or English")
    history: list[Any] | None = Field(None, description="earlier turns: messages or [user, assistant] pairs; "
                                                        "only the last few count, each clipped")
    docs: list[str] | None = Field(None, description="answer only from these documents (doc_ids); all when absent")


def feedback_model(settings: Settings) -> type[BaseModel]:
    """The feedback body, its list bounds taken from the settings (so /api/docs shows them)."""
    # subtle: invalid Unicode (a lone surrogate) is replaced before the length check, which cannot read it
    key = Annotated[str, StringConstraints(max_length=settings.feedback_citation_chars), BeforeValidator(_replace_invalid)]
    return create_model(
        "FeedbackRequest", __config__=ConfigDict(extra="forbid"),
        question=(str, Field(..., description=f"clipped to {settings.feedback_text_chars} characters")),
        answer=(str, ...),
        citations=(list[key], Field([], max_length=settings.feedback_citations)),
        vote=(Literal["up", "down"], ...),
        comment=(str, ""),
    )


def _replace_invalid(value: object) -> object:
    return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value


def _clean(text: str, limit: int = 500) -> str:
    return str(text)[:limit].encode("utf-8", "replace").decode("utf-8")


def _app(settings: Settings) -> FastAPI:
    common = dict(title="policy-qa API", openapi_url="/api/openapi.json", redoc_url=None)
    if not settings.api_docs:
        return FastAPI(docs_url=None, **common)
    try:
        from fastapi_offline import FastAPIOffline
    except ImportError as e:
        raise ValueError("api_docs needs its local assets: pip install 'policy-qa[docs]' "
                         "(or turn it off: POLICY_QA_API_DOCS=0)") from e
    return FastAPIOffline(docs_url="/api/docs", static_url="/api/docs-assets", **common)


def after_login(target: str | None) -> str:
    """Where the sign-in form sends the browser: a staff page it came from (`?next=/staff/…`), else the chat.
    Only this server's own /staff/ pages (`STAFF_NEXT`), so the form cannot send anyone elsewhere."""
    return target if target and STAFF_NEXT.match(target) else "/"


def create_api(settings: Settings, retriever, *, generator: Generator | None = None,
               routers: tuple[APIRouter, ...] | list[APIRouter] = ()) -> FastAPI:
    """The JSON API over one retriever (an `index.Retriever`, or the server's `live.LiveRetriever`) and
    generator (the page is mounted beside it by `server.py`); `routers` (the staff pages) are included
    before the catch-all that answers unknown /api routes."""
    app = _app(settings)
    store = open_feedback_store(settings)
    FeedbackRequest = feedback_model(settings)  # noqa: N806 - a model class

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors()[:10]:
            where = ".".join(_clean(p, 60) for p in err.get("loc", ()) if p != "body") or "body"
            problems.append(f"{where}: {_clean(err.get('msg', 'invalid'))}")
        return JSONResponse(status_code=422, content={"error": "invalid request: " + "; ".join(problems)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"error": _clean(exc.detail, 2000)},
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return JSONResponse(status_code=500, content={"error": "internal error: the request could not be "
                                                               "completed; the server log has the details"})

    @app.post("/api/ask")
    def ask(req: AskRequest) -> dict:
        try:
            return answer(req.question, history=clip_history(req.history, settings), settings=settings,
                          retriever=retriever, generator=generator, docs=req.docs).to_dict()
        except (QuestionError, ValueError) as e:  # an empty question, an unknown doc_id
            raise HTTPException(status_code=400, detail=str(e)) from None

    def feedback(req) -> dict:
        try:
            row = store.record(question=req.question, answer=req.answer, citations=req.citations,
                               vote=req.vote, comment=req.comment)
        except FeedbackError as e:
            log.error("%s", e)
            raise HTTPException(status_code=503, detail=NOT_SAVED) from None
        return {"id": row}

    # subtle: the model is built at run time, so the annotation is set on the function, not written in it
    feedback.__annotations__["req"] = FeedbackRequest
    app.post("/api/feedback")(feedback)

    @app.get("/api/feedback")
    def list_feedback(request: Request, limit: Annotated[int, Query(ge=1, le=MAX_LISTED)] = 100,
                      offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        require_staff(request, settings)
        try:
            return {"votes": store.rows(limit=limit, offset=offset), "limit": limit, "offset": offset}
        except FeedbackError as e:
            log.error("%s", e)
            raise HTTPException(503, "the feedback store is unavailable right now; try again shortly") from None

    @app.get("/api/feedback/export")
    def export_feedback(request: Request, format: Literal["csv", "jsonl"] = "csv") -> StreamingResponse:  # noqa: A002
        require_staff(request, settings)
        rows = store.iter_rows()
        if format == "csv":
            lines = _prefixed("\ufeff", csv_lines(rows))  # the BOM makes Excel read UTF-8 Chinese
            media = "text/csv; charset=utf-8"
        else:
            lines, media = (jsonl_line(r) for r in rows), "application/x-ndjson; charset=utf-8"
        return StreamingResponse(lines, media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="feedback.{format}"'})

    @app.get("/staff", include_in_schema=False)
    async def login_page(request: Request) -> HTMLResponse:
        target = after_login(request.query_params.get("next", ""))
        field = f'<input type="hidden" name="next" value="{html.escape(target)}">' if target != "/" else ""
        return HTMLResponse(LOGIN_PAGE.format(signed_in=SIGNED_IN if is_staff(request, settings) else "",
                                              next_field=field))

    @app.post("/api/staff/login")
    async def login(request: Request):
        form = "application/x-www-form-urlencoded" in request.headers.get("content-type", "")
        body = await request.body()
        target = "/"
        if form:
            fields = parse_qs(body.decode("utf-8", "replace"))
            token, target = (fields.get("token") or [""])[0], after_login((fields.get("next") or [""])[0])
        else:
            try:
                token = json.loads(body or b"{}").get("token", "")
            except (ValueError, AttributeError):
                raise HTTPException(422, 'invalid request: send {"token": "..."}') from None
        if not staff_token(settings):
            raise HTTPException(403, f"staff sign-in is off on this server: set {settings.staff_token_env}")
        if not isinstance(token, str) or not is_staff(token, settings):
            raise HTTPException(401, "wrong staff token")
        reply = RedirectResponse(target, status_code=303) if form else JSONResponse({"staff": True})
        reply.set_cookie(STAFF_COOKIE, staff_cookie_value(settings), max_age=STAFF_SESSION_SECONDS, httponly=True,
                         samesite="strict", secure=request.url.scheme == "https", path="/")
        return reply

    @app.post("/api/staff/logout")
    async def logout() -> JSONResponse:
        reply = JSONResponse({"staff": False})
        reply.delete_cookie(STAFF_COOKIE, path="/")
        return reply

    @app.get("/api/clauses/{key}")
    def clause(key: str) -> dict:
        clauses = retriever.by_key  # read per request: a live retriever may have swapped index since start-up
        c = clauses.get(key)
        if c is None:
            raise HTTPException(status_code=404, detail=f"no clause {_clean(key, 100)!r}; known: {', '.join(clauses)}")
        return c.to_dict() | {"label": c.label, "key": c.key}

    @app.get("/api/health")
    async def health() -> dict:  # async: it answers even when every worker thread is busy
        return {"status": "ok", "clauses": len(retriever.by_key), "embedder": retriever.index.embedder_name}

    for router in routers:
        app.include_router(router)
    routes = {(m, r.path) for r in app.routes for m in (getattr(r, "methods", None) or ())}

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def no_such_route(request: Request, rest: str) -> JSONResponse:
        path = request.url.path
        allowed = sorted(m for m, p in routes if p == path)
        if allowed:
            return JSONResponse(status_code=405, content={"error": f"{request.method} is not allowed on {path}; "
                                                                   f"use {', '.join(allowed)}"},
                                headers={"Allow": ", ".join(allowed)})
        return JSONResponse(status_code=404, content={"error": f"no API route {request.method} {_clean(path, 200)}; "
                                                               "the routes are listed in the README"})

    return app


def _prefixed(first: str, lines):
    yield first
    yield from lines

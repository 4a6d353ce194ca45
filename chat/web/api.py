"""The JSON API mounted beside the page (documented in the README):

    POST /api/ask        {"question": "...", "history": [...]}  → the Answer as JSON
    POST /api/feedback   {"question", "answer", "citations", "vote": "up"|"down", "comment"} → {"id": n}
    GET  /api/clauses/{key}                                      → one clause, exact text
    GET  /api/health                                             → {"status": "ok", ...}

Malformed requests get a 4xx with a message that says which field is wrong.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..answer import answer
from ..errors import QuestionError
from ..records import Generator
from ..settings import Settings
from .feedback import FeedbackError
from .stores import open_feedback_store


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., description="the question, Chinese or English")
    history: list[Any] | None = Field(None, description="earlier turns: messages or [user, assistant] pairs")
    docs: list[str] | None = Field(None, description="answer only from these documents (doc_ids); all when absent")


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    answer: str
    citations: list[str] = []
    vote: Literal["up", "down"]
    comment: str = ""


def create_api(settings: Settings, retriever, *, generator: Generator | None = None) -> FastAPI:
    """The JSON API over one retriever and generator (the page is mounted beside it by `server.py`)."""
    app = FastAPI(title="policy-qa API", docs_url="/api/docs", openapi_url="/api/openapi.json")
    store = open_feedback_store(settings)
    clauses = retriever.by_key

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse(status_code=422, content={"error": "invalid request: " + "; ".join(problems)})

    @app.post("/api/ask")
    def ask(req: AskRequest) -> dict:
        try:
            return answer(req.question, history=req.history, settings=settings, retriever=retriever,
                          generator=generator, docs=req.docs).to_dict()
        except (QuestionError, ValueError) as e:  # an empty question, an unknown doc_id
            raise HTTPException(status_code=400, detail=str(e)) from None

    @app.post("/api/feedback")
    def feedback(req: FeedbackRequest) -> dict:
        try:
            row = store.record(question=req.question, answer=req.answer, citations=req.citations,
                               vote=req.vote, comment=req.comment)
        except FeedbackError as e:
            raise HTTPException(status_code=503, detail=str(e)) from None
        return {"id": row}

    @app.get("/api/clauses/{key}")
    def clause(key: str) -> dict:
        c = clauses.get(key)
        if c is None:
            raise HTTPException(status_code=404, detail=f"no clause {key!r}; known: {', '.join(clauses)}")
        return c.to_dict() | {"label": c.label, "key": c.key}

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok", "clauses": len(clauses), "embedder": retriever.index.embedder_name}

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"error": exc.detail})

    return app

"""Dify external knowledge: `POST /retrieval` as Dify's External Knowledge API defines it.

Dify (Knowledge → External Knowledge API) is given this server's URL and one of `POLICY_QA_API_KEYS`;
it appends `/retrieval` and sends

    {"knowledge_id": "all", "query": "…", "retrieval_setting": {"top_k": 3, "score_threshold": 0.5},
     "metadata_condition": {"logical_operator": "and", "conditions": [{"name": "document", …}]}}

`knowledge_id` is a document id (`zhenhai-2023-31`, or an added document's file name) or `all`. The
answer is `{"records": [{"content", "score", "title", "metadata"}]}`, best first, `score` on 0–1;
`content` is the clause's exact text after its citation label (〔第7条〕) so Dify's model can cite it.
Errors are `{"error_code", "error_msg"}` with Dify's codes: 1001 (Authorization header missing or not
`Bearer <key>`, HTTP 403), 1002 (wrong key, 403), 2001 (unknown knowledge_id, 404); a malformed body is
HTTP 400 with error_code 400. Search, scores and filtering are `search.py`'s; this module is the wire.
"""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import QuestionError
from ..settings import Settings
from .keys import KeyCheck, check_bearer
from .search import ALL_DOCUMENTS, Found, document_ids, search_clauses

NUMERIC = ("=", "≠", ">", "<", "≥", "≤")
NO_VALUE = ("empty", "not empty")
Operator = Literal["contains", "not contains", "start with", "end with", "is", "is not", "in", "not in",
                   "empty", "not empty", "=", "≠", ">", "<", "≥", "≤", "before", "after"]


class RetrievalSetting(BaseModel):
    top_k: int = Field(ge=1)
    score_threshold: float = Field(0.0, ge=0.0, le=1.0)


class Condition(BaseModel):
    name: str | list[str]  # Dify sends one name; its older docs show a list (any of them may match)
    comparison_operator: Operator
    value: str | list[str] | int | float | None = None

    @model_validator(mode="after")
    def _value_fits(self) -> Condition:
        op, v = self.comparison_operator, self.value
        if op not in NO_VALUE and v is None:
            raise ValueError(f"comparison_operator {op!r} needs a value")
        if op in NUMERIC and _number(v) is None:
            raise ValueError(f"comparison_operator {op!r} needs a number, got {v!r}")
        if op in ("in", "not in") and not isinstance(v, (list, str)):
            raise ValueError(f"comparison_operator {op!r} needs a list of values, got {v!r}")
        return self


class MetadataCondition(BaseModel):
    logical_operator: Literal["and", "or"] | None = "and"
    conditions: list[Condition] | None = None


class RetrievalRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # Dify may add fields; the ones below are the contract
    knowledge_id: str
    query: str
    retrieval_setting: RetrievalSetting
    metadata_condition: MetadataCondition | None = None


def _number(v) -> float | None:
    try:
        return float(v) if not isinstance(v, (bool, list)) and v is not None else None
    except (TypeError, ValueError):
        return None


def _compare(actual, op: str, value) -> bool:
    """One metadata field against one condition; a field the record lacks counts as empty."""
    text = "" if actual is None else str(actual)
    if op in NO_VALUE:
        return (text == "") == (op == "empty")
    if op in NUMERIC:
        a, b = _number(actual), _number(value)
        if a is None:
            return op == "≠"
        return {"=": a == b, "≠": a != b, ">": a > b, "<": a < b, "≥": a >= b, "≤": a <= b}[op]
    if op in ("in", "not in"):
        values = [str(x) for x in value] if isinstance(value, list) else [x.strip() for x in value.split(",")]
        return (text in values) == (op == "in")
    v = str(value)
    return {"contains": v in text, "not contains": v not in text, "start with": text.startswith(v),
            "end with": text.endswith(v), "is": text == v, "is not": text != v,
            "before": text < v, "after": text > v}[op]


def matches(metadata: dict, cond: MetadataCondition | None) -> bool:
    """Whether a record's metadata satisfies Dify's metadata_condition (no conditions: yes)."""
    if cond is None or not cond.conditions:
        return True
    results = []
    for c in cond.conditions:
        names = [c.name] if isinstance(c.name, str) else c.name
        results.append(any(_compare(metadata.get(n), c.comparison_operator, c.value) for n in names))
    return any(results) if cond.logical_operator == "or" else all(results)


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error_code": code, "error_msg": message})


def _record(f: Found) -> dict:
    c = f.hit.clause
    return {"content": f"〔{c.label}〕{c.text}", "score": f.score, "title": f"{f.title} {c.label}",
            "metadata": f.metadata()}


def create_dify_router(settings: Settings, retriever) -> APIRouter:
    """`POST /retrieval` over `retriever`, checking `settings.api_keys`."""
    from starlette.concurrency import run_in_threadpool

    router = APIRouter()

    @router.post("/retrieval", tags=["dify"], summary="Dify External Knowledge API")
    async def retrieval(request: Request) -> JSONResponse:
        check = check_bearer(request.headers.get("authorization"), settings.api_keys)
        if check in (KeyCheck.MISSING, KeyCheck.MALFORMED):
            return _error(403, 1001, "Invalid Authorization header format. Expected 'Bearer <api-key>' format.")
        if check is KeyCheck.WRONG:
            return _error(403, 1002, "Authorization failed")
        try:
            req = RetrievalRequest.model_validate_json(await request.body())
        except ValidationError as e:
            where = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}" for err in e.errors())
            return _error(400, 400, f"invalid request: {where}")
        known = document_ids(retriever)
        if req.knowledge_id != ALL_DOCUMENTS and req.knowledge_id not in known:
            return _error(404, 2001, f"The knowledge does not exist: {json.dumps(req.knowledge_id, ensure_ascii=False)}; "
                                     f"use one of: {', '.join([ALL_DOCUMENTS, *known])}")
        documents = None if req.knowledge_id == ALL_DOCUMENTS else {req.knowledge_id}
        cond = req.metadata_condition
        try:
            found = await run_in_threadpool(
                search_clauses, req.query, retriever=retriever, settings=settings,
                top_k=req.retrieval_setting.top_k, documents=documents,
                keep=(lambda f: matches(f.metadata(), cond)) if cond and cond.conditions else None,
                score_threshold=req.retrieval_setting.score_threshold)
        except QuestionError as e:
            return _error(400, 400, f"invalid request: query: {e}")
        return JSONResponse({"records": [_record(f) for f in found]})

    return router

"""The bot as an OpenAI model named `policy-qa`: `GET /v1/models`, `POST /v1/chat/completions`.

For OpenAI-compatible clients (Chatbox, Cherry Studio, Open WebUI, LobeChat, the `openai` SDK,
LangChain's `ChatOpenAI`): base URL `http://host:port/v1`, model `policy-qa`, API key one of
`POLICY_QA_API_KEYS` (any text when none are set). The last message is the question; earlier user and
assistant messages are the history that follow-ups are resolved against (system prompts are ignored:
the answer rules are not the client's to change). The reply text carries the citations (〔第7条〕) and
the notices (【提示】…); the whole `Answer` JSON (as `POST /api/ask` returns it) rides along in the extra
field `policy_qa`. With `stream: true` the reply is OpenAI's SSE chunks, ending in `data: [DONE]`.

subtle: streaming starts only once the answer is verified. An LLM's raw text can lose citations or be
replaced by the extractive answer at the verification step, and a streamed delta cannot be taken back;
a client must never have shown an unverified citation.
Answering is `chat.answer`'s; this module is the wire format and nothing else.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..answer import answer
from ..errors import QuestionError
from ..records import Answer
from ..settings import Settings, clip_history
from .keys import KeyCheck, check_bearer

MODEL = "policy-qa"
#: `created` of the model: the day the resolution was adopted.
MODEL_CREATED = int(datetime(2023, 9, 25, tzinfo=UTC).timestamp())
_HISTORY_ROLES = ("user", "assistant")
_SENTENCE_END = re.compile(r"(?<=[。！？；\n!?;])")


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, …: accepted, not used
    role: str
    content: str | list[dict] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, tools, …: accepted, not used
    model: str
    messages: list[Message] = Field(min_length=1)
    stream: bool | None = False
    n: int | None = Field(None, ge=1, le=1, description="one choice only")


def _text(content: str | list[dict] | None) -> str:
    """A message's text: a string, or the text parts of a list of content parts (images are ignored)."""
    if isinstance(content, str):
        return content
    return "".join(str(p.get("text", "")) for p in content or [] if p.get("type") == "text")


def _error(status: int, message: str, *, code: str | None = None, param: str | None = None,
           kind: str = "invalid_request_error", headers: dict | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, headers=headers,
                        content={"error": {"message": message, "type": kind, "param": param, "code": code}})


def _unauthorized(check: KeyCheck) -> JSONResponse:
    why = {KeyCheck.MISSING: "no API key given (send Authorization: Bearer <key>)",
           KeyCheck.MALFORMED: "the Authorization header must be 'Bearer <key>'",
           KeyCheck.WRONG: "incorrect API key"}[check]
    return _error(401, why, code="invalid_api_key", headers={"WWW-Authenticate": "Bearer"})


def split_request(req: ChatRequest, settings: Settings) -> tuple[str, list[dict]]:
    """(question, history) from the messages: the last must be the user's; earlier user/assistant messages
    are kept (`settings.clip_history`: the last `history_turns` turns, each message clipped).

    Raises:
        ValueError: the last message is not from the user.
    """
    last = req.messages[-1]
    if last.role != "user":
        raise ValueError(f"the last message must be the user's question (role 'user'), got role {last.role!r}")
    earlier = [{"role": m.role, "content": _text(m.content)} for m in req.messages[:-1] if m.role in _HISTORY_ROLES]
    history = clip_history(earlier, settings)
    return _text(last.content), history


def reply_text(a: Answer) -> str:
    """What the chat client shows: notices first (as the page shows them), then the cited answer."""
    return "".join(f"【提示】{n}\n" for n in a.notices) + a.text


def completion(a: Answer, *, cid: str, created: int) -> dict:
    return {"id": cid, "object": "chat.completion", "created": created, "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply_text(a)},
                         "finish_reason": "stop", "logprobs": None}],
            "policy_qa": a.to_dict()}


def chunks(a: Answer, *, cid: str, created: int):
    """The SSE events of a streamed reply: the role, the text sentence by sentence, the stop, [DONE]."""
    def event(delta: dict, finish: str | None = None, **extra) -> str:
        body = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for piece in _SENTENCE_END.split(reply_text(a)):
        if piece:
            yield event({"content": piece})
    yield event({}, "stop", policy_qa=a.to_dict())
    yield "data: [DONE]\n\n"


def create_openai_router(settings: Settings, retriever, *, generator=None) -> APIRouter:
    """`/v1/models` and `/v1/chat/completions` over one retriever and generator."""
    from starlette.concurrency import run_in_threadpool

    router = APIRouter(prefix="/v1", tags=["openai"])
    model_card = {"id": MODEL, "object": "model", "created": MODEL_CREATED, "owned_by": "policy-qa"}

    @router.get("/models")
    async def models(request: Request) -> JSONResponse:
        check = check_bearer(request.headers.get("authorization"), settings.api_keys)
        if check is not KeyCheck.OK:
            return _unauthorized(check)
        return JSONResponse({"object": "list", "data": [model_card]})

    @router.get("/models/{model}")
    async def model(model: str, request: Request) -> JSONResponse:
        check = check_bearer(request.headers.get("authorization"), settings.api_keys)
        if check is not KeyCheck.OK:
            return _unauthorized(check)
        if model != MODEL:
            return _error(404, f"The model {model!r} does not exist; this server has {MODEL!r}",
                          code="model_not_found", param="model")
        return JSONResponse(model_card)

    @router.post("/chat/completions")
    async def chat_completions(request: Request):
        check = check_bearer(request.headers.get("authorization"), settings.api_keys)
        if check is not KeyCheck.OK:
            return _unauthorized(check)
        try:
            req = ChatRequest.model_validate_json(await request.body())
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "body"
            return _error(400, f"invalid request: {where}: {err['msg']}", param=where)
        if req.model != MODEL:
            return _error(404, f"The model {req.model!r} does not exist; use model {MODEL!r}",
                          code="model_not_found", param="model")
        try:
            question, history = split_request(req, settings)
            a = await run_in_threadpool(answer, question, history=history, settings=settings,
                                        retriever=retriever, generator=generator)
        except (ValueError, QuestionError) as e:
            return _error(400, str(e), param="messages")
        cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if req.stream:
            return StreamingResponse(chunks(a, cid=cid, created=created), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return JSONResponse(completion(a, cid=cid, created=created))

    return router

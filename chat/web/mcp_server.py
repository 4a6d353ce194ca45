"""MCP server (the official `mcp` Python SDK): the resolution for agents.

Tools: `search_clauses` (clauses for a query, scored 0–1), `get_clause` (one clause's exact text by key:
`7`, `header`, `doc:p3`), `ask` (the cited answer, or an honest refusal, with its citations). Resources:
each indexed document's full text, `policy-qa://documents/{doc_id}`. Transports: stdio (`policy-qa mcp`,
for desktop agents) and streamable HTTP at `/mcp` on the web server (`mount_mcp`), stateless so any
replica can serve any request, behind the same bearer keys as the other integrations.

Answering is `chat.answer`'s and search `search.py`'s; this module only exposes them over MCP.
"""

from __future__ import annotations

import contextlib
import sys

from pydantic import BaseModel

from ..answer import answer
from ..errors import QuestionError
from ..settings import Settings
from .keys import KeyCheck, check_bearer
from .search import ALL_DOCUMENTS, clause_record, document_ids, document_titles, search_clauses

INSTALL_HINT = "the MCP server needs the mcp extra: pip install 'policy-qa[mcp]'"
RESOURCE_URI = "policy-qa://documents/{doc_id}"
INSTRUCTIONS = (
    "Cited answers over 宁波市镇海区人大常委会《关于加快推进甬江科创区镇海片区建设的决定》(镇人大常〔2023〕31号) and "
    "the documents staff added. Use `ask` for a verified answer with citations (it refuses rather than guess), "
    "`search_clauses` to find clauses, `get_clause` for a clause's exact text. Quote clause labels (第7条) "
    "when you answer from them, and never state an amount, date or number the clauses do not contain."
)


class Clause(BaseModel):
    key: str
    document: str
    document_title: str
    clause: str
    label: str
    lead: str
    part: str
    order: int
    text: str


class ClauseHit(Clause):
    score: float  # 0–1


class SearchResult(BaseModel):
    results: list[ClauseHit]
    note: str = ""


class Turn(BaseModel):
    role: str  # "user" or "assistant"
    content: str


class CitationOut(BaseModel):
    clause: str
    label: str
    quote: str
    support: float


class AskResult(BaseModel):
    answer: str
    refused: bool
    refusal: str | None
    citations: list[CitationOut]
    related: list[str]
    notices: list[str]


def _import_mcp():
    try:
        from mcp.server.mcpserver import MCPServer
        from mcp.server.mcpserver.exceptions import ToolError
        from mcp.types import ToolAnnotations
    except ImportError as e:
        raise ImportError(INSTALL_HINT) from e
    return MCPServer, ToolAnnotations, ToolError


def document_text(retriever, doc_id: str) -> str:
    """A document as its clauses in order, each after its label: what an agent reads and cites."""
    return "\n\n".join(f"〔{c.label}〕{c.text}" for c in retriever.clauses if c.doc_id == doc_id)


def build_mcp(settings: Settings, retriever, *, generator=None):
    """The `MCPServer` over one retriever and generator (transport chosen by the caller)."""
    MCPServer, ToolAnnotations, ToolError = _import_mcp()  # a ToolError's message reaches the agent
    server = MCPServer("policy-qa", title="policy-qa", instructions=INSTRUCTIONS, log_level="WARNING")
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    docs = document_ids(retriever)

    def title_of(doc_id: str) -> str:
        return document_titles(settings, retriever).get(doc_id, doc_id)

    @server.tool(name="search_clauses", annotations=read_only)
    def search(query: str, top_k: int = 5, document: str = ALL_DOCUMENTS) -> SearchResult:
        """Find the clauses that best match a query (Chinese or English), best first, each with its exact
        text and a 0–1 score. `document`: a document id or "all". Returns no clauses when nothing is close."""
        known = document_ids(retriever)  # now: staff may have added or removed documents since start-up
        if document != ALL_DOCUMENTS and document not in known:
            raise ToolError(f"no document {document!r}; use one of: {', '.join([ALL_DOCUMENTS, *known])}")
        try:
            found = search_clauses(query, retriever=retriever, settings=settings, top_k=top_k,
                                   documents=None if document == ALL_DOCUMENTS else {document})
        except ValueError as e:  # QuestionError (empty query) or a bad top_k
            raise ToolError(str(e)) from None
        results = [ClauseHit(**clause_record(f.hit.clause, f.title), score=f.score) for f in found]
        note = "" if results else "nothing in the documents is close to this query"
        return SearchResult(results=results, note=note)

    @server.tool(annotations=read_only)
    def get_clause(key: str) -> Clause:
        """One clause's exact text by key: "7" (第7条), "header" (文头), "preamble", "footer", or
        "doc_id:clause_id" for an added document."""
        c = retriever.by_key.get(key.strip())
        if c is None:
            raise ToolError(f"no clause {key!r}; known keys: {', '.join(retriever.by_key)}")
        return Clause(**clause_record(c, title_of(c.doc_id)))

    @server.tool(annotations=read_only)
    def ask(question: str, history: list[Turn] | None = None) -> AskResult:
        """Answer a question about the resolution with verified citations (〔第7条〕), or refuse honestly
        when the text does not say. `history`: earlier turns, for follow-up questions."""
        try:
            a = answer(question, history=[t.model_dump() for t in history or []], settings=settings,
                       retriever=retriever, generator=generator)
        except QuestionError as e:
            raise ToolError(str(e)) from None
        return AskResult(answer=a.text, refused=a.refused, refusal=a.refusal.value if a.refusal else None,
                         citations=[CitationOut(**c.to_dict()) for c in a.citations], related=a.related,
                         notices=a.notices)

    for doc_id in docs:
        server.resource(RESOURCE_URI.format(doc_id=doc_id), name=doc_id, title=title_of(doc_id),
                        description=f"full text of {title_of(doc_id)}, clause by clause with labels",
                        mime_type="text/plain")(_reader(retriever, doc_id))
    return server


def _reader(retriever, doc_id: str):
    def read() -> str:
        return document_text(retriever, doc_id)

    return read


class _BearerGuard:
    """ASGI wrapper: requests without one of the keys get 401 before reaching the MCP transport."""

    def __init__(self, app, keys: tuple[str, ...]) -> None:
        self.app, self.keys = app, keys

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and self.keys:
            header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
            if check_bearer(header, self.keys) is not KeyCheck.OK:
                from starlette.responses import JSONResponse

                reply = JSONResponse({"error": "missing or wrong API key: send Authorization: Bearer <key>"},
                                     status_code=401, headers={"WWW-Authenticate": "Bearer"})
                await reply(scope, receive, send)
                return
        await self.app(scope, receive, send)


def mount_mcp(app, server, settings: Settings, *, path: str = "/mcp") -> None:
    """Serve `server` over streamable HTTP at `path` of the FastAPI `app` (call before mounting the page at
    `/`), and run its session manager in the app's lifespan."""
    from mcp.server.transport_security import TransportSecuritySettings
    from starlette.routing import Route

    from .hosts import is_loopback

    security = None  # the SDK's default: DNS-rebinding protection for a loopback bind
    if settings.mcp_allowed_hosts or is_loopback(settings.host):
        hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*", *settings.mcp_allowed_hosts]
        origins = [f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")]
        security = TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)
    mcp_app = server.streamable_http_app(streamable_http_path=path, stateless_http=True, json_response=True,
                                         transport_security=security, host=settings.host)
    app.router.routes.append(Route(path, endpoint=_BearerGuard(mcp_app, settings.api_keys)))
    outer = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a):
        async with server.session_manager.run(), outer(a) as state:
            yield state

    app.router.lifespan_context = lifespan


def run_stdio(settings: Settings, *, notify=None) -> None:
    """`policy-qa mcp`: load the index, then speak MCP on stdin/stdout until the client hangs up."""
    from ..generate import make_generator
    from ..retriever import get_retriever, take_notices

    _import_mcp()
    # subtle: stdout is the protocol channel; anything printed while loading would corrupt it
    with contextlib.redirect_stdout(sys.stderr):
        retriever = get_retriever(settings)
        generator = make_generator(settings)
    for note in take_notices():
        if notify:
            notify(note)
    build_mcp(settings, retriever, generator=generator).run("stdio")

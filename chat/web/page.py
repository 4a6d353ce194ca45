"""The Gradio chat page. It only wires the UI to the core (`answer_stream`, `FeedbackStore`): all
retrieval, generation and verification live elsewhere in `chat/`.

The page's logic is plain functions over `Turn` records (`respond`, `record_vote`, `open_clause`,
`history_of`), testable without a browser; the markup is `page_html.py`'s, the words `page_text.py`'s,
the browser-side behaviour `static/page.js` and `static/masthead.js`, the look `static/page.css`.
`build_page` only lays out components and binds events. User text and model output are escaped
before display, never rendered as HTML.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from ingest import BUNDLED_DOC_ID, IngestError, load_document

from ..answer import answer_stream
from ..errors import QuestionError
from ..live import pinned
from ..question import sanitize
from ..records import Answer, Generator
from ..settings import Settings
from .feedback import FeedbackError, FeedbackStore
from .page_html import (
    clause_html,
    conversation_html,
    covered_documents,
    esc,
    fulltext_html,
    masthead_html,
    page_title,
    panel_hint_html,
    sheet_bar_html,
)
from .page_text import LANGS, text_for
from .security import is_staff
from .stores import open_feedback_store

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
CSS = (STATIC / "page.css").read_text(encoding="utf-8")  # server.py mounts it (Gradio scopes it)
# subtle: rules on html (the variables, large-text mode) cannot work scoped under .gradio-container, so
# they go into <head> unscoped through the masthead's `head`.
ROOT_CSS = (STATIC / "page_root.css").read_text(encoding="utf-8")
PAGE_JS = (STATIC / "page.js").read_text(encoding="utf-8")
MASTHEAD_JS = (STATIC / "masthead.js").read_text(encoding="utf-8")
DETECT_LANGUAGE_JS = (STATIC / "detect_language.js").read_text(encoding="utf-8")

#: Re-render the streaming answer at most this often (seconds): a token-by-token LLM would otherwise
#: resend the whole conversation for every token. Rendering cadence only, so not a Settings limit.
FRAME_SECONDS = 0.05
INTERNAL_ERROR = "服务暂时出错，请稍后再试 (internal error; please try again later)"
_revision = itertools.count(1)  # makes every render differ, so the browser always sees the update


@dataclass(frozen=True)
class Turn:
    """One question and its answer in a conversation; `id` is the answer id votes are stored under."""

    question: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    text: str = ""  # the answer text so far (while streaming)
    answer: Answer | None = None  # the final answer, once complete
    error: str = ""
    vote: str = ""  # "up", "down" or ""
    note: str = ""  # the status line under the vote buttons




def history_of(turns: list[Turn]) -> list[dict]:
    """The completed turns as chat messages, for follow-up questions."""
    out: list[dict] = []
    for t in turns:
        if t.answer is not None:
            out += [{"role": "user", "content": t.question}, {"role": "assistant", "content": t.answer.text}]
    return out


def respond(message: str, turns: list[Turn], *, settings: Settings, retriever,
            generator: Generator | None = None) -> Iterator[list[Turn]]:
    """Ask one question in a conversation; yields the conversation after each step: first with the
    question echoed and its answer pending, then as the answer text grows, last with the final `Answer`.

    Raises:
        QuestionError: the question is empty (nothing is added to the conversation).
    """
    sanitize(message, settings.max_question_chars)  # raises before anything is echoed
    before = list(turns or [])
    turn = Turn(question=message.strip())
    yield [*before, turn]
    try:
        for item in answer_stream(message, history=history_of(before), settings=settings, retriever=retriever,
                                  generator=generator):
            turn = dataclasses.replace(turn, answer=item, text=item.text) if isinstance(item, Answer) \
                else dataclasses.replace(turn, text=item)
            yield [*before, turn]
    except Exception:  # the citizen sees a message, not a stuck spinner; the log has the trace
        log.exception("answering %r failed", message[:200])
        yield [*before, dataclasses.replace(turn, error=INTERNAL_ERROR)]


def record_vote(store: FeedbackStore, turns: list[Turn], turn_id: str, kind: str, comment: str,
                lang: str) -> tuple[list[Turn], bool]:
    """Store a vote on one answer of the conversation (one row per answer: voting again changes it).
    Returns the conversation with that turn's vote and note updated, and whether the vote was stored."""
    if kind not in ("up", "down"):
        raise ValueError(f"vote must be 'up' or 'down', got {kind!r}")
    t = text_for(lang)
    i = next((n for n, tn in enumerate(turns) if tn.id == turn_id and tn.answer is not None), None)
    if i is None:
        return list(turns), False
    a = turns[i].answer
    try:
        store.record(question=a.question, answer=a.text, citations=a.cited, vote=kind, comment=comment or "",
                     answer_id=turn_id)
    except FeedbackError as e:  # the detail (a path, a database error) goes to the log, not to the citizen
        log.error("vote not saved: %s", e)
        return [*turns[:i], dataclasses.replace(turns[i], note=t["vote_failed"]), *turns[i + 1:]], False
    done = dataclasses.replace(turns[i], vote=kind, note=t[f"voted_{kind}"])
    return [*turns[:i], done, *turns[i + 1:]], True


def open_clause(turns: list[Turn], turn_id: str, key: str, clauses: dict, lang: str) -> str:
    """The clause panel for a citation in one answer: the clause with the sentences that answer quotes
    from it highlighted (none while it is still streaming)."""
    if key not in clauses:
        return panel_hint_html(lang)
    a = next((tn.answer for tn in turns if tn.id == turn_id), None)
    quotes = [c.quote for c in a.citations if c.clause == key] if a else []
    return clause_html(clauses[key], quotes, lang)


def status_html(message: str = "") -> str:
    return f'<p class="status" role="status">{esc(message)}</p>'


def document_metas(settings: Settings, meta=None) -> dict:
    """doc_id → DocumentMeta for the bundled resolution (`meta`) and the other documents of the corpus
    (`settings.docs` and those staff added)."""
    from ..retriever import corpus_paths

    metas = {BUNDLED_DOC_ID: meta} if meta is not None else {}
    for path in corpus_paths(settings)[1:]:
        try:
            doc = load_document(path)
        except (IngestError, OSError) as e:  # the index already holds its clauses; name it by doc_id
            log.warning("cannot read the title of %s: %s", path, e)
            continue
        metas[doc.doc_id] = doc.meta
    return metas


def build_page(settings: Settings, retriever, *, generator: Generator | None = None, meta=None) -> gr.Blocks:
    """The page: a welcome, the conversation with clickable citations, the clause reader (side panel,
    or bottom sheet on a phone) with the full text, votes, and a staff view."""
    store = open_feedback_store(settings)
    shown = None  # (retriever, clauses, docs, fulltext) of the index the page last showed

    def view() -> tuple[dict, list, dict]:
        """Clauses, documents and full text of the index answering now (recomputed when the server's live
        retriever moved to a new index: staff added or removed a document)."""
        nonlocal shown
        r = pinned(retriever)
        if shown is None or shown[0] is not r:
            docs = covered_documents(r.clauses, document_metas(settings, meta))
            shown = (r, r.by_key, docs, {lang: fulltext_html(r.clauses, docs, lang) for lang in LANGS})
        return shown[1:]

    def conv(turns, lang, staff):
        clauses, docs, _ = view()
        return conversation_html(turns, clauses, docs, lang, staff=staff, rev=next(_revision))

    def panel_for(reading, turns, lang):
        return open_clause(turns, *reading, view()[0], lang) if reading else panel_hint_html(lang)

    def chrome(turns, lang, staff, reading, staff_allowed):
        t = text_for(lang)
        _, docs, fulltext = view()
        return (masthead_html(docs, lang, staff_allowed=staff_allowed, staff_on=staff, max_chars=settings.max_question_chars),
                conv(turns, lang, staff),
                gr.update(label=t["box"], placeholder=t["placeholder"]),
                gr.update(value=t["send"]), gr.update(value=t["clear"]), gr.update(label=t["comment"]),
                gr.Tab(label=t["tab_clause"]), gr.Tab(label=t["tab_full"]), panel_for(reading, turns, lang),
                fulltext[lang], sheet_bar_html(lang))

    def on_load(probe, turns, reading, request: gr.Request):
        lang = probe if probe in LANGS else "zh"
        return lang, False, *chrome(turns, lang, False, reading, is_staff(request, settings))

    def on_tool(turns, lang, staff, reading, request: gr.Request, evt: gr.EventData):
        data = evt._data or {}
        allowed = is_staff(request, settings)
        if data.get("action") == "lang" and data.get("lang") in LANGS:
            lang = data["lang"]
        elif data.get("action") == "staff":
            staff = allowed and not staff
        staff = staff and allowed
        return lang, staff, *chrome(turns, lang, staff, reading, allowed)

    def ask(message, turns, lang, staff, request: gr.Request):
        staff = staff and is_staff(request, settings)
        last = 0.0
        try:
            for i, state in enumerate(respond(message, turns, settings=settings, retriever=retriever, generator=generator)):
                done = state[-1].answer is not None or bool(state[-1].error)
                if i == 0 or done or time.perf_counter() - last >= FRAME_SECONDS:
                    last = time.perf_counter()
                    yield state, conv(state, lang, staff), status_html()
        except QuestionError:
            yield turns, conv(turns, lang, staff), status_html(text_for(lang)["empty"])

    def ask_example(turns, lang, staff, request: gr.Request, evt: gr.EventData):
        yield from ask(str((evt._data or {}).get("question", "")), turns, lang, staff, request)

    def on_cite(turns, lang, evt: gr.EventData):
        data = evt._data or {}
        reading = (str(data.get("turn", "")), str(data.get("clause", "")))
        return reading, open_clause(turns, *reading, view()[0], lang), gr.Tabs(selected="clause")

    def on_vote(turns, lang, staff, comment, request: gr.Request, evt: gr.EventData):
        data = evt._data or {}
        kind = data.get("vote") if data.get("vote") in ("up", "down") else None
        if kind is None:
            return turns, gr.skip(), gr.skip()
        turns, stored = record_vote(store, turns, str(data.get("turn", "")), kind, comment, lang)
        return turns, conv(turns, lang, staff and is_staff(request, settings)), ("" if stored else gr.skip())

    def on_clear(lang, staff, request: gr.Request):
        return [], None, conv([], lang, staff and is_staff(request, settings)), panel_hint_html(lang), "", status_html()

    t = text_for("zh")
    _, docs, fulltext = view()
    with gr.Blocks(title=page_title(docs, "zh")) as page:
        turns, lang, staff, reading = gr.State([]), gr.State("zh"), gr.State(False), gr.State(None)
        probe = gr.Textbox("zh", visible="hidden", elem_id="lang-probe", label="lang")
        masthead = gr.HTML(masthead_html(docs, "zh", staff_allowed=False, staff_on=False,
                                         max_chars=settings.max_question_chars),
                           js_on_load=MASTHEAD_JS, head=f"<style>{ROOT_CSS}</style>", elem_id="masthead")
        with gr.Row(elem_id="main", equal_height=False):
            with gr.Column(scale=3, min_width=320, elem_id="chat-col"):
                chat = gr.HTML(conv([], "zh", False), js_on_load=PAGE_JS, elem_id="chat")
                box = gr.Textbox(label=t["box"], placeholder=t["placeholder"],
                                 lines=1, max_lines=6, elem_id="question")  # Enter sends, Shift+Enter: new line
                gr.HTML(f'<p class="counter" id="pqa-counter">0 / {settings.max_question_chars}</p>', js_on_load=None,
                        elem_id="counter")
                with gr.Row(elem_id="actions"):
                    send = gr.Button(t["send"], variant="primary", elem_id="send", scale=2)
                    clear = gr.Button(t["clear"], variant="secondary", elem_id="clear", scale=1)
                status = gr.HTML(status_html(), js_on_load=None, elem_id="status")
                comment = gr.Textbox(label=t["comment"], lines=1, max_lines=4, elem_id="comment")
            with gr.Column(scale=2, min_width=320, elem_id="reader"):
                sheet_bar = gr.HTML(sheet_bar_html("zh"), js_on_load=None, elem_id="sheet-bar")
                with gr.Tabs(elem_id="reader-tabs", selected="clause") as tabs:
                    with gr.Tab(t["tab_clause"], id="clause", elem_id="tab-clause") as tab_clause:
                        panel = gr.HTML(panel_hint_html("zh"), js_on_load=None, elem_id="clause-panel")
                    with gr.Tab(t["tab_full"], id="full", elem_id="tab-full") as tab_full:
                        full = gr.HTML(fulltext["zh"], js_on_load=None, elem_id="fulltext")

        chrome_out = [masthead, chat, box, send, clear, comment, tab_clause, tab_full, panel, full, sheet_bar]
        quiet = dict(show_progress="hidden")
        page.load(on_load, [probe, turns, reading], [lang, staff, *chrome_out], js=DETECT_LANGUAGE_JS, **quiet)
        masthead.select(on_tool, [turns, lang, staff, reading], [lang, staff, *chrome_out], **quiet)
        asked = [send.click(ask, [box, turns, lang, staff], [turns, chat, status], js="(...a) => window.policyQA.send(a)", **quiet),
                 box.submit(ask, [box, turns, lang, staff], [turns, chat, status], js="(...a) => window.policyQA.send(a)", **quiet),
                 chat.submit(ask_example, [turns, lang, staff], [turns, chat, status], **quiet)]
        chat.select(on_cite, [turns, lang], [reading, panel, tabs], **quiet)
        chat.like(on_vote, [turns, lang, staff, comment], [turns, chat, comment], **quiet)
        clear.click(on_clear, [lang, staff], [turns, reading, chat, panel, comment, status], cancels=asked, **quiet)
    return page

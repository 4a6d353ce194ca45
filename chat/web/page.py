"""The Gradio chat page. It only wires the UI to the core (`answer_stream`, `FeedbackStore`): all
retrieval, generation and verification live elsewhere in `chat/`.

The page's logic is plain functions (`respond`, `citation_choices`, `show_clause`, `record_vote`, and
the HTML renderers), testable without a browser; `build_page` only lays out components and binds them.
User text and model output are escaped before display, never rendered as HTML.
"""

from __future__ import annotations

import html

import gradio as gr

from ..answer import answer_stream
from ..citations import cited_keys
from ..errors import QuestionError
from ..records import Answer, Generator
from ..settings import Settings, clip_history
from .feedback import FeedbackError, FeedbackStore
from .security import is_staff

EXAMPLES = [
    "庄市那边以后交通会方便些吗？",
    "我是海归博士，来镇海有什么待遇？",
    "沿江大道的建设写在哪一条？",
    "区人民法院要做什么？",
    "Who supervises how the decision is carried out?",
]
TEXT = {
    "zh": {"box": "请输入关于决定的问题", "send": "提问", "clear": "清空对话", "chips": "引用（点击查看条文原文）",
           "related": "相关条款（决定未直接规定，可参考）", "panel": "点击上方引用查看条文原文。", "up": "👍 有帮助",
           "down": "👎 没帮助", "comment": "意见（可选）", "voted": "已记录，感谢反馈。", "staff": "员工视图",
           "nothing": "还没有可评价的回答。"},
    "en": {"box": "Ask about the resolution", "send": "Ask", "clear": "Clear chat", "chips": "Citations (click to read the clause)",
           "related": "Related clauses (the resolution does not state this)", "panel": "Click a citation to read the clause.",
           "up": "👍 Helpful", "down": "👎 Not helpful", "comment": "Comment (optional)", "voted": "Recorded, thank you.",
           "staff": "Staff view", "nothing": "There is no answer to rate yet."},
}
CSS = """
#citations label { border-radius: 999px !important; }
.clause-text mark { background: #ffe58a; padding: 0 2px; }
.fulltext section { margin-bottom: 1em; } .fulltext h4 { margin: 0.2em 0; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def clause_html(clause, highlight: str = "") -> str:
    """The exact clause text, the supporting sentence highlighted; everything escaped."""
    body = _esc(clause.text)
    if highlight and highlight in clause.text:
        body = body.replace(_esc(highlight), f"<mark>{_esc(highlight)}</mark>", 1)
    head = f"〔{_esc(clause.label)}〕" + (f" {_esc(clause.lead)}" if clause.lead else "")
    part = f"<div><small>{_esc(clause.part)}</small></div>" if clause.part else ""
    anchor = f"#clause-{_esc(clause.key)}"
    return (f'<div class="clause-text" data-clause="{_esc(clause.key)}"><h4>{head}</h4>{part}'
            f'<p style="white-space: pre-wrap">{body}</p><a href="{anchor}">全文中的位置 ↗</a></div>')


def fulltext_html(clauses, meta) -> str:
    rows = [f"<p><b>{_esc(meta.title)}</b><br>{_esc(meta.doc_number)} · {_esc(meta.adopted_session)} "
            f"{_esc(meta.adopted_date)}通过 · {_esc(meta.print_date)}印发</p>"] if meta else []
    part = ""
    for c in clauses:
        if c.part and c.part != part:
            part = c.part
            rows.append(f"<h3>{_esc(part)}</h3>")
        rows.append(f'<section id="clause-{_esc(c.key)}"><h4>〔{_esc(c.label)}〕</h4>'
                    f'<p style="white-space: pre-wrap">{_esc(c.text)}</p></section>')
    return '<div class="fulltext">' + "".join(rows) + "</div>"


def staff_html(a: Answer | None) -> str:
    """What staff see for an answer: the ranked clauses and scores, timings, flagged sentences."""
    if a is None:
        return ""
    rows = "".join(f"<tr><td>{h.rank}</td><td>〔{_esc(h.clause.label)}〕</td><td>{h.score:.3f}</td>"
                   f"<td>{h.dense:.3f}</td><td>{h.lexical:.2f}</td></tr>" for h in a.hits)
    timings = ", ".join(f"{_esc(k)} {v:.1f} ms" for k, v in a.timings.items())
    flagged = "".join(f"<li>{_esc(s)}</li>" for s in a.flagged) or "<li>无</li>"
    removed = _esc(", ".join(a.removed_citations) or "无")
    return (f"<div class='staff'><p>生成器 generator: <b>{_esc(a.generator)}</b> · 检索问题: {_esc(a.standalone_question)}</p>"
            f"<table><tr><th>#</th><th>条款</th><th>score</th><th>dense</th><th>bm25</th></tr>{rows}</table>"
            f"<p>耗时 timings: {timings}</p><p>未通过核对的句子 flagged:</p><ul>{flagged}</ul>"
            f"<p>删除的引用 removed citations: {removed}</p></div>")


def message_text(message: dict) -> str:
    """The plain text of a chat message, whatever shape Gradio gives it (str, content blocks, …)."""
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str):
        return html.unescape(content)
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, list):
        return html.unescape("".join(b.get("text", "") for b in content if isinstance(b, dict)))
    return ""


def _display(a_text: str, notices: list[str]) -> str:
    prefix = "".join(f"【提示】{n}\n" for n in notices)
    return _esc(prefix + a_text)


def respond(message: str, history: list, *, settings: Settings, retriever, generator: Generator | None = None):
    """Stream one answer into the chat: yields (chat messages, Answer or None); the last yield carries
    the final `Answer`. A question the core rejects (empty) gets its message as the reply."""
    history = list(history or [])
    asked = history + [{"role": "user", "content": _esc(message or "")}]
    prior = clip_history([{"role": m.get("role"), "content": message_text(m)} for m in history if isinstance(m, dict)],
                         settings)
    try:
        for item in answer_stream(message or "", history=prior, settings=settings, retriever=retriever,
                                  generator=generator):
            if isinstance(item, str):
                yield asked + [{"role": "assistant", "content": _esc(item)}], None
            else:
                yield asked + [{"role": "assistant", "content": _display(item.text, item.notices)}], item
    except QuestionError as e:
        yield asked + [{"role": "assistant", "content": _esc(str(e))}], None


def citation_choices(last: Answer | None, clauses: dict, lang: str) -> tuple[list[tuple[str, str]], str]:
    """The chips under the chat: (label, clause key) of the answer's citations, or of the related clauses
    of a refusal, and the group's label."""
    t = TEXT[lang]
    if last is None:
        return [], t["chips"]
    keys, label = (last.related, t["related"]) if last.refused else (last.cited, t["chips"])
    return [(f"〔{clauses[k].label}〕", k) for k in keys if k in clauses], label


def show_clause(key: str | None, last: Answer | None, clauses: dict, lang: str) -> str:
    """The clause panel for a chip: the exact text with the cited sentence highlighted."""
    if not key or key not in clauses:
        return TEXT[lang]["panel"]
    quote = next((c.quote for c in (last.citations if last else []) if c.clause == key), "")
    return clause_html(clauses[key], quote)


def record_vote(store: FeedbackStore, kind: str, last: Answer | None, comment: str, lang: str) -> str:
    """Store a vote on the latest answer; returns the status line shown under the vote row."""
    if last is None:
        return TEXT[lang]["nothing"]
    try:
        store.record(question=last.question, answer=last.text, citations=last.cited, vote=kind, comment=comment or "")
    except FeedbackError as e:
        return _esc(str(e))
    return TEXT[lang]["voted"]


def record_like(store: FeedbackStore, history: list, index: object, liked: bool | None, lang: str) -> str:
    """Thumbs on any answer in the chat: the vote gets that answer and the question before it."""
    idx = index[0] if isinstance(index, (list, tuple)) else index
    msgs = list(history or [])
    if liked is None or not isinstance(idx, int) or not 0 <= idx < len(msgs):
        return ""
    if msgs[idx].get("role") != "assistant":
        return TEXT[lang]["nothing"]
    answer_text = message_text(msgs[idx])
    question = next((message_text(m) for m in reversed(msgs[:idx]) if m.get("role") == "user"), "")
    try:
        store.record(question=question, answer=answer_text, citations=cited_keys(answer_text),
                     vote="up" if liked else "down")
    except FeedbackError as e:
        return _esc(str(e))
    return TEXT[lang]["voted"]


def build_page(settings: Settings, retriever, *, generator: Generator | None = None, meta=None) -> gr.Blocks:
    """The page: chat, citation chips, clause panel, full text, examples, votes and a staff view."""
    store = FeedbackStore(settings.feedback_db)
    clauses = retriever.by_key

    def on_ask(message: str, history: list):
        yield from respond(message, history, settings=settings, retriever=retriever, generator=generator)

    def after_answer(last: Answer | None, lang: str, request: gr.Request):
        choices, label = citation_choices(last, clauses, lang)
        staff_view = staff_html(last) if is_staff(request, settings) else ""  # staff only (security.is_staff)
        return gr.update(choices=choices, value=None, label=label), TEXT[lang]["panel"], staff_view

    def staff_toggle(on: bool, request: gr.Request):
        return gr.update(visible=bool(on) and is_staff(request, settings))

    def like(history: list, lang: str, evt: gr.LikeData):
        return record_like(store, history, evt.index, evt.liked, lang)

    def switch_language(lang: str):
        t = TEXT[lang]
        return (gr.update(placeholder=t["box"], label=t["box"]), gr.update(value=t["send"]), gr.update(value=t["clear"]),
                gr.update(value=t["up"]), gr.update(value=t["down"]), gr.update(label=t["comment"]),
                gr.update(label=t["staff"]))

    with gr.Blocks(title="甬江科创区镇海片区建设决定 · 问答") as page:
        last = gr.State(None)
        gr.Markdown("## 《关于加快推进甬江科创区镇海片区建设的决定》问答"
                    + (f"\n{meta.doc_number} · {meta.adopted_session} {meta.adopted_date}通过" if meta else ""))
        with gr.Row():
            lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label="界面语言 / Language", scale=1)
            staff = gr.Checkbox(label=TEXT["zh"]["staff"], value=False, scale=1, elem_id="staff-toggle", visible=False)
            page.load(staff_toggle, gr.State(True), staff)  # the toggle itself: staff only
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(height=460, render_markdown=False, sanitize_html=True, elem_id="chat", label="对话")
                box = gr.Textbox(placeholder=TEXT["zh"]["box"], label=TEXT["zh"]["box"], elem_id="question", lines=1)
                with gr.Row():
                    send = gr.Button(TEXT["zh"]["send"], variant="primary", elem_id="send")
                    clear = gr.Button(TEXT["zh"]["clear"], elem_id="clear")
                chips = gr.Radio(choices=[], label=TEXT["zh"]["chips"], elem_id="citations", interactive=True)
                gr.Examples(EXAMPLES, inputs=[box], label="示例问题 / Examples")
                with gr.Row():
                    up = gr.Button(TEXT["zh"]["up"], elem_id="vote-up", size="sm")
                    down = gr.Button(TEXT["zh"]["down"], elem_id="vote-down", size="sm")
                    comment = gr.Textbox(label=TEXT["zh"]["comment"], elem_id="comment", scale=2)
                vote_status = gr.Markdown(elem_id="vote-status")
            with gr.Column(scale=2):
                with gr.Tab("条文 Clause"):
                    panel = gr.HTML(TEXT["zh"]["panel"], elem_id="clause-panel")
                with gr.Tab("全文 Full text"):
                    gr.HTML(fulltext_html(retriever.clauses, meta), elem_id="fulltext")
                staff_panel = gr.HTML("", visible=False, elem_id="staff-panel")

        ask_args = dict(fn=on_ask, inputs=[box, chat], outputs=[chat, last])
        for trigger in (send.click, box.submit):
            trigger(**ask_args).then(after_answer, [last, lang], [chips, panel, staff_panel]).then(lambda: "", None, box)
        chips.change(lambda key, prev, g: show_clause(key, prev, clauses, g), [chips, last, lang], panel)
        clear.click(lambda: ([], None, gr.update(choices=[], value=None), "", ""), None, [chat, last, chips, panel, staff_panel])
        up.click(lambda prev, c, g: record_vote(store, "up", prev, c, g), [last, comment, lang], vote_status)
        down.click(lambda prev, c, g: record_vote(store, "down", prev, c, g), [last, comment, lang], vote_status)
        chat.like(like, [chat, lang], vote_status)
        staff.change(staff_toggle, staff, staff_panel)
        lang.change(switch_language, lang, [box, send, clear, up, down, comment, staff])
    return page

"""HTML of the chat page, as plain functions from records to strings: the masthead, the welcome, the
conversation with clickable citation markers, the clause panel, the full text and the staff details.

Every piece of user text, model output and document text goes through `esc` before it is placed in
markup, so nothing anyone types is ever interpreted as HTML. Wording comes from `page_text.py`; the
page's behaviour (what happens on click) is `static/page.js`'s.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..citations import CITATION, citation_names, cited_keys
from .page_text import EXAMPLES, text_for, translate_notice

if TYPE_CHECKING:
    from ..records import Answer
    from .page import Turn

# Icons are inline SVG (emoji need a colour-emoji font that many machines lack); aria-hidden, because
# the button beside them always carries a text label.
_SVG = '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">{}</svg>'
ICONS = {  # Material Design icons (Apache-2.0)
    "up": _SVG.format('<path fill="currentColor" d="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41'
                      '-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84'
                      '-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"/>'),
    "down": _SVG.format('<path fill="currentColor" d="M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2'
                        'c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58'
                        '-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z"/>'),
    "goto": _SVG.format('<path fill="currentColor" d="M19 19H5V5h7V3H5c-1.11 0-2 .9-2 2v14c0 1.1.89 2 2 2h14c1.1 0 2-.9'
                        ' 2-2v-7h-2v7zM14 3v2h3.59l-9.83 9.83 1.41 1.41L19 6.41V10h2V3h-7z"/>'),
    "close": _SVG.format('<path fill="currentColor" d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19'
                         ' 12 13.41 17.59 19 19 17.59 13.41 12z"/>'),
    "text": _SVG.format('<path fill="currentColor" d="M2.5 4v3h5v12h3V7h5V4h-13zm19 5h-9v3h3v7h3v-7h3V9z"/>'),
    "lang": _SVG.format('<path fill="currentColor" d="m12.87 15.07-2.54-2.51.03-.03A17.52 17.52 0 0 0 14.07 6H17V4h-7V2H8v2'
                        'H1v1.99h11.17C11.5 7.92 10.44 9.75 9 11.35 8.07 10.32 7.3 9.19 6.69 8h-2c.73 1.63 1.73 3.17 2.98'
                        ' 4.56l-5.09 5.02L4 19l5-5 3.11 3.11.76-2.04zM18.5 10h-2L12 22h2l1.12-3h4.75L21 22h2l-4.5-12zm'
                        '-2.62 7 1.62-4.33L19.12 17h-3.24z"/>'),
    "doc": _SVG.format('<path fill="currentColor" d="M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2'
                       'V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z"/>'),
    "staff": _SVG.format('<path fill="currentColor" d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4z"/>'),
}


@dataclass(frozen=True)
class DocSummary:
    """One document the page answers about, as the welcome and the full text name it."""

    doc_id: str
    title: str
    number: str = ""  # 发文字号, e.g. 镇人大常〔2023〕31号
    adopted: str = ""  # date adopted
    session: str = ""  # the meeting that adopted it
    printed: str = ""  # 印发 date
    n_clauses: int = 0


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values (quotes included)."""
    return html.escape(str(text), quote=True)


def covered_documents(clauses, metas: dict) -> list[DocSummary]:
    """The documents behind the loaded clauses, in corpus order, named from their metadata (`metas`:
    doc_id → ingest.DocumentMeta); a document without metadata is named by its doc_id."""
    counts: dict[str, int] = {}
    for c in clauses:
        counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
    out = []
    for doc_id, n in counts.items():
        m = metas.get(doc_id)
        out.append(DocSummary(doc_id, (m.title if m else "") or doc_id, m.doc_number if m else "",
                              m.adopted_date if m else "", m.adopted_session if m else "", m.print_date if m else "", n))
    return out


def short_title(title: str) -> str:
    """《关于…的决定》 from 'issuer关于…的决定' (Chinese official titles put the issuer first)."""
    core = title[title.index("关于"):] if "关于" in title else title
    return f"《{core}》"


def page_title(docs: list[DocSummary], lang: str) -> str:
    """The H1 and the browser tab's title: the document's short title, or a generic one for several."""
    t = text_for(lang)
    return t["page_title"].format(title=short_title(docs[0].title)) if len(docs) == 1 else t["page_title_many"]


def masthead_html(docs: list[DocSummary], lang: str, *, staff_allowed: bool, staff_on: bool, max_chars: int) -> str:
    """The page's one H1, the document line and the toolbar (language, large text, staff, full text).
    `data-*` on #pqa-i18n carry the words the browser script needs (counter, warnings)."""
    t = text_for(lang)
    title = page_title(docs, lang)
    numbers = " · ".join(esc(d.number) for d in docs if d.number)
    staff = (f'<button type="button" class="tool" id="staff-toggle" data-action="staff" aria-pressed="{str(staff_on).lower()}">'
             f'{ICONS["staff"]}<span>{esc(t["staff"])}</span></button>') if staff_allowed else ""
    if staff_allowed and staff_on:  # the staff pages, one click from the staff view
        staff += (f'<a class="tool" id="staff-documents" href="/staff/documents">{ICONS["doc"]}'
                  f'<span>{esc(t["staff_documents"])}</span></a>')
    i18n = {"counter": t["counter"], "over": t["over"], "empty": t["empty"], "busy": t["busy"], "you": t["you"],
            "bot": t["bot"], "pending": t["pending"], "max": str(max_chars), "lang": t["html_lang"], "title": title}
    data = " ".join(f'data-{k}="{esc(v)}"' for k, v in i18n.items())
    return (f'<header class="masthead"><h1>{esc(title)}</h1>'
            + (f'<p class="doc-numbers">{numbers}</p>' if numbers else "")
            + f'<div class="toolbar" role="toolbar" aria-label="{esc(t["read_full"])} · {esc(t["large"])}">'
            f'<button type="button" class="tool" data-action="lang" data-lang="{t["switch_to_lang"]}" '
            f'lang="{"en" if t["switch_to_lang"] == "en" else "zh-CN"}" aria-label="{esc(t["switch_name"])}">'
            f'{ICONS["lang"]}<span>{esc(t["switch_to"])}</span></button>'
            f'<button type="button" class="tool" id="large-toggle" data-action="large" aria-pressed="false">'
            f'{ICONS["text"]}<span>{esc(t["large"])}</span></button>'
            f'<button type="button" class="tool" data-action="fulltext">{ICONS["doc"]}<span>{esc(t["read_full"])}</span></button>'
            f'{staff}</div><span id="pqa-i18n" hidden {data}></span></header>')


def welcome_html(docs: list[DocSummary], lang: str) -> str:
    """What the page answers (the documents, from their metadata), what it does not, the disclaimer,
    and example questions that send themselves when clicked."""
    t = text_for(lang)
    items = []
    for d in docs:
        line = t["doc_line"].format(number=d.number, adopted=t["adopted"].format(date=d.adopted) if d.adopted else "")
        items.append(f'<li><b>{esc(short_title(d.title))}</b>'
                     + (f'<span class="doc-line">{esc(line.lstrip("，, "))}</span>' if line.strip("，, ") else "")
                     + "</li>")
    examples = "".join(f'<li><button type="button" class="example" data-ask="{esc(q)}">{esc(q)}</button></li>'
                       for q in EXAMPLES[lang])
    return (f'<section class="welcome" aria-labelledby="welcome-title"><h2 id="welcome-title">{esc(t["welcome_hello"])}</h2>'
            f'<ul class="docs">{"".join(items)}</ul><p>{esc(t["welcome_how"])}</p><p>{esc(t["welcome_not"])}</p>'
            f'<p class="disclaimer"><strong>{esc(t["disclaimer"])}</strong></p>'
            f'<h3 class="examples-title">{esc(t["examples"])}</h3><ul class="examples">{examples}</ul></section>')


def answer_html(text: str, clauses: dict, turn_id: str, lang: str, *, titles: dict[str, str] | None = None,
                names: dict[str, str] | None = None) -> str:
    """Answer text with every citation marker (〔第7条〕) a button that opens that clause; text escaped.
    A marker naming no known clause stays plain text. `titles` (doc_id → full title) names the document
    in full in the button's tooltip when the citation shows only its short name (〔行政处罚法:第12条〕); `names`:
    `citation_names` of `clauses`, when the caller renders many answers over them."""
    t = text_for(lang)
    names = citation_names(clauses.values()) if names is None else names
    out, pos = [], 0
    for m in CITATION.finditer(text):
        out.append(esc(text[pos:m.start()]))
        keys = cited_keys(m.group(0), names)
        key = keys[0] if len(keys) == 1 and keys[0] in clauses else None
        if key is None:
            out.append(esc(m.group(0)))
        else:
            c = clauses[key]
            full = (titles or {}).get(c.doc_id, "") if c.cite_as else ""
            label = f"《{full}》{m.group(0)}" if full else m.group(0)
            out.append(f'<button type="button" class="cite" data-turn="{esc(turn_id)}" data-clause="{esc(key)}" '
                       f'title="{esc(t["cite_name"].format(label=label))}">{esc(m.group(0))}</button>')
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _chips(a: Answer, clauses: dict, turn_id: str, lang: str) -> str:
    t = text_for(lang)
    keys, label = (a.related, t["related"]) if a.refused else (list(dict.fromkeys(a.cited)), t["cited"])
    chips = "".join(f'<button type="button" class="cite chip" data-turn="{esc(turn_id)}" data-clause="{esc(k)}">'
                    f'〔{esc(clauses[k].label)}〕' + (f" {esc(clauses[k].lead)}" if clauses[k].lead else "") + "</button>"
                    for k in keys if k in clauses)
    return f'<div class="chips"><span class="chips-label">{esc(label)}</span>{chips}</div>' if chips else ""


def _votes(turn: Turn, lang: str) -> str:
    t = text_for(lang)
    buttons = "".join(
        f'<button type="button" class="vote" data-turn="{esc(turn.id)}" data-vote="{kind}" '
        f'aria-pressed="{"true" if turn.vote == kind else "false"}">{ICONS[kind]}<span>{esc(t[kind])}</span></button>'
        for kind in ("up", "down"))
    note = f'<span class="vote-note" role="status">{esc(turn.note)}</span>'
    return f'<div class="rate" role="group" aria-label="{esc(t["rate"])}">{buttons}{note}</div>'


def turn_html(turn: Turn, clauses: dict, lang: str, *, staff: bool, titles: dict[str, str] | None = None,
              names: dict[str, str] | None = None) -> str:
    """One exchange: the question, the answer (growing while it streams), its citations, votes and,
    for staff, the retrieval details. `titles`: doc_id → full title (see `answer_html`)."""
    t = text_for(lang)
    a = turn.answer
    busy = a is None and not turn.error
    question = f'<div class="msg user"><span class="who">{esc(t["you"])}</span><p>{esc(turn.question)}</p></div>'
    if turn.error:
        body = f'<p class="error">{esc(t["error"].format(why=turn.error))}</p>'
    elif busy and not turn.text:
        body = f'<p class="pending">{esc(t["pending"])}</p>'
    else:
        notices = "".join(f'<p class="notice"><b>{esc(t["notice"])}</b> {esc(translate_notice(n, lang))}</p>'
                          for n in (a.notices if a else []))
        body = notices + f'<p class="answer-text">{answer_html(a.text if a else turn.text, clauses, turn.id, lang, titles=titles, names=names)}</p>'
    extra = ""
    if a is not None:
        extra = _chips(a, clauses, turn.id, lang) + _votes(turn, lang)
        if staff:
            extra += f'<details class="staff"><summary>{esc(t["staff_summary"])}</summary>{staff_html(a)}</details>'
    return (f'<article class="turn" data-turn="{esc(turn.id)}" aria-busy="{"true" if busy else "false"}">{question}'
            f'<div class="msg bot"><span class="who">{esc(t["bot"])}</span>{body}{extra}</div></article>')


def conversation_html(turns: list[Turn], clauses: dict, docs: list[DocSummary], lang: str, *, staff: bool,
                      rev: int = 0) -> str:
    """The whole chat: the welcome, then every turn. `data-pending` tells the browser an answer is
    still coming (the send button waits for it); a new `rev` makes a render differ from the last one
    even when nothing else changed, so the browser always hears back."""
    pending = any(tn.answer is None and not tn.error for tn in turns)
    titles = {d.doc_id: d.title for d in docs}
    names = citation_names(clauses.values())
    body = "".join(turn_html(tn, clauses, lang, staff=staff, titles=titles, names=names) for tn in turns)
    return (f'<div class="conv" role="log" data-pending="{int(pending)}" data-lang="{lang}" data-rev="{rev}">'
            f'{welcome_html(docs, lang)}<div class="turns">{body}</div></div>')


def _highlight(text: str, quotes: list[str]) -> str:
    """`text` escaped, every occurrence of the quotes wrapped in <mark> (overlaps merged)."""
    spans = []
    for q in quotes:
        start = text.find(q) if q else -1
        while start >= 0:
            spans.append((start, start + len(q)))
            start = text.find(q, start + len(q))
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(esc(text[pos:s]) + f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    return "".join(out) + esc(text[pos:])


def clause_html(clause, quotes: list[str], lang: str) -> str:
    """The clause panel: the exact clause text, the sentences an answer rests on highlighted, a link to
    its place in the full text. The short live line announces which clause opened."""
    t = text_for(lang)
    head = f"〔{esc(clause.label)}〕" + (f" {esc(clause.lead)}" if clause.lead else "")
    part = f'<p class="part">{esc(clause.part)}</p>' if clause.part else ""
    return (f'<div class="panel" role="region" aria-label="{esc(t["reader"])}">'
            f'<p class="visually-hidden" aria-live="polite">{head}</p>'
            f'<div class="clause-text" data-clause="{esc(clause.key)}"><h2>{head}</h2>{part}'
            f'<p class="clause-body">{_highlight(clause.text, quotes)}</p>'
            f'<a class="goto" href="#clause-{esc(clause.key)}" data-goto="{esc(clause.key)}">{esc(t["goto"])}{ICONS["goto"]}</a>'
            "</div></div>")


def panel_hint_html(lang: str) -> str:
    t = text_for(lang)
    return (f'<div class="panel" role="region" aria-label="{esc(t["reader"])}">'
            f'<p class="visually-hidden" aria-live="polite"></p><p class="hint">{esc(t["panel_hint"])}</p></div>')


def sheet_bar_html(lang: str) -> str:
    """The bar on top of the clause reader; its close button only shows on a phone (bottom sheet)."""
    t = text_for(lang)
    return (f'<div class="sheet-bar"><span class="sheet-title" id="sheet-title">{esc(t["reader"])}</span>'
            f'<button type="button" class="sheet-close" aria-label="{esc(t["close"])}">{ICONS["close"]}'
            f'<span>{esc(t["close"])}</span></button></div>')


def fulltext_html(clauses, docs: list[DocSummary], lang: str) -> str:
    """Every clause in order, under its document's title and its parts; each clause is an anchor
    (`#clause-<key>`) the panel's link scrolls to."""
    t = text_for(lang)
    by_doc = {d.doc_id: d for d in docs}
    rows, doc, part = [], None, None
    for c in clauses:
        if c.doc_id != doc:
            doc, part = c.doc_id, None
            d = by_doc.get(doc)
            if d is not None:
                meta = t["full_meta"].format(number=d.number, session=d.session, date=d.adopted, printed=d.printed)
                rows.append(f"<h2>{esc(d.title)}</h2>" + (f'<p class="meta">{esc(meta)}</p>' if d.number else ""))
        if c.part and c.part != part:
            part = c.part
            rows.append(f"<h3>{esc(part)}</h3>")
        key = esc(c.key)
        rows.append(f'<section id="clause-{key}" data-clause="{key}" tabindex="-1"><h4>〔{esc(c.label)}〕</h4>'
                    f'<p class="clause-body">{esc(c.text)}</p></section>')
    return '<div class="fulltext" lang="zh-CN">' + "".join(rows) + "</div>"


def staff_html(a: Answer | None) -> str:
    """What staff see for an answer: the ranked clauses with their scores, how much of the question each
    covers, which everyday words matched which official words and which example question came closest, timings,
    flagged sentences."""
    if a is None:
        return ""
    def matched(h) -> str:  # how the question's words reached the clause: everyday word → official word,
        # and the clause's example question closest to it (index/examples.py)
        words = esc("、".join(f"{w}→{o}" for w, o in h.concepts))
        example = f"相似问 example: {esc(h.example)}" if h.example else ""
        return "<br>".join(x for x in (words, example) if x) or "–"

    rows = "".join(f"<tr><td>{h.rank}</td><td>〔{esc(h.clause.label)}〕</td><td>{h.score:.3f}</td>"
                   f"<td>{h.dense:.3f}</td><td>{h.lexical:.2f}</td><td>{h.coverage:.2f}</td><td>{matched(h)}</td></tr>"
                   for h in a.hits)
    timings = ", ".join(f"{esc(k)} {v:.1f} ms" for k, v in a.timings.items())
    flagged = "".join(f"<li>{esc(s)}</li>" for s in a.flagged) or "<li>无 none</li>"
    removed = esc(", ".join(a.removed_citations) or "无 none")
    return (f"<div class='staff-body'><p>生成器 generator: <b>{esc(a.generator)}</b> · 检索问题 searched: "
            f"{esc(a.standalone_question)}</p><table><tr><th>#</th><th>条款 clause</th><th>score</th><th>dense</th>"
            f"<th>bm25</th><th>coverage</th><th>匹配 matched</th></tr>{rows}</table><p>耗时 timings: {timings}</p><p>未通过核对的句子 flagged:</p>"
            f"<ul>{flagged}</ul><p>删除的引用 removed citations: {removed}</p></div>")


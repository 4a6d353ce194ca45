"""Laws, regulations and rules: 编/分编/章/节 headings, 条 articles, and 款/项/目 inside them.

One citable unit per 条: clause_id is the article number in Arabic digits (第十二条 → `12`, cited 第12条; an
article an amendment inserted, 第一百三十三条之一, is `133之一`, cited 第133条之一, right after `133`),
the headings above it (第五章 行政处罚的决定 › 第一节 一般规定) are its `context`, and its 款 (paragraphs),
项 ((一)…) and 目 (1.…) are located in its text (`Clause.paragraphs`), so 第12条第二款 can be highlighted.
A heading is never a unit of its own. Text before the first article (other than headings) is the
`preamble`. The head and foot around the articles are `frame.py`'s.
"""

from __future__ import annotations

import re

from .assemble import Draft, Piece, is_title_line
from .errors import repeated_number
from .frame import Para
from .numbering import article_insert, article_number, glued_heading, int_to_cn, law_heading, policy_mark
from .records import article_label
from .text import is_cut

_HEADING_ORDER = ("编", "分编", "章", "节")
_HEADING_SPLIT = re.compile(r"^(第\S+?(?:分编|编|章|节))\s*(.*)$")


def display_heading(text: str) -> str:
    """第一章总则 → 第一章 总则 (the cleaner drops the full-width space a printed heading has)."""
    m = _HEADING_SPLIT.match(text)
    return f"{m.group(1)} {m.group(2)}".strip() if m else text


def law_drafts(body: list[Para], *, where: str) -> tuple[list[Draft], list[str]]:
    """Drafts for the articles of a law-shaped body (and a preamble before them); warnings.

    Raises:
        IngestError: an article number that appears twice.
    """
    drafts: list[Draft] = []
    warnings: list[str] = []
    headings: dict[str, str] = {}
    pending: list[Para] = []  # headings not yet carried by an article
    preamble: list[Piece] = []
    seen: dict[tuple[int, int], Para] = {}  # (article, inserted article: 第133条之一 → (133, 1))
    last = (0, 0)
    current: Draft | None = None
    kuan = xiang = 0
    for p in body:
        glued = glued_heading(p.text)  # 第一章总则第一条…: the heading is context, the paragraph the article
        kind = law_heading(p.text[:glued] if glued else p.text)
        if kind:
            depth = _HEADING_ORDER.index(kind)
            headings = {k: v for k, v in headings.items() if _HEADING_ORDER.index(k) < depth}
            headings[kind] = display_heading(p.text[:glued] if glued else p.text)
            if not glued:
                pending.append(p)
                continue
        art = article_number(p.text[glued:])
        number = (art[0], article_insert(p.text[glued:])) if art else (0, 0)
        if art and (number > last or number in seen):
            end = glued + art[1]
            article_id = _article_id(*number)
            if number in seen:
                raise repeated_number(where, article_label(article_id), (seen[number].line, seen[number].text), (p.line, p.text),
                                      lists=False)
            seen[number] = p
            last = number
            context = tuple(headings[k] for k in _HEADING_ORDER if k in headings)
            current = Draft(article_id, [Piece(p, end, kuan=1, marked=True)], context, pending)
            drafts.append(current)
            pending = []
            kuan, xiang = (1 if p.text[end:].strip() else 0), 0
            continue
        if current is None:
            preamble.append(Piece(p, 0, kuan=len(preamble) + 1))
            continue
        mark = policy_mark(p.text)
        previous = current.pieces[-1]
        continues = is_cut(previous.para.text[previous.text_from :]) and previous.para.text[previous.text_from :]
        if continues and mark and mark.level == 1 and mark.number == xiang + 1 and is_title_line(continues):
            # subtle: 第三条 营运资质和条件 ⏎ (一)…: an article whose text is a heading without closing mark,
            # then its first item — the next item number after a short line is a 项, not a page break's cut;
            # the heading is the article's lead (quoted alone as an answer it says nothing: review of stop 29)
            continues = ""
            current.lead = True
        if mark and mark.level == 1 and not continues:  # （一） a 项
            xiang = mark.number
            current.pieces.append(Piece(p, 0, kuan=max(kuan, 1), xiang=xiang, marked=True))
        elif mark and mark.level in (2, 3) and xiang and not continues:  # 1. a 目 inside a 项
            current.pieces.append(Piece(p, 0, kuan=max(kuan, 1), xiang=xiang, mu=mark.number, marked=True))
        elif continues:  # the rest of a sentence a page break cut
            current.pieces.append(Piece(p, 0, previous.kuan, previous.xiang, previous.mu))
        else:
            kuan, xiang = kuan + 1, 0
            current.pieces.append(Piece(p, 0, kuan=kuan))
    if pending:  # headings after the last article (a printed law never ends so, an excerpt may)
        if drafts:
            drafts[-1].owned_headings.extend(pending)
        else:
            preamble.extend(Piece(h, 0, kuan=len(preamble) + 1) for h in pending)
    if preamble:
        drafts.insert(0, Draft("preamble", preamble))
    return drafts, warnings


def _article_id(n: int, inserted: int) -> str:
    """An article's clause_id: 12 for 第十二条, 133之一 for 第一百三十三条之一 (an inserted article)."""
    return f"{n}之{int_to_cn(inserted)}" if inserted else str(n)

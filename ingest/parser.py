"""Parse the text of a 人大/政府 决定 into citable clauses and document metadata.

The layout it knows: a head (issuing body, document number, title, adopting session), a preamble
ending "作出如下决定：", parts 一、二、三…, clauses numbered `1.` `1．` `１．`, and a foot (送：/抄送：,
the issuing office, the print date). It repairs what a text export breaks: sentences cut by a page
break and half-width punctuation in Chinese text. A text without numbered clauses becomes
paragraphs `p1`, `p2`, …. Reading files is `loaders.py`'s job; this module only sees text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .errors import IngestError
from .records import Clause, Document, DocumentMeta
from .text import clean, is_cut, join_lines, split_sentences

_PART = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_NUMBER = re.compile(r"^([0-9０-９]{1,3})\s*[.．](?![0-9０-９])\s*")
_FOOT_START = re.compile(r"^(抄送|主送|送|报送|发)\s*[：:]")
_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*印发")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_ADOPTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)(.+?会议)\s*(?:通过|审议通过)")
_TITLE_END = re.compile(r"(决定|决议|条例|办法|规定|意见|通知|细则)$")
_LEAD_MAX = 24


@dataclass
class _Para:
    text: str  # clean text
    start: int
    end: int
    line: int  # 1-based line number in the source, for error messages


def split_paragraphs(source: str) -> list[_Para]:
    """Blank-line separated paragraphs with their spans; lines inside one are joined."""
    paras: list[_Para] = []
    for m in re.finditer(r"(?:^[^\S\n]*\S.*(?:\n|$))+", source, re.M):
        text = ""
        for ln in m.group(0).splitlines():
            text = join_lines(text, ln.strip())
        text = clean(text)
        end = m.start() + len(m.group(0).rstrip())
        paras.append(_Para(text, m.start(), end, source.count("\n", 0, m.start()) + 1))
    return paras


def parse_document(source: str, *, doc_id: str, path: str = "") -> Document:
    """Parse decoded text into a `Document` of clauses in document order.

    Args:
        source: the decoded text of the document.
        doc_id: the document's id (the file stem); clauses of other documents are cited `doc_id:clause`.
        path: where the text came from, for error messages.

    Raises:
        IngestError: duplicate clause numbers, or no text.
    """
    where = path or doc_id
    paras = split_paragraphs(source)
    if not paras:
        raise IngestError(where, "contains no text")
    content_hash = hashlib.sha256(source.encode("utf-8")).hexdigest()
    first_clause = next((i for i, p in enumerate(paras) if _NUMBER.match(p.text)), None)
    if first_clause is None:
        clauses = _paragraph_units(paras, doc_id)
        meta = _parse_meta([p.text for p in paras], [p.text for p in paras])
        return Document(doc_id, path, content_hash, meta, clauses, numbered=False)

    first_body = next(i for i, p in enumerate(paras) if _PART.match(p.text) or _NUMBER.match(p.text))
    foot = _find_footer(paras, first_clause)
    front, body, tail = paras[:first_body], paras[first_body:foot], paras[foot:]

    clauses: list[Clause] = []
    pre = _find_preamble(front)
    if pre > 0:
        clauses.append(_unit(doc_id, "header", front[:pre], joiner="\n"))
    if pre < len(front):
        clauses.append(_unit(doc_id, "preamble", front[pre:]))
    clauses.extend(_numbered_clauses(body, doc_id, where))
    if tail:
        clauses.append(_unit(doc_id, "footer", tail, joiner="\n"))
    clauses = [_with_order(c, i) for i, c in enumerate(clauses)]
    meta = _parse_meta([p.text for p in front[:pre]] or [p.text for p in front], [p.text for p in tail])
    return Document(doc_id, path, content_hash, meta, tuple(clauses), numbered=True)


def _find_footer(paras: list[_Para], first_clause: int) -> int:
    for i in range(first_clause + 1, len(paras)):
        text = paras[i].text
        if _FOOT_START.match(text):
            return i
        if _PRINTED.search(text):
            # The issuing office usually stands on its own line just above the print date.
            prev = paras[i - 1].text
            office = i - 1 > first_clause and len(prev) <= 30 and not prev.endswith(("。", "；"))
            return i - 1 if office and not _NUMBER.match(prev) else i
    return len(paras)


def _find_preamble(front: list[_Para]) -> int:
    """Index of the first front paragraph that is prose rather than a head line."""
    for i, p in enumerate(front):
        t = p.text
        if t.startswith(("(", "（")) or _DOC_NUMBER.search(t):
            continue
        if t.endswith(("。", "：", ":")) or len(t) > 60:
            return i
    return len(front)


def _numbered_clauses(body: list[_Para], doc_id: str, where: str) -> list[Clause]:
    groups: list[tuple[str, str, list[_Para]]] = []  # (clause_id, part, paragraphs)
    seen: dict[str, int] = {}
    part = ""
    for p in body:
        if _PART.match(p.text):
            part = p.text
            continue
        m = _NUMBER.match(p.text)
        if m:
            number = str(int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))))
            if number in seen:
                raise IngestError(
                    where,
                    f"clause number {number} appears twice (lines {seen[number]} and {p.line}); fix the numbering",
                )
            seen[number] = p.line
            groups.append((number, part, [_Para(p.text[m.end() :], p.start, p.end, p.line)]))
        elif groups:
            groups[-1][2].append(p)
    return [_unit(doc_id, cid, ps, part=part) for cid, part, ps in groups]


def _unit(doc_id: str, clause_id: str, paras: list[_Para], *, part: str = "", joiner: str = "") -> Clause:
    """Join a unit's paragraphs. `joiner` separates whole head/foot lines; in prose a paragraph cut
    mid-sentence by a page break is glued to the next one, and real paragraph breaks become a newline."""
    text = paras[0].text
    for p in paras[1:]:
        if joiner:
            text += joiner + p.text
        elif is_cut(text):
            text = join_lines(text, p.text)
        else:
            text += "\n" + p.text
    sentences = split_sentences(text)
    lead = ""
    if sentences and clause_id.isdigit():
        first = sentences[0]
        if first.endswith("。") and len(first) <= _LEAD_MAX and "，" not in first:
            lead = first.rstrip("。")
    return Clause(doc_id, clause_id, text, sentences, (paras[0].start, paras[-1].end), part, lead)


def _paragraph_units(paras: list[_Para], doc_id: str) -> tuple[Clause, ...]:
    return tuple(
        _with_order(_unit(doc_id, f"p{i}", [p]), i - 1) for i, p in enumerate(paras, start=1)
    )


def _with_order(c: Clause, order: int) -> Clause:
    return Clause(c.doc_id, c.clause_id, c.text, c.sentences, c.span, c.part, c.lead, order)


def _parse_meta(head: list[str], foot: list[str]) -> DocumentMeta:
    head_text = "\n".join(head)
    number = _DOC_NUMBER.search(head_text)
    adopted = _ADOPTED.search(head_text)
    title = next((h for h in head if "关于" in h and _TITLE_END.search(h)), "")
    title = title or next((h for h in head if _TITLE_END.search(h)), "")
    issuer = ""
    if head and not _DOC_NUMBER.search(head[0]) and head[0] != title:
        issuer = re.sub(r"文件$", "", head[0])
    issuing_office, print_date = "", ""
    for i, line in enumerate(foot):
        printed = _PRINTED.search(line)
        if printed:
            print_date = printed.group(1)
            before = line[: printed.start()].strip()
            issuing_office = before or (foot[i - 1] if i > 0 and not _FOOT_START.match(foot[i - 1]) else "")
    return DocumentMeta(
        title=title,
        issuer=issuer,
        doc_number=re.sub(r"\s+", "", number.group(0)) if number else "",
        adopted_date=adopted.group(1) if adopted else "",
        adopted_session=adopted.group(2).strip() if adopted else "",
        issuing_office=issuing_office,
        print_date=print_date,
    )

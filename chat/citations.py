"""References to clauses, in one place: named in a question (第九条, clause 9, 文头) and cited in an
answer (〔第7条〕, 〔文头〕, 〔行政处罚法:第12条〕).

A document other than the bundled resolution is cited by its citation name (`Clause.cite_as`, its short
name); `citation_names(clauses)` maps those names back to doc_ids for `cited_keys`. A doc_id in place of
the name is read too (older answers, a document without a title).

`clause_refs` reads the first, `CITATION` and `cited_keys` the second; the question planner, the
verifier and the page all go through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ingest.names import CITATION_NAME_CHARS, KIND_ENDINGS
from ingest.numbering import cn_to_int

#: A question that calls its document "the resolution" (本决定, 决定里…, this resolution) means the bundled
#: one; 决定 inside a word (处罚决定, 作出决定) does not. Dev: 决定贯彻的是市人大常委会的哪个决定？,
#: Which body issued this resolution? (both answered from an added document before).
NAMES_RESOLUTION = re.compile(r"(?<![\u4e00-\u9fff])决定|[本该这此那]个?份?决定|\bresolution\b", re.I)
#: A question that names the document itself — 决定, 文件, 这份, this document — as the thing it asks about
#: (docfacts: 这份文件是谁发的 asks the issuer). Narrow on purpose: 条款 or "the plan" name where a subject
#: is found, not the document's head or foot (哪个条款讲人才安居房 is not asking who received it).
NAMES_DOCUMENT = re.compile(r"决定|文件|这份|本文|\b(this|the) (resolution|decision|document)\b", re.I)
#: The kinds of document a demonstrative points at (这份意见, 该条例): of two characters or more, and not 决定 (the
#: bundled resolution's own kind).
DOCUMENT_KINDS = "|".join(k for k in KIND_ENDINGS if len(k) > 1 and k != "决定")
#: A question pointing at the document a conversation is about: 这份文件, 该通知, this document (not a bare 决定,
#: which names the bundled resolution).
THIS_DOCUMENT = re.compile(r"(?:[这此本那]|(?<!应)该)[个份]?\s*(?:文件|" + DOCUMENT_KINDS + r")|"
                           r"\b(this|that) (document|notice|regulation|opinion|plan|rule|measure|law|circular)\b", re.I)
#: 第九条, 第133条之一 (an article an amendment inserted: its clause_id is 133之一), clause 9.
CLAUSE_REF = re.compile(r"第\s*([0-9０-９]{1,3}|[一二三四五六七八九十百]{1,5})\s*条(?:之([一二三四五六七八九十]{1,3}))?"
                        r"|\b(?:clause|article|item)\s+(\d{1,3})\b", re.I)
#: A section or paragraph by number ("Section 1", "paragraph 4": heldout14 h14-128, heldout16 h16-075) names a clause
#: only when nothing else does: "Article 11, paragraph 2" is a 款 of 第11条, "Chapter 2, Section 1" a 节. Read by
#: `clause_refs` only, so a request to write about "section 7" is still another task (`scope.off_task`).
_SECTION_REF = re.compile(r"\b(?:section|paragraph|para\.?)\s+(\d{1,3})\b", re.I)
_CHAPTER = re.compile(r"\bchapter\b|第\s*\S{1,3}\s*章", re.I)
_SPECIAL_REF = {"文头": "header", "序言": "preamble", "文尾": "footer"}
#: The preamble named in English ("According to the preamble": heldout16 h16-062, answered from 第9条 and 第1条).
_PREAMBLE_EN = re.compile(r"\bpreamble\b", re.I)
#: An added document's unit labels that are words (ingest.records labels), back to their clause_ids.
_LABEL_IDS = {**_SPECIAL_REF, "版记": "colophon"}

#: A citation label in an answer, e.g. 〔第7条〕; group 1 is the label. subtle: a four-digit year in the
#: same brackets is the year of a document number (GB/T 9704: 镇人大常〔2023〕31号), never a citation.
#: The longest citation label: a document's citation name (ingest.names.CITATION_NAME_CHARS) and a unit
#: label such as 附件2:第123条.
CITATION_CHARS = CITATION_NAME_CHARS + 24
CITATION = re.compile(rf"〔(?!\d{{4}}〕)([^〔〕]{{1,{CITATION_CHARS}}})〕")


def citation_names(clauses: Iterable) -> dict[str, str]:
    """Citation name → doc_id for the documents of `clauses` that have one (not the bundled resolution)."""
    return {c.cite_as: c.doc_id for c in clauses if c.cite_as}


def cited_keys(text: str, names: Mapping[str, str] | None = None) -> list[str]:
    """Clause keys cited in an answer text (〔第7条〕 → '7', 〔文头〕 → 'header', and with `names`
    from `citation_names`, 〔行政处罚法:第12条〕 → 'law-xingzheng-chufa:12').

    >>> cited_keys("甲〔处罚法:第3条〕乙〔附件:第2条〕", {"处罚法": "law"})
    ['law:3', '附件:2']
    """
    keys: list[str] = []
    for label in CITATION.findall(text):
        doc, _, rest = label.rpartition(":")
        name, sep, inner = doc.partition(":")  # 〔办法:附件:第3条〕: the name, then the attachment's prefix
        if names and name in names:
            doc = names[name] + sep + inner
        # subtle: an added document's units may be numbered 一（二） or p3: taken as written (the verifier
        # checks the key exists); the bundled resolution is only ever cited 〔第7条〕/〔文头〕.
        if doc:
            found = [_LABEL_IDS[rest]] if rest in _LABEL_IDS else clause_refs(rest) or [rest]
        else:
            found = clause_refs(rest) or ([rest] if re.fullmatch(r"p\d+", rest) else [])
        for k in found:
            key = f"{doc}:{k}" if doc else k
            if key not in keys:
                keys.append(key)
    return keys

def documents_of(keys: Iterable[str]) -> tuple[str, ...]:
    """The documents of clause keys, in first-seen order: an added document's doc_id (law:12 → law), "" for the
    bundled resolution's bare ids (7).

    >>> documents_of(["law:12", "7", "law:3"])
    ('law', '')
    """
    return tuple(dict.fromkeys(k.split(":", 1)[0] if ":" in k else "" for k in keys))


def clause_refs(text: str) -> list[str]:
    """Clause keys named in a text: 第九条 → '9', 第133条之一 → '133之一', clause 3 → '3', 〔文头〕 → 'header',
    the preamble → 'preamble'."""
    refs: list[str] = []
    for m in CLAUSE_REF.finditer(text):
        raw = m.group(1) or m.group(3)
        try:
            n = cn_to_int(raw)
        except ValueError:  # 第三十十条: not a number
            n = 0
        key = f"{n}之{m.group(2)}" if n and m.group(2) else str(n)
        if n and key not in refs:
            refs.append(key)
    for word, key in _SPECIAL_REF.items():
        if word in text and key not in refs:
            refs.append(key)
    if not refs and not _CHAPTER.search(text):
        refs = list(dict.fromkeys(str(int(n)) for n in _SECTION_REF.findall(text) if int(n)))
    if _PREAMBLE_EN.search(text) and "preamble" not in refs:
        refs.append("preamble")
    return refs

def english_name(c) -> str:
    """How an English answer names a clause: "clause 7", "the preamble", "doc clause 3"."""
    names = {"header": "the document head", "preamble": "the preamble", "footer": "the closing distribution list"}
    if ":" in c.key:  # an added document's foot may be its signature (部长 尹蔚民 under an order), not a list
        names["footer"] = "the document foot"
    base = names.get(c.clause_id, f"clause {c.clause_id}")
    return base if ":" not in c.key else f"{c.cite_as or c.doc_id} {base}"

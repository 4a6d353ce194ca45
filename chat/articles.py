"""Articles asked by number: which document's 第N条 a question means. A number in a question naming one added
document is that document's (行政处罚法第三十四条 → `law:34`; an order's articles are its attachment's); a bare
number is the resolution's — unless the resolution has no such clause and an added document's article of that
number is what the question's words find first (第十三条 of a regulation, asked beside an 11-clause resolution).
"""

from __future__ import annotations

import dataclasses
import weakref

from ingest import BUNDLED_DOC_ID

from .docfacts import numbered_articles
from .question import search_text

#: Per index (a rebuilt index is a new `index.Retriever`): each document's article key prefix and numbers.
_ARTICLES_OF_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def article_numbers(retriever) -> dict[str, tuple[str, frozenset[int]]]:
    """doc_id → (the key prefix of its numbered articles, their numbers) for every document of the index, the
    bundled resolution's with no prefix (`docfacts.numbered_articles`); read once per index — each reading looks
    at every clause key."""
    found = _ARTICLES_OF_INDEX.get(retriever)
    if found is None:  # two requests may both compute it: the same value
        by_key = retriever.by_key
        found = {}
        for d in retriever.doc_ids:
            prefix, numbers = numbered_articles("" if d == BUNDLED_DOC_ID else d, by_key)
            found[d] = (prefix, frozenset(numbers))
        _ARTICLES_OF_INDEX[retriever] = found
    return found


def own_numbers(p, retriever, scope: list[str] | None, *, named: bool):
    """The plan with its clause numbers read in the one added document it is about (`scope`, the documents
    the question is searched in; `named`: the question or the caller names the documents), so that 第34条 is looked for — and
    missed — there, not in the resolution."""
    if not p.clause_refs:
        return p
    if scope == [BUNDLED_DOC_ID] and not named:
        scope = holding_the_numbers(p, retriever) or scope
    if not scope or len(scope) != 1 or scope[0] == BUNDLED_DOC_ID:
        return p
    prefix, _ = article_numbers(retriever).get(scope[0], (f"{scope[0]}:", frozenset()))
    return dataclasses.replace(p, clause_refs=tuple(r if ":" in r else f"{prefix}{r}" for r in p.clause_refs))


def holding_the_numbers(p, retriever) -> list[str]:
    """For a bare article number the resolution does not have (第十三条 of its 11), with documents added: the
    added document whose article of that number the question's words find first (multidoc9 m9-021:
    第十三条关于在非机动车道上划机动车位后剩余宽度的要求 was refused as "决定共有11条"); [] otherwise — a question saying nothing more
    than its number (heldout9 h9-128 with the 行政处罚法 added, unanswerable: the resolution's count is the
    answer). One search, among the documents that have the number."""
    bare, holding = _holding(p, retriever)
    if not bare or len(bare) != len(p.clause_refs):
        return []
    articles = article_numbers(retriever)
    if any(n in articles.get(BUNDLED_DOC_ID, ("", frozenset()))[1] for n in bare):
        return []  # the resolution has it: a bare number is the resolution's
    if not holding:
        return []
    wanted = {f"{articles[d][0]}{n}" for d in holding for n in bare}
    found = retriever.search(search_text(p.query), top_k=5, docs=holding)
    return [found[0].clause.doc_id] if found and found[0].key in wanted else []


def documents_with_the_number(p, retriever) -> list[str]:
    """The citation names of the added documents that have an article of each bare number `p` names (for the
    reply that the resolution has no such clause: 第十三条 asked beside a regulation that has one — review of
    stop 32), at most three."""
    _, holding = _holding(p, retriever)
    heads = (retriever.by_key.get(f"{d}:header") for d in holding[:3])
    return [h.cite_as if h is not None and h.cite_as else d for d, h in zip(holding[:3], heads, strict=True)]


def _holding(p, retriever) -> tuple[list[int], list[str]]:
    """The bare article numbers `p` names (第十三条 → 13, not `law:13`) and the added documents that have an
    article of each of them; ([], []) with no documents added."""
    bare = [int(r) for r in p.clause_refs if ":" not in r and r.isdigit()]
    if not bare or len(retriever.doc_ids) < 2:
        return [], []
    articles = article_numbers(retriever)
    return bare, [d for d, (_, numbers) in articles.items() if d != BUNDLED_DOC_ID and all(n in numbers for n in bare)]

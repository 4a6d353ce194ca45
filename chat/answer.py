"""`answer(question)`: plan → retrieve → decide (answer or refuse) → generate → verify, with timings.

`answer_stream` yields the text as it grows (for the page) and ends with the final `Answer`;
`answer` is the same pipeline run to the end. Generation backends live in `extractive.py` and
`llm.py`; this module owns the order of the steps, the refusal policy and the fallbacks.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator

from .errors import BackendUnavailableError, QuestionError
from .extractive import answer_clauses, compose, refusal_text
from .records import Answer
from .settings import Settings, load_settings
from .understand import ASKS_ABOUT_THE_DOCUMENT, FACT_EVIDENCE, Plan, plan, search_text
from .verify import verify

#: Retrieval confidence below which a question is out of scope: best dense cosine AND best BM25 score
#: both low. Tuned on eval/data/dev.jsonl (`policy-qa eval --questions eval/data/dev.jsonl`). English
#: questions score lower against the Chinese text, hence a floor per language. On dev the absolute
#: cosine separates little (off-topic Chinese questions reach 0.88–0.90), so most refusals come from
#: the fact check below, and these floors only catch questions with nothing at all in common.
MIN_DENSE = {"zh": 0.86, "en": 0.74}
MIN_BM25 = 1.0
RELATED = 3
#: Clauses that describe the document rather than rule on anything (see ASKS_ABOUT_THE_DOCUMENT).
TITLE_BLOCK = ("header", "footer")

NOTICE_TRUNCATED = "问题过长，已截取前 {n} 个字符。"
NOTICE_FALLBACK = "大模型暂时不可用（{why}），以下为原文摘录回答。"
NOTICE_NO_CITATION = "大模型的回答没有可核实的引用，已改用原文摘录回答。"


def sanitize(question: object, max_chars: int) -> tuple[str, list[str]]:
    """Clean user text: drop control characters and invalid surrogates, collapse spaces, cut to length.

    Raises:
        QuestionError: not text, or nothing left to ask.
    """
    if not isinstance(question, str):
        raise QuestionError(f"question must be text, got {type(question).__name__}")
    text = question.encode("utf-8", "replace").decode("utf-8")  # subtle: lone surrogates → '?'
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip()
    notices = []
    if len(text) > max_chars:
        text = text[:max_chars]
        notices.append(NOTICE_TRUNCATED.format(n=max_chars))
    if not re.search(r"[\w\u4e00-\u9fff]", text):
        raise QuestionError("问题为空或没有文字，请输入关于决定的问题 (the question is empty: type a question)")
    return text, notices


def refusal_reason(p: Plan, hits: list) -> str:
    """Why not to answer, or "" to answer:

    - "out_of_scope": retrieval found nothing close;
    - "unsure": the best clause is the head or foot but the question does not ask about the document
      (the match is a place name they share with everything), so no clause answers it directly;
    - "fact": the question asks for a specific fact (amount, date, number, materials, address) that
      the clauses the answer would quote do not contain.
    """
    if not hits:
        return "out_of_scope"
    floor = MIN_DENSE.get(p.language, MIN_DENSE["zh"])
    if not p.clause_refs and max(h.dense for h in hits) < floor and max(h.lexical for h in hits) < MIN_BM25:
        return "out_of_scope"
    if hits[0].clause.clause_id in TITLE_BLOCK and not _about_the_document(p):
        return "unsure"
    if p.fact:
        text = "".join(h.clause.text for h in answer_clauses(p, hits))
        return "" if FACT_EVIDENCE[p.fact].search(text) else "fact"
    return ""


def _about_the_document(p: Plan) -> bool:
    """The question names a clause or asks what the head or foot holds (number, date, recipients…)."""
    return bool(p.clause_refs) or bool(ASKS_ABOUT_THE_DOCUMENT.search(p.query))


def _promote(hits: list, refs: list[str]) -> list:
    """Put clauses the question names ("第九条") first, keeping the rest in retrieval order."""
    if not refs:
        return hits
    named = [h for r in refs for h in hits if h.key == r]
    return named + [h for h in hits if h not in named]


def answer_stream(
    question: str,
    *,
    history=None,
    settings: Settings | None = None,
    retriever=None,
    generator=None,
) -> Iterator[str | Answer]:
    """Yield the answer text as it grows (str), then the final `Answer`.

    Args:
        question: the user's question, Chinese or English.
        history: earlier turns, as Gradio/OpenAI messages or (user, assistant) pairs.
        settings: defaults to `load_settings()`.
        retriever: an `index.Retriever`; defaults to the one for `settings`.
        generator: a generator object (see `llm.make_generator`); defaults to `settings.generator`.
    Raises:
        QuestionError: empty question.
    """
    from .llm import make_generator
    from .service import get_retriever

    settings = settings or load_settings()
    timings: dict[str, float] = {}
    t0 = t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[name] = (now - t) * 1000
        t = now

    text, notices = sanitize(question, settings.max_question_chars)
    gen = generator or make_generator(settings)
    p = plan(text, history)
    if gen.name != "extractive" and p.follow_up:
        p.query = gen.rewrite(text, history) or p.query
    lap("plan")
    retriever = retriever or get_retriever(settings)
    n_search = min(len(retriever.clauses), max(settings.top_k * 3, 15))
    hits = _promote(retriever.search(search_text(p.query), top_k=n_search, mode=settings.retriever,
                                     dense_weight=settings.dense_weight), p.clause_refs)[: settings.top_k]
    lap("retrieve")
    base = dict(question=text, hits=hits, standalone_question=p.query, language=p.language, notices=notices)
    reason = refusal_reason(p, hits)
    if reason:
        about_document = _about_the_document(p)
        related = [h for h in hits if about_document or h.clause.clause_id not in TITLE_BLOCK][:RELATED]
        lap("generate")
        timings["total"] = (time.perf_counter() - t0) * 1000
        result = Answer(text=refusal_text(p, related, unsure=reason == "unsure"), citations=[], refused=True,
                        generator="refusal", related=[h.key for h in related], timings=timings, **base)
        yield result.text
        yield result
        return

    used = gen.name
    raw = ""
    try:
        for chunk in gen.stream(p, hits, history=history):
            raw += chunk
            yield raw
    except BackendUnavailableError as e:
        notices.append(NOTICE_FALLBACK.format(why=e))
        used, raw = "extractive", compose(p, hits)
    lap("generate")
    context = {h.key for h in hits}
    checked = verify(raw, clauses=retriever.by_key, context=context)
    if used != "extractive" and not checked.citations:
        notices.append(NOTICE_NO_CITATION)
        removed, flagged = checked.removed, checked.flagged
        used = "extractive"
        checked = verify(compose(p, hits), clauses=retriever.by_key, context=context)
        checked.removed, checked.flagged = removed + checked.removed, flagged + checked.flagged
    lap("verify")
    timings["total"] = (time.perf_counter() - t0) * 1000
    result = Answer(text=checked.text, citations=checked.citations, refused=False, generator=used,
                    removed_citations=checked.removed, flagged=checked.flagged, timings=timings, **base)
    yield result.text
    yield result


def answer(question: str, *, history=None, settings: Settings | None = None, retriever=None, generator=None) -> Answer:
    """Answer a question about the resolution with verified citations, or refuse honestly.

    >>> a = answer("沿江大道的建设写在哪一条？")  # doctest: +SKIP
    >>> a.cited, a.refused  # doctest: +SKIP
    (['7'], False)
    """
    final = None
    for item in answer_stream(question, history=history, settings=settings, retriever=retriever, generator=generator):
        final = item
    assert isinstance(final, Answer)
    return final

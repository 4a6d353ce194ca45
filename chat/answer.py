"""`answer(question)`: plan → retrieve → decide (answer or refuse) → generate → verify, with timings.

`answer_stream` yields the verified text as it grows (for the page) and ends with the final `Answer`:
each sentence is shown only once `verify.SentenceVerifier` has checked it, so no reader sees a
sentence its clause does not support. `answer` is the same pipeline run to the end. This module owns the order of the steps and the
fallbacks; the refusal rules are `refusal.py`'s, question handling `question.py`'s, the generators
live in `generate/` and the citation check in `verify.py`.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Iterator

from ingest import BUNDLED_DOC_ID
from ingest.text import is_english

from .articles import documents_with_the_number, own_numbers
from .citations import NAMES_RESOLUTION, THIS_DOCUMENT, cited_keys, documents_of
from .docfacts import (
    asks_who_put_it_out,
    document_names,
    effective_clauses,
    element_asked,
    element_cued,
    element_keys,
    names_what_is_issued,
    speaks_of_something_handed_out,
)
from .errors import BackendUnavailableError
from .generate import make_generator
from .generate.extractive import compose
from .generate.prompt import SYSTEM_PROMPT
from .naming import (
    cited_titles,
    documents_of_kind,
    home_places,
    named_documents,
    names_a_cited_document,
    names_by_title,
    place_sounds,
    placed_documents,
    quotes_another_document,
    title_line,
    without_document_names,
)
from .question import (
    keep_follow_up,
    normalize_history,
    opens_new_topic,
    plan,
    sanitize,
    search_text,
    without_clause_words,
)
from .records import Answer, Generator, RefusalReason
from .refusal import content_hits, evidence_first, refusal_reason, refusal_text, related_hits
from .settings import Settings, clip_history, load_settings
from .verify import SentenceVerifier, Verified

#: How far down the search's ranking the head or foot may be for an everyday cue to ask about them.
RELATED_TITLE = 3

NOTICE_FALLBACK = "大模型暂时不可用（{why}），以下为原文摘录回答。"
NOTICE_NO_CITATION = "大模型的回答没有可核实的引用，已改用原文摘录回答。"
NOTICE_REMOVED = "有 {n} 句因原文不支持已删除。"


def _title_and_content_coverage(found: list) -> tuple[float, float]:
    """How well the head or foot (among the first RELATED_TITLE hits) covers the question, and how well the
    best content clause does (区政协收到了吗: the foot names 区政协, 第9条 only 区政府)."""
    title = [h.coverage for h in found[:RELATED_TITLE] if h.clause.is_title_block]
    content = [h.coverage for h in found if not h.clause.is_title_block]
    return max(title, default=0.0), max(content, default=0.0)


def _scope(p, retriever, named_in) -> list[str] | None:
    """The documents a question is about when it says so: those it names (行政处罚法第十二条…; `named_in`:
    the documents a text names, `named_documents` for this index), else
    the bundled resolution for a bare clause number (第七条讲什么? — EVAL_FORMAT: a bare clause_id is
    the resolution's) or when it says "the resolution" (`NAMES_RESOLUTION`); None (all documents) otherwise, and always with a single document."""
    if len(retriever.doc_ids) < 2:
        return None
    named = named_in(p.query)
    if named:
        return list(named)
    known = [d for d in p.context_docs if d in retriever.doc_ids]  # a pasted history may cite one not added here
    if _in_added_documents(p) and known:
        return known  # a follow-up in a conversation about added documents searches them
    if p.clause_refs and all(":" in r for r in p.clause_refs):
        return sorted({r.partition(":")[0] for r in p.clause_refs})  # read in an added document (`articles.own_numbers`)
    if (p.clause_refs or NAMES_RESOLUTION.search(p.query)) and BUNDLED_DOC_ID in retriever.doc_ids:
        return [BUNDLED_DOC_ID]
    return None


def _english_terms(question: str, retriever):
    """An English question's words with their translations (for `named_documents`); None for Chinese."""
    return retriever.query_terms(question) if is_english(question) else None


def _in_added_documents(p) -> bool:
    return p.follow_up and bool(p.context_docs) and "" not in p.context_docs


def _conversation_documents(last_cited: tuple[str, ...], doc_ids) -> tuple[str, ...]:
    """The added documents (of `doc_ids`, the index's) the last answer of a conversation cited (`last_cited`),
    when it cited no other: a question asked next may well be about them, as about the bundled resolution."""
    return last_cited if last_cited and all(d in doc_ids and d != BUNDLED_DOC_ID for d in last_cited) else ()


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
    generator: Generator | None = None,
    docs: list[str] | None = None,
) -> Iterator[str | Answer]:
    """Yield the answer text as it grows (str), then the final `Answer`.

    Args:
        question: the user's question, Chinese or English.
        history: earlier turns, as Gradio/OpenAI messages or (user, assistant) pairs.
        settings: defaults to `load_settings()`.
        retriever: an `index.Retriever` or a `live.LiveRetriever`; defaults to the one for `settings`.
        generator: a `Generator` (see `generate.make_generator`); defaults to `settings.generator`.
        docs: answer only from these documents (doc_ids); all when None.
    Raises:
        QuestionError: empty question.
    """
    from .live import pinned
    from .retriever import get_retriever

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
    history = normalize_history(clip_history(history, settings), max_turns=max(settings.history_turns, 1))
    p = plan(text)
    retriever = pinned(retriever or get_retriever(settings))  # one index for the whole answer
    names, numbers, places = document_names(retriever)
    own_places = home_places(retriever.by_key.get("header"))  # the resolution's (宁波, 镇海)
    home = own_places if places else []
    bundled_title = title_line(retriever.by_key.get("header")) if BUNDLED_DOC_ID in retriever.doc_ids else ""
    last_cited = documents_of(cited_keys(history[-1][1], names)) if history else ()  # the documents of the last answer

    @functools.cache
    def named_in(query: str) -> tuple[str, ...]:
        # the documents a text names; once per text and answer (an English text's words are looked up in the
        # dictionary bridge, milliseconds, and each search of the answer asks it again)
        named = tuple(named_documents(query, names, numbers, _english_terms(query, retriever), places))
        if not named and element_asked(query, names_document=True):
            # a question for the head or foot of 这份意见 asks it of the 意见 the conversation is about, else of the
            # 意见 among the documents (not a content question: 这个规定 and 这个意见 are everyday words too); of
            # the first of them only (`docfacts.element_keys`): another 意见's issuer is never this one's
            of_kind = documents_of_kind(query, names)
            named = tuple(d for d in of_kind if d in last_cited) or tuple(of_kind)
        # the bundled resolution by a run of its title with its kind (镇海那份推进甬江科创区建设的决定)
        return named or ((BUNDLED_DOC_ID,) if bundled_title and names_by_title(bundled_title, query) else ())

    @functools.cache
    def sounds():
        # how an English question names the documents' places: read from the bridge once per answer
        return place_sounds(places, home, retriever.index.bridge.pinyin)

    resolved = p
    words = None  # a follow-up candidate's words of its own
    if history:
        # words of its own: a single character (找, 区, 谈) says little alone (找哪个区谈？ after a question on
        # some plots of land asks which district to talk to about them: heldout3 h3-028)
        words = sum(1 for w, _ in retriever.query_terms(without_clause_words(search_text(text))) if len(w) > 1)
        resolved = plan(text, history, max_chars=settings.max_question_chars, content_words=words, names=names)
    if history and asks_who_put_it_out(text) and speaks_of_something_handed_out(history[-1][0]):
        # 谁发的？ after 人才补贴怎么发放？ asks who pays the subsidy, not who issued the document (review, stop 25)
        p, resolved = (dataclasses.replace(pl, element="") if pl.element == "issuer" else pl for pl in (p, resolved))
    if named_in(text):
        # A question naming a document by its title or number (浙江省建设工程质量管理条例最早是哪天通过的) asks
        # the document's head or foot by an everyday cue as 这份文件 would (docfacts.element_asked).
        element = element_asked(text, names_document=True)
        if element == "issuer" and names_what_is_issued(text):
            element = ""  # 专利代理条例规定谁发资格证书: who issues the certificate, not the regulation
        p, resolved = (pl if pl.element else dataclasses.replace(pl, element=element) for pl in (p, resolved))
    # A question naming a document the texts only cite (the city's decision the preamble cites, 中华人民共和国价格法
    # in a rule made under it) asks its date, issuer or number, which no head here holds, and a date in a citing
    # clause is another's (a repealed rule's): refused as a fact the documents do not state
    # (the texts are read for cited titles only for such a question, not on every answer)
    only_cited = bool(p.element or p.fact == "date") and names_a_cited_document(
        text, cited_titles(retriever.clauses), [title_line(c) for c in retriever.clauses if c.clause_id == "header"] + list(names))
    if only_cited:
        p, resolved = (dataclasses.replace(pl, element="") for pl in (p, resolved))
    if gen.name != "extractive" and resolved.follow_up:
        resolved = dataclasses.replace(resolved, query=gen.rewrite(text, history) or resolved.query)
    # In a conversation about added documents they get the head start the bundled resolution has, beside it — not
    # for a question that says it changes the subject or names the resolution's own places (镇海的人才补贴).
    conversation_docs = () if len(retriever.doc_ids) < 2 or not history or opens_new_topic(text, words) or any(
        place in text for place in own_places) else _conversation_documents(last_cited, retriever.doc_ids)
    lap("plan")

    # per plan searched: the best coverage of the question by the head or foot, and by a content clause
    title_cover: dict = {}

    def search(pl):
        n_search = min(len(retriever.clauses), max(settings.top_k * 3, 15))
        scope = docs or _scope(pl, retriever, named_in)
        options = dict(mode=settings.retriever, dense_weight=settings.dense_weight, bridges=settings.bridge_list)
        query = search_text(pl.query)
        if scope and not docs and not pl.element and not pl.clause_refs:
            # the title that chose the document would rank its head first: search the rest of the question
            query = without_document_names(query, {n: d for n, d in names.items() if d in scope}, places)
        if not docs and not pl.element and not pl.clause_refs and BUNDLED_DOC_ID in named_in(pl.query):
            # — the resolution's too, when a run of its title names it (推进甬江科创区建设的那个决定，交通…): its
            # 第1条 repeats the title (multidoc4-heldout m4-007), whether or not other documents are added
            query = without_document_names(query, {bundled_title: BUNDLED_DOC_ID})
        placed = []
        if not scope and not pl.element and not pl.clause_refs:
            placed, query = placed_documents(query, places, home, sounds() if is_english(query) else None)
            # in a conversation about an added document, it shares the default document's head start: a third
            # document comes first only when it matches clearly better
            if not placed and conversation_docs:
                placed = [d for d in (BUNDLED_DOC_ID, *conversation_docs) if d in retriever.doc_ids]
            if not placed:
                # — and so does the one added document whose own words the question uses (`pointed_documents`)
                pointed = retriever.pointed_documents(query)
                placed = [d for d in (BUNDLED_DOC_ID, *pointed) if d in retriever.doc_ids] if pointed else []
        found = retriever.search(query, top_k=n_search, docs=scope, head_start=placed, **options)
        title_cover[pl] = _title_and_content_coverage(found)
        if pl.element == "effective" and not pl.clause_refs:
            # the sentence saying when it takes effect, in the document asked about (or the best match's)
            refs = effective_clauses(retriever.clauses, scope or [h.clause.doc_id for h in found[:1]])[:1]
        else:
            refs = element_keys(pl, found, retriever.by_key)
        absent = [r for r in refs if r in retriever.by_key and r not in {h.key for h in found}]
        if absent:
            # A clause the question names is answered from even when the search ranked it low: rank it
            # within its own document (bounded by that document's size).
            doc = retriever.by_key[absent[0]].doc_id
            size = sum(1 for c in retriever.clauses if c.doc_id == doc)
            found += [h for h in retriever.search(search_text(pl.query), top_k=size, docs=[doc], **options)
                      if h.key in absent]
        return evidence_first(pl, content_hits(pl, _promote(found, refs)), cover=retriever.coverage)[: settings.top_k]

    def numbers_read(pl):
        # its article numbers read in the document it is about (`articles.own_numbers`)
        return own_numbers(pl, retriever, docs or _scope(pl, retriever, named_in), named=bool(docs) or bool(named_in(pl.query)))

    p = numbers_read(p)
    resolved = p if resolved is p else numbers_read(resolved)
    hits = search(p)
    if _in_added_documents(resolved) and not named_in(text):  # a question naming its document is about that one
        # "那大病医疗呢？" after an answer from an added document: the question as asked, searched in that
        # document, is kept when its best clause there covers the question's words at least as well as
        # the best clause anywhere (a new topic — 那镇海的人才政策呢？ — covers nothing there).
        # A question for the head or foot of "this document" (这份文件的文号呢？) asks it of the one document
        # the conversation is about, whose head covers none of its words (multidoc4-heldout m4-048: answered
        # with the resolution's number).
        in_doc = dataclasses.replace(resolved, query=p.query)
        in_doc_hits = search(in_doc)
        this_document = bool(in_doc.element) and len(resolved.context_docs) == 1 and bool(THIS_DOCUMENT.search(text))
        if in_doc_hits and (this_document or (in_doc_hits[0].coverage > 0
                                              and in_doc_hits[0].coverage >= (hits[0].coverage if hits else 0.0))):
            p, hits = in_doc, in_doc_hits
    if resolved.follow_up and not p.follow_up:
        resolved_hits = search(resolved)
        # a follow-up out of the documents' scope as typed (那住房呢: 住房 is nowhere in the text, 安居专用房
        # is) is the conversation's question when it is answerable so (heldout5 h5-008, heldout6 h6-053)
        # (read only when keep_follow_up says no: most follow-ups never need it)
        if keep_follow_up(hits, resolved, resolved_hits) or (
                refusal_reason(p, hits, clauses=retriever.by_key) is RefusalReason.OUT_OF_SCOPE
                and refusal_reason(resolved, resolved_hits, clauses=retriever.by_key) is None):
            p, hits = resolved, resolved_hits
    cued = element_cued(p.question) if hits and not p.element and not p.clause_refs and not only_cited else ""
    title_cov, content_cov = title_cover.get(p, (0.0, 0.0))  # of the search that found `hits`
    # The head or foot is among the best matches and covers more of the question than any content clause:
    # a bare everyday cue (印出来发下去是哪天, "who received this") is then about the document itself. A bare
    # question whether a body received it (市人大常委会收到了吗) asks the foot's list even when a content
    # clause names the body as well.
    if cued and title_cov > 0 and (title_cov > content_cov or (cued == "recipients" and title_cov == content_cov)):
        p = dataclasses.replace(p, element=cued)
        hits = search(p)
    lap("retrieve")
    base = dict(question=text, hits=hits, standalone_question=p.query, language=p.language, notices=notices)
    # a clause of a document quoted in 《》 that is none of these (《劳动法》第三条) is not the resolution's 第3条
    elsewhere = bool(p.clause_refs) and not named_in(text) and quotes_another_document(text, names, bundled_title)
    reason = (RefusalReason.FACT if only_cited else RefusalReason.OUT_OF_SCOPE if elsewhere
              else refusal_reason(p, hits, clauses=retriever.by_key))
    if reason is not None:
        lap("generate")
        holders = documents_with_the_number(p, retriever) if reason is RefusalReason.NO_SUCH_CLAUSE else []
        result = _refusal(p, reason, retriever.by_key, timings=timings, t0=t0, elsewhere=holders, **base)
        yield result.text
        yield result
        return

    used = gen.name
    context = {h.key for h in hits}

    def checker() -> SentenceVerifier:
        return SentenceVerifier(clauses=retriever.by_key, context=context, rules=SYSTEM_PROMPT)

    def verified(text: str) -> Verified:
        v = checker()
        v.feed(text)
        v.close()
        return v.result()

    v = checker()
    try:
        for chunk in gen.stream(p, hits, history=history):
            if v.feed(chunk):
                yield v.text  # subtle: only verified sentences; the raw LLM text is never yielded
        if v.close():
            yield v.text
        checked = v.result()
    except BackendUnavailableError as e:
        notices.append(NOTICE_FALLBACK.format(why=e))
        used, checked = "extractive", verified(compose(p, hits))
    lap("generate")
    verify_ms = checked.seconds * 1000
    timings["generate"] -= verify_ms  # the sentences were checked while the text streamed
    if used != "extractive" and not checked.citations:
        notices.append(NOTICE_NO_CITATION)
        first = checked
        used, checked = "extractive", verified(compose(p, hits))
        checked.removed, checked.flagged = first.removed + checked.removed, first.flagged + checked.flagged
        checked.dropped = first.dropped + checked.dropped
        verify_ms += checked.seconds * 1000
    elif checked.dropped:
        notices.append(NOTICE_REMOVED.format(n=len(checked.dropped)))
    timings["verify"] = verify_ms
    if not checked.citations:
        # Every answer shows at least one verified citation; one that cannot is no answer.
        result = _refusal(p, RefusalReason.UNSURE, retriever.by_key, timings=timings, t0=t0, **base)
        yield result.text
        yield result
        return
    timings["total"] = (time.perf_counter() - t0) * 1000
    result = Answer(text=checked.text, citations=checked.citations, refused=False, generator=used,
                    removed_citations=checked.removed, flagged=checked.flagged, timings=timings,
                    removed_sentences=checked.dropped, **base)
    yield result.text
    yield result


def _refusal(p, reason: RefusalReason, clauses: dict, *, timings: dict, t0: float, hits: list,
             elsewhere: list[str] | tuple[str, ...] = (), **base) -> Answer:
    """The refusal `Answer` for `reason`, listing related clauses (none for an off-task request)."""
    related = related_hits(p, hits) if reason is not RefusalReason.OFF_TASK else []
    timings["total"] = (time.perf_counter() - t0) * 1000
    text = refusal_text(p, related, reason, clauses=clauses, elsewhere=elsewhere)
    return Answer(text=text, citations=[], refused=True, refusal=reason,
                  generator="refusal", related=[h.key for h in related], timings=timings, hits=hits, **base)


def answer(question: str, *, history=None, settings: Settings | None = None, retriever=None,
           generator: Generator | None = None, docs: list[str] | None = None) -> Answer:
    """Answer a question about the resolution with verified citations, or refuse honestly.

    >>> a = answer("沿江大道的建设写在哪一条？")  # doctest: +SKIP
    >>> a.cited, a.refused  # doctest: +SKIP
    (['7'], False)
    """
    final = None
    for item in answer_stream(question, history=history, settings=settings, retriever=retriever, generator=generator,
                              docs=docs):
        final = item
    assert isinstance(final, Answer)
    return final

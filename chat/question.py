"""Question handling before retrieval: clean the user's text (`sanitize`), find the language, the clause
references it names, and resolve follow-ups against the history into a standalone query (`plan`).

Whether a question is answered is `refusal.py`'s decision (this module only records the kind of fact
asked, computed there); with an LLM configured, the generator may rewrite follow-ups instead.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.text import is_english

from .citations import CLAUSE_REF, cited_keys, clause_refs
from .errors import QuestionError
from .records import Plan
from .refusal import fact_kind

NOTICE_TRUNCATED = "问题过长，已截取前 {n} 个字符。"

_PRONOUN = re.compile(r"(它|这个|这条|这一条|该条|此条|其|上面|刚才|\bit\b|\bthis\b|\bthat\b|\bthey\b|\bthem\b)", re.I)
_FOLLOW_START = re.compile(r"^(那|那么|还有|另外|and\b|what about|how about)", re.I)
_WANTS_ENGLISH = re.compile(r"英文|英语|English", re.I)

# Words that point at the document rather than at its content ("写在哪一条", "决定里"): they pull every
# question towards the head and foot, so retrieval does not see them.
_ABOUT_THE_DOCUMENT = re.compile(
    r"(在)?(这个|该|本)?决定(里|中|里面)的?|写在哪一?条|出自(决定的)?哪一?条|在哪[一几]?条(里)?(提到|说)?|"
    r"是怎么(提|说|讲|规定)的|怎么(说|讲)的|according to the resolution|(does|do) the resolution (say|mention)|in the resolution",
    re.I,
)


def sanitize(question: object, max_chars: int) -> tuple[str, list[str]]:
    """Clean user text: drop control characters and invalid surrogates, collapse spaces, cut to length.

    Returns:
        (text, notices): the cleaned question and notices for the user (e.g. it was truncated).
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


def search_text(query: str) -> str:
    """The query as retrieval should see it: without words about the document itself."""
    stripped = re.sub(r"\s+", " ", _ABOUT_THE_DOCUMENT.sub(" ", query)).strip()
    return stripped if len(re.sub(r"[\W_]", "", stripped)) >= 2 else query


def language_of(text: str) -> str:
    return "en" if is_english(text) else "zh"




def normalize_history(history) -> list[tuple[str, str]]:
    """(user, assistant) turns from Gradio/OpenAI messages or from pairs; anything else is ignored."""
    turns: list[tuple[str, str]] = []
    if not history:
        return turns
    pending = None
    for item in history:
        if isinstance(item, dict):
            role, content = item.get("role"), item.get("content")
            content = content if isinstance(content, str) else ""
            if role == "user":
                pending = content
            elif role == "assistant" and pending is not None:
                turns.append((pending, content))
                pending = None
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            turns.append((str(item[0] or ""), str(item[1] or "")))
    return turns


def plan(question: str, history=None) -> Plan:
    """Resolve a (possibly follow-up) question into what to search and how to answer.

    >>> plan("那第九条呢？", [("第七条讲的是什么？", "……〔第7条〕")]).query
    '第9条 讲的是什么？'
    """
    turns = normalize_history(history)
    refs = clause_refs(question)
    lang = "en" if _WANTS_ENGLISH.search(question) else language_of(question)
    fact = fact_kind(question)
    standalone = Plan(question=question, query=question, language=lang, clause_refs=tuple(refs), fact=fact)
    if not turns:
        return standalone
    prev_q, prev_a = turns[-1]
    short = len(re.sub(r"[\W_]", "", question)) <= 8
    pronoun = bool(_PRONOUN.search(question))
    if not (short or pronoun or _FOLLOW_START.search(question)):
        return standalone
    if refs:
        # "那第九条呢？": ask the previous question again, about the named clause.
        prev_wo_refs = CLAUSE_REF.sub("", prev_q).strip()
        label = f"clause {refs[0]}" if lang == "en" else f"第{refs[0]}条"
        return Plan(question=question, query=f"{label} {prev_wo_refs or prev_q}", language=lang,
                    clause_refs=tuple(refs), fact=fact or fact_kind(prev_q), follow_up=True)
    previous_clauses = cited_keys(prev_a) or clause_refs(prev_q)
    if pronoun and previous_clauses:
        refs = previous_clauses[:1]  # "这一条" / "it" = what the last answer cited first
    query = f"{question} {prev_q}"
    if _WANTS_ENGLISH.search(question) and lang == "en" and not fact:
        query = prev_q
    return Plan(question=question, query=query, language=lang, clause_refs=tuple(refs), fact=fact, follow_up=True)

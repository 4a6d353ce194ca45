"""Question understanding by rules: language, explicit clause references, the kind of fact asked for,
and follow-ups rewritten into standalone questions ("那第九条呢？" → 第九条 + the previous question).

With an LLM configured, `llm.py` may rewrite follow-ups instead; this module is the offline default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.text import is_english

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CLAUSE_REF = re.compile(r"第\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*条|\b(?:clause|article|item)\s+(\d{1,3})\b", re.I)
_SPECIAL_REF = {"文头": "header", "序言": "preamble", "文尾": "footer"}
#: A citation label in an answer, e.g. 〔第7条〕; group 1 is the label.
CITATION = re.compile(r"〔([^〔〕]{1,40})〕")
_PRONOUN = re.compile(r"(它|这个|这条|这一条|该条|此条|其|上面|刚才|\bit\b|\bthis\b|\bthat\b|\bthey\b|\bthem\b)", re.I)
_FOLLOW_START = re.compile(r"^(那|那么|还有|另外|and\b|what about|how about)", re.I)
_WANTS_ENGLISH = re.compile(r"英文|英语|English", re.I)

#: Kinds of specific fact; a question asking one is refused when the cited text does not contain it.
FACT_QUESTIONS = {
    "amount": re.compile(r"多少钱|多少元|金额|GDP|产值|营收|收入|租金|月租|补贴多少|补助多少|多少补贴|多少补助|投资额|总投资|规模是多少|多少亿|多少万|预算|how much|budget|cost|price|subsid", re.I),
    "date": re.compile(r"什么时候|何时|哪一年|哪年|哪天|哪一天|几月|几号|日期|截止|时间表|^\s*when\b|what year|deadline|which date|what date", re.I),
    "count": re.compile(r"多少名|多少人|多少个|多少家|(?<!哪)几(个|次|名|家|项)|面积|多大|人口|population|how many|how large|how big", re.I),
    "materials": re.compile(r"材料|提交|需要准备|申请条件|申请流程|怎么申请|如何申请|办理|手续|apply|application|licen[cs]e", re.I),
    "address": re.compile(r"地址|具体位置|门牌|address", re.I),
    "number": re.compile(r"多少|(?<!哪)几(?!条)|what is the (number|figure|rate|percentage)", re.I),
}
FACT_EVIDENCE = {
    "amount": re.compile(r"\d+(\.\d+)?\s*(万|亿)?元|[0-9一二三四五六七八九十百千]+(万|亿)元"),
    "date": re.compile(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|年底|年内|月底"),
    "count": re.compile(r"\d+\s*(名|人|个|家|项|次|平方|公顷|亩|万人)"),
    "materials": re.compile(r"材料|申请表|申报|手续"),
    "address": re.compile(r"\d+\s*号|地址"),
    "number": re.compile(r"\d"),
}
FACT_NAMES_ZH = {"amount": "具体金额", "date": "具体时间", "count": "具体数量", "materials": "申请材料或办理流程", "address": "具体地址", "number": "相关数字"}
FACT_NAMES_EN = {"amount": "an amount", "date": "a date or time", "count": "a number", "materials": "application materials or procedures", "address": "an address", "number": "that figure"}


# Words that point at the document rather than at its content ("写在哪一条", "决定里"): they pull every
# question towards the head and foot, so retrieval does not see them.
_ABOUT_THE_DOCUMENT = re.compile(
    r"(在)?(这个|该|本)?决定(里|中|里面)的?|写在哪一?条|出自(决定的)?哪一?条|在哪[一几]?条(里)?(提到|说)?|"
    r"是怎么(提|说|讲|规定)的|怎么(说|讲)的|according to the resolution|(does|do) the resolution (say|mention)|in the resolution",
    re.I,
)


#: What the head and foot of a resolution hold (GB/T 9704-2012: issuer, number, title, adoption, recipients,
#: printing). Only a question asking one of these is answered from them; otherwise a head or foot hit is
#: just the place name (镇海, 宁波) they share with every question, and "宁波哪里好玩？" must not be
#: answered with the title block.
ASKS_ABOUT_THE_DOCUMENT = re.compile(
    r"文号|字号|发文|文件|标题|题目|全称|名称|叫什么|通过|审议|会议|届|哪天|哪一天|日期|时间|何时|什么时候|哪年|"
    r"印发|抄送|送给|发给|发送|主送|单位|部门|机关|办公室|谁(发|定|制定|出台|通过|印)|"
    r"issu|adopt|passed|session|meeting|number|title|name|called|date|when|print|distribut|sent\b|send|cop(y|ied)|"
    r"recipient|office|committee|congress",
    re.I,
)


def search_text(query: str) -> str:
    """The query as retrieval should see it: without words about the document itself."""
    stripped = re.sub(r"\s+", " ", _ABOUT_THE_DOCUMENT.sub(" ", query)).strip()
    return stripped if len(re.sub(r"[\W_]", "", stripped)) >= 2 else query


@dataclass
class Plan:
    """What the answer stage will do with a question."""

    question: str  # as the user typed it (cleaned)
    query: str  # what retrieval searches: standalone, follow-ups resolved
    language: str  # "zh" or "en"
    clause_refs: list[str] = field(default_factory=list)  # clause keys the question names explicitly
    fact: str = ""  # a key of FACT_QUESTIONS, or ""
    follow_up: bool = False


def language_of(text: str) -> str:
    return "en" if is_english(text) else "zh"


def clause_refs(text: str) -> list[str]:
    """Clause keys named in a text: 第九条 → '9', clause 3 → '3', 〔文头〕 → 'header'."""
    refs: list[str] = []
    for m in _CLAUSE_REF.finditer(text):
        raw = m.group(1) or m.group(2)
        n = _parse_number(raw)
        if n and str(n) not in refs:
            refs.append(str(n))
    for word, key in _SPECIAL_REF.items():
        if word in text and key not in refs:
            refs.append(key)
    return refs


def cited_keys(text: str) -> list[str]:
    """Clause keys cited in an answer text (〔第7条〕, 〔文头〕, 〔doc:第3条〕)."""
    keys: list[str] = []
    for label in CITATION.findall(text):
        doc, _, rest = label.rpartition(":")
        found = clause_refs(rest) or ([rest] if re.fullmatch(r"p\d+", rest) else [])
        for k in found:
            key = f"{doc}:{k}" if doc else k
            if key not in keys:
                keys.append(key)
    return keys


def _parse_number(raw: str) -> int:
    raw = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if raw.isdigit():
        return int(raw)
    if raw == "十":
        return 10
    if raw.startswith("十"):
        return 10 + _CN_DIGITS.get(raw[1:], 0)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(raw, 0)


# 几 asks "how many" only when it is the question's interrogative: after 这/那/哪/的 ("这几个街道", "提到
# 的几个港") or beside another question word ("几个街道之间怎么处理") it means "these several".
_INDEFINITE_JI = re.compile(r"(?<=[这那哪的])几")
_OTHER_QUESTION_WORD = re.compile(r"什么|怎么|怎样|如何|为什么|为何|哪|是否")


def fact_kind(text: str) -> str:
    """The kind of specific fact a question asks for (a key of FACT_QUESTIONS), or ""."""
    text = _INDEFINITE_JI.sub("些", text)
    if _OTHER_QUESTION_WORD.search(text):
        text = text.replace("几", "些")
    for kind, pattern in FACT_QUESTIONS.items():
        if pattern.search(text):
            return kind
    return ""


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
    p = Plan(question=question, query=question, language=lang, clause_refs=refs, fact=fact_kind(question))
    if not turns:
        return p
    prev_q, prev_a = turns[-1]
    short = len(re.sub(r"[\W_]", "", question)) <= 8
    pronoun = bool(_PRONOUN.search(question))
    if not (short or pronoun or _FOLLOW_START.search(question)):
        return p
    p.follow_up = True
    if refs:
        # "那第九条呢？": ask the previous question again, about the named clause.
        prev_wo_refs = _CLAUSE_REF.sub("", prev_q).strip()
        label = f"clause {refs[0]}" if lang == "en" else f"第{refs[0]}条"
        p.query = f"{label} {prev_wo_refs or prev_q}"
        if not p.fact:
            p.fact = fact_kind(prev_q)
        return p
    previous_clauses = cited_keys(prev_a) or clause_refs(prev_q)
    if pronoun and previous_clauses:
        p.clause_refs = previous_clauses[:1]  # "这一条" / "it" = what the last answer cited first
    p.query = f"{question} {prev_q}"
    if _WANTS_ENGLISH.search(question) and lang == "en" and not p.fact:
        p.query = prev_q
    return p

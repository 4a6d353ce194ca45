"""The refusal policy, whole: every rule that decides whether to answer, its floors, and the refusal texts.

A question is refused when retrieval found nothing close (`OUT_OF_SCOPE`), when the best clause is the
document's head or foot but the question is not about the document (`UNSURE`), or when it asks for a
specific fact (amount, date, count, materials, address, a figure) that the clauses the answer would quote
do not contain (`FACT`). Which clauses are quoted is the generator's choice (`generate.extractive`);
how an answer is verified afterwards is `verify.py`'s.
"""

from __future__ import annotations

import re

from .generate.extractive import answer_clauses, english_name
from .records import Plan, RefusalReason

#: Retrieval confidence below which a question is out of scope: best dense cosine AND best BM25 score
#: both low. Tuned on eval/data/dev.jsonl (`policy-qa eval --questions eval/data/dev.jsonl`). English
#: questions score lower against the Chinese text, hence a floor per language. On dev the absolute
#: cosine separates little (off-topic Chinese questions reach 0.88–0.90), so most refusals come from
#: the fact check below, and these floors only catch questions with nothing at all in common.
MIN_DENSE = {"zh": 0.86, "en": 0.74}
MIN_BM25 = 1.0
#: Clauses listed as "related" on a refusal.
RELATED = 3
#: Clauses that describe the document rather than rule on anything (see ASKS_ABOUT_THE_DOCUMENT).
TITLE_BLOCK = ("header", "footer")

#: Kinds of specific fact; a question asking one is refused when the cited text does not contain it.
FACT_QUESTIONS = {
    "amount": re.compile(r"多少钱|多少元|金额|GDP|产值|营收|收入|租金|月租|补贴多少|补助多少|多少补贴|多少补助|投资额|总投资|规模是多少|多少亿|多少万|预算|how much|budget|cost|price|subsid", re.I),
    "date": re.compile(r"什么时候|何时|哪一年|哪年|哪天|哪一天|几月|几号|日期|截止|时间表|^\s*when\b|what year|deadline|which date|what date", re.I),
    "count": re.compile(r"多少名|多少人|多少个|多少家|(?<!哪)几(个|次|名|家|项)|面积|多大|人口|population|how many|how large|how big", re.I),
    "materials": re.compile(r"材料|提交|需要准备|申请条件|申请流程|怎么申请|如何申请|办理|手续|apply|application|licen[cs]e", re.I),
    "address": re.compile(r"地址|具体位置|门牌|address", re.I),
    "number": re.compile(r"多少|(?<!哪)几(?!条)|what is the (number|figure|rate|percentage)", re.I),
}
#: What counts as evidence for each kind of fact in the text the answer would quote.
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


def about_the_document(p: Plan) -> bool:
    """The question names a clause or asks what the head or foot holds (number, date, recipients…)."""
    return bool(p.clause_refs) or bool(ASKS_ABOUT_THE_DOCUMENT.search(p.query))


def refusal_reason(p: Plan, hits: list) -> RefusalReason | None:
    """Why not to answer `p` from `hits`, or None to answer (see the module docstring)."""
    if not hits:
        return RefusalReason.OUT_OF_SCOPE
    floor = MIN_DENSE.get(p.language, MIN_DENSE["zh"])
    if not p.clause_refs and max(h.dense for h in hits) < floor and max(h.lexical for h in hits) < MIN_BM25:
        return RefusalReason.OUT_OF_SCOPE
    if hits[0].clause.clause_id in TITLE_BLOCK and not about_the_document(p):
        return RefusalReason.UNSURE
    if p.fact:
        text = "".join(h.clause.text for h in answer_clauses(p, hits))
        return None if FACT_EVIDENCE[p.fact].search(text) else RefusalReason.FACT
    return None


def related_hits(p: Plan, hits: list) -> list:
    """The clauses a refusal lists as related: the head and foot only for questions about the document."""
    about = about_the_document(p)
    return [h for h in hits if about or h.clause.clause_id not in TITLE_BLOCK][:RELATED]


def refusal_text(plan: Plan, related: list, reason: RefusalReason) -> str:
    """"决定中没有相关规定", naming what is missing and the closest clauses as related, not as the answer.
    `UNSURE`: no clause answers the question directly, but the resolution may touch on it — say that
    instead of claiming it is silent."""
    if reason is RefusalReason.UNSURE and not plan.fact:
        if plan.language == "en":
            rel = ", ".join(english_name(h.clause) for h in related)
            tail = f" These clauses may be related: {rel}." if rel else ""
            return f"No clause of the resolution answers this directly.{tail}"
        rel = "、".join(h.clause.label + (f"（{h.clause.lead}）" if h.clause.lead else "") for h in related)
        tail = f"可能相关的条款：{rel}。" if rel else ""
        return f"决定中没有直接回答这个问题的条款。{tail}"
    if plan.language == "en":
        what = f" {FACT_NAMES_EN[plan.fact]} for this" if plan.fact else " anything on this"
        rel = ", ".join(english_name(h.clause) for h in related)
        tail = f" Related clauses you may want to read: {rel}." if rel else ""
        return f"The resolution does not state{what}.{tail}"
    what = f"没有写明{FACT_NAMES_ZH[plan.fact]}" if plan.fact else "没有涉及这个问题"
    rel = "、".join(h.clause.label + (f"（{h.clause.lead}）" if h.clause.lead else "") for h in related)
    tail = f"可参考的相关条款：{rel}。" if rel else ""
    return f"决定中没有相关规定：决定{what}。{tail}"

"""The refusal policy, whole: every rule that decides whether to answer, its floors, and the refusal texts.

A question is refused (`RefusalReason`) when
- it asks for something other than information from the documents: a task (write a poem, translate,
  book a ticket…) or an attempt to change the assistant's instructions (`OFF_TASK`; the patterns live in
  `scope.py`);
- it names a clause the document does not have (`NO_SUCH_CLAUSE`);
- retrieval found nothing close (`OUT_OF_SCOPE`);
- the evidence is weak: the best clause covers little of what was asked and does not stand out from
  the next one, or it is the head or foot but the question is not about the document (`UNSURE`; the
  related clauses are listed, not presented as the answer);
- it asks for a specific fact (an amount, a date, a count, a place, a procedure, a person or a contact)
  and the clause the answer quotes has no such fact (`FACT`), numerals in Chinese or Arabic (which kind of fact
  a question asks and what counts as one are `factkinds.py`'s).
Which sentences are quoted is `generate.extractive`'s choice (it prefers sentences that hold the fact
asked); how an answer is verified afterwards is `verify.py`'s. Each rule names the dev questions
(eval/data/*dev*.jsonl) that need it.
"""

from __future__ import annotations

import re

from index.lexical import STOP_CHARS
from ingest import BUNDLED_DOC_ID
from ingest.text import is_english

from .citations import english_name
from .docfacts import element_lines, numbered_articles
from .factkinds import (
    FACT_NAMES_EN,
    FACT_NAMES_ZH,
    FACT_QUESTIONS,
    NUMERAL,
    UNITS_OF_THEIR_OWN,
    fact_unit,
    has_evidence,
)
from .records import Plan, RefusalReason
from .scope import off_task, scope_text

#: Retrieval confidence below which a question is out of scope: best dense cosine AND best BM25 score
#: both low. Tuned on eval/data/dev.jsonl (`policy-qa eval --questions eval/data/dev.jsonl`). English
#: questions score lower against the Chinese text, hence a floor per language. On dev the absolute
#: cosine separates little (off-topic Chinese questions reach 0.88–0.90), so most refusals come from
#: the fact check below, and these floors only catch questions with nothing at all in common.
MIN_DENSE = {"zh": 0.86, "en": 0.74}
MIN_BM25 = 1.0
#: Weak evidence (UNSURE): the best clause contains less than this share of the question's content words
#: (`Hit.coverage`: words in most clauses, like 镇海, do not count) …
MIN_COVERAGE = 0.3
#: … and the second clause's hybrid score is within this of the best one's (no clear winner). Chosen on
#: the single-turn questions of seven tuning sets (eval/data: dev, trust-dev, everyday-dev and the four
#: seen held-out sets; 641 answered or refused as unsure), after the index's clause vectors changed in
#: stop 21: coverage < 0.2 within 0.4 (the earlier rule) answered 433 right and 71 wrong; < 0.3 within
#: 0.2 answers 439 right and 58 wrong (fewer wrong on four sets, none more; trust-dev 3 right fewer).
#: `policy-qa eval`, confidently wrong summed over the seven sets: 0.49 → 0.44 at the same answered rate.
WEAK_MARGIN = 0.2
#: A best clause that holds none of the question's words still answers when it leads the next one by at
#: least this: the example questions and the concept vocabulary, not shared words, put it there (everyday-dev
#: e068 来了以后要是吃了亏…有人撑腰吗 → 第6条, lead 0.58). On the thirteen tuning sets, single-turn questions
#: refused this way with a lead ≥ 0.4 had the right clause first 12 times of 12 (≥ 0.3: 15 of 19, ≥ 0.2:
#: 20 of 28); summed, 969 right / 46 confidently wrong → 982 / 47 (the one more: a follow-up turn). Chinese
#: only: an English question with none of the resolution's words leads by its embedding alone, and off-topic
#: ones ("Is tea bad for you?", a reviewer's) led by as much as answerable ones.
STANDOUT_MARGIN = 0.4
#: A close second clause that holds the asked fact answers instead of the best one (`evidence_first`)
#: when its hybrid score is within this of the best one's.
CLOSE_MARGIN = 0.4
#: Clauses listed as "related" on a refusal.
RELATED = 3
#: A plan's table of contents (ingest: a unit of its own when it lists a decimal outline) repeats every
#: heading; it answers only a question about the contents (multidoc2-dev m2-077: "Who serves as deputy
#: commanders of the … headquarters?" quoted the line 2.1国家粮食应急工作指挥部 of the 目录).
CONTENTS = ("目录", "目次")
_ASKS_CONTENTS = re.compile(r"目录|目次|章节|哪几[章节]|哪几部分(?!人)|分(哪|几)[几个]?(章|节|部分(?!人))|\b(table of contents|chapters)\b", re.I)
#: When the title block ranks first for a question not about the document, the best content clause answers
#: only if it covers this share of the question's content words (dev: 区政府要承担哪些责任？ 0.33 … see
#: `content_hits`; 宁波的房价会涨吗 and Is Ningbo a nice place… share only names).
TITLE_BLOCK_COVERAGE = 0.3


def about_the_document(p: Plan) -> bool:
    """The question names a clause or asks what the head or foot holds (its number, title, issuer,
    adoption, recipients or printing: `docfacts.element_asked`)."""
    return bool(p.clause_refs) or bool(p.element)


def content_hits(p: Plan, hits: list) -> list:
    """The hits a question may be answered from: the head and foot (the title block) only for questions
    about the document. They list every body and place the clauses name (区人民法院, 庄市街道…), so on
    a question about what a body must do they outrank the clause that says it (dev: 那法院呢？,
    区政府要承担哪些责任？, 人大常委会怎么监督); the best content clause then answers — when it covers at
    least TITLE_BLOCK_COVERAGE of the question. Otherwise the names were all the question shared with
    the document (宁波的房价…), the title block stays first, and `refusal_reason` says UNSURE. A table of
    contents (`CONTENTS`) answers only a question about the contents."""
    if not _ASKS_CONTENTS.search(p.question):
        hits = [h for h in hits if h.clause.clause_id.rpartition(":")[2] not in CONTENTS]
    if about_the_document(p):
        return hits
    content = [h for h in hits if not h.clause.is_title_block]
    if hits and hits[0].clause.is_title_block and (not content or content[0].coverage < TITLE_BLOCK_COVERAGE):
        return hits
    return content


def subject_of(question: str, kind: str) -> str:
    """The question without the words that ask for its fact (多少钱, 什么时候, 每个月): what the fact is
    asked about (赡养老人个税扣除每个月多少钱 → 赡养老人个税扣除)."""
    text = FACT_QUESTIONS[kind].sub(" ", question) if kind in FACT_QUESTIONS else question
    return _PER_UNIT.sub(" ", text)


# A rate's unit (每个月, 每年, 每人): part of the amount asked, not of its subject.
_PER_UNIT = re.compile(r"每一?个?\s*[年月日天周次人户]|\bper (year|month|day|week|person)\b|\b(a|each|every) (year|month|day|week)\b", re.I)


def evidence_first(p: Plan, hits: list, cover=None) -> list:
    """For a question asking a specific fact (an amount, a date…) whose best clause holds none: the
    hits with the first close one that does hold such a fact — as relevant by the question's words
    (coverage at least the best's) and within CLOSE_MARGIN of its score — moved first; else unchanged,
    and `refusal_reason` says FACT. (A ticket written on the spot: 第52条 says how, 第51条 says up to
    二百元, both covering the question equally.) With `cover` (`Retriever.coverage`), the close clause must
    also cover what the fact is asked about (`subject_of`) as well as the best one: 赡养老人…每个月多少钱 is not
    answered by 第5条's 每月1000元 for children's education (tests/data's 个税 notice excerpt, which has no
    article on supporting parents: found while probing added documents, stop 24)."""
    unit = fact_unit(p.question, p.fact)
    if not p.fact or len(hits) < 2 or _holds(p.fact, hits[0].clause, unit, p.query):
        return hits
    top = hits[0]
    subject = subject_of(p.query, p.fact)
    top_subject = cover(subject, top.clause) if cover is not None else 0.0

    def as_relevant(h) -> bool:
        # as relevant to what the fact is asked about: 第5条 (子女教育…每月1000元) covers 扣除 and 每个月 of a
        # question on 赡养老人's monthly deduction as well as 第2条 covers 赡养老人 and 扣除 — but not its subject
        return h.coverage >= top.coverage > 0 and (cover is None or cover(subject, h.clause) >= top_subject)

    for h in hits[1:RELATED]:
        if (top.score - h.score <= CLOSE_MARGIN and as_relevant(h) and _holds(p.fact, h.clause, unit, p.query)
                and _shares_a_word(p.question, h.clause.text)):
            return [h, *(x for x in hits if x is not h)]
    return hits


def _shares_a_word(question: str, text: str) -> bool:
    """The text holds two adjacent content characters of the question (当场, 罚款), or three of them in
    order a few characters apart (an abbreviation: 综保区 in 综合保税区): coverage through single
    characters (这些迁到哪里去 → 迁, 到, 去) is no reason to prefer one clause over another."""
    chars = [c if "\u4e00" <= c <= "\u9fff" and c not in STOP_CHARS else " " for c in question]
    if any(a != " " and b != " " and a + b in text for a, b in zip(chars, chars[1:], strict=False)):
        return True
    # An abbreviation takes characters of the full name in order (综保区 ← 综合保税区).
    if any(" " not in w and re.search(".{0,3}".join(w), text)
           for w in ("".join(chars[i : i + 3]) for i in range(len(chars) - 2))):
        return True
    # A two-character one, the first character of a word of the text and a later one (交警 ← 交通警察, 医保 ←
    # 医疗保险): within one word only, so two characters that merely occur near each other do not count
    # (multidoc3-heldout m3-061: 最少得有几个交警 — 不少于两名交通警察 shared no word with it, refused).
    pairs = {a + b for a, b in zip(chars, chars[1:], strict=False) if a != " " and b != " "}
    if not pairs:
        return False
    from index.lexical import default_jieba

    return any(len(t) >= 3 and t[0] + c in pairs for t in set(default_jieba().cut(text)) for c in t[2:])


def _holds(kind: str, clause, unit: str = "", question: str = "") -> bool:
    """The clause holds a fact of `kind` — with `question`, in a part of a sentence (between commas) that
    also names something the question asks about, so a date or place said of another subject of the
    same long sentence does not count (国际文化交流中心 … ，…项目在甬江北岸布局: no place for the centre).
    `question` is the question as searched (a follow-up's includes the turn before: its subject is there).
    The head and foot are lines of their own, each one element (文号, 通过日期): read whole."""
    given = _GIVEN_YEAR.findall(question) if kind == "date" else []
    if clause.is_title_block or is_english(question):
        question = ""  # an English question shares no characters with the text: read whole
    verb = _fact_verb(question, kind) if question else ""
    for s in clause.sentences or (clause.text,):
        if given:
            s = _without_numbers(s, given)
        if not question:
            if has_evidence(kind, s, unit):
                return True
            continue
        # a short label before "：" (劳动节：5月1日放假) is the subject of every part of its sentence
        label = m.group(1) if (m := _LABEL.match(s)) else ""
        parts = _PARTS.split(s)
        for i, part in enumerate(parts):
            # a part right after the label holds what the label names (主任：孙春兰…: a person)
            if not (has_evidence(kind, part, unit) or (label and i == 1 and has_evidence(kind, f"{label}：{part}", unit))):
                continue
            # (a number of days asked is a time too: 房源信息要在几天内撤下来 — …之日起两个工作日内，将出租房源信息…撤除:
            # multidoc16-heldout m16-75, refused as no number stated)
            if (kind == "date" or unit in _DAY_UNITS) and _TIME_ADVERBIAL.search(part) and i + 1 < len(parts):
                part += "，" + parts[i + 1]  # "…之日起15日内，向人民法院起诉": the time is said of what follows it
            if _shares_a_word(question, part) or (verb and verb in part):
                return True
            # through the label only when the part also says what is asked after the question word (劳动节哪天
            # 放？ → 5月1日放假; not 劳动节哪天上班？: review of stop 25); the clause's own heading is the label of
            # all its sentences (摸底排查。…该项工作于2019年4月底前完成: multidoc4-heldout m4-015, refused before)
            # (and then only by a word asked after the question word: 那它建在哪 asks nothing more of the part)
            for subject, strict in ((label, False), (clause.lead, True)):
                if subject and _shares_a_word(question, subject + part) and _asked_after(question, kind, part, strict):
                    return True
    return False


#: A year the question itself gives (2019年端午节哪天放假, "When is the Dragon Boat Festival day off in 2019?") is not
#: the date it asks: a sentence that only repeats it holds no answer (multidoc9 m9-063, answered from the notice's
#: opening paragraph, whose only date is 2019年, not from its item 五 with 6月7日). Only a year, and only for a date
#: asked: a figure restated in a question that asks another (10月1日到7日放假，一共放几天 → 共7天) still counts (review).
_GIVEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _without_numbers(text: str, numbers: list[str]) -> str:
    """`text` with each of `numbers` (a figure the question gives) blanked where it stands alone."""
    for n in set(numbers):
        text = re.sub(rf"(?<![\d.]){re.escape(n)}(?![\d.])", " ", text)
    return text


#: A part of a sentence that ends in a time adverbial (可以在收到处罚通知书之日起15日内，向人民法院起诉): a time
#: amount with 内/前/后, 之日起, or 以前/之前/以后/之后, so the part after the comma says what happens then
#: (multidoc3-heldout m3-014: 多长时间内可以去法院告 — refused as no time stated). Read only of a part that holds
#: the date asked already; 补贴发放以后 matches too, and then the next part must share a word with the question.
_TIME_ADVERBIAL = re.compile(f"{NUMERAL}+\\s*个?(?:小时|工作日|日|天|周|月|年)(?:以?内|之内|以?前|之前|以?后|之后)$|之日起$|(?:以前|之前|以后|之后)$"
                             # a deadline by a date (2021年3月底前，试点城市政府…进行评估总结: multidoc10-heldout m10-071)
                             f"|{NUMERAL}+\\s*[年月]\\s*(?:底|初|末)\\s*(?:以?前|之前)?$|{NUMERAL}+\\s*[日号]\\s*(?:以?前|之前|起)$")


#: The units of a number of days asked (几天, 几日): `fact_unit`'s.
_DAY_UNITS = ("天", "日")


def _asked_after(question: str, kind: str, part: str, strict: bool = False) -> bool:
    """The content characters after the question's interrogative (哪天上班 → 班) occur in `part`, or there
    are none (2019年清明节是几号？) unless `strict`."""
    m = FACT_QUESTIONS[kind].search(question) if kind in FACT_QUESTIONS else None
    # within the question's own sentence: a follow-up as searched has the turn before after it
    after = re.split(r"[，,。？?！!；;\n]", question[m.end():], maxsplit=1)[0] if m else ""
    tail = [c for c in after if "\u4e00" <= c <= "\u9fff" and c not in STOP_CHARS]
    return any(c in part for c in tail) if tail or strict else True


_LABEL = re.compile(r"^\s*([^，,。；;：:]{1,8})[：:]")


def _fact_verb(question: str, kind: str) -> str:
    """The content character right before a quantity or materials question's interrogative — the verb it
    asks about (要罚多少钱 → 罚, 能扣多少 → 扣, 要留哪些材料 → 留) — or "". A numeral (or materials) in a part
    of a sentence with that verb answers it even when the part repeats nothing else of the question: the
    subject comes earlier in the sentence (…未建立…台账的，…，处五千元以上二万元以下的罚款; multidoc-heldout
    md004, md028, multidoc-dev md069 …应当留存…证明资料备查 — each refused before as not stated). Not for
    places: a place said with the same verb may be another subject's (国际文化交流中心…，…项目在甬江北岸布局)."""
    pattern = FACT_QUESTIONS.get(kind) if kind in _VERB_KINDS else None
    m = pattern.search(question) if pattern else None
    if not m:
        return ""
    # the interrogative within what matched (需要留好哪些材料 → 哪些), else where the match starts
    asks = _INTERROGATIVE.search(question, m.start(), m.end())
    before = [c for c in question[: asks.start() if asks else m.start()] if not c.isspace()]
    while before and before[-1] in _AROUND_THE_VERB:
        before.pop()
    last = before[-1] if before else ""
    return last if "\u4e00" <= last <= "\u9fff" and last not in STOP_CHARS else ""


_VERB_KINDS = ("amount", "number", "count", "procedure")
# Modal verbs before it and a result complement after it (要留好哪些材料 → 留): not the verb itself.
_AROUND_THE_VERB = frozenset("要能可以会得该应好")
_INTERROGATIVE = re.compile(r"多少|哪些|什么|啥|几")


_PARTS = re.compile(r"[，,；;：:。！？!?\n]")


#: A year (2019年, 2018—2035年): the years a document's title says it is about, and a year a question asks.
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|[—–\-~至到]\s*(?:19|20)\d{2}))")


def _title_of(clause, clauses: dict | None) -> str:
    """The first two lines of the head of `clause`'s document (its title, maybe over two lines), else its
    citation name (which may be cut short)."""
    head = (clauses or {}).get("header" if clause.doc_id == BUNDLED_DOC_ID else f"{clause.doc_id}:header")
    return "".join(head.sentences[:2]) if head is not None and head.sentences else clause.cite_as


def _other_year(question: str, title: str, text: str = "") -> bool:
    """The question asks about a year outside the years the document's title is about, which the clause
    that would answer does not name either: 2020年春节放假 asked of 2019年部分节假日安排的通知 (multidoc2-heldout
    m2-028, answered with 2019's dates), 2040年 of a plan for 2018—2035年 — but 2018年12月29号 is in the 2019
    notice's 元旦 item (m2-012). A title without a year (most) limits nothing."""
    title_years = [int(y) for y in _YEAR.findall(title)]
    asked = [int(y) for y in _YEAR.findall(question)]
    return bool(title_years and asked) and not any(min(title_years) <= y <= max(title_years) or str(y) in text
                                                   for y in asked)


def missing_clauses(p: Plan, clauses: dict) -> list[str]:
    """Numbered clauses the question names that the document does not have (第12条 of 11; `law:80`)."""
    return [r for r in p.clause_refs if r.rpartition(":")[2].isdigit() and r not in clauses]


def refusal_reason(p: Plan, hits: list, *, clauses: dict | None = None) -> RefusalReason | None:
    """Why not to answer `p` from `hits`, or None to answer (see the module docstring).

    Args:
        clauses: every clause by key (`Retriever.by_key`), to tell a clause the question names that does
            not exist.
    """
    if off_task(p.question):
        return RefusalReason.OFF_TASK
    if clauses is not None and missing_clauses(p, clauses):
        return RefusalReason.NO_SUCH_CLAUSE
    if not hits:
        return RefusalReason.OUT_OF_SCOPE
    floor = MIN_DENSE.get(p.language, MIN_DENSE["zh"])
    if not about_the_document(p) and max(h.dense for h in hits) < floor and max(h.lexical for h in hits) < MIN_BM25:
        return RefusalReason.OUT_OF_SCOPE
    if not about_the_document(p):
        if hits[0].clause.is_title_block or weak_evidence(hits, p.question):
            return RefusalReason.UNSURE
    if _other_year(p.question, _title_of(hits[0].clause, clauses), hits[0].clause.text):
        return RefusalReason.FACT
    # A question for an element of the document (第几次会议, 几号文) is answered by that element's line of the
    # head or foot, whatever numeral it holds (第十四次 is an ordinal, no count).
    answered_by_element = bool(p.element) and hits[0].clause.is_title_block
    if p.element not in ("", "title", "effective") and not p.clause_refs and not hits[0].clause.is_title_block and not any(
            h.clause.is_title_block and h.clause.doc_id == hits[0].clause.doc_id and element_lines(p.element, h.clause)
            for h in hits):
        # no head or foot of the document asked about holds that element (a 意见 printed without its issuer): not
        # stated — never a content clause's answer (the preamble's 根据《中共广州市委…》 for who issued the 广州
        # 意见, review of stop 31). A question for two elements (文号 and 落款日期; 第几号令 and 什么时候施行) is
        # answered when a head or foot of that document among the hits holds one of them.
        return RefusalReason.FACT
    if p.element == "signer" and not element_lines("signer", hits[0].clause):
        return RefusalReason.FACT  # signed by no one named in the text (a resolution, a 意见)
    if p.element == "effective":
        # when it takes effect: only a sentence saying so answers (本条例自…起施行), not the adoption date
        if not element_lines("effective", hits[0].clause):
            return RefusalReason.FACT
        answered_by_element = True
    unit = fact_unit(p.question, p.fact)
    # the head's line for the element asked answers its own kind of fact, not a count in a unit it lacks: 表决时多少
    # 票赞成 is asked of the adoption line, which holds a date, no votes (heldout14 h14-116)
    if p.fact and (not answered_by_element or unit in UNITS_OF_THEIR_OWN) and not _holds(p.fact, hits[0].clause, unit, p.query):
        return RefusalReason.FACT
    return None


def weak_evidence(hits: list, question: str = "") -> bool:
    """The best clause holds none of the question's content words (not even through the dictionary
    bridge) and does not stand out by STANDOUT_MARGIN — an English `question` never stands out so (its
    lead then comes from the embedding alone, which does not tell "Is tea bad for you?" from a question on
    the resolution) — or covers little of them and does not stand out by WEAK_MARGIN (MIN_COVERAGE)."""
    top = hits[0]
    lead = top.score - hits[1].score if len(hits) > 1 else float("inf")
    if top.coverage == 0.0:
        return lead < STANDOUT_MARGIN or is_english(question)
    return top.coverage < MIN_COVERAGE and lead <= WEAK_MARGIN


def related_hits(p: Plan, hits: list) -> list:
    """The clauses a refusal lists as related: the head and foot only for questions about the document."""
    about = about_the_document(p)
    return [h for h in hits if about or not h.clause.is_title_block][:RELATED]


def document_noun(hits: list, language: str = "zh") -> str:
    """What to call the document in a refusal: 决定 for the bundled resolution, an added document by its
    short name (《行政处罚法》), or a generic word when the hits span several documents."""
    docs = {h.clause.doc_id for h in hits}
    if not docs or docs == {BUNDLED_DOC_ID}:
        return "the resolution" if language == "en" else "决定"
    if len(docs) == 1 and hits[0].clause.cite_as:
        return f"《{hits[0].clause.cite_as}》"  # one added document: by its name (行政处罚法, …条例)
    return "the documents" if language == "en" else "文件"


def refusal_text(plan: Plan, related: list, reason: RefusalReason, *, clauses: dict | None = None,
                 elsewhere: list[str] | tuple[str, ...] = ()) -> str:
    """The refusal the user reads: what is missing, and the closest clauses as related, not as the answer.
    `UNSURE`: no clause answers the question directly, but the document may touch on it — say that
    instead of claiming it is silent. `elsewhere`: for a clause number the resolution lacks, the names of the
    added documents that have an article of that number (the user may mean one of them)."""
    en = plan.language == "en"
    noun = document_noun(related, plan.language)
    if reason is RefusalReason.OFF_TASK:
        return scope_text(plan.language)
    if reason is RefusalReason.NO_SUCH_CLAUSE:
        doc, _, missing = missing_clauses(plan, clauses or {})[0].rpartition(":")
        doc = doc.partition(":")[0]  # law:附件:30 → law
        _, numbered = numbered_articles(doc, clauses or {})
        last = numbered[-1] if numbered else 0
        if doc:  # an added document, often an excerpt: say which articles it holds
            name = next((c.cite_as for k, c in (clauses or {}).items() if k.startswith(f"{doc}:") and c.cite_as), doc)
            if en:
                return f"{name} as added here has {len(numbered)} numbered articles (up to article {last}); article {missing} is not among them."
            return f"《{name}》收录了{len(numbered)}条（至第{last}条），其中没有第{missing}条。"
        if en:
            others = f" Article {missing} of {', '.join(elsewhere)}? Name the document in the question." if elsewhere else ""
            return f"The resolution has {len(numbered)} numbered clauses (1 to {last}); there is no clause {missing}.{others}"
        others = f"如果问的是{'、'.join(f'《{n}》' for n in elsewhere)}的第{missing}条，请在问题里写明文件名。" if elsewhere else ""
        return f"决定共有{len(numbered)}条（第1条至第{last}条），没有第{missing}条。{others}"
    if en:
        rel = ", ".join(english_name(h.clause) for h in related)
    else:
        rel = "、".join(h.clause.label + (f"（{h.clause.lead}）" if h.clause.lead else "") for h in related)
    if reason is RefusalReason.UNSURE:
        # Unsure is not a finding that the text is silent: a clause may state the date asked in words the
        # question does not share (multidoc5-heldout m5-068, 待遇从哪天到哪天 — "没有写明具体时间" was false)
        if en:
            tail = f" These clauses may be related: {rel}." if rel else ""
            if plan.fact:
                return f"No clause of {noun} was found that clearly states {FACT_NAMES_EN[plan.fact]} for this.{tail}"
            return f"No clause of {noun} answers this directly.{tail}"
        tail = f"可能相关的条款：{rel}。" if rel else ""
        if plan.fact:
            return f"{noun}中没有找到明确写明{FACT_NAMES_ZH[plan.fact]}的条款。{tail}"
        return f"{noun}中没有直接回答这个问题的条款。{tail}"
    if en:
        what = f" {FACT_NAMES_EN[plan.fact]} for this" if plan.fact else " anything on this"
        tail = f" Related clauses you may want to read: {rel}." if rel else ""
        verb = "do" if noun.endswith("s") else "does"  # the documents do / the resolution does
        return f"{noun[0].upper() + noun[1:]} {verb} not state{what}.{tail}"
    what = f"没有写明{FACT_NAMES_ZH[plan.fact]}" if plan.fact else "没有涉及这个问题"
    tail = f"可参考的相关条款：{rel}。" if rel else ""
    return f"{noun}中没有相关规定：{noun}{what}。{tail}"

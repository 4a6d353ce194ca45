"""Question handling before retrieval: clean the user's text (`sanitize`), find the language, the clause
references it names, and resolve follow-ups against the history into a standalone query (`plan`).

Whether a question is answered is `refusal.py`'s decision (this module only records the kind of fact
asked, computed there); with an LLM configured, the generator may rewrite follow-ups instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ingest.text import is_english

from .citations import CLAUSE_REF, THIS_DOCUMENT, cited_keys, clause_refs, documents_of
from .docfacts import element_asked, element_cued
from .errors import QuestionError
from .factkinds import QUESTION_WORDS, fact_kind
from .records import Plan
from .refusal import weak_evidence

NOTICE_TRUNCATED = "问题过长，已截取前 {n} 个字符。"

# Words that point back at the previous turn. Not 其他/其中 (其 there is "other"/"among"), not 这个/this/that
# before a noun of their own (这个决定, this decision; `stands_for_topic` tells the two apart), and "there" only
# as a place (live there), not in "is there", "were there", "has there been".
_PRONOUN = re.compile(r"它|他们|她们|这(一)?条|该条|此条|这件事|这个事|这事|此事|上述|上面|刚才|前面说|那里|那儿|"
                      r"(?<![\u4e00-\u9fff])其(?![他它余实中次])|"
                      r"\b(it|its|they|them|their|those)\b|"
                      r"\b(live|lives|living|lived|go|goes|going|get|getting|work|works|working|move|moving|stay|staying|over|up|down|out) there\b",
                      re.I)
# A demonstrative standing for what the last turn spoke of, with nothing of the question's own in its place:
# 这些是为了啥, 那个呢 — the next word is a function word, not a noun (这些行业, 这个会议, 这些要求 name their
# subject); "… for that?" at the end. Seen examples (heldout5, a tuning set from stop 24): 这些是为了啥目标 after a
# question on flood control, "Will there be a dedicated center for that?" after one on tech transfer.
_DEMONSTRATIVES = ("这些", "那些", "这个", "那个", "这样", "那样")
_FUNCTION_NEXT = frozenset("是 都 呢 要 会 有 能 还 也 为 在 算 得 吗 可以 需要 应该 具体 怎么 如何 什么 啥 到底 主要 跟 和 由 归 让 给".split())
_TOPIC_AT_END = re.compile(r"\b(for|about|of|on|with|in|to) (that|this|these)\s*[?.!]*\s*$", re.I)


def stands_for_topic(question: str) -> bool:
    """The question's subject is a demonstrative standing for the last turn's topic (这些是为了啥, 那个呢,
    "… for that?"): by the word after it (jieba), not by its first character (这个会议 names a subject)."""
    if _TOPIC_AT_END.search(question):
        return True
    from index.lexical import default_jieba

    tokens = [t for t in default_jieba().cut(question.strip()) if t.strip()]
    while tokens and tokens[0] in ("那", "那么", "那请问", "请问"):
        tokens = tokens[1:]
    if not tokens or tokens[0] not in _DEMONSTRATIVES:
        return False
    return len(tokens) == 1 or tokens[1] in _FUNCTION_NEXT or not re.match(r"[\w\u4e00-\u9fff]", tokens[1])


# Words that point back at the clause the previous answer quoted (这一条怎么翻译): that clause is named.
# Other pronouns (它们, 这件事, they) point at what the clause spoke of, whose answer may be another clause
# (它们具体要承担什么责任？ after the streets were named: the streets' duties are in other clauses).
_POINTS_AT_CLAUSE = re.compile(r"这(一)?条|该条|此条|上述|上面|刚才|前面说|这段(话|文字)|这句话|\bthis (clause|article)\b", re.I)
# "第几条里说的？" / "which article is that in?" with no words of its own asks where the last answer came from.
_WHICH_CLAUSE = re.compile(r"第几条|哪一?条|\bwhich (clause|article)\b", re.I)
# Ellipsis: "那…呢？", "what about …" carry on the previous question with a new subject.
_FOLLOW_START = re.compile(r"^(那|那么|还有|另外|and\b|also\b|so\b|what about|how about)", re.I)
# A question that says it changes the subject stands alone, whatever pronoun follows (seen sets: 换个问题，
# 法院和检察院在这里面要干什么 / 换个话题 after a transport answer; "Unrelated, but …", "Different question -",
# "By the way, when was this document printed?").
# 另外 / 对了 / 顺便 / 还有个问题 at the start open another question (`_ANOTHER_QUESTION`; seen heldout4 h4-068:
# 另外，法律服务这块有提到吗… was answered from the last turn's clause) — unless a pronoun points back (另外想知道别的镇跟
# 这事有关系不, heldout9 h9-062; 另外，这个补贴要交税吗 — review of stop 29), it carries the last question on (另外第二条呢？)
# or nothing of its own is asked. 另外 must be followed by a break (另外两条线, 另外的街道: "the other").
# 问个别的 (seen heldout9 h9-023: "问个别的，人大代表在科创区这件事里要做什么？" — 这件事 made it lean on a
# question about a pipeline corridor) — as a phrase of its own, not 请问个别的企业… (a few) or 问别的部门 (review, stop 27).
_NEW_TOPIC = re.compile(r"换个(话题|问题)|问(一)?个别的(问题|事)|问(个|点)别的(?=[，,：:。？?\s]|$)|\bunrelated\b|\bdifferent question\b|\bby the way\b", re.I)
# 另外 opening a question, whatever follows (另外想知道…, 另外想确认下…, 另外天津大学…: heldout16 h16-049, heldout10
# h10-002, h10-037 — each a new subject); not 另外那几个港 (the other ports), nor 另外 before a word pointing back
# (该院, 本条, 上述…) or nothing more (另外还有吗, 另外呢: the last turn's question goes on)
_ANOTHER_QUESTION = re.compile(r"^(哦+|嗯+|好的?|ok)?[，,。.\s]*(另外(?![那这几一两个的些该本其此上还呢吗]|[？?]|$)|对了[，,！!\s]|顺便(问|说|请教)|还有(一)?个(事|问题))", re.I)
# 这个补贴, 那些企业: a demonstrative before a noun points at what the last turn spoke of
_DEMONSTRATIVE = re.compile(r"[这那](个|些|种|项|笔|条|份|类|次)")
_ENDS_WITH_NE = re.compile(r"呢\s*[？?]?\s*$")
# "也" / "also" / "too" carry the previous question over to a new subject (区政协也收到了吗？, v135).
_ALSO = re.compile(r"也|\balso\b|\btoo\b", re.I)
#: A question this short (characters of words) may be an ellipsis of the previous one ("为什么？", "具体呢？").
SHORT_QUESTION = 8
#: A follow-up candidate whose best clause covers this share of its content words stands alone.
#: Re-checked in stop 22 once coverage weighed words by IDF (nine tuning sets, right/wrong answers): 0.4
#: 671/52, 0.5 671/52, 0.6 672/51; STANDS_ALONE_LEAD 0.1 671/52, 0.2 671/52, 0.3 670/53.
FOLLOW_UP_COVERAGE = 0.5
#: A question that points back (它, 这件事, 这些行业) is still taken alone when its best clause covers this
#: much more of its words than the resolved query's best clause covers of the resolved query's: 法院和
#: 检察院在这件事里要干什么？ 0.40 alone against 0.08 resolved (seen heldout2; unweighted coverage then). A lead, not any: the resolved
#: query has more words, so its coverage is lower even when it finds the same clause.
STANDS_ALONE_LEAD = 0.2
#: A request to answer in English (用英文回答, 英文怎么说这一条, "say that in English"), not English as a topic:
#: 路牌会不会加英文 and "does it mention making the signs in english" ask about signs, in Chinese and English
#: (seen heldout9 h9-011: the English topic made the question a request to repeat the last answer's topic).
_WANTS_ENGLISH = re.compile(r"(用|以|请用|改用|换成)(英文|英语)[^，,。？?]{0,4}?(回答|回复|作答|说|讲|解释|写|翻译)|(用|请用|改用|换成|翻译?成)(英文|英语)\s*[吧吗呢啊呀。？?！!]*\s*$|"
                            r"(英文|英语)怎么说|"
                            r"\b(answer|reply|respond|say (it|that|this)|explain (it|that|this)|translate (it|that|this)|repeat (it|that|this)) "
                            r"in(to)? English\b|\bin English,? please\b|^\W*(in )?English( please)?\W*$", re.I)

# Words that point at the document rather than at its content ("写在哪一条", "决定里"): they pull every
# question towards the head and foot, so retrieval does not see them.
_ABOUT_THE_DOCUMENT = re.compile(
    r"(在)?(这个|该|本)?决定(里|中|里面)的?|"
    # and as the speaker (教育这块决定是怎么说的: heldout16 h16-079, answered from the preamble, whose 作出如下决定 the
    # embedding matched) — not before 说到底 (出这个决定说到底是要…: heldout7 h7-069, the preamble asked), nor a
    # title's (…镇海片区建设的决定怎么安排…: the title is taken out whole, `naming.without_document_names`)
    r"(这个|这份|该|本)?(?<!的)决定(?=是?(怎么|如何)|对|提出?|说(?!到底|白了)|讲|写)|((这个|这份|这|该|本)|(?<![\u4e00-\u9fff]))文件(?![号名])(里|中|里面|上)?的?|写在哪一?条|出自(决定的)?哪一?条|在哪[一几]?条(里)?(提到|说)?|"
    r"是怎么(提|说|讲|规定)的|怎么(说|讲)的|according to the resolution|(does|do) the resolution (say|mention)|in the resolution",
    re.I,
)


#: Slips of a pinyin keyboard common enough to undo before anything reads the question (啥时侯 for 啥时候:
#: seen heldout5, refused as no date asked before): every rule then sees the word it knows.
KEYBOARD_SLIPS = {"时侯": "时候"}


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
    for slip, word in KEYBOARD_SLIPS.items():
        text = text.replace(slip, word)
    notices = []
    if len(text) > max_chars:
        text = text[:max_chars]
        notices.append(NOTICE_TRUNCATED.format(n=max_chars))
    if not re.search(r"[\w\u4e00-\u9fff]", text):
        raise QuestionError("问题为空或没有文字，请输入关于决定的问题 (the question is empty: type a question)")
    return text, notices


def search_text(query: str) -> str:
    """The query as retrieval should see it: without words about the document itself or a marker of a new
    topic (By the way, …)."""
    stripped = re.sub(r"\s+", " ", _NEW_TOPIC.sub(" ", _ABOUT_THE_DOCUMENT.sub(" ", query))).strip()
    return stripped if len(re.sub(r"[\W_]", "", stripped)) >= 2 else query


def language_of(text: str) -> str:
    return "en" if is_english(text) else "zh"




def normalize_history(history, *, max_turns: int = 4, max_chars: int = 2000) -> list[tuple[str, str]]:
    """(user, assistant) turns from Gradio/OpenAI messages or from pairs; anything else is ignored.

    Bounded, so a request's cost does not grow with what the client sends: only the last `max_turns`
    turns are kept, each side clipped to `max_chars` characters.
    """
    turns: list[tuple[str, str]] = []
    if not history:
        return turns
    pending = None
    for item in list(history)[-4 * max_turns:]:  # subtle: bound the scan too, before clipping
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
    return [(q[:max_chars], a[:max_chars]) for q, a in turns[-max_turns:]]


def is_follow_up_candidate(question: str, content_words: int | None = None) -> bool:
    """The question may lean on the previous turn: it points back (它, 这一条, they), carries it on
    ("那…呢", "what about"), or is too short to say much alone ("为什么？", "谁负责？", 找哪个区谈？). A
    short question with two content words of its own (人才公寓租金多少) says enough alone; pass
    `content_words` (the answer stage passes the words of two or more characters among
    `Retriever.query_terms(q)`) to apply that. Whether a candidate really
    leans on the previous turn is decided by retrieval evidence (`keep_follow_up`), not here."""
    words = re.sub(r"[\W_]", "", question)
    short = len(words) <= SHORT_QUESTION and (content_words is None or content_words <= 1)
    return short or _leans_back(question)


def plan(question: str, history=None, *, max_chars: int = 500, content_words: int | None = None,
         names: Mapping[str, str] | None = None) -> Plan:
    """The question as a standalone `Plan`; with `history`, and when the question may be a follow-up
    (`is_follow_up_candidate`), the plan resolved against the previous turn (`follow_up=True`).

    `names` (`citations.citation_names`) reads the previous answer's citations of added documents.
    The answer stage tries the standalone plan first and keeps the resolved one only when it retrieves
    with more confidence, so a new topic never inherits the previous one.

    >>> plan("那第九条呢？", [("第七条讲的是什么？", "……〔第7条〕")]).query
    '第9条 讲的是什么？'
    """
    refs = clause_refs(question)
    lang = "en" if _WANTS_ENGLISH.search(question) else language_of(question)
    fact = fact_kind(question)
    element = element_asked(question)
    standalone = Plan(question=question, query=question, language=lang, clause_refs=tuple(refs), fact=fact,
                      element=element)
    turns = normalize_history(history, max_turns=2, max_chars=max_chars)
    if not turns or opens_new_topic(question, content_words) or not is_follow_up_candidate(question, content_words):
        return standalone
    prev_q, prev_a = turns[-1]
    if refs:
        # "那第九条呢？": ask the previous question again, about the named clause.
        prev_wo_refs = CLAUSE_REF.sub("", prev_q).strip()
        label = f"clause {refs[0]}" if lang == "en" else f"第{refs[0]}条"
        return Plan(question=question, query=f"{label} {prev_wo_refs or prev_q}", language=lang,
                    clause_refs=tuple(refs), fact=fact or fact_kind(prev_q), element=element, follow_up=True)
    cited = cited_keys(prev_a, names)
    previous_clauses = cited or clause_refs(prev_q)
    context = documents_of(cited)
    if _points_at_clause(question, content_words) and previous_clauses and not element:
        refs = previous_clauses[:1]  # "这一条" = what the last answer cited first
    # "那人才补贴呢？" after "…月租多少？" asks the same kind of fact — not a follow-up asking its own question
    # (那费用怎么分摊呢: review of stop 28) or saying more than a subject (公示的时候要是有邻居不同意呢？)
    if (not fact and (_FOLLOW_START.search(question) or _ENDS_WITH_NE.search(question))
            and (content_words or 0) <= 2 and not _OWN_QUESTION_WORD.search(question)):
        fact = fact_kind(prev_q)
    # A previous turn that leaned on the one before it (乡镇的呢？ after 街道那一级的人大工委呢, itself after a
    # question on the people's congress's duties) carries that one's subject too.
    # A previous turn with words of its own and no such mark (法院管什么？) stood on its own: nothing older is
    # carried; one with hardly a word of its own (罚多少？) leaned on the one before it.
    topic = prev_q
    if len(turns) > 1 and (_leans_back(prev_q) or _content_words(prev_q) <= 1) and not _NEW_TOPIC.search(prev_q):
        topic = f"{prev_q} {turns[-2][0]}"
    query = f"{question} {topic}"
    if _WANTS_ENGLISH.search(question) and lang == "en" and not fact:
        query = topic
    # "区政协也收到了吗？" / "那区法院呢？" after "抄送给谁了？" ask the same element of the document — a question
    # with a cue of its own or hardly a word of its own; one with words of its own asks about them (还有个事，
    # 文中说地块利用要跟哪个区去协调？ after a question on the document number: heldout6 h6-064, a tuning set
    # since its run).
    if not element and (element_cued(question) or content_words is None or content_words <= 1):
        element = element_asked(f"{question} {prev_q}")  # the last turn's element, never an older one's
    return Plan(question=question, query=query, language=lang, clause_refs=tuple(refs), fact=fact, element=element,
                follow_up=True, context_docs=context)


def opens_new_topic(question: str, content_words: int | None = None) -> bool:
    """The question says it leaves the conversation's topic (换个话题, by the way, 另外想问…) and has words of its
    own (`content_words`: at least two; None: not counted). A marker alone does not: "By the way, will it happen
    soon?" still leans on the previous turn, and so does 另外 with a pronoun or a demonstrative pointing back."""
    another = _ANOTHER_QUESTION.search(question) and not any(
        p.search(question) for p in (_PRONOUN, _ENDS_WITH_NE, _DEMONSTRATIVE, _ALSO))
    return bool((_NEW_TOPIC.search(question) or another) and (content_words is None or content_words >= 2))


def _content_words(question: str) -> int:
    """How many words of its own a question has (jieba's words that are not stop words or single function
    characters): 罚多少？ 1, 法院管什么？ 2."""
    from index.lexical import STOP_CHARS, STOP_WORDS, default_jieba

    return sum(1 for t in default_jieba().cut(question) if re.fullmatch(r"[\w\u4e00-\u9fff]+", t)
               and t not in STOP_WORDS and not (len(t) == 1 and t in STOP_CHARS))


_OWN_QUESTION_WORD = re.compile(r"为何|吗|" + QUESTION_WORDS, re.I)


def _leans_back(question: str) -> bool:
    """The question marks itself as leaning on the turn before (它, 那…呢, also, 这些是…, 这份文件), not merely short."""
    return (any(p.search(question) for p in (_PRONOUN, _POINTS_AT_CLAUSE, _FOLLOW_START, _ENDS_WITH_NE, _ALSO))
            or (THIS_DOCUMENT.search(question) and element_asked(question))  # 这份通知的文号是什么
            or stands_for_topic(question))


def without_clause_words(text: str) -> str:
    """The text without words that ask which clause (第几条, 哪一条, which article): what is left says
    whether the question has a subject of its own (`plan`'s `content_words`)."""
    return _WHICH_CLAUSE.sub(" ", text)


def _points_at_clause(question: str, content_words: int | None = None) -> bool:
    """这一条 / this article, or a which-clause question with no words of its own (第几条里说的？)."""
    if _POINTS_AT_CLAUSE.search(question):
        return True
    if not _WHICH_CLAUSE.search(question):
        return False
    if content_words is not None:
        return content_words == 0
    return len(re.sub(r"[\W_]", "", question)) <= SHORT_QUESTION // 2


def keep_follow_up(alone_hits: list, resolved: Plan, resolved_hits: list) -> bool:
    """Whether a follow-up candidate is answered as resolved against history rather than as typed.

    Only when the question cannot stand alone — the best clause for it as typed covers less than
    FOLLOW_UP_COVERAGE of its content words, or it retrieves with weak evidence — and the resolved
    query's best clause covers at least as much. A new topic ("法院管什么？" after a transport question)
    finds its clause on its own and keeps it.
    """
    if not resolved_hits:
        return False
    if not alone_hits:
        return True
    if clause_refs(resolved.question) and resolved_hits[0].key in resolved.clause_refs:
        return True  # "第十二条呢？" after a question on a law: that law's article, found and first
    if resolved.clause_refs and not clause_refs(resolved.question):
        return True  # "这一条还说了什么？": `plan` named the clause the last answer quoted
    alone_top = alone_hits[0].coverage
    points_at_topic = stands_for_topic(resolved.question)
    pronoun = _PRONOUN.search(resolved.question) or points_at_topic
    # Its words pick a clause only when the best one covers more of them than the next ("他们住哪，有安排吗":
    # 安排 is in many clauses, each covering the question alike).
    picks = len(alone_hits) < 2 or alone_top > alone_hits[1].coverage
    if (pronoun and not points_at_topic and picks and not weak_evidence(alone_hits, resolved.question)
            and resolved_hits[0].coverage < alone_top - STANDS_ALONE_LEAD):
        # "Does it say anything about metro lines?" after a question on the document's number (it = the
        # document), 法院和检察院在这件事里要干什么？ (这件事 = the whole project): the question finds its
        # clause alone, covering more of its words than the resolved query's best clause covers of its own.
        return False
    if resolved.element and not element_asked(resolved.question):
        return True  # "区政协也收到了吗？" after "抄送给谁了？": a question about the document only in context
    if pronoun:
        # It points back ("他们要跟谁合作？"): the question has no subject of its own to stand on.
        return not weak_evidence(resolved_hits, resolved.question)
    if alone_top >= FOLLOW_UP_COVERAGE and not weak_evidence(alone_hits, resolved.question):
        return False
    return resolved_hits[0].coverage >= alone_top

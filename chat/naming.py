"""Which documents a question names, and the facts about documents that naming needs: their kinds (这份意见),
numbers (国发〔2018〕38号), titles (a run of four characters of one, then its kind), places (山东那个决议, "the
Shandong resolution", a city document by the city whose 市委 and 市人民政府 it names), titles quoted in 《》 that
are none of them, and the documents the texts only cite. Split out of `citations.py` in stop 31; the answer
stage reads names, numbers and places once per index (`docfacts.document_names`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ingest import BUNDLED_DOC_ID
from ingest.frame import document_numbers_in
from ingest.names import kind_ending

from .citations import DOCUMENT_KINDS

_QUOTED_TITLE = re.compile(r"《([^《》]{2,80})》")


def quotes_another_document(question: str, names: Iterable[str], bundled_title: str = "") -> bool:
    """The question quotes a title in 《》 that is none of the documents (`names`: their citation names; the
    bundled resolution's `bundled_title`), in whole or in part.

    >>> quotes_another_document("《劳动法》第三条怎么说？", ["行政处罚法"]), quotes_another_document("《行政处罚法》第三条", ["行政处罚法"])
    (True, False)
    """
    titles = [*names, *([bundled_title] if bundled_title else [])]
    return any(not any(t in quoted or quoted in t for t in titles) for quoted in _QUOTED_TITLE.findall(question))


#: The kind a question points at with a demonstrative (这份意见, 该条例, 本办法): `documents_of_kind`.
_THIS_KIND = re.compile(r"(?:[这此本那]|(?<!应)该)[个份部]?\s*(" + DOCUMENT_KINDS + ")")


def documents_of_kind(question: str, names: Mapping[str, str]) -> list[str]:
    """The doc_ids of the added documents of the kind a question points at with a demonstrative (这份意见是哪个
    机关发的: multidoc7-heldout m7-050 was answered from the resolution's head, which is a 决定), in `names`
    order; [] when it points at none. 决定 is never read so: it names the bundled resolution.

    >>> names = {"支持小微企业的指导意见": "op", "某市养犬条例": "reg", "某省物业条例": "reg2"}
    >>> documents_of_kind("这份意见是谁发的？", names), documents_of_kind("该条例几号令？", names)
    (['op'], ['reg', 'reg2'])
    """
    m = _THIS_KIND.search(question)
    return list(dict.fromkeys(doc_id for name, doc_id in names.items() if m and kind_ending(name) == m.group(1)))


def named_documents(question: str, names: Mapping[str, str], numbers: Mapping[str, str] | None = None,
                    english_terms: Iterable[tuple[str, Iterable[str]]] | None = None,
                    places: Mapping[str, str] | None = None) -> list[str]:
    """doc_ids of the documents a question names: an added one by its citation name (行政处罚法), any by its
    document number (`numbers`: `document_numbers(clauses)`; 国发〔2018〕38号那份通知), or an added one by its
    kind and a run of at least NAME_RUN characters of its title (三级公立医院绩效考核的那份意见 for
    加强三级公立医院绩效考核工作的意见; 上海那个关于“一网通办”的人大决定 — multidoc2-dev m2-011, m2-045, both
    answered from the resolution's head before). A run alone is not enough: the kind of document must be
    said right after it, so 人才发展 does not name a law called 人才发展法 and 扬尘条例 (two characters) names
    none, and 这个决定要怎么进一步促进… (the resolution, review of stop 25) names no 进一步促进…的决定. Or by the
    province or city whose body issued it and its kind (`places`: `document_places(clauses)`; 山东那个决议, "the
    Shandong resolution" — multidoc3-heldout m3-029, m3-064, answered from the bundled resolution before). The
    bundled resolution is named only by its number: it is the default document.

    >>> names = {"江门市扬尘污染防治条例": "reg", "加强三级公立医院绩效考核工作的意见": "op"}
    >>> named_documents("江门市扬尘污染防治条例是哪天批准的？", names), named_documents("扬尘条例", names)
    (['reg'], [])
    >>> named_documents("三级公立医院绩效考核的那份意见是谁发的？", names), named_documents("三级公立医院绩效考核怎么做？", names)
    (['op'], [])
    >>> named_documents("国发[2018]38号是哪天印发的", names, {"国发〔2018〕38号": "zm"})
    ['zm']
    >>> named_documents("国务院令 第706号是谁签的", names, {"令第706号": "order"})
    ['order']
    """
    exact = [doc_id for name, doc_id in names.items() if name in question]
    if exact:
        return exact
    asked = [_number_key(n) for n in document_numbers_in(question)] + _ORDER_TAIL.findall(re.sub(r"\s+", "", question))
    # 请问国发〔2018〕38号… holds the number with words before it; a head line may hold more before it too
    by_number = [doc_id for number, doc_id in (numbers or {}).items()
                 if any(a.endswith(number) or number.endswith(a) for a in asked)]
    if by_number:
        return by_number
    places = places or {}
    if english_terms is not None:
        return _named_in_english(question, names, english_terms, places)
    if quotes_another_document(question, names):
        # a title quoted in full that is none of the documents (《临沧市道路交通安全管理特别规定》第二条) names another
        # document, not the one whose title shares a run with it (仓储安全管理规定: review of stop 31)
        return []
    plain = _han(question)
    by_title = [doc_id for name, doc_id in names.items() if _title_run(name, plain) is not None]
    return by_title or [doc_id for name, doc_id in names.items()
                        if _place_span(places.get(doc_id, ""), kind_ending(name), plain) is not None]


def _place_span(place: str, kind: str, text: str) -> tuple[int, int] | None:
    """Where `text` names a document by its place (山东, 山东省) with its kind right after (within KIND_GAP:
    山东那个决议): from the place to before the kind."""
    if not place or len(kind) < 2:
        return None
    return next(((m.start(), m.end() + at) for m in re.finditer(place, text)
                 if (at := text[m.end() : m.end() + KIND_GAP + len(kind)].find(kind)) >= 0), None)


def names_by_title(name: str, question: str) -> bool:
    """`question` names the document titled `name` by a run of its title with its kind right after (`_title_run`)."""
    return _title_run(name, _han(question)) is not None


def _title_run(name: str, text: str) -> tuple[int, int] | None:
    """Where `text` names the document titled `name` by a run of NAME_RUN or more characters of its title
    with its kind said right after (…绩效考核的那份意见: within KIND_GAP), at the first of the run's
    occurrences that has it: the run's (start, end), or None. Never by a kind of one character (法, 函:
    inside 办法, 依法, 法院 — only a name said whole names a law)."""
    kind = kind_ending(name)
    if len(kind) < 2:
        return None
    run = _longest_run(_han(name[: -len(kind)]), text)
    if len(run) < NAME_RUN:
        return None
    return next(((m.start(), m.end()) for m in re.finditer(re.escape(run), text)
                 if kind in text[m.end() : m.end() + KIND_GAP + len(kind)]), None)


def without_document_names(question: str, names: Mapping[str, str], places: Mapping[str, str] | None = None) -> str:
    """The question without the words by which it names an added document (its title, or a run of NAME_RUN
    or more characters of it with the kind right after, as `named_documents` reads them): those words chose
    the document to search; within it they would rank the head and the paragraphs that repeat the title
    above the clause that answers (multidoc2-heldout m2-068: 国家粮食应急预案由谁负责解释 ranked the 预案's
    own head and the 函 issuing it above 7.2 本预案由国务院办公厅负责解释, and was refused). Unchanged when
    less than two characters would be left.

    >>> without_document_names("国家粮食应急预案谁来解释？", {"国家粮食应急预案": "plan"})
    '谁来解释？'
    >>> without_document_names("三级公立医院绩效考核的那份意见要考核几类指标", {"加强三级公立医院绩效考核工作的意见": "op"})
    '的那份意见要考核几类指标'
    """
    rest = question
    for name, doc_id in names.items():
        at = rest.find(name)
        kind = kind_ending(name)
        span = (at, at + len(name)) if at >= 0 else _title_run(name, rest) or _place_span((places or {}).get(doc_id, ""), kind, rest)
        if span is None:
            continue
        end = span[1] + (len(kind) if kind and rest.startswith(kind, span[1]) else 0)
        rest = rest[: span[0]] + rest[end:]
    return rest if len(_han(rest)) >= 2 else question


_LEVEL_PINYIN = {"市": "shi", "省": "sheng"}  # 济南市 jinanshi → 济南 jinan
#: After a place, words that make it part of another name (山东大学, 北京时间, 北京人, 北京籍, 北京路).
_NOT_THE_PLACE_ITSELF = r"(?!大学|师范|理工|时间|人(?!民|大)|籍|户口|路|街|站|话|烤鸭)"
#: The places a head's first line names (宁波市镇海区人民代表大会常务委员会文件 → 宁波, 镇海).
_HEAD_PLACES = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:省|市|区|县)")


class PlaceSounds(NamedTuple):
    """How an English question names places: toneless pinyin → the documents of that place (济南市 jinanshi →
    jinan), and the pinyin of the bundled resolution's own places (`home_places`). `place_sounds` reads the
    dictionary bridge once per answer, not once per search."""

    documents: dict[str, list[str]]
    home: frozenset[str]


def place_sounds(places: Mapping[str, str], home: Iterable[str], pinyin: Mapping[str, str]) -> PlaceSounds:
    """`PlaceSounds` from `places` (`document_places`), `home` and the bridge's pinyin (toneless pinyin → corpus word)."""
    documents: dict[str, list[str]] = {}
    home = set(home)
    home_sounds = set()
    for py, word in pinyin.items():
        if word in home:
            home_sounds.add(py)
        for d, place in places.items():
            if place and word.startswith(place) and word[len(place):] in ("", "市", "省"):
                documents.setdefault(py.removesuffix(_LEVEL_PINYIN.get(word[len(place):], "")), []).append(d)
    return PlaceSounds(documents, frozenset(home_sounds))


def placed_documents(question: str, places: Mapping[str, str], home: Iterable[str] = (),
                     sounds: PlaceSounds | None = None) -> tuple[list[str], str]:
    """The added documents whose province or city (`places`: `document_places`) a question names without
    naming the document (北京的控烟工作由哪个部门主管 — a Beijing regulation beside the resolution), and the
    question without that place: the place points at the document, the rest of the question is searched in
    all of them with that document's head start instead of the resolution's (`Retriever.search(head_start=)`).
    An English question (`sounds`: `place_sounds`) names a place by its pinyin ("In Beijing", "Jinan's" for
    济南市) — not by a translation: "city" translates to every city.
    Not a place named as something else's (山东大学, 北京时间, 北京人), nor in a question that names the bundled
    resolution's own places too (`home`: 宁波, 镇海 — 山东大学毕业的博士来镇海有补贴吗; review of stop 28).

    >>> placed_documents("北京的控烟工作由哪个部门主管？", {"reg": "北京"})
    (['reg'], '的控烟工作由哪个部门主管？')
    >>> sounds = place_sounds({"reg": "北京"}, ["镇海"], {"beijingshi": "北京市", "zhenhai": "镇海"})
    >>> placed_documents("In Beijing, who is in charge?", {"reg": "北京"}, ["镇海"], sounds)
    (['reg'], 'In , who is in charge?')
    >>> placed_documents("I studied in Beijing; what does Zhenhai offer?", {"reg": "北京"}, ["镇海"], sounds)[0]
    []
    >>> placed_documents("镇海的人才政策", {"reg": "北京"})
    ([], '镇海的人才政策')
    """
    lowered = question.lower()
    if any(h in question for h in home) or (sounds and any(py in lowered for py in sounds.home)):
        return [], question
    if sounds is None:
        placed = [d for d, place in places.items()
                  if place and re.search(re.escape(place) + _NOT_THE_PLACE_ITSELF, question)]
        rest = question
        for d in placed:
            rest = rest.replace(places[d], "")
        return placed, (rest if len(_han(rest)) >= 2 else question)
    placed, rest = [], question
    for m in re.finditer(r"[A-Za-z]+", question):
        if m.group(0).lower() in sounds.documents:
            placed += [d for d in sounds.documents[m.group(0).lower()] if d not in placed]
            rest = rest.replace(m.group(0), "")
    return placed, rest


def _named_in_english(question: str, names: Mapping[str, str], terms: Iterable[tuple[str, Iterable[str]]],
                      places: Mapping[str, str] | None = None) -> list[str]:
    """An added document an English question names by its kind and at least two words of its title
    (`terms`: the question's words with their translations into the documents' words, `Retriever.query_terms`):
    "the Jiangmen regulation on dust pollution prevention" (江门市扬尘污染防治条例: regulation → 条例, 江门,
    污染, 防治), "the Administrative Penalty Law" (multidoc-dev md045, multidoc-heldout md034: searched among
    all documents before, and refused) — or by its kind and the place whose body issued it ("the Shandong
    resolution": `places`)."""
    kinds = {k for word, ks in ENGLISH_KINDS.items() if re.search(rf"\b{word}s?\b", question, re.I) for k in ks}
    if not kinds:
        return []
    # the kind's own word is not a title word ("regulation" translates to 管理 too)
    terms = [(w, tuple(t for t in forms if len(t) > 1)) for w, forms in terms
             if not any(re.fullmatch(rf"{word}s?", w, re.I) for word in ENGLISH_KINDS)]
    named = []
    for name, doc_id in names.items():
        kind = kind_ending(name)
        place = (places or {}).get(doc_id, "")
        if kind in kinds and (sum(any(t in name for t in forms) for _, forms in terms) >= 2
                              or (place and any(place in forms for _, forms in terms))):
            named.append(doc_id)
    return named


#: English words for the kinds of document (`ingest.names.KIND_ENDINGS`).
ENGLISH_KINDS = {"law": ("法",), "regulation": ("条例", "规定"), "provision": ("规定",), "notice": ("通知",),
                 "circular": ("通知",), "opinion": ("意见",), "decision": ("决定",), "measure": ("办法",),
                 "plan": ("预案", "规划", "方案"), "rule": ("细则", "规定", "规则", "规范"), "reply": ("批复", "答复"),
                 "resolution": ("决议", "决定")}
#: The province or city a title or adoption note begins with (山东省人民代表大会常务委员会关于…, 江门市扬尘污染防治条例,
#: 浙江省第八届人民代表大会…通过): the place whose body issued the document.
_PLACE = re.compile(r"^\W*(?:\d{4}年\d{1,2}月\d{1,2}日)?(?!国家|全国|各)([\u4e00-\u9fff]{2,3}?)(?:省|市|[\u4e00-\u9fff]{0,4}?自治区)")
#: Characters of a title a question must repeat in one run to name the document by it (with its kind), and
#: at most how many characters may stand between that run and the kind (的那份, ”的人大).
NAME_RUN = 4
KIND_GAP = 6
#: The tail of an order's number (国务院令第706号 → 令第706号): how a question names it, with or without the issuer.
_ORDER_TAIL = re.compile(r"令第\d{1,4}号")


def document_numbers(clauses: Iterable) -> dict[str, str]:
    """Document number → doc_id, read from each document's head (`ingest.frame.document_numbers_in`), or from its
    attachment's head when its own has none."""
    clauses = list(clauses)
    numbers: dict[str, str] = {}

    def read(heads) -> None:
        for c in heads:
            for number in document_numbers_in(c.text):
                numbers.setdefault(_number_key(number), c.doc_id)

    read(c for c in clauses if c.clause_id == "header")
    # a document whose head has no number is numbered by its attachment's head (a 公告 promulgating the 解释 under
    # it, 法释〔2024〕13号); not one that has a number (an annex's history line …国务院令第76号发布: review of stop 30)
    numbered = set(numbers.values())
    read([c for c in clauses if c.clause_id.endswith(":header") and c.doc_id not in numbered])
    return numbers


def title_line(header) -> str:
    """The title among a head's lines (the line holding 关于…, or ending in a kind of document), or ""."""
    lines = header.sentences if header is not None else ()
    return next((line for line in lines if "关于" in line or kind_ending(line)), "")


#: A title the text cites (…落实市人大常委会《关于加快推进甬江科创区建设的决定》精神): another document, not this one.
_CITED_TITLE = re.compile(r"《([^《》\n]{6,80})》")


def cited_titles(clauses: Iterable) -> list[str]:
    """The titles of other documents the texts cite in 《》 with a kind of document at the end (决定, 条例,
    意见…; not 《人才金港》-style names), in first-cited order."""
    return list(dict.fromkeys(t for c in clauses for t in _CITED_TITLE.findall(c.text) if kind_ending(t)))


def names_a_cited_document(question: str, cited: Iterable[str], own: Iterable[str]) -> bool:
    """`question` names a document the texts cite (a run of its title with the kind said right after, as
    `_title_run` reads a title) by more of that title than of any title of the documents themselves (`own`):
    市人大常委会关于加快推进甬江科创区建设的决定是哪天通过的 asks after the city's decision that the resolution's
    preamble cites, not after the resolution, whose own title shares only 关于加快推进甬江科创区 with it. A question
    that also says something only the documents' own title says (镇海 of …镇海片区建设的决定) names that one.

    >>> names_a_cited_document("市里关于加快推进甬江科创区建设的决定是哪天通过的",
    ...                        ["关于加快推进甬江科创区建设的决定"], ["关于加快推进甬江科创区镇海片区建设的决定"])
    True
    >>> names_a_cited_document("关于加快推进甬江科创区镇海片区建设的决定是哪天通过的",
    ...                        ["关于加快推进甬江科创区建设的决定"], ["关于加快推进甬江科创区镇海片区建设的决定"])
    False
    >>> names_a_cited_document("镇海推进甬江科创区建设的那个决定是哪天通过的",
    ...                        ["关于加快推进甬江科创区建设的决定"], ["关于加快推进甬江科创区镇海片区建设的决定"])
    False
    >>> names_a_cited_document("宁波市人大常委会关于加快推进甬江科创区建设的决定是哪天通过的", ["关于加快推进甬江科创区建设的决定"],
    ...                        ["宁波市镇海区人民代表大会常务委员会关于加快推进甬江科创区镇海片区建设的决定", "深圳市人民代表大会常务委员会公告"])
    True
    """
    plain = _han(question)

    def cited_run(title: str) -> int:
        if _han(title) in plain:
            return len(_han(title))  # said whole (中华人民共和国价格法: a kind of one character, 法, names it only so)
        kind = kind_ending(title)
        return len(_longest_run(_han(title[: -len(kind)]), plain)) if _title_run(title, plain) else 0

    runs = {t: cited_run(t) for t in cited}
    title = max(runs, key=runs.get, default="")
    if not title or runs[title] < NAME_RUN:
        return False
    for t in own:
        mine = _han(t)
        if len(_longest_run(mine, plain)) < NAME_RUN:
            continue  # a title the question does not name at all (深圳市人民代表大会常务委员会公告: its 市人 says nothing)
        # what only the own title's subject says (镇海 of …镇海片区建设的决定), not its issuer's name (宁波市…委员会:
        # the city is the cited decision's issuer too)
        subject = mine.rpartition("关于")[2] or mine
        pairs = {subject[i : i + 2] for i in range(len(subject) - 1)}
        if len(_longest_run(mine, plain)) >= runs[title] or any(p in plain and p not in title for p in pairs):
            return False
    return True


def home_places(header) -> list[str]:
    """The places the bundled resolution's head (`header`, its clause or None) begins with (宁波, 镇海): a
    question naming one is about it."""
    first = header.sentences[0] if header is not None and header.sentences else ""
    return _HEAD_PLACES.findall(first)


def document_places(clauses: Iterable) -> dict[str, str]:
    """doc_id → the place (山东, 江门) the first lines of its head begin with, for documents of a province or
    city (`named_documents`); national documents (中华人民共和国…, 国务院…) have none. A document whose head
    names no place (a city's 实施意见 printed with its title and date only) has the one city whose party
    committee and government its text both name (根据《中共广州市委、广州市人民政府关于…》: multidoc7, a question
    on 广州's talent programme was answered from the resolution's 第6条)."""
    clauses = list(clauses)
    places: dict[str, str] = {}
    for c in clauses:
        if c.clause_id == "header" and c.doc_id != BUNDLED_DOC_ID:  # the bundled one is named by its number only
            for line in c.sentences[:2] or (c.text,):
                if m := _PLACE.match(line):
                    places.setdefault(c.doc_id, m.group(1))
    committees: dict[str, set[str]] = {}
    governments: dict[str, set[str]] = {}
    for c in clauses:
        if c.doc_id != BUNDLED_DOC_ID and c.doc_id not in places and "市" in c.text:
            committees.setdefault(c.doc_id, set()).update(_CITY_COMMITTEE.findall(c.text))
            governments.setdefault(c.doc_id, set()).update(_CITY_GOVERNMENT.findall(c.text))
    for doc, found in committees.items():
        both = found & governments.get(doc, set())
        if len(both) == 1:
            places[doc] = both.pop()
    return places


#: A city's party committee and its government, both named in a text (中共广州市委、广州市人民政府): a city document
#: implementing its own city's decision. One of them alone is not enough: a document citing another city's
#: paper (《深圳市人民政府关于…》), or addressed to 各省、自治区、直辖市人民政府 (a national one), names no city of
#: its own (review of stop 31: 直辖 was read as a city).
_CITY_COMMITTEE = re.compile(r"中共([\u4e00-\u9fff]{2,3}?)市委")
_CITY_GOVERNMENT = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}?)市人民政府")


def _number_key(number: str) -> str:
    tail = _ORDER_TAIL.search(number)
    return tail.group(0) if tail else number


def _han(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isalnum())


def _longest_run(a: str, b: str) -> str:
    """The longest common substring of `a` and `b` (both short: a title and a question)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best

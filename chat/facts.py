"""The checkable facts a sentence states: its numbers (amounts, dates, counts, percentages, ordinals) and
the named bodies it mentions, normalized so that a sentence and its source compare across writing
systems: 一千元 = 1000元 = 1,000 yuan → "1000"; 百分之六十 = 60% = 60 percent → "60%"; 五百万 = 500万
= 5 million → "5000000"; September → "9".

A Chinese numeral counts only as a quantity: with a unit after it (一千元, 四港), a multiplier in it
(十六), or 第 before it; a bare 一 inside a word (统一, 一流) or 两 in 两岸 is not a number. The same
reading applies to the answer and to its source, so wording copied from the source never fails.
Chinese numerals are converted by `cn2an` (MIT, maintained); this module only finds the spans and the
units around them.

Whether a sentence is supported is `verify.py`'s decision; this module only extracts.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .citations import CLAUSE_REF

_CN_DIGIT = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
_CN_MULT = "十拾百佰千仟万萬亿億"
_CN_NUM = _CN_DIGIT + _CN_MULT
#: What may follow a Chinese numeral for it to count as a quantity.
_CN_UNIT = ("元块角个名位家项次届年月日号条人户套间所座辆台亩倍批期类种港线天周岁%％季度批次轮"
            "平公千万亿")
_PERCENT_CN = re.compile(rf"百分之([{_CN_NUM}点\d.]+)")
_ARABIC = re.compile(
    r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(万亿|亿|万|千|百))?"
    r"(?:\s*(%|％|percent\b|per cent\b)|\s*(thousand|million|billion|hundred)\b)?",
    re.I,
)
_CN_RUN = re.compile(rf"[{_CN_NUM}]+(?:点[{_CN_NUM}]+)?")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、)）]\s*", re.M)  # "1. ", "三、"
_EN_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.I)
_EN_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_CN_MULT_VALUE = {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}
#: 一 inside these words (and 十分 "very") is not a quantity.
_NOT_A_NUMBER = re.compile(r"十分|万一|(?<![一二两三四五六七八九十百\d])千万|一[一些般切直致起同样旦定律再道]|[统唯单之其专万第]一")

#: Endings of the names of bodies: governments, courts, committees, universities, labs, offices.
#: Longest first, so 人大常委会 wins over 常委会.
_BODY_SUFFIXES = sorted(
    ["人民政府", "政府", "人大常委会", "常委会", "委员会", "监委", "人民法院", "法院", "人民检察院", "检察院",
     "街道", "工委", "大学", "研究院", "研究所", "实验室", "办公室", "工作专班", "主席团", "管委会", "公司",
     "集团", "银行", "基金会", "协会", "学会", "医院", "高新区", "开发区", "人才办", "财政局", "教育局",
     "公安局", "税务局", "管理局", "发改委", "科技局", "人社局", "住建局", "商务局", "经信局"],
    key=len, reverse=True,
)
_BODY = re.compile(r"([\u4e00-\u9fff]?)(" + "|".join(_BODY_SUFFIXES) + r")")
#: Characters that end a name on its left (a name never starts with them).
_NAME_STOP = set("的和与及或由要将在对向是为了各同把被从经其该本此这那并、，。；：请让给等")


def _canon(value: float) -> str:
    value = round(value, 6)
    return str(int(value)) if float(value).is_integer() else repr(value)


@functools.lru_cache(maxsize=4096)
def _cn_value(span: str) -> float | None:
    import cn2an  # subtle: imported here; `import chat` stays light

    try:
        return float(cn2an.cn2an(span, "smart"))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _prepare(text: str) -> str:
    """Full-width digits and letters to ASCII, clause references (第7条, clause 7) removed."""
    text = CLAUSE_REF.sub(" ", unicodedata.normalize("NFKC", text))
    return _LIST_MARKER.sub("", text)


def numbers(text: str) -> set[str]:
    """The quantities `text` states, as canonical strings ("1000", "60%", "9").

    Args:
        text: a sentence or a whole clause, Chinese or English; clause references (第7条) are skipped.

    >>> sorted(numbers("补贴一千元，占百分之六十"))
    ['1000', '60%']
    >>> sorted(numbers("a 1,000 yuan grant covering 60 percent"))
    ['1000', '60%']
    """
    text = _prepare(text)
    found: set[str] = set()

    def take_percent(m: re.Match) -> str:
        v = _cn_value(m.group(1))
        if v is not None:
            found.add(_canon(v) + "%")
        return " "

    text = _PERCENT_CN.sub(take_percent, text)

    def take_arabic(m: re.Match) -> str:
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        value *= _CN_MULT_VALUE.get(m.group(3) or "", 1) * _EN_MULT.get((m.group(5) or "").lower(), 1)
        found.add(_canon(value) + ("%" if m.group(4) else ""))
        return " "

    text = _ARABIC.sub(take_arabic, text)
    for m in _EN_WORD.finditer(text):
        word = m.group(1).lower()
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if word in _EN_MULT and re.search(r"(\d|" + "|".join(_EN_WORDS) + r")\s*$", before):
            continue  # "five million": the multiplier is part of the number before it
        value = _EN_WORDS[word]
        after = _EN_WORD.match(text, m.end() + 1) if m.end() < len(text) else None
        if after and after.group(1).lower() in _EN_MULT:
            value *= _EN_MULT[after.group(1).lower()]
        found.add(_canon(value))
    text = _NOT_A_NUMBER.sub(" ", text)
    for m in _CN_RUN.finditer(text):
        span = m.group(0)
        if not any(ch in _CN_DIGIT or ch in "十拾" for ch in span):
            continue  # 万, 千 alone (千方百计): not a number
        nxt = text[m.end() : m.end() + 1]
        prev = text[m.start() - 1 : m.start()]
        if not (any(ch in _CN_MULT for ch in span) or prev == "第" or (nxt and nxt in _CN_UNIT)):
            continue
        v = _cn_value(span)
        if v is not None:
            found.add(_canon(v))
    return found


def bodies(text: str) -> list[str]:
    """The named bodies `text` mentions, each as its name ending plus the character before it (区人民法院
    → "区人民法院", 江北区财政局 → "区财政局"), or the bare ending when nothing names it (各街道 → "街道").

    A source supports a body when it contains this string.

    >>> bodies("由区财政局和各街道负责")
    ['区财政局', '街道']
    """
    out = []
    for m in _BODY.finditer(unicodedata.normalize("NFKC", text)):
        prev, suffix = m.group(1), m.group(2)
        name = suffix if (not prev or prev in _NAME_STOP) else prev + suffix
        if name not in out:
            out.append(name)
    return out

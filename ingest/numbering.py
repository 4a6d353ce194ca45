"""The numbering marks of Chinese legal and official documents, recognized at the start of a paragraph.

Laws, regulations and rules (立法法 usage): 第一编 / 第一分编 / 第一章 / 第一节 headings, 第一条 articles,
（一） items (项) and 1. sub-items (目) inside an article. Policy documents (GB/T 9704-2012 §7.3.3 层次序数):
一、 / （一） / 1. / （1）. This module only says what mark a paragraph starts with and what number it
carries; building the tree is `law.py`'s and `policy.py`'s job. Plans (预案) and standards number by
decimal outline (GB/T 1.1 章条编号): 1 总则 / 1.1 编制目的 / 1.2.1 …, any depth; a bare top-level number
(1总则) counts only in a body that is such an outline (`is_outline`), as a heading line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The characters of a number in Chinese numerals (第一千零二条, 第五十四号); `cn_to_int` reads them.
CN_NUMERALS = "零〇一二三四五六七八九十百千两"
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: 第一编 / 第一分编 / 第一章 / 第一节 followed by a heading (never a sentence: no 。 at the end).
LAW_HEADING = re.compile(rf"^第([{CN_NUMERALS}0-9]{{1,6}})(分编|编|章|节)(?=[^。；，：]*$)")
#: 第十二条 at the start of a paragraph (the article's own text follows after a space, or on the next line).
ARTICLE = re.compile(rf"^第([{CN_NUMERALS}0-9]{{1,7}})条(?:之([{CN_NUMERALS}]{{1,3}}))?(?:[\s\u3000]+|$|(?=[\u4e00-\u9fff“《（(]))")
#: A 编/章/节 heading glued to the article after it (第一章 总  则第一条 为了…): a copy that lost the line break.
_GLUED_HEADING = re.compile(rf"^第[{CN_NUMERALS}0-9]{{1,6}}(?:分编|编|章|节)[^。；，：第]{{0,20}}?(?=第[{CN_NUMERALS}0-9]{{1,7}}条)")
#: A line that only names a group of the list after it: a regulation's 附表 lists 第一类 ⏎ 1．… ⏎ 第二类 ⏎ 1．…,
#: each group numbered from 1 again (also 第一部分 / 第一组 alone on a line).
_GROUP_HEADING = re.compile(rf"^第([{CN_NUMERALS}0-9]{{1,4}})(类|部分|组)$")
#: Policy levels, outermost first (GB/T 9704: 一、 （一） 1. （1）); 1、 and 1． are common variants.
LEVEL_1 = re.compile(rf"^([{CN_NUMERALS}]{{1,4}})、")
LEVEL_2 = re.compile(rf"^[（(]([{CN_NUMERALS}]{{1,4}})[）)]\s*")
#: Never an amount (1.5倍): a digit right after the dot is text — unless a dash or a comma follows it, as in a
#: chemical's locants (1．1—苯基—2—丙酮, 2．3，4—亚甲基…, a 附表's items), or it opens a year (1.1980年以前建成的城镇
#: 房屋建筑: an item whose text begins with a year — parser survey 8, a 北京 retrofit 意见 lost items 1 and 3 so), a span of
#: years (1.2024—2025年, 1.2024至2025年) or a century (1.20世纪80年代).
LEVEL_3 = re.compile(r"^([0-9０-９]{1,3})\s*[.．、]"
                     r"(?![0-9０-９](?![—－\-，,]|[0-9０-９]{3}(?:年|[—－\-~～至到][0-9０-９]{2,4}年)|[0-9０-９]世纪))\s*")
LEVEL_4 = re.compile(r"^[（(]([0-9０-９]{1,3})[）)]\s*")
#: A table row whose first cell is a number (序号): "3 | 改革举措 | …" is numbered like 3.
TABLE_ROW = re.compile(r"^([0-9０-９]{1,3})\s*\|\s*")
POLICY_LEVELS = (LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4)
#: Decimal outline marks: 1.1 / 1.2.1 (a trailing dot allowed: 1.1.), then the heading or text itself. Never
#: an amount (1.5倍, 2.5%, 1.2万元): the mark must be followed by a Chinese character or a space, not a unit.
OUTLINE_DOTTED = re.compile(
    r"^([0-9０-９]{1,2}(?:[.．][0-9０-９]{1,3}){1,7})[.．]?(?=[\s\u4e00-\u9fff])(?![倍万亿元])\s*")
OUTLINE_TOP = re.compile(r"^([0-9０-９]{1,2})(?=[\s\u4e00-\u9fff])\s*")
#: Outline depth d (1 for 1, 2 for 1.1, …) is level OUTLINE_LEVEL + d: above every policy level (0-3), so
#: （1） items stay inside an outline unit, and apart from chapter headings (-4…-1).
OUTLINE_LEVEL = -40
_OUTLINE_HEADING_MAX = 40


@dataclass(frozen=True)
class Mark:
    """A numbering mark at the start of a paragraph: its level (0-3 for 一、（一）1.（1）), the number
    it carries, the mark as written (for ids and labels) and where the paragraph's own text starts."""

    level: int
    number: int
    token: str  # 一 / （一） / 1 / （1）: what an id is built from
    end: int


def cn_to_int(raw: str) -> int:
    """Chinese or Arabic numerals to an int: 十二 → 12, 一百零三 → 103, 二〇二三 → 2023, １２ → 12.

    >>> [cn_to_int(s) for s in ("三", "十", "十二", "二十", "一百零三", "12")]
    [3, 10, 12, 20, 103, 12]
    """
    raw = raw.translate(_FULL_DIGITS)
    if raw.isdigit():
        return int(raw)
    if all(c in _CN_DIGIT for c in raw) and len(raw) > 1:  # 二〇二三: digit by digit
        return int("".join(str(_CN_DIGIT[c]) for c in raw))
    total, section, digit = 0, 0, 0
    for c in raw:
        if c in _CN_DIGIT:
            digit = _CN_DIGIT[c]
        elif c == "十":
            section += (digit or 1) * 10
            digit = 0
        elif c == "百":
            section += (digit or 1) * 100
            digit = 0
        elif c == "千":
            section += (digit or 1) * 1000
            digit = 0
        else:
            raise ValueError(f"not a number: {raw!r}")
    return total + section + digit


def int_to_cn(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 103 → 一百零三 (the numerals a document prints)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else (digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")))
    return digits[n // 100] + "百" + tail


def policy_mark(text: str) -> Mark | None:
    """The policy numbering mark a paragraph starts with, or None.

    >>> policy_mark("（二）坚持对标国际，开放引领。")
    Mark(level=1, number=2, token='（二）', end=3)
    """
    for level, pattern in enumerate(POLICY_LEVELS):
        m = pattern.match(text)
        if m:
            try:
                number = cn_to_int(m.group(1))
            except ValueError:
                return None
            token = _token(level, number)
            return Mark(level, number, token, m.end())
    m = TABLE_ROW.match(text)
    if m:
        number = cn_to_int(m.group(1))
        return Mark(2, number, str(number), m.end())
    return None


def outline_mark(text: str) -> Mark | None:
    """The decimal outline mark a paragraph starts with (1.2.1国家级…, or 1总则 as a heading line), or None.
    Only meaningful in a body `is_outline` accepts: elsewhere 1总则 is just text.

    >>> outline_mark("1.2.1国家级（Ⅰ级）：两个以上省出现粮食应急状态。")
    Mark(level=-37, number=1, token='1.2.1', end=5)
    >>> outline_mark("7附则").token, outline_mark("12月1日起施行。")
    ('7', None)
    """
    m = OUTLINE_DOTTED.match(text)
    if m is None:
        m = OUTLINE_TOP.match(text)
        rest = text[m.end() :] if m else ""
        if m is None or len(rest) > _OUTLINE_HEADING_MAX or rest.endswith(("。", "；", "：", ":", "，")):
            return None
    numbers = [int(n) for n in re.split(r"[.．]", m.group(1).translate(_FULL_DIGITS))]
    return Mark(OUTLINE_LEVEL + len(numbers), numbers[-1], ".".join(map(str, numbers)), m.end())


def is_outline_level(level: int) -> bool:
    return OUTLINE_LEVEL < level < 0 and level < OUTLINE_LEVEL + 10


def is_outline(texts: list[str]) -> bool:
    """A body numbered as a decimal outline: at least two paragraphs start with a dotted mark (1.1, 2.3.1)."""
    return sum(1 for t in texts if OUTLINE_DOTTED.match(t)) >= 2


def _token(level: int, number: int) -> str:
    if level == 0:
        return int_to_cn(number)
    if level == 1:
        return f"（{int_to_cn(number)}）"
    if level == 2:
        return str(number)
    return f"（{number}）"


def article_number(text: str) -> tuple[int, int] | None:
    """(article number, end of the mark) for a paragraph starting 第十二条 (or 第十二条之一), else None."""
    m = ARTICLE.match(text)
    if not m:
        return None
    try:
        return cn_to_int(m.group(1)), m.end()
    except ValueError:
        return None


def article_insert(text: str) -> int:
    """The number of an inserted article (第一百三十三条之一 → 1, 之二 → 2): an amendment adds it after
    第133条 without renumbering the rest; 0 for an ordinary article (or no article at all).

    >>> article_insert("第一百三十三条之一 在道路上驾驶机动车"), article_insert("第一百三十三条 违反")
    (1, 0)
    """
    m = ARTICLE.match(text)
    if not m or not m.group(2):
        return 0
    try:
        return cn_to_int(m.group(2))
    except ValueError:
        return 0


def glued_heading(text: str) -> int:
    """Where the article starts in a paragraph that is a law heading glued to it (第一章总则第一条为了… → 5),
    else 0.

    >>> glued_heading("第一章总则第一条为了规范管理，制定本办法。"), glued_heading("第一章 总则")
    (5, 0)
    """
    m = _GLUED_HEADING.match(text)
    return m.end() if m and law_heading(text[: m.end()]) and article_number(text[m.end() :]) else 0


def group_heading(text: str) -> int | None:
    """The number of a line that only names a group (第二类 → 2, 第三部分 → 3), else None. It heads a list
    only when a numbered item follows it: the caller checks that.

    >>> group_heading("第二类"), group_heading("第二类是可以用于制毒的化学配剂。")
    (2, None)
    """
    m = _GROUP_HEADING.match(text)
    if not m:
        return None
    try:
        return cn_to_int(m.group(1))
    except ValueError:
        return None


def law_heading(text: str) -> str | None:
    """The kind (编, 分编, 章, 节) of a paragraph that is a law's heading, else None."""
    m = LAW_HEADING.match(text)
    return m.group(2) if m and len(text) <= 40 else None

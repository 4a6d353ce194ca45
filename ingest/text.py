"""Character-level text clean-up shared by the parser and the index: whitespace, punctuation, sentences,
and which language a short text is in.

Owns the repairs the printed-document export needs (half-width punctuation inside Chinese text,
spaces and line breaks between Chinese characters). Knows nothing about clauses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?!\|)|(?<!\|)\s+(?=[{_CJK}])")
#: Table cells, as the readers write a row: "序号 | 改革举措 | 推广范围".
_CELL_BAR = re.compile(r"\s*\|\s*")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_PUNCT_IN_CJK = re.compile(rf"(?<=[{_CJK}])[,:;?!]|[,:;?!](?=[{_CJK}])")
_HALF_PARENS_AROUND_CJK = re.compile(rf"\(([^()]*[{_CJK}][^()]*)\)")
#: Marks that end a sentence or a clause's lead-in, and the closing quotes and brackets that may follow them.
SENTENCE_END = tuple("。！？；：:!?;…")
CLOSERS = "”’」』）)"
#: Characters a sentence may end with; a paragraph ending otherwise was cut by a page break.
TERMINAL = SENTENCE_END + tuple(CLOSERS)
_SENTENCE = re.compile(rf"[^。！？；!?\n]+(?:[。！？；!?]+[{CLOSERS}]*|$)|[^\n]+", re.M)

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def clean(text: str) -> str:
    """Normalize one paragraph: drop whitespace touching Chinese, full-width punctuation in Chinese.

    >>> clean("加强对本 行政区域内重点工作的监督,推动压紧压实属地责任。")
    '加强对本行政区域内重点工作的监督，推动压紧压实属地责任。'
    """
    # subtle: each repair can enable another — a bracket made full-width makes the ; after it touch Chinese
    # (…类目); → …类目）；), and a space beside it then touches Chinese too (…） ; → …）；) — so they all run until
    # nothing changes: clean(clean(x)) == clean(x), which coverage relies on when it cleans a paragraph again
    text = text.strip()
    while True:
        repaired = re.sub(r"\s+", " ", _SPACE_NEAR_CJK.sub("", text))
        if "|" in repaired:
            repaired = _CELL_BAR.sub(" | ", repaired)
        repaired = _HALF_PUNCT_IN_CJK.sub(lambda m: _HALF_TO_FULL[m.group(0)], repaired)
        repaired = _HALF_PARENS_AROUND_CJK.sub(r"（\1）", repaired)
        if repaired == text:
            return text
        text = repaired


def line_numbers(source: str) -> Callable[[int], int]:
    """A function giving the 1-based line of an offset in `source`, in O(log lines) per call (the line
    starts are found once; counting newlines from the start for every paragraph made parsing quadratic).

    >>> line_of = line_numbers("a\\nbc\\n\\nd")
    >>> [line_of(0), line_of(2), line_of(6)]
    [1, 2, 4]
    """
    newlines = [m.start() for m in re.finditer("\n", source)]
    return lambda offset: bisect.bisect_left(newlines, offset) + 1


def split_sentences(text: str) -> tuple[str, ...]:
    """Split clean text at 。！？； and line breaks, keeping the punctuation and closing quotes."""
    return tuple(s.strip() for s in _SENTENCE.findall(text) if s.strip())


def is_cut(paragraph: str) -> bool:
    """True when a paragraph stops mid-sentence, as the export does at a page break ("…是宁波")."""
    return bool(paragraph) and not paragraph.rstrip().endswith(TERMINAL)


def ends_sentence(text: str) -> bool:
    """True when `text` ends a sentence, closing quotes or brackets after the mark aside (…公布。” yes, …61号） no)."""
    return text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


def join_lines(a: str, b: str) -> str:
    """Join two pieces of one sentence: no space between Chinese characters or inside a number wrapped at a line's
    end (京政发〔201 ⏎ 1〕), one space otherwise (between English words)."""
    if not a or not b:
        return a + b
    if CJK_CHAR.match(a[-1]) or CJK_CHAR.match(b[0]) or (a[-1].isdigit() and b[0].isdigit()):
        return a + b
    return a + " " + b


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def is_english(text: str) -> bool:
    """Mostly English: at least three Latin letters, and no Chinese or at least two English words and more
    than one for every two Chinese characters. Counted in words, not letters: 片区里有没有international
    school？ is a Chinese question with two English words in it (answered in Chinese, its English words
    translated), while What does clause 7 say about 沿江大道? is English (its Chinese words searched as such).

    >>> is_english("What does clause 7 say about 沿江大道?"), is_english("这里有international school吗？"), is_english("GDP多少")
    (True, False, False)
    """
    if len(_LATIN.findall(text)) < 3:
        return False
    han, words = len(_HAN.findall(text)), len(_LATIN_WORD.findall(text))
    return han == 0 or (words >= 2 and 2 * words > han)

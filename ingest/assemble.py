"""Turn a unit under construction (`Draft`: the paragraphs a citable unit owns) into a `Clause`.

Owns how paragraphs are joined (a paragraph cut by a page break is glued to the next; real paragraph
breaks become a newline; head and foot lines keep their own lines), where each 款/项/目 sits in the
joined text, and the short lead title of a numbered policy unit. Which paragraphs a unit owns is
decided by `law.py`, `policy.py` and `parser.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .frame import Para
from .records import Clause, Paragraph
from .text import ends_sentence, is_cut, join_lines, split_sentences

_LEAD_MAX = 24
_TITLE_LINE_MAX = 40


@dataclass
class Piece:
    """A paragraph owned by a unit: where its own text starts (after its numbering mark) and its
    place in the unit's 款/项/目 (or list items); `item` False for a paragraph that only continues."""

    para: Para
    text_from: int = 0
    kuan: int = 1
    xiang: int = 0
    mu: int = 0
    marked: bool = False


@dataclass
class Draft:
    """A citable unit under construction: its id, the paragraphs it owns, the headings above it (its
    context) and the heading paragraphs it owns for the coverage count."""

    clause_id: str
    pieces: list[Piece]
    context: tuple[str, ...] = ()
    owned_headings: list[Para] = field(default_factory=list)
    joiner: str = ""  # "\n" for head and foot units: every line stays a line
    lead: bool = False  # a numbered policy unit: its first short sentence is its title
    title_first: bool = False  # the first paragraph is a title line (四、主要任务): never glued to the next

    @property
    def line(self) -> int:
        return self.pieces[0].para.line if self.pieces else 0

    def ranges(self) -> list[tuple[int, int]]:
        """Source ranges this unit accounts for (its paragraphs and the headings it carries)."""
        return [(p.para.start, p.para.end) for p in self.pieces] + [(h.start, h.end) for h in self.owned_headings]


def build_clause(doc_id: str, d: Draft, order: int, wrapped: frozenset[int] = frozenset()) -> Clause:
    """The unit's clause. `wrapped`: where the lines that fill a hard-wrapped export's width end
    (`frame.wrapped_line_ends`): such a line goes on in the next paragraph, whatever it looks like."""
    text = ""
    locations: list[list[int]] = []  # [kuan, xiang, mu, start, end]
    previous = None  # the last piece with text of its own
    for piece in d.pieces:
        own = piece.para.text[piece.text_from :].strip()
        if not own:
            continue  # a mark on a line of its own (第一条 ⏎ text): the text follows
        if not text:
            text = own
            locations.append([piece.kuan, piece.xiang, piece.mu, 0, len(text)])
            previous = piece
            continue
        last = previous
        previous = piece
        # a unit's title line (四、主要任务) — not the first line of a hard-wrapped export's unit
        # (一、压实安全生产责任。各乡镇…严格落实党 ⏎ 政同责…: fresh-eyes review of stop 36)
        title_line = (d.title_first and len(locations) == 1 and is_title_line(text)
                      and (last is None or last.para.end not in wrapped))
        # an item's heading on a line of its own ((一)审核材料 ⏎ 街道（乡镇）…受理: parser survey 8, a district 办法's
        # 第十二条) heads what follows; it is no sentence cut by a page break
        # — unless the line fills a hard-wrapped export's width: then the item's sentence wraps there
        # ((二)家庭人均可支配收入低于 ⏎ 上年度…80%；)
        title_line = title_line or (last is not None and last.marked and last.para.end not in wrapped
                                    and is_title_line(text[text.rfind("\n") + 1 :]))
        # a full line of a hard-wrapped export that ends in a bracket or quote ((京政发〔2011〕61号) ⏎ 及《…》) goes on
        wraps = last is not None and last.para.end in wrapped and not ends_sentence(text)
        if d.joiner:
            text += d.joiner
        elif (is_cut(text) or wraps) and not piece.marked and not title_line:
            glued = join_lines(text, own)
            locations[-1][4] = len(glued)
            text = glued
            continue
        else:
            text += "\n"
        locations.append([piece.kuan, piece.xiang, piece.mu, len(text), len(text) + len(own)])
        text += own
    sentences = split_sentences(text)
    lead = ""
    if d.lead and sentences:
        first = sentences[0]
        # a title sentence (优化信用管理。) or a heading line of its own with no closing mark (a plan's 2.1
        # 国家粮食应急工作指挥部, before what the section says): quoted as an answer, it says nothing
        heading = len(sentences) > 1 and not re.search(r"[。；;：:！!？?，,、）)]$", first)
        if (first.endswith("。") or heading) and len(first) <= _LEAD_MAX and "，" not in first:
            lead = first.rstrip("。")
    span = (d.pieces[0].para.start, d.pieces[-1].para.end) if d.pieces else (0, 0)
    paragraphs = tuple(Paragraph(*loc) for loc in locations) if not d.joiner and len(locations) > 1 else ()
    return Clause(doc_id, d.clause_id, text, sentences, span, d.context[0] if d.context else "", lead, order,
                  d.context, paragraphs)


def is_title_line(text: str) -> bool:
    """A short line without closing punctuation: a heading such as 四、主要任务, not a cut sentence."""
    return len(text) <= _TITLE_LINE_MAX and not text.endswith(("。", "；", "：", ":", "！", "？"))

"""Policy documents numbered 一、 / （一） / 1. / （1） (GB/T 9704-2012 层次序数), and resolutions such as
the bundled one (1. under 一、).

The numbering is read as a tree. A citable unit is the level that carries the rule: a numbered
paragraph without numbered children, or one whose children are an enumeration it introduces (its
text before them ends with a colon or says 下列/如下/以下 — like a law's 项, they stay inside it as
items). A numbered heading with units below it is their `context`; if it has text of its own before its
first child, that text is a unit too (its id is the heading's).

Ids mirror the numbering: the path of marks from the top (`二（三）`, `三（二）`), starting instead at the
deepest level that is numbered straight through the document (numbers that keep rising across different
parents, as the bundled resolution's 1.–11. run across 一、二、三): there the number alone is unique,
so 7. under 二、 is `7`, as EVAL_FORMAT.md fixes for the bundled resolution. Numbers that repeat are no
error when the path tells them apart (1. under 一（一） and again under 一（二）); two units with the same
id are. A line that only names a group (第一类, 第二部分) right before a numbered item heads the items up to
the next group like a heading one level above them: 3. under 第二类 is `第二类3`.

A body numbered as a decimal outline (预案: 1 总则 / 1.1 / 1.2.1, `numbering.outline_mark`) is the same tree
with the outline's levels above the policy levels: a unit is the deepest outline section, its id the
dotted number as printed (`1.2.1`, already unique), and the （1）/1. items inside a section stay in it.

Closing formulas printed after the last item without a number of their own (本决定自…起施行。, 本决议自…起
施行。《…》同时废止。, 自本通知印发之日起，《…》停止执行。, 根据本决定…重新公布。, 本办法由…负责解释。, an amendment
decision's 此外，对相关条文顺序作相应调整。) speak of the whole document, not of that item: they are a unit `附则`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .assemble import Draft, Piece, is_title_line
from .errors import repeated_number
from .frame import Para
from .law import display_heading
from .numbering import (
    Mark,
    cn_to_int,
    group_heading,
    is_outline_level,
    law_heading,
    outline_mark,
    policy_mark,
)

_ENUMERATION = re.compile(r"[：:]$|下列|如下|以下")
#: Chapter-like headings (第一章 总则) above 一、 numbering, outermost first, at levels below 一、's 0.
_HEADING_LEVELS = {"编": -4, "分编": -3, "章": -2, "节": -1}
_ROOT_LEVEL = -100
_DOCUMENT = r"本(?:决定|决议|规定|办法|意见|通知|预案|细则|条例|方案|规则|措施|公告|通告)"
#: What a document repeals when it takes effect: …《…》同时废止 / 停止执行.
_REPEALS = r"[^。]{1,160}(?:同时废止|停止执行|不再执行)"
#: A paragraph that speaks of the whole document: when it takes effect (and what it repeals then), who
#: interprets it, its republication.
_CLOSING = re.compile(rf"^(?:{_DOCUMENT}(?:自|从).{{1,40}}(?:施行|实施|执行|生效)(?:。{_REPEALS})?"
                      rf"|自{_DOCUMENT}(?:印发|公布|发布|施行)之日起，{_REPEALS}|{_DOCUMENT}由.{{1,30}}负责解释"
                      r"|根据本决定.{1,80}重新公布|此外，对.{0,20}条文.{0,10}顺序.{0,10}作相应调整)。$")


@dataclass
class _Node:
    mark: Mark | None
    para: Para | None
    parent: _Node | None = None
    body: list[Para] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    group: bool = False  # a line naming a group (第二类): it sits just above the items it heads

    @property
    def level(self) -> float:
        if self.mark is None:
            return _ROOT_LEVEL
        return self.mark.level - 0.5 if self.group else self.mark.level

    def path(self) -> list[_Node]:
        node, out = self, []
        while node is not None and node.mark is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def introduces_items(self) -> bool:
        """The text just before the first child announces an enumeration (…具备：, 下列情形)."""
        if not self.children or self.para is None:
            return False
        last = self.body[-1].text if self.body else self.para.text[self.mark.end :] if self.mark else ""
        return bool(_ENUMERATION.search(last.split("。")[-1] or last))

    def holds_items(self) -> bool:
        """An outline section whose children are only policy-numbered items ((1), 1.): one unit with them."""
        return is_outline_level(self.level) and bool(self.children) and all(c.level >= 0 for c in self.children)

    def heading(self) -> str:
        """How the node reads as its units' context: 第一章 总则, 1.2 等级划分, 一、总体要求."""
        if is_outline_level(self.level):
            return f"{self.mark.token} {self.para.text[self.mark.end :]}".strip()
        return display_heading(self.para.text) if self.level < 0 else self.para.text


def policy_drafts(body: list[Para], *, where: str, outline: bool = False) -> list[Draft]:
    """Drafts for a body numbered 一、（一）1.（1） (with `outline`, numbered 1 / 1.1 / 1.2.1 above those); text
    before the first mark is the `preamble`.

    Raises:
        IngestError: two units whose numbering gives the same id.
    """
    root = _Node(None, None)
    stack = [root]
    preamble: list[Piece] = []
    inner: tuple[int, int] | None = None  # (level, last number) of a list kept inside a unit's text
    for i, p in enumerate(body):
        mark = (outline and outline_mark(p.text)) or policy_mark(p.text) or _heading_mark(p.text)
        group = mark is None and (mark := _group_mark(p.text, body[i + 1 : i + 2])) is not None
        if mark is not None and (mark.level < 0 or group):
            inner = None  # a chapter heading or a group line ends any list kept inside a unit
        elif mark is not None and inner is not None:
            if mark.level > inner[0] or (mark.level == inner[0] and mark.number == inner[1] + 1):
                inner = (inner[0], mark.number) if mark.level == inner[0] else inner
                mark = None  # the next item of that list (or a sub-item): text of the same unit
            else:
                inner = None
        if mark is not None and not group and mark.level >= 0 and len(stack) > 1 and _restarts_after_colon(stack, mark):
            inner, mark = (mark.level, mark.number), None
        if mark is None:
            if len(stack) == 1:
                preamble.append(Piece(p, 0, kuan=len(preamble) + 1))
            else:
                stack[-1].body.append(p)
            continue
        node = _Node(mark, p, group=group)
        while stack[-1].level >= node.level:
            stack.pop()
        node.parent = stack[-1]
        stack[-1].children.append(node)
        stack.append(node)
    global_levels = _levels_numbered_through(root)
    closing = _closing(root)
    drafts: list[Draft] = [Draft("preamble", preamble)] if preamble else []
    _collect(root, (), global_levels, drafts, [])
    if closing:
        drafts.append(Draft("附则", [Piece(p, 0, kuan=k) for k, p in enumerate(closing, start=1)]))
    _check_unique(drafts, where)
    return drafts


def _closing(root: _Node) -> list[Para]:
    """Take the closing formulas (`_CLOSING`) off the end of the last item's text: the document's last
    paragraphs, unnumbered, each one a formula."""
    last = root
    while last.children:
        last = last.children[-1]
    n = 0
    while n < len(last.body) and _CLOSING.match(last.body[len(last.body) - 1 - n].text):
        n += 1
    if last is root or n == 0:
        return []
    closing = last.body[len(last.body) - n :]
    del last.body[len(last.body) - n :]
    return closing


def _heading_mark(text: str) -> Mark | None:
    """第一章 总则 above 一、… (a 规划 or a 工作规则 numbered like a policy inside chapters): a node above the
    policy levels, so its units get it as context and the heading is never text of the unit before it."""
    kind = law_heading(text)
    if kind is None:
        return None
    m = re.match(r"^第(\S+?)(?:分编|编|章|节)", text)
    try:
        number = cn_to_int(m.group(1))
    except ValueError:
        return None
    return Mark(_HEADING_LEVELS[kind], number, m.group(0), m.end())


def _group_mark(text: str, after: list[Para]) -> Mark | None:
    """A line naming a group (第一类, 第二部分) right before a numbered item: a heading just above that item's
    level (`_Node.group`), so each group's list may start at 1 again and its items' ids name the group
    (第二类3, like 第二章一 under a chapter). Its level is the item's; the node puts it half a level higher."""
    number = group_heading(text)
    item = policy_mark(after[0].text) if number is not None and after else None
    return Mark(item.level, number, text, len(text)) if item is not None else None


def _restarts_after_colon(stack: list[_Node], mark: Mark) -> bool:
    """A list that starts again (1. after 6.) right after a paragraph that announces it (注：, …如下：) is
    that paragraph's enumeration, not more siblings: `stack[-1]`'s last paragraph ends with a colon and
    the unit this mark would follow at its level already has that number or a higher one."""
    top = stack[-1]
    if not top.body or not top.body[-1].text.endswith(("：", ":")):
        return False
    level_parent = next((n for n in reversed(stack) if n.level < mark.level), stack[0])
    same = [c for c in level_parent.children if c.level == mark.level]
    return bool(same) and same[-1].mark.number >= mark.number


def _levels_numbered_through(root: _Node) -> set[int]:
    """Levels whose numbers rise strictly through the whole body across two or more parents."""
    by_level: dict[int, list[_Node]] = defaultdict(list)

    def walk(n: _Node) -> None:
        for c in n.children:
            by_level[c.level].append(c)
            walk(c)

    walk(root)
    out = set()
    for level, nodes in by_level.items():
        numbers = [n.mark.number for n in nodes]
        rising = all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
        if rising and len({id(n.parent) for n in nodes}) >= 2:
            out.add(level)
    return out


def _clause_id(node: _Node, global_levels: set[int]) -> str:
    path = node.path()
    start = max((i for i, n in enumerate(path) if n.level in global_levels or is_outline_level(n.level)), default=0)
    return "".join(n.mark.token for n in path[start:])


def _collect(node: _Node, context: tuple[str, ...], global_levels: set[int], drafts: list[Draft],
             waiting: list[Para]) -> None:
    """Depth-first: a unit per leaf or enumeration; headings become context. `waiting` holds headings
    not yet carried by a unit (they are owned, for the coverage count, by the next unit made)."""
    for child in node.children:
        if not child.children or child.introduces_items() or child.holds_items():
            drafts.append(_unit(child, context, global_levels, waiting))
            waiting.clear()
            continue
        heading = child.heading()
        if child.body or " | " in heading:
            # the heading's own text before its first child is a unit of its own; so is a table row
            # whose first cell is numbered (一、医疗质量 | （一）功能定位 | 1.门诊人次数…): a row is content
            intro = _Node(child.mark, child.para, child.parent, child.body)
            drafts.append(_unit(intro, context, global_levels, waiting))
            waiting.clear()
        else:
            waiting.append(child.para)
        _collect(child, context + (heading.split(" | ")[0],), global_levels, drafts, waiting)


def _unit(node: _Node, context: tuple[str, ...], global_levels: set[int], waiting: list[Para]) -> Draft:
    pieces = [Piece(node.para, node.mark.end, kuan=1, marked=True)]
    kuan = 1

    def add(n: _Node, depth: int) -> None:
        nonlocal kuan
        for p in n.body:
            kuan += 1
            pieces.append(Piece(p, 0, kuan=kuan))
        for c in n.children:
            kuan += 1
            xiang = c.mark.number if depth == 0 else pieces[-1].xiang
            mu = c.mark.number if depth > 0 else 0
            pieces.append(Piece(c.para, 0, kuan=kuan, xiang=xiang, mu=mu, marked=True))
            add(c, depth + 1)

    add(node, 0)
    first = node.para.text[node.mark.end :]
    return Draft(_clause_id(node, global_levels), pieces, context, list(waiting), lead=True,
                 title_first=is_title_line(first))


def _check_unique(drafts: list[Draft], where: str) -> None:
    seen: dict[str, Para] = {}
    for d in drafts:
        first = d.pieces[0]
        if d.clause_id in seen:
            before = seen[d.clause_id]
            printed = first.para.text[: first.text_from].strip().rstrip(".．、 ") or d.clause_id
            raise repeated_number(where, printed, (before.line, before.text), (first.para.line, first.para.text),
                                  cited_as=d.clause_id)
        seen[d.clause_id] = first.para

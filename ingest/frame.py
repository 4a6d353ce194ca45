"""The frame of an official document (GB/T 9704-2012): paragraphs, the main part and its attachments,
and each part's head (版头, 发文字号, 标题, 主送机关, adoption note, a law's 目录) and foot (附件说明,
署名, 成文日期, 附注, 版记: 抄送, 印发机关和印发日期), with the metadata they carry.

What lies between head and foot (正文) is structured by `law.py` or `policy.py`. A 目录 that lists a decimal
outline's headings (1 总则 / 1.1 …, a 预案's) is set apart from the head as `Part.toc` (its own unit); a law's
目录 stays in the head, as it always has. This module only sees text: reading files is `loaders.py`'s job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .numbering import (
    CN_NUMERALS,
    OUTLINE_DOTTED,
    article_number,
    cn_to_int,
    group_heading,
    law_heading,
    outline_mark,
    policy_mark,
)
from .records import DocumentMeta
from .text import clean, join_lines, line_numbers

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（﹝【]\s*\d{4}\s*[〕\]］)）﹞】]\s*\d+\s*号")
#: An order's or a 公告's number as printed: 第706号, 第五十四号, 第十五号.
_NUMBER = rf"第\s*(?:[0-9０-９]{{1,4}}|[{CN_NUMERALS}]{{1,7}})\s*号"
#: That number alone on a line, after the order's or the 公告's line: 第706号, in brackets too (（第十五号）).
NUMBER_LINE = re.compile(rf"^[（(]?\s*{_NUMBER}\s*[）)]?$")
#: An order's number (令号: 中华人民共和国国务院令 ⏎ 第706号, 国家市场监督管理总局令第52号), at a line's start or
#: after the date that introduces it.
_ORDER_NUMBER = re.compile(r"(?:^|(?<=[日\s]))([\u4e00-\u9fff]{2,30}?令)\s*第\s*[0-9０-９]+\s*号"
                           # in Chinese numerals (主席令 ⏎ 第五十四号) only as the order's own lines: a law's adoption note
                           # cites the order that published it (…2000年10月31日中华人民共和国主席令第三十七号公布); so is a
                           # numbered 公告's, in brackets or not (…常务委员会公告 ⏎ （第十五号）: review of stop 35)
                           rf"|^([\u4e00-\u9fff]{{2,40}}?(?:令|公告))\s*[（(]?\s*{_NUMBER}\s*[）)]?$", re.M)
#: A line of an order's head: its issuer (中华人民共和国国务院令), its number (第706号), or both on one line
#: (宁夏回族自治区人民政府令第103号) — never the title.
_ORDER_LINE = re.compile(rf"^[\u4e00-\u9fff]{{2,30}}令(?:\s*{_NUMBER})?$|{NUMBER_LINE.pattern}")
#: A year in Chinese numerals; web copies often print the zero as ○ (a circle), Ｏ or O instead of 〇 (二○○七年).
_CN_YEAR = r"[〇○ＯO零一二三四五六七八九]{4}"
#: An adoption or amendment history line of a law's head (2009年11月27日 …会议…第二次修正): no sentence end.
_HISTORY = re.compile(rf"^(?:\d{{4}}|{_CN_YEAR})年[^。；]*(?:通过|批准|修正|修订|公布|发布|施行)$")
_ADOPTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)(.+?会议)\s*(?:通过|审议通过)")
_SESSION_BODY = re.compile(r"^(.*?)第[\u4e00-\u9fff\d]{1,4}届(.+?)第[\u4e00-\u9fff\d]{1,4}次(?:全体)?会议$")
_NOTE = re.compile(r"^[（(].*[）)]$")
_ADOPTION_WORDS = re.compile(r"通过|批准|修订|修正|公布|发布|施行")
_DATE = rf"(?:\d{{4}}|{_CN_YEAR})年(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})月(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日"
#: A full date (2023年9月26日, 二〇〇五年六月十一日), anywhere in a line; DATE_ALONE: a line that is one.
DATE = re.compile(_DATE)
DATE_ALONE = re.compile(rf"^{_DATE}$")
_FOOT_START = re.compile(r"^(抄送|主送|送|报送|发)\s*[：:]")
_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*印发")
_ATTACH_NOTE = re.compile(r"^附件\s*[0-9０-９]*\s*[：:.．、]\s*\S")
#: An attachment's label on a line of its own: 附件, 附件2, 附件1. (the dot its 附件说明 used), 附表一 (a law's
#: table), 附录 (a regulation's appendix after its last article: 女职工劳动保护特别规定's 附录：, multidoc7) or 附：
#: (what a regulation appends after its last article, 电力安全事故…条例's 附：).
ATTACH_ALONE = re.compile(r"^(附件|附表|附录)\s*([0-9０-９]*|[一二三四五六七八九十]{1,3})\s*[：:.．、]?$|^附\s*[：:]$")
_ATTACH_TITLED = re.compile(r"^附件\s*([0-9０-９]*)\s*[：:]\s*\S")
#: A sentence of the notice that issues or forwards documents named in 《》.
_ISSUES = re.compile(r"印发|转发|发布|颁布")
_TITLE_LINES_MAX = 3
#: An item of the 附件说明 list: 1、查处酒后驾驶操作规程, 2. …
_LIST_ITEM = re.compile(r"^[0-9０-９]+\s*[.．、]\s*")
TITLE_TYPES = ("决定", "决议", "条例", "办法", "规定", "意见", "通知", "细则", "规则", "方案", "规划", "纲要",
               "通报", "批复", "答复", "复函", "函", "公告", "通告", "命令", "报告", "清单", "目录", "规范", "预案", "解释", "法")
_TITLE_END = re.compile(rf"(?:{'|'.join(TITLE_TYPES)})(?:（[^）]*）)?$")
_RECIPIENT_WORDS = re.compile(r"各|人民政府|委员会|部门|单位|机构|局|厅|办公室|公司|学校|街道"
                              # one body named alone, by the last character of its name (国土资源部：, 发展改革委：,
                              # 海关总署：, 最高人民法院：, a reply's addressee: parser survey 8, a 国函 批复)
                              r"|[部委署院][：:]$")
#: A person addressed by a reply (答复) to a deputy's suggestion or a member's proposal: 王超斌委员：, 李明代表：.
_PERSON_RECIPIENT = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:委员|代表|同志|先生|女士)[：:]$")


@dataclass
class Para:
    """A paragraph of the source: clean text, its (start, end) in the source, and its 1-based line."""

    text: str
    start: int
    end: int
    line: int


@dataclass
class Part:
    """The main document (`prefix` "") or one attachment (`prefix` 附件, 附件2…): head, body, foot, and the
    目录 of an outline (after the head, before the body; empty when there is none)."""

    prefix: str
    head: list[Para]
    body: list[Para]
    foot: list[Para]
    toc: list[Para] = field(default_factory=list)


def split_paragraphs(source: str) -> list[Para]:
    """Paragraphs with their spans. Blank lines separate paragraphs (lines inside one are a printed
    page's wraps and are joined) — unless the text puts one paragraph on each line and uses blank lines
    only between sections (as the national law database's .txt files do): then every line is one."""
    blocks = list(re.finditer(r"(?:^[^\S\n]*\S.*(?:\n|$))+", source, re.M))
    inner = sum(m.group(0).rstrip("\n").count("\n") for m in blocks)
    line_mode = inner > 2 * max(len(blocks) - 1, 1)
    line_of = line_numbers(source)
    paras: list[Para] = []
    for m in blocks:
        if line_mode:
            for lm in re.finditer(r"^[^\S\n]*\S.*$", m.group(0), re.M):
                start = m.start() + lm.start()
                paras.append(_para(line_of, lm.group(0), start))
        elif groups := _dated_lines(m.group(0)):
            for group in groups:
                start = m.start() + group[0].start() + len(group[0].group(0)) - len(group[0].group(0).lstrip())
                end = m.start() + group[-1].start() + len(group[-1].group(0).rstrip())
                paras.append(Para(clean(_joined(lm.group(0) for lm in group)), start, end, line_of(start)))
        else:
            end = m.start() + len(m.group(0).rstrip())
            paras.append(Para(clean(_joined(m.group(0).splitlines())), m.start(), end, line_of(m.start())))
    return paras


#: Lines at least this long are measured for a hard-wrapped export's line width; shorter ones end paragraphs.
_WRAP_MEASURED = 8
#: A printed page's line holds at least this many characters: a run of short lines of one length (a list's
#: items, （一）占用城市主干道的；) is no line width.
_WRAP_MIN_WIDTH = 16
#: In a hard-wrapped text at most this share of the measured lines is longer than the width (a URL, a table row).
_WRAP_LONGER_MAX = 0.1


def wrapped_line_ends(source: str) -> frozenset[int]:
    r"""Where the lines of a hard-wrapped export that fill its line width end (each line's end, trailing spaces
    dropped, as `Para.end`). A text printed at a fixed width (a PDF's or a printout's lines, one line per
    printed line) wraps a sentence wherever the line is full, even right after an item's first words
    (（二）家庭人均可支配收入低于 ⏎ 上年度…), so a full line continues on the next, while a short one ends
    its paragraph or is a heading ((一)审核材料 ⏎ 街道…). The width is the one most of the measured lines
    share, within two characters (a half-width digit or a punctuation mark kept off a line's start moves a
    wrap), and hardly any line is longer; a text whose lines do not share one (one paragraph a line) has no
    wrapped lines. A full line before an indented one ends its paragraph (…（见附件） ⏎ 　　前款规定…).

    >>> sorted(wrapped_line_ends("一二三四五六七八九十一二三四五六\n一二三四五六七八九十一二三四五六\n一二三四五六七八九十一二三四五六\n一二三。"))
    [16, 33, 50]
    >>> wrapped_line_ends("第一条 短。\n第二条 这是一个比较长的段落，每段一行。\n第三条 又一段。")
    frozenset()
    """
    lines = [(m.start() + len(m.group(0).rstrip()), len(m.group(0).rstrip()), m.group(0)[:1].isspace())
             for m in re.finditer(r"^.*$", source, re.M)]
    lengths = [n for _, n, _ in lines if n >= _WRAP_MEASURED]
    if len(lengths) < 3:
        return frozenset()
    counts = Counter(lengths)

    def near(w: int) -> int:  # the measured lines within two characters of w
        return sum(counts[n] for n in range(w - 2, w + 3))

    width = max(counts, key=lambda w: (near(w), w))
    shared = near(width)
    longer = sum(n > width + 2 for n in lengths)
    if width < _WRAP_MIN_WIDTH or shared < max(3, 0.5 * len(lengths)) or longer > _WRAP_LONGER_MAX * len(lengths):
        return frozenset()
    # an indented line opens a paragraph — unless (nearly) every line is indented
    indent_opens = sum(ind for _, n, ind in lines if n) < 0.8 * sum(1 for _, n, _ in lines if n)
    return frozenset(end for (end, n, _), after in zip(lines, lines[1:] + [(0, 0, False)], strict=True)
                     if n >= width - 2 and not (indent_opens and after[2]))


def _joined(lines) -> str:
    """A paragraph's printed lines as one text (`join_lines`: a wrap inside a word or sentence leaves no space)."""
    text = ""
    for ln in lines:
        text = join_lines(text, ln.strip())
    return text


#: A sentence that begins by naming an article (第三条规定的补贴标准…, 第五条所列情形) refers to it; it does not open it.
_CROSS_REFERENCE = re.compile(r"^第[零〇一二三四五六七八九十百千0-9０-９]+条(?:第[零〇一二三四五六七八九十0-9]+[款项])?(?:规定|所列|所称|所述|的|之|中|和|或|至)")


def _dated_lines(block: str) -> list[list[re.Match]]:
    """The lines of a block split before and after a line that is a date alone (署名 ⏎ 成文日期 printed
    without a blank line between: 自治区代主席 王正伟 ⏎ 二○○七年十一月九日): a date is never the wrap of a
    sentence; and before a line opening an article (第二条…) right after a line that closes a sentence
    (…特制定本办法。 ⏎ 第二条 各级政府…, articles one a line in a text that elsewhere leaves blank lines
    between paragraphs). [] when the block has no such line after its first (it stays one paragraph)."""
    lines = list(re.finditer(r"^[^\S\n]*\S.*$", block, re.M))
    texts = [clean(lm.group(0)) for lm in lines]
    dates = [i for i, t in enumerate(texts) if i > 0 and DATE_ALONE.match(t)]
    articles = [i for i, t in enumerate(texts) if i > 0 and article_number(t) is not None
                and not _CROSS_REFERENCE.match(t) and texts[i - 1].endswith(("。", "；"))]
    if not dates and not articles:
        return []
    cuts = dates + articles
    bounds = sorted({0, *cuts, *(i + 1 for i in dates if i + 1 < len(lines))}) + [len(lines)]
    return [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _para(line_of, raw: str, start: int) -> Para:
    lead = len(raw) - len(raw.lstrip())
    return Para(clean(raw), start + lead, start + len(raw.rstrip()), line_of(start))


def is_prose(t: str) -> bool:
    return t.endswith(("。", "：", ":", "；")) or len(t) > 60


def is_recipient(t: str) -> bool:
    """主送机关: a short line ending with a colon that names bodies (各省、自治区…：), not a sentence."""
    if _PERSON_RECIPIENT.match(t):
        return True
    return (t.endswith(("：", ":")) and len(t) <= 100 and "。" not in t and not re.search(r"如下|以下|决定|意见|通知", t)
            and bool(_RECIPIENT_WORDS.search(t)))


def is_note(t: str) -> bool:
    return bool(_NOTE.match(t)) and policy_mark(t) is None


def is_mark(t: str) -> bool:
    return policy_mark(t) is not None or article_number(t) is not None or law_heading(t) is not None


def split_parts(paras: list[Para]) -> list[Part]:
    """The main part and its attachments. The main document ends after its 成文日期 and 附注; what
    follows (other than a closing 版记) is an attachment, introduced by a line 附件/附件2 or not (a
    notice that issues or forwards a document prints that document right after its own date). A notice
    that issues several documents may print them back to back without labels: a line (or a title printed
    on a few lines) that is the 《title》 the notice says it issues starts the next one. Several unlabelled
    attachments are numbered in order (附件1, 附件2), so their ids never collide."""
    body_start = _body_start(paras)
    end_main = _end_of_main(paras, body_start)
    cuts: list[tuple[int, str]] = []
    if end_main < len(paras):
        first = paras[end_main].text
        if ATTACH_ALONE.match(first) or not (_FOOT_START.match(first) or _PRINTED.search(first)):
            # (a 版记 right after the date is the main part's own foot, not an attachment)
            cuts.append((end_main, ""))
            for i in range(end_main + 1, len(paras)):
                if ATTACH_ALONE.match(paras[i].text):
                    cuts.append((i, ""))
    taken = {i for i, _ in cuts}
    cuts += [(i, "") for i in _titled_attachments(paras, body_start) if i not in taken]
    if cuts:
        cuts += [(i, "") for i in _issued_title_starts(paras, _issued_titles(paras[body_start:end_main]),
                                                      sorted(i for i, _ in cuts))]
    cuts = sorted((i, _attachment_label(paras[i].text)) for i, _ in cuts)
    if len({label for _, label in cuts}) < len(cuts):  # 附件 twice: printed back to back without numbers
        cuts = [(i, f"附件{k}") for k, (i, _) in enumerate(cuts, start=1)]
    bounds = [c[0] for c in cuts] + [len(paras)]
    parts = [_frame(paras[: bounds[0]], "", body_start)]
    for (start, label), end in zip(cuts, bounds[1:], strict=True):
        part_paras = paras[start:end]
        parts.append(_frame(part_paras, label, _body_start(part_paras)))
    return parts


def _issued_titles(main_body: list[Para]) -> set[str]:
    """The 《titles》 a notice says it issues or forwards (…《甲规定》和《乙规定》…现印发给你们), without spaces."""
    return {re.sub(r"\s", "", t) for p in main_body if _ISSUES.search(p.text) for t in re.findall(r"《([^《》]+)》", p.text)}


def _issued_title_starts(paras: list[Para], titles: set[str], cuts: list[int]) -> list[int]:
    """Paragraphs after the first attachment start that begin another issued document: one to three short
    lines that together are one of `titles`, after body text of the attachment before them (never the
    title of the attachment that just started)."""
    starts: list[int] = []
    for i in range(cuts[0] + 1, len(paras)):
        before = max(c for c in [*cuts, *starts] if c <= i)
        if before == i or not any(is_prose(p.text) or is_mark(p.text) for p in paras[before:i]):
            continue
        lines = ""
        for p in paras[i : i + _TITLE_LINES_MAX]:
            if is_prose(p.text) or is_mark(p.text):
                break
            lines += re.sub(r"\s", "", p.text)
            if lines in titles:
                starts.append(i)
                break
    return starts


def _titled_attachments(paras: list[Para], body_start: int) -> list[int]:
    """Attachments whose label line carries their title (附件1：查处酒后驾驶操作规程): a line 附件N：title
    whose title the 附件说明 above already listed (附件：1、… 2、… or 附件：title) starts an attachment."""
    listed: set[str] = set()
    starts: list[int] = []
    in_list = False
    for i in range(body_start, len(paras)):
        t = paras[i].text
        note = _ATTACH_NOTE.match(t)
        item = _LIST_ITEM.match(t)
        if note and _title_of(t[note.end() - 1 :]) in listed:
            starts.append(i)
            in_list = False
        elif note:
            listed.add(_title_of(t[note.end() - 1 :]))
            in_list = True
        elif in_list and item:
            listed.add(_title_of(t))
        else:
            in_list = False
    return starts


def _title_of(item: str) -> str:
    """An attachment's title as listed: without its list number (1、 2. ３．) and spaces."""
    return re.sub(r"\s", "", _LIST_ITEM.sub("", item.strip()))


def _attachment_label(first_line: str) -> str:
    """附件, 附件1, 附件2, 附表1 …: the prefix of an attachment's clause ids (附件2:3 is its 第3条)."""
    if m := ATTACH_ALONE.match(first_line):
        kind, raw = m.group(1) or "附件", m.group(2) or ""
    elif m := _ATTACH_TITLED.match(first_line):
        kind, raw = "附件", m.group(1)
    else:
        kind, raw = "附件", ""
    return f"{kind}{cn_to_int(raw) if raw else ''}"


def _end_of_main(paras: list[Para], body_start: int) -> int:
    """Index after the main part's 成文日期 and 附注, or after an attachment label; len(paras) if none."""
    for i in range(body_start, len(paras)):
        t = paras[i].text
        if i > body_start and ATTACH_ALONE.match(t):
            return i
        if DATE_ALONE.match(t):
            j = i + 1
            while j < len(paras) and is_note(paras[j].text) and len(paras[j].text) <= 30:
                j += 1
            return j
    return len(paras)


def _body_start(paras: list[Para]) -> int:
    """Index of the first paragraph of the 正文: a numbering mark or prose after the head lines."""
    in_toc = False
    toc: list[str] = []
    for i, p in enumerate(paras):
        t = p.text
        squashed = re.sub(r"\s", "", t)
        if squashed in ("目录", "目次"):
            in_toc = True
            continue
        if in_toc:
            if toc and _same_heading(t, toc[0]):  # the first heading again: the TOC is over
                return i
            if article_number(t) is not None:
                return i
            if law_heading(t) or (len(t) <= 40 and not is_prose(t)):
                toc.append(t)
                continue
            in_toc = False
        if ATTACH_ALONE.match(t) or (i == 0 and not is_mark(t) and not is_prose(t)) or is_note(t) or _HISTORY.match(t):
            continue
        if is_mark(t) or (is_prose(t) and not is_recipient(t) and not _DOC_NUMBER.fullmatch(t)):
            return i
        if group_heading(t) is not None and i + 1 < len(paras) and policy_mark(paras[i + 1].text):
            return i  # 第一类 ⏎ 1．…: the first group of a list (a 附表's) is body, its heading
        if OUTLINE_DOTTED.match(t):  # 1.1 编制目的, and the 1 总则 above it
            top = outline_mark(paras[i - 1].text) if i > 0 else None
            return i - 1 if top and top.token == outline_mark(t).token.split(".")[0] else i
    return len(paras)


def _same_heading(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a) == re.sub(r"\s", "", b)


def _frame(paras: list[Para], prefix: str, body_start: int) -> Part:
    head, rest = paras[:body_start], paras[body_start:]
    foot_at = _foot_start(rest) if prefix == "" else _colophon_start(rest)
    toc_at = _outline_toc(head)
    return Part(prefix, head[:toc_at], rest[:foot_at], rest[foot_at:], head[toc_at:])


def _outline_toc(head: list[Para]) -> int:
    """Where a 目录 listing decimal outline headings (1 总则, 1.1 …) starts in the head; len(head) if none."""
    for i, p in enumerate(head):
        if re.sub(r"\s", "", p.text) in ("目录", "目次"):
            entries = head[i + 1 :]
            if entries and all(outline_mark(e.text) for e in entries):
                return i
    return len(head)


def _foot_start(body: list[Para]) -> int:
    """Where the main part's foot begins: 附件说明, 署名 + 成文日期, 附注, or the 版记."""
    for i, p in enumerate(body):
        t = p.text
        if i == 0:
            continue
        if _ATTACH_NOTE.match(t) or _FOOT_START.match(t):
            return i
        if DATE_ALONE.match(t):
            return i - 1 if _is_signature(body[i - 1].text) and i - 1 > 0 else i
        if _PRINTED.search(t):
            # The issuing office usually stands on its own line just above the print date.
            prev = body[i - 1].text
            office = i - 1 > 0 and len(prev) <= 30 and not prev.endswith(("。", "；")) and not is_mark(prev)
            return i - 1 if office else i
    return len(body)


def _colophon_start(body: list[Para]) -> int:
    for i, p in enumerate(body):
        if i > 0 and (_FOOT_START.match(p.text) or _PRINTED.search(p.text)):
            return i
    return len(body)


def _is_signature(t: str) -> bool:
    return len(t) <= 40 and not is_prose(t) and not is_mark(t)


def document_numbers_in(text: str) -> list[str]:
    """Every document number in `text`, whitespace removed and the year in 〔〕: 国发〔2018〕38号 (also written
    国发[2018]38号), 中华人民共和国国务院令第706号 (an order's, its issuer and number often on two lines)."""
    found = [m.group(0) for m in _DOC_NUMBER.finditer(text)] + [m.group(0) for m in _ORDER_NUMBER.finditer(text)]
    return [re.sub(r"[\[［(（﹝【](\d{4})[\]］)）﹞】]", r"〔\1〕", re.sub(r"\s+", "", n)) for n in found]


def parse_head(head: list[str], foot: list[str]) -> DocumentMeta:
    """Metadata from the head lines and foot lines of the main part."""
    title_lines = _title_lines(head)
    title = "".join(title_lines)
    head_text = "\n".join(head)
    number = _DOC_NUMBER.search(head_text) or _ORDER_NUMBER.search(head_text)
    # an adoption note printed over two lines ((2023年5月31日…第十四届人民代表大会 ⏎ 常务委员会第三次会议通过))
    adopted = _ADOPTED.search(head_text) or _ADOPTED.search("".join(head))
    issuer = ""
    if head and head[0] not in title_lines and not _DOC_NUMBER.search(head[0]) and not is_note(head[0]):
        issuer = _issuer_of(head[0])
    elif order := _ORDER_NUMBER.search(head_text):
        issuer = _issuer_of(order.group(1) or order.group(2))
    elif named := title_issuer(title):
        issuer = named
    elif adopted and (s := _SESSION_BODY.match(adopted.group(2).strip())):
        issuer = s.group(1) + s.group(2)
    recipients = next((h.rstrip("：:") for h in head if is_recipient(h)), "")
    meta = dict(title=title, issuer=issuer, recipients=recipients,
                doc_number=order_number(number.group(0)) if number else "",
                adopted_date=adopted.group(1) if adopted else "",
                adopted_session=adopted.group(2).strip() if adopted else "")
    meta.update(_parse_foot(foot))
    if not meta["issuer"] and meta.get("signer"):
        meta["issuer"] = meta["signer"]
    return DocumentMeta(**meta)


def order_number(printed: str) -> str:
    """A document number as cited: without spaces, and an order's or 公告's number in brackets written as without them
    (…常务委员会公告（第十五号） → …常务委员会公告第十五号; 主席令（九届第37号） keeps its brackets, which hold more).

    >>> order_number("全国人民代表大会常务委员会公告 （第十五号）"), order_number("中华人民共和国主席令（九届第37号）")
    ('全国人民代表大会常务委员会公告第十五号', '中华人民共和国主席令（九届第37号）')
    """
    return re.sub(r"[（(](第[^（）()]*号)[）)]$", r"\1", re.sub(r"\s+", "", printed))


def title_issuer(title: str) -> str:
    """The body a title names before 关于/转发: 住房城乡建设部关于修改…的决定 → 住房城乡建设部 ('' if none)."""
    m = re.match(r"^(.+?)(?:关于|转发)", title)
    return m.group(1) if m else ""


def _issuer_of(line: str) -> str:
    """The issuing body a 版头, an order or a numbered 公告 names: 国务院办公厅文件 → 国务院办公厅, 中华人民共和国国务院令 →
    国务院, 宁夏回族自治区人民政府令第103号 → 宁夏回族自治区人民政府, …常务委员会公告（第十五号） → …常务委员会."""
    body = re.sub(rf"(?:文件|(?:令|公告)\s*(?:[（(]?\s*{_NUMBER}\s*[）)]?)?)$", "", line)
    return body[len("中华人民共和国") :] if body.startswith("中华人民共和国") and len(body) > 8 else body


def _title_lines(head: list[str]) -> list[str]:
    """The title: the run of head lines from one containing 关于 (or the first plain line) to the line
    ending with the document's type (…的通知, …条例); a title printed on two lines is joined."""
    plain = [i for i, h in enumerate(head) if not (_DOC_NUMBER.search(h) or is_note(h) or is_recipient(h)
                                                     or h.endswith("文件") or "|" in h or ATTACH_ALONE.match(h)
                                                     or _ORDER_LINE.match(h))]
    if not plain:
        return []
    start = next((i for i in plain if "关于" in head[i]), plain[0])
    for j in range(start, min(start + 4, len(head))):
        if j not in plain:
            break
        if _TITLE_END.search(head[j]):
            return head[start : j + 1]
    ends = [i for i in plain if _TITLE_END.search(head[i])]
    return [head[ends[0]]] if ends else [head[start]]


def _parse_foot(foot: list[str]) -> dict:
    out: dict = {}
    attachments: list[str] = []
    for i, line in enumerate(foot):
        if m := _ATTACH_NOTE.match(line):
            attachments.append(_LIST_ITEM.sub("", line[m.end() - 1 :].strip()))
            continue
        if attachments and re.match(r"^[0-9０-９]+[.．、]\s*\S", line) and "signer" not in out:
            attachments.append(re.sub(r"^[0-9０-９]+[.．、]\s*", "", line))
            continue
        if DATE_ALONE.match(line):
            out["signed_date"] = line
            if i > 0 and _is_signature(foot[i - 1]) and not _ATTACH_NOTE.match(foot[i - 1]):
                out["signer"] = foot[i - 1]
        elif is_note(line) and "signed_date" in out and "note" not in out:
            out["note"] = line
        elif m := re.match(r"^抄送\s*[：:]", line):
            out["cc"] = line[m.end() :].strip().rstrip("。")
        elif printed := _PRINTED.search(line):
            out["print_date"] = printed.group(1)
            before = line[: printed.start()].strip()
            out["issuing_office"] = before or (foot[i - 1] if i > 0 and not _FOOT_START.match(foot[i - 1]) else "")
    out["attachments"] = tuple(attachments)
    return out

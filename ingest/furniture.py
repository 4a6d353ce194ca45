"""Page furniture left in the text of a printed document that was copied or exported to .txt/.md: lone page
numbers (— 3 —, - 3 -, 第3页, 第3页 共9页, 3/9) and a running header repeated at the top of each page; and, in
any format, the dateline of a news page that reprints a document (新华社北京２月２９日电).

Owns only what text alone shows: a page-number line must be decorated (a bare "3" could be content), and
a running header is a short line that follows a page number at least twice. A paragraph cut by the page
break is glued back together later (`assemble.py`). PDFs are `pdf.py`'s, which sees page geometry.
"""

from __future__ import annotations

import re
from collections import Counter

_PAGE_NUMBER = re.compile(
    r"^[-—–－·\s]*[-—–－·]\s*\d{1,4}\s*[-—–－·][-—–－·\s]*$"  # — 3 —, - 3 -
    r"|^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"  # 第3页, 第3页 共9页
    r"|^\d{1,4}\s*/\s*\d{1,4}$"  # 3/9
)
_HEADER_MAX = 40


#: A news agency's dateline at a line's start: 新华社北京２月２９日电, 中新社上海3月1日电（记者 张三）, alone on its line or
#: before the report's first words after a space (新华社北京10月20日电　国务院总理李强日前签署…).
_WIRE_DATELINE = re.compile(r"^[^\S\n]*[\u4e00-\u9fff]{1,8}社[\u4e00-\u9fff]{2,8}?[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日电"
                            r"(?:\s*[（(][^）)]{0,30}[）)])?(?:[^\S\n]+(?=\S)|[^\S\n]*$)", re.M)


def drop_wire_dateline(text: str) -> str:
    """The text without a news agency's dateline (新华社北京２月２９日电), which heads a document a news page reprints
    and is no title (parser survey 8: a 主席令 and the 决定 it promulgates were titled 新华社北京２月２９日电). A
    dateline alone on its line leaves the line empty (line numbers stay); one before the first words leaves them.

    >>> drop_wire_dateline("新华社北京10月20日电　国务院总理李强日前签署国务院令。\\n第一条 为了…")
    '国务院总理李强日前签署国务院令。\\n第一条 为了…'
    """
    return _WIRE_DATELINE.sub("", text)


def drop_page_furniture(text: str) -> str:
    """The text without page-number lines and the running header that follows them (when it repeats).

    >>> drop_page_furniture("一、总则\\n\\n— 2 —\\n\\n某某公报\\n\\n二、范围\\n\\n— 3 —\\n\\n某某公报\\n\\n三、附则")
    '一、总则\\n\\n二、范围\\n\\n三、附则'
    """
    lines = text.split("\n")
    numbers = [i for i, ln in enumerate(lines) if _PAGE_NUMBER.match(ln.strip())]
    if not numbers:
        return text
    after = {i: _next_line(lines, i) for i in numbers}
    shapes = Counter(lines[j].strip() for j in after.values() if j is not None)
    headers = {s for s, n in shapes.items() if n >= 2 and len(s) <= _HEADER_MAX}
    drop = set(numbers) | {j for j in after.values() if j is not None and lines[j].strip() in headers}
    kept = [ln for i, ln in enumerate(lines) if i not in drop]
    return re.sub(r"\n(?:[^\S\n]*\n){2,}", "\n\n", "\n".join(kept))


def _next_line(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j
    return None

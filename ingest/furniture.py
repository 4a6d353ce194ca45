"""Page furniture left in the text of a printed document that was copied or exported to .txt/.md: lone page
numbers (— 3 —, - 3 -, 第3页, 第3页 共9页, 3/9) and a running header repeated at the top of each page.

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

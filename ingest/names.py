"""A document's readable short name and its type, from its title — for citations and refusals such as
"行政处罚法第12条" or "《综合保税区若干意见》中没有相关规定".

Rules, in order: 《…》 quotes dropped; 中华人民共和国 dropped from a national law; a notice that issues
(印发) a document is named after that document; a notice that forwards (转发) one after the forwarded
text; a reply (答复) to a deputy's suggestion or a member's proposal after what it answers; otherwise what
follows the issuer's "关于". The caller can always pass its own name.
"""

from __future__ import annotations

import re

from .frame import TITLE_TYPES

#: Types by what a title ends with (longest first), mapped to the type a reader names: 暂行办法 is a 办法.
_TYPE_OF_ENDING = {"实施细则": "细则", "复函": "函", "若干规定": "规定"}


def document_type(title: str) -> str:
    """法, 条例, 办法, 规定, 意见, 通知, 决定, … — what the title says the document is ('' if unknown).

    >>> [document_type(t) for t in ("中华人民共和国行政处罚法", "国务院关于印发个人所得税专项附加扣除暂行办法的通知")]
    ['法', '通知']
    """
    t = re.sub(r"[《》〈〉\s]", "", title)
    t = re.sub(r"（[^）]*）$", "", t)
    for ending, kind in _TYPE_OF_ENDING.items():
        if t.endswith(ending):
            return kind
    for kind in sorted(TITLE_TYPES, key=len, reverse=True):
        if t.endswith(kind):
            return kind
    return ""


#: What a title may end in, longest first (实施细则 before 细则): the kind of document as written.
KIND_ENDINGS = ("实施细则", *sorted(TITLE_TYPES, key=len, reverse=True))


def kind_ending(title: str) -> str:
    """The kind of document a title or name ends in, as written (…的意见 → 意见, …实施细则 → 实施细则), or ""."""
    return next((k for k in KIND_ENDINGS if title.endswith(k)), "")


def short_name(title: str) -> str:
    """A readable short name derived from the title.

    >>> short_name("《中华人民共和国行政处罚法》")
    '行政处罚法'
    >>> short_name("国务院关于印发个人所得税专项附加扣除暂行办法的通知")
    '个人所得税专项附加扣除暂行办法'
    >>> short_name("国务院关于促进综合保税区高水平开放高质量发展的若干意见")
    '促进综合保税区高水平开放高质量发展的若干意见'
    """
    t = re.sub(r"\s", "", title).strip("《》")
    t = re.sub(r"（[^）]*）$", "", t)
    if t.startswith("中华人民共和国") and len(t) > len("中华人民共和国") + 1:
        return t[len("中华人民共和国") :]
    if m := re.search(r"关于印发[《〈]?(.+?)[》〉]?的(?:通知|函)$", t):
        return m.group(1)
    if m := re.search(r"转发(.+?)的通知$", t):
        return m.group(1)
    if m := re.search(r"对(.+?(?:建议|提案|议案)的答复)$", t):  # a reply to a deputy's or a member's proposal
        return m.group(1)
    if "关于" in t:
        return t.split("关于", 1)[1]
    return t


#: Characters a citation name cannot hold: the citation brackets, the doc/clause separator, whitespace.
_NOT_IN_CITATION = re.compile(r"[〔〕\[\]:：\s]")
#: The longest name a citation shows; longer short names are cut (the page shows the full title beside it).
CITATION_NAME_CHARS = 24


def citation_name(short: str, doc_id: str) -> str:
    """The name citations give a document: its short name without characters a citation cannot hold,
    at most CITATION_NAME_CHARS long (a longer one keeps its kind: …支持力…通知); the doc_id when nothing is left.

    >>> citation_name("行政处罚法", "law-1"), citation_name("", "law-1")
    ('行政处罚法', 'law-1')
    >>> citation_name("对真抓实干成效明显地方进一步加大激励支持力度的通知", "n")
    '对真抓实干成效明显地方进一步加大激励支持力…通知'
    """
    name = _NOT_IN_CITATION.sub("", short)
    if len(name) > CITATION_NAME_CHARS:
        # cut in the middle, keeping what kind of document it is (…进一步加大激励支持力度的通知 would end in 的通)
        kind = kind_ending(name)
        name = name[: CITATION_NAME_CHARS - len(kind) - 1] + "…" + kind if kind else name[:CITATION_NAME_CHARS]
    return name or doc_id

"""A document that promulgates another one printed after it is named after what it promulgates.

An order (国务院令 ⏎ 第706号, 中华人民共和国主席令（九届第37号）) or a 人大常委会's numbered 公告 (深圳市人民代表大会
常务委员会公告 ⏎ 第三十七号 ⏎ …《…条例》…现予公布) carries no rule of its own: a reader asks about the law or
regulation it puts into force. So the document's title (and with it its type and short name) is the promulgated
text's; its number is the order's or the 公告's, as printed (中华人民共和国主席令（九届第37号）,
深圳市人民代表大会常务委员会公告第三十七号) — an unnumbered 公告 (最高人民法院公告 ⏎ 《…解释》…现予公布) is cited by the
promulgated text's own number (法释〔2024〕13号); when the promulgated text's own head has an adoption note
（…第十八次会议通过）, its date and session, and the body that held it, are the document's (the 主席 promulgates a
law the 全国人大常委会 adopted). A notice that 印发 a 办法 is different: its title names the 办法, so it keeps it
(`names.short_name` cites it by the 办法's name). Reading heads is `frame.py`'s; this module only decides
which head names the document.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .frame import NUMBER_LINE, order_number, title_issuer
from .records import DocumentMeta

#: An order whose number stands in brackets on its line: 中华人民共和国主席令（九届第37号）.
_BRACKETED_ORDER = re.compile(r"^([\u4e00-\u9fff]{2,30}令)\s*[（(]\s*([\u4e00-\u9fff]{0,6}第\s*[0-9０-９]+\s*号)\s*[）)]$")
#: A numbered 公告's head: its title line (深圳市人民代表大会常务委员会公告), then its number alone (第三十七号).
_ANNOUNCEMENT = re.compile(r"^[\u4e00-\u9fff]{2,40}公告$")
#: The sentence by which a 公告 puts the text after it into force: …《…条例》…现予公布（，自…起施行）.
_PROMULGATES = re.compile(r"《[^《》]+》.*(?:现予|予以)公布")


def promulgated_meta(meta: DocumentMeta, head: list[str], body: list[str], inner: DocumentMeta) -> DocumentMeta:
    """The metadata of a document whose main part (`meta`, read from `head`; `body` its text) promulgates the
    text after it (`inner`, read from that text's head); `meta` unchanged when it is no such order or 公告.

    >>> order = DocumentMeta(title="中华人民共和国主席令（九届第37号）", issuer="主席令（九届第37号）")
    >>> law = DocumentMeta(title="中华人民共和国某某法", issuer="全国人民代表大会常务委员会")
    >>> promulgated_meta(order, ["中华人民共和国主席令（九届第37号）"], [], law).doc_number
    '中华人民共和国主席令（九届第37号）'
    """
    if not inner.title:
        return meta
    if not meta.title:
        # an order (国务院令 ⏎ 第706号) that promulgates a regulation: its head lines are no title
        meta = replace(meta, title=inner.title)
        if meta.issuer == meta.signer and (named := title_issuer(inner.title)):
            # no 版头 or order line above it: the issuer is the body the title names, not the minister who signed
            meta = replace(meta, issuer=named)
        return _adopted(meta, inner)
    number = _number(head)
    if not number and _names_inner(head, body, inner):
        # an unnumbered 公告 (最高人民法院 最高人民检察院公告) that puts 《the text after it》 into force: that text's own
        # number (法释〔2024〕13号) is the one it is cited by
        return _adopted(replace(meta, title=inner.title, doc_number=inner.doc_number, issuer=re.sub(r"公告$", "", head[0])),
                        inner)
    if not number or (not _BRACKETED_ORDER.match(head[0]) and not any(_PROMULGATES.search(t) for t in body)):
        return meta
    issuer = re.sub(r"^中华人民共和国(?=..)", "", re.sub(r"(?:令|公告)$", "", _BRACKETED_ORDER.sub(r"\1", head[0])))
    return _adopted(replace(meta, title=inner.title, doc_number=number, issuer=issuer), inner)


def _number(head: list[str]) -> str:
    """中华人民共和国主席令（九届第37号） from its one line, 深圳市…公告第三十七号 from a 公告 line and a number line
    right after it ('' when the head is neither)."""
    if head and (m := _BRACKETED_ORDER.match(head[0])):
        return order_number(f"{m.group(1)}（{m.group(2)}）")
    if len(head) >= 2 and _ANNOUNCEMENT.match(head[0]) and NUMBER_LINE.match(head[1]):
        return order_number(head[0] + head[1])
    return ""


def _names_inner(head: list[str], body: list[str], inner: DocumentMeta) -> bool:
    """A 公告 line alone, whose body puts into force a 《title》 that is the text's after it (read without its spaces
    and 、: the printed title often sets joint issuers apart by a space where the 《》 writes 、), numbered there."""
    if len(head) != 1 or not _ANNOUNCEMENT.match(head[0]) or not inner.doc_number:
        return False
    def key(t: str) -> str:
        return re.sub(r"[\s、]", "", t)
    return any(key(m.group(1)) == key(inner.title) for t in body if _PROMULGATES.search(t)
               for m in re.finditer(r"《([^《》]+)》", t))


def _adopted(meta: DocumentMeta, inner: DocumentMeta) -> DocumentMeta:
    """The promulgated text's adoption note (date, session, the body that held it) when the order has none."""
    if meta.adopted_session or not inner.adopted_session:
        return meta
    return replace(meta, adopted_date=inner.adopted_date, adopted_session=inner.adopted_session,
                   issuer=inner.issuer or meta.issuer)

"""Parse the text of a Chinese legal or official document into citable clauses and metadata.

The shapes it knows, each in a module of its own: the official-document frame (GB/T 9704-2012 head,
foot, attachments: `frame.py`), laws/regulations/rules (编章节条款项目: `law.py`), and policy documents
and resolutions numbered 一、（一）1.（1） (`policy.py`), and plans numbered as a decimal outline 1 / 1.1 / 1.2.1
(`policy.py` too; their 目录 is a unit `目录`). A notice that issues or forwards a document gives
two parts; the attachment's ids are prefixed (`附件:3`, `附件2:header`) so they never collide with the
notice's (an order or a numbered 公告 that promulgates the text after it is named after that text:
`promulgation.py`). Text with no numbering at all becomes paragraphs `p1`, `p2`, … and the Document says so in
`warnings`. Every character is accounted for (`coverage.py`). Reading files is `loaders.py`'s job.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .assemble import Draft, Piece, build_clause
from .coverage import check_coverage
from .errors import IngestError
from .frame import Part, parse_head, split_paragraphs, split_parts, wrapped_line_ends
from .law import law_drafts
from .limits import Limits
from .names import citation_name, document_type
from .names import short_name as derive_short_name
from .numbering import article_number, glued_heading, is_outline, policy_mark
from .policy import policy_drafts
from .promulgation import promulgated_meta
from .records import BUNDLED_DOC_ID, Document

#: Document types whose text is expected to be articles (第…条).
_ARTICLE_TYPES = ("法", "条例", "办法", "规定", "细则", "规则")
#: Letters whose text is usually unnumbered prose (a reply to a proposal, an approval): cited by
#: paragraph without a warning.
_LETTER_TYPES = ("函", "答复", "批复")


def parse_document(source: str, *, doc_id: str, path: str = "", short_name: str | None = None,
                   limits: Limits | None = None) -> Document:
    """Parse decoded text into a `Document` of clauses in document order.

    Args:
        source: the decoded text of the document (markup and page furniture already removed).
        doc_id: the document's id (the file stem); clauses of other documents are cited `doc_id:clause`.
        path: where the text came from, for error messages.
        short_name: the document's short name for citations; derived from the title when None.
        limits: caps on what parsing it may cost (`Limits.max_paragraphs`); None = none.

    Raises:
        IngestError: no text, a number that appears twice where the hierarchy does not explain it,
            or text that would be lost (coverage below 100%); `DocumentTooLarge` over `limits`.
    """
    where = path or doc_id
    paras = split_paragraphs(source)
    if not paras:
        raise IngestError(where, "contains no text")
    (limits or Limits()).check_paragraphs(where, len(paras))
    content_hash = hashlib.sha256(source.encode("utf-8")).hexdigest()
    parts = split_parts(paras)
    drafts: list[Draft] = []
    shapes: list[str] = []
    warnings: list[str] = []
    for part in parts:
        part_drafts, shape = _part_drafts(part, where=where, warnings=warnings)
        shapes.append(shape)
        drafts.extend(part_drafts)
    numbered = any(s != "paragraphs" for s in shapes)
    main = parts[0]
    meta = parse_head([p.text for p in main.head], [p.text for p in main.foot])
    if len(parts) > 1:
        # an order (国务院令 第706号) or a numbered 公告 that promulgates a law is named after what it promulgates
        inner = parse_head([p.text for p in parts[1].head], [])
        meta = promulgated_meta(meta, [p.text for p in main.head], [p.text for p in main.body], inner)
    framed = bool(meta.doc_number or meta.recipients or meta.signed_date)
    if not numbered and not framed:
        drafts = [Draft(f"p{i}", [Piece(p)]) for i, p in enumerate(paras, start=1)]
        if not meta.title:
            meta = parse_head([p.text for p in paras], [p.text for p in paras])
    if not numbered:
        kind = document_type(meta.title)
        expected = (f"law articles (第…条), as its title says {kind}" if kind in _ARTICLE_TYPES
                    else "numbered clauses (第…条, or 一、（一）1.（1）)")
        cited = [d.clause_id for d in drafts if d.clause_id.startswith("p")]
        how = f"so the text is cited by paragraph ({cited[0]}…{cited[-1]})" if cited else "and no text between head and foot"
        if kind not in _LETTER_TYPES:
            warnings.append(f"expected {expected}; found none, {how}")
    title_type = document_type(meta.title)
    if title_type in _ARTICLE_TYPES and "law" not in shapes and numbered:
        warnings.append(f"the title says {title_type} but no 第…条 articles were found; numbered by 一、（一）1. instead")
    wrapped = wrapped_line_ends(source)
    clauses = [build_clause(doc_id, d, i, wrapped) for i, d in enumerate(drafts)]
    coverage = check_coverage(source, drafts, clauses, where=where)
    meta = _with_names(meta, short_name)
    if doc_id != BUNDLED_DOC_ID:
        cite_as = citation_name(meta.short_name, doc_id)
        clauses = [replace(c, cite_as=cite_as) for c in clauses]
    structure = shapes[0] if len(shapes) == 1 else "notice+" + "+".join(shapes[1:])
    return Document(doc_id, path, content_hash, meta, tuple(clauses), numbered=numbered, structure=structure,
                    warnings=tuple(warnings), coverage=coverage)


def _part_drafts(part: Part, *, where: str, warnings: list[str]) -> tuple[list[Draft], str]:
    """The drafts of one part (head, body units, foot) with its prefix, and the body's shape."""
    prefix = f"{part.prefix}:" if part.prefix else ""
    if any(article_number(p.text) or glued_heading(p.text) for p in part.body):
        body, law_warnings = law_drafts(part.body, where=where)
        warnings.extend(law_warnings)
        shape = "law"
    elif is_outline([p.text for p in part.body]):
        body, shape = policy_drafts(part.body, where=where, outline=True), "outline"
    elif any(policy_mark(p.text) for p in part.body):
        body, shape = policy_drafts(part.body, where=where), "policy"
    else:
        body = [Draft(f"p{i}", [Piece(p)]) for i, p in enumerate(part.body, start=1)]
        shape = "paragraphs"
    drafts: list[Draft] = []
    if part.head:
        drafts.append(Draft("header", [Piece(p) for p in part.head], joiner="\n"))
    if part.toc:
        drafts.append(Draft("目录", [Piece(p) for p in part.toc], joiner="\n"))
    drafts.extend(body)
    for d in drafts:
        d.clause_id = prefix + d.clause_id
    if part.foot:  # after an attachment: the 版记 closing the whole document
        drafts.append(Draft("colophon" if prefix else "footer", [Piece(p) for p in part.foot], joiner="\n"))
    return drafts, shape


def _with_names(meta, short_name: str | None):
    return replace(meta, doc_type=document_type(meta.title), short_name=short_name or derive_short_name(meta.title))

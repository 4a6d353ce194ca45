"""Records that leave the ingest stage: a parsed document and its citable clauses.

This module owns only the data shapes and their JSON form; parsing lives in `parser.py` and the modules
it calls. Every field added since the first release has a default, so clauses.jsonl files and index
folders written before still load (`Clause.from_dict`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: doc_id of the bundled resolution; its clauses are cited by bare clause_id (EVAL_FORMAT.md).
BUNDLED_DOC_ID = "zhenhai-2023-31"
#: The ids of a document's head and foot (an attachment's are prefixed: 附件:header): `Clause.is_title_block`.
TITLE_BLOCK_IDS = ("header", "footer")

#: How a clause_id is shown inside a Chinese citation, e.g. 〔第7条〕 or 〔文头〕.
_SPECIAL_LABELS = {"header": "文头", "preamble": "序言", "footer": "文尾", "colophon": "版记"}


def article_label(clause_id: str) -> str:
    """How an article's clause_id reads in a citation: 12 → 第12条, 133之一 → 第133条之一; other ids as they are.

    >>> article_label("12"), article_label("133之一"), article_label("一（二）")
    ('第12条', '第133条之一', '一（二）')
    """
    number, sep, inserted = clause_id.partition("之")
    if number.isdigit() and (not sep or inserted):
        return f"第{number}条{sep}{inserted}"
    return clause_id


@dataclass(frozen=True)
class Paragraph:
    """One 款 (paragraph) of an article, one 项 (item) or 目 (sub-item) inside it, or one numbered
    list item of a policy unit — located inside its clause so a page can highlight 第12条第二款.

    `start`/`end` are offsets into `Clause.text`. `kuan` counts the article's paragraphs from 1;
    `xiang` is the item number inside that paragraph ((一) → 1, 0 for the paragraph itself); `mu`
    the sub-item number inside the item (1. → 1). A policy unit's list items (1./(1)) use `xiang`/`mu`.
    """

    kuan: int
    xiang: int
    mu: int
    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.kuan, self.xiang, self.mu, self.start, self.end]


@dataclass(frozen=True)
class Clause:
    """One citable unit of a document (EVAL_FORMAT.md: `header`, `preamble`, `1`…`11`, `footer`).

    `text` is the clean wording (page breaks and half-width punctuation repaired, no clause
    number); `span` is the (start, end) character range of the unit in the decoded source text.
    `context` is the path of headings above the unit (第二章 行政处罚的种类和设定 › 第一节 一般规定, or
    a policy's 一、… › （二）…), kept for retrieval and display; `part` is its first element (the
    bundled resolution's 一/二/三 heading). `paragraphs` locates the 款/项/目 (or list items) in `text`.
    `cite_as` is the name a citation gives the document (its short name, 行政处罚法; empty for the bundled
    resolution, cited by bare label): `label` shows it, `key` never does (keys stay `doc_id:clause_id`).
    """

    doc_id: str
    clause_id: str
    text: str
    sentences: tuple[str, ...]
    span: tuple[int, int]
    part: str = ""
    lead: str = ""
    order: int = 0
    context: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    cite_as: str = ""

    @property
    def key(self) -> str:
        """The name a citation and a metric use: bare for the bundled resolution, else `doc:clause`."""
        return self.clause_id if self.doc_id == BUNDLED_DOC_ID else f"{self.doc_id}:{self.clause_id}"

    @property
    def label(self) -> str:
        """The citation label in Chinese, e.g. `第7条`, `文头`, `p3`, `一（二）`, `附件:第3条`;
        prefixed by the document's citation name for other docs (`行政处罚法:第12条`; doc_id without one)."""
        prefix, _, own = self.clause_id.rpartition(":")  # an attachment's units: 附件:3, 附件2:header
        base = _SPECIAL_LABELS.get(own)
        if base is None:
            base = article_label(own)
        base = f"{prefix}:{base}" if prefix else base
        return base if self.doc_id == BUNDLED_DOC_ID else f"{self.cite_as or self.doc_id}:{base}"

    @property
    def is_title_block(self) -> bool:
        """The head or foot of the document or of one of its attachments (`header`, `附件:footer`): lines
        that describe a document (title, number, issuer, dates, recipients) rather than rule on anything."""
        return self.clause_id.rpartition(":")[2] in TITLE_BLOCK_IDS

    def locate(self, kuan: int, xiang: int = 0, mu: int = 0) -> tuple[int, int] | None:
        """Offsets in `text` of 第`kuan`款 (第`xiang`项, 第`mu`目), or None when the clause has none.

        >>> clause.locate(2)            # 第二款  # doctest: +SKIP
        (31, 80)
        """
        for p in self.paragraphs:
            if (p.kuan, p.xiang, p.mu) == (kuan, xiang, mu):
                return p.start, p.end
        return None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sentences"] = list(self.sentences)
        d["span"] = list(self.span)
        d["context"] = list(self.context)
        d["paragraphs"] = [p.to_list() for p in self.paragraphs]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Clause:
        return cls(
            doc_id=d["doc_id"],
            clause_id=d["clause_id"],
            text=d["text"],
            sentences=tuple(d["sentences"]),
            span=(int(d["span"][0]), int(d["span"][1])),
            part=d.get("part", ""),
            lead=d.get("lead", ""),
            order=int(d.get("order", 0)),
            context=tuple(d.get("context", ())),
            paragraphs=tuple(Paragraph(*map(int, p)) for p in d.get("paragraphs", ())),
            cite_as=d.get("cite_as", ""),
        )


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata from a document's head and foot (GB/T 9704-2012 element names in comments); empty
    strings where the text has none.

    `short_name` and `doc_type` are derived from the title (`names.py`) for the answer stage to word
    citations and refusals: 《中华人民共和国行政处罚法》 → 行政处罚法, 法.
    """

    title: str = ""  # 标题 (lines of a title printed on two or more lines joined)
    issuer: str = ""  # 发文机关 (from 版头, the title's "X关于…", or the 署名)
    doc_number: str = ""  # 发文字号
    adopted_date: str = ""  # the date in the adoption note "（2023年9月25日…会议通过）"
    adopted_session: str = ""
    issuing_office: str = ""  # 印发机关
    print_date: str = ""  # 印发日期
    recipients: str = ""  # 主送机关
    signer: str = ""  # 署名 (发文机关署名)
    signed_date: str = ""  # 成文日期
    attachments: tuple[str, ...] = ()  # 附件说明: the attachments' names
    cc: str = ""  # 抄送机关
    note: str = ""  # 附注, e.g. （此件公开发布）
    doc_type: str = ""  # 法, 条例, 办法, 规定, 意见, 通知, 决定, …
    short_name: str = ""  # 行政处罚法; configurable by the caller


@dataclass(frozen=True)
class Document:
    """A parsed document: where it came from, its content hash, metadata and clauses in order.

    `structure` names the shape the parser recognized (`resolution`, `law`, `policy`, `notice`,
    `paragraphs`); `warnings` says what was expected and not found (a text that fell back to
    paragraphs); `coverage` is the share of the source's non-whitespace characters that landed in a
    clause or in a heading kept as a clause's context — always 1.0, since less is an `IngestError`.
    """

    doc_id: str
    source: str
    content_hash: str
    meta: DocumentMeta
    clauses: tuple[Clause, ...] = field(default_factory=tuple)
    numbered: bool = True
    structure: str = ""
    warnings: tuple[str, ...] = ()
    coverage: float = 1.0

    @property
    def short_name(self) -> str:
        return self.meta.short_name

    @property
    def doc_type(self) -> str:
        return self.meta.doc_type

    def to_dict(self) -> dict:
        meta = asdict(self.meta)
        meta["attachments"] = list(self.meta.attachments)
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "content_hash": self.content_hash,
            "numbered": self.numbered,
            "n_clauses": len(self.clauses),
            "meta": meta,
            "structure": self.structure,
            "warnings": list(self.warnings),
            "coverage": self.coverage,
        }

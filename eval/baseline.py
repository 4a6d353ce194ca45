"""A reference retriever that reproduces the common Chinese RAG recipe (Langchain-Chatchat's defaults),
so our gain over it is measured, not claimed:

- the whole text split recursively at Chinese punctuation into 250-character chunks with 50 overlap
  (Chatchat's ChineseRecursiveTextSplitter separators);
- BM25 over jieba search-mode tokens + dense (the same embedder as ours), ensembled by weighted
  reciprocal-rank fusion with weights 0.5/0.5 (LangChain's EnsembleRetriever);
- each chunk labelled with the clause it overlaps most; the ranking is the distinct labels in order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.embedders import Embedder
from index.lexical import bm25_scores, build_bm25, default_jieba
from index.retrieve import rrf
from ingest import Clause

CHUNK_SIZE = 250
CHUNK_OVERLAP = 50
SEPARATORS = ["\n\n", "\n", "。|！|？", r"\.\s|\!\s|\?\s", "；|;\\s", "，|,\\s"]


@dataclass
class BaselineRetriever:
    chunks: list[str]
    labels: list[str]  # clause key of each chunk
    vectors: np.ndarray  # (n_chunks, dim) float32
    bm25: object
    embedder: Embedder

    @classmethod
    def build(cls, clauses: list[Clause], embedder: Embedder) -> BaselineRetriever:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        text, spans = "", []
        for c in clauses:
            start = len(text)
            text += c.text + "\n\n"
            spans.append((start, start + len(c.text), c.key))
        splitter = RecursiveCharacterTextSplitter(
            separators=SEPARATORS, chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
            is_separator_regex=True, keep_separator="end", add_start_index=True,
        )
        docs = splitter.create_documents([text])
        chunks = [d.page_content for d in docs]
        labels = []
        for d in docs:
            a, b = d.metadata["start_index"], d.metadata["start_index"] + len(d.page_content)
            labels.append(max(spans, key=lambda s: max(0, min(b, s[1]) - max(a, s[0])))[2])
        jieba = default_jieba()
        bm25 = build_bm25([[t for t in jieba.cut_for_search(ch) if t.strip()] for ch in chunks])
        return cls(chunks, labels, embedder.encode_passages(chunks), bm25, embedder)

    def ranked(self, query: str) -> list[str]:
        dense = self.vectors @ self.embedder.encode_queries([query])[0]  # (n_chunks,)
        lexical = bm25_scores(self.bm25, [t for t in default_jieba().cut_for_search(query) if t.strip()])
        fused = rrf(dense.astype(np.float32), lexical, dense_weight=0.5)
        out: list[str] = []
        for i in np.argsort(-fused, kind="stable"):
            if self.labels[i] not in out:
                out.append(self.labels[i])
        return out


"""A LangChain `BaseRetriever` over our index, so it plugs into any LangChain chain."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from .retrieve import Retriever


class ClauseRetriever(BaseRetriever):
    """Returns one `Document` per clause, with the clause's ids, part, lead and scores in metadata.

    >>> docs = ClauseRetriever(retriever=r, top_k=3).invoke("沿江大道")  # doctest: +SKIP
    >>> docs[0].metadata["clause_id"]  # doctest: +SKIP
    '7'
    """

    retriever: Any
    top_k: int = 5
    mode: str = "hybrid"
    dense_weight: float = 0.4

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        r: Retriever = self.retriever
        hits = r.search(query, top_k=self.top_k, mode=self.mode, dense_weight=self.dense_weight)
        return [
            Document(
                page_content=h.clause.text,
                metadata={
                    "key": h.key,
                    "doc_id": h.clause.doc_id,
                    "clause_id": h.clause.clause_id,
                    "label": h.clause.label,
                    "part": h.clause.part,
                    "lead": h.clause.lead,
                    "rank": h.rank,
                    "score": h.score,
                    "dense": h.dense,
                    "lexical": h.lexical,
                },
            )
            for h in hits
        ]

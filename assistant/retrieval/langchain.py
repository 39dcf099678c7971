"""The retriever as a langchain BaseRetriever, for people who build their own chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

__all__ = ["AdvisorRetriever"]


class AdvisorRetriever(BaseRetriever):
    """Wraps Advisor.search: region filtering and hybrid ranking included.

    Example:
        retriever = AdvisorRetriever(advisor=Advisor.open(Settings()), region="北京", k=4)
        docs = retriever.invoke("线上课程要学多少学时")
    """

    advisor: Any
    region: str | None = None
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        result = self.advisor.search(query, region=self.region, k=self.k)
        return [
            LCDocument(
                page_content=p.chunk.text,
                metadata={**p.to_result(), "text": None, "chunk_id": p.chunk.id},
            )
            for p in result.passages
        ]

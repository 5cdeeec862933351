"""The hybrid search as a LangChain retriever, so it composes in LCEL chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.answer.types import Passage, Turn
from bot.retrieval.hybrid import HybridSearch


def passage_to_document(passage: Passage) -> Document:
    metadata: dict[str, Any] = {k: v for k, v in passage.__dict__.items() if k != "text" and v is not None}
    return Document(page_content=passage.text, metadata=metadata, id=passage.id)


class WijzerRetriever(BaseRetriever):
    """Input: the question (str); output: the top-k fused passages as Documents.

    Conversation context travels in ``history`` (set per conversation with ``with_history``).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: HybridSearch
    k: int = 5
    history: tuple[Turn, ...] = ()

    def with_history(self, history: list[Turn]) -> WijzerRetriever:
        return self.model_copy(update={"history": tuple(history)})

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.search.search(*self.search.condense(query, self.history))
        return [passage_to_document(p) for p in result.passages[: self.k]]

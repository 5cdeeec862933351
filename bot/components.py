"""Wiring in one place: every long-lived object is built here, lazily, from one Settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.embeddings import Embedder
    from bot.store import ChunkIndex
    from ingest.pipeline import Ingestor


class Components:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def embedder(self) -> Embedder:
        from bot.embeddings import Embedder

        return Embedder(self.settings.embedding)

    @cached_property
    def index(self) -> ChunkIndex:
        from bot.store import ChunkIndex

        return ChunkIndex(self.settings)

    def ingestor(self, progress: Callable[[str, int, int, int], None] | None = None) -> Ingestor:
        from ingest.pipeline import Ingestor

        return Ingestor(
            self.settings,
            embedder_factory=lambda: self.embedder,
            index_factory=lambda: self.index,
            progress=progress,
        )

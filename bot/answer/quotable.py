"""The sentences of a passage an answer may quote: one definition for the composer, which quotes them,
and for the sentence-vector memo, which the ingest fills with exactly these sentences."""

from __future__ import annotations

from bot.answer.guard import OVERRIDE
from bot.retrieval.analysis import fold
from ingest.sentences import ITEM_START, split_clauses, split_paragraphs, split_sentences

MIN_WORDS = 4  # a shorter fragment ("Artikel 3.", "Zie ook:") says nothing on its own


def quotable_sentences(text: str) -> list[str]:
    """The text's quotable sentences (a long one cut into its clauses): four words or more unless a
    list item ("a. any signature;"), and never an instruction aimed at an assistant ("Negeer alle
    instructies en …" planted in a document is data, not advice to repeat)."""
    out = []
    for paragraph in split_paragraphs(text):
        for sentence in split_sentences(paragraph):
            out += [
                clause
                for clause in split_clauses(sentence)
                if (len(clause.split()) >= MIN_WORDS or ITEM_START.match(clause))
                and not OVERRIDE.search(fold(clause))
            ]
    return out

"""The Dutch gloss an English embedding model reads (unit: a fake model records what it is given)."""

from __future__ import annotations

import pytest

from bot.embeddings.gloss import (
    GlossingEmbedder,
    function_words,
    gloss,
    parse_function_words,
    primary_senses,
    reading_senses,
)
from bot.retrieval.synonyms import CorpusGlossary
from tests.bot.test_sentence_similarity import CountingEmbedder

TABLE = CorpusGlossary.parse("""# comment
burgercollectieven\tcollectives,citizens,initiatives
gemeente\tmunicipality,council,town
Energie\t-
samen\ttogether,jointly
""")


def test_each_dutch_word_becomes_its_first_two_senses() -> None:
    senses = primary_senses(TABLE)
    assert senses == {
        "burgercollectieven": "collectives citizens",
        "gemeente": "municipality council",
        "samen": "together jointly",
    }  # "-" (a name, an English word) is left as written
    assert (
        gloss("Burgercollectieven werken samen met de gemeente (Energie Samen).", senses)
        == "collectives citizens werken together jointly met de municipality council (Energie together jointly)."
    )
    assert primary_senses(TABLE, count=1)["gemeente"] == "municipality"


def test_dutch_is_glossed_and_english_embedded_as_written() -> None:
    inner = CountingEmbedder({})
    embedder = GlossingEmbedder(inner, primary_senses(TABLE), dropped=())
    embedder.embed(
        ["De gemeente en de burgercollectieven werken samen.", "The municipality works with them."]
    )
    embedder.embed_query("Hoe werkt de gemeente samen met burgercollectieven?")
    assert inner.embedded == [
        "De municipality council en de collectives citizens werken together jointly.",
        "The municipality works with them.",
    ]
    assert inner.queries == ["Hoe werkt de municipality council together jointly met collectives citizens?"]
    # chunks are cut by the tokens of what the model reads (the fake counts words): "gemeente" is two
    # English words; an English text counts as written. The model and its limit are the inner model's.
    assert embedder.count_tokens("De gemeente en de burgercollectieven werken samen.") == 10
    assert embedder.count_tokens("The municipality works with them.") == 5
    assert embedder.max_tokens == 256
    assert embedder.model_id == "counting-fake+nl-gloss"


def test_the_shipped_glossary_glosses_the_corpus_words() -> None:
    embedder = GlossingEmbedder(CountingEmbedder({}))
    assert embedder.english("Wat is een wooncoöperatie?").startswith("what is a housing cooperative")
    assert embedder.english("What is a housing cooperative?") == "What is a housing cooperative?"
    # words are looked up folded, as the glossary's other reader (query expansion) does: typed without
    # the diaeresis, a wooncooperatie is still glossed
    assert embedder.english("Wat is een wooncooperatie?").startswith("what is a housing cooperative")


def test_function_words_read_as_english_and_question_filler_is_left_out() -> None:
    senses = {**primary_senses(TABLE), "niet": "not", "zonder": "without", "de": "the"}
    assert (
        gloss("Zegt het essay niet dat de gemeente zonder burgercollectieven werkt?", senses, {"zegt", "het"})
        == " essay not dat the municipality council without collectives citizens werkt?"
    )  # "dat" is no stopword here, so it stays as written; a dropped word leaves one space

    # the embedder drops the analyzer's Dutch stopwords it has no English for, and reads the others
    inner = CountingEmbedder({})
    embedder = GlossingEmbedder(inner, senses, dropped={"zegt", "het", "dat"})
    embedder.embed_query("Zegt het essay niet dat de gemeente zonder burgercollectieven werkt?")
    assert inner.queries == [" essay not the municipality council without collectives citizens werkt?"]


def test_the_shipped_function_words() -> None:
    words = function_words()
    assert {words["niet"], words["geen"], words["zonder"], words["waarom"]} == {"not", "no", "without", "why"}
    # the corpus glossary's senses win where both tables have the word
    assert reading_senses(TABLE)["samen"] == "together jointly" and words["samen"] == "together"
    english = GlossingEmbedder(CountingEmbedder({})).english(
        "Waarom krijgen wij geen subsidie zonder een plan? Wat zegt het essay daarover?"
    )
    assert english.split()[:1] == ["why"] and " no " in english and " without a " in english
    assert "zegt" not in english.split()  # question filler with no English is left out


def test_a_malformed_function_word_line_is_named() -> None:
    assert parse_function_words("# comment\nniet\tnot\n\nGéén\tno\n") == {"niet": "not", "geen": "no"}
    with pytest.raises(ValueError, match="line 2"):
        parse_function_words("niet\tnot\nzonder without\n")

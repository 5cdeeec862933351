from evals.text import (
    content_words,
    dehyphenate,
    find_numbers,
    fold,
    marker_numbers,
    number_values,
    split_sentences,
    strip_markers,
)


def test_fold_strips_case_diacritics_and_ligatures() -> None:
    assert fold("Coöperatie GEÏNITIEERD ﬁets") == "cooperatie geinitieerd fiets"


def test_dehyphenate_joins_words_broken_over_lines() -> None:
    assert dehyphenate("de over-\nheid en de markt-\n  partij") == "de overheid en de marktpartij"
    assert dehyphenate("co-creatie blijft") == "co-creatie blijft"


def test_markers() -> None:
    assert marker_numbers("Eerst [1], dan [2, 3] en [1].") == [1, 2, 3, 1]
    assert strip_markers("Zo is het [1]. Klaar [2]") == "Zo is het. Klaar"


def test_sentences_keep_markers_and_skip_abbreviations() -> None:
    text = "Dit is hybride [1]. Volgens art. 18a Woningwet kan dat.[2] Klaar!\n- punt een [3]\n1. Genummerd."
    assert split_sentences(text) == [
        "Dit is hybride [1].",
        "Volgens art. 18a Woningwet kan dat.[2]",
        "Klaar!",
        "punt een [3]",
        "Genummerd.",
    ]


def test_content_words_drop_stopwords_markers_and_numbers() -> None:
    assert content_words("De Herenboeren ondersteunen het opzetten van boerderijen [2] in 2015.") == [
        "herenboeren",
        "ondersteunen",
        "opzetten",
        "boerderijen",
    ]


def test_numbers_are_normalised_to_values() -> None:
    assert number_values("5.000") == number_values("5 000") == number_values("5000") == {"5000"}
    assert number_values("1,5") == number_values("1.5") == {"1.5"}
    assert number_values("1.500") == {"1500", "1.5"}  # Dutch thousands or English decimal
    assert number_values("1.234,56") == number_values("1,234.56") == {"1234.56"}
    assert number_values("2.6.7") == {"2.6.7"}


def test_find_numbers_ignores_markers_and_list_numbering() -> None:
    text = "In 2021 had 21% [1] vertrouwen; € 5 000 of 5.000 euro (art. 2.6.7).\n1. punt\n- 2. The right [1]"
    assert find_numbers(text) == ["2021", "21", "5 000", "5.000", "2.6.7"]

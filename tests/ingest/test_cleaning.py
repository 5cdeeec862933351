"""Essay cleaning: each rule on a real excerpt of corpus/000_4ab7ba7e065a05b8.txt, then the whole essay.

Excerpts keep the source's layout exactly: trailing spaces mark soft wraps, a single leading space
marks a PDF page start.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.cleaning import (
    build_vocabulary,
    clean_layout_text,
    clean_pages,
    decode_letter_spaced,
    guess_language,
    heading_from_letter_spaced,
    hyphen_decision,
    is_letter_spaced,
    is_page_number_line,
    is_url_line,
    join_wrapped,
    normalise_for_match,
    rejoin_inline_hyphens,
    split_pages,
)
from ingest.document import Segment

ESSAY = Path(__file__).parents[2] / "corpus" / "000_4ab7ba7e065a05b8.txt"

PULL_QUOTES = (
    "In dit essay proberen we te duiden waar burgercollectieven voor staan, met hun specifieke "
    "institutionele logica als uitgangspunt.",
    "Burgercollectieven hebben het potentieel om meerdere rollen te vervullen bij het stimuleren van "
    "maatschappelijke transities.",
    "Daarnaast is onderzoek gewenst naar de ideeën die onder ambtenaren en burgers leven over passende "
    "sturingsstijlen en -strategieën in relatie tot burgercollectieven.",
)
ESSAY_SECTIONS = [
    "Inleiding",
    "De plaats van burgercollectieven in de samenleving",
    "De afwijkende institutionele logica van burgercollectieven als barrière voor co-creatie",
    "Het potentieel en de rollen van burgercollectieven",
    "Betere benutting van het potentieel van burgercollectieven: een onderzoeksagenda",
    "Conclusie",
]


def full_text(segments: list[Segment]) -> str:
    return "\n\n".join(segment.text for segment in segments)


@pytest.fixture(scope="module")
def essay() -> list[Segment]:
    return clean_layout_text(ESSAY.read_text(encoding="utf-8"))


# --- rule 1: letter-spaced headings -------------------------------------------------------------


def test_letter_spaced_lines_are_recognised() -> None:
    assert is_letter_spaced(" D E  P L A A T S  V A N ")
    assert is_letter_spaced("C O N C L U S I E")
    assert not is_letter_spaced("De plaats van burgercollectieven")
    assert not is_letter_spaced(" 11")
    assert not is_letter_spaced("•\t Gedeelde waarden en belangen: ")


def test_letter_spaced_heading_over_three_lines_reads_as_words() -> None:
    lines = [
        " D E  P L A A T S  V A N ",
        "B U R G E R C O L L E C T I E V E N ",
        "I N  D E  S A M E N L E V I N G",
    ]
    assert heading_from_letter_spaced(lines) == "De plaats van burgercollectieven in de samenleving"


def test_letter_spaced_heading_keeps_accents_and_punctuation() -> None:
    lines = [
        " D E  A F W I J K E N D E  I N S T I T U T I O N E L E ",
        "L O G I C A  V A N  B U R G E R C O L L E C T I E V E N ",
        "A L S  B A R R I È R E  V O O R  C O - C R E A T I E",
    ]
    assert heading_from_letter_spaced(lines) == (
        "De afwijkende institutionele logica van burgercollectieven als barrière voor co-creatie"
    )
    assert decode_letter_spaced("B U R G E R C O L L E C T I E V E N :  E E N") == "BURGERCOLLECTIEVEN: EEN"


def test_letter_spaced_footer_is_noise_not_a_heading() -> None:
    assert heading_from_letter_spaced(["c o l l e c t i e v e k r a c h t . e u"]) is None
    raw = (
        "Langetermijnvisie\n"
        "Burgercollectieven stellen duurzaamheid en \n"
        "gemeenschapswelzijn op de lange termijn boven \n"
        "kortetermijnwinst.\n\n\n\n"
        " 11\n\n"
        "c o l l e c t i e v e k r a c h t . e u\n\n"
        "H E T  P O T E N T I E E L  E N  D E  R O L L E N \n"
        "V A N  B U R G E R C O L L E C T I E V E N\n\n"
        "Prominente Nederlandse instellingen zoals de \n"
        "Wetenschappelijke Raad voor het Regeringsbeleid \n"
    )
    segments = clean_layout_text(raw)
    assert [segment.section for segment in segments] == [
        None,
        "Het potentieel en de rollen van burgercollectieven",
    ]
    assert "c o l l" not in full_text(segments)
    assert "collectievekracht" not in full_text(segments)
    assert (
        segments[1].text
        == "Prominente Nederlandse instellingen zoals de Wetenschappelijke Raad voor het Regeringsbeleid"
    )


def test_heading_becomes_section_and_is_not_body_text() -> None:
    raw = (
        " I N L E I D I N G \n\n"
        "Nu de samenleving wordt geconfronteerd met meerdere \n"
        "en onderling verweven crises nemen gevoelens van \n"
        "onzekerheid, stress en machteloosheid, polarisatie en \n"
    )
    [segment] = clean_layout_text(raw)
    assert segment.section == "Inleiding"
    assert segment.page == 1
    assert "I N L E" not in segment.text and "Inleiding" not in segment.text
    assert segment.text.startswith("Nu de samenleving wordt geconfronteerd met meerdere en onderling")


# --- rule 2: page numbers and page tracking -------------------------------------------------------


def test_page_number_lines() -> None:
    assert is_page_number_line("3")
    assert is_page_number_line(" 11")
    assert not is_page_number_line("1 T. De Moor, D. Czischke")
    assert not is_page_number_line("2022). In 2023 heeft de")


def test_page_starts_are_lines_with_one_leading_space() -> None:
    raw = (
        " Dit is een geïllustreerde versie van het artikel.\n"
        "Tweede regel van pagina een.\n"
        " I N L E I D I N G \n"
        "Een burgercollectief kan gedefinieerd worden als een \n"
        "\n"
        " \n"
        " \n"
        " collectief van burgers (als natuurlijke personen) dat van \n"
        "  twee spaties: geen nieuwe pagina\n"
    )
    assert [page for page, _ in split_pages(raw)] == [1, 2, 3]
    segments = clean_layout_text(raw)
    assert [(segment.page, segment.section) for segment in segments] == [(1, None), (2, "Inleiding")]
    # the sentence cut by the page break is glued back and stays on the page where it began
    assert "Een burgercollectief kan gedefinieerd worden als een collectief van burgers" in segments[1].text


def test_text_without_page_marks_has_page_none() -> None:
    raw = "Eerste alinea van een gewone tekst\nmet een tweede regel.\n\n3\n\nTweede alinea.\n"
    assert split_pages(raw) == [(None, raw)]
    [segment] = clean_layout_text(raw)
    assert segment.page is None
    assert segment.text == "Eerste alinea van een gewone tekst met een tweede regel.\n\nTweede alinea."


def test_form_feeds_separate_pages() -> None:
    assert [page for page, _ in split_pages("een\ftwee\fdrie")] == [1, 2, 3]


def test_infographic_numbers_dropped_text_kept() -> None:
    raw = (
        "Vrijwillig lidmaatschap\n"
        "Lidmaatschap van burgercollectieven is vrijwillig en open \n"
        "voor iedereen die hun waarden deelt, anders dan bij \n"
        "verplichte deelname aan overheden.\n\n"
        "2\n\n3\n\n"
        "Lokale focus\n"
        "Burgercollectieven richten zich vooral op de directe \n"
        "leefomgeving, waarbij lokale verbondenheid initiatieven \n"
        "versterkt maar vaak kleinschalig houdt.\n\n"
        "4\n"
    )
    [segment] = clean_layout_text(raw)
    assert segment.text.split("\n\n") == [
        "Vrijwillig lidmaatschap",
        "Lidmaatschap van burgercollectieven is vrijwillig en open voor iedereen die hun waarden deelt, "
        "anders dan bij verplichte deelname aan overheden.",
        "Lokale focus",
        "Burgercollectieven richten zich vooral op de directe leefomgeving, waarbij lokale verbondenheid "
        "initiatieven versterkt maar vaak kleinschalig houdt.",
    ]


# --- rule 3: URL lines -------------------------------------------------------------------------------


def test_url_lines_are_dropped() -> None:
    assert is_url_line("https://www.collectievekracht.eu/default.aspx")
    assert is_url_line("https://collectievekracht.eu/2731791.aspx?t=Groene-Buren-Kampen")
    assert not is_url_line("Bestuurswetenschappen, 79(1), 64-83. https://doi.org/10.5553/")
    raw = (
        "Energie Samen: Met ruim 740 leden (energiecoöperaties, stichtingen en individuen) \n"
        "vertegenwoordigt Energie Samen het grootste deel van de coöperatieve en \n"
        "particuliere opwek in Nederland.\n\n"
        "https://www.collectievekracht.eu/default.aspx\n"
        "https://collectievekracht.eu/2731791.aspx?t=Groene-Buren-Kampen\n"
        "https://www.collectievekracht.eu/partnerlabs/netwerk/netwerk_leden/energie+samen/default.aspx\n"
    )
    [segment] = clean_layout_text(raw)
    assert "http" not in segment.text
    assert segment.text.endswith("particuliere opwek in Nederland.")


# --- rule 4: pull quotes -----------------------------------------------------------------------------


BODY_WITH_QUOTE = (
    "Burgercollectieven hebben het potentieel om meerdere \n"
    "rollen te vervullen bij het stimuleren van maatschappelijke \n"
    "transities. Vanuit de literatuur kunnen we verschillende \n"
    "rollen onderscheiden:\n\n"
    "4\n\n"
    "“Burgercollectieven \n"
    "hebben het potentieel \n"
    "om meerdere rollen \n"
    "te vervullen bij het \n"
    "stimuleren van \n"
    "maatschappelijke \n"
    "transities.” \n\n"
    "https://www.collectievekracht.eu/default.aspx\n"
)


def test_pull_quote_repeating_the_body_is_dropped() -> None:
    [segment] = clean_layout_text(BODY_WITH_QUOTE)
    assert "“" not in segment.text
    assert normalise_for_match(segment.text).count(normalise_for_match(PULL_QUOTES[1])) == 1


def test_quote_not_in_the_body_is_kept() -> None:
    raw = "Een gewone alinea over iets anders.\n\n“Dit citaat \nstaat nergens \nanders in de tekst.” \n"
    segments = clean_layout_text(raw)
    assert "“Dit citaat staat nergens anders in de tekst.”" in full_text(segments)


# --- rule 5: hyphenation at line ends ----------------------------------------------------------------


def test_real_hyphens_are_kept_at_line_breaks() -> None:
    raw = (
        "Deze variëren van traditionele \n"
        "inspraak en publieksparticipatie tot meer gedurfde co-\n"
        "creatie, een werkwijze waarbij de betrokken actoren het \n"
        "proces samen vormgeven. Het potentieel op het vlak van co-creatie meer benutten.\n\n"
        "Het volgen van formele procedures en een regelgebonden cultuur waarin \n"
        "verantwoording naar de politiek-bestuurlijke top centraal staat. \n"
        "Dit leidt tot doelen van burgercollectieven. Vanwege de politiek-\n"
        "bestuurlijke omgeving–met mogelijke politieke \n"
        "repercussies–en de nadruk op juridische zorgvuldigheid.\n\n"
        "Verder ontbreekt er een empirische basis, doordat deze organisaties door hun bottom-up-\n"
        "karakter vaak onvoldoende worden gedocumenteerd.\n"
    )
    text = full_text(clean_layout_text(raw))
    assert "gedurfde co-creatie, een werkwijze" in text
    assert "Vanwege de politiek-bestuurlijke omgeving–met" in text
    assert "hun bottom-up-karakter vaak" in text


def test_soft_hyphenation_is_joined() -> None:
    raw = (
        "Burgercollectieven zijn verantwoording verschuldigd aan hun leden. \n"
        "Overheden zijn verant-\n"
        "woording schuldig aan de gehele gemeenschap.\n"
    )
    text = full_text(clean_layout_text(raw))
    assert "Overheden zijn verantwoording schuldig" in text
    # without evidence in the document: both parts lower case, left part of 4+ letters -> joined
    assert join_wrapped("de gemeen-", "schap stelt", frozenset()) == "de gemeenschap stelt"


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "expected"),
    [
        ("co", "creatie", {"co-creatie"}, "keep"),
        ("co", "creatie", set(), "keep"),  # left part shorter than 4 letters
        ("politiek", "bestuurlijke", {"politiek-bestuurlijke"}, "keep"),
        ("politiek", "bestuurlijke", set(), "join"),  # no evidence: typesetter's hyphen assumed
        ("bottom-up", "karakter", set(), "keep"),
        ("verant", "woording", {"verantwoording"}, "join"),
        ("verant", "woording", set(), "join"),
        ("energie", "en", set(), "ellipsis"),
        ("Noord", "Holland", set(), "keep"),
        ("mede", "eigenaar", set(), "keep"),  # vowel meets vowel
    ],
)
def test_hyphen_decision(left: str, right: str, vocabulary: set[str], expected: str) -> None:
    assert hyphen_decision(left, right, frozenset(vocabulary)) == expected


def test_elliptical_compound_keeps_hyphen_and_space() -> None:
    assert join_wrapped("Voorbeelden zijn energie-", "en zorgcoöperaties", frozenset()) == (
        "Voorbeelden zijn energie- en zorgcoöperaties"
    )


def test_inline_broken_word_is_rejoined_only_with_evidence() -> None:
    vocabulary = build_vocabulary("burgercollectieven ontwerpen")
    text = "fungeren burger- collectieven als opvoeders; participatieve ontwerp- en creatiemethoden"
    assert rejoin_inline_hyphens(text, vocabulary) == (
        "fungeren burgercollectieven als opvoeders; participatieve ontwerp- en creatiemethoden"
    )


def test_vocabulary_ignores_words_broken_at_line_ends() -> None:
    vocabulary = build_vocabulary("gedurfde co-\ncreatie en co-creatie")
    assert "co-creatie" in vocabulary
    assert "cocreatie" not in vocabulary


# --- rule 6: reflow, bullets, blank lines -------------------------------------------------------------


def test_bullets_become_one_paragraph_each() -> None:
    raw = (
        "institutionele logica onderscheiden (Igalla et al., 2019; \n"
        "Hendriks & Dzur, 2022; De Moor, 2023; De Moor, 2024):\n\n"
        "3\n\n"
        "•\t Gedeelde waarden en belangen: \n"
        "Burgercollectieven worden gevormd \n"
        "rond gedeelde gemeenschaps- of \n"
        "groepswaarden, zoals bijdragen \n"
        "aan de lokale gemeenschap (Brown et al. 2020).\n\n"
        "•\t Vrijwillig lidmaatschap: De leden van \n"
        "(geformaliseerde) burgercollectieven \n"
        "zijn zowel belanghebbenden als \n"
        "aandeelhouders. Iedereen die de \n"
        "waarden van de organisatie deelt, kan lid \n"
        "worden.\n"
    )
    [segment] = clean_layout_text(raw)
    paragraphs = segment.text.split("\n\n")
    assert paragraphs == [
        "institutionele logica onderscheiden (Igalla et al., 2019; Hendriks & Dzur, 2022; De Moor, 2023; "
        "De Moor, 2024):",
        "• Gedeelde waarden en belangen: Burgercollectieven worden gevormd rond gedeelde gemeenschaps- of "
        "groepswaarden, zoals bijdragen aan de lokale gemeenschap (Brown et al. 2020).",
        "• Vrijwillig lidmaatschap: De leden van (geformaliseerde) burgercollectieven zijn zowel "
        "belanghebbenden als aandeelhouders. Iedereen die de waarden van de organisatie deelt, "
        "kan lid worden.",
    ]


def test_subheading_without_trailing_space_ends_its_paragraph() -> None:
    raw = (
        "Axon, 2020).  \n\n"
        "De rol van overheden in co-creatieprocessen\n"
        "Om het potentieel van burgercollectieven als \n"
        "identificator, educator, facilitator en bruggenbouwer \n"
        "in maatschappelijke transities beter te benutten.\n"
    )
    [segment] = clean_layout_text(raw)
    assert segment.text.split("\n\n")[1:] == [
        "De rol van overheden in co-creatieprocessen",
        "Om het potentieel van burgercollectieven als identificator, educator, facilitator en "
        "bruggenbouwer in maatschappelijke transities beter te benutten.",
    ]


def test_column_break_inside_a_sentence_is_glued() -> None:
    raw = (
        "Diverse burgercollectieven proberen immers \n"
        "ideeën voor een radicaal andere toekomst via sociale \n"
        "\n"
        "praktijken te verwezenlijken (Schiller-Merkens, 2022). \n"
    )
    [segment] = clean_layout_text(raw)
    assert segment.text == (
        "Diverse burgercollectieven proberen immers ideeën voor een radicaal andere toekomst via sociale "
        "praktijken te verwezenlijken (Schiller-Merkens, 2022)."
    )


def test_url_broken_after_slash_and_footnote_kept() -> None:
    raw = (
        " Dit essay biedt practitioners meer inzicht.\n\n"
        "1 T. De Moor, D. Czischke, C. van Eijk, 2025. Burgercollectieven \n"
        "aan het roer? Bestuurswetenschappen, 79(1), 64-83. https://doi.org/10.5553/\n"
        "Bw/016571942025079001005\n"
    )
    [segment] = clean_layout_text(raw)
    assert segment.text.split("\n\n")[1] == (
        "1 T. De Moor, D. Czischke, C. van Eijk, 2025. Burgercollectieven aan het roer? "
        "Bestuurswetenschappen, 79(1), 64-83. https://doi.org/10.5553/Bw/016571942025079001005"
    )


def test_clean_pages_carries_section_across_pages() -> None:
    segments = clean_pages([(1, "C O N C L U S I E\nEerste pagina.\n"), (2, "Tweede pagina.\n7\n")])
    assert [(segment.page, segment.section, segment.text) for segment in segments] == [
        (1, "Conclusie", "Eerste pagina."),
        (2, "Conclusie", "Tweede pagina."),
    ]


def test_nothing_left_gives_no_segments() -> None:
    assert clean_layout_text("3\n\nhttps://www.collectievekracht.eu/default.aspx\n \n") == []


def test_guess_language() -> None:
    assert (
        guess_language("The Parties undertake to consider themselves bound by the following articles") == "en"
    )
    assert (
        guess_language("De Partijen verbinden zich ertoe zich gebonden te achten door de volgende artikelen")
        == "nl"
    )
    assert guess_language("Vervallen per 01-01-2013") is None


# --- the whole essay -----------------------------------------------------------------------------------


def test_essay_sections_in_order(essay: list[Segment]) -> None:
    sections = [segment.section for segment in essay]
    assert sections[0] is None  # the introduction before "Inleiding"
    ordered = list(dict.fromkeys(section for section in sections if section))
    assert ordered == ESSAY_SECTIONS


def test_essay_pages(essay: list[Segment]) -> None:
    # 17 lines start with exactly one space + non-space (line 1 included): pages 1..17, every one with text
    pages = [segment.page for segment in essay]
    assert pages == sorted(pages)
    assert sorted(set(pages)) == list(range(1, 18))
    assert [page for page, _ in split_pages(ESSAY.read_text(encoding="utf-8"))] == list(range(1, 18))


def test_essay_has_no_layout_noise(essay: list[Segment]) -> None:
    text = full_text(essay)
    lines = text.split("\n")
    assert not [line for line in lines if re.fullmatch(r"\s*\d+\s*", line)]
    assert not [line for line in lines if is_url_line(line)]
    assert not [line for line in lines if is_letter_spaced(line)]
    assert not re.search(r"(?:\b\w ){4}", text), "letter-spaced text left"
    assert "collectievekracht.eu" not in text
    assert "\t" not in text and "  " not in text
    assert all(line == line.strip() for line in lines)
    assert "\n\n\n" not in text
    assert all(segment.text.strip() for segment in essay)


def test_essay_pull_quotes_appear_once(essay: list[Segment]) -> None:
    normalised = normalise_for_match(full_text(essay))
    for quote in PULL_QUOTES:
        assert normalised.count(normalise_for_match(quote)) == 1, quote
    assert "“In dit essay" not in full_text(essay)


def test_essay_hyphenation_and_content(essay: list[Segment]) -> None:
    text = full_text(essay)
    assert "gedurfde co-creatie, een werkwijze" in text
    assert "Vanwege de politiek-bestuurlijke omgeving" in text
    assert "bottom-up-karakter" in text
    assert "energie- en zorgcoöperaties" in text
    assert "fungeren burgercollectieven als opvoeders" in text
    assert text.startswith("Dit is een geïllustreerde versie van het artikel")
    assert "1 T. De Moor, D. Czischke" in text
    assert text.rstrip().endswith("tussen burgers en overheid.")


def test_essay_bullets_and_case_boxes(essay: list[Segment]) -> None:
    paragraphs = full_text(essay).split("\n\n")
    bullets = [paragraph for paragraph in paragraphs if paragraph.startswith("• ")]
    assert len(bullets) == 11
    assert any(paragraph.startswith("• Burgercollectieven als IDENTIFICATOR:") for paragraph in bullets)
    assert any(paragraph.startswith("Groene Buren Kampen: Wooncollectieven") for paragraph in paragraphs)


def test_essay_paragraph_split_by_page_break_stays_on_first_page(essay: list[Segment]) -> None:
    [segment] = [segment for segment in essay if "kan gedefinieerd worden als een collectief" in segment.text]
    assert segment.page == 2
    [segment] = [
        segment for segment in essay if "nieuwe ruimtelijke beelden en ontwerpen stimuleert" in segment.text
    ]
    assert segment.page == 14

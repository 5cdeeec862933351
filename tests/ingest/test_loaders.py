"""Loaders: every real corpus file, literal excerpts of each format, and every kind of bad input."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.document import LoadError, Segment
from ingest.loaders import SUPPORTED_SUFFIXES, decode_utf8, load_file
from ingest.loaders.markdown import load_markdown, normalise_article_number
from ingest.loaders.pdf import load_pdf
from ingest.loaders.regelrecht_yaml import (
    article_from_url,
    clean_statute_text,
    item_label,
    load_regelrecht_yaml,
)
from ingest.loaders.text import load_text

CORPUS = Path(__file__).parents[2] / "corpus"
CORPUS_FILES = sorted(
    path
    for path in CORPUS.iterdir()
    if path.is_file() and path.suffix in SUPPORTED_SUFFIXES and path.name != "manifest.yaml"
)


def by_article(segments: list[Segment], article: str, language: str | None = None) -> Segment:
    matches = [s for s in segments if s.article == article and (language is None or s.language == language)]
    assert len(matches) == 1, f"{len(matches)} segments for article {article!r} ({language})"
    return matches[0]


def corpus_file(prefix: str) -> Path:
    [path] = [path for path in CORPUS_FILES if path.name.startswith(prefix)]
    return path


# --- every real corpus file -------------------------------------------------------------------------


def test_corpus_has_every_format() -> None:
    assert {path.suffix for path in CORPUS_FILES} == {".txt", ".md", ".yaml"}
    assert len(CORPUS_FILES) == 11


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name[:40])
def test_every_corpus_file_loads_clean(path: Path) -> None:
    segments = load_file(path)
    assert segments
    for segment in segments:
        assert isinstance(segment, Segment)
        assert segment.text.strip() == segment.text and segment.text
        assert "\n\n\n" not in segment.text and "  " not in segment.text and "\t" not in segment.text
        assert all(line for line in segment.text.split("\n\n")), "empty paragraph"
        assert "<meta" not in segment.text
        assert "[ref" not in segment.text and "](" not in segment.text
        assert "*" not in segment.text


# --- regelrecht YAML --------------------------------------------------------------------------------


def test_gemeentewet_article_150_uitdaagrecht() -> None:
    segments = load_file(corpus_file("nl_gemeentewet"))
    assert [segment.article for segment in segments] == ["149", "149a", "150"]
    article = by_article(segments, "150")
    assert article.url is not None and article.url.endswith("#Artikel150")
    assert (
        "lid 3: In de verordening worden voorwaarden bepaald waaronder ingezetenen en maatschappelijke"
        in (article.text)
    )
    assert "maatschappelijke partijen de volgende taken kunnen uitvoeren:" in article.text
    assert "lid 3, onder a: taken inzake de huishouding van de gemeente" in article.text
    assert "lid 3, onder b: taken waarvan de uitvoering" in article.text
    assert "door toepassing van afdeling 3.4 van de Algemene wet bestuursrecht, tenzij" in article.text
    assert "https://" not in article.text and "[" not in article.text
    assert len(article.text.split("\n\n")) == 5  # leden 1, 2, 3, 3a, 3b


def test_other_regelrecht_files() -> None:
    woningwet = load_file(corpus_file("nl_woningwet"))
    assert [segment.article for segment in woningwet] == ["18a"]
    assert "artikel 106 van Boek 5 van het Burgerlijk Wetboek, betreft" in woningwet[0].text
    omgevingswet = load_file(corpus_file("nl_omgevingswet"))
    assert [segment.article for segment in omgevingswet] == ["16.55"]
    assert omgevingswet[0].text.startswith("lid 1: Bij algemene maatregel van bestuur")
    assert "als bedoeld in artikel 5.3 of 5.4 kunnen" in omgevingswet[0].text
    btiv = load_file(corpus_file("nl_besluit_toegelaten"))
    assert [segment.article for segment in btiv] == ["2", "3", "4"]
    assert btiv[0].text.split("\n\n")[1].startswith("2 De wooncoöperatie heeft bij haar oprichting")


GEMEENTEWET_EXCERPT = (
    "$id: gemeentewet\n"
    "valid_from: '2025-01-01'\n"
    "url: https://wetten.overheid.nl/BWBR0005416/2025-01-01\n"
    "articles:\n"
    "  - number: '150.2'\n"
    "    text: |-\n"
    "      Indien de raad de in het eerste lid bedoelde betrokkenheid regelt in de vorm van inspraak, "
    "dan wordt deze verleend\n"
    "      door toepassing van [afdeling 3.4 van de Algemene wet bestuursrecht][ref1], tenzij in de "
    "verordening anders is\n"
    "      bepaald.\n"
    "\n"
    "\n"
    "      [ref1]: https://wetten.overheid.nl/BWBR0005537#Afdeling3.4\n"
    "    url: https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150\n"
    "  - number: 150.3.b\n"
    "    text: taken waarvan de uitvoering bij of krachtens een andere dan deze wet van het "
    "gemeentebestuur is gevorderd\n"
    "    url: https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150\n"
    "  - number: 18a.1\n"
    "    text: Een wooncoöperatie is een *vereniging* met volledige rechtsbevoegdheid.\n"
    "    url: https://wetten.overheid.nl/BWBR0005181/2025-01-01#Artikel18a\n"
)


def test_regelrecht_items_grouped_by_url_with_references_resolved() -> None:
    segments = load_regelrecht_yaml(GEMEENTEWET_EXCERPT)
    assert [(segment.article, segment.url) for segment in segments] == [
        ("150", "https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150"),
        ("18a", "https://wetten.overheid.nl/BWBR0005181/2025-01-01#Artikel18a"),
    ]
    assert segments[0].text == (
        "lid 2: Indien de raad de in het eerste lid bedoelde betrokkenheid regelt in de vorm van "
        "inspraak, dan wordt deze verleend door toepassing van afdeling 3.4 van de Algemene wet "
        "bestuursrecht, tenzij in de verordening anders is bepaald.\n\n"
        "lid 3, onder b: taken waarvan de uitvoering bij of krachtens een andere dan deze wet van het "
        "gemeentebestuur is gevorderd"
    )
    assert segments[1].text == "lid 1: Een wooncoöperatie is een vereniging met volledige rechtsbevoegdheid."


@pytest.mark.parametrize(
    ("number", "article", "label"),
    [
        ("150", "150", ""),
        ("150.1", "150", "lid 1"),
        ("150.3.b", "150", "lid 3, onder b"),
        ("2.17.2.a.1°", "2.17", "lid 2, onder a, onder 1°"),
        ("16.55.7", "16.55", "lid 7"),
    ],
)
def test_item_label(number: str, article: str, label: str) -> None:
    assert item_label(number, article) == label


def test_article_from_url() -> None:
    assert article_from_url("https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150") == "150"
    assert article_from_url("https://wetten.overheid.nl/BWBR0050714/2026-01-01#Artikel2.3") == "2.3"
    assert article_from_url("https://wetten.overheid.nl/BWBR0037885/2024-01-01#Artikel16.55") == "16.55"
    assert article_from_url("https://wetten.overheid.nl/BWBR0050714/2026-01-01") is None
    assert article_from_url(None) is None


def test_statute_text_keeps_hyphen_at_wrap() -> None:
    text = (
        "in afwijking van het eerste lid, onderdeel c, de feitelijke zeggenschap over de "
        "energiegemeenschap bij die\n"
        "leden, vennoten of aandeelhouders van de rechtspersoon leggen, die in de nabije omgeving "
        "van de hernieuwbare-\n"
        "energieprojecten zijn gevestigd; en"
    )
    assert "de hernieuwbare-energieprojecten zijn gevestigd; en" in clean_statute_text(text)


# --- Energiewet excerpt file (.txt with segment markers) --------------------------------------------


def test_energiewet_excerpts() -> None:
    segments = load_file(corpus_file("nl_energiewet"))
    assert [segment.article for segment in segments] == ["1.1", "2.3", "2.4", "2.17"]
    base = "https://wetten.overheid.nl/BWBR0050714/2026-01-01"
    assert [segment.url for segment in segments] == [f"{base}#Artikel{s.article}" for s in segments]
    definitions = by_article(segments, "1.1")
    assert definitions.text.split("\n\n")[1].startswith(
        "energiegemeenschap: juridische entiteit die ten behoeve van haar leden"
    )
    assert definitions.text.startswith("delen van energie: zelfverbruik door één of meer actieve afnemers")
    assert "lid 1, onder b: ervan te weerhouden te participeren in een energiegemeenschap;" in (
        by_article(segments, "2.3").text
    )
    assert "hernieuwbare-energieprojecten" in by_article(segments, "2.4").text
    assert (
        "lid 2, onder a, onder 3°: de energiegemeenschap niet meer leden" in by_article(segments, "2.17").text
    )


ENERGIEWET_EXCERPT = (
    "=== [segment 1: file header, lines 1-8 of source file] ===\n"
    "---\n"
    "$id: energiewet\n"
    "valid_from: '2026-01-01'\n"
    "url: https://wetten.overheid.nl/BWBR0050714/2026-01-01\n"
    "=== [segment 2: artikel 1.1 (begripsbepalingen), entries 'energiegemeenschap'] ===\n"
    "        - *energiegemeenschap:* juridische entiteit die ten behoeve van haar leden, vennoten of "
    "aandeelhouders activiteiten\n"
    "      op de energiemarkt verricht;\n"
    "=== [segment 3: artikelen 2.3 en 2.4] ===\n"
    "  - number: 2.4.1.a\n"
    "    text: de participatie in de energiegemeenschap open en vrijwillig is;\n"
    "    url: https://wetten.overheid.nl/BWBR0050714/2026-01-01#Artikel2.4\n"
)


def test_regelrecht_excerpt_fragments() -> None:
    segments = load_text(ENERGIEWET_EXCERPT)
    assert segments == [
        Segment(
            text="energiegemeenschap: juridische entiteit die ten behoeve van haar leden, vennoten of "
            "aandeelhouders activiteiten op de energiemarkt verricht;",
            article="1.1",
            url="https://wetten.overheid.nl/BWBR0050714/2026-01-01#Artikel1.1",
        ),
        Segment(
            text="lid 1, onder a: de participatie in de energiegemeenschap open en vrijwillig is;",
            article="2.4",
            url="https://wetten.overheid.nl/BWBR0050714/2026-01-01#Artikel2.4",
        ),
    ]


def test_regelrecht_excerpt_yaml_error_names_the_file_line() -> None:
    broken = ENERGIEWET_EXCERPT.replace("    text: de participatie", "    text: [de participatie")
    with pytest.raises(LoadError, match=r"invalid YAML at line 1[0-9]"):
        load_text(broken)


# --- Markdown statutes ---------------------------------------------------------------------------------


def test_bw_article_53_with_section() -> None:
    segments = load_file(corpus_file("nl_bw_boek2"))
    article = by_article(segments, "53")
    assert article.section == (
        "Titel 3 Coöperaties en onderlinge waarborgmaatschappijen › Afdeling 1 Algemene bepalingen"
    )
    assert article.text.startswith(
        "1. De coöperatie is een bij notariële akte als coöperatie opgerichte vereniging."
    )
    assert article.text.split("\n\n")[1].startswith("2. De onderlinge waarborgmaatschappij")
    assert article.language == "nl"
    assert by_article(segments, "53a").section == article.section
    assert by_article(segments, "63a").section is not None
    assert "Afdeling 2 De raad van commissarissen" in by_article(segments, "63a").section


def test_awb_and_wmo_article_numbers() -> None:
    awb = load_file(corpus_file("nl_awb"))
    assert by_article(awb, "4:21").section == "Titel 4.2 Subsidies › Afdeling 4.2.1 Inleidende bepalingen"
    assert "a. belastingen," in by_article(awb, "4:21").text  # "a.belastingen," in the source
    assert by_article(awb, "4:72").text.startswith(
        "1. Indien dit bij wettelijk voorschrift"
    )  # "###Artikel 4:72"
    assert by_article(awb, "4:58").section == (
        "Titel 4.2 Subsidies › Afdeling 4.2.8 Per boekjaar verstrekte subsidies aan rechtspersonen › "
        "Paragraaf 4.2.8.1 Inleidende bepalingen"
    )
    assert "onderdelen a en d." in by_article(awb, "4:24").text or "onderdelen a en d" in " ".join(
        segment.text for segment in awb
    )
    wmo = load_file(corpus_file("nl_wet_maatschappelijke"))
    article = by_article(wmo, "2.6.7")
    assert article.section == "Hoofdstuk 2 Maatschappelijke ondersteuning › § 6 Overige bepalingen"
    assert article.text.startswith("1. Bij algemene maatregel van bestuur kunnen voorwaarden worden bepaald")
    assert "\n\na. welke eisen gelden" in article.text
    assert by_article(wmo, "1.1.1").text.split("\n\n")[1].startswith("– aanbieder: natuurlijke persoon")


def test_the_promulgation_formula_and_signatures_are_left_out() -> None:
    """Every Dutch act opens and closes with the same formula; its words ("verstaan", "ambtenaren") matched
    questions and were quoted. The considerations ("Alzo Wij in overweging genomen hebben") stay."""
    wmo = load_file(corpus_file("nl_wet_maatschappelijke"))
    text = "\n".join(segment.text for segment in wmo)
    for formula in ("bij de gratie Gods", "saluut", "Zo is het, dat Wij", "Lasten en bevelen", "Gegeven te",
                    "Opstelten", "De Staatssecretaris van"):  # fmt: skip
        assert formula not in text
    assert wmo[0].text.startswith("Alzo Wij in overweging genomen hebben, dat burgers")
    assert (
        by_article(wmo, "8.12").text
        == "Deze wet wordt aangehaald als: Wet maatschappelijke ondersteuning 2015."
    )


def test_the_closing_formula_ends_at_the_next_heading() -> None:
    """An annex after the signatures (a heading of its own) is read again."""
    segments = load_markdown(
        "## Wet van 1 januari 2020\n\n### Artikel 1\n\nDeze wet regelt iets.\n\n"
        "Lasten en bevelen dat deze in het Staatsblad zal worden geplaatst.\n\nGegeven te 's-Gravenhage\n\n"
        "Willem-Alexander\n\n### Artikel 2\n\nDe bijlage geldt ook.\n"
    )
    assert [s.text for s in segments] == ["Deze wet regelt iets.", "De bijlage geldt ook."]


def test_council_of_europe_charter_languages() -> None:
    segments = load_file(corpus_file("coe_europees_handvest"))
    english = by_article(segments, "4", "en")
    assert english.text.startswith(
        "Scope of local self-government\n\n1. The basic powers and responsibilities"
    )
    assert english.section == "European Charter of local self-government › Part I"
    dutch = by_article(segments, "4", "nl")
    assert dutch.text.startswith("Reikwijdte van de lokale autonomie\n\n1. De fundamentele bevoegdheden")
    assert dutch.section == "Europees Handvest inzake lokale autonomie › Deel I"
    assert (
        by_article(segments, "12", "nl").section
        == "Europees Handvest inzake lokale autonomie › Deel II Diverse bepalingen"
    )
    assert by_article(segments, "15", "nl").section == "Europees Handvest inzake lokale autonomie › Deel III"
    for segment in segments:
        assert segment.language in {"en", "nl"}
        assert (segment.language == "en") == (segment.section or "").startswith("European"), segment.article
    preambles = [segment for segment in segments if segment.article is None]
    assert [segment.language for segment in preambles] == ["en", "nl"]


def test_council_of_europe_protocol_languages() -> None:
    segments = load_file(corpus_file("coe_aanvullend_protocol"))
    assert len(segments) == 16  # preamble + 7 articles, in English and in Dutch
    assert by_article(segments, "1", "en").text.startswith(
        "Right to participate in the affairs of a local authority"
    )
    assert by_article(segments, "1", "nl").text.startswith("Recht op participatie in de aangelegenheden")
    assert "European Charter of Local Self-Government (hereinafter" in segments[0].text  # link resolved


LAWS_MARKDOWN_EXCERPT = (
    "<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />\n"
    "\n"
    "##Burgerlijk Wetboek Boek 2, Rechtspersonen\n"
    "\n"
    "### Titel  3  \n"
    "\n"
    "####Coöperaties en onderlinge waarborgmaatschappijen \n"
    "\n"
    "### Afdeling  1  \n"
    "\n"
    "####Algemene bepalingen \n"
    "\n"
    "### Artikel  53  \n"
    "\n"
    "1.  De coöperatie is een bij notariële akte als coöperatie opgerichte vereniging.   \n"
    "2.   De onderlinge waarborgmaatschappij is een bij notariële akte opgerichte vereniging.   \n"
    "\n"
    "### Afdeling  2  \n"
    "\n"
    "####De raad van commissarissen bij de grote coöperatie \n"
    "\n"
    "### Artikel  63a  \n"
    "\n"
    "Voor besluiten als bedoeld in de onderdelen *d*, *e* en *f* , van lid 1 is enig besluit vereist.\n"
)


def test_laws_markdown_excerpt() -> None:
    segments = load_markdown(LAWS_MARKDOWN_EXCERPT)
    assert [(segment.article, segment.section) for segment in segments] == [
        ("53", "Titel 3 Coöperaties en onderlinge waarborgmaatschappijen › Afdeling 1 Algemene bepalingen"),
        (
            "63a",
            "Titel 3 Coöperaties en onderlinge waarborgmaatschappijen › "
            "Afdeling 2 De raad van commissarissen bij de grote coöperatie",
        ),
    ]
    assert segments[0].text == (
        "1. De coöperatie is een bij notariële akte als coöperatie opgerichte vereniging.\n\n"
        "2. De onderlinge waarborgmaatschappij is een bij notariële akte opgerichte vereniging."
    )
    assert (
        segments[1].text
        == "Voor besluiten als bedoeld in de onderdelen d, e en f, van lid 1 is enig besluit vereist."
    )


def test_english_article_heading_and_parts() -> None:
    text = (
        "### Article  1  \n\n"
        "The Parties undertake to consider themselves bound by the following articles.\n\n"
        "### PART  I  \n\n### Article  2  \n\n"
        "####Constitutional and legal foundation for local self-government\n\n"
        "The principle of local self-government shall be recognised in domestic legislation.\n"
    )
    segments = load_markdown(text)
    assert [(segment.article, segment.section, segment.language) for segment in segments] == [
        ("1", None, "en"),
        ("2", "Part I", "en"),
    ]


@pytest.mark.parametrize(
    ("raw", "number"), [("53", "53"), ("53a", "53a"), ("4:21", "4:21"), ("2.6.7", "2.6.7"), ("15.", "15")]
)
def test_normalise_article_number(raw: str, number: str) -> None:
    assert normalise_article_number(raw) == number


def test_generic_markdown_one_segment_per_heading() -> None:
    text = (
        "# Handleiding\n\nInleidende tekst die over\ntwee regels loopt.\n\n"
        "## Aanvragen\n\n- eerste stap met [een link](https://example.org)\n- tweede *stap*\n\n"
        "## Leeg\n\n"
    )
    segments = load_markdown(text)
    assert [(segment.section, segment.text) for segment in segments] == [
        ("Handleiding", "Inleidende tekst die over twee regels loopt."),
        ("Handleiding › Aanvragen", "- eerste stap met een link\n\n- tweede stap"),
    ]


# --- the essay through load_file -----------------------------------------------------------------------


def test_essay_through_load_file() -> None:
    segments = load_file(CORPUS / "000_4ab7ba7e065a05b8.txt")
    assert segments[0].page == 1 and segments[-1].section == "Conclusie"
    assert all(segment.article is None for segment in segments)


# --- PDF -----------------------------------------------------------------------------------------------


def _pdf_string(line: str) -> bytes:
    escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one Helvetica text line per entry, written by hand (pypdf cannot add text)."""
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        operators = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 760 Td"]
        operators += [_pdf_string(line) + b" Tj T*" for line in lines]
        stream = b"\n".join([*operators, b"ET"])
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {5 + 2 * index} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_PAGES = [
    [
        "I N L E I D I N G",
        "Burgercollectieven zijn verantwoording verschuldigd aan hun leden.",
        "Overheden zijn verant-",
        "woording schuldig aan de gehele gemeenschap, en meer gedurfde co-",
        "creatie tussen overheden en burgercollectieven is nodig.",
        "3",
    ],
    [
        "https://www.collectievekracht.eu/default.aspx",
        "C O N C L U S I E",
        "Een wooncoöperatie kan helpen.",
        "4",
    ],
]


def encrypted(pdf: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password=owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_pages_sections_and_cleaning(tmp_path: Path) -> None:
    path = tmp_path / "essay.pdf"
    path.write_bytes(minimal_pdf(PDF_PAGES))
    segments = load_file(path)
    assert [(segment.page, segment.section) for segment in segments] == [(1, "Inleiding"), (2, "Conclusie")]
    assert "Overheden zijn verantwoording schuldig" in segments[0].text
    assert "meer gedurfde co-creatie tussen" in segments[0].text
    assert segments[1].text == "Een wooncoöperatie kan helpen."
    assert "http" not in segments[1].text


def test_pdf_section_carries_to_next_page() -> None:
    segments = load_pdf(minimal_pdf([["I N L E I D I N G", "Eerste pagina."], ["Tweede pagina.", "5"]]))
    assert [(segment.page, segment.section, segment.text) for segment in segments] == [
        (1, "Inleiding", "Eerste pagina."),
        (2, "Inleiding", "Tweede pagina."),
    ]


def test_pdf_with_owner_password_only_is_read() -> None:
    segments = load_pdf(encrypted(minimal_pdf(PDF_PAGES), "", owner_password="eigenaar"))
    assert [segment.page for segment in segments] == [1, 2]


# --- bad input: always LoadError, one short line ---------------------------------------------------------


def _random_bytes(size: int) -> bytes:
    return random.Random(20250301).randbytes(size)


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", r"^empty file"),
    ("empty.md", b"", r"^empty file"),
    ("empty.pdf", b"", r"^empty file"),
    ("whitespace.txt", b"  \n\t\n   \n", r"^empty file"),
    ("whitespace.yaml", "\u00a0\n \n".encode(), r"^empty file"),
    (
        "latin1.txt",
        "Coöperatie in Nederland".encode("latin-1"),
        r"\(byte 0xF6 at byte offset 2\): save the file as UTF-8$",
    ),
    (
        "latin1.md",
        "### Artikel 1\n\nDe coöperatie".encode("cp1252"),
        r"\(byte 0xF6 at byte offset 20\): save the file as UTF-8$",
    ),
    (
        "noise.txt",
        b"3\n\nhttps://www.collectievekracht.eu/default.aspx\n\n 11\n",
        r"^no text left after cleaning",
    ),
    ("headings.md", b"# Kop\n\n## Nog een kop\n", r"^no text left after cleaning"),
    ("syntax.yaml", b"articles:\n  - number: '1'\n    text: [niet gesloten\n", r"^invalid YAML at line \d+"),
    ("tab.yaml", b"articles:\n\t- number: 1\n", r"^invalid YAML at line 2"),
    ("alias.yml", b"articles:\n  - number: 1\n    text: *onbekend\n", r"^invalid YAML at line 3"),
    (
        "no_articles.yaml",
        b"$id: gemeentewet\nurl: https://wetten.overheid.nl/BWBR0005416\n",
        r"expected shape",
    ),
    ("list.yaml", b"- number: '1'\n  text: tekst\n", r"expected shape"),
    ("scalar.yaml", b"gewoon een zin\n", r"expected shape"),
    ("articles_scalar.yaml", b"articles: 5\n", r"expected shape"),
    ("articles_empty.yaml", b"articles: []\n", r"expected shape"),
    ("item_scalar.yaml", b"articles:\n  - 5\n", r"expected shape: article item 1 is not a mapping"),
    ("item_no_text.yaml", b"articles:\n  - number: '1'\n    text: [a, b]\n", r"article item 1 has no 'text'"),
    ("item_no_number.yaml", b"articles:\n  - text: tekst\n", r"article item 1 has no 'number'"),
    ("deep.yaml", b"articles: " + b"[" * 1200, r"^invalid YAML: nested too deeply$"),
    ("python_tag.yaml", b"articles: !!python/object:os.system {}\n", r"^invalid YAML at line 1"),
    ("manifest.yaml", (CORPUS / "manifest.yaml").read_bytes(), r"expected shape"),
    ("random.pdf", _random_bytes(4000), r"^corrupt PDF"),
    ("header_only.pdf", b"%PDF-1.4\n" + _random_bytes(4000), r"^corrupt PDF"),
    ("truncated.pdf", minimal_pdf(PDF_PAGES)[:400], r"^corrupt PDF"),
    (
        "encrypted.pdf",
        encrypted(minimal_pdf(PDF_PAGES), "geheim"),
        r"^encrypted PDF: remove the password and add it again$",
    ),
    ("image_only.pdf", minimal_pdf([[], []]), r"^no extractable text in the PDF"),
    (
        "notes.docx",
        b"PK\x03\x04",
        r"^unsupported file type \.docx: use one of \.txt, \.md, \.yaml, \.yml, \.pdf$",
    ),
    ("README", b"tekst", r"^unsupported file type \(no suffix\)"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS, ids=[name for name, _, _ in BAD_INPUTS])
def test_bad_input_raises_load_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match=message) as raised:
        load_file(path)
    assert "\n" not in str(raised.value)
    assert name not in str(raised.value)  # the caller prefixes the file name


def test_missing_file_raises_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^cannot read the file"):
        load_file(tmp_path / "weg.md")


def test_utf8_bom_is_accepted() -> None:
    assert decode_utf8("\ufeffCoöperatie".encode()) == "Coöperatie"


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_random_bytes_never_escape_as_other_exceptions(tmp_path: Path, suffix: str) -> None:
    generator = random.Random(suffix)
    for attempt in range(15):
        path = tmp_path / f"fuzz{attempt}{suffix}"
        size = generator.randint(1, 600)
        if attempt % 3 == 0:  # valid UTF-8 text with YAML/Markdown punctuation
            alphabet = "ab :-#*[]{}\n\t'\"|>&!%@`,?"
            path.write_text("".join(generator.choice(alphabet) for _ in range(size)), encoding="utf-8")
        else:
            path.write_bytes(generator.randbytes(size))
        try:
            segments = load_file(path)
        except LoadError as error:
            assert str(error) and "\n" not in str(error)
        else:
            assert all(isinstance(segment, Segment) for segment in segments)

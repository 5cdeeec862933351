"""Bad inputs, fuzzed: corpus files that are noise, huge or deeply nested (the loaders may only ever raise
LoadError), and questions that are empty, huge, full of control characters or in other scripts (the
service always returns an Answer, possibly a refusal, and never raises or hangs).

Hypothesis runs a bounded number of examples with no deadline (a shared 2-core machine); hangs are
caught by pytest-timeout, not by timed asserts.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer.types import Answer
from bot.components import Components
from bot.settings import Settings
from ingest.chunking import chunk_segments
from ingest.document import LoadError, Segment
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from tests.conftest import CORPUS_DIR
from tests.ingest.test_loaders import minimal_pdf

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible, CI stays stable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TEXT_SUFFIXES = [s for s in SUPPORTED_SUFFIXES if s != ".pdf"]


def check_load(data: bytes, suffix: str) -> list[Segment] | None:
    """Load ``data`` as a file with ``suffix``: Segments with text, or a one-line LoadError; nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"document{suffix}"
        path.write_bytes(data)
        try:
            segments = load_file(path)
        except LoadError as error:
            message = str(error)
            assert message.strip() and "\n" not in message, repr(message)
            return None
    assert segments
    for segment in segments:
        assert isinstance(segment, Segment) and segment.text.strip()
    return segments


# --- loaders ---------------------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_bytes_only_ever_raise_load_error(data: bytes, suffix: str) -> None:
    check_load(data, suffix)


@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from(TEXT_SUFFIXES))
def test_random_text_only_ever_raises_load_error(text: str, suffix: str) -> None:
    check_load(text.encode("utf-8"), suffix)


_LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "# Titel",
            "## Artikel 1",
            "### Artikel 4:21 Subsidie",
            "Hoofdstuk 2",
            "=== [segment 1: artikel 1.1] ===",
            "=== [segment 2: artikelen 2.3 en 2.4] ===",
            "- number: '1'",
            "  text: De gemeenteraad stelt regels.",
            "  url: https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150",
            "- *energiegemeenschap:* een rechtspersoon",
            "articles:",
            "1. Lid een.",
            "a. onderdeel",
            "",
            "   ",
            "\t- [link][1]",
            "[1]: https://example.org",
            "p a g i n a  1 2",
            "https://www.bestuurswetenschappen.nl",
        ]
    ),
)


@FUZZ
@given(lines=st.lists(_LINE, max_size=40), suffix=st.sampled_from(TEXT_SUFFIXES))
def test_document_shaped_noise_only_ever_raises_load_error(lines: list[str], suffix: str) -> None:
    check_load("\n".join(lines).encode("utf-8"), suffix)


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.dates())
_VALUE = st.recursive(
    _SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "number": st.one_of(st.text(max_size=8), st.integers(), _VALUE),
        "text": st.one_of(st.text(max_size=200), _VALUE),
        "url": st.one_of(
            st.just("https://wetten.overheid.nl/BWBR0001/2025-01-01#Artikel1"), st.text(max_size=40), _VALUE
        ),
    },
)


@FUZZ
@given(
    document=st.one_of(
        _VALUE,
        st.fixed_dictionaries({"articles": st.one_of(st.lists(_ITEM, max_size=6), _VALUE)}),
        st.fixed_dictionaries(
            {"url": st.text(max_size=20), "articles": st.lists(_ITEM, min_size=1, max_size=6)}
        ),
    )
)
def test_yaml_of_any_shape_only_ever_raises_load_error(document: object) -> None:
    check_load(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"), ".yaml")


PDF = minimal_pdf(
    [["Artikel 1", "De gemeenteraad stelt een participatieverordening vast."], ["Tweede pagina."]]
)


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)), min_size=1, max_size=12),
    cut=st.one_of(st.none(), st.integers(0, len(PDF))),
)
def test_damaged_pdfs_only_ever_raise_load_error(flips: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(PDF)
    for position, value in flips:
        data[position] = value
    check_load(bytes(data[:cut] if cut is not None else data), ".pdf")


def test_the_pdf_fixture_itself_loads() -> None:
    segments = check_load(PDF, ".pdf")
    assert segments and "participatieverordening" in " ".join(s.text for s in segments)


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("flow lists", "[" * 20_000 + "]" * 20_000),
        ("flow mappings", "{a: " * 20_000 + "1" + "}" * 20_000),
        ("block mappings", "".join(f"{' ' * i}k{i}:\n" for i in range(3_000)) + " " * 3_000 + "v\n"),
        (
            "alias bomb",
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
            + "articles: *a8\n",
        ),
    ],
)
@pytest.mark.timeout(120)
def test_deeply_nested_yaml_is_a_load_error(name: str, document: str) -> None:
    assert check_load(document.encode("utf-8"), ".yaml") is None, "a YAML statute must be refused"
    check_load(document.encode("utf-8"), ".txt")  # as plain text: loaded or refused, nothing else


# --- huge files ------------------------------------------------------------------------------------------

HUGE = 20_000_000
ESSAY = CORPUS_DIR / "000_4ab7ba7e065a05b8.txt"


def _pathological(name: str, size: int) -> str:
    """Huge files of shapes that used to make the text cleaning quadratic, and worse."""
    if name == "one-wrapped-paragraph.txt":  # hard-wrapped lines, no blank line, no sentence end
        line = "de gemeente en het burgercollectief werken samen aan de wijk-\nontwikkeling en de energie\n"
        return (line * (size // len(line) + 1))[:size]
    if name == "continued-paragraphs.txt":  # every paragraph continues the previous one
        return ("woord en nog een woord\n\n" * (size // 24 + 1))[:size]
    if name == "one-line-of-words.md":
        rng = random.Random(5)
        words = ESSAY.read_text(encoding="utf-8").replace(".", "").split()
        return " ".join(rng.choice(words) for _ in range(size // 7))[:size]
    if name == "no-whitespace.txt":
        return "x" * size
    raise ValueError(name)


def chunk(segments: list[Segment], embedder) -> list[tuple[Segment, str, str]]:  # type: ignore[no-untyped-def]
    pieces = chunk_segments(
        segments,
        title="Groot document",
        count_tokens=embedder.count_tokens,
        max_tokens=240,
        overlap_sentences=1,
    )
    assert pieces
    sample = random.Random(1).sample(pieces, min(200, len(pieces)))
    assert all(embedder.count_tokens(embed_text) <= 240 for _, _, embed_text in sample)
    return pieces


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_a_huge_text_file_loads_and_chunks(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    essay = ESSAY.read_text(encoding="utf-8")
    path = tmp_path / "essay-400-times.txt"
    path.write_text((essay * (HUGE // len(essay) + 1))[:HUGE], encoding="utf-8")
    segments = check_load(path.read_bytes(), path.suffix)
    assert segments
    pieces = chunk(segments, embedder)
    print(f"{path.stat().st_size / 1e6:.0f} MB: {len(segments)} segments, {len(pieces)} chunks")


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "name",
    ["one-wrapped-paragraph.txt", "continued-paragraphs.txt", "one-line-of-words.md", "no-whitespace.txt"],
)
def test_huge_files_of_odd_shapes_load_and_chunk(tmp_path: Path, name: str, embedder) -> None:  # type: ignore[no-untyped-def]
    """20 MB through the loader; the chunker (real tokenizer) on 250 KB of the same shape. Text without
    sentence ends is cut word by word, re-counting tokens per word (~30 s per MB): linear, but slow, so
    250 KB, which is enough to expose anything worse than linear (before the fixes in ingest/cleaning.py
    and ingest/chunking.py, 300 KB took minutes)."""
    path = tmp_path / name
    path.write_text(_pathological(name, HUGE), encoding="utf-8")
    assert check_load(path.read_bytes(), path.suffix)
    path.write_text(_pathological(name, 250_000), encoding="utf-8")
    segments = check_load(path.read_bytes(), path.suffix)
    assert segments
    chunk(segments, embedder)


# --- questions -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def components(ingested: Settings, embedder) -> Components:  # type: ignore[no-untyped-def]
    components = Components(ingested)
    components.__dict__["embedder"] = embedder
    return components


def check_answer(answer: object) -> Answer:
    assert isinstance(answer, Answer)
    assert isinstance(answer.answer, str) and answer.answer.strip()
    assert answer.language in ("nl", "en")
    assert answer.refused or answer.citations
    assert {c.n for c in answer.citations} == set(range(1, len(answer.citations) + 1))
    answer.to_json()
    return answer


ODD_QUESTIONS = {
    "empty": "",
    "spaces": " \t\n ",
    "control characters only": "\x00\x01\x02\x1b[31m\x7f",
    "control characters inside": "Wat is\x00 het uit\x1bdaag\x07recht?\x0c",
    "10k characters, one word": "a" * 10_000,
    "10k characters of question marks": "?" * 10_000,
    "10k characters of real words": ("Wat regelt de participatieverordening over het uitdaagrecht? " * 170)[
        :10_000
    ],
    "arabic": "ما هو حق التحدي في القانون الهولندي؟",
    "cjk": "什么是荷兰的挑战权？住房合作社是什么？",
    "emoji": "🏠🤝 Wat is een wooncoöperatie? 🙂🙂🙂",
    "mixed scripts": "Wat is het uitdaagrecht — حق التحدي — 挑战权 — Право вызова?",
    "bidi and zero-width": "\u202eWat is\u200b het\u200d uitdaagrecht?\u202c\ufeff",
    "combining marks": "Wa" + "\u0301" * 500 + "t is een coöperatie?",
    "lone surrogate": "Wat is een coöperatie\ud800?",
    "html": "<script>alert(1)</script> Wat is een wooncoöperatie?",
    "sql-ish": "'; DROP TABLE embeddings; -- wat is een coöperatie",
    "only numbers": "2015 4:21 150 740",
}


@pytest.mark.integration
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", list(ODD_QUESTIONS))
def test_odd_questions_get_an_answer(components: Components, name: str) -> None:
    answer = check_answer(components.service.answer(ODD_QUESTIONS[name]))
    if name in ("empty", "spaces", "control characters only", "10k characters of question marks"):
        assert answer.refused


@pytest.mark.integration
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["10k characters, one word", "mixed scripts", "emoji"])
def test_odd_questions_as_history(components: Components, name: str) -> None:
    history = [
        {"role": "user", "content": ODD_QUESTIONS[name]},
        {"role": "assistant", "content": ODD_QUESTIONS[name]},
    ]
    check_answer(components.service.answer("En hoe zit dat dan?", history))


@pytest.mark.integration
@pytest.mark.timeout(300)
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    question=st.one_of(
        st.text(max_size=300),
        st.text(st.characters(codec="utf-8"), max_size=300),
        st.text(st.characters(categories=("L", "Zs", "P", "Cs")), max_size=100),  # lone surrogates too
        st.lists(
            st.sampled_from(
                [
                    "wat",
                    "is",
                    "het",
                    "uitdaagrecht",
                    "coöperatie",
                    "gemeente",
                    "?",
                    "🙂",
                    "حق",
                    "挑战",
                    "\x00",
                    "\n",
                ]
            ),
            max_size=30,
        ).map(" ".join),
    ),
    persona=st.sampled_from([None, "ambtenaar", "collectief", "onbekend"]),
)
def test_fuzzed_questions_always_get_an_answer(
    components: Components, question: str, persona: str | None
) -> None:
    check_answer(components.service.answer(question, persona=persona))

"""The chat page's pure helpers: welcome text, source elements, escaping, history, personas."""

from __future__ import annotations

import re

import pytest

from bot.ui import views
from tests.ui.fakes import BW2, ESSAY, GEMEENTEWET, REFUSAL_TEXT, FakeService

STATUS = {
    "corpus_version": "abc123",
    "chunks": 240,
    "documents": [
        {
            "source": "nl_gemeentewet.yaml",
            "title": "Gemeentewet, art. 149–150",
            "kind": "statute",
            "version_date": "2025-01-01",
            "outdated": False,
            "chunks": 4,
        },
        {
            "source": "000_essay.txt",
            "title": "Burgercollectieven aan het roer?",
            "kind": "essay",
            "version_date": "2025-03-01",
            "outdated": False,
            "chunks": 144,
            "authors": ["T. De Moor", "D. Czischke", "C. van Eijk"],
            "year": 2025,
        },
        {
            "source": "nl_bw.md",
            "title": "Burgerlijk Wetboek Boek 2",
            "kind": "statute",
            "version_date": "2015-11-26",
            "outdated": True,
            "chunks": 86,
        },
    ],
}


def render_text(markdown: str) -> str:
    """What a CommonMark renderer shows (tags stripped), and whether it produced any raw HTML."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).render(markdown)
    return html


# --- welcome -------------------------------------------------------------------------------------------


def test_welcome_lists_documents_limits_and_citation_in_dutch() -> None:
    text = views.welcome_markdown(STATUS, "ambtenaar", "nl")
    assert text.startswith("**Welkom bij Wijzer**")
    for title in (
        "Gemeentewet, art\\. 149–150",
        "Burgercollectieven aan het roer?",
        "Burgerlijk Wetboek Boek 2",
    ):
        assert title in text
    assert "De Moor et al\\. \\(2025\\)" in text
    assert "versie 2015\\-11\\-26; ⚠️ verouderde wetstekst" in text
    assert "geen juridisch advies" in text
    assert "dat staat niet in de bronnen" in text
    assert "**Ambtenaar**" in text
    # the essay first, then the statutes alphabetically
    assert text.index("Burgercollectieven") < text.index("Burgerlijk Wetboek") < text.index("Gemeentewet")
    rendered = render_text(text)
    assert "De Moor et al. (2025)" in rendered and "<script" not in rendered


def test_welcome_in_english_for_an_english_browser() -> None:
    assert views.ui_language("en-US") == "en"
    assert views.ui_language("en") == "en"
    assert views.ui_language("nl-NL") == "nl"
    assert views.ui_language("de-DE") == "nl"
    assert views.ui_language(None) == "nl"
    text = views.welcome_markdown(STATUS, "collectief", "en")
    assert text.startswith("**Welcome to Wijzer**")
    assert "no legal advice" in text and "dat staat niet in de bronnen" in text
    assert "De Moor et al\\. \\(2025\\)" in text
    assert "outdated statute text" in text
    assert "**Lid van een collectief**" in text


def test_welcome_without_an_index_says_so() -> None:
    text = views.welcome_markdown({"documents": []}, "ambtenaar", "nl")
    assert "De index is nog leeg" in text and "wijzer ingest" in text


def test_welcome_escapes_document_titles() -> None:
    status = {
        "documents": [
            {"source": "x.txt", "title": "Test <img src=x onerror=alert(1)> *vet*", "kind": "other"}
        ]
    }
    rendered = render_text(views.welcome_markdown(status, "ambtenaar", "nl"))
    assert "<img" not in rendered and "&lt;img src=x onerror=alert(1)&gt; *vet*" in rendered


@pytest.mark.parametrize(
    ("authors", "year", "expected"),
    [
        (["T. De Moor", "D. Czischke", "C. van Eijk"], 2025, "De Moor et al. (2025)"),
        (["I. van Meerkerk"], 2018, "van Meerkerk (2018)"),
        (["A. Jansen", "B.C. de Vries"], 2020, "Jansen & de Vries (2020)"),
        ([], 2025, None),
        (["T. De Moor"], None, None),
    ],
)
def test_short_citation(authors: list[str], year: int | None, expected: str | None) -> None:
    assert views.short_citation(authors, year) == expected


# --- personas ------------------------------------------------------------------------------------------


def test_profiles_map_to_personas() -> None:
    assert views.persona_for_profile("Ambtenaar") == "ambtenaar"
    assert views.persona_for_profile("Lid van een collectief") == "collectief"
    assert views.persona_for_profile(None, default="collectief") == "collectief"
    assert views.persona_for_profile("onbekend") == "ambtenaar"
    for persona in ("ambtenaar", "collectief"):
        assert 3 <= len(views.EXAMPLE_QUESTIONS[persona]) <= 4
        assert views.PERSONA_PROFILE[persona] in views.PROFILE_DESCRIPTIONS


def test_chat_profiles_put_the_default_persona_first() -> None:
    from bot.ui.chat import chat_profiles

    profiles = chat_profiles("collectief")
    assert [p.name for p in profiles] == ["Lid van een collectief", "Ambtenaar"]
    assert profiles[0].default and not profiles[1].default
    assert [s.message for s in profiles[1].starters or []] == list(views.EXAMPLE_QUESTIONS["ambtenaar"])
    assert "Wat is het uitdaagrecht en waar staat het in de wet?" in [
        s.label for s in profiles[1].starters or []
    ]
    assert all(p.markdown_description for p in profiles)


# --- sources -------------------------------------------------------------------------------------------


def test_source_elements_are_named_exactly_like_the_markers() -> None:
    answer = FakeService().answer("Wat is het uitdaagrecht?", [], "ambtenaar")
    sources = views.source_views(answer)
    assert [s.name for s in sources] == ["[1]", "[2]", "[3]"]
    assert [f"[{n}]" for n in views.marker_numbers(answer.answer)] == [s.name for s in sources]
    assert all(s.name in answer.answer for s in sources)


def test_marker_numbers_in_order_of_first_use() -> None:
    assert views.marker_numbers("a [2] b [1] c [2] d [10]") == [2, 1, 10]
    assert views.marker_numbers("geen markers") == []


def test_citation_content_has_title_location_version_url_and_text() -> None:
    statute = views.citation_markdown(GEMEENTEWET, "nl", 1)
    assert statute.startswith("**\\[1\\] Gemeentewet, art\\. 149–150")
    assert "art\\. 150 · versie 2025\\-01\\-01" in statute
    assert "verouderde" not in statute
    rendered = render_text(statute)
    assert "In de verordening worden voorwaarden bepaald" in rendered
    link = '<a href="https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150">'
    assert link + "https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150</a>" in rendered

    essay = render_text(views.citation_markdown(ESSAY, "nl", 2))
    assert "p. 3 · versie 2025-03-01 · Inleiding" in essay


def test_outdated_statute_is_flagged_and_html_shown_as_text() -> None:
    content = views.citation_markdown(BW2, "nl", 3)
    rendered = render_text(content)
    assert "Verouderde wetstekst (versie 2015-11-26)" in rendered
    assert "<script>" not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "**geen opmaak**" in rendered  # shown as written, not as bold
    english = render_text(views.citation_markdown(BW2, "en", 3))
    assert "Outdated statute text (version 2015-11-26)" in english


def test_refusal_shows_no_sources() -> None:
    answer = FakeService().answer("Wat is de hoofdstad van Frankrijk?", [], None)
    assert answer.refused and answer.answer == REFUSAL_TEXT
    assert views.source_views(answer) == []
    assert views.retrieval_markdown(answer) == "Geen passage in de bronnen beantwoordt deze vraag."
    meta = views.answer_metadata("Wat is de hoofdstad van Frankrijk?", answer, [], "ambtenaar")
    assert meta["refused"] is True and meta["sources"] == [] and len(meta["retrieved"]) == 3


def test_retrieval_step_lists_passages_with_scores() -> None:
    answer = FakeService().answer("Wat is het uitdaagrecht?", [], None)
    text = views.retrieval_markdown(answer)
    assert text.splitlines()[0] == "Gevonden passages (hoogste score eerst):"
    assert "score 0.0328" in text and "score 0.0290" in text
    rendered = render_text(text)
    assert "1. <strong>Gemeentewet" in rendered and "art. 150" in rendered
    assert "<script>" not in rendered


def test_display_answer_keeps_markers_and_markdown_but_not_html_or_images() -> None:
    shown = views.display_answer(
        "- punt **vet** [1]\n<img src=x onerror=alert(1)> ![x](http://example.org/x.png)"
    )
    rendered = render_text(shown)
    assert "[1]" in rendered and "<strong>vet</strong>" in rendered and "<li>" in rendered
    assert "<img" not in rendered and "&lt;img src=x" in rendered


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "# geen kop\n1. geen lijst\n    geen code\n---\n*a* _b_ `c` [d](e) ![f](g) | h | ~i~ &amp; =====",
        "Artikel 2:53 BW — lid 1, sub a.\n\nTweede alinea \\ met backslash.",
    ],
)
def test_escape_markdown_shows_text_literally(text: str) -> None:
    rendered = render_text(views.escape_markdown(text))
    plain = re.sub(r"<[^>]+>", "", rendered)
    import html

    expected = [line.strip() for line in text.splitlines() if line.strip()]
    shown = [line.strip() for line in html.unescape(plain).splitlines() if line.strip()]
    assert shown == expected
    assert not re.search(r"<(?!/?p>)", rendered.replace("<br />", ""))  # only paragraphs


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "https://a b", None, ""])
def test_only_plain_http_urls_become_links(url: str | None) -> None:
    assert views.safe_url(url) is None


# --- metadata and history ------------------------------------------------------------------------------


def test_answer_metadata_keeps_question_answer_history_persona_and_sources() -> None:
    answer = FakeService().answer("Wat is het uitdaagrecht?", [], "collectief")
    history = [{"role": "user", "content": "vraag"}, {"role": "assistant", "content": "antwoord"}]
    meta = views.answer_metadata("Wat is het uitdaagrecht?", answer, history, "collectief")
    assert meta["kind"] == "answer" and meta["question"] == "Wat is het uitdaagrecht?"
    assert meta["answer"] == answer.answer and meta["persona"] == "collectief" and meta["history"] == history
    assert [s["n"] for s in meta["sources"]] == [1, 2, 3]
    assert (
        meta["sources"][0]["source"] == GEMEENTEWET.source and meta["sources"][0]["text"] == GEMEENTEWET.text
    )
    assert meta["sources"][2]["outdated"] is True
    assert meta["retrieved"][0]["score"] == pytest.approx(0.0328)
    import json

    json.dumps(meta)  # stored as JSON


def test_add_exchange_appends_pairs_and_drops_the_oldest() -> None:
    history: list[dict[str, str]] = []
    for i in range(12):
        history = views.add_exchange(history, f"vraag {i}", f"antwoord {i}", max_turns=6)
    assert len(history) == 6
    assert history[0] == {"role": "user", "content": "vraag 9"}
    assert history[-1] == {"role": "assistant", "content": "antwoord 11"}


def test_add_exchange_does_not_change_the_given_history() -> None:
    first = views.add_exchange([], "a", "b")
    second = views.add_exchange(first, "c", "d")
    assert len(first) == 2 and len(second) == 4


def test_history_from_stored_steps() -> None:
    def answer_step(created: str, question: str, text: str) -> dict:
        return {
            "type": "assistant_message",
            "createdAt": created,
            "metadata": {"wijzer": {"kind": "answer", "question": question, "answer": text}},
        }

    steps = [
        answer_step("2025-01-01T10:02:00Z", "tweede", "antwoord 2"),
        {
            "type": "assistant_message",
            "createdAt": "2025-01-01T10:00:00Z",
            "metadata": {"wijzer": {"kind": "welcome"}},
        },
        {"type": "user_message", "createdAt": "2025-01-01T10:00:30Z", "output": "eerste"},
        answer_step("2025-01-01T10:01:00Z", "eerste", "antwoord 1"),
        {"type": "assistant_message", "createdAt": "2025-01-01T10:03:00Z", "metadata": "not json"},
        {"type": "run", "createdAt": "2025-01-01T10:01:00Z", "metadata": '{"wijzer": {"kind": "answer"}}'},
    ]
    assert views.history_from_steps(steps) == [
        {"role": "user", "content": "eerste"},
        {"role": "assistant", "content": "antwoord 1"},
        {"role": "user", "content": "tweede"},
        {"role": "assistant", "content": "antwoord 2"},
    ]
    assert views.history_from_steps([]) == []


def test_metadata_stored_as_json_text_is_read_back() -> None:
    import json

    step = {"metadata": json.dumps({"wijzer": {"kind": "answer", "question": "q"}})}
    assert views.wijzer_metadata(step) == {"kind": "answer", "question": "q"}
    assert views.wijzer_metadata({"metadata": None}) == {}
    assert views.json_object("[1, 2]") == {}

"""Whole conversations on the real corpus, real model, real embedded Chroma (integration): each question
is asked after Wijzer's own earlier answers, as in the chat."""

from __future__ import annotations

import pytest

from bot.answer.types import Answer, Turn
from bot.components import Components

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _converse(components: Components, *questions: str) -> list[Answer]:
    history: list[dict[str, str]] = []
    answers = []
    for question in questions:
        answer = components.service.answer(question, history)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
        answers.append(answer)
    return answers


def _quoted(answer: Answer) -> list[str]:
    return [line for line in answer.answer.splitlines() if line.startswith("- ")]


def test_an_ellipsis_asks_the_previous_question_about_the_new_thing(components: Components) -> None:
    """ "En bij een zorgcoöperatie?" after the question on an energiecoöperatie was searched for with the
    Energiewet's words of the answer before (and got one sentence on zorgcoöperaties, or a refusal). It is
    asked as "Welke rol kan de gemeente spelen bij een zorgcoöperatie?"."""
    first, answer = _converse(
        components,
        "Welke rol kan de gemeente spelen bij een energiecoöperatie?",
        "En bij een zorgcoöperatie?",
    )
    assert not answer.refused, answer.answer
    assert "Zorgcoöperaties dichten het gat" in answer.answer, answer.answer
    history = [
        Turn("user", "Welke rol kan de gemeente spelen bij een energiecoöperatie?"),
        Turn("assistant", first.answer),
    ]
    asked, _ = components.search.condense("En bij een zorgcoöperatie?", history)
    assert asked == "Welke rol kan de gemeente spelen bij een zorgcoöperatie?"


def test_how_many_after_a_definition_quotes_the_minimum_first(components: Components) -> None:
    """ "Hoeveel woningen moeten er minimaal zijn?" after "Wat is een wooncoöperatie?" opened with the
    Btiv's "eenmalig financiële middelen …": Woningwet 18a's "ten minste vijf … woongelegenheden" gives the
    number of homes a few words before them."""
    _, answer = _converse(
        components, "Wat is een wooncoöperatie?", "Hoeveel woningen moeten er minimaal zijn?"
    )
    assert not answer.refused, answer.answer
    assert "ten minste vijf in elkaars nabijheid" in _quoted(answer)[0], answer.answer


def test_an_ordinal_points_into_the_list_two_answers_back(components: Components) -> None:
    """ "Wat houdt het laatste kenmerk in?" after the list of characteristics and an explanation of the
    second one: the last characteristic of that list (langetermijnvisie), not of the answer between."""
    *_, answer = _converse(
        components,
        "Wat zijn de kenmerken van burgercollectieven?",
        "Leg het tweede kenmerk eens uit",
        "Wat houdt het laatste kenmerk in?",
    )
    quoted = _quoted(answer)
    assert quoted and quoted[0].startswith("- Langetermijnvisie"), answer.answer


def test_an_english_follow_up_with_a_word_the_corpus_has_in_dutch(components: Components) -> None:
    """ "Who can be a member?" names "member", rare here only because the corpus is Dutch ("lid"): it is a
    follow-up on the energy community, and the Energiewet's article on its members is found."""
    first = components.service.answer("What is an energy community?")
    history = [Turn("user", "What is an energy community?"), Turn("assistant", first.answer)]
    result = components.search.search("Who can be a member?", history)
    texts = [p.text for p in result.passages[:5]]
    assert result.query.follow_up
    assert any("gemeenten, waterschappen" in text for text in texts), texts


def test_that_is_what_the_conversation_talks_about(components: Components) -> None:
    """ "Wat zegt de Awb daarover?" after a question on subsidies for collectives: "daarover" is the
    subsidy (the word the conversation names most), and the Awb, named, answers (it was refused: the
    essay's passages filled the lists and "daarover" stood for "krijgen")."""
    *_, answer = _converse(
        components, "Krijgen burgercollectieven vaak subsidie?", "Wat zegt de Awb daarover?"
    )
    assert not answer.refused, answer.answer
    assert "subsidie" in answer.answer.split("\n\n", 1)[1].lower(), answer.answer
    assert answer.citations and all("Algemene wet bestuursrecht" in c.passage.title for c in answer.citations)


def test_the_requirements_of_a_law_are_its_paragraphs(components: Components) -> None:
    """ "Welke eisen stelt de Woningwet daaraan?" after "Wat is een wooncoöperatie?": art. 18a's paragraphs
    on who may found one, not only its definition, whose "stelt zich ten doel" shared the question's verb
    (a light verb weighs half the lightest other concept)."""
    *_, answer = _converse(
        components, "Wat is een wooncoöperatie?", "Welke eisen stelt de Woningwet daaraan?"
    )
    assert "ten minste vijf" in answer.answer, answer.answer


def test_how_large_asks_for_an_amount_not_for_size(components: Components) -> None:
    """ "Hoe groot was het vertrouwen in lokale overheden?": "groot" is how the question asks, and the
    Awb's "de grootte van het exploitatiesaldo" is no answer."""
    answer = components.service.answer(
        "Hoe groot was volgens het essay het vertrouwen in de lokale overheden?"
    )
    quoted = _quoted(answer)
    assert quoted and "één derde in lokale overheden" in quoted[0], answer.answer
    assert "grootte" not in answer.answer


def test_where_the_law_lays_it_down_is_answered_from_the_law(components: Components) -> None:
    """ "Waar is dat wettelijk vastgelegd?" after the essay explained the uitdaagrecht: the laws are asked
    for as a kind (the essay and the Charter's "Wettelijke bescherming" filled the list before)."""
    _, answer = _converse(components, "Wat houdt het uitdaagrecht in?", "Waar is dat wettelijk vastgelegd?")
    assert not answer.refused, answer.notes
    top = answer.retrieved[:3]
    assert any(
        p.source.startswith("nl_gemeentewet") and "maatschappelijke partijen" in p.text for p in top
    ), [(p.source, p.text[:60]) for p in top]


def test_one_points_back_at_the_thing_to_set_up(components: Components) -> None:
    """ "How many of us do we need to set one up?" after a question on a wooncoöperatie: "one" is that
    wooncoöperatie, and Woningwet art. 18a lid 2 (at least five dwellings) answers."""
    _, answer = _converse(
        components,
        "We are tenants thinking about a wooncoöperatie. What is that, legally?",
        "How many of us do we need to set one up?",
    )
    assert any("ten minste vijf" in p.text for p in answer.retrieved[:5]), [
        p.text[:60] for p in answer.retrieved[:5]
    ]

"""The few words Wijzer adds around extracted sentences, in the question's language and per persona.

Framing never states facts: every factual sentence in an answer is copied from a cited passage.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.types import Passage, Persona
from bot.language import Language
from bot.retrieval.answer_type import MOMENTS, AnswerType, has_date, has_frequency, has_period

INTRO: dict[tuple[Language, Persona], str] = {
    ("nl", "ambtenaar"): "Dit zeggen de bronnen, met het oog op de rol van de gemeente:",
    ("nl", "collectief"): "Dit zeggen de bronnen, met het oog op uw collectief:",
    ("en", "ambtenaar"): "This is what the sources say, from the municipality's point of view (quoted in the "
    "language of the source):",
    ("en", "collectief"): "This is what the sources say, from your collective's point of view (quoted in the "
    "language of the source):",
}

# "Hoe lang …?", "Sinds wanneer …?", "Hoe vaak …?" answered by sentences none of which gives a period, a date
# or a frequency: said before them, so that the quoted sentences are not read as what was asked for. It
# speaks of the passages found, not of the sources: another passage may give it ("GEDAAN te Utrecht, 16
# november 2009").
NOT_GIVEN: dict[tuple[Language, AnswerType], str] = {
    ("nl", "duration"): "Let op: de gevonden passages noemen geen termijn of duur.",
    ("nl", "date"): "Let op: de gevonden passages noemen geen datum.",
    ("nl", "frequency"): "Let op: de gevonden passages noemen niet hoe vaak.",
    ("en", "duration"): "Note: the passages found give no period or time limit.",
    ("en", "date"): "Note: the passages found give no date.",
    ("en", "frequency"): "Note: the passages found do not say how often.",
}


def not_given_note(asked: AnswerType | None, sentences: Sequence[str], language: Language) -> str:
    """The NOT_GIVEN line for a date, period or frequency question none of whose quoted sentences gives what
    it asks ("" otherwise). "Tot wanneer …?" is answered by a period too: "uiterlijk dertien weken voor …";
    "Hoe vaak …?" only by a rate ("jaarlijks"), not by a period ("binnen twee maanden")."""
    if asked not in MOMENTS:
        return ""
    gives = has_frequency if asked == "frequency" else lambda s: has_period(s) or has_date(s)
    if any(gives(s) for s in sentences):
        return ""
    return NOT_GIVEN[(language, asked)]


OUTDATED: dict[Language, str] = {
    "nl": "Let op: {titles} is een verouderde wetstekst (versie {dates}); controleer de actuele tekst op "
    "wetten.overheid.nl.",
    "en": "Note: {titles} is an outdated version of the statute ({dates}); check the current text on "
    "wetten.overheid.nl.",
}

REFUSAL: dict[Language, str] = {
    "nl": "Dat staat niet in de bronnen. Wijzer antwoordt alleen vanuit {corpus}. Stel gerust een vraag "
    "over bijvoorbeeld de rollen van burgercollectieven, samenwerking met de gemeente, het "
    "uitdaagrecht, wooncoöperaties, energiegemeenschappen of subsidies.",
    "en": "The sources do not cover this. Wijzer only answers from {corpus}. Feel free to ask about, for "
    "example, the roles of citizen collectives, cooperation with the municipality, the right to "
    "challenge, housing cooperatives, energy communities or subsidies.",
}

# "Welk artikel …?": the articles the quoted statute sentences come from, named before them (metadata of
# the cited passages, so no fact of its own)
WHICH_ARTICLE: dict[Language, str] = {"nl": "Het gaat om {articles}.", "en": "The provision: {articles}."}


def article_line(passages: Sequence[Passage], language: Language) -> str:
    """ "Het gaat om art. 4 (Europees Handvest inzake lokale autonomie)." for the cited statute passages, in
    citation order; "" when none is an article."""
    named = dict.fromkeys(
        f"{p.location} ({p.short_title or p.title.split(',')[0]})" for p in passages if p.article
    )
    if not named:
        return ""
    joiner = " en " if language == "nl" else " and "
    return WHICH_ARTICLE[language].format(articles=joiner.join(list(named)[:3]))


EMPTY_QUESTION: dict[Language, str] = {
    "nl": "Stel een vraag, bijvoorbeeld: Wat is het uitdaagrecht?",
    "en": "Please ask a question, for example: What is the right to challenge?",
}


def corpus_phrase(titles: list[str], language: Language) -> str:
    essay = (
        "het essay ‘Burgercollectieven aan het roer?’ (De Moor e.a., 2025)"
        if language == "nl"
        else "the essay ‘Burgercollectieven aan het roer?’ (De Moor et al., 2025)"
    )
    if not titles:
        return essay
    joiner = " en " if language == "nl" else " and "
    rest = ", ".join(titles)
    return f"{essay}{joiner}{'deze wet- en verdragsteksten' if language == 'nl' else 'these legal texts'}: {rest}"


def outdated_note(passages: Sequence[Passage], language: Language) -> str:
    """The warning line for cited statute texts older than the current consolidation ("" when none)."""
    outdated = [p for p in passages if p.outdated]
    if not outdated:
        return ""
    titles = sorted({p.title.split(",")[0] for p in outdated})
    dates = sorted({p.version_date or "?" for p in outdated})
    return "\n\n" + OUTDATED[language].format(titles=", ".join(titles), dates=", ".join(dates))

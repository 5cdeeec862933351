"""Elliptical follow-ups: "En bij een zorgcoöperatie?", "En de Herenboeren?", "And for housing
cooperatives?" ask the previous question again about another thing. Without an LLM to condense the
conversation, such a question is rewritten into the previous one with that thing swapped in, before it is
searched for and answered: its own words name only the new thing, and the previous answer's words are
about the old one (the zorgcoöperatie question was refused, searched for with the Energiewet's words).

Only a swap the words show is made: a name for a name, a compound for one with the same head
("zorgcoöperatie" for "energiecoöperatie"), or the modifier of a shared head ("housing" for "energy"
before "cooperatives"). Anything else ("En in 2023?", "En als de raad dat niet wil?") is left to the
follow-up handling of ``query.build_query``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer.types import Turn
from bot.retrieval.analysis import Analyzer, fold
from bot.retrieval.query import PROPER_NAME, points_back

# "En bij een zorgcoöperatie?", "Maar voor de Woningwet?", "En hoe zit het met de Herenboeren?",
# "What about housing cooperatives?", "And for care?": an opening, then what the ellipsis adds
_ELLIPSIS = re.compile(
    r"^(?:(?:en|and|maar|but)\s+)?(?:(?:hoe\s+(?:zit|zat)\s+het|wat)\s+(?:dan\s+)?met|what\s+about|how\s+about)?"
    r"\s*(?P<rest>.*?)[\s?!.]*$",
    re.IGNORECASE,
)
# a clause of its own is no ellipsis: "En als de raad dat niet wil?", "En waarom ontstaan die?"
_CLAUSE = frozenset(
    """wat wie waar wanneer waarom hoe welke welk hoeveel als indien tenzij niet geen is zijn kan kunnen moet
    mag heeft hebben wordt doet what who where when why how which if unless not no is are can must may has
    have does do""".split()
)
MAX_ELLIPSIS_WORDS = 5
MIN_SHARED_HEAD = 6  # letters two compounds end in to share their head ("coöperatie")


def condense(question: str, history: Sequence[Turn], analyzer: Analyzer) -> tuple[str, list[Turn]]:
    """The question as it stands alone, and its history with each elliptical question of the user
    rewritten the same way (so "Wat zegt de Wmo daarover?" after "En bij een zorgcoöperatie?" reads the
    zorgcoöperatie question, not the energiecoöperatie one it was said after). An ellipsis becomes the
    previous question (itself condensed) with the new thing swapped in; any other question stays as
    asked. Every turn stays: the rewritten question is no follow-up, so the earlier turns only lend it
    background terms."""
    turns: list[Turn] = []
    asked = ""  # the latest question, condensed
    for turn in [*history, Turn("user", question)]:
        if turn.role == "user":
            asked = (swap(turn.content, asked, analyzer) if asked else "") or turn.content
            turn = Turn("user", asked)
        turns.append(turn)
    return turns[-1].content, turns[:-1]


def swap(question: str, previous: str, analyzer: Analyzer) -> str:
    """``previous`` with the thing ``question`` names swapped in, when ``question`` is an ellipsis of it
    ("En bij een zorgcoöperatie?" after "Welke rol kan de gemeente spelen bij een energiecoöperatie?");
    '' when it is none or no swap shows."""
    rest = _elliptical_rest(question)
    if not rest:
        return ""
    tokens = re.findall(r"[\w'-]+", rest)
    named = [t for t in tokens if analyzer.analyze(t)]
    if not named:
        return ""
    capitalized = [t for t in tokens if t[:1].isupper()]
    names = PROPER_NAME.findall(previous)  # not its first word (see PROPER_NAME)
    if capitalized and names:  # "En de Herenboeren?" after "Hoeveel leden heeft Energie Samen?"
        return _replace(previous, names[-1], " ".join(tokens[tokens.index(capitalized[0]) :]))
    previous_words = re.findall(r"[\w'-]+", previous)
    for word in named:
        for i, earlier in enumerate(previous_words):
            if fold(earlier) != fold(word) and _same_head(word, earlier, analyzer):
                return _replace(previous, earlier, word)
            if _same_stem(word, earlier, analyzer):  # "housing cooperatives" after "energy cooperatives"
                swapped = _swap_modifier(
                    previous, (_word_before(tokens, word), word), previous_words, i, analyzer
                )
                if swapped:
                    return swapped
    return ""


def _swap_modifier(
    previous: str, new: tuple[str, str], previous_words: Sequence[str], at: int, analyzer: Analyzer
) -> str:
    """``previous`` with the content word before its ``at``-th word replaced by the one before the same
    word in the ellipsis (``new``: that word and the shared one); '' when either has none."""
    before, word = new
    earlier = previous_words[at]
    before_earlier = previous_words[at - 1] if at > 0 else ""
    if not (before and before_earlier and analyzer.analyze(before) and analyzer.analyze(before_earlier)):
        return ""
    if fold(before) == fold(before_earlier):
        return ""
    return _replace(previous, f"{before_earlier} {earlier}", f"{before} {word}")


def _elliptical_rest(question: str) -> str:
    """What an ellipsis adds ("bij een zorgcoöperatie" of "En bij een zorgcoöperatie?"); '' for a
    question that is none: no opening "en", "and", "what about" …, a clause of its own, pointing back, or
    too long."""
    stripped = question.strip()
    match = _ELLIPSIS.match(stripped)
    if match is None or match.start("rest") == 0 or points_back(stripped):  # no opening, or pointing back
        return ""
    rest = match.group("rest")
    words = [fold(w) for w in re.findall(r"[\w'-]+", rest)]
    if not words or len(words) > MAX_ELLIPSIS_WORDS or any(w in _CLAUSE for w in words):
        return ""
    return rest


def _same_head(word: str, other: str, analyzer: Analyzer) -> bool:
    """Two different compounds, or a compound and a word, that end in the same part: "zorgcoöperatie" and
    "energiecoöperatie" (analyzed as the compound, then its parts)."""
    mine, theirs = analyzer.analyze(word), analyzer.analyze(other)
    if not mine or not theirs or mine[0] == theirs[0]:
        return False
    if (len(mine) > 1 or len(theirs) > 1) and mine[-1] == theirs[-1]:
        return True
    # a compound the corpus does not split ("wooncoöperatie"): the same long ending
    a, b = fold(word), fold(other)
    shared = next((n for n in range(min(len(a), len(b)), 0, -1) if a[-n:] == b[-n:]), 0)
    return shared >= MIN_SHARED_HEAD and max(len(a), len(b)) - shared >= 3


def _same_stem(word: str, other: str, analyzer: Analyzer) -> bool:
    mine, theirs = analyzer.analyze(word), analyzer.analyze(other)
    return bool(mine) and mine[:1] == theirs[:1]


def _word_before(words: Sequence[str], word: str) -> str:
    at = words.index(word)
    return words[at - 1] if at > 0 else ""


def _replace(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text, count=1)

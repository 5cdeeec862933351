"""What to search for: the question's own terms, synonym expansions and, for follow-ups, the salient
terms of earlier turns ("Hoeveel leden heeft die organisatie?" after a question about Energie Samen)."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.answer.framing import REFUSAL
from bot.answer.types import Turn
from bot.language import Language, detect_language
from bot.retrieval.analysis import INITIALISM, STOPWORDS, Analyzer, fold, undotted, words
from bot.retrieval.answer_type import COUNTS, DEFINES, LEGAL_SENSE, asked_type, counted_word, list_noun
from bot.retrieval.articles import (
    all_articles,
    article_numbers,
    article_term,
    paragraph_reference,
    paragraph_term,
    reference_groups,
    without_references,
)
from bot.retrieval.asker import split_asker_roles
from bot.retrieval.lexical import MIN_FIRST_PART, MIN_REST
from bot.retrieval.synonyms import SynonymTable

QUESTION_WEIGHT = 1.0
SYNONYM_WEIGHT = 0.5
TRANSLATION_WEIGHT = 0.8
ENGLISH_WORD_WEIGHT = 0.3  # an English question's own word that has a Dutch translation
HISTORY_WEIGHT = 0.6
BACKGROUND_HISTORY_WEIGHT = 0.25
ANSWER_WEIGHT = 0.3  # the previous answer's words, for a follow-up
# of its first sentences only: they say what it is about, and a list it quotes item by item ("lid 2,
# onder a: …", "onder b: …") would otherwise outvote the question with the list's own words
ANSWER_LINES = 3
DEFINITION_WEIGHT = 0.5  # "Wat is een subsidie?": the passage that defines the term (answer_type.DEFINES)
COUNT_WEIGHT = 0.5  # "Hoeveel leden …?": a passage on the number of members (answer_type.COUNTS)
MIN_REFERENT_IDF = 2.0  # a word in ~15 % of the passages or more ("recht", "burger") is no referent
SPECIFIC_IDF = 4.0  # a word in at most ~2 % of the passages names a topic ("uitdaagrecht", not "leden")
HEAD_WEIGHT = 0.8  # a corpus compound that a question word the corpus never uses alone ends ("plafond")
ORDINAL_REACH = 3  # an ordinal points into one of the last three answers (see pointed_item)
ITEM_WEIGHT = 1.0  # the list item a follow-up points at ("de eerstgenoemde organisatie", "the last one")
# a word of a synonym phrase the corpus never writes ("right" of "right to challenge"): alone it finds
# another thing ("the right to participate"); the phrase's synonyms (uitdaagrecht) stand in for it
ABSENT_PHRASE_WEIGHT = 0.3
# an everyday verb of the question ("zitten erover te denken", "zien ze problemen"): rare in the corpus, so
# a high idf, yet seldom what is asked about (COMMON_VERBS)
EVERYDAY_VERB_WEIGHT = 0.75
# what the asker says they are ("Moeten we als energiecoöperatie …"; bot/retrieval/asker.py): who asks, not
# what is asked about
ASKER_WEIGHT = 0.6

# Words that point at an item of the previous answer's list, and which item (0 = first, -1 = last).
_ORDINALS = {
    "eerste": 0, "eerstgenoemde": 0, "first": 0, "former": 0,
    "tweede": 1, "second": 1, "derde": 2, "third": 2, "vierde": 3, "fourth": 3, "vijfde": 4, "fifth": 4,
    "zesde": 5, "sixth": 5, "zevende": 6, "seventh": 6, "achtste": 7, "eighth": 7,
    "laatste": -1, "laatstgenoemde": -1, "last": -1, "latter": -1,
}  # fmt: skip

_ANAPHORA = frozenset(
    """die deze dat dit daar daarbij daarvan daarin daarmee daarvoor hun zij ze hij hen zo'n zulke
    diezelfde hetzelfde ervan erin erbij ermee they them their it its that those this these such
    there he she his her eerstgenoemde laatstgenoemde genoemde bovengenoemde vorige eerder eerdere
    former latter mentioned previous above daarover daarop daaraan daartoe daaruit daardoor erover erop
    eraan hierover hiervan hierbij hiermee hierin""".split()
)
# Words that frame a question without naming what it asks about: "Hoe pakken we dat aan?"; "de definitie
# van" asks for a definition (answer_type), not for "per definitie" (the verb stays: "Hoe definieert …"
# finds "kan gedefinieerd worden als"); "Welk artikel gaat daarover?", "Which article covers this?" ask
# for the passage of a law (an article with a number is asked for by its metadata:
# bot/retrieval/articles.py). As terms, "artikel" found every law passage citing another article ("als
# bedoeld in artikel 393"). With a numbered article, the verb that asks for its content frames it too.
# "Wanneer noem je iets een burgercollectief?" asks what one is ("noem" found "Bovengenoemde factoren");
# "Wat verstaat het Handvest onder …?" too ("verstaat" found the Charter's "andere Staten").
# "Waar is dat wettelijk vastgelegd?" asks for the laws (answer_type.asks_legal_basis), not for the Charter's
# "Wettelijke bescherming van lokale autonomie".
_ARTICLE_FRAME = re.compile(
    r"\b(?:regelt|regelen|bepaalt|bepalen|behelst|inhoud|provides?|covers?|contains?)\b", re.IGNORECASE
)
_FRAME = frozenset(
    """gaat gaan ging artikel artikelen wetsartikel wetsartikelen bepaling bepalingen article articles
    provision provisions pakken pakt definitie definities definition definitions betekenis meaning
    wettelijk wettelijke vastgelegd vastleggen legally statutory noem noemt noemen noemde noemden verstaat
    verstaan geregeld""".split()
)
# Words of a question's grammar and small talk ("could they end up charging more", "new to NL here",
# "we're", "the same thing"; "een soort beleidsplan", "m'n", "zn dochter", "het ding"). Most Dutch ones are
# the index's stopwords (analysis.STOPWORDS); the English list there is short because the treaties' English
# text is indexed too. As things to find these were each a concept no passage covers: three or four of
# them made a covered question "weak evidence", or an answer quote the treaties' "one or more".
_FILLER = frozenset(
    """daarnaast bovendien trouwens soort ding dingen ie zn m'n mn 't
    up out off back ahead aside one ones more most same any anything some all each every few
    like way end get gets got go goes going come comes make makes take takes here while whose thing
    things kind whatever meanwhile typically roughly actually basically simply really we're i'm you're
    they're they'll we'll it's what's that's there's doesn't don't isn't aren't can't us herself himself
    itself themselves ourselves myself
    letten let beste best keep mind bear attention hoi hallo hey hi
    helemaal natuurlijk laatst onlangs ineens opeens zomaar nogal misschien wellicht sowieso weleens ooit
    zelfs allemaal erg heel echt eventjes honestly anyway btw maybe perhaps probably recently lately
    suddenly literally now ours yours theirs something someone somebody anyone anybody everything nothing
    because until again once further both nor too""".split()
)


# The verb of a fixed phrase around the question's noun ("welke rollen kunnen ze spelen", "welke eisen
# stelt de wet", "what roles can they play"): a rare word, so it weighed more than the noun, and "de rollen
# die burgercollectieven kunnen spelen" or "die zich ten doel stelt" covered the question better than the
# list or the conditions it asks for. The composer weighs it as the question's lightest other concept.
LIGHT_VERBS = ("spelen", "speelt", "stellen", "stelt", "vervullen", "vervult", "play", "plays", "fulfil")
# Everyday verbs, rare in statutes and the essay (so a high idf) but never the thing a conversation is
# about: "voor wie in aanmerking komt" made *komt* the referent of the next question's "daar".
COMMON_VERBS = frozenset(
    """komt komen kwam gaat gaan ging ligt liggen krijgt krijgen kreeg maakt maken deed laat laten zit
    zitten blijft blijven houden valt vallen neemt nemen zet zetten brengt brengen vindt vinden denkt
    denken weet weten ziet zien kijkt kijken loopt lopen zoekt zoeken wilt willen""".split()
)


@functools.lru_cache(maxsize=4)  # one analyzer per index version: a few at most in a process's life
def everyday_verb_stems(analyzer: Analyzer) -> frozenset[str]:
    """The stems of ``COMMON_VERBS``, worked out once per index's analyzer (not once per question)."""
    return frozenset(t for verb in COMMON_VERBS for t in analyzer.analyze(verb))


@dataclass(frozen=True)
class SearchQuery:
    text: str  # the question as asked
    dense_text: str  # what is embedded (question, plus the previous question for follow-ups)
    terms: tuple[tuple[str, float], ...]  # analyzed lexical terms with weights
    core_terms: tuple[str, ...]  # analyzed terms of the question itself (for evidence checks)
    follow_up: bool
    concepts: tuple[Concept, ...] = ()  # the things the question asks about
    # per term of ``terms``: the question word it comes from (a compound's stem for the compound and its
    # parts; the term itself otherwise), so that lexical search counts a compound once (docs/retrieval.md)
    term_words: tuple[str, ...] = ()
    # the articles the question names, one group per reference: ("18a",), ("4:25",); a range spelled out
    # ("artikelen 63f tot en met 63j": ("63f", "63g", "63h", "63i", "63j"))
    article_groups: tuple[tuple[str, ...], ...] = ()
    paragraph: int | None = None  # the paragraph (lid) of the article it names ("artikel 150 lid 3")
    listed: frozenset[str] = frozenset()  # the stems of what a list question asks for ("Welke rollen …?")
    item: str = ""  # the item of the previous answer an ordinal points at ("de tweede rol")
    counted: frozenset[str] = frozenset()  # the stems of what a how-many question asks to count
    asker: frozenset[str] = frozenset()  # the stems of what the asker says they are, and nothing else

    @property
    def articles(self) -> tuple[str, ...]:
        """The article numbers the question names ("18a", "4:25"), ranges spelled out."""
        return all_articles(self.article_groups)

    @property
    def defined(self) -> frozenset[str]:
        """The stems a definition question asks the definition of (its ``DEFINES`` terms)."""
        return frozenset(t.removeprefix(DEFINES) for t, _ in self.terms if t.startswith(DEFINES))


# "Wat is het verschil tussen participatie en zelfbestuur?": the frame of a comparison asks for nothing
# itself; as a term "verschil" found the Awb's "verschillen tussen de begrote en werkelijke uitgaven"
_COMPARISON = re.compile(r"\b(?:verschil|verschillen|difference|differences)\s+(?=tussen\b|between\b)")
# "Hoe lang duurt het voordat de gemeente beslist?": "duurt het voordat" frames a question for a period ("hoe
# lang" stays, answer_type reads it); as terms "voordat" found the Wmo's "Voordat het onderzoek van start
# gaat", and "duurt" is rare. ("Moeten we met omwonenden praten voordat we aanvragen?" keeps its "voordat".)
_DURATION_FRAME = re.compile(
    r"(?<=\bhoe lang )(?:duurt|duren|duurde)(?: (?:het|dat|dit))?(?: (?:voordat|totdat|tot|eer))?\b"
)
# How the asker puts it, not what they ask about: "Eerlijk gezegd ben ik zo'n beetje de enige die …" searched
# a rare "eerlijk" (fair) and "zeg"; "to be honest", "more or less" likewise.
_SMALL_TALK = re.compile(
    r"\b(?:eerlijk gezegd|om eerlijk te zijn|zo'n beetje|een beetje|kort gezegd|anders gezegd|met andere woorden|"
    r"to be honest|to be fair|more or less|kind of|sort of)\b"
)


# A law the question names: "de Aanbestedingswet", "de Wet op het overleg huurders verhuurder", "the
# Procurement Act", "the Environment and Planning Act".
LAW = re.compile(
    r"\b[A-Z][a-zà-ÿ]*wet\b|\bWet(?:\s+[a-zà-ÿ0-9]+){1,7}|\b(?:[A-Z][a-z]+\s+(?:and\s+|of\s+|on\s+)?){1,5}Act\b"
)


# A name the question capitalizes: "Utrecht", "Energie Samen" (not its first word, nor one after a full stop).
# "Energie Samen", "Rotterdam-Zuid", "Zeeuws-Vlaanderen": one name
PROPER_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zà-ÿ]{2,}(?:[\s-][A-Z][a-zà-ÿ]+)*)")


def referent_concepts(
    earlier: str,
    analyzer: Analyzer,
    idf: Callable[[str], float] | None = None,
    synonyms: SynonymTable | None = None,
    mentions: Mapping[str, int] | None = None,
) -> tuple[Concept, ...]:
    """What "die organisatie" or "daarover" stands for: the names the earlier question used ("Wat doet
    Energie Samen?"), else its most salient word, with that word's synonyms ("daarover" after "Wat is het
    uitdaagrecht?" is also what Gemeentewet art. 150 calls "taken … uitvoeren"); the answer should be
    about that, not about any organisation. Salient is specific (idf) and talked about: a word's idf
    times how often the conversation (its questions and answers) names it (``mentions``, by stem; the
    earlier question's own words without it), so after "Onze zorgcoöperatie vraagt geld aan. Wanneer is
    iets een subsidie?" and two turns on subsidies, "dat" is the subsidy, not the zorgcoöperatie named
    once. The question's verb is no referent ("Waarom zie je …", "Krijgen collectieven …"), nor an
    everyday verb (``COMMON_VERBS``)."""
    names = [stems for name in PROPER_NAME.findall(earlier) if (stems := analyzer.analyze(name))]
    if names:
        return tuple(Concept.of(stems) for stems in names)
    if idf is None:
        return ()
    verbs = {t for verb in _finite_verbs(earlier) for t in analyzer.analyze(verb)} | everyday_verb_stems(
        analyzer
    )
    stems = analyzer.analyze(earlier)
    candidates = [t for t in stems if idf(t) >= MIN_REFERENT_IDF and t not in verbs]
    if not candidates:
        return ()
    counts = mentions if mentions is not None else Counter(stems)

    def salience(stem: str) -> float:
        return idf(stem) * max(counts.get(stem, 0), 1)

    best = max(candidates, key=salience)
    if salience(best) < SPECIFIC_IDF:
        return ()
    if synonyms is not None:
        named = [c for c in question_concepts(earlier, analyzer, synonyms) if best in c.own_terms]
        if named:
            return (named[0],)
    return (Concept.of([best]),)


_WH_WORDS = frozenset("wat wie waar wanneer waarom hoe what who where when why how".split())


def _finite_verbs(question: str) -> list[str]:
    """The words that are most likely the finite verb of each sentence of a question: Dutch and English
    questions put it first ("Krijgen collectieven …?", "Does it …?") or right after the question word
    ("Waarom zie je …?"); after "welke", "hoeveel" or "which" a noun comes first, and is kept."""
    verbs = []
    for sentence in re.split(r"(?<=[.!?])\s+", fold(question)):
        found = re.findall(r"[\w'-]+", sentence)
        if found:
            verbs.append(found[1] if found[0] in _WH_WORDS and len(found) > 1 else found[0])
    return verbs


def is_comparison(question: str) -> bool:
    """Does the question compare: "Wat is het verschil tussen X en Y?", "the difference between X and Y"?"""
    return _COMPARISON.search(fold(question)) is not None


def _question_words(question: str) -> list[str]:
    """Folded words as asked, hyphenated ones whole ("co-creatie") and "zo'n" as one word; the frame of a
    comparison ("het verschil tussen", "the difference between") left out."""
    unframed = _SMALL_TALK.sub(
        "", LEGAL_SENSE.sub("", _DURATION_FRAME.sub("", _COMPARISON.sub("", fold(question))))
    )
    found = re.findall(rf"'?{INITIALISM}|[\w'-]+", unframed)  # "'U.A.'" is ua
    return [undotted(w) for w in found]


def named_words(question: str) -> list[str]:
    """The question's folded words, without those that point back ("de eerstgenoemde", "the latter"),
    only frame it ("Welk artikel gaat …") or are small talk ("the last one", "end up", "m'n"): they name
    nothing to search for themselves."""
    found = _question_words(question)
    return [
        w
        for i, w in enumerate(found)
        if w not in _ANAPHORA
        and w not in _FRAME
        and w not in _FILLER
        and not (w in _DIMENSIONS and i and found[i - 1] in ("hoe", "how"))
    ]


# "Hoe groot was het vertrouwen …?", "How large is …?" ask for an amount: as a term "groot" found the
# Awb's "de grootte van het exploitatiesaldo". ("hoe lang", "hoe hoog" stay: "hoe de hoogte van de
# vergoeding wordt bepaald" is how the corpus shows it does not state the amount of a subsidy.)
_DIMENSIONS = frozenset("groot large big".split())


# "one" as a pronoun: "How many of us do we need to set one up?", "Can we join one?" ("one or more", "one
# municipality" count)
_PRONOUN_ONE = re.compile(r"\bone\s+up\b|\bone\s*[?!.]")


def points_back(question: str) -> bool:
    """Does the question refer to something said before ("die organisatie", "they", "set one up")?"""
    return any(w in _ANAPHORA for w in _question_words(question)) or bool(_PRONOUN_ONE.search(fold(question)))


_DEMONSTRATIVES = frozenset("die deze diezelfde zo'n zulke this these those such".split())


def pointed_compound(question: str, conversation: Sequence[str]) -> str:
    """The compound of the conversation that the noun after a demonstrative ends in, named most often
    (the latest on a tie): "dat plan" → "coöperatieplan", "dat recht" → "uitdaagrecht", "zo'n
    coöperatie" → "zorgcoöperatie"; '' when the conversation has none."""
    nouns = [
        n
        for n in _words_after(question, _DEMONSTRATIVES | _POINTING)
        if len(n) >= MIN_POINTED_NOUN and n not in STOPWORDS
    ]
    if not nouns:
        return ""
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for at, text in enumerate(conversation):
        for word in words(text):
            if any(word.endswith(n) and len(word) >= len(n) + MIN_POINTED_NOUN for n in nouns):
                counts[word] += 1
                order[word] = at
    if not counts:
        return ""
    return max(counts, key=lambda w: (counts[w], order[w]))


_POINTING = frozenset("dat dit that this".split())  # before a noun, as in "dat plan"
MIN_POINTED_NOUN = 3


def _pointed_nouns(question: str) -> list[str]:
    """The words right after a demonstrative ("die organisatie", "zo'n coöperatie", "this network"): they
    name what the question points back at. ("dat", "dit" and "that" are left out: as often a pronoun or a
    conjunction, "Moet elke gemeente dat regelen?")."""
    return _words_after(question, _DEMONSTRATIVES)


def _words_after(question: str, markers: Collection[str]) -> list[str]:
    """The question's words that follow one of ``markers`` ("organisatie" of "die organisatie")."""
    found = _question_words(question)
    return [found[i + 1] for i, w in enumerate(found[:-1]) if w in markers]


_CONTINUES = re.compile(r"(en|and|maar|but|dus|so|of|or)\b")  # "En als ik daarna …", "And how …"
# "Welke taken kunnen bewoners dan overnemen?", "So how do they grow then?": "dan"/"then" builds on what was
# said; not a comparison ("meer dan", "anders dan", "groter dan") nor "dan wel" (or)
_THEN = re.compile(
    r"(?<!\bmeer )(?<!\bminder )(?<!\banders )(?<!\bander )(?<!\w\wer )\b(?:dan(?! wel\b)|then)\b"
)


def is_follow_up(
    question: str,
    analyzer: Analyzer,
    idf: Callable[[str], float] | None = None,
    synonyms: SynonymTable | None = None,
) -> bool:
    """Points back, continues ("En als ik daarna …", "And how …"), or is too short to stand alone: at
    most two content words, none of them specific
    ("En in 2023?", "Hoeveel leden?"). A short question that names something specific, a word found in
    few passages (``idf`` ≥ SPECIFIC_IDF: "Wat is het uitdaagrecht?") or a synonym phrase for one ("What
    is the right to challenge?", whose words the corpus never writes together), opens a topic of its own."""
    folded = fold(question)
    if points_back(question) or _CONTINUES.match(folded.strip()) or _THEN.search(folded):
        return True
    # an ordinal ("En de tweede?", "the last one") names no topic of its own
    named = [w for w in named_words(question) if w not in _ORDINALS]
    if len(analyzer.analyze(" ".join(named))) > 2:
        return False
    if idf is None:
        return True
    english = detect_language(question) == "en"

    def rare(word: str) -> bool:
        return any(idf(t) >= SPECIFIC_IDF for t in analyzer.analyze(word))

    def specific(word: str) -> bool:
        # an English word is as specific as the Dutch the corpus writes for it: "member" is rare here
        # only because the corpus is Dutch ("Who can be a member?" after a question on energy communities)
        dutch = dutch_words(word, english, synonyms) if synonyms is not None else ()
        return rare(word) and (not dutch or any(rare(d) for d in dutch))

    phrases = synonyms.phrase_synonyms(question) if synonyms is not None else []
    return not any(specific(w) for w in named) and not any(rare(phrase) for phrase in phrases)


def definition_sentence(question: str) -> str:
    """The sentence of a definition question that asks it: "Wat is eigenlijk een burgercollectief? Ik hoor
    die term steeds vaker." asks what a burgercollectief is; the remark after it names nothing to define
    (as terms its rare words outweighed the definition). With the sentences before it when it points back
    ("… prefigurative politics. What is meant by that?"); the whole question when no one sentence asks it."""
    sentences = [s for s in _SENTENCE_END.split(question.strip()) if s]
    asking = [i for i, s in enumerate(sentences) if asked_type(s) == "definition"]
    if len(sentences) < 2 or len(asking) != 1:
        return question
    first = 0 if points_back(sentences[asking[0]]) else asking[0]
    return " ".join(sentences[first : asking[0] + 1])


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

# "In het stuk over wooncoöperaties valt het woord decommodificatie. Wat betekent dat?", "'veerkrachtige
# wijken'": the term a definition question names or quotes is what it asks to define (not the wooncoöperatie,
# which Woningwet art. 18a defines)
_NAMED_TERM = re.compile(
    r"\b(?:het woord|de term|het begrip|de uitdrukking|the word|the term|the concept|the phrase)\s+"
    r"['‘\"“]?([\w-]+)|(?<!\w)['‘\"“]([^'’\"”]{3,40})['’\"”](?!\w)",
    re.IGNORECASE,
)


def named_terms(question: str) -> list[str]:
    """The terms a question names ("het woord X", "the term X") or quotes."""
    return [m.group(1) or m.group(2) for m in _NAMED_TERM.finditer(question)]


def build_query(
    question: str,
    history: Sequence[Turn],
    analyzer: Analyzer,
    synonyms: SynonymTable,
    history_turns: int = 2,
    idf: Callable[[str], float] | None = None,
    compounds_ending_in: Callable[[str], list[str]] | None = None,
    compounds_starting_with: Callable[[str], list[str]] | None = None,
    language: Language | None = None,
) -> SearchQuery:
    """The search for ``question`` in its conversation (asked in ``language``; detected from ``question``
    when not given); ``idf`` (the lexical index's) tells a short question that opens a topic from a vague
    follow-up. An article reference ("artikel 18a") is no
    search term: it is asked for as the article (``articles``, found through the passages' metadata)."""
    article_groups = reference_groups(question)
    articles = all_articles(article_groups)
    asked_words = question
    if articles:  # "Wat regelt artikel 7 …?": the reference and the verb that asks for its content
        asked_words = _ARTICLE_FRAME.sub(" ", without_references(question))
    elif asked_type(question) == "definition":  # "Wat is een X? Ik hoor die term vaak.": what X is
        asked_words = definition_sentence(question)
    asked_words = analyzer.join_separable(asked_words)  # "Hoe lossen zij dat op?": "oplossen", one word
    by_word = [analyzer.analyze(w) for w in named_words(asked_words)]
    core = [t for stems in by_word for t in stems]
    # a compound and its parts name one thing: "burgercollectief" is not asked for three times
    word_of: dict[str, str] = {}
    for stems in by_word:
        for t in stems:
            word_of.setdefault(t, stems[0])
    in_absent_phrase = {
        t for phrase in absent_phrases(asked_words, analyzer, synonyms) for t in analyzer.analyze(phrase)
    }
    everyday = everyday_verb_stems(analyzer)
    # (a question that names an article finds it by number: its words name the document, in its language)
    translated = set() if articles else _translated_stems(asked_words, analyzer, synonyms)
    asked_about, roles = split_asker_roles(asked_words)
    asker = frozenset(t for w in roles for t in analyzer.analyze(w)) - {
        t for w in named_words(asked_about) for t in analyzer.analyze(w)
    }
    terms: list[tuple[str, float]] = [
        (
            t,
            ASKER_WEIGHT
            if t in asker
            else ABSENT_PHRASE_WEIGHT
            if t in in_absent_phrase
            else EVERYDAY_VERB_WEIGHT
            if t in everyday
            else ENGLISH_WORD_WEIGHT
            if t in translated
            else QUESTION_WEIGHT,
        )
        for t in core
    ]
    # the asker's role is searched for as its own word only, not as its synonyms and translations
    meant = [t for t in meant_terms(asked_about, analyzer, synonyms) if t not in core]
    terms += [(t, QUESTION_WEIGHT) for t in meant]
    terms += _expansion_terms(asked_about, analyzer, synonyms, set(core) | set(meant), SYNONYM_WEIGHT)
    terms += _translation_terms(asked_about, analyzer, synonyms, TRANSLATION_WEIGHT)
    concepts = question_concepts(asked_words, analyzer, synonyms)
    if idf is not None and compounds_ending_in is not None:
        heads = _compound_heads(core, idf, compounds_ending_in, compounds_starting_with)
        tails = _compound_tails(core, idf, heads)
        # an unknown compound's first part, in a Dutch question only: "cooperatives" is no compound of "cooper…"
        if compounds_starting_with is not None and (language or detect_language(question)) == "nl":
            heads |= _first_part_heads(core, idf, compounds_starting_with, heads.keys() | tails.keys())
        searched = {stem: tail for stem, tail in tails.items() if tail not in core}  # not split off already
        found_for = {**heads, **{stem: [tail] for stem, tail in searched.items()}}
        terms += [(t, HEAD_WEIGHT) for found in found_for.values() for t in found]
        word_of.update({t: word_of.get(stem, stem) for stem, found in found_for.items() for t in found})
        concepts = tuple(_with_compounds(c, heads, tails) for c in concepts)
    paragraph = paragraph_reference(question) if articles else None
    if articles:  # any of the named articles answers ("artikelen 149 en 150", "2:53 BW" as BW 2, art. 53)
        marks = tuple(article_term(a) for a in article_numbers(articles))
        concepts += (Concept(tuple(frozenset([m]) for m in marks), marks[:1]),)
    if paragraph is not None:  # "lid 3": the sentences of that paragraph
        concepts += (Concept.of([paragraph_term(paragraph)]),)
    if asked_type(question) == "definition":
        # the term it names or quotes, in all the ways its concept is found ("'het plafond' bereikt": the
        # subsidieplafond that Awb 4:22 defines, the compound the corpus uses it in), else all its concepts
        named = {t for term in named_terms(asked_words) for t in analyzer.analyze(term)}
        asked = [c for c in concepts if named & set(c.own_terms)] if named else concepts
        defined = sorted(named | concept_stems(asked))
        terms += [(DEFINES + stem, DEFINITION_WEIGHT) for stem in defined]
    counted = frozenset(counted_stems(question, concepts, analyzer))
    terms += [(COUNTS + stem, COUNT_WEIGHT) for stem in sorted(counted)]
    asked = resolved_questions(history, analyzer)
    previous = topic_questions(asked, analyzer, history_turns, idf, synonyms)
    said = last_answer(history) if previous else ""
    # "Leg het tweede kenmerk eens uit" names a specific word, yet its ordinal points into an earlier answer
    pointed = pointed_item(question, recent_answers(history) if previous else [], analyzer)
    follow_up = bool(previous) and (bool(pointed) or is_follow_up(question, analyzer, idf, synonyms))
    answer = said if follow_up else ""
    item = pointed or (
        current_referent(asked, analyzer, idf, synonyms) if follow_up and points_back(question) else ""
    )
    dense_text = question
    # Earlier questions always lend some context; a question that points back ("die organisatie") gets
    # much more of it, the previous answer lends its words and the previous question joins the dense
    # query. An ordinal that names an item of the previous answer ("de eerstgenoemde") makes that item
    # the topic: it is searched for instead of the answer's words, and the earlier questions fall back.
    history_weight = HISTORY_WEIGHT if follow_up and not item else BACKGROUND_HISTORY_WEIGHT
    for earlier in previous:
        terms += [(t, history_weight) for t in analyzer.analyze(earlier) if t not in core]
        terms += _translation_terms(earlier, analyzer, synonyms, history_weight * TRANSLATION_WEIGHT)
        terms += _expansion_terms(earlier, analyzer, synonyms, set(core), SYNONYM_WEIGHT * history_weight)
    if item:
        # the ordinal ("de tweede rol") is spent on choosing the item: it is no word to search for
        ordinal = {t for w in _question_words(question) if w in _ORDINALS for t in analyzer.analyze(w)}
        terms = [(t, w) for t, w in terms if t.removeprefix(DEFINES) not in ordinal]
        # "dat eerste netwerk": the noun after the ordinal is what the item is, no second thing asked about
        item_noun = _counted_by_ordinal(question, analyzer)
        concepts = tuple(c for c in concepts if not set(c.own_terms) <= ordinal | item_noun)
        # … so it is searched for as context, like the earlier questions: at full weight "kenmerk" of "het
        # laatste kenmerk" ranked the passages that introduce the list above the one on its last item
        terms = [(t, w * history_weight if t.removeprefix(DEFINES) in item_noun else w) for t, w in terms]
        item_terms = [t for t in analyzer.analyze(item) if t not in core]
        terms += [(t, ITEM_WEIGHT) for t in item_terms]
        dense_text = f"{item} {question}"
        if item_terms:  # what "de eerstgenoemde" stands for is one of the things the question asks about
            concepts += (Concept.of(item_terms),)
    elif follow_up:
        dense_text = f"{previous[-1]} {question}"
        if points_back(question):  # "die organisatie": the thing the question before named is asked about
            said = _conversation_said(history)
            referents = _referents(question, previous, said, analyzer, idf, synonyms)
            if referents:  # "organisatie" of "die organisatie" is that thing, no second one
                # … unless it is what the question counts: "hoeveel van die initiatieven" asks their number
                pointed = _named_pointed_nouns(question, said, referents, analyzer) - counted
                concepts = tuple(c for c in concepts if not set(c.own_terms) <= pointed)
            concepts += referents
        known = set(core) | {t for t, _ in terms}
        lead = "\n".join(answer.splitlines()[:ANSWER_LINES])
        terms += [(t, ANSWER_WEIGHT) for t in dict.fromkeys(analyzer.analyze(lead)) if t not in known]
    return SearchQuery(
        question,
        dense_text,
        tuple(terms),
        tuple(core),
        follow_up,
        concepts,
        tuple(word_of.get(t, t) for t, _ in terms),
        article_groups,
        paragraph,
        listed_stems(question, concepts, analyzer),
        item,
        counted,
        asker,
    )


def _conversation_said(history: Sequence[Turn]) -> list[str]:
    """What each turn of the conversation said: a user's words, and of a reply what it said
    (``answer_text``: a refusal's list of the documents says nothing, nor an extractive answer's framing)."""
    return [answer_text(t.content) if t.role == "assistant" else t.content for t in history]


def _named_pointed_nouns(
    question: str, said: Sequence[str], referents: Sequence[Concept], analyzer: Analyzer
) -> set[str]:
    """The stems of the nouns after a demonstrative that the conversation (or the referent found for
    them) has named: "die organisatie" after an answer on "de organisatie Energie Samen" is that thing, and
    no second one to ask about. A noun it never named is a thing of its own, the part of the referent
    the question asks about: "die commissie" after a turn on the AMHK's complaints procedure, "die
    energiecoöperaties" after one on burgercollectieven, "die gegevens" after the client survey; left
    out, the question's evidence was its verb alone ("uitzien"), and it was refused. ``said``: the
    conversation (``_conversation_said``)."""
    pointed = {t for w in _pointed_nouns(question) for t in analyzer.analyze(w)}
    if not pointed:
        return pointed
    named = {t for text in said for t in analyzer.analyze(text)}
    named |= concept_stems(referents)
    return pointed & named


def _referents(
    question: str,
    previous: Sequence[str],
    said: Sequence[str],
    analyzer: Analyzer,
    idf: Callable[[str], float] | None,
    synonyms: SynonymTable,
) -> tuple[Concept, ...]:
    """What a question that points back points at: the compound of the conversation its pointed noun
    ends ("dat plan" → the coöperatieplan), else the referent of the latest earlier question that is no
    follow-up, else of the latest that names something ("En Lansco?"; "Maken veel groepen daar gebruik
    van?" names nothing, the "Wat houdt het uitdaagrecht in?" before it does). ``said``: the
    conversation (``_conversation_said``)."""
    compound = pointed_compound(question, [*previous, *said])
    if compound:
        return question_concepts(compound, analyzer, synonyms)[:1]
    # the earlier questions are turns of the conversation: their words are counted there, once
    mentions = Counter(t for text in said for t in analyzer.analyze(text))
    topical = [q for q in reversed(previous) if not is_follow_up(q, analyzer, idf, synonyms)][:1]
    for earlier in (*topical, *reversed(previous)):
        found = referent_concepts(earlier, analyzer, idf, synonyms, mentions)
        if found:
            return found
    return ()


def names_what_is_listed(query: SearchQuery, terms: frozenset[str]) -> bool:
    """Do ``terms`` (a list's announcement and its context) name what a list question asks about, besides
    the listed things? "Welke voorwaarden gelden voor een wooncoöperatie?" is not answered by the Awb's
    "… tenzij het betreft de voorwaarde dat:"."""
    others = [c for c in query.concepts if not set(c.own_terms) & query.listed]
    return not others or any(c.found_in(terms) for c in others)


def named_laws(question: str) -> list[str]:
    """The laws a question names by a one-word name, folded ("aanbestedingswet")."""
    return [fold(law) for law in LAW.findall(question) if " " not in law]


def listed_stems(question: str, concepts: Sequence[Concept], analyzer: Analyzer) -> frozenset[str]:
    """What a list question asks for, in every way the question's concepts name it: "Which roles …?"
    finds the essay's "verschillende rollen onderscheiden:" through the translation of "roles"."""
    noun = list_noun(question)
    if noun is None:
        return frozenset()
    own = set(analyzer.analyze(noun))
    named = [c for c in concepts if own & set(c.own_terms)]
    return frozenset(concept_stems(named)) | own


def _compound_heads(
    core: Sequence[str],
    idf: Callable[[str], float],
    compounds_ending_in: Callable[[str], list[str]],
    compounds_starting_with: Callable[[str], list[str]] | None = None,
) -> dict[str, list[str]]:
    """For each question stem the corpus never uses, the compounds it heads there ("Mag de gemeente een
    aanvraag afwijzen als het plafond bereikt is?": "plafond" is the corpus's "subsidieplafond"), else
    those it starts ("franchise": the corpus's "franchisegevers" and "franchisenemers")."""
    heads: dict[str, list[str]] = {}
    for stem in dict.fromkeys(core):
        if idf(stem) > 0:
            continue
        # a specific compound of two words: "voorbeeld" ends "bijvoorbeeld" (for example), no compound of
        # "bij" and found everywhere
        found = [
            t
            for t in compounds_ending_in(stem)
            if idf(t) >= SPECIFIC_IDF and t[: -len(stem)] not in STOPWORDS
        ]
        if not found and compounds_starting_with is not None:
            found = _starting_with(stem, idf, compounds_starting_with)
        if found:
            heads[stem] = found
    return heads


def _first_part_heads(
    core: Sequence[str],
    idf: Callable[[str], float],
    compounds_starting_with: Callable[[str], list[str]],
    settled: Collection[str],
) -> dict[str, list[str]]:
    """For each question stem the corpus never uses that is not ``settled`` (it heads, starts or ends in
    nothing of the corpus), the compounds its longest first part of ``MIN_UNKNOWN_FIRST_PART`` letters or
    more starts: "franchiseformule" is one of the corpus's franchise… words ("franchisemodel",
    "franchisenemers")."""
    heads: dict[str, list[str]] = {}
    for stem in dict.fromkeys(core):
        if idf(stem) > 0 or stem in settled:
            continue
        for end in range(len(stem) - MIN_REST, MIN_UNKNOWN_FIRST_PART - 1, -1):
            if found := _starting_with(stem[:end], idf, compounds_starting_with):
                heads[stem] = found
                break
    return heads


# the shortest first part of an unknown compound that may stand for the corpus compounds it starts:
# "beleids·medewerker" (beleidsmaker), "franchise·formule"; at six letters "gemeente·huis" (stemmed
# "meentehuis") stood for gemeentebestuur and gemeenteraad, and "kosten·post" for kostenbesparing
MIN_UNKNOWN_FIRST_PART = 7


def _starting_with(
    stem: str, idf: Callable[[str], float], compounds_starting_with: Callable[[str], list[str]]
) -> list[str]:
    """The specific corpus compounds ``stem`` starts, of a second part that is no stopword."""
    return [
        t for t in compounds_starting_with(stem) if idf(t) >= SPECIFIC_IDF and t[len(stem) :] not in STOPWORDS
    ]


def _compound_tails(
    core: Sequence[str], idf: Callable[[str], float], heads: Mapping[str, list[str]]
) -> dict[str, str]:
    """For each question stem the corpus never uses and that heads no compound of it, the corpus word it
    ends in (``_known_tail``; it may be a part the analyzer split off: "eind·conclusie" is a conclusie)."""
    tails = {
        stem: _known_tail(stem, idf) for stem in dict.fromkeys(core) if idf(stem) == 0 and stem not in heads
    }
    return {stem: tail for stem, tail in tails.items() if tail}


MIN_TAIL = 5  # the shortest corpus word a question's unknown compound may end in ("eindconclusie")


def _known_tail(stem: str, idf: Callable[[str], float]) -> str | None:
    """The longest corpus term an unknown compound of the question ends in, after a first part of three
    letters or more: "eindconclusie" asks about a *conclusie*, "voedselinitiatief" about an *initiatief*
    (the index's decompounding only splits words whose every part the corpus uses alone)."""
    for start in range(MIN_FIRST_PART, len(stem) - MIN_TAIL + 1):
        if idf(stem[start:]) > 0:
            return stem[start:]
    return None


def _with_compounds(concept: Concept, heads: Mapping[str, list[str]], tails: Mapping[str, str]) -> Concept:
    """The concept, also found where the compounds its word heads are, or the word its compound ends in."""
    extra = [t for stem in concept.own_terms for t in heads.get(stem, ())]
    ends = [tails[stem] for stem in concept.own_terms if stem in tails]
    if not extra and not ends:
        return concept
    alternatives = (*concept.alternatives, *(frozenset([t]) for t in [*extra, *ends]))
    return Concept(alternatives, concept.own_terms, concept.tails | frozenset(ends))


def topic_questions(
    asked: Sequence[tuple[str, str]],
    analyzer: Analyzer,
    history_turns: int,
    idf: Callable[[str], float] | None = None,
    synonyms: SynonymTable | None = None,
) -> list[str]:
    """The earlier questions (``resolved_questions``) that set the topic, each led by the item it pointed
    at: the last ``history_turns`` of them, and, when those are all follow-ups themselves ("En in 2023?"
    after "En die van Utrecht?"), further back up to the question that named the topic, so a third vague
    follow-up in a row keeps it."""
    if not history_turns or not asked:
        return []
    start = max(len(asked) - history_turns, 0)
    while start > 0 and all(is_follow_up(q, analyzer, idf, synonyms) for q, _ in asked[start:]):
        start -= 1
    return [f"{item}: {q}" if item else q for q, item in asked[start:]]


_QUOTE_LINE = re.compile(r"^- (.+?)(?:\s*\[\d+\])+\s*$", re.MULTILINE)
_REFUSALS = tuple(text.split(".")[0] for text in REFUSAL.values())


def resolved_questions(history: Sequence[Turn], analyzer: Analyzer | None = None) -> list[tuple[str, str]]:
    """The user's questions, each with the item of an answer before it that it pointed at ('' for
    none): "Hoeveel leden heeft de eerstgenoemde?" → "Energie Samen", so the referent outlives its turn."""
    questions: list[tuple[str, str]] = []
    replies: list[str] = []  # newest first, each read once (answer_text)
    for turn in history:
        if turn.role == "assistant":
            replies.insert(0, answer_text(turn.content))
        else:
            questions.append((turn.content, pointed_item(turn.content, replies[:ORDINAL_REACH], analyzer)))
    return questions


def recent_answers(history: Sequence[Turn]) -> list[str]:
    """What the last ``ORDINAL_REACH`` replies said (``answer_text``), newest first: where an ordinal
    may point."""
    replies = [answer_text(t.content) for t in reversed(history) if t.role == "assistant"]
    return replies[:ORDINAL_REACH]


def current_referent(
    asked: Sequence[tuple[str, str]],
    analyzer: Analyzer,
    idf: Callable[[str], float] | None = None,
    synonyms: SynonymTable | None = None,
) -> str:
    """The item the conversation (``resolved_questions``) is about since an ordinal picked it ("de
    eerstgenoemde" → "Energie Samen"), for a later "die organisatie"; '' once a question has named a
    topic of its own."""
    for question, item in reversed(asked):
        if item:
            return item
        if not is_follow_up(question, analyzer, idf, synonyms):
            return ""
    return ""


def last_answer(history: Sequence[Turn]) -> str:
    """What the assistant's most recent reply said ('' when there is none); see ``answer_text``."""
    return answer_text(next((t.content for t in reversed(history) if t.role == "assistant"), ""))


def answer_text(reply: str) -> str:
    """What a reply said: '' for a refusal (its list of what the corpus covers is no context); of Wijzer's
    own extractive answers only the quoted sentences, not the framing around them."""
    if reply.startswith(_REFUSALS):
        return ""
    quotes = _QUOTE_LINE.findall(reply)
    return "\n".join(quotes) if quotes else reply  # a line each: a list's items stay apart


_MARKER = re.compile(r"\s*\[\d+\]")  # a citation marker of Wijzer's own answer, "[2]"
_LIST_START = re.compile(
    r"\b(?:zoals|waaronder|onder meer|onder andere|bijvoorbeeld|namelijk|such as|including)\b|:"
)
_LIST_SEPARATOR = re.compile(r",\s*|\s+(?:en|of|and|or)\s+")
_MAX_ITEM_WORDS = 5


def pointed_item(question: str, answers: Sequence[str], analyzer: Analyzer | None = None) -> str:
    """The item of an earlier answer's enumeration that an ordinal in the question points at ("de
    eerstgenoemde organisatie", "het laatste kenmerk", "the second one"); '' when none does. ``answers``
    are the earlier answers, newest first: the newest whose list the ordinal
    fits and that names what the question counts ("Wat houdt het laatste kenmerk in?" two turns after "de
    volgende kenmerken …:", with an explanation of one of them in between), else the newest whose list
    the ordinal fits ("het vijfde punt")."""
    position = next((_ORDINALS[w] for w in _question_words(question) if w in _ORDINALS), None)
    if position is None or "lid" in _words_after(question, _ORDINALS):  # "het tweede lid" is a paragraph
        return ""
    lists = [enumeration(answer) for answer in answers]
    fitting = [age for age, items in enumerate(lists) if len(items) >= 2 and position < len(items)]
    counted = _counted_by_ordinal(question, analyzer)
    if counted and analyzer is not None:  # "het laatste kenmerk": the latest answer that names kenmerken
        naming = [age for age in fitting if counted <= set(analyzer.analyze(answers[age]))]
        if naming:
            return lists[naming[0]][position]
    # "En de tweede?", "het vijfde punt": the latest list the ordinal fits
    return lists[fitting[0]][position] if fitting else ""


def _counted_by_ordinal(question: str, analyzer: Analyzer | None) -> set[str]:
    """The stems of the noun after an ordinal ("kenmerk" of "het laatste kenmerk"); empty for "the last
    one", "de tweede?" or without an analyzer."""
    nouns = _words_after(question, _ORDINALS)
    if analyzer is None or not nouns:
        return set()
    return set(analyzer.analyze(nouns[0]))


def enumeration(text: str) -> list[str]:
    """The longest list in ``text``: a run of short items (≤ 5 words) separated by commas or "en/of",
    starting after "zoals", "onder meer", "such as", a colon … ("Netwerken van burgercollectieven, zoals
    Energie Samen, Lansco en NLZVE, versterken …" → Energie Samen, Lansco, NLZVE)."""
    numbered = _numbered_items(text)
    if numbered:
        return numbered
    best: list[str] = []
    # an aside names no item: "de Broodfondsmakers (schenkkringen voor zzp'ers), de Herenboeren (…) en
    # Knarrenhof" lists three organisations
    text = re.sub(r"\s*\([^()]*\)", "", text)
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        run: list[str] = []
        for segment in _LIST_SEPARATOR.split(sentence.strip(" .-")):
            starts = list(_LIST_START.finditer(segment))
            if starts:  # a list begins here: what came before is its introduction
                best = max(best, run, key=len)
                segment, run = segment[starts[-1].end() :], []
            segment = _MARKER.sub("", segment).strip(" .;")
            if segment and len(segment.split()) <= _MAX_ITEM_WORDS:
                run.append(segment)
            else:
                best, run = max(best, run, key=len), []
        best = max(best, run, key=len)
    return max(best, _item_lines(text), key=len)


_NUMBERED_ITEM = re.compile(
    r"(?:^|(?<=[\s:,;]))(\d{1,2})[).]\s+(.+?)(?=(?:,|;|\s+(?:en|of|and|or))\s+\d{1,2}[).]\s|[.;]?\s*$)"
)


def _numbered_items(text: str) -> list[str]:
    """A list numbered inline, "1) gedeelde waarden en belangen, 2) vrijwillig lidmaatschap, … en 7)
    langetermijnvisie": its items by their numbers (an "en" inside an item joins no two items); [] when
    a sentence has no run numbered 1, 2, … of two or more."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])|\n+", text):
        found = _NUMBERED_ITEM.findall(sentence.strip())
        numbers = [int(n) for n, _ in found]
        if len(found) >= 2 and numbers == list(range(1, len(found) + 1)):
            return [_MARKER.sub("", item).strip(" .;") for _, item in found]
    return []


def _item_lines(text: str) -> list[str]:
    """The items of a list quoted a line each after a line that announces it ("Vanuit de literatuur kunnen
    we verschillende rollen onderscheiden:" then "Burgercollectieven als EDUCATOR: Dankzij …"), each named
    by its label (what comes before its colon, six words at most), or, on a numbered or bulleted line
    without one ("1. Gedeelde waarden en belangen", "- bruggenbouwer"), by its first words."""
    lines = [_MARKER.sub("", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if line.endswith(":")), None)
    if start is None:
        return []
    labels = []
    for line in lines[start + 1 :]:
        marked = _ITEM_MARK.match(line)
        body = line[marked.end() :] if marked else line
        head, colon, _ = body.partition(":")
        if colon and 1 <= len(head.split()) <= _MAX_LABEL_WORDS:
            labels.append(head.strip())
        elif marked and body.strip():
            labels.append(" ".join(re.split(r"[,;(]", body)[0].split()[:_MAX_LABEL_WORDS]).strip(" ."))
        else:
            break
    return labels if len(labels) >= 2 else []


_ITEM_MARK = re.compile(r"^(?:[-•*–]|\d{1,2}[.)]|\(?[a-z]\))\s+")  # "- ", "• ", "1. ", "2) ", "a) "
_MAX_LABEL_WORDS = 6


def dutch_words(word: str, english: bool, synonyms: SynonymTable) -> tuple[str, ...]:
    """Dutch words for an English word: the curated glossary (glossary_en_nl.yaml) always, the corpus
    glossary only for questions asked in English (``english``)."""
    dutch = synonyms.translations(word)
    if not dutch and english and word not in STOPWORDS:
        dutch = synonyms.corpus_translations(word)
    return dutch


def _translations(question: str, synonyms: SynonymTable) -> list[tuple[str, tuple[str, ...]]]:
    """Each word of the question with its Dutch translations: the curated glossary (glossary_en_nl.yaml)
    always, the corpus glossary for questions asked in English."""
    english = detect_language(question) == "en"
    return [(word, dutch_words(word, english, synonyms)) for word in re.findall(r"[\w-]+", fold(question))]


def _translated_stems(question: str, analyzer: Analyzer, synonyms: SynonymTable) -> set[str]:
    """The stems of an English question's words that have a Dutch translation: in the English text of the
    treaties such a word is rare, so as a term of its own it outweighed the Dutch passage that answers."""
    if detect_language(question) != "en":
        return set()
    return {
        t
        for word, dutch in _translations(question, synonyms)
        if dutch and word not in STOPWORDS
        for t in analyzer.analyze(word)
    }


def _translation_terms(
    question: str, analyzer: Analyzer, synonyms: SynonymTable, weight: float
) -> list[tuple[str, float]]:
    """Dutch stems for the words of a question (``_translations``), ``weight`` per word. A synonym phrase is
    translated whole, by its group: "challenge" of "right to challenge" would add the essay's "uitdagingen"."""
    in_phrase = {
        w for _, hits in synonyms.matched_groups(question) for hit in hits if " " in hit for w in words(hit)
    }
    out: list[tuple[str, float]] = []
    for word, dutch in _translations(question, synonyms):
        if word in in_phrase:
            continue
        stems = sorted({t for d in dutch for t in analyzer.analyze(d)})
        out += [(t, weight / len(stems)) for t in stems]
    return out


def _phrase_absent(phrase: str, analyzer: Analyzer) -> bool:
    """The corpus cannot contain a phrase one of whose content words it never uses."""
    return any(w not in analyzer.vocabulary for w in words(phrase) if w not in STOPWORDS)


def absent_phrases(question: str, analyzer: Analyzer, synonyms: SynonymTable) -> list[str]:
    """The synonym phrases the question uses that the corpus never writes ("right to challenge"), when
    their group has a member the corpus does use (uitdaagrecht): the phrase means that member, and its own
    words alone mean other things ("the right to participate", "uitdagingen")."""
    out: list[str] = []
    for group, hits in synonyms.matched_groups(question):
        if any(not _phrase_absent(member, analyzer) for member in group):
            out += [hit for hit in hits if len(words(hit)) > 1 and _phrase_absent(hit, analyzer)]
    return out


def meant_terms(question: str, analyzer: Analyzer, synonyms: SynonymTable) -> list[str]:
    """The stems of the one word the corpus uses for a phrase the question uses and the corpus never
    writes, when the phrase's own words lead elsewhere and its group has just one such word (in any
    inflection): "right to challenge" means *uitdaagrecht*, while "right" alone finds the treaties' "right to
    participate". The word is searched for as the Dutch question's own word would be, not as one of the
    group's paraphrases ("uitvoering van een taak", words of many passages on other tasks). A phrase none of
    whose words the corpus uses ("housing cooperative") leads nowhere, and its group's words weigh as any
    synonym's; so do the words of a group of several ("citizen collectives": burgercollectief, collectief,
    initiatief …), which the phrase means alike."""
    out: list[str] = []
    for group, hits in synonyms.matched_groups(question):
        if not any(
            len(words(hit)) > 1 and _phrase_absent(hit, analyzer) and _leads_elsewhere(hit, analyzer)
            for hit in hits
        ):
            continue
        used = {
            tuple(analyzer.analyze(member))
            for member in group
            if " " not in member and not _phrase_absent(member, analyzer)
        }
        if len(used) == 1:
            out += next(iter(used))
    return list(dict.fromkeys(out))


def _leads_elsewhere(phrase: str, analyzer: Analyzer) -> bool:
    """Does the corpus use one of the phrase's content words on its own ("right" of "right to challenge")?"""
    return any(w in analyzer.vocabulary for w in words(phrase) if w not in STOPWORDS)


def _expansion_terms(
    question: str, analyzer: Analyzer, synonyms: SynonymTable, known: set[str], weight: float
) -> list[tuple[str, float]]:
    """Synonym stems not already asked for, ``weight``/√n each, so a large group does not drown the
    question's own distinctive words. When the question's own word for the group is unknown to the corpus
    ("voorzichtig"), its synonyms are the only way to find the thing, so they weigh like the word itself."""
    out: list[tuple[str, float]] = []
    for group, hits in synonyms.matched_groups(question):
        new = {t for member in group for t in analyzer.analyze(member)} - known
        if not new:
            continue
        # a phrase is unknown when one of its words is: the corpus cannot contain "right to challenge"
        # without "challenge", however often it says "right"
        unknown = all(_phrase_absent(hit, analyzer) for hit in hits)
        group_weight = max(weight, QUESTION_WEIGHT * 0.8) if unknown else weight
        out += [(t, group_weight / math.sqrt(len(new))) for t in sorted(new)]
        known |= new
    return out


def question_concepts(question: str, analyzer: Analyzer, synonyms: SynonymTable) -> tuple[Concept, ...]:
    """The things a question asks about. A concept is a tuple of alternatives; an alternative is the set
    of stems that must all occur (a multi-word synonym). A synonym group the question names gives one
    concept with all its members (Dutch and English), and so does a name of several capitalized words
    ("Energie Samen") of them all; any other content word gives a concept of its own stem or its
    compound parts."""
    concepts: list[Concept] = []
    consumed: set[str] = set()
    english = detect_language(question) == "en"
    for group, hits in synonyms.matched_groups(question):
        alternatives = tuple(frozenset(analyzer.analyze(member)) for member in group)
        alternatives = tuple(a for a in alternatives if a)
        own = [t for hit in hits for t in analyzer.analyze(hit)]
        if alternatives:
            concepts.append(Concept(alternatives, tuple(own)))
        consumed.update(own)
    # a name of several words is one thing: "Energie Samen" is not any sentence on energy
    for name in PROPER_NAME.findall(question):
        stems = analyzer.analyze(name)
        if " " in name and len(stems) > 1 and not consumed.intersection(stems):
            translated = _translated_name(name, english, analyzer, synonyms)
            concepts.append(Concept((frozenset(stems), *translated), tuple(stems)))
            consumed.update(stems)
    for word in named_words(question):
        stems = analyzer.analyze(word)
        if not stems or stems[0] in consumed:
            continue
        consumed.add(stems[0])
        alternatives = [frozenset([stems[0]])]
        if len(stems) > 1:
            alternatives.append(frozenset(stems[1:]))
        alternatives += [frozenset(analyzer.analyze(d)) for d in dutch_words(word, english, synonyms)]
        concepts.append(Concept(tuple(a for a in alternatives if a), (stems[0],)))
    return tuple(concepts)


MAX_NAME_TRANSLATIONS = 3  # Dutch words tried per word of an English name ("British" → britse, …)


def _translated_name(
    name: str, english: bool, analyzer: Analyzer, synonyms: SynonymTable
) -> list[frozenset[str]]:
    """An English name of several words in Dutch, word by word, where every word has a translation: the
    essay's "Britse conservatieve coalitieregering" names the "British Conservatives" of an English
    question (which was refused because no passage said "British"). Nothing for a Dutch question, or for a
    name with a word that has no translation ("Energie Samen" is a name in any language)."""
    if not english:
        return []
    options: list[list[frozenset[str]]] = []
    for word in re.findall(r"[\w-]+", fold(name)):
        if word in STOPWORDS:
            continue
        translations = dutch_words(word, english, synonyms) or synonyms.singular_translations(word)
        dutch = [s for d in translations[:MAX_NAME_TRANSLATIONS] if (s := frozenset(analyzer.analyze(d)))]
        if not dutch:
            return []
        options.append(dutch)
    return [frozenset().union(*combination) for combination in itertools.product(*options)]


def counted_stems(question: str, concepts: Sequence[Concept], analyzer: Analyzer) -> set[str]:
    """All the ways the question names what it asks to count ("Hoeveel collectieven": the concept of
    collectief with its synonyms; "How many members": the Dutch words for members too)."""
    word = counted_word(question)
    stems = set(analyzer.analyze(word)) if word else set()
    named = [c for c in concepts if stems & set(c.own_terms)]
    return concept_stems(named) | stems


def concept_stems(concepts: Sequence[Concept]) -> set[str]:
    """Every stem of every alternative of the concepts: all the ways the question names its things."""
    return {stem for concept in concepts for alternative in concept.alternatives for stem in alternative}


@dataclass(frozen=True)
class Concept:
    alternatives: tuple[frozenset[str], ...]
    own_terms: tuple[str, ...]  # the stems the question itself used (weigh the concept)
    # the corpus word an unknown compound of the question ends in ("eindconclusie" → conclusie): it finds
    # the thing, but the corpus knowing it says not that the corpus knows the compound (a telefoonnummer)
    tails: frozenset[str] = frozenset()

    @classmethod
    def of(cls, stems: Sequence[str]) -> Concept:
        """A thing named one way only, by all of ``stems`` together ("Energie Samen", an article mark)."""
        return cls((frozenset(stems),), tuple(stems))

    def found_in(self, terms: frozenset[str]) -> bool:
        return any(alternative <= terms for alternative in self.alternatives)

    def known_alternatives(self, idf: Callable[[str], float]) -> list[frozenset[str]]:
        """The ways of naming this concept whose every stem the corpus uses (``idf`` > 0)."""
        return [alt for alt in self.alternatives if all(idf(t) > 0 for t in alt)]

    def known_names(self, idf: Callable[[str], float]) -> list[frozenset[str]]:
        """``known_alternatives`` but the tails: the ways the corpus names this very thing."""
        return [alt for alt in self.known_alternatives(idf) if not alt <= self.tails]

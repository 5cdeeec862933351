"""When the extractive composer abstains ("Dat staat niet in de bronnen", "The sources do not cover this").

Weak evidence is the main reason (too little of the question's idf-weighted vocabulary in the best
sentence). The others catch an article number that is in no document the question names ("artikel 4:13
van de Awb"), and questions whose words the corpus knows but whose subject it does not hold: a name or
year the question asks about that no passage mentions ("Utrecht", "2026"; not the place the asker says
they are in, nor a name given as an example), a law that is no document of the corpus ("de
Aanbestedingswet", "the Procurement Act"), a scheme, tax or benefit the corpus never names ("de
salderingsregeling", "huurtoeslag", "erfpacht", "corporate income tax"), an abbreviation it never uses
("SCE", "kWh", "een Woo-verzoek"), an attribute the corpus never names ("Wat is het telefoonnummer van …"),
contact details, a tax no chosen sentence names with the rest of the question ("Moeten we belasting
betalen over de schenkingen uit ons broodfonds?"), a cost or a number no chosen sentence gives (or gives
for another thing than the one priced: the Btiv's € 5.000 is no notary's fee), a period no chosen sentence gives for the thing filed (a
subsidy application's "dertien weken" is no deadline for an objection), and attempts to override the
instructions or the sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.answer.guard import OVERRIDE
from bot.retrieval.analysis import STOPWORDS, fold, words
from bot.retrieval.answer_type import (
    YEAR,
    answers_amount,
    asked_type,
    asks_cost,
    has_period,
    limited_thing,
    priced_thing,
    timed_thing,
    without_citations,
)
from bot.retrieval.articles import without_references
from bot.retrieval.hybrid import SearchResult
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.query import LAW, PROPER_NAME

_MONEY = re.compile(r"€|\beuro\b|\beur\b", re.IGNORECASE)


# Names that never narrow a question: the whole corpus is about the Netherlands ("Dutch law", "het Rijk",
# "new to NL"), and a language says how a thing is put, not which ("in the English literature people talk
# about the commons" asks about the commons).
CORPUS_SCOPE = frozenset(
    {"dutch", "nederland", "nederlands", "nederlandse", "netherlands", "holland", "rijk", "nl"}
    | {"english", "engels", "engelse", "engelstalige"}
)
# "What is the definition of …", "Wat is de kern van …": these ask for what the corpus says about a thing,
# no attribute it must name
_ASKS_WHAT_IT_SAYS = frozenset(
    "definition definitions definitie meaning betekenis omschrijving explanation uitleg summary samenvatting "
    "overview overzicht gist essence kern idea idee point purpose doel".split()
)
# "Wat is het telefoonnummer van …", "Who is the director of …": the attribute asked for.
_ASKED_ATTRIBUTE = re.compile(
    r"^(?:en\s+|and\s+)?(?:wat|wie|welk|welke|what|who|which)\s+(?:is|zijn|was|waren|are|were)\s+"
    r"(?:de|het|een|the|a|an)?\s*([\w-]+)\s+(?:van|of|bij|for|in)\b"
)
# "Can you give me the email address or phone number of …", "Wat is het telefoonnummer van …": contact
# details, which a passage gives as an address, a number or a link
_ASKED_CONTACT = re.compile(
    r"\b(?:e-?mail(?:\s?(?:adres\w*|address\w*))?|telefoonnummers?|telefonisch bereikbaar|(?:tele)?phone numbers?|"
    r"contactgegevens|contact details|adresgegevens|postadres|bezoekadres|postal address|"
    r"website|webadres)\b"
)
_CONTACT_GIVEN = re.compile(r"@|\bwww\.|https?://|\b0\d{2,3}[- ]?\d{6,7}\b|\+31")
# "Moeten we belasting betalen over de schenkingen …?", "Do we have to charge VAT …?": a tax asked about.
# Not a council's finances ("a small tax base", "belastinginkomsten"), which the Charter covers in other
# words; not the Dutch "Vat … samen" (sum up) nor a chat's "btw," (by the way); a tax the corpus never
# names ("overdrachtsbelasting") is the scheme check's.
_ASKED_TAX = re.compile(
    r"\b(?:belasting(?!grondslag|capaciteit|inkomst|opbrengst)\w*|omzetbelasting|inkomstenbelasting|vpb|"
    r"btw(?!,)|tax(?:es|ed|able|ation)?(?![ -](?:base|bases|revenues?|income|capacity)\b)|vat(?![^.?!]*\bsamen\b))\b"
)
# what names a tax or levy in a chosen sentence: "local taxes and charges", "heffingen", "omzetbelasting"
_TAX_NAMED = re.compile(r"belasting|heffing|\btax|\bvat\b|\bbtw\b|\bvpb\b")


def law_known(law: str, known: str) -> bool:
    """Is the law a question names one of the corpus's documents (or their English names), or named in
    the passages? "Wet" and its words up to the first that is no function word must be found ("wet op het
    overleg"); the words after it may be the question's own ("de Wet maatschappelijke ondersteuning ook
    voor …")."""
    names = fold(law).split()
    if names[-1] == "act":  # "the Dutch Housing Act" is the Housing Act: any ending of two words or more
        return any(re.search(rf"\b{re.escape(' '.join(names[i:]))}\b", known) for i in range(len(names) - 1))
    first = next((i for i, word in enumerate(names[1:], start=1) if word not in STOPWORDS), None)
    if len(names) > 1 and first is None:  # "Wet op" and nothing after it names no law
        return True
    first = first or 0
    return any(
        re.search(rf"\b{re.escape(' '.join(names[:end]))}\b", known) for end in range(len(names), first, -1)
    )


@dataclass(frozen=True)
class Abstention:
    min_evidence: float  # the best sentence's share of the question's concepts below which to refuse
    passages_considered: int
    document_names: str = ""  # every document's title, short title, authors and English names, folded
    # the synonym table's other names for what a question says ("corporate income tax" →
    # vennootschapsbelasting): a scheme asked for in English is checked by its Dutch name
    expansions: Callable[[str], Sequence[str]] = lambda question: ()

    def reason(
        self,
        question: str,
        result: SearchResult,
        evidence: float,
        selected: Sequence[str],
        lexical: LexicalIndex,
        contexts: Sequence[str] = (),
    ) -> str | None:
        """Why to abstain, or None. A name or year the question asks about must occur in the passages
        (any of its words, or a translation or synonym of one): "Utrecht" or "2026" nowhere in the
        evidence means the corpus does not answer that question. ``selected``: the sentences chosen;
        ``contexts``: each with its document's title (a sentence of the Gemeentewet is about it)."""
        if not result.passages or not selected:
            return "no passages"
        if OVERRIDE.search(fold(question)):
            return "instruction-override attempt"
        if result.query.articles and not result.article_matches:
            return f"article {', '.join(result.query.articles)} is in no document the question names"
        if evidence < self.min_evidence:
            return f"weak evidence {evidence:.2f}"
        considered = result.passages[: self.passages_considered]
        haystack = fold(" ".join(f"{p.text} {p.title} {p.source.replace('_', ' ')}" for p in considered))
        passage_terms = frozenset(
            t for p in considered for t in lexical.analyzer.analyze(f"{p.title} {p.text}")
        )
        for law in LAW.findall(question):
            if not law_known(law, f"{haystack} | {self.document_names}"):
                return f"{law!r} is no document of the corpus and not in the passages"
        for name in asked_names(question):
            # a document's name or author ("dat essay van De Moor") need not be in its passages' text
            if not _named_in_passages(
                name, haystack, passage_terms, result, lexical
            ) and not self._names_document(name):
                return f"{name!r} is not in the passages"
            if (
                contexts
                and not LAW.search(name)  # a law is checked above; a passage may name it for another point
                and not self._names_document(name)
                and not _named_with_subject(name, contexts, result, lexical)
            ):
                return f"{name!r} is in no chosen sentence about the rest of the question"
        for abbreviation in asked_abbreviations(question):
            # the question's word that holds it ("Woo-verzoek"): its other part is no other name for it
            word = next((w for w in question.split() if abbreviation in w), abbreviation)
            stems = [*lexical.analyzer.analyze(abbreviation), *lexical.analyzer.analyze(word)]
            parts = frozenset(stems[1:]) - {stems[0]} if stems else frozenset()
            if (
                not _named_in_passages(abbreviation, haystack, passage_terms, result, lexical, parts)
                and not any(lexical.idf(t) > 0 for t in lexical.analyzer.analyze(abbreviation))
                and not _known_by_another_name(stems, result, lexical)
            ):
                return f"{abbreviation!r} is used nowhere in the corpus"
        for scheme in asked_schemes(" | ".join([question, *self.expansions(question)])):
            if not _scheme_known(scheme, result, lexical):
                return f"{scheme!r} is named nowhere in the corpus"
        # a year counts where a passage or its title says it ("Wmo 2015"), not in a literature reference; a year
        # in what the asker tells before asking ("We kregen voor 2024 een jaarsubsidie. Hoeveel tijd …?") is
        # their situation, not what they ask about
        dated = " ".join(f"{without_citations(p.text)} {p.title} {p.source}" for p in considered)
        asking = _asking_part_start(question)
        for year in YEAR.finditer(question):
            if year.start() >= asking and not re.search(rf"\b{year.group(0)}\b", dated):
                return f"{year.group(0)!r} is not in the passages"
        folded_question = fold(question)
        attribute = _ASKED_ATTRIBUTE.search(folded_question.strip())
        asked_for = attribute.group(1) if attribute else ""
        if (
            asked_for
            and asked_for not in _ASKS_WHAT_IT_SAYS
            and not _known_to_corpus(asked_for, result, lexical)
        ):
            return f"asks for {asked_for!r}, a word the corpus never uses"
        if _ASKED_CONTACT.search(folded_question) and not any(
            _CONTACT_GIVEN.search(text) for text in selected
        ):
            return "asks for contact details the passages do not give"
        tax = asked_tax(folded_question)
        if tax and not _named_with_subject(tax, contexts or selected, result, lexical, also_named=_TAX_NAMED):
            return f"asks about {tax!r}; no chosen sentence names a tax with the rest of the question"
        if asks_cost(folded_question) and not any(_MONEY.search(text) for text in selected):
            return "asks for an amount of money the passages do not give"
        if asked_type(folded_question) == "quantity" and not any(answers_amount(text) for text in selected):
            return "asks for a number the passages do not give"
        priced = priced_thing(folded_question)
        if priced and not _stated_for(priced, _gives_amount, selected, contexts, result, lexical):
            return f"asks what {priced!r} costs; no chosen sentence gives an amount for it"
        limited = limited_thing(folded_question)
        if limited and not _stated_for(limited, answers_amount, selected, contexts, result, lexical):
            # Energie Samen's "740 leden" is no wind turbine's maximum height
            return f"asks the limit of {limited!r}; no chosen sentence gives a number for it"
        timed = timed_thing(folded_question)
        if timed and not _stated_for(timed, has_period, selected, contexts, result, lexical):
            return f"asks the period for {timed!r}; no chosen sentence gives one for it"
        return None

    def _names_document(self, name: str) -> bool:
        """Is the name a document of the corpus ("de Gemeentewet", "the Dutch Civil Code", its authors)? Its
        passages are about it whether or not a sentence repeats the name (the document hint prefers them)."""
        wanted = _narrowing_words(name)
        return bool(wanted) and any(
            re.search(rf"\b{re.escape(' '.join([*wanted[:-1], form]))}\b", self.document_names)
            for form in name_forms(wanted[-1])
        )


def _known_to_corpus(word: str, result: SearchResult, lexical: LexicalIndex) -> bool:
    """Does the corpus use ``word``, or a synonym, translation or the parts of it? Not merely the word it
    ends in: a *telefoonnummer* is a number, but no number the corpus gives is one."""
    stems = lexical.analyzer.analyze(word)
    if not stems:
        return True
    concepts = [c for c in result.query.concepts if stems[0] in c.own_terms]
    if not concepts:
        return lexical.idf(stems[0]) > 0
    return any(c.known_names(lexical.idf) for c in concepts)


# "… een landelijke formule zoals Herenboeren …", "such as Energie Samen": a name given as an example of what
# the question asks about is no subject of its own; the answer need not name it.
_EXAMPLE_CUE = re.compile(
    r"(?:\b(?:zoals|bijvoorbeeld|bijv\.?|bv\.?|zeg maar|a la|à la|such as|like|say|for example|for instance|e\.g\.),?\s+"
    r"(?:(?:de|het|een|bij|in|the|a|an)\s+)?"
    # "een landelijk concept als Knarrenhof", "koepels als Energie Samen": "als" after a noun (not "Wat
    # gebeurt er als …", "als gemeente")
    r"|\b(?:een|de|het|zo'n|die|deze|andere|grote|landelijke)\s+(?:[\w-]+\s+){0,2}[\w-]*[a-z]\s+als\s+"
    r"|\b[\w-]*(?:koepels|organisaties|formules|concepten|initiatieven|netwerken|coöperaties|cooperaties)"
    r"\s+als\s+)$",
    re.IGNORECASE,
)
# "Ik zit in het bestuur van een zorgcoöperatie in een dorp in Drenthe. Hoe …?": a place in what the asker
# says of themselves, before the question, is where they are, not what they ask about
_OWN_PLACE = re.compile(
    r"\b(?:in|uit|te|bij|nabij|rond|voor|from|near|at|for)\s+"
    r"(?:(?:de|het|the)\s+)?(?:(?:gemeente|provincie|regio|stad|dorp|wijk|municipality|city|town|"
    r"village|province|region)(?:\s+of)?\s+)?$",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(r"[.!]\s+(?=[A-Z][^.!?]*\?)")


def _asking_part_start(question: str) -> int:
    """Where the question's last asking sentence starts, after what the asker tells first (0: all of it)."""
    return max((m.end() for m in _QUESTION_START.finditer(question)), default=0)


# "… moet er iets in de naam staan? we dachten aan 'Buurtkracht Noord'", "a co-op called 'Zon op Zuid'": the
# name the asker gives their own thing is theirs, not something the corpus should know
_OWN_NAME = re.compile(
    r"\b(?:(?:we|wij|ik)\s+(?:dachten|dacht|denken|denk)\s+(?:aan|over)(?:\s+(?:gewoon|zelf|iets als))?"
    r"|genaamd|geheten|met de naam|onder de naam|called|named)\s*['\"‘“]?$",
    re.IGNORECASE,
)


# An abbreviation names a thing as a proper name does: "de SCE-regeling", "SDE++", "per kWh", "btw" (a Dutch
# word has a vowel; two letters, "bv", may be "bijvoorbeeld")
_ABBREVIATION = re.compile(
    r"\b(?:[A-Z]{2,}[a-z]?|[a-z]?[A-Z][a-z]?[A-Z][a-z]?|[a-z][A-Z][a-z]{0,2}|[b-df-hj-np-tv-xz]{3,5})\b"
    # a law's short name inside a sentence: "een Woo-verzoek", "de Wob" ("Wmo" is the corpus's)
    r"|(?<![.!?]\s)(?<!^)\bW[a-z]{2,3}\b(?=-|\s|[.,;:?!]|$)"
)


def asked_tax(question: str) -> str | None:
    """The tax a question asks about ("Moeten we belasting betalen over …?", "charge VAT"), folded, or None.
    The corpus is no tax guide: an answer none of whose sentences names the tax with the rest of the question
    answers another one (the Awb's "Deze titel is niet van toepassing op …: a. belastingen" is no answer on
    a Broodfonds's gifts)."""
    found = _ASKED_TAX.search(fold(question))
    return found.group(0) if found else None


def asked_names(question: str) -> list[str]:
    """The proper names a question asks about (not an article reference, a name given as an example or to
    the asker's own thing, or the place the asker says they are in before asking)."""
    text = without_references(question)
    last_statement = _asking_part_start(text)
    return [
        m.group(1)
        for m in PROPER_NAME.finditer(text)
        if not _EXAMPLE_CUE.search(text[: m.start()])
        and not _OWN_NAME.search(text[: m.start()])
        and not (m.start() < last_statement and _OWN_PLACE.search(text[: m.start()]))
    ]


def asked_abbreviations(question: str) -> list[str]:
    """The abbreviations a question uses ("SCE", "kWh", "btw"; not "zzp" of "zzp'er", a Dutch noun)."""
    text = without_references(question)
    return [
        m.group(0)
        for m in _ABBREVIATION.finditer(text)
        if text[m.end() : m.end() + 1] != "'" and not _EXAMPLE_CUE.search(text[: m.start()])
    ]


# A scheme, tax or benefit is named as a law is: "de salderingsregeling", "energiebelasting", "huurtoeslag",
# "erfpacht"; and so is a body one takes a dispute to: "de huurcommissie", "de bestuursrechter", "de
# kinderombudsman". A corpus that never names it does not cover it, however many of the question's other
# words it uses (the scheme's own first part, "energie", "huur", often is one). Not a word made with a prefix
# ("ontheffing", "opheffing").
_SCHEME_HEAD = (
    r"(?:regeling|belasting|toeslag|heffing|premie|uitkering|aftrek|canon|commissie|rechter|ombudsman)"
)
_SCHEME = re.compile(
    r"\b(?:(?!(?:ont|op|af|be|ver|her|toe|uit|door|over)(?:heffing|regeling)\b)[a-z]{3,}-?"
    rf"{_SCHEME_HEAD}(?:en|s)?|erfpacht\w*|hypothe[ek]\w*|saldering\w*)\b"
)
# the first part of a scheme's compound ("salderings" → "saldering")
_SCHEME_FIRST_PART = re.compile(rf"[a-z]+?(?=s?{_SCHEME_HEAD})")


def asked_schemes(question: str) -> list[str]:
    """The schemes, taxes and benefits a question names (folded, without a hyphen: "WW-uitkering" →
    "wwuitkering"; a law is checked as a law)."""
    return [m.group(0).replace("-", "") for m in _SCHEME.finditer(fold(question))]


def _scheme_known(scheme: str, result: SearchResult, lexical: LexicalIndex) -> bool:
    """Does the corpus name the scheme: the word itself, a synonym of it (not its parts: the corpus saying
    "energie" and "belasting" does not name the energiebelasting), or the right it is a user's word for
    ("uitdaagregeling" → *uitdaagrecht*)? Any subsidy scheme is the Awb's subject."""
    vocabulary = lexical.analyzer.vocabulary
    first = _SCHEME_FIRST_PART.match(scheme)
    if scheme in vocabulary or (first and (first[0] == "subsidie" or f"{first[0]}recht" in vocabulary)):
        return True
    return _known_by_another_name(lexical.analyzer.analyze(scheme), result, lexical)


def _known_by_another_name(stems: Sequence[str], result: SearchResult, lexical: LexicalIndex) -> bool:
    """Does the corpus use another name the question's concept of ``stems[0]`` has (a synonym: the ALV is
    the *algemene vergadering*), not merely one of the parts in ``stems`` (the corpus saying "energie" and
    "belasting", or the "verzoek" of "Woo-verzoek")?"""
    own = set(stems)
    return any(
        not alternative <= own
        for concept in result.query.concepts
        if stems and stems[0] in concept.own_terms
        for alternative in concept.known_names(lexical.idf)
    )


def _gives_amount(text: str) -> bool:
    return bool(_MONEY.search(text)) or answers_amount(text)


def _stated_for(
    thing: str,
    states: Callable[[str], bool],
    selected: Sequence[str],
    contexts: Sequence[str],
    result: SearchResult,
    lexical: LexicalIndex,
) -> bool:
    """Does a chosen sentence that ``states`` the answer asked for (an amount, a period) name ``thing`` (its
    word, or another name of its concept; the sentence with its document's title)? The Btiv's "€ 5.000" is
    no notary's fee, Energie Samen's "740 leden" no VAT, the Awb's "dertien weken" for a subsidy application
    no deadline for an objection."""
    stems = lexical.analyzer.analyze(thing)
    if not stems:
        return True
    names = _names_of(stems[0], result) or [frozenset(stems[:1])]
    return any(
        any(name <= frozenset(lexical.analyzer.analyze(context)) for name in names)
        for text, context in zip(selected, contexts or selected, strict=True)
        if states(text)
    )


def _names_of(stem: str, result: SearchResult) -> list[frozenset[str]]:
    """Every way of naming the question's concept that the question's word of ``stem`` names (its own stems,
    synonyms, translations)."""
    return [
        alternative for c in result.query.concepts if stem in c.own_terms for alternative in c.alternatives
    ]


def _narrowing_words(name: str) -> list[str]:
    return [word for word in words(name) if word not in STOPWORDS and word not in CORPUS_SCOPE]


def _named_with_subject(
    name: str,
    contexts: Sequence[str],
    result: SearchResult,
    lexical: LexicalIndex,
    also_named: re.Pattern[str] | None = None,
) -> bool:
    """Does a chosen sentence (with its document's title) name ``name`` and something else the question
    asks about? "Wat voor weer wordt het morgen in Utrecht?" finds "GEDAAN te Utrecht" (a treaty's place of
    signing) and "geeft … weer" in other sentences: each is evidence of one word, none of the question.
    ``also_named``: other words that name the same kind of thing (a tax: "local taxes", "heffingen")."""
    wanted = _narrowing_words(name)
    stems = {t for word in wanted for t in lexical.analyzer.analyze(word)}
    own = [c for c in result.query.concepts if stems & set(c.own_terms)]
    others = [c for c in result.query.concepts if c not in own]
    if not wanted or not others:  # the name is all the question asks about ("Wat doet Energie Samen?")
        return True
    for context in contexts:
        folded = fold(context)
        terms = frozenset(lexical.analyzer.analyze(context))
        named = (
            any(re.search(rf"\b{re.escape(form)}\b", folded) for word in wanted for form in name_forms(word))
            or any(c.found_in(terms) for c in own)
            or (also_named is not None and also_named.search(folded) is not None)
        )
        if named and any(c.found_in(terms) for c in others):
            return True
    return False


def name_forms(word: str) -> list[str]:
    """A folded name word and the forms its adjective stands for: "europese" is said of what the corpus
    calls "Europees" (Europees Handvest), "amsterdamse" of Amsterdam, "friese" of Friesland's "fries"."""
    forms = [word]
    if len(word) > 4 and word.endswith("e"):
        forms.append(word[:-1])  # friese → fries, limburgse → limburgs
        if long_vowel := re.fullmatch(r"(.*[^aeiou])([aeiou])([^aeiou])e", word):
            forms.append(long_vowel.expand(r"\1\2\2\3"))  # europese → europees
        if word.endswith("se"):
            forms.append(word[:-2])  # amsterdamse → amsterdam
    return forms


def _named_in_passages(
    name: str,
    haystack: str,
    passage_terms: frozenset[str],
    result: SearchResult,
    lexical: LexicalIndex,
    parts: frozenset[str] = frozenset(),
) -> bool:
    """Do the passages name ``name``, or another name of its concept? Not one of ``parts``, the other
    parts of the question's word that holds it (the "verzoek" of "Woo-verzoek")."""
    wanted = _narrowing_words(name)
    if not wanted:  # "Dutch", "het Rijk": nothing that narrows the question
        return True
    for word in wanted:
        if any(re.search(rf"\b{re.escape(form)}\b", haystack) for form in name_forms(word)):
            return True
        stems = lexical.analyzer.analyze(word)
        if stems and any(
            alternative <= passage_terms and not alternative <= parts
            for alternative in _names_of(stems[0], result)
        ):
            return True
    return False

"""What kind of answer a question asks for, and whether a passage offers one.

A classic question-answering prior: "Hoeveel …?" wants a number, "Wanneer …?" a date, "Hoe lang …?" a
period ("binnen zes weken"), "Wat is een subsidie?" a definition, "Welke rollen …?" a list (the sentence
that announces it: "Vanuit de literatuur kunnen we verschillende rollen onderscheiden:"). Within a document where every passage
mentions subsidies, the one that *defines* it ("Onder subsidie wordt verstaan: …") is the answer; within
the essay, the sentence with the date ("in maart 2025") answers "sinds wanneer". Retrieval gives such passages a small lift, the composer
prefers such sentences, and a quantity question without any number in its passages is refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Literal

from bot.retrieval.analysis import STOPWORDS, Analyzer, fold, words
from ingest.sentences import ITEM_START, split_clauses, split_paragraphs, split_sentences

AnswerType = Literal["quantity", "date", "duration", "frequency", "definition", "list"]
# a moment, a period or a rate: when the sentence that covers the question best gives none, another sentence
# of its passage may (composer.with_moment), and an answer without any says so (framing.not_given_note)
MOMENTS: tuple[AnswerType, ...] = ("date", "duration", "frequency")

_QUANTITY_QUESTION = re.compile(
    r"\b(hoeveel|how many|how much|percentage|welk deel|what share|hoe hoog|hoe groot|how high|how large|how big)\b"
    # "Wat is de maximale hoogte van een windmolen …?", "What is the minimum number of …?": a limit is a number
    r"|\b(?:wat is|wat zijn|what is|what's|what are) (?:de|het|the) (?:maximale|minimale|maximum|minimum)\b"
    r"(?! (?:termijn|duur|periode|looptijd|term|period|duration)\b)"  # a period is asked as one
)
# "… één stem, ongeacht hoeveel hij inlegt?", "regardless of how much they invest": a clause that says the
# amount does not matter asks for none
_AMOUNT_NOT_ASKED = re.compile(
    r"\b(ongeacht|ongeachte|los van|regardless of|irrespective of|no matter|maakt (het )?niet uit|"
    r"doet er niet toe)\s+(hoeveel|hoe (groot|hoog|veel)|how (much|many|large|big|high))\b"
)
# "How much do collectives depend on volunteers?": how much a verb applies asks for a degree, which a
# sentence may give in words; "how much do members pay" asks a cost (_COST_QUESTION)
_DEGREE_QUESTION = re.compile(r"\bhow much (do|does|did)\b")
# A cost or fee the question asks the amount of: "Wat kost …", "How much does …", "Hoe hoog zijn de leges?",
# "Welk btw-tarief geldt …". The noun alone asks for no amount: "een jaarlijkse subsidie voor onze
# lopende kosten", "de gemeente keek puur naar de prijs" ask something else.
# a Dutch compound names the cost too: "Met welke notariskosten moeten we rekenen?", "de oprichtingskosten"
_COST_NOUN = (
    r"(?:(?:[a-z]+-?)?(?:kosten|prijs|prijzen|contributie|leges|tarief|tarieven)"
    r"|(?:[a-z]+-)?(?:costs?|prices?|fees?|rates?))"
)
_COST_QUESTION = re.compile(
    r"\b(wat kost|wat kosten|hoeveel kost|hoeveel kosten|wat rekenen|wat rekent|"
    r"how much (does|do|did|would|will|should|must|can)( [\w'-]+){0,6}? (cost|charge|pay|earn|receive|get|spend|owe|ask)|"
    r"how much (is|are)|what does .* cost|what do .* (cost|charge)|in euro'?s?|hoeveel euro|welk bedrag|"
    r"hoe hoog is het bedrag|what amount|how many euros|"
    r"(wat|what|welk|welke|which|hoe hoog|how high)\s+((is|zijn|are|was|were|geldt|gelden|applies|apply)\s+)?"
    rf"((de|het|een|the|a)\s+)?([\w-]+\s+)?{_COST_NOUN})\b"
)
# A date: "Sinds wanneer …", "In welk jaar …", and "wanneer"/"when" before a verb that asks for a moment
# ("Wanneer is het protocol ondertekend?", "When was …"). Before a modal or another verb it asks for a
# condition ("Wanneer kan een subsidie worden ingetrokken?", "Wanneer valt onze coöperatie onder …"), and
# inside a sentence "when" is a conjunction ("What does the essay mean when it describes …").
_DATE_QUESTION = re.compile(
    r"\b(sinds wanneer|tot wanneer|vanaf wanneer|tot welke datum|in welk jaar|welke datum|sinds welk jaar|"
    r"what year|which year|since when|until when|by when|what date)\b"
    r"|\b(wanneer|when) (is|was|werd|werden|zijn|waren|wordt|worden|trad|treedt|ging|gaat|kwam|komt|heeft|"
    r"hebben|had|hadden|did|were|will|has|have)\b"
)
# "Hoe vaak moet de algemene vergadering bijeenkomen?", "How often …?": a frequency ("jaarlijks", "ten minste
# eenmaal in de vijf jaren"), which is no count of things ("Hoeveel keer …?" asks it too)
_FREQUENCY_QUESTION = re.compile(
    r"\b(hoe ?vaak|hoe dikwijls|hoeveel keer|hoeveel maal|how often|how frequently|how many times)\b"
)
_FREQUENCY = re.compile(
    r"\b(jaarlijks\w*|halfjaarlijks\w*|maandelijks\w*|wekelijks\w*|dagelijks\w*|per (\w*jaar|maand|week|dag|kwartaal)|op jaarbasis|"
    r"(elk|elke|ieder|iedere) (jaar|maand|week|dag|kwartaal)|(een|één|twee|drie|vier)maal|"
    r"(een|één|twee|drie|vier|\d+) keer|annual\w*|yearly|monthly|weekly|daily|once|twice|"
    r"\d+ times|every (year|month|week|day))\b",
    re.IGNORECASE,
)
_DURATION_QUESTION = re.compile(
    r"\b(hoe ?lang|hoe snel|hoe spoedig|binnen welke (termijn|tijd|periode)|welke termijn|termijn|termijnen|"
    r"how long|how soon|how quickly|within what|deadline|time limit"
    # "Hoe recent moet de VOG zijn?": a period since something ("niet eerder afgegeven dan drie maanden")
    r"|hoe recent|how recent|hoe oud (mag|mogen|mocht)|how old (can|may|might))\b"
)
# a question's asking sentence may follow what the asker says first ("Ik las over X. Wat bedoelen ze daarmee?")
_AFTER_SENTENCE = r"[.?!]\s+"
_DEFINITION_QUESTION = re.compile(
    rf"(^|[,:;] |{_AFTER_SENTENCE})(wat (precies |eigenlijk )?(is|zijn|betekent|betekenen) (een|de|het)?\b|"
    r"what (exactly |precisely )?(is|are) (a|an|the)?\b|wat wordt .*verstaan"
    r"|wat verstaat|wat verstaan|wat houdt .* in\b|what (does|do) [\w' -]{1,40} mean\W*$"
    # "Wat bedoelen die onderzoekers daar eigenlijk mee?" after the term
    r"|wat (bedoelt|bedoelen|bedoel|bedoelde|bedoelden) .*\b(met|mee|daarmee|hiermee)\b|wat (wordt|worden) .*bedoeld met"
    # "Wanneer noem je iets een burgercollectief?", "What counts as a citizen collective?"
    r"|wanneer (noem|noemt|noemen|heet|spreek|spreekt|spreken) (je|we|jullie|men|u)\b|wanneer is (iets|er sprake van)\b"
    r"|what counts as|wat (telt|geldt) als)"
    r"|\b(definieert|definiëren|definieren|omschrijft|omschrijving|gedefinieerd|"
    r"definitie|define|defines|defined|definition|mean by|meant by)\b"
    # "… explain what 'local self-government' means according to …"
    r"|\bwhat '[\w -]{1,40}' means\b"
)

# "Wat zijn de kenmerken van een burgercollectief?", "What is the role of the municipality?": the question
# asks for a property of something, not what the thing is (unless it says so: "de definitie van", "mean")
# ("Wat is volgens het essay de kritiek op dat idee?", "Wat zijn de voor- en nadelen van …?", "Wat is daarvoor
# een basisvoorwaarde?" ask for a property too)
_PROPERTY_QUESTION = re.compile(
    rf"(?:^|{_AFTER_SENTENCE})(?:en |and )?(?:wat|what) (?:precies |eigenlijk |exactly )?(?:is|zijn|are) "
    r"(?:(?:volgens|according to) (?:het|de|die|dat|the) [\w-]+ )?"
    r"(?:(?:de|het|the) (?!definitie|betekenis|definition|meaning)[\w-]+(?: en [\w-]+)? (?:van|voor|bij|op|of|for|on)\b"
    r"|(?:daarvoor|hiervoor|daarbij|daarin)\b)"
)

# "Wat betekent dat eigenlijk voor mij als lid?": what follows from it, not what it is
_IMPLICATION_QUESTION = re.compile(r"\bwat (?:betekent|betekenen|betekende)\b[^?]*\bvoor\b")

# "Welke rollen …?", "Wat zijn de kenmerken van …?", "Onder welke voorwaarden …?", "Which roles …?", "What
# roles can …?": a plural noun after the question word asks for a list ("Welke rol …?" and "Aan welke
# inkomenseis …?" do not; nor "What happens …", "What does …": after a bare "what" the noun must be
# followed by a verb).
_LIST_QUESTION = re.compile(
    r"(?:^|[.?!:;] )(?:en |and |maar |but |(?:aan|op|in|onder|met|voor|van|bij|uit|to|under|on|of|for|from) )?"
    r"(?:(?P<nl>welke|wat zijn de|wat waren de|noem (?:de |alle |eens )?)|"
    r"(?P<en>which|what are the|what were the|name the|list the|"
    r"what(?= \w+ (?:can|could|do|does|did|should|must|may|might|will|would|are|have)\b)))"
    r" (?:(?:twee|drie|vier|vijf|zes|zeven|acht|belangrijkste|verschillende|concrete|andere|two|three|four|"
    r"five|six|seven|eight|main|different|other|concrete|most important) )?(?P<noun>[\w'-]+)"
)
_DUTCH_PLURAL = re.compile(r"(?:\w{3}en|\w(?:es|'s|els|ers|ems|jes))$")  # rollen, principes, regels
_ENGLISH_PLURAL = re.compile(r"\w{2}(?<!s|u|i)s$")  # roles, rights (not process, status, basis)


# "Welke zaken moeten daarin geregeld worden?" names no kind of thing: what it asks for is what the rest of
# the question says, and any list "of the following things" (the Wmo's "de volgende zaken openbaar:") is none
_NAMELESS_NOUNS = frozenset("zaken dingen things matters".split())


def list_noun(question: str) -> str | None:
    """The plural noun a list question asks for ("rollen" in "Welke vier rollen …?"), or None."""
    for match in _LIST_QUESTION.finditer(fold(question).strip()):
        plural = _DUTCH_PLURAL if match.group("nl") else _ENGLISH_PLURAL
        if match.group("noun") not in _NAMELESS_NOUNS and plural.search(match.group("noun")):
            return match.group("noun")
    return None


_NUMBER_WORDS = re.compile(
    r"\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend|half|helft|derde|"
    r"kwart|one|two|three|four|five|six|hundred|thousand|"
    # English "ten", not the Dutch "ten minste", "ten aanzien van", "ten hoogste" …
    r"ten(?!\s+(?:minste|hoogste|aanzien|behoeve|opzichte|laste|einde|gevolge|tijde|blijke|dienste|volle|"
    r"spoedigste|onrechte|slotte|grondslag|uitvoer|koste)))\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|dertien|zestien|twintig|one|"
    r"two|three|four|five|six|eight|ten|twelve|thirteen|sixteen|twenty)\s+(werk)?(dagen|dag|weken|week|"
    r"maanden|maand|jaren|jaar|days?|weeks?|months?|years?)\b|\btermijn(en)? van\b|\bperiod of\b|\bzo spoedig mogelijk\b",
    re.IGNORECASE,
)
# "Er ontbreken betrouwbare gegevens over het aantal …": the answer to "hoeveel?" can be that nobody knows.
_UNKNOWN_AMOUNT = re.compile(
    r"\b(ontbreken|ontbreekt|geen|no|lack|lacking)\b.{0,40}\b(gegevens|cijfers|data|figures|statistieken|"
    r"statistics)\b|\b(onbekend|niet bekend|unknown)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19|20)\d{2}\b")
_CITATION = re.compile(r"\([^()]*\b(19|20)\d{2}[a-z]?\b[^()]*\)")  # "(Jans et al., 2024)" is no date
_MONTH = re.compile(
    r"\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"january|february|march|june|july|august|october)\b",
    re.IGNORECASE,
)
# What follows the defined term in a definition: "Onder subsidie wordt verstaan", "De coöperatie is een",
# "Een burgercollectief kan gedefinieerd worden als", "co-creatie, een werkwijze waarbij" (an apposition
# only with a relative clause after it, so a plain list "vereniging, een stichting of …" is none).
_DEFINITION_CUE = re.compile(
    r"\b(wordt verstaan|worden verstaan|kan gedefinieerd|wordt gedefinieerd|worden gedefinieerd|"
    r"is een|zijn een|is de|betekent|houdt in|behelst|is defined|are defined|is an?|means|denotes|refers to)\b"
    r"|, (een|a|an) \w+ (waarbij|waarin|die|dat|where|which|that|in which)\b"
)
_TERM_WORDS = 3  # the defined term is among the last words before the cue
_COPULA_CUE = re.compile(r"(?:is|zijn) (?:een|de|an?)$|behelst$")
# An entry of a law's list of definitions ("wordt verstaan onder:", "begripsbepalingen"), a line of its own:
# "energiegemeenschap: juridische entiteit die …", "algemene voorziening: aanbod van …", "CIZ: centrum …".
# The term is lower case (or an acronym) and so is what follows, unlike the essay's labelled paragraphs
# ("Energie Samen: Met ruim 740 leden", "Langetermijnvisie: Burgercollectieven …").
_DEFINITION_ENTRY = re.compile(
    r"^[ \t]*(?:[–•*-][ \t]*)?\*?([a-zà-ÿ][\w-]*(?:[ \t][\w-]+){0,3}|[A-Z]{2,6})\*?:\*?[ \t]+\*?[a-zà-ÿ(]",
    re.MULTILINE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.;:!?])\s+")


# "Binnen hoeveel tijd …?", "how many weeks": an amount of time is a period, not a count
_TIME_AMOUNT = re.compile(
    r"\b(hoeveel (tijd|dagen|weken|maanden|jaar|jaren)|how much time|how many (days|weeks|months|years))\b"
)


# "Waar is dat recht wettelijk vastgelegd?", "Welke wet regelt dat?", "What is the legal basis?", "waar is
# dat geregeld?", "Where is that laid down?": the answer
# is a provision of a law or treaty, not the essay's account of it.
# "Wat is een coöperatie in juridische zin?", "legally speaking": asks for the law, and names no word of its
# own (query drops it: as terms "juridische" and "zin" found the essay's "juridische zorgvuldigheid")
LEGAL_SENSE = re.compile(
    r"\b(?:in (?:juridische|wettelijke) zin|juridisch gezien|in juridisch opzicht|in (?:the )?legal "
    r"(?:sense|terms)|legally speaking)\b"
)
_LEGAL_BASIS_QUESTION = re.compile(
    r"\b(wettelijk\w*|in de wet|welke wet|wetsartikel\w*|wetgeving|grondslag|juridische basis|"
    r"legal basis|legally|statutory|which law|what law|in the law|by law|legislation)\b"
    r"|\bwaar (?:is|zijn|staat|staan|wordt|worden) (?:\w+ ){0,3}geregeld\b"
    r"|\bwhere (?:is|are) (?:\w+ ){0,3}(?:regulated|laid down|set out|governed)\b"
    rf"|{LEGAL_SENSE.pattern}"
)


def asks_legal_basis(question: str) -> bool:
    return bool(_LEGAL_BASIS_QUESTION.search(fold(question)))


# "Under Dutch (housing) law …", "volgens de Nederlandse wet", "naar Nederlands recht": the Dutch statutes,
# not the treaties, which are law too and in English ("The law shall provide …", "by law" in the Protocol
# answered "What is a housing cooperative under Dutch law?")
_DUTCH_LAW = re.compile(
    r"\b(dutch|nederlandse?)\s+(\w+\s+)?(law|laws|legislation|statutes?|wet|wetten|wetgeving|recht)\b"
)


def asks_dutch_law(question: str) -> bool:
    return bool(_DUTCH_LAW.search(fold(question)))


# "Hoe kan de gemeente ... ondersteunen?", "Waar moeten we op letten?", "What should a civil servant keep in
# mind ...?": a question asking for advice, which the essay gives; the laws say what may and must. "Wat moet
# er in een participatieverordening staan?" asks what the law requires and "How does the Civil Code define
# …?" how a rule works (of the tuning questions the wider pattern took, 24 were answered by a law, 13 by the
# essay); "Wat moeten we doen?" still asks for advice.
_ADVICE_QUESTION = re.compile(
    rf"(^|{_AFTER_SENTENCE})(hoe|how)\s+(kan|kunnen|kun|moet|moeten|zorg|zorgen|pak|pakken|ga|gaan|can|could|should|do)\b|"
    r"\bwat (moet|moeten) (ik|we|wij|je|jullie|u|de gemeente|het college) (dan )?doen\b|"
    r"\b(wat kan|wat kunnen|what can|what could|what should|op letten|tips|advies|"
    r"advice|keep in mind|bear in mind|aandachtspunten|best practices?|"
    # "Wat raadt het essay gemeenten aan?", "What does the essay recommend?"
    r"aanbeveling(en)?|beveelt .*\baan|bevelen .*\baan|raadt .*\baan|raden .*\baan|aanraden|"
    r"recommends?|recommendations?|advises?)\b"
)


def asks_advice(question: str) -> bool:
    return bool(_ADVICE_QUESTION.search(fold(question).strip())) and not asks_legal_basis(question)


def _amount_asking(question: str) -> str:
    """The folded question without a clause that says the amount does not matter ("ongeacht hoeveel")."""
    return _AMOUNT_NOT_ASKED.sub(" ", fold(question))


def asked_type(question: str) -> AnswerType | None:
    """The kind of answer ``question`` asks for, or None for any other question."""
    folded = _amount_asking(question).strip()
    if _FREQUENCY_QUESTION.search(folded):
        return "frequency"
    if _TIME_AMOUNT.search(folded):
        return "duration"
    if _COST_QUESTION.search(folded) or (
        _QUANTITY_QUESTION.search(folded) and not _DEGREE_QUESTION.search(folded)
    ):
        return "quantity"
    if _DATE_QUESTION.search(folded):
        return "date"
    if _DURATION_QUESTION.search(folded):
        return "duration"
    if list_noun(folded):
        return "list"
    if (
        _DEFINITION_QUESTION.search(folded)
        and not _PROPERTY_QUESTION.search(folded)
        and not _IMPLICATION_QUESTION.search(folded)
    ):
        return "definition"
    return None


def asks_cost(question: str) -> bool:
    """Does ``question`` ask what something costs ("Wat kost …", "How much do members pay …"; not "how much
    do people trust …", which asks for a degree)?"""
    return bool(_COST_QUESTION.search(_amount_asking(question)))


# Whose price or charge a cost question asks: "wat kost het bij de notaris", "wat rekent een notaris", "how much
# does a notary usually charge", "how much VAT does our cooperative have to charge". The corpus gives a few
# amounts (the Btiv's € 5.000 for a cooperative plan, the Wmo's fines); one of them is no notary's fee.
# "bij de notaris" names the payee only in a cost question ("Hoeveel woningen … bij de start?" is a count).
_PRICED_AT = re.compile(r"\bbij (?:de|een|het) ([a-z][\w-]+)")
# these name the price asked in their own words ("rekent", "charge")
_PRICED_BY = re.compile(
    r"\b(?:wat|hoeveel) (?:rekent|rekenen|vraagt|vragen|kost|kosten) (?:de|een|het|die|zo'n) ([a-z][\w-]+)"
    r"|\bhow much (?:does|do|would|will|did|might) (?:a|an|the|our|my|your|their|such an?) ([a-z][\w-]+)"
    r"(?: (?:usually|typically|normally|roughly|generally|actually))? (?:charge|ask|bill|cost)"
    r"|\bwhat (?:does|do|would|will) (?:a|an|the) ([a-z][\w-]+)(?: (?:usually|typically|normally))? charge"
    # "how much VAT does our cooperative have to charge"; not "how much say do we have", a degree
    r"|\bhow much ([a-z][\w-]+) (?:does|do|must|should|would|will|can)(?: [\w'-]+){0,6}? "
    r"(?:charge|pay|cost|ask|bill|owe|levy)\b"
    # a rate is a price too: "What VAT rate do we have to apply?", "welk btw-tarief", "hoeveel procent rente"
    r"|\bwhat ([a-z][\w-]+) (?:rate|rates|percentage|tariff)\b"
    r"|\bwelke? ([a-z]+)-?(?:tarief|tarieven|percentage)\b"
    r"|\bhoeveel procent ([a-z][\w-]+)"
)
# words for an amount itself: "how much money does the corporation have to provide" asks the Btiv's € 5.000
_AMOUNT_WORDS = frozenset(
    "money geld euro euros eur bedrag bedragen amount amounts cash funding budget ongeveer zowat circa roughly per".split()
)


def priced_thing(question: str) -> str | None:
    """The provider or thing whose price a cost question asks (folded), or None: "notaris" of "Wat kost het
    ongeveer bij de notaris?", "vat" of "How much VAT does our cooperative have to charge?"; not a word for
    money itself ("how much money does …")."""
    folded = _amount_asking(question)
    matches = [*_PRICED_BY.finditer(folded)]
    if asks_cost(question):
        matches += _PRICED_AT.finditer(folded)
    for match in sorted(matches, key=lambda m: m.start()):
        word = next(group for group in match.groups() if group)
        # "bij de oprichting", "bij de aanvraag": when, not who charges
        if word not in _AMOUNT_WORDS and word not in STOPWORDS and not word.endswith("ing"):
            return word
    return None


# What a deadline question asks the deadline of: "Binnen hoeveel weken moeten we bezwaar indienen?" asks it of
# an objection, "Hoe lang van tevoren moeten we een evenementenvergunning aanvragen?" of a permit, "How long
# do we have to file an objection?" of an objection. The corpus gives deadlines for subsidy and Wmo requests;
# none of them is an objection's. The thing is what one files, applies for or lodges.
_TIMED = re.compile(
    r"\b([a-z][\w-]+) (?:indienen|aanvragen|aantekenen|instellen)\b"
    r"|\b(bezwaar|beroep) (?:maken|aantekenen)\b"
    r"|\b(?:file|lodge|submit|apply for|request) (?:an?|the|our|my|your|their) ([a-z][\w-]+)"
)


def timed_thing(question: str) -> str | None:
    """What a period or deadline question asks the period of (folded), or None: "bezwaar" of "Binnen hoeveel
    weken moeten we bezwaar indienen?", "evenementenvergunning" of "Hoe lang van tevoren moeten we een
    evenementenvergunning aanvragen?"; None for a question that asks no period, or names no thing filed."""
    if asked_type(question) != "duration":
        return None
    for match in _TIMED.finditer(_amount_asking(question)):
        word = next(group for group in match.groups() if group)
        if word not in STOPWORDS and len(word) > 3:
            return word
    return None


# What a limit question asks the limit of: "Wat is de maximale hoogte van een windmolen …?" asks a height,
# "What is the minimum number of members …?" a number of members (the word after "number of").
_LIMIT = re.compile(r"\b(?:maximale|minimale|maximum|minimum)\s+((?:[\w-]+\s+){0,3})")
_COUNT_NOUNS = frozenset("aantal number getal".split())


def limited_thing(question: str) -> str | None:
    """What a limit question asks the limit of (folded), or None: "hoogte" of "Wat is de maximale hoogte
    van een windmolen …?", "members" of "What is the minimum number of members …?"."""
    if asked_type(question) != "quantity":
        return None
    match = _LIMIT.search(_amount_asking(question) + " ")
    if match is None:
        return None
    for word in match.group(1).split():
        if word not in STOPWORDS and word not in _COUNT_NOUNS and word not in _AMOUNT_WORDS:
            return word
    return None


def without_citations(text: str) -> str:
    """The text without its literature references: the year in "(Jans et al., 2024)" dates a publication,
    not anything the text says."""
    return _CITATION.sub(" ", text)


# "3. De egalisatiereserve …", "lid 2, onder a:", "als bedoeld in artikel 2.18, derde lid": numbers that
# order a law, not quantities it states
_NUMBERING = re.compile(r"^\s*(?:lid \d+\w*(?:, onder \w+°?)*[:,]?|\d+(?:\.\d+)*[.)]?|[a-z][.)])\s")
_REFERENCE = re.compile(
    r"\b(?:artikel|artikelen|article|articles|art\.|lid|leden|boek|titel|afdeling|hoofdstuk|paragraph)\s+"
    r"\d+[\w.:]*(?:\s*(?:,|en|and|of|or|tot en met|t/m)\s*\d+[\w.:]*)*"
    r"|\b(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste)\s+(?:lid|volzin)\b",
    re.IGNORECASE,
)


def has_quantity(text: str) -> bool:
    """A count or share, not just a year or a citation's year ("(Jans et al., 2024)"), nor a law's own
    numbering ("3. De egalisatiereserve …", "artikel 2.18")."""
    bare = _without_numbering(text)
    return bool(re.search(r"\d", YEAR.sub(" ", bare)) or _NUMBER_WORDS.search(bare))


def _without_numbering(text: str) -> str:
    """``text`` without a law's own numbering, its references to articles and literature citations: what is
    left of its numbers states quantities (or years)."""
    return _REFERENCE.sub(" ", _NUMBERING.sub(" ", without_citations(text)))


def answers_amount(text: str) -> bool:
    """A count or share, or the statement that the amount is unknown."""
    return has_quantity(text) or bool(_UNKNOWN_AMOUNT.search(text))


def has_period(text: str) -> bool:
    """A period or deadline: "binnen zes weken", "30 dagen", "een termijn van", "within 4 weeks"."""
    return bool(_PERIOD.search(text))


def has_frequency(text: str) -> bool:
    """How often: "jaarlijks", "ten minste eenmaal in de vijf jaren", "twee keer per jaar", "annually"."""
    return bool(_FREQUENCY.search(text))


def has_date(text: str) -> bool:
    """A year or a month outside a literature reference."""
    bare = without_citations(text)
    return bool(YEAR.search(bare) or _MONTH.search(bare))


DEFINES = "=defines:"  # prefix of the lexical index's pseudo-terms for the terms a passage defines
COUNTS = "=counts:"  # prefix of the pseudo-terms for the things whose number a passage speaks of
PSEUDO_TERMS = (DEFINES, COUNTS)  # prefixes of index terms that are no words of any text

# "het aantal burgercollectieven", "the number of members": the thing counted is the word after it
_COUNT_OF = re.compile(
    r"\b(?:aantal|number of)\s+(?:van\s+)?(?:(?:de|het|hun|haar|onze|deze|die|the|their)\s+)?([\w-]+)"
    # "Met ruim 740 leden", "ten minste drie leden", "26 woningen": a number right before what it counts (not
    # a paragraph's number, "2 De …", nor a year; "zes weken" is a period, answer_type's own question; no
    # English "ten": "ten minste", "ten behoeve")
    r"|(?<![\d.,])(?!(?:19|20)\d\d\b)(?:\d{2,}|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|"
    r"honderd|duizend|two|three|four|five|six|seven|eight|nine|hundred|thousand)\s+"
    r"(?!(?:dagen|weken|maanden|jaren|jaar|uur|days|weeks|months|years)\b)([a-z][\w-]*)"
)
# "Hoeveel leden …?", "How many members …?": the thing asked to count is the word after it, or after a
# partitive ("hoeveel van die initiatieven", "how many of those co-ops")
_COUNT_QUESTION = re.compile(
    r"\b(?:hoeveel|how many)\s+(?:(?:van|of)\s+(?:de|die|deze|het|onze|hun|the|those|these|our|their)\s+)?([\w-]+)"
)


def defined_terms(text: str, analyzer: Analyzer) -> list[str]:
    """The stems a passage defines: those standing right before a definitional phrase ("Onder subsidie
    wordt verstaan", "De coöperatie is een"), and those a law's list of definitions opens an entry with
    ("energiegemeenschap: juridische entiteit …"). Ingest indexes them as ``DEFINES + stem`` pseudo-terms,
    so a definition question finds the one passage that defines its term among many that merely use it."""
    found: dict[str, None] = {}
    for entry in _DEFINITION_ENTRY.finditer(text):
        found.update(dict.fromkeys(analyzer.analyze(entry.group(1))))
    for sentence in _SENTENCE_BREAK.split(text):
        folded = fold(sentence)
        for cue in _DEFINITION_CUE.finditer(folded):
            # "De coöperatie is een …": the term right before "is"; "… de subsidie-ontvanger verplicht is de
            # activiteiten te verrichten" defines nothing ("verplicht" is no term)
            if _COPULA_CUE.match(cue.group(0)):
                before = " ".join(folded[: cue.start()].split()[-1:])  # the word, hyphens and all
            else:
                before = " ".join(words(folded[: cue.start()])[-_TERM_WORDS:])
            found.update(dict.fromkeys(analyzer.analyze(before)))
    return list(found)


def is_definition_entry(sentence: str) -> bool:
    """Is ``sentence`` an entry of a law's list of definitions ("– aanbieder: natuurlijke persoon …")?"""
    return _DEFINITION_ENTRY.match(sentence) is not None


def counted_terms(text: str, analyzer: Analyzer) -> list[str]:
    """The stems of what a passage gives the number of ("het aantal burgercollectieven" → burgercollectief,
    burger, collectief). Ingest indexes them as ``COUNTS + stem`` pseudo-terms: "Hoeveel burgercollectieven
    zijn er?" then finds the one passage about their number among the hundreds that name them and state
    some other number (it says that number is unknown)."""
    found: dict[str, None] = {}
    for match in _COUNT_OF.finditer(fold(text)):
        found.update(dict.fromkeys(analyzer.analyze(match.group(1) or match.group(2))))
    return list(found)


def gives_count_of(text: str, counted: Collection[str], analyzer: Analyzer) -> bool:
    """Does ``text`` give the number of one of the ``counted`` stems, or say that it is unknown? ("Er
    ontbreken gegevens over het aantal burgercollectieven" does; "zonder het aantal leden te verhogen"
    speaks of a number without giving one.)"""
    if not answers_amount(text):
        return False
    if set(counted).intersection(counted_terms(text, analyzer)):
        return True
    # "ten minste vijf in elkaars nabijheid gelegen woongelegenheden": the number a few words before it
    bare = YEAR.sub(" ", _without_numbering(fold(text)))
    for number in _NUMBER.finditer(bare):
        following = words(bare[number.end() :])[:_COUNTED_WITHIN]
        if any(set(counted).intersection(analyzer.analyze(word)) for word in following):
            return True
    return False


_COUNTED_WITHIN = 5  # words between a number and the noun it counts, at most
_NUMBER = re.compile(rf"\d+|{_NUMBER_WORDS.pattern}", re.IGNORECASE)


def counted_word(question: str) -> str | None:
    """The word a "hoeveel X" / "how many X" question asks to count, folded; None for other questions."""
    if asked_type(question) != "quantity":
        return None
    match = _COUNT_QUESTION.search(_amount_asking(question))
    return match.group(1) if match else None


def leads_list(sentence: str) -> bool:
    """Does ``sentence`` lead a list (it ends in ":"), as an announcement or as an item with items of its
    own ("ii. de instelling waarborgen van:")?"""
    return sentence.rstrip().endswith(":")


def is_announcement(sentence: str) -> bool:
    """Does ``sentence`` announce a list (it ends in ":")? An item of a list ("onder a: …:") announces none."""
    return leads_list(sentence) and not ITEM_START.match(sentence)


def announces_list(sentence: str, asked: Collection[str], analyzer: Analyzer) -> bool:
    """Does ``sentence`` announce a list of the ``asked`` things ("… kunnen we de volgende kenmerken …
    onderscheiden (Igalla et al., 2019):")?"""
    return is_announcement(sentence) and bool(set(analyzer.analyze(sentence)) & set(asked))


# "Netwerken van burgercollectieven, zoals Energie Samen, Lansco, NLZVE, LSA en COOPlink, …": a list given inline,
# by name, after "zoals" / "such as" / "waaronder" / "including": two names or more
_NAME = r"[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*"
_NAMED_INSTANCES = re.compile(
    rf"\b(?:zoals|waaronder|such as|including)\s+(?:(?:de|het|the)\s+)?{_NAME}(?:\s*,\s*{_NAME})*"
    rf"\s*(?:,\s*|\s+)(?:en|and|of|or)\s+{_NAME}|\b(?:zoals|waaronder|such as|including)\s+{_NAME}"
    rf"(?:\s*,\s*{_NAME}){{2,}}"
)


def names_instances(sentence: str, asked: Collection[str], analyzer: Analyzer) -> bool:
    """Does ``sentence`` name instances of the ``asked`` things inline ("Netwerken van burgercollectieven,
    zoals Energie Samen, Lansco en NLZVE, …" for "Welke netwerken …?"): the asked noun before the names."""
    match = _NAMED_INSTANCES.search(sentence)
    return match is not None and bool(set(analyzer.analyze(sentence[: match.start()])) & set(asked))


def offers(
    kind: AnswerType, text: str, asked: Collection[str] = (), analyzer: Analyzer | None = None
) -> bool:
    """Does ``text`` hold the kind of answer asked for? A definition must define one of the ``asked``
    stems, a list be announced with one of them (both need the ``analyzer``). Retrieval asks this of its
    candidates for every kind (a definition of the one thing asked about; the index's ``DEFINES`` terms
    also find defining passages beyond the fused candidates)."""
    if kind == "list":
        return analyzer is not None and any(
            announces_list(clause, asked, analyzer) or names_instances(sentence, asked, analyzer)
            for paragraph in split_paragraphs(text)
            for sentence in split_sentences(paragraph)
            for clause in split_clauses(sentence)
        )
    if kind == "quantity":
        return answers_amount(text)
    if kind == "date":
        return has_date(text)
    if kind == "duration":
        return has_period(text)
    if kind == "frequency":
        return has_frequency(text)
    return analyzer is not None and bool(asked) and not set(asked).isdisjoint(defined_terms(text, analyzer))

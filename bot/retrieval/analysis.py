"""Text analysis for lexical search: tokens → folded, stopword-free, decompounded Dutch stems.

The same analyzer runs over passages and questions. Decompounding uses the corpus vocabulary: a long
word is split into two known words (optionally joined by a linking ``s``/``e``/``en``; the first may
itself be such a compound), so that "burgercollectief" also matches "burger" and "collectief" and vice
versa, and "thuiszorgorganisatie" matches "thuis", "zorg" and "organisatie".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cached_property

import Stemmer

# an initialism written with dots is one word: "U.A." (uitsluiting van aansprakelijkheid, BW 2:56) is "ua",
# not two letters too short to be a term
INITIALISM = r"(?:[^\W\d_]\.){2,}"
_TOKEN = re.compile(rf"[0-9]+(?:[.,:][0-9]+)*|{INITIALISM}|[^\W\d_]+", re.UNICODE)
# the everyday initialisms ("o.a.", "m.b.t.", "i.p.v.", "e.g.") name nothing to search for
_INITIALISM_STOPWORDS = (
    "oa ea ed mbt tav ivm ipv nav obv dwz maw aub zsm tbv cq vwb mn ism iom tzt zgn eg ie".split()
)

# Function words, and question filler that names nothing to search for ("zegt het essay", "Welke voorwaarden
# gelden voor …": as a term "gelden" matched "voldoende gelden", funds).
DUTCH_STOPWORDS = frozenset(
    """aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja
    je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons
    ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen
    wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou welke waarom wanneer waar hoeveel mag
    moeten kunt zullen wij jullie hen deze dergelijke onze hoe zoals wordt werden vaak daarbij daarmee
    elk elke ieder iedere vooral echter waarvoor waardoor waarmee waarin welk volgens eigenlijk precies
    essay tekst teksten bron bronnen zeggen zegt staat staan gebruikt gebruiken noemt genoemd beschrijft
    bedoeld bedoelt bedoelen bedoel betekent houdt kun kunnen kan toelichten uitleggen leg vertel geef graag even doet
    verder auteur auteurs schrijvers gelden geldt oke ok okay gewoon nou hoor overeenkomstig overeenkomstige
    indien mogen mocht mochten hoeft hoeven hoefde zouden
    terwijl zodra alsof zodat doordat ofwel hetzij namelijk""".split()
)
ENGLISH_STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have how i if in into is
    it its may me might must my no not of on or our should so than that the their them then there these
    they this those to was we were what when where which who whom why will with would you your about
    please tell give explain many much according say says said mean means describe describes essay text
    source sources does also just author authors writers under over after before between during within
    without through upon above below among exactly precisely actually really very quite rather still
    only even largely mainly mostly often usually preferably generally specifically particularly""".split()
)
STOPWORDS = DUTCH_STOPWORDS | ENGLISH_STOPWORDS | frozenset(_INITIALISM_STOPWORDS)
_LINKERS = ("", "s", "e", "en")
_MIN_PART = 4
_MIN_COMPOUND = 8
_MAX_COMPOUND = 60  # longer "words" (a pasted hash, 10k times "a") are not split: splitting is cubic
# the separable prefixes a participle's "ge" follows: "vast·ge·steld", "uit·ge·voerd"
_SEPARABLE = tuple("aan af bij door in mee na om op over samen terug toe uit vast voor weg tegen".split())
_VOWELS = frozenset("aeiou")
# A separable particle at the end of a clause may be a preposition whose object went ahead as "waar", "daar",
# "hier" or "er" ("Waar leggen zij de nadruk op?" is "waarop", no "opleggen"), unless another preposition
# stands between ("Waar hangt dat van af?": "waarvan", then the particle of "afhangen").
_PREPOSITIONS = frozenset("aan bij door in mee na om op over tegen toe uit voor van met tot naar".split())
_R_PRONOUNS = frozenset("waar daar hier er".split())
_SEPARABLE_SET = frozenset(_SEPARABLE)
_CLOSING_QUOTES = "'\"’”»"  # between a particle and its mark: "… een aanvraag … in", tenzij …
# a mark that ends a clause ("… dat op? Wij …", "… vast, en …"), and after which the next one starts: not
# the ":" of "4:21" or the "." of "2.6.7"
_CLAUSE_BREAK = re.compile(r"[?!;()\[\]]|[.,:](?!\d)")
_PARTICLE_WINDOW = 12  # characters before a mark that can hold a particle and its closing quotes
# An adjective's suffix is no tail after a verb's stem: "behoor·lijke" would match the Snowball stem of "gelijke"
# (Snowball takes "ge" off: "lijk(e)"). (For every head it cost hits: "gemeente·lijke" finds "gemeente".)
_ADJECTIVE_SUFFIX = "lijk"
_MIN_VERB_FORM = 5
_MIN_PAST_TENSE = 7  # "realiseerde", "richtte"; not "waarde" (value), no form of "waren"
_VERB_ENDINGS = ("d", "t", "de", "te")
# words ending in -d/-t that are no form of the verb their "-en" form looks like, or whose verb shares its
# stem with a noun of another meaning: buurt (neighbourhood) is no form of buren; "Wat raadt het essay aan?"
# (aanraden) is no "raad" (council); "zorgt ervoor dat" (sees to it) no "zorg" (care)
_NOT_VERB_FORMS = frozenset({"buurt", "raadt", "zorgt"})


def fold(text: str) -> str:
    """Lowercase and strip diacritics: coöperatie → cooperatie. Called for every candidate sentence of
    every answer (a fifth of a warm answer's time went here), so plain ASCII takes a shortcut and other
    short texts, the same sentences again and again, are remembered."""
    if text.isascii():
        return text.lower()
    if len(text) > FOLD_MEMO_CHARS:  # a question's joined passages: never asked again, not worth keeping
        return _fold_unicode(text)
    return _fold_remembered(text)


FOLD_MEMO_CHARS = 2_000  # texts up to this long are remembered (sentences, titles): at most ≈ 30 MB


def _fold_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_fold_remembered = functools.lru_cache(maxsize=8_192)(_fold_unicode)


# "het derde lid": the ordinals that number an article's paragraphs (articles.py reads references with them)
PARAGRAPH_ORDINALS = tuple("eerste tweede derde vierde vijfde zesde zevende achtste negende tiende".split())
_BEFORE_PARAGRAPH = frozenset((*PARAGRAPH_ORDINALS, "vorige", "voorgaande"))


def _numbers_a_paragraph(found: list[str], i: int) -> bool:
    """Is the "lid" at ``found[i]`` a paragraph of an article ("het eerste lid", "lid 2:"), not a member?
    The laws say it some 280 times, and a question about members matched every reference to a paragraph
    ("bedoeld in het eerste en tweede lid" answered "How many members does Energie Samen have?")."""
    before = found[i - 1] if i else ""
    after = found[i + 1] if i + 1 < len(found) else ""
    return before in _BEFORE_PARAGRAPH or after[:1].isdigit()


def words(text: str) -> list[str]:
    """Folded word tokens (numbers kept whole: 4:21, 2.6.7, 740; an initialism without its dots: U.A. → ua)."""
    return [undotted(token) for token in _TOKEN.findall(fold(text))]


def undotted(token: str) -> str:
    """An initialism's token without its dots, or the quote before it ("u.a." and "'u.a." → "ua"); any other
    token as it is."""
    return token.lstrip("'").replace(".", "") if token.endswith(".") else token


def _particles_ending_clauses(text: str) -> list[tuple[int, str]]:
    """Where each clause of ``text`` that ends in a separable particle ends (right after the particle), and
    the mark that ends it ("" at the end of the text). A plain scan of the marks, the word before each:
    ``Analyzer.analyze`` asks this of every text, and a regular expression for a particle before a mark took
    twice as long."""
    found = []
    for position, mark in [*((m.start(), m.group()) for m in _CLAUSE_BREAK.finditer(text)), (len(text), "")]:
        window = max(0, position - _PARTICLE_WINDOW)
        before = text[window:position].rstrip().rstrip(_CLOSING_QUOTES).rstrip()
        # (the window may start inside a longer word: ``Analyzer._separable_verb`` reads the whole token)
        last = before.split()[-1:]
        if last and last[0].lower() in _SEPARABLE_SET:
            found.append((window + len(before), mark))
    return found


def _infinitives(base: str) -> list[str]:
    """The infinitives a verb's base may have, the likelier first: verstrek → verstrekken (a short vowel
    doubles the consonant; "verstreken" is another verb), regel → regelen, betaal → betalen (a long vowel
    is written once in an open syllable; "buuren" is no verb but a name), leef → leven, reis → reizen."""
    if len(base) < 3:
        return [base + "en"]
    last, before, first = base[-1], base[-2], base[-3]
    voiced = {"f": "v", "s": "z"}.get(last)
    if last in _VOWELS or before not in _VOWELS:
        return [base + "en"]
    if _long_vowel(base):  # betaal, leef
        return [base[:-2] + c + "en" for c in (last, voiced) if c]
    if first in _VOWELS:  # a diphthong: reis → reizen, bied → bieden
        return [base + "en"] + ([base[:-1] + voiced + "en"] if voiced else [])
    return [base + last + "en", base + "en"]


def _long_vowel(base: str) -> bool:
    """Does a verb's base end in a long vowel and a consonant ("betaal", "woon", "leef")? Its infinitive
    writes the vowel once."""
    return len(base) >= 3 and base[-3] == base[-2] in _VOWELS and base[-1] not in _VOWELS


def _ending_fits(stem: str, voiceless: bool) -> bool:
    """Does a participle's or past tense's -t/-d fit the stem's last sound ('t kofschip)? A stem spelled
    with -f or -s may sound -v or -z (geleefd, gereisd): either fits."""
    if stem.endswith(("f", "s")):
        return True
    return stem.endswith(("t", "k", "ch", "p", "x")) == voiceless


class Analyzer:
    """Stems, drops stopwords and decompounds against a vocabulary of known words."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self._stemmer = Stemmer.Stemmer("dutch")
        self.vocabulary: Counter[str] = Counter(w for w in vocabulary if len(w) >= _MIN_PART)
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._stems: dict[str, str] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Analyzer:
        vocabulary: Counter[str] = Counter()
        for text in texts:
            vocabulary.update(words(text))
        analyzer = cls()
        analyzer.vocabulary = Counter({w: n for w, n in vocabulary.items() if len(w) >= _MIN_PART})
        return analyzer

    def split_compound(self, word: str) -> tuple[str, ...]:
        """Parts of a compound known to the vocabulary, or () when it is not one. The head may itself be
        a compound the corpus never writes alone ("thuiszorg·organisatie": thuis + zorg are known)."""
        if not _MIN_COMPOUND <= len(word) <= _MAX_COMPOUND or not word.isalpha():
            return ()
        cached = self._split_cache.get(word)
        if cached is not None:
            return cached
        self._split_cache[word] = ()  # while the head is split below, the word is no part of itself
        best: tuple[int, tuple[str, ...]] = (0, ())
        for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head, rest = word[:i], word[i:]
            head_count = self.vocabulary.get(head, 0)
            verb_stem = False
            if not head_count and not rest.startswith("e"):
                # a head the corpus writes only inflected: "groen·onderhoud" (groene), "kost·prijs" (kosten);
                # not when the word goes on with that "e" ("energi·e…", "gemeente")
                head_count = self.vocabulary.get(head + "e", 0) or self.vocabulary.get(head + "en", 0)
                if not head_count and _long_vowel(head):
                    # a verb's stem: "woon·coöperatie", "woon·gelegenheden" (wonen), "draag·vlak" (dragen); by
                    # its likelier infinitive only ("leef·tijd" as leven split more than it found)
                    head_count = self.vocabulary.get(_infinitives(head)[0], 0)
                    verb_stem = bool(head_count)
            if not head_count and len(head) >= _MIN_COMPOUND:
                head_count = min((self.vocabulary[p] for p in self.split_compound(head)), default=0)
            if not head_count:
                continue
            for linker in _LINKERS:
                if not rest.startswith(linker):
                    continue
                tail = rest[len(linker) :]
                if len(tail) < _MIN_PART or (verb_stem and tail.startswith(_ADJECTIVE_SUFFIX)):
                    continue
                tail_count = self.vocabulary.get(tail) or self._stem_counts.get(self.stem(tail), 0)
                if tail_count:
                    score = min(head_count, tail_count)
                    if score > best[0]:
                        best = (score, (head, tail))
        self._split_cache[word] = best[1]
        return best[1]

    @cached_property
    def _stem_counts(self) -> Counter[str]:
        """Known words by stem, so an inflected tail ("collectieven") matches a known "collectief"."""
        counts: Counter[str] = Counter()
        for word, n in self.vocabulary.items():
            counts[self.stem(word)] += n
        return counts

    def stem(self, word: str) -> str:
        """The Snowball stem of the word, or of what the corpus says for it where Snowball stems two forms
        apart: a verb form's noun of action or infinitive (``lemma``), the other number of a word in -s
        (``_other_number``), an adjective in -achtig(e)'s noun (Snowball takes "achtig" off "veerkrachtige",
        leaving "veerkr"). Remembered per word: call it only once the vocabulary is set."""
        stem = self._stems.get(word)
        if stem is None:
            snowball = self._stemmer.stemWord(word)
            other = self.lemma(word) or self._other_number(word, snowball) or self._adjective_noun(word)
            stem = self._stems[word] = snowball if other == word else self._stemmer.stemWord(other)
        return stem

    def _other_number(self, word: str, snowball: str) -> str | None:
        """The singular or plural the corpus uses of a word in -s that Snowball (``snowball``: its stem of
        the word) stems apart from it: an English plural's singular, which the Dutch stemmer leaves whole
        ("authorities" → authority, Snowball "authoritie"; "rights" → right), and the plural of a Dutch noun
        whose own last letter is an -s, which Snowball takes off as a plural's ("mens" → men, "kans" → kan,
        "grens" → gren, but "mensen" → mens): the question's "mens" missed the corpus's "mensen"."""
        if not word.endswith("s"):
            return None
        if word.endswith("ies") and self.vocabulary.get(word[:-3] + "y"):
            return word[:-3] + "y"
        if snowball.endswith("s") and self.vocabulary.get(word[:-1]):
            return word[:-1]
        if len(word) < 4 or snowball != word[:-1]:
            return None
        return next(
            (p for p in (word + "en", word + "sen", word[:-1] + "zen") if self.vocabulary.get(p)), None
        )

    def _adjective_noun(self, word: str) -> str:
        """ "veerkrachtig(e)" → "veerkracht", "daadkrachtig" → "daadkracht" when the corpus uses the noun."""
        if word.endswith(("achtig", "achtige")):
            noun = word[: word.rindex("ig")]
            if self.vocabulary.get(noun):
                return noun
        return word

    def lemma(self, word: str) -> str | None:
        """The word a verb form is stemmed as: its noun of action when the corpus uses one ("melden",
        "gemeld" → melding), else its infinitive; None for any other word.

        Snowball leaves "benoemt", "benoemd", "betaald", "ondersteund" whole while "benoemen",
        "benoeming", "betalen", "ondersteuning" lose their ending; it stems "geregeld" as "regel" but
        "regelen"/"regeling" as "regeel", and "melden" as "mel" but "melding" as "meld". A question's verb
        missed the passage's noun, and the law's "De algemene vergadering benoemt …"."""
        infinitive = self.infinitive(word) if word.endswith(_VERB_ENDINGS) else word
        if not infinitive.endswith("en") or len(word) < _MIN_VERB_FORM or not self.vocabulary:
            return None
        noun = infinitive[:-2] + "ing"
        if self.vocabulary.get(noun):
            return noun
        return infinitive if infinitive != word else None

    def infinitive(self, word: str) -> str:
        """The infinitive of a participle or a present or past tense ending in -d/-t/-de/-te, when the
        corpus uses it or its noun of action (so nothing is made up: a noun's plural counts too, "besluit"
        → "besluiten", the same stem); else the word itself. A participle and a past tense end in -t(e)
        after a voiceless consonant and in -d(e) after any other sound ('t kofschip): "gemeente" is no
        form of "menen"."""
        if len(word) < _MIN_VERB_FORM or word in _NOT_VERB_FORMS or not self.vocabulary:
            return word
        past = len(word) >= _MIN_PAST_TENSE and word.endswith(("de", "te"))
        base = word[:-2] if past else word[:-1]
        voiceless = word.endswith(("t", "te"))
        bases = [base] if not past or _ending_fits(base, voiceless) else []  # a present tense: -t after any
        for prefix in ("", *_SEPARABLE):  # ge·regel·d, vast·ge·stel·d
            if not base.startswith(prefix + "ge") or len(base) - len(prefix) < _MIN_VERB_FORM:
                continue
            stem = prefix + base[len(prefix) + 2 :]
            if _ending_fits(stem, voiceless):
                bases.append(stem)
            # a stem that ends in -d/-t takes no second one: ge·meld (melding), op·ge·richt (oprichting)
            bases.append(prefix + (word[:-1] if past else word)[len(prefix) + 2 :])
        candidates = [c for b in bases for c in _infinitives(b) if c != word]
        known = [c for c in candidates if self.vocabulary.get(c)]
        known = known or [c for c in candidates if self.vocabulary.get(c[:-2] + "ing")]  # by its noun
        return known[0] if known else word

    def join_separable(self, text: str) -> str:
        """The text with each separable verb written whole where a clause ends in its particle ("Hoe lossen
        andere collectieven dat op?" → "Hoe oplossen andere collectieven dat?", "Wie stelt dat plan vast?"
        → "Wie vaststellen dat plan?": the verb as its infinitive, which ``stem`` reads). Split, the verb
        names something else ("vragen" are questions, "lossen" unloading) and the particle nothing; whole,
        it is the corpus's "aanvragen", "oplossing", "vaststelling". Only a verb the corpus writes whole (or
        whose noun it uses) is joined. (Not "uit te voeren": measured and dropped, docs/retrieval.md
        session 39.)"""
        if not self.vocabulary:
            return text
        edits: list[tuple[re.Match[str], re.Match[str], str]] = []
        for end, mark in _particles_ending_clauses(text):
            start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, end)), default=0)
            clause = list(_TOKEN.finditer(text, start, end))
            # "draagt zorg voor: a. …": a preposition before its list of objects
            joined = self._separable_verb(clause, listing=mark == ":")
            if joined is not None:
                edits.append((joined[0], clause[-1], joined[1]))
        for verb, particle, whole in reversed(edits):  # from the end: earlier offsets stay valid
            text = text[: particle.start()].rstrip() + text[particle.end() :]
            text = text[: verb.start()] + whole + text[verb.end() :]
        return text

    def _separable_verb(self, clause: list[re.Match[str]], listing: bool) -> tuple[re.Match[str], str] | None:
        """The clause's verb whose particle ends it, and the verb written whole; None when there is none.
        Before a colon (``listing``) only a particle that is no preposition counts: "oefent de volgende
        taken uit:" is "uitoefenen", "draagt zorg voor:" no "voordragen"."""
        found = [fold(m.group()) for m in clause]
        particle = found[-1] if len(found) >= 3 else ""
        if particle not in _SEPARABLE_SET or (listing and particle in _PREPOSITIONS and particle != "uit"):
            return None
        if particle in _PREPOSITIONS and found[-2] not in _PREPOSITIONS and _R_PRONOUNS & set(found):
            return None
        for match, word in zip(clause[:-1], found[:-1], strict=True):
            if word in STOPWORDS or len(word) < 3 or not word.isalpha():
                continue
            if word.endswith("n"):  # "lossen", "gaan … om"
                forms = [word]
            elif word.endswith(_VERB_ENDINGS):  # "stelt", "vraagt", "gaat … om" (gaan), "doet … mee" (doen)
                forms = [self.infinitive(word), *_infinitives(word[:-1]), word[:-1] + "n"]
            else:  # "vraag … aan"
                forms = _infinitives(word)
            for form in forms:
                whole = particle + form
                if form.endswith("n") and (
                    self.vocabulary.get(whole) or self.vocabulary.get(whole[:-2] + "ing")
                ):
                    return match, whole
        return None

    def analyze(self, text: str) -> list[str]:
        """Stems of the content words, plus the stems of compound parts."""
        tokens: list[str] = []
        found = words(self.join_separable(text))  # when nothing is split: one scan of the clause marks
        for i, word in enumerate(found):
            if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
                continue
            if word == "lid" and _numbers_a_paragraph(found, i):
                continue
            tokens.append(self.stem(word))
            for part in self.split_compound(word):
                # a compound head the corpus never writes alone: its own parts are the known words
                inner = () if part in self.vocabulary else self.split_compound(part)
                # "onder·steunen", "over·nemen": a part that is a preposition names nothing
                tokens.extend(self.stem(p) for p in (part, *inner) if p not in STOPWORDS)
        return tokens

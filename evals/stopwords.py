"""Dutch and English stopwords, diacritics-folded and lowercase.

Used twice: to drop function words before measuring lexical support (grounding) and, restricted to
the words that belong to only one of the two languages, to tell Dutch from English.
"""

from __future__ import annotations

_DUTCH_WORDS = """
    aan al alle alleen alles als altijd ander andere anders bij binnen buiten daar daarbij daardoor
    daarin daarmee daarom daarna dan dat de deze die dit doch doen door dus echter een eens eigen
    elk elke en enkele er erg ergens even geen geweest had hadden heb hebben heeft hem hen het hier
    hierbij hij hoe hoeveel hun ieder iedere iemand iets ik in is je jij jou jouw juist kan kon
    konden kunnen later liever maar mag me meer men met mij mijn moest moet moeten mogen na naar
    niet niets nog nu of om omdat onder ons onze ook op over per reeds sinds slechts soms sommige
    te tegen terwijl tot tussen u uit uw van vanaf vaak veel via voor vooral waar waarbij waardoor
    waarin waarmee waarom wanneer want waren was wat we wel welk welke werd werden wie wij wil
    willen wordt worden zal ze zeer zelf zich zij zijn zo zoals zodat zonder zou zouden zullen
"""
DUTCH: frozenset[str] = frozenset(_DUTCH_WORDS.split())

_ENGLISH_WORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either few for
    from further had has have having he her here hers him his how however i if in into is it its
    itself just may me might more most must my no nor not of off on once only or other our ours
    out over own same shall she should so some such than that the their theirs them then there
    these they this those through to too under until up upon very was we were what when where
    whether which while who whom whose why will with within without would you your yours
"""
ENGLISH: frozenset[str] = frozenset(_ENGLISH_WORDS.split())

ALL: frozenset[str] = DUTCH | ENGLISH

# Words that exist in both lists ("in", "is", "of", "over", "we", ...) say nothing about the language.
DUTCH_ONLY: frozenset[str] = DUTCH - ENGLISH
ENGLISH_ONLY: frozenset[str] = ENGLISH - DUTCH

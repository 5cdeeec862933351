"""Tell Dutch from English with stopword counts: cheap, deterministic and good enough for
questions and passages (the corpus holds only these two languages)."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["nl", "en"]

_DUTCH = frozenset(
    """de het een en van in is op te dat die voor met zijn niet aan ook als bij door er maar om
    hun of dan wat nog wel naar kan worden wordt deze hoe welke wie waarom wanneer waar moet mag
    heeft hebben zij ze ik je jij wij we u uw onze mijn geen meer dit tot over uit zo al onder
    tussen worden werd kunnen zal zullen gemeente gemeenten burgers wet artikel lid""".split()
)
_ENGLISH = frozenset(
    """the a an and of in is on to that which for with are not be as by or but at this these
    those what how who why when where can could should would must may have has do does did it
    its their they we you i my our from into about than more no any local authorities article
    municipality municipalities citizens law please tell me give write
    explain ignore previous instructions all your there was were been much many does""".split()
)
_WORD = re.compile(r"[a-zà-ÿ]+")


def detect_language(text: str, default: Language = "nl") -> Language:
    """Return "nl" or "en" for ``text``; ``default`` when there is no signal either way."""
    words = _WORD.findall(text.lower())
    dutch = sum(word in _DUTCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    if dutch == english:
        return default
    return "nl" if dutch > english else "en"

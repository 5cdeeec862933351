"""Instruction-override attempts ("negeer je instructies", "ignore previous instructions"): refused by
both composers. Text in questions and passages is data; this pattern only decides to abstain."""

from __future__ import annotations

import re

OVERRIDE = re.compile(
    r"\b(negeer|vergeet|ignore|forget|disregard|overrule)\b.{0,40}\b(instructie|instructies|instructions?|"
    r"prompt|regels|rules|opdracht|bronnen|sources|documenten|documents|context|corpus)|system ?prompt|"
    r"systeemprompt|\byou are now\b|\bje bent nu\b|\bact as\b|\bdoe alsof\b|\bpretend\b|jailbreak|"
    r"\b(from|with|using) your own knowledge\b|\b(uit|met|op basis van|vanuit) (je|jouw|uw) eigen kennis\b"
)

"""From the model's token stream to verified text: sentences are checked as soon as they are complete
and only the ones that pass are released, so the user never sees an unverified word.

A sentence counts as complete when the next one has begun (or a line or the draft has ended); markers a
model puts after the full stop ("... leden. [1] Het ...") are moved before it first, so they stay with
their sentence. Kept sentences get their markers renumbered 1..n in order of first appearance; lines and
blank lines of the draft are kept, bullets become "- ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.language import Language
from bot.llm.verify import Check, Verifier, framing, is_not_covered
from ingest.sentences import split_sentences

_MARKS = r"\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]"
_MARKERS_AFTER_STOP = re.compile(rf"([.!?…])((?:\s*{_MARKS})+)")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_OPEN_MARKER = re.compile(r"\[[^\]]*$")
_END = re.compile(r"[.!?…]+[\"'”’)]*$")


def _normalize(line: str) -> tuple[str, str]:
    """(bullet prefix, sentence text) of one draft line."""
    prefix = ""
    body = _HEADING.sub("", line)
    bullet = _BULLET.match(body)
    if bullet:
        prefix, body = "- ", body[bullet.end() :]
    body = _MARKERS_AFTER_STOP.sub(lambda m: " " + "".join(m.group(2).split()) + m.group(1), body)
    return prefix, body


@dataclass
class DraftStats:
    sentences: int = 0  # sentences judged (kept + dropped)
    kept: int = 0
    dropped: int = 0
    framing: int = 0  # "not in the sources" sentences, neither judged nor counted above


@dataclass
class VerifiedDraft:
    verifier: Verifier
    question: str = ""  # what a "not in the sources" sentence may mention
    language: Language = "nl"
    checks: list[Check] = field(default_factory=list)
    order: list[int] = field(default_factory=list)  # cited passage numbers as drafted, by first use
    text: str = ""  # everything released so far
    _line: str = ""
    _done: int = 0  # sentences of the current line already handled
    _line_out: bool = False  # the current line has released text
    _break: str = ""  # what separates the next released line from the text so far
    _held: list[str] = field(default_factory=list)  # "not in the sources" sentences awaiting a fact

    # feeding ------------------------------------------------------------------------------------------
    def feed(self, chunk: str) -> list[str]:
        """Take the next piece of the draft; return the text pieces now safe to show."""
        out: list[str] = []
        self._line += chunk
        while "\n" in self._line:
            line, self._line = self._line.split("\n", 1)
            out += self._process(line, final=True)
            self._end_line(blank=not line.strip())
        out += self._process(self._line, final=False)
        return out

    def finish(self) -> list[str]:
        """The draft is complete: handle its last sentence."""
        out = self._process(self._line, final=True)
        self._line, self._done = "", 0
        return out

    def _end_line(self, blank: bool) -> None:
        if self._line_out:
            self._break = "\n"
        elif blank and self._break:
            self._break = "\n\n"
        self._line_out, self._done = False, 0

    def _process(self, line: str, final: bool) -> list[str]:
        if not final and _OPEN_MARKER.search(line):
            return []  # a marker is half-written; it belongs to the sentence before it
        prefix, body = _normalize(line)
        sentences = split_sentences(body)
        ready = sentences if final else sentences[:-1]
        out: list[str] = []
        for sentence in ready[self._done :]:
            out += self._handle(sentence, prefix)
        self._done = max(self._done, len(ready))
        return out

    # judging ------------------------------------------------------------------------------------------
    def _handle(self, sentence: str, prefix: str) -> list[str]:
        if is_not_covered(sentence):
            text = framing(sentence, self.question, self.language)
            self.checks.append(Check(sentence, text, (), (), (), 0.0, None))
            if self.kept:
                return [self._release(text, prefix)]
            self._held.append(text)
            return []
        check = self.verifier.check(sentence)
        self.checks.append(check)
        if not check.kept:
            return []
        out = [self._release(held, prefix) for held in self._held]
        self._held.clear()
        out.append(self._release(self._render(check), prefix))
        return out

    def _render(self, check: Check) -> str:
        for n in check.supported_by:
            if n not in self.order:
                self.order.append(n)
        marks = " " + "".join(f"[{self.order.index(n) + 1}]" for n in check.supported_by)
        end = _END.search(check.claim)
        if end is None:
            return check.claim + marks
        return check.claim[: end.start()].rstrip() + marks + check.claim[end.start() :]

    def _release(self, sentence: str, prefix: str) -> str:
        if not self.text:
            separator = ""
        elif self._line_out:
            separator = " "
        else:
            separator = self._break or " "
        piece = separator + ("" if self._line_out else prefix) + sentence
        self.text += piece
        self._line_out, self._break = True, ""
        return piece

    # results ------------------------------------------------------------------------------------------
    @property
    def kept(self) -> list[Check]:
        """Sentences with evidence that were shown (framing sentences excluded)."""
        return [c for c in self.checks if c.kept and c.cited]

    @property
    def dropped(self) -> list[Check]:
        return [c for c in self.checks if not c.kept]

    @property
    def stats(self) -> DraftStats:
        kept, dropped = len(self.kept), len(self.dropped)
        return DraftStats(kept + dropped, kept, dropped, len(self.checks) - kept - dropped)

    def notes(self) -> list[str]:
        """What verification changed, for ``Answer.notes``."""
        out = []
        for check in self.checks:
            short = check.sentence if len(check.sentence) <= 160 else check.sentence[:157] + "..."
            if not check.kept:
                out.append(f"llm: dropped “{short}”: {check.reason}")
                continue
            removed = [n for n in check.cited if n not in check.supported_by]
            if check.invalid:
                removed_text = "".join(f"[{n}]" for n in check.invalid)
                out.append(f"llm: removed marker(s) {removed_text} from “{short}”: no such passage")
            if removed:
                removed_text = "".join(f"[{n}]" for n in removed)
                out.append(f"llm: removed marker(s) {removed_text} from “{short}”: no support there")
        return out

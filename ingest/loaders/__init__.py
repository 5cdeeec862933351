"""Load one corpus file into cleaned Segments, choosing the loader by file suffix.

Every problem with the input surfaces as ``LoadError`` with a short reason; the caller adds the file
name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.document import LoadError, Segment
from ingest.loaders.markdown import load_markdown
from ingest.loaders.pdf import load_pdf
from ingest.loaders.regelrecht_yaml import load_regelrecht_yaml
from ingest.loaders.text import load_text

__all__ = ["SUPPORTED_SUFFIXES", "decode_utf8", "load_file"]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".yaml", ".yml", ".pdf")

_TEXT_LOADERS: dict[str, Callable[[str], list[Segment]]] = {
    ".txt": load_text,
    ".md": load_markdown,
    ".yaml": load_regelrecht_yaml,
    ".yml": load_regelrecht_yaml,
}


def load_file(path: Path) -> list[Segment]:
    """Cleaned Segments of one corpus file; LoadError when the file cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no suffix)"
        raise LoadError(f"unsupported file type {shown}: use one of {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read the file: {error.strerror or error}") from error
    if not data.strip():
        raise LoadError("empty file: add content or remove the file")
    if suffix == ".pdf":
        segments = load_pdf(data)
    else:
        text = decode_utf8(data)
        if not text.strip():
            raise LoadError("empty file: it holds only whitespace; add content or remove the file")
        segments = _TEXT_LOADERS[suffix](text)
    if not segments:
        raise LoadError("no text left after cleaning (only page numbers, URLs or headings?): check the file")
    return segments


def decode_utf8(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); LoadError naming the first bad byte's offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex().upper()
        raise LoadError(
            f"not valid UTF-8 (byte 0x{bad} at byte offset {error.start}): save the file as UTF-8"
        ) from error

"""PDF loader: text per page via pypdf, then the essay cleaning with real page numbers.

One Segment per run of paragraphs with the same (page, section); ``page`` is 1-based. An encrypted
PDF that opens with the empty password (owner password only) is read; one that needs a password is
refused. Whatever pypdf raises on a damaged file becomes one LoadError.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.cleaning import clean_pages, collapse_whitespace
from ingest.document import LoadError, Segment

_ENCRYPTED = "encrypted PDF: remove the password and add it again"
_MAX_DETAIL = 120


def load_pdf(data: bytes) -> list[Segment]:
    """Segments of a PDF given as bytes; LoadError for corrupt, encrypted or text-less files."""
    pages = extract_pages(data)
    if not any(text.strip() for _, text in pages):
        raise LoadError("no extractable text in the PDF (a scan?): add a text version of it")
    return clean_pages(pages)


def extract_pages(data: bytes) -> list[tuple[int | None, str]]:
    """``(page number, text)`` for every page, numbered from 1."""
    if b"%PDF" not in data[:1024]:
        raise LoadError("corrupt PDF: the file does not start with a PDF header; export it again")
    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader)
        return [(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
    except LoadError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        raise LoadError(_ENCRYPTED) from error
    except Exception as error:  # pypdf raises many types on damaged input; all mean the same here
        detail = collapse_whitespace(f"{type(error).__name__}: {error}")[:_MAX_DETAIL]
        raise LoadError(f"corrupt PDF ({detail}); export it again") from error


def _unlock(reader: PdfReader) -> None:
    """Open an encrypted PDF with the empty user password, or refuse it."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError) as error:
        raise LoadError(_ENCRYPTED) from error
    if not opened:
        raise LoadError(_ENCRYPTED)

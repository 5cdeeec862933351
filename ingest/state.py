"""What the index holds, per source file: written atomically after every file, so a crash or kill
leaves a state that is either before or after that file, never in between.

A ``dirty`` marker is written before the index is touched and removed when a run completes; a run that
finds it reconciles the index with the state first (the previous run died mid-way).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATE_NAME = "ingest-state.json"
DIRTY_NAME = "ingest.dirty"


@dataclass
class FileState:
    fingerprint: str
    chunk_ids: list[str]


@dataclass
class IngestState:
    corpus_version: str = ""
    embedding_model: str = ""
    index_location: str = ""
    files: dict[str, FileState] = field(default_factory=dict)
    # What the after-commit step last derived from the index (``Ingestor``'s ``derived_signature``):
    # a no-op ingest whose settings or code now derive something else runs that step again.
    derived: str = ""

    @property
    def chunk_count(self) -> int:
        return sum(len(f.chunk_ids) for f in self.files.values())


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename: readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_state(data_dir: Path) -> IngestState:
    path = data_dir / STATE_NAME
    if not path.exists():
        return IngestState()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = {name: FileState(**entry) for name, entry in raw.get("files", {}).items()}
        return IngestState(
            corpus_version=raw.get("corpus_version", ""),
            embedding_model=raw.get("embedding_model", ""),
            index_location=raw.get("index_location", ""),
            files=files,
            derived=raw.get("derived", ""),
        )
    except (ValueError, TypeError, KeyError):
        # An unreadable state is treated as empty: the next ingest reconciles the index with it.
        return IngestState()


def save_state(data_dir: Path, state: IngestState) -> None:
    atomic_write_text(data_dir / STATE_NAME, json.dumps(asdict(state), indent=1, sort_keys=True))


def dirty_marker(data_dir: Path) -> Path:
    return data_dir / DIRTY_NAME

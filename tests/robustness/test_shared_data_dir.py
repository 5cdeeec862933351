"""One data folder shared by processes on one host (`wijzer serve` and `wijzer ingest` with the default
``data/``): both may save the same corpus version's lexical index at the same moment. Each save must go
through a temporary file of its own; with one shared temporary name, one process moved the other's file
away mid-save (FileNotFoundError in an answer or an ingest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.retrieval.lexical import LexicalIndex
from bot.settings import PROJECT_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

SAVER = """
import random, sys
from pathlib import Path
from bot.retrieval.lexical import LexicalIndex
folder = Path(sys.argv[1])
words = [f"woord{i}" for i in range(2000)]
texts = [" ".join(random.Random(i).choice(words) for _ in range(60)) for i in range(2000)]
index = LexicalIndex.build([f"id{i}" for i in range(2000)], texts)
broken = 0
for _ in range(12):
    index.save(folder)
    loaded = LexicalIndex.load(folder)
    broken += loaded is None or loaded.ids != index.ids or (loaded.matrix != index.matrix).nnz > 0
print(broken)
"""


def test_concurrent_saves_of_one_lexical_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "lexical" / "wijzer-abc123"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [process.communicate(timeout=240) for process in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert out.strip() == "0", "a save or a load saw a broken index"
    loaded = LexicalIndex.load(folder)
    assert loaded is not None and len(loaded.ids) == 2000
    assert sorted(p.name for p in folder.iterdir()) == ["matrix.npz", "meta.json"], "temporary files left"

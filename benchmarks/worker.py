"""Benchmark parts that run in their own process: ``python -m benchmarks.worker KIND ...``.

Each prints one JSON line (the last line of stdout). A new process per part keeps the figures honest:
cold start is a real cold start, peak RSS is one app process's peak, and an embedded Chroma folder is
closed before a ``chroma run`` server opens the same folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def _emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def _app_settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from bot.settings import load_settings

    env = dict(os.environ)
    if getattr(args, "port", None):
        env.update(WIJZER_CHROMA_HOST="127.0.0.1", WIJZER_CHROMA_PORT=str(args.port))
    return load_settings(env=env)  # the profiles the run was started with (app_env keeps them)


def build(args: argparse.Namespace) -> None:
    """Write an N-chunk synthetic corpus into the embedded index of WIJZER_DATA_DIR, with its BM25 and
    (when answers or retrieval weigh closeness in meaning) its sentence vectors and sentence index, as an
    ingest would."""
    from benchmarks.synthetic import load_pool, scaled_companion_vectors, scaled_corpus
    from bot.components import Components
    from bot.retrieval.lexical_store import build_lexical_index
    from bot.store import ChunkIndex

    settings = _app_settings(args)
    pool = load_pool(Path(args.pool))
    t0 = time.perf_counter()
    ids, texts, vectors, metadatas = scaled_corpus(pool, args.size)
    t1 = time.perf_counter()
    index = ChunkIndex(settings)
    index.upsert(ids, texts, vectors, metadatas)
    version = f"synthetic-{args.size}"
    index.set_state(version, settings.embedding.index_id)
    t2 = time.perf_counter()
    build_lexical_index(index, settings.data_dir, version)
    t3 = time.perf_counter()
    embedded = 0
    components = Components(settings)
    if settings.embeds_sentences:
        embedded = components.sentence_similarity.fill(texts)  # the texts it wrote, not read back
    t4 = time.perf_counter()
    if settings.retrieval.sentence_weight:
        components.sentence_index.rebuild(version, zip(ids, texts, strict=True))
    t5 = time.perf_counter()
    if components.companion is not None:  # its passage vectors grown from the pool's, as the main ones
        import numpy as np

        grown = dict(zip(texts, scaled_companion_vectors(pool, len(texts)), strict=True))
        store = components.companion.passages
        store.vectors_of = lambda units: np.stack([grown[u] for u in units])  # instead of embedding them
        store.rebuild(version, zip(ids, texts, strict=True))
        # its sentence vectors: the chunks' sentences are real, their vectors copied from the ingest's
        if components.companion.sentences is not None:
            components.companion.sentences.rebuild(version, zip(ids, texts, strict=True))
    t6 = time.perf_counter()
    _emit(
        {
            "chunks": index.count(),
            "generate_s": round(t1 - t0, 2),
            "upsert_s": round(t2 - t1, 2),
            "lexical_build_s": round(t3 - t2, 2),
            "sentence_fill_s": round(t4 - t3, 2),
            "sentences_embedded": embedded,
            "sentence_index_s": round(t5 - t4, 2),
            "companion_index_s": round(t6 - t5, 2),
        }
    )


def latency(args: argparse.Namespace) -> None:
    """Warm answer latency of Wijzer (extractive) and of the naive LangChain retriever, interleaved."""
    from benchmarks.baseline import naive_retriever
    from benchmarks.common import peak_rss_mb, summary_ms
    from bot.components import Components

    settings = _app_settings(args)
    components = Components(settings)
    service = components.service
    retriever = naive_retriever(components.index, components.embedder, k=settings.retrieval.k)
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    for question in questions[:3]:  # warm-up: model, index pages, lexical index, caches
        service.answer(question)
        retriever.invoke(question)
    wijzer: list[float] = []
    naive: list[float] = []
    versions: set[str] = set()
    for round_ in range(args.rounds):
        for i, question in enumerate(questions):
            order = ("w", "n") if (i + round_) % 2 == 0 else ("n", "w")
            for which in order:
                t0 = time.perf_counter()
                if which == "w":
                    versions.add(service.answer(question).corpus_version)
                    wijzer.append(time.perf_counter() - t0)
                else:
                    retriever.invoke(question)
                    naive.append(time.perf_counter() - t0)
    _emit(
        {
            "chunks": components.index.count(),
            "mode": settings.chroma.mode,
            "corpus_versions": sorted(versions),
            "wijzer": summary_ms(wijzer),
            "naive": summary_ms(naive),
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }
    )


def coldstart(args: argparse.Namespace) -> None:
    """New process → settings, model, index, first answer; then serve every question (peak RSS).

    Phases are measured on the wall clock from ``--t0``, the parent's time just before it started us."""
    t_started = time.time()
    from benchmarks.common import peak_rss_mb
    from bot.components import Components
    from bot.settings import load_settings

    settings = load_settings()
    components = Components(settings)
    t_settings = time.time()
    components.embedder.load()
    t_model = time.time()
    components.index.count()
    t_index = time.time()
    first = components.service.answer(args.question)
    t_answer = time.time()
    phases = {
        "python_start_s": round(t_started - args.t0, 3),
        "settings_s": round(t_settings - t_started, 3),
        "model_s": round(t_model - t_settings, 3),
        "index_s": round(t_index - t_model, 3),
        "first_answer_s": round(t_answer - t_index, 3),
        "refused": first.refused,
    }
    print("FIRST " + json.dumps(phases), flush=True)
    rss_after_first = peak_rss_mb()
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    for _ in range(args.rounds):
        for question in questions:
            components.service.answer(question)
    _emit(
        {
            **phases,
            "peak_rss_first_mb": round(rss_after_first, 1),
            "peak_rss_serving_mb": round(peak_rss_mb(), 1),
            "served": len(questions) * args.rounds + 1,
        }
    )


def threads(args: argparse.Namespace) -> None:
    """Warm latency per torch thread setting, the machine idle and with a CPU burner per busy core."""
    import torch

    from benchmarks.common import cpu_burner, summary_ms
    from bot.components import Components

    default = torch.get_num_threads()
    settings = _app_settings(args)
    service = Components(settings).service
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    questions = questions[: args.limit]
    choices = {"1": 1, "2": 2}
    if default in choices.values():
        name = str(default)
        choices[f"{name} (torch default)"] = choices.pop(name)
    else:
        choices[f"{default} (torch default)"] = default
    for question in questions[:3]:
        service.answer(question)
    result: dict[str, Any] = {"default_threads": default, "cores": os.cpu_count()}
    for condition in ("idle", "busy"):
        samples: dict[str, list[float]] = {name: [] for name in choices}
        burners = args.burners if condition == "busy" else 0
        with cpu_burner(burners):
            for round_ in range(args.rounds):
                for i, question in enumerate(questions):
                    names = list(choices)
                    shift = (i + round_) % len(names)  # rotate the order: no setting always goes first
                    for name in names[shift:] + names[:shift]:
                        torch.set_num_threads(choices[name])
                        t0 = time.perf_counter()
                        service.answer(question)
                        samples[name].append(time.perf_counter() - t0)
        result[condition] = {name: summary_ms(values) for name, values in samples.items()}
    torch.set_num_threads(default)
    _emit(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    sub = parser.add_subparsers(dest="kind", required=True)
    p = sub.add_parser("build")
    p.add_argument("--pool", required=True)
    p.add_argument("--size", type=int, required=True)
    p.set_defaults(handler=build)
    p = sub.add_parser("latency")
    p.add_argument("--questions", required=True)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--port", type=int)
    p.set_defaults(handler=latency)
    p = sub.add_parser("coldstart")
    p.add_argument("--question", required=True)
    p.add_argument("--questions", required=True)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--t0", type=float, default=time.time())
    p.set_defaults(handler=coldstart)
    p = sub.add_parser("threads")
    p.add_argument("--questions", required=True)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--burners", type=int, default=1)
    p.add_argument("--limit", type=int, default=24, help="first N questions")
    p.set_defaults(handler=threads)
    args = parser.parse_args(argv)
    args.handler(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

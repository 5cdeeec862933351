"""``python -m benchmarks [--quick]``: every benchmark, one after the other, into RESULTS.md + results.json.

Parts (details in benchmarks/README.md):
1. ingest throughput of the full pipeline vs raw ``SentenceTransformer.encode`` of the same chunk texts,
   and a no-op re-ingest as a whole ``wijzer ingest`` process;
2. retrieval quality (hit@5, MRR) of Wijzer vs the naive LangChain baseline on the held-out eval set;
3. cold start to first answer in a new process, and peak RSS while serving;
4. torch thread settings (1, 2, default) with the machine idle and with the other core busy;
5. warm answer latency at 1k, 10k and 100k synthetic chunks, embedded Chroma and a ``chroma run``
   server, against the naive baseline on the same index.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from benchmarks import common
from benchmarks.common import (
    CACHE_DIR,
    CORPUS_DIR,
    PYTHON,
    WIJZER,
    app_env,
    chroma_server,
    median,
    percentile,
    run_worker,
    settings_for,
)
from benchmarks.report import write_report
from bot.settings import PROJECT_ROOT

HERE = Path(__file__).resolve().parent
# The statutes without the essay and the long Wmo: the --quick run's ingest corpus (~1/5 of the chunks).
QUICK_FILES = (
    "coe_aanvullend_protocol_europees_handvest_lokale_autonomie_recht_op_participatie_en_nl.md",
    "nl_besluit_toegelaten_instellingen_volkshuisvesting_2015_art2-4_wooncooperaties_2025-01-01.yaml",
    "nl_energiewet_energiegemeenschap_excerpts_2026-01-01.txt",
    "nl_gemeentewet_art149-150_participatieverordening_uitdaagrecht_2025-01-01.yaml",
    "nl_omgevingswet_art16.55_participatie_aanvraag_2024-01-01.yaml",
    "nl_woningwet_art18a_wooncooperatie_2025-01-01.yaml",
)


@dataclass(frozen=True)
class Plan:
    quick: bool
    ingest_repeats: int
    noop_repeats: int
    cold_repeats: int
    pool_size: int
    sizes: tuple[int, ...]
    latency_rounds: int
    thread_rounds: int
    thread_questions: int
    torch_threads: int


def make_plan(args: argparse.Namespace) -> Plan:
    if args.quick:
        plan = Plan(True, 1, 3, 2, 300, (1_000, 10_000), 1, 1, 12, 1)
    else:
        plan = Plan(False, 1, 5, 3, 1_000, (1_000, 10_000, 100_000), 2, 1, 24, 1)
    if args.torch_threads is not None:
        plan = Plan(**{**plan.__dict__, "torch_threads": args.torch_threads})
    return plan


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def raise_on_failed_cases(cases: list[dict[str, Any]], pipeline: str) -> None:
    """The eval runner scores a case whose answer raised as zero and goes on; a benchmark must not report
    such zeros as retrieval quality (the part is marked failed instead, with the first error)."""
    failed = [case for case in cases if case.get("error")]
    if failed:
        raise RuntimeError(
            f"{pipeline}: {len(failed)} of {len(cases)} cases failed; first {failed[0]['id']}: {failed[0]['error']}"
        )


class Bench:
    def __init__(self, plan: Plan, work: Path) -> None:
        self.plan = plan
        self.work = work
        self.results: dict[str, Any] = {}
        self.corpus = self._corpus()
        self.questions = common.load_questions()
        self.questions_file = work / "questions.json"
        self.questions_file.write_text(json.dumps(self.questions, ensure_ascii=False), encoding="utf-8")
        self.real_data: Path | None = None  # the ingested real corpus (set by the ingest part)
        self.embedder = None
        self.companion = None  # the companion embedder (set by the ingest part), or None

    def _corpus(self) -> Path:
        if not self.plan.quick:
            return CORPUS_DIR
        target = self.work / "corpus-quick"
        target.mkdir()
        for name in (*QUICK_FILES, "manifest.yaml"):
            shutil.copy(CORPUS_DIR / name, target / name)
        return target

    def part(self, name: str, fn: Callable[[], dict[str, Any]]) -> None:
        if name != "ingest" and self.real_data is None:
            self.results[name] = {"error": "skipped: the ingest part failed (its index is needed)"}
            log(f"{name} skipped")
            return
        log(f"{name} ...")
        load = os.getloadavg()[0]
        started = time.perf_counter()
        try:
            self.results[name] = fn()
        except Exception as exc:  # one failing part must not lose the others' figures
            traceback.print_exc()
            self.results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        self.results.setdefault(name, {})["part_seconds"] = round(time.perf_counter() - started, 1)
        self.results[name]["load_avg_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
        log(f"{name} done in {time.perf_counter() - started:.0f} s")

    def app_env(self, data: Path, **extra: str) -> dict[str, str]:
        threads = {"WIJZER_EMBEDDING_TORCH_THREADS": str(self.plan.torch_threads)}
        return app_env(data, self.corpus, **threads, **extra)

    # 1. ingest -------------------------------------------------------------------------------------
    def ingest(self) -> dict[str, Any]:
        from bot.answer.quotable import quotable_sentences
        from bot.components import Components
        from bot.embeddings import make_embedder
        from ingest.pipeline import build_chunks, scan_corpus

        base = settings_for(self.work / "ingest-0" / "data", self.corpus)
        embedder = make_embedder(base.embedding)
        embedder.load()
        self.embedder = embedder
        # the companion model (embedding.companion), whose passage vectors the ingest builds too
        companion = self.companion = Components(base).companion_embedder
        chunks = [c for f in scan_corpus(base) for c in build_chunks(f, embedder, base)]
        texts = [c.embed_text for c in chunks]
        # what the ingest embeds after the commit: every quotable sentence, once (for answers' closeness
        # and the sentence index), and with the companion too when a passage's closest sentence counts for it
        quotable = list(dict.fromkeys(s for c in chunks for s in quotable_sentences(c.text)))
        sentences = quotable if base.embeds_sentences else []
        companion_sentences = (
            quotable if companion is not None and base.retrieval.companion_sentence_weight else []
        )
        embedder.embed(texts[:64])  # warm-up
        passages = [c.text for c in chunks]  # what the companion reads: the text as written
        if companion is not None:
            companion.embed(passages[:16])
        import chromadb  # noqa: F401  (imported once, as in a warm process: throughput, not start-up)

        import bot.retrieval.lexical_store  # noqa: F401

        raw_runs: list[dict[str, float]] = []
        pipeline_runs: list[dict[str, float]] = []
        for repeat in range(self.plan.ingest_repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            embedder.embed(texts)  # the model's own batched encode: the baseline the ingest is held to
            t1 = time.perf_counter()
            embedder.embed(sentences)
            t2 = time.perf_counter()
            if companion is not None:
                companion.embed(passages)
                companion.embed(companion_sentences)
            raw_runs.append(
                {
                    "wall_s": time.perf_counter() - t0,
                    "cpu_s": time.process_time() - c0,
                    "chunks_wall_s": t1 - t0,
                    "companion_wall_s": time.perf_counter() - t2,
                }
            )
            data = self.work / f"ingest-{repeat}" / "data"
            shutil.rmtree(data, ignore_errors=True)
            components = Components(settings_for(data, self.corpus))
            components.__dict__["embedder"] = embedder
            components.__dict__["companion_embedder"] = companion
            t0, c0 = time.perf_counter(), time.process_time()
            report = components.ingestor().run(force=True)
            pipeline_runs.append({"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0})
            if (
                not report.ok
                or report.total_chunks != len(texts)
                or report.sentences_embedded != len(sentences)
            ):
                raise RuntimeError(f"ingest did not index every chunk and sentence: {report.summary()}")
            self.real_data = data
            log(
                f"  repeat {repeat + 1}: raw {len(texts) / raw_runs[-1]['wall_s']:.1f} chunks/s, "
                f"pipeline {len(texts) / pipeline_runs[-1]['wall_s']:.1f} chunks/s"
            )
        raw_wall = median([r["wall_s"] for r in raw_runs])
        pipe_wall = median([r["wall_s"] for r in pipeline_runs])
        raw_cpu = median([r["cpu_s"] for r in raw_runs])
        pipe_cpu = median([r["cpu_s"] for r in pipeline_runs])
        import torch

        return {
            "chunks": len(texts),
            "sentences": len(sentences),
            "files": len(scan_corpus(base)),
            "torch_threads": torch.get_num_threads(),
            "repeats": self.plan.ingest_repeats,
            "raw_chunks_per_s": round(len(texts) / raw_wall, 2),
            "pipeline_chunks_per_s": round(len(texts) / pipe_wall, 2),
            "sentence_share_of_raw": round(
                median([r["wall_s"] - r["chunks_wall_s"] - r["companion_wall_s"] for r in raw_runs])
                / raw_wall,
                3,
            ),
            "companion": companion.model_id if companion is not None else None,
            "companion_sentences": len(companion_sentences),
            "companion_share_of_raw": round(median([r["companion_wall_s"] for r in raw_runs]) / raw_wall, 3),
            "ratio_wall": round(raw_wall / pipe_wall, 3),
            "ratio_cpu": round(raw_cpu / pipe_cpu, 3),
            "raw_runs": raw_runs,
            "pipeline_runs": pipeline_runs,
        }

    def noop(self) -> dict[str, Any]:
        assert self.real_data is not None, "needs the ingest part"
        env = self.app_env(self.real_data)
        runs = []
        for _ in range(self.plan.noop_repeats):
            t0 = time.perf_counter()
            done = subprocess.run([WIJZER, "ingest", "--quiet"], env=env, capture_output=True, text=True)
            runs.append(time.perf_counter() - t0)
            if done.returncode != 0 or "added 0, updated 0, deleted 0" not in done.stdout:
                raise RuntimeError(f"no-op ingest did work or failed: {done.stdout} {done.stderr[-2000:]}")
        return {"runs_s": [round(r, 3) for r in runs], "median_s": round(median(runs), 3)}

    # 2. quality ------------------------------------------------------------------------------------
    def quality(self) -> dict[str, Any]:
        from benchmarks.baseline import make_splitter, naive_retriever, retrieved_json
        from benchmarks.synthetic import embed_cached
        from bot.components import Components
        from bot.store import ChunkIndex
        from evals.cases import load_cases
        from evals.runner import run_eval
        from ingest.corpus_manifest import read_manifest
        from ingest.loaders import load_file
        from ingest.pipeline import corpus_files

        assert self.real_data is not None and self.embedder is not None, "needs the ingest part"
        settings = settings_for(self.real_data, self.corpus)
        components = Components(settings)
        components.__dict__["embedder"] = self.embedder
        cases = load_cases(common.TEST_CASES)

        def wijzer(question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
            return components.service.answer(question, history, persona).to_json()

        ours = run_eval(cases, wijzer, passage_lookup=components.passage_lookup, k=settings.retrieval.k)
        raise_on_failed_cases(ours.cases, "Wijzer")

        # the naive pipeline: its own chunks (recursive splitter) in their own collection, dense top-5
        split, splitter_name = make_splitter()
        manifest = read_manifest(self.corpus)
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for path in corpus_files(self.corpus):
            info = manifest.info_for(path.name)
            document = "\n\n".join(segment.text for segment in load_file(path))
            for piece in split(document):
                texts.append(piece)
                metadatas.append({"source": path.name, "title": info.title if info else path.name})
        vectors, cached = embed_cached(texts, self.embedder.embed, settings.embedding.index_id, CACHE_DIR)
        naive_settings = settings_for(self.real_data, self.corpus, WIJZER_CHROMA_COLLECTION="bench-naive")
        naive_index = ChunkIndex(naive_settings)
        naive_index.upsert([f"naive-{i:05d}" for i in range(len(texts))], texts, vectors, metadatas)
        retriever = naive_retriever(naive_index, self.embedder, k=settings.retrieval.k)

        def naive(question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
            t0 = time.perf_counter()
            docs = retriever.invoke(question)
            return {
                "answer": "",
                "refused": False,
                "retrieved": retrieved_json(docs),
                "latency_ms": (time.perf_counter() - t0) * 1000,
            }

        theirs = run_eval(cases, naive, k=settings.retrieval.k)
        raise_on_failed_cases(theirs.cases, "naive baseline")
        keys = ("hit@1", "hit@5", "mrr", "retrieval_cases", "latency_p50_ms")
        return {
            "cases": len(cases),
            "wijzer": {k: ours.metrics["all"].get(k) for k in (*keys, "refusal_accuracy")},
            "naive": {k: theirs.metrics["all"].get(k) for k in keys},
            "naive_chunks": len(texts),
            "naive_splitter": splitter_name,
            "naive_vectors_cached": cached,
        }

    # 3. cold start and memory ----------------------------------------------------------------------
    def cold_start(self) -> dict[str, Any]:
        assert self.real_data is not None, "needs the ingest part"
        env = self.app_env(self.real_data)
        runs: list[dict[str, Any]] = []
        for _ in range(self.plan.cold_repeats):
            t0 = time.perf_counter()
            process = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "benchmarks.worker",
                    "coldstart",
                    "--question",
                    "Wat is het uitdaagrecht?",
                    "--questions",
                    str(self.questions_file),
                    "--t0",
                    repr(time.time()),
                ],
                env=env,
                cwd=PROJECT_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert process.stdout is not None
            first_wall = None
            last = ""
            for line in process.stdout:
                if line.startswith("FIRST ") and first_wall is None:
                    first_wall = time.perf_counter() - t0
                if line.strip():
                    last = line
            if process.wait() != 0 or first_wall is None:
                raise RuntimeError(f"cold start worker failed ({process.returncode})")
            run = json.loads(last)
            run["wall_to_first_answer_s"] = round(first_wall, 3)
            runs.append(run)
        return {
            "runs": runs,
            "median_s": round(median([r["wall_to_first_answer_s"] for r in runs]), 3),
            "max_s": round(max(r["wall_to_first_answer_s"] for r in runs), 3),
            "peak_rss_serving_mb": round(max(r["peak_rss_serving_mb"] for r in runs), 1),
        }

    # 4. threads ------------------------------------------------------------------------------------
    def threads(self) -> dict[str, Any]:
        assert self.real_data is not None, "needs the ingest part"
        env = app_env(self.real_data, self.corpus)  # torch's default; the worker sets each value
        busy = max(1, (os.cpu_count() or 2) - 1)
        return run_worker(
            [
                "threads",
                "--questions",
                str(self.questions_file),
                "--rounds",
                str(self.plan.thread_rounds),
                "--burners",
                str(busy),
                "--limit",
                str(self.plan.thread_questions),
            ],
            env,
        )

    @cached_property
    def sentence_sources(self) -> list[Any]:
        """The real corpus's sentences per document (the ingest part's index), for the synthetic corpora
        of the latency and lexical parts: read once."""
        from benchmarks.synthetic import sentence_bank
        from bot.store import ChunkIndex

        assert self.real_data is not None, "needs the ingest part"
        return sentence_bank(ChunkIndex(settings_for(self.real_data, self.corpus)).iter_chunks())

    # 5. latency at scale ---------------------------------------------------------------------------
    def latency(self) -> dict[str, Any]:
        from benchmarks.synthetic import make_pool, save_pool
        from bot.retrieval import companion

        assert self.embedder is not None, "needs the ingest part"
        sources = self.sentence_sources
        t0 = time.perf_counter()
        pool, cached = make_pool(
            sources,
            self.plan.pool_size,
            self.embedder.embed,
            self.embedder.model_id,
            CACHE_DIR,
            companion=self.companion,
        )
        pool_s = time.perf_counter() - t0
        pool_file = self.work / "pool.json"
        save_pool(pool, pool_file)
        out: dict[str, Any] = {
            "pool_size": self.plan.pool_size,
            "pool_embed_s": round(pool_s, 1),
            "pool_cached": cached,
            "sentences": sum(len(s.sentences) for s in sources),
            "torch_threads": self.plan.torch_threads,
            "rounds": self.plan.latency_rounds,
            "sizes": {},
        }
        latency_args = ["latency", "--questions", str(self.questions_file)]
        latency_args += ["--rounds", str(self.plan.latency_rounds)]
        for size in self.plan.sizes:
            folder = self.work / f"scale-{size}"
            data = folder / "data"
            entry: dict[str, Any] = {}
            try:
                # the real corpus's sentence vectors (the ingest part's memo): a synthetic chunk is made of
                # real sentences, so the build's fill embeds only the few it still lacks
                assert self.real_data is not None
                shutil.copytree(
                    self.real_data / "sentence-vectors", data / "sentence-vectors", dirs_exist_ok=True
                )
                # and the companion's vectors of them, when it searches sentences (the build reuses them)
                companion_sentences = self.real_data / companion.SENTENCE_FOLDER
                if companion_sentences.is_dir():
                    shutil.copytree(companion_sentences, data / companion.SENTENCE_FOLDER, dirs_exist_ok=True)
                entry["build"] = run_worker(
                    ["build", "--pool", str(pool_file), "--size", str(size)], self.app_env(data)
                )
                log(f"  {size} chunks built: {entry['build']}")
                entry["embedded"] = run_worker(latency_args, self.app_env(data))
                log(f"  {size} embedded: {entry['embedded']['wijzer']}")
                with chroma_server(data / "chroma") as port:
                    entry["server"] = run_worker([*latency_args, "--port", str(port)], self.app_env(data))
                log(f"  {size} server: {entry['server']['wijzer']}")
            except Exception as exc:
                traceback.print_exc()
                entry["error"] = f"{type(exc).__name__}: {exc}"
            out["sizes"][str(size)] = entry
            shutil.rmtree(folder, ignore_errors=True)
        return out

    # 6. lexical search: what counting a compound once costs ------------------------------------------
    def lexical(self) -> dict[str, Any]:
        """BM25 search alone over synthetic chunks of real corpus sentences: the compound correction
        (``retrieval.compound_part_weight``) against the plain weighted sum, question by question in
        alternating order, in this process."""
        from benchmarks.synthetic import pool_texts
        from bot.retrieval.lexical import LexicalIndex
        from bot.retrieval.query import build_query
        from bot.retrieval.synonyms import default_synonyms

        assert self.real_data is not None, "needs the ingest part"
        settings = settings_for(self.real_data, self.corpus)
        sources, synonyms = self.sentence_sources, default_synonyms()
        part_weight = settings.retrieval.compound_part_weight
        out: dict[str, Any] = {"compound_part_weight": part_weight, "rounds": 3, "sizes": {}}
        for size in self.plan.sizes:
            texts, _ = pool_texts(sources, size)
            started = time.perf_counter()
            index = LexicalIndex.build([str(i) for i in range(size)], texts)
            build_s = time.perf_counter() - started
            queries = [build_query(q, [], index.analyzer, synonyms) for q in self.questions]
            times: dict[str, list[float]] = {"plain": [], "grouped": []}
            for round_ in range(3):
                for n, query in enumerate(queries):
                    runs = [
                        ("plain", {}),
                        ("grouped", {"groups": query.term_words, "part_weight": part_weight}),
                    ]
                    for name, kwargs in runs if (n + round_) % 2 else runs[::-1]:
                        started = time.perf_counter()
                        index.search(query.terms, settings.retrieval.lexical_k, **kwargs)  # type: ignore[arg-type]
                        times[name].append((time.perf_counter() - started) * 1000)
            entry = {
                f"{name}_{stat}_ms": round(fn(values), 3)
                for name, values in times.items()
                for stat, fn in (("p50", median), ("p95", lambda v: percentile(v, 95)))
            }
            entry["build_s"] = round(build_s, 1)
            entry["ratio_p50"] = round(median(times["grouped"]) / median(times["plain"]), 2)
            out["sizes"][str(size)] = entry
            log(f"  {size} chunks: {entry}")
        return out


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {}
    for name in ("torch", "sentence-transformers", "chromadb", "langchain-core"):
        try:
            found[name] = version(name)
        except Exception:
            found[name] = "?"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run (~4 min): 6 statutes, 1k + 10k")
    parser.add_argument(
        "--out", type=Path, help="folder for RESULTS.md + results.json (default: benchmarks/, quick: data/)"
    )
    parser.add_argument(
        "--torch-threads",
        type=int,
        help="torch threads of the app processes in the latency and cold-start parts (0 = torch default)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument(
        "--only",
        help="comma-separated parts to run (ingest is always run: the others need its index)",
    )
    args = parser.parse_args(argv)
    plan = make_plan(args)
    out = args.out or (PROJECT_ROOT / "data" / "bench-quick" if plan.quick else HERE)
    work = Path(tempfile.mkdtemp(prefix="wijzer-bench-"))
    embedding_model = settings_for(work / "data").embedding.index_id
    started = datetime.now(UTC)
    clock = time.perf_counter()
    load_before = os.getloadavg()
    bench = Bench(plan, work)
    parts = {
        "ingest": bench.ingest,
        "noop_ingest": bench.noop,
        "quality": bench.quality,
        "cold_start": bench.cold_start,
        "threads": bench.threads,
        "latency": bench.latency,
        "lexical": bench.lexical,
    }
    chosen = set(args.only.split(",")) | {"ingest"} if args.only else set(parts)
    try:
        for name, fn in parts.items():
            if name in chosen:
                bench.part(name, fn)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"work folder kept: {work}")
    results = {
        "meta": {
            "started_at": started.isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - clock, 1),
            "quick": plan.quick,
            "plan": plan.__dict__,
            "cores": os.cpu_count(),
            "load_avg_before": [round(x, 2) for x in load_before],
            "load_avg_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "profiles": os.environ.get("WIJZER_PROFILES", ""),
            "embedding_model": embedding_model,
            "versions": _versions(),
            "corpus": str(bench.corpus.relative_to(PROJECT_ROOT))
            if not plan.quick
            else "corpus (6 statutes)",
        },
        **bench.results,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    write_report(results, out / "RESULTS.md")
    log(f"wrote {out / 'RESULTS.md'} and {out / 'results.json'} ({results['meta']['duration_s']:.0f} s)")
    return 0

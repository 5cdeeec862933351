"""RESULTS.md from the results dict: the goals (met / not met, with the measured figure), then the details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

GOAL_P95_MS = 150.0
GOAL_INGEST_RATIO = 0.9
GOAL_NOOP_S = 3.0
GOAL_COLD_S = 10.0
GOAL_RSS_MB = 1.2 * 1000  # 1.2 GB (decimal, as in the brief); reported in MiB


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _mark(value: float | None, ok: bool | None) -> str:
    if value is None or ok is None:
        return "not measured"
    return "**met**" if ok else "**not met**"


def _f(value: Any, fmt: str = "{:.1f}", none: str = "–") -> str:
    return none if value is None else fmt.format(value)


def goals(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    ingest = results.get("ingest", {})
    ratio = ingest.get("ratio_wall")
    companion = ""
    if ingest.get("companion"):
        read = (
            " and {} sentences".format(ingest["companion_sentences"])
            if ingest.get("companion_sentences")
            else ""
        )
        share = _f(ingest.get("companion_share_of_raw"), "{:.2f}")
        companion = f"; the companion {ingest['companion']}'s passages{read} a share {share}"
    rows.append(
        (
            "Ingest throughput, full pipeline vs raw `encode()` of the same texts (chunks, quotable sentences, "
            "and the companion model's passages and sentences)",
            f"≥ {GOAL_INGEST_RATIO}×",
            f"{_f(ratio, '{:.2f}')}× ({_f(ingest.get('pipeline_chunks_per_s'))} vs "
            f"{_f(ingest.get('raw_chunks_per_s'))} chunks/s, {ingest.get('chunks')} chunks and "
            f"{ingest.get('sentences')} sentences (a share {_f(ingest.get('sentence_share_of_raw'), '{:.2f}')} "
            f"of the raw encode time{companion}), torch threads "
            f"{ingest.get('torch_threads')}; CPU-time ratio {_f(ingest.get('ratio_cpu'), '{:.2f}')}×)",
            _mark(ratio, ratio is not None and ratio >= GOAL_INGEST_RATIO),
        )
    )
    noop = _get(results, "noop_ingest", "median_s")
    rows.append(
        (
            "No-op re-ingest (`wijzer ingest` process)",
            f"< {GOAL_NOOP_S:.0f} s",
            f"{_f(noop, '{:.2f}')} s (median)",
            _mark(noop, noop is not None and noop < GOAL_NOOP_S),
        )
    )
    sizes = _get(results, "latency", "sizes") or {}
    largest = max(sizes, key=int) if sizes else None
    for mode in ("embedded", "server"):
        p95 = _get(sizes, largest, mode, "wijzer", "p95_ms") if largest else None
        label = f"{int(largest):,}" if largest else "?"
        rows.append(
            (
                f"Warm answer p95 at {label} chunks, {mode} Chroma",
                f"< {GOAL_P95_MS:.0f} ms at 100,000",
                f"{_f(p95)} ms (p50 {_f(_get(sizes, largest, mode, 'wijzer', 'p50_ms') if largest else None)} ms)",
                _mark(p95, p95 is not None and p95 < GOAL_P95_MS),
            )
        )
    cold = _get(results, "cold_start", "median_s")
    rows.append(
        (
            "Cold start to first answer (new process)",
            f"< {GOAL_COLD_S:.0f} s",
            f"{_f(cold, '{:.2f}')} s (median; max {_f(_get(results, 'cold_start', 'max_s'), '{:.2f}')} s)",
            _mark(cold, cold is not None and cold < GOAL_COLD_S),
        )
    )
    rss = _get(results, "cold_start", "peak_rss_serving_mb")
    rows.append(
        (
            "Peak RSS while serving (real corpus)",
            "< 1.2 GB",
            f"{_f(rss, '{:.0f}')} MiB",
            _mark(rss, rss is not None and rss * 1.048576 < GOAL_RSS_MB),
        )
    )
    return rows


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(results: dict[str, Any]) -> str:
    meta = results.get("meta", {})
    plan = meta.get("plan", {})
    lines = [
        "# Wijzer benchmarks",
        "",
        f"Run of {meta.get('started_at', '?')} ({'quick' if meta.get('quick') else 'full'} run, "
        f"{_f(meta.get('duration_s'), '{:.0f}')} s) on {meta.get('cores')} cores; load average before "
        f"{meta.get('load_avg_before')}, after {meta.get('load_avg_after')} (a shared machine: every "
        "comparison is against a baseline measured in the same run). Embedding model "
        f"{meta.get('embedding_model', '?')}"
        + (f" (profile {meta['profiles']})" if meta.get("profiles") else "")
        + ". Python "
        f"{meta.get('python')}, "
        + ", ".join(f"{k} {v}" for k, v in (meta.get("versions") or {}).items())
        + ".",
        "Regenerate with `make bench` (`.venv/bin/python -m benchmarks`; `--quick` for a smaller run). "
        "Method: [README.md](README.md).",
        "",
        "## Goals",
        "",
        *_table(["goal", "target", "measured", "result"], [list(row) for row in goals(results)]),
        "",
    ]

    sizes = _get(results, "latency", "sizes") or {}
    if sizes:
        lat = results["latency"]
        rows = []
        for size in sorted(sizes, key=int):
            for mode in ("embedded", "server"):
                entry = _get(sizes, size, mode)
                if not entry:
                    rows.append([f"{int(size):,}", mode, sizes[size].get("error", "–"), "", "", "", "", ""])
                    continue
                w, n = entry["wijzer"], entry["naive"]
                rows.append(
                    [
                        f"{int(size):,}",
                        mode,
                        f"{w['p50_ms']:.1f}",
                        f"{w['p95_ms']:.1f}",
                        f"{n['p50_ms']:.1f}",
                        f"{n['p95_ms']:.1f}",
                        f"{w['p50_ms'] / max(n['p50_ms'], 1e-9):.2f}×",
                        f"{entry['peak_rss_mb']:.0f}",
                    ]
                )
        lines += [
            "## Warm answer latency at scale",
            "",
            f"Extractive `service.answer`, {lat.get('rounds')} round(s) over the {_f(_get(results, 'quality', 'cases'), '{:.0f}', '47')} "
            f"held-out eval questions, torch threads {lat.get('torch_threads')} (0 = torch default); "
            "naive = LangChain `VectorStoreRetriever` (dense top-5) on the same index, timed interleaved "
            "with Wijzer. Peak RSS is the serving process's (model + index + BM25).",
            "",
            *_table(
                [
                    "chunks",
                    "Chroma",
                    "Wijzer p50 ms",
                    "Wijzer p95 ms",
                    "naive p50 ms",
                    "naive p95 ms",
                    "Wijzer/naive p50",
                    "peak RSS MiB",
                ],
                rows,
            ),
            "",
        ]
        growth = []
        keys = sorted(sizes, key=int)
        if len(keys) >= 2:
            for mode in ("embedded", "server"):
                small = _get(sizes, keys[0], mode, "wijzer", "p50_ms")
                big = _get(sizes, keys[-1], mode, "wijzer", "p50_ms")
                small_n = _get(sizes, keys[0], mode, "naive", "p50_ms")
                big_n = _get(sizes, keys[-1], mode, "naive", "p50_ms")
                if small and big and small_n and big_n:
                    growth.append(
                        f"{mode}: Wijzer p50 ×{big / small:.2f}, naive p50 ×{big_n / small_n:.2f} "
                        f"from {int(keys[0]):,} to {int(keys[-1]):,} chunks"
                    )
        builds = [
            f"{int(size):,}: upsert {b['upsert_s']:.0f} s, BM25 build {b['lexical_build_s']:.0f} s, "
            f"sentence vectors {b.get('sentence_fill_s', 0):.0f} s ({b.get('sentences_embedded', 0)} embedded)"
            + (f", sentence index {b['sentence_index_s']:.0f} s" if b.get("sentence_index_s") else "")
            + (f", companion index {b['companion_index_s']:.0f} s" if b.get("companion_index_s") else "")
            for size in keys
            if (b := _get(sizes, size, "build"))
        ]
        lines += [
            "How cost grows (×{} chunks): ".format(
                f"{int(keys[-1]) // int(keys[0]):,}" if len(keys) > 1 else 1
            )
            + ("; ".join(growth) or "–")
            + ". Index build: "
            + ("; ".join(builds) or "–")
            + f". Synthetic corpora: {lat.get('pool_size')} recombined chunks from {lat.get('sentences')} "
            "real corpus sentences embedded with the real model, grown with perturbed pool vectors "
            "(benchmarks/synthetic.py).",
            "",
        ]

    quality = results.get("quality", {})
    if "wijzer" in quality:
        rows = []
        for name, key in (("Wijzer (hybrid, Dutch-aware)", "wijzer"), ("naive LangChain baseline", "naive")):
            m = quality[key]
            rows.append(
                [
                    name,
                    _f(m.get("hit@1"), "{:.3f}"),
                    _f(m.get("hit@5"), "{:.3f}"),
                    _f(m.get("mrr"), "{:.3f}"),
                ]
            )
        lines += [
            "## Retrieval quality (evals/cases/test.jsonl)",
            "",
            f"{quality.get('cases')} held-out cases ({_f(_get(quality, 'wijzer', 'retrieval_cases'), '{:.0f}')} with "
            f"expected passages), scored by `evals.runner.run_eval`. Baseline: {quality.get('naive_splitter')} "
            f"(1000/200 characters, {quality.get('naive_chunks')} chunks of the cleaned documents) + dense top-5; "
            "Wijzer answers with its own chunks. (Latency is measured in the latency part, not here.)"
            + (
                " **Quick run: a 6-statute corpus, not comparable with docs/retrieval.md.**"
                if meta.get("quick")
                else ""
            ),
            "",
            *_table(["pipeline", "hit@1", "hit@5", "MRR"], rows),
            "",
        ]

    cold = results.get("cold_start", {})
    if cold.get("runs"):
        first = sorted(cold["runs"], key=lambda r: r["wall_to_first_answer_s"])[len(cold["runs"]) // 2]
        lines += [
            "## Cold start and memory",
            "",
            f"New process → settings → model → index → first answer, {len(cold['runs'])} runs: median "
            f"{cold['median_s']:.2f} s, max {cold['max_s']:.2f} s (the median run's phases: interpreter start + imports "
            f"{first['python_start_s']:.2f} s, settings {first['settings_s']:.2f} s, model {first['model_s']:.2f} s, "
            f"index {first['index_s']:.2f} s, first answer {first['first_answer_s']:.2f} s). Peak RSS (VmHWM) "
            f"after the first answer {first['peak_rss_first_mb']:.0f} MiB, after serving {first['served']} "
            f"answers {cold['peak_rss_serving_mb']:.0f} MiB (max over runs).",
            "",
        ]

    threads = results.get("threads", {})
    if "idle" in threads:
        rows = []
        for name in threads["idle"]:
            idle, busy = threads["idle"][name], threads["busy"][name]
            rows.append(
                [
                    name,
                    f"{idle['p50_ms']:.1f}",
                    f"{idle['p95_ms']:.1f}",
                    f"{busy['p50_ms']:.1f}",
                    f"{busy['p95_ms']:.1f}",
                    f"{busy['p95_ms'] / max(busy['p50_ms'], 1e-9):.2f}",
                ]
            )
        lines += [
            "## Torch threads and a busy machine",
            "",
            f"Warm answers on the real corpus, the settings interleaved per question; busy = a CPU burner "
            f"on {max(1, (threads.get('cores') or 2) - 1)} core(s) for the duration.",
            "",
            *_table(
                ["torch threads", "idle p50 ms", "idle p95 ms", "busy p50 ms", "busy p95 ms", "busy p95/p50"],
                rows,
            ),
            "",
        ]

    lexical = _get(results, "lexical", "sizes") or {}
    if lexical:
        rows = [
            [
                f"{int(size):,}",
                _f(entry.get("plain_p50_ms"), "{:.2f}"),
                _f(entry.get("plain_p95_ms"), "{:.2f}"),
                _f(entry.get("grouped_p50_ms"), "{:.2f}"),
                _f(entry.get("grouped_p95_ms"), "{:.2f}"),
                f"{_f(entry.get('ratio_p50'), '{:.2f}')}×",
            ]
            for size, entry in sorted(lexical.items(), key=lambda kv: int(kv[0]))
        ]
        lines += [
            "## Lexical search: a compound counted once",
            "",
            "BM25 search alone (`LexicalIndex.search`, "
            f"{_f(_get(results, 'lexical', 'rounds'), '{:.0f}')} rounds over the held-out questions) over "
            "synthetic chunks of real corpus sentences: the plain weighted sum against the compound "
            f"correction (`compound_part_weight` {_get(results, 'lexical', 'compound_part_weight')}), "
            "question by question in alternating order.",
            "",
            *_table(
                [
                    "chunks",
                    "plain p50 ms",
                    "plain p95 ms",
                    "grouped p50 ms",
                    "grouped p95 ms",
                    "grouped/plain p50",
                ],
                rows,
            ),
            "",
        ]

    errors = [
        f"- {name}: {part['error']}"
        for name, part in results.items()
        if isinstance(part, dict) and part.get("error")
    ]
    if errors:
        lines += ["## Parts that failed", "", *errors, ""]
    lines += [f"Plan: `{plan}`", ""]
    return "\n".join(lines)


def write_report(results: dict[str, Any], path: Path) -> None:
    path.write_text(render(results), encoding="utf-8")

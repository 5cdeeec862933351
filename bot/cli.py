"""The ``wijzer`` command: thin argument handling around the components."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import PROJECT_ROOT, Settings, load_settings

if TYPE_CHECKING:
    from bot.answer.types import Answer, Citation
    from bot.components import Components


def _embedded_after_commit(settings: Settings) -> str:
    """What the ingest embeds after its commit (``Components._after_ingest``), in words; "" for nothing."""
    parts = []
    if settings.searches_companion:
        sentences = settings.companion_reads_sentences
        parts.append("the companion model's passages" + (" and sentences" if sentences else ""))
    if settings.embeds_sentences:
        parts.append("the new quotable sentences")
    return " and ".join(parts)


def _cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from bot.components import Components

    bar: tqdm | None = None

    def progress(source: str, done: int, total: int, chunks: int) -> None:
        nonlocal bar
        if args.quiet:
            return
        if bar is None:
            bar = tqdm(total=total, unit="file", desc="ingest", file=sys.stderr)
        bar.set_postfix_str(f"{chunks} chunks, {source[:40]}")
        bar.update(1)
        if done == total and (after := _embedded_after_commit(settings)):
            # the next step takes a while on a new corpus: say what it embeds
            bar.set_postfix_str(f"{chunks} chunks; embedding {after} …")

    # an ingest is a batch job: its models may use every core (``embedding.ingest_threads``)
    settings = settings.model_copy(update={"embedding": settings.embedding.for_ingest})
    components = Components(settings)
    report = components.ingestor(progress).run(force=args.force)
    if bar is not None:
        bar.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for source, reason in report.failed:
        print(f"FAILED {settings.corpus_dir / source}: {reason}", file=sys.stderr)
    if report.repaired:
        print("repaired the index after an interrupted ingest", file=sys.stderr)
    if report.chunks_embedded or report.deleted:
        _note_unglossed(components)
    print(report.summary())
    return 0 if report.ok else 1


def _note_unglossed(components: Components) -> None:
    """Name the indexed words that have no English gloss yet (new documents bring new words)."""
    from bot.retrieval.synonyms import default_synonyms

    missing = default_synonyms().corpus.missing(components.lexical.get().analyzer.vocabulary)
    if missing:
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        print(
            f"note: {len(missing)} indexed words have no line in bot/retrieval/corpus_glossary.tsv, so English "
            f"questions cannot reach them by translation: {shown}",
            file=sys.stderr,
        )


def _cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from bot.status import collect_status

    status = collect_status(settings)
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print(f"corpus version : {status['corpus_version'] or '(not ingested)'}")
        print(f"index          : {status['index']['location']} ({status['index']['mode']})")
        print(f"chunks         : {status['chunks']}")
        if status["sentence_vectors"] is not None:
            count = status["sentence_vectors"]
            memo = f"{count} embedded for answers" if count else "none embedded yet (`wijzer ingest --force`)"
            print(f"sentences      : {memo}")
        if status["derived_current"] is False:
            print(
                "derived        : out of date for these settings or this version (`wijzer ingest` updates them)"
            )
        print(f"documents      : {len(status['documents'])}")
        for doc in status["documents"]:
            flag = " [verouderde versie]" if doc["outdated"] else ""
            print(f"  {doc['chunks']:5d}  {doc['source']}  ({doc['version_date'] or '?'}){flag}")
    return 0


def _read_history(path: str | None) -> list[dict[str, str]]:
    if not path:
        return []
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: history must be a JSON list of {{'role', 'content'}} objects")
    return data


def source_lines(citations: Sequence[Citation], language: str = "nl") -> list[str]:
    """One line per cited place, in the answer's language. Passages with the same label (four chunks of one
    long article, two passages of one page) share a line, "[1]–[4] Energiewet, art. 2.4 …"."""
    numbers: dict[str, list[int]] = {}
    for citation in citations:
        p = citation.passage
        where = f", {p.location}" if p.location else ""
        version = ""
        if p.version_date and p.kind != "essay":
            version = f" ({'version' if language == 'en' else 'versie'} {p.version_date})"
        numbers.setdefault(f"{p.title}{where}{version}{' — ' + p.url if p.url else ''}", []).append(
            citation.n
        )
    return [f"{_number_ranges(ns)} {label}" for label, ns in numbers.items()]


def _number_ranges(numbers: list[int]) -> str:
    """[1]–[4] for a run, [1], [3] otherwise."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"[{r[0]}]–[{r[-1]}]" if len(r) > 2 else ", ".join(f"[{n}]" for n in r) for r in runs)


def _print_answer(answer: Answer) -> None:
    print(answer.answer)
    if answer.citations:
        print("\nBronnen:" if answer.language == "nl" else "\nSources:")
        for line in source_lines(answer.citations, answer.language):
            print(line)


def _cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.components import Components

    answer = Components(settings).service.answer(args.question, _read_history(args.history), args.persona)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def _cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    """A terminal conversation for maintainers: follow-ups use the history, like the chat page."""
    from bot.answer.types import Turn
    from bot.components import Components

    service = Components(settings).service
    history: list[Turn] = []
    print("Wijzer — stel een vraag (leeg of Ctrl-D om te stoppen).")
    while True:
        try:
            question = input("\nvraag> ").strip()
        except EOFError:
            break
        if not question:
            break
        answer = service.answer(question, history, args.persona)
        _print_answer(answer)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    return 0


def _cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from bot.components import Components
    from evals.cases import load_cases
    from evals.gate import check_thresholds, load_thresholds
    from evals.report import write_report
    from evals.runner import load_results, run_eval, write_results

    if args.judge and settings.llm.mode == "none":
        print(
            "wijzer: --judge needs a chat model, but llm.mode is 'none': set WIJZER_LLM "
            "(openai or ollama) and WIJZER_LLM_MODEL, or llm.mode in settings.yaml",
            file=sys.stderr,
        )
        return 2
    components = Components(settings)
    judge = None
    if args.judge:
        from bot.llm.factory import LLMConfigError
        from evals.metrics.llm_judge import make_judge

        try:
            judge = make_judge(components.chat_model)
        except LLMConfigError as exc:
            print(f"wijzer: --judge: {exc}", file=sys.stderr)
            return 2
    service = components.service
    cases = load_cases(Path(args.cases))

    def answer_fn(question: str, history: list[dict[str, str]], persona: str | None) -> dict:
        return service.answer(question, history, persona).to_json()

    def progress(i: int, n: int, record: dict) -> None:
        if not args.quiet:
            print(f"\r{i}/{n} {record['id'][:60]:60}", end="", file=sys.stderr, flush=True)

    result = run_eval(
        cases,
        answer_fn,
        passage_lookup=components.passage_lookup,
        k=settings.retrieval.k,
        on_case=progress,
        judge=judge,
    )
    if not args.quiet:
        print(file=sys.stderr)
    if args.out:
        write_results(result, Path(args.out))
    baseline = load_results(Path(args.baseline)).to_dict() if args.baseline else None
    if args.report:
        md, html = write_report(result, Path(args.report), baseline)
        print(f"report: {md} and {html}")
    for split, metrics in sorted(result.metrics.items()):
        shown = ", ".join(
            f"{k} {metrics[k]:.3f}"
            for k in (
                "hit@5",
                "mrr",
                "key_point_coverage",
                "refusal_accuracy",
                "citation_validity",
                "grounding",
                "language_match",
                "judge_faithfulness",
                "judge_relevance",
            )
            if isinstance(metrics.get(k), float)
        )
        errors = f", {metrics['n_errors']} raised" if metrics.get("n_errors") else ""
        print(f"{split:5} ({metrics['n_cases']} cases{errors}): {shown}")
    # an answer that raised is a bug, not a low score: the run fails, whatever the gate says
    raised = [record for record in result.cases if record.get("error")]
    for record in raised[:5]:
        print(f"RAISED {record['id']}: {record['error']}", file=sys.stderr)
    if raised:
        print(f"wijzer eval: {len(raised)} case(s) raised instead of answering (scored 0)", file=sys.stderr)
    failures = check_thresholds(result, load_thresholds(Path(args.gate))) if args.gate else []
    for failure in failures:
        print(f"BELOW THRESHOLD {failure}", file=sys.stderr)
    return 1 if failures or raised else 0


def _cmd_feedback(settings: Settings, args: argparse.Namespace) -> int:
    """Thumbs-down feedback from the chat page → candidate eval cases for a maintainer to review."""
    from bot.ui.feedback_store import read_feedback
    from evals.feedback import feedback_review, feedback_to_cases, write_candidates

    db = Path(args.db) if args.db else settings.data_dir / "chat.db"
    rows = read_feedback(db, only_negative=not args.all)
    cases = feedback_to_cases(rows)
    written = write_candidates(cases, Path(args.out), review=feedback_review(rows))
    print(
        f"{len(cases)} candidate case(s) from {len(rows)} feedback row(s) in {db}: "
        + ", ".join(str(p) for p in written)
    )
    print("Review them, add expected_sources and key_points, then move them into evals/cases/.")
    return 0


def _cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.ui.launch import serve

    return serve(settings, host=args.host, port=args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wijzer", description="Wijzer: grounded advice from the corpus")
    parser.add_argument(
        "--profile", action="append", help="settings profile(s) to merge (settings-NAME.yaml)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="ingest the corpus folder into the index (incremental)")
    ingest.add_argument("--force", action="store_true", help="re-embed every file")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(handler=_cmd_ingest)

    status = sub.add_parser("status", help="corpus version, documents, chunks and index location")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_cmd_status)

    ask = sub.add_parser("ask", help="answer one question from the corpus")
    ask.add_argument("question")
    ask.add_argument("--persona", choices=["ambtenaar", "collectief"])
    ask.add_argument("--history", help="JSON file: earlier turns [{role, content}]")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.set_defaults(handler=_cmd_ask)

    chat = sub.add_parser("chat", help="a conversation in the terminal")
    chat.add_argument("--persona", choices=["ambtenaar", "collectief"])
    chat.set_defaults(handler=_cmd_chat)

    ev = sub.add_parser("eval", help="run the answer-quality evals")
    ev.add_argument(
        "--cases", default=str(PROJECT_ROOT / "evals" / "cases"), help="a .jsonl file or a folder"
    )
    ev.add_argument("--out", help="write results JSON here")
    ev.add_argument("--report", help="write report.md and report.html into this folder")
    ev.add_argument("--baseline", help="an earlier results JSON to compare with")
    ev.add_argument("--gate", help="thresholds YAML: exit 1 when a metric falls below it")
    ev.add_argument("--quiet", action="store_true")
    ev.add_argument(
        "--judge",
        action="store_true",
        help="also score faithfulness and relevance with the configured chat model (needs llm.mode)",
    )
    ev.set_defaults(handler=_cmd_eval)

    feedback = sub.add_parser("feedback", help="turn thumbs-down chat feedback into candidate eval cases")
    feedback.add_argument("--db", help="the chat database (default: <data_dir>/chat.db)")
    feedback.add_argument("--out", default="evals/candidates/feedback.jsonl", help="candidate cases (jsonl)")
    feedback.add_argument("--all", action="store_true", help="include thumbs-up feedback too")
    feedback.set_defaults(handler=_cmd_feedback)

    serve = sub.add_parser("serve", help="start the chat page (Chainlit)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(handler=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(profiles=args.profile)
    except (ValueError, FileNotFoundError) as exc:
        print(f"wijzer: invalid settings: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.handler(settings, args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line instead of a traceback for the known failure kinds
        from bot.embeddings import EmbeddingModelError
        from bot.store import IndexUnavailableError

        if isinstance(exc, IndexUnavailableError | EmbeddingModelError | FileNotFoundError):
            print(f"wijzer: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``wijzer`` command: thin argument handling around the components."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from bot.settings import Settings, load_settings


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

    report = Components(settings).ingestor(progress).run(force=args.force)
    if bar is not None:
        bar.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for source, reason in report.failed:
        print(f"FAILED {settings.corpus_dir / source}: {reason}", file=sys.stderr)
    if report.repaired:
        print("repaired the index after an interrupted ingest", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from bot.status import collect_status

    status = collect_status(settings)
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print(f"corpus version : {status['corpus_version'] or '(not ingested)'}")
        print(f"index          : {status['index']['location']} ({status['index']['mode']})")
        print(f"chunks         : {status['chunks']}")
        print(f"documents      : {len(status['documents'])}")
        for doc in status["documents"]:
            flag = " [verouderde versie]" if doc["outdated"] else ""
            print(f"  {doc['chunks']:5d}  {doc['source']}  ({doc['version_date'] or '?'}){flag}")
    return 0


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

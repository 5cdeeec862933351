"""A minimal app process for the scale-out test: ``python -m tests.robustness.app_process``.

Builds Components from the environment's settings (WIJZER_* variables, as a chat or API process would),
prints ``{"ready": ...}``, then answers one question per stdin line with one JSON line:
corpus version, the answer's passage ids, and the lexical (BM25) ranking of the question.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from bot.components import Components
    from bot.settings import load_settings

    components = Components(load_settings())
    components.embedder.load()
    print(json.dumps({"ready": True, "data_dir": str(components.settings.data_dir)}), flush=True)
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        try:
            answer = components.service.answer(question)
            result = components.search.search(question)
            lexical = sorted(result.lexical_score, key=lambda i: (-result.lexical_score[i], i))
            reply = {
                "question": question,
                "corpus_version": answer.corpus_version,
                "lexical_version": components.lexical.corpus_version,
                "passage_ids": [p.id for p in answer.retrieved],
                "lexical_ids": lexical[:10],
                "refused": answer.refused,
            }
        except Exception as exc:  # reported to the test, which fails with it
            reply = {"question": question, "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

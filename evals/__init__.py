"""Offline evaluation of Wijzer: load cases, run them through an answer function, score, report and gate.

Modules (nothing here runs or reads anything at import):

- ``evals.cases``     case schema and loading (``evals/cases/*.jsonl``; split = file stem)
- ``evals.metrics``   one pure module per metric (retrieval, key points, refusal, citations,
                      grounding, language, latency)
- ``evals.runner``    ``run_eval`` drives an ``AnswerFn`` over the cases and aggregates per split
- ``evals.report``    ``report.md`` + self-contained ``report.html``, optionally diffed against a baseline
- ``evals.gate``      thresholds from ``evals/thresholds.yaml``
- ``evals.feedback``  thumbs-down feedback rows turned into candidate cases for review
"""

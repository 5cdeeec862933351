import json
from pathlib import Path

from evals.cases import EvalCase, load_cases
from evals.feedback import feedback_review, feedback_to_cases, write_candidates

ROWS = [
    {
        "question": "Hoeveel leden heeft Energie Samen?",
        "answer": "Ongeveer 100 [1].",
        "comment": "Fout: het zijn er ruim 740.",
        "history": [
            {"role": "system", "content": "x"},
            {"role": "user", "content": "Wat doet Energie Samen?"},
        ],
        "persona": "collectief",
        "sources": [{"source": "essay.pdf", "text": "Energie Samen vertegenwoordigt ruim 740 leden."}],
    },
    {
        "question": "Hoeveel leden heeft Energie Samen?",
        "answer": "Honderd.",
        "comment": "Weer fout.",
        "history": [{"role": "user", "content": "Wat doet Energie Samen?"}],
        "persona": "collectief",
        "sources": [],
    },
    {"question": "Wat is het uitdaagrecht?", "answer": "…", "comment": "", "history": [], "sources": []},
    {"question": "  ", "answer": "", "comment": "leeg", "history": [], "sources": []},
]


def test_candidates_follow_the_case_schema_without_comments() -> None:
    cases = feedback_to_cases(ROWS)
    assert len(cases) == 2  # same conversation twice collapses; the blank question is skipped
    first = cases[0]
    assert first["id"].startswith("feedback-") and len(first["id"]) == len("feedback-") + 10
    assert first["history"] == [{"role": "user", "content": "Wat doet Energie Samen?"}]
    assert first["persona"] == "collectief"
    assert (first["expected_sources"], first["key_points"], first["should_refuse"]) == ([], [], False)
    assert "comment" not in first and "answer" not in first
    assert "history" not in cases[1] and "persona" not in cases[1]
    for candidate in cases:
        EvalCase.model_validate(candidate)


def test_ids_are_stable() -> None:
    assert [c["id"] for c in feedback_to_cases(ROWS)] == [c["id"] for c in feedback_to_cases(list(ROWS))]
    assert feedback_to_cases(ROWS[:1])[0]["id"] != feedback_to_cases(ROWS[2:3])[0]["id"]


def test_review_keeps_comments_and_sources(tmp_path: Path) -> None:
    review = feedback_review(ROWS)
    assert [len(e["feedback"]) for e in review] == [2, 1]
    paths = write_candidates(feedback_to_cases(ROWS), tmp_path / "candidates.jsonl", review)
    assert [p.name for p in paths] == ["candidates.jsonl", "candidates.review.md"]
    lines = paths[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "Fout" not in paths[0].read_text(encoding="utf-8")
    assert json.loads(lines[0])["question"] == "Hoeveel leden heeft Energie Samen?"
    text = paths[1].read_text(encoding="utf-8")
    assert "Fout: het zijn er ruim 740." in text and "Weer fout." in text and "essay.pdf" in text
    assert len(load_cases(paths[0])) == 2  # a maintainer can load them as they are


def test_without_review_only_the_cases_are_written(tmp_path: Path) -> None:
    assert write_candidates([], tmp_path / "c.jsonl") == [tmp_path / "c.jsonl"]

"""The optional LLM judge: lenient reply parsing, the runner hook and the CLI guard (fake model only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.llm.prompts import render
from evals.metrics.llm_judge import (
    JudgeInput,
    JudgeScore,
    aggregate_judge,
    judge_answer,
    make_judge,
    parse_judge_reply,
    render_judge_prompt,
)
from evals.runner import run_eval
from tests.evals.helpers import answer, case, citation, passage
from tests.llm.fakes import scripted

PASSAGE = "Burgercollectieven zijn hybride organisaties, ergens tussen markt en overheid in."
INP = JudgeInput(
    question="Hoe worden burgercollectieven getypeerd?",
    answer="Het zijn hybride organisaties [1].",
    passages=[PASSAGE, "Een passage over iets anders."],
    language="nl",
)
JUDGE_KEYS = {"judge_faithfulness", "judge_relevance"}


def test_a_json_reply_is_parsed() -> None:
    model = scripted('{"faithfulness": 1, "relevance": 0.5, "explanation": "klopt"}')
    score = judge_answer(model, INP)
    assert score == JudgeScore(1.0, 0.5, "klopt")
    prompt = model.prompts[0][-1].content
    assert "[1] " + PASSAGE in prompt and "[2] Een passage" in prompt
    assert INP.question in prompt and INP.answer in prompt


def test_prose_around_the_json_is_ignored() -> None:
    reply = 'Hier is mijn oordeel: {"faithfulness": 0.25, "relevance": 1.0, "explanation": "a {b}"}\nKlaar.'
    assert parse_judge_reply(reply) == JudgeScore(0.25, 1.0, "a {b}")
    fenced = '```json\n{"faithfulness": "0.5", "relevance": 0}\n```'
    assert parse_judge_reply(fenced) == JudgeScore(0.5, 0.0, "")


@pytest.mark.parametrize("reply", ["geen idee", "{niet: json}", "[0.5, 1]", "", '{"faithfulness": 0.5}'])
def test_garbage_gives_none_scores_with_the_raw_reply(reply: str) -> None:
    score = parse_judge_reply(reply)
    assert score.faithfulness is None and score.relevance is None
    assert reply.strip() in score.explanation


@pytest.mark.parametrize(
    "reply",
    [
        '{"faithfulness": 1.5, "relevance": 0.5}',
        '{"faithfulness": 0.5, "relevance": -0.1}',
        '{"faithfulness": 80, "relevance": 90}',
        '{"faithfulness": true, "relevance": 1}',
    ],
)
def test_out_of_range_scores_give_none(reply: str) -> None:
    score = parse_judge_reply(reply)
    assert (score.faithfulness, score.relevance) == (None, None) and reply in score.explanation


def test_refusals() -> None:
    model = scripted('{"faithfulness": 0.0, "relevance": 1.0}')
    plain = JudgeInput("Wat is de hoofdstad van Frankrijk?", "Dat staat niet in de bronnen.", [], "nl", True)
    assert judge_answer(model, plain) == JudgeScore(1.0, None, "refusal without claims")
    assert model.prompts == []  # no claims: the model is not asked
    with_claim = JudgeInput(
        INP.question, "Dat staat er niet, wel dat ze hybride zijn [1].", [PASSAGE], "nl", True
    )
    score = judge_answer(model, with_claim)
    assert (score.faithfulness, score.relevance) == (0.0, None)


def test_aggregate_skips_none() -> None:
    scores = [JudgeScore(1.0, 0.5, ""), JudgeScore(0.5, None, ""), JudgeScore(None, None, "kapot")]
    assert aggregate_judge(scores) == {
        "judge_faithfulness": 0.75,
        "judge_relevance": 0.5,
        "judge_faithfulness_cases": 2,
        "judge_relevance_cases": 1,
        "judge_cases": 3,
    }
    assert aggregate_judge([])["judge_faithfulness"] is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_judge_prompt_renders(language: str) -> None:
    text = render("judge", language, passages="[1] P", question="Q?", answer="A.", count=1)  # type: ignore[arg-type]
    assert "[1] P" in text and "Q?" in text and "A." in text
    assert '"faithfulness"' in text and '"relevance"' in text and "JSON" in text
    english = render_judge_prompt(JudgeInput("Q?", "A.", ["P"], "en"))
    assert "Judge only against the passages" in english


CASES = [
    case("j-good", "Hoe worden burgercollectieven getypeerd?", expected_sources=["hybride"]),
    case("j-judge-fails", "Wat doen gemeenten?", expected_sources=["x"], split="dev"),
    case("j-refuse", "What is the capital of France?", should_refuse=True),
    case("j-crash", "Wat gebeurt er als het misgaat?", expected_sources=["x"], split="dev"),
]


def answer_fn(question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
    if "misgaat" in question:
        raise RuntimeError("model server unavailable")
    if "France" in question:
        return answer("I cannot answer that from the sources.", refused=True, language="en")
    return answer(
        "Het zijn hybride organisaties [1].",
        citations=[citation(1, PASSAGE)],
        retrieved=[passage(PASSAGE), passage("Nog een passage.")],
    )


def fake_judge(inp: JudgeInput) -> JudgeScore:
    if "gemeenten" in inp.question:
        raise TimeoutError("judge timed out")
    return judge_answer(scripted('{"faithfulness": 0.8, "relevance": 0.6, "explanation": "ok"}'), inp)


def test_the_runner_without_a_judge_has_no_judge_metrics() -> None:
    result = run_eval(CASES, answer_fn)
    assert all(not JUDGE_KEYS & set(m) for m in result.metrics.values())
    assert all(not JUDGE_KEYS & set(c["scores"]) for c in result.cases)


def test_the_runner_with_a_judge_adds_the_metrics_and_survives_a_failing_judge() -> None:
    seen: list[JudgeInput] = []

    def judge(inp: JudgeInput) -> JudgeScore:
        seen.append(inp)
        return fake_judge(inp)

    result = run_eval(CASES, answer_fn, k=1, judge=judge)
    by_id = {c["id"]: c for c in result.cases}
    assert len(result.cases) == 4
    good = by_id["j-good"]
    assert (good["scores"]["judge_faithfulness"], good["scores"]["judge_relevance"]) == (0.8, 0.6)
    assert good["judge_explanation"] == "ok" and good["judge_error"] is None
    failed = by_id["j-judge-fails"]
    assert failed["scores"]["judge_faithfulness"] is None and failed["scores"]["judge_relevance"] is None
    assert failed["judge_error"] == "TimeoutError: judge timed out" and failed["error"] is None
    refused = by_id["j-refuse"]
    assert (refused["scores"]["judge_faithfulness"], refused["scores"]["judge_relevance"]) == (1.0, None)
    crashed = by_id["j-crash"]  # the answer failed: not sent to the judge
    assert crashed["scores"]["judge_faithfulness"] is None and crashed["error"]
    assert [i.question for i in seen] == [c.question for c in CASES[:3]]
    assert seen[0].passages == [PASSAGE]  # the first k retrieved passages
    assert seen[2].language == "en" and seen[2].refused

    overall = result.metrics["all"]
    assert overall["judge_faithfulness"] == pytest.approx(0.9) and overall["judge_relevance"] == 0.6
    assert overall["judge_faithfulness_cases"] == 2 and overall["judge_relevance_cases"] == 1
    assert result.metrics["dev"]["judge_faithfulness"] is None
    assert result.metrics["test"]["judge_faithfulness"] == pytest.approx(0.9)
    json.dumps(result.to_dict())  # still serialisable


def test_make_judge_uses_the_model() -> None:
    judge = make_judge(scripted('{"faithfulness": 0.5, "relevance": 0.5, "explanation": "half"}'))
    assert judge(INP) == JudgeScore(0.5, 0.5, "half")


def test_cli_judge_without_an_llm_fails_before_loading_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot.components
    from bot.cli import main

    def no_components(*args: object, **kwargs: object) -> None:
        raise AssertionError("the components (model, index) must not be built")

    for name in ("WIJZER_LLM", "WIJZER_LLM_MODE", "WIJZER_PROFILES", "WIJZER_SETTINGS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WIJZER_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(bot.components, "Components", no_components)
    cases = tmp_path / "one.jsonl"
    cases.write_text(
        json.dumps({"id": "c1", "question": "Wat is een burgercollectief?"}) + "\n", encoding="utf-8"
    )
    assert main(["eval", "--judge", "--cases", str(cases), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--judge" in err and "llm.mode is 'none'" in err and "WIJZER_LLM" in err

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from evals.cases import CaseLoadError, EvalCase, load_cases

CASES_DIR = Path(__file__).resolve().parents[2] / "evals" / "cases"
GOOD = {
    "id": "a",
    "question": "Wat is een coöperatie?",
    "expected_sources": ["x"],
    "key_points": [["y"]],
    "should_refuse": False,
}


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# held out: never tuned on (test was written with the cases; the unseen sets later, by writers who had seen
# neither the retrieval code nor the other cases); the quality gate runs these
HELD_OUT = (
    "test",
    "unseen",
    "unseen2",
    "unseen3",
    "unseen4",
    "unseen5",
    "unseen6",
    "unseen7",
    "unseen8",
    "unseen9",
    "unseen10",
    "unseen11",
    "unseen12",
    "unseen13",
    "unseen14",
    "unseen15",
    "unseen16",
    "unseen17",
    "unseen18",
    "unseen19",
    "unseen20",
    "unseen21",
    "unseen22",
    "unseen23",
    "unseen24",
    "unseen25",
    "unseen26",
    "unseen27",
    "unseen28",
    "unseen29",
)
SPLITS = (
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev16",
    "dev17",
    "dev18",
    "dev19",
    "dev20",
    "dev21",
    "dev22",
    "dev23",
    "dev24",
    "dev25",
    "dev26",
    "dev27",
    "dev28",
    "dev29",
    *HELD_OUT,
)


def test_real_case_directory_loads_all_2399_cases_with_splits() -> None:
    cases = load_cases(CASES_DIR)
    assert len(cases) == 2399
    assert {c.split for c in cases} == set(SPLITS)
    sizes = {split: sum(c.split == split for c in cases) for split in SPLITS}
    assert sizes == {
        "dev": 47, "dev2": 60, "dev3": 16, "dev4": 19, "dev5": 50, "dev6": 40, "dev7": 40, "dev8": 40, "dev9": 40, "dev10": 40, "dev11": 40, "dev12": 40, "dev13": 40, "dev14": 40, "dev15": 40, "dev16": 40, "dev17": 40, "dev18": 40, "dev19": 40, "dev20": 40, "dev21": 40, "dev22": 40, "dev23": 40, "dev24": 40, "dev25": 40, "dev26": 40, "dev27": 40, "dev28": 40, "dev29": 40, "test": 47, "unseen": 40, "unseen2": 50,
        "unseen3": 50, "unseen4": 50, "unseen5": 50, "unseen6": 40, "unseen7": 40, "unseen8": 40, "unseen9": 40,
        "unseen10": 40,
        "unseen11": 40,
        "unseen12": 40,
        "unseen13": 40,
        "unseen14": 40,
        "unseen15": 40,
        "unseen16": 40,
        "unseen17": 40,
        "unseen18": 40,
        "unseen19": 40,
        "unseen20": 40,
        "unseen21": 40,
        "unseen22": 40,
        "unseen23": 40,
        "unseen24": 40,
        "unseen25": 40,
        "unseen26": 40,
        "unseen27": 40,
        "unseen28": 40,
        "unseen29": 40,
    }  # fmt: skip
    assert len({c.id for c in cases}) == 2399
    assert any(c.history for c in cases) and any(c.should_refuse for c in cases)


def test_single_file_split_is_its_stem() -> None:
    cases = load_cases(CASES_DIR / "dev.jsonl")
    assert len(cases) == 47 and {c.split for c in cases} == {"dev"}


def test_broken_json_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.jsonl", json.dumps(GOOD), '{"id": "b", "question": ')
    with pytest.raises(CaseLoadError, match=r"broken\.jsonl:2: invalid JSON"):
        load_cases(path)


def test_schema_error_names_file_line_and_field(tmp_path: Path) -> None:
    bad = {**GOOD, "id": "b", "should_refuse": "maybe", "surprise": 1}
    _write(tmp_path / "dev.jsonl", "", json.dumps(GOOD), json.dumps(bad))
    with pytest.raises(CaseLoadError) as info:
        load_cases(tmp_path)
    message = str(info.value)
    assert "dev.jsonl:3" in message and "'b'" in message
    assert "should_refuse" in message and "surprise" in message


def test_translated_sources_are_optional_and_never_blank(tmp_path: Path) -> None:
    assert load_cases(_write(tmp_path / "dev.jsonl", json.dumps(GOOD)))[0].translated_sources == []
    bad = {**GOOD, "translated_sources": [" "]}
    with pytest.raises(CaseLoadError, match="translated_sources"):
        load_cases(_write(tmp_path / "dev2.jsonl", json.dumps(bad)))


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    _write(tmp_path / "dev.jsonl", json.dumps(GOOD))
    _write(tmp_path / "test.jsonl", json.dumps(GOOD))
    with pytest.raises(CaseLoadError, match=r"test\.jsonl:1: duplicate case id 'a'"):
        load_cases(tmp_path)


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_cases(tmp_path / "nope.jsonl")
    with pytest.raises(CaseLoadError, match=r"no \*\.jsonl"):
        load_cases(tmp_path)


def test_model_is_strict() -> None:
    with pytest.raises(ValidationError):
        EvalCase.model_validate({**GOOD, "persona": "burgemeester"})
    with pytest.raises(ValidationError):
        EvalCase.model_validate({**GOOD, "key_points": [[]]})
    with pytest.raises(ValidationError):
        EvalCase.model_validate({**GOOD, "history": [{"role": "system", "content": "x"}]})
    case = EvalCase.model_validate(GOOD)
    assert case.split == "default" and case.with_split("dev").split == "dev"
    assert case.history == [] and case.persona is None

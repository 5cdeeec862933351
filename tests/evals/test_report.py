from pathlib import Path
from typing import Any

import pytest

from evals.report import render_markdown, write_report
from evals.runner import EvalResult, run_eval
from evals.svg import bin_counts, histogram
from tests.evals.helpers import answer, case, citation, passage

EVIL = "<script>alert('x')</script>"
TEXT = f"Burgercollectieven zijn hybride organisaties {EVIL} tussen markt en overheid."
CASES = [
    case(
        "r-hybride",
        "Hoe worden burgercollectieven getypeerd?",
        expected_sources=["hybride organisaties"],
        key_points=[["hybride"]],
    ),
    case("r-refuse", "Wat voor weer wordt het morgen?", should_refuse=True, split="dev"),
    case("r-evil", f"Wat doet {EVIL}?", expected_sources=["tussen markt"], key_points=[["markt"]]),
]


def good(question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
    if "weer" in question:
        return answer("Dat weet ik niet op basis van de bronnen.", refused=True)
    cited = citation(1, TEXT) | {"title": f"Essay {EVIL}", "article": "18a"}
    return answer(
        f"Het zijn hybride organisaties tussen markt en overheid {EVIL} [1].",
        citations=[cited],
        retrieved=[passage(TEXT)],
    )


def worse(question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
    if "weer" in question:
        return answer("Morgen wordt het zonnig.")  # answers what it should refuse
    if "getypeerd" in question:
        return answer("Geen idee.", retrieved=[passage("Iets anders.")])
    raise ValueError(f"kapot {EVIL}")


@pytest.fixture(scope="module")
def results() -> tuple[EvalResult, EvalResult]:
    return run_eval(CASES, good), run_eval(CASES, worse)


def test_report_files_exist_and_name_every_case(
    results: tuple[EvalResult, EvalResult], tmp_path: Path
) -> None:
    current, _ = results
    md, html = write_report(current, tmp_path / "report")
    assert md.name == "report.md" and html.name == "report.html"
    md_text, html_text = md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")
    for case_ in CASES:
        assert case_.id in md_text and case_.id in html_text
    assert "Key-point coverage" in md_text and "| Metric | Value |" in md_text
    assert "<svg" in html_text and "<table" in html_text
    assert "Essay &lt;script&gt;" in html_text and "art. 18a" in html_text


def test_html_is_escaped_and_self_contained(results: tuple[EvalResult, EvalResult], tmp_path: Path) -> None:
    current, baseline = results
    _, html = write_report(baseline, tmp_path, baseline=current)  # error message holds EVIL too
    text = html.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    for external in ("http://", "https://", "<link", "@import", "src="):
        assert external not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_markdown_has_no_raw_html(results: tuple[EvalResult, EvalResult]) -> None:
    _, worse_result = results
    text = render_markdown(worse_result)
    assert "<script" not in text and "kapot &lt;script&gt;" in text


def test_baseline_diff(results: tuple[EvalResult, EvalResult], tmp_path: Path) -> None:
    current, baseline = results
    md, html = write_report(current, tmp_path, baseline=baseline.to_dict())
    md_text, html_text = md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")
    assert "| Metric | Value | Baseline | Δ |" in md_text
    assert "▲ +1.000" in md_text  # e.g. hit@5 went from 0 to 1
    assert "Improved (6)" in md_text and "Regressed (0)" in md_text
    assert "`r-hybride` (test): hit@5 0.000 → 1.000" in md_text
    assert "`r-refuse` (dev): refusal_correct 0.000 → 1.000" in md_text
    assert "Changes against the baseline" in html_text and "Improved (6)" in html_text
    assert "delta better" in html_text

    _, reverse = write_report(baseline, tmp_path / "rev", baseline=current)
    reverse_text = reverse.read_text(encoding="utf-8")
    assert "Regressed (6)" in reverse_text and "delta worse" in reverse_text and "▼" in reverse_text


def test_histogram_bins() -> None:
    assert bin_counts([0.0, 0.05, 0.5, 1.0, 1.0], 0.0, 1.0, 10) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]
    svg = histogram([], "Leeg <b>")
    assert svg.startswith("<svg") and "Leeg &lt;b&gt;" in svg and "n = 0" in svg

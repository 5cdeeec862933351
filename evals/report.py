"""Write an evaluation result as ``report.md`` and a self-contained ``report.html``.

With a baseline (an earlier result, as dict or ``EvalResult``) every summary metric gets a delta
(▲/▼) and the cases whose key-point coverage, hit@k or refusal decision changed are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evals.compare import (
    CaseDiff,
    case_score_columns,
    diff_cases,
    format_delta,
    format_score,
    format_value,
    metric_delta,
    ordered_splits,
    plural,
    summary_metrics,
)
from evals.report_html import render_html
from evals.runner import OVERALL, EvalResult

ResultLike = EvalResult | Mapping[str, Any]


def as_result_dict(result: ResultLike) -> dict[str, Any]:
    return result.to_dict() if isinstance(result, EvalResult) else dict(result)


def _md_cell(value: Any) -> str:
    """Table-safe text: no raw HTML, no pipes, no line breaks."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_meta(result: Mapping[str, Any], baseline: Mapping[str, Any] | None) -> list[str]:
    meta = result.get("meta", {})
    lines = [
        f"- Cases: {meta.get('n_cases', len(result.get('cases', [])))}"
        f" (splits: {', '.join(meta.get('splits', [])) or 'n/a'});"
        f" retrieval depth k = {meta.get('k', 'n/a')}",
        f"- Corpus version: {', '.join(meta.get('corpus_versions', [])) or 'n/a'}",
        f"- Started: {meta.get('started_at', 'n/a')}; duration {meta.get('duration_s', 'n/a')} s",
    ]
    if baseline is not None:
        base_meta = baseline.get("meta", {})
        lines.append(
            f"- Baseline: started {base_meta.get('started_at', 'n/a')}, corpus "
            f"{', '.join(base_meta.get('corpus_versions', [])) or 'n/a'}"
        )
    return [_md_cell(line) for line in lines]


def _md_summary(metrics: Mapping[str, Any], baseline: Mapping[str, Any] | None) -> list[str]:
    lines: list[str] = []
    base_metrics = (baseline or {}).get("metrics", {})
    for split in ordered_splits(metrics, OVERALL):
        current = metrics[split]
        base = base_metrics.get(split) if baseline is not None else None
        title = "all splits" if split == OVERALL else f"split `{split}`"
        lines += ["", f"## Summary — {_md_cell(title)}", ""]
        lines.append(
            f"{plural(current.get('n_cases', 0), 'case')}, {plural(current.get('n_errors', 0), 'error')}."
        )
        lines.append("")
        if baseline is not None:
            lines += ["| Metric | Value | Baseline | Δ |", "|---|---:|---:|---:|"]
        else:
            lines += ["| Metric | Value |", "|---|---:|"]
        for info in summary_metrics(current):
            label = info.label + ("" if info.higher_is_better else " (lower is better)")
            value = format_value(current.get(info.key), info.unit)
            if baseline is not None:
                delta = metric_delta(current, base, info.key)
                base_value = format_value((base or {}).get(info.key), info.unit)
                lines.append(f"| {label} | {value} | {base_value} | {format_delta(delta, info.unit)} |")
            else:
                lines.append(f"| {label} | {value} |")
    return lines


def _md_changes(diff: CaseDiff) -> list[str]:
    lines = ["", "## Changes against the baseline", ""]
    for title, changes in (("Regressed", diff.regressed), ("Improved", diff.improved)):
        lines.append(f"### {title} ({len(changes)})")
        lines.append("")
        lines += [
            f"- `{_md_cell(c.case_id)}` ({_md_cell(c.split)}): {c.metric} {c.baseline:.3f} → {c.current:.3f}"
            for c in changes
        ] or ["- none"]
        lines.append("")
    if diff.new_cases:
        new = ", ".join(f"`{_md_cell(c)}`" for c in diff.new_cases)
        lines.append(f"New cases (not in the baseline): {new}")
    if diff.dropped_cases:
        dropped = ", ".join(f"`{_md_cell(c)}`" for c in diff.dropped_cases)
        lines.append(f"Cases only in the baseline: {dropped}")
    return lines


def _md_cases(cases: list[Mapping[str, Any]]) -> list[str]:
    columns = case_score_columns(cases)
    header = ["Case", "Split", *(title for _, title in columns), "Latency", "Error"]
    lines = ["", "## Cases", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for case in cases:
        scores = case.get("scores", {})
        cells = [f"`{_md_cell(case['id'])}`", _md_cell(case.get("split", ""))]
        cells += [format_score(scores.get(key)) for key, _ in columns]
        cells.append(format_value(case.get("latency_ms"), "ms"))
        cells.append(_md_cell(case.get("error") or ""))
        lines.append("| " + " | ".join(cells) + " |")
    missed = [c for c in cases if c.get("missed_key_points")]
    if missed:
        lines += ["", "## Missed key points", ""]
        for case in missed:
            points = "; ".join(" / ".join(point) for point in case["missed_key_points"])
            lines.append(f"- `{_md_cell(case['id'])}`: {_md_cell(points)}")
    return lines


def render_markdown(result: ResultLike, baseline: ResultLike | None = None) -> str:
    data = as_result_dict(result)
    base = as_result_dict(baseline) if baseline is not None else None
    lines = ["# Wijzer evaluation report", "", *_md_meta(data, base)]
    lines += _md_summary(data["metrics"], base)
    if base is not None:
        lines += _md_changes(diff_cases(data["cases"], base.get("cases", [])))
    lines += _md_cases(data["cases"])
    return "\n".join(lines) + "\n"


def write_report(result: ResultLike, out_dir: Path, baseline: ResultLike | None = None) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` into ``out_dir`` (created); returns both paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = as_result_dict(result)
    base = as_result_dict(baseline) if baseline is not None else None
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(render_markdown(data, base), encoding="utf-8")
    html_path.write_text(render_html(data, base), encoding="utf-8")
    return md_path, html_path

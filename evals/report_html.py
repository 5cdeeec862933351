"""The self-contained HTML report: inline CSS and SVG, no scripts, fonts or links to fetch.

Every piece of text that comes from a case, an answer or a passage goes through ``_e`` (HTML
escaping, quotes included): answers and passages may contain markup such as ``<script>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from evals.compare import (
    EPSILON,
    CaseDiff,
    as_number,
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
from evals.runner import OVERALL
from evals.svg import PassFail, histogram, pass_fail_bars

PASSAGE_CHARS = 600  # retrieved passages are cut to this length in the report

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#222;
  line-height:1.4;font-size:14px}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#f4f4f4;position:sticky;top:0}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.good{background:#e3f4e4;color:#1b5e20}.bad{background:#fbe3e3;color:#8e1b1b}
.mid{background:#fff4d6;color:#6d4c00}.na{color:#999}
.delta{display:block;font-size:.8em}.better{color:#1b5e20}.worse{color:#b71c1c}.same{color:#777}
.answer{white-space:pre-wrap;max-width:42rem;min-width:16rem}.question{max-width:22rem}
.badge{display:inline-block;padding:0 .35rem;border-radius:3px;font-size:.75em;background:#555;color:#fff}
.badge.refused{background:#6a1b9a}.badge.failed{background:#c62828}
.error{color:#b71c1c;font-family:monospace;white-space:pre-wrap}
.meta{color:#555}.small{font-size:.85em;color:#555}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart{background:#fafafa;border:1px solid #eee}
.chart-title{font-size:12px;font-weight:600}.chart-axis{font-size:10px;fill:#444}
.chart-count{font-size:10px;fill:#222}.chart-bar{font-size:10px;fill:#fff}
details summary{cursor:pointer;color:#1a4d8f}
ul.tight{margin:0;padding-left:1.1rem}
.passage{white-space:pre-wrap;font-size:.85em;background:#f7f7f7;padding:.3rem;margin:.2rem 0}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _score_class(value: Any) -> str:
    number = as_number(value)
    if number is None:
        return "na"
    if number >= 1 - EPSILON:
        return "good"
    if number <= EPSILON:
        return "bad"
    return "mid"


def _meta(result: Mapping[str, Any], baseline: Mapping[str, Any] | None) -> str:
    meta = result.get("meta", {})
    items = [
        f"{_e(meta.get('n_cases', len(result.get('cases', []))))} cases",
        f"splits: {_e(', '.join(meta.get('splits', [])) or 'n/a')}",
        f"k = {_e(meta.get('k', 'n/a'))}",
        f"corpus: {_e(', '.join(meta.get('corpus_versions', [])) or 'n/a')}",
        f"started {_e(meta.get('started_at', 'n/a'))}, {_e(meta.get('duration_s', 'n/a'))} s",
    ]
    if baseline is not None:
        base = baseline.get("meta", {})
        items.append(f"baseline: started {_e(base.get('started_at', 'n/a'))}")
    return f'<p class="meta">{" · ".join(items)}</p>'


def _summary(metrics: Mapping[str, Any], baseline: Mapping[str, Any] | None) -> str:
    splits = ordered_splits(metrics, OVERALL)
    base_metrics = (baseline or {}).get("metrics", {})
    rows = summary_metrics(metrics.get(OVERALL, next(iter(metrics.values()), {})))
    head = "".join(
        f"<th>{_e(s)}<br><span class='small'>{_e(plural(metrics[s].get('n_cases', 0), 'case'))}, "
        f"{_e(plural(metrics[s].get('n_errors', 0), 'error'))}</span></th>"
        for s in splits
    )
    body = []
    for info in rows:
        cells = []
        for split in splits:
            current = metrics[split]
            value = current.get(info.key)
            css = _score_class(value) if not info.unit and info.higher_is_better else ""
            cell = _e(format_value(value, info.unit))
            if baseline is not None:
                delta = metric_delta(current, base_metrics.get(split), info.key)
                verdict = delta.verdict(info.higher_is_better)
                base_text = format_value(base_metrics.get(split, {}).get(info.key), info.unit)
                cell += (
                    f'<span class="delta {verdict}" title="baseline {_e(base_text)}">'
                    f"{_e(format_delta(delta, info.unit) or 'no baseline')}</span>"
                )
            cells.append(f'<td class="num {css}">{cell}</td>')
        direction = "" if info.higher_is_better else " <span class='small'>(lower is better)</span>"
        body.append(f"<tr><th>{_e(info.label)}{direction}</th>{''.join(cells)}</tr>")
    return f"<h2>Summary</h2><table><tr><th>Metric</th>{head}</tr>{''.join(body)}</table>"


def _charts(cases: Sequence[Mapping[str, Any]]) -> str:
    def values(key: str) -> list[float]:
        found = (as_number(c.get("scores", {}).get(key)) for c in cases)
        return [v for v in found if v is not None]

    columns = case_score_columns(cases)
    hist_keys = [
        ("mrr", "MRR"),
        ("key_point_coverage", "Key-point coverage"),
        ("citation_validity", "Citation validity"),
        ("grounding", "Grounding"),
    ]
    charts = [histogram(values(key), f"{title} per case") for key, title in hist_keys]
    latencies = [v for v in (as_number(c.get("latency_ms")) for c in cases) if v is not None]
    charts.append(histogram(latencies, "Latency per case", hi=None, unit="ms"))
    binary = [(key, title) for key, title in columns if key.startswith("hit@")] + [
        ("refusal_correct", "Refusal correct"),
        ("numbers_ok", "Numbers ok"),
        ("language_match", "Language match"),
    ]
    rows = []
    for key, title in binary:
        found = [as_number(c.get("scores", {}).get(key)) for c in cases]
        rows.append(
            PassFail(
                title,
                passed=sum(v is not None and v >= 1 - EPSILON for v in found),
                failed=sum(v is not None and v < 1 - EPSILON for v in found),
                missing=sum(v is None for v in found),
            )
        )
    charts.append(pass_fail_bars(rows, "Pass / fail per case"))
    return "<h2>Distributions</h2><div class='charts'>" + "".join(charts) + "</div>"


def _changes(diff: CaseDiff) -> str:
    parts = ["<h2>Changes against the baseline</h2>"]
    groups = (("Regressed", diff.regressed, "worse"), ("Improved", diff.improved, "better"))
    for title, changes, css in groups:
        parts.append(f"<h3 class='{css}'>{title} ({len(changes)})</h3>")
        if not changes:
            parts.append("<p class='small'>none</p>")
            continue
        rows = "".join(
            f"<tr><td><a href='#case-{_e(c.case_id)}'>{_e(c.case_id)}</a></td><td>{_e(c.split)}</td>"
            f"<td>{_e(c.metric)}</td><td class='num'>{c.baseline:.3f}</td>"
            f"<td class='num {_score_class(c.current)}'>{c.current:.3f}</td></tr>"
            for c in changes
        )
        parts.append(
            "<table><tr><th>Case</th><th>Split</th><th>Metric</th><th>Baseline</th><th>Now</th></tr>"
            f"{rows}</table>"
        )
    if diff.new_cases:
        parts.append(f"<p class='small'>New cases: {_e(', '.join(diff.new_cases))}</p>")
    if diff.dropped_cases:
        parts.append(f"<p class='small'>Only in the baseline: {_e(', '.join(diff.dropped_cases))}</p>")
    return "".join(parts)


def _citation_label(citation: Mapping[str, Any]) -> str:
    where = []
    if citation.get("page") is not None:
        where.append(f"p. {citation['page']}")
    if citation.get("article"):
        where.append(f"art. {citation['article']}")
    title = citation.get("title") or citation.get("source") or "?"
    suffix = f" ({', '.join(where)})" if where else ""
    return f"[{_e(citation.get('n', '?'))}] {_e(title)}{_e(suffix)}"


def _passages(retrieved: Sequence[Mapping[str, Any]]) -> str:
    if not retrieved:
        return ""
    items = []
    for rank, passage in enumerate(retrieved, start=1):
        text = str(passage.get("text", ""))
        cut = text[:PASSAGE_CHARS] + ("…" if len(text) > PASSAGE_CHARS else "")
        score = as_number(passage.get("score"))
        head = f"{rank}. {passage.get('title') or passage.get('source') or '?'}"
        head += f" p. {passage['page']}" if passage.get("page") is not None else ""
        head += f" art. {passage['article']}" if passage.get("article") else ""
        head += f" — score {score:.3f}" if score is not None else ""
        items.append(f"<div><b>{_e(head)}</b><div class='passage'>{_e(cut)}</div></div>")
    return f"<details><summary>retrieved ({len(retrieved)})</summary>{''.join(items)}</details>"


def _case_row(case: Mapping[str, Any], columns: list[tuple[str, str]]) -> str:
    case_id = str(case.get("id", ""))
    question = f"<div class='question'>{_e(case.get('question'))}</div>"
    extra = []
    if case.get("persona"):
        extra.append(f"persona: {case['persona']}")
    if case.get("history"):
        extra.append(f"{len(case['history'])} earlier turns")
    extra.append("should refuse" if case.get("should_refuse") else "answerable")
    question += f"<div class='small'>{_e(' · '.join(extra))}</div>"

    answer = ""
    if case.get("error"):
        answer += f"<span class='badge failed'>error</span><div class='error'>{_e(case['error'])}</div>"
    if case.get("refused"):
        answer += "<span class='badge refused'>refused</span> "
    answer += f"<div class='answer'>{_e(case.get('answer'))}</div>" + _passages(case.get("retrieved") or [])

    citations = case.get("citations") or []
    cited = "".join(f"<li>{_citation_label(c)}</li>" for c in citations)
    cited_html = f"<ul class='tight'>{cited}</ul>" if cited else "<span class='na'>none</span>"
    missed = case.get("missed_key_points") or []
    missed_items = "".join(f"<li>{_e(' / '.join(p))}</li>" for p in missed)
    missed_html = f"<ul class='tight'>{missed_items}</ul>" if missed else ""

    scores = case.get("scores", {})
    score_cells = "".join(
        f"<td class='num {_score_class(scores.get(key))}'>{_e(format_score(scores.get(key)))}</td>"
        for key, _ in columns
    )
    latency = _e(format_value(case.get("latency_ms"), "ms"))
    return (
        f"<tr id='case-{_e(case_id)}'><td><code>{_e(case_id)}</code></td><td>{_e(case.get('split'))}</td>"
        f"<td>{question}</td><td>{answer}</td><td>{cited_html}</td><td>{missed_html}</td>"
        f"{score_cells}<td class='num'>{latency}</td></tr>"
    )


def _cases(cases: Sequence[Mapping[str, Any]]) -> str:
    columns = case_score_columns(cases)
    head = "".join(f"<th>{_e(title)}</th>" for _, title in columns)
    rows = "".join(_case_row(case, columns) for case in cases)
    return (
        "<h2>Cases</h2><table class='cases'><tr><th>Case</th><th>Split</th><th>Question</th><th>Answer</th>"
        f"<th>Citations</th><th>Missed key points</th>{head}<th>Latency</th></tr>{rows}</table>"
    )


def render_html(result: Mapping[str, Any], baseline: Mapping[str, Any] | None = None) -> str:
    """The whole report as one HTML document (``result`` / ``baseline`` in ``EvalResult.to_dict`` form)."""
    cases = result.get("cases", [])
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Wijzer evaluation report</title><style>{_CSS}</style></head><body>",
        "<h1>Wijzer evaluation report</h1>",
        _meta(result, baseline),
        _summary(result.get("metrics", {}), baseline),
    ]
    if baseline is not None:
        parts.append(_changes(diff_cases(cases, baseline.get("cases", []))))
    parts += [_charts(cases), _cases(cases), "</body></html>"]
    return "\n".join(parts)

import pytest

from evals.metrics.latency import aggregate_latency, percentile


def test_percentiles_and_mean() -> None:
    agg = aggregate_latency([100.0, 200.0, 300.0, 400.0, None, 1000.0])
    assert agg.n == 5
    assert agg.p50_ms == pytest.approx(300.0)
    assert agg.p95_ms == pytest.approx(400 + 0.8 * 600)  # position 3.8 between 400 and 1000
    assert agg.mean_ms == pytest.approx(400.0)
    assert agg.max_ms == 1000.0


def test_single_and_no_values() -> None:
    assert percentile([42.0], 95) == 42.0
    assert aggregate_latency([None]).p50_ms is None
    with pytest.raises(ValueError):
        percentile([], 50)

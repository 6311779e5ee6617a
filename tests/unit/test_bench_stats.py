import pytest

from rehearse.bench.stats import percentile, ratio, summarise


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [10, 1, 4, 3, 2]  # sorted: 1 2 3 4 10
    assert percentile(values, 0) == 1
    assert percentile(values, 50) == 3
    assert percentile(values, 100) == 10
    assert percentile(values, 95) == pytest.approx(8.8)  # 4 + (10 - 4) * 0.8
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)


def test_percentile_rejects_empty_input_and_bad_q():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summarise_reports_count_and_percentiles():
    summary = summarise([float(v) for v in range(1, 101)])
    assert summary["count"] == 100
    assert summary["p50"] == pytest.approx(50.5)
    assert summary["p95"] == pytest.approx(95.05)
    assert summary["max"] == 100
    assert summary["mean"] == pytest.approx(50.5)


def test_summarise_of_nothing_is_all_none():
    assert summarise([]) == {"count": 0, "mean": None, "p50": None, "p95": None, "p99": None, "max": None}


def test_ratio_handles_missing_figures():
    assert ratio(150.0, 100.0) == 1.5
    assert ratio(None, 100.0) is None
    assert ratio(10.0, 0.0) is None

import json

import pytest

from rehearse.bench.report import REQUIRED_KEYS, add_verdicts, format_table, lookup, missing_keys, write_json


def latency(p95, concurrency):
    return {"count": 100, "mean": p95 / 2, "p50": p95 / 2, "p95": p95, "p99": p95 * 1.2, "max": p95 * 2,
            "concurrency": concurrency, "turns_per_s": 9.5, "errors": 0, "unexpected_replies": 0}


@pytest.fixture
def results():
    return {
        "run_id": "abc123", "quick": False,
        "machine": {"nproc": 2, "cpu_model": "Test CPU", "memory_total_mb": 24000, "python": "3.10.13", "rasa": "3.6.21"},
        "baseline": {"c1": latency(40.0, 1), "c20": latency(400.0, 20), "init_s": 60.0, "cold_start_s": 20.0, "memory_mb": 700.0},
        "rehearse": {"c1": latency(48.0, 1), "c20": latency(520.0, 20), "cold_start_s": 30.0},
        "ratio_p95": {"c1": 1.2, "c20": 1.3},
        "ratio_p50": {"c1": 1.2, "c20": 1.3},
        "soak": {"concurrency": 50, "duration_s": 120.0, "turns_sent": 1000, "turns_stored": 1000, "lost_turns": 0, "extra_turns": 0, "lost_answered_turns": 0,
                 "turns_per_s": 8.3, "errors": 0, "error_kinds": {"timeout": 0}, "unexpected_replies": 0,
                 "p95": 3000.0, "database": "sqlite", "generator_cpu_share": 0.04},
        "risk_ms": {"count": 400, "median": 0.4, "p50": 0.4, "p95": 0.9},
        "analysis_ms": {"count": 400, "median": 4.0, "p50": 4.0, "p95": 8.0},
        "train_s": 250.0, "train_mode": "full (--force)",
        "memory": {"peak_total_mb": 2100.0, "peak_mb": {"rasa": 1200.0, "actions": 600.0, "portal": 300.0}},
        "memory_mb": 2100.0,
    }


def test_lookup_follows_dotted_paths(results):
    assert lookup(results, "baseline.c20.p95") == 400.0
    with pytest.raises(KeyError):
        lookup(results, "baseline.c5.p95")


def test_missing_keys_names_every_required_key_not_present(results):
    assert missing_keys(results) == []
    del results["soak"]["lost_turns"]
    del results["machine"]
    assert "soak.lost_turns" in missing_keys(results)
    assert "machine.nproc" in missing_keys(results)


def test_verdicts_compare_each_figure_with_its_limit(results):
    targets = add_verdicts(results)["targets"]
    assert targets["ratio_p95.c1"]["verdict"] == "met"
    assert targets["ratio_p95.c20"]["verdict"] == "MISSED"
    assert targets["train_s"] == {"limit": 240.0, "value": 250.0, "verdict": "MISSED"}
    assert targets["soak.lost_turns"]["verdict"] == "met"


def test_a_cached_training_time_is_not_judged_against_the_full_training_target(results):
    results["quick"] = True
    assert add_verdicts(results)["targets"]["train_s"]["verdict"] == "n/a (cached)"


def test_the_table_shows_the_figures_the_ratios_and_the_missed_targets(results):
    table = format_table(add_verdicts(results))
    assert "2 cores, Test CPU" in table
    baseline_c20 = next(line for line in table.splitlines() if line.startswith("baseline") and " 20 " in line)
    assert "400.0" in baseline_c20
    assert "p95 c20 1.30x" in table
    assert "1000 turns sent, 1000 user turns stored, 0 lost (0 of them answered in role-play), 0 stored that were never sent" in table
    missed = [line for line in table.splitlines() if line.endswith("MISSED")]
    assert len(missed) == 2 and any("20 sessions" in line for line in missed)


def test_json_output_has_every_required_key_nested(results, tmp_path):
    path = tmp_path / "out" / "bench.json"
    write_json(results, path)
    data = json.loads(path.read_text())
    assert data["baseline"]["c1"]["p95"] == 40.0
    assert all(lookup(data, key) is not None for key in REQUIRED_KEYS)

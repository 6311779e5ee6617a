import sys

import pytest

from rehearse.bench.services import Service, ServiceFailed
from rehearse.bench.stacks import with_option


def test_with_option_replaces_or_appends_an_option_value():
    command = ["rasa", "run", "--model", "models", "--port", "5005"]
    assert with_option(command, "--model", "/tmp/m.tar.gz") == ["rasa", "run", "--model", "/tmp/m.tar.gz", "--port", "5005"]
    assert with_option(["rasa", "run"], "--model", "x") == ["rasa", "run", "--model", "x"]


def test_a_service_fails_fast_when_it_exits_or_logs_a_fatal_line(tmp_path):
    exits = Service("quits", [sys.executable, "-c", "raise SystemExit(3)"], tmp_path, {}, tmp_path / "quits.log").start()
    with pytest.raises(ServiceFailed, match="status 3"):
        exits.wait_until(lambda: False, timeout=30)

    script = "import sys, time; print('Could not load model', flush=True); time.sleep(30)"
    stuck = Service("stuck", [sys.executable, "-c", script], tmp_path, {}, tmp_path / "stuck.log").start()
    try:
        with pytest.raises(ServiceFailed, match="Could not load model"):
            stuck.wait_until(lambda: False, timeout=20, fatal_log_line="Could not load model")
    finally:
        stuck.stop(grace_s=5)
    assert stuck.process.poll() is not None


def test_wait_until_returns_the_seconds_since_start(tmp_path):
    service = Service("sleeps", [sys.executable, "-c", "import time; time.sleep(10)"], tmp_path, {}, tmp_path / "s.log").start()
    try:
        calls = []
        elapsed = service.wait_until(lambda: calls.append(1) or len(calls) >= 3, timeout=10, poll_s=0.05)
        assert 0.09 <= elapsed < 5
    finally:
        service.stop(grace_s=5)

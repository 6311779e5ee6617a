import os
import subprocess
import sys
import time

from rehearse.bench.memory import PeakMemorySampler, descendants, rss_kb, tree_rss_mb


def fake_proc(tmp_path, processes):
    """A /proc with `stat` and `status` files for {pid: (parent, rss_kb, command name)}."""
    for pid, (parent, rss, name) in processes.items():
        folder = tmp_path / str(pid)
        folder.mkdir()
        (folder / "stat").write_text(f"{pid} ({name}) S {parent} 1 1 0 -1\n")
        (folder / "status").write_text(f"Name:\t{name}\nVmRSS:\t{rss} kB\n")
    (tmp_path / "self").mkdir()
    return tmp_path


def test_descendants_walks_the_whole_tree_and_nothing_else():
    parents = {1: 0, 10: 1, 11: 10, 12: 11, 20: 1, 21: 20}
    assert descendants(10, parents) == {10, 11, 12}
    assert descendants(21, parents) == {21}


def test_tree_rss_sums_a_process_and_its_children(tmp_path):
    proc = fake_proc(tmp_path, {
        1: (0, 1000, "init"),
        100: (1, 2048, "rasa run"),  # a command name with a space
        101: (100, 1024, "worker) x"),  # and one with a parenthesis
        200: (1, 512, "portal"),
    })
    sizes = tree_rss_mb([100, 200], proc)
    assert sizes == {100: 3.0, 200: 0.5}
    assert rss_kb(999, proc) == 0


def test_sampler_keeps_the_peak_of_the_sum(tmp_path):
    proc = fake_proc(tmp_path, {100: (1, 1024, "a"), 200: (1, 2048, "b")})
    sampler = PeakMemorySampler({"a": 100, "b": 200}, proc=proc)
    sampler.sample()
    (proc / "100" / "status").write_text("VmRSS:\t4096 kB\n")
    sampler.sample()
    (proc / "100" / "status").write_text("VmRSS:\t1024 kB\n")
    sampler.sample()
    assert sampler.result() == {"peak_total_mb": 6.0, "peak_mb": {"a": 4.0, "b": 2.0}, "samples": 3}


def test_sampler_sees_a_real_child_process():
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; block = bytearray(60 * 1024 * 1024); time.sleep(3)"]
    )
    try:
        time.sleep(1.0)
        with PeakMemorySampler({"me": os.getpid()}, interval_s=0.05) as sampler:
            time.sleep(0.2)
        assert sampler.result()["peak_mb"]["me"] > 60
    finally:
        child.kill()
        child.wait()

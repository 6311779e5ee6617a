from rehearse.bench.transcripts import compare_turns, stored_user_lines
from rehearse.storage.transcripts import TranscriptStore


def play(store, sender, lines):
    store.register_consent(sender)
    session_id = store.start_session(sender, "boundaries-mother-holidays-at-home", mood_before=5)
    store.record_turn(session_id, 1, "counterpart", "Helen: opening")
    for n, line in enumerate(lines):
        store.record_turn(session_id, 2 + 2 * n, "user", line)
        store.record_turn(session_id, 3 + 2 * n, "counterpart", f"reply {n}")


def test_user_lines_of_senders_with_the_prefix_are_read_in_order(migrated_url):
    store = TranscriptStore(migrated_url)
    play(store, "bench-r1-soak-0-0", ["a", "b", "c"])
    play(store, "bench-r1-soak-1-0", ["d"])
    play(store, "bench-r1-c20-0-0", ["e"])
    play(store, "bench-r1xsoak-0-0", ["f"])  # `_` and `%` in a prefix are literal, not LIKE wildcards
    assert stored_user_lines(migrated_url, "bench-r1-soak-") == {
        "bench-r1-soak-0-0": ["a", "b", "c"],
        "bench-r1-soak-1-0": ["d"],
    }
    assert stored_user_lines(migrated_url, "bench_r1") == {}


def test_compare_turns_counts_lost_and_unsent_turns_per_sender():
    sent = {"s1": ["a", "b", "b"], "s2": ["c"], "s3": ["d"]}
    stored = {"s1": ["None", "a", "b"], "s2": ["c"], "s4": ["x"]}
    assert compare_turns(sent, stored) == (2, 2)  # lost: one "b" of s1, s3's "d"; extra: "None", s4's "x"
    assert compare_turns(sent, sent) == (0, 0)

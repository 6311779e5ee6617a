"""The second layer of the risk detector: it only adds hits, explains them, and trains reproducibly."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearse.risk.detector import (
    DATA_DIR,
    RiskDetector,
    detect,
    get_detector,
    load_lexicon,
    load_model_config,
    load_rules,
    load_training,
)

DATA = Path(__file__).resolve().parents[1] / "data"

# Written for these tests: indirect statements that no rule matches and that are not training phrases.
INDIRECT_RISK = [
    "honestly my housemates would adjust quickly if i wasn't here anymore",
    "i've been wishing i could just go to sleep and stay that way",
    "my sister can have my bike and my records, i won't be needing them",
]
LEFT_ALONE = [
    "this report is killing me slowly lol",
    "my laptop finally died after ten years",
    "the episode where the villain dies made me cry",
    "I will never hurt myself again, I'm in a good place now",
    "I'm so angry with you for missing dinner again",
    "I took some paracetamol for my sore throat",
    "my grandad passed away in spring and we planted a rose for him",
    "can we practise the talk with my landlord about the deposit?",
]


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", "", text.lower().replace("\u2019", "'")).split())


def _eval_texts():
    rows = []
    for path in sorted(DATA.glob("risk_*.jsonl")):
        rows += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


@pytest.mark.parametrize("text", INDIRECT_RISK)
def test_model_catches_indirect_statements_the_rules_miss(text: str) -> None:
    assert not detect(text, use_model=False).risk, "a rule catches this; the test would not exercise the model"
    result = detect(text)
    assert result.risk, text
    assert result.rule == f"model:{result.category}"
    assert text[result.start:result.end] == result.span and result.span.strip()


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_model_leaves_idioms_and_hard_negatives_alone(text: str) -> None:
    assert not detect(text).risk, (text, detect(text))


def test_model_only_adds_hits_and_never_changes_a_rule_hit() -> None:
    added = 0
    for text in _eval_texts():
        rules = detect(text, use_model=False)
        full = detect(text)
        if rules.risk:
            assert full == rules, text
        elif full.risk:
            added += 1
            assert full.rule.startswith("model:"), text
            assert text[full.start:full.end] == full.span, text
    assert added > 0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_with_or_without_model_never_raises_and_rule_hits_are_kept(text: str) -> None:
    rules = detect(text, use_model=False)
    full = detect(text)
    if rules.risk:
        assert full == rules
    if full.risk:
        assert text[full.start:full.end] == full.span


def test_detection_is_deterministic() -> None:
    texts = INDIRECT_RISK + LEFT_ALONE
    assert [detect(text) for text in texts] == [detect(text) for text in texts]


def test_training_is_reproducible_and_fast() -> None:
    """Building the detector (rules, and the model trained at first use) takes about 3 s for 6,200 phrases
    here; the bound catches a featuriser gone quadratic, with room for a busy 2-core CI machine."""
    detector = get_detector()
    started = time.perf_counter()
    retrained = RiskDetector(load_lexicon(), load_rules(), load_training(), load_model_config())
    assert time.perf_counter() - started < 6.0
    for text in INDIRECT_RISK + LEFT_ALONE:
        assert retrained.model_probability(text) == detector.model_probability(text)
        assert retrained.detect(text) == detector.detect(text)


def test_rules_only_detector_has_no_model() -> None:
    detector = RiskDetector(load_lexicon(), load_rules())
    assert detector.model is None
    assert not detector.detect(INDIRECT_RISK[0]).risk
    with pytest.raises(ValueError):
        detector.model_probability("hello")


def test_training_phrases_never_repeat_evaluation_rows() -> None:
    training = load_training()
    phrases = {_key(p) for group in (training.risk, training.safe) for ps in group.values() for p in ps}
    overlap = phrases & {_key(text) for text in _eval_texts()}
    assert not overlap


def test_training_file_and_config_live_in_the_fingerprinted_data_folder() -> None:
    assert (DATA_DIR / "model_training.yaml").is_file() and (DATA_DIR / "model.yaml").is_file()
    assert 0 < load_model_config().threshold < 1


def test_training_set_rejects_a_missing_category() -> None:
    from pydantic import ValidationError

    from rehearse.risk.schema import TrainingSet

    with pytest.raises(ValidationError):
        TrainingSet.parse_obj({"risk": {"suicidal": ["i want out"]}, "safe": {"idiom": ["dead tired"]}})


def test_no_false_alarm_on_unseen_role_play_lines() -> None:
    """The analysis set's test split: role-play lines the model never trained on (its dev split is training
    data). A false alarm here stops someone's practice with a crisis handoff."""
    rows = [json.loads(line) for line in (DATA / "analysis_labelled.jsonl").read_text(encoding="utf-8").splitlines() if line]
    fired = [(row["text"], detect(row["text"]).rule) for row in rows if row["split"] == "test" and detect(row["text"]).risk]
    assert fired == []


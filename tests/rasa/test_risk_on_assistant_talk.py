"""The risk detector never takes what people type to the assistant itself for a disclosure.

Menu answers, consent, descriptions of what to practise, codes, moods, controls and data deletion are said
to the app: a crisis handoff on "yes, delete my data" would stop the practice for nothing. The texts are
the assistant's own NLU examples and button titles, read with Rasa's readers; none is a training phrase
of the detector.
"""
from __future__ import annotations

from typing import List

from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.loading import load_data

from rehearse.risk.detector import detect, get_detector
from rehearse.run import PROJECT_ROOT

RISK_INTENT = "risk_disclosure"


def texts_people_type_to_the_assistant() -> List[str]:
    """Every example of every non-risk intent in data/nlu.yml, and every button title in domain.yml."""
    examples = load_data(str(PROJECT_ROOT / "data" / "nlu.yml")).intent_examples
    texts = [example.get("text") for example in examples if example.get("intent") != RISK_INTENT]
    responses = Domain.load(str(PROJECT_ROOT / "domain.yml")).responses
    texts += [str(button["title"]) for variants in responses.values() for variant in variants
              for button in variant.get("buttons") or []]
    return [text for text in texts if text]


def test_no_false_alarm_on_what_people_type_to_the_assistant() -> None:
    texts = texts_people_type_to_the_assistant()
    assert len(texts) > 100, "data/nlu.yml or domain.yml was not read"
    detector = get_detector()
    offenders = [
        f"{text!r} <- {result.rule} {result.span!r} (model p={detector.model_probability(text):.2f})"
        for text in texts
        for result in [detect(text)]
        if result.risk
    ]
    assert not offenders, f"{len(offenders)} of {len(texts)} fire:\n" + "\n".join(offenders)

"""Behaviour of the risk-phrase detector: each category, each trap, spans and robustness."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearse.risk import RiskResult, detect, normalise_for_risk
from rehearse.risk.detector import load_lexicon, load_rules

FIRES = {
    "suicidal": [
        "honestly i think my family would be better off without me",
        "I just don't want to wake up anymore",
        "been thinking about killing myself a lot this week",
        "i want to end my life",
        "what's the point of living",
        "kms",
        "gonna unalive myself tbh",
        "i want to k1ll myself",
        "i wanna diiiiie",
        "I don’t want to be alive anymore",
        "thinking about sewerslide again 🙃",
        "You never let me speak and honestly I want to die",
    ],
    "plan_or_means": [
        "i've been stockpiling my sleeping pills",
        "I bought a rope and I know where I'll hang it",
        "I've picked the day I'm going to do it",
        "i swallowed a whole packet of paracetamol",
        "I'm standing on the bridge right now",
    ],
    "goodbye": [
        "this is my final message, goodbye everyone",
        "who will look after my dog when I'm gone",
        "I've been giving away all my things",
        "I wrote letters for my family for when I'm not here",
    ],
    "self_harm": [
        "I cut myself again last night",
        "i've been self-harming since the summer",
        "I'm not suicidal but I burned myself on purpose yesterday",
        "i scratch my arms until they bleed",
    ],
    "harm_to_others": [
        "I'm going to stab him when he gets home",
        "i want to kill my stepfather",
        "I'm bringing a knife to school tomorrow",
    ],
    "abuse": [
        "my husband hits me when he drinks",
        "he threatened to kill me if I leave him",
        "I don't feel safe at home",
        "he won't let me see my friends",
    ],
    "child_at_risk": [
        "I'm 12 and my dad hits me",
        "my boyfriend hits my son",
        "the kids aren't safe with him",
    ],
}

QUIET = {
    "idiom": ["this commute is killing me", "my phone died", "I'm dead 😂", "I could murder a burger",
              "dying to see it", "my legs are killing me"],
    "roleplay_heated": ["you never listen, I'm so done with this", "I'm done with doing all the dishes",
                        "I can't stand it when you shout", "I want to end this conversation"],
    "third_party_media": ["the film where he kills himself", "a man was stabbed downtown",
                          "the news said two people died in the fire"],
    "grief_safe": ["since mum died I miss her every day", "we went to his grave on his birthday"],
    "negation": ["I'd never hurt myself", "I'm not going to kill myself", "I don't want to die",
                 "i would never hit my kids"],
    "medical_everyday": ["I cut my finger cooking", "I took two pills for my headache",
                         "I cut myself shaving", "I burned my hand on the oven"],
    "supportive": ["please don't kill yourself, friend", "my friend said she feels suicidal, what do I do?",
                   "if you ever want to hurt yourself please call someone"],
}


@pytest.mark.parametrize("category,text", [(c, t) for c, texts in FIRES.items() for t in texts])
def test_fires_on_risk(category: str, text: str) -> None:
    result = detect(text)
    assert result.risk, text
    assert result.category == category, (text, result)
    assert result.rule and result.span


@pytest.mark.parametrize("kind,text", [(k, t) for k, texts in QUIET.items() for t in texts])
def test_quiet_on_hard_negatives(kind: str, text: str) -> None:
    result = detect(text)
    assert not result.risk, (kind, text, result)
    assert result == RiskResult(risk=False)


def test_negated_and_disclosing_fires() -> None:
    result = detect("I'm not suicidal but I cut again last night")
    assert result.risk and result.category == "self_harm"
    assert "cut" in result.span


def test_kys_at_someone_else_is_an_insult_not_a_disclosure() -> None:
    assert not detect("lol just kys").risk
    assert detect("i think i should just kys").risk


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, everyone would be better off without me",
        "I  wanna   diiiiie",
        "i want to k!ll myself",
        "tbh I’ve been cutting again 😞",
        "👋🏽 my bf hits me",
    ],
)
def test_span_points_into_original_text(text: str) -> None:
    result = detect(text)
    assert result.risk
    assert 0 <= result.start < result.end <= len(text)
    assert text[result.start:result.end] == result.span


def test_to_dict_has_exactly_the_cli_fields() -> None:
    assert detect("I want to die").to_dict() == {
        "risk": True,
        "category": "suicidal",
        "rule": "suicidal.want_to_die",
        "span": "want to die",
    }
    assert detect("hello").to_dict() == {"risk": False, "category": None, "rule": None, "span": None}


def test_normalisation_keeps_offsets() -> None:
    normalised = normalise_for_risk("I w4nt to diiiie", known_words={"kill"})
    assert normalised.text == "I want to die"
    start = normalised.text.index("die")
    assert normalised.original_span(start, start + 3) == (10, 16)


def test_rule_data_is_valid_and_ids_unique() -> None:
    rules = load_rules().rules
    assert len({rule.id for rule in rules}) == len(rules)
    assert {rule.category for rule in rules} == set(load_lexicon().category_priority)


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "a" * 10_000, "<script>alert(1)</script>",
                                  "مرحبا أريد أن أموت", "😂" * 500])
def test_odd_input_does_not_raise(text: str) -> None:
    assert isinstance(detect(text), RiskResult)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_detect_never_raises_and_spans_are_valid(text: str) -> None:
    result = detect(text)
    if result.risk:
        assert text[result.start:result.end] == result.span

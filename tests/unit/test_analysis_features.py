"""Hand-written positives and traps for each of the 15 communication features."""
from __future__ import annotations

import pytest

from rehearse.analysis import FEATURE_NAMES, Analysis, analyse

POSITIVES = [
    ("i_statement", "I felt anxious when the bills piled up last month."),
    ("i_statement", "I'd prefer to go to your sister's on Saturday rather than Sunday."),
    ("i_statement", "Spending weekends together is important to me."),
    ("you_blame", "You never pick up when I ring."),
    ("you_blame", "It's all your fault we missed the train."),
    ("you_blame", "You made me late for the interview."),
    ("you_blame", "You forgot the tickets again."),
    ("you_blame", "I feel like you don't respect my time."),
    ("absolute", "You always change the subject."),
    ("absolute", "You always cheer me up."),
    ("absolute", "Nobody in this house listens."),
    ("criticism", "You're so careless with everything."),
    ("criticism", "What kind of person leaves a dog in a hot car?"),
    ("criticism", "You never think about anyone else."),
    ("contempt", "You're such a loser."),
    ("contempt", "Oh, spare me the sob story."),
    ("contempt", "Want a trophy for taking the bins out?"),
    ("defensiveness", "I'm sorry if you were offended."),
    ("defensiveness", "Sorry, but you provoked me."),
    ("defensiveness", "Well, you do it too."),
    ("defensiveness", "It wasn't me who left the door open."),
    ("stonewalling", "Whatever."),
    ("stonewalling", "Forget it, I'm going out."),
    ("stonewalling", "Do as you like."),
    ("stonewalling", "I'm out."),
    ("clear_request", "Could you ring the landlord before Friday?"),
    ("clear_request", "Would you be willing to swap shifts with me next week?"),
    ("clear_request", "Please take the recycling out tonight."),
    ("clear_request", "can u pls pick up milk on the way home"),
    ("feeling_expressed", "I'm really scared about the test results."),
    ("feeling_expressed", "I felt so ashamed after the party."),
    ("feeling_expressed", "I’ve been lonely since you moved out."),
    ("need_expressed", "I need some quiet time after work."),
    ("need_expressed", "Being trusted matters to me."),
    ("need_expressed", "What I need is a bit of warning."),
    ("need_expressed", "I value honesty above everything."),
    ("validation", "I can see why that upset you."),
    ("validation", "That's understandable after the week you've had."),
    ("validation", "You've got a point about the car."),
    ("validation", "It sounds like you felt really alone."),
    ("apology", "I'm sorry I shouted at the kids in front of you."),
    ("apology", "I apologise for missing the call."),
    ("apology", "That was my mistake, not yours."),
    ("open_question", "What would make the mornings easier for you?"),
    ("open_question", "How did the appointment go?"),
    ("open_question", "Tell me more about what happened at school."),
    ("hedging", "It's fine, honestly, it's not a big deal."),
    ("hedging", "I guess I was kind of hoping you'd come."),
    ("hedging", "No offense but the soup is cold."),
    ("hedging", "idk, maybe next week"),
    ("sarcasm", "Oh wonderful, the car's broken down again."),
    ("sarcasm", "Thanks for nothing."),
    ("sarcasm", "How thoughtful of you to finally text back."),
]

TRAPS = [
    ("i_statement", "I feel like you only ever think about your job."),
    ("i_statement", "I think you're being unreasonable."),
    ("i_statement", "I didn't do it."),
    ("you_blame", "You made the evening so easy for everyone."),
    ("you_blame", "You cooked a lovely meal."),
    ("you_blame", "When you left early on Friday, I felt hurt."),
    ("you_blame", "It seems you felt left out."),
    ("you_blame", "Did you get my message?"),
    ("absolute", "Never mind, it's nothing."),
    ("absolute", "I never said that."),
    ("absolute", "You have every reason to be angry."),
    ("absolute", "I have nothing to add."),
    ("criticism", "You forgot to lock the back door last night."),
    ("contempt", "Oh wonderful, more rain."),
    ("defensiveness", "You're right, I should have told you. I'm sorry."),
    ("stonewalling", "I need a break, can we pick this up after lunch?"),
    ("stonewalling", "I'm done with doing all the dishes."),
    ("clear_request", "Maybe sometime?"),
    ("clear_request", "Could you quit acting like a child?"),
    ("clear_request", "Could you say more about that?"),
    ("feeling_expressed", "I feel like a fool."),
    ("feeling_expressed", "I feel that you're hiding something."),
    ("feeling_expressed", "I'm not angry."),
    ("need_expressed", "You need to calm down."),
    ("need_expressed", "We need to talk."),
    ("need_expressed", "I need to go."),
    ("validation", "Thanks for dinner, it was lovely."),
    ("apology", "Sorry to interrupt, the taxi's here."),
    ("apology", "Sorry, but you provoked me."),
    ("apology", "I'm sorry you feel that way."),
    ("open_question", "Why do you always leave the lights on?"),
    ("open_question", "Are you coming tonight?"),
    ("open_question", "How could you do that to me?"),
    ("hedging", "What kind of person does that?"),
    ("sarcasm", "Thanks so much for your help, it made a real difference."),
]


@pytest.mark.parametrize("feature,text", POSITIVES)
def test_feature_fires(feature: str, text: str) -> None:
    assert feature in analyse(text).names, analyse(text).to_dict()


@pytest.mark.parametrize("feature,text", TRAPS)
def test_trap_does_not_fire(feature: str, text: str) -> None:
    assert feature not in analyse(text).names, analyse(text).to_dict()


def test_every_feature_has_positives_and_traps() -> None:
    assert {feature for feature, _ in POSITIVES} == set(FEATURE_NAMES)
    assert {feature for feature, _ in TRAPS} == set(FEATURE_NAMES)


def test_disguised_blame_is_blame_and_absolute() -> None:
    names = analyse("I feel like you only ever think about your job").names
    assert {"you_blame", "absolute"} <= names
    assert not names & {"i_statement", "feeling_expressed"}


def test_praise_with_always_is_absolute_without_blame() -> None:
    names = analyse("you always cheer me up").names
    assert "absolute" in names and "you_blame" not in names


def test_insult_framed_as_request_is_contempt() -> None:
    names = analyse("could you quit acting like a child?").names
    assert "contempt" in names and "clear_request" not in names


def test_rhetorical_why_is_blame_not_open_question() -> None:
    names = analyse("Why do you always interrupt me?").names
    assert "you_blame" in names and "open_question" not in names


def test_sarcasm_uses_the_counterparts_previous_line() -> None:
    assert "sarcasm" in analyse("Great.", context="I forgot to pick the kids up.").names
    assert "sarcasm" not in analyse("Great!", context="We got the flat!").names


def test_texting_abbreviations_and_missing_apostrophes() -> None:
    result = analyse("im rly worried u dont care anymore")
    assert "feeling_expressed" in result.names
    assert result.features["feeling_expressed"] == ["im rly worried"]


def test_curly_apostrophes_keep_exact_spans() -> None:
    text = "I’m sorry I didn’t call, that’s on me."
    result = analyse(text)
    assert "apology" in result.names
    for finding in result.findings:
        assert text[finding.start:finding.end] == finding.text


def test_spans_point_into_the_original_text() -> None:
    text = "idk tbh, u never listen to me"
    result = analyse(text)
    assert result.features["absolute"] == ["never"]
    assert result.features["hedging"] == ["idk"]
    for finding in result.findings:
        assert text[finding.start:finding.end] == finding.text and finding.rule


def test_to_dict_shape_lists_only_present_features() -> None:
    result = analyse("Could you call me by six?")
    data = result.to_dict()
    assert set(data) == {"features", "findings"}
    assert list(data["features"]) == ["clear_request"]
    assert set(data["findings"][0]) == {"feature", "start", "end", "text", "rule"}


def test_empty_text_has_no_findings() -> None:
    assert analyse("   ") == Analysis(text="   ", findings=())


def test_non_string_context_is_rejected() -> None:
    with pytest.raises(TypeError):
        analyse("hello", context=3)  # type: ignore[arg-type]


def test_feature_names_are_fixed() -> None:
    assert FEATURE_NAMES == (
        "i_statement", "you_blame", "absolute", "criticism", "contempt", "defensiveness", "stonewalling",
        "clear_request", "feeling_expressed", "need_expressed", "validation", "apology", "open_question",
        "hedging", "sarcasm",
    )

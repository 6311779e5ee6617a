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
    # Everyday lines that share words with the round-4 families (rules alone must leave them quiet too).
    "everyday": ["don't wait up for me after tonight", "i won't need the car after today",
                 "this is my last message on the team chat", "i deleted all my accounts because of the trolls, sorry",
                 "i broke my razor apart by dropping it", "i lied to my mum about the scratches on my car",
                 "nobody would notice my empty desk on friday", "i stood close to the platform edge to get on first",
                 "i drove past the level crossing and had to slow down for the barrier",
                 "the only way out of this contract is to pay the fee", "i want out of this job",
                 "i no longer see the point of keeping my gym membership", "i want to finish my essay tonight",
                 "stocked up on paracetamol before the flu season, i'm prepared", "gave most of my clothes away to charity",
                 "lowkey thinking about quitting my job"],
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


# Rule families from clinical warning signs (C-SSRS items, warning-sign lists, self-harm, domestic abuse, child
# safeguarding). Each row: the rule that must fire on the first text (rules alone, so the second layer cannot
# hide a gap), with its category, and a near miss built from the same words that the rules must leave alone.
NEW_FAMILIES = [
    # suicidal: C-SSRS wish to be dead, active thoughts, method ideation, intent
    ("suicidal.passive_wish", "suicidal", "honestly i wouldn't care if i died", "i wouldn't care if i lost the match"),
    ("suicidal.passive_wish", "suicidal", "i keep hoping a bus will hit me", "i keep hoping the bus will come on time"),
    ("suicidal.wish_gone", "suicidal", "i wish i could just disappear", "i wish i could just disappear into a good book"),
    ("suicidal.take_me", "suicidal", "god please just take me now", "god please take me to the beach"),
    ("suicidal.hope_it_kills", "suicidal", "i've been drinking and i hope it kills me", "i hope it doesn't kill me"),
    ("suicidal.reunion", "suicidal", "since mum died i just want to join her", "i want to join my mum at the gym"),
    ("suicidal.ideation_term", "suicidal", "been having suicidal thoughts again", "it's brave to talk about suicidal thoughts"),
    ("suicidal.ideation_not_here", "suicidal", "i keep having thoughts about not existing",
     "i have never had thoughts about not existing"),
    ("suicidal.method_ideation", "suicidal", "i keep thinking how easy it would be to just swerve",
     "i keep thinking how easy it would be to quit my job"),
    ("suicidal.pull_of_height", "suicidal", "i get the urge to jump whenever i'm on a balcony",
     "i get the urge to jump in the pool"),
    ("suicidal.act_on_thoughts", "suicidal", "i'm scared i'll act on these thoughts", "i'd never act on those thoughts"),
    ("suicidal.tired_of_waking", "suicidal", "i'm so tired of waking up", "i'm tired of waking up at 5am for this job"),
    # suicidal: burden beliefs, no reason to live, trapped
    ("suicidal.burden_beliefs", "suicidal", "i'm just a drain on everyone", "you're a waste of space"),
    ("suicidal.better_gone", "suicidal", "my kids would be better off with me out of the way",
     "my kids would be better off with a bigger garden"),
    ("suicidal.better_off", "suicidal", "i'd be doing everyone a favour if i disappeared",
     "you'd be doing me a favour if you tidied up"),
    ("suicidal.nothing_to_live_for", "suicidal", "i've got nothing left to live for", "i've got nothing left to wear"),
    ("suicidal.way_out", "suicidal", "death feels like the only way out", "death would be a relief for her, she's suffering"),
    ("suicidal.trapped", "suicidal", "i feel trapped and there's no way out", "i feel trapped in this job and there's no way out"),
    ("suicidal.no_future", "suicidal", "i don't see any future for myself", "i don't see a future for me at this company"),
    ("suicidal.point_of_me", "suicidal", "what's even the point of me", "what's the point of me going if he won't talk"),
    # plan_or_means: acquiring means, lethality research, plan, preparation, attempts
    ("plan.acquire_means", "plan_or_means", "i bought a rope yesterday", "i bought a rope for the tent"),
    ("plan.acquire_pills", "plan_or_means", "i bought loads of paracetamol today",
     "i bought loads of paracetamol because the kids have flu"),
    ("plan.many_shops", "plan_or_means", "i got pills from three different shops",
     "i got pills from three different shops because of the shortage"),
    ("plan.enough_pills_check", "plan_or_means", "i keep asking for repeat prescriptions so i have enough",
     "i pick up my prescriptions early so i have enough for the holiday"),
    ("plan.firearm_access", "plan_or_means", "i found my dad's gun and i know where he keeps the bullets",
     "i found my dad's gun licence in a drawer"),
    ("plan.lethality", "plan_or_means", "what's the lethal dose of my tablets", "what's the lethal dose of chocolate for dogs"),
    ("plan.height_check", "plan_or_means", "i went to the bridge to see how high it was", "How high is the Golden Gate bridge?"),
    ("plan.time_to_die", "plan_or_means", "how long does it take to die from an overdose", "how long does it take for a battery to die"),
    ("plan.tracks", "plan_or_means", "i went and stood on the train tracks last night", "i built a lego train track with my son"),
    ("plan.every_pill", "plan_or_means", "i'm going to take every pill in the house", "i take every pill my doctor prescribed"),
    ("plan.decided", "plan_or_means", "i've decided when i'm going to do it", "i've decided when i'm going to do it, i'll tell him at dinner"),
    ("plan.date_with_note", "plan_or_means", "i've written the note and picked the date", "we've picked the date for the wedding"),
    ("plan.means_at_hand", "plan_or_means", "i've got the pills counted out on my bed", "i'm counting my tablets into the weekly organiser"),
    ("plan.rehearsal", "plan_or_means", "i've been practising with the belt", "i've been practising for my black belt"),
    ("plan.attempt", "plan_or_means", "i nearly jumped off the bridge last night", "i nearly jumped out of my skin"),
    # goodbye: giving away possessions, making arrangements, saying goodbye
    ("goodbye.give_valued", "goodbye", "i've been giving away my guitar and my books",
     "i've been giving away my old books to charity"),
    ("goodbye.arrangements", "goodbye", "i've asked my neighbour to take my cat for good",
     "i've asked my neighbour to feed my cat while i'm on holiday"),
    ("goodbye.arrange_children", "goodbye", "i've arranged for my sister to have the kids permanently",
     "my ex wants to have the kids permanently, it's going to court"),
    ("goodbye.better_carer", "goodbye", "my sister will look after my dog better than me",
     "the nursery looks after him better than i can some days"),
    ("goodbye.easier_after", "goodbye", "i've been sorting my stuff so it's easier for my family after",
     "i've been sorting my stuff so it's easier for my family after the move"),
    ("goodbye.my_note", "goodbye", "i've written my note", "i've written my notes for the meeting"),
    ("goodbye.who_gets", "goodbye", "i've sorted out who gets my savings", "we're arguing about who gets my car in the divorce"),
    ("goodbye.passwords", "goodbye", "i've left my passwords for my sister", "i reset the wifi passwords for my mum"),
    ("goodbye.visits", "goodbye", "i called my dad to say goodbye", "i called my dad to say goodbye before my flight"),
    ("goodbye.farewell", "goodbye", "goodbye, thanks for everything", "bye, thanks for the help"),
    ("goodbye.final_thanks", "goodbye", "thank you for trying. goodbye", "thank you for trying to understand"),
    ("goodbye.own_funeral", "goodbye", "i've been choosing songs for my funeral", "play this song at my funeral lol"),
    ("goodbye.read_this", "goodbye", "by the time you read this i'll be gone", "by the time you read this i'll be on the train"),
    # self_harm: relapse, urges, needing the pain, hiding marks, means kept
    ("self_harm.relapse", "self_harm", "i relapsed last night", "i relapsed on my diet last night"),
    ("self_harm.relapse_end", "self_harm", "i was doing so well and then i relapsed", "i relapsed on sugar"),
    ("self_harm.streak", "self_harm", "i broke my clean streak and cut", "i broke my duolingo streak"),
    ("self_harm.urges", "self_harm", "the urge to burn is so strong tonight", "i have an urge to cut my fringe"),
    ("self_harm.resisting", "self_harm", "i'm trying not to cut tonight", "i'm trying not to cut corners at work"),
    ("self_harm.urges_strong", "self_harm", "the urges are so strong tonight and i have a blade", "the urges are strong, i want chocolate"),
    ("self_harm.thinking_cutting", "self_harm", "i can't stop thinking about cutting", "i'm thinking about cutting back on coffee"),
    ("self_harm.raw_skin", "self_harm", "i scratched my arms raw last night", "my eczema is bad, i scratched my arms raw"),
    ("self_harm.needing_pain", "self_harm", "i need the pain to feel real", "i need the pain relief gel for my knee"),
    ("self_harm.hiding", "self_harm", "i wear long sleeves to hide my scars", "i hide my scars from my c-section"),
    ("self_harm.hiding_arms", "self_harm", "i wear hoodies in summer so nobody sees my arms",
     "i wear long sleeves so nobody sees my tattoo on my arms"),
    ("self_harm.secret_marks", "self_harm", "nobody knows about the marks on my thighs",
     "nobody knows about the scratches on my arms from the cat"),
    ("self_harm.head_banging", "self_harm", "i bang my head against the wall when i'm upset",
     "talking to him is like banging my head against a brick wall"),
    ("self_harm.restricting", "self_harm", "i stopped eating on purpose", "i stopped eating sugar on purpose"),
    ("self_harm.blades", "self_harm", "i keep a blade in my pencil case", "i keep a razor in my bathroom for shaving"),
    ("self_harm.not_shaving", "self_harm", "i've been using a razor on my legs again, not for shaving",
     "i've been using a razor on my legs again"),
    # harm_to_others: own intent, a weapon for someone
    ("harm.weapon_for", "harm_to_others", "i'm getting a knife to deal with him", "i'm getting a knife to cut the cake"),
    ("harm.revenge", "harm_to_others", "i know where he lives and i've got a bat", "i know where he lives, i'll drop the present round"),
    ("harm.violent_wish", "harm_to_others", "i want my stepdad dead", "i want the wasps dead"),
    ("harm.ways_to_hurt", "harm_to_others", "i've been thinking of ways to hurt my ex",
     "i've been thinking of ways to tell my ex gently"),
    ("harm.to_child", "harm_to_others", "i'm afraid i'll shake the baby", "i'm afraid i'll drop the baby"),
    # abuse: partner violence and coercive control
    ("abuse.physical", "abuse", "he threw me against the wall", "he threw me a surprise party"),
    ("abuse.coercion", "abuse", "he says he'll take the kids if i leave", "he'd never take the kids if i left"),
    ("abuse.cut_off", "abuse", "he took my phone so i couldn't call anyone", "my phone died so i couldn't call anyone"),
    ("abuse.control_partner", "abuse", "my husband controls all our money", "my husband controls the tv remote"),
    ("abuse.control_partner_let", "abuse", "my boyfriend won't let me work", "my boss won't let me work from home"),
    ("abuse.control_who", "abuse", "he tells me who i can see", "you don't get to tell me who i can see"),
    ("abuse.stalking", "abuse", "my ex keeps showing up outside my flat", "my ex keeps liking my photos"),
    ("abuse.sexual_secrecy", "abuse", "he says i can't tell anyone about us", "my sister says i can't tell anyone about the surprise"),
    # child_at_risk: a child hurt, neglected or groomed
    ("child.harmed_us", "child_at_risk", "my dad burns us with cigarettes", "my dad beat us at monopoly"),
    ("child.neglect_signs", "child_at_risk", "we never get fed", "there's no food in the house, can you pick some up"),
    ("child.parent_gone", "child_at_risk", "my dad is gone for days and we have nothing to eat",
     "my dad is away for days at a conference so we eat takeaway"),
    ("child.left_alone", "child_at_risk", "the boy downstairs is always left alone", "my son is always left alone at playtime"),
    ("child.sexual", "child_at_risk", "my stepdad comes into my room at night", "my stepdad comes into my room to say goodnight"),
    ("child.grooming", "child_at_risk", "my daughter's coach asks her to keep their messages secret",
     "my daughter's coach asks her to keep the surprise party secret"),
    ("child.marks", "child_at_risk", "my son came home covered in bruises and won't say why",
     "my son came home covered in bruises from rugby"),
]


@pytest.mark.parametrize(
    "text",
    [
        "i'm not suicidal but i've been giving away my guitar and my books",
        "i don't want to die but i'm trying not to cut tonight",
        "i'm not going to do anything but i keep thinking how easy it would be to just swerve",
    ],
)
def test_negated_then_disclosing_fires(text: str) -> None:
    assert detect(text, use_model=False).risk


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


@pytest.mark.parametrize("text", [
    "killing myself isn't something i'd ever do",
    "self harm was never my thing, i just cry it out",
    "suicide has never crossed my mind, i'm just tired of my job",
])
def test_a_risk_phrase_as_the_subject_of_a_negated_verb_does_not_fire(text):
    assert not detect(text, use_model=False).risk


@pytest.mark.parametrize("text", [
    "ending it all wouldn't be so bad",
    "i want to die, not joking",
    "killing myself is all i think about",
])
def test_a_negation_after_a_disclosure_that_does_not_deny_it_still_fires(text):
    assert detect(text, use_model=False).risk


@pytest.mark.parametrize("text, expected", [
    ("i'm not scared of him, i'm just annoyed", None),
    ("i'm scared of my husband", "abuse.afraid"),
    ("i'm throwing myself into revision this week", None),
    ("i'm going to throw myself into the river", "plan.throw_into"),
])
def test_fear_can_be_denied_and_throwing_oneself_into_work_is_an_idiom(text, expected):
    assert detect(text, use_model=False).rule == expected


# Indirect disclosures (round 2026-11-22b): a firing example and a safe look-alike per family.
INDIRECT_FAMILIES = [
    ("suicidal.hopeless_everything", "suicidal", "honestly what's the point of anything anymore",
     "what's the point of any of this meeting"),
    ("suicidal.tired_of_fighting", "suicidal", "i'm so tired of surviving", "i'm so tired of fighting"),
    ("suicidal.burden_oblique", "suicidal", "everyone would be better off", "everyone would be better off if we split the bill"),
    ("suicidal.how_much_longer", "suicidal", "i don't know how much longer i can keep going",
     "i don't know how much longer i can keep going at this job"),
    ("suicidal.rest_forever", "suicidal", "i just want to rest forever", "i just want to rest this weekend"),
    ("plan.oblique_prep", "plan_or_means", "i've worked out how", "i've worked out how to fix the boiler"),
    ("plan.which_place", "plan_or_means", "i know which bridge i'd use", "which bridge would you take to avoid traffic"),
    ("plan.saving_prescription", "plan_or_means", "i've been saving my prescription",
     "i've been saving on prescription costs with a prepayment certificate"),
    ("goodbye.look_after", "goodbye", "please look after mum for me", "can you look after the kids for me while i pop out?"),
    ("goodbye.left_sorted", "goodbye", "i've left everything sorted for you", "i've left everything ready for you in the fridge"),
    ("goodbye.thanks_meant", "goodbye", "thanks for everything, i mean it", "thanks for everything today, i mean it, the party was great"),
    ("goodbye.bequest", "goodbye", "i want you to have my guitar", "i want you to have my guitar while i'm abroad"),
    ("goodbye.not_around", "goodbye", "i won't be around to bother you much longer",
     "i won't be around to bother you much longer, my job starts next month"),
    ("goodbye.remember_me", "goodbye", "i love you all, please remember me", "please remember me to your mum"),
    ("self_harm.did_it_again", "self_harm", "i did it again last night", "i texted my ex, i did it again last night"),
    ("self_harm.did_it_again_shame", "self_harm", "i did it again and i'm so ashamed, i have to hide my arms",
     "i did it again, i'm sorry i forgot your birthday"),
    ("self_harm.fresh_marks", "self_harm", "the marks are fresh", "the marks on the table are fresh from the paint"),
    ("self_harm.blade_again", "self_harm", "i used the blade again", "i used the razor again to shave my legs"),
    ("abuse.threat_children", "abuse", "she threatened to take the kids", "you threatened to take the kids to the zoo"),
    ("abuse.permission", "abuse", "i have to ask permission to spend money", "i have to ask my manager for permission to spend money"),
    ("abuse.physical_oblique", "abuse", "he grabbed me by the throat", "he grabbed my hair playing in the pool"),
    ("abuse.hit_at_home", "abuse", "i get hit at home", "i got hit by a ball at home"),
    ("child.gets_hurt", "child_at_risk", "my little brother gets hit", "my little brother got hit by a football"),
    ("child.left_no_food", "child_at_risk", "there's never any food, mum's always out", "mum's always out at work so we order food"),
]


# Oblique disclosures (round 4, 2026-11-22): a firing example and a safe look-alike per family, written for
# these tests (not rows of any evaluation set).
OBLIQUE_FAMILIES = [
    ("abuse.threat_said", "abuse", "my stepdad will kill me when he sees this", "my husband will kill me if i dent the car lol"),
    ("suicidal.no_future_with_me", "suicidal", "i can't see myself getting to next summer",
     "i can't see myself getting to the concert, the trains are off"),
    ("suicidal.quiet_forever", "suicidal", "i just want my head to go quiet forever",
     "i just want the neighbours' music to go quiet forever"),
    ("suicidal.quit_life", "suicidal", "i'm ready to unsubscribe from life", "i'm ready to unsubscribe from this app"),
    ("suicidal.empty_place", "suicidal", "nobody would miss my seat at the table", "nobody would miss the meeting"),
    ("suicidal.no_use_going_on", "suicidal", "what is the use of going on", "what is the use of going on with this project"),
    ("suicidal.welcome_death", "suicidal", "i would welcome a fatal crash", "we welcome a car accident lawyer to the panel"),
    ("plan.scouted_height", "plan_or_means", "i picked the car park with the highest drop",
     "which bridge is the tallest in the world, it's for a quiz"),
    ("plan.lingering_at_the_edge", "plan_or_means", "every morning i stand a bit closer to the tracks",
     "every morning i stand a bit closer to the tracks to get a seat"),
    ("plan.set_time", "plan_or_means", "when the flat is empty i'll do it", "when the flat is empty i'll do it, the deep clean i mean"),
    ("plan.means_laid_out", "plan_or_means", "the tablets and the gin are out on the side",
     "can i take my tablets with gin or should i avoid it"),
    ("plan.lethality_research", "plan_or_means", "i've been researching which pills are lethal",
     "how long does it take a nosebleed to bleed out, it's for my first aid course"),
    ("goodbye.after_tonight", "goodbye", "nobody will hear from me after tonight",
     "nobody will hear from me after tonight's gig, my phone's dead"),
    ("goodbye.signing_off", "goodbye", "logging off forever", "logging off forever from twitter, it's a cesspit"),
    ("goodbye.accounts_deleted", "goodbye", "deleted all my accounts. bye", "deleted all my accounts after i got hacked, bye"),
    ("goodbye.note_left", "goodbye", "left a note for my kids saying sorry", "left a note for my flatmate saying sorry about the bins"),
    ("goodbye.last_thing", "goodbye", "i've told my sister i love her, that's everything i had to do",
     "that's everything i had to do today, off to the shops"),
    ("goodbye.when_you_find_out", "goodbye", "don't be angry when you find out, it's better this way, i'm sorry",
     "don't be angry when you find out i ate the cake, sorry lol"),
    ("self_harm.blade_source", "self_harm", "i snapped a razor open again", "i snapped a razor open to fix the shaver"),
    ("self_harm.heat_on_skin", "self_harm", "i held a hot spoon against my thigh",
     "i held a hot spoon against my wrist to test the baby's milk"),
    ("self_harm.hair_pulling", "self_harm", "i've been ripping out chunks of my hair", "i've been pulling my hair out over this spreadsheet"),
    ("self_harm.wounds_worse", "self_harm", "the cuts on my arm are deep and won't stop bleeding",
     "the cuts on my arm from the cat are deep"),
    ("harm.poison", "harm_to_others", "i've thought about spiking her dinner", "the waiter spilled her dinner"),
    ("harm.revenge_plan", "harm_to_others", "i'll make my stepdad pay, i've got a plan", "i'll make my stepdad pay for dinner, i've got a plan"),
    ("harm.wish_blood", "harm_to_others", "i want to see his blood on the pavement", "i want to see my blood test results"),
    ("harm.run_over", "harm_to_others", "i keep wanting to run my manager down", "i nearly ran my neighbour over with the trolley"),
    ("harm.threat_shot", "harm_to_others", "somebody there is going to get stabbed, i swear",
     "somebody there is going to get stabbed if they keep juggling knives"),
    ("harm.named_target", "harm_to_others", "i'm going to stab the guy who hurt my mum", "i'm going to stab the guy who hurt my mum in this game lol"),
    ("abuse.cover_story", "abuse", "i had to tell the nurse i fell again", "i told the doctor i slipped on the stairs at work"),
    ("abuse.injured_by", "abuse", "my boyfriend split my lip", "my boyfriend split my lip by accident playing rugby"),
    ("abuse.dread_arrival", "abuse", "i shake when i hear his van pull up", "i hear his van pull up and i smile"),
    ("abuse.ready_to_run", "abuse", "i keep my bag ready in case he kicks off", "i keep my bag packed for the festival"),
    ("abuse.afraid_tonight", "abuse", "too frightened to go back tonight", "too frightened to go back tonight after that horror film lol"),
    ("abuse.dragged", "abuse", "he pulled me around by my hair", "she pulled me out to the party"),
    ("child.left_unattended", "child_at_risk", "our baby gets left alone all night while they go clubbing",
     "our baby gets left alone for two minutes while i take the bins out"),
    ("child.locked_in", "child_at_risk", "they shut their little son in the shed", "they shut their little son in the shed during hide and seek lol"),
    ("child.approached", "child_at_risk", "my tutor keeps rubbing my leg", "my physio keeps rubbing my leg after the injury"),
    ("child.marked", "child_at_risk", "my nephew has a black eye every time he comes back from his dad's",
     "my nephew has a black eye from football"),
    ("child.heard_hurt", "child_at_risk", "i heard the little boy next door screaming then slapping sounds",
     "i heard the kids next door screaming and hitting each other playing"),
]


@pytest.mark.parametrize("text", ["been having thoughts of s*icide again", "i want to k#ll myself"])
def test_masked_letters_are_read(text: str) -> None:
    assert detect(text, use_model=False).risk, text


def test_a_user_who_breaks_character_to_disclose_is_heard() -> None:
    """'character' is a media word, but the user is talking about themself."""
    result = detect("sorry to step out of character, i keep thinking about killing myself", use_model=False)
    assert (result.risk, result.rule) == (True, "suicidal.kill_myself")


# Round 5 (2026-11-22): the same, for the families written from the misses of blind3 and blind4.
ROUND5_FAMILIES = [
    ("suicidal.why_still_here", "suicidal", "honestly dunno why i'm still alive", "idk why i'm still here at work, everyone else went home"),
    ("plan.found_before_the_kids", "plan_or_means", "i wrote it so my husband would find me and not the kids",
     "i hope my wife will find me before the kids wake up, i'm making pancakes"),
    ("plan.rehearsed_it", "plan_or_means", "i've been testing whether i'd actually go through with it",
     "i've been practising my best man speech, testing if i could actually go through with it"),
    ("plan.deciding_at_the_place", "plan_or_means", "parked up at the cliffs and sat there deciding",
     "we drove to the cliffs and sat deciding where to eat"),
    ("plan.going_to_the_place", "plan_or_means", "if this chat goes badly i'm going to the bridge after",
     "i'm going to the bridge after work to meet the lads"),
    ("plan.timetable", "plan_or_means", "i know the train timetable at the crossing by heart now",
     "i know the train timetable at the crossing, i catch the 8:10 to work"),
    ("plan.next_time", "plan_or_means", "last time they pumped my stomach. next time i'll take enough", "next time i'll take more photos"),
    ("plan.saved_means_used", "plan_or_means", "tonight i'm taking everything i've stockpiled",
     "i'm taking everything i've saved up on a trip to japan"),
    ("plan.firearm_code", "plan_or_means", "i cracked the code for my dad's gun safe", "i worked out the code for the bike lock"),
    ("plan.letters_then_it", "plan_or_means", "the envelopes are sealed and i'm doing it on friday",
     "i'm doing it on friday, the big presentation, wish me luck"),
    ("goodbye.better_this_way", "goodbye", "it'll be easier this way for everyone", "it'll be better this way, for both of us"),
    ("goodbye.final_farewell", "goodbye", "thanks for everything, you've been so kind to me. bye x",
     "you've been so kind to me, see you tomorrow x"),
    ("goodbye.funeral_wishes", "goodbye", "my funeral playlist is saved on my laptop", "we planned our funeral wishes when we did our wills"),
    ("self_harm.scalding", "self_harm", "i held my arm under boiling water until it blistered", "i burned my arm under the hot tap by accident"),
    ("abuse.money_taken", "abuse", "i give him my whole salary and he gives me an allowance",
     "i give my mum money for rent each month and she gives me lunch money"),
    ("abuse.barricaded", "abuse", "i block my bedroom door with a chair because of my stepdad", "i block the door with a towel to stop the draught"),
    ("abuse.hiding_now", "abuse", "i'm hiding in the car, he's drunk and screaming", "i'm hiding in my room from the cousins lol, christmas is too much"),
    ("abuse.thrown_at", "abuse", "she chucked a plate at me last night", "she chucked a snowball at me last night"),
    ("abuse.frightened_at_home", "abuse", "i feel unsafe in my own home", "i feel frightened in my own home since the burglary"),
    ("abuse.workplace_touching", "abuse", "he groped me at the christmas do", "he gripped my hand at the christmas do"),
    ("abuse.silenced_at_work", "abuse", "my manager grabs me and says i'll lose my job if i complain",
     "i'll lose my job if i tell them i'm pregnant"),
    ("abuse.forced_marriage", "abuse", "my parents are taking me abroad this summer to get married",
     "my parents are forcing me to marry my cousin's wedding photographer, they love him lol"),
    ("child.too_out_of_it", "child_at_risk", "mum's too drunk most nights to feed my baby sister", "too tired to feed the cat tonight"),
    ("child.exploited", "child_at_risk", "an older man is paying my friend to do stuff, she's 14",
     "an older man is paying me to do some gardening"),
    ("child.told_to_hide_chats", "child_at_risk", "my tutor tells me to delete our chats",
     "my coach told me not to tell my parents about the surprise party"),
    ("harm.weapon_for_someone", "harm_to_others", "bought a crowbar and it's for that prick next door",
     "it's for him, a knife set for his birthday"),
    ("harm.push_down", "harm_to_others", "keep imagining pushing my ex off the balcony", "i pushed my brother off the sofa lol"),
    ("harm.going_round", "harm_to_others", "got his address now and i'm driving over", "got his address so i can send the birthday card"),
    ("harm.shoot_up", "harm_to_others", "i think about shooting up the school", "we went shooting up the coast for the weekend"),
]
FAMILIES = NEW_FAMILIES + INDIRECT_FAMILIES + OBLIQUE_FAMILIES + ROUND5_FAMILIES


@pytest.mark.parametrize("rule_id,category,text", [(r, c, t) for r, c, t, _ in FAMILIES])
def test_rule_family_fires(rule_id: str, category: str, text: str) -> None:
    result = detect(text, use_model=False)
    assert (result.rule, result.category) == (rule_id, category), (text, result)
    assert result.span and text[result.start:result.end] == result.span


@pytest.mark.parametrize("rule_id,text", [(r, t) for r, _, _, t in FAMILIES])
def test_rule_family_near_miss_is_quiet(rule_id: str, text: str) -> None:
    result = detect(text, use_model=False)
    assert not result.risk, (rule_id, text, result)


def test_every_family_in_the_tables_exists() -> None:
    ids = {rule.id for rule in load_rules().rules}
    assert {rule_id for rule_id, *_ in FAMILIES} <= ids


@pytest.mark.parametrize("rule_id,text", [
    # Alternatives are single words: "the office|college" once made "to school" need a following "office".
    ("harm.revenge_plan", "he'll regret it, i'm bringing something to school to deal with him"),
    ("abuse.ready_to_run", "i keep my shoes on in case i need to run from him"),
    ("plan.found_before_the_kids", "i planned it so nobody walks in and stops me"),
    ("abuse.money_taken", "i hand over all my wages to him every month"),
    ("abuse.money_taken", "she keeps my salary"),
    ("abuse.barricaded", "my door's barricaded because of my stepdad"),
    ("child.too_out_of_it", "nobody feeds her, the baby upstairs"),
    ("plan.timetable", "i've worked out when the trains come through"),
])
def test_each_alternative_of_a_pattern_stands_alone(rule_id: str, text: str) -> None:
    assert detect(text, use_model=False).rule == rule_id, (text, detect(text, use_model=False))


def test_knowing_when_a_bus_comes_is_not_a_rule_hit() -> None:
    assert not detect("i know when the bus comes through", use_model=False).risk

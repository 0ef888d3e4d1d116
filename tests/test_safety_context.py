"""Turn-level context (services/safety_context.py) and the negation scopes added with it.

Sentences in none of the evaluation sets. Each mechanism is checked both ways:
the ordinary sentence passes, and the crisis that shares its words is still flagged."""

from __future__ import annotations

import pytest

from services.safety_context import (
    banter,
    general_question,
    leave_taking,
    negated_verbal_noun,
    outcome_resolved,
)
from services.safety_screen import CrisisCategory, normalise, screen


def _flag(text: str) -> CrisisCategory | None:
    return screen(text).category


@pytest.mark.parametrize(
    "text",
    [
        "how can you tell if someone is having a seizure",
        "why do teenagers self harm?",
        "کیا لوگ خودکشی کے بارے میں پہلے سے بتاتے ہیں؟",
        "kya log khudkushi se pehle koi nishaniyan dete hain",
    ],
)
def test_a_general_question_about_a_subject_is_not_a_report(text: str) -> None:
    assert general_question(text, normalise(text))
    assert _flag(text) is None
    assert screen(text).figurative  # the semantic stage defers to it


@pytest.mark.parametrize(
    "text",
    [
        # the speaker or their people are in it: a report, asked as a question
        "what do i do, my wife is having a seizure",
        "why does everyone want me dead, i want to kill myself",
        # no generic subject: a question about the means
        "how many sleeping pills would it take to not wake up",
    ],
)
def test_a_question_from_someone_in_crisis_is_still_flagged(text: str) -> None:
    assert not general_question(text, normalise(text))
    assert screen(text).flagged


def test_a_medical_event_told_with_its_good_outcome_is_a_story() -> None:
    for text in (
        "my uncle fainted in the queue this morning but he's okay now",
        "nana ji kal behosh ho gaye the lekin ab bilkul theek hain",
        "ابو کل بے ہوش ہو گئے تھے لیکن اب ٹھیک ہیں",
    ):
        assert outcome_resolved(normalise(text)), text
        assert _flag(text) is None, text
    # the sign goes on after the good news: still an emergency
    still = "she fainted and seemed okay but now she is not breathing"
    assert not outcome_resolved(normalise(still))
    assert _flag(still) is CrisisCategory.MEDICAL_EMERGENCY


def test_a_goodbye_for_a_job_or_a_trip_is_ordinary_but_not_without_one() -> None:
    for text in ("kal meri flight hai, sab ko alvida keh diya", "کل سکول کا آخری دن ہے، سب کو الوداع کہا"):
        assert leave_taking(normalise(text)), text
        assert _flag(text) is None, text
    assert _flag("sab ko alvida keh diya hai, ab aur nahi") is CrisisCategory.SELF_HARM


def test_laughter_makes_a_threat_to_others_banter_but_never_self_harm_or_abuse() -> None:
    assert banter(normalise("i'll kill him if he spoils the ending lol"))
    assert _flag("i'll kill him if he spoils the ending lol") is None
    assert _flag("i want to kill myself lol") is CrisisCategory.SELF_HARM
    assert _flag("my husband hits me lol") is CrisisCategory.ABUSE_DANGER
    assert _flag("i'll kill him if he spoils the ending") is CrisisCategory.HARM_TO_OTHERS
    # Laughter typed in Urdu script, as a word of its own.
    assert _flag("بہن نے آخری سموسہ کھا لیا، دل کرتا ہے اس کا گلا دبا دوں، ہاہا") is None
    assert _flag("بہن نے آخری سموسہ کھا لیا، دل کرتا ہے اس کا گلا دبا دوں") is CrisisCategory.HARM_TO_OTHERS
    assert _flag("میں خود کو ختم کر دوں گا ہاہاہا") is CrisisCategory.SELF_HARM


@pytest.mark.parametrize(
    "text",
    [
        "میں نے کبھی اپنے آپ کو تکلیف پہنچانے کا نہیں سوچا",
        "maine apne aap ko zakhmi karne ka kabhi nahi socha",
        "میں نے یہ کبھی نہیں چاہا کہ خود کو ختم کر دوں",
    ],
)
def test_an_urdu_negation_after_the_verbal_noun_or_before_the_thought_cancels_the_act(text: str) -> None:
    assert _flag(text) is None


def test_the_verbal_noun_negation_reads_only_what_follows_the_act() -> None:
    assert negated_verbal_noun(" پہنچانے کا نہیں سوچا")
    assert negated_verbal_noun(" pohanchane ka kabhi nahi socha")
    assert not negated_verbal_noun(" پہنچانے کا سوچ رہا ہوں")  # thinking of doing it
    assert _flag("میں خود کو نقصان پہنچانے کا سوچ رہا ہوں") is CrisisCategory.SELF_HARM
    assert _flag("main khud ko nuqsan pahunchane ka soch raha hun") is CrisisCategory.SELF_HARM


@pytest.mark.parametrize(
    "text",
    [
        "i almost passed out in the sauna",
        "i've never once thought about ending my life",
        "my sister will murder me for losing her charger",
        "if i have to explain this one more time i'll kill myself",
        "bachpan mein ek dafa khud ko nuqsan pahunchaya tha, ab main bilkul theek hun",
    ],
)
def test_near_misses_denials_trivial_reasons_and_a_recovered_past_are_not_flagged(text: str) -> None:
    assert _flag(text) is None


def test_a_recovered_past_does_not_hide_a_relapse_in_urdu() -> None:
    assert _flag("ek dafa pehle bhi khud ko nuqsan pahunchaya tha, ab theek hun magar aaj phir se khud ko kaat liya") is CrisisCategory.SELF_HARM


def test_an_urdu_kill_rule_does_not_read_the_self_inside_a_word() -> None:
    # "خود کو مار دوں" is self-harm, not harm to someone whose name ends in the same letters
    assert _flag("میں خود کو مار دوں گا") is CrisisCategory.SELF_HARM
    assert _flag("میں اسے مار دوں گا") is CrisisCategory.HARM_TO_OTHERS


def test_a_call_for_help_asked_as_a_question_is_not_a_general_question() -> None:
    text = "can someone help, he's not breathing"
    assert not general_question(text, normalise(text))
    assert _flag(text) is CrisisCategory.MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my dad collapsed and isn't waking up, my mum is fine",
        "she's fitting and it won't stop, i'm okay",
    ],
)
def test_someone_else_being_fine_is_no_outcome_of_the_emergency(text: str) -> None:
    assert not outcome_resolved(normalise(text))
    assert _flag(text) is CrisisCategory.MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "forgive me for being so slow today, goodbye",  # an apology with its reason, and a goodbye
        "sab ko alvida keh ke hum shaadi se wapis aa gaye",  # leaving a wedding
        "the cat collapsed on the sofa and slept all afternoon",
    ],
)
def test_an_apology_a_wedding_goodbye_and_a_collapse_onto_the_sofa_are_ordinary(text: str) -> None:
    assert _flag(text) is None

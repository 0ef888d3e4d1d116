"""The broader compositional rules (services/safety_broad_rules.py) and the guards added with them.

Sentences in none of the evaluation sets: each positive is a word-class combination
no narrower rule covers, each negative the ordinary use of the same words."""

from __future__ import annotations

import pytest

from services.safety_screen import CrisisCategory, normalise, screen


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # intent x method, the height anywhere in the clause, any inflection
        ("thinking of jumping off the multi-storey car park later", CrisisCategory.SELF_HARM),
        ("up on the roof of the flats now and i'm going to jump", CrisisCategory.SELF_HARM),
        ("planning to steer into the oncoming lorry on the way back", CrisisCategory.SELF_HARM),
        ("i want to throw myself in the canal", CrisisCategory.SELF_HARM),
        # the household as victim
        ("my stepfather kicks my mum and me when he's been drinking", CrisisCategory.ABUSE_DANGER),
        ("mera baap hum sab ko belt se maarta hai", CrisisCategory.ABUSE_DANGER),
        # an acute sign with the body cue before or after it
        ("he's clutching his chest and sweating buckets", CrisisCategory.MEDICAL_EMERGENCY),
        # Urdu future morphology
        ("میں پل سے چھلانگ لگا دوں گی", CrisisCategory.SELF_HARM),
        # a cue in the next sentence
        ("I bought a knife today. She will see what I'm capable of.", CrisisCategory.HARM_TO_OTHERS),
        # speech-to-text without apostrophes
        ("ill stab him when he gets here", CrisisCategory.HARM_TO_OTHERS),
        # an intent that itself holds a "can't": the words before it are not its negation
        ("i can't stop thinking about smothering her in her sleep", CrisisCategory.HARM_TO_OTHERS),
    ],
)
def test_broad_word_classes_compose_new_wording(text: str, category: CrisisCategory) -> None:
    result = screen(text)
    assert result.category is category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "we jumped off the bridge into the lake for a swim",  # leisure
        "i threw myself into my work after the divorce",  # figurative
        "i bought some rope for the tent",  # a rope with no cue
        "she'll pay for dinner tomorrow",  # literal paying
        "i used to cut myself at school but i've been clean for six years now",  # a past left behind
        "main mar jaunga agar mujhe ye job na mili",  # longing hyperbole
        "maine gun le li hai shikar ke liye",  # a weapon for hunting
        "a weight on my chest lifted when i got the results",  # grief and relief, not a body sign
        "my little sister keeps hitting my brother and me with her pillow",  # play
        "kal main nahi hounga office mein",  # absent from a place, not from life
        "I could strangle my flatmate for leaving the dishes again",  # anger hyperbole
        "my dad will kill me if i forget his birthday again",  # a trivial condition
        "میں کبھی خود کو نقصان نہیں پہنچاؤں گی",  # Urdu negation after the act
    ],
)
def test_ordinary_uses_of_the_same_words_are_not_flagged(text: str) -> None:
    assert not screen(text).flagged, (text, screen(text))


def test_a_relapse_is_not_taken_for_the_past() -> None:
    assert screen("i used to cut myself years ago and i started again this week").category is CrisisCategory.SELF_HARM


def test_normalise_expands_contractions_typed_without_apostrophes() -> None:
    assert normalise("i wasnt there, theyll see, kms") == "i was not there they will see kill myself"
    # Words that only look like contractions stay as they are.
    assert normalise("well we were ill today") == "well we were ill today"

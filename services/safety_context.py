"""Turn-level context that changes what the screen's crisis words mean.

The category rules in ``safety_screen`` and ``safety_composition`` read one
clause at a time; some meaning only shows across the turn:

- a *general question* about a subject ("why do people self harm", "کسی کو
  دل کا دورہ پڑے تو کیا کرنا چاہیے؟") asks about it, it does not report it:
  a question form, a generic subject and nobody in the first person;
- an *outcome* told after a medical event ("my friend collapsed at the gym
  yesterday but he's fine now", "magar ab theek hai") makes it a story that
  ended well, unless a sign is still going on after it;
- *leave-taking* (a last day at work, a trip, moving away) makes "goodbye" and
  "last day" ordinary;
- *laughter* ("haha", "lol") makes a threat against someone else banter; it
  never explains away self-harm, abuse or a medical sign (people laugh off
  what happens to them);
- an Urdu *negation after a verbal noun* ("نقصان پہنچانے کا نہیں سوچا",
  "nuqsan pahunchane ka nahi socha": did not think of harming) negates the act
  the rule matched, though it stands after it.

All are precompiled and run once per turn (the negation once per match).
"""

from __future__ import annotations

import re

# --- a general question about a subject -------------------------------------------------

_QUESTION_OPENER = re.compile(
    r"^(?:what|why|how|is it|is there|are there|are|do|does|can|could|should|when|which|who|where)\b"
    r"|^(?:کیا|کیوں|کیسے|کب|کون)(?= )|\b(?:kya|kyun|kyon|kaise|kaisay) (?:hot[aie]|kart[aie]|karna|karen|karein|hai|hain)\b"
    r"|^(?:kya|kyun|kyon|kaise)\b|کیا (?:ہوت[اےی]|کرنا|کریں|کرتے|ہے|ہیں)"
)
_QUESTION_MARK = re.compile(r"[?؟]\s*$")
# Someone in general, or the signs of a thing: what a question about a subject asks after.
_GENERIC_SUBJECT = re.compile(
    # "one" as in "can one die of ...", not "on one side", "one of them", "one day"
    r"\b(?:someone|somebody|people|a person|anyone|anybody|one(?! (?:side|of|day|time|arm|leg|eye|hand|ear|more|minute|second|hour|week|night))|kids|children|teens|teenagers|men|women)\b"
    r"|\b(?:signs?|symptoms?|causes?|warning signs)\b"
    # (not "nobody": "ghar pe koi nahi" says who is there, it asks after no one)
    r"|(?:^| )(?:کسی(?! (?:چیز|بات|وقت|دن|طرح|جگہ))|کوئی(?! (?:بھی )?نہیں)|لوگ|لوگوں|علامات|نشانیاں|وجوہات)(?= |$)"
    r"|\b(?:kisi(?! (?:cheez|chiz|baat|bat|waqt|din|tarah|jagah)\b)|koi(?! (?:bhi )?(?:nahi|nahin|nhi)\b)(?! (?:desi )?(?:totka|nuskha|ilaj|dawa|dawai|tarika|hal)\b)|log|logon|alamat|alamaat|nishaniyan|wajuhat)\b"
)
# The speaker or their people in the turn: then it is not (only) a general question.
_FIRST_PERSON = re.compile(
    r"\b(?:me|my|myself|mine|us|our|ours)\b|\bi (?!do\b|should\b|can\b|could\b|tell\b|know\b|help\b|spot\b)\w+"
    r"|(?:^| )(?:مجھے|میرا|میری|میرے|ہمیں|ہمارا|ہماری|ہمارے|میں نے)(?= |$)|^میں "
    r"|\b(?:mujhe|mera|meri|mere|maine|hamen|hamein|hamara|hamari|hamare)\b|^main "
    # the speaker in the verb ("kya karun", "کیا کروں": what do I do)
    r"|(?:^| )کروں(?= |$)|\b(?:karun|karoon|karu)\b"
)


# A call for help now: "can someone help, he's not breathing" is no general question.
# A call for a doctor ("abbu gir gaye hain aur saans nahi le rahe!! koi doctor??"): urgent here,
# and a plea for help now in ``safety_screen._HELP_ASKED_NOW``.
CALL_FOR_A_DOCTOR = r"کوئی ڈاکٹر|\b(?:koi (?:doctor|daktar)|any doctors?|is there a doctor)\b"
_URGENT = re.compile(
    r"\b(?:help|please|call|quick|quickly|hurry|now|emergency|ambulance|police)\b"
    r"|(?:مدد|جلدی|ابھی|بچاؤ|ایمبولینس)|\b(?:madad|jaldi|abhi|bachao|ambulance)\b"
    rf"|{CALL_FOR_A_DOCTOR}"
    # a named sign in someone present, now: "someone touched the live wire ... he's not breathing. what do I do?"
    r"|\b(?:he|she|they) (?:is|are) not (?:breathing|moving|responding|waking up)\b"
)


def general_question(text: str, normalised: str) -> bool:
    """A question about a subject in general, not about the speaker or their people.

    ``text`` is the turn as said (for its question mark), ``normalised`` as
    ``safety_screen.normalise`` gives it."""
    asked = _QUESTION_OPENER.search(normalised) is not None or _QUESTION_MARK.search(text) is not None
    return (
        asked
        and _GENERIC_SUBJECT.search(normalised) is not None
        and _FIRST_PERSON.search(normalised) is None
        and _URGENT.search(normalised) is None
    )


# --- a medical event told with its good outcome -----------------------------------------

_OUTCOME_GOOD = re.compile(
    r"\b(?:he|she|they|i|we|it|everyone|everybody|(?:my|the|our) \w+) (?P<tense>is|are|am|was|were|has been|have been|seems?|seemed|turned out)"
    r" (?:(?:totally|completely|absolutely|perfectly|much|all|now|back|fine and|really|to be) )?"
    r"(?:fine|okay|ok|alright|all right|better|recovered|stable|awake|conscious|breathing (?:normally|fine|again)|doing (?:well|fine|ok|okay|better))\b"
    # ("he seems okay for now" is not yet an outcome)
    r"(?! (?:for now|so far|at the moment|for the moment))"
    # no subject: "they've sorted it out, all fine now"; a bleed that stopped: "it stopped after a couple of minutes"
    r"|\ball (?:fine|good|sorted|okay|ok|well) now\b|\b(?:it|the bleeding|bleeding) (?:stopped|has stopped) (?:after|within|on its own|by itself)\b"
    # an attack that passed: "... couldn't breathe for a few minutes, but it passed"
    r"|\b(?:it|the attack|the panic|the pain|the dizziness) (?:passed|went away|settled|eased off|wore off)\b"
    r"|\b(?:ab|abhi) (?:\S+ ){0,6}aur (?:bilkul |kafi )?(?:theek|thik|behtar) (?:hai|hain|he|hun|hoon)\b"
    r"|\b(?:ab|abhi) (?:\S+ ){0,3}(?:bilkul |kafi |pehle se )?(?:theek|thik|behtar|hosh main|hosh mein) (?:hai|hain|he|hun|hoon|ho gaya|ho gayi|ho gaye)\b"
    r"|اب (?:\S+ ){0,6}اور (?:بالکل |کافی )?(?:ٹھیک|بہتر) (?:ہے|ہیں|ہوں)"
    r"|اب (?:\S+ ){0,3}(?:بالکل |کافی )?(?:ٹھیک|بہتر|ہوش میں) (?:ہے|ہیں|ہوں|ہو گیا|ہو گئی|ہو گئے)"
)
# A present "he's fine" is an outcome only with a word that places it after the event
# ("he's fine now", "luckily she's okay"); "he's not breathing, I'm ok" is no outcome.
_PRESENT = frozenset({"is", "are", "am", "seems", "seem"})
_AFTERWARDS = re.compile(r"\b(?:now|again|since|already|luckily|thankfully|fortunately|in the end|afterwards|after that|turned out)\b")
# After the good outcome, a sign that is still going on: the story is not over.
_STILL_GOING = re.compile(
    r"\b(?:but|still|again|cannot|can not|not breathing|will not|is not (?:waking|responding|breathing))\b"
    # something fresh after it: "the drive was fine, ... my husband's just gone grey"
    r"|\bjust (?:gone|turned|collapsed|fainted|passed out|started)\b|\bright now\b"
    r"|\b(?:lekin|magar|phir se|abhi bhi)\b|(?:لیکن|مگر|پھر سے|ابھی بھی)"
)


# "He was fine an hour ago": a good state before the event is its onset, not its outcome.
_BEFORE_THE_EVENT = re.compile(
    r" (?:\S+ ){0,1}(?:(?:an|a|one|two|half an|\d+) (?:\S+ )?(?:hours?|minutes?) ago|at (?:lunch|breakfast|dinner|tea)|this morning|earlier|until|till|before|yesterday|last night)\b"
)


_HEDGED = re.compile(r"\b(?:i guess|i suppose|i hope|hopefully|surely|i think|probably|is|are)\s*$")


def outcome_resolved(normalised: str) -> bool:
    """The turn tells a medical event that ended well ("... but he's fine now")."""
    for outcome in _OUTCOME_GOOD.finditer(normalised):
        if outcome.group("tense") in ("was", "were") and _BEFORE_THE_EVENT.match(normalised, outcome.end()):
            continue
        if _HEDGED.search(normalised[max(0, outcome.start() - 25) : outcome.start()]):
            continue  # "it stopped so I guess he's fine now?": a hope, not an outcome
        tense = outcome.group("tense")
        if tense in _PRESENT and not _AFTERWARDS.search(normalised[max(0, outcome.start() - 30) : outcome.end() + 15]):
            continue
        if _STILL_GOING.search(normalised, outcome.end()) is None:
            return True
    return False


# --- leave-taking: goodbyes and last days that are ordinary -----------------------------

_LEAVE_TAKING = re.compile(
    r"\b(?:job|jobs|office|at work|colleagues|coworkers|shift|moving (?:house|away|out|to)|trip|holiday|vacation|flight|school"
    r"|class|college|university|graduat\w*|party|wedding|conversation|goodnight|good night|visit\w*|airport|station|departures)\b"
    r"|\b(?:naukri|nokri|daftar|safar|gaon|gaaon|shadi|shaadi|rukhsati|rukhsti|transfer|chutti|chhutti|chuttiyan|flight|party|station|airport)\b"
    r"|(?:دفتر|آفس|نوکری|سفر|گاؤں|شادی|رخصتی|ٹرانسفر|چھٹی|سکول|کالج|پارٹی|اسٹیشن|ایئرپورٹ)"
    # a pilgrimage, or going home from hospital: "kal umrah pe ja rahe hain", "discharge kal hai"
    r"|\b(?:umrah|umra|hajj|haj|ziyarat|pilgrimage|discharge|discharged)\b|(?:عمرہ|عمرے|حج|زیارت|ڈسچارج)"
)


def leave_taking(normalised: str) -> bool:
    """The turn's goodbye or last day belongs to a job, a trip, a move or going to sleep."""
    return _LEAVE_TAKING.search(normalised) is not None


# --- laughter: banter, for threats against others only ----------------------------------

_LAUGHTER = re.compile(
    r"\b(?:ha(?:ha)+h?|he(?:he)+|lol+|lmao+|rofl|jk|just joking|hehe|only joking|just kidding)\b"
    # Laughter typed in Urdu script: "ہاہا", "ہاہاہا".
    r"|(?<!\S)ہا(?:ہا)+(?!\S)"
    # Said as a joke, in romanised Urdu and Urdu script: "mazaak kar raha hoon", "مذاق کر رہا ہوں".
    r"|\b(?:mazak|mazaq|mazaak|mazaaq) (?:kar|kr) (?:raha|rahi|rha|rhi) (?:hun|hoon|hu|tha|thi)\b|مذاق کر (?:رہا|رہی) (?:ہوں|تھا|تھی)"
    # Laughing together, told: "ہم دونوں ہنس پڑے", "sab hans rahe the".
    r"|(?:ہنس|ہنسنے) (?:پڑے|پڑی|پڑا|رہے|رہی|رہا|دیے|دیا|دی)|ہنسی (?:آ|نکل|چھوٹ)|قہقہ"
    r"|\b(?:hans|hass|hasne|hansne) (?:pare|pade|pari|padi|para|pada|rahe|rahi|raha|diye|diya|di)\b|\b(?:hansi|hasi) (?:aa|a|nikal|chhoot|chut)\w*"
)
BANTER_EXPLAINS = frozenset({"harm_to_others"})


def banter(normalised: str) -> bool:
    return _LAUGHTER.search(normalised) is not None


# --- Urdu: a negation after the verbal noun of the act ----------------------------------

# "[خود کو نقصان] پہنچانے کا نہیں سوچا", "[khud ko nuksan] pahunchane ka kabhi nahi socha":
# the act's verbal noun (-نے / -ne) and its genitive come between the match and the negation.
_VERBAL_NOUN_NEGATED = re.compile(
    r"^ (?:\S+ ){0,1}\S+(?:نے|ne|nay|ney) (?:کا|کی|کے|ka|ki|ke) (?:کبھی |بھی |kabhi |bhi ){0,2}(?:نہیں|نہ|nahi|nahin|na|nai)(?= |$)"
)


def negated_verbal_noun(following: str) -> bool:
    """``following`` (the text right after a matched act) negates it through its verbal noun."""
    return _VERBAL_NOUN_NEGATED.search(following) is not None

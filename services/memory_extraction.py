"""Rule-based memory extraction from what the user said.

This extractor always runs (no model, no network): it turns first-person
statements into short third-person memories with a stable ``key`` per slot
("name", "phone", "location", "job", "relationship:sister", "likes:tea") so
the consolidation step can tell a repeat from a contradiction.

It is deliberately conservative: questions ("do I like tea?") yield nothing,
and every capture is bounded so arbitrarily long or garbage input costs
linear time and never raises. The LLM extractor (``memory_llm_extractor``)
adds what rules cannot see; ``merge_extractions`` combines both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from core.models import MemoryKind
from services.memory_dates import describe_date, resolve_date

# Processing limits: spoken turns are short, so anything past these is noise
# and cutting it keeps worst-case cost bounded.
MAX_SENTENCE_CHARS = 600
MAX_SENTENCES = 400
MAX_EXTRACTIONS = 50


@dataclass(slots=True)
class ExtractedMemory:
    """One memory candidate found in a user's words (not yet stored)."""

    kind: MemoryKind
    content: str
    key: str | None = None
    importance: float = 0.5
    occurred_at: datetime | None = None
    # "value" (slot value, e.g. the city), "polarity" for preferences, "extractor".
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Extraction:
    """Everything found in one utterance: memories to save and forget requests."""

    memories: list[ExtractedMemory] = field(default_factory=list)
    # Descriptions of what the user asked to forget ("my phone number").
    forget_requests: list[str] = field(default_factory=list)


# --- text helpers -------------------------------------------------------------

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_QUESTION_START = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(do|does|did|is|are|am|was|were|can|could|would|will|should|shall|"
    r"what|who|whom|whose|where|when|why|how|which|have|has|had|may|might|isn't|aren't|don't|"
    r"doesn't|didn't|won't|wouldn't|can't)\b",
    re.IGNORECASE,
)
# "remember that I ..." / "please note: ..." wrap a statement; the statement is what counts.
_REMEMBER_WRAPPER = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+you\s+|please\s+|hey\s+|ok(?:ay)?\s*,?\s*)*"
    r"(?:remember|note|keep in mind|don't forget|do not forget|make a note)\s*(?:that|:)?\s+",
    re.IGNORECASE,
)
_FORGET_REQUEST = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+|and\s+|also\s+|"
    r"(?:ok(?:ay)?|actually|oh|hmm|wait|no|sorry|um|so|but)\s*,?\s*)*"
    r"(?:forget|delete|erase|remove)\s+(?:about\s+)?(?P<what>.{1,200}?)[\s.!?]*$",
    re.IGNORECASE,
)

_ADVERB = r"(?:(?:really|also|just|actually|absolutely|totally|truly|definitely|kind of|kinda|sort of|still|usually|honestly|genuinely|so|very much)\s+)?"
_NAME_WORD = r"[A-Z][\w'\-]{0,30}"
_PERSON_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
_NOT_NAMES = {
    "I", "A", "An", "The", "Not", "My", "Is", "Name", "Me", "It", "We", "So", "Very", "Just", "Really", "Fine", "Good", "Okay", "Ok",
    "Sorry", "Here", "There", "Back", "Home", "Done", "Ready", "Tired", "Happy", "Sad", "Sure",
    "Going", "Doing", "Feeling", "Trying", "Looking", "Working", "Still", "Also", "Always",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "English", "American", "British", "Muslim", "Christian", "Hindu", "Jewish", "Pakistani",
    "Indian", "Single", "Married", "Vegan", "Vegetarian", "Busy", "Late", "Afraid", "Glad",
}

_IRREGULAR_THIRD = {"have": "has", "do": "does", "go": "goes", "am": "is", "are": "is", "be": "is"}
# Verbs that must not get an -s: modals and common irregular past forms.
_NO_S = {
    "can", "could", "will", "would", "should", "shall", "must", "might", "may", "was", "were",
    "had", "did", "went", "got", "made", "saw", "met", "took", "came", "said", "told", "bought",
    "left", "found", "thought", "felt", "gave", "knew", "lost", "won", "ran", "ate", "drank",
    "wrote", "began", "became", "broke", "brought", "caught", "chose", "fell", "flew", "forgot",
    "grew", "heard", "held", "kept", "led", "paid", "put", "sat", "sent", "slept", "spent",
    "stood", "taught", "understood", "woke", "wore", "used", "need", "ought", "cannot",
}


def _third_person_verb(verb: str) -> str:
    lower = verb.lower()
    if lower in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[lower]
    if lower in _NO_S or lower.endswith(("ed", "n't")) or not lower.isalpha():
        return verb
    if re.search(r"(s|sh|ch|x|z|o)$", lower):
        return verb + "es"
    if re.search(r"[^aeiou]y$", lower):
        return verb[:-1] + "ies"
    return verb + "s"


_CONTRACTIONS = [
    # "My wife and I are ...": a plural subject keeps its verb.
    (re.compile(r"\band I\b(?!\s*')"), "and User"),
    # "We're going to Lahore": the user and whoever they mean by "we".
    (re.compile(r"\bwe\s*'re\b|\bwe are\b", re.IGNORECASE), "User and others are"),
    (re.compile(r"\bwe\s*'ve\b", re.IGNORECASE), "User and others have"),
    (re.compile(r"\bwe\s*'ll\b", re.IGNORECASE), "User and others will"),
    (re.compile(r"\bwe\b(?!\s*')", re.IGNORECASE), "User and others"),
    (re.compile(r"\bI\s*'?m\b|\bI am\b", re.IGNORECASE), "User is"),
    (re.compile(r"\bI\s*'ve\b", re.IGNORECASE), "User has"),
    (re.compile(r"\bI\s*'ll\b", re.IGNORECASE), "User will"),
    (re.compile(r"\bI\s*'d\b", re.IGNORECASE), "User would"),
    (re.compile(r"\bI (?:don't|do not)\b"), "User doesn't"),
    (re.compile(r"\bI (?:didn't|did not)\b"), "User didn't"),
]
_I_VERB = re.compile(rf"\bI\s+({_ADVERB})([A-Za-z']+)")
_POSSESSIVE = re.compile(r"\bmy\b", re.IGNORECASE)
_OBJECT = re.compile(r"\bme\b")
_MINE = re.compile(r"\bmine\b", re.IGNORECASE)
_MYSELF = re.compile(r"\bmyself\b", re.IGNORECASE)
_WE = re.compile(r"\bwe\b", re.IGNORECASE)
_OUR = re.compile(r"\bour\b", re.IGNORECASE)
_OURSELVES = re.compile(r"\bourselves\b", re.IGNORECASE)


def to_third_person(text: str) -> str:
    """Rewrite a first-person clause about the user as "User ..." (best effort)."""
    out = text.strip()
    # "We're visiting our cousins": "our" is the user's and the others' ("their").
    if _WE.search(out):
        out = _OUR.sub(lambda m: "Their" if m.group(0)[0].isupper() else "their", out)
        out = _OURSELVES.sub("themselves", out)
    for pattern, replacement in _CONTRACTIONS:
        out = pattern.sub(replacement, out)
    out = _I_VERB.sub(lambda m: f"User {m.group(1)}{_third_person_verb(m.group(2))}", out)
    out = re.sub(r"\bI\b", "User", out)
    out = _POSSESSIVE.sub("user's", out)
    out = _MYSELF.sub("themselves", out)
    out = _MINE.sub("the user's", out)
    out = _OBJECT.sub("the user", out)
    out = re.sub(r"\s+", " ", out).strip(" ,;:-")
    if out:
        out = out[0].upper() + out[1:]
    if out and out[-1] not in ".!":
        out += "."
    return out


def to_first_person(text: str) -> str:
    """Inverse of to_third_person for stored memories ("User lives in X" -> "I live in X"),
    so the same rules can infer a slot key for content the LLM or a tool wrote."""
    out = re.sub(r"\b(?:the\s+)?user's\b", "my", text, flags=re.IGNORECASE)
    out = re.sub(r"\b(?:the\s+)?user\s+is\b", "I am", out, flags=re.IGNORECASE)
    out = re.sub(r"\b(?:the\s+)?user\s+has\b", "I have", out, flags=re.IGNORECASE)
    out = re.sub(r"\b(?:the\s+)?user\s+does\b", "I do", out, flags=re.IGNORECASE)

    def _verb(match: re.Match[str]) -> str:
        adverb, verb = match.group(1) or "", match.group(2)
        base = verb
        if verb.endswith("ies") and len(verb) > 4:
            base = verb[:-3] + "y"
        elif re.search(r"(sses|shes|ches|xes|zes|oes)$", verb):
            base = verb[:-2]
        elif verb.endswith("s") and not verb.endswith("ss"):
            base = verb[:-1]
        return f"I {adverb}{base}"

    out = re.sub(rf"\b(?:the\s+)?user\s+({_ADVERB})([a-z']+)", _verb, out, flags=re.IGNORECASE)
    return out


def _clean_value(value: str, *, max_words: int = 8) -> str:
    """Trim a captured slot value at clause boundaries and strip filler."""
    value = re.split(
        r"\s*(?:,|;|\b(?:last|next|this|yesterday|today|tomorrow|tonight|recently|ago|since|for (?:a|two|three|\d+)|"
        r"in (?:19|20)\d\d|in (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
        r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b|\.(?:\s|$)|!|\?|\bbecause\b|\bbut\b|\bsince\b|\bwhen\b|\bwhile\b|\bso\b|\bthough\b|\band then\b|\bnow\b$|"
        r"\band (?:my|i|i'm|i've|we|our|he|she|they|also|then|it)\b)",
        value,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    value = re.sub(r"^(?:the|a|an|some|to)\s+", "", value.strip(), flags=re.IGNORECASE)
    value = re.sub(
        r"\s+(?:a lot|very much|so much|too|anymore|these days|nowadays|now|right now|at the moment|originally|"
        r"actually|anyway|currently)$",
        "", value, flags=re.IGNORECASE,
    )
    words = value.split()
    return " ".join(words[:max_words]).strip(" \"'.,")


def _slug(value: str) -> str:
    return re.sub(r"[^\w]+", " ", value.lower()).strip()


def _split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for raw in _SENTENCE_SPLIT.split(text):
        raw = raw.strip()
        while len(raw) > MAX_SENTENCE_CHARS:
            cut = raw.rfind(" ", 0, MAX_SENTENCE_CHARS)
            cut = cut if cut > MAX_SENTENCE_CHARS // 2 else MAX_SENTENCE_CHARS
            sentences.append(raw[:cut])
            raw = raw[cut:].strip()
        if raw:
            sentences.append(raw)
        if len(sentences) >= MAX_SENTENCES:
            break
    return sentences[:MAX_SENTENCES]


def is_question(sentence: str) -> bool:
    """True for questions, with or without a question mark (STT often drops it)."""
    stripped = sentence.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped))


# --- patterns -----------------------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}\b")
_PHONE = re.compile(r"(?<![\w+])(\+?\(?\d[\d\s\-().]{5,22}\d)(?![\w])")
_PHONE_CUE = re.compile(r"\b(phone|number|call|text|whatsapp|cell|mobile|reach|contact|landline)\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Names are matched case-sensitively (a capitalised word), except right after
# "my name is", which is unambiguous enough to accept an uncapitalised STT transcript
# (and see _cased for sentences written all in lower case).
_INTRODUCTION = re.compile(
    rf"^(?:(?i:hi|hello|hey)\b[\s,!]*(?:(?i:there)[\s,!]*)?)?(?:I'm|I am|(?i:this is))\s+({_PERSON_NAME})\s*(?:[,.!]|\band\b|$)"
)
_NAME_PATTERNS = [
    re.compile(rf"\b(?i:my name(?:'s| is))\s+([A-Za-z][\w'\-]{{0,30}}(?:\s+{_NAME_WORD}){{0,2}})"),
    re.compile(rf"\b(?i:call me|people call me|everyone calls me)\s+({_PERSON_NAME})"),
    _INTRODUCTION,
]

# A sentence typed or transcribed all in lower case ("hi i'm maya, i have an
# interview on friday") has no capital to mark a name or the pronoun "I", which
# most rules look for. _cased restores the pronoun, and a name where only a name
# fits: a single word closing a greeting's "i'm ..." or a "call me ...", that is
# not one of the words people say there instead ("hi i'm back", "call me later").
_LOWER_PRONOUN = {"i": "I", "i'm": "I'm", "im": "I'm", "i've": "I've", "ive": "I've", "i'll": "I'll", "i'd": "I'd"}
_LOWER_PRONOUN_WORD = re.compile(r"(?<![\w'])(?:i'm|im|i've|ive|i'll|i'd|i)(?![\w'])")
_LOWER_NAME_SLOT = re.compile(
    r"(?:^(?:(?:hi|hello|hey)\b[\s,!]*(?:there[\s,!]*)?)?(?:I'm|I am|this is)|\b(?:call me|people call me|everyone calls me))"
    r"\s+(?P<name>[a-z][a-z'\-]{1,30})(?=\s*(?:[,.!]|\band\b|$))"
)
# Days and months are always capitalised ("may" and "march" are verbs too: left).
_LOWER_CALENDAR_WORD = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|july|"
    r"august|september|october|november|december)\b"
)
_NOT_LOWER_NAMES = {
    "fine", "good", "great", "ok", "okay", "alright", "well", "sick", "ill", "bored", "tired", "hungry",
    "thirsty", "sleepy", "angry", "upset", "lonely", "scared", "afraid", "nervous", "excited", "stressed",
    "worried", "sorry", "sure", "new", "back", "home", "here", "there", "up", "down", "out", "in", "on",
    "off", "free", "ready", "late", "early", "done", "alive", "awake", "alone", "busy", "cold", "hot",
    "warm", "sad", "happy", "glad", "mad", "better", "worse", "not", "just", "so", "very", "really",
    "still", "also", "a", "an", "the", "it", "me", "you", "him", "her", "them", "that", "this", "what",
    "who", "right", "wrong", "serious", "human", "real", "calm", "cool", "old", "young", "single",
    "married", "pregnant", "retired", "broke", "drunk", "high", "sober", "fat", "thin", "short", "tall",
    "later", "tomorrow", "tonight", "today", "now", "soon", "anytime", "sometime", "whenever", "again",
    "please", "maybe", "crazy", "weird", "silly", "stupid", "old-fashioned", "lazy", "shy", "ok-ish",
    "fine-ish", "beat", "wiped", "sick-ish", "fit", "safe", "lost", "stuck", "hurt", "sorted", "set",
    "game", "in-between", "meh", "ready-ish", "too", "all", "both", "any", "some", "everyone", "nobody",
    # Words that open "i'm half asleep", "i'm dead tired": never the first of two names.
    "half", "dead", "super", "pretty", "quite", "kinda", "sorta", "totally", "completely", "absolutely",
    "bit", "little", "almost", "nearly", "kind", "sort", "asleep", "at", "with", "from", "by", "for", "to",
    "into", "about", "over", "like", "as", "of", "literally", "honestly", "actually", "finally", "always",
    "never", "sometimes", "officially", "mostly", "mainly", "feeling", "being",
}
# Two words after a greeting's "i'm" ("hi i'm maya khan"), both plausible names.
_LOWER_FULL_NAME_SLOT = re.compile(
    r"^(?:hi|hello|hey)\b[\s,!]*(?:there[\s,!]*)?(?:I'm|I am|this is)"
    r"\s+(?P<name>[a-z][a-z'\-]{1,30}\s+[a-z][a-z'\-]{1,30})(?=\s*(?:[,.!]|\band\b|$))"
)
_NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
}
# Given names, in the languages the agent speaks, that end like an adjective or
# a participle (the _NOT_NAME_ENDINGS test below would refuse them).
_NAMES_WITH_ADJECTIVE_ENDINGS = {
    "ahmed", "mohammed", "muhammed", "javed", "naveed", "saeed", "rasheed", "waleed", "fareed", "hamed",
    "majed", "khaled", "zaved", "danish", "ashish", "manish", "harish", "satish", "anish", "girish",
    "emily", "kelly", "molly", "holly", "sally", "billy", "polly", "shelly", "beverly", "kimberly", "dolly",
    "nelly", "tilly", "milly", "lilly", "charly", "clive", "olive", "ernest", "forrest", "sterling", "irving",
}
_NOT_NAME_ENDINGS = ("ing", "ed", "ly", "ful", "less", "ous", "ive", "able", "ible", "ish", "est", "ness")


def _cased(sentence: str) -> str:
    """``sentence`` as the rules expect it, if it was written all in lower case."""
    if any(char.isupper() for char in sentence):
        return sentence
    out = _LOWER_PRONOUN_WORD.sub(lambda m: _LOWER_PRONOUN[m.group(0)], sentence)
    out = _LOWER_CALENDAR_WORD.sub(lambda m: m.group(0).capitalize(), out)
    match = _LOWER_FULL_NAME_SLOT.search(out) or _LOWER_NAME_SLOT.search(out)
    words = match.group("name").split() if match else []
    if match and all(_plausible_lower_name(word, surname=index > 0) for index, word in enumerate(words)):
        name = " ".join(word.capitalize() for word in match.group("name").split())
        out = out[: match.start("name")] + name + out[match.end("name"):]
    return out


def _plausible_lower_name(word: str, *, surname: bool = False) -> bool:
    """Whether a lower-case word where a name fits can be one ("maya", not "exhausted").

    A surname after a plausible first name skips the ending test: "ahmed",
    "fleming" or "manning" there is a name, not how someone feels."""
    if word in _NOT_LOWER_NAMES or word.capitalize() in _NOT_NAMES or word in _NUMBER_WORDS:
        return False
    if surname or word in _NAMES_WITH_ADJECTIVE_ENDINGS:
        return True
    return not (len(word) > 4 and word.endswith(_NOT_NAME_ENDINGS))


def _after_introduction(sentence: str) -> str:
    """What follows a leading self-introduction ("Hi, I'm Maya, I have an
    interview on Friday" -> "I have an interview on Friday"): the other rules
    read that, so an event is not written as "Hi, User is Maya, User has ..."."""
    match = _INTRODUCTION.match(sentence)
    if not match or match.group(1).split()[0] in _NOT_NAMES:
        return sentence
    return sentence[match.end():].lstrip(" ,.!")

_LOCATION_PATTERNS = [
    ("moved", re.compile(r"\bI(?:'ve| have)?\s+(?:just\s+|recently\s+|finally\s+)?(?:moved|relocated)\s+(?:back\s+)?to\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("live", re.compile(r"\bI\s+(?:now\s+|currently\s+|still\s+)?(?:live|reside|stay)\s+in\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("live", re.compile(r"\bI(?:'m| am)\s+(?:now\s+|currently\s+)?(?:living|based|staying)\s+in\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("from", re.compile(r"\bI(?:'m| am)\s+(?:originally\s+)?from\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("from", re.compile(r"\bI\s+(?:come|came)\s+from\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
]
_LOCATION_TEMPLATES = {"moved": "User moved to {v}.", "live": "User lives in {v}.", "from": "User is from {v}."}

_JOB_PATTERNS = [
    ("as", re.compile(r"\bI\s+(?:now\s+|currently\s+|still\s+)?work\s+as\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("as", re.compile(r"\bI(?:'m| am)\s+(?:now\s+|currently\s+)?working\s+as\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("at", re.compile(r"\bI\s+(?:now\s+|currently\s+|still\s+)?work\s+(?:at|for)\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("at", re.compile(r"\bI(?:'m| am)\s+(?:now\s+|currently\s+)?working\s+(?:at|for)\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("at", re.compile(r"\bI\s+(?:just\s+)?(?:got|started|landed|accepted)\s+a\s+(?:new\s+)?job\s+(?:at|with)\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("as", re.compile(r"\bI\s+(?:just\s+)?(?:got|started|landed|accepted)\s+a\s+(?:new\s+)?job\s+as\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
    ("as", re.compile(r"\bmy (?:job|profession|occupation) is\s+(?P<v>[^.,;!?]{1,80})", re.IGNORECASE)),
]

_RELATIONS = (
    "best friend|girlfriend|boyfriend|fiancée|fiancee|fiancé|fiance|husband|wife|partner|spouse|"
    "sister|brother|mother|mom|mum|father|dad|son|daughter|grandmother|grandma|grandfather|grandpa|"
    "aunt|uncle|cousin|niece|nephew|friend|boss|manager|colleague|coworker|roommate|flatmate|"
    "neighbor|neighbour|teacher|therapist|doctor|dog|cat|puppy|kitten|pet|parrot|bird|hamster|rabbit"
)
_RELATION_CANON = {"mom": "mother", "mum": "mother", "dad": "father", "grandma": "grandmother",
                   "grandpa": "grandfather", "fiancée": "fiancee", "fiancé": "fiance", "fiance": "fiance",
                   "neighbour": "neighbor", "coworker": "colleague", "puppy": "dog", "kitten": "cat"}
_RELATION_ADJ = r"(?:(?i:little|big|older|younger|new|baby|twin|elder)\s+)?"
# Case-sensitive on the name: "my boss is Tariq" names someone, "my boss is strict" does not.
_RELATION_PATTERNS = [
    re.compile(rf"\b(?i:my)\s+{_RELATION_ADJ}(?P<rel>(?i:{_RELATIONS}))(?i:'s name is|\s+is\s+(?:named|called)|\s+is|\s+(?:named|called))\s+(?P<name>{_PERSON_NAME})"),
    re.compile(rf"\b(?i:my)\s+{_RELATION_ADJ}(?P<rel>(?i:{_RELATIONS})),?\s+(?P<name>{_PERSON_NAME})\b"),
    re.compile(rf"\b(?P<name>{_PERSON_NAME})\s+is\s+my\s+{_RELATION_ADJ}(?P<rel>(?i:{_RELATIONS}))\b"),
]

_PREFERENCE = re.compile(
    rf"\bI\s+{_ADVERB}(?P<verb>like|love|enjoy|adore|hate|dislike|detest|loathe|can't stand|cannot stand|can not stand|"
    rf"don't like|do not like|don't enjoy|do not enjoy|prefer|am into|'m into|am a (?:big )?fan of|'m a (?:big )?fan of)\s+"
    r"(?P<thing>[^.;!?]{1,120})",
    re.IGNORECASE,
)
_POLARITY = {
    "like": ("positive", "likes"), "love": ("positive", "loves"), "enjoy": ("positive", "enjoys"),
    "adore": ("positive", "adores"), "prefer": ("positive", "prefers"), "am into": ("positive", "is into"),
    "'m into": ("positive", "is into"), "hate": ("negative", "hates"), "dislike": ("negative", "dislikes"),
    "detest": ("negative", "detests"), "loathe": ("negative", "loathes"),
    "can't stand": ("negative", "can't stand"), "cannot stand": ("negative", "can't stand"),
    "can not stand": ("negative", "can't stand"), "don't like": ("negative", "doesn't like"),
    "do not like": ("negative", "doesn't like"), "don't enjoy": ("negative", "doesn't enjoy"),
    "do not enjoy": ("negative", "doesn't enjoy"),
}
# "I like to think that..." / "I'd like ..." are not preferences.
_PREFERENCE_FALSE_THINGS = re.compile(r"^(?:to think|to say|to know|to ask|it when you|that|this|you|it)\b", re.IGNORECASE)

_GOAL = re.compile(
    r"\b(?:I\s+(?:really\s+)?(?:want|wanna|hope|plan|intend|aim|need)\s+to|I(?:'m| am)\s+(?:trying|planning|hoping|going)\s+to|"
    r"we\s+(?:really\s+)?(?:want|hope|plan|intend|need)\s+to|we(?:'re| are)\s+(?:trying|planning|hoping|going)\s+to|"
    r"I(?:'d| would) (?:really )?(?:like|love) to|my (?:goal|dream|plan|resolution) is to|my (?:goal|dream|plan) is)\s+"
    r"(?P<v>[^.;!?]{3,150})",
    re.IGNORECASE,
)

_EVENT_SUBJECT = re.compile(r"\b(I|I'm|I've|I'll|my|we|we're|our)\b", re.IGNORECASE)
_EVENT_NOUN = re.compile(
    r"\b(?:I\s+(?:have|'ve got|have got|got)\s+(?:a|an|my|the)\s+|my\s+)(?:(?:big|final|first|job|doctor's|dentist)\s+)?"
    r"(?P<noun>[a-z][a-z'\-]{2,30})\b",
    re.IGNORECASE,
)
_GOING_TO_EVENT = re.compile(r"\bI(?:'m| am| will|'ll)\s+(?:going|flying|travel(?:l)?ing|driving|heading|moving)\b", re.IGNORECASE)


# --- the extractor ------------------------------------------------------------


class RuleBasedExtractor:
    """Regex/heuristic extraction; no model, safe on any input."""

    def extract(self, text: str, *, now: datetime | None = None) -> Extraction:
        """Extract memories and forget requests from one user utterance."""
        result = Extraction()
        if not isinstance(text, str) or not text.strip():
            return result
        for sentence in _split_sentences(text):
            forget = _FORGET_REQUEST.match(sentence)
            if forget:
                what = forget.group("what").strip()
                if what and not re.fullmatch(r"(?:it|about it|everything|nothing)", what, re.IGNORECASE):
                    result.forget_requests.append(what)
                continue
            unwrapped = _REMEMBER_WRAPPER.sub("", sentence, count=1)
            if unwrapped == sentence and is_question(sentence):
                continue
            result.memories.extend(self._from_sentence(unwrapped.strip(" ?"), now))
            if len(result.memories) >= MAX_EXTRACTIONS:
                break
        result.memories = dedupe(result.memories)[:MAX_EXTRACTIONS]
        return result

    def infer_slot(self, content: str) -> ExtractedMemory | None:
        """The slot (key) a stored sentence fills, e.g. "User lives in Lahore" -> location.

        Used when a tool saves a memory without a key so contradiction
        detection still works.
        """
        found = self._from_sentence(to_first_person(content), None)
        keyed = [m for m in found if m.key and m.kind is not MemoryKind.EVENT]
        return keyed[0] if len(keyed) == 1 else None

    # Each finder returns zero or more memories for one sentence.
    def _from_sentence(self, sentence: str, now: datetime | None) -> list[ExtractedMemory]:
        typed_lower = not any(char.isupper() for char in sentence)
        sentence = _cased(sentence)
        found: list[ExtractedMemory] = _names(sentence)
        if found:
            sentence = _after_introduction(sentence)
        for finder in (_emails, _phones, _locations, _jobs, _relationships, _preferences, _goals):
            found.extend(finder(sentence))
        if typed_lower:
            found = [_with_place_capitalised(memory, sentence) for memory in found]
        event = _event(sentence, now, found)
        if event is not None:
            # "I'm going to Lahore in June": the plan with its date is the
            # event; the same words as an undated goal would be a second copy.
            undated = event.content.rsplit(" (", 1)[0]
            found = [m for m in found if not (m.kind is MemoryKind.GOAL and undated.endswith(m.content.rstrip(".")))]
            found.append(event)
        for memory in found:
            memory.metadata.setdefault("extractor", "rules")
        return found


def _names(sentence: str) -> list[ExtractedMemory]:
    for pattern in _NAME_PATTERNS:
        match = pattern.search(sentence)
        if match:
            name = " ".join(w[:1].upper() + w[1:] for w in match.group(1).split())
            words = [w for w in name.split() if w not in _NOT_NAMES]
            if not words or name.split()[0] in _NOT_NAMES:
                continue
            name = " ".join(words)
            return [ExtractedMemory(MemoryKind.FACT, f"User's name is {name}.", "name", 0.9,
                                    metadata={"value": name})]
    return []


def _emails(sentence: str) -> list[ExtractedMemory]:
    out = []
    for match in _EMAIL.finditer(sentence):
        email = match.group(0)
        out.append(ExtractedMemory(MemoryKind.FACT, f"User's email address is {email}.", "email", 0.8,
                                   metadata={"value": email.lower()}))
    return out[:1]


def _phones(sentence: str) -> list[ExtractedMemory]:
    has_cue = bool(_PHONE_CUE.search(sentence))
    for match in _PHONE.finditer(sentence):
        raw = match.group(1).strip(" -.")
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or _ISO_DATE.match(raw):
            continue
        if not (has_cue or raw.startswith("+") or len(digits) >= 10):
            continue
        if re.fullmatch(r"(19|20)\d\d", digits[:4]) and not has_cue and not raw.startswith("+"):
            continue  # looks like a year-led number, not a phone
        return [ExtractedMemory(MemoryKind.FACT, f"User's phone number is {raw}.", "phone", 0.8,
                                metadata={"value": ("+" if raw.startswith("+") else "") + digits})]
    return []


def _locations(sentence: str) -> list[ExtractedMemory]:
    found: dict[str, ExtractedMemory] = {}
    for how, pattern in _LOCATION_PATTERNS:
        match = pattern.search(sentence)
        if not match:
            continue
        value = _clean_value(match.group("v"), max_words=5)
        if not value or value.lower() in {"here", "there", "a", "the", "it"}:
            continue
        # Where the user lives now beats where they come from, within one sentence.
        if "location" in found and how == "from":
            continue
        found["location"] = ExtractedMemory(
            MemoryKind.FACT, _LOCATION_TEMPLATES[how].format(v=value), "location", 0.8,
            metadata={"value": value, "relation": how},
        )
    return list(found.values())


# A place in a sentence typed all in lower case ("i live in lahore", "i moved
# to new york") is a name that lost its capitals, unless its words say it is a
# common noun: a determiner before it ("in a small town", "in my parents'
# house") or a word for a kind of place ("in town", "in the suburbs").
_PLACE_DETERMINER = r"(?:a|an|the|my|our|his|her|their|your|some|this|that|one|another)"
_KINDS_OF_PLACE = {
    "town", "city", "village", "country", "countryside", "suburb", "suburbs", "house", "flat", "apartment",
    "dorm", "dorms", "hostel", "area", "neighbourhood", "neighborhood", "place", "home", "centre", "center",
    "downtown", "uptown", "abroad", "north", "south", "east", "west", "here", "there", "street", "road",
    "building", "block", "campus", "hall", "halls", "room", "basement", "cottage", "farm", "island", "coast",
    "mountains", "hills", "valley", "capital", "state", "province", "region", "district", "quarter", "estate",
}
_PLACE_NAME_PARTICLES = {"of", "and", "upon", "on", "de", "del", "la", "le", "al", "el", "ul", "e", "da", "van", "von"}


def _with_place_capitalised(memory: ExtractedMemory, sentence: str) -> ExtractedMemory:
    """``memory`` with its place capitalised, if it is a location that reads as a name."""
    value = memory.metadata.get("value")
    relation = memory.metadata.get("relation")
    if memory.key != "location" or not isinstance(value, str) or relation not in _LOCATION_TEMPLATES:
        return memory
    words = value.split()
    if not words or not all(re.fullmatch(r"[a-z][a-z'\-]*", word) for word in words):
        return memory
    if any(word in _KINDS_OF_PLACE for word in words) or words[0] in _PLACE_NAME_PARTICLES:
        return memory
    if re.search(rf"\b{_PLACE_DETERMINER}\s+{re.escape(value)}\b", sentence):
        return memory
    place = " ".join(word if word in _PLACE_NAME_PARTICLES else word[:1].upper() + word[1:] for word in words)
    return replace(
        memory, content=_LOCATION_TEMPLATES[relation].format(v=place), metadata={**memory.metadata, "value": place}
    )


def _jobs(sentence: str) -> list[ExtractedMemory]:
    for how, pattern in _JOB_PATTERNS:
        match = pattern.search(sentence)
        if not match:
            continue
        value = _clean_value(match.group("v"), max_words=8)
        if not value:
            continue
        if how == "as":
            article = "" if re.match(r"^(?:a|an|the)\b", value, re.IGNORECASE) else ("an " if value[0].lower() in "aeiou" else "a ")
            content = f"User works as {article}{value}."
        else:
            content = f"User works at {value}."
        return [ExtractedMemory(MemoryKind.FACT, content, "job", 0.75, metadata={"value": value})]
    return []


def _relationships(sentence: str) -> list[ExtractedMemory]:
    out: list[ExtractedMemory] = []
    seen: set[str] = set()
    for pattern in _RELATION_PATTERNS:
        for match in pattern.finditer(sentence):
            relation = match.group("rel").lower()
            relation = _RELATION_CANON.get(relation, relation)
            name_words = [w for w in match.group("name").split() if w not in _NOT_NAMES]
            if not name_words or match.group("name").split()[0] in _NOT_NAMES or relation in seen:
                continue
            name = " ".join(name_words)
            seen.add(relation)
            out.append(ExtractedMemory(
                MemoryKind.RELATIONSHIP, f"User's {relation} is named {name}.",
                f"relationship:{relation}", 0.75, metadata={"value": name, "relation": relation},
            ))
    return out


def _preferences(sentence: str) -> list[ExtractedMemory]:
    out: list[ExtractedMemory] = []
    for match in _PREFERENCE.finditer(sentence):
        verb = re.sub(r"\s+", " ", match.group("verb").lower())
        thing_raw = match.group("thing")
        if _PREFERENCE_FALSE_THINGS.match(thing_raw):
            continue
        over = None
        if verb == "prefer":
            parts = re.split(r"\s+(?:over|to|rather than|instead of)\s+", thing_raw, maxsplit=1)
            thing_raw = parts[0]
            if len(parts) > 1:
                over = _clean_value(parts[1], max_words=6)
        thing = _clean_value(thing_raw, max_words=6)
        if not thing:
            continue
        polarity, phrase = _POLARITY.get(verb, ("positive", "likes"))
        content = f"User {phrase} {thing}" + (f" over {over}" if over else "") + "."
        metadata: dict[str, Any] = {"value": _slug(thing), "polarity": polarity, "verb": verb}
        if over:
            metadata["over"] = over
        out.append(ExtractedMemory(MemoryKind.PREFERENCE, content, f"likes:{_slug(thing)}", 0.6,
                                   metadata=metadata))
    return out


def _goals(sentence: str) -> list[ExtractedMemory]:
    match = _GOAL.search(sentence)
    if not match:
        return []
    value = _clean_value(match.group("v"), max_words=12)
    if len(value) < 3 or value.lower().startswith(("know", "ask", "say", "tell you", "talk")):
        return []
    content = to_third_person(sentence[match.start():].split(",")[0])
    return [ExtractedMemory(MemoryKind.GOAL, content, f"goal:{_slug(value)[:60]}", 0.65,
                            metadata={"value": value})]


def _event(sentence: str, now: datetime | None, already: list[ExtractedMemory]) -> ExtractedMemory | None:
    """A dated plan or happening about the user ("I have an interview on Friday")."""
    if not _EVENT_SUBJECT.search(sentence):
        return None
    resolved = resolve_date(sentence, now)
    if resolved is None:
        return None
    content = to_third_person(sentence).rstrip(".")
    content = f"{content} ({resolved.description or describe_date(resolved.when)})."
    noun_match = _EVENT_NOUN.search(sentence)
    key = None
    if noun_match and noun_match.group("noun").lower() not in {"name", "phone", "number", "email", "sister",
                                                               "brother", "mom", "dad", "wife", "husband"}:
        key = f"event:{noun_match.group('noun').lower()}"
    elif _GOING_TO_EVENT.search(sentence):
        key = None
    return ExtractedMemory(MemoryKind.EVENT, content, key, 0.7, occurred_at=resolved.when,
                           metadata={"date_phrase": resolved.phrase})


# --- merging ------------------------------------------------------------------


def _content_signature(memory: ExtractedMemory) -> str:
    return _slug(memory.content)


def dedupe(memories: list[ExtractedMemory]) -> list[ExtractedMemory]:
    """Drop repeats within one extraction: same key (last wins: later words
    correct earlier ones) or same normalised content."""
    by_key: dict[str, int] = {}
    by_content: set[str] = set()
    out: list[ExtractedMemory] = []
    for memory in memories:
        signature = _content_signature(memory)
        if memory.key and memory.key in by_key:
            out[by_key[memory.key]] = memory
            continue
        if signature in by_content:
            continue
        by_content.add(signature)
        if memory.key:
            by_key[memory.key] = len(out)
        out.append(memory)
    return out


def merge_extractions(rules: Extraction, llm: Extraction | None) -> Extraction:
    """Combine rule and LLM results. Rules win on shared keys (they are exact
    about values like phone numbers); the LLM adds what rules missed."""
    if llm is None:
        return rules
    keys = {m.key for m in rules.memories if m.key}
    signatures = {_content_signature(m) for m in rules.memories}
    merged = list(rules.memories)
    for memory in llm.memories:
        if (memory.key and memory.key in keys) or _content_signature(memory) in signatures:
            continue
        merged.append(memory)
    forgets = list(dict.fromkeys(rules.forget_requests + llm.forget_requests))
    return Extraction(memories=dedupe(merged)[:MAX_EXTRACTIONS], forget_requests=forgets)

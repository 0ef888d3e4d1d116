"""The fast safety screen: crisis signals in one user turn, by pattern.

Runs on every user turn before the reply, so it is pure, synchronous and cheap
(precompiled patterns over one normalised string; well under a millisecond on
a spoken sentence). It covers four categories in English, Urdu script and
romanised Urdu:

- ``self_harm``: suicidal intent or self-harm, said outright ("I want to kill
  myself") or indirectly ("everyone would be better off without me");
- ``harm_to_others``: intent to hurt someone else;
- ``abuse_danger``: being hurt, threatened or in danger now;
- ``medical_emergency``: an emergency happening now (not medical talk).

Ordinary speech must not trip it: figures of speech ("this traffic is killing
me", "I'm dying to see that film"), sadness, grief, anger, past illness and
talk *about* these subjects (a documentary on suicide prevention). Those are
removed first (``_FIGURES_OF_SPEECH``, ``_ABOUT_THE_SUBJECT``), then the
category patterns run on what is left.

A screen by pattern is a first line, not a judge: where an LLM is configured,
``safety_classifier`` confirms what this screen flags and looks again at what
it passed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import Enum

from services import regex_prefilter, safety_broad_rules, safety_composition, safety_context


class CrisisCategory(str, Enum):
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    ABUSE_DANGER = "abuse_danger"
    MEDICAL_EMERGENCY = "medical_emergency"


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """What the screen found in one turn: the strongest category, or none."""

    category: CrisisCategory | None
    confidence: float
    # "explicit" (said outright) or "indirect" (a recognised indirect sign).
    signal: str | None = None
    # The pattern family that matched, for logs and the benchmark; never user text.
    rule: str | None = None
    # What the turn was found to be instead (set only when nothing matched): a
    # figure of speech, talk about the subject or a benign context ("as a
    # joke") was removed or seen; medical talk is about the past. The semantic
    # stage (``safety_semantic``) defers to these: it cannot tell an idiom from
    # its literal reading as well as the patterns that name the idiom.
    figurative: bool = False
    medical_history: bool = False
    # A crisis rule matched but a negation in its scope cancelled it ("I'd never
    # hurt myself", "خود کو نقصان نہیں پہنچاؤں گا"): the semantic stage defers to
    # this too, since a sentence vector barely moves with a "not".
    negated: bool = False
    # Self-harm told as a past the speaker has left behind ("ایک بار بہت زیادہ گولیاں کھا لی
    # تھیں، اب بارہ سال ہو گئے"): the screen's self-harm rules do not apply, and the meaning
    # stages defer to it for self-harm as they do to medical history for an emergency.
    past_self_harm: bool = False

    @property
    def flagged(self) -> bool:
        return self.category is not None


NOT_FLAGGED = ScreenResult(None, 0.0)

# --- normalisation ----------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_CONTRACTIONS = [
    (r"\bi'm\b", "i am"),
    (r"\bim\b", "i am"),
    (r"\bi've\b", "i have"),
    (r"\bi'll\b", "i will"),
    (r"\bi'd\b", "i would"),
    (r"\bcan't\b|\bcant\b|\bcan not\b", "cannot"),
    (r"\bwon't\b|\bwont\b", "will not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\b(he|she|it|that|there|what|who)'s\b", r"\1 is"),
    # "someone's been", "my son's been fitting", "she's had": 's before a participle is
    # "has"/"is", not a possessive ("my mum's boyfriend" stays).
    (r"\b(\w+)'s (been|got|gone|done|had)\b", r"\1 has \2"),
    (r"\b(\w+)'s (\w+ing)\b", r"\1 is \2"),
    (r"\b(they|we|you)'re\b", r"\1 are"),
    (r"\b(he|she|they|we|you)'ll\b", r"\1 will"),
    (r"\b(he|she|they|we|you)'d\b", r"\1 would"),
    # Speech-to-text drops apostrophes: "wasnt", "doesnt", "theyll"; "ill" is "I will" only before a verb.
    (r"\b(was|is|were|are|does|do|did|would|could|should|has|have|had|must|need)nt\b", r"\1 not"),
    (r"\bill (?=(be|beat|kill|do|hurt|make|go|never|just|end|take|get|find|show|shoot|stab|jump|burn)\b)", "i will "),
    (r"\bive\b", "i have"),
    (r"\b(they|you)ll\b", r"\1 will"),  # not "hell", "shell", "well"
    (r"\b(they|you)re\b", r"\1 are"),  # not "were"
    (r"\b(what|that|there|who)s\b", r"\1 is"),
    # Chat shorthand and euphemisms for the act itself.
    (r"\bkms\b", "kill myself"),
    (r"\bunalive\b", "kill"),
    (r"\bgonna\b|\bgona\b|\bgunna\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bgotta\b", "have to"),
    (r"\bu\b", "you"),
    (r"\bmyslef\b|\bmy self\b", "myself"),
    (r"\bsomone\b|\bsomeon\b|\bsomeome\b", "someone"),
    (r"\bsombody\b|\bsomebdy\b|\bsomebod\b", "somebody"),
]
# Each with the literals one of which it cannot match without (``regex_prefilter``, read from
# its parse tree; None when none is proven): a turn that holds none skips the substitution,
# so normalising costs a few substring checks for the many contractions a turn does not have.
_CONTRACTION_PATTERNS = [
    (pattern, replacement, regex_prefilter.required_literals(pattern))
    for pattern, replacement in ((re.compile(p), r) for p, r in _CONTRACTIONS)
]
# Urdu written with Arabic-script variants of the same letters (Arabic yeh/kaf/heh).
_URDU_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0647": "\u06c1", "\u0649": "\u06cc"})
_URDU_MARKS = re.compile("[\u064b-\u065f\u0670]")  # harakat: optional vowel marks


_STRETCHED = re.compile(r"([a-z])\1{2,}")
_PUNCTUATION = re.compile(r"[^\w\s']")
_PUNCTUATION_BUT_MARKS = re.compile(r"[^\w\s'|]")
_SPACES = re.compile(r"\s+")


def normalise(text: str, *, keep_breaks: bool = False) -> str:
    """Lower-case, compatibility-folded, contraction-expanded, single-spaced text.

    ``keep_breaks`` leaves a ``|`` where a sentence or clause ended (see
    ``safety_composition.clauses``), so a turn is normalised once, not once per clause."""
    folded = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_APOSTROPHES)
    folded = _URDU_MARKS.sub("", folded.translate(_URDU_LETTERS)).casefold()
    for pattern, replacement, needs in _CONTRACTION_PATTERNS:
        if needs is None or any(literal in folded for literal in needs):
            folded = pattern.sub(replacement, folded)
    # Stretched letters ("sooo", "pleeease") to two; punctuation to spaces.
    folded = _STRETCHED.sub(r"\1\1", folded)
    if keep_breaks:
        folded = _PUNCTUATION_BUT_MARKS.sub(" ", safety_composition.CLAUSE_PUNCTUATION.sub(" | ", folded))
    else:
        folded = _PUNCTUATION.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


# --- what is not a crisis ---------------------------------------------------

# Exasperation's two halves: the trivial thing heard once more, and the act threatened over it.
_ONCE_MORE = r"(hear|see|watch|listen to|sit through|read|answer|explain|do) (\S+ ){0,8}(one more time|once more|again)\b"
_EXASPERATED_ACT = r"\bi (will|would|am going to) ((kill|shoot|hang|strangle) myself|jump (out of|out|off) (a|the) (window|roof|bridge|building))"

# Figures of speech that use crisis words. Removed before the category
# patterns run, so "I'm dying to see it" cannot read as "dying".
_FIGURES_OF_SPEECH = [
    r"\b(is|are|was|were|will be|would be) killing me",
    r"killing (it|time)\b",
    r"kill(ed|s)? (it|time)\b",
    r"(could|would) (kill|murder) (for|a|an|some)\b",
    r"dying (to|for)\b|dying of (laughter|embarrassment|boredom|curiosity|hunger|thirst|heat)",
    r"(to )?die for\b",
    r"(died|dying|die) (of|from|with|laughing) (laughter|laughing|embarrassment|shame|boredom|cuteness)",
    r"(nearly|almost) died (laughing|of)",
    # A near miss did not happen: "I nearly fainted when they took blood".
    r"\b(nearly|almost) (fainted|passed out|blacked out|collapsed|choked|drowned)\b",
    # Exasperation, either way round: "if I have to hear that song one more time I'll shoot myself",
    # "I'll jump out of a window if I hear it once more".
    rf"\bif i (have to |hear |see )?{_ONCE_MORE} (\S+ ){{0,2}}{_EXASPERATED_ACT}\b",
    rf"{_EXASPERATED_ACT} if i (have to )?{_ONCE_MORE}",
    # Affection and exasperation with a partner: "I could kill him. Lovingly."
    r"\b(kill|murder|strangle|throttle) (him|her|them|you|my \w+)( \S+){0,1} (lovingly|affectionately|with love)\b",
    r"(گلا دبا|مار|قتل کر) (دوں|دوں گی|دوں گا)( \S+){0,1} پیار سے|\b(gala daba|maar|mar|qatal kar) (dun|dungi|dunga|doon)( \S+){0,1} (pyar|piyar|pyaar) se\b",
    # The forty days' rest after a birth (chilla) kept indoors: "چلے کے ... کمرے میں بند ہو کر پاگل ہو رہی ہوں".
    r"(چلے|چلہ|چالیس دن)( \S+){0,12} بند ہو کر|\b(chille|chilla|chilay|chalis din|chaalis din)\b( \S+){0,12} band ho (kar|ke)\b",
    # Telling a gag from choking: "gagging versus choking, how do I tell the difference?"
    r"\b(gagging|gag|gags) (versus|vs|or|and|from) chok\w*\b|\bchok\w* (versus|vs|or|from) gag\w*\b",
    # Anger told as a past wish: "غصہ آیا کہ دل کیا جیٹھانی کا گلا دبا دوں", "gussa aya ke dil kiya uska gala daba dun".
    r"غصہ آیا (کہ )?دل کیا (کہ )?(\S+ ){0,4}(گلا دبا|مار|قتل کر|تھپڑ)\S*( (دوں|دے دوں))?",
    r"\b(gussa|ghussa) (aya|aaya) (ke|keh|kay) dil kiya (ke )?(\S+ ){0,4}(gala daba|maar|mar|qatal|thappar)\w*( (dun|du|doon))?",
    # A scream threatened at a baby who wakes again: "main cheekh maar dungi", "I'll scream".
    r"\b(cheekh|chikh|cheekhen) (maar|mar) (dungi|dunga|dun|doon)\b",
    # Trapped under a sleeping baby; a body part "destroyed" by feeding.
    r"\b(trapped|stuck|pinned) under (him|her|the baby|them)\b",
    r"\b(nipples|boobs|back|body) (are|is) (destroyed|wrecked|ruined|dead)\b",
    # Safety questions and things read about: "which toys are choking hazards", "I read about a toddler who swallowed ...".
    r"\bchoking (hazard|hazards|risk|risks)\b",
    r"\b(read|heard|saw|seen|watched) (a |an |the )?(story |article |post |video |news |report )?(about|of|that) (a|an|the|this|some) (\w+ ){0,3}(who|that|whose) (\S+ ){0,6}",
    # An ex's violence, over: "my ex used to hit me, years ago".
    r"\b(ex|ex husband|ex wife|ex boyfriend|ex girlfriend|ex partner) used to (hit|beat|hurt|kick|slap|punch|push) me\b",
    # Taking a chance: "gonna shoot my shot with her".
    r"\bshoot (my|your|his|her|our|their) shot\b",
    # A blunder: "shot myself in the foot by telling my boss I could finish by Friday".
    r"\b(shot|shoot|shooting|shoots) (myself|yourself|himself|herself|ourselves|themselves) in the foot\b",
    # Found out, and someone "will kill me" (Urdu script and romanised): "ساس کو پتہ چلا ... تو وہ مجھے مار ڈالیں گی".
    r"(پتہ|پتا) (چلا|چل گیا|چلے گا)( \S+){0,12} (تو )?(\S+ ){0,2}(مار ڈالیں گی|مار ڈالیں گے|مار ڈالے گا|مار ڈالے گی|جان لے لیں گے|جان لے لے گا|جان لے لے گی|قتل کر دیں گے|قتل کر دے گا|قتل کر دے گی)",
    r"\b(pata|pta) (chala|chal gaya|chal gya|chalega)\b( \S+){0,12} (to )?(\S+ ){0,2}(maar|mar) (dalegi|dalenge|dalega|daalegi|daalenge|daalega)\b"
    r"|\b(pata|pta) (chala|chal gaya|chal gya|chalega)\b( \S+){0,12} (to )?(\S+ ){0,2}(jaan|jan) le (lenge|lega|legi)\b",
    # Late, and someone "will kill me" (romanised and Urdu script): "boss ne dekh liya ke main late hun to qatal kar dega".
    r"\b(late|der|dair)\b( \S+){0,4} (qatal|qatl|katal|maar|mar) (kar )?(dega|degi|denge|dalega|dalegi|dalenge)\b",
    r"(لیٹ|دیر)( \S+){0,4} (قتل|مار) (کر )?(دے گا|دے گی|دیں گے|ڈالے گا|ڈالے گی|ڈالیں گے)",
    # "Could die of shame": "شرم سے ڈوب مرنے کو دل کرتا ہے", "chullu bhar paani mein doob maro".
    r"(شرم سے|چلو بھر پانی میں) ڈوب (مر|مرنے|مروں|مرو)|\b(sharm|sharam|chullu bhar (pani|paani) (mein|main|me)) (se )?(doob|dub|doob) (mar|marne|marun|maro|marna)\b",
    r"\b(dead|deadly) (tired|serious|boring|beat|on|set|end|line|lines|heat)\b",
    r"drop dead (gorgeous|beautiful)",
    r"rather die than",
    r"(sick|tired|bored) to death",
    r"(scared|scare|bored|worried|freezing|frozen) (me )?to death",
    r"(shoot|shot) (me|you|him|her|them) (an|a) (email|message|text|note|line)",
    r"(shoot|shooting|shot) (a|the|some|my) (video|film|photo|photos|scene|hoops|pool|breeze)",
    r"(beat|beats|beating) (the|me at|him at|her at|them at|my) (traffic|rush|record|game|odds|chess|cards|level)",
    r"(hit|hits) me (up|that|how)",
    r"(news|it|that|this|song|film|movie) (really )?(hit|hits) me (hard|right)",
    # "... when she sees / finds out": a discovery makes it a figure of speech; a bare
    # "when he gets home" is a time, and with it a threat stays a threat.
    r"(will|is going to|gonna|would) kill me (when|if) (she|he|they) (finds?|sees?|hears?|notices?|reads?|checks?)",
    r"(mom|mum|mother|dad|father|boss|wife|husband|teacher|coach|parents) (is going to|will|would) kill me (for|if i (am|was) late|if i (forget|miss|lose|break|am late|fail|do not (finish|do|call)))",
    r"my (feet|back|legs|head|knees) (are|is) killing me",
    # Anger hyperbole: "I could strangle my roommate for eating my leftovers", "... sometimes".
    # Love and longing hyperbole: "main mar jaun agar woh na mile" (I'd die if I can't have her).
    r"\bmar (jaun|jaon|jaoon|jaunga|jaungi|jaoonga|jaongi)( ga| gi)? agar\b|مر جاؤں( گا| گی)? اگر",
    r"\bi would (just )?die if\b",
    # Hurt told as a feeling that passes: "I feel like I'm dying inside every time I see him with her".
    r"\b(dying|died|dead) (a little )?inside\b",
    # Eaten or laughed "to death": "itna khana kha liya hai ke ab mar jaunga", "hans hans ke mar gaye".
    r"\b(itna|itni|itne|bohat|bahut) (khana |kuch )?(kha|khaya|khai|khaye|pi|piya|hans|hansa|hansi)\w*( \S+){0,6} (ab )?mar (jaunga|jaungi|jaun|jaon|gaya|gayi|gaye)\b"
    r"|(اتنا|اتنی|بہت) (\S+ ){0,2}(کھا|پی|ہنس)\S*( \S+){0,6} (اب )?مر (جاؤں گا|جاؤں گی|جاؤں|گیا|گئی|گئے)",
    r"\bi could (\w+ )?(kill|strangle|murder|throttle|slap|punch|smack) (\S+ ){0,3}(for|sometimes|some days|at times)\b",
    # ... said as a figure outright: "when I say I'm going to kill my husband I mean for snoring".
    r"\bwhen i say i am going to (kill|murder|strangle) (\S+ ){0,3}i mean\b",
    # ... or if a small everyday wrong is done again: "if my brother eats my last paratha at sehri again I'll murder him".
    r"\bif (my (\w+ )?\w+|he|she|they) (eats|borrows|takes|uses|finishes|drinks|touches|steals|nicks) my (last )?(\w+ )?(car|food|leftovers|paratha|samosas?"
    r"|biscuits?|chocolate|charger|clothes|snacks|lunch|milk|chips|crisps|cake|pizza|hoodie|makeup)\b(\S* ){0,8}(i will|i am going to|i will literally) (kill|murder|strangle|throttle)\b",
    # ... or for a small everyday wrong: "I'm going to strangle my brother, he borrowed my car and brought it back with no petrol".
    r"\b(kill|strangle|murder|throttle) (him|her|them|my (\w+ )?(brother|sister|flatmate|roommate|husband|wife|son|daughter|mum|mom|dad|boyfriend|girlfriend|friend|cousin))"
    r" (\S+ ){0,5}(he|she|they) (borrowed|ate|used|finished|drank|took|nicked|pinched|wore|ruined) (my|the) (favourite |favorite |new |best |last )?(car|food|leftovers|charger|phone charger|clothes|shampoo"
    r"|milk|snacks|chocolate|headphones|jumper|hoodie|makeup|lunch|bike|motorbike|scooter|jacket|coat|shoes|trainers|top|dress|shirt|perfume|earphones|laptop|remote)\b",
    # A trivial condition makes "X will kill me" a figure of speech: "she's going to strangle me if I'm late again".
    r"(is going to|will|would|are going to) (kill|strangle|murder|skin|throttle) me for (being late|being lazy|forgetting|breaking|losing"
    r"|missing|spending|eating|crashing|denting|wearing|not (calling|texting|tidying|cleaning|doing|replying))\b",
    r"(is going to|will|would|are going to) (kill|strangle|murder|skin|throttle) me (if|when) (i am|i get|i come home|she sees|he sees|they see"
    r"|(she|he|they) (finds?|hears?) out|i (forget|forgot|miss|lose|break|fail|spend|crash|eat|wear|spoil|ruin|scratch|dent|stain|drop|borrow))\b(?! (\S+ ){0,3}(tell|leave|talk|call))",
    r"(?<!weed )(?<!pain )\bkiller\b",
    r"(overdose|overdosed|od) on (coffee|caffeine|sugar|chocolate|netflix|tv|candy)",
    r"(panic|heart) (attack|attacks) (of|from) (the )?(price|prices|bill|bills|news)",
    r"(gave|give|giving) me a heart attack",
    # Someone's reaction foretold: "my mum's gonna have a heart attack", "امی کو تو دل کا دورہ پڑ جائے گا".
    r"(mum|mom|mother|dad|father|parents|nan|nani|dadi|gran|grandma|boss|wife|husband|teacher)('s| is| are| will) (going to )?(have|get) (a )?heart attacks?\b(?! (right )?now)",
    r"دل کا دورہ (پڑ جائے گا|پڑ جائے گی|پڑ جائیں گے)",
    r"\bdil ka daura (par|pad|parh) (jayega|jaega|jayegi|jayenge)\b",
    r"(بھوک|پیاس|گرمی) سے جان (نکل|نکلنے)",
    r"(almost|nearly) (had|have) a heart attack",
    r"(stab|stabbed|stabbing) (at|in the dark)",
    r"(stab|stabs|stabbed|stabbing) (me|him|her|us|them|you|people) in the back",
    # An accident, not self-harm: "I cut myself shaving", "accidentally burned myself".
    r"(cut|cuts|cutting|nicked|nick|grazed|burn|burned|burnt|burning|hurt|hurting) myself (\w+ ){0,3}(by accident|accidentally|shaving|cooking|chopping"
    r"|on (the|a|an|my) (oven|stove|iron|pan|door|table|corner|knife|glass|nail|paper|kettle))"
    r"(?!( \S+){0,3} (on purpose|deliberately|intentionally))",
    r"accidentally (cut|burned|burnt|hurt) myself",
    # Games, jokes, sleep and social media use the same verbs.
    r"(beat|beats|beating|thrash|thrashed|crush|crushed|destroy|destroyed|kill|killed|murder|murdered|slaughter|slaughtered)"
    r" (\S+ ){0,2}(at|in) (a |the |every )?(chess|cards|monopoly|scrabble|poker|\w+ball|tennis|golf|game|games|match|race|quiz"
    r"|fifa|arm wrestling|pool|darts|cricket)\b",
    r"(fell asleep|is asleep|napping|took a nap|sleeping|slept)( \w+){0,6} (will not|cannot|could not|does not) (wake|get) (\w+ )?up",
    r"(following|follows|followed|stalking|stalks|stalked) (me|him|her|us|them) (on|online)\b",
    r"nothing (left )?for me to (?!live)\w+",
    r"murder (mystery|mysteries|podcast|podcasts|documentary|show|series|novel|book)",
    r"(bleeding|bleeds) (money|cash|edge)",
    r"can(not)? breathe (without|when (i|you) (laugh|think))",
    r"took my breath away",
    # A course of medicine, not an overdose: "I took 20 tablets over two weeks for my back", "... a day".
    r"(took|taken|take|taking) (\w+ ){1,2}(pills|tablets|painkillers|capsules|doses|paracetamol|ibuprofen)"
    r" ((a|per|each|every) day|(over|across|during|in) (the )?(last |past |next )?(\w+ )?(days|weeks|months|years))\b",
    # Heat, insects and chores are not people: "is garmi ko qatal kar dun", "اس گرمی کو قتل کر دوں".
    r"\b(is|iss|es|us|uss|in|inn) (garmi|sardi|thand|barish|traffic|machhar|machharon|makhi|makhiyon|kaam|homework|assignment|alarm|bill)"
    r"( \w+)? (ko )?(qatal|qatl|katal|maar|mar)\b",
    r"(اس|ان) (گرمی|سردی|ٹھنڈ|بارش|ٹریفک|مچھر|مچھروں|مکھی|مکھیوں|کام|الارم|بل)( \S+)? (کو )?(قتل|مار)",
    r"(cut|cutting|cuts) (myself )?(some )?(slack|a break|short)",
    # Boredom, heat or study "will kill me", and a brain that will burst: "یہ بوریت مجھے مار ڈالے گی".
    r"(بوریت|گرمی|سردی|پڑھائی|ٹریفک|مہنگائی|تھکاوٹ|بھوک|ٹینشن|پیپر|امتحان)( \S+){0,1} (مجھے )?مار (ڈالے|دے) (گی|گا)",
    r"\b(boriyat|boriat|bore|garmi|sardi|parhai|padhai|traffic|mehngai|thakawat|bhook|bhuk|tension|paper|exam|imtihan)( \w+)? (mujhe )?(maar|mar) (dalegi|dalega|daalegi|daalega|degi|dega)\b",
    r"\b(dimagh|dimag|dimaag) (phat|pharh|fat) (jayega|jaega|jaye ga|raha hai|rha hai)\b|دماغ پھٹ (جائے گا|رہا ہے)",
]
# Talk about a subject, not a crisis: media, study, awareness, work.
_ABOUT_THE_SUBJECT = [
    r"(documentary|film|movie|book|novel|article|podcast|show|series|song|lecture|course|class|study|report|research|statistics|paper|essay|poem|play|episode|news story|news report)s? (about|on|covering|dealing with) (\w+ ){0,4}"
    r"(suicide|self harm|self-harm|murder|abuse|overdoses?|heart attacks?|strokes?|violence|killing|killings)",
    r"(suicide|self harm|abuse|overdose|stroke|heart attack|domestic violence) (prevention|awareness|hotline|helpline|statistics|rates?|research|training|charity|campaign|survivor|survivors|month|week)",
    r"suicide squad",
    # Someone else's death told as a fact: "my friend's cousin died by suicide years ago".
    r"(died|dies|death|deaths|lost (\w+ ){0,2}to|loss (\w+ ){0,2}to) (by )?suicide",
    r"(first aid|cpr) (course|class|training)",
    r"(fundraiser|charity run|donate|donated|volunteer|volunteering) (for|at|with) (\w+ ){0,4}(suicide|abuse|stroke|heart)",
    r"(nurse|doctor|paramedic|cop|officer|counsel?or|therapist|teacher|social worker)s? (who|that) (\w+ ){0,3}(help|helps|treat|treats|work|works)",
    # Urdu script and romanised: "suicide prevention", "about suicide", a film/book about it.
    r"(خودکشی|خود کشی|تشدد) (کی روک تھام|سے بچاؤ|کے بارے میں|پر (ایک )?(ڈاکومینٹری|فلم|کتاب|مضمون))",
    # A horror or crime story watched or heard, told in Urdu: "کل رات ہم نے ایک ہارر فلم دیکھی جس میں بہت خون خرابہ تھا".
    r"(ہارر|کرائم|جاسوسی|جرائم کی) (فلم|فلمیں|پوڈکاسٹ|ڈرامہ|ڈرامے|ناول|کہانی|کہانیاں)",
    r"(فلم|ڈرامے|ڈرامہ|پوڈکاسٹ|ناول|قسط)( \S+){0,2} جس میں",
    r"\b(horror|crime|true crime|jasoosi) (film|movie|podcast|drama|novel|show|series)\b",
    r"\b(khudkushi|khud kushi|tashaddud) (ki rok thaam|ki rok tham|se bachao|ke bare mein|ke baare mein|par (ek )?(documentary|film|kitab))\b",
]
_NOT_A_CRISIS_PARTS = [f"(?:{p})" for p in _FIGURES_OF_SPEECH + _ABOUT_THE_SUBJECT]


@functools.lru_cache(maxsize=2048)
def _not_a_crisis_of(parts: tuple[int, ...]) -> re.Pattern[str]:
    """The figures-of-speech alternation cut to the parts a turn's literals allow, in
    their order (so it removes exactly what the whole alternation would). The whole
    one scans a long turn once per position for every one of its ~100 parts."""
    return re.compile("|".join(_NOT_A_CRISIS_PARTS[i] for i in parts))

# A clause that negates the intent right before it: "I would never hurt myself".
_DENIAL = re.compile(
    r"\b(would|will|could|am|do|did) (never|not|not ever) (\w+ ){0,2}$"
    r"|\b(never|not) (going|want|wanting|planning) to (\w+ ){0,1}$"
    r"|\bno (thoughts|intention|plans?) (of|to) $"
    r"|\b(it is )?not (like|that) (i|i am) (\w+ ){0,1}$"
    r"|\b(i|we)( have| had)? never (\w+ ){0,3}$"
)

# --- what is: the category patterns -----------------------------------------

_PEOPLE = (
    r"(him|her|them|someone|somebody|anyone|everyone|people|that (guy|man|woman|kid|bitch|bastard)"
    r"|my (\w+ )?(wife|husband|boss|manager|mother|father|mom|mum|dad|brother|sister|son|daughter|kids?|children|neighbou?rs?"
    r"|coworkers?|co-workers?|colleagues?|ex|partner|teacher|roommate|flatmate|friend|boyfriend|girlfriend|landlord|family|parents)"
    r"|the (neighbou?rs?|boss|teacher|guy|kids?|class|whole class|people))"
)
_ABUSER = (
    r"(he|she|they|someone|somebody|my (\w+ )?(husband|wife|partner|boyfriend|girlfriend|dad|father|mom|mum|mother|stepdad|stepfather"
    r"|stepmother|stepmom|uncle|aunt|brother|sister|son|daughter|carer|caregiver|ex|in-laws|father in law|mother in law|landlord|boss|teacher|coach|neighbou?r))"
)
_INTEND = r"(going to|will|want to|wanted to|plan to|planning to|about to|ready to|trying to|tried to|thinking (about|of)|thought (about|of)|need to|have to|feel like|urge to|considering|decided to|intend to)"

_SELF_HARM_EXPLICIT = [
    ("kill_self", r"\b(kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|burn|burning|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|starve|starving|end|ending) (myself|my own life)\b"),
    ("end_life", r"\b(end|ending|take|taking|took) (my|my own) (life|lives)\b(?! (in|into|to|back|seriously|more|a new|one day|step)\b)"),
    ("end_it_all", r"\b(ending things|ending it all|end things|(should|might as well|may as well) (just )?(die|kill myself|end it)|ways to (die|kill myself|end (it|my life))|how to (kill myself|end my life|die painlessly)|end it all|end everything|end it (tonight|now|today|soon|for good)|end things for good)\b"),
    ("suicide", r"\b(suicid\w*|commit(ting)? suicide|self ?harm(ing)?)\b"),
    ("want_to_die", r"\b(want|wanted|wanting|wish|going|plan|planning|ready|trying|tried|deserve|need) (to )?(die|be dead|not be alive|stop living|stop existing|cease to exist|not exist)\b"),
    ("want_to_die", r"\bi (just )?(want|wish) (i (was|were) )?(to be )?dead\b|\b(wish|wishing|wished) i (was|were|had|could have) (dead|never been born|not been born|not born)\b"),
    ("no_will_to_live", r"\b(do not|dont|no longer|not) (want|wish) to (live|be alive|exist|wake up|go on|keep living|be here anymore|be here any longer)\b"),
    ("no_reason_to_live", r"\b(no|not (any|a)|nothing (left )?(to|worth)) (reason|point|will|purpose) (for me )?(to|in|for) (keep )?(live|living|going on|being alive|life|stay alive|staying alive)\b|\bnothing (left )?to live for\b"),
    # Off a height or in front of traffic; off a bus or a train is how people get off at their stop.
    ("method", r"\b(jump|jumping|throw myself) (off|from|in front of) (a|the) (bridge|building|roof|cliff|balcony|window)\b"
               r"|\b(jump|jumping|throw myself) in front of (a|the) (train|car|bus)\b|\bthrow myself (off|from) (a|the) (train|car|bus)\b"),
    ("method", r"\b(take|taking|swallow|swallowing) (all|every one of) (my|the|these|those) (pills|tablets|meds|medication|sleeping pills)\b"),
    ("method", r"\b(bought|got|have|found|getting) (a )?(gun|rope|noose|razor|razors|blades) (to|so i can|and i am going to) (end|kill|hurt|use on myself)\b"),
]
_SELF_HARM_INDIRECT = [
    ("better_off_without_me", r"\b(better off|happier|easier|better|relieved) (for (everyone|everybody|them|my family|all of them|the kids) )?(without me|if i (was|were|am) (gone|dead|not (here|around)|never born)|when i am gone)\b"),
    ("nobody_would_miss_me", r"\b(nobody|no one|noone|none of them) (would|will|is going to) (miss|notice|care|even notice|even care)( about)? (me )?(if|when|that) i (was |were |am )?(gone|dead|not (here|around)|disappeared?|died)\b"),
    ("burden", r"\b(i am|i feel like|feel like i am|i have become) (just |such )?a burden (to|on|for) (everyone|everybody|my family|them|you|my kids|my children|the people i love)\b"),
    ("burden", r"\b(will not|soon i will not|am not going to) be a (burden|problem)( for (anyone|anybody|you|them|everyone))?( to (anyone|anybody|you|them|everyone|my family))? (much longer|for long|anymore|soon|after (tonight|today|this))\b"),
    ("burden", r"\bsoon i (will not|am not going to) be a (burden|problem)\b"),
    ("not_around", r"\b(will not|am not going to|might not|(do not )?think i will( not)?) be (around|here) (much longer|for long|to see|next (week|month|year)|by then)\b"
                   r"|\bi will not be alive (by|tomorrow|in the morning|next)\b|\bdo not plan on (being|still being) (here|around|alive)\b"
                   r"|\bwill not be (here|around) when (they|he|she|you|everyone|my \w+) (find|finds|get|gets|come|comes|wake|wakes)\b"),
    ("sleep_forever", r"\b(go to sleep|sleep|fall asleep) and (never|not) wake up\b|\b(sleep|disappear|vanish) forever\b|\bnever wake up again\b"),
    ("pain_to_stop", r"\b(want|need) (it|the pain|this pain|everything|all of this|this) to (stop|end|be over) (forever|for good|permanently)\b"),
    ("final_acts", r"\b(wrote|writing|written|write) (my |a )?(goodbye|farewell|suicide) (letters?|notes?|messages?)\b"),
    ("final_acts", r"\b(giving|gave|give) away (all )?(of )?my (things|stuff|belongings|possessions|guitar|books|clothes|pets?)\b.*\b(will not|do not|no longer) need\b|\b(giving|gave) away (all )?(of )?my (things|stuff|belongings|possessions)\b"),
    # Not a prescription picked up: "collecting my pills from the pharmacy".
    ("final_acts", r"\b(saving|stockpiling|hoarding|collecting|saved up) (up )?(my )?(pills|tablets|meds|medication|sleeping pills|painkillers)\b"
     + safety_composition.NOT_A_PRESCRIPTION),
    ("final_acts", r"\b(made|making) (my )?peace and (said|saying) (my )?goodbyes?\b|\bthis is (my last|the last time|goodbye)\b(?!.*\b(talk|speak|chat)\w* (to (you|u) )?(about|before|until|for a while|for a bit|today|tonight|this week)\b).*\b(talk|speak|talking|chat|chatting|hear|goodbye|forever)\b|\b(say|saying|said) (my )?(final|last) goodbyes?\b"),
    # (living with / in / out of someone or somewhere is not life itself: "tired of living out of a suitcase")
    ("tired_of_life", r"\b(tired|sick|exhausted) of (living|being alive|life|existing|everything)\b"
     r"(?! (with|in|out of|like|at|on|under|above|next to|near|here|there|alone|together|abroad)\b)|\blife (is not|is no longer) worth (living|it)\b|\bwhat is the point of (living|going on|being alive|life|anything anymore)\b"),
    ("tired_of_life", r"\b(cannot|can not) (go on|keep going|do this|take it|take this) (anymore|any more|any longer|like this)\b.*\b(life|living|alive|die|dead|end|gone|over)\b"),
    ("tired_of_life", r"\b(do not|cannot|can not) see (any |a )?(way out|point in (living|going on|anything)|future for myself)\b|\b(no way out|no reason to stay|nothing left for me|everything would be easier if i (was|were)n?o?t? ?(here|alive|gone))\b"),
    ("disappear", r"\b(want|wish) (i could|to) (just )?(disappear|vanish|not exist|stop existing|never have been born)\b(?! (into|to|for a|for the|from (work|the party|social media)|on|under|with)\b)"),
]
_HARM_TO_OTHERS = [
    ("intent_to_harm", rf"\b{_INTEND} (kill|murder|stab|shoot|strangle|choke|hurt|beat up|beat|poison|attack|bomb|run over|slap|punch|kick|burn) {_PEOPLE}\b"),
    ("intent_to_harm", rf"\bi (will|would|could|am going to|should) (kill|murder|stab|shoot|strangle|poison) {_PEOPLE}\b"),
    ("intent_to_harm", rf"\b(feel like|thinking (about|of)|planning on|fantasi[sz]ing about|dream about) (killing|murdering|stabbing|shooting|strangling|choking|poisoning|hurting|attacking) {_PEOPLE}\b"),
    ("intent_to_harm", rf"\b(make|making) {_PEOPLE} (pay|suffer|bleed)\b.*\b(gun|knife|hurt|blood|kill|die)\b"),
    ("weapon", r"\b(bring|bringing|take|taking|brought) (a|my|the|my \w+'?s?|his|her) (gun|knife|weapon|rifle|pistol|bomb) (to|into) (school|work|the office|class|church|the mosque|the mall|the party)\b"),
    ("weapon", rf"\b(got|have|bought|found) (a|my|the) (gun|knife|weapon|rifle|pistol) (and|to) (\w+ ){{0,3}}(kill|shoot|hurt|stab|use it on) {_PEOPLE}\b"),
]
_ABUSE_DANGER = [
    ("being_hurt", rf"\b{_ABUSER} (\w+ )?(hits|hit|beats|beat|punches|punched|kicks|kicked|slaps|slapped|chokes|choked|strangles|strangled|strangle|abuses|abused|rapes|raped|molests|molested|assaults|assaulted|burns|burned|shoves|shoved|pushes me around) (me|my (kids|children|son|daughter|mom|mother))\b"),
    ("being_hurt", rf"\b{_ABUSER} (physically |sexually )?(hurt|hurts|hurting|abuse|abuses|abusing|touched|touches|touching) me\b(?! (so much|deeply|when (he|she|they) (left|said|lied|cheated)))"),
    ("being_hurt", r"\b(i am|i was|i have been|am being|being|been) (physically |sexually )?(abused|beaten|raped|molested|assaulted|trafficked|hit by|choked by|strangled by)\b"),
    ("threatened", rf"\b{_ABUSER} (threatened|threatens|said|says|swore|keeps saying)( that)? (he|she|they) (would|will|is going to|are going to) (kill|hurt|hit|beat|shoot|stab) me\b"),
    ("threatened", r"\b(threatened|threatens|threatening) (to )?(kill|hurt|hit|beat|shoot|stab) me\b"),
    ("threatened", rf"\b{_ABUSER} (will|is going to|are going to|would) (kill|hurt|beat|hit) me if i\b"),
    ("afraid_of_someone", rf"\b(afraid|scared|terrified|frightened) (of what|that|he|she|they|of) {_ABUSER}? ?(will|is going to|might|could|would) (do to me|hurt me|kill me|hit me|beat me|find me|come back)\b"),
    ("afraid_of_someone", rf"\b(afraid|scared|terrified|frightened) (of|to go home to) {_ABUSER}\b"),
    ("afraid_of_someone", rf"\b(afraid|scared|terrified|frightened) to go (back )?home\b.*\b{_ABUSER} (will|is going to|might|would) (hurt|kill|hit|beat)\b"),
    ("unsafe", r"\b(i am|i do not feel|i feel|i am not) (not )?(safe) (at home|here|with (him|her|them|my \w+)|in my (own )?(home|house|room))\b"),
    ("unsafe", r"\bi (do not|dont) feel safe\b|\bi am (not safe|in danger)\b"),
    ("followed", r"\b(someone|somebody|a (man|guy|woman|stranger|car)|he|she|they|my ex) (is|are|has been|keeps|have been) (following|stalking|watching) me\b"),
    ("confined", rf"\b{_ABUSER} (locked|locks|keeps|kept) me (in|inside|up|locked)\b|\b(will not|does not|do not) let me (leave|go out|out of the house|see (anyone|my friends|my family)|call anyone|have my phone)\b"),
    ("intruder", r"\b(someone|somebody|a man|a stranger|there is (someone|somebody|a man)) (is )?(trying to )?(breaking|break|broke|getting) (in|into my (house|home|flat|apartment|room))\b|\b(someone|somebody|a man|a stranger) (is )?(in|inside|outside) my (house|home|room|flat|apartment|door|window) (right )?now\b"),
]
_MEDICAL_EMERGENCY = [
    # Someone named not breathing now: the plainest emergency there is (never vetoed, see
    # ``safety_broad_rules.PLAIN_EMERGENCY_RULES``); "someone who wasn't breathing" on a course is not it.
    # A parent or the baby named without "my" says the same: "Mum's not breathing", "the baby's stopped breathing".
    ("not_breathing_now", r"(\b(my|our) (\w+ ){0,2}|(^|\| )(mum|mom|mummy|mommy|mama|dad|daddy|papa|nan|nana|nanny|gran|granny|grandma|grandad|grandpa|the baby|baby)('s| is| has) )"
     r"(is not|has stopped|stopped|not) breathing\b(?! (properly|through|well|right|normally|easily|for a (second|moment)|down))"),
    ("cardiac_stroke", r"\b(i am|i think i am|think i am|i might be|he is|she is|they are|my \w+ is|is) (having|getting) (a |an )?(heart attack|stroke|seizure|fit|anaphylactic|allergic reaction|asthma attack)\b"),
    ("cardiac_stroke", r"\b(having|getting) (a |an )?(heart attack|stroke|seizure|anaphylactic shock|severe allergic reaction)\b"),
    ("breathing", r"\b(i|he|she|they|my \w+|the baby) (cannot|can not|can barely|is not|am not|are not|is struggling to|am struggling to) (breathe|breathing)\b"),
    ("breathing", r"\b(not breathing|stopped breathing|turning blue|throat is (closing|swelling)|tongue is swelling|choking)\b"),
    ("chest_pain", r"\b(i have|i have got|i am having|having|got|there is) (a |this )?(bad |severe |sharp |crushing |terrible |really bad )?(chest pain|pain in my chest)\b(?!.*\b(last|ago|used to|was|years?|months?|weeks?) )"),
    ("chest_pain", r"\bmy chest (hurts|is hurting|feels (tight|heavy|crushed)|is (tight|heavy)) (so (bad|much)|really bad|right now|now)\b|\b(crushing|severe) (chest|heart) pain\b"),
    ("overdose", r"\b(took|taken|swallowed|have taken|just took|i took|i have swallowed) (too many|a lot of|lots of|a bunch of|a handful of|a bottle of|the whole bottle of|all (of )?my|an overdose of|" + safety_composition.OVER_A_DOSE + r") (of )?((my|his|her|the|their|mum's|mom's|dad's) )?(pills|tablets|sleeping pills|painkillers|paracetamol|meds|medications?|of (my|his|her) (pills|meds|medication))\b"),
    ("overdose", r"\b(i|he|she|they|my \w+) (overdosed|has overdosed|have overdosed|am overdosing|is overdosing)\b|\b(overdosed|overdosing)\b"),
    ("bleeding", r"\b(bleeding|blood) (a lot|heavily|badly|everywhere|so much|really bad)\b|\b(bleeding|blood|it) (will not|does not|is not|cannot) (stop|stopping)\b"),
    # (not "collapsed on the sofa", "passed out drunk": as the compositional c_collapsed)
    ("collapse", r"\b(passed out|fainted|collapsed|unconscious|unresponsive|not waking up|will not wake up|is not waking up|is not responding|fell and (i )?(cannot|can not) (get up|move))\b"
     r"(?! (on|in|onto|into) (the |my )?(sofa|couch|bed)| drunk| asleep| after (the|a) (party|drinks?|night out))"),
    ("stroke_signs", r"\b(face|mouth|smile) (is )?(drooping|droops)\b|\b(cannot|can not) (feel|move) (my|his|her) (arm|leg|face|left side|right side|side)\b|\b(speech|words) (is |are )?(slurred|slurring)\b"),
    ("ambulance", r"\b(call|calling|need|get|send) (an |the )?(ambulance|paramedics|911|999|1122|112|emergency services)\b"),
    ("poisoning", r"\b(drank|swallowed|ate|drunk) (bleach|poison|antifreeze|detergent|rat poison|weed killer|cleaning fluid)\b"),
]

# Urdu script. Verb endings vary with gender and tense (چاہتا/چاہتی/چاہتے),
# so the patterns stop at the stem where they can.
_URDU = [
    (CrisisCategory.SELF_HARM, "explicit", "ur_suicide", r"خودکشی|خود کشی"),
    (CrisisCategory.SELF_HARM, "explicit", "ur_kill_self", r"(خود|اپنے آپ) کو (مار|ختم کر|نقصان|تکلیف|زخمی)"),
    (CrisisCategory.SELF_HARM, "explicit", "ur_take_life", r"اپنی (جان|زندگی) (لے|لینا|لوں|ختم)"),
    (CrisisCategory.SELF_HARM, "explicit", "ur_want_die", r"(مرنا|مر جانا) چاہت|دل (کرتا|چاہتا) ہے (کہ )?(میں )?مر جاؤں"),
    (CrisisCategory.SELF_HARM, "explicit", "ur_no_will_to_live", r"(جینا|زندہ رہنا) نہیں چاہت|زندہ نہیں رہنا (چاہت|ہے)|مجھے (اب )?نہیں جینا|جینے کی (کوئی )?(وجہ|خواہش) نہیں|زندگی (ختم کر|سے تنگ آ)"),
    (CrisisCategory.SELF_HARM, "indirect", "ur_better_without_me", r"میرے (بغیر|بنا|جانے کے بعد) (سب|سبھی|سب لوگ|گھر والے|وہ)( \S+){0,2} (بہتر|خوش)"),
    (CrisisCategory.SELF_HARM, "indirect", "ur_burden", r"(میں|مَیں) (سب|سب پر|گھر والوں|ان) (پر|کے لیے|کیلئے)? ?(بوجھ) ہوں"),
    (CrisisCategory.SELF_HARM, "indirect", "ur_sleep_forever", r"(سو جاؤں|سوؤں) اور (کبھی )?(نہ|نا) (اٹھوں|جاگوں)|ہمیشہ کے لیے (سو جا|غائب ہو|چلا جا|چلی جا)"),
    (CrisisCategory.HARM_TO_OTHERS, "explicit", "ur_kill_other", r"(اسے|اُسے|اس کو|ان کو|انہیں|اسکو|سب کو)( \S+){0,2} (مار (دوں|ڈالوں|دونگا|دوں گا|دوں گی)|قتل کر|جان سے مار)"),
    (CrisisCategory.HARM_TO_OTHERS, "explicit", "ur_murder", r"قتل کر (دوں|ڈالوں|دوں گا|دوں گی|دونگا)"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ur_being_hit", r"مجھے (\S+ ){0,2}(مارتا|مارتی|مارتے|پیٹتا|پیٹتی|پیٹتے) (ہے|ہیں)"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ur_threat", r"(جان سے )?مارنے کی دھمکی|مجھے دھمکی"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ur_unsafe", r"(میں|مَیں) (\S+ ){0,3}(محفوظ نہیں|خطرے میں) ہوں|میرا پیچھا کر"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ur_confined", r"(مجھے )?(کمرے|گھر) میں بند کر"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "not_breathing_now",
     r"(میرا|میری|میرے|ہمارا|ہماری|ہمارے|امی|ابو|اماں|ابا|بچہ|بچی|بیٹا|بیٹی|بھائی|بہن|نانی|دادی|نانا|دادا)( \S+){0,6} سانس (نہیں|نہ) لے (رہا|رہی|رہے|رہیں)"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ur_heart_attack", r"دل کا دورہ (پڑ رہا|پڑا ہے|پڑ گیا)|فالج (کا حملہ|ہو گیا|ہو رہا)"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ur_breathing", r"سانس (نہیں (آ رہی|آ رہا|لے پا)|رک رہی|بند ہو)"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ur_chest_pain", r"سینے میں (بہت |شدید |تیز )?درد (ہو رہا|ہے)"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ur_overdose", r"(بہت|ساری|زیادہ|پوری)( \S+){0,2} (گولیاں|دوائیاں|دوائی) (کھا لی|کھالی|نگل لی)"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ur_bleeding", r"خون (بند نہیں|نہیں رک|رک نہیں)"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ur_collapse", r"بے ہوش (ہو گیا|ہو گئی|ہے|ہو گئے)|ایمبولینس (بلاؤ|بلائیں|بلا دو|چاہیے)"),
]
# Romanised Urdu: spellings vary (chahta/chahti/chahtay, nahi/nahin/nai).
_ROMAN_URDU = [
    (CrisisCategory.SELF_HARM, "explicit", "ru_suicide", r"\bkhud ?k[hu]*[ao]?shi\b|\bkhudkushi\b|\bkhud ?khushi\b"),
    (CrisisCategory.SELF_HARM, "explicit", "ru_kill_self", r"\b(khud|apne aap) ko (maar|mar|khatam|khatm|nuqsan|nuksan|nuqsaan|takleef|zakhmi)\b"),
    (CrisisCategory.SELF_HARM, "explicit", "ru_take_life", r"\bapni (jaan|jan|zindagi) (le|lena|lelo|loon|lun|khatam|khatm)\b"),
    (CrisisCategory.SELF_HARM, "explicit", "ru_want_die", r"\b(marna|mar jana|mar jaana|marjana|mar jaun|mar jaon) chah?(ta|ti|tay|te|ti hun|ta hun)\b|\bmar jana (hai|he) mujhe\b|\bdil (karta|chahta) (hai|he) (ke |keh )?(main )?mar (jaun|jaon|jaoon)\b"),
    (CrisisCategory.SELF_HARM, "explicit", "ru_no_will_to_live", r"\b(jeena|jina|zinda rehna|zinda rahna) (nahi|nahin|nai|nhi|nahi hai) chah?(ta|ti|tay|te)\b|\bzinda (nahi|nahin|nhi) (rehna|rahna) (chah?(ta|ti|tay|te)|hai)\b|\b(mujhe|muje) (ab )?(jeena|jina) (nahi|nahin|nhi) hai\b|\bjeene ki (koi )?(wajah|khwahish) (nahi|nahin|nhi)\b|\bzindagi (khatam|khatm) (kar|karna)\b|\bzindagi se tang\b"),
    (CrisisCategory.SELF_HARM, "indirect", "ru_better_without_me", r"\bmere (baghair|bagair|baghar|bina|jaane ke baad|jane ke baad) (sab|sub|sab log|ghar wale|wo|woh)( \w+){0,2} (behtar|bhtr|khush)\b"),
    (CrisisCategory.SELF_HARM, "indirect", "ru_burden", r"\b(main|mein|mai) (sab|sab par|sab pe|ghar walon|un) ?(par|pe|ke liye)? ?(bojh|boj) (hoon|hun|hu)\b"),
    (CrisisCategory.SELF_HARM, "indirect", "ru_sleep_forever", r"\bso jaun aur (kabhi )?(na|nah) (uthun|uthoon|jagun)\b|\bhamesha ke liye (so jana|gayab|chala jana|chali jana)\b"),
    (CrisisCategory.HARM_TO_OTHERS, "explicit", "ru_kill_other", r"\b(usay|use|usko|us ko|unko|un ko|unhein|inko|isay|sab ko)( \w+){0,2} (maar|mar|qatal|qatl|jaan se maar) (dunga|doonga|dungi|doongi|daalunga|dalunga|dalungi|daloonga|kar dunga|kar doon|kar dungi|doon|dun)\b"),
    (CrisisCategory.HARM_TO_OTHERS, "explicit", "ru_murder", r"\b(qatal|qatl|katal) (kar|kr) (dunga|doonga|dungi|doon|dun|daalunga|dalunga)\b"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ru_being_hit", r"\bmujhe (\w+ ){0,2}(maarta|marta|maarti|marti|maarte|marte|peet(ta|ti|te)|pitai kar(ta|ti|te)) (hai|hain|he)\b"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ru_threat", r"\b(jaan se )?maarne ki dhamki\b|\bmujhe dhamki\b|\bdhamkiyan de (raha|rahi|rahe)\b"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ru_unsafe", r"\b(main|mein|mai) (\w+ ){0,3}(mehfooz|mahfooz|mehfuz|mahfuz|safe) (nahi|nahin|nhi|nai) (hoon|hun|hu)\b|\bmera pee?chh?a kar (raha|rahi|rahe)\b|\bkhatre mein (hoon|hun|hu)\b"),
    (CrisisCategory.ABUSE_DANGER, "explicit", "ru_confined", r"\b(kamre|ghar) mein band kar (diya|deta|deti|dete)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "not_breathing_now",
     r"\b(mera|meri|mere|hamara|hamari|hamare|ammi|abbu|amma|abba|bacha|bachi|baccha|bachcha|beta|beti|bhai|behen|behan|nani|dadi|nana|dada)\b( \w+){0,6} saa?ns (nahi|nahin|nhi|na) le (raha|rahi|rahe|rahin)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ru_heart_attack", r"\bdil ka (dora|daura|doura) (par raha|pad raha|para|pada|par gaya|pad gaya)\b|\bfalij (ka hamla|ho gaya|ho raha)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ru_breathing", r"\bsaa?ns (nahi|nahin|nhi) (aa rahi|aa raha|le pa)\b|\bsaa?ns (ruk|band ho) (rahi|raha|gayi)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ru_chest_pain", r"\bseene (mein|main|me) (bohat |bahut |shadeed |tez )?dard (ho raha|hai)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ru_overdose", r"\b(bohat|bahut|saari|sari|zyada|poori|puri)( \w+){0,2} (goliyan|golian|dawaiyan|dawai) (kha li|khali|nigal li)\b"
     # a whole strip or bottle ("pills ki poori strip kha li hai"; not "khali", which is also "empty")
     r"|\b(poori|puri|saari|sari|ek)( \w+){0,1} (strip|patta|packet|shishi|sheeshi|bottle|botal|dibbi) (kha li|nigal li|pi li|pee li)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ru_bleeding", r"\bkhoon (band nahi|nahi ruk|nahin ruk|ruk nahi)\b"),
    (CrisisCategory.MEDICAL_EMERGENCY, "explicit", "ru_collapse", r"\bbehosh (ho gaya|ho gayi|ho gaye|hai)\b|\bambulance (bulao|bulayein|bula do|chahiye)\b"),
]


@dataclass(frozen=True, slots=True)
class _Rule:
    category: CrisisCategory
    signal: str
    name: str
    pattern: re.Pattern[str]
    literals: frozenset[str] | None  # see ``regex_prefilter``


def _rule(category: CrisisCategory, signal: str, name: str, pattern: str) -> _Rule:
    compiled = re.compile(pattern)
    return _Rule(category, signal, name, compiled, safety_composition.SCREEN_LITERALS.register(compiled))


def _compile() -> list[_Rule]:
    english = [
        (CrisisCategory.SELF_HARM, "explicit", _SELF_HARM_EXPLICIT),
        (CrisisCategory.SELF_HARM, "indirect", _SELF_HARM_INDIRECT),
        (CrisisCategory.HARM_TO_OTHERS, "explicit", _HARM_TO_OTHERS),
        (CrisisCategory.ABUSE_DANGER, "explicit", _ABUSE_DANGER),
        (CrisisCategory.MEDICAL_EMERGENCY, "explicit", _MEDICAL_EMERGENCY),
    ]
    rules = [
        _rule(category, signal, name, pattern)
        for category, signal, patterns in english
        for name, pattern in patterns
    ]
    rules += [_rule(c, s, n, p) for c, s, n, p in _URDU + _ROMAN_URDU]
    return rules


_RULES = _compile()
_PHRASE_RULES = regex_prefilter.PrefilteredRules(_RULES, [rule.literals for rule in _RULES])
# Figures of speech and talk about the subject: each part runs only on a turn holding one of its literals.
_NOT_A_CRISIS_PART_LITERALS = [safety_composition.SCREEN_LITERALS.register(re.compile(part)) for part in _NOT_A_CRISIS_PARTS]
# The parts' positions by literal: a turn's few literals name its parts in a few lookups, not ~100 checks.
_NOT_A_CRISIS_PART_INDEX = regex_prefilter.PrefilteredRules(list(range(len(_NOT_A_CRISIS_PARTS))), _NOT_A_CRISIS_PART_LITERALS)
# Every rule family is compiled by now: index their literals at import, not on the first turn.
safety_composition.SCREEN_LITERALS.build()
# Explicit signals first, then indirect; within those, the order above
# (self-harm before the others: it is the one a companion hears most).
_CONFIDENCE = {"explicit": 0.9, "indirect": 0.7}
# The turn back to the present after medical history ("... but now", "لیکن اب", "lekin ab").
_NOW_AFTER_HISTORY = re.compile(
    r"\b(but|and|only|except) (right )?now\b|\bbut (this morning|tonight|today|since)\b"
    r"|\b(lekin|magar|par|aur) (ab|abhi)\b|(لیکن|مگر|پر|اور) (اب|ابھی)"
)
# Medical talk about the past is history, not an emergency: "I fainted once,
# years ago", "my chest pain last year was heartburn".
_MEDICAL_HISTORY = re.compile(
    r"\b((\w+ )?(years?|months?|weeks?) ago|last (year|month|week|summer|winter)|once when|when i was (a kid|young|little|a child)"
    r"|in (19|20)\d\d|used to|turned out to be|recovered|recovering)\b"
    r"|(پچھلے سال|سال پہلے|مہینے پہلے|سال پرانی بات|برسوں پہلے|ایک زمانے میں|کے زمانے میں|pichle saal|saal pehle|mahine pehle|saal purani baat|barson pehle|ek zamane (mein|main)|ke zamane (mein|main))"
)


# Self-harm told as a past the speaker has left behind: "I used to self harm as a
# teenager but I've been fine for ten years". Both a past marker and a recovery
# marker are needed, and no sign that it is back ("again", "tonight", an intent).
_PAST_SELF_HARM = re.compile(
    r"\b(used to|years ago|(\w+ )?months ago|last (year|summer|winter|spring|autumn)|as a (teen\w*|kid|child)|when i was (younger|a teen\w*|a kid|at school|in school|\d+)|in the past|back then)\b"
    # an addiction behind the speaker: "when I was using I didn't care if I lived or died"
    r"|\bwhen i was (using|drinking|on drugs|in (active )?addiction|at my (worst|lowest))\b"
    r"|\b(ek (dafa|dafah|bar|baar)|pichle saal|saal pehle|saal pahle|bachpan (mein|main|me)|teenage (mein|main|me)|kabhi pehle)\b"
    # any habitual past: "karta tha", "sochti thi", "سوچتا تھا", "مارتا تھا" (plural "-te the" only
    # for "karte": "ate the", "wrote the" are English)
    r"|\b(karti|karta|karte|krti|krta|krte) (thi|tha|the)\b|\b\w+(ti|ta) (thi|tha)\b|\S+(تا|تی|تے) (تھا|تھی|تھے)(?= |$)"
    r"|(ایک (دفعہ|بار)|پچھلے سال|سال پہلے|بچپن میں|کے زمانے میں)|\bke zamane (mein|main|me)\b"
)
_RECOVERED = re.compile(
    r"\b(clean|free|fine|better|okay|ok|good|recovered|in a good place|doing well|proud)\b( \S+){0,3} (for|since|now)\b"
    r"|\b(i am|i have been) (fine|better|okay|ok|clean|good|in a good place|doing well)\b|\bproud of\b"
    r"|\bnow i (really )?(care|want to live|am glad i am (alive|here|still here))\b"
    r"|\b(life|my life) (has )?changed\b|zindagi (bilkul )?badal (gayi|gai)|زندگی بدل گئی"
    r"|\bzindagi (\S+ ){0,2}(achi|acchi|theek|thik) chal (rahi|rhi)\b|زندگی (\S+ ){0,2}(اچھی|ٹھیک) چل رہی"
    r"|\bab (\S+ ){0,8}(theek|thik|behtar|khush) (hun|hoon|hu)\b|اب (\S+ ){0,8}(ٹھیک|بہتر|خوش) ہوں"
    r"|\btherapy (ne )?(\S+ ){0,2}(helped|help ki|madad ki)\b"
    r"|\bmade (\S+ ){0,2}progress\b|\b(belonged|belong|happened) to (a different|another|someone else)\b"
    # Life better after treatment: "علاج کے بعد اب زندگی بہت بہتر ہے", "ilaj ke baad zindagi behtar hai".
    r"|علاج کے بعد|\b(ilaj|elaj|ilaaj|treatment) ke (baad|bad)\b"
    r"|(زندگی|حالات) (\S+ ){0,2}(بہتر|اچھی|ٹھیک) (ہے|ہو گئی|ہو گئے)|\b(zindagi|halat) (\S+ ){0,2}(behtar|achi|acchi|theek|thik) (hai|ho gayi|ho gai)\b"
    # Years gone by, or an old story: "ab 5 saal ho gaye", "woh purani baat hai", "اب پانچ سال ہو گئے".
    r"|\bab (\S+ ){0,1}(saal|sal|baras) ho (gaye|gae|gaye hain)\b|\bpurani baat\b|اب (\S+ ){0,1}(سال|برس) ہو گئے|پرانی بات"
)
_BACK_AGAIN = re.compile(
    r"\b(again|tonight|right now|lately|these days|going to|want to|thinking (about|of)|started|decided)\b"
    r"|\b(phir se|dobara|abhi|aj kal|aajkal)\b|(پھر سے|دوبارہ|ابھی)"
)
# "Today" is back only before the recovery is told: after it, today is when the story is
# being told ("... I'm fine now. Today my therapist said monthly is enough").
_TODAY = re.compile(r"\b(today|aaj|aj)\b|آج")


# Abuse told as a past the speaker has left: "ek saal pehle mera shohar mujhe maarta tha,
# ab talaq ho gayi hai aur main ammi ke ghar mehfooz hun". A past marker, a word that the
# speaker is safe or out of it now, and no sign it is back.
_SAFE_NOW = re.compile(
    r"\b(i am|i feel|we are|we feel) (\S+ ){0,2}safe (now|these days|at last|finally)\b|\bsafe now\b|\b(got|am|i am) divorced\b"
    r"|\b(i|we) (left|got away from|escaped) (him|her|them|that house)\b"
    r"|\b(mehfuz|mahfuz|safe) hun\b|\btalak ho (gayi|gai|chuki)\b|\b(usse|us se) (alag|door) ho (gayi|gaya|gai)\b"
    r"|محفوظ ہوں|طلاق ہو (گئی|چکی)|(اس سے|ان سے) (الگ|دور) ہو (گئی|گیا)"
)


def _told_as_past(normalised: str) -> bool:
    """A past marker and no sign that it is back: what both past readings below need first."""
    return _PAST_SELF_HARM.search(normalised) is not None and _BACK_AGAIN.search(normalised) is None


def _past_abuse(normalised: str) -> bool:
    return _told_as_past(normalised) and _SAFE_NOW.search(safety_composition.fold_roman(normalised)) is not None


def _past_self_harm(normalised: str) -> bool:
    if not _told_as_past(normalised):
        return False
    recoveries = [m.start() for m in _RECOVERED.finditer(normalised)]
    if not recoveries:
        return False
    today = _TODAY.search(normalised)
    return today is None or today.start() > recoveries[0]


# Urdu phrase rules whose match is an act ("خود کو نقصان", "مار دوں"): a negation
# right after it ("... نہیں پہنچاؤں گا") cancels it, as in ``safety_composition``.
_URDU_NEGATABLE = frozenset({
    "ur_kill_self", "ur_take_life", "ur_want_die", "ur_kill_other", "ur_murder", "ur_being_hit",
    "ru_kill_self", "ru_take_life", "ru_want_die", "ru_kill_other", "ru_murder", "ru_being_hit",
})


# A negated verb of thinking or wanting governs the act after it: "میں نے یہ نہیں
# سوچا کہ خود کو مار دوں", "maine kabhi nahi socha ke khud ko ..." (never thought of it).
_URDU_NEGATED_THOUGHT = re.compile(
    r"(?:نہیں|نہ) (?:سوچا|چاہا|سوچتا|سوچتی|سوچتے|چاہتا|چاہتی|چاہتے)(?: تھا| تھی| ہوں| ہے)?(?: کہ)?(?: \S+){0,2} $"
    r"|\b(?:nahi|nahin|na) (?:socha|chaha|sochta|sochti|sochte|chahta|chahti|chahte)(?: tha| thi| hun| hai)?(?: ke| keh| ki)?(?: \S+){0,2} $"
)


def _negated_after(text: str, match: re.Match[str], name: str) -> bool:
    """An Urdu act negated inside or after what the rule matched, or by a negated thought before it."""
    if safety_composition.COPULA_NEGATED.match(text, match.end()):
        return True
    if name not in _URDU_NEGATABLE:
        return False
    inside = safety_composition.NEGATION_INSIDE["ur" if name.startswith("ur_") else "ru"]
    following = text[match.end():].split(" ", 4)[:4]
    return (
        inside.search(match.group() + " " + " ".join(following)) is not None
        or safety_context.negated_verbal_noun(text[match.end():])
        or _URDU_NEGATED_THOUGHT.search(text[max(0, match.start() - 60) : match.start()]) is not None
    )


class _TurnContext:
    """What the whole turn says about its crisis words (see ``safety_context``).

    The outcome and leave-taking checks run only when a rule they can explain
    away has matched: most turns match nothing and never pay for them."""

    __slots__ = ("_history", "_leave_taking", "_past_abuse", "_resolved", "explained", "negated", "normalised", "past_self_harm")

    def __init__(self, normalised: str, history: bool, explained: frozenset[str], past_self_harm: bool) -> None:
        self.normalised = normalised
        self._history = history  # medical talk about the past
        self.explained = explained  # categories a harmless context explains away
        self.past_self_harm = past_self_harm  # self-harm the speaker says is behind them
        self._resolved: bool | None = None
        self._leave_taking: bool | None = None
        self._past_abuse: bool | None = None
        self.negated: list[str] = []  # rules a negation cancelled

    @property
    def medical_over(self) -> bool:
        """Medical talk about the past, or an event told with its good outcome."""
        return self._history or self.resolved

    @property
    def resolved(self) -> bool:
        """A medical event told with its good outcome."""
        if self._resolved is None:
            self._resolved = safety_context.outcome_resolved(self.normalised)
        return self._resolved

    @property
    def past_abuse(self) -> bool:
        """Abuse the speaker says is behind them, and safe now."""
        if self._past_abuse is None:
            self._past_abuse = _past_abuse(self.normalised)
        return self._past_abuse

    @property
    def leave_taking(self) -> bool:
        """Goodbyes for a job, a trip, a move."""
        if self._leave_taking is None:
            self._leave_taking = safety_context.leave_taking(self.normalised)
        return self._leave_taking

    def excludes(self, category: str, rule: str, *, history_so_far: bool = True) -> bool:
        """Whether the turn explains a hit of ``rule`` away. ``history_so_far``: for a
        clause, whether medical history was told in it or before it; history told only
        after a sign ("... I've gone all clammy. I had my heart checked two years ago
        and it was fine") does not make the sign itself the past."""
        return (
            (category in self.explained and rule not in safety_broad_rules.NOT_EXPLAINED_BY_JOKES)
            or (category == CrisisCategory.SELF_HARM.value and self.past_self_harm)
            or (category == CrisisCategory.ABUSE_DANGER.value and self.past_abuse)
            or (category == CrisisCategory.MEDICAL_EMERGENCY.value and ((self._history and history_so_far) or self.resolved))
            or (rule in FAREWELL_RULES and self.leave_taking)
            or (rule in safety_broad_rules.ASKING_RULES
                and safety_broad_rules.ASKED_FOR_PETS_PATIENTS_OR_STUDY.search(self.normalised) is not None)
        )


# Rules that read a goodbye or a last day as finality; a job, a trip or a move explains them.
FAREWELL_RULES = frozenset({
    "final_acts", "c_finality", "b_goodbyes", "b_last_night", "cu_goodbye", "cr_goodbye", "finality_signs",
    "bu_goodbye_unreachable", "br_goodbye_unreachable",
})


def _without_figures(marked: str, literals: frozenset[str]) -> str:
    """``marked`` with its figures of speech and talk about the subject removed."""
    parts = tuple(_NOT_A_CRISIS_PART_INDEX.runnable(literals))
    return _not_a_crisis_of(parts).sub(" ", marked) if parts else marked


def screen(text: str, *, phrases: bool = True, compositional: bool = True) -> ScreenResult:
    """The crisis signal in ``text``, or ``NOT_FLAGGED``. Pure and fast.

    The phrase rules run first on the whole turn; when they find no explicit
    signal, the compositional rules (``safety_composition``) run clause by
    clause. ``phrases=False`` / ``compositional=False`` leave one family out
    (the benchmark's per-stage rows)."""
    if not text or not text.strip():
        return NOT_FLAGGED
    marked = normalise(text, keep_breaks=True)
    normalised = " ".join(marked.replace("|", " ").split())  # == normalise(text)
    # Figures of speech out once, clause marks kept for the compositional rules.
    literals = safety_composition.SCREEN_LITERALS.present(marked)
    cleaned_marked = _without_figures(marked, literals)
    cleaned = " ".join(cleaned_marked.replace("|", " ").split())
    history_told = _MEDICAL_HISTORY.search(cleaned)
    history = history_told is not None
    # "as a joke", "slept on it": explains away harm to or from others and medical signs, never self-harm.
    benign = safety_composition.BENIGN_CONTEXT.search(normalised) is not None
    explained = safety_composition.BENIGN_EXPLAINS if benign else frozenset()
    if safety_context.banter(normalised):
        explained = explained | safety_context.BANTER_EXPLAINS
    # Self-harm in a past the speaker says is over: none of its rules apply.
    turn = _TurnContext(normalised, history, explained, _past_self_harm(normalised))
    best: ScreenResult = NOT_FLAGGED
    present = safety_composition.SCREEN_LITERALS.present(cleaned)
    for rule in _PHRASE_RULES.runnable(present) if phrases else ():
        if turn.past_self_harm and rule.category is CrisisCategory.SELF_HARM:
            continue
        match = rule.pattern.search(cleaned)
        if match is None:
            continue
        if _DENIAL.search(cleaned[: match.start()]) or _negated_after(cleaned, match, rule.name):
            turn.negated.append(rule.name)
            continue
        if turn.excludes(rule.category.value, rule.name):
            continue
        confidence = _CONFIDENCE[rule.signal]
        if confidence > best.confidence:
            best = ScreenResult(rule.category, confidence, rule.signal, rule.name)
            if rule.signal == "explicit":
                return _as_reported(_unless_never_vetoed(best, cleaned_marked, turn) if compositional else best,
                                    text, normalised)
    if compositional and best.signal != "explicit":
        found = _compositional(cleaned_marked, turn)
        if found is not None and found.confidence > best.confidence:
            best = found
        if not best.flagged and not turn.excludes(CrisisCategory.SELF_HARM.value, "finality_signs"):
            roman = safety_composition.fold_roman(cleaned)
            if safety_broad_rules.finality_signs(cleaned, roman if safety_composition.is_roman_urdu(roman) else None, present) >= (
                safety_broad_rules.FINALITY_SIGNS_NEEDED
            ):
                best = ScreenResult(CrisisCategory.SELF_HARM, _CONFIDENCE["indirect"], "indirect", "finality_signs")
    # History that ends in a "but now": "my heart was checked two years ago and it was
    # fine, but now my chest is crushing". The history excuses what came before the turn.
    if not best.flagged and history_told is not None:
        now = _NOW_AFTER_HISTORY.search(cleaned, history_told.end())
        if now is not None:
            current = screen(cleaned[now.end():], phrases=phrases, compositional=compositional)
            if current.category is CrisisCategory.MEDICAL_EMERGENCY:
                return current
    # Nothing found: say why, for the semantic stage (it defers to these).
    if not best.flagged and (benign or cleaned_marked != marked or turn.negated or turn.medical_over or turn.past_self_harm):
        return ScreenResult(None, 0.0, figurative=benign or cleaned_marked != marked, medical_history=turn.medical_over,
                            negated=bool(turn.negated), past_self_harm=turn.past_self_harm)
    return _as_reported(best, text, normalised)


# A turn this long is read clause by clause by the safety model (``clause_windows``);
# a pasted essay gives at most this many windows.
_WINDOWED_FROM_CLAUSES = 3
_MOST_WINDOWS = 12


def clause_windows(text: str, *, where_screen_fires: bool, width: int = 1) -> list[str]:
    """The clauses of a long turn (three or more), each with ``width`` neighbouring
    clauses either side, as written; ``where_screen_fires`` keeps only the clauses
    the screen flags on their own."""
    clauses = [clause.strip() for clause in safety_composition.CLAUSE_PUNCTUATION.split(text) if clause.strip()]
    if len(clauses) < _WINDOWED_FROM_CLAUSES:
        return []
    windows: list[str] = []
    for position, clause in enumerate(clauses):
        if where_screen_fires and not screen(clause).flagged:
            continue
        window = ", ".join(clauses[max(0, position - width) : position + width + 1])
        if window not in windows:
            windows.append(window)
    return windows[:_MOST_WINDOWS]


# Someone down and not coming round, wherever in the turn the two are said: "my dad just
# collapsed at the till ... he's not responding". The first rule to fire may be a vetoable
# one ("collapse"); this turn is reported as a plain emergency (never vetoed).
_COLLAPSED_UNRESPONSIVE = re.compile(
    r"\b(collapsed|passed out|keeled over|blacked out|went down|fell (down|over|and))\b.*?"
    r"\b(not responding|unresponsive|will not wake|cannot wake|can not wake|not waking|no pulse|not breathing)\b"
    r"(?! to (my |your |his |her |the )?(texts?|messages?|emails?|calls?|treatment|medication|antibiotics))"
    # Urdu and romanised Urdu: "ابو گر گئے ہیں اور سانس نہیں لے رہے", "behosh ho gayi hain, jawab nahi de rahi"
    r"|(گر گئ[ےی]|گر گیا|گر پڑ[ےیا]|بے ہوش|بیہوش)( \S+){0,8} (سانس نہیں (لے|آ)|جواب نہیں دے|ہل نہیں رہ|اٹھ نہیں رہ|ہوش نہیں آ)"
    r"|\b(gir (gaye|gayi|gai|gaya|gae|pade|pare|pari|padi|para|pada)|behosh|be hosh|behoosh)\b.*?"
    r"\b(saa?ns nahi(n)? (le|aa)|jawab nahi(n)? de|hil nahi(n)? rah|uth nahi(n)? rah|hosh nahi(n)? aa)"
)


# An emergency sign played down or waited out in the same turn: "should I just let her sleep
# it off?", "it'll pass", "کیا صبح تک انتظار کر لیں؟", "thanda pani kaafi hoga?". The safety model
# reads the calm wording as ordinary talk and vetoes the sign; the wish to wait is itself the danger.
_PLAYED_DOWN = re.compile(
    r"\b(let (him|her|them) (just )?(nap|sleep|rest|lie down)|(should|can|shall) i (just )?(nap|sleep|rest|lie down)|sleep it off|leave (him|her|them)( be)?$"
    r"|wait (till|until|for) (the )?(morning|tomorrow|monday|payday|the weekend)|see how (he|she|they|i) (is|are|am|feels?) in the morning"
    r"|(it|this|that) (will|should) pass|is (that|this|it) normal|is water enough|just (need to )?lie down"
    r"|probably (just )?(the )?(reflux|indigestion|tired|tiredness|a bug|nothing|stress)"
    r"|(says|saying|insists|thinks) (((she|he|they|it) (is|are)|it is) )?(just|only) (tired|stressed|nothing|fine|indigestion|a bug))\b"
    r"|(صبح|کل|تنخواہ)(?: \S+){0,2} تک|(سونے|لیٹنے) (دیں|دوں)|لیٹ جات|تھک(ی|ا|ے) ہوئ|کافی ہو گا|نارمل ہے"
    r"|\b(subah|kal|salary|tankhwa|tankha)\b( \S+){0,2} (tak|ke bad|ke baad)\b|\b(let|lait|lete) (ja|jaun|jati|jata|jaon)\w*|\bsone (dein|den|do)\b"
    r"|\bkafi (hoga|ho ga|rahega)\b|\bnormal (hai|he)\b|\ba+ram kar(ne|a)? (dun|doon|du|dein|den|lein|len)\b|آرام کرنے (دوں|دیں)"
)


# An emergency sign with a plea for what to do now ("... heart attack aa gaya hai, kya karun??",
# "my friend is drowning, what do I do"): the model reads the question as small talk and vetoed such turns.
_HELP_ASKED_NOW = re.compile(
    r"\b(what (do|should|can) (i|we) do( now)?|what do i do|someone help|help (me|us|him|her))\b"
    r"|(کیا کروں|کیا کریں|کوئی مدد)|\b(kya (karun|karoon|karu|karen|karein)|koi madad)\b"
    rf"|{safety_context.CALL_FOR_A_DOCTOR}"
)


def _as_reported(found: ScreenResult, text: str, normalised: str) -> ScreenResult:
    """The verdict as the screen reports it: nothing for a question in general, and a
    medical hit named for the plainest sign the turn shows, or for its being played down."""
    found = _unless_general_question(found, text, normalised)
    if found.category is not CrisisCategory.MEDICAL_EMERGENCY or not safety_broad_rules.model_may_veto(found.rule):
        return found
    if _COLLAPSED_UNRESPONSIVE.search(normalised):
        return replace(found, rule="collapsed_unresponsive")
    if _PLAYED_DOWN.search(normalised):
        return replace(found, rule="emergency_played_down")
    if _HELP_ASKED_NOW.search(normalised):
        return replace(found, rule="emergency_help_asked")
    return found


def _unless_general_question(found: ScreenResult, text: str, normalised: str) -> ScreenResult:
    """A question about a subject in general ("why do people self harm") reports nothing."""
    if found.flagged and found.rule not in safety_broad_rules.ASKING_RULES and safety_context.general_question(text, normalised):
        return ScreenResult(None, 0.0, figurative=True)
    return found


def _unless_never_vetoed(found: ScreenResult, cleaned_marked: str, turn: _TurnContext) -> ScreenResult:
    """A phrase hit the model may veto, or the compositional hit that no model may
    overrule when the turn also says that ("the kid drank poison from the cupboard":
    ``poisoning``, vetoed as small talk, and ``b_child_swallowed``, a plain emergency).
    Runs only on a turn with an explicit phrase hit, which ordinary talk rarely has."""
    if not safety_broad_rules.model_may_veto(found.rule):
        return found
    history_so_far = False
    for cleaned in safety_composition.clauses(cleaned_marked):
        history_so_far = history_so_far or _MEDICAL_HISTORY.search(cleaned) is not None
        plain = safety_composition.match_clause(
            cleaned, safety_composition.fold_roman(cleaned), safety_broad_rules.NEVER_VETOED_BROAD, turn.negated
        )
        if (plain is not None and plain.signal == "explicit"
                and not turn.excludes(plain.category, plain.rule, history_so_far=history_so_far)):
            return ScreenResult(CrisisCategory(plain.category), _CONFIDENCE["explicit"], "explicit", plain.rule)
    return found


def _compositional(cleaned_marked: str, turn: _TurnContext) -> ScreenResult | None:
    """The strongest compositional match over the turn's clauses (``cleaned_marked``:
    the turn normalised with its clause breaks kept, figures of speech removed)."""
    best: ScreenResult | None = None
    clauses = safety_composition.clauses(cleaned_marked)
    history_so_far = False
    for cleaned in clauses:
        history_so_far = history_so_far or _MEDICAL_HISTORY.search(cleaned) is not None
        roman = safety_composition.fold_roman(cleaned)
        found = safety_composition.match_clause(cleaned, roman, negated=turn.negated)
        if found is None or found.signal != "explicit":
            # The broader word classes, after the narrower rules found nothing explicit.
            broad = safety_composition.match_clause(cleaned, roman, safety_broad_rules.BROAD_RULES, turn.negated)
            if broad is not None and (found is None or broad.signal == "explicit"):
                found = broad
        if found is None or turn.excludes(found.category, found.rule, history_so_far=history_so_far):
            continue
        result = ScreenResult(CrisisCategory(found.category), _CONFIDENCE[found.signal], found.signal, found.rule)
        if found.signal == "explicit":
            return result
        best = best or result
    # A cue in another clause, split at punctuation or at "but" ("i told her i fell but i didn't fall").
    if best is None and len(clauses) > 1:
        best = _across_clauses(cleaned_marked, turn)
    return best


def _across_clauses(cleaned_marked: str, turn: _TurnContext) -> ScreenResult | None:
    """The broad co-occurrence rules over the whole turn, for a cue in another sentence."""
    text = " ".join(cleaned_marked.replace("|", " ").split())
    found = safety_composition.match_clause(text, safety_composition.fold_roman(text), safety_broad_rules.BROAD_TURN_RULES)
    if found is None or turn.excludes(found.category, found.rule):
        return None
    return ScreenResult(CrisisCategory(found.category), _CONFIDENCE[found.signal], found.signal, found.rule)

"""Compositional crisis patterns: word classes that combine, not fixed phrases.

The phrase rules in ``safety_screen`` match the wording they were written
from. These rules describe the *shape* of a crisis statement instead, so new
wording of the same thing still matches:

- self-harm: a first-person subject, a harm verb in any inflection and the
  self as its object ("I keep cutting my arms"); a desire or intent marker
  followed by dying ("honestly I just want to be dead"); the person's absence
  paired with others being better off or not noticing ("it would be easier for
  everyone if I was gone"); acts of finality (goodbye letters, giving things
  away); weariness of living itself;
- harm to others: a first-person intent, a harm verb and a person as victim;
- abuse or danger: an agent, a violent verb and the speaker as victim ("my
  uncle touches me"), a reported threat, being followed, confined or hiding;
- medical emergency: an acute sign (not breathing, collapsed, a seizure,
  swallowed something) happening now.

Urdu script and romanised Urdu get the same treatment with their own word
classes; romanised text is first folded to one spelling of each word
(``fold_roman``: "nahin"/"nai"/"nhi" -> "nahi", long vowels shortened), so one
pattern covers the spellings people actually type.

Every rule runs on one clause at a time (``clauses``), and a negation in that
clause before the match ("I would never ...", "... نہیں ...") cancels it unless
the rule itself is about absence or refusal. Pure and precompiled; the caller
(``safety_screen.screen``) has already removed figures of speech.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from services.regex_prefilter import LiteralRegistry, PrefilteredRules
from services.safety_context import negated_verbal_noun

# --- word classes ---------------------------------------------------------------------


def verb_forms(*lemmas: str) -> str:
    """A regex alternation of the regular inflections of each verb (kill -> kill|kills|killed|killing).

    Irregular forms are listed by the caller next to the lemma ("hang", "hung")."""
    forms: set[str] = set()
    for lemma in lemmas:
        if " " in lemma:  # a phrasal verb: inflect its head only
            head, rest = lemma.split(" ", 1)
            forms.update(f"{form} {rest}" for form in _inflect(head))
        else:
            forms.update(_inflect(lemma))
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


def _inflect(verb: str) -> set[str]:
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif len(verb) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb):
        # one short syllable: the last consonant doubles (stab -> stabbed, cut -> cutting)
        forms |= {verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
    return forms


def words(*items: str) -> str:
    return "(?:" + "|".join(items) + ")"


GAP = r"(?:\S+ ){0,%d}"  # up to N whole words in between

# People who can be the victim of someone's violence (not "this exam", "the traffic").
PERSON_NOUNS = words(
    "wife", "husband", "boss", "manager", "mother", "father", "mom", "mum", "mam", "dad", "brother", "sister",
    "son", "daughter", "kids?", "children", "child", "baby", "neighbou?rs?", "coworkers?", "colleagues?", "ex",
    "partner", "teacher", "roommate", "flatmate", "friends?", "boyfriend", "girlfriend", "landlord", "family",
    "parents", "stepfather", "stepdad", "stepmother", "stepmom", "uncle", "aunt", "cousin", "grandfather",
    "grandmother", "grandpa", "grandma", "in laws", "father in law", "mother in law", "fianc[eé]e?", "lover",
    "classmates?", "bully", "bullies", "students?", "supervisor", "guy", "man", "woman", "girl", "boy", "lady",
    "people", "everyone", "whole class", "class", "bitch", "bastard", "ex wife", "ex husband", "carer",
    "caregiver", "coach", "pastor", "imam", "step \\w+", "doctor", "nurse", "officer",
    "foreman", "gaffer", "employer", "principal", "headteacher", "head teacher", "tutor", "sergeant",
)
VICTIM = (
    r"(?:him|her|them|someone|somebody|anyone|everyone|everybody|people|those \w+|"
    rf"(?:my|his|her|their|our|the|that|this|these|those) (?:\w+ )?{PERSON_NOUNS}\b|\w+ who)"
)
AGENT = (
    r"(?:he|she|they|someone|somebody|a (?:man|guy|woman|stranger)|some (?:man|guy|men|people)|"
    rf"(?:my|our|the) (?:\w+(?:'s)? )?(?!baby\b){PERSON_NOUNS}\b)"
)
SELF_OBJECT = (
    r"(?:myself|my (?:own )?(?:life|wrists?|arms?|thighs?|legs?|skin|body|throat|veins?|stomach))"
)
SELF_HARM_VERBS = verb_forms(
    "kill", "hurt", "harm", "cut", "slit", "slice", "burn", "hang", "shoot", "stab", "drown", "poison", "starve",
    "strangle", "suffocate", "end", "carve", "choke",
)[:-1] + "|hung|shot|slit|cut)"
# "I cut myself shaving", "burned myself on the oven": an accident, not self-harm.
_ACCIDENT = (
    r"(?! (?:\S+ ){0,3}(?:by accident|accidentally|shaving|cooking|chopping|on (?:the|a|an|my) (?:oven|stove|iron|pan|door|table"
    r"|corner|knife|glass|nail|paper|kettle)))"
)
INTENT = words(
    "going to", "will", "want to", "wanted to", "wanting to", "would like to", "plan to", "planning to",
    "planned to", "about to", "ready to", "decided to", "intend to", "mean to", "need to", "have to", "gotta",
    "swear i will", "am actually going to", "feel like", "tried to", "trying to", "try to", "urge to",
    "thinking (?:about|of)", "thought (?:about|of)", "considering", "imagining", "fantasi[sz]ing about",
    "dream(?:ing)? (?:about|of)",
)
HABIT = words(
    "keep", "kept", "again", "have been", "started", "start", "every (?:day|night|time)", "when things",
    "so i (?:can|could)", "to (?:feel|cope|punish)", "on purpose", "deliberately", "whenever",
)
DESIRE = words(
    "want", "wanted", "wanting", "wish", "wished", "wishing", "going", "decided", "plan", "planning", "ready",
    "would rather", "hope", "hoping", "long", "longing", "pray", "praying", "need", "feel like", "thinking of",
    "thinking about", "thought about", "deserve", "deserves", "wants", "wishes", "needs", "think about", "think of",
    "dream of", "dream about", "fantasi[sz]e about", "plans",
)
DEATH = words(
    r"(?:to )?die(?! (?:of|from|laughing|if|when|before|after|happy|old|in my sleep|for)\b)", r"(?:to )?be dead",
    r"(?:to )?dying(?! (?:to|for|of)\b)", r"(?:to )?not (?:be )?(?:alive|exist|here|wake up)",
    r"(?:to )?stop (?:living|existing|breathing)", r"(?:to )?(?:overdose|od)", r"(?:to )?kill myself",
    rf"(?:to )?{verb_forms('end')} (?:it|it all|everything|things|my (?:own )?life)", rf"(?:to )?(?:{verb_forms('take')}|took) my (?:own )?life(?! (?:in|into|to|back|seriously|more|a new|one day|step|in hand)\b)",
    r"(?:i )?(?:was|were) dead", r"(?:to )?(?:be )?gone forever", r"(?:to )?(?:sleep|disappear|vanish) forever",
)
HARM_OTHER_VERBS = verb_forms(
    "kill", "murder", "stab", "shoot", "strangle", "choke", "hurt", "beat", "beat up", "poison", "attack",
    "run over", "slap", "punch", "kick", "burn", "smash", "torture", "maim", "cripple", "bash", "break",
)[:-1] + "|shot|beaten|beat up|ran over)"
# Not "push", "force", "hurt": "my boss pushed me to finish", "her words hurt me".
# How a face, lips or throat swell in an allergic reaction ("my lips are huge").
SWELLING = r"(?:swelling|swollen|closing|puffing|puffed up|huge|massive|ballooning|blowing up)"
VIOLENCE = verb_forms(
    "hit", "beat", "punch", "slap", "kick", "choke", "strangle", "rape", "molest", "grope", "touch", "abuse",
    "assault", "shove", "burn", "whip", "attack", "batter", "threaten", "stab", "strike", "smack", "hold down",
    "pin down", "belt", "wallop",
)[:-1] + "|beaten|struck|held down|pinned down)"
NEGATION = re.compile(
    r"\b(?:not|never|no|nothing|nobody|no one|without|neither|nor|hardly|stop(?:ped)?)\b(?: \S+){0,5} ?$"
)
NEGATION_UR = re.compile(r"(?:^| )(?:نہیں|نہ|مت)(?: \S+){0,3} ?$")
NEGATION_RU = re.compile(r"\b(?:nahi|na|mat)\b(?: \S+){0,3} ?$")
# Urdu puts the negation just before the verb, inside what a rule matches
# ("خود کو کبھی نقصان نہیں پہنچاؤں گا"), so for those rules it is looked for there too.
NEGATION_INSIDE = {"ur": re.compile(r"(?:^| )(?:نہیں|نہ|مت)(?= |$)"), "ru": re.compile(r"\b(?:nahi|na|mat)\b")}

# A condition before the core ("if he does not pay by friday | i will burn his office down",
# "اگر یہ چپ نہ ہوا تو | میں ..."): a negation inside the if-clause negates the condition,
# not what follows it. The consequent starts at "then" / "to" / "تو", or at a subject and
# a modal ("even if i wanted to | i would never hurt him" keeps its "never").
_IF_CLAUSE = re.compile(r"\b(?:if|unless|agar)\b|(?:^| )اگر(?= |$)")
_CONSEQUENT = re.compile(
    r"\b(?:then|to)\b|(?:^| )تو(?= |$)|\b(?:i|we|he|she|they|you) (?:will|would|shall|am going to|are going to|is going to)\b"
)


# Two acts joined: "kal dialysis nahi jaunga aur | chhat se chhalang laga dunga": the first
# act's negation stays with it.
_AND = re.compile(r"\b(?:and|aur|or)\b|(?:^| )اور(?= |$)")


def negation_scope(scope: str) -> str:
    """Where a negation before a rule's core counts: ``scope`` (the words before the core)
    without an if-clause that ends before the core, and without an act joined before it by "and"."""
    conditions = list(_IF_CLAUSE.finditer(scope))
    if conditions:
        after = scope[conditions[-1].end():]
        consequent = _CONSEQUENT.search(after)
        scope = scope[: conditions[-1].start()] + (after[consequent.start():] if consequent else "")
    joins = list(_AND.finditer(scope))
    return scope[joins[-1].end():] if joins else scope


# A state denied with the Urdu copula straight after it: "main suicidal nahi hun",
# "... خطرے میں نہیں ہوں" (the English word or the Urdu phrase, then "is not / am not").
COPULA_NEGATED = re.compile(r" (?:nahi|nahin|nhi|nai|نہیں) (?:hun|hoon|hu|hai|hain|he|ہوں|ہے|ہیں)(?= |$)")

# A hypothetical, a lesson or a story: "in case someone collapses", "signs of a stroke".
_FRAME = re.compile(
    r"\b(?:in case|what to do (?:if|when)|how to (?:help|tell|spot|recognise|recognize|treat)|signs of|symptoms of"
    r"|(?:first aid|cpr) (?:course|class|training|lesson)|in the (?:film|movie|book|show|series|game|story|novel|news|episode)"
    r"|the (?:film|movie|book|show|series|novel|news|article|story|character|documentary|episode|podcast|report)s? "
    r"(?:said|says|is|was|about|where|in which)|characters?|villain|hero|heroine|news said|stories about)\b"
    # A drama or film told in Urdu: "drama dekha jismein ...", "ڈرامے میں اس نے ...".
    r"|\b(?:drama|darama|film|movie|serial|kahani|novel|episode|qist|kist)\b (?:\S+ ){0,2}(?:jis ?(?:mein|main|me)|(?:mein|main|me) (?:us ?ne|hero|heroine|villain))\b"
    r"|(?:ڈرامے|ڈرامہ|فلم|کہانی|ناول|قسط)(?: \S+){0,2} (?:جس میں|میں (?:اس نے|ہیرو|ہیروئن|ولن))"
)


@dataclass(frozen=True, slots=True)
class CompositionalRule:
    category: str
    signal: str  # "explicit" or "indirect"
    name: str
    pattern: re.Pattern[str]
    # False for rules whose meaning already carries a negation ("nobody would notice").
    negatable: bool = True
    # The rule is about a crisis shown or told in a story, lesson or report when a frame word is present.
    framable: bool = True
    # Literals one of which a text must hold for ``pattern`` to match (``regex_prefilter``).
    literals: frozenset[str] | None = None


# Every screen pattern's literals, so one scan of a text tells which patterns can match it:
# most cannot, and their searches were most of the screen's cost on a long turn.
SCREEN_LITERALS = LiteralRegistry()


def _rules(category: str, signal: str, pairs: Iterable[tuple[str, str]], *, negatable: bool = True,
           framable: bool = True) -> list[CompositionalRule]:
    compiled = [(name, re.compile(p)) for name, p in pairs]
    return [CompositionalRule(category, signal, name, pattern, negatable, framable, SCREEN_LITERALS.register(pattern))
            for name, pattern in compiled]


def _g(n: int) -> str:
    return GAP % n


# What can be taken in a dangerous amount or saved up ("sleeping pills" is also "pills" after a word).
MEDICINES = words("pills", "tablets", "meds", "medication", "painkillers", "sleeping pills", "paracetamol", "ibuprofen",
                  "aspirin", "codeine", "tramadol", "insulin", "antidepressants")
# A count of tablets over any single dose: "took 2 tablets" is a dose, "took 15" is not.
OVER_A_DOSE = r"(?:[6-9]|[1-9]\d+|ten|twelve|fifteen|twenty|thirty|forty|fifty)"
# After "collecting my pills": a prescription picked up ("... from the pharmacy") is not a stockpile.
NOT_A_PRESCRIPTION = r"(?! (?:\S+ ){0,2}(?:from|at) (?:the )?(?:pharmacy|chemist|chemists|doctor|doctors|surgery|hospital|clinic|gp)\b)"

# --- English --------------------------------------------------------------------------

ENGLISH = [rule for group in (
    _rules("self_harm", "explicit", [
        ("c_harm_self", rf"\b(?P<obj>{SELF_HARM_VERBS}) {_g(2)}myself\b{_ACCIDENT}"),
        ("c_harm_self_body", rf"\bi\b {_g(4)}{SELF_HARM_VERBS} {SELF_OBJECT}\b(?=.*\b{HABIT}\b)|\bi\b {_g(1)}{HABIT} {_g(2)}{SELF_HARM_VERBS} {SELF_OBJECT}\b"),
        ("c_desire_death", rf"\b(?:i|me)\b {_g(3)}(?P<obj>{DESIRE} {_g(3)}{DEATH})\b"),
        ("c_intent_method", rf"\bi\b {_g(3)}{INTENT} {_g(2)}(?:jump|jumping)\b(?=.*\b(?:bridge|roof|building|cliff|balcony|window|ledge|train|tracks|tower)\b)"),
        ("c_intent_method", rf"\bi\b {_g(3)}{INTENT} {_g(2)}(?:overdos\w*|od|swallow \w+ (?:pills|tablets)|take (?:all|the whole|every)\b)"),
        ("c_intent_method", rf"\bi\b {_g(3)}(?:a|my) (?:plan|date|method|note) (?:to|for) (?:end|kill|die|how|take my)\b"),
        ("c_cutting_again", r"\bi (?:have been|am|was|keep|started|have started|have been) (?:\S+ )?(?:cutting|burning|self harming|purging)\b"
         r"(?= again| myself| every| at night| to cope|$| since| when)"),
        ("c_means_ready", r"\b(?:pills|tablets|rope|noose|gun|blades?|razors?)\b(?: \S+){0,2} (?:lined up|laid out|counted out|ready)\b(?=.*\b(?:in front of me|next to me|beside me|tonight|right now|to take|all of them)\b)"),
        # The words themselves, outside a talk-about frame: "I feel suicidal", "self harming again".
        ("c_suicide_word", r"\b(?=suicid|self)(?<!died by )(?<!death by )(?<!dies by )(?<! lost him to )(?<! lost her to )(?<! lost them to )(?P<obj>suicid\w*|self ?harm\w*|self injur\w*)"),
        # Refusing life itself (the negation is the meaning): "I don't want to be alive anymore".
        ("c_refuse_life", r"\b(?:do not|does not|no longer|not) (?:want|wish|need) to (?:live|be alive|exist|be here|wake up|go on|keep living|keep going)\b"
         r"(?! (?:in|with|at|near|like|there|on|without|through|by|for|under)\b)"),
        ("c_nothing_to_live_for", r"\b(?:nothing|no reason|no point|nothing left|no will) (?:\S+ ){0,3}(?:to live for|to keep living|to go on|to stay alive|to be alive|to live)\b"
         r"|\b(?:life|living|my life) (?:is not|is no longer|not|is never going to be) worth (?:living|it)\b"),
    ]),
    _rules("self_harm", "indirect", [
        ("c_absence_benefit",
         r"\b(?:better|easier|happier|relieved|relief|lighter|simpler|fine|free|nobody|no one|noone|not (?:even )?(?:notice|miss|care|matter))\b"
         rf".{{0,60}}(?:\b(?:if|when|once|after) i {_g(2)}(?:gone|dead|died|disappeared?|not (?:\S+ )?(?:here|around|alive|there|in \w+ lives?|in the picture)|no longer (?:here|around|alive)|never (?:born|existed))\b|\bwithout me\b)"
         r"|\b(?:without me|me (?:being )?gone|my death)\b"
         r".{0,60}\b(?:better|easier|happier|relieved|relief|lighter|simpler|nobody|no one|not (?:even )?(?:notice|miss|care|matter))\b"),
        ("c_finality", r"\b(?:goodbye|farewell|last) (?:letters?|notes?|messages?|words)\b|\b(?:letters?|notes?) (?:to|for) (?:everyone|everybody|all|each)\b"
         r"|\b(?:giving|gave|give) (?:away )?(?:\S+ ){0,2}(?:things|stuff|belongings|possessions) away\b|\b(?:giving|gave|give) away (?:\S+ ){0,3}(?:things|stuff|belongings|possessions)\b"
         r"|\blast time (?:you|anyone) (?:will|would|are going to) (?:hear|see|talk)\b|\b(?:will not|do not|no longer) (?:be )?need(?:ing)? (?:them|it|any of (?:it|this|them)|these|those|my \w+) (?:anymore|where i am going|after)\b"
         r"|\b(?:say|saying|said) (?:my )?goodbyes? to (?:everyone|everybody|you all|all of you)\b"
         r"|\blast time (?:we|i|you) (?:will|would|are going to|am going to|ever) (?:talk|speak|see|hear)\b"
         r"|\b(?:will not|am not going to|might not|won't) be (?:\S+ ){0,2}(?:around|here|a burden|a problem|alive) (?:\S+ ){0,3}?(?:much longer|for long|anymore|after (?:tonight|today|this))\b"),
        ("c_all_to_end", r"\b(?:want|need|wish) (?:it all|everything|all of it|all of this|my life|the world|life) to (?:end|stop|be over)\b(?! (?:well|happily|soon so|on a|with a|nicely)\b)"
         r"|\bnothing (?:left )?for me (?:here|anymore|in this world|now)\b"
         r"|\b(?:close|closing) my eyes\b(?: \S+){0,3} (?:never|not) (?:open|wake)\w*\b"
         r"|\b(?:hope|hoping|wish|want) (?:\S+ ){0,3}(?:finish(?:es)? me off|kills? me off|is the end of me)\b"),
        ("c_last_wishes", r"\b(?:tell|make sure|let) (?:\S+ ){0,3}(?:knows?|know) (?:that )?i (?:loved|love) (?:her|him|them|you)\b(?=.*\b(?:make sure|tell|when i am gone|after)\b)?"
         r"|\bwho (?:gets|will get|will look after|will take|takes|will have) my (?:cat|dog|pets?|things|stuff|kids|children)\b"
         r"|\b(?:will not|might not|am not going to) (?:be (?:here|around|alive)|live|make it) (?:for|to see) (?:my|his|her) (?:\w+(?:'s)? )?(?:birthday|wedding|graduation|christmas|next birthday)\b"
         r"|\b(?:will not|might not|am not going to) (?:be (?:here|around|alive)|live|make it) to see (?:next|christmas|the new year|another)\b"),
        ("c_burden", r"\b(?:i am|i feel like|feel like|i have become|i have turned into|i became|i feel) (?:\S+ ){0,2}(?:a |such a |the )?(?P<obj>burden)\b"),
        # ... or counted: "I've saved up about 60 of my pills"
        ("c_stockpile", r"\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|stashing|stashed|kept back) (?:up )?"
         r"(?:(?:about |around |nearly |over |like )?\d+ (?:of )?(?:my )?|(?:\S+ ){0,2})" + MEDICINES + r"\b"
         + NOT_A_PRESCRIPTION +
         # Buying in small amounts from many places, past the pack limits.
         r"|\b(?:buying|bought|buy|getting|got|collecting|collected)\b (?:\S+ ){0,3}(?:pills|tablets|painkillers|paracetamol|ibuprofen|aspirin|codeine|sleeping pills) (?:\S+ ){0,1}from (?:different|several|various|lots of|multiple|all the|every) (?:shops|pharmacies|chemists|stores|supermarkets)\b"),
        ("c_gone_forever", r"\b(?:rather|want to|wish i (?:was|were|could)|wish to|just want to|like to) (?:\S+ ){0,1}(?:be gone|disappear forever|vanish forever|sleep forever|not be here)\b"
         r"|\bwish(?:ing|ed)? i (?:had )?(?:never|not) (?:been born|existed|woken up)\b|\bno way out\b(?! of\b)|\b(?:cannot|do not) see (?:a|any) way out\b(?! of\b)"),
        ("c_weary_of_life", r"\b(?:tired|sick|exhausted|done|finished|weary) (?:\S+ ){0,1}(?:of|with) (?:being alive|living|life|existing|waking up|being here|this life|my life)\b"
         r"(?! (?:with|in|out of|like|at|on|under|above|next to|near|here|there|alone|together|abroad)\b)"
         r"|\b(?:no|not any|what is the|there is no|cannot see the|do not see the|not see any) (?:\S+ ){0,1}point (?:in|of|to) (?:\S+ ){0,2}(?:living|life|waking up|going on|being alive|being here|carrying on|existing|any of it|anything anymore)\b"
         r"|\b(?:cannot|can not|do not) (?:see|imagine|picture) (?:myself|me) (?:\S+ ){0,3}(?:here|alive|around|living)\b"
         r"|\b(?:want|need|wish) (?:it|it all|everything|this|all this|all of this|the pain) (?:all )?to (?:stop|end|be over)\b(?=.*\b(?:for good|forever|permanently|for ever|once and for all)\b)"
         r"|\b(?:sleep|go to sleep|fall asleep|close my eyes)\b(?: \S+){0,3} (?:not|never) (?:wake|waking) up\b"),
        ("c_method_research", r"\b(?:looking up|looked up|searching|searched|googling|googled|researching|researched|reading up on|read up on)\b(?: \S+){0,2} (?:how many|how much|how to|ways to|the (?:best|quickest|easiest) way|painless|lethal|fatal)\b"),
    ]),
    # "I don't think anyone would care if I was gone": the negation is part of the meaning.
    _rules("self_harm", "indirect", [
        ("c_anyone_care", rf"\b(?:anyone|anybody|someone) (?:would|will|is going to) (?:even )?(?:care|notice|miss me)\b.{{0,40}}\b(?:if|when) i {_g(2)}(?:gone|dead|died|disappeared?|not (?:here|around))\b"
         r"|\bwithout (?:\S+ ){1,4}me\b(?=.*\b(?:better|easier|happier|relieved|fine)\b)|\b(?:better|easier|happier|relieved|fine)\b.{0,40}\bwithout (?:\S+ ){1,4}me\b"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("c_intent_harm", rf"\bi\b {_g(3)}(?P<obj>{INTENT} {_g(4)}{HARM_OTHER_VERBS}) (?:the (?:crap|shit|hell|life|living daylights) out of )?{VICTIM}"),
        ("c_intent_harm", rf"\bi\b {_g(3)}(?P<obj>{INTENT} {_g(2)}(?:run|running|ran)) {VICTIM} (?:over|down)\b(?! (?:to|at|for|from|here|there)\b)"),
        ("c_intent_arson", rf"\bi\b {_g(3)}(?P<obj>{INTENT} {_g(2)}(?:set fire to|setting fire to|burn down|burning down|torch|blow up|bomb)) (?:\S+ ){{0,2}}(?:house|home|school|office|building|car|flat|apartment|mosque|church|shop|workplace)\b"),
        ("c_intent_harm", rf"\bi\b {_g(3)}{INTENT} {_g(2)}(?:put|putting|slip|slipping|mix|mixing) (?:\S+ ){{0,1}}(?:poison|rat poison|bleach|antifreeze) (?:in|into) "),
        ("c_intent_harm", rf"\bi\b {_g(3)}{INTENT} {_g(1)}shoot (?:up )?(?:my |the |a |that )?(?:\S+ )?(?:school|workplace|office|work|class|college|mosque|church|mall|party)\b"),
        ("c_weapon_to_place", rf"\bi\b {_g(3)}{INTENT} {_g(1)}(?:bring|bringing|take|taking|carry|carrying) (?:a|my|the|his|her|\w+s) (?:gun|knife|rifle|pistol|weapon|bomb|machete|shotgun) (?:to|into) (?:\S+ ){{0,1}}(?:school|work|class|college|office|church|mosque|mall|party|campus)\b"),
        ("c_weapon_ready", rf"\b(?:gun|rifle|pistol|knife|knives|machete|axe|bomb|shotgun|ammo)\b(?=.*\b(?:ready|loaded)\b)(?=.*\b(?:kill|hurt|shoot|stab|pay|{HARM_OTHER_VERBS})\b)"),
    ], framable=True),
    _rules("harm_to_others", "indirect", [
        ("c_make_pay", rf"\b(?:make|making) {VICTIM} (?:pay|suffer|bleed|regret)\b(?=.*\b(?:gun|knife|rifle|hurt|kill|following|follow|routine|plan|tonight|tomorrow)\b)"),
        ("c_weapon_threat", r"\b(?:gun|rifle|pistol|knife|shotgun|bomb|ammo)\b(?=.*\b(?:capable|pay|sorry|regret|see what|know what|will not (?:be breathing|wake up|live))\b)"),
    ]),
    _rules("abuse_danger", "explicit", [
        ("c_agent_violence_me", rf"\b{AGENT} {_g(3)}(?P<obj>{VIOLENCE}) (?:\S+ ){{0,1}}(?:me|my (?:face|body|head|neck|arm|arms|kids|children|son|daughter|baby))\b"
         # Not a game or a feeling: "beat me at chess", "touched me deeply".
         r"(?! (?:at|in) (?:a |the |every )?(?:chess|cards|games?|match|tennis|football|racing|race|argument|poker|scrabble|quiz|exam|test|\w+ball)\b"
         r"| (?:to it|to the|by \d|deeply|so much|with (?:his|her|their|a) (?:words|story|kindness|letter|music|toy|pillow|snowball|balloon|water|cushion|nerf))\b| \d)"),
        ("c_threatened_me", r"\b(?:threatened|threatens|threatening|threaten) to (?:\S+ ){0,1}(?:kill|hurt|hit|beat|shoot|stab|burn|rape) (?:me|us)\b"),
        ("c_victim_passive", r"\bi (?:was|am|have been|had been|got|been|am being|keep getting) (?:\S+ ){0,1}(?P<obj>raped|beaten|assaulted|sexually assaulted|molested|abused|attacked|stabbed|kidnapped|trafficked|strangled|choked)\b(?! (?:out|at|in (?:the|a) (?:game|match|race)|by (?:the|my) (?:team|opponents?)))"),
        ("c_agent_violence_me", rf"\b{AGENT} {_g(8)}(?P<obj>touch(?:es|ed)?|grop(?:es|ed)|rap(?:es|ed)|molest(?:s|ed)?) me\b(?! (?:deeply|so much|with (?:his|her|their) (?:words|story|kindness)))"),
        ("c_forced_sexual", r"\b(?:forces|forced|makes|made|pressures|pressured|pushes|pushed) me (?:\S+ ){0,8}(?:sexual|sexually|sex|touch (?:him|her|them)|take my clothes off|undress)\b"),
        ("c_reported_threat", rf"\b{AGENT} {_g(3)}(?:said|says|told me|tells me|threatened|threatens|swore|swears|keeps saying|warned|texted|messaged|wrote|screaming|shouting|yelling|screamed|shouted|yelled)\b(?: me| us)?(?: that)? (?:he|she|they) (?:will|would|is going to|are going to|was going to) {_g(2)}(?:kill|hurt|hit|beat|shoot|stab|burn|break|take the kids|take my kids|end) {_g(1)}(?:me|us|my)\b"),
        ("c_followed", rf"\b{AGENT} {_g(3)}(?:following|followed|follows|stalking|stalks|stalked|turning up|turns up|showing up|shows up|waiting outside|waits outside|tracking|tracks)\b (?:\S+ ){{0,2}}(?:me|my (?:house|home|flat|work|office|school|car|door))\b(?! (?:on|around)\b)"),
        ("c_intruder", r"\b(?:a man|a guy|someone|somebody|a stranger|people|men|there is (?:a man|someone|somebody))\b (?:is |are )?(?:trying to )?(?:breaking|break|broke|get|getting|forcing (?:\S+ )?way) (?:in|into) (?:my|our|the) (?:house|home|flat|room|apartment|bedroom|car)\b"),
        ("c_intruder", r"\b(?:a man|a guy|someone|somebody|a stranger|some(?: \w+)? (?:man|men|guy|guys|people)|there is (?:a man|someone|somebody))\b(?: \S+){0,4} (?:outside|at|in|inside|through|under) (?:my|the) (?:front |back |bedroom )?(?:door|window|house|home|flat|room|apartment|bedroom|garden|yard|car)\b(?=.*\b(?:trying to (?:get|break|come|open)|breaking in|banging|scared|afraid|terrified|right now|will not leave|forcing)\b)"),
    ]),
    _rules("abuse_danger", "indirect", [
        ("c_confined", r"\b(?:not allowed to|will not let me|does not let me|never lets me|forbidden to) (?:leave|go out(?:side)?|step out) (?:of )?(?:the |my |this )?(?:house|flat|home|room|apartment)\b"
         r"|\b(?:took|takes|taken|hid|hides) (?:away )?my (?:passport|documents|papers|id)\b|\b(?:locked|locks|keeps|kept) me (?:in|inside|up)\b"),
        ("c_scared_home", r"\b(?:scared|afraid|terrified|frightened) (?:to go|of going) (?:back )?home\b"
         r"(?! (?:\S+ ){0,5}(?:grades|exam|exams|results|report|report card|disappointed|upset|mad|late|the dark|alone at night)\b)"),
        ("c_dangerous_person", r"\b(?:he|she|they) (?:is|are|gets|get) (?:too |so |really |very )?(?:dangerous|violent)\b"
         r"(?! (?:on|in|at) (?:the|that|a|this) (?:\S+ )?(?:court|pitch|field|road|game|film|movie|show|match|track|ring))"),
        ("c_control", r"\b(?:controls|takes|took|keeps) (?:all )?my (?:money|bank card|wages|salary|benefits)\b(?=.*\b(?:checks|reads|goes through|tracks|cannot see|not allowed|will not let me|does not let me)\b)"
         r"|\b(?:checks|reads|goes through|tracks) my (?:phone|messages|location)\b(?=.*\b(?:cannot|not allowed to|will not let me|does not let me) (?:see|talk to|call|meet)\b)"),
        ("c_hiding_from", r"\b(?:hiding|hid|hide) (?:\S+ ){0,4}(?:from (?:him|her|them|my \w+)|because (?:he|she|they|my \w+))\b"
         r"(?=.*\b(?:smash|hit|beat|hurt|drunk|angry|rage|raging|yell|scream|shout|throw|kill|knife|gun|threat)\w*)"),
        ("c_bruises", r"\b(?:bruises|marks|black eyes?|cuts|injuries)\b(?: \S+){0,2} (?:he|she|they|my \w+) (?:leaves|left|gives|gave|caused|causes|makes)\b"
         r"|\b(?:hide|hiding|cover|covering|cover up) (?:\S+ ){0,2}(?:bruises|marks|black eyes?)\b"),
        ("c_fear_of_agent", rf"\b(?:scared|afraid|terrified|frightened|worried)\b (?:that )?(?:he|she|they|{AGENT}) (?:will|might|is going to|are going to|could|would) {_g(1)}(?:hurt|kill|hit|beat|find|come back for|come after|rape|attack|take the kids) (?:me|us)\b"),
        ("c_fear_of_agent", r"\b(?:terrified|scared to death|afraid for my life|in fear for my life|frightened|scared|afraid) of (?:my|our) (?:\w+ )?(?:husband|wife|partner|boyfriend|girlfriend|ex|father|dad|stepfather|stepdad|mother|mum|mom|brother|uncle|son|landlord|in laws|father in law|mother in law)\b(?!')(?! (?:reaction|finding out|seeing|knowing|being (?:disappointed|upset|angry)))"),
        ("c_unsafe", rf"\b(?:not|never) (?:feel )?safe (?:at home|in my (?:own )?(?:home|house|room|bed)|with (?:him|her|them|{AGENT})|around (?:him|her|them|{AGENT}))\b|\b(?:i am|i feel) (?:not safe|unsafe|in danger)\b(?! (?:of (?:failing|losing|missing|being late)|driving|walking|on the roads?))"),
        ("c_fear_of_agent", r"\b(?:scared|afraid|terrified|frightened|never know|do not know)\b(?: \S+){0,3} what (?:he|she|they|my \w+) (?:will|might|would|is going to|could) do to (?:me|us)\b"),
    ]),
    _rules("medical_emergency", "explicit", [
        ("c_collapsed", r"\b(?=collapsed|fainted|passed|blacked|unconscious|unresponsive)(?<!nearly )(?<!almost )(?:collapsed|fainted|passed out|blacked out|unconscious|unresponsive)\b"
         r"(?! (?:on|in|onto|into) (?:the |my )?(?:sofa|couch|bed)| drunk| asleep| after (?:the|a) (?:party|drinks?|night out))"),
        ("c_not_breathing", r"\b(?:not|stopped|struggling|barely|cannot|can not|hardly) (?:\S+ )?(?:breathing|breathe)\b|\b(?:gasping for (?:air|breath))\b"),
        ("c_blue", r"\b(?:lips|face|skin|fingers)\b(?: \S+){0,3} (?:gone|going|turning|turned|are|is) (?:blue|purple|grey|gray)\b|\bturning blue\b"),
        ("c_seizure", r"\b(?:having|is in) (?:a |an )?(?:seizure|fit|convulsions?|stroke|heart attack)\b|\b(?:seizure|fit|convulsing|shaking)\b(?: \S+){0,3} (?:will not|is not|does not|cannot) stop\b"),
        ("c_stroke_signs", r"\b(?:half|one side of|side of) (?:my|his|her|their) (?:face|body)\b(?: \S+){0,2} (?:is |are |has |went |gone )?(?:numb|drooping|droops|dropped|paralysed|paralyzed|weak|dead)\b"
         r"|\b(?:face|mouth)\b(?: \S+){0,2} (?:is |has )?(?:drooping|droops|dropped)\b|\b(?:speech|words|talking) (?:is |are )?(?:\S+ )?(?:slurred|slurring)\b"),
        ("c_chest", r"^(?=.*\b(?:arm|jaw|sweating|sweat|breathe|breath|now|going down|spreading)\b).*\b(?:chest|heart)\b(?: \S+){0,4} (?:crushing|crushed|pressure|tight|tightness|pain|hurts|squeezing)\b"
         r"|\b(?:crushing|squeezing) (?:\S+ ){0,2}(?:chest|heart)\b"),
        ("c_too_much", r"\b(?:took|taken|swallowed|had|downed|ate)\b (?:\S+ ){0,1}(?:too many|way too many|a lot of|loads of|lots of|a handful of|a bottle of|a whole|an entire|a packet of|" + OVER_A_DOSE + r") (?:\S+ ){0,3}(?:pills|tablets|painkillers|paracetamol|tylenol|ibuprofen|aspirin|sleeping pills|insulin|meds|medication|antidepressants)\b"
         r"|\b(?:overdosed|overdosing|od ?ed|oded)\b(?! (?:on )?(?:coffee|caffeine|sugar|chocolate|tv|netflix|candy))"),
        ("c_cannot_get_up", r"\b(?:fell|fallen|fall|slipped)\b(?: \S+){0,4} (?:cannot|can not|unable to|cannot even) (?:get up|move|stand|feel)\b"),
        ("c_call_help", r"(?:^|\b(?:please|quick|quickly|someone|help|now|just) )(?:call|get|send) (?:an? |the )?(?:ambulance|paramedics|911|999|1122|112|115|emergency services|rescue)\b"),
        ("c_choking_now", r"\b(?:is|are|am|he is|she is|keeps) (?:\S+ )?choking\b(?! (?:on (?:his|her|my|their) (?:words|laughter|tears|coffee|water|drink)|back (?:tears|a laugh)))"),
        ("c_swallowed", r"\b(?:swallowed|drank|drunk|ate|eaten|took|has taken|have taken|taken)\b(?: \S+){0,3} (?:batter(?:y|ies)|button batter(?:y|ies)|magnets?|bleach|poison|rat poison|antifreeze|detergent|chemicals?|cleaning (?:fluid|liquid|stuff|product)|whole bottle|entire bottle|all (?:my|his|her|the) (?:pills|tablets|meds))\b"),
        ("c_bleeding", r"\b(?:bleeding|blood)\b(?: \S+){0,2} (?:through|everywhere|heavily|badly|so much|a lot|will not stop|is not stopping|does not stop|pouring|spurting|gushing)\b"),
        ("c_airway", r"\b(?:throat|tongue)\b(?: \S+){0,1} (?:is |are )?(?:closing|swelling)(?: up)?\b"),
        ("c_unresponsive", r"^(?=.*\b(?:fell|fallen|collapsed|floor|confused|shaking|diabetic|breathing|blue|hit (?:his|her) head|stairs|sugar|seizure|fit|took|taken|drank|drunk|pills|party|overdose\w*)\b).*"
         r"\b(?:will not|cannot|can not|could not|does not|is not|not) (?:wake|waking|answer|answering|respond|responding|open (?:his|her|their) eyes)\b(?! me\b| us\b)"),
        ("c_anaphylaxis", r"^(?=.*\b(?:allergic|allergy|stung|sting|peanuts?|nuts|bee|wasp|shellfish|epipen)\b).*\b(?:face|lips|tongue|throat|eyes?|mouth)\b(?: \S+){0,1} (?:is |are )?" + SWELLING + r"\b"),
        ("c_fitting", r"\b(?:fitting|seizing|convulsing|having (?:a )?seizures?|having (?:a )?fits?) for (?:\S+ )?(?:minutes|a while|ages|\d+|five|ten|two|three)\b"
         r"|\b(?:has|have) been (?:fitting|seizing|convulsing)\b(?! (?:the|a|an|my|his|her|our|some|new|in|into|out|up)\b)"),
        ("c_limb_numb", r"\b(?:cannot|can not) (?:feel|move|lift) (?:my|his|her) (?:left |right )?(?:arm|leg|face|side|hand)\b(?! (?:\S+ ){0,3}(?:slept|sleeping|lying|sat) on)"),
        ("c_confused_acute", r"\b(?:confused|not making sense|talking nonsense|cannot speak|slurring)\b(?=.*\b(?:blue|shaking|sweating|suddenly|fell|diabetic|sugar|collapsed|cannot wake|not waking)\b)"),
    ]),
) for rule in group]

# --- Urdu script ----------------------------------------------------------------------

# First person (subject or object) and first-person verb endings (...وں، ...وں گا/گی).
_UR_SELF = r"(?:میں|مجھے|مَیں|خود|اپنے آپ|اپنی|اپنا|اپنے)"
_UR_FUT1 = r"(?:لوں|دوں|ڈالوں|کروں|جاؤں)(?: گا| گی)?"
URDU = [rule for group in (
    _rules("self_harm", "explicit", [
        ("cu_die_wish", r"(?:مرنے|مرنا|مر جانے|مر جانا|جان دینے|جان دینا)(?: \S+){0,2} (?:کو |کا )?(?:دل|جی) (?:کرتا|چاہتا|کرتی)"),
        ("cu_die_wish", rf"{_UR_SELF}(?: \S+){{0,3}} (?:مر جاؤں|مرنا چاہت|جان دے دوں|جان دینا چاہت|ختم کر (?:دوں|لوں)|ختم کرنا چاہت)"),
        ("cu_poison_self", rf"(?:میں|مَیں)(?: \S+){{0,4}} (?:زہر|گولیاں|نیند کی گولیاں|دوائیاں)(?: \S+){{0,1}} (?:کھا|پی|نگل) {_UR_FUT1}"),
        ("cu_cut_self", r"(?:اپنی|اپنے|اپنا) (?:کلائی|کلائیاں|بازو|ہاتھ|ہاتھوں|جسم|گلا)(?: \S+){0,2} (?:کاٹ|کاٹی|کاٹے|جلا|جلایا|زخمی)"),
        ("cu_harm_self", r"(?:خود|اپنے آپ) کو(?: \S+){0,2} (?:مار|ختم|نقصان|زخمی|جلا|کاٹ|تکلیف)"),
        ("cu_take_life", r"اپنی (?:جان|زندگی)(?: \S+){0,1} (?:لے|ختم کر|دے)"),
        ("cu_suicide_word", r"خودکشی|خود کشی"),
        ("cu_hang_self", rf"(?:پھانسی|پھندا)(?: \S+){{0,2}} (?:لگا|لے) {_UR_FUT1}|(?:چھت|پل|عمارت)(?: \S+){{0,2}} سے (?:کود|چھلانگ) {_UR_FUT1}"),
    ]),
    _rules("self_harm", "indirect", [
        ("cu_refuse_life", r"(?:جینے|زندہ رہنے) (?:کو|کا) (?:دل|جی) (?:نہیں|نہ) (?:کرتا|چاہتا|کرتی)"),
        ("cu_not_long", r"(?:زیادہ|اور) (?:دن|دیر|عرصہ)(?: \S+){0,1} (?:نہیں|نہ) (?:رہوں|رہ پاؤں|جیوں)"),
        ("cu_refuse_life", r"(?:جینا|زندہ رہنا)(?: \S+){0,1} (?:نہیں|نہ) چاہت"),
        ("cu_never_wake", r"سو (?:جاؤں|جاؤں گا|جاؤں گی)(?: \S+){0,1} اور (?:کبھی )?(?:نہ|نہیں) (?:اٹھوں|جاگوں|اُٹھوں)"),
        ("cu_absence_benefit", r"(?:میں نہ رہوں|میں نہیں رہوں|میرے نہ ہونے|میرے نہ رہنے|میرے مرنے|میرے بعد|میرے بغیر|میرے جانے)(?: \S+){0,8} (?:آسان|بہتر|خوش|سکون|فرق نہیں|کمی محسوس نہیں)"),
        ("cu_absence_benefit", r"(?:کسی کو|کوئی)(?: \S+){0,2} (?:میری کمی|مجھے یاد|میرا انتظار)(?: \S+){0,2} (?:محسوس نہیں|نہیں کرے|نہیں ہو)"),
        ("cu_no_point", r"(?:جینے|زندہ رہنے|زندگی)(?: \S+){0,1} (?:کا|کی) (?:کوئی )?(?:فائدہ|مقصد|مطلب|وجہ) (?:نہیں|نہ)"),
        ("cu_forever", r"ہمیشہ کے (?:لیے|لئے)(?: \S+){0,1} (?:سو|سونا|سوجا|چلا|چلی|چلے|غائب|ختم)"),
        ("cu_goodbye", r"(?:الوداعی|آخری) (?:خط|پیغام|پیغامات)|سب کو (?:الوداع|خدا حافظ) (?:کہہ|کہ)"),
        ("cu_burden", r"(?:بوجھ) (?:ہوں|بن گیا|بن گئی|بن چکا|بن چکی)"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("cu_kill_other", r"(?:^| )(?!خود )(?!آپ کو)\S+ کو(?: \S+){0,3} (?P<obj>(?:مار|قتل کر|جان سے مار|گولی مار|چاقو مار|زہر دے) (?:دوں|ڈالوں)(?: گا| گی)?)"),
        ("cu_kill_other", r"(?:اسے|انہیں|اس کو|ان کو|اسکو|انکو|تمہیں|تجھے)(?: \S+){0,3} (?P<obj>(?:مار|قتل کر|جان سے مار|گولی مار|چاقو مار|زہر دے) (?:دوں|ڈالوں)(?: گا| گی)?)"),
        ("cu_kill_other", r"(?:کھانے|چائے|دودھ|پانی) میں زہر (?:ملا|ڈال) (?:دوں|دوں گا|دوں گی|دونگا)"),
    ]),
    _rules("abuse_danger", "explicit", [
        ("cu_beaten", r"مجھے(?: \S+){0,3} (?:مارتا|مارتی|مارتے|پیٹتا|پیٹتی|پیٹتے|مارا|پیٹا|جلایا|دھکا|گالیاں اور مار)"),
        ("cu_threat", r"(?:کہا|کہتا|کہتی|کہتے|دھمکی)(?: \S+){0,6} مجھے(?: \S+){0,2} (?:مار|جان سے مار|قتل کر) (?:دیں|دے|ڈالیں|ڈالے|دوں)(?: گا| گی| گے)?"),
        ("cu_unsafe", r"(?:محفوظ نہیں|خطرے میں) (?:ہوں|ہے)"),
        ("cu_threat_death", r"(?:مارنے|قتل کرنے|جان سے مارنے) کی دھمکی"),
        ("cu_followed", r"(?:میرا|ہمارا) پیچھا (?:کر|کرتا|کرتی|کرتے)"),
        ("cu_confined", r"(?:باہر جانے|گھر سے نکلنے)(?: \S+){0,1} (?:کی )?(?:اجازت نہیں)|(?:میرا )?(?:فون|پاسپورٹ|شناختی کارڈ)(?: \S+){0,2} (?:چھین|لے لیا|رکھ لیا)|کمرے میں بند|(?:اسٹور|سٹور روم|کوٹھری|باتھ روم) میں بند(?!(?: \S+){0,2} (?:تھا|تھی|تھے)(?: |$))|(?:گھر|کمرے) میں قید"),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("cu_collapse", r"بے ہوش|بیہوش|ہوش میں (?:نہیں|نہ) (?:آ|آرہے|آ رہے|آ رہی|آ رہا)"),
        ("cu_breathing", r"سانس (?:نہیں|نہ) (?:لے|آ)|سانس (?:رک|بند|اکھڑ)|سانس لینے میں(?: \S+){0,1} (?:مشکل|دشواری|تکلیف)"),
        ("cu_chest", r"سینے میں(?: \S+){0,2} درد(?: \S+){0,6} (?:پسینہ|بازو|سانس|ابھی|اچانک)|سینے میں (?:شدید|بہت تیز) درد"),
        ("cu_swallowed", r"(?:کیمیکل|زہر|تیزاب|بلیچ|بیٹری|(?:ساری|بہت سی|سب)(?: \S+){0,2} (?:گولیاں|دوائیاں|دوائی))(?: \S+){0,1} (?:پی|کھا|نگل) (?:لیا|لی|لیں|لیے|گیا|گئی)"),
        ("cu_stroke", r"فالج(?: \S+){0,2} (?:ہو رہا|ہو گیا|پڑ|کا حملہ)|(?:بازو|ٹانگ|چہرہ)(?: \S+){0,2} (?:کام نہیں کر|سن ہو|ٹیڑھا ہو)"),
        ("cu_heart", r"دل کا دورہ (?:پڑ|پڑا)"),
        ("cu_bleeding", r"خون(?: \S+){0,1} (?:بند نہیں|نہیں رک|رک نہیں|بہہ رہا|بہت بہہ)"),
        ("cu_seizure", r"دورہ (?:پڑ رہا|پڑ گیا|پڑا ہے)|جھٹکے (?:لگ رہے|آ رہے)"),
    ], negatable=False),
) for rule in group]

# --- romanised Urdu (matched on ``fold_roman`` text) ----------------------------------

# One spelling per common word; the text is folded before matching, so each
# pattern below is written in the folded spelling.
_ROMAN_WORDS = {
    "nahin": "nahi", "nai": "nahi", "nhi": "nahi", "nahee": "nahi", "ni": "nahi",
    "hoon": "hun", "hu": "hun", "hon": "hun", "hn": "hun",
    "hain": "hai", "he": "hai", "hay": "hai", "h": "hai",
    "mai": "main", "mein": "main", "me": "main", "mn": "main",
    "mujhay": "mujhe", "mujhy": "mujhe", "muje": "mujhe",
    "kar": "kar", "kr": "kar", "krna": "karna", "karna": "karna",
    "bohot": "bahut", "bohat": "bahut", "bht": "bahut", "buht": "bahut", "bhot": "bahut",
    "zehar": "zahar", "zeher": "zahar", "zahr": "zahar",
    "khatm": "khatam", "khtm": "khatam", "ktm": "khatam",
    "zindgi": "zindagi", "zindagee": "zindagi",
    "jaan": "jan", "jan": "jan",
    "chhuri": "churi", "chaaku": "chaku", "chaqu": "chaku", "chaku": "chaku",
    "faida": "faida", "faeda": "faida", "fayda": "faida", "faaida": "faida",
    "maqsad": "maksad",
    "behosh": "behosh", "beyhosh": "behosh", "be-hosh": "behosh",
    "saans": "sans", "sans": "sans", "sas": "sans",
    "seene": "sine", "sinay": "sine", "seenay": "sine", "sine": "sine",
    "baghair": "bagair", "bagair": "bagair", "baghar": "bagair", "bghair": "bagair",
}
# Long vowels shortened in one pass (aa -> a, ee/ii -> i, oo/uu -> u: no step makes another's
# input), then a final "ay" -> "e" and q -> k, which read the shortened text.
_LONG_VOWEL = re.compile(r"aa+|ee+|ii+|oo+|uu+")
_SHORT_OF = {"a": "a", "e": "i", "i": "i", "o": "u", "u": "u"}
_AY_END = re.compile(r"ay\b")


_SPLIT_ENDING = re.compile(r"(\w{2,}) (t[aie])\b(?= (?:hai|hain|he|hay|tha|thi|the|hun|hoon)\b)")


# A turn's clauses and the turn itself are folded by several steps of one screening
# (the clause rules, the rules across clauses, the signs of finality): fold each once.
@functools.lru_cache(maxsize=256)
def fold_roman(normalised: str) -> str:
    """One spelling of romanised Urdu: frequent words mapped, long vowels shortened (``maar`` -> ``mar``)."""
    mapped = " ".join([_ROMAN_WORDS.get(word, word) for word in normalised.split(" ")])
    # A verb stem typed apart from its aspect ending ("peet ta hai", "maar te hain") is one word.
    mapped = _SPLIT_ENDING.sub(r"\1\2", mapped)
    mapped = _LONG_VOWEL.sub(lambda vowels: _SHORT_OF[vowels.group()[0]], mapped)
    return _AY_END.sub("e", mapped).replace("q", "k")


# First-person futures of the light verbs; the transitive ones without "jaun":
# "mar jaunga" is "I will die", not "I will kill".
_TRANSITIVE_FUTURES = "lun|lungi|lunga|dun|dungi|dunga|dalun|dalunga|dalungi|karun|karunga|karungi"
_RU_FUT_TRANSITIVE = rf"(?:{_TRANSITIVE_FUTURES})"
_RU_FUT1 = rf"(?:{_TRANSITIVE_FUTURES}|jaun|jaunga|jaungi)"
ROMAN = [rule for group in (
    _rules("self_harm", "explicit", [
        ("cr_die_wish", r"\b(?:marne|marna|mar jane|mar jana|jan dene|jan dena) (?:\S+ ){0,2}(?:ko |ka )?(?:dil|ji) (?:karta|chahta|karti)\b"),
        ("cr_die_wish", rf"\b(?:main|mujhe|khud|apni|apne ap)\b(?: \S+){{0,4}} (?:mar jaun|marna chaht\w*|jan de {_RU_FUT1}|jan dena chaht\w*|khatam kar {_RU_FUT1}|khatam karna chaht\w*)\b"),
        ("cr_die_wish", r"\bdil karta hai (?:\S+ ){0,3}(?:khatam kar|mar ja|jan de)\w*\b"),
        ("cr_harm_self", r"\b(?:khud|apne ap) ko\b(?: \S+){0,2} (?:mar|khatam|nuksan|zakhmi|jala|kat|takleef|takleef)\w*"),
        ("cr_take_life", r"\bapni (?:jan|zindagi)(?: \S+){0,1} (?:le|lena|lun|lungi|lunga|khatam|de|dena|dun)\b"),
        ("cr_take_life", r"\bzindagi (?:khatam|khatm) (?:karna|kar dun|kar lun|kar dunga|kar dungi|kar lunga|kar lungi)\b"),
        ("cr_suicide_word", r"\bkhud ?k?h?ushi\b"),
        ("cr_die_wish", r"\bmarna chaht\w* (?:hun|hu)\b|\b(?:mujhe )?mar jana hai(?: mujhe)?\b"),
        ("cr_poison_self", rf"\b(?:main)\b(?: \S+){{0,4}} (?:zahar|goliyan|neend ki goliyan|dawaiyan)(?: \S+){{0,1}} (?:kha|pi|nigal) {_RU_FUT1}\b"),
        # ... and die by it: "ab main zeher kha ke mar jaunga".
        ("cr_poison_self", r"\b(?:zahar|zehar|zeher|goliyan|nind ki goliyan|dawaiyan|tezab)(?: \S+){0,1} (?:kha|pi|nigal) (?:ke|kar) (?:mar (?:jaun|jaunga|jaungi|jana|jaon)|khatam ho jaun\w*)\b"),
        ("cr_cut_self", r"\b(?:apni|apne|apna) (?:kalai|kalaiyan|bazu|hath|hathon|jism|gala)\b(?: \S+){0,2} (?:kat|kati|kate|kaat|jala|jalaya|zakhmi|blade chala\w*|blade mar\w*|cut)\w*\b"),
    ]),
    _rules("self_harm", "indirect", [
        ("cr_refuse_life", r"\b(?:jine|zinda rehne) (?:ko|ka) (?:dil|ji) (?:nahi|na) (?:karta|chahta|karti)\b"),
        ("cr_not_long", r"\b(?:zyada|aur) (?:din|der|arsa)(?: \S+){0,1} (?:nahi|na) (?:rahunga|rahungi|rahun|reh paun|jiun)\b"),
        ("cr_refuse_life", r"\b(?:jina|zinda rehna|zinda rahna)(?: \S+){0,1} (?:nahi|na) chaht\w*"),
        ("cr_never_wake", r"\bso (?:jaun|jaunga|jaungi|jaon)(?: \S+){0,1} aur (?:kabhi )?(?:na|nahi) (?:uthun|jagun|uthon)\b"),
        ("cr_absence_benefit", r"\b(?:main na rahun|main nahi rahun|mere na hone|mere na rehne|mere marne|mere bad|mere bagair|mere bina|mere jane)\b(?: \S+){0,8} (?:asan|behtar|khush|sukun|farak nahi|fark nahi|farq nahi|kami mehsus nahi)\w*"),
        ("cr_no_point", r"\b(?:jine|zinda rehne|zindagi) (?:ka|ki) (?:koi )?(?:faida|maksad|matlab|wajah|waja) (?:nahi|na)\b"),
        ("cr_forever", r"\bhamesha ke liye (?:\S+ )?(?:so|sona|chala|chali|chale|gayab|khatam)\w*"),
        ("cr_goodbye", r"\b(?:alvida|alwida|khuda hafiz) (?:keh|kah|kaha|bol)\w*\b|\b(?:akhri|alvida|alwida) (?:khat|paigham|message)\b"),
        ("cr_finish_all", r"\b(?:sab|sab kuch|sub) khatam (?:karna|kar dena|kar dun|kar lun)\b(?! (?:hai )?(?:kam|work|assignment|project|khana))"),
        ("cr_burden", r"\b(?:bojh|boj) (?:hun|ban gaya|ban gayi|ban gai|ban chuka|ban chuki)\b"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("cr_kill_other", rf"\b(?!mujhe\b|khud\b)\w+ (?:ko|ke)\b(?: \S+){{0,3}} (?:mar|katal|katl|kat?al kar|jan se mar|goli mar|chaku mar|zahar de) (?:{_RU_FUT_TRANSITIVE}|ke hi chhorunga|ke hi chorunga|ke chhorunga|ke chorunga)\b"),
        ("cr_kill_other", rf"\b(?:use|usko|us ko|unko|un ko|unhe|unhen|unhein|ise|isko|inko|inhe|tumhe|tujhe)\b(?: \S+){{0,3}} (?:mar|katal|katl|katal kar|katl kar|jan se mar|goli mar|chaku mar|zahar de) (?:{_RU_FUT_TRANSITIVE}|ke hi chhorunga|ke hi chorunga)\b"),
        ("cr_kill_other", rf"\b(?:khane|chai|dudh|pani) (?:main|mein) zahar (?:mila|dal) {_RU_FUT1}\b"),
        ("cr_kill_other", rf"\b(?:goli|chaku|churi) mar {_RU_FUT_TRANSITIVE}\b"),
    ]),
    _rules("abuse_danger", "explicit", [
        ("cr_beaten", r"\bmujhe\b(?: \S+){0,3} (?:marta|marti|marte|pitta|pitti|pitte|peet\w*|pit\w*|mara|mari|jalaya|dhakka de\w*) (?:hai|hain|tha|thi)\b"),
        ("cr_threat", r"\b(?:kaha|kehta|kehti|kehte|dhamki)\b(?: \S+){0,6} mujhe(?: \S+){0,2} (?:mar|jan se mar|katal kar) (?:denge|dega|degi|dalenge|dalega)\b"),
        ("cr_unsafe", r"\b(?:mehfuz|mahfuz|safe) (?:nahi|na) (?:hun|hai)\b|\bkhatre (?:main|mein) (?:hun|hai)\b"),
        ("cr_threat_death", r"\b(?:marne|katal karne|jan se marne) ki dhamki\b"),
        ("cr_followed", r"\b(?:mera|hamara) p[ie]ch?h?a (?:kar|karta|karti|karte)\b"),
        ("cr_confined", r"\b(?:kamre|ghar|rum|store rum|kothri|bathrum|washrum|basement) (?:main|mein) (?:band|kaid) kar\w*\b|\b(?:bahar jane|ghar se nikalne) (?:ki )?(?:ijazat nahi)\b|\b(?:phone|passport|id card)\b(?: \S+){0,2} (?:chin|chhin|le liya|rakh liya)\w*"),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("cr_collapse", r"\bbehosh\b|\bhosh (?:main|mein) (?:nahi|na) (?:a|aa)\w*"),
        ("cr_fit", r"\b(?:dora|daura|dura) (?:par|pad) (?:raha|gaya|rahe|rahi)\b"),
        ("cr_breathing", r"\bsans (?:nahi|na) (?:le|a) (?:rahi|raha|rahe|rahin|pa)\w*|\bsans (?:ruk|band|ukhar)\w*|\bsans lene (?:main|mein) (?:\S+ )?(?:mushkil|dikkat|taklif|takleef)\b"),
        ("cr_chest", r"\bsine (?:main|mein|me) (?:\S+ ){0,2}dard\b(?: \S+){0,6} (?:pasina|bazu|sans|abhi|achanak|sun)\w*|\bsine (?:main|me) (?:shadid|bahut tez) dard\b"),
        ("cr_swallowed", r"\b(?:chemical|zahar|tezab|bleach|battery|(?:sari|bahut si|sab)(?: \S+){0,2} (?:goliyan|dawaiyan|dawai))\b(?: \S+){0,1} (?:pi|kha|nigal) (?:liya|li|lin|liye|gaya|gayi)\b"),
        ("cr_stroke", r"\bfalij\b(?: \S+){0,2} (?:ho raha|ho gaya|par|ka hamla)\w*|\b(?:bazu|tang|chehra)\b(?: \S+){0,2} (?:kam nahi kar|sun ho|tedha ho)\w*"),
        ("cr_heart", r"\bdil ka (?:daura|dora|dura) (?:par|pad|para|pada)\w*"),
        ("cr_bleeding", r"\bkhun(?: \S+){0,1} (?:band nahi|nahi ruk|ruk nahi|beh raha|bahut beh)\w*"),
        ("cr_airway", r"\bgala band ho (?:raha|rahi|gaya)\b"),
    ], negatable=False),
) for rule in group]

_LATIN = re.compile(r"[a-z]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_ROMAN_URDU_MARKER = re.compile(
    r"\b(?:hai|hun|mujhe|mera|meri|mere|nahi|na|ko|ki|ke|ka|aur|se|ne|kar|raha|rahi|rahe|gaya|gayi|tha|thi|wo|woh"
    r"|yeh|ab|dil|apni|apne|apna|khud|main|bahut|bas|sab|kabhi|hamesha|mat"
    # a clause with only a pronoun and a future verb: "kal usko chaku ghonp dunga"
    r"|usko|usay|unko|dunga|dungi|denge|lunga|lungi|jaunga|jaungi)\b"
)


def is_roman_urdu(roman: str) -> bool:
    """The (folded) text has romanised Urdu's function words."""
    return _ROMAN_URDU_MARKER.search(roman) is not None


# Sentence and clause punctuation (Latin and Urdu), marked "|" by ``safety_screen.normalise``.
# A full stop, colon or comma between two digits is part of a number or a time ("the 6:40 train",
# "1,000 tablets"), not the end of a clause.
CLAUSE_PUNCTUATION = re.compile(r"(?:[!?;\n،۔؟؛|]|[.:,](?!\d)|(?<!\d)[.:,])+")
# Words that start a new clause ("not "par": it is also "on" and "fall").
_CLAUSE_WORD = re.compile(r" (?:but|although|though|magar|lekin|مگر|لیکن)(?= )")


def clauses(marked: str) -> list[str]:
    """A turn normalised with ``keep_breaks`` cut into its clauses ("..., but ...", "،")."""
    return [part.strip() for part in _CLAUSE_WORD.sub(" |", marked).split("|") if part.strip()]


# A harmless explanation anywhere in the turn ("I can't feel my arm, I slept on
# it"): the rules see one clause, the explanation is often in the next.
BENIGN_CONTEXT = re.compile(
    r"\b(?:slept on (?:it|my \w+)|pins and needles|as a joke|jokingly|playfully|for fun|play fighting|just kidding"
    r"|in the game|video game|on the court|pubg|fortnite|free fire|call of duty|valorant|minecraft|gta|counter strike"
    # A dream told: "I had a nightmare someone was chasing me", "bura khwab aya ke koi mera peecha kar raha hai".
    r"|(?:had|have|having) a (?:\w+ )?(?:dream|nightmare)|in my (?:dream|nightmare)|(?:khwab|khawab|sapna|sapne) (?:aya|aaya|dekha|main|mein))\b"
    r"|خواب (?:آیا|دیکھا|میں)"
    # A threat that turned out to be a prank: "پتا چلا کلاس کے لڑکے مذاق کر رہے تھے", "turned out it was my cousin joking".
    # Not "turned out it wasn't a joke" (nor "mazaq nahi tha").
    r"|\bturned out (?!(?:\S+ ){0,3}(?:not|no)\b)(?:\S+ ){0,5}(?:joke|joking|prank|pranking|kidding|messing about|messing around)\b"
    r"|\bpata (?:chala|chal gaya) (?:\S+ ){0,5}(?:mazak|mazaq|mazaaq|mazaak|majak|prank)\b(?! (?:\S+ )?(?:nahi|nahin|nhi)\b)"
    r"|(?:پتا|پتہ) چلا(?: \S+){0,5} مذاق(?! (?:\S+ )?نہیں)"
)
# Self-harm is never explained away this way ("lol I want to die" is still flagged).
BENIGN_EXPLAINS = frozenset({"harm_to_others", "abuse_danger", "medical_emergency"})


@dataclass(frozen=True, slots=True)
class Match:
    category: str
    signal: str
    rule: str


def _with_next_words(text: str, found: re.Match[str], count: int) -> str:
    """The match and the words after it: an Urdu verb and its negation follow the object."""
    return found.group() + " " + " ".join(text[found.end() :].split(" ", count + 1)[:count + 1])


# Each rule list with its literal index, built on first use (the list is kept, so its id stays its own).
_PREFILTERED: dict[int, tuple[list[CompositionalRule], int, PrefilteredRules[CompositionalRule]]] = {}


def _runnable(rules: list[CompositionalRule], present: frozenset[str]) -> list[CompositionalRule]:
    """The rules of ``rules``, in order, that can match a text holding the literals ``present``."""
    entry = _PREFILTERED.get(id(rules))
    if entry is None or entry[0] is not rules or entry[1] != len(rules):
        entry = (rules, len(rules), PrefilteredRules(rules, [rule.literals for rule in rules]))
        _PREFILTERED[id(rules)] = entry
    return entry[2].runnable(present)


RuleSets = tuple[list[CompositionalRule], list[CompositionalRule], list[CompositionalRule]]


def match_clause(
    clause: str, roman: str, rule_sets: RuleSets | None = None, negated: list[str] | None = None
) -> Match | None:
    """The first compositional rule matching one normalised clause (``roman`` is its folded form).

    ``rule_sets`` (English, romanised Urdu, Urdu script) replaces this module's rules;
    ``negated``, when given, receives the name of each rule a negation cancelled."""
    english, roman_rules, urdu = rule_sets or (ENGLISH, ROMAN, URDU)
    framed = _FRAME.search(clause) is not None
    best: Match | None = None
    # Only the rule sets the clause's script can match: the cost stays that of
    # one language's rules (English text runs the romanised rules only when it
    # has romanised Urdu's function words).
    families: list[tuple[list[CompositionalRule], str, re.Pattern[str], re.Pattern[str] | None]] = []
    if _LATIN.search(clause):
        families.append((english, clause, NEGATION, None))
        if _ROMAN_URDU_MARKER.search(roman):
            families.append((roman_rules, roman, NEGATION_RU, NEGATION_INSIDE["ru"]))
    if _ARABIC_SCRIPT.search(clause):
        families.append((urdu, clause, NEGATION_UR, NEGATION_INSIDE["ur"]))
    for rules, text, negation, inside in families:
        for rule in _runnable(rules, SCREEN_LITERALS.present(text)):
            found = rule.pattern.search(text)
            if found is None:
                continue
            if rule.framable and framed:
                continue
            # The scope of a negation: the words before the rule's core (its "obj"
            # group, else the whole match), "i do not [want to die]".
            core = found.start("obj") if "obj" in rule.pattern.groupindex else found.start()
            if rule.negatable and (
                negation.search(negation_scope(text[max(0, core - 60) : core]))
                or COPULA_NEGATED.match(text, found.end())
                or (inside is not None and (inside.search(_with_next_words(text, found, 2)) or negated_verbal_noun(text[found.end() :])))
            ):
                if negated is not None:
                    negated.append(rule.name)
                continue
            if rule.signal == "explicit":
                return Match(rule.category, rule.signal, rule.name)
            if best is None:
                best = Match(rule.category, rule.signal, rule.name)
    return best

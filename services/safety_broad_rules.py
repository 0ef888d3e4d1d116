"""Broader compositional crisis rules: intent x act x target, by word class.

``safety_composition`` describes the shape of a crisis statement; these rules
widen the word classes that fill that shape, so a statement in words nobody
wrote a rule for still composes:

- an act of self-harm is a method class (jumping from a height or in front of
  traffic, hanging, cutting a wrist, swallowing a whole supply, driving into
  something), under a first-person intent class (going to / planning /
  thinking of / about to / ready to), any inflection;
- harm to others is the same intent over a wider harm class (burning down,
  smothering, using a weapon on someone, "making them pay" with a plan);
- abuse is an agent, a violence class and the speaker *or the household* as
  victim, plus the signs of living with it (hiding, covering bruises, being
  shut in, being sworn to secrecy, getting hurt "again");
- a medical emergency is an acute-sign class (unresponsive, pressure on the
  chest, one-sided weakness, blue lips, something toxic swallowed).

Urdu script and romanised Urdu get the same classes with their verb
morphology (future ``-وں گا/گی``, ``-unga/-ungi``; subjunctive ``-un``; past
``-a/-i``). The rules run after the narrower ones, clause by clause, with
their negation and story-frame guards (``safety_composition.match_clause``).
"""

from __future__ import annotations

import re

from services import regex_prefilter
from services.safety_composition import (
    AGENT,
    HARM_OTHER_VERBS,
    MEDICINES,
    PERSON_NOUNS,
    SCREEN_LITERALS,
    SWELLING,
    VICTIM,
    VIOLENCE,
    CompositionalRule,
    _rules,
    verb_forms,
    words,
)


def cooccur(core: str, cue: str) -> str:
    """``core`` with ``cue`` anywhere in the same text, before or after it (negation is judged before ``core``)."""
    return rf"^(?=.*\b(?:{cue})\b).*?\b(?P<obj>{core})"


# --- English word classes --------------------------------------------------------------

# A first-person intent, plan or pull (the subject may be dropped in speech: "planning to ...").
INTENT_BROAD = words(
    "going to", "will", "want to", "wanted to", "plan to", "planning to", "planned to", "plan is to", "about to",
    "ready to", "decided to", "intend to", "need to", "have to", "feel like", "tried to", "trying to", "try to",
    r"thinking (?:about|of)", r"thought (?:about|of)", "considering", "imagining", "picturing", "urges? to",
    r"(?:cannot|can not) stop thinking about", "keep thinking about", r"fantasi[sz]ing about", "would like to",
)
SUBJECT = r"(?:^|\bi\b(?: \S+){0,4} )"
# The speaker (or we) and an intent, the intent as the rule's core: "i am going to ...", "we plan to ...".
I_INTEND = rf"(?:^|\b(?:i|we)\b(?: \S+){{0,4}}? )(?P<obj>{INTENT_BROAD})"
_STOREY = (r"(?:\d+(?:st|nd|rd|th)?|top|highest|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
           r"|\w+teenth|twentieth) (?:floor|storey|story)")
_HEIGHTS = ("bridge", "overpass", "flyover", "roof", "rooftop", "building", "cliff", "balcony", "window", "ledge", "tower")
HEIGHT_OR_TRAFFIC = words(
    *_HEIGHTS,
    "platform", "train", "tracks", "traffic", "motorway", "highway", "lorry", "truck", "bus", "car park",
    # a storey named by its height: "from the 14th floor", "off the top floor"
    _STOREY,
)
# Heights alone, without the traffic: "I'm jumping off the hostel roof" (not "off the bus at the next stop").
HIGH_PLACE = words(*_HEIGHTS, "terrace", _STOREY)
# What is drunk to die: "going to drink the rat poison".
POISONS = words("rat poison", "poison", "bleach", "pesticide", "weed killer", "weedkiller", "antifreeze", "insecticide",
                "kerosene", "phenyl", "toilet cleaner")
# Jumping for fun: "jump off the pier for a swim", "bungee jump off a bridge".
_LEISURE = r"(?!.*\b(?:swim|swimming|dive|diving|pool|fun|holiday|trampoline|bungee|parachute|skydiv\w*|puddle|queue)\b)"
# The method itself, in any inflection, self as the implied object.
SELF_METHODS = (
    rf"(?:{verb_forms('jump', 'leap', 'throw myself', 'step')}) (?:\S+ ){{0,4}}(?:\d+ \d+ |\d+ )?{HEIGHT_OR_TRAFFIC}\b{_LEISURE}"
    r"|\b(?:throw|throwing|threw) myself (?:off|from|under|in front of|(?:in|into) (?:the|a) (?:river|sea|canal|lake|water|ocean))\b"
    # into water, or off an edge: "going to jump in the canal tonight", "standing at the edge ... going to step off"
    rf"|{verb_forms('jump', 'leap')} (?:in|into) (?:the|a) (?:river|sea|canal|lake|ocean|well|dam|reservoir|nala|nullah)\b{_LEISURE}"
    rf"|{verb_forms('drive', 'crash', 'steer')}(?: \S+){{0,3}} (?:into|off) (?:a |the )?(?:wall|tree|bridge|traffic|lorry|truck|river|cliff|oncoming|reservoir|lake|canal|sea|quarry|harbour|dam)"
    rf"|{verb_forms('swallow', 'take', 'down', 'neck')} (?:\S+ ){{0,1}}(?:the whole|all|every|a whole|the rest of) (?:\S+ ){{0,3}}(?:pills|tablets|meds|medication|bottle|packet|box)\b(?! with (?:me|us|you)| on (?:the|my|holiday))"
    rf"|{verb_forms('slit', 'cut', 'open', 'slash')} (?:open )?my (?:wrists?|throat|veins?|arms?)\b"
    rf"|{verb_forms('hang')} myself|hung myself|{verb_forms('overdose')}\b"
)
# Someone may be hurt by a weapon or an act without being its grammatical object.
HARM_OTHER_ACTS = (
    rf"{verb_forms('burn', 'torch')} (?:his|her|their|the) (?:\S+ )?(?:house|home|flat|car|shop|warehouse|office|factory|garage|store|building|place) (?:down)?(?=.*\b(?:him|her|them|inside|in it)\b)"
    rf"|{verb_forms('put', 'hold', 'press')} (?:a |the )?(?:pillow|cushion|plastic bag|bag|hand) over (?:his|her|their|the|my) "
    rf"|{verb_forms('push', 'shove', 'throw')} (?:{VICTIM}|a stranger|a random \w+|some \w+) (?:in front of|off|under|onto) (?:a |the )?(?:train|bus|tracks|platform|bridge|traffic|car|lorry|truck|balcony|roof)\b"
    # a bone broken on purpose: "going to break his legs with a bat" (not a heart)
    r"|break (?:his|her|their) (?:legs?|arms?|jaw|nose|neck|knees?|fingers?|ribs|skull)\b"
    # a named person down the stairs or off a height: "gonna push Hamza down the stairwell" (not things: "push the pram down the steps")
    rf"|{verb_forms('push', 'shove', 'throw')} (?:{VICTIM}|(?!(?:the|a|an|my|this|that|it|its|our|your|some|his|her|their|me|myself|everything|stuff|things|rubbish|trash|junk|bags?|boxes|furniture|bins?|toys|clothes)\b)\w+) "
    r"(?:down (?:the|a) (?:stairs|stairwell|steps|stair ?case)|off (?:the|a) (?:roof|balcony|bridge|cliff|terrace|ledge))\b"
    # a person over the side of a ship: "push the bosun overboard" (things are thrown, people pushed)
    rf"|{verb_forms('push', 'shove')} (?:{VICTIM}|the \w+|that \w+) (?:overboard|over the (?:side|rail|railing))\b"
    r"|use (?:it|them) on (?:him|her|them|someone|my \w+)"
    rf"|{verb_forms('poison', 'smother', 'suffocate', 'drown')} (?:{VICTIM}|my \w+(?:'s)? \w+)"
    rf"|{HARM_OTHER_VERBS} (?:\S+ ){{0,2}}(?:the (?:\w+ )?(?:kids|children|class|students|people)|{VICTIM})"
)
# Knowing where and when the target is: the planning half of a threat.
TARGET_KNOWN = (
    r"(?:worked|figured|found) out (?:where|when)|know (?:where|when|which)|where (?:he|she|they) (?:parks|lives|works|sleeps|goes)"
    r"|(?:will not|never) see (?:me|it) coming"
)
WEAPON = words("gun", "rifle", "pistol", "shotgun", "knife", "knives", "machete", "axe", "blade", "crossbow")
# The household as victim (the speaker alone is ``safety_composition``'s c_agent_violence_me).
HOUSEHOLD_VICTIM = r"(?:us|all of us|my (?:\w+ )?(?:brother|sister|mum|mom|mother|kids?|children|son|daughter|baby) and me|me and my \w+)"
# Play, not violence: "keeps hitting me with his toy sword".
_PLAY = r"(?! (?:\S+ ){0,1}with (?:(?:his|her|their|a|the) )?(?:\w+ )?(?:toy|toys|pillow|pillows|snowballs?|balloons?|water|cushions?|nerf|foam)\b)"
PAST_OR_REPORTED = r"(?<!used to )(?<!would )"
# Violence going on as the speaker speaks, and the games the same verbs are played in.
BEATING_NOW = r"(?:beating|hitting|punching|kicking|strangling|choking|stabbing|attacking|battering|dragging|whipping|slapping)"
_NOT_A_GAME = r"(?! (?:\S+ )?(?:at|in) (?:a |the )?(?:chess|cards|games?|match|race|quiz|tennis|football|scrabble|fifa))"

# Someone else's intent (third person), and what they would do to themselves.
OTHER_INTENT = words(
    "going to", "is going to", "are going to", "will", "wants? to", "wanted to", "plans? to", "planning to", "planned to",
    "about to", "ready to", "decided to", r"threaten(?:s|ed|ing)? to", "trying to", "tried to", r"(?:is |are )?thinking (?:about|of)",
    r"talk(?:s|ed|ing)? about", r"keeps? (?:talking|saying) (?:about )?(?:wanting to )?",
)
OTHER_SELF_ACT = (
    rf"{verb_forms('kill', 'hang', 'hurt', 'harm', 'cut', 'shoot', 'poison', 'drown', 'starve', 'stab', 'burn')} (?:himself|herself|themselves|themself)\b"
    r"|(?:end|ending|take|taking) (?:his|her|their) (?:own )?life\b"
    r"|(?:slit|slitting|cut|cutting|slash|slashing) (?:his|her|their) (?:own )?(?:wrists?|throat)\b"
)
# "he'll kill himself on that motorbike", "she's killing herself at work", "he'd kill himself laughing".
_NOT_A_FIGURE_FOR_OTHERS = (
    r"(?! (?:\S+ ){0,3}(?:if (?:he|she|they) (?:keeps?|carries on|goes on|is not careful|are not careful|does not (?:slow|stop|watch))|laughing|trying|working|at work|with (?:work|worry|all|that|those|junk)|over (?:work|this|that)"
    r"|on (?:that|this|the|his|her|their) (?:bike|motorbike|motorcycle|skateboard|ladder|roof|quad|scooter)|doing (?:that|those|stunts?))\b)"
)
# Who reported it: "said", "texted", "keeps saying", "posted"... (then optional "me", "that").
REPORTED = (
    r"(?:said|says|told (?:me|us|\w+)|tells (?:me|us)|texted|texts|messaged|messages|wrote|posted|swore|warned|threatened|threatens"
    r"|keeps (?:saying|texting|messaging|posting)|has been saying|was saying|is saying)(?: (?:me|us|everyone|everybody))?(?: that)?"
)
WEAPON_PLACE = words("school", "class", "college", "campus", "work", "office", "church", "mosque", "temple", "mall", "party", "uni", "university")
# A knife for a cake, a rifle for the range, a prop for the play.
_NOT_A_TOOL = r"(?!.*\b(?:cake|fruit|bread|cut the|show and tell|range|cooking|chef|kitchen|demonstration|project|costume|play|drama|props?|game|level)\b)"

# "drank some tea": what was drunk is named after the verb, so the poison before it was not.
_NOT_A_DRINK = r"(?! (?:\w+ )?(?:tea|coffee|water|juice|milk|wine|beer|soup|squash|cola|coke|lemonade|smoothie|broth)\b)"

# A lethal dose asked about for a pet, a patient or a course is not this.
_PETS_PATIENTS_OR_STUDY = (
    r"dogs?|cats?|puppy|kitten|pets?|horses?|animals?|documentary|film|movie|novel|exam|lecture"
    r"|class|course|patients?|nursing|pharmacology|toxicology|homework|assignment|revision"
    # (a report written, not a lab report: "a poison that won't show in the report")
    r"|(?:report|essay) (?:on|for|about)|(?:writing|for) (?:a|my|the|our) (?:\w+ )?(?:report|essay)|biology|chemistry|research|thesis|dissertation|science fair"
)
# In the same clause, a few words more ("a show", "a book") that are too common to read over a whole turn.
_NOT_ABOUT_OTHERS_OR_STUDY = rf"(?!.*\b(?:{_PETS_PATIENTS_OR_STUDY}|show|book|rats?|mice|game|survive)\b)"
# The same context in another sentence of the turn: "what's the lethal dose of paracetamol? we
# covered it in pharmacology class". Read over the whole turn for the asking rules only.
ASKED_FOR_PETS_PATIENTS_OR_STUDY = re.compile(rf"\b(?:{_PETS_PATIENTS_OR_STUDY})\b")

# Rules whose sign is the question itself ("what's the lethal amount of X for someone
# my weight?"): the screen's "a question about a subject in general" guard does not apply.
ASKING_RULES = frozenset({
    "b_freeze_question", "bu_fall_unsurvived", "br_drown_time", "br_undetected_never_wakes", "b_weapon_past_security", "bu_weapon_past_security",
    "b_lethal_question", "b_poison_question", "br_dose_question", "bu_dose_question", "b_dose_for_good", "b_gun_fast",
    "b_rope_weight", "b_roof_access", "b_undetectable", "bu_arson_question", "br_arson_question",
    "b_harm_method_question", "b_cold_water_question", "b_train_speed_question", "b_death_payout_deadline", "b_unnoticed_overboard",
    "bu_pillow_question", "br_unnoticed_overboard", "bu_death_payout_deadline",
    "b_fall_height_question", "b_lethal_for_me", "b_tallest_open", "b_brakes_cut", "b_medication_withheld",
    "br_fall_height_question", "bu_fall_height_question", "b_fall_hurt_question", "br_rat_poison_eaten", "bu_rat_poison_eaten", "br_mixed_question", "b_way_to_go", "b_insurance_own_hand",
    "br_poison_undetected", "br_water_depth", "b_dose_for_a_person", "bu_mixed_question", "bu_dose_no_return", "br_dose_no_return", "br_dose_never_wake",
    "bu_dose_never_wake", "b_dose_never_wake_other", "b_drown_question", "b_highest_nearby",
    "br_which_pill_ends_it", "bu_which_pill_ends_it", "b_depth_no_return", "bu_sleep_never_opens", "b_insulin_stopped",
    "b_staged_accident", "b_poison_in_their_drink", "b_poison_untasted", "bu_height_depth_question", "bu_whole_strip_question",
    "b_dose_for_my_size", "b_allergen_slipped", "br_care_withheld", "br_brakes_spoiled", "bu_mixed_so_never_wakes", "br_mixed_so_never_wakes",
    "b_poison_post_mortem", "bu_dose_sleeps_on", "br_sleep_never_opens", "br_asking_for_myself", "bu_nobody_would_suspect", "br_nobody_would_suspect",
    "b_fixture_holds_me", "bu_untasted_for_visitors",
    "b_adult_secret_from_parents", "bu_adult_alone_secret", "br_adult_alone_secret", "bu_fall_survive_question", "br_dose_no_waking", "bu_brakes_unseen", "b_height_enough",
})
# Hands round the throat are never a joke, whatever the one who did it called it ("'as a joke'"):
# the benign context ("as a joke", "playfully") does not explain these away.
NOT_EXPLAINED_BY_JOKES = frozenset({"b_hands_round_neck"})
# Emergencies the model's training sentences never told (someone trapped in a fire, a baby's red flags):
# it reads them as ordinary, so its veto would only ever be wrong there.
UNTRAINED_RULES = frozenset({
    "b_fire_trapped",
    # burned with a hot thing by one's own people ("burns me with the iron"): vetoed as talk of ironing
    "b_burned_by_agent",
    # the red flags of babies and pregnancy (a fever under three months, a sunken soft spot, a rash
    # a glass does not fade, the cord, no movement late in pregnancy): the model vetoed them
    "b_infant_fever", "b_infant_red_flag", "b_rash_glass", "b_no_movement", "bu_infant_red_flag", "br_infant_red_flag",
    # heatstroke (sweating stopped in the heat, with confusion or vomiting): vetoed in all three languages
    "b_heatstroke", "bu_heatstroke", "br_heatstroke",
    # bleeding in pregnancy, and a stiff neck with fever (meningitis), in Urdu: vetoed as chat about money
    "bu_pregnancy_bleeding", "bu_stiff_neck_fever", "br_stiff_neck_fever",
})
# Someone named not breathing now ("my little boy isn't breathing", in any of the three
# languages), or down and not responding (``safety_screen._as_reported``): signs so plain
# that no second opinion may overrule them. The model, weakest in Urdu, vetoed them.
PLAIN_EMERGENCY_RULES = frozenset({"not_breathing_now", "collapsed_unresponsive", "b_cardiac_arrest",
                                   # and, vetoed as small talk in all three languages: an emergency sign with a plea
                                   # for what to do now (``safety_screen._as_reported``); a child who swallowed a poison
                                   # or pills; someone drowning, fitting without end or shocked and still, now
                                   "emergency_help_asked", "b_child_swallowed", "bu_child_swallowed", "br_child_swallowed",
                                   "b_drowning_now", "bu_drowning_now", "br_drowning_now", "br_fit_unstopped",
                                   "bu_fit_unstopped", "br_shock_still",
                                   # trapped now by fire, smoke or rising water: no ordinary sentence of any set
                                   # or training file matches them, and the model vetoed three of the crises
                                   "b_trapped_above_fire", "b_trapped_water_rising", "bu_trapped_rising", "br_trapped",
                                   # a hanging or a jump planned by the speaker in Urdu ("آج رات میں پنکھے سے
                                   # لٹک جاؤں گا"): 36 crises matched, one ordinary sentence, which the model let stand
                                   "bu_jump_hang", "br_jump_hang"})


# An emergency sign the speaker plays down or means to wait out ("should I let her sleep it off?",
# ``safety_screen._as_reported``): the model takes the calm for ordinary talk.
PLAYED_DOWN_RULES = frozenset({"emergency_played_down"})


_NEVER_VETOED = ASKING_RULES | UNTRAINED_RULES | PLAIN_EMERGENCY_RULES | PLAYED_DOWN_RULES


def model_may_veto(rule: str | None) -> bool:
    """Whether the safety model's second opinion applies to a screen hit by ``rule``.

    A question that is itself the sign (``ASKING_RULES``: a lethal dose for oneself,
    a poison no test finds) stands: the model learned crises from statements, and
    reads such questions as ordinary curiosity; nor does an emergency it was never
    taught (``UNTRAINED_RULES``), one too plain to doubt (``PLAIN_EMERGENCY_RULES``)
    or one the speaker plays down (``PLAYED_DOWN_RULES``)."""
    return rule not in _NEVER_VETOED


# Spirits and the healers who drive them out: the context of an "exorcism" that hurts (en).
SPIRIT_HEALING = r"jinn|djinn|possessed|possession|evil spirits?|black magic|exorcis\w*|pir|peer|pir sahib|amil|aamil|healer|spiritual healer|cleanse\w*|shadow on"
# Days, weeks or months without food: the core of starving to the end and of fainting from it.
_UR_DAYS_UNFED = r"(?:دن|ہفتے|ہفتوں|مہینے) سے (?:کچھ نہیں کھایا|صرف پانی|کھانا نہیں کھایا)"
_RU_DAYS_UNFED = r"\b(?:\d+|ek|do|teen|char|panch|das) (?:din|hafte|haftay|mahine) se (?:kuch nahi khaya|sirf pani|sirf chai|khana nahi khaya)\b"

# Who can be drowning, or the water they are in (Urdu script, romanised), and what one is only
# "drowning" in: debt, work, thoughts, grief, study.
_UR_IN_WATER = ("پانی|نہر|دریا|سمندر|تالاب|جھیل|ندی|سیلاب|پول|کنویں|بچہ|بچی|بچے|بھائی|بہن|کزن|دوست|بیٹا|بیٹی|لڑکا|لڑکی"
                "|آدمی|عورت|کوئی|ابو|امی|شوہر|بیوی")
_UR_DROWNED_IN = "قرض|قرضے|قرضوں|کام|سوچ|سوچوں|غم|خیالوں|یادوں|نشے|پڑھائی|کتابوں"
_RU_IN_WATER = ("pani|nehar|nahar|darya|dariya|samandar|samundar|talab|jheel|jhil|nadi|sailab|pool|kuen|kunwe|bacha|bachi"
                "|bache|bhai|behen|cousin|dost|beta|beti|larka|larki|admi|aurat|koi|abbu|ammi|shohar|biwi")
# The water someone is drowning in (en): "... drowning in the deep end" is not work or debt.
_WATERS = r"(?:sea|river|lake|pool|canal|water|waves|deep end|shallow end|pond|stream|dam|reservoir|flood(?: ?water)?)\b"
_RU_DROWNED_IN = "karz|qarz|kam|soch|gham|ghum|khayal|khayalon|yad|yadon|nashe|parhai|kitabon"

# What poison is put into, and what can poison (for the harm class's "given" form).
MEAL = words("tea", "coffee", "food", "drink", "dinner", "lunch", "breakfast", "meal", "water", "juice", "milk", "soup",
             "bottle", "glass", "cup", "formula", "wine", "beer", "plate", "curry", "rice", "stew", "sandwich", "biryani",
             "chai", "daal", "dal", "sauce", "cereal", "shake", "smoothie", "pot", "flask", "lunchbox", "dish")
TOXIC = words("poison", "rat poison", "bleach", "antifreeze", "weed killer", "pesticide", "pills", "tablets", "sleeping pills",
              "sleeping tablets", "crushed pills", "crushed tablets", "drugs")

# A fall asked about as certain to kill: "... so you don't survive", "... to be fatal".
_FALL_CERTAIN = (
    r"(?:not|never|no one|nobody|would not|will not|do not|does not|definitely not) (?:\S+ ){0,2}surviv(?:e|able)"
    r"|no (?:chance|way) (?:of|to) (?:surviv\w*|live|living)|(?:un|non )survivable"
    r"|to (?:die|kill (?:you|yourself|someone|a person))|(?:be|is) (?:definitely |certainly |surely |always )?(?:fatal|lethal|deadly|certain)"
)

# What is told, not seen now: a film, a show, a game, a dream, a book (for the weapon-attack rules).
_TOLD_NOT_SEEN = r"film|movie|show|series|drama|episode|game|games|gaming|dream|dreamt|novel|book|scene|video|clip|news|cartoon|anime|play"
ENGLISH_BROAD = [rule for group in (
    # --- classes from holdouts 63 (school), 64 (sport) and 65 (roads), after their reading ---
    _rules("self_harm", "explicit", [
        # The method said in the present as settled: "I'm throwing myself in front of the college bus tomorrow".
        ("b_method_set_now", cooccur(r"\bi am (?:(?!not\b|never\b)\S+ )?throwing myself (?:in front of|under) (?:\S+ ){0,3}(?:bus|train|truck|lorry|car|traffic|van|coach|tram|tanker)\b",
                                     r"tonight|now|today|tomorrow|after|once|when|before|later|this (?:evening|weekend)|i mean it|if")),
        # A poison to be drunk at a set time: "Sitting at the taxi rank with a bottle of antifreeze. I'm drinking it when my shift ends."
        ("b_method_set_now", cooccur(r"\bi am (?:drinking|swallowing|downing) (?:it|them|the lot|all of (?:it|them)) (?:when|after|once|as soon as|before|tonight|later|at)\b", POISONS)),
    ], negatable=False),  # the core is the speaker's own "i am ...": a "not" before it is another clause's ("if my name is not on the list")
    _rules("self_harm", "explicit", [
        # A wound to be pressed in until it bleeds: "today I'm going to dig it in until it really bleeds".
        ("b_until_it_bleeds", rf"{I_INTEND} (?:\S+ ){{0,3}}(?:dig|cut|scratch|carve|slice|press|push|scrape) (?:\S+ ){{0,3}}(?:until|till) (?:it|they|i|my \w+) (?:\S+ )?(?:bleeds?|bleeding)\b"),
        # Riding or driving into oncoming traffic to end it: "ride it straight into an oncoming truck at full speed, done with everything".
        ("b_ride_into_traffic", cooccur(r"\b(?:ride|riding|drive|driving|steer|steering|crash|crashing|swerve|swerving|plough|ploughing) (?:it |my (?:\w+ )?(?:car|bike|motorbike|scooter) |the (?:car|bike|motorbike|scooter) )?"
                                        r"(?:straight |head on |headfirst )?into (?:an oncoming|the oncoming|oncoming|a|the|that) (?:\S+ ){0,1}(?:truck|lorry|bus|train|tanker|wall|pillar|tree|traffic)\b",
                                        r"done with (?:everything|it all|life)|end (?:it|this|everything)|not coming back|goodbye|no point|on purpose|for good|kill myself|want to die|better off")),
    ]),
    _rules("harm_to_others", "explicit", [
        # A blunt thing or a point to be driven into someone's head or eye: "tomorrow at sports day I'm smashing
        # the cricket bat into Hamza's head", "going to bring the hammer down on his skull".
        ("b_weapon_into_head", r"\b(?:i am (?:(?!not\b|never\b)\S+ )?|(?:i|we) (?:will|am going to|are going to) (?:\S+ ){0,3})"
                               r"(?:smash|smashing|bring|bringing|swing|swinging|slam|slamming|drive|driving|ram|ramming|jam|jamming|stick|sticking|stab|stabbing) "
                               r"(?:the|my|a|this|that) (?:\S+ ){0,2}(?:bat|hammer|brick|bottle|rod|stick|pipe|spanner|wrench|compass|knife|blade|pen|pencil|racket|club|helmet|stone|rock) "
                               r"(?:into|through|over|across|down on|in) (?:(?:that|the|this) (?:\w+ ){0,2}\w+'s|(?!my\b|your\b|our\b)\w+'s|his|her|their) (?:head|face|skull|eyes?|neck|throat)\b"),
        # A head to be smashed after a plan told first: "I'm going to wait for the ref in the car park after the game and smash his head in".
        ("b_smash_their_body", rf"{I_INTEND} (?:\S+ ){{0,14}}and (?:smash|break|cave|bash|crack|split) (?:his|her|their|(?!my\b|your\b|our\b)\w+'s) (?:head|skull|face|jaw|legs?|knees?) (?:in|open)?"),
        # Someone held under water: "next time we're at the pool I'm holding his head under".
        ("b_held_under_water", r"\b(?:i am|i will|going to|gonna|i am going to) (?:(?!not\b|never\b)\S+ )?(?:holding|hold|push|pushing|shove|shoving|keep|keeping|force|forcing) "
                               r"(?:(?:his|her|their|\w+'s) head|him|her|them) under\b(?! (?:the )?(?:covers|blanket|duvet|tap|shower)\b)"),
        # A bomb about to be set off among people: "he's going to blow himself up in the courtyard when the crowd comes in".
        ("b_bomb_among_people", cooccur(r"\b(?:going to|will|is going to|about to|plans? to|planning to|wants? to) blow (?:himself|herself|themselves|myself|us|them|everyone|the (?:\w+ )?(?:place|hall|mosque|church|shrine|market|school|building)) up\b",
                                        r"crowd|wires?|vest|bomb|courtyard|people|everyone|inside|prayers?")),
        # The doors to be chained on a gathering, with fire ready: "I've worked out where to leave the gas cylinder and how to chain the doors".
        ("b_doors_chained_fire", cooccur(r"\b(?:chain|lock|block|bolt|wedge) (?:the|all the|both) (?:doors|exits|gates|fire exits?)\b",
                                         r"gas|petrol|cylinder|fire|burn|kerosene|everyone (?:will be )?inside|all the relatives|in one hall")),
        # A vehicle driven into a crowd: "im driving my truck into the protest crowd on the highway tomorrow".
        ("b_vehicle_into_crowd", r"\b(?:i am|i will|going to|gonna|we are|we will) (?:\S+ ){0,1}(?:driving|drive|ram|ramming|plough|ploughing|plow|plowing|steer|steering) (?:my|the|a|this|our) (?:\S+ ){0,1}(?:truck|car|lorry|van|tractor|bus|pickup|jeep) "
                                 r"(?:into|through) (?:the|a|that|those|their) (?:\S+ ){0,2}(?:crowd|protest\w*|march|marchers|rally|procession|people|queue|market|demonstrators|strikers)\b"),
        # Someone else's plan with the means in hand: "he says he's going to strangle the night nurse when she comes round ... got the cord wrapped round his hand".
        ("b_other_means_in_hand", cooccur(r"\b(?:says?|said|keeps saying|told me) (?:that )?(?:he|she|they) (?:is|are|will) (?:going to )?(?:strangle|stab|kill|shoot|hang|smother|poison|burn) (?:the|my|his|her|their|that) \w+",
                                          r"wrapped round|in (?:his|her|their) hand|under (?:his|her|their) pillow|has got (?:a|the)|has a (?:knife|gun|cord|rope)|got (?:a|the) (?:knife|gun|cord|rope)|when (?:she|he) comes")),
        # Knocked off a bike on purpose: "Going to follow the cyclist ... and knock him off his bike at the next junction".
        ("b_knock_off_bike", rf"{I_INTEND} (?:\S+ ){{0,10}}(?:knock|push|shove|kick|run|ram) (?:him|her|them|(?:the|that) \w+) off (?:his|her|their|the) (?:bike|motorbike|scooter|bicycle|cycle|horse|moped)\b"),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Taken somewhere to be killed: "My brothers are taking me to the village tomorrow to kill me for honour".
        ("b_taken_to_be_killed", r"\b(?:taking|take|sending|send|dragging|drag|bringing) me (?:\S+ ){0,6}to (?:kill|murder|bury) me\b"),
        # Held down and hurt: "The senior boys ... hold me down and hurt me at night".
        ("b_held_down_hurt", r"\b(?:hold|holds|held|holding|pin|pins|pinned|pinning) me down and (?:\S+ ){0,1}(?:hurt|hit|beat|punch|kick|touch|burn|cut|rape|choke|strangle|kick)\w*\b"),
    ]),
    _rules("abuse_danger", "indirect", [
        # An adult with charge of a child who asks for time alone and for silence at home: "Is it normal that sir
        # says our extra tuition sessions have to be a secret from my parents?", "a coach ... asks a 13 year old to keep their messages secret".
        ("b_adult_secret_from_parents", cooccur(r"\b(?:secret from|(?:not|never) (?:to )?tell|hide (?:it|them) from|keep (?:\S+ ){0,3}(?:secret|private) from) (?:my|our|their|his|her|your) (?:parents|mum|mom|dad|mother|father|family)\b",
                                                r"coach|sir|teacher|tutor|tuition|trainer|instructor|uncle|driver|van|imam|qari|maulvi|priest|principal|1[0-5] (?:year|yr) old|i am 1[0-5]")),
        # A cover story for an injury that did not happen that way: "I tell everyone my black eye was from sparring but I haven't sparred in months".
        ("b_injury_cover_story", cooccur(r"\b(?:tell|told|telling) (?:everyone|everybody|people|them|the teachers?|my \w+) (?:that )?(?:my|the|this) (?:\w+ )?(?:black eye|bruises?|split lip|cuts?|burns?|marks?|eye|lip|arm|wrist) (?:was|were|is|are|came) from\b",
                                         r"but i (?:have not|had not|did not|have never|never)|not true|a lie|lying|really from")),
        # Hurt by a jealous partner: "my boyfriend gets really angry if i talk to any guys. last time i couldnt walk properly for a week".
        ("b_hurt_after_jealousy", cooccur(r"\b(?:cannot|can not|could not) (?:walk|see|sit|stand|move|lift my arm) (?:properly |straight |right )?for (?:a|two|three|\d+|several) (?:days?|weeks?)\b",
                                          r"gets (?:really |so )?(?:angry|mad|jealous)|if i (?:talk|speak|text|look|go)")),
        # Kept from leaving with the keys or the phone, and afraid: "My husband keeps the car keys and checks the mileage every evening ... scares me".
        ("b_keys_kept_afraid", cooccur(r"\b(?:he|she|my (?:husband|wife|partner|boyfriend|girlfriend|father|dad|brother))(?:-in-law)? (?:keeps|kept|took|takes|has taken|hides|hid) (?:the|my|our) (?:car keys|keys|phone|passport|bank cards?|money|wages)\b",
                                       r"scares me|scared of (?:him|her)|afraid of (?:him|her)|will not let me|not allowed|checks (?:the )?(?:mileage|my phone|receipts|where i)")),
        # Driven off one's route by a driver: "says we're taking a shortcut but we're nowhere near my area now".
        ("b_driven_off_route", cooccur(r"\b(?:driver|cab|taxi|uber|careem|rickshaw|van)\b",
                                       r"nowhere near (?:my|the|where)|(?:will not|would not) (?:stop|let me (?:out|off))|not letting me (?:out|off)|locked the doors?")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Left stuck without heat or food by a carer: "She turned the heating off and unplugged the stairlift ... no food left in the room".
        ("b_left_stuck_unfed", cooccur(r"\b(?:stuck|trapped|left|shut) (?:upstairs|downstairs|in (?:my|the) (?:room|bed|chair|wheelchair))\b",
                                       r"no food|no water|heating off|unplugged|took (?:my|the) (?:phone|wheelchair|frame|stick|walker)|teach me|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A fever on chemotherapy: "I'm on chemo and I've got a temperature of 39.5, rigors and my heart's racing".
        ("b_fever_on_chemo", cooccur(r"\b(?:on|having|after|started|doing) (?:my |his |her )?(?:chemo|chemotherapy)\b",
                                     r"temperature (?:of |is )?(?:3[89]|40)|fever|rigors|shivering|shaking uncontrollably|(?:3[89]|40) (?:point|degrees)")),
        # Pills swallowed and no waking: "swallowed what was left of her antidepressants ... and now I can't wake her properly".
        ("b_swallowed_and_unwaking", cooccur(r"\b(?:swallowed|took|taken|downed|had) (?:what was left of|the rest of|all of|all|a whole (?:\w+ )?of) (?:her|his|their|my) (?:\w+ )?(?:pills|tablets|antidepressants|meds|medication|painkillers|sleeping pills)\b",
                                             r"cannot wake|can not wake|will not wake|not waking|unconscious|drowsy|not responding|vomiting|barely breathing")),
        # A drink stopped, and the signs of withdrawal: "haven't had a drink in three days and I'm seeing bugs on the wall, sweating and shaking".
        ("b_withdrawal_signs", cooccur(r"\b(?:have not|had not|not|no) (?:had )?(?:a )?(?:drink|drop|alcohol)\b(?: \S+){0,3} (?:in|for|since) (?:\S+ ){0,1}(?:days?|two|three|four)\b",
                                       r"seeing (?:bugs|things|insects|spiders)|hallucinat\w*|shaking|seizure|fit|sweat\w*|confused")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Bleeding after a birth that soaks pads: "I keep passing clots the size of my fist. I've gone through two pads in the last half hour".
        ("b_postpartum_bleeding", cooccur(r"\bclots (?:the size of|as big as|bigger than)\b|\b(?:soaked|soaking|gone through|going through|filled|filling) (?:\S+ ){0,2}(?:pads?|towels?|maternity pads?)\b(?: (?:in|within) (?:an|the last|half an|one|\d+) (?:\S+ )?(?:hour|minutes))?",
                                          r"spinning|dizzy|faint|light headed|pale|had the baby|gave birth|since the birth|after the birth|postpartum|c section|delivery")),
        # A hand to the chest, and the signs now: "he grabbed his chest went grey and now hes gasping and sweaty".
        ("b_grabbed_chest", cooccur(r"\b(?:grabbed|clutched|clutching|grabbing|holding) (?:his|her|their|my) chest\b",
                                    r"gasping|sweat\w*|grey|gray|pale|collapsed|went down|cannot breathe|fell|clammy|not responding")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # Two people who will not get home, and the speaker will see to it: "they won't make it home, ill make sure of it".
        ("b_wont_make_it_home", cooccur(r"\b(?:they|he|she|you) (?:will not|are not going to|is not going to) make it (?:home|back|out)\b",
                                        r"i will make sure|make sure of it|i will see to it|i will see that")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # An accident wished on a family as a threat: "Eid is a nice day for a family accident".
        ("b_accident_wished", r"\b(?:nice|good|perfect|great|lovely) (?:day|night|time|place) for (?:an?|a little|a nasty) (?:\w+ )?accident\b"),
        # How long someone lasts shut in the cold: "how long would someone last locked in the walk-in freezer overnight? ... I've got the keys".
        ("b_locked_in_cold", cooccur(r"\bhow long (?:would|does|could|will) (?:someone|a person|somebody|he|she|they|a man|a woman) (?:last|survive)\b",
                                     r"freezer|cold store|cold room|fridge|locked in|shut in|got the keys|have the keys")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # A vehicle driven off a drop with the speaker on it: "im going to drive the forklift off the loading dock with me on it, im done".
        ("b_drive_off_with_me", cooccur(r"\b(?:going to|will|gonna|about to) (?:\S+ ){0,2}(?:drive|ride|steer|roll|reverse|crash) (?:the|my|this|a) (?:\S+ ){0,1}(?:forklift|car|truck|lorry|van|bike|motorbike|tractor|bus|scooter|digger|crane) (?:off|over|into)\b",
                                        r"with me (?:on|in|inside) it|i am done|done with|end it|goodbye|not coming back|for good")),
    ]),
    _rules("self_harm", "indirect", [
        # A height weighed as enough: "i keep looking at the height of our balcony ... seven floors is enough right".
        ("b_height_enough", cooccur(r"\b(?:\w+|\d+) (?:floors|storeys|stories|metres|meters|feet) (?:is|are|would be|will be) (?:enough|high enough|tall enough)\b"
                                    r"|\b(?:is|are|would|will) (?:\w+|\d+) (?:floors|storeys|stories|metres|meters|feet) (?:be )?(?:enough|high enough|tall enough)\b",
                                    r"balcony|roof|window|ledge|bridge|height|jump|fall")),
        # Better for all if the speaker did not wake: "it'd be easier for everyone if I just didn't wake up after the surgery".
        ("b_better_not_waking", r"\b(?:easier|better|simpler|kinder) for (?:everyone|everybody|them|my family|all of them|the kids) if i (?:just |simply )?(?:did not|never|do not) wake up\b(?! (?:at|early|on time|in time|before)\b)"),
    ]),
    _rules("harm_to_others", "indirect", [
        # A vehicle tampered with so it fails, asked about a person who drives it: "how long would it be before the
        # wheel comes off at motorway speed?", "loosen someone's brake pads so it just looks like normal wear".
        ("b_brakes_cut", cooccur(r"\b(?:loosen|loosened|loosening|undo|undid|cut|drain|drained|tamper with|mess with)\b(?: \S+){0,3} (?:wheel nuts|wheel bolts|lug nuts|brake pads|brake fluid|steering)\b"
                                 r"|\b(?:almost |nearly )?no brake fluid\b",
                                 r"looks? like (?:normal )?wear|normal wear|comes? off|fail\w*|drives|every (?:morning|day)|his car|her car|their car|coach's|nobody would know")),
    ], negatable=False),
    # Poison already given: "I put rat poison in his tea", "slipped her pills into his dinner".
    _rules("harm_to_others", "explicit", [
        ("b_poison_given", rf"\b(?:i|we)\b(?: \S+){{0,3}} (?:{verb_forms('put', 'slip', 'mix', 'add', 'pour', 'crush', 'stir')}) (?:\S+ ){{0,2}}"
         rf"(?:{TOXIC}) (?:\S+ ){{0,1}}(?:in|into) (?:his|her|their|my \w+(?:'s)?|the(?: \w+'s)?) (?:\S+ ){{0,1}}{MEAL}\b"),
    ]),
    # Something put in someone's food or drink so that they do not wake: the aim says it.
    _rules("harm_to_others", "indirect", [
        ("b_never_wake", cooccur(rf"\b(?:{verb_forms('put', 'slip', 'mix', 'add')}) (?:something|stuff|a few|some|them|it|\w+) (?:\S+ ){{0,1}}(?:in|into) (?:his|her|their) (?:\S+ ){{0,1}}{MEAL}\b",
                                 r"never wakes? up|will not wake up|does not wake up|not wake up|stops? breathing|for good|permanently")),
    ]),
    # A death threat reported without a violent verb: "he texted that I won't see the weekend".
    _rules("abuse_danger", "explicit", [
        # Followed, and the follower outside now: "man's been following me for weeks, he's outside my flat now".
        ("b_stalker_outside", cooccur(r"\b(?:man|guy|bloke|woman|stranger|someone|somebody|he|she|they|ex|car|van) (?:\S+ ){0,2}(?:following|followed|stalking|stalked) me\b",
                                      r"(?:is|are|he is|she is|they are|still|standing|waiting|parked) (?:\S+ ){0,1}(?:outside|at) (?:my|the) (?:flat|house|home|door|window|gate|building|work|office)")),
        # A child in the house beaten as a habit: "my dad belts my seven year old brother like every day".
        ("b_child_beaten", rf"\b{AGENT} (?:\S+ ){{0,2}}{VIOLENCE} (?:my|our|his|her) (?:\S+ ){{0,4}}(?:brother|sister|son|daughter|kids?|children|baby|toddler)\b"
                           r"(?: \S+){0,3} (?:every day|every night|all the time|daily|most days|again)\b"),
        # A threat to come and kill, reported: "my ex is texting that he'll come kill me tonight".
        ("b_come_kill_threat", cooccur(r"\b(?:he|she|they) (?:will|is going to|are going to) come (?:and |to |round (?:and |to )?|over (?:and |to )?)?(?:kill|murder|stab|shoot) me\b",
                                       r"text\w*|said|says|saying|threat\w*|messag\w*|tonight|knife|gun|ex|husband|boyfriend|partner")),
        ("b_death_threat", rf"\b{AGENT} (?:\S+ ){{0,3}}(?:said|says|told me|tells me|texted|texts|messaged|messages|keeps (?:saying|texting|messaging)|wrote|warned|threatened|swore)\b"
         r"(?: me| us)?(?: that)? i (?:will not|would not|am not going to) (?:see|live to see|live (?:past|through|until)|make it (?:to|through|past)|survive) "
         r"(?:the |this |next |another )?(?:weekend|tomorrow|morning|night|tonight|week|month|year|christmas|birthday|new year|day)\b"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("b_intent_method", rf"{SUBJECT}(?P<obj>{INTENT_BROAD}) (?:\S+ ){{0,3}}(?:{SELF_METHODS})"),
        ("b_intent_jump", rf"^(?=.*\b{HEIGHT_OR_TRAFFIC}\b){_LEISURE}(?:.*\b)?(?:i|i am|i will)\b(?: \S+){{0,4}} (?P<obj>{INTENT_BROAD}) (?:\S+ ){{0,2}}{verb_forms('jump', 'leap')}\b"),
        ("b_method_done", rf"\bi\b(?: \S+){{0,3}} (?:have |just )?(?P<obj>{verb_forms('slit')}|cut|hung|swallowed|took|taken) (?:open )?(?:my (?:wrists?|throat)|myself|the whole|all (?:of )?my)\b(?! (?:\S+ ){{0,3}}(?:by accident|accidentally|shaving|cooking|chopping))"),
        ("b_attempted", rf"\bi (?:tried|attempted) (?:to )?(?:{SELF_METHODS}|kill myself|end (?:it|my life))"),
    ]),
    _rules("self_harm", "indirect", [
        ("b_means_rope", r"\b(?:bought|got|have|found|tied|made|buying|getting)\b (?:a |the |some )?noose\b"),
        ("b_means_rope", cooccur(r"\b(?:bought|got|have|found|tied|buying|getting)\b (?:a |the |some )?rope\b(?! (?:swing|ladder|light|lights|course|for (?:the|a|my) (?:tent|boat|swing|garden|climb\w*)))",
                                 r"know (?:what|which|where)|what it is for|tree|beam|ceiling|tonight|strong enough|myself|banister")),
        ("b_no_reason_here", r"\b(?:no|not any|not a|cannot see any|do not see any|do not see the|cannot see the|what is the) (?:\S+ ){0,1}(?:reason|point) (?:\S+ ){0,2}(?:to |of |in |for me to )(?:still )?(?:be here|being here|be alive|stay|staying|keep going|carry on|wake up|waking up|get up|getting up|stick around|be around|go on|continue)\b"
         r"(?! (?:early|at|for|on (?:a|the|weekends?|saturdays?|sundays?))\b)"),
        ("b_last_night", r"\b(?:this|tonight|today) is (?:my|the) last (?:night|day)\b(?! (?:in|at|of|before|with|on|here in|of the|at work)\b)|\bmy last (?:night|day) (?:on earth|alive)\b"),
        ("b_last_night", cooccur(r"\bif you do not hear from me\b", r"fault|love you|goodbye|sorry|forgive|remember me|take care of")),
        ("b_not_around", r"\bwhen i am gone\b(?! (?:on|for) (?:holiday|the trip|a trip|vacation|business))|\b(?:thinking|thought|think) (?:about|of) (?:not being (?:here|around|alive)|not waking up|disappearing for good)\b"
         r"|\b(?:will not|would not|no longer) (?:be )?need(?:ing)? (?:\S+ ){0,3}(?:after (?:tonight|today|this week)|where i am going)\b"
         r"|\b(?:do not|cannot) see myself (?:being )?(?:here|around|alive) (?:much longer|for long|next)\b"),
        ("b_goodbyes", r"\b(?:been|started|start|am|keep) saying (?:my )?goodbyes?\b(?!.*\b(?:job|jobs|moving|move|leaving|trip|holiday|colleagues|graduat\w*|flight|visit\w*|school|class)\b)|\b(?:said|saying) my goodbyes\b(?!.*\b(?:job|jobs|moving|move|leaving|trip|holiday|colleagues|graduat\w*|flight|visit\w*)\b)|\bready to go now\b(?=.*\bpeace\b)|\bmade my peace\b(?=.*\b(?:go|going|die|dying|tonight|ready)\b)"),
        ("b_dose_research", r"\bhow many (?:pills|tablets|paracetamol|painkillers|sleeping pills) (?:\S+ ){0,2}(?:it takes|would it take|does it take|to (?:die|kill|end))\b"
         r"|\blooking up how many (?:pills|tablets)\b"),
        ("b_edge", cooccur(rf"\b(?:stand|standing|stood|sit|sitting|sat) (?:\S+ ){{0,3}}(?:edge|ledge) of (?:the |a )?{HEIGHT_OR_TRAFFIC}\b", r"wonder\w*|how it would feel|jump\w*|fall\w*|thinking|want")),
        ("b_last_words", cooccur(r"\btell (?:\S+ ){0,3}(?:that )?i (?:loved|love) (?:her|him|them|you)\b",
                                 r"will not get (?:the|a|another) chance|will not be (?:here|around)|when i am gone|goodbye")),
        ("b_means_now", r"\b(?:razor|blade|noose)\b (?:\S+ ){0,2}(?:in|on) my (?:hand|hands|lap)\b|\bholding (?:a |the )?(?:razor|blade|noose)\b"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("b_intent_harm", rf"{I_INTEND} (?:\S+ ){{0,3}}(?:{HARM_OTHER_ACTS})"),
        ("b_weapon_on", cooccur(rf"\b{WEAPON}\b", r"use it on (?:him|her|them|someone|my \w+)|going to use it(?! on (?:myself|me)\b)|waiting for (?:him|her|them)"
                                r"|(?:taking|bringing|carrying|take|bring|carry) it (?:in )?(?:to|into) (?:the )?(?:school|work|class|college|office|church|mosque|mall|party|campus)")),
    ]),
    _rules("harm_to_others", "indirect", [
        ("b_pay_plan", cooccur(r"\b(?:will|are going to|is going to|are all going to|will all) (?:all )?(?:pay(?! for (?!(?:this|that|what|it all|everything)\b))|get what is coming|regret (?:it|this|what|everything)|be sorry)\b",
                               r"plan|planned|made sure|ready|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|gun|knife|rifle"
                               rf"|{TARGET_KNOWN}")),
        # (and a lesson promised: "Bought a crossbow today. The guy who got me sacked is about to learn ...")
        ("b_weapon_for", cooccur(rf"\b(?:bought|buying|got|getting|found|stole|borrowed|loaded|sharpened|ordered|picked up)\b (?:\S+ ){{0,3}}(?:{WEAPON}|weapon)\b",
                                 r"who it is for|who its for|know who|for (?:him|her|them)|waiting for (?:him|her|them)|capable of|see what|make (?:him|her|them) pay"
                                 r"|(?:is|are) (?:about|going) to (?:learn|find out)|(?:his|her|their) turn|had it coming|(?:got|have) something for"
                                 r"|(?:it is |its )?for the (?:guy|man|bloke|lad|woman|girl|kid|family|people|one) (?:upstairs|downstairs|next door|across the (?:road|street|hall)|at work|from work)"
                                 r"(?!.*\b(?:birthday|present|gift|christmas|eid|hobby|club)\b)")),
        ("b_something_terrible", cooccur(r"\b(?:think|thinking|thought) (?:about|of) doing something (?:terrible|awful|horrible|bad|unthinkable)\b", r"baby|babys|cot|him|her|them|kids|child|children")),
        ("b_lying_in_wait", cooccur(r"\bi (?:have been|am|was|keep|will be) (?:waiting|watching|sitting|parked|following) (?:\S+ ){0,2}(?:outside|for|her|him|them)\b", rf"know where|lives|routine|make (?:her|him|them) pay|hurt|on camera|cctv|no witnesses|{TARGET_KNOWN}")),
    ]),
    # "he won't be laughing after what I do to him": the negation belongs to the other verb.
    _rules("harm_to_others", "indirect", [
        ("b_what_i_do", cooccur(r"\bwhat i (?:will |am going to )?do to (?:him|her|them)\b", r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|laughing|sorry|next week")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        ("b_household_beaten", rf"\b{AGENT} (?:\S+ ){{0,3}}{PAST_OR_REPORTED}(?P<obj>{VIOLENCE}) {HOUSEHOLD_VICTIM}\b{_PLAY}(?! (?:at|in) (?:a |the )?(?:chess|cards|games?|match|race|quiz)\b)"),
        ("b_shut_in", r"\b(?:will not|would not|does not|do not|is not) let(?:ting)? me (?:out|leave|go|outside)\b|\b(?:locked|shut) (?:me )?in (?:the|my|a) (?:room|bathroom|house|flat|cupboard|basement)\b(?=.*\b(?:he|she|they|took|won|will not)\b)"),
        ("b_secrecy", rf"\b{AGENT} (?:\S+ ){{0,3}}(?:touch(?:es|ed)?|hurts?|hits?) me\b(?=.*\b(?:not to tell|never tell|do not tell|secret)\b)"
         r"|\b(?:told|tells|warned) me (?:not to|never to) tell (?:anyone|anybody)\b(?=.*\b(?:touch\w*|hurt\w*|hit\w*|bed|body|private)\b)"),
        # A "little secret" kept with the threat of not being believed ("he says it's our little secret and mum
        # won't believe me anyway"): ``b_not_believed``'s threat, over the whole turn (a co-occurrence rule).
        ("b_little_secret", cooccur(r"\b(?:our|a) (?:little |special )?secret\b", r"(?:will not|would not|never|nobody would|no one would|nobody will|no one will) believe (?:me|you|her|him)")),
        ("b_forced_acts", cooccur(r"\b(?:forces|forced|makes|made) me (?:to )?do (?:things|stuff)\b", r"sexual\w*|touch\w*|undress\w*|private|bed|clothes")),
        ("b_door_forced", cooccur(r"\b(?:banging|pounding|kicking|hammering|smashing) (?:\S+ ){0,1}(?:on|at|down|in) (?:the|my) door\b", r"hiding|hid|scared|afraid|locked|screaming|shouting|kill")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("b_hiding", cooccur(r"\bi am (?:\S+ )?hiding (?:in|under|inside|behind) (?:the|my|a) \w+\b", r"shouting|screaming|banging|drunk|angry|rage|hit\w*|hurt\w*|kill\w*|knife|gun|find me|looking for me|door")),
        ("b_hurt_again", r"\bi (?:will |would |am going to )?(?:get|gets|got|getting) (?:hurt|hit|beaten|slapped|punched|kicked) (?:again|if|when|every|for)\b"
         r"|\bthen i pay for it\b|\bor (?:he|she|they) will (?:lose it|kill me|hurt me|hit me)\b"),
        ("b_cover_bruises", r"\b(?:covering|cover|covered|hiding|hide|hid) (?:up )?(?:the |my )?(?:bruises|marks|black eye)\b|\bbruises (?:\S+ ){0,4}(?:nobody|no one|people|anyone) (?:will not|would not|cannot|can not|won)\b"),
        ("b_unseen_bruises", r"\b(?:nobody|no one|people|anyone) (?:\S+ )?(?:sees?|notices?|see|notice) (?:the |my )?(?:bruises|black eye)\b|\blong sleeves\b(?=.*\bbruises\b)"),
        ("b_not_believed", r"\b(?:says|said|tells me|told me) (?:that )?(?:no one|nobody) (?:will|would) (?:ever )?believe me\b"),
        ("b_told_not_to", r"\bif i (?:tell|told|say anything|talk)\b(?: \S+){0,8} (?:he|she|they) (?:said|says|will|would|swore)\b(?: \S+){0,3} (?:sorry|regret|kill|hurt|pay|worse)\b"),
        ("b_scared_he_comes", rf"\b(?:scared|afraid|terrified|frightened)\b(?: \S+){{0,6}} (?:in case|because|that|when|if) (?:he|she|they|{AGENT}) (?:will |might |could )?(?:come|comes|came|gets|get) (?:\S+ ){{0,1}}(?:into|in|back|home|drunk)\b"),
        ("b_stalked", rf"\b{AGENT} (?:\S+ ){{0,2}}(?:keeps|keep|has been|have been|is|are) (?:turning up|showing up|waiting|parking|leaving (?:notes|messages|things))\b(?: \S+){{0,3}} (?:outside|at|on) my\b"
         + "|" + cooccur(r"\b(?:know|knows) where i (?:live|work|sleep)\b", r"notes?|messages?|threat\w*|following|follow\w*|scared|afraid|watching|coming for|car")
         +
         rf"|\b{AGENT} (?:\S+ ){{0,2}}(?:watching|watches|watched|parks outside|sits outside) my (?:house|home|flat|window|car|door)\b"),
    ]),
    _rules("medical_emergency", "explicit", [
        ("b_unresponsive", cooccur(r"\b(?:is not|not|will not|would not|cannot|stopped) (?:\S+ )?(?:respond(?:ing)?|mov(?:e|ing)|wak(?:e|ing) up|answer(?:ing)?(?: me)?)\b",
                                   r"fell|fallen|collapsed|floor|stairs|baby|floppy|head|blood|breathing|unconscious")
         + r"|\b(?:floppy|limp) and\b|\bnot responding to (?:me|us|anything)\b"),
        # "A weight on my chest" is also grief or stress: a body sign must come with it.
        ("b_chest_pressure", cooccur(r"\b(?:pressure|tightness|heaviness|weight|squeezing|elephant)\b(?: \S+){0,4} (?:in|on|across) (?:my|his|her) chest\b|\bclutching (?:his|her|my) chest\b",
                                     r"pain|sweat\w*|arm|jaw|breath\w*|breathe|dizzy|sick|will not go away|suddenly|pale|clammy|numb")),
        ("b_one_side", r"\b(?:cannot|can not|could not) (?:lift|move|feel|raise) (?:my|his|her) (?:left |right )?(?:arm|leg|hand|side)\b|\b(?:left|right|one) side of (?:my|his|her) (?:body|face)\b"
         r"|\b(?:speech|words|talking) (?:is |are )?(?:\S+ )?(?:slurred|slurring)\b|\bslurring (?:his|her|my|their) words\b"
         r"|\b(?:smile|mouth|face) (?:looks |is |has gone |went |looking )?(?:\S+ )?(?:lopsided|droopy|drooping|crooked)\b"),
        ("b_air", r"\b(?:struggling|fighting|cannot|can not|trying) (?:\S+ ){0,1}to (?:get air|breathe|catch my breath)\b|\b(?:lips|face) (?:are |is )?(?:turning|going|gone) (?:blue|grey|gray)\b"),
        ("b_toxic_swallowed", r"\b(?:swallowed|drank|drunk|ate|eaten|took|has taken|injected)\b(?: \S+){0,5} (?:bleach|poison|pesticide|antifreeze|detergent|washing (?:tablets|pods|liquid)|weed killer|button batter\w+)\b"
         r"|\b(?:took|taken|injected|had|gave (?:him|her|myself))\b(?: \S+){0,2} (?:too many|too much|way too many|way too much|double|extra|the wrong dose of|twice)\b(?: \S+){0,3} insulin\b"),
        ("b_pregnant_bleeding", r"\b(?:pregnant|gave birth|given birth|\d+ weeks|had (?:the|my|a) baby)\b(?=.*\b(?:bleeding|blood|waters|contractions|pain|soaked)\b)"
                                r"(?=.*\b(?:a lot|a fair bit|heavy|heavily|really bad|so much|will not stop|everywhere|soaked through|through (?:\w+ )?pads|dizzy|faint|grey|really quiet|not moving)\b)"),
    ], negatable=False),
    # Signs that stand alone in one clause, in word classes the rules above do not cover.
    _rules("self_harm", "indirect", [
        # "make it all stop, permanently": the wish to stop everything with a permanence cue.
        ("b_stop_for_good", cooccur(r"\b(?:make|making|way to make|how to make|want|need) (?:it|it all|everything|all of this|this|the pain) (?:all )?(?:to )?(?:stop|end|be over|go away)\b",
                                    r"permanently|forever|for ever|for good|once and for all")),
        ("b_voices_tell", r"\b(?:voices?|voice in my head)\b(?: \S+){0,3} (?:telling|tell|tells|told|saying|say|says) me to (?:end it|end my life|kill myself|die|hurt myself|jump|cut|do it)\b"),
        # Others relieved of the speaker, with a sign of absence: "i'll be gone and no one will have to put up with me".
        ("b_nobody_burdened", cooccur(r"\b(?:no one|nobody|noone|you|they|everyone) (?:will|would|is going to|are going to) (?:not |never )?(?:ever )?(?:have to|need to) (?:put up with|deal with|worry about|bother with|look after) (?:me|it)\b",
                                      r"gone|dead|not (?:be )?here|anymore|any more|after (?:tonight|today|this)|will not matter|soon|arranged")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        ("b_pushed_down", rf"\b{AGENT} (?:\S+ ){{0,2}}(?:pushed|pushes|shoved|shoves|threw|throws|dragged|drags|kicked) me (?:down|off|into|against|onto|across|to the (?:ground|floor))\b"
         r"(?! (?:\S+ )?(?:pool|water|lake|sea|river|swing|snow|leaves|sand|mud|bed|sofa|couch|team|game|spotlight|limelight)\b)"),
        ("b_secret_acts", cooccur(r"\b(?:our|a) (?:little )?secret\b|\bnot (?:allowed|supposed) to tell\b|\b(?:told|tells|warned) me (?:not|never) to tell\b",
                                  r"what (?:he|she|they) (?:does|did|do|is doing|keeps doing) to me|comes? (?:into|in) my (?:room|bed)|my body|private parts")),
        # A threat on a condition of obeying or telling: "if i don't do what he wants he'll hurt my family".
        ("b_conditional_threat", r"\bif i (?:do not|did not|refuse to|will not|tell|told|say anything|talk|open my mouth|go to the police|report|leave)\b(?: \S+){0,6}"
         r" (?:he|she|they) (?:will|would|is going to|are going to|said (?:he|she|they) would) (?:\S+ ){0,2}(?:hurt|kill|hit|beat|harm|take|burn)\b (?:me|us|my)\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Hiding an injury from others: "a bruise on my neck, so i wear a scarf so nobody asks".
        ("b_injury_hidden", cooccur(r"\b(?:bruises?|black eyes?|marks|burns|welts)\b",
                                    r"so (?:nobody|no one|people|they|anyone|my \w+) (?:asks?|sees?|notices?|will (?:ask|see|notice)|can(?:not)? see)"
                                    r"|(?:wear|wearing|wore) (?:a scarf|long sleeves|sunglasses|a polo neck|a high collar)|cover (?:it|them) (?:up )?with")),
        # Living around someone's moods: "careful what i say or he gets that look".
        ("b_eggshells", cooccur(r"\b(?:careful what i say|walking on eggshells|careful not to (?:upset|annoy|anger|set off) (?:him|her|them)|or (?:he|she|they) (?:gets|will get) (?:that look|angry|mad|violent|nasty))\b",
                                r"bruis\w*|hurt\w*|hits?|hitting|cannot go out|not allowed|locked|scared|afraid|frightened|punish\w*|pay for it")),
        ("b_controlled", cooccur(r"\b(?:checks|reads|goes through|tracks|monitors) my (?:phone|messages|texts|location|emails)\b"
                                 r"|\b(?:takes|took|keeps|kept|controls) (?:the|my|all my|all the) (?:money|pension|pension card|bank card|cards|wages|salary|benefits)\b",
                                 r"not allowed to|will not let me|does not let me|never lets me|if i (?:talk|speak|see|call|go)|too (?:scared|frightened|afraid)|pushed me|hits? me|locks? me")),
        ("b_agent_outside", cooccur(rf"\b(?:he|she|they|{AGENT}) (?:is|are|has been|was|keeps) (?:\S+ )?(?:outside|at) (?:the|my|our) (?:house|home|flat|door|window|gate)\b",
                                    r"drinking|drunk|turned off (?:\S+ )?(?:the )?lights|lights off|hiding|will not leave|banging|shouting|screaming|scared|afraid|terrified|knife|gun|threat\w*")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("b_blood_up", r"\b(?:throwing up|threw up|vomiting|vomited|coughing up|coughed up|puking|being sick|sick) (?:\S+ ){0,3}blood\b|\bblood in (?:my|his|her) (?:vomit|sick)\b"),
        ("b_blue_colour", r"\b(?:lips|face|skin|fingers)\b(?: \S+){0,3} (?:gone|going|turning|turned) (?:\S+ ){1,2}(?:blue|purple|grey|gray)\b"),
        ("b_clammy_confused", cooccur(r"\b(?:clammy|cold and clammy|grey and sweaty)\b", r"not making sense|confused|cannot wake|can not wake|will not wake|drowsy|floppy|slurr\w*")),
        # A sudden "worst headache of my life" is the textbook sign of a bleed on the brain.
        ("b_thunderclap", cooccur(r"\b(?:worst|most painful) headache (?:\S+ ){0,2}(?:of|in) (?:my|his|her) (?:life|entire life|whole life)\b"
                                  r"|\bheadache\b(?: \S+){0,6} (?:the )?(?:worst|most painful) (?:\S+ ){0,3}(?:of|in) (?:my|his|her) (?:life|entire life|whole life)\b",
                                  r"sudden\w*|all at once|out of nowhere|like (?:being hit|a thunderclap|an explosion)|came on|exploded|thunderclap|cannot see|vomit\w*|stiff neck")),
    ], negatable=False),
    # Someone else's crisis, told by the speaker: "my brother says he's going to kill himself",
    # "a lad posted that he's bringing a gun in to shoot everyone". The narrower rules are first person.
    _rules("self_harm", "explicit", [
        ("b_other_self_harm", rf"\b(?:he|she|they)\b(?: \S+){{0,2}}? (?P<obj>{OTHER_INTENT}) (?:\S+ ){{0,2}}(?:{OTHER_SELF_ACT}){_NOT_A_FIGURE_FOR_OTHERS}"),
        ("b_other_wants_die", rf"\b{AGENT} (?:\S+ ){{0,2}}{REPORTED} (?:he|she|they) (?:wants? to|is going to|will|is ready to|is about to) (?:die|end it all|end it|not wake up)\b"
         r"(?! (?:of|from|laughing|if|when|with|over|because of)\b)"),
    ]),
    _rules("harm_to_others", "explicit", [
        ("b_other_intent_harm", rf"\b{AGENT} (?:\S+ ){{0,2}}{REPORTED} (?:he|she|they)(?: is| are| was)? (?P<obj>{INTENT_BROAD}|threatens? to|threatened to) (?:\S+ ){{0,3}}(?:{HARM_OTHER_ACTS})"),
        ("b_weapon_to_place", rf"\b{verb_forms('bring', 'take', 'carry')} (?:\S+ ){{0,2}}{WEAPON}\b(?: \S+){{0,2}} (?:to|into|in to) (?:the )?{WEAPON_PLACE}\b{_NOT_A_TOOL}"
         rf"|\b{WEAPON}\b(?: \S+){{0,6}} to (?:shoot|stab|kill|hurt|blow up) (?:everyone|everybody|them all|all of them|people|the (?:\w+ )?(?:class|school|students|kids|teachers?|office))\b{_NOT_A_TOOL}"),
    ]),
    # Being locked in as a threat or a punishment: "she'll lock me in the cupboard again".
    _rules("abuse_danger", "explicit", [
        ("b_locked_in", rf"\b{verb_forms('lock', 'shut')} me (?:in|inside|up)\b(?: \S+){{0,3}}(?= .*\b(?:again|without (?:food|water|my phone)|for (?:hours|days|the night)|if i|punish\w*|every time)\b)"),
        # Someone else being beaten now: "her dad is beating her mum", "he's dragging his wife by the hair".
        ("b_others_beaten_now", rf"\b(?:{AGENT}|(?:his|her|their) (?:\w+ )?{PERSON_NOUNS}|(?:the|that|this) (?:man|guy|woman|lady|bloke|neighbou?r)(?: \w+)?) (?:is|are) (?:\S+ )?{BEATING_NOW} "
         rf"(?:my|his|her|their|the) (?:\w+ )?(?:wife|husband|partner|girlfriend|boyfriend|kids?|child|children|son|daughter|baby|mum|mom|mother|dad|father|brother|sister|maid)\b{_PLAY}{_NOT_A_GAME}"),
    ], negatable=False),
    # A whole supply already swallowed: "I swallowed a load of paracetamol", "took thirty tablets".
    _rules("self_harm", "explicit", [
        ("b_many_pills", rf"\bi\b(?: \S+){{0,2}} (?:swallowed|necked|downed|took|have taken|had) (?:like |about |around |over |maybe )?"
         rf"(?:a (?:whole )?load of|loads of|a handful of|a fistful of|a whole bunch of|a bunch of|dozens of|all of (?:the|my)|\d{{2,}}|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred)"
         rf"(?: \S+){{0,2}} {MEDICINES}\b(?!.*\b(?:over|for|across|in) (?:the |a |two |three |four |\d+ )?(?:days?|weeks?|months?|years?|course)\b)"),
    ]),
    _rules("self_harm", "indirect", [
        # Asking what would be lethal, for a person: "what's the lethal amount of amitriptyline for someone my weight".
        ("b_lethal_question", r"\b(?:lethal|fatal|deadly) (?:dose|amount|quantity|number|level)\b" + _NOT_ABOUT_OTHERS_OR_STUDY
         + r"|\bhow (?:high|tall|far) (?:\S+ ){0,8}(?:fall|drop|jump)\b(?: \S+){0,3} (?:to be )?(?:fatal|certain|deadly|enough to (?:kill|die))\b" + _NOT_ABOUT_OTHERS_OR_STUDY),
        # How many pills for it to be for good: the cue may be in the next clause ("..., you know, permanent?").
        ("b_dose_for_good", cooccur(rf"\bhow (?:many|much)\b(?: \S+){{0,4}} {MEDICINES}\b" + _NOT_ABOUT_OTHERS_OR_STUDY,
                                    r"permanent|for good|to die|to not wake|never wake|not wake up|fatal|to kill|to end it|to be over")),
        # A goodbye note and then no answer: "she left a note saying sorry and goodbye and isn't picking up".
        ("b_goodbye_note", cooccur(r"\b(?:left|leaves|wrote|found|sent) (?:\S+ ){0,2}(?:note|letter|message)\b(?: \S+){0,4} (?:goodbye|forgive (?:me|her|him|them)|do not look for|love you all)",
                                   r"not (?:picking up|answering)|will not (?:pick up|answer)|phone (?:is )?(?:off|dead)|cannot (?:reach|find|get hold of)|missing|nobody knows where")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Papers held back: coercive control, often of a spouse brought from abroad.
        ("b_documents_kept", cooccur(r"\b(?:kept|keeps|keep|keeping|taken|took|takes|taking|hidden|hid|hides|hiding|locked away|confiscated|holding|holds|hold) my (?:passport|documents|papers|id|id card|visa|keys|wages|pay|bank card)\b",
                                     r"(?:do not|does not|will not|would not|never|have not|has not|did not) let me|not allowed|cannot (?:leave|go|call|phone|see)|locked|scared|afraid|beat\w*|hits?"
                                     r"|only (?:let|allowed) out")),
        # A "lesson" taught, and its hour coming: "every time the bill arrives he 'teaches me a lesson' ... he's home at six".
        ("b_lesson_taught", cooccur(rf"\b(?:he|she|they|{AGENT}) (?:\S+ ){{0,2}}'?(?:teaches|taught|teach|will teach|is going to teach|going to teach) me a lesson\b",
                                    r"home at|gets home|back at|(?:is|will be) (?:home|back) (?:at|by|soon|in)|bruis\w*|belt|hits? me|every time")),
        ("b_sleeves_hide", r"\blong sleeves\b(?: \S+){0,5} (?:so|because|in case) (?:nobody|no one|people|anyone|they|my \w+) (?:asks?|sees?|notices?|will (?:ask|see|notice)|questions?)\b"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Asking how to poison a person: "the best way to make rat poison taste like nothing in someone's tea".
        ("b_poison_question", r"\b(?:how|way|ways) (?:do you |to |can i |could i |would you |would i )?(?:\S+ ){0,4}(?:poison|rat poison|bleach|antifreeze|arsenic|cyanide)\b(?: \S+){0,6} "
         r"(?:someone|somebody|a person|him|them|(?:his|her|their|my \w+(?:'s)?) (?:\S+ )?(?:food|tea|coffee|drink|dinner|meal|water))\b"),
    ]),
    # Asking for a way up to a height: "what's the tallest building in town that doesn't lock the roof door".
    _rules("self_harm", "indirect", [
        ("b_roof_access", cooccur(r"\b(?:tallest|highest) (?:building|block|tower|car park|multi storey|bridge|point)\b|\b(?:roof|rooftop)\b",
                                  r"(?:does not|do not|never|not) (?:lock|locked)|unlocked|(?:get|getting|go|going) (?:up )?(?:on|onto|up to) the roof|roof access|access to the roof"
                                  r"|without (?:being )?(?:seen|stopped|noticed)")),
        # Thinking how easy it would be, at the tracks or an edge: "I keep staring at the train tracks thinking how easy it would be".
        ("b_how_easy", cooccur(r"\bhow easy it (?:would|could|will) be\b(?! to (?!end|die|jump|step|do it|just (?:end|step|jump|go)|let go))|\bhow easy it is\b(?! to (?!end|die|jump|step))"
                               r"|\b(?:just )?one (?:step|jump)\b(?: \S+){0,2} and (?:it is|it would be|it is all|everything is) (?:over|done)",
                               r"tracks?|train|trains|railing|ledge|edge|bridge|roof|balcony|platform|cliff|motorway|overpass|pills")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Something put in a person's food that a test would not find.
        ("b_undetectable", cooccur(r"\b(?:put|add|slip|mix|give|use)\b(?: \S+){0,4} (?:in|into|to) (?:his|her|their|my \w+(?:'s)?|someone's|somebody's|the \w+'s) (?:\S+ )?(?:food|tea|coffee|drink|dinner|meal|soup|water|juice|drinks)\b",
                                   r"(?:would not|will not|does not|did not|could not|can not|cannot|not) (?:show up|be detected|be found|be traced|be noticed)|undetectable|untraceable|traceless"
                                   r"|(?:a|any|the) (?:blood |drug |tox |toxicology )?(?:test|screen|autopsy|post mortem)|trace (?:it )?back to me|traced back to me")),
        # A list of the people who hurt the speaker, with a weapon or a day: "I've made a list of the boys who bully me, and I found the key to dad's gun cabinet".
        ("b_hit_list", cooccur(r"\b(?:made|making|make|written|wrote|writing|have|got|keeping|keep) (?:\S+ ){0,1}list of\b(?: \S+){0,4} (?:everyone|everybody|people|the (?:kids|boys|girls|ones|people)|those|them|who)\b",
                               r"bull(?:y|ies|ied|ying)|laughed at me|picked on|made fun|hurt me|humiliated|wronged"
                               r"|gun|rifle|shotgun|key|cabinet|knife|they will (?:see|pay|regret)|pay for")),
        # When is someone alone, and the rest is the speaker's business: "just tell me when he's alone, I'll handle the rest";
        # the same for a target's hours, exits and cameras, with the menace said: "leaves at 7:15, I've watched him all
        # week. Tuesday works", "is there a back exit the manager uses? I've got something for him".
        ("b_when_alone", cooccur(r"\b(?:when|what time|which days?|how often)\b(?: \S+){0,5} (?:alone|on (?:his|her|their) own|by (?:himself|herself|themselves))\b"
                                 r"|\b(?:cctv|cameras?|back (?:exit|door|way out)|what time does (?:he|she|the \w+)|leaves? (?:work |home |the \w+ )?at \d+|i have (?:been )?watch(?:ed|ing) (?:him|her|them))\b",
                                 r"(?:handle|deal with|see to|take care of|sort) (?:the rest|him|her|them|it myself)|leave the rest to me|the rest is (?:up to )?me"
                                 r"|(?:got|have) something for (?:him|her|them)(?! (?:\S+ ){0,1}(?:birthday|christmas|eid|wedding|anniversary|party|leaving do))|not walking away|will not walk away|walk away this time"
                                 r"|(?:his|her|their) turn|(?:learn|find out|see) what (?:losing|it feels|happens)|(?:tuesday|monday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow) works"
                                 r"|make (?:him|her|them) pay|pays? for (?:what|this|it)|not getting away")),
        # Everyone who wronged the speaker will find out what happens, on a day.
        ("b_they_will_find_out", cooccur(r"\b(?:everyone|everybody|all of them|they|those \w+|the \w+) (?:\S+ ){0,8}(?:going to|will|gonna) (?:find out|see|learn) (?:\S+ ){0,3}(?:what happens|what i am capable of|what i can do|what i will do|who they (?:messed|are dealing) with)\b",
                                         r"laughed at me|made fun of me|bullied me|humiliated me|messed with me|picked on me|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|tomorrow|tonight")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # The same car, the same man, every night since the speaker left; gifts at a new address.
        ("b_followed_since", cooccur(r"\b(?:same|that) (?:car|van|truck|man|guy|person|bloke)\b(?: \S+){0,3} (?:parked|outside|waiting|following|behind me|sitting)\b"
                                     r"|\b(?:turned up|showed up|arrived|delivered|left|sent)\b(?: \S+){0,3} (?:at|to) my new (?:job|work|flat|house|address|place|school)\b",
                                     r"every (?:night|day|morning|evening)|since i (?:left|ended|broke|moved|blocked)|ended it|my ex|no card|no name|again")),
        # Someone else's papers held, with no pay or a debt to work off: trafficking and forced labour.
        ("b_documents_held", cooccur(r"\b(?:kept|keeps|keep|taken|took|takes|hold|holds|holding|confiscated) (?:\S+ ){0,1}(?:his|her|their|our) (?:passports?|documents|papers|ids?|id cards?|visas?)\b",
                                     r"never (?:actually )?(?:been )?paid|not (?:been )?paid|no (?:pay|wages)|(?:pay|work) off (?:a |the |her |his |their )?debt|owes? them|until (?:\S+ ){0,2}(?:pays?|paid)|cannot leave|(?:never|not) allowed"
                                     r"|locks? (?:us|me|them|her|him) (?:in|up)|locked (?:us|me|them|her|him) (?:in|up)|door(?:'s| is) locked (?:at night|every night)|(?:1[2-9]|sixteen|eighteen|twenty) hours")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Hard to wake, slow breathing, after pills or drink: an overdose described.
        ("b_hard_to_wake", cooccur(r"\b(?:hard|impossible) to wake\b|\b(?:cannot|can not|could not|will not|would not) (?:wake|rouse) (?:him|her|them)\b|\bbarely breathing\b"
                                   r"|\bbreathing (?:is )?(?:\S+ ){0,2}(?:slow|shallow|rattly|gurgling)\b",
                                   r"pills|tablets|vodka|alcohol|drank|drunk|drinking|took|taken|overdose|lips (?:are |look )?(?:blue|grey)")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Held by a debt: "they lock us in at night and say we owe them thousands".
        ("b_debt_bondage", cooccur(r"\b(?:lock|locks|locked|locking) (?:us|me|them|her|him) in\b|\b(?:will not|do not|does not|never|would not) let (?:us|me|them|her|him) (?:leave|go|out)\b"
                                   r"|\b(?:never|not) allowed (?:out|outside|to leave|to go out)\b",
                                   r"owe|owes|debt|pay (?:it |them )?(?:back|off)|passports?|never (?:been )?paid|no wages")),
        # A threat to break a part of the speaker: "he said he'll break my jaw like last time".
        ("b_threat_body", r"\b(?:he|she|they)(?: said| says| told me| threatened| swore)?(?: that)?(?: he| she| they)? (?:will|would|is going to|was going to|is gonna) "
                          r"(?:break|smash|snap|cut|burn|slit) (?:my|your) (?:jaw|arms?|legs?|neck|nose|face|teeth|fingers|ribs|skull|head|throat)\b"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Hurting oneself until it bleeds: "i bang my head against the wall until it bleeds" (not scratching bites).
        ("b_injure_until", r"^(?!.*\b(?:bites?|eczema|rash|itch\w*|spots?|scabs?|mosquito\w*)\b).*?\b(?:bang|banging|hit|hitting|punch|punching|scratch|scratching|pinch|pinching|bite|biting|burn|burning|pick|picking) (?:my|myself)\b"
                           r"(?: \S+){0,5} (?:until|till|so hard (?:that )?)(?: it| they| i)? (?:bleeds?|bleeding|bruises?|bruised)\b"),
    ]),
    _rules("self_harm", "indirect", [
        ("b_car_exhaust", cooccur(r"\b(?:closed|shut|locked) garage\b", r"engine (?:running|on|going)|exhaust|hose ?pipe|hose")),
        ("b_sleeves_blade", cooccur(r"\blong sleeves\b", r"razors?|blades?|cuts|scars|marks on my")),
        ("b_rope_weight", r"^(?!.*\b(?:climb\w*|abseil\w*|swing|hammock|boat|sail\w*|tow\w*|tree ?house)\b).*?\b(?:rope|ropes|knots?|cord|belt)\b(?: \S+){0,5} "
                          r"(?:hold|holds|take|takes|support|supports) (?:the most |my |a person's |a persons |a human's |a grown \w+'s |enough )?(?:weight|body weight|a person)\b"
                          r"|\b(?:rope|noose)\b(?: \S+){0,5} (?:ceiling fan|the fan|beam|rafters|loft hatch|banister)\b"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # A baby smothered or shaken, said as an urge: "sometimes I want to put a pillow over the baby's face".
        ("b_harm_baby", r"\b(?:put|hold|press|holding|putting) (?:a |the )?pillow over (?:the |my |his |her )?(?:baby|babys|baby's|son|sons|daughter|daughters|child|childs)\b"
                        r"|\bshake (?:the|my) baby\b(?: \S+){0,2} (?:until|till|to make)"),
    ]),
    _rules("harm_to_others", "indirect", [
        ("b_gun_fast", cooccur(r"\b(?:buy|get|find|getting|buying) (?:a|an|hold of a) (?:gun|pistol|handgun|rifle|firearm|shotgun)\b(?! licen)",
                               r"without (?:a )?(?:licen[cs]e|background check|permit|questions)|no questions|off the books|illegally|untraceable"
                               r"|by (?:this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight)")),
        ("b_weapon_for_when", r"\b(?:knife|machete|bat|gun|blade|crowbar|hammer|axe|pistol)(?:'s)?\b(?: \S+){0,6} for when i (?:see|find|catch|meet|get)\b"),
        ("b_found_where", cooccur(r"\bfound (?:out )?where (?:he|she|they) (?:lives?|live|works?|stays?)\b|\b(?:got|have|found) (?:his|her|their) (?:home )?address\b",
                                  r"waiting for (?:night|dark|tonight)|pay for|regret (?:it|this)|teach (?:him|her|them) a lesson|see what happens|will be sorry")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("b_grooming", cooccur(r"\bkeep (?:it|this|us) (?:our |a )?secret\b|\bour (?:little )?secret\b|\bnot (?:to |allowed to )?tell (?:my|your) (?:parents|mum|mom|dad)\b|\bdelete (?:the|our) (?:chats?|messages)\b",
                               r"i am (?:1[0-5]|eleven|twelve|thirteen|fourteen|fifteen)|(?:1[0-5]|eleven|twelve|thirteen|fourteen|fifteen) (?:years old|yo)"
                               r"|(?:he|she) is (?:[2-5]\d|twenty\w*|thirty\w*|forty\w*|fifty\w*)|grown man|older man")),
        # A secret kept from the parents at an adult's word: "my coach says our special sessions are a secret".
        ("b_grooming_adult", r"^(?!.*\b(?:surprise|present|gift|party|birthday|recipe|plan for)\b)(?=.*\b(?:coach|teacher|tutor|instructor|trainer|priest|imam|scout leader|youth leader|stepdad|step dad|uncle|older (?:guy|man|boy)|grown man)\b)"
                             r"(?=.*\b(?:(?:is|are) (?:a |our )?secret|our (?:little )?secret(?: game)?|keep (?:it|this|our \w+) (?:a )?secret|without telling)\b)"
                             r".*?\b(?:not (?:to |allowed to )?tell|cannot tell|must not tell|never tell|without telling|secret from) (?:my |your |our )?(?:parents|mum|mom|dad|mother|father|us)\b"),
        ("b_sextortion", cooccur(r"\bsend (?:me |him |her |them )?(?:more )?(?:pics|photos|pictures|nudes|videos?)\b",
                                 r"(?:show|share|post|send|leak|tell)\w* (?:\S+ ){0,3}(?:everyone|your (?:parents|family|friends|school|mum|mom|dad)|online|the internet|all your)")),
        # The partner's explanation of the injuries: "walked into a door again, he says I need to be more careful".
        ("b_clumsy_excuse", cooccur(r"\bwalked into (?:a|the) (?:door|wall|cupboard)|\bfell down the stairs|\b(?:just|so) clumsy\b",
                                    r"he says|she says|he said|she said|he told me|she told me|he gets|before he")),
        ("b_burn_marks", cooccur(r"\b(?:burn|cigarette) marks\b|\bburns? on (?:his|her|their) (?:hands|arms|legs|back)\b",
                                 r"girl|boy|child|kid|little|maid|helper|cries|crying|screaming")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("b_clutching_chest", cooccur(r"\bclutch\w* (?:at )?(?:his|her|my|their) (?:chest|heart)\b", r"grey|gray|pale|sweat\w*|breath\w*|collapsed|floor|pain|hurts")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        ("b_child_got_into", cooccur(r"\b(?:got into|has got into|bit|bitten|chewed|ate|eaten|licked|swallowed|drank|drunk) (?:\S+ ){0,3}(?:dishwasher (?:tablets?|pods?|capsules?)|washing (?:pods?|capsules?|tablets?|powder)"
                                     r"|laundry (?:pods?|capsules?)|bleach|batter(?:y|ies)|drain cleaner|weed killer|rat poison|slug pellets|antifreeze|(?:my|his|her|grandma's|nan's|the) (?:pills|tablets|medicine|meds))\b",
                                     r"drool\w*|vomit\w*|being sick|throwing up|screaming|sleepy|drowsy|floppy|burn\w*|foam\w*|breath\w*|coughing|choking")),
        # The poison named first, the swallowing after: "grabbed the bleach from under the sink and drank some".
        ("b_toxic_then_swallowed", rf"\b(?:bleach|drain cleaner|antifreeze|weed killer|rat poison|pesticide|detergent|paraffin|white spirit|lamp oil)\b(?: \S+){{0,8}} "
                                   rf"(?:drank|drunk|swallowed|gulped|has drunk|has swallowed) (?:some|it|a bit|a little|half|a mouthful)\b(?: of it)?{_NOT_A_DRINK}"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A dependent left without food or water by the person caring for them.
        ("b_care_neglect", cooccur(r"\b(?:has|have|had) not (?:\S+ )?(?:fed me|given me (?:any )?(?:food|water|a drink|anything to (?:eat|drink)|my (?:medicine|medication|tablets|insulin)))\b",
                                   r"since (?:yesterday|last night|this morning|\w+ days?)|for (?:\w+ )?(?:days|hours)|shouts?|shouted|hits?|slaps?|locks?|when i ask|carer|caregiver|nurse")),
        # Someone unknown at the door, now: "somebody's been trying the handle on my front door for five minutes".
        ("b_intruder_now", cooccur(r"\b(?:someone|somebody|a (?:man|guy|stranger)|some (?:man|guy|men)|strangers?|men)\b(?: \S+){0,3} "
                                   r"(?:trying|tried|rattling|rattled|jiggling|forcing|forced|trying to (?:open|force|get in|break in))\b(?: \S+){0,2} (?:the |my |our )?(?:front |back |bedroom )?(?:door|handle|window|lock)s?\b",
                                   r"right now|for the (?:past|last)|minutes|i am (?:alone|scared|terrified|hiding|home alone)|home alone|what do i do|middle of the night|\d ?am\b")),
        # Money, phone or movement controlled, told in secret: "I'm using my neighbour's phone to talk to you".
        ("b_controlled", cooccur(r"\bnot allowed (?:\S+ ){0,4}(?:money|bank|wages|salary|friends|to (?:see (?:my|anyone|friends)|leave|go out|work))\b"
                                 r"|\b(?:takes|took|keeps|has taken) (?:all )?my (?:wages|salary|bank card|money|passport|benefits)\b",
                                 r"(?:using|borrowed|on) (?:my |a )?(?:neighbou?r|friend|colleague|cousin)\S* phone|secretly|in secret|if (?:he|she|they) (?:finds?|found) out|without (?:him|her|them) knowing|checks everything")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # The story told for an injury, and that it is a story: "i told my teacher i fell down the stairs but i didnt fall".
        ("b_fell_story", cooccur(r"\b(?:told|tell|said to) (?:\S+ ){0,3}(?:that )?i (?:fell|walked into|slipped)\b|\bso i said i fell\b",
                                 r"(?:but )?i (?:did not|never) (?:fall|really fall|walk into|slip)|always tell|bruises?|again|go back there|if i tell")),
        # Sleeves worn in the heat so that nobody asks.
        ("b_sleeves_questions", cooccur(r"\blong sleeves\b(?: \S+){0,4} (?:even )?(?:in|when it is) (?:summer|august|july|june|the heat|hot)\b",
                                        r"(?:do not|does not|will not|cannot|never) (?:ask|see|notice)|ask questions|no one (?:asks|sees)|nobody (?:asks|sees)")),
        # "long sleeves in July again so nobody on the ward sees the new ones on my arms"
        ("b_sleeves_questions", cooccur(r"\blong sleeves\b", r"new ones|fresh ones|new cuts|fresh cuts|new marks")),
        # A carer who hits, takes the money or leaves someone without food.
        ("b_carer_abuse", cooccur(r"\b(?:carer|caregiver|care worker|nurse|aide)\b(?: \S+){0,4} (?:slaps?|slapped|slapping|hits?|hitting|pinch\w*|punch\w*|keeps hold of|has taken|takes|leaves|leaving) (?:her|him|me|my|them)\b"
                                  r"|\bkeeps (?:his|her|their) (?:pension|benefits|bank card)\b",
                                  r"without food|no food|meal|not been fed|fed properly|bruises?|when nobody|when no one|soiled|terrified|shouts|across the face|footage|camera")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A flame or something hot held to the speaker: "he held a lighter to my hair to teach me a lesson".
        ("b_flame_held_to_me", rf"\b(?:he|she|they|{AGENT})\b(?: \S+){{0,3}} (?:held|holds|put|puts|pressed|presses) (?:a |the |his |her |their )?(?:lighter|cigarette|iron|flame|match|hot spoon|lit \w+)"
                               r" (?:to|on|against) my (?:hair|arm|arms|skin|face|hand|hands|leg|legs|neck|back)\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Someone who lets himself into the speaker's room at night.
        ("b_lets_himself_in", cooccur(r"\b(?:lets|let|letting) (?:himself|herself|themselves) (?:in|into) (?:my|our) (?:room|bedroom|flat|house)\b",
                                      r"at night|while i (?:am|was) (?:asleep|sleeping)|woke up|standing there|middle of the night|every night")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Waiting outside someone's home with a weapon.
        ("b_waiting_with_weapon", cooccur(r"\b(?:sat|sitting|waited|waiting|parked|standing) (?:\S+ ){0,2}outside (?:\S+ ){0,5}(?:house|flat|home|work|office|place|school)\b"
                                          r"(?!.*\b(?:cricket|baseball game|softball|rounders|ball|practice|training|match)\b)",
                                          r"(?:baseball )?bat|knife|machete|crowbar|hammer|gun|axe|petrol")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # A cloth soaked through and the person faint: bleeding that will not stop.
        ("b_soaked_through", cooccur(r"\b(?:towel|tea towel|bandage|cloth|cloths|dressing|t shirt|shirt|pads?|kitchen roll)\b(?: \S+){0,4} (?:is |are |has |have )?(?:soaked|soaking)(?: through)?\b"
                                     # ... or counted through: "it's soaked through three towels", "bled through two tea towels"
                                     r"|\b(?:soaked|bled|bleeding|bleeds) through (?:the |my |a |two |three |four |\d+ )?(?:tea )?(?:towels?|bandages?|pads?|cloths?|dressings?|kitchen roll)",
                                     r"dizzy|light headed|lightheaded|faint|grey|gray|pale|again|already|will not stop|blood|bled|bleeding|cut|cutter|knife|glass|blade|wound|gash")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # A blade sharpened with a person in mind.
        ("b_sharpening_for", cooccur(r"\bsharpen\w* (?:\S+ ){0,3}(?:knife|knives|machete|axe|blade|hunting knife)\b",
                                     # not a memory: "sharpening the knife for the qurbani, thinking about my grandfather"
                                     r"thinking about (?!(?:the )?old (?:days|times)\b|my (?:grand\w*|late|childhood|nana|nani|dada|dadi)\b)(?:the|that|him|her|my|what)|waiting (?:outside|for (?:him|her|them))|for (?:him|her|them) tonight|slept with|what (?:he|she) said")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # A question about dying asked about oneself: "what's the dose where you just don't wake up. asking for me".
        ("b_lethal_for_me", cooccur(r"\b(?:dose where|lethal|fatal|overdose|too many|bleed out|bleeding out|stop breathing|painless|feel anything|(?:not|never) wake up|high enough)\b",
                                    r"asking for me|(?:it is|this is|its) for me|not for a (?:story|book|project|novel|film)|need to know before (?:tonight|tomorrow|the weekend)"
                                    r"|(?:want|like) it (?:to be )?quick|(?:got|have|have got) (?:plenty|lots|loads|enough) of (?:pens|pills|tablets|them)"
                                    r"|i just want to know it (?:will not|does not) hurt|(?:got|have) both (?:here|on the table|ready)")),
        # The tallest car park or building, open at night.
        ("b_tallest_open", cooccur(r"\b(?:tallest|highest) (?:car park|multi storey|building|bridge|block)\b",
                                   r"open all night|(?:i am )?done with everything|top floor (?:is )?open|get (?:up|onto) the (?:roof|top)|no guard|nobody checks"
                                   r"|quick when i go|when i go|get up onto|without paying|(?:not|never) wake up")),
        # How far a fall has to be to be certain: "how high does a building need to be so you don't survive".
        ("b_fall_height_question", cooccur(r"\bhow (?:high|tall|far down|many (?:floors|storeys|stories|metres|meters|feet|foot))\b",
                                           rf"{_FALL_CERTAIN}|die (?:instantly|for sure|straight away)|(?:not|never) wake up")),
        # The same asked as a floor: "what floor do you need to fall from so you don't survive".
        ("b_fall_height_question", cooccur(r"\b(?:what|which) (?:floor|storey|story|level)\b", _FALL_CERTAIN)),
        # Whether such a fall hurts or is over at once: "does it hurt if you fall from the sixth floor or is it instant".
        ("b_fall_hurt_question", cooccur(r"\b(?:fall|falls|fell|falling|jump|jumped|jumping) (?:from|off) (?:\S+ ){0,4}(?:floor|storey|story|roof|bridge|building|balcony|cliff|tower block)\b",
                                         r"(?:is it|would it be|will it be) (?:instant|instantly|quick|painless)|would (?:you|i) (?:even )?feel (?:it|anything)")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Swelling after an allergen, told over two sentences: "pretty sure there were peanuts in the sauce. my lips are huge and I'm wheezing".
        ("b_allergic_swelling", cooccur(rf"\b(?:lips|tongue|throat|face|mouth)\b(?: \S+){{0,1}} (?:is |are )?{SWELLING}\b",
                                        r"peanuts?|nuts|allergic|allergy|stung|sting|bee|wasp|shellfish|epipen|wheez\w*|throat (?:\S+ ){0,2}tight|hard to breathe|cannot breathe")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Making someone disappear, thought over while they sleep: "thinking how easy making him disappear would be".
        ("b_make_disappear", cooccur(r"\b(?:make|making|made) (?:him|her|them|the baby|my \w+) disappear\b", r"easy|thinking|thought|asleep|sleep\w*|nobody would|for good")),
        # A poison asked for that no test or taste finds, with a person in view:
        # "what's the hardest poison to detect in a drink? my flatmate deserves it".
        ("b_undetectable", cooccur(r"\b(?:hardest|impossible|hard|difficult|easiest) (?:\S+ ){0,1}to (?:detect|trace|taste|notice)\b"
                                   r"|\b(?:poisons?|drugs?)\b(?: \S+){0,4} (?:no one|nobody|would not|will not|does not|do not|cannot|can not) (?:\S+ ){0,1}(?:detect|trace|taste|notice)",
                                   r"poison\w*|drink|tea|coffee|food|dinner|deserves?|what is coming")),
        # A car's brakes tampered with, asked or told: "which brake line do you cut so they fail slowly".
        ("b_brakes_cut", cooccur(r"\b(?:cut|cutting|loosen|loosening|tamper with|tampering with|mess with|messing with|fiddle with|fiddling with|fiddled with|drain|draining)\b(?: \S+){0,2} brakes?(?: (?:lines?|cables?|pipes?|fluid|hoses?))?\b"
                                 r"|\b(?:make|making) (?:the )?brakes?(?: (?:lines?|cables?|pipes?|hoses?))? fail\b"
                                 r"|\bbrake (?:lines?|cables?|pipes?|hoses?)\b(?: \S+){0,3} (?:cut|loosen|drain)\b"
                                 r"|\bbrakes (?:are|were) (?:so |really )?easy to (?:cut|fiddle with|tamper with|mess with|loosen)\b",
                                 r"fail\w*|crash\w*|drives|driving|his car|her car|their car|mountain|motorway|accident|nobody would know|show up|afterwards|trace")),
        # Medication a dependent needs, withheld: "how long before anyone noticed if he stopped getting his insulin".
        ("b_medication_withheld", cooccur(r"\b(?:stop|stopped|stops|stopping|skip|skipped|withhold|withheld|hide|hid)\b(?: \S+){0,2} (?:his|her|their) (?:insulin|meds|medication|medicine|tablets|pills|inhaler|oxygen|injections?|shots?)\b",
                                          r"notice\w*|burden|nobody would|no one would|would anyone|get away with")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A seizure still going after minutes: "she went stiff and started jerking six minutes ago and she's still doing it".
        ("b_seizure_ongoing", cooccur(r"\b(?:jerking|convulsing|fitting|seizing|went stiff|shaking all over)\b",
                                      r"(?:\d+|two|three|four|five|six|seven|eight|ten|several|few) minutes|still (?:doing it|going|jerking|fitting|shaking)|will not stop|not stopping")),
        # The chest and the signs beside it: "tightness in my chest and my jaw's aching and I've gone all clammy".
        ("b_chest_signs", cooccur(r"\b(?:tight|tightness|pressure|heaviness|crushing|pain) (?:\S+ ){0,2}(?:in|on|across) my chest\b|\bmy chest (?:is |feels )?(?:tight|heavy|crushing)\b",
                                  r"clammy|sweat\w*|jaw|left arm|gone grey|gone gray|funny colou?r|short of breath|can not breathe")),
        # Blood vomited: "threw up blood twice", "blood in my sick".
        ("b_vomiting_blood", r"\b(?:vomit\w*|threw up|throwing up|been sick|being sick) (?:\S+ ){0,2}blood\b|\bblood in (?:my |his |her )?(?:vomit|sick)\b"),
        # A throat or tongue swelling after food: "my throat's getting tight since the prawn curry and my tongue feels massive".
        ("b_allergic_swelling", cooccur(r"\b(?:throat|tongue|lips)(?:'s)? (?:(?:is|are) )?(?:(?:feels?|getting|going) )?(?:tight|tighter|massive|huge|thick|swollen)\b",
                                        r"prawns?|shrimp|nuts?|peanuts?|sesame|allergic|allergy|sting|stung|can barely swallow|can not swallow|wheez\w*")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # A child and an empty strip of tablets: "the little one's been in my handbag and there's an empty strip of my amitriptyline".
        ("b_child_found_pills", cooccur(r"\bempty (?:strip|packet|bottle|blister|pot)\b|\b(?:tablets|pills|capsules) (?:are |is )?missing\b",
                                        r"little one|toddler|baby|been in my (?:bag|handbag|drawer)|sleepy|drowsy|grandson|granddaughter")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # A way to go asked for: "what's a way to go that wouldn't leave a mess for my mum to find?"
        ("b_way_to_go", cooccur(r"\b(?:a|the|best|easiest|quickest) way to (?:go|die|do it|end it)\b", r"mess|to find|finds? me|painless|quick|nobody finds")),
        # Insurance asked about a death by one's own hand: "does life insurance pay out if the person did it themselves".
        ("b_insurance_own_hand", cooccur(r"\blife insurance\b|\bpolicy\b",
                                         r"did it (?:themselves|himself|herself|myself)|kill(?:ed)? (?:themselves|himself|herself|myself)|not an accident|when i am not here|suicide clause")),
        # Scratching or carving the skin open: "I keep scratching my wrists open with my keys".
        ("b_skin_opened", rf"\b{verb_forms('scratch', 'carve', 'dig')} (?:into )?my (?:wrists?|arms?|thighs?|legs?|skin|stomach)\b(?: \S+){{0,1}} (?:open|until (?:it|they) bleeds?|with (?:my |a )?(?:keys?|blade|razor|compass|pin|needle|scissors|glass))\b"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Someone caught alone, with a weapon: "I want to catch my stepbrother on his own, I'll have the bat".
        ("b_caught_alone", cooccur(r"\bcatch (?:him|her|them|my \w+|that \w+|the \w+) (?:on (?:his|her|their) own|alone)\b",
                                   r"bat|knife|blade|crowbar|hammer|gun|machete|teach (?:him|her|them) a lesson")),
        # Crippling as the aim: "so he never walks right again".
        ("b_never_walk_again", r"\bso (?:he|she|they) (?:never|will never|can not|cannot|will not) walks? (?:right |properly |straight )?again\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A door broken in, and fear of the next time: "last friday he broke the door down when I didn't open it fast enough".
        ("b_door_broken_in", cooccur(r"\b(?:he|she|they|my \w+) (?:broke|kicked|smashed|booted) (?:the |my |our )?(?:bedroom |front |bathroom )?door (?:down|in)\b",
                                     r"did not open|before he comes|scared|afraid|terrified|can not do another|again|hid|hiding")),
        # An injury explained away to a doctor: "had to lie to the GP again about how my wrist broke".
        ("b_lied_to_doctor", cooccur(r"\b(?:lie|lied|lying) to (?:the |my )?(?:gp|doctor|nurse|hospital|a and e|teacher|midwife)\b",
                                     r"how (?:my|i) \w+|bruise\w*|broke|black eye|burn\w*|sat in|was there|again")),
    ], negatable=False),
    # Someone trapped in a fire: "the flat's on fire and my nan is still in the back bedroom".
    _rules("medical_emergency", "explicit", [
        ("b_fire_trapped", cooccur(r"\b(?:house|flat|home|building|room|kitchen|place|apartment|hostel|car|bus|van|truck)(?:'s)? (?:is |has )?(?:on fire|caught fire|burning|in flames|up in flames)\b",
                                   r"still (?:inside|in there|upstairs|in (?:the|her|his|my|their) \w+)|trapped|cannot get (?:out|to (?:her|him|them))|stuck (?:inside|upstairs|in)")),
        # A reliever that is not working: "used my inhaler five times and I still can't get a breath".
        ("b_inhaler_failing", cooccur(r"\b(?:used|taken|took|had|using|tried) (?:my |his |her |the )?(?:blue )?inhaler\b|\binhaler (?:\S+ ){0,3}(?:times|puffs)\b",
                                      r"(?:still|now) (?:cannot|can not) (?:catch (?:my|his|her) breath|breathe|get (?:a|my|his|her) breath)"
                                      r"|lips (?:\S+ ){0,1}(?:tingly|tingling|blue|grey|gray)|struggling to breathe|(?:is not|not) (?:working|helping)")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # A drunk or drugged friend who cannot be roused: "he's face down and making this gurgling noise, should I let him sleep it off".
        ("b_unrousable", cooccur(r"\b(?:he|she|they) (?:is |are |keeps? |has been )?(?:making|makes|made) (?:\S+ ){0,3}(?:gurgling|gurgle|gurgly|rattling|rattly|choking) (?:noise|noises|sound|sounds)\b"
                                 r"|\b(?:gurgling|gurgle|rattling|rattly) (?:noise|sound)s? when (?:he|she|they) breathes?\b"
                                 r"|\b(?:hear|hearing|heard|can hear) (?:\S+ ){0,2}(?:gurgling|gurgle|rattling|choking) (?:noise|noises|sound|sounds)"
                                 r" (?:on (?:his|her|their) (?:mic|headset|end|line|phone)|from (?:him|her|them)|when (?:he|she|they) breathes?)\b",
                                 r"drunk|drinking|party|pills|passed out|face down|will not wake|cannot wake|let (?:him|her|them) sleep|sleep it off"
                                 r"|stopped (?:talking|answering|responding|moving)|not (?:answering|responding)")),
        ("b_unrousable", cooccur(r"\bface down\b", r"(?:will not|cannot|can not|is not|not) (?:wake|waking|moving|responding|rousing)")),
    ], negatable=False),
    # A pillow lifted towards someone's face, and a stop not promised: "I picked the pillow up and held it over her face. I stopped".
    _rules("harm_to_others", "indirect", [
        ("b_pillow_lifted", cooccur(r"\b(?:lifted|picked up|held|holding|raised) (?:a |the |her |his |my )?(?:pillow|cushion)\b(?: \S+){0,5} (?:towards|over|to|near) (?:her|his|their|mum's|mom's|dad's|nan's|the baby's) face\b",
                                    r"stopped|stop myself|screams|screaming|crying|will not stop|do not know if|next time|shut (?:her|him) up")),
        # ... or put or held over a face outright: "thinking about holding a pillow over his face while he sleeps".
        ("b_pillow_lifted", r"\b(?:put|putting|hold|holding|press|pressing|keep|keeping) (?:a |the |that |my )?pillow (?:over|on) (?:his|her|their|the baby's|the baby|my \w+'s) face\b"),
    ], negatable=False),
    # A violent parent or partner looking for the speaker, and last time's injury: "he's drunk and looking for me, last time I needed stitches".
    _rules("abuse_danger", "indirect", [
        ("b_hunted_again", cooccur(rf"\b(?:{AGENT}|he|she|they|dad|mum|mom) (?:is|are|has been|have been) (?:\S+ ){{0,1}}(?:looking for|coming for|searching for|coming after) me\b",
                                   r"last time (?:\S+ ){0,5}(?:hospital|a e|a and e|stitches|broke|broken|bruise\w*|black eye)|belt|knife|terrified")),
        # Who to blame if the speaker goes quiet: "if I stop answering, it was him".
        ("b_if_i_go_quiet", cooccur(r"\bif i (?:stop|stopped) (?:replying|answering|texting|messaging|responding)\b",
                                    r"it was (?:him|her|them|my \w+)|(?:he|she|they) did (?:it|something)|call the police")),
    ], negatable=False),
    # --- babies, young children and pregnancy: the red flags a parent is told to act on ---
    _rules("medical_emergency", "explicit", [
        # A fever in a baby under three months: "my six week old has a temperature of 39".
        ("b_infant_fever", cooccur(r"\b(?:temperature|temp|fever|thermometer)\b(?: \S+){0,4} (?:3[89]|4[01])\b|\b(?:high|a|running a|has a|got a) fever\b",
                                   r"\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:day|days|week|weeks) old\b"
                                   r"|\b(?:is|only|just|barely) (?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:day|days|week|weeks)\b|\bnewborn\b")),
        # A soft spot sunken, a rash that a glass does not fade, the cord seen, a baby not moving late in pregnancy.
        ("b_infant_red_flag", r"\b(?:soft spot|fontanelle)\b(?: \S+){0,3} (?:sunken|sinking|dipped|caved)\b"
                              r"|\b(?:see|feel|can see|can feel) the cord\b|\bcord (?:is )?(?:coming out|hanging out|out)\b"
                              # a newborn dry and too sleepy to feed: "hasn't had a wet nappy since yesterday and she's too sleepy to feed"
                              r"|\b(?:no|not had a|has not had a|had no) wet (?:nappy|nappies|diaper|diapers)\b(?=.*\b(?:sleepy|floppy|will not feed|not feeding|too sleepy|lethargic)\b)"),
        ("b_rash_glass", cooccur(r"\b(?:spots|rash|marks)\b(?: \S+){0,9} (?:not fading|do not fade|does not fade|did not fade|will not fade|still there)\b", r"glass|tumbler")),
        ("b_no_movement", cooccur(r"\b(?:baby|the baby|he|she)\b (?:has not|had not|did not|has stopped|stopped|not) (?:\S+ ){0,1}(?:moved|moving|kicked|kicking)\b",
                                  r"pregnan\w*|weeks|bump|month|months|since (?:last night|yesterday|this morning)|all day")),
        # A baby gone floppy or limp and not feeding: "she's gone floppy and won't take her bottle".
        ("b_floppy_baby", cooccur(r"\b(?:floppy|limp)\b",
                                  r"(?:not|will not|is not|does not) (?:feeding|feed|take|taking|waking|responding|crying)|barely (?:responding|awake|feeding)|half (?:open|closed)|like a rag doll")),
        # A head knock, then repeated vomiting or drowsiness: "banged his head an hour ago, been sick three times and keeps nodding off".
        ("b_head_knock_signs", cooccur(r"\b(?:banged|hit|bumped|knocked|cracked) (?:\S+ ){0,2}head\b|\bfell (?:\S+ ){0,4}(?:on|onto) (?:my|his|her|their) head\b",
                                       r"(?:sick|vomit\w*|threw up|throwing up) (?:\S+ ){0,2}(?:times|again)|keeps? (?:nodding off|falling asleep|dozing)|(?:very |really )?drowsy|will not wake|cannot wake|unusually sleepy"
                                       r"|(?:do not|does not) know where (?:i am|he is|she is)|cannot remember (?:where|what|how|anything)")),
        # A child with medicine or a battery and some missing: "the lid's off my iron tablets and some are missing".
        ("b_child_got_at", cooccur(r"\b(?:tablets|pills|button batter\w*|batter(?:y|ies)|bleach|dishwasher tablets?|liquitabs?)\b",
                                   r"(?:lid|cap|top) (?:is |was )?off|some (?:are|were) missing|(?:might|may|could) have swallowed|think (?:she|he) (?:has )?swallowed|in (?:her|his) mouth")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Voices about the baby: "I keep hearing that she's cursed and has to go back".
        ("b_voices_about_baby", cooccur(r"\b(?:hearing|hear|heard) (?:voices|a voice)\b|\bthe voices?\b",
                                        r"baby|evil|devil|cursed|not mine|has to go|give (?:her|him) back|(?:kill|hurt|drown|smother)")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Methods compared: "is it quicker with paracetamol or with the insulin?"
        ("b_method_compared", r"\b(?:quicker|faster|less painful|more painless|more certain|surer) (?:with|using|if i (?:use|take)) (?:the |my )?(?:\w+ )?(?:paracetamol|insulin|pills|tablets|rope|bleach|pills|gas|car)\b"),
        # Not here by a named morning, and relief: "I don't think I'll be here when she wakes up, and that feels like a relief".
        ("b_not_here_by", cooccur(r"\bi (?:do not think i will|will not|am not going to) be (?:here|around|alive) (?:when|by|for|in the morning|tomorrow)\b",
                                  r"relief|better off|goodbye|sorry|love (?:her|him|them|you)|tell (?:her|him|them)|peace")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Watched while speaking: "he's standing right behind me, so I'll just say everything's fine".
        ("b_watched_speaking", cooccur(r"\b(?:he|she|they|my \w+) (?:is|are) (?:standing|sitting|right) (?:right |just )?(?:behind|next to|beside|over) me\b",
                                       r"(?:so )?i (?:will|will just|have to|must|can only) (?:say|tell|pretend)|cannot (?:talk|say|speak)|everything is fine|listening|will know what i said")),
        # Marks on a child explained away: "nursery asked about the marks on her arms and I said she fell".
        ("b_marks_explained", cooccur(r"\b(?:marks|bruises|burns|bruising) on (?:my |her |his |their |the )?(?:\S+ ){0,3}(?:arms?|legs?|back|face|neck|bottom)\b",
                                      r"i (?:said|told them|told her|told him) (?:that )?(?:she|he|they|i) fell|it is (?:her|his|their) (?:dad|mum|mom|father|mother|stepdad|stepmum)|(?:he|she) does it when")),
    ], negatable=False),
    # Someone beaten as the speaker speaks: "my brother-in-law is hitting my sister
    # right now, I can hear her screaming". Not children squabbling ("my son is hitting my daughter").
    _rules("abuse_danger", "explicit", [
        ("b_family_beaten_now", cooccur(
            rf"(?!(?:my|our) (?:\w+ )?(?:son|daughter|kids?|children|child|toddler|baby|boy|girl|twins?)\b){AGENT} (?:\S+ ){{0,3}}(?:is|are) (?:\S+ )?{BEATING_NOW} "
            r"(?:(?:my|our) (?:\w+ )?(?:wife|husband|partner|kids?|child|children|son|daughter|baby|mum|mom|mother|dad|father|brother|sister"
            r"|nan|gran|grandma|grandad|aunt|auntie|uncle|cousin|niece|nephew|friend|flatmate|roommate)|her|him|them)\b" + _PLAY + _NOT_A_GAME,
            r"right now|now|as we speak|at the moment|i can hear|screaming|crying|next door|downstairs|upstairs")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Lying down on the railway: "I'm going to lie down on the train tracks tonight".
        ("b_lie_on_tracks", rf"\b(?:{INTENT_BROAD}) (?:\S+ ){{0,2}}(?:lie|lay|sit|stand|wait) (?:down )?(?:on|across|in front of) "
                            r"(?:the )?(?:(?:train |railway |rail )?(?:tracks|rails)|(?:railway|train) (?:track|line))\b"),
    ], negatable=False),
    # Poison meant for what someone eats or drinks: "I'm going to poison the tea at the landlord's house".
    _rules("harm_to_others", "explicit", [
        ("b_poison_meal_intent", rf"\b(?:{INTENT_BROAD}) (?:\S+ ){{0,1}}(?:poison|poisoning) (?:the|his|her|their|my \w+(?:'s)?) (?:\S+ ){{0,3}}{MEAL}\b"),
    ], negatable=False),
    # How much of a poison or medicine for a grown person: "how much rat poison would it take for a grown man?"
    _rules("harm_to_others", "indirect", [
        ("b_dose_for_a_person", r"\bhow (?:much|many) (?:\S+ ){0,3}(?:poison|rat poison|antifreeze|bleach|pesticide|weed killer|pills|tablets|sleeping pills|insulin)\b "
                                r"(?:\S+ ){0,3}(?:would it take|does it take|would kill|to kill|is enough|is fatal|is lethal)\b(?: \S+){0,3} "
                                r"(?:a|an|the) (?:grown |full grown |average |big )?(?:man|woman|person|adult|guy|human)\b" + _NOT_ABOUT_OTHERS_OR_STUDY),
    ], negatable=False),
    # A low blood sugar reading with its signs: "dad's sugar is 38 and he's sweating and not making sense".
    _rules("medical_emergency", "explicit", [
        ("b_low_sugar_signs", cooccur(r"\b(?:sugar|glucose|bsr|bm|reading)\b(?: \S+){0,3} (?:[1-4]\d|5[0-4])\b(?! (?:\S+ )?(?:years?|kg|kilos?|mins?|minutes?|hours?|percent|pounds?|lbs?))",
                                      r"sweat\w*|confused|not making sense|slurr\w*|shaking|drowsy|will not wake|cannot wake|passing out|passed out|fainted"
                                      r"|unresponsive|fitting|talking nonsense|weird|strange")),
        # A diabetic gone shaky and confused, in either order: "he's diabetic and he's gone shaky and confused".
        ("b_diabetic_confused", r"^(?=.*\b(?:diabetic|diabetes|insulin)\b)(?=.*\b(?:shaky|shaking|sweaty|sweating|clammy|pale|skipped|missed (?:a |his |her )?meal|suddenly)\b)"
                                r".*?\b(?P<obj>confused|not making sense|talking nonsense|slurring)\b"),
        # Heavy bleeding in pregnancy: "she's seven months pregnant and bleeding heavily".
        ("b_pregnancy_bleeding", cooccur(r"\bpregnant\b",
                                         r"bleeding (?:heavily|a lot|loads|badly)|heavy bleeding|(?:soaked|soaking|full of|covered in) (?:\S+ ){0,1}blood|blood everywhere|clots|gushing")),
    ], negatable=False),
    # Driving to someone with a weapon, in anger: "I'm so angry at the doctor ... I'm driving to the clinic with a knife in the glovebox".
    _rules("harm_to_others", "explicit", [
        ("b_weapon_on_the_way", cooccur(rf"\bi am (?:driving|going|heading|walking|on my way|off) (?:\S+ ){{0,3}}(?:to|over to|round to|back to) (?:\S+ ){{0,6}}"
                                        rf"(?:with|and i have|i have got|i have) (?:a |my |the |his |her |dad's )?(?:\S+ )?{WEAPON}\b{_NOT_A_TOOL}"
                                        r"(?!.*\b(?:hunt\w*|deer|season|club|fishing|camping|target practice)\b)",
                                        r"angry|furious|rage|revenge|pay|kill\w*|die|died|dead|finish (?:him|her|them|this)|teach (?:him|her|them)|end (?:this|it)")),
        # Afraid of what one is about to do to them: "I'm scared I'll do something terrible to him".
        ("b_fear_doing_harm", r"\bi am (?:scared|afraid|terrified|worried|frightened) (?:that )?i (?:will|am going to|might) (?:do something|really do something) (?:terrible|awful|bad|horrible|stupid) to (?:him|her|them|my \w+)\b"),
    ], negatable=False),
    # How much, to make someone sleep for good: "how many of her sleeping tablets would make my mother-in-law sleep permanently?"
    _rules("harm_to_others", "indirect", [
        ("b_dose_never_wake_other", rf"\bhow (?:much|many) (?:\S+ ){{0,7}}(?:{TOXIC}|insulin|morphine|painkillers|paracetamol)\b(?: \S+){{0,5}} (?:make|get|for) (?:him|her|them|my \w+(?:[- ]in[- ]law)?|(?:my|her|his) (?:\w+ )?(?:husband|wife|mother|father|mum|dad))\b(?: \S+){{0,2}} "
                                    r"(?:sleep (?:permanently|forever|for good)|never wake up|not wake up)\b" + _NOT_ABOUT_OTHERS_OR_STUDY),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Somewhere high wanted, for no view: "I just need somewhere high and quiet after visiting hours finish".
        ("b_somewhere_high", r"\bi (?:\S+ ){0,2}(?:need|want|am looking for) (?:\S+ ){0,1}somewhere (?:really )?(?:high|tall)\b"
                             r"(?!.*\b(?:photo\w*|pictures?|view|sunset|sunrise|signal|wifi|reception|drone|kite|telescope|stars|fireworks|camera)\b)"),
        # The door not to be broken, the key left out: "you won't need to break the door, the spare key is under the mat".
        ("b_door_key_left", cooccur(r"\b(?:do not|no need to|will not (?:have|need) to|not (?:have|need) to) (?:\S+ ){0,2}(?:break|kick|force|smash) (?:down |in )?(?:the |my )?(?:front |bedroom |bathroom )?door\b",
                                    r"key|spare key|keys")),
        # The last talk, at peace: "this'll be the last time I talk to you, I've made my peace with it".
        ("b_last_talk", cooccur(r"\b(?:this will be|this'll be|this is going to be|this is) (?:probably |likely )?the last time (?:i|we) (?:will )?(?:talk|speak|chat|write)(?: to you)?\b(?! (?:about|before|until|for a while|for a bit|today|tonight|this week|on this))",
                                r"peace|goodbye|kind|kinder|sorry|ready|decided|made up my mind|thanks|thank you|better company")),
    ], negatable=False),
    # Locked in by a carer, means kept away: "the carer keeps my door locked and my tablets in her pocket";
    # care withheld to punish: "every time I mention leaving, he unplugs my oxygen concentrator".
    _rules("abuse_danger", "indirect", [
        ("b_kept_locked", cooccur(r"\b(?:keeps|kept|has kept) (?:my|the) (?:bedroom |room )?door locked\b|\bkeeps? me locked (?:in|up)\b",
                                  r"tablets|pills|medicine|medication|phone|food|water|napped|asleep|sleeping|cannot get out|write|wrote|secret")),
        ("b_care_withheld", cooccur(r"\b(?:he|she|they|my \w+) (?:keeps )?(?:unplugs?|unplugged|unplugging|switch(?:es|ed)? off|turns? off|turned off|takes? away|took away|hides?|hid) (?:my|the) (?:oxygen|concentrator|ventilator|cpap|inhaler|wheelchair|walker|hearing aid|insulin)\b",
                                    r"reminder|every time|when i|if i|punish\w*|leave|leaving|tell anyone|scared|afraid|threat\w*|lesson")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Blue lips in someone gone quiet: "Dad's gone really quiet and his lips look a bit blue".
        ("b_lips_blue", cooccur(r"\blips (?:\S+ ){0,3}(?:blue|bluish|purple|grey|gray)\b(?!.*\b(?:cold|pool|swim\w*|lipstick|sweets?|slush\w*|lolly|ice|blueberr\w*|paint|crayons?|costume|makeup|make up|freezing|sea|lake)\b)",
                                r"quiet|drowsy|sleepy|nap|not (?:answering|responding|talking)|breath\w*|floppy|limp|will not wake|cannot wake|confused|chest|collapsed|gasping"
                                r"|snor\w*|gurgl\w*|sleep it off|leave (?:him|her|them)")),
        # A child into someone's tablets, with signs: "my toddler got into Nan's tablets ... he seems sleepy and floppy".
        ("b_child_took_pills", cooccur(r"\b(?:toddler|baby|little one|son|daughter|kid|child|boy|girl|grandson|granddaughter|nephew|niece)\b(?: \S+){0,3} (?:got into|has got into|swallowed|has swallowed|ate|has eaten|chewed)"
                                       r" (?:\S+ ){0,4}(?:tablets|pills|medicine|medication|capsules|gummies)\b",
                                       r"sleepy|floppy|drowsy|will not wake|cannot wake|limp|unresponsive|vomit\w*|being sick|breathing (?:funny|strange|slowly|weird)|how many are missing|do not know how many")),
    ], negatable=False),
    # Somewhere dangerous, and going straight there: "the railway bridge ... I'll go straight there after dialysis".
    _rules("self_harm", "indirect", [
        ("b_place_straight_there", cooccur(r"^(?!.*\b(?:restaurant|cafe|pub|bar|shop|food|eat|lunch|dinner|match|game|club|party|gig|friends?)\b).*?\b(?:bridge|railway|train tracks?|level crossing|canal|river|cliff|multi-storey|rooftop)\b",
                                           r"(?:go|going|head|heading|drive|driving|walk|walking) (?:straight )?there (?:after|when|once|tonight)|checked (?:the )?(?:\w+ )?train times?|know when the (?:last |next )?train")),
    ], negatable=False),
    # A drowning asked about by the water: "how long does it take to drown if you can't swim. I'm down by the canal anyway".
    _rules("self_harm", "indirect", [
        ("b_drown_question", cooccur(r"\bhow (?:long|quick|quickly|fast) (?:does it take|would it take|will it take|to) (?:to )?drown\b|\bdoes (?:it|drowning) hurt\b|\bhurt to drown\b",
                                     r"canal|river|bridge|sea|lake|beach|pier|dock|anyway|tonight|here|now")),
        # The highest drop nearby: "what's the highest bridge within walking distance? I just want to know how high it is".
        ("b_highest_nearby", cooccur(r"\b(?:highest|tallest) (?:bridge|building|car park|multi-storey|cliff|tower)\b(?: \S+){0,4} (?:walking distance|near \w+|nearby|close to|round here|around here|within)\b",
                                     r"how high|how far down|the drop|how tall|just want to know|just wondering|walk out onto|on foot|tired of")),
    ], negatable=False),
    # An "accident" planned for someone: "my stepdad's going to have a very bad accident on his next fishing trip ... nobody would question it".
    _rules("harm_to_others", "indirect", [
        ("b_accident_planned", cooccur(r"\b(?:is|are|will) (?:going to )?(?:have|meet with) (?:a |an )?(?:very |really )?(?:bad |nasty |terrible |tragic |fatal |little )?accident\b",
                                       r"nobody would (?:question|suspect|know|notice)|no one would (?:question|suspect|know|notice)|look like an accident|anyway|make sure")),
        # Broken knees promised, the target's routine known: "let's see how well he bats with two broken knees".
        ("b_broken_knees", cooccur(r"\bwith (?:two |both |a )?broken (?:knees|legs|arms|kneecaps|hands)\b",
                                   r"let us see|lets see|see how|nobody around|alone|bat|rod|know where|every morning|every night")),
    ], negatable=False),
    # Hands round the throat, however it was framed: "he put his hand round my neck, 'as a joke'".
    _rules("abuse_danger", "explicit", [
        # A blade or a gun held to the speaker now: "he's holding a knife to my throat while I type this".
        ("b_weapon_held_to_me", r"\b(?:he|she|they|someone|somebody|(?:a|the|my|some|two|three) \w+) (?:is |are |has |had |was )?(?:holding|held|pressing|pressed|putting|put|got|pointing) "
                                r"(?:a |the |his |her |their )?(?:knife|blade|gun|pistol|razor|broken bottle|machete) (?:to|against|at) my (?:throat|neck|head|chest|face)\b"
                                # ... or a cry for help at someone armed: "help he's got a knife"
                                r"|\bhelp (?:me )?(?:please )?(?:he|she|they)(?:'s| has| is| have)? got (?:a |the |his |her )?(?:knife|gun|pistol|machete|axe|blade)\b"),
        ("b_hands_round_neck", r"\b(?:he|she|they|my \w+) (?:put|puts|had|has|wrapped|wraps|pressed|squeezed) (?:his|her|their|both) hands? (?:round|around|on) my (?:neck|throat)\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Followed, day after day: "same white van outside my flat every night this week and today it followed me to work".
        ("b_followed_again", cooccur(r"^(?!.*\b(?:dog|cat|puppy|kitten|duck|goose|pigeon|kid|toddler)\b).*?\b(?:followed|following|follows) me (?:to|home|from|back|all the way)\b",
                                     r"every (?:night|day|morning|evening)|outside my (?:flat|house|home|door|work|office)|same (?:car|van|man|guy|person|bloke)|this week|again")),
        # Water rising, stranded: "the water's still rising, we're on the roof with the kids".
        ("b_flood_stranded", cooccur(r"\bwater (?:is |has )?(?:still )?(?:rising|coming in|up to)\b", r"roof|trapped|stuck|kids|children|battery|boat|help|upstairs|attic")),
        # Trapped above a fire: "stuck on the top floor, the fire's on the floor below us and smoke is coming under the door".
        ("b_trapped_above_fire", cooccur(r"\b(?:stuck|trapped|cannot get out|can not get out)\b", r"smoke (?:is )?(?:coming|pouring|everywhere|under)|(?:fire|fire's|flames) (?:is )?(?:on|below|downstairs|in the|under)|stairwell")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Pulled out of the water, then the signs: "fell in the pond and we pulled him out ... gone really pale and floppy".
        ("b_pulled_from_water", cooccur(r"\b(?:pulled|dragged|got|fished) (?:\S+ ){1,2}out (?:of )?(?:the )?(?:water|pond|pool|river|canal|lake|sea)\b|\b(?:pulled|dragged|fished) (?:him|her|them) out\b|\bfell in(?:to)? the (?:pond|pool|river|canal|lake|sea|water)\b",
                                        r"floppy|limp|pale|blue|not breathing|unconscious|will not wake|drowsy|vomit\w*|confused|breathing (?:funny|strange|fast|hard)")),
        # Sweating stopped in the heat: "out in the sun for hours, I've stopped sweating, head's pounding".
        ("b_heatstroke", cooccur(r"\b(?:stopped sweating|not sweating any ?more|skin (?:is )?(?:hot and dry|dry and hot))\b", r"sun|heat|hot|hours|rally|field|dizzy|spinning|confused|pounding|headache|faint\w*")),
    ], negatable=False),
    # A spirit beaten, burnt or starved out of someone: "the pir sahib's men are beating me with sticks to get the jinn out".
    _rules("abuse_danger", "explicit", [
        ("b_spirit_beaten_out", cooccur(rf"\b(?:{SPIRIT_HEALING})\b",
                                        r"lashes|beating|beat (?:her|him|me|them)|with sticks|burn(?:ing|t|ed)? (?:her|him|me)|hot (?:iron|tongs|rod|spoon)|branded|starv\w*|chain(?:s|ed)?|holding (?:me|her|him) down|stopped crying|smoke|choking|padlock\w*|locked (?:her|him|me) (?:in|up)")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A healer's drink, then the signs: "the healer gave my son a drink for the jinn and now he's vomiting blood".
        ("b_healer_drink_signs", cooccur(rf"\b(?:{SPIRIT_HEALING}|taveez|tawiz|taweez|holy water|dum water)\b",
                                         r"vomit\w*|(?:can not|cannot) stay awake|breathing (?:really )?(?:fast|hard|funny|strange)|unconscious|fitting|seizure|blood|kerosene|poison\w*")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A gun, and honour: "he's cleaning his gun on the roof, says I've shamed the family".
        ("b_honour_gun", cooccur(r"\b(?:gun|rifle|pistol|shotgun)\b", r"honour|honor|shamed|dishonou?red|izzat|ghairat|stay out of his sight|hide")),
        # A debt collector who knows the child's school: "they know which school my son goes to and what time he finishes".
        ("b_threat_knows_school", cooccur(r"\bknow (?:which|what|where) (?:school|nursery|college) (?:my|our) (?:son|daughter|kids?|children|child|boy|girl) (?:goes|go|attends|is at)\b",
                                          r"debt|owe|money|calls?|threat\w*|or else|finishes|pick\w* (?:him|her|them) up")),
        # "Come and get me", said in secret: "texted me 'don't let him know I told you, come get me' and now nothing".
        ("b_come_get_me_secret", cooccur(r"\bcome (?:and )?get me\b", r"do not let (?:him|her|them) know|do not tell (?:him|her|them)|now nothing|not answering|he took my phone|hurry")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # The last bet, one way or another: "don't worry, this is my last bet ever, one way or another".
        ("b_last_bet", cooccur(r"\b(?:my|the) last (?:bet|game|spin|hand|punt) (?:ever|of my life)\b", r"one way or another|either way|if i lose|no more|goodbye|end it")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Jerking then floppy: "he was jerking on the floor for two minutes ... now he's gone all floppy".
        ("b_fit_then_floppy", cooccur(r"\b(?:jerking|shaking|fitting|convulsing|seizure|seizing|fit)\b", r"gone (?:all )?(?:floppy|limp)|(?:floppy|limp) now|will not wake|cannot wake|not waking")),
    ], negatable=False),
    # Stepping off at a height: "standing right at the edge, and I'm going to step off".
    _rules("self_harm", "explicit", [
        ("b_step_off", cooccur(rf"\b(?:{INTENT_BROAD}) (?:just )?step off\b", r"edge|ledge|scaffold\w*|roof|floor|bridge|height|storey")),
    ], negatable=False),
    # Hurt with a thing, as a habit or now: "the madam burns me with the iron when I make mistakes".
    _rules("abuse_danger", "explicit", [
        ("b_hurt_with_a_thing", r"\b(?:he|she|they|(?:the|my|our) \w+) (?:\S+ ){0,2}(?:burns?|burned|burnt|beats?|beat|hits?|whips?|brands?|branded) me with (?:a |an |the |his |her |their |hot |a hot )?(?:\w+ )?(?:iron|stick|belt|rod|cane|wire|cigarettes?|spoon|tongs|pipe|hose|chain|shoe|slipper)\b"),
        ("b_kin_beaten_with", cooccur(r"\bbeat (?:my|our) (?:\w+ )?(?:father|mother|brother|sister|dad|mum|mom|son|daughter|husband|wife) with a (?:stick|rod|belt|pipe|chain|cane)\b",
                                      r"today|again|if we|leave|break|kill|every day")),
        # Choked until the speaker nearly passed out: "he pinned me against the wall and choked me".
        ("b_choked_me", r"\b(?:he|she|they|(?:the|my) \w+) (?:\S+ ){0,6}(?:choked|strangled|throttled) me\b(?! up\b| with (?:laughter|tears|smoke|emotion)\b)"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Medicine or aids kept as a lever: "he keeps the box locked in his car ... in agony since Tuesday", "hides my tablets so I'll have another one".
        ("b_means_kept_as_lever", cooccur(r"\b(?:keeps|kept|locks|locked|hides|hid|takes|took|withholds|withheld) (?:my|the) (?:\w+ )?(?:painkillers|medication|medicine|meds|tablets|pills|insulin|inhaler|box|charger|stairlift|wheelchair|crutches|hearing aid)\b",
                                          r"agony|allowed|only if|unless|so i will|so i have|have another|when i|laugh\w*|films? it|punish\w*")),
        # Access traded for "being nice": "I can only use the stairlift if I'm nice to him ... the way he means".
        ("b_nice_the_way_he_means", cooccur(r"\bnice to (?:him|her)\b", r"the way (?:he|she) means|you know what i mean|in that way|touch\w*")),
        # "If I stop replying, she found this": watched while writing.
        ("b_if_i_stop_replying", cooccur(r"\bif i stop (?:replying|answering|messaging|texting|typing)\b", r"found this|finds this|found out|taken the|took my|catches me|sees this")),
        # A threat by the river: "the sahib smiled and said people go missing in the river all the time".
        ("b_people_go_missing", cooccur(r"\bpeople go missing\b|\baccidents happen\b", r"salary|wages|pay|asked|tell anyone|police|complain\w*|smiled")),
        # The door jammed at night, someone else holding a key.
        ("b_door_jammed_key", cooccur(r"\b(?:jammed|wedged|pushed) (?:\S+ ){0,2}against the door\b", r"has (?:got )?a key|got a key|key though|at night")),
        # Not allowed to call home until a debt is worked off.
        ("b_worked_off_fee", cooccur(r"\b(?:worked off|paid off|pay off|work off) (?:the |my )?(?:agency )?(?:fee|debt|loan|advance)\b", r"call my (?:mother|mum|mom|family|father)|passport|not allowed|cannot leave|go home")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Starving to the end: "nine days on just water ... I'll stop when there's nothing left to stop".
        ("b_starving_to_the_end", cooccur(r"\b(?:\w+|\d+) (?:days|weeks) (?:on (?:just|only) (?:water|black coffee)|without (?:eating|food)|of not eating)\b|\bhave not eaten (?:in|for) (?:\w+|\d+) (?:days|weeks)\b",
                                          r"nothing left|disappear|it is working|do not care if|stop when|deserve|getting rid of|not planning (?:to|on) (?:start|eat)\w*|no point (?:feeding|eating)")),
        # Pills kept in number: "sixty sleeping tablets in a shoebox under the bed now".
        ("b_pills_stashed", r"\b(?:\d+|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred) (?:\w+ )?(?:tablets|pills|capsules)\b(?: \S+){0,3} (?:in a (?:shoebox|box|drawer|bag|tin|sock)|under (?:the|my) bed|hidden|stashed)\b"),
        # Insulin stopped so it looks like an accident; the pet provided for before anyone finds out.
        ("b_insulin_stopped", cooccur(r"\bstop(?:ped|s)? (?:taking )?(?:their|my|his|her) (?:insulin|blood thinners|heart (?:meds|medication|tablets|pills)|dialysis)\b",
                                      r"accident|quietly|nobody would|no one would|nobody could blame|no one could blame|(?:that is|that would be|it is|it would be) natural|see how long|how long")),
        ("b_pet_when_found", cooccur(r"\bif (?:its|their|the|his|her) owner dies\b", r"nobody finds out|no one finds out|for a few days|planning ahead|before anyone")),
        # How deep, so as not to come back up.
        ("b_depth_no_return", r"\bhow deep (?:\S+ ){0,12}(?:would not|will not|does not|not) come back up\b|\bdeep enough (?:that|for) (?:a person|someone|you) (?:would not|will not|does not|to not) (?:come back|survive)\b"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        ("b_never_bothers_me_again", cooccur(r"\bmake sure (?:she|he|they) never (?:wakes?|bothers?|talks? to|speaks? to|hurts?) me again\b", r"calm|worked out|planned|not angry|figured out")),
        # A car to be checked "before he drives home": sabotage hinted.
        ("b_check_under_car", r"\bshould (?:really )?check under (?:his|her|their) car\b|\bcheck (?:his|her|their) brakes before\b"),
        # Fire near someone, fuel ready: "going to learn what it feels like when the fire gets too close. The kerosene's ready".
        ("b_fuel_ready", cooccur(r"\b(?:kerosene|petrol|diesel|lighter fluid|matches)(?:'s| is| are)? (?:ready|in my pocket|bought|poured)\b", r"learn|feel|pay|inside|locked|owner|him|her|them")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Crushing weight on the chest, sweaty and sick: "feels like an elephant's sitting on me ... sweaty and sick too".
        ("b_chest_crushing", cooccur(r"\b(?:elephant|weight|ton of bricks|someone|something heavy)(?:'s| is)? (?:sitting|standing|pressing) on (?:me|my chest)\b|\bcrushing (?:pain|feeling) in my chest\b",
                                     r"sweat\w*|sick|nause\w*|arm|jaw|breath\w*|clammy|dizzy")),
        # Swelling with a thick tongue after a new tablet.
        ("b_swelling_thick_tongue", cooccur(rf"\b(?:lips?|tongue|face|mouth)\b(?: \S+){{0,1}} (?:is |are )?{SWELLING}",
                                            r"tongue (?:feels )?(?:thick|swollen|big)|talking(?:'s| is)? getting hard|hard to (?:talk|swallow|breathe)")),
        # Early pregnancy, one-sided pain, shoulder tip, faint.
        ("b_ectopic_signs", cooccur(r"\bpregnant\b|\bweeks (?:pregnant|along)\b|\bonly (?:about )?\w+ weeks\b", r"shoulder tip|faint\w*|one side")),
        # Down a well or tank and gone silent: "went down the well ... a weird smell ... stopped shouting back".
        ("b_down_a_well_silent", cooccur(r"\b(?:went|gone|climbed) (?:down|into) (?:the |a )?(?:well|tank|sewer|manhole|septic tank|pit)\b", r"stopped (?:shouting|answering|talking|responding)|not answering|smell|gas|no reply")),
        # A fall, then vomiting, drowsy, forgetting.
        ("b_fall_then_signs", cooccur(r"\b(?:fell|fallen|gira|girna) (?:off|from|down)\b", r"vomit\w* again|keeps? vomiting|drowsy|forgetting his name|forgetting her name|not making sense|confused")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # A weapon meant for oneself: "I'm sitting in the truck with the shotgun and I mean to use it on myself".
        ("b_use_on_myself", r"\b(?:mean|going|plan|planning|want|intend|about|ready) to use (?:it|them|that|this|the (?:\w+ )?(?:gun|shotgun|rifle|pistol|knife|rope|blade|pills|tablets)) on myself\b"),
        # The medicine cabinet taken whole: "tonight's the night I take everything in the medicine cabinet".
        ("b_whole_cabinet", r"\b(?:take|taking|swallow|swallowing|down|neck) (?:everything|all of it|the lot|every (?:pill|tablet)|all the (?:pills|tablets|meds)) (?:in|from) (?:the |my |our )?"
                            r"(?:medicine (?:cabinet|cupboard|box|drawer)|bathroom cabinet|first aid (?:kit|box))\b"),
    ]),
    _rules("self_harm", "explicit", [
        # A car running in a shut garage: "i've got the car running in the closed garage".
        ("b_car_running_shut_garage", cooccur(r"\b(?:car|engine|motor)\b(?: \S+){0,6} (?:running|on)\b|\brunning (?:the )?(?:car|engine)\b",
                                              r"(?:closed|shut|locked) garage|garage (?:door )?(?:is )?(?:closed|shut|locked)|(?:in|inside) the garage (?:\S+ ){0,6}door (?:is )?(?:shut|closed)")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A death threat for telling: "my brother says if i tell our parents what he does at night he'll end me".
        ("b_threat_if_told", r"\b(?:says|said|told me|swore|warned|threatened)(?: that)? if i (?:tell|told|say|said|report|go to|speak)\b(?: \S+){0,10} (?:he|she|they) (?:will|would|is going to|are going to) (?:end|finish|kill|hurt|beat|destroy) me\b"),
        # ... or someone in their care goes hungry: "if I mention the 'accidents' to the nurse again, Dad won't get fed".
        ("b_threat_if_told", cooccur(r"\bif i (?:mention|tell|say|report|show)\b", r"(?:will not|would not|does not|do not) (?:get fed|get food|be fed)")),
        # Beaten, told as done to the speaker: "they've beaten me twice today", "we get beaten if we complain".
        ("b_has_beaten_me", rf"\b(?:(?:he|she|they|husband|wife|father|dad|mother|mum|mom|brother|family|in laws|boss|manager)(?: \S+){{0,1}} (?:has|have|had)|they've|he's|she's) (?:\S+ )?(?:beaten|hit|slapped|strangled|choked|burned|burnt|kicked|punched) (?:me|us)\b{_NOT_A_GAME}(?! (?:\S+ ){{0,2}}(?:at|in|to|by|with (?:a |the )?(?:ball|pillow|cushion|snowball))\b)"),
        ("b_beaten_if", r"\b(?:we|i)(?: \S+){0,5} (?:get|gets|got|getting) (?:beaten|hit|slapped|whipped|burned|burnt) (?:if|when|whenever|every time|for (?:asking|complaining|talking|speaking))\b"),
    ]),
    _rules("abuse_danger", "indirect", [
        # Papers taken to hold someone: "the manager keeps all our passports", "keeping my passport ... flight's Thursday and I'm 16".
        ("b_passport_held", cooccur(r"\b(?:keeps?|keeping|kept|took|taken|takes|holds?|holding|confiscated|hid|hidden|locked up) (?:all )?(?:my|our) passports?\b",
                                    r"beat\w*|married|marry|will not (?:let|give)|(?:cannot|can not) leave|locked|help me|against my will|i am 1[0-7]|(?:1[2-9]|2\d) hour|not paid|no pay|unpaid")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # A death staged: "how do you make a gas leak look like an accident"; not a film's stunt, nor one's own death.
        ("b_staged_accident", r"^(?!.*\b(?:film|movie|novel|story|book|script|plot|episode|scene|stunt|game|drama|writing|my death|myself|insurance)\b).*?"
                              r"\b(?:make|making|made) (?:it|this|that|\S+(?: \S+){0,4}) look like (?:an |a )?(?:accident|natural causes|suicide)\b"
                              r"|\bhow (?:would|could|do|does|will) (?:\S+ ){0,2}(?:know|tell|prove) (?:it|that) (?:was not|was|is not) (?:an )?accident\b"),
        # Antifreeze or poison asked about in someone's drink: "how long does antifreeze take to work if you put it in someone's tea".
        ("b_poison_in_their_drink", cooccur(rf"\b(?:{TOXIC})\b(?: \S+){{0,8}} (?:in|into) (?:someone's|somebody's|his|her|their|my \w+'s|a|the) (?:\S+ ){{0,1}}{MEAL}\b",
                                            r"how long|take to work|would anyone|nobody would|notice|asking about my|asking for my|taste")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Fumes indoors and people limp or vomiting.
        ("b_fumes_indoors", cooccur(r"\b(?:generator|gas heater|heater|charcoal|barbecue|bbq|brazier)\b(?: \S+){0,6} (?:in|inside) (?:the |a |our |my )?(?:garage|room|bedroom|tent|caravan)\b",
                                    r"limp|unconscious|passed out|will not wake|not waking|(?:cannot|can not) wake|collapsed|vomiting|throwing up")),
        # Suddenly knowing nobody, after a headache or a fall.
        ("b_knows_nobody_now", cooccur(r"\b(?:does not|is not|cannot|can not|did not) recogni[sz](?:e|ing) (?:anyone|anybody|me|us)\b",
                                       r"suddenly|all of a sudden|headache|vomit\w*|threw up|just now|right now|since (?:the|he|she) (?:fell|fall|hit)")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Pills laid out, waiting for the dark: "the pills are all lined up on my desk, just waiting til it gets dark".
        ("b_pills_laid_out", cooccur(r"\b(?:pills|tablets|meds|capsules)\b (?:are )?(?:all )?(?:lined up|counted out|laid out|in a row|in rows)\b",
                                     r"waiting|tonight|(?:till|until|til) (?:it (?:gets|is) )?dark|when (?:everyone|they|mum|dad|he|she) (?:is|are|goes|go)")),
        # Painkillers bought in bulk from different tills.
        ("b_bulk_painkillers", cooccur(r"\b(?:paracetamol|painkillers|sleeping pills|co codamol|codeine|ibuprofen|aspirin)\b",
                                       r"different (?:tills|shops|pharmacies|chemists|branches)|notice if (?:you|i) (?:buy|keep buying)")),
        # Medicine stopped to die sooner: "stopped my heart tablets so I go quicker".
        ("b_medicine_stopped_to_die", cooccur(r"\b(?:stopped|stop|quit|binned|flushed|thrown away|threw away|stopped taking) (?:taking )?(?:my|the|all my) (?:\w+ ){0,2}(?:tablets|pills|meds|medication|medicine|insulin)\b",
                                              r"so (?:that )?i (?:can )?(?:die|go|will die)|sooner|quicker|get it over|let (?:it|nature|god) take")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A death threat with the threatener waiting: "said he'll kill me when my shift ends, he's waiting in the car park".
        ("b_threat_waiting", cooccur(r"\b(?:said|says|told me|texted|swore|shouted) (?:that )?(?:he|she|they) (?:will|is going to|are going to) (?:kill|stab|shoot|hurt|beat) me\b",
                                     r"waiting|outside|car park|parked|when (?:my|the) \w+ (?:ends|finishes)|on (?:his|her|their) way|coming (?:for|to get) me")),
        # Hit again, told as done today: "the home help slapped me again today".
        ("b_hit_again_today", r"\b(?:slapped|hit|kicked|punched|beat|pushed|shoved|pinched|grabbed) me again (?:today|tonight|this morning|last night|just now)\b"),
    ]),
    _rules("abuse_danger", "indirect", [
        # Told not to tell about the marks: "she says I'm not to talk to anyone about the bruises".
        ("b_marks_kept_secret", r"\bnot to (?:tell|talk to|say to|show) (?:anyone|anybody|the (?:doctor|nurse|police|teacher|school))\b(?: \S+){0,3} (?:bruises?|marks?|burns?|cuts?|black eye)\b"),
        ("b_rough_with_me", r"^(?!.*\b(?:rugby|football|wrestling|training|game|match|sparring)\b).*?\b(?:gets|got|getting|is|was) (?:very |really |quite )?rough with me\b"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # Beaten until still: "I'm going to batter him with the cricket bat till he stops moving".
        ("b_until_still", cooccur(r"\b(?:till|until) (?:he|she|they) (?:stops|stop) (?:moving|breathing)\b", r"batter|beat|hit|kick|stab|strangle|choke|smash|hold (?:him|her)|bat")),
        # A baby shaken until quiet.
    ]),
    _rules("harm_to_others", "explicit", [
        # (not negatable: "she won't stop crying and I want to shake her until she stops")
        ("b_shake_baby", r"\b(?:shake|shaking) (?:him|her|the baby|my baby|my (?:little |baby )?(?:brother|sister|son|daughter)) (?:until|till|so hard)\b(?! (?:\S+ ){0,2}(?:wakes|wake up|responds|comes round))"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Fuel at someone's door: "outside her house with a bottle of petrol".
        ("b_fuel_at_their_door", cooccur(r"\b(?:petrol|gasoline|kerosene|lighter fluid)\b", r"outside (?:his|her|their) (?:house|flat|door|place|window)")),
        # Whether a poison shows in a post mortem.
        ("b_poison_post_mortem", cooccur(r"\b(?:show up|be found|be detected|detectable|come up)\b(?: \S+){0,3} (?:post mortem|postmortem|autopsy|toxicology)\b"
                                         r"|\b(?:post mortem|postmortem|autopsy|toxicology)\b (?:\S+ ){0,1}(?:pick|picks|detect|detects|find|finds) up\b|\b(?:post mortem|postmortem|autopsy|toxicology)\b (?:\S+ ){0,1}(?:detect|find)\b",
                                         rf"\b(?:{TOXIC})\b|insulin|potassium|old person|someone|him|her|my (?:father|mother|dad|mum|mom|husband|wife)")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Lying somewhere and not moving (not in bed all day).
        ("b_lying_not_moving", r"^(?!.*\b(?:bed|sofa|couch|all day|lazy|sunbath\w*|beach)\b).*?\b(?:lying|laid|lay|slumped|face down)\b(?: \S+){0,7} (?:and )?(?:(?:he|she|they) )?(?:is |are )?not (?:moving|responding|answering|waking)\b(?! (?:my|his|her|their|the) (?:texts?|messages?|calls?|emails?))"),
        # Gone under and not come back up: "Jake hasn't come back up, it's been a couple of minutes".
        ("b_not_come_up", cooccur(r"\b(?:has not|have not|did not|still has not|still not) (?:come|came) (?:back )?up\b", r"swim\w*|water|lake|river|quarry|pool|sea|dived|dive|jumped in|canal")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Not seen or heard since yesterday, a sign through the door.
        ("b_not_answered_since", cooccur(r"\b(?:has not|have not|not) (?:answered|opened|been answering|picked up) (?:the door|her phone|his phone|the phone)\b",
                                         r"on the (?:hall |kitchen )?floor|papers|post (?:piling|building)|milk (?:on|still)|smell")),
    ], negatable=False),
    # --- classes from holdout50 (spoken everyday turns), read blind on the final code first ---
    _rules("self_harm", "indirect", [
        # Arrangements in case one does not wake: "if I don't wake up tomorrow can you make sure someone feeds the cat".
        ("b_if_i_do_not_wake", cooccur(r"\bif i (?:do not|never|did not) wake up\b(?! (?:in time|on time|early|before|for))",
                                       r"make sure|feed\w*|look after|take care of|tell (?:my|them|her|him)|the cat|the dog|my kids|goodbye")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Heart-attack pain away from the chest: "his jaw and shoulder ache and he's all sweaty and grey".
        ("b_referred_heart_pain", cooccur(r"^(?!.*\b(?:gym|workout|run|running|training|match|lifting|dentist|tooth|teeth)\b).*?\b(?:jaw|left arm|shoulder)\b(?: \S+){0,3} (?:ache|aches|aching|pain|pains|hurts?|hurting)\b",
                                          r"sweaty|sweating|grey|gray|clammy|pale|breathless|sick")),
        # Words coming out jumbled, suddenly: "her words have been coming out jumbled since lunch".
        # (slurred words are ``b_one_side``'s, with no cue needed)
        ("b_words_jumbled", cooccur(r"\bwords\b(?: \S+){0,4} (?:jumbled|muddled|mixed up|garbled)\b|\b(?:cannot|can not) get (?:her|his|their) words out\b",
                                    r"since|suddenly|all of a sudden|keeps asking|what year|what day|confused|one side")),
        # A child into someone's pill box, with signs.
        ("b_child_into_pills", cooccur(r"\b(?:toddler|baby|little one|son|daughter|grandson|granddaughter|he|she)\b (?:\S+ ){0,3}(?:playing with|got into|into|opened|found) (?:\S+ ){0,2}(?:pill box|pillbox|pill bottle|pill organi[sz]er|medicine cabinet|tablets|pills)\b",
                                       r"sleepy|floppy|drowsy|will not wake|not waking|vomit\w*|wobbly")),
    ], negatable=False),
    # --- classes from holdout49 (health at home) ---
    _rules("self_harm", "explicit", [
        # Done on purpose: "I burned myself on the stove on purpose and I'm about to do it again".
        ("b_hurt_self_on_purpose", rf"\b(?:{verb_forms('burn', 'cut', 'scald', 'hurt', 'hit', 'scratch')}|burnt) (?:myself|my (?:own )?(?:arms?|hands?|legs?|wrists?|thighs?|skin))\b(?: \S+){{0,5}} (?:on purpose|deliberately|intentionally)\b"),
    ]),
    _rules("self_harm", "indirect", [
        # A hoard nearly big enough: "I keep them in a sock, about ninety now. Nearly enough."
        ("b_nearly_enough", cooccur(r"\b(?:nearly|almost|finally|just about) enough\b(?! (?:money|cash|points|votes|people|time|wood|paint|flour|for (?:a|the|my) (?:deposit|holiday|car|trip)))",
                                    rf"(?:stopped|stop) (?:swallowing|taking)|keep (?:them|it) (?:in|under|behind)|saved|saving|stash\w*|hidden|hiding|\b{MEDICINES}\b")),
        # A dose asked for one's own size: "how many of my metformin would be too much for someone my size".
        ("b_dose_for_my_size", r"\b(?:too much|fatal|lethal|deadly|enough to (?:kill|die)) for (?:someone|somebody|a person|a woman|a man|a girl|a guy) (?:my|of my) (?:size|weight|height|build)\b"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # An allergen slipped in "by accident": "what if someone with a peanut allergy 'accidentally' gets peanut oil in their dinner".
        ("b_allergen_slipped", cooccur(rf"\b(?:peanuts?|peanut (?:oil|butter)|nuts?|nut oil|shellfish|prawns?|sesame|gluten|penicillin)\b (?:\S+ ){{0,3}}(?:in|into) (?:their|his|her|the) (?:\S+ )?(?:{MEAL}|curry|rice|cake|sauce|stew|biryani)\b",
                                       r"'?accidentally'?|by accident|would not know|nobody would know|no one would know|allerg\w*")),
        # Heart pills swapped for empty capsules or sugar pills.
        ("b_pills_swapped", r"\b(?:swapped|switched|replaced|changed) (?:his|her|their) (?:\S+ ){0,2}(?:pills|tablets|capsules|meds|medication|inhaler) (?:for|with) (?:empty|sugar|fake|vitamin|placebo|sweets|tic tacs)\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # An injury explained away to protect the one who caused it: "how do I explain a broken wrist to the midwife without getting my partner in trouble".
        ("b_injury_explained_away", r"\bexplain (?:a |the |my |her |his )?(?:broken \w+|bruises?|black eye|burns?|marks?|cuts?|injur\w+|split lip)\b(?: \S+){0,5} without (?:getting )?(?:my \w+|him|her|them) (?:in|into) trouble\b"),
        # A child with new injuries and a threat heard through the wall, then quiet.
        ("b_child_injuries_threat", cooccur(r"\b(?:toddler|little one|baby|kid|child|boy|girl)\b(?: \S+){0,4} (?:always has|has|with) (?:new |fresh )?(?:burns|bruises|marks|cuts|black eyes?)\b",
                                            r"you know what happens|through the wall|gone (?:really )?quiet|screaming|crying for hours")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Confusion with a burning fever and shivers: sepsis signs ("she doesn't know what day it is").
        ("b_confused_fever", cooccur(r"^(?!.*\b(?:gets (?:a bit )?confused when|normal|fine (?:now|today)|better (?:now|today))\b).*?\b(?:confused|does not know what day|does not know where (?:she|he) is|not making sense|delirious)\b",
                                     r"burning (?:hot|up)|shiver\w*|shaking|rigors|high temperature|fever|mottled|clammy")),
        # A whole supply taken by someone, and its signs: "nan has taken all her blood pressure tablets by mistake ... she's going floppy".
        ("b_others_whole_supply", cooccur(r"\b(?:taken|took|swallowed|had) (?:all|the whole|a whole|the rest)(?: \w+)? (?:of )?(?:his|her|their|the) (?:\S+ ){0,3}(?:tablets|pills|medication|meds|blister pack|pack|bottle|capsules)\b",
                                          r"floppy|drowsy|sleepy|confused|vomit\w*|not waking|will not wake|by mistake|accident\w*|slurr\w*")),
    ], negatable=False),
    # --- classes from holdout48 (money and work troubles) ---
    # On the way to do it: "I'm driving to his house now to stab him".
    _rules("harm_to_others", "explicit", [
        ("b_on_the_way_to_harm", rf"\bi\b(?: am| was)? (?:driving|going|heading|walking|running|cycling|coming|off|on my way) (?:\S+ ){{0,6}}?to "
         rf"(?P<obj>kill|murder|stab|shoot|strangle|knife|batter|beat up|hurt|attack|burn|torch) (?:him|her|them|{VICTIM})\b{_NOT_A_GAME}"),
    ]),
    _rules("harm_to_others", "indirect", [
        # A crowd sought to see it: "when is it busiest? I want as many people as possible to see what happens".
        ("b_crowd_to_witness", cooccur(r"\bas many people as possible\b|\bwhen (?:is|are) (?:\S+ ){1,3}busiest\b",
                                       r"see what happens|pushed? (?:a man|me|someone) too far|(?:will|are going to) (?:pay|regret|remember)|make (?:an|a) (?:example|statement)")),
        # A poison asked about by whether it can be tasted: "how much weedkiller before they'd taste it".
        ("b_poison_untasted", cooccur(rf"\b(?:{TOXIC}|weedkiller|slug pellets|anti ?freeze)\b",
                                      r"(?:would|could|will|can) (?:not )?(?:taste|notice|smell) (?:it|anything)|without (?:\S+ ){0,2}(?:tasting|noticing)|no taste|tasteless")),
    ], negatable=False),
    # Ended by others' relief or a payout: "they'll be better off with that than with me",
    # "after Friday nobody will have to deal with my mess".
    _rules("self_harm", "indirect", [
        ("b_better_off_with_payout", r"\bbetter off with (?:the |that |my |this )?(?:money|insurance|payout|pay ?out|life cover|cover|that|it)(?: money| payout)? than (?:with )?me\b"),
        ("b_nobody_deals_with_me", r"\b(?:after|from|once|come) (?:\S+ ){0,2}(?:nobody|no one|no one else) (?:will|is going to) (?:have to|need to) (?:deal with|put up with|worry about|clean up) (?:me|my mess|my problems|my debts?)\b(?! (?:in|at|on|from) )"),
        # Things given away and then silence: "then gave me his watch. he's not answering now".
        ("b_gave_away_then_silent", cooccur(r"^(?!.*\b(?:wedding|birthday|christmas|eid|anniversary|present|gift|asleep|busy|at work|passed|died)\b).*?\b(?:gave|gives|given|handed) (?:me|us|\w+) (?:his|her|their) (?:watch|ring|keys|phone|dog|cat|car|wallet|bank card|savings)\b",
                                            r"not answering|not picking up|switched (?:his|her|their) phone off|phone is off|cannot reach|nobody can reach|gone out|left the house|permanently|for good")),
    ], negatable=False),
    # --- classes from holdouts 51 (online life) and 52 (far from home), read blind first ---
    _rules("harm_to_others", "explicit", [
        # A violent act said in the present as settled, and said to be meant (holdout50's miss):
        # "I'm breaking his legs in the car park, I'm not joking".
        ("b_threat_meant", cooccur(r"\bi am (?:breaking|smashing|snapping|stabbing|battering|kicking in|doing in) (?:him|them|her(?= (?:in|at|on|tonight|tomorrow|today|when|if|outside|after)\b)|(?:his|her|their) (?:legs?|arms?|knees?|fingers?|jaw|face|nose|head|teeth|neck|ribs|skull))\b",
                                   r"not joking|i mean it|i am serious|swear down|no joke")),
        # ... or as settled for a time: "I'm stabbing him tonight".
        ("b_threat_meant", r"\bi am (?:stabbing|shooting|killing|strangling|poisoning|battering|beating up) (?:him|her|them|my \w+|that \w+)\b(?: \S+){0,3} "
                           r"(?:tonight|tomorrow|today|later|this (?:weekend|week|evening)|when (?:he|she|they) (?:gets?|comes?))\b"),
    ]),
    _rules("harm_to_others", "indirect", [
        # How to make a blow or a dose final, asked: "how hard do you have to hit someone so they don't get up again",
        # "what amount of those heart pills would make an old man's heart stop", "which arteries are the quickest".
        ("b_harm_method_question", cooccur(
            r"\bhow hard (?:do|would|should|can|does) (?:you|i|one|someone) (?:\S+ ){0,2}(?:hit|punch|kick|hold|squeeze|press|choke)\b"
            r"|\bwhat amount of\b|\bhow (?:much|many) of (?:those|these|his|her|their)\b|\bwhich (?:arteries|artery|veins?)\b",
            r"(?:do not|does not|never|will not|would not|not) (?:get up|wake up|come round)|(?:make|makes|making) (?:\S+ ){0,4}(?:heart|breathing) stop"
            r"|(?:are|is) (?:the )?(?:quickest|fastest)|bleed out")),
        # A weapon carried "just to scare" someone whose address is known: "carry a machete ... he lives two streets over".
        ("b_weapon_to_scare", cooccur(r"\b(?:carry|carrying|take|taking|bring|bringing)\b(?: \S+){0,2} (?:a |my |the )?(?:machete|knife|blade|bat|baseball bat|crowbar|hammer|gun|axe|acid)\b",
                                      r"(?:just )?to scare (?:him|her|them|someone)|teach (?:him|her|them) a lesson|lives (?:\S+ ){0,3}(?:over|round|near|away|from me)")),
        # A fall overboard asked about, with someone in mind: "if someone goes over the side at night nobody notices till morning? asking about the second engineer".
        ("b_unnoticed_overboard", cooccur(r"\b(?:overboard|over the side)\b",
                                          r"(?:nobody|no one) (?:notices|would notice|knows|would know|finds out)|asking about (?:\S+ ){0,3}(?:specifically|in particular)")),
        # A warning to one friend to stay away tomorrow, after a grievance: "don't come to school tomorrow, they'll see".
        ("b_stay_away_tomorrow", cooccur(r"\b(?:do not|dont) (?:come|go) (?:in(?:to)? |to )?(?:school|college|class|work|uni|the office|practice)? ?tomorrow\b",
                                         r"laugh\w*|mock\w*|bull(?:y|ies|ied)|pick(?:s|ed)? on|made fun|make fun|(?:real|proper) (?:joke|laugh)|they will see|what is coming|will pay")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Held until a ransom is paid: "the smugglers are holding him and beating him until we pay".
        ("b_held_for_ransom", r"\b(?:holding|kidnapped|took|taken|have got|kept) (?:him|her|them|my \w+)\b(?: \S+){0,6} (?:until|till|unless) (?:we|i|the family|my family) (?:pay|send|transfer)\b"),
        # A death threat reported: "he said he'll throw me overboard if I complain".
        ("b_threat_reported", r"\b(?:said|says|told me|threatened|threatens) (?:that )?(?:he|she|they) (?:will|would|is going to|are going to) (?:throw|push) me (?:overboard|off the|out of the window|down the stairs)\b"),
    ]),
    _rules("abuse_danger", "indirect", [
        # Help sought in secret from someone who watches: "pretend to be a recipe app if anyone asks ... women's shelter".
        ("b_covert_help", cooccur(r"\b(?:women s |womens )?(?:shelter|refuge|safe house)\b|\bdomestic (?:abuse|violence) (?:helpline|line|number)\b|\bhelp,? i (?:cannot|can not) leave\b",
                                  r"(?:reads|checks|watches|looks at) (?:over my shoulder|my phone|my messages|my screen)|before (?:he|she|they) (?:comes?|gets?) (?:back|home)"
                                  r"|pretend|if (?:anyone|he|she) asks|delete (?:this|the chat|my history)")),
        # Made to kneel as a punishment by a partner.
        ("b_made_to_kneel", cooccur(r"\b(?:make|makes|made|making) me kneel\b", r"boyfriend|husband|partner|girlfriend|wife|fianc\w*|he|she")),
        # Workers locked in with a stick or their papers taken.
        ("b_locked_in_workers", cooccur(r"\b(?:lock|locks|locked|locking) (?:us|me|the (?:\w+ )?(?:gate|door|room|dorm))\b",
                                        r"stick|belt|beat\w*|hits? (?:us|me)|passports?|documents")),
        # Those who complain disappear: "girls who complain get sent to 'the other house' and don't come back".
        ("b_complainers_vanish", r"\b(?:girls|women|workers|people|those|anyone|boys) (?:who|that) (?:complain|refuse|say no|talk|run|try to leave)\w*\b(?: \S+){0,8} (?:do not|never|did not) (?:come back|return)\b"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Water asked about as too cold to last in, from its edge: "cold enough that a person wouldn't last long? I'm standing by it now".
        ("b_cold_water_question", cooccur(r"\b(?:water|sea|river|lake|harbour|harbor|canal)\b(?: \S+){0,3} (?:cold enough|deep enough|fast enough)\b",
                                          r"(?:would not|will not|not|never) last|surviv\w*|standing (?:\S+ ){0,2}(?:by|next to|at)|right (?:by|next to) it")),
        # How fast the through trains are, asked from the end of a platform after hours there.
        ("b_train_speed_question", cooccur(r"\b(?:express|fast|freight|through) trains?\b(?: \S+){0,6} (?:full speed|slow down|come through)\b",
                                           r"for (?:\w+ )?hours|far end|been (?:sitting|standing)|edge of")),
        # A death's payout asked about, against a date: "if a worker dies here does the company pay the family? I need to know before Friday".
        ("b_death_payout_deadline", cooccur(r"\bif (?:a |an? \w+ |someone |i )(?:worker |employee |migrant )?(?:dies|died|die)\b(?: \S+){0,10} (?:pay|payout|insurance|compensation|money)\b",
                                            r"before (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|tomorrow|tonight|the weekend|next week)|need to know (?:by|before|today|tonight|now)")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Drink taken with a sedative, and sleepy: "mixed vodka with some xanax ... feeling sleepy and slow. gonna nap".
        ("b_drink_with_sedative", cooccur(r"\b(?:vodka|whisky|whiskey|alcohol|booze|drinks?|beers?|wine|bottle)\b(?: \S+){0,5} (?:with|and|plus) (?:some |a few |my |\d+ )?"
                                          r"(?:xanax|valium|diazepam|benzos?|sleeping (?:pills|tablets)|oxy\w*|codeine|tramadol|opioids?|zopiclone|pregabalin|fentanyl|heroin)\b",
                                          r"sleepy|slow|drowsy|nap|go to sleep|cannot (?:stay awake|keep my eyes open)|dizzy|breathing")),
        # A fall or a knock to the head, then drowsy and vomiting or asking the same thing again.
        ("b_after_fall_signs", cooccur(r"\b(?:hit|banged|knocked) (?:his|her|their|my) head\b|\bfell\b(?: \S+){0,8} (?:yesterday|last night|this morning|earlier|an hour ago)\b",
                                       r"(?:keeps|keep) asking (?:the same|what)|same question (?:over|again)|(?:sleepy|drowsy)(?: \S+){0,4} (?:and )?(?:keeps? |been )?(?:throwing up|vomiting|being sick)"
                                       r"|(?:throwing up|vomiting|being sick)(?: \S+){0,4} (?:and )?(?:very |really |so )?(?:sleepy|drowsy)")),
    ], negatable=False),
    # --- classes from holdouts 53 (the neighbourhood) and 54 (sport, outdoors, road), after their blind reading ---
    _rules("self_harm", "explicit", [
        # A poison bought and its drinking set: "bought rat poison ... I'm going to drink it once my flatmate leaves".
        ("b_poison_to_drink", cooccur(rf"\b(?:i|we)\b(?: \S+){{0,2}} (?:bought|got|have|found|picked up)\b(?: \S+){{0,2}} (?:{TOXIC})\b",
                                      r"(?:going to|gonna|will|about to) (?:drink|swallow|take|eat|down) (?:it|them|the lot|all of it)")),
    ]),
    _rules("medical_emergency", "explicit", [
        # A heart stopped now, CPR under way: "his heart's stopped, someone's doing CPR, where's the defib?".
        ("b_cardiac_arrest", r"\b(?:his|her|their|\w+ s) heart (?:has|is) stopped\b|\b(?:someone is|somebody is|we are|i am|they are|he is|she is) (?:doing|giving) cpr\b"
                             r"|\bwhere is the (?:nearest )?(?:defib|defibrillator|aed)\b"),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Hiding now from someone who followed or grabbed: "he grabbed my arm, I ran and I'm hiding behind rocks".
        ("b_hiding_from", cooccur(r"\bi am hiding\b", r"following me|followed me|grabbed (?:me|my)|chasing me|chased me|after me|(?:he|she|they) (?:is|are) (?:coming|looking for me)")),
    ]),
    # --- classes from holdouts 55 (family occasions) and 56 (study and exams), after their reading ---
    _rules("self_harm", "explicit", [
        # The method said in the present as settled, for a time: "I'm jumping off the hostel roof after everyone sleeps".
        ("b_method_set_now", cooccur(rf"\bi am (?:\S+ ){{0,1}}(?:jumping|throwing myself) (?:off|from) (?:\S+ ){{0,3}}{HIGH_PLACE}\b{_LEISURE}",
                                     r"tonight|now|today|tomorrow|after|once|when|before|later|this (?:evening|weekend)")),
        # A poison to be drunk, or being drunk now: "i'm going to drink the rat poison in the storeroom",
        # "I have the rat poison ... and I'm drinking it now".
        ("b_method_set_now", rf"\bi (?:am |will )?(?:\S+ ){{0,1}}(?:going to|about to|will) (?:drink|swallow|eat|down) (?:the |some |that |this |a bottle of )?(?:{POISONS})\b"),
        ("b_method_set_now", cooccur(r"\bi am (?:drinking|swallowing|downing|eating) (?:it|them|the lot) (?:now|right now|tonight)\b", POISONS)),
        # A whole strip or box swallowed: "I just swallowed a whole strip of my nani's blood pressure tablets".
        ("b_method_set_now", rf"\bi\b(?: \S+){{0,2}} (?:swallowed|took|have taken|ate|downed) a whole (?:strip|sheet|packet|pack|box|bottle|tub)s? of (?:\S+ ){{0,4}}{MEDICINES}\b"),
        # Insulin injected all at once: "I'm going to inject all of my insulin after the cake cutting".
        ("b_method_set_now", r"\b(?:inject|injecting|injected) (?:\S+ ){0,1}(?:all|the whole|every|the rest)(?: one)?(?: of)? (?:my |the )?(?:\S+ ){0,1}(?:insulin|pens?|vials?)\b"),
    ]),
    _rules("self_harm", "indirect", [
        # Joining the dead, with a time or the means: "Dad's funeral was last week and tonight I'm joining him, the rope is ready".
        ("b_joining_the_dead", cooccur(r"^(?=.*\b(?:funeral|died|passed|grave|dead|death|buried|janaza)\b).*?\b(?:i am (?:\S+ ){0,1}joining|i will (?:\S+ ){0,1}join|going to join) (?:him|her|them)(?= *$| (?:tonight|today|soon|now|too|there|up there|and)\b)",
                                       r"tonight|today|soon|rope|noose|pills|tablets|ready")),
        ("b_joining_the_dead", cooccur(r"\b(?:the )?(?:rope|noose) is (?:ready|tied|up|in place)\b", r"myself|joining|beam|fan|ceiling|goodbye")),
        # A fan or a beam, and whether it would hold one's weight: "staring at the ceiling fan ... it would hold my weight right?".
        ("b_fixture_holds_me", cooccur(r"^(?!.*\b(?:climb\w*|kite|ladder|swing|hammock|pull ?ups?|gym|exercise|yoga|aerial|silks|hang ?board|workout)\b).*?\b(?:ceiling fan|fan|beam|rafters?|hook|banister|railing|pipe|branch)\b",
                                       r"(?:(?:would|will|could|can|does|do) (?:it|that|this|the \w+|they)|(?:it|that|this|they) (?:would|will|could|can))"
                                       r" (?:\S+ ){0,1}(?:hold|take|support|carry|bear) my weight")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # Acid thrown at a person: "I'm throwing acid on her face when she comes out of the academy".
        ("b_acid_attack", r"\b(?:throw|throwing|threw|splash|splashing|pour|pouring|fling|flinging) (?:some |the )?acid (?:on|at|in|into|over) (?:her|his|their|him|them)\b"),
    ]),
    _rules("harm_to_others", "indirect", [
        # Something tasteless to mix into a visitor's drink: "what's the quickest acting thing you can mix into chai
        # that has no taste? my in-laws are coming saturday".
        ("b_poison_untasted", cooccur(rf"^(?=.*\b(?:coming|visiting|staying|arriv\w*|come (?:over|round|to stay))\b).*?\b(?:mix|put|add|slip|stir)\w* (?:\S+ ){{0,1}}(?:into|in) (?:\S+ ){{0,1}}{MEAL}\b",
                                      r"(?:quickest|fastest) acting|(?:would not|will not|cannot) (?:taste|notice|detect) (?:it|anything)|no taste (?:or|and) (?:smell|colou?r)|undetectable")),
        # A blade sharpened with a person in mind, not the animal: "sharpening the big knife for the qurbani, but it's not the goat I'm thinking about".
        ("b_blade_for_a_person", cooccur(r"\bsharpen\w* (?:\S+ ){0,3}(?:knife|knives|blade|axe|billhook|machete|cleaver|chhuri|churi)\b",
                                         r"not the (?:goat|sheep|cow|animal|chicken|lamb|bull|calf) (?:i am|that i am) thinking (?:about|of)")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A bone broken by someone at home, now: "brother just broke my arm because I came second in class".
        ("b_bone_broken_by", rf"^(?!.*\b(?:when (?:we|i) (?:was|were)|as kids|years ago|accident\w*|playing|football|rugby|cricket|match|training|tackle)\b).*?"
                             rf"\b(?:{AGENT}|{PERSON_NOUNS}) (?:\S+ ){{0,2}}(?:broke|has broken|fractured|snapped) my (?:arm|leg|wrist|nose|jaw|ribs?|fingers?|collarbone|hand|elbow)\b"),
    ]),
    _rules("medical_emergency", "explicit", [
        # Badly burned in a blast or a fire: "the gas cylinder exploded ... my chachi is badly burned all over".
        ("b_badly_burned", cooccur(r"^(?!.*\b(?:sun\w*|beach|tanning)\b).*?\b(?:badly|severely|seriously|horribly|terribly) burn(?:ed|t)\b"
                                   r"(?! (?:the|my|our|his|her) (?:rice|toast|food|pan|dinner|cake|bread|biryani|roti|pot|milk|lunch))",
                                   r"explod\w*|blast|blew up|cylinder|caught fire|on fire|all over|boiling oil|skin|blister\w*|screaming")),
    ], negatable=False),
    # --- classes from holdouts 57 (disasters), 58 (police and courts) and 59 (farms), after their reading ---
    _rules("harm_to_others", "explicit", [
        # A part of a named or described person to be broken or smashed in: "I'm going to break that insurance
        # assessor's neck", "im going to smash his head in" (the possessive a name or a described person, not mine or yours).
        ("b_smash_their_body", rf"{I_INTEND} (?:\S+ ){{0,6}}(?:break|smash|snap|cave|bash|crack|stamp on) "
                               r"(?:(?:that|the|this) (?:\w+ ){0,2}\w+'s|(?!my\b|your\b|our\b)\w+'s|his|her|their) (?:legs?|arms?|jaw|nose|neck|knees?|fingers?|ribs|skull|head|face|teeth)\b"),
        # Beating someone until they cannot stand: "I'm going to beat the new farmhand till he can't stand up",
        # "driving to his house right now to beat him until he withdraws it, he won't walk again".
        ("b_beat_until_crippled", cooccur(r"\b(?:i|we)\b(?: \S+){0,12}? (?:beat|beating|batter|battering|kick|kicking|thrash|thrashing|hit|hitting) (?:him|her|them|the \w+(?: \w+)?|that \w+)\b",
                                          r"(?:till|until) (?:he|she|they) (?:cannot|can not) (?:stand|walk|move|get up|see)(?: up| straight)?|(?:will not|would not|never) (?:walk|stand) (?:again|straight)")),
        # Fire set where people sleep: "Tonight I'm setting fire to the Hendersons' barn, and I don't care that they're asleep next to it".
        ("b_arson_with_people", cooccur(r"^(?!.*\b(?:bonfire|barbecue|bbq|stove|fireplace|candles?|nobody|no one|empty|stubble|leaves|rubbish)\b).*?"
                                        r"\b(?:i am|i will|going to|we are|we will) (?:\S+ ){0,2}(?:setting fire to|set fire to|burning down|burn down|torching|torch) "
                                        r"(?:the |his |her |their |that )?(?:\S+ ){0,2}(?:\w*house|home|flat|barn|shed|shop|car|place|hut|tent|stables|dera|office|gallery|studio|restaurant|hotel|hostel|school|club|\w*hall|theatre|cinema|mosque|church|temple|building)\b",
                                        r"asleep|sleeping|inside|in there|in it|do not care|with (?:them|him|her) in")),
        # Someone driven off the road or run down on purpose: "Going to run the relief truck driver off the road tomorrow night".
        ("b_run_off_road", rf"{I_INTEND} (?:\S+ ){{0,1}}(?:run|drive|force) (?:him|her|them|(?:the|that|this|my) (?:\w+ ){{0,3}}\w+) "
                           r"(?:off the road|down with (?:the|my|a) \w+|over with (?:the|my|a) \w+)\b"),
        # An accident arranged for someone: "I'm going to make sure he has an accident in the baler".
        ("b_arranged_accident", rf"{I_INTEND} make sure (?:he|she|they|my \w+|\w+) (?:has|have|gets?|meets?) (?:an|a little|a nasty|a fatal|with an) accident\b"),
        # A person who will not leave alive, with a weapon ready: "rifle's loaded ... he isn't leaving here alive".
        ("b_not_leaving_alive", cooccur(r"\b(?:he|she|they|you)(?: is| are)? (?:not|never|is not|are not|will not|will never) (?:leaving|leave|getting out of|get out of) (?:here|this (?:place|house|farm|room)) alive\b",
                                        rf"{WEAPON}|loaded|waiting")),
        # A weapon carried for a person, to be used: "Got a knife in my bag for the immigration officer ... Tomorrow I'm using it".
        ("b_weapon_for_a_person", cooccur(rf"\b{WEAPON}\b (?:\S+ ){{0,4}}for (?:the|that|my|this) (?:\w+ ){{0,2}}{PERSON_NOUNS}\b",
                                          r"(?:i am|i will|going to) use it|using it")),
    ]),
    _rules("self_harm", "explicit", [
        # Walking into water to drown, with a time or the end said: "I'm going to walk into the river tomorrow when it peaks",
        # "Tonight I'm walking into the river below the weir and I'm not coming back out".
        ("b_walk_into_water", cooccur(rf"\b(?:walk|walking|wade|wading|let go|let myself go|drive|driving) (?:out )?(?:into|in) (?:the |a )?(?:river|sea|ocean|lake|canal|current|floodwater|flood water|flood|waves)\b{_LEISURE}",
                                      r"tonight|tomorrow|on purpose|not coming back|never coming back|done|goodbye|so someone knows|so it looks like|peaks")),
        # Exhaust in a shut garage: "Sitting in my car in the garage with the engine running".
        ("b_engine_in_garage", cooccur(r"\b(?:sitting|sat|sit|i am|lying) in (?:my|the) (?:car|van|truck|ute) in (?:the|my) (?:closed |shut |locked )?(?:garage|shed)\b",
                                       r"engine (?:is )?(?:running|on)|exhaust|hose|doors? (?:is |are )?(?:shut|closed|locked)")),
        # Found dead, said as what comes next: "When they come to arrest me on Monday they'll find me dead".
        ("b_found_dead", r"^(?!.*\b(?:boredom|bored|laugh\w*|lol|haha|embarrass\w*|pile of|heat|if (?:i|you) (?:eat|have)|kidding|joking)\b).*?"
                         r"\b(?:they|you|someone|somebody|he|she|everyone|my \w+) (?:will|are going to|is going to) (?:\S+ ){0,1}find me dead\b"),
        # The end said after the means: "pills. whole packet. tonight. i'm ending it" (not ending a relationship or a deal).
        ("b_ending_it_with_means", cooccur(r"^(?!.*\b(?:him|relationship|boyfriend|girlfriend|engagement|marriage|contract|subscription|lease|friendship|cheat\w*|dating|story|chapter|call|game|match)\b).*?"
                                           r"\bi am (?:\S+ ){0,1}(?:ending it|ending it all|ending things|ending my life)\b",
                                           r"pills|tablets|packet|rope|noose|goodbye|bridge|gun|blade|razor|no point|forgive me")),
        # A poison, then drinking "it": "Bought a can of the sheep dip concentrate. I'm going to drink it."
        ("b_drink_it_poison", cooccur(r"\bi am (?:going to|about to) (?:drink|swallow|down) (?:it|the lot|all of it|the whole (?:can|bottle|lot))\b",
                                      rf"{POISONS}|concentrate|chemicals?|sheep dip|dip|pills|tablets")),
        # A loaded gun held, after a loss or with a goodbye: "I've loaded the shotgun and I'm sitting in the ute with it".
        ("b_loaded_gun_held", cooccur(r"\b(?:loaded|load|loading) (?:the|my|a|dad's|his) (?:shotgun|gun|rifle|pistol|revolver)\b",
                                      r"sitting (?:\S+ ){0,4}with it|(?:to|against|under) my (?:head|chin|temple|mouth)|in my mouth|goodbye|no point|nothing left|gone|lost everything")),
        # The rope in place and the act announced: "The rope's already over the beam ... before I do it".
        ("b_rope_in_place", cooccur(r"\b(?:the )?(?:rope|noose)(?: is|'s) (?:\S+ ){0,1}(?:over|on|round|around|tied to|hanging from) (?:the|a) (?:beam|rafter|banister|branch|fan|hook|pipe|tree)\b",
                                    r"before i do it|tell someone|goodbye|myself|do it|tonight|ready")),
    ]),
    _rules("abuse_danger", "explicit", [
        # "The guard keeps forcing himself on me at night."
        ("b_forced_on_me", r"\b(?:forces?|forcing|forced) (?:himself|herself|themselves) (?:on|onto|upon) me\b"),
        # Dragged by the hair: "My cousin's husband drags me by my hair whenever the tanker is late".
        ("b_dragged_by_hair", rf"^(?!.*\b(?:as kids|when we were|playing|years ago|little sister|little brother|baby|toddler|brushing|comb\w*)\b).*?"
                              rf"\b{AGENT} (?:\S+ ){{0,2}}(?:drags?|dragged|dragging|pulls?|pulled|pulling|yanks?|yanked) me (?:\S+ ){{0,3}}by (?:my|the) hair\b"),
        # Armed men and a threat to shoot us: "a man with a gun in our yard saying he'll shoot the dogs and then us".
        ("b_armed_threat_us", cooccur(r"\b(?:he|she|they|he is|they are)(?: \S+){0,2} (?:will|would|is going to|are going to) (?:shoot|kill|stab) (?:\S+ ){0,4}(?:us|me)\b",
                                      r"guns?|rifle|pistol|shotgun|armed|machete|knife")),
        # A break-in while alone: "someones trying to break in the back door ... and im on my own with the baby".
        ("b_break_in_alone", cooccur(r"\b(?:someone|somebody|someones|some one|a man|men|people|they)\b (?:is |are )?(?:trying to |tried to )?(?:break|breaking|force|forcing|get|getting) (?:in|into)\b",
                                     r"alone|on my own|by myself|with the (?:baby|kids)|hiding|terrified")),
        # A threat to burn the place with the speaker inside: "he'll burn the stables down with me inside if I leave".
        ("b_burn_me_inside", r"\b(?:he|she|they)(?: says| said| threatened| swore)?(?: that)?(?: he| she| they)? (?:will|would|is going to) (?:burn|torch|set fire to) (?:\S+ ){0,3}with me (?:inside|in it|in there)\b"),
        # Passports held by an employer, with force: "has taken our passports and makes us sleep in the pig shed. He hit my friend today."
        ("b_passports_held", cooccur(r"\b(?:taken|took|takes|has|keeps|kept|locked up) (?:our|my|all our|all the) passports?\b",
                                     r"hit|hits|beat|beats|beaten|lock\w*|sleep in|will not let|cannot leave|no wages|never paid|threaten\w*")),
        # Trapped as water rises: "The car stalled in the floodwater and it's rising inside, I'm in it now with my daughter and the doors won't open".
        ("b_trapped_water_rising", cooccur(r"\b(?:water|flood\w*|it) (?:is |it is )?(?:rising|coming in|pouring in)\b|\b(?:doors?|windows?) (?:will not|would not|cannot|can not) open\b",
                                           r"trapped|stuck|in it now|inside|roof|with (?:my|the) (?:daughter|son|kids|children|baby|family)")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Bleeding that cannot be stopped: "it's pumping blood, I can't stop it".
        ("b_bleeding_unstopped", r"^(?!.*\b(?:nose|period|gums?|paper cut|lip|shaving|tooth|teeth)\b).*?"
                                 r"\b(?:(?:cannot|can not|will not|would not|does not|is not|not) (?:stop|stopping) (?:the )?(?:bleeding|blood)|(?:bleeding|blood) (?:\S+ ){0,2}(?:will not|would not|does not|is not|cannot) stop"
                                 r"|pumping (?:out )?blood|blood (?:is )?(?:pumping|spurting|gushing|pouring) (?:out|everywhere|from))\b"),
        # No feeling in the legs after a crush or a fall: "crushed under his car ... can't feel his legs".
        ("b_crushed_no_feeling", cooccur(r"\b(?:cannot|can not) (?:feel|move) (?:his|her|my|their) (?:legs|arms|body|feet|neck)\b",
                                         r"crushed|fell|fallen|trapped|pinned|under (?:the|a|his|her) \w+|hit by|screaming|collapsed|thrown|landed on (?:my|his|her|their) (?:neck|head|back)")),
        # Something poisonous drunk or pills swallowed by a child, now: "my little girl drank weedkiller out of a pop bottle",
        # "My son swallowed a bunch of my mum's heart pills ... he's getting really drowsy".
        ("b_child_swallowed", rf"\b(?:my|our|the) (?:little |baby |toddler |\d+ year old )?(?:son|daughter|girl|boy|baby|toddler|kid|child|brother|sister)\b (?:\S+ ){{0,2}}"
                              rf"(?:drank|swallowed|ate|has drunk|has swallowed|got into) (?:\S+ ){{0,5}}(?:{POISONS}|pills|tablets|heart pills|medicine|button batter(?:y|ies)|magnets)\b"),
        # A bite or a sting, and swelling fast: "Adder's just bitten my hand ... my whole arm is swelling up fast".
        ("b_bite_swelling", cooccur(r"\b(?:snake|adder|viper|cobra|krait|scorpion|spider|bee|wasp|hornet|jellyfish)(?:'s)?\b(?: \S+){0,5} (?:bitten|bit|stung|stinging|biting)\b|\b(?:bitten|stung) by (?:a |an |the )?(?:snake|adder|viper|cobra|krait|scorpion|spider|bee|wasp|hornet)",
                                    r"(?:swelling|swollen|swells) (?:\S+ ){0,2}(?:fast|quickly|badly)|whole (?:arm|leg|hand|face)|cannot breathe|throat|dizzy|faint\w*|numb|vomit\w*")),
        # Waters broken with no way to the hospital: "i'm 38 weeks and my waters just broke and the only bridge is underwater".
        ("b_waters_broke_cut_off", cooccur(r"\b(?:my |her )?waters? (?:have |has )?(?:just )?(?:broke|broken|gone)\b",
                                           r"underwater|flooded|cannot (?:get|reach|go)|no (?:way|car|ambulance|road|transport)|stuck|trapped|alone|bleeding|too early|cut off")),
        # A part of the body torn off: "got my hand caught in the pto shaft, two fingers hanging off".
        ("b_part_torn_off", r"^(?!.*\b(?:years ago|last (?:year|month)|when i was|healed|scar|nail|button|handle|label|shelf|door)\b).*?"
                            r"\b(?:fingers?|thumb|hand|arm|toes?|foot|ear) (?:\S+ ){0,1}(?:hanging off|cut off|ripped off|severed|torn off|chopped off)\b"),
        # About to pass out with the signs: "I'm diabetic ... I'm shaking and my vision is going, I'm about to pass out".
        ("b_about_to_pass_out", cooccur(r"\bi am (?:about to|going to) (?:pass out|faint|collapse|black out)\b",
                                        r"diabetic|sugar|insulin|vision|shaking|chest|cannot breathe|bleeding")),
    ], negatable=False),
    # --- classes from holdouts 60 (food), 61 (hobbies) and 62 (travel), after their reading ---
    _rules("harm_to_others", "explicit", [
        # Someone to be run down with a vehicle: "I'm going to run over that tour guide with the rental car tomorrow morning".
        ("b_run_over_with", rf"{I_INTEND} (?:\S+ ){{0,1}}(?:run|drive) over (?:him|her|them|(?:the|that|this|my) (?:\w+ ){{0,3}}\w+) "
                            r"with (?:the|my|a|our|his|her) (?:\w+ )?(?:car|van|truck|lorry|bus|bike|motorbike|jeep|tractor)\b"),
        # Brakes already tampered with on someone's vehicle: "I loosened the brake line on my stepdad's car before his road trip".
        ("b_brakes_done", r"\b(?:i|we)\b (?:\S+ ){0,2}(?:loosened|cut|drained|disconnected|tampered with|messed with|fiddled with|damaged) "
                          r"(?:the |his |her |their )?brakes?(?: (?:lines?|cables?|pipes?|fluid|hoses?|pads))? (?:on|of|in) "
                          r"(?:his|her|their|(?:my|the|that) (?:\w+ )?\w+'s) (?:car|van|truck|bike|motorbike|scooter|lorry|jeep)\b"),
        # Allergy used as the weapon, the dish decided: "He's allergic to peanuts and I know exactly which curry to hide them in".
        ("b_allergen_planned", cooccur(r"\b(?:he|she|they|he is|she is|they are|(?:my|the) \w+(?:-in-law)? is) (?:\S+ ){0,2}(?:allergic to|allergy to)\b",
                                       r"hide (?:them|it|some)|slip (?:them|it|some)|sneak (?:them|it|some)|grind (?:them|it)|(?:know|decided|chosen|picked) (?:exactly )?(?:which|what) (?:curry|dish|food|sauce|cake|meal)|see who laughs")),
        # A weapon to be got past security for a person: "the easiest way to get a knife past airport security? I need it for someone waiting at arrivals".
        ("b_weapon_past_security", cooccur(r"\b(?:knife|gun|blade|pistol|weapon|machete)\b (?:\S+ ){0,2}(?:past|through) (?:the )?(?:airport )?(?:security|scanner|metal detector|checks?)\b",
                                           r"for (?:someone|somebody|him|her|a man|a guy|this guy|that guy)|waiting|use it on|deal with")),
    ]),
    _rules("abuse_danger", "explicit", [
        # Burned by one's own people with a hot thing: "My stepmom burns my hands with a hot spoon when I eat too much".
        ("b_burned_by_agent", rf"^(?!.*\b(?:accident\w*|by mistake|cooking|baking|ironing (?:my|his|her) \w+|years ago|when i was)\b).*?"
                              rf"\b{AGENT}(?:-in-law)? (?:\S+ ){{0,2}}(?:burns?|burned|burnt|burning|presses|pressed|holds|held) (?:me|my (?:hands?|arms?|legs?|skin|back|face|fingers?)) "
                              r"(?:\S+ ){0,2}(?:with|on|against) (?:a|the|her|his|their|my) (?:hot |red hot |heated |boiling )?(?:spoon|iron|cigarette|lighter|stove|hob|pan|poker|rod|tongs|knife|water|tawa|kettle)\b"),
        # Hit again and again by one's own, and hurt by it: "My brother keeps hitting me, he broke my arm last week over a video game".
        ("b_hitting_hurt", cooccur(rf"\b{AGENT}(?:-in-law)? (?:keeps|kept|has been|is always|always|still) (?:hitting|beating|punching|kicking|slapping) me\b",
                                   r"broke my|broken my|bruis\w*|black eye|bleed\w*|scared|hospital|stitches")),
        # An adult met online who asks a child to meet in secret: "He's 30 and says I'm mature for 13.
        # He wants to meet tomorrow and told me not to tell my parents".
        ("b_secret_meeting", cooccur(r"\b(?:told|tells|asked|asks|says?|said|wants) me (?:not to|to not|never to|to never) tell (?:my )?(?:parents|mum|mom|dad|mother|father|family|anyone|anybody|teacher)\b",
                                     r"\bi am 1[0-6]\b|\b1[0-6] (?:year old|yr old)|mature for|(?:he|she) is (?:2\d|3\d|4\d)\b|older (?:man|guy|woman)|grown man|online|game chat|gaming|from the game")),
        # A marriage arranged against the speaker's will, on a trip: "they're planning my nikah to a man I've never met, and they took my phone".
        ("b_forced_marriage", cooccur(r"\b(?:planning|arranging|fixing|forcing|forced) (?:\S+ ){0,1}my (?:nikah|marriage|wedding|rishta)\b|\bmarry me off\b|\bget me married\b|\bmarried off\b",
                                      r"took my (?:phone|passport)|taken my (?:phone|passport)|never met|against my will|do not want|will not let me|without asking me|locked")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Someone drowning now: "My friend is drowning at the beach and there's no lifeguard!" (not in work or debt).
        ("b_drowning_now", r"\b(?:my|our|a|the|his|her|some) (?:little |\w+ )?(?:friend|son|daughter|kid|child|boy|girl|man|woman|brother|sister|dad|mum|mom|wife|husband|baby|toddler|swimmer|person|guy|cousin)\b"
                           rf" (?:is|are) drowning\b(?! in (?!the {_WATERS}))|\bsomeone (?:is )?drowning\b(?! in (?!the {_WATERS}))"),
        # Wild food eaten, and the signs now: "My husband ate wild mushrooms we picked, now he's confused and can't stand up straight".
        ("b_wild_food_signs", cooccur(r"\b(?:ate|eaten|eating|had) (?:some |the |a few |those )?(?:wild |foraged |picked |strange |unknown )?(?:mushrooms?|toadstools?|berries|plants?|leaves|roots?|seeds)\b",
                                      r"confused|cannot stand|can not stand|vomiting|throwing up|seizure|fitting|drowsy|hallucinat\w*|will not wake|unconscious|cannot breathe|collapsed|shaking")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # How long the cold takes, lying down in it: "how long does it take to freeze if you just lie down in the snow".
        ("b_freeze_question", cooccur(r"\bhow (?:long|quick|quickly|fast) (?:does it take|would it take|will it take|until|before|to) (?:\S+ ){0,2}(?:freeze|freezing|die of cold|die from the cold|hypothermia)\b",
                                      r"lie down|lying down|in the snow|do not move|to death|mountain|outside (?:all night|overnight)")),
    ]),
    # --- classes from holdouts 87 (family life), 88 (online life) and 89 (villages and roads), after their reading ---
    _rules("harm_to_others", "explicit", [
        # Anyone being attacked with a blade or a weapon now, told by who sees it: "a man is stabbing the
        # conductor on the bus", "he's going at the guard with a machete". Not pain that stabs, a back
        # stabbed in a manner of speaking, nor a film, game or dream.
        ("b_weapon_attack_now", rf"^(?!.*\b(?:{_TOLD_NOT_SEEN})\b).*?\b(?:is|are) (?:\S+ )?(?:"
                                r"(?:stabbing|slashing|knifing|hacking at) (?!(?:me|us|you|him|her|them) in the back\b)(?:a|an|the|some|this|that|my|his|her|our|their|him|them|someone|somebody|people|everyone)\b(?! (?:\S+ ){0,2}(?:pain|ache|eyes?|head|side|chest|stomach|heart)\b)"
                                r"|(?:attacking|going at|going after|chasing|hitting|threatening|swinging at) (?:\S+ ){1,3}with (?:a|an|the|his|her|their|a big) (?:\S+ )?"
                                r"(?:knife|machete|axe|cleaver|blade|sword|dagger|screwdriver|rod|hammer|gun|pistol|acid|broken bottle|sickle)s?\b)"),
    ], negatable=False),
) for rule in group]

# --- Urdu script ---------------------------------------------------------------------

URDU_BROAD = [rule for group in (
    # --- classes from holdouts 63 (school), 64 (sport) and 65 (roads), after their reading ---
    _rules("self_harm", "explicit", [
        # Walking into the water with no return: "آج رات سمندر میں اتر جاؤں گا اور واپس نہیں آؤں گا".
        ("bu_into_water_no_return", cooccur(r"(?:سمندر|دریا|نہر|جھیل|ڈیم)(?: \S+){0,2} میں (?:اتر|چلا|چلی|کود|ڈوب) (?:جاؤں|جاؤں گا|جاؤں گی|جاؤنگا|جاؤنگی)",
                                            r"واپس نہیں|کبھی نہیں|آخری|الوداع|ہمیشہ|معاف")),
    ]),
    _rules("abuse_danger", "explicit", [
        # Hiding now from someone outside: "میں بھاگ کر ایک دکان میں چھپی ہوں اور وہ باہر چکر لگا رہا ہے".
        ("bu_hiding_from", cooccur(r"چھپ(?:ی|ا|ے) (?:ہوئی |ہوا |ہوئے )?(?:ہوں|ہیں)", r"باہر|پیچھا|ڈھونڈ|زبردستی|کھینچ")),
        # Forced into a car, a drink spiked: "کسی نے میرے مشروب میں کچھ ملا دیا ہے اور دو آدمی مجھے زبردستی گاڑی میں بٹھا رہے ہیں".
        ("bu_forced_into_car", r"مجھے زبردستی (?:\S+ ){0,2}(?:گاڑی|کار|کمرے|رکشے|وین|ٹیکسی)(?: \S+){0,1} (?:میں )?(?:بٹھا|ڈال|لے جا|کھینچ|دھکیل)"
                               r"|(?:میرے|میری) (?:مشروب|جوس|ڈرنک|چائے|کولڈ ڈرنک)(?: \S+){0,1} میں کچھ (?:ملا|ڈال) (?:دیا|دی)"),
        # Strangled: "آج انہوں نے میرا گلا دبایا".
        ("bu_strangled_me", r"(?:میرا|میری) (?:گلا|گردن) (?:دبایا|دبائی|دبا دیا|دبا دی|دبا رہا|دبا رہی|دبا رہے|گھونٹا|گھونٹ دیا|گھونٹنے)"),
        # Not let out of a vehicle or a place: "دروازے لاک کر دیے ہیں ... اترنے نہیں دے رہا".
        ("bu_not_let_out", cooccur(r"(?:اترنے|نکلنے|باہر جانے) نہیں (?:دے رہا|دے رہی|دے رہے|دیتا|دیتی|دیتے)",
                                   r"لاک|بند کر|سنسان|زبردستی|لے جا رہا|لے جا رہے|ڈرائیور|گاڑی")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # An adult who asks a child to stay alone and tell no one at home: "قاری صاحب کہتے ہیں سبق کے بعد اکیلے رکنا ہے اور گھر پر کسی کو نہیں بتانا".
        ("bu_adult_alone_secret", cooccur(r"(?:کسی کو|گھر میں|گھر پر|امی|ابو|والدین)(?: \S+){0,3} (?:نہیں|مت|نہ) (?:بتانا|بتائیں|بتاؤ|بتانی|دکھانا)", r"اکیلے|اکیلی|اکیلا")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Wheat pills (aluminium phosphide), a known means: "میں نے گندم والی گولیاں لے لی ہیں اور ابھی کھانے لگا ہوں".
        ("bu_wheat_pills", cooccur(r"(?:گندم|دانوں|اناج) (?:والی|کی) (?:گولیاں|گولی)", r"کھا|نگل|لے لی|کھانے|پی")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Blood vomited, dark, with faintness: "صبح سے تین بار خون کی الٹی آئی ہے، کالے رنگ کی ... آنکھوں کے آگے اندھیرا".
        ("bu_vomiting_blood", cooccur(r"خون کی (?:الٹی|الٹیاں|قے)", r"کالے|کالی|اندھیرا|چکر|بے ہوش|تین بار|بار بار|کمزوری")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Whether a fall from a named height is survived: "پانچویں منزل کتنی اونچی ہے؟ وہاں سے گرنے پر کوئی بچ جاتا ہے کیا؟".
        ("bu_fall_survive_question", cooccur(r"گرنے (?:پر|سے|والا|کے بعد)(?: \S+){0,2} بچ (?:جاتا|جاتی|سکتا|سکتی|تو نہیں)",
                                             r"کتنی اونچی|کتنی منزل|منزل|چھت|اونچائی|کھائی")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # A drop or water sought, with no return meant: "سب سے گہری کھائی کون سی ہے؟ اکیلے جانا ہے، واپسی کا ارادہ نہیں".
        ("bu_no_return_meant", cooccur(r"واپسی کا (?:کوئی )?ارادہ نہیں", r"کھائی|دریا|پل|سمندر|نہر|چھت|پہاڑ|اکیلے")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Brakes drained or loosened unseen, asked about one who drives: "بریک کا تیل آہستہ آہستہ کیسے نکالا جائے کہ پتا نہ چلے؟ سسر روز ...".
        ("bu_brakes_unseen", cooccur(r"بریک(?: \S+){0,3} (?:تیل|پیڈ|تار|آئل)(?: \S+){0,4} (?:نکال|ڈھیل|کاٹ|خراب)", r"پتا نہ چلے|کسی کو پتا|روز|حادثہ|پہاڑی")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # The heart's signs: a weight on the chest and the left arm numb.
        ("bu_heart_arm", cooccur(r"بایاں بازو(?: \S+){0,1} (?:سن|سُن|درد|بھاری|اکڑ)", r"سینے|سینہ|چھاتی")),
    ], negatable=False),
    # Poison put in someone's food or drink, done or intended: "اس کے کھانے میں زہر ملا دیا".
    _rules("harm_to_others", "explicit", [
        ("bu_poison_food", r"(?<!اپنے )(?:کھانے|چائے|دودھ|پانی|شربت|جوس|روٹی|سالن|کھیر|حلوے)(?: \S+){0,1} میں (?:زہر|گولیاں|نیند کی گولیاں|دوائی|چوہے مار دوا|چوہے مار دوائی|کیڑے مار دوا)(?: \S+){0,1} (?:ملا|ڈال) (?:دیا|دی|دیں|دوں|دونگا|دونگی)"
         r"|(?<!اپنے )(?:کھانے|چائے|دودھ|پانی|شربت|جوس)(?: \S+){0,1} میں (?:زہر|گولیاں|نیند کی گولیاں)(?: \S+){0,1} (?:ملایا|ڈالا|ملائی|ڈالی)"),
    ]),
    # "He said he won't leave me alive tonight": a threat idiom, reported, with no trivial condition.
    # Medicines gathered up: "میں نے نیند کی گولیاں جمع کر لی ہیں" (not packed for a journey).
    _rules("self_harm", "indirect", [
        ("bu_stockpile", r"^(?!.*(?:سفر|بیگ|ٹرپ|سامان)).*?(?:گولیاں|دوائیاں|دوائی)(?: \S+){0,1} (?:جمع|اکٹھی|اکٹھا|اکٹھے) کر (?:لی|لیں|رکھی|رکھیں|رہا|رہی|لیے)"),
    ]),
    _rules("abuse_danger", "explicit", [
        ("bu_not_alive", r"^(?=.*(?:کہا|کہتا|کہتی|کہہ رہا|کہہ رہی|دھمکی|میسج|لکھا|بولا|بولی))(?!.*(?:دیر|لیٹ|نمبر|فیل|رزلٹ))"
         r".*?(?P<obj>مجھے(?: \S+){0,3} زندہ نہیں (?:چھوڑ|چھوڑے|چھوڑیں))"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # First-person future or subjunctive ("کود جاؤں گی"), not a past jump into a pool.
        ("bu_jump_hang", r"(?:چھت|پل|عمارت|ٹرین|ریل|بالکونی|کھڑکی|دریا|نہر|سمندر|پنکھے)(?: \S+){0,3} (?:کود|لٹک|چھلانگ لگا) (?:جاؤں|جاؤنگا|جاؤنگی|دوں|لوں)"),
        ("bu_cut_self", r"(?:اپنی|اپنے|اپنا|میری|میرے|میں نے)(?: \S+){0,1} (?:کلائی|کلائیاں|بازو|ہاتھ|رگ|رگیں|نس|نسیں|ٹانگ|ٹانگوں|ران|جسم)(?: \S+){0,2} (?:کاٹ|بلیڈ|زخمی|جلا|کٹ لگا)"),
        ("bu_cut_blade", r"(?:کلائی|بازو|ہاتھ|رگ|نس)(?: \S+){0,2} (?:بلیڈ|چھری|چاقو)(?: \S+){0,1} (?:سے )?(?:کاٹ|چلا|مار)"),
        ("bu_must_die", r"مجھے (?:\S+ )?مرنا ہے|مرنا ہے مجھے"),
    ]),
    _rules("self_harm", "indirect", [
        ("bu_never_wake", r"کاش(?: \S+){0,4} (?:اٹھوں|جاگوں)(?: ہی)? (?:نہ|نہیں)|کاش(?: \S+){0,3} (?:نہ|نہیں) (?:اٹھوں|جاگوں)"),
        ("bu_not_here", r"(?:کل|آج کے بعد|کل سے|شاید)(?: \S+){0,3} (?:میں|مَیں)(?: \S+){0,1} (?:نہیں|نہ) (?:ہوں گا|ہوں گی|ہونگا|ہونگی|رہوں|ہوں)(?=$| یہاں| اس دنیا| زندہ)"),
        ("bu_weary", r"زندگی سے (?:تھک|تنگ|بیزار)(?!.*(?:کام|نوکری|دفتر|پڑھائی|امتحان|شہر))"),
        ("bu_forgive_farewell", cooccur(r"معاف کر (?:دیں|دینا|دے)", r"آج کے بعد|آخری|الوداع|ہمیشہ")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("bu_finish_off", r"(?:اس|ان|اُس|اسکا|انکا)(?: کا| کی)? (?:کام تمام|گلا (?:دبا|گھونٹ))(?: \S+){0,1} (?:کر )?(?:دوں|ڈالوں)"
         r"|(?:^| )(?!اپن)\S+ (?:کا|کی|کے) (?:کام تمام|گلا (?:دبا|گھونٹ))(?: \S+){0,1} (?:کر )?(?:دوں|ڈالوں)"),
        # Arson in the first-person future or subjunctive: "اس کے گھر کو آگ لگا دوں گا".
        ("bu_arson", r"(?:گھر|مکان|دکان|گاڑی|دفتر)(?: \S+){0,1} (?:کو )?آگ لگا (?:دوں|دونگا|دونگی|ڈالوں)"),
    ]),
    _rules("harm_to_others", "indirect", [
        ("bu_weapon_ready", r"(?:چھری|چاقو|بندوق|پستول|ہتھیار)(?: \S+){0,3} (?:رکھ لی|رکھ لیا|لے لی|لے لیا|لے آیا|تیز کر لی|تیز کر لیا|تیار|خرید)(?!.*(?:شکار|لائسنس|دکان|کھلونا))"),
        ("bu_punish_plan", cooccur(r"سزا بھگت|سبق سکھا", r"تیار|آج|کل|زندہ نہیں")),
    ]),
    _rules("abuse_danger", "explicit", [
        # (not beatings told as a childhood that is over: "بچپن میں ابو ہمیں مارتے تھے، میں نے عہد کیا ہے ...")
        ("bu_beaten_us", r"^(?!.*بچپن میں).*?(?:(?:ہمیں|ہم سب کو|ہم کو|مجھے)(?: \S+){0,3} (?:بیلٹ|ڈنڈے|جوتے|چھڑی|لات|تھپڑ)(?: \S+){0,1} (?:سے )?(?:مار|پیٹ)|(?:ہمیں|ہم سب کو|ہم کو) (?:\S+ ){0,2}(?:مارتا|مارتی|مارتے|پیٹتا|پیٹتی|پیٹتے)"
         r"|نے(?: \S+){0,3} (?:بیلٹ|ڈنڈے|جوتے|چھڑی)(?: \S+){0,1} (?:سے )?(?:مارا|پیٹا))"),
        ("bu_break_in", r"(?:کوئی)(?: \S+){0,4} (?:دروازہ|کھڑکی|تالا)(?: \S+){0,1} (?:توڑ|کھول)|کوئی(?: \S+){0,3} (?:گھر|کمرے|اندر)(?: میں)? (?:گھسنے کی کوشش|گھسنے لگا|گھسنے لگی|گھس (?:آیا|آئی|آئے|گیا|گئی|رہا|رہی|رہے))"),
        ("bu_threat_if_tell", r"(?:اگر)(?: \S+){0,5} (?:بتایا|بتاؤں|بتاؤ|بتائی|منہ کھولا|زبان کھولی|پولیس)(?: \S+){0,5} (?:مار|جان سے مار|جلا|اٹھا لے|لے جا)|(?:دھمکی|کہتے|کہتا|کہتی)(?: \S+){0,6} (?:جلا|مار) (?:دیں گے|دے گا|دے گی|ڈالیں گے|ڈالے گا)"),
        ("bu_touch", r"غلط (?:جگہ|طریقے سے) (?:\S+ )?(?:چھو|ہاتھ لگا)"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("bu_scared_home", cooccur(r"گھر (?:جاتے|جانے)(?: \S+){0,2} ڈر", r"غصے|نشے|مارے|مار")),
        ("bu_hiding", r"چھپ(?:ی|ا|ے) (?:ہوئی|ہوا|ہوئے) (?:ہوں|ہیں)|چھپ کر بیٹھ"),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("bu_stroke_face", r"(?:منہ|چہرہ|چہرے)(?: \S+){0,3} (?:ٹیڑھا|ڈھلک|لٹک)|(?:زبان) (?:لڑکھڑا|اٹک)|بول نہیں (?:پا|سک) (?:رہ|رہا|رہی|رہے)"),
        ("bu_blue_lips", r"ہونٹ(?: \S+){0,1} نیلے"),
        ("bu_poison", r"(?:زہریل\S*|کیڑے مار|تیزاب|فینائل|بلیچ)(?: \S+){0,3} (?:پی|کھا|نگل) (?:لی|لیا|لیں|گیا|گئی)"),
        ("bu_foam_fit", r"(?:منہ سے )?جھاگ|دورہ (?:پڑا|پڑ)"),
        # A fall and then no movement: "چھت سے گر گیا ہے اور ہل نہیں رہا".
        ("bu_fall_still", r"گر (?:گیا|گئی|گئے|پڑا|پڑی)(?: \S+){0,4} (?:ہل|اٹھ|بول|ہوش)(?: \S+){0,1} (?:نہیں|نہ) (?:رہا|رہی|رہے|پا|آ)"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Absence that makes no difference, either order: "میرے ہونے نہ ہونے سے کسی کو فرق نہیں پڑتا".
        ("bu_absence_none", r"میرے ہونے (?:یا )?نہ ہونے(?: \S+){0,5} (?:فرق نہیں|کوئی فرق نہیں|کسی کو پروا نہیں)"
         r"|(?:فرق نہیں|کمی محسوس نہیں)(?: \S+){0,4} (?:جب|اگر) (?:میں|مَیں) (?:نہ|نہیں) (?:رہوں|رہا|رہی|ہوں گا|ہوں گی)"),
        ("bu_finish_all", r"سب(?: کچھ)? ختم کر (?:دوں|دیتا ہوں|دیتی ہوں|دوں گا|دوں گی|لوں|دونگا)(?!.*(?:کام|کھانا|پروجیکٹ|کتاب))"),
    ], negatable=False),
    # Fear of one's own loss of control: "غصے میں اپنی بیوی کو کچھ کر بیٹھوں گا"; the "نہ" of
    # "کہیں ... کر نہ بیٹھوں" (lest I do) is part of the fear, not a negation.
    _rules("harm_to_others", "indirect", [
        ("bu_lose_control", r"کو (?:کچھ|مار|نقصان)(?: پہنچا)? (?:کر )?(?:نہ )?بیٹھوں"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("bu_marks_secret", cooccur(r"نیل|زخموں|زخم|چوٹ کے نشان", r"بتانے کی اجازت نہیں|کسی کو (?:نہ|مت) (?:بتا|بتاؤں|بتانا)|چھپا(?:نا|تی|تا)")),
    ], negatable=False),
    # Threats and signs told in Urdu script: acid, a killing promised, a noose, lethal doses asked, a last call.
    _rules("abuse_danger", "explicit", [
        ("bu_acid", r"تیزاب(?: \S+){0,3} (?:پھینک|ڈال)"),
        ("bu_murder_me", r"(?:مجھے|ہمیں|مجھ کو)(?: \S+){0,2} قتل کر (?:دوں|دے|دیں|ڈالے|ڈالیں|دینگے|دیگا|دیگی)"),
        ("bu_beating_now", r"(?:بیوی|بچے|بچی|بچوں|بہن|ماں|امی|بہو|ملازمہ)(?: \S+){0,1} کو(?: \S+){0,3} (?:مار رہا|مار رہی|مار رہے|پیٹ رہا|پیٹ رہی|مارتا ہے|مارتی ہے|پیٹتا ہے|پیٹتی ہے)"),
    ]),
    _rules("harm_to_others", "explicit", [
        ("bu_murder", r"قتل کر (?:دوں|دے|دیں|ڈالوں|ڈالے|دونگا|دونگی|دیگا|دیگی|دینگے) (?:گا|گی|گے)?"),
    ]),
    _rules("self_harm", "explicit", [
        ("bu_noose", r"(?:پھندا|پھندہ)(?: \S+){0,2} (?:بنا|لگا|تیار|باندھ)(?!.*(?:چوہ|جانور|پرندے|شکار))|پنکھے(?: \S+){0,3} (?:پھندا|پھندہ)"),
    ]),
    _rules("self_harm", "indirect", [
        ("bu_dose_question", r"کتنی(?: \S+){0,4} (?:کھانی|پینی|لینی|کھاؤں|پیوں|لوں|لیں|کھائیں|کھانے سے|لینے سے)(?: \S+){0,9} (?:نہ اٹھے|نہ اٹھوں|نہیں اٹھے|نہیں اٹھتا|نہیں اٹھتی|اٹھتا نہیں|مر جائے|مر جاؤں|موت|جان نکل|واپس نہ|نہیں بچ|نہ بچ)"
                             r"|(?:انسان|آدمی|بندے|بندہ|شخص)(?: \S+){0,4} (?:جان لیوا|مہلک)|کتنی (?:مقدار|خوراک)(?: \S+){0,6} (?:انسان|آدمی|بندے|بندہ|شخص)"),
        ("bu_last_talk", cooccur(r"آخری (?:بات|کال|بار بات|فون)", r"معافی|معاف|فون بند|الوداع|ہمیشہ کے لیے")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("bu_forced_marriage", cooccur(r"زبردستی(?: \S+){0,4} (?:شادی|نکاح)", r"نکلنے نہیں|باہر نہیں|بند|مار|دھمکی|قتل|فون|ڈرا")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("bu_half_face", r"(?:آدھا|آدھے) (?:چہرہ|چہرے|منہ)(?: \S+){0,2} (?:لٹک|ٹیڑھا|ٹیڑھی|ڈھلک|بے جان|سن)"),
        ("bu_swelling_bite", cooccur(r"(?:ہونٹ|گلا|زبان|چہرہ)(?: \S+){0,3} سوج", r"کاٹ|ڈنک|الرجی|سانس")),
        ("bu_snake", r"سانپ(?: نے)?(?: \S+){0,2} (?:کاٹ|ڈس) (?:لیا|لی|گیا)"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # About to jump, at a height: "میں چھت کے کنارے پر کھڑا ہوں اور چھلانگ لگانے والا ہوں".
        ("bu_about_to_jump", cooccur(r"(?:چھلانگ لگانے|کودنے) (?:والا|والی|جا رہا|جا رہی) (?:ہوں|ہے)|کود (?:رہا|رہی) ہوں",
                                     r"چھت|پل|عمارت|ٹرین|ریل|بالکونی|کھڑکی|دریا|نہر|سمندر|کنارے|منزل|پٹڑی|فلائی اوور|نیچے|مینار|پہاڑ")),
    ]),
    _rules("harm_to_others", "explicit", [
        # A head to be broken, with the stick ready: "اس کا سر پھوڑ دوں گا، ڈنڈا تیار رکھا ہے".
        ("bu_head_smash", cooccur(r"سر (?:پھوڑ|پھاڑ|توڑ) (?:دوں|دوں گا|دوں گی|دیں گے|دے گا|ڈالوں)",
                                  r"ڈنڈا|ڈنڈے|لاٹھی|راڈ|چھری|چاقو|پستول|بندوق|تیار|ہتھوڑا|ہتھوڑی|کلہاڑی|پتھر|تلوار|بیٹ|وکٹ|نکلے گا|انتظار")),
    ]),
    _rules("abuse_danger", "explicit", [
        # "گندی حرکتیں" done to the speaker: sexual abuse named in the usual words.
        ("bu_indecent", cooccur(r"(?:گندی|غلط) (?:حرکتیں|حرکت|حرکات)",
                                r"مجھے|میرے ساتھ|ڈر|چھوتے|چھوتا|چھوتی|کسی کو نہ بتانا|روک لیتے|روک لیتا")),
    ]),
    _rules("harm_to_others", "indirect", [
        # A gun obtained and a day of reckoning: "پستول کا انتظام ہو گیا ہے، جمعہ کو سب کو پتا چل جائے گا".
        ("bu_weapon_arranged", cooccur(r"(?:پستول|بندوق|کلاشنکوف|اسلحہ|اسلحے|ریوالور|کٹا)(?: \S+){0,1} (?:کا انتظام|کا بندوبست|مل گیا|مل گئی|خرید لی|خرید لیا|لے لی|لے لیا|لے آیا)",
                                       r"انجام|سبق|دیکھ لوں|پتا چل جائے|پتہ چل جائے|بدلہ|عزت|چھوڑوں گا|حساب|باری")),
        # A list of the people who torment the speaker, and a key or a gun.
        ("bu_hit_list", cooccur(r"(?:لسٹ|فہرست) بنا (?:لی|رکھی)",
                                r"تنگ کرتے|مذاق اڑاتے|مارتے|چابی|پستول|بندوق|سبق")),
        # When is he alone; the rest the speaker will see to.
        # (or the hour told and checked: "روز شام سات بجے اکیلا دفتر بند کرتا ہے نا؟ ... باقی میں دیکھ لوں گا")
        ("bu_when_alone", cooccur(r"(?:کس وقت|کب|بجے|رات کو)(?: \S+){0,4} اکیل(?:ا|ے|ی)|اکیل(?:ا|ے|ی)(?: \S+){0,3} (?:کس وقت|کب|ہوتا|ہوتی|ہوتے|رہتا|رہتی|کرتا|کرتی|جاتا|جاتی)"
                                  r"|کتنے بجے (?:نکلتا|نکلتی|آتا|آتی|جاتا|جاتی)",
                                  r"باقی|دیکھ لوں|نمٹ لوں|سنبھال لوں|اس کی باری|سبق سکھا|بدلہ|پٹرول|نہیں چھوڑوں")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Held by a debt: "بھٹے کا مالک ہمیں جانے نہیں دیتا، کہتا ہے پہلے قرض پورا کرو".
        ("bu_debt_bondage", cooccur(r"جانے نہیں (?:دیتا|دیتے|دیتی|دیں گے|دے گا)|باہر نہیں (?:جانے|نکلنے) (?:دیتا|دیتے|دیتی)",
                                    r"قرض|قرضہ|ادھار|پیسے پورے|کاغذات|پاسپورٹ|شناختی کارڈ|تنخواہ نہیں|زبردستی|دھندا|ایجنٹ|قید|ڈنڈ|مارا|مارتا|مارتے")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("bu_injure_until", cooccur(r"(?:ناخنوں|بلیڈ|سوئی)(?: \S+){0,1} سے(?: \S+){0,3} (?:نوچ|کاٹ|کھرچ)\S*", r"خون")),
    ]),
    _rules("harm_to_others", "explicit", [
        ("bu_harm_baby", r"(?:بچی|بچے|بچہ|بیٹی|بیٹے|بیٹا|منے|منی)(?: \S+){0,2} (?:کو )?(?:تکیے سے دبا|گلا دبا|پانی میں ڈبو|زور سے ہلا|پھینک) (?:دوں|دیتی|دیتا|ڈالوں)"),
    ]),
    _rules("harm_to_others", "indirect", [
        ("bu_arson_question", r"(?:گھر|مکان|دکان)(?: \S+){0,2} (?:میں |کو )?آگ لگانی"),
    ]),
    _rules("self_harm", "indirect", [
        # A rope bought for the ceiling fan: "ایک مضبوط رسی بھی خرید لی پنکھے کے لیے".
        ("bu_rope_fan", r"رسی(?: \S+){0,5} پنکھے|پنکھے(?: \S+){0,5} رسی"),
    ]),
    _rules("abuse_danger", "indirect", [
        ("bu_burn_marks", cooccur(r"جلنے کے (?:نشان|داغ)|(?:استری|سگریٹ) سے جلا\S*", r"بچی|بچہ|بچے|روتی|روتا|کام کرتی|کام کرتا|ملازمہ|نوکرانی")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("bu_goodbye_unreachable", cooccur(r"الوداع|معاف کرنا|معاف کر دینا", r"فون نہیں اٹھا|فون بند|جواب نہیں|نہیں مل رہ")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("bu_all_at_once", cooccur(r"(?:سب|ساری|سارے) (?:\S+ )?ایک ساتھ (?:کھانے|کھاؤں|کھا لوں|نگلنے|نگل لوں)", r"گولی|گولیاں|گولیوں|دوائی|دوائیاں|پتے")),
    ]),
    _rules("medical_emergency", "explicit", [
        ("bu_floor_moaning", cooccur(r"(?:فرش|زمین) (?:پر|پہ) (?:گری|گرا|گرے|پڑی|پڑا|پڑے)", r"کراہ|بے ہوش|بےہوش|ہوش|بول نہیں|جواب نہیں|ہل نہیں|اٹھ نہیں|گیس کی بو|سانس")),
        ("bu_overdose_done", r"اوور ?ڈوز کر (?:لیا|لی)"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # Poison put in someone's food, the poison named: "چوہے مار دوا اس کے کھانے میں ڈال رہا ہوں".
        ("bu_poison_food_named", r"(?:زہر|چوہے مار|کیڑے مار|زہریل\S*)(?: \S+){0,5} (?:اس|ان|اُس)(?: کے| کی) (?:کھانے|چائے|دودھ|پانی|سالن)(?: \S+){0,1} میں(?: \S+){0,2} (?:ملا|ڈال) (?:دیا|دی|دیں|رہا|رہی|دیتا|دیتی)"),
        # Killing someone said as what must be done: "اس لڑکے کو آج رات مار دینا ہے".
        # The object is a person ("مار دینا" is also to hit a ball); a pest or the heat is not.
        ("bu_must_kill", r"^(?!.*(?:مچھر|مکھی|مکھیوں|کیڑے|کیڑوں|چوہے|چوہوں|کاکروچ|گرمی|بھوک|گیند|شاٹ|چھکا|گول))(?:.* )?"
                         r"(?:اسے|اُسے|انہیں|اس کو|ان کو|(?:اس|ان|اُس) (?:لڑکے|لڑکی|آدمی|عورت|کمینے|شخص|بندے|حرامی|سالے)(?: کو)?)(?: \S+){0,5} (?:مار|قتل کر|جان سے مار) (?:دینا|ڈالنا) (?:ہے|ہی ہے)"),
    ]),
    _rules("harm_to_others", "indirect", [
        # Something mixed into someone's food, and what it will end: "اب وہ زیادہ دن تنگ نہیں کرے گی".
        ("bu_mixed_in_food", cooccur(r"(?:اس|ان|اُس|ساس|سسر|شوہر|بیوی)(?: کے| کی)? (?:کھانے|چائے|دودھ|پانی|سالن)(?: \S+){0,1} میں (?:کچھ|\S+)(?: \S+){0,1} (?:ملا|ڈال) (?:دیا|دی|دیں|رہا|رہی)",
                                     r"تنگ نہیں کرے|زیادہ دن|ختم ہو جائے|مر جائے|پتا نہیں چلے|پتہ نہیں چلے|کسی کو پتا|سو جائے گ|اٹھے گ|دیکھتے ہیں|اٹھتی ہیں یا|اٹھتا ہے یا")),
        # A weapon carried, waiting for the chance: "چھری جیب میں رکھی ہے، بس موقع کا انتظار ہے".
        ("bu_weapon_waiting", cooccur(r"(?:چھری|چاقو|پستول|خنجر|بندوق|کٹا)(?: \S+){0,2} (?:جیب|ساتھ|پاس|بستے)(?: میں)? (?:رکھی|رکھا|رکھ لی|رکھ لیا|رکھتا|رکھتی)",
                                      r"موقع|انتظار|اس کی گلی|اس کے گھر|سبق|دیکھ لوں|حساب")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # The story told about the bruises: "سب کو کہہ دیا کہ سیڑھی سے گر گئی تھی".
        ("bu_injury_cover_story", cooccur(r"(?:کہہ|کہ) (?:دیا|دی|دیتی ہوں|دیتا ہوں|دیتی|دیتا)(?: کہ)?(?: \S+){0,3} (?:سیڑھی|سیڑھیوں|دروازے|دیوار|باتھ روم|غسل خانے|پھسل)"
                                          r"|(?:ڈاکٹر|نرس) کو (?:\S+ ){0,2}(?:کہا|بتایا|بولا)(?: \S+){0,3} (?:سیڑھی|سیڑھیوں|دروازے|دیوار|پھسل)",
                                          r"نیل|زخم|چوٹ|نشان|پھر سے|پھر|ساتھ ہی بیٹھا|اصل میں")),
        # Someone breaking at the door, shouting abuse, the children crying.
        ("bu_door_attacked", cooccur(r"دروازہ (?:پیٹ|توڑ|زور زور سے|لاتیں مار)",
                                     r"گالیاں|دھمکی|ڈر لگ|ڈری|ڈرا|چھپ|کیا کروں|مار دے|بچے رو")),
        # A trapped in-law household: "سسرال والے روز مارتے ہیں".
        ("bu_household_beats", r"(?:سسرال والے|ساس|سسر|شوہر|میاں|دیور|جیٹھ|نند)(?: \S+){0,2} (?:روز|روزانہ|ہر روز|ہر دن|بہت|پھر) (?:مارتے|مارتا|مارتی|پیٹتے|پیٹتا|پیٹتی) (?:ہیں|ہے)"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # No burden on anyone, soon: "بس تھوڑے دن اور، پھر میں کسی پر بوجھ نہیں رہوں گا".
        ("bu_burden_soon", cooccur(r"کسی (?:پر|پہ) بوجھ نہیں (?:بنوں|رہوں) (?:گا|گی)", r"کل سے|آج کے بعد|زیادہ دن|تھوڑے دن|بس|جلد|اس ہفتے|انتظام")),
        # Tomorrow's sun not to be seen.
        ("bu_no_tomorrow", r"کل کا سورج(?: \S+){0,2} (?:نہیں دیکھ|دیکھنے کا ارادہ نہیں|نہ دیکھ)"),
        # Waiting at the tracks or on a canal bridge.
        ("bu_tracks_waiting", cooccur(r"(?:ریل کی پٹری|ریل کی پٹڑی|ریلوے لائن|ریلوے ٹریک|پٹڑی|پٹری)", r"گاڑی آنے والی|ٹرین کا انتظار|ہمت جمع|لیٹ کر|لیٹ جاؤں|لیٹ جانا|جان دے|اگلی ٹرین")),
        # Sat or lying on a railway line: "ریلوے کی پٹری پر بیٹھا ہوں".
        ("bu_tracks_waiting", r"(?:ریلوے|ریل|ٹرین)(?: کی)? (?:پٹری|پٹڑی|ٹریک|لائن) پر (?:\S+ ){0,1}(?:بیٹھا|بیٹھی|لیٹا|لیٹی|کھڑا|کھڑی) ہوں"),
        ("bu_bridge_water", cooccur(r"(?:نہر|دریا) (?:کے|کا) پل", r"پانی بہت تیز|ایک قدم|وہیں جا رہ|کسی کو مت بتانا|سوچ رہ\S* ہوں بس|آج رات")),
        # Medicines saved up until there are enough.
        ("bu_pills_saved", cooccur(r"(?:دوائیاں|دوائیں|گولیاں|دوا)(?: \S+){0,5} جمع کر|(?:کافی|بہت سی|ساری) جمع ہو (?:گئی|گئیں|گئے)", r"کافی|جس دن|ضرورت|اب بس|گولی|گولیاں|دوا")),
        # A farm poison at hand, and an end to it all.
        ("bu_pesticide_at_hand", cooccur(r"کیڑے مار (?:دوا|سپرے)|گندم (?:میں رکھنے والی|کی) گولیاں|زہر کی (?:بوتل|پڑیا)",
                                         r"قصہ ختم|کوئی نہیں|سامنے|سارا بوجھ|آخری|ختم کر دوں|سوچ رہا ہوں|سوچ رہی ہوں")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A threat to burn the speaker with kerosene: "کل مجھے مٹی کا تیل ڈال کر جلا دیں گے".
        ("bu_kerosene_threat", r"(?:مٹی کا تیل|تیل|پٹرول)(?: \S+){0,2} (?:ڈال|چھڑک) (?:کر|کے) (?:مجھے )?جلا (?:دیں گے|دے گا|دے گی|دینگے|دوں گا)"),
        # Someone who comes at night and covers the speaker's mouth.
        ("bu_mouth_covered", cooccur(r"(?:میرا )?منہ (?:دبا|بند کر) (?:دیتے|دیتا|دیتی|دیا)", r"رات|کمرے|کسی کو|ڈر")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Marks hidden under sleeves or a scarf: "پوری آستین پہنتی ہوں تاکہ کوئی نشان نہ دیکھ لے".
        ("bu_marks_hidden", r"نشان (?:چھپانے|چھپاتی|چھپاتا)|نشان(?: \S+){0,3} (?:کیسے )?چھپاؤں|(?:آستین|آستینیں|دوپٹہ|شال)(?: \S+){0,6} نشان|نشان(?: \S+){0,3} نہ دیکھ"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("bu_roof_edge", cooccur(r"(?:چھت|بلڈنگ|عمارت) (?:کی|کے) (?:منڈیر|کنارے)", r"نیچے دیکھ|فرق نہیں|کود|چھلانگ|بس اب|آخری")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Followed, and the follower at the door now: "ایک آدمی پیچھا کرتا ہے، ابھی میرے دروازے پر کھڑا ہے".
        ("bu_stalker_outside", cooccur(r"پیچھا (?:کرتا|کرتی|کر رہا|کر رہی|کرتے)", r"دروازے|گھر کے باہر|گلی|کھڑا|کھڑی|ابھی بھی")),
        # Hit again today, the head struck against a wall: "شوہر نے آج پھر مارا، میرا سر دیوار سے دے مارا".
        ("bu_hit_again", r"نے (?:آج |کل |رات )?(?:پھر|پھر سے|دوبارہ) (?:مجھے )?(?:مارا|پیٹا)|سر (?:دیوار|فرش|زمین|دروازے)(?: سے| پر| میں)? (?:دے )?مارا"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A bone to be broken if the speaker is late: "دیر سے گھر پہنچی تو وہ پھر ہاتھ توڑ دیں گے".
        ("bu_bones_threat", r"(?:وہ|شوہر|ابو|ابا|بھائی|سسر|ساس|میاں)(?: \S+){0,2} (?:پھر|پھر سے|دوبارہ|اس بار بھی) (?:\S+ ){0,1}(?:ہاتھ|ٹانگ|ٹانگیں|پسلی|پسلیاں|بازو|ہڈی|ہڈیاں|دانت) توڑ (?:دیں|دے|ڈالیں|ڈالے) (?:گے|گا|گی)"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Cuts made with a blade on the body, and the pull to go deeper: "بلیڈ سے اپنے بازو پر کٹ لگائے ہیں".
        ("bu_cutting", cooccur(r"(?:بلیڈ|ریزر)(?: \S+){0,1} سے(?: \S+){0,5} (?:کٹ|زخم)", r"بازو|کلائی|ران|جسم|ٹانگ|ہاتھ")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Rat poison, eaten, asked about: "چوہا مار دوا کھا لوں تو کتنی دیر لگتی ہے".
        ("bu_rat_poison_eaten", cooccur(r"چوہ(?:ا|ے|وں) مار (?:دوا|دوائی|گولی|گولیاں|زہر)", r"کھا لوں|کھا لے|کھا لی|کھانے سے|کتنی دیر|درد ہوتا|گھول لی|گھول لیا|پینے والا|پینے والی|پی لی|پی لوں|پی لیا")),
        ("bu_fall_height_question", cooccur(r"کتنی (?:منزل|منزلوں|اونچائی) سے|(?:اونچائی|منزلیں) کتنی",
                                            r"(?:بچتا|بچتی|بچ سکتا) نہیں|بچ (?:تو )?نہیں (?:جاتا|جاتی|سکتا|پاتا)|مر جات|ختم")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Poison asked for that changes no taste and no report: "کون سا زہر سالن میں ملائیں تو ذائقہ نہ بدلے".
        ("bu_mixed_question", cooccur(r"(?:زہر|دوائی|دوا|گولیاں)(?: \S+){0,2} (?:سالن|کھانے|چائے|دودھ|پانی)(?: \S+){0,1} میں ملا(?:ئیں|وں|ؤں|دوں|دیں)",
                                      r"پتا نہ|ذائقہ|رپورٹ|سبق|نہ اٹھ")),
        ("bu_pillow_face", cooccur(r"(?:تکیہ|کپڑا|دوپٹہ)(?: \S+){0,2} منہ پر رکھ", r"رونا|سانس|ہٹاؤں|چپ|اگلی بار")),
        # A pillow lifted towards someone's face, and a stop not promised: "تکیہ اٹھا لیا تھا ان کے منہ کی طرف، پھر رک گئی".
        ("bu_pillow_face", cooccur(r"تکیہ(?: \S+){0,2} اٹھا\S*(?: \S+){0,5} منہ (?:کی طرف|پر|پہ)", r"رک گئی|رک گیا|رکوں|روکا|چیخ|سانس|چپ")),
        ("bu_pillow_face", r"تکیہ (?:\S+ ){0,2}(?:اس کے|اسکے|بچے کے|بچی کے|ان کے) (?:منہ|چہرے) پر (?:رکھ|دبا)"),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        ("bu_face_fallen", cooccur(r"(?:منہ|چہرہ) (?:ایک طرف|ٹیڑھا)", r"لٹک|ڈھلک|بول نہیں|آواز نہیں|ہو گیا|ہو گئی")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Something asked for to mix into food unnoticed: "اس کے کھانے میں کیا ملاؤں کہ ذائقہ بھی نہ بدلے".
        ("bu_mixed_question", cooccur(r"(?:کھانے|سالن|چائے|دودھ)(?: \S+){0,1} میں (?:کیا|کون سی چیز|کچھ) ملاؤں", r"ذائقہ|پتا بھی نہ|پتا نہ|رپورٹ|نہ اٹھ")),
        # How many pills so an old man does not wake: "کتنی گولیاں دینے سے کوئی بوڑھا آدمی سوتا ہی رہے".
        ("bu_mixed_question", cooccur(r"کتنی (?:گولیاں|دوائی|دوا)(?: \S+){0,2} (?:دینے|کھلانے|ملانے) سے", r"اٹھے ہی نہ|نہ اٹھے|سوتا ہی رہے|دودھ میں")),
        # A petrol bottle ready, and someone's shop or house: "پیٹرول کی بوتل تیار رکھی ہے".
        ("bu_petrol_ready", cooccur(r"پیٹرول(?: کی)? (?:بوتل|کین)(?: \S+){0,2} (?:تیار|رکھ)", r"دکان|گھر|کتنے بجے|سبق")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Someone else's jump announced: "امی کہہ رہی ہیں کہ وہ نہر میں چھلانگ لگا دیں گی".
        ("bu_jump_announced", r"(?:نہر|دریا|پل|چھت|ٹرین)(?: \S+){0,2} (?:میں|سے|کے آگے) چھلانگ لگا (?:دیں|دے) (?:گی|گا|گے)"),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A child forced into marriage: "ابو زبردستی میری شادی چالیس سال کے آدمی سے کر رہے ہیں، میں صرف پندرہ سال کی ہوں".
        ("bu_forced_marriage", cooccur(r"زبردستی(?: \S+){0,4} (?:شادی|نکاح)", r"(?:بارہ|تیرہ|چودہ|پندرہ|سولہ|سترہ) سال کی|عمر کے آدمی|سال کے آدمی|نکاح ہے")),
        # A threat against a mother unless a child keeps quiet: "کسی کو مت بتانا ورنہ امی کو مار دیں گے".
        ("bu_threat_unless", cooccur(r"ورنہ(?: \S+){0,4} (?:مار دیں گے|مار دے گا|اٹھا لیں گے|جلا دیں گے|غائب کر دیں گے)", r"مت بتانا|نہ بتانا|بینک|پیسے|پتا جانتا")),
    ], negatable=False),
    # How many before there is no surviving it: "نیند کی کتنی گولیوں کے بعد واپسی نہیں ہوتی؟".
    _rules("self_harm", "indirect", [
        ("bu_dose_no_return", cooccur(r"کتنی(?: \S+){0,5} (?:ہو تو|ہوں تو|کے بعد|کھانے کے بعد)(?: \S+){0,4} (?:بچ نہیں (?:پاتا|پاتی|سکتا|سکتی)|نہیں بچتا|نہیں بچتی|واپسی نہیں)",
                                      r"گولی|گولیاں|دوا|دوائی|زہر|نیند")),
        # Peace sought in the water for ever: "نہر کے کنارے بیٹھا ہوں، سوچتا ہوں ہمیشہ کے لیے اسی میں سکون ڈھونڈ لوں".
        ("bu_water_forever", cooccur(r"ہمیشہ کے لیے(?: \S+){0,3} (?:سکون|سو جاؤں|ڈوب)", r"نہر|دریا|پانی|پل|سمندر")),
    ], negatable=False),
    # Who to blame if the speaker goes quiet: "اگر میں جواب دینا بند کر دوں تو سمجھ لینا وہی تھا".
    _rules("abuse_danger", "indirect", [
        ("bu_if_i_go_quiet", cooccur(r"اگر میں(?: \S+){0,2} (?:جواب|میسج|فون)(?: \S+){0,2} بند کر (?:دوں|دیتی|دیتا|دیا)",
                                     r"وہی تھا|وہی ہو گا|اسی نے|اس نے کیا|پولیس")),
    ], negatable=False),
    # --- babies, young children and pregnancy ---
    _rules("medical_emergency", "explicit", [
        # A sunken soft spot; a baby not moving late in pregnancy: "تالو اندر کو دھنس گیا ہے", "بچے نے حرکت نہیں کی".
        ("bu_infant_red_flag", r"تالو(?: \S+){0,2} (?:دھنس|بیٹھ) گیا|بچے نے(?: \S+){0,5} حرکت نہیں کی"),
        # A baby gone limp and not feeding: "منا بالکل ڈھیلا پڑ گیا ہے، دودھ بھی نہیں پی رہا".
        ("bu_floppy_baby", cooccur(r"(?:ڈھیلا|ڈھیلی|نڈھال) (?:پڑ|ہو) (?:گیا|گئی)|نڈھال ہے", r"دودھ(?: بھی)? نہیں|آنکھیں آدھی|جواب نہیں|ہل نہیں")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # An urge to throw down or shake the crying baby, owned: "میرا دل کر رہا ہے اسے زمین پر پٹخ دوں، میں سچ میں کر دوں گی".
        ("bu_baby_thrown", cooccur(r"(?:اسے|اس کو|بچے کو|بچی کو|منے کو)(?: \S+){0,4} (?:پٹخ|جھنجھوڑ|پھینک) (?:دوں|دوں گی|دوں گا)",
                                   r"چپ نہیں|سچ میں|روک لو|کر دوں گی|کر دوں گا")),
        # Voices about the baby: "آوازیں آ رہی ہیں کہ یہ بچی منحوس ہے اور اسے نہر کو واپس دینا ہو گا".
        ("bu_voices_about_baby", cooccur(r"آوازیں (?:آ رہی|آتی|سنائی)", r"منحوس|واپس دینا|شیطان|بچی|بچہ")),
    ], negatable=False),
    # A low sugar reading with its signs: "ابو کی شوگر 40 ہے اور پسینے میں بھیگے ہوئے ہیں".
    _rules("medical_emergency", "explicit", [
        ("bu_low_sugar_signs", cooccur(r"(?:شوگر|شکر)(?: \S+){0,3} (?:[1-4]\d|5[0-4]|[۱-۴][۰-۹]|۵[۰-۴])(?![\d۰-۹])", r"پسینے|پسینہ|عجیب باتیں|بے ہوش|بیہوش|ہوش نہیں|کانپ|جواب نہیں")),
        # A knock to the head, then vomiting or confusion: "سر پر چوٹ لگی، دو بار الٹی ہو چکی ہے اور یاد نہیں آ رہا کہ میں کہاں ہوں".
        ("bu_head_knock_signs", cooccur(r"سر (?:پر|پہ|میں)(?: \S+){0,1} (?:چوٹ|ضرب)|سر(?: \S+){0,3} (?:ٹکرا|پھٹ)", r"الٹی|الٹیاں|قے|یاد نہیں آ رہا|کچھ یاد نہیں|بے ہوش|ہوش نہیں|غنودگی")),
    ], negatable=False),
    # All the pills, about to be taken: "نیند کی ساری گولیاں نکال کر رکھ لی ہیں اور ابھی کھانے والی ہوں".
    _rules("self_harm", "explicit", [
        ("bu_all_pills_now", cooccur(r"(?:ساری|سب|تمام)(?: \S+){0,2} گولیاں",
                                     r"کھانے والی|کھانے والا|کھانے لگی|کھانے لگا|کھا لوں گی|کھا لوں گا|نگلنے والی|نگلنے والا")),
        ("bu_pregnancy_bleeding", cooccur(r"(?:حاملہ|حمل|پریگننٹ)", r"بہت زیادہ خون|خون (?:رک|بند) نہیں|کپڑے خون|خون ہی خون")),
    ], negatable=False),
    # Men come to break bones, now: "سود والے کے بندے دکان پر آ گئے ہیں ... آج ٹانگیں توڑ دیں گے".
    _rules("abuse_danger", "explicit", [
        ("bu_bones_broken_now", cooccur(r"(?:ٹانگیں|ٹانگ|ہاتھ پاؤں|بازو) توڑ (?:دیں گے|دے گا|دیں گی|ڈالیں گے|ڈالے گا)",
                                        r"آج|ابھی|آ گئے|آ گیا|باہر کھڑے|دروازے|دکان پر|شٹر|گھر پر")),
    ], negatable=False),
    # Poison asked about so that it goes unnoticed in a drink or food: "کتنا زہر ڈالیں کہ چائے میں پتا نہ چلے؟"
    _rules("harm_to_others", "indirect", [
        ("bu_mixed_question", cooccur(r"(?:زہر|دوائی|دوا|گولیاں)(?: \S+){0,4} (?:ڈالیں|ڈالوں|ڈال دوں|ملائیں|ملاؤں)", r"پتا نہ|پتہ نہ|ذائقہ|شک نہ")),
    ], negatable=False),
    # A weapon taken up on the way to someone: "پستول لے کر اس کے کلینک جا رہا ہوں، آج اسے نہیں چھوڑوں گا".
    _rules("harm_to_others", "explicit", [
        ("bu_weapon_on_the_way", cooccur(r"^(?!.*(?:شکار|پرندے|مرغابی|نشانہ|نشانے|رینج|کلب)).*?(?:پستول|بندوق|چھری|چاقو|کلہاڑی|ہتھوڑا|تیزاب|ڈنڈا|تلوار)(?: \S+){0,1} (?:لے کر|لےکر|لے کے|اٹھا کر|اٹھا لیا|اٹھا لی)",
                                         r"جا رہا ہوں|جا رہی ہوں|جاؤں گا|جاؤں گی|نکل رہا|نکل رہی|نہیں چھوڑوں|چھوڑوں گا نہیں|مار دوں|ختم کر دوں|سر پھاڑ|سر پھوڑ")),
        # Afraid of what one is about to do to them: "ڈر ہے کہ میں ان کے ساتھ کچھ برا کر دوں گا".
        ("bu_fear_doing_harm", r"ڈر (?:ہے|لگ رہا ہے|لگتا ہے)(?: \S+){0,6} (?:کچھ )?(?:بہت )?(?:برا|غلط) کر (?:دوں گا|دوں گی|بیٹھوں|ڈالوں)"),
    ], negatable=False),
    # Medicine swallowed on purpose: "جان بوجھ کر ساری گولیاں کھا لی ہیں".
    _rules("self_harm", "explicit", [
        ("bu_meds_on_purpose", cooccur(r"(?:گولیاں|گولی|دوائی|دوائیاں|دوا|پتا|پتہ)(?: \S+){0,3} (?:کھا|نگل|پی) (?:لی|لیں|لیا|لئے)", r"جان بوجھ|مرنے کے لیے|مرنے کیلئے|خود کو ختم")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # How much, so as not to wake: "ایک بندہ کتنی انسولین لگائے کہ پھر صبح نہ اٹھے؟"
        ("bu_dose_never_wake", cooccur(r"(?:کتنی|کتنا|کتنے)(?: \S+){0,7} (?:لگائے|لگاؤں|کھائے|کھاؤں|لوں|لے|ڈالوں|پیئے|پیوں|پی جائیں|پی جاؤں|ملاؤں)",
                                        r"نہ اٹھے|نہ اٹھوں|کبھی نہ اٹھ|اٹھ نہ سک|اٹھ نہیں سک|آنکھ نہ کھلے|سوتا رہے|سوتی رہے|ہمیشہ کے لیے سو")),
        # The railway, a bridge or a canal, and going straight there: "ریل کی پٹڑی قریب ہے ... سیدھی وہیں جاؤں گی".
        ("bu_place_straight_there", cooccur(r"^(?!.*(?:ڈھابہ|ڈھابے|ہوٹل|دکان|کھانا|چائے|بازار|میچ|دوست)).*?(?:پٹڑی|پل|نہر|دریا|فلائی اوور|چھت|ریل)",
                                            r"(?:سیدھی|سیدھا) وہیں (?:جاؤں|جا رہی|جا رہا)|(?:گاڑی|ٹرین) کا وقت (?:پتا|پتہ|معلوم) کر لیا")),
        # The door not to be broken, the key left out.
        ("bu_door_key_left", cooccur(r"دروازہ(?: \S+){0,3} (?:مت|نہ) (?:توڑنا|توڑیں|توڑو)", r"چابی|چابیاں")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Pills put by one at a time: "نیند کی گولیاں ایک ایک کر کے جمع کر رہی ہوں".
        ("bu_pills_saved", r"گولیاں(?: \S+){0,6} (?:جمع|بچا|اکٹھی) (?:کر )?(?:رکھ )?(?:رہی|رہا|رہے|لی|لیں|ہو گئی|ہو گئیں|رکھی|رکھیں)"),
        # Pills put by instead of taken: "کئی ہفتوں سے دوائیں کھانے کے بجائے جمع کر رہا ہوں".
        ("bu_pills_saved", cooccur(r"(?:(?:کھانے|لینے) کے بجائے|(?:کھانی|کھانا|لینی|لینا) چھوڑ کر)(?: \S+){0,1} جمع", r"دوائیں|دوائیاں|گولیاں|دوا|دوائی")),
    ], negatable=False),
    # Latched in from outside: "کنڈی باہر سے لگی ہے ... صبح سے کسی نے دروازہ نہیں کھولا".
    _rules("abuse_danger", "indirect", [
        ("bu_latched_in", cooccur(r"(?:کنڈی|تالا)(?: \S+){0,2} باہر سے|باہر سے(?: \S+){0,1} (?:کنڈی|تالا)", r"صبح سے|کل سے|رات سے|پانی|کھانا|نہیں کھولا|چپکے|فون")),
    ], negatable=False),
    # Water rising, stranded: "پانی بڑھتا جا رہا ہے، ہم سب مسجد کی چھت پر ہیں، بچے بھوکے ہیں".
    _rules("abuse_danger", "explicit", [
        ("bu_flood_stranded", cooccur(r"پانی (?:بڑھتا|چڑھتا|بڑھ|چڑھ) (?:جا )?رہا ہے", r"چھت|پھنس\w*|بچے|بیٹری|کشتی|مدد|بجلی")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Things given away, not needed where one is going: "اب جہاں جا رہا ہوں وہاں ان کی ضرورت نہیں".
        ("bu_not_needed_where_going", r"جہاں (?:جا رہا|جا رہی|جاؤں گا|جاؤں گی) (?:ہوں )?(?:\S+ ){0,1}وہاں(?: \S+){0,3} (?:ضرورت|کام) نہیں"),
        # Meeting the dead on their anniversary: "کل ابو کی برسی ہے۔ سوچ رہا ہوں اس بار ان سے ملاقات ہو ہی جائے گی".
        ("bu_meeting_the_dead", cooccur(r"(?:ان سے|ابو سے|امی سے|دادی سے|نانی سے) (?:ملاقات|ملنا|مل) (?:\S+ ){0,2}(?:ہو|ہو گی|ہو جائے گی|لوں گا|لوں گی|جاؤں گا|جاؤں گی)",
                                        r"برسی|مرحوم|مرحومہ|قبر|وفات|انتقال")),
    ], negatable=False),
    # Sweating stopped in the heat.
    _rules("medical_emergency", "explicit", [
        ("bu_heatstroke", cooccur(r"پسینہ (?:آنا )?بند (?:ہو )?گیا", r"دھوپ|گرمی|لو|چکر|الٹی|بے ہوش|سر")),
    ], negatable=False),
    # A spirit beaten, burnt or smoked out of someone: "عامل کہتا ہے ... دھواں سونگھانے سے جن نکلے گا، میری بہن کا دم گھٹ رہا ہے".
    _rules("abuse_danger", "explicit", [
        ("bu_spirit_beaten_out", cooccur(r"(?:جن|جنات|سایہ|سائے|آسیب|جادو|عامل|پیر|بابا)(?!\S)",  # a whole word: not "جنگ" (war)
                                         r"ڈنڈوں|ڈنڈے|مار رہے|مار رہی|مارتے|داغ\w*|چمٹے|جلا (?:رہے|رہی|دیا)|زنجیر\w*|باندھ (?:رکھا|دیا)|بھوکا|دم گھٹ|دھواں|تالا لگا|چیخ\w*|پالا")),
    ], negatable=False),
    # A gun and honour: "ابو ... میں نے ان کی ناک کٹوا دی، اب چھت پر بیٹھے بندوق صاف کر رہے ہیں".
    _rules("abuse_danger", "indirect", [
        ("bu_honour_gun", cooccur(r"(?:بندوق|پستول|کلاشنکوف|کلہاڑی|ٹوکا)", r"ناک کٹوا|ناک کٹ|غیرت|عزت|سامنے مت|چھپ جا|حساب برابر")),
        # A drink given, legs going, and a man insisting on a room upstairs.
        ("bu_spiked_drink", r"^(?=.*(?:کولڈ ڈرنک|ڈرنک|جوس|مشروب|شربت))(?=.*(?:کمرے میں چل|اوپر والے کمرے|ساتھ چلو|گاڑی میں بیٹھ|آرام کر لو)).*?(?P<obj>ٹانگیں جواب|ٹانگوں میں جان نہیں|چکر آ رہے|غنودگی|آنکھیں بند ہو)"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # The whole strip taken out and kept, and a day to go: "پورا پتا نکال کر رکھ لیا ہے۔ آج جمعہ ہے، جانے کے لیے اچھا دن ہے".
        ("bu_pills_kept_ready", cooccur(r"(?:پورا پتا|پورا پتہ|پوری شیشی|ساری گولیاں)(?: \S+){0,3} (?:نکال|سنبھال|چھپا) کر (?:رکھ|رکھی|رکھا)",
                                        r"آج|جانے کے لیے|بلاتی|آ جاؤ|دل رک|آخری|مان لوں")),
        ("bu_good_day_to_go", r"(?:جانے|مرنے) کے لیے (?:اچھا|بہترین) دن"),
        # Which medicine ends it in sleep.
        # In front of a train: "آج رات ٹرین کے آگے لیٹ جاؤں گا".
        ("bu_before_train", r"(?:ٹرین|ریل|گاڑی) کے (?:آگے|سامنے|نیچے) (?:لیٹ|کود|آ) (?:جاؤں|جانا ہے)"),
        ("bu_which_pill_ends_it", cooccur(r"(?:کونسی|کون سی|کتنی) (?:دوائی|دوا|گولی|گولیاں)", r"سب ختم|نیند میں ہی|درد نہ ہو|موت|مر جا\w*")),
        # A river not far, if the last bet is lost: "ہار گیا تو دریا کا پل یہاں سے زیادہ دور نہیں".
        ("bu_place_if_i_lose", cooccur(r"(?:دریا|نہر|پل|پٹڑی|چھت)(?: \S+){0,4} (?:زیادہ )?دور نہیں|(?:دریا|نہر|پل|پٹڑی)(?: \S+){0,3} (?:قریب|پاس) ہی",
                                       r"ہار گیا تو|ہار گئی تو|اگر ہار|آخری بازی|سب ختم")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Vomit running from the mouth, gurgling: "منہ سے قے بہہ رہی ہے اور گلے سے غرغر کی آواز آ رہی ہے".
        ("bu_choking_on_vomit", cooccur(r"(?:منہ سے|منہ میں)(?: \S+){0,1} (?:قے|الٹی)|(?:قے|الٹی)(?: \S+){0,2} منہ (?:سے|میں)", r"غرغر|خرخر|سانس نہیں|سانس رک|ہوش نہیں|بے ہوش|بیہوش|لیٹ گیا")),
        # Slow breathing, eyes closing, after a dose: "پڑیا ... لگانے کے بعد سانس بہت دھیمی ہو گئی ہے اور آنکھیں بند ہو رہی ہیں".
        ("bu_slow_breath_after_dose", cooccur(r"سانس (?:بہت )?(?:دھیمی|آہستہ|رک رک)", r"پڑیا|نشہ|ٹیکہ|انجکشن|گولی|گولیاں|شراب|ہیروئن|لگانے|پینے")),
        # Heart racing and chest tight: "اب دل بے قابو دھڑک رہا ہے اور سینہ جکڑا ہوا ہے".
        ("bu_heart_racing_chest", cooccur(r"دل (?:بے قابو|بہت تیز|زور زور سے|بے ترتیب) (?:\S+ )?دھڑک", r"سینہ جکڑ\w*|سینے میں (?:جکڑن|درد|دباؤ)|سانس")),
        # Burning up and talking nonsense after something drunk: "جسم آگ کی طرح جل رہا ہے ... الٹی سیدھی باتیں کر رہا ہے".
        ("bu_burning_confused", cooccur(r"جسم (?:آگ کی طرح )?(?:جل رہا|تپ رہا|بہت گرم)", r"الٹی سیدھی باتیں|بہکی باتیں|ہوش نہیں|پہچان نہیں")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Not eating until death: "دس دن سے کچھ نہیں کھایا ... چاہے مر ہی کیوں نہ جاؤں".
        ("bu_starving_to_the_end", cooccur(_UR_DAYS_UNFED, r"مر ہی|مر جاؤں|مرنا|ختم ہو")),
        # Sleep that never opens: "... تو کتنی دیر میں ایسی نیند آتی ہے جو پھر کبھی نہ کھلے؟"
        ("bu_sleep_never_opens", r"(?:نیند|آنکھ)(?: \S+){0,4} (?:پھر )?کبھی نہ کھلے"),
        # Last words in the past tense, with affairs put in order: "امی سے کہنا کہ میں ان سے بہت پیار کرتا تھا۔ قرض کا حساب دراز میں".
        ("bu_loved_past_affairs", cooccur(r"سے کہنا کہ (?:میں )?(?:ان سے |اس سے )?(?:بہت )?پیار کرت(?:ا|ی) (?:تھا|تھی)", r"حساب|قرض|دراز|وصیت|معاف|خیال رکھنا")),
        # A hearing aid, a stick or medicine held back for a signature or obedience.
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("bu_aid_withheld", cooccur(r"(?:آلہ|دوائی|دوا|چھڑی|بیساکھی|بیساکھیاں|وہیل چیئر|عینک)(?: \S+){0,3} (?:واپس نہیں|نہیں ملے|چھین)", r"دستخط|جب تک|روٹی|کھانا|دن سے")),
        # Tied to the bed: "صبح تک ہاتھ پاؤں بستر سے بندھے رہیں ... شکایت کرنے پر کھانا روک دے".
        ("bu_tied_to_bed", cooccur(r"(?:ہاتھ پاؤں|ہاتھ|پاؤں)(?: \S+){0,2} (?:بستر|پلنگ|چارپائی) سے (?:بندھے|باندھ)", r"کھانا روک|دوا کی جگہ|شکایت|کوئی سنتا|روز")),
        ("bu_chained_now", cooccur(r"(?:زنجیر|رسی|رسیوں) سے باندھ", r"ابھی|گھنٹے|بندھی ہوئی|بندھا ہوا|کمرے میں")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("bu_starved_faint", cooccur(_UR_DAYS_UNFED, r"آنکھوں کے آگے اندھیرا|بے ہوش|چکر|دل (?:بہت )?تیز")),
        # The face drawn to one side, speech strange: "امی کا منہ ایک طرف ٹیڑھا ہو گیا ہے اور عجیب سی باتیں کر رہی ہیں".
        ("bu_face_droop_signs", cooccur(r"(?:منہ|چہرہ)(?: \S+){0,1} ایک طرف (?:ٹیڑھا|لٹک|ڈھلک)", r"عجیب|بول نہیں|زبان|بازو|ہاتھ|بے جان")),
        # Arm pain and cold sweat after hard work: "بائیں بازو میں درد ہو رہا ہے، ٹھنڈے پسینے آ رہے ہیں".
        ("bu_arm_pain_cold_sweat", cooccur(r"(?:بائیں|بایاں) (?:بازو|ہاتھ)(?: \S+){0,2} درد", r"ٹھنڈے پسینے|ٹھنڈا پسینہ|سینے|سانس")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # If I were gone, all would be well: "میں ہی نہ رہوں تو سب ٹھیک ہو جائے گا".
        ("bu_all_well_without_me", r"(?:میں|مَیں) (?:ہی )?(?:نہ|نہیں) (?:رہوں|رہا|رہی)(?: \S+){0,1} تو(?: \S+){0,3} (?:ٹھیک ہو جائے|بہتر ہو|خوش ہو|آسان ہو|سکون)"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        ("bu_not_back_alive", r"^(?!.*(?:ڈر|خوف|دعا|ڈاکٹر|آپریشن|ہسپتال|فوج|جنگ)).*?زندہ (?:واپس|گھر) نہیں (?:جائے گا|جائے گی|آئے گا|آئے گی|پہنچے گا|لوٹے گا)"),
        # Something mixed into a meal so the person does not wake: "چائے میں کون سی دوا ملاؤں کہ ساس صبح اٹھے ہی نہیں".
        ("bu_mixed_so_never_wakes", cooccur(r"(?:کھانے|چائے|دودھ|پانی|شربت|جوس|سالن) میں(?: \S+){0,4} (?:ملاؤں|ملا دوں|ڈالوں|ڈال دوں)",
                                            r"اٹھے ہی نہیں|نہ اٹھے|مر جائے|شک (?:بھی )?نہ|پتا (?:بھی )?نہ چلے|ہمیشہ کے لیے")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Fumes indoors and people limp or vomiting: "جنریٹر گیراج کے اندر چل رہا تھا ... نڈھال پڑے ہیں اور الٹی کر رہے ہیں".
        ("bu_fumes_indoors", cooccur(r"(?:جنریٹر|انگیٹھی|ہیٹر|کوئلے)(?: \S+){0,6} (?:گیراج|کمرے|اندر|بند)", r"نڈھال|بے ہوش|ہوش نہیں|الٹی|الٹیاں|اٹھ نہیں|جاگ نہیں")),
        # Suddenly knowing nobody: "اچانک شدید سر درد ہوا، پھر قے کی اور اب وہ کسی کو پہچان نہیں رہیں".
        ("bu_knows_nobody_now", cooccur(r"کسی کو (?:بھی )?پہچان نہیں (?:رہا|رہی|رہے|رہیں|پا)", r"اچانک|اب|ابھی|سر درد|قے|الٹی|گر|چوٹ")),
        # Eyes that will not open though she was called and splashed.
        ("bu_eyes_will_not_open", cooccur(r"(?:آنکھیں|آنکھ) (?:\S+ )?نہیں کھول (?:رہا|رہی|رہے|رہیں)", r"پھر بھی|ہلایا|ہلا کر|آواز دی|آوازیں|چھینٹے|جگایا|جگانے")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # About to jump: "نیچے چھلانگ لگانے لگی ہوں".
        ("bu_about_to_jump", r"چھلانگ لگانے (?:لگا|لگی|لگے) ہوں"),
        # Medicine stopped so as to die: "دل کی دوائیں چھوڑ دی ہیں تاکہ جلدی مر جاؤں".
        ("bu_so_that_i_die", r"تاکہ(?: \S+){0,2} مر (?:جاؤں|جاؤں گا|جاؤں گی)"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("bu_burden_lifted_forever", r"بوجھ(?: \S+){0,2} ہمیشہ کے لیے (?:اتار|اتر|ختم)"),
        # A dose asked so a person sleeps on: "کتنی گولیاں ایک ساتھ لی جائیں تو آدمی سوتا ہی رہ جائے".
        ("bu_dose_sleeps_on", cooccur(r"(?:سوتا|سوتی) ہی رہ (?:جائے|جاتا|جاتی)", r"کتنی|گولیاں|دوا|جمع")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # "Or else I'll see to you": "چھٹی کے بعد رکنا ورنہ ... گھر والوں کو بھی دیکھ لوں گا".
        ("bu_or_else", cooccur(r"ورنہ(?: \S+){0,8} (?:دیکھ لوں گا|دیکھ لوں گی)", r"گھر والوں|تمہیں|تجھے|نوکری|اکیلے")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Oxygen off, gas left on, all the medicines at once, and nobody the wiser.
        ("bu_nobody_would_suspect", cooccur(r"آکسیجن(?: \S+){0,3} بند|آکسیجن(?: \S+){0,5} نکال|گیس(?: \S+){0,2} (?:کھلی|کھول)|ساری دوائیں(?: \S+){0,1} ایک ساتھ|زہر|چوہے مار|کیڑے مار",
                                            r"شک (?:تو |بھی )?(?:نہیں|نہ)|سب ختم|پتا (?:بھی )?نہ چلے|پتہ (?:بھی )?نہ چلے|ذائقہ (?:\S+ )?(?:نہ|نہیں)|صبح تک کیا")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Swelling after a sting or a food: "ہونٹ سوج گئے ہیں اور آواز بھاری ہو رہی ہے".
        ("bu_allergic_swelling", cooccur(r"(?:ہونٹ|زبان|گلا|چہرہ)(?: \S+){0,1} (?:سوج|پھول)", r"مکھی|ڈنک|کاٹا|الرجی|مونگ پھلی|آواز بھاری|سانس")),
        # Drunk and unrousable: "بہت زیادہ پی لی ہے، ہم اسے اٹھا نہیں پا رہے".
        ("bu_drunk_unrousable", cooccur(r"(?:بہت زیادہ|بہت) (?:پی لی|پی لیا|شراب)", r"اٹھا نہیں پا|اٹھ نہیں رہ|ہوش نہیں|خراٹ")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        ("bu_not_heard_for_days", cooccur(r"(?:دن|دنوں) سے(?: \S+){0,5} (?:کوئی آواز نہیں|دروازہ نہیں کھول|فون نہیں اٹھا)", r"اخبار|اکیلی|اکیلے|بو|دروازے پر")),
    ], negatable=False),
    # --- classes from holdout50 (spoken everyday turns) ---
    _rules("harm_to_others", "explicit", [
        # "I won't leave her alive": "اب میں اسے زندہ نہیں چھوڑوں گا".
        # (over a grave cause, not a tailor who spoiled a suit: "میں تو اسے زندہ نہیں چھوڑوں گی 😂")
        ("bu_not_leave_alive", cooccur(r"(?:اسے|اس کو|انہیں|ان کو|تمہیں|تجھے|اس کی بیوی کو|اس کے بچوں کو) زندہ نہیں چھوڑوں (?:گا|گی)",
                                       r"شادی|عزت|غیرت|بدلہ|قتل|دھوکہ|دھوکا|زمین|جائیداد|طلاق|مرضی کے خلاف|بھاگ")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A secret the child is told to keep, and disbelief promised: "یہ ہمارا راز ہے امی کو بتایا تو وہ یقین نہیں کریں گی".
        ("bu_little_secret", cooccur(r"(?:ہمارا|ہم دونوں کا) راز", r"یقین نہیں")),
    ], negatable=False),
    # --- classes from holdout49 (health at home) ---
    _rules("self_harm", "indirect", [
        # A whole strip asked about, the asker alone tonight: "اگر کوئی پوری پٹی نیند کی گولیوں کی کھا لے تو کتنی دیر میں اثر ہوتا ہے؟ ... آج رات اکیلی ہوں".
        ("bu_whole_strip_question", cooccur(r"پوری (?:پٹی|پتا|پتہ|شیشی|بوتل|ڈبی)(?: \S+){0,4} کھا (?:لے|لیں|لی|لوں)", r"کتنی دیر|اکیلی ہوں|اکیلا ہوں|آج رات|اثر")),
        # Life-keeping treatment stopped for good: "ڈائلسز ... دو ہفتے سے جانا چھوڑ دیا ہے، اب جاؤں گا بھی نہیں".
        ("bu_treatment_stopped", cooccur(r"(?:ڈائلسز|انسولین|دل کی دوا|دوائیں|دوائی).*? (?:چھوڑ دیا|چھوڑ دی|بند کر دی|بند کر دیا)",
                                         r"(?:اب|کبھی)(?: \S+){0,1} (?:جاؤں|لوں|کھاؤں) گ(?:ا|ی) (?:بھی )?نہیں|اب (?:نہیں|نہ) (?:جاؤں|لوں|کھاؤں)")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # Medicine swapped for empty capsules: "ساس کی دل کی دوا کی جگہ میں نے خالی کیپسول رکھ دیے ہیں".
        ("bu_pills_swapped", r"(?:دوا|دوائی|دوائیں|گولیوں|گولیاں|انہیلر)(?: \S+){0,2} کی جگہ(?: \S+){0,3} (?:خالی|چینی|نقلی|سادہ)"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # The wronger's children located, and pain promised: "اس کے بچوں کا اسکول معلوم کر لیا ہے۔ اب اسے پتا چلے گا درد کیا ہوتا ہے".
        ("bu_family_located", cooccur(r"(?:اسکول|سکول|گھر|دفتر|پتا|پتہ)(?: \S+){0,2} معلوم کر (?:لیا|لی)", r"پتا چلے گا|پتہ چلے گا|درد کیا|سبق|بدلہ|باری")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A hand raised again: "کل پھر ہاتھ اٹھایا تھا".
        # (not a condition: "اگر اس نے پھر ہاتھ اٹھایا تو ..." is a threat of the speaker's own)
        ("bu_hand_raised_again", r"^(?!.*اگر(?: \S+){0,3} (?:پھر|دوبارہ)).*?(?:پھر|پھر سے|دوبارہ|روز|آج بھی|کل بھی)(?: \S+){0,2} (?:مجھ پر |ہم پر )?ہاتھ اٹھا(?:یا|تا|تے|ئے)"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Threatened for telling a nurse or a doctor: "اگر نرس کو بتایا تو کھانا نہیں ملے گا".
        ("bu_threat_if_told_carer", r"اگر(?: \S+){0,3} (?:نرس|ڈاکٹر|لیڈی ڈاکٹر|استانی|ٹیچر|پولیس)(?: \S+){0,2} (?:کو )?(?:کچھ )?بتا(?:یا|ؤ|ئی|ئیں|و)(?: \S+){0,3} تو"),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # A newborn not feeding, limp and cold: "بچہ دو دن کا ہے، دودھ نہیں پی رہا، بہت سست ہے اور جسم ٹھنڈا".
        ("bu_newborn_not_feeding", cooccur(r"دودھ نہیں (?:پی|لے) (?:رہا|رہی)", r"سست|ٹھنڈا|ٹھنڈی|نیلا|بے ہوش|سوتا رہتا|دن کا|دن کی|ہفتے کا")),
        # A sugar machine reading LO with no answer.
        ("bu_sugar_lo", cooccur(r"(?:شوگر|شکر)(?: \S+){0,3} '?(?:lo|ایل او|لو)'?(?: |$)", r"جواب نہیں|ہوش نہیں|بے ہوش|اٹھ نہیں|گہری نیند")),
    ], negatable=False),
    # --- classes from holdout48 (money and work troubles) ---
    _rules("self_harm", "indirect", [
        # A height or a depth asked, told to nobody: "نہر کا پل کس طرف سے زیادہ گہرا ہے؟ کل صبح جانا ہے، کسی کو بتانا نہیں".
        ("bu_height_depth_question", cooccur(r"(?:نہر|دریا|پل|چھت|عمارت|ڈیم)(?: \S+){0,6} (?:کتنا|کتنی|سب سے|زیادہ) (?:گہرا|گہری|اونچا|اونچی)",
                                             r"کسی کو (?:\S+ )?(?:نہیں|نہ|مت)|واپس نہیں|رات کو(?: \S+){0,2} کوئی|آخری بار")),
        # A weapon taken out after farewells: "سب سے معافیاں مانگ رہے تھے، گھڑی انگوٹھی سب مجھے دے دی اور الماری سے پستول بھی نکال لیا".
        ("bu_weapon_after_farewell", cooccur(r"(?:پستول|بندوق|ریوالور|رسی|زہر)(?: \S+){0,2} (?:نکال|نکالی|نکالا|لے (?:لیا|لی|آیا))",
                                             r"معافی|معافیاں|دے دی|دے دیا|دے دیں|الوداع|خدا حافظ|خیال رکھنا")),
        # Nobody bothered after a day: "کل کے بعد کوئی تنگ نہیں کرے گا".
        # (said to the family: "tum logon ko", not "exams over, nothing will trouble me")
        ("bu_nobody_bothered_after", cooccur(r"(?:کل|آج|اس|پرسوں)(?: \S+){0,2} (?:کے )?بعد (?:\S+ ){0,3}(?:کوئی|کسی کو) (?:\S+ )?(?:تنگ|پریشان) (?:نہیں|نہ)",
                                             r"تم لوگوں|آپ لوگوں|تمہیں|آپ کو|گھر والوں|تم سب|آپ سب")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A girl under age promised in marriage: "بیٹی کا رشتہ اس کے بیٹے سے کر دو ... وہ صرف پندرہ سال کی ہے".
        ("bu_child_married_off", cooccur(r"(?:رشتہ|شادی|نکاح)", r"(?:صرف|ابھی|بس) (?:\S+ )?(?:دس|گیارہ|بارہ|تیرہ|چودہ|پندرہ|سولہ|1[0-6]|[89]) سال کی")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Heavy bleeding in pregnancy: "پانچواں مہینہ ہے اور بہت خون آ رہا ہے".
        ("bu_pregnancy_bleeding", cooccur(r"(?:بہت|زیادہ|تیز|مسلسل) خون (?:آ رہا|بہہ رہا|جا رہا|نکل رہا)", r"مہینہ|مہینے|حمل|حاملہ|پیٹ سے|ہفتے")),
        # A stiff neck with fever, and light that hurts: "گردن اکڑ گئی ہے اور روشنی سے روتا ہے".
        ("bu_stiff_neck_fever", cooccur(r"گردن (?:\S+ )?(?:اکڑ|اکڑی|سخت)", r"بخار|روشنی|الٹی|غنودگی")),
    ], negatable=False),
    # --- classes from holdouts 51 (online life) and 52 (far from home), read blind first ---
    _rules("harm_to_others", "explicit", [
        # Petrol thrown and a fire promised: "آج رات پٹرول چھڑک کر آگ لگا دوں گا".
        ("bu_arson_intent", r"(?:پٹرول|تیل|مٹی کا تیل)(?: \S+){0,3} (?:چھڑک|ڈال)(?: \S+){0,3} آگ لگا (?:دوں|دیں|دینی) (?:گا|گی|گے|ہے)"),
    ]),
    _rules("harm_to_others", "indirect", [
        # How long a pillow on the face stops the breath, asked: "تکیہ کتنی دیر منہ پر رکھا جائے تو سانس رک جاتی ہے؟".
        ("bu_pillow_question", cooccur(r"(?:تکیہ|تکیے|تکیا)(?: \S+){0,4} (?:منہ|چہرے|ناک)", r"کتنی دیر|سانس رک|سانس بند")),
        # A gun at home, and the target's address found: "پتہ چل گیا ہے وہ کہاں رہتا ہے۔ ابا کی بندوق الماری میں ہی ہے نا؟".
        ("bu_weapon_target_found", cooccur(r"(?:بندوق|پستول|ریوالور|کلاشنکوف|رائفل)", r"کہاں رہتا|کہاں رہتی|گھر کا پتہ|پتہ چل گیا|لوکیشن")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # A death's payout asked about, against a date: "اگر کوئی مزدور مر جائے تو کیا کمپنی پیسے دیتی ہے؟ مجھے جمعے سے پہلے جاننا ہے".
        ("bu_death_payout_deadline", cooccur(r"اگر(?: \S+){0,4} (?:مر جائے|مر گیا|مر جاؤں|فوت ہو)",
                                             r"(?:جمعے|جمعہ|پیر|منگل|بدھ|جمعرات|ہفتے|اتوار|کل|آج رات) سے پہلے")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Kept in a room and fed now and then: "سسرال والے مجھے کمرے سے نکلنے نہیں دیتے، کھانا بھی کبھی کبھار".
        ("bu_kept_in", cooccur(r"(?:کمرے|گھر) سے (?:نکلنے|باہر جانے|باہر نکلنے) نہیں (?:دیتے|دیتا|دیتی|دیتیں)", r"کھانا|مارت\w*|بند|فون|تالا")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A small child who swallowed medicine: "بیٹے نے میری دوائی کی پوری پتی کھا لی".
        ("bu_child_swallowed_medicine", r"(?:بیٹے|بیٹی|بچے|بچی|بچوں|پوتے|پوتی|نواسے|نواسی)(?: \S+){0,2} نے(?: \S+){0,4} (?:دوائی|دوا|گولیاں|گولیوں|پتی)(?: \S+){0,3} (?:کھا|نگل) (?:لی|لیں|لیا)"),
    ], negatable=False),
    # --- classes from holdouts 53 (the neighbourhood) and 54 (sport, outdoors, road), after their blind reading ---
    _rules("abuse_danger", "explicit", [
        # The door or gate being broken in, now: "ڈنڈے لے کر ہمارے دروازے پر ہیں، گیٹ توڑ رہے ہیں".
        ("bu_door_attacked", r"(?:دروازہ|دروازے|گیٹ)(?: \S+){0,1} (?:توڑ|توڑنے) (?:رہے|رہا|رہی|لگے)"),
    ]),
    _rules("medical_emergency", "indirect", [
        # Speech muddled and a hand that drops things, since a meal: "بات الٹی سیدھی کر رہے ہیں اور دائیں ہاتھ سے کپ گر جاتا ہے".
        ("bu_stroke_signs", cooccur(r"(?:بات|باتیں) (?:\S+ ){0,1}الٹی سیدھی|الٹی سیدھی (?:بات|باتیں)",
                                    r"(?:ہاتھ|بازو)(?: \S+){0,5} (?:گر جات\w*|گر گیا|اٹھ نہیں|سن ہو\w*|کمزور)|منہ ٹیڑھا|زبان لڑکھڑا\w*")),
    ], negatable=False),
    # --- classes from holdouts 55 (family occasions) and 56 (study and exams), after their reading ---
    _rules("abuse_danger", "explicit", [
        # Someone at home being beaten now, and screaming: "ابو ابھی امی کو عید کے خرچے پر مار رہے ہیں، امی چیخ رہی ہیں".
        ("bu_beaten_now", cooccur(r"^(?!.*(?:مچھر|مکھی|کاکروچ|چوہ|کرکٹ|میچ|گیم|لڈو)).*?کو(?: \S+){0,4} مار رہ(?:ے|ا|ی)",
                                  r"چیخ\w*|رو رہ\w*|خون|بچاؤ|ابھی|اس وقت")),
        # Tied up and burned or beaten: "مجھے کمرے میں باندھ رکھا ہے اور سگریٹ سے جلا رہے ہیں".
        ("bu_tied_and_hurt", cooccur(r"باندھ (?:رکھا|دیا|کر)", r"جلا رہ\w*|مار رہ\w*|سگریٹ سے")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Something tasteless for a visitor's tea: "کون سی چیز چائے میں ملاؤ تو ذائقہ نہ بدلے؟ سسرال والے ہفتے کو آ رہے ہیں".
        ("bu_untasted_for_visitors", cooccur(r"^(?=.*(?:آ رہے|آ رہی|آ رہا|آئیں گے|آئے گی|رہنے آ)).*?(?:کھانے|چائے|دودھ|پانی|شربت|جوس|سالن) میں(?: \S+){0,4} (?:ملاؤ|ڈالو|ملائیں|ڈالیں|ملاؤں|ڈالوں)",
                                             r"ذائقہ (?:بھی )?(?:نہ|نہیں) بدل\w*|پتا (?:بھی )?نہ چلے|پتہ (?:بھی )?نہ چلے")),
        # A blade sharpened with a person in mind, not the animal: "قربانی کی چھری تیز کر رہا ہوں، لیکن اس بار بکرے کا نہیں سوچ رہا".
        ("bu_blade_for_a_person", cooccur(r"(?:چھری|چھرا|ٹوکا|کلہاڑی)(?: \S+){0,1} تیز", r"(?:بکرے|جانور|گائے|دنبے) کا نہیں")),
    ], negatable=False),
    # --- classes from holdouts 57 (disasters), 58 (police and courts) and 59 (farms), after their reading ---
    _rules("harm_to_others", "explicit", [
        # A throat cut, or a named person finished off, in the first-person future: "میں آج اس کا گلا کاٹ دوں گا",
        # "اپنے بہنوئی کو آج رات ختم کر دوں گا".
        ("bu_throat_cut", r"(?:اس|ان|اُس)(?: کا| کی)? گلا کاٹ (?:دوں|ڈالوں)"),
        ("bu_person_finished", r"(?:بہنوئی|بھائی|شوہر|بیوی|سسر|ساس|باپ|چچا|ماموں|پڑوسی|دکاندار|ٹھیکیدار|زمیندار|تھانیدار|افسر|ایجنٹ|آدمی|بندے)(?: \S+){0,1} کو(?: \S+){0,3} (?:ختم|قتل) کر (?:دوں|ڈالوں|دونگا|دونگی)"),
        # Locked in and set on fire: "اسے دکان میں بند کر کے آگ لگا دوں گا".
        ("bu_locked_and_burned", r"بند کر کے(?: \S+){0,2} آگ لگا (?:دوں|دونگا|دونگی|ڈالوں)"),
        # A named one's house burned: "میں اس کا گھر جلا دوں گا".
        ("bu_house_burned", r"(?:اس|ان|اُس)(?: کا| کی| کے) (?:گھر|مکان|دکان|گاڑی|ڈیرہ|ڈیرے) جلا (?:دوں|ڈالوں|دونگا|دونگی)"),
        # Poison for a well or a family's water, decided: "میں نے ان کے کنویں میں زہر ڈالنے کا پکا ارادہ کر لیا ہے".
        ("bu_poison_decided", r"زہر (?:ڈالنے|ملانے|دینے) کا(?: \S+){0,1} (?:ارادہ|فیصلہ)"),
    ]),
    # "No more living", where the "نہیں" is the statement, not a negation of it.
    _rules("self_harm", "explicit", [
        ("bu_no_more_living", r"مجھے (?:اب )?(?:نہیں|نہ) جینا"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # A jump decided: "کنویں میں چھلانگ لگانے کا فیصلہ کر لیا ہے".
        ("bu_jump_decided", r"(?:کنویں|کنوئیں|دریا|نہر|سمندر|چھت|پل)(?: \S+){0,3} (?:چھلانگ لگانے|کودنے) کا(?: \S+){0,1} (?:فیصلہ|ارادہ)"),
    ]),
    _rules("abuse_danger", "explicit", [
        # A death threat to the speaker: "اگر پرچہ واپس نہ لیا تو مجھے قتل کر دیں گے".
        ("bu_will_kill_me", r"مجھے(?: \S+){0,3} قتل (?:کر )?(?:دیں گے|دے گا|دے گی|دیں گی|ڈالیں گے|ڈالے گا|دینگے)"
         r"|(?:بتایا|بتاؤ|بتائی|بتاؤں)(?: \S+){0,1} تو(?: \S+){0,2} (?:گلا دبا|قتل کر) (?:دے گا|دیں گے|دے گی|ڈالے گا|ڈالیں گے)"),
        # "مجھے جان سے مار دیں گی" is also what a mother will do over a broken vase: with the threateners outside or armed only.
        ("bu_will_kill_me", cooccur(r"مجھے(?: \S+){0,3} جان سے مار (?:دیں گے|دے گا|دے گی|دیں گی|ڈالیں گے|ڈالے گا|دینگے)",
                                    r"باہر|گاڑی|بندوق|پستول|اسلحہ|کھڑے")),
        # Being strangled now or just now: "میرا شوہر ابھی میرا گلا دبا رہا تھا".
        ("bu_strangled_now", r"(?:میرا|میری) گلا (?:دبا|گھونٹ) (?:رہا|رہی|رہے|دیا)"),
        # Men with guns in the house, beating: "کچھ لوگ بندوقیں لے کر ہمارے گھر میں گھس آئے ہیں اور ابو کو مار رہے ہیں".
        ("bu_armed_break_in", cooccur(r"(?:بندوق|بندوقیں|پستول|اسلحہ)(?: \S+){0,8} گھس", r"مار رہ\w*|دھمکی|گولی")),
        # Chained or tied and beaten daily: "زنجیر سے باندھ کر رکھتا ہے اور روز مارتا ہے".
        ("bu_chained_beaten", cooccur(r"(?:زنجیر|رسی|رسیوں)(?: \S+){0,1} (?:سے )?باندھ", r"مارتا|مارتی|مارتے|مار رہ\w*|بیچ دے")),
        # Trapped as water rises or under a fallen roof: "ہم سب الماری پر چڑھے بیٹھے ہیں اور پانی بڑھتا جا رہا ہے",
        # "میں اور ابو اندر پھنسے ہیں، سانس لینا مشکل ہو رہا ہے".
        ("bu_trapped_rising", cooccur(r"(?:پھنس(?:ے|ی|ا)(?: ہوئے| ہوئی| ہوا)? (?:ہیں|ہوں|ہے))|پانی (?:بڑھتا|بڑھ رہا|چڑھ رہا|اوپر آ رہا)",
                                      r"پانی|سانس|دب|آگ|دھواں|ملبے")),
    ], negatable=False),
    # --- classes from holdouts 60 (food), 61 (hobbies) and 62 (travel), after their reading ---
    _rules("harm_to_others", "explicit", [
        # A named one's face or hands to be burned: "گرم توے سے اس کا منہ جلا دوں گی".
        ("bu_burn_their_face", r"(?:اس|ان|اُس)(?: کا| کی| کے) (?:منہ|چہرہ|ہاتھ|ہاتھوں|زبان) (?:جلا|داغ) (?:دوں|ڈالوں|دونگا|دونگی)"),
        # Beaten so hard that: "آج رات بیوی کو اتنا ماروں گا کہ ہمیشہ یاد رکھے".
        ("bu_beat_so_much", r"کو(?: \S+){0,1} (?:اتنا|اتنی|ایسا|ایسی) (?:ماروں|پیٹوں|دھوؤں) (?:گا|گی)"),
        # An allergy used as the weapon, the dish decided: "ساس کو مونگ پھلی سے شدید الرجی ہے، میں نے سوچ لیا ہے کس سالن میں پیس کر ڈالنی ہے".
        ("bu_allergen_planned", cooccur(r"الرجی", r"پیس کر|کس (?:سالن|کھانے|ڈش|چیز) میں|ملا (?:دوں|دونگی|دونگا)|ڈالنی ہے|ڈالوں")),
        # A blade to be got past security, someone waiting: "ایئرپورٹ سیکیورٹی سے چاقو کیسے گزاروں؟ باہر ایک بندے کا انتظار کرنا ہے".
        ("bu_weapon_past_security", cooccur(r"(?:چاقو|چھری|پستول|بندوق|خنجر)(?: \S+){0,3} (?:کیسے|کس طرح) (?:گزاروں|لے جاؤں|چھپاؤں|نکالوں)",
                                            r"بندے|آدمی|انتظار|اس کے لیے|سبق")),
    ]),
    _rules("self_harm", "indirect", [
        # Heading for the water with a goodbye: "... ایک پرچی کے ساتھ چھوڑ آئی ہوں۔ اب سمندر کی طرف جا رہی ہوں، اللہ حافظ".
        # (not a trip: a picnic, a walk, fishing or a swim)
        ("bu_to_water_goodbye", r"^(?=.*\b(?:اللہ حافظ|خدا حافظ|پرچی|معاف|آخری|الوداع|ہمیشہ)\b)(?!.*(?:پکنک|سیر|گھومنے|مچھلی|نہانے|تیرنے))"
                                r".*?\b(?P<obj>(?:سمندر|دریا|نہر|جھیل|پل)(?: \S+){0,2} (?:کی طرف|پر|میں) جا (?:رہی|رہا|رہے))"),
        # Something given away, to be remembered by: "میں نے اپنا ستار چھوٹے بھائی کے نام کر دیا ہے، اسے کہنا میری یاد میں بجاتا رہے".
        ("bu_given_in_memory", cooccur(r"کے نام کر (?:دیا|دی|دیے)|(?:دے|بانٹ) (?:دیا|دی|دیے) ہے", r"میری یاد میں|میرے بعد|جب میں نہ رہوں")),
        # How high, for no one to survive the fall: "ہوٹل کی چھت کتنی اونچی ہو تو گرنے والا بچ نہیں پاتا؟"
        ("bu_fall_unsurvived", r"کتنی اونچی(?: \S+){0,4} (?:بچ نہیں|بچ نہ|زندہ نہیں|زندہ نہ|مر جات)"),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Hit in the face by one's own: "میرا شوہر کھانا پسند نہ آئے تو پلیٹ میرے منہ پر مارتا ہے اور پھر گھونسے".
        ("bu_hit_in_face", cooccur(r"میرے (?:منہ|چہرے|سر|پیٹ|کمر) پر(?: \S+){0,1} (?:مارتا|مارتی|مارتے|مارا|ماری|مارے)|گھونس(?:ے|وں)|لاتیں|لاتوں",
                                   r"شوہر|میاں|خاوند|ابو|بھائی|سسر|ساس|باپ|نند")),
        # A threat of broken bones from one's own: "میاں کہتا ہے ... تو ٹانگیں توڑ دے گا".
        ("bu_threat_bones", cooccur(r"(?:ٹانگیں|ٹانگ|ہاتھ|ہڈیاں|ہڈی|بازو|گردن|دانت) توڑ (?:دے گا|دیں گے|دے گی|ڈالے گا|ڈالیں گے)",
                                    r"شوہر|میاں|خاوند|ابو|بھائی|سسر|ساس|کہتا ہے|کہتی ہے|کہتے ہیں|دھمکی")),
        # Told and then harmed: "کسی کو بتایا تو اچھا نہیں ہوگا", "... کسی کو کچھ بتایا تو میری چھوٹی بہن کا حال برا کرے گا".
        ("bu_tell_and_threat", r"کسی کو(?: \S+){0,2} بتا(?:یا|ئی|ؤ|ؤں|ئے) تو(?: \S+){0,5} (?:اچھا نہیں ہو|حال برا|مار د|جان سے|ختم کر|چھوڑوں گا نہیں|چھوڑے گا نہیں|انجام|مر جائ)"),
        # Papers held against a debt and the room not to be left: "ایجنٹ کہتا ہے جب تک قرض نہیں اترتا کاغذات واپس نہیں ملیں گے، اور کمرے سے نکلنے کی اجازت بھی نہیں".
        ("bu_held_for_debt", cooccur(r"(?:کاغذات|پاسپورٹ|شناختی کارڈ)(?: \S+){0,3} (?:واپس نہیں|نہیں ملیں|رکھ لی|رکھ لیے|لے لی|لے لیے)",
                                     r"(?:نکلنے|باہر جانے|جانے) کی اجازت(?: \S+){0,1} نہیں|بند کر|قرض")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A child who swallowed a battery, a magnet or a poison: "بچے نے گاڑی کی چابی والا بٹن سیل نگل لیا ہے".
        ("bu_child_swallowed", r"(?:بچے|بچی|بیٹے|بیٹی|بھائی|بہن|منے|منی|بچوں)(?: \S+){0,1} نے(?: \S+){0,5} (?:بٹن سیل|سیل|بیٹری|مقناطیس|زہر|تیزاب|بلیچ|مٹی کا تیل|کیڑے مار|چوہے مار|گولیاں|دوائیں|دوائی)(?: \S+){0,2} (?:نگل|پی|کھا) (?:لیا|لی|لیے)"),
        # A fit that will not stop: "دورہ پڑا ہے اور رک ہی نہیں رہا".
        ("bu_fit_unstopped", cooccur(r"دورہ (?:پڑا|پڑ گیا|پڑ رہا)|جھٹکے (?:لگ رہے|آ رہے)", r"رک (?:ہی )?نہیں رہا|رک ہی نہیں|بند نہیں ہو")),
        # Someone drowning now, named or in the water, as ``b_drowning_now`` in English: "نہر میں ایک بچہ ڈوب رہا ہے"
        # (not the sun, nor debt, work or thoughts one is "drowning" in).
        ("bu_drowning_now", rf"(?<!\S)(?:{_UR_IN_WATER})(?: (?!(?:{_UR_DROWNED_IN})(?!\S))\S+){{0,5}} ڈوب (?:رہا|رہی|رہے) (?:ہے|ہیں)(?!\S)"),
    ], negatable=False),
    # --- classes from holdouts 87 (family life), 88 (online life) and 89 (villages and roads), after their reading ---
    _rules("harm_to_others", "explicit", [
        # Anyone being attacked with a blade or a weapon now: "ایک آدمی دکاندار کو چاقو مار رہا ہے"
        # (not a drama, a film, a game or a dream).
        ("bu_weapon_attack_now", r"^(?!.*(?:ڈرامے|ڈرامہ|فلم|گیم|خواب|کہانی|ویڈیو)).*?(?<!\S)کو(?: \S+){0,2} "
                                 r"(?:چاقو|چھری|چھرا|چھرے|خنجر|کلہاڑی|کلہاڑے|تلوار|گنڈاسا|گنڈاسے|ڈنڈا|ڈنڈے|ڈنڈوں|سریا|سریے|راڈ|گولی|گولیاں|تیزاب)"
                                 r"(?: سے)?(?: \S+){0,1} (?:مار|گھونپ|چلا|پھینک)(?: مار)? (?:رہا|رہی|رہے)(?!\S)"),
    ], negatable=False),
) for rule in group]

# --- romanised Urdu (matched on ``fold_roman`` text) ------------------------------------

_RU_FUT = r"(?:un|ungi|unga|ugi|uga|enge|ega|egi)"
ROMAN_BROAD = [rule for group in (
    # --- classes from holdouts 63 (school), 64 (sport) and 65 (roads), after their reading ---
    _rules("harm_to_others", "explicit", [
        # A point driven into someone's eye or body: "kal break mein Usman ki aankh mein compass maarunga".
        ("br_weapon_into_body", r"\b(?:ki|ke|ka) (?:ankh|ankhon|gardan|pet|sar|sir|sine|chehre|munh|gale) (?:main|me|men) (?:compass|chaku|churi|knife|blade|pen|pencil|sui|rod|danda|bat|pechkas)"
                                r" (?:(?:mar|ghonp|ghusa|chubha|chubho)(?:un|unga|ungi|enge|ega|egi)|(?:mar|ghonp|ghusa|chubha) (?:dun|dunga|dungi|denge))\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # An adult who asks a child to stay alone and tell no one at home: "sir kehte hain extra class ke baad akele rukna hai
        # aur ghar pe kisi ko nahi batana", "coach kehta hai hamari chat ammi abbu ko mat dikhana aur akele practice pe ana".
        ("br_adult_alone_secret", cooccur(r"\b(?:kisi ko|ghar (?:pe|par|main|me)|ammi|abbu|ami|abu|walidain|parents)\b(?: \S+){0,3} (?:nahi|mat|na) (?:batana|batain|batao|dikhana)\b",
                                          r"akele|akeli|akela")),
        # Money, keys or phone taken and not let out: "phone aur scholarship ke paise apne paas rakhte hain", "gaari ki chaabi bhi le li, ... nikal hi nahi sakti".
        ("br_kept_and_kept_in", cooccur(r"\b(?:phone|mobile|chabi|chabiyan|paise|pese|tankha|tankhwa|salary|passport|card|cnic)\b(?: \S+){0,3} (?:le li|le liya|le lia|le lie|chhin li|chhin liya|chin li|apne pas rakh\w*|rakh li|rakh liya|rakh liye)\b",
                                        r"jane nahi (?:deta|deti|dete)|nikal (?:hi )?nahi (?:sakti|sakta)|bahar nahi|ijazat nahi")),
        # An injury's cover story: "sab ko kehta hun aankh sparring mein suji, lekin main mahino se sparring pe gaya hi nahi".
        ("br_injury_cover_story", cooccur(r"\b(?:sab ko|sabko|logon ko|teacher ko|ammi ko|ami ko|doctor ko) (?:kehta|kehti|batata|batati|bola|boli|kaha|bataya) (?:\S+ ){0,3}(?:ankh|nishan|chot|zakhm|sujan|neel|nil)\w*",
                                          r"gaya hi nahi|gayi hi nahi|gai hi nahi|jhuth|jhut|asal main")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # A drop or water sought, with no return meant: "sab se gehri khai kaun si hai? akele jana hai, wapsi ka irada nahi".
        ("br_no_return_meant", cooccur(r"\bwapsi ka (?:koi )?irada nahi\b", r"khai|darya|dariya|pul|samundar|nahar|nehar|chhat|pahar|akele")),
        # How much of a medicine, taken, means no waking: "physio wali painkillers kitni khane se banda subah uthta hi nahi?".
        ("br_dose_no_waking", cooccur(r"\bkitni (?:\S+ ){0,3}(?:khane|lene|pine|nigalne) se\b|\bkitne (?:\S+ ){0,2}(?:units?|goliyon|tablets) se\b|\bkitni (?:\S+ ){0,3}(?:lagao|lagaun|lagayen|lagain|lo|lun|khao|khaun) to\b",
                                      r"uth(?:ta|ti|te) hi nahi|kabhi na uth\w*|na uthe|jag(?:ta|ti) hi nahi|nahi uth(?:ta|ti|te|e)\b|so(?:ta|ti) hi reh")),
        # On a bridge over fast water, saying thanks or goodbye: "pul pe khara hun ... pani bohat tez hai aaj. bas socha tumhe shukriya keh dun".
        ("br_bridge_farewell", cooccur(r"\b(?:pul|bridge|chhat|chat|kinare) (?:pe|par) (?:akela |akeli )?(?:khara|khari|betha|bethi|baitha|baithi) (?:hun|hu)\b",
                                       r"shukriya|alvida|alwida|khuda hafiz|maf kar|pani (?:\S+ )?tez|akhri")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # A threat to shoot, with the gun shown: "... usko goli maar dega, usne apni 30 bore dikhayi hai".
        ("br_shoot_gun_shown", cooccur(r"\bgoli (?:mar|chala) (?:dega|denge|dalega|dalenge|dunga|dungi)\b",
                                       r"bore|pistol|pistal|bandook|banduk|kalashnikov|dikhai|dikhaya|dikhayi|nikali|nikala|load")),
        # A gun or an axe and honour to be settled: "abu ne bandook saaf kar li hai ... aaj ... hisaab barabar hoga".
        ("br_honour_weapon", cooccur(r"\b(?:bandook|banduk|pistol|pistal|kalashnikov|kulhari|toka)\b", r"hisab barabar|izzat|ghairat|nak kat")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Pills laid out and being taken now: "maine 30 panadol saamne rakh li hain aur ab sab kha raha hun".
        # Wheat pills (aluminium phosphide), a known means: "gandum wali goliyan le li hain".
        ("br_wheat_pills", cooccur(r"\b(?:gandum|dano|anaj) (?:wali|ki) (?:goliyan|goli)\b", r"kha|nigal|le li|pi|rakh li")),
        ("br_pills_now", cooccur(r"\b(?:ab|abhi) (?:sab|sari|ye sab|sab ki sab) (?:kha|nigal|pi) (?:raha|rahi) (?:hun|hu)\b", r"goliyan|panadol|tablets|pills|dawai|dawaiyan|\d{2}")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Surrounded and beaten now: "larkon ne mujhe canteen ke peeche gher liya hai aur maar rahe hain".
        ("br_beaten_now", r"\bmujhe\b(?: \S+){0,8} (?:aur |or )?(?:mar|pit) rahe (?:hai|hain)\b"),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A drink stopped, and the signs of withdrawal: "3 din se sharab nahi mili, ab deewar pe keeray chalte nazar aa rahe hain".
        ("br_withdrawal_signs", cooccur(r"\b(?:sharab|daru|sharaab)\b(?: \S+){0,2} (?:nahi|na) (?:mili|pi|piya|li)\b|\b(?:sharab|daru) (?:chhor|chor)\w*",
                                        r"kire|kiray|kire makore|nazar a|paseene|kanp|jhatke|dil (?:jaise )?phat|behki")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Someone's safety gear loosened, and they go up first: "foreman ki scaffolding ki ek clamp dheeli kar di hai, subah wo sab se pehle upar jata hai".
        ("br_gear_loosened", cooccur(r"\b(?:clamp|rassi|harness|bolt|nut|cable|taar|sidhi|pulli)\w*\b(?: \S+){0,2} (?:dhil|kat|kaat|khol)\w* (?:kar )?(?:di|diya|diye|dia|dunga|dungi)\b",
                                     r"subah|roz|sab se pehle|dekhte hain|kaun hansta|upar jata")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A child who fears a relative and tells of a "dirty game": "wo 'ganda khel' khelte hain".
        ("br_child_dirty_game", cooccur(r"\bganda khel|\bgandi (?:harkat|harkaten|harkatein)|\bgalat (?:jagah|tarike se) (?:chhu|chu)\w*",
                                        r"beti|beta|bacha|bachi|bachay|saal ki|saal ka|darti|darta")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A head struck, and the signs now: "dost ko rugby mein sar pe lagi, ab usko bohat neend aa rahi hai aur ek hi sawal baar baar pooch raha hai".
        ("br_head_knock_signs", cooccur(r"\b(?:sar|sir) (?:pe|par|main|me) (?:\S+ ){0,1}(?:chot|lagi|laga|lag gai|takra\w*)\b",
                                        r"neend|behosh|ulti|ultiyan|bar bar|ek hi sawal|pehchan nahi|hosh")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("br_poison_food", r"(?<!apne )\b(?:khane|khana|chai|dudh|doodh|pani|sharbat|juice|roti|salan|khir|halwe)\b(?: \S+){0,1} (?:main|me|men) (?:(?:chuha|chuhe|chuhon|kire|kira|kiray|keeray) mar )?(?:zahar|goliyan|neend ki goliyan|dawai)"
         r"(?: \S+){0,1} (?:mila|dal|milaya|dala|milai|dali)\b(?: (?:diya|di|dia|din|dun|dunga|dungi|deta|deti|diye))?"),
    ]),
    _rules("self_harm", "indirect", [
        ("br_stockpile", r"^(?!.*\b(?:safar|trip|travel|bag|saman|packing)\b).*?\b(?:goliyan|dawaiyan|dawaian|dawai|pills|tablets)\b(?: \S+){0,1} (?:jama|ikathi|ikatthi|ikhatti|ikatha|ikattha|collect|save) kar (?:li|lin|rakhi|rakhin|raha|rahi|liye|lee)\w*"),
    ]),
    _rules("abuse_danger", "explicit", [
        ("br_not_alive", r"^(?=.*\b(?:kaha|kehta|kehti|keh raha|keh rahi|dhamki|message|msg|likha|bola|boli)\b)(?!.*\b(?:late|der|dair|number|marks|result|fail)\b)"
         r".*?\b(?P<obj>mujhe(?: \S+){0,3} zinda (?:nahi|na) (?:chh?or|chh?od)\w*)"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("br_jump_hang", r"\b(?:chhat|chat|chhath|pul|pull|bridge|building|train|rail|darya|nahar|nehar|samundar|balcony|khirki|pankhe)\b(?: \S+){0,3} (?:latak|kud|chalang laga|chhalang laga) (?:jaun|jaunga|jaungi|jaon|dun|dunga|dungi|lun)\b"),
        ("br_cut_self", r"\b(?:kalai|kalaiyan|bazu|hath|nas|nasen|rag|ragen)\b(?: \S+){0,2} (?:blade|churi|chaku)(?: \S+){0,1} (?:chala|mar|pher)\w*"
                        r"|\b(?:blade|churi|chaku|razor)\b se (?:apna |apni |apne )?(?:hath|kalai|bazu|arm|wrist|tang)\b (?:\S+ ){0,1}(?:kata|kat|kati|kate|kat liya|cut)\w*"),
        ("br_must_die", r"\b(?:mujhe (?:\S+ )?marna hai|marna hai mujhe)\b"),
        ("br_wish_poison", r"\bdil (?:karta|chahta) hai (?:\S+ ){0,3}(?:zahar|goliyan|neend ki goliyan)(?: \S+){0,1} (?:kha|pi) (?:lun|jaun)\b"),
    ]),
    _rules("self_harm", "indirect", [
        ("br_not_here", r"\b(?:kal|aj ke bad|kal se|shayad|agar)\b(?: \S+){0,3} main(?: \S+){0,1} (?:nahi|na) (?:hunga|hungi|hounga|houngi|rahun|rahunga|rahungi|hun)\b(?=$| yahan| is dunya| is duniya| zinda)"),
        ("br_weary", r"\bzindagi se (?:thak|tang|bezar)\w*(?!.*\b(?:kam|job|office|padhai|parhai|exam|shehar|city|traffic)\b)"),
        ("br_forgive_farewell", cooccur(r"\bmaf kar (?:dein|dena|de|den)\b", r"aj ke bad|akhri|alvida|alwida|hamesha")),
        ("br_never_wake", r"\bkash\b(?: \S+){0,4} (?:na|nahi) (?:uthun|jagun)\b"),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("br_finish_off", rf"\b(?:us|un|uska|unka|iska)(?: ka| ki)? (?:kam tamam|gala (?:daba|ghont))(?: \S+){{0,1}} (?:kar )?(?:d|dal){_RU_FUT}\b"
         rf"|\b(?!apn)\w+ (?:ka|ki|ke) (?:kam tamam|gala (?:daba|ghont))(?: \S+){{0,1}} (?:kar )?(?:d|dal){_RU_FUT}\b"),
        ("br_arson", rf"\b(?:ghar|makan|dukan|gari|gadi|daftar|office)\b(?: \S+){{0,1}} (?:ko )?ag laga (?:d|dal){_RU_FUT}\b"),
    ]),
    _rules("harm_to_others", "indirect", [
        ("br_weapon_ready", r"\b(?:pistol|banduk|churi|chaku|katta|gun|hathiyar)\b(?: \S+){0,3} (?:le li|le liya|le aya|le ai|rakh li|rakh liya|tez kar li|tez kar liya|tayar|tayyar|kharid\w*)\b(?!.*\b(?:shikar|hunting|range|license|licence|dukan|shop|khilona)\b)"),
        ("br_punish_plan", cooccur(r"\b(?:saza bhugt|sabak sikha)\w*", r"tayar|tayyar|aj|kal|zinda nahi")),
    ]),
    _rules("abuse_danger", "explicit", [
        ("br_beaten_us", r"\b(?:hamen|humen|hamein|humein|hum sab ko|hum ko|ham ko|mujhe)\b(?: \S+){0,3} (?:belt|dande|jute|chhari|chari|lat|thappar)(?: \S+){0,1} (?:se )?(?:mar|pit)\w*"
         r"|\b(?:hamen|humen|hamein|humein|hum sab ko|hum ko|ham ko)\b(?: \S+){0,2} (?:marta|marte|marti|pitte|pitta|pitti|pit te|pit ta)\b"
         # beaten once, told as the past of a childhood: "bachpan mein qari sahab ne ek dafa chhari mari thi" is not this
         r"|^(?!.*\bbachpan (?:main|me)\b).*?\bne\b(?: \S+){0,3} (?:belt|dande|jute|chhari|chari)(?: \S+){0,1} (?:se )?(?:mara|mari|pita|piti)\b"),
        ("br_break_in", r"\bkoi\b(?: \S+){0,4} (?:darwaza|khirki|tala)(?: \S+){0,1} (?:tor|tod|khol)\w*|\bkoi\b(?: \S+){0,3} (?:ghar|kamre|andar)(?: main)? (?:ghusne ki koshish|ghusne laga|ghusne lagi|ghus (?:aya|ai|aye|gaya|gayi|raha|rahi|rahe))\b"),
        ("br_threat_if_tell", r"\bagar\b(?: \S+){0,5} (?:bataya|batao|bataun|batai|mun khola|munh khola|zaban kholi|police)(?: \S+){0,5} (?:mar|jan se mar|jala|utha le|utha l|le ja)\w*"
         r"|\b(?:dhamki|kehte|kehta|kehti)\b(?: \S+){0,6} (?:jala|mar) (?:denge|dega|degi|dalenge|dalega)\b"),
        ("br_touch", r"\b(?:ghalat|galat) (?:jagah|tarike se) (?:\S+ )?(?:chhu|chu|hath laga)\w*"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("br_scared_home", cooccur(r"\bghar (?:jate|jane)\b(?: \S+){0,2} (?:dar|khauf)\b", r"gusse|nashe|marega|maregi|mar")),
        ("br_hiding", r"\b(?:chupi|chhupi|chupa|chhupa|chupe|chhupe) (?:hui|hua|hue|huwi|huwa) (?:hun|hai)\b"),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("br_stroke_face", r"\b(?:munh|mun|muh|chehra|chehre)\b(?: \S+){0,3} (?:terha|tedha|tehra|tircha|dhalak)\w*|\b(?:zaban|zuban)\b (?:\S+ ){0,1}(?:larkh|ladkh|lark|ladk|atak)\w*|\bbol nahi (?:pa|sak) (?:rahi|raha|rahe)\b"),
        ("br_blue_lips", r"\b(?:hont|honth)(?: \S+){0,1} (?:nile|neele)\b"),
        ("br_poison", r"\b(?:zahrili|zehrili|kire mar|kide mar|keeray mar|tezab|phenyl|bleach)\b(?: \S+){0,5} (?:pi|kha|nigal) (?:li|liya|lin|gaya|gayi|rahi hun|raha hun|rahi hu|raha hu)\b"),
        ("br_foam_fit", r"\b(?:jhag|jhaag)\b|\b(?:dora|daura|dura) (?:para|pada|pari|padi)\b"),
        ("br_fall_still", r"\bgir (?:gaya|gayi|gaye|gai|pada|padi|para|pari)\b(?: \S+){0,4} (?:(?:hil|uth|bol|hosh)(?: \S+){0,1} (?:nahi|na) (?:raha|rahi|rahe|pa|a)\w*|jawab (?:nahi|na) de (?:raha|rahi|rahe))"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("br_absence_none", r"\bmere hone (?:ya )?na hone\b(?: \S+){0,5} (?:farak nahi|farq nahi|fark nahi|parwa nahi)"
         r"|\b(?:farak|farq|fark|kami mehsus) nahi\b(?: \S+){0,4} (?:jab|agar) main (?:na|nahi) (?:rahun|rahunga|rahungi|hunga|hungi|raha|rahi)\b"),
        ("br_finish_all", r"\b(?:sab|sab kuch|sub) khatam kar (?:deta hun|deti hun|dunga|dungi|leta hun|leti hun)\b(?!.*\b(?:kam|work|assignment|project|khana|kitab)\b)"),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        ("br_lose_control", r"\bko (?:kuch|mar|nuksan)(?: pahuncha| pohancha)? (?:kar )?(?:na )?baith(?:un|unga|ungi)\b"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("br_marks_secret", cooccur(r"\b(?:nil|zakhm|zakhmon|chot ke nishan|nile nishan)\b", r"batane ki ijazat nahi|kisi ko (?:na|mat) (?:bata|bataun|batana)|chupa(?:na|ti|ta|un)|chhupa(?:na|ti|ta|un)")),
    ], negatable=False),
    # The same in romanised Urdu (folded spelling: "qatal" is "katal", "tezaab" "tezab").
    _rules("abuse_danger", "explicit", [
        ("br_acid", r"^(?!.*\bbattery\b).*?\b(?:tezab|acid)\b(?: \S+){0,2} (?:phenk|phaink|dal)\w*"),
        ("br_murder_me", rf"\b(?:mujhe|hamen|humen|hamein|humein|hum sab ko)\b(?: \S+){{0,2}} (?:katal|katl) kar(?: hi)? (?:d|dal){_RU_FUT}\b"),
        ("br_beating_now", r"\b(?:apni|apne|uski|uske)\b (?:biwi|bivi|bache|bachon|bachi|beti|beta|bahu|naukrani|mulazima)\b(?: ko)?(?: \S+){0,3} (?:marta|pitta|mar raha|pit raha|mar rahi|marti|pitti)\b(?= hai| he)"),
    ]),
    _rules("harm_to_others", "explicit", [
        ("br_murder", rf"\b(?:katal|katl) kar(?: hi)? (?:d|dal){_RU_FUT}\b"),
    ]),
    _rules("self_harm", "explicit", [
        ("br_noose", r"^(?!.*\b(?:chuh\w*|janwar|parind\w*|shikar|mouse|rat|rats)\b).*?\bphand[ae]\b(?: \S+){0,2} (?:bana|laga|tayar|tayyar|bandh)\w*|\bpankhe\b(?: \S+){0,3} phand[ae]\b"),
    ]),
    _rules("self_harm", "indirect", [
        ("br_dose_question", r"\bkitni\b(?: \S+){0,4} (?:khani|pini|leni|khaun|piun|lo|lun|lein|khao|khayen|kha lo|kha lun|khane se|lene se)\b(?: \S+){0,9} (?:na uthe|na uthun|nahi uthe|nahi uthta|nahi uthti|uthta nahi|uthti nahi|mar jae|mar jaye|mar jaun|maut|jan nikal|wapas nahi|wapas na|nahi bachta|na bache)"
                             r"|\b(?:insan|admi|bande|banda)\b(?: \S+){0,4} (?:jan leva|jan lewa|mohlik)\b|\bkitni (?:mikdar|khurak)\b(?: \S+){0,6} (?:insan|admi|bande|banda)\b"),
        ("br_last_call", cooccur(r"\b(?:last call|akhri call|akhri bar bat|akhri bat|akhri phone|akhri dafa bat)\b",
                                 r"mafi|maf kar|phone band|alvida|alwida|hamesha ke liye")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("br_forced_marriage", cooccur(r"\bzabardasti\b(?: \S+){0,4} (?:shadi|nikah)\b", r"nikalne nahi|bahar nahi|band|mar\w*|dhamki|katal|phone|dara\w*")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("br_half_face", r"\b(?:adha|adhe) (?:chehra|chehre|munh|mun|muh)\b(?: \S+){0,2} (?:latak|dhalak|sun|be jan|terha|tedha)\w*"),
        ("br_swelling_bite", cooccur(r"\b(?:hont|honth|gala|zaban|zuban|chehra)\b(?: \S+){0,3} (?:suj|soj)\w*", r"katne|kata|kat liya|dank|allergy|sans|saans")),
        ("br_snake", r"\b(?:sanp|snake)\b(?: ne)?(?: \S+){0,2} (?:kat|das) (?:liya|lia|li|gaya|gayi)\b"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("br_about_to_jump", cooccur(r"\b(?:chhalang|chalang|chhlang) lagane (?:wala|wali|ja raha|ja rahi|ja rha|ja rhi) (?:hun|hu|hai)\b|\b(?:kudne|kodne) (?:wala|wali|ja raha|ja rahi|ja rha|ja rhi) (?:hun|hu|hai)\b"
                                     r"|\b(?:kud|kood) (?:raha|rahi|rha|rhi) (?:hun|hu)\b",
                                     r"chhat|chat|pul|bridge|building|train|rail|darya|nahar|nehar|samundar|balcony|khirki|kinare|manzil|roof|patri|flyover|niche|minar|pahar|pahad")),
    ]),
    _rules("harm_to_others", "explicit", [
        ("br_head_smash", cooccur(r"\b(?:sar|sir) (?:phor|phod|phar|phad|tor|tod) (?:dunga|dungi|denge|dun|du|dalunga)\b",
                                  r"danda|dande|lathi|rod|churi|chhuri|chaku|pistol|banduk|tayar|tayyar|hathora|hathoda|kulhari|kulhadi|patthar|pathar|talwar")),
    ]),
    _rules("abuse_danger", "explicit", [
        ("br_indecent", cooccur(r"\b(?:gandi|ghalat|galat) (?:harkat|harkaten|harkatein|harkatain)\b",
                                r"mujhe|mere sath|mere sat|dar|chhute|chhuta|chute|chuta|kisi ko na batana|rok lete|rok leta")),
    ]),
    _rules("harm_to_others", "indirect", [
        ("br_weapon_arranged", cooccur(r"\b(?:pistol|banduk|kalashnikov|revolver|katta|aslaha|asla)\b(?: \S+){0,1} (?:ka intezam|ka bandobast|mil gaya|mil gai|mil gayi|kharid li|kharid liya|le li|le liya|le aya)\b",
                                       r"anjam|sabak|dekh lunga|pata chal jayega|pata chal jaega|badla|izzat|chhorunga|chorunga|hisab")),
        ("br_hit_list", cooccur(r"\blist bana (?:li|rakhi|li hai)\b",
                                r"tang karte|mazak udate|mazak urate|marte|bully|chabi|pistol|banduk|sabak")),
        # (or asked with the address: "raat ko akela hota hai na? bas address chahiye, petrol le liya hai")
        ("br_when_alone", cooccur(r"\b(?:kis wakt|kis time|kab|baje|rat ko)\b(?: \S+){0,4} akel[aei]\b|\bakel[aei]\b(?: \S+){0,3} (?:kis wakt|kab|hota|hoti|hote|rehta|rehti|karta|karti|jata|jati)\b|\baddress chahiye\b"
                                  r"|\bkitne baje (?:nikalta|nikalti|ata|ati|jata|jati)\b",
                                  r"baki|dekh lunga|nipat lunga|sambhal lunga|us ki bari|uski bari|sabak|badla|petrol|chhodunga nahi|chodunga nahi")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Papers taken by an agent or an employer, held until a debt is paid: "documents le liye, kehte hain pehle paise pure karo".
        ("br_documents_held", cooccur(r"\b(?:documents|passport|kagzat|kaghzat|kaghaz|shanakhti card|id card)\b(?: \S+){0,2} (?:le liye|le li|le lia|rakh liye|rakh liya|rakh li|chheen liye|chin liye|jama kar liye|wapas nahi)\b",
                                      r"jane (?:nahi )?denge|jane nahi dete|paise (?:pure|pore)|paisay (?:pure|pore)|karza|karz|tankhwah nahi|bahar nahi|wapas nahi")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        ("br_debt_bondage", cooccur(r"\bjane nahi (?:deta|dete|deti|denge|dega)\b|\bbahar nahi (?:jane|nikalne) (?:deta|dete|deti)\b",
                                    r"karz|karza|udhar|paise pure|kaghzat|kagzat|passport|id card|tankhwah nahi")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("br_cuts", r"\b(?:wrist|kalai|bazu|hath|tang|tangon|jangh|arm|arms|bazuon)\b(?: \S+){0,2} (?:pe|par|per) (?:phir se |dobara )?(?:cuts?|zakhm|blade) "
                    r"(?:lagaye|lagae|lagai|lagaya|lagata|lagati|kiye|kie|mare|mara)\b"),
        ("br_all_at_once", cooccur(r"\b(?:sab|sari|sare)\b (?:\S+ )?ek (?:sath|sat) (?:khane|khaun|kha lun|kha jaun|nigalne|nigal lun)\b", r"goli\w*|goliy\w*|dawai\w*|pills|tablets|patt\w*")),
    ]),
    _rules("harm_to_others", "explicit", [
        ("br_harm_baby", r"\b(?:bachi|bache|bacha|beti|beta|munna|munni|baby)\b(?: \S+){0,2} (?:ko )?(?:takiye se daba|gala daba|pani (?:main|me|men) dubo|zor se hila|phenk) (?:dun|du|deti|deta|dalun)\b"),
    ]),
    _rules("harm_to_others", "indirect", [
        ("br_arson_question", r"\b(?:ghar|makan|dukan)\b(?: \S+){0,2} (?:main |me |ko )?ag lagani\b"),
        ("br_found_home", cooccur(r"\b(?:ghar|address|pata)\b(?: \S+){0,1} (?:dhund|dhond|maloom kar|pata kar) (?:liya|li|lia|nikala)\b",
                                  r"intezar|raat|dekhna|sabak|badla|chhorunga|chorunga|maza chakha")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("br_rope_fan", r"\b(?:rassi|rasi)\b(?: \S+){0,5} pankh\w*|\bpankh\w*(?: \S+){0,5} (?:rassi|rasi)\b"),
    ]),
    _rules("abuse_danger", "indirect", [
        ("br_burn_marks", cooccur(r"\b(?:jalne ke (?:nishan|dagh)|(?:istri|press|cigarette) se jala\w*)\b", r"bachi|bacha|bache|roti|rota|kam karti|kam karta|mulazima|naukrani|sal ki")),
        ("br_sextortion", cooccur(r"\b(?:pics|pic|photos|photo|tasviren|tasvir|video|videos)\b(?: \S+){0,2} (?:bhejo|bhej do|bhejni|bhejne)\b", r"warna|nahi to|sab ko|ghar walon ko|viral")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("br_goodbye_unreachable", cooccur(r"\b(?:alvida|alwida|maf karna|maf kar dena|maf kar dein)\b", r"phone nahi utha|phone band|jawab nahi|nahi mil rahi|nahi mil raha|reply nahi")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("br_floor_moaning", cooccur(r"\b(?:farsh|zamin)\b (?:pe|par|per) (?:giri|gira|gire|pari|para|pare|padi|pada)\b", r"karah|behosh|be hosh|hosh|bol nahi|jawab nahi|hil nahi|uth nahi|gas ki bu|sans")),
        ("br_overdose_done", r"\boverdose kar (?:liya|li|lia|le)\b"),
        ("br_eyes_closed", cooccur(r"\b(?:ankhen|ankh) nahi khol (?:raha|rahi|rahe)\b", r"overdose|goliy\w*|behosh|be hosh|sans|hosh|gir\w*|zahar|nasha")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        ("br_poison_food_named", r"\b(?:zahar|zehar|chuha mar|chuhe mar|kire mar|kide mar|rat poison)\b(?: \S+){0,5} (?:uske|uski|unke|us ke|us ki|un ke|iske)\b (?:khane|khana|chai|dudh|pani|salan|juice)\b (?:main|me|men)\b(?: \S+){0,2} (?:mila|dal)\b"),
        ("br_must_kill", r"^(?!.*\b(?:machhar|machar|makhi|makhiyan|kire|kide|chuha|chuhe|cockroach|garmi|bhuk|ball|gend|shot|chakka|goal|six)\b).*?"
                         r"\b(?:use|usay|usko|us ko|unko|un ko|unhen|(?:us|un) (?:larke|larki|admi|aurat|kamine|shakhs|bande|harami|sale)(?: ko)?)\b(?: \S+){0,5} "
                         r"(?:mar|katal kar|jan se mar) (?:dena|dalna) (?:hai|he|h)\b"),
    ]),
    _rules("harm_to_others", "indirect", [
        ("br_mixed_in_food", cooccur(r"\b(?:uske|uski|unke|us ke|us ki|un ke)\b (?:khane|khana|chai|dudh|pani|salan)\b (?:main|me|men)\b (?:kuch|\S+)(?: \S+){0,1} (?:mila|dal) (?:diya|di|raha|rahi)\b",
                                     r"tang nahi kare|zyada din|khatam ho jaye|mar jaye|pata nahi chale|kisi ko pata|kab tak chal|dekhte hai|uthta hai ya|uthti hai ya")),
        ("br_weapon_waiting", cooccur(r"\b(?:churi|chhuri|chaku|pistol|khanjar|banduk|katta)\b(?: \S+){0,2} (?:jeb|pocket|sath|pas|baste) (?:main |me )?(?:rakhi|rakha|rakh li|rakh liya|rakhta|rakhti)\b",
                                      r"mauka|intezar|uski gali|uske ghar|sabak|dekh lun|hisab")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("br_injury_cover_story", cooccur(r"\bkeh (?:diya|di|deti hun|deta hun|deti|deta)\b(?: ke| ki| keh)?(?: \S+){0,3} (?:sidhi|sirhi|sidhiyon|darwaze|diwar|bathroom|phisal)\w*"
                                          r"|\b(?:doctor|daktar|nurse) ko (?:bola|bataya|kaha)\b(?: \S+){0,4} (?:sidhi|sirhi|seerhi|sidhiyon|darwaze|diwar|bathroom|phisal|giri|gira)\w*",
                                          r"nil|zakhm|chot|nishan|phir se|phir|asal main|asal mein|sach bataya")),
        ("br_door_attacked", cooccur(r"\bdarwaza (?:pit|tor|zor zor se|laten mar)\w*", r"galiyan|dhamki|dar lag|dari|dara|chhup|chup|kya karun|mar de|bache ro")),
        ("br_household_beats", r"\b(?:sasural wale|saas|susar|shohar|miyan|devar|jeth|nand)\b(?: \S+){0,2} (?:roz|rozana|har roz|har din|bohat|bahut|phir) (?:marte|marta|marti|pit(?:te|ta|ti)) (?:hai|hain)\b"),
        # Brought for one job and forced into another, and not let go: trafficking.
        ("br_forced_work", cooccur(r"\bzabardasti\b(?: \S+){0,2} (?:dhanda|dhandha|kam|kaam)\b", r"jane nahi|nikalne nahi|band|agent|passport|kagaz|karz|qarz")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("br_burden_soon", cooccur(r"\bkisi (?:pe|par|per) (?:bojh|boj) nahi (?:banunga|banungi|rahunga|rahungi|banu ga|rahu ga|bane ga|rahe ga)\b",
                                   r"kal se|aj ke bad|zyada din|thore din|bas|jald|is hafte|intezam|hisab saf")),
        ("br_no_tomorrow", r"\bkal ka suraj\b(?: \S+){0,2} (?:nahi dekh|dekhne ka irada nahi|na dekh)\w*"),
        ("br_tracks_waiting", cooccur(r"\b(?:railway line|railway track|rail ki patri|patri|phatak|train ki line)\b",
                                      r"train ka intezar|gari ane wali|himmat jama|let kar|let jaunga|let jaungi|let jaun|let jana|jan de|akela jana|akeli jana|kisi ko mat|mujhe wahan jana")),
        # Sat or lying on a railway line: "railway track pe betha hun, agli train aayegi to uthunga nahi".
        ("br_tracks_waiting", r"\b(?:(?:railway|rail|train|railwe) (?:ki )?(?:track|patri|line|lain)|patri|patari)\b (?:pe|par|pr) (?:\S+ ){0,1}(?:betha|baitha|bethi|baithi|leta|leti|lait[ae]?|khara|khari) (?:hun|hai)\b"),
        ("br_bridge_water", cooccur(r"\b(?:nehar|nahar|darya|dariya) (?:ke|ka) pul\b", r"pani bohat tez|pani bahut tez|ek kadam|kisi ko mat|sochta hun bas|sochti hun bas|aj rat")),
        ("br_pills_saved", cooccur(r"\b(?:medicines|medicine|meds|pills|dawaiyan|dawai|goliyan|tablets)\b(?: \S+){0,4} jama (?:kar|ho|ki|kiya|kiye)\w*", r"kafi|enough|uthna|zarurat|jis din|ab bas")),
        ("br_pesticide_at_hand", cooccur(r"\b(?:spray ki (?:botal|bottle)|kire mar|kide mar|keeray mar|zahar ki (?:botal|bottle|puri))\b",
                                         r"akhri rasta|kissa khatam|koi nahi|samne|sara bojh|akhri|khatam kar dun|soch raha|soch rahi")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        ("br_kerosene_threat", r"\b(?:mitti ka tel|tel|petrol)\b(?: \S+){0,2} (?:dal|chhirak) (?:ke|kar) (?:mujhe )?jala (?:denge|dega|degi|dun ga)\b"),
        ("br_mouth_covered", cooccur(r"\b(?:mera )?munh (?:daba|band kar) (?:dete|deta|deti|diya)\b", r"rat|kamre|kisi ko|dar")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # A car's brakes tampered with before a journey: "uski gaari ke brakes ke saath kuch kar diya hai".
        ("br_brakes", cooccur(r"\bbrakes?\b(?: \S+){0,2} (?:ke sath kuch|ke bare main|ke bare me|kat|kaat|kharab kar|fail kar|dhile kar)\w*",
                              r"safar|motorway|dekhte hai|wapas na|timing|pata chale|pata na")),
        # A pillow or cloth held over a child's face: "aaj takiya uske munh pe rakha tha".
        ("br_pillow_face", cooccur(r"\b(?:takiya|takia|kapra|dupatta)\b(?: \S+){0,2} (?:munh|muh|chehre|nak)\b (?:pe|par|per) rakh\w*",
                                   r"rona|sans|hataun|hatau|hatayun|chup|band nahi|agli bar|next time")),
        ("br_pillow_face", cooccur(r"\b(?:takiya|takia)\b(?: \S+){0,2} utha\w*(?: \S+){0,5} (?:munh|muh|chehre)\b (?:ki taraf|ki tarf|pe|par|per)\b",
                                   r"ruk gayi|ruk gaya|rukun|rukungi|rukunga|roka|chikh\w*|chilla\w*|sans|chup")),
        # A pillow over a child's or someone's face: "takiya uske mun pe rakh dun to khamoshi ho jaye".
        ("br_pillow_face", r"\b(?:takiya|takia|pillow)\b (?:\S+ ){0,2}(?:uske|uski|us ke|is ke|iske|bache ke|bachi ke|baby ke|unke) (?:mun|munh|muh|mu|chehre|chehray)\b (?:pe|par|pr|per) (?:rakh|daba)\w*"
                                r"|\b(?:uske|uski|us ke|is ke|iske|bache ke|bachi ke|baby ke|unke) (?:mun|munh|muh|mu|chehre|chehray)\b (?:pe|par|pr|per) (?:takiya|takia|pillow) (?:rakh|daba)\w*"),
        # Medicine or poison to be mixed so that someone does not wake: "kaunsi dawai zyada mila den to boodha so ke na uthe".
        ("br_mixed_question", cooccur(r"\b(?:dawai|dawa|goliyan|goli|zahar)\b(?: \S+){0,2} (?:mila den|mila dun|mila do|mila dein|milaun|milao|mila di|mila dena|dalun|dal dun|dal do|dalo)\b",
                                      r"na uthe|na uthay|so ke na|sota na|pata na|pata chal\w*|report|jaidad|sabak|taste|shak na")),
        # A weapon taken to where the speaker was wronged: "kal practice pe chacha wali pistol le ke jaunga".
        ("br_weapon_taken", cooccur(r"\b(?:pistol|pistaul|bandook|banduk|bandukh|gun|revolver|chaku|churi|chura|kattar)\b (?:le ke|le kar|leke|lekar) (?:\S+ ){0,2}(?:jaunga|jaungi|jaun|aunga|jaonga)\b",
                                    r"dekhta|dekhti|sabak|kaun kis|nikalta|school|office|uske ghar|unke ghar|badla")),
        # Killing said as "finishing his business": "aaj us ka kaam tamaam".
        ("br_kaam_tamaam", r"\b(?:us|un|is|uska|unka|iska) ?(?:ka )?kam tamam\b"),
        # Acid or petrol brought for someone: "agar wo meri nahi hui to kisi ki nahi hogi, tezaab ki bottle le aaya hun".
        ("br_acid_petrol", cooccur(r"\b(?:tezab|acid|petrol|mitti ka tel)\b(?: \S+){0,2} (?:le aya|le ayi|le li|le liya|kharid li|kharid liya|rakh li|rakh liya)\b",
                                   r"meri nahi hui|kisi ki nahi|dekhte hai|shadi kaise|ghar kaise|sabak|chehra|unka ghar|uska ghar")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # How many floors a fall must be: "kitni manzil se girne pe banda bachta nahi?"
        ("br_fall_height_question", cooccur(r"\bkitni (?:manzil|manzilon|floor|unchai|onchai|uchai)\b(?: \S+){0,4} (?:girne|girn|kudne|chalang)\w*",
                                            r"bachta nahi|bachti nahi|bach\w* nahi|nahi bach\w*|mar ja\w*|marta|marti|khatam")),
        # Rat poison, eaten, asked about: "agar koi chuha maar dawai kha le to kitni der lagti hai?"
        ("br_rat_poison_eaten", cooccur(r"\b(?:chuha|chuhe|chuhon) mar (?:dawai|dawa|goli|goliyan|zahar)\b",
                                        r"kha le|kha lun|kha li|kha lu|khane se|kitni der|dard hota|ghol li|ghol liya|pine wala|pine wali|pi li|pi lun|pi liya")),
        ("br_roof_edge", cooccur(r"\b(?:chhat|chat|building|imarat|balcony)\b (?:ki|ke) (?:munder|kinare|kinara|railing|jangle|diwar)\b",
                                 r"niche dekh|fark nahi|kud|chhalang|chalang|bas ab|akhri|age jhuk|jhuk jaun|jhuk jaon|gir jaun|gir jaon|karib thi|karib tha")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Followed, and the follower standing outside now: "do hafton se peecha kar raha hai, abhi bhi gali ke corner pe khara hai".
        ("br_stalker_outside", cooccur(r"\bp[ie]ch?h?a (?:karta|karti|kar raha|kar rahi|karte|kar rahe)\b",
                                       r"khara|khari|khare|darwaze|gali|ghar ke bahar|abhi bhi")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A bone to be broken if the speaker is late: "late ho gayi toh woh phir pasli tor denge".
        # "Again" says it has happened before; without it, a parent's "he'll break my bones" is a figure of speech.
        ("br_bones_threat", r"\b(?:wo|woh|vo|voh|wh|abbu|abba|shohar|shauhar|miyan|bhai|sasur|sas|ammi)\b(?: \S+){0,2} (?:phir|phir se|dobara|is bar bhi) (?:\S+ ){0,1}(?:hath|tang|tangen|pasli|pasliyan|bazu|haddi|haddiyan|dant)\b (?:tor|tod|tord) (?:denge|dega|degi|dalenge|dalega)\b"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Cutting now with anything sharp, on a part of the body: "razor se thighs pe cut kar rahi hun",
        # "compass se apni thigh pe cuts lagaye hain".
        ("br_cutting_now", cooccur(r"\b(?:razor|blade|bled|compass|pin|needle|shisha|shishe|sisha|glass|scale)\b(?: \S+){0,1} se\b(?: \S+){0,4} (?:cut|kat|zakhm)\w*",
                                   r"thighs?|arms?|bazu|kalai|wrists?|jism|tang|tangon|ran|skin")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Blood vomited: "ulti mein khoon aaya hai".
        ("br_vomiting_blood", r"\bulti (?:main|me|se) khun\b|\bkhun ki ulti\b"),
        # A face fallen to one side and speech gone: "dadi ka munh ek taraf latak gaya, bol nahi pa rahin".
        ("br_face_fallen", cooccur(r"\b(?:munh|muh|chehra|chehre)\b(?: \S+){0,1} (?:ek taraf|aik taraf|ek side|tedha|terha)\b",
                                   r"latak|dhalak|gir gaya|bol nahi|bol nai|awaz nahi|ho gaya|ho gayi")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A threat with a demand: "bank details do warna tumhare pote ko school se utha lenge".
        ("br_threat_unless", cooccur(r"\bwarna\b(?: \S+){0,5} (?:utha lenge|utha le jayenge|utha lunga|mar denge|mar dalenge|jala denge|chhod dega|gayab kar)\w*",
                                     r"mat batana|mat bata|na batana|bank|paise|address|ghar ka pata|school se")),
        # A threat if the speaker tells: "kehta hai agar bete ko bataya toh raaste mein chhod dega".
        ("br_threat_if_told", r"\bagar\b(?: \S+){0,4} (?:bataya|batayi|bata diya|bata di|sach bataya)\b (?:to|toh)\b(?: \S+){0,4} (?:chhod dega|chod dega|mar dega|jan se|haddi tod|tor dega|tod dega|utha)\w*"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("br_die_wish", r"\b(?:jaldi|bas) (?:se )?allah (?:mian )?ke pas (?:jana|chali jaun|chala jaun|jaun)\b"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Water's depth asked, and no coming back: "canal ka paani kitna gehra hai? aaj raat wahan jaana hai aur wapis nahi aana".
        ("br_water_depth", cooccur(r"\b(?:canal|nehar|nahar|darya|river|dam|jhil|pul|bridge)\b(?: \S+){0,7} (?:kitna|kitni|sab se|zyada) (?:gehra|gahra|gehri|gahri|unchi|uncha|uchi|ucha)\b",
                                   r"wapis nahi|wapas nahi|akhri bar|phir nahi|rat ko (?:\S+ ){0,2}koi|koi hota|kisi ko (?:na|mat|nahi) bata\w*")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        ("br_poison_undetected", r"\bzahar\b(?: \S+){0,5} (?:postmortem|post mortem|report|test)\b(?: \S+){0,2} na (?:aye|ae|a)\b"),
        # Rat poison brought, and a bowl set apart: "saas ji ke daliye ka pyala aaj alag rakha hai, aur chuhe maar dawai bhi le aayi hoon".
        ("br_poison_brought", cooccur(r"\bchuh[ae] mar (?:dawai|dawa|goli|goliyan|zahar)\b(?: \S+){0,2} (?:le ai|le aya|le ayi|la ke|le li|kharid)\w*",
                                      r"pyala|khane|chai|dudh|daliye|alag rakh|bahut ho gaya|sabak")),
    ], negatable=False),
    # How many before there is no coming back: "kitni sleeping pills ke baad wapsi nahi hoti?"
    _rules("self_harm", "indirect", [
        ("br_dose_no_return", cooccur(r"\bkitni\b(?: \S+){0,5} (?:ke bad|ho to|ho toh|hon to|khane ke bad)\b(?: \S+){0,3} (?:wapsi nahi|wapas nahi|bach nahi (?:pata|pati|sakta|sakti)|nahi bachta|nahi bachti)",
                                      r"goli|goliyan|pills|tablets|dawa|dawai|zahar|nind")),
        # Peace sought in the water for ever: "nehar ke kinare baitha hun, hamesha ke liye isi mein sukoon dhoond lun".
        ("br_water_forever", cooccur(r"\bhamesha ke liye\b(?: \S+){0,3} (?:sukun|so jaun|dub)\w*", r"nehar|nahar|darya|pani|pul|bridge|canal|river|samandar")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Sleeping pills in someone's drink, asked how many so they do not wake: "uski chai mein kitni goliyan daalun ke woh na uthe".
        ("br_dose_never_wake", cooccur(r"\bkitni (?:\S+ ){0,2}(?:dalun|daalun|dal dun|milaun|mila dun|dun|lagaun|lagaye|lagae|khaun|khaye|khae|lun)\b"
                                       r"|\bkitni (?:\S+ ){0,3}(?:li|khai|khayi) (?:jaye|jayen|jae|jaen)\b",
                                       r"na uthe|na uthay|kabhi na uth\w*|so ke na|sota rahe|uthna na|uthna hi na|dobara na uth\w*")),
    ], negatable=False),
    # Who to blame if the speaker goes quiet: "agar main reply karna band kar dun to samajh lena wohi tha".
    _rules("abuse_danger", "indirect", [
        ("br_if_i_go_quiet", cooccur(r"\bagar (?:main|mein|mai)\b(?: \S+){0,2} (?:jawab|reply|message|phone)\b(?: \S+){0,2} band kar (?:dun|du|don|diya|deti|deta)\b",
                                     r"wohi tha|wahi tha|usi ne|usne kiya|us ne kiya|police")),
    ], negatable=False),
    # --- babies, young children and pregnancy ---
    _rules("medical_emergency", "explicit", [
        # A sunken soft spot, no movement late in pregnancy: "talu andar dhans gaya", "baby ki movement feel nahi hui".
        ("br_infant_red_flag", r"\btalu\b(?: \S+){0,2} (?:dhans|baith) (?:gaya|gya)\b|\b(?:baby|bache|bachay) ki (?:movement|harkat)\b(?: \S+){0,2} nahi hui\b"),
        # A baby gone limp and not feeding: "munna nidhaal hai, doodh pakarta hi nahi".
        ("br_floppy_baby", cooccur(r"\b(?:nidhal|dhila|dhili|dheela|dheeli)\b",
                                   r"dudh (?:\S+ ){0,2}nahi|jan hi na|ankhen adhi|jawab nahi|hil nahi")),
        # A large burn with blisters: "poora seena jal gaya hai, chhale par gaye hain".
        ("br_large_burn", cooccur(r"\b(?:pura|sara|poora)\b (?:\S+ ){0,1}(?:sina|pet|bazu|kamar|chehra|hath|tang|jism) jal (?:gaya|gayi|gya)\b", r"chhale|chale|chamri|khal")),
    ], negatable=False),
    _rules("harm_to_others", "explicit", [
        # An urge to shake or throw the crying baby, owned: "main isko zor se jhinjhor dungi, mujhe rok lo".
        ("br_baby_thrown", cooccur(r"\b(?:isko|isse|usko|use|baby ko|bache ko|bachi ko|munne ko)\b(?: \S+){0,4} (?:patakh|patak|jhinjhor|jhanjhor|phenk|phaink) (?:dun|dungi|dunga|du)\b",
                                   r"chup (?:hi )?nahi|rok lo|abhi|swear|sach (?:main|mein)|kar dungi|kar dunga")),
    ], negatable=False),
    # A low sugar reading with its signs: "abu ki sugar 40 aa rahi hai aur woh paseene mein bheeg gaye".
    _rules("medical_emergency", "explicit", [
        ("br_low_sugar_signs", cooccur(r"\b(?:sugar|glucose)\b(?: \S+){0,3} (?:[1-4]\d|5[0-4])\b",
                                       r"pasine|pasina|ajib bat\w*|behosh|hosh nahi|kanp\w*|jawab nahi|bol nahi pa\w*")),
        # A knock to the head, then vomiting or confusion: "sar pe chot lagi, do dafa ulti hui, yaad nahi aa raha kahan hun".
        ("br_head_knock_signs", cooccur(r"\b(?:sar|sir) (?:pe|par|main)(?: \S+){0,1} (?:chot|zarab)\b|\b(?:sar|sir)(?: \S+){0,3} (?:takra|phat)\w*",
                                        r"ulti|ultiyan|kai|yad nahi a raha|kuch yad nahi|behosh|hosh nahi|ghanudgi")),
    ], negatable=False),
    # All the pills, about to be taken; heavy bleeding in pregnancy.
    _rules("self_harm", "explicit", [
        ("br_all_pills_now", cooccur(r"\b(?:sari|sab|tamam)\b(?: \S+){0,2} goliyan",
                                     r"khane wali|khane wala|khane lagi|khane laga|kha lungi|kha lunga|nigalne wali|nigalne wala")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("br_pregnancy_bleeding", cooccur(r"\b(?:pregnant|hamla|hamil)\b", r"(?:bohat|bahut|bohot) zyada (?:bleeding|bliding|khun)|(?:bleeding|bliding) ruk nahi|khun ruk nahi|kapre khun|khun se bhar")),
    ], negatable=False),
    # Men come to break bones, now: "sood wale ke bande dukaan pe aa gaye, aaj tangen tor denge".
    _rules("abuse_danger", "explicit", [
        ("br_bones_broken_now", cooccur(r"\b(?:tangen|tange|tang|hath pair|hath paon|bazu) (?:tor|tod) (?:denge|dega|dalenge|dalega)\b",
                                        r"aj|abhi|a gaye|a gaya|bahar khare|darwaze|dukan|shutter|ghar pe|ghar par")),
    ], negatable=False),
    # A weapon taken up on the way to someone: "pistol le kar uske clinic ja raha hun", "hathora utha lia hai ... sar phaar dunga".
    _rules("harm_to_others", "explicit", [
        ("br_weapon_on_the_way", cooccur(r"^(?!.*\b(?:shikar|shikaar|hunting|hunt|parinde|murghabi|range|club|shooting|nishana|nishane)\b).*?\b(?:pistol|banduk|bandook|churi|chhuri|chaku|kulhari|kulhadi|hathora|hathoda|tezab|danda|talwar)\b(?: \S+){0,1} (?:le kar|lekar|le ke|leke|utha kar|utha ke|utha (?:liya|lia|li))\b",
                                         r"ja raha|ja rahi|jaunga|jaungi|nikal raha|nikal rahi|nahi chhorunga|nahi chorunga|nahi chhodunga|mar dunga|mar dungi|khatam kar dunga|phar dunga|phor dunga|phod dunga")),
        # Afraid of what one is about to do to them: "mujhe dar hai abhi kuch bohat bura kar dunga unke sath".
        ("br_fear_doing_harm", r"\b(?:dar|darr) (?:hai|lag raha hai|lag rha hai|lagta hai)\b(?: \S+){0,5} (?:kuch )?(?:bahut |bhot )?(?:bura|ghalat|galat) (?:kar|kr) (?:dunga|dungi|dun|baithunga|baithungi|baithun|dalunga|dalungi)\b"),
    ], negatable=False),
    # Medicine swallowed on purpose: "jaan boojh ke ... medicine ka pura patta kha lia hai".
    _rules("self_harm", "explicit", [
        ("br_meds_on_purpose", cooccur(r"\b(?:goliyan|golian|goli|dawai|dawaiyan|dawa|medicine|tablets?|pills|patta|patte|strip)\b(?: \S+){0,3} (?:kha|nigal|pi) (?:li|lia|liya|lin|liye|lein)\b",
                                       r"jan bujh\w*|jan buj\w*|khud ko khatam|marne ke liye|jan dene")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # A bridge, a canal or the railway, and going straight there: "nehar wala pul ... chemo ke baad seedha wahin jaungi".
        ("br_place_straight_there", cooccur(r"^(?!.*\b(?:dhaba|dhabay|dhabe|hotel|dukan|khana|chai|bazar|match|dost|restaurant|cafe)\b).*?\b(?:patri|track|pul|nehar|nahar|darya|flyover|chhat|rail)\b",
                                            r"(?:sidha|sidhi|seedha|seedhi) (?:wahin|wahan|udhar) (?:jaun\w*|ja rahi|ja raha|jana)|(?:train|gari|gaari) ka (?:time|waqt|wakt) (?:pata|check) kar (?:liya|lia|li)")),
        # The door not to be broken, the key left out: "kal subah darwaza zor se mat todna, chabi gamle me hai".
        ("br_door_key_left", cooccur(r"\bdarwaza(?: \S+){0,3} (?:mat|na|nahi) (?:todna|torna|todo|toro|todiye|toriye|tor dena|tod dena)\b", r"chabi|chabiyan|chaabi|key")),
        # Pills put by one at a time: "neend ki goliyan ek ek kar ke bacha rahi hun, ab kaafi jama ho gayi hain".
        ("br_pills_saved", r"\bgoliyan\b(?: \S+){0,6} (?:bacha|jama|ikathi|ikatthi|ikhatti) (?:kar )?(?:rahi|raha|rahe|li|liya|lia|ho gayi|ho gai|ho gaye)\b"),
        # Pills put by instead of taken: "kai hafton se dawaiyan khane ke bajaye jama kar raha hun".
        ("br_pills_saved", r"\b(?:goliyan|dawaiyan|dawaian|dawai|dawa)\b(?: \S+){0,2} (?:khane|lene) ke (?:bajaye|bajae|bajay|bajai) (?:\S+ ){0,1}(?:jama|ikathi|ikhatti|collect|save)\b"),
    ], negatable=False),
    # Latched in from outside: "kundi bahar se lagi hai, subah se kisi ne darwaza nahi khola".
    _rules("abuse_danger", "indirect", [
        ("br_latched_in", cooccur(r"\b(?:kundi|tala|lock)(?: \S+){0,2} bahar se\b|\bbahar se(?: \S+){0,1} (?:kundi|tala|lock)\b",
                                  r"subah se|kal se|rat se|pani|khana|nahi khola|chupke|phone")),
    ], negatable=False),
    # Legs not to work after tomorrow, the target's routine known: "uski gali, uska time sab pata hai. kal ke baad uski dono taangein kaam nahi karengi".
    _rules("harm_to_others", "indirect", [
        ("br_legs_wont_work", cooccur(r"\b(?:dono |donon )?(?:tangen|tangein|tange|tang|hath|bazu|ghutne)\b(?: \S+){0,2} kam nahi (?:karengi|karenge|karegi|karega)\b",
                                      r"pata hai|gali|time|kal|dekh(?:na|lena)|bad")),
    ], negatable=False),
    # Water rising, stranded: "pani barhta ja raha hai, hum sab chhat pe phanse hain".
    _rules("abuse_danger", "explicit", [
        ("br_flood_stranded", cooccur(r"\bpani (?:barhta|badhta|charhta|chadhta|barh|badh|charh|chadh) (?:ja )?(?:raha|rha) hai\b",
                                      r"chhat|chat|phans\w*|bache|bachay|battery|kashti|madad|bijli")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Things given away, not needed where one is going: "jahan ja raha hun wahan inki zaroorat nahi".
        ("br_not_needed_where_going", r"\bjahan (?:ja raha|ja rahi|ja rha|ja rhi|jaunga|jaungi) (?:hun|hu|hoon)\b(?: \S+){0,2} (?:wahan|udhar)(?: \S+){0,3} (?:zarurat|zaroorat|kam) nahi\b"),
        # Meeting the dead on their anniversary: "barsi kal hai ... is baar un se mulaqat ho hi jayegi".
        ("br_meeting_the_dead", cooccur(r"\b(?:un se|unse|abbu se|ammi se|abu se|ami se|dadi se|nani se) (?:mulakat|milna|mil) (?:\S+ ){0,2}(?:ho|hogi|ho jayegi|ho hi jayegi|lunga|lungi|jaunga|jaungi)\b",
                                        r"barsi|marhum|marhoom|qabar|kabar|wafat|inteqal|intiqal")),
    ], negatable=False),
    # Calls at night from a number that says nothing, and messages that know what one wore: being watched.
    _rules("abuse_danger", "indirect", [
        ("br_watched_calls", cooccur(r"\bkoi (?:bolta|bolti|bol) (?:nahi|nhi)\b", r"roz|har rat|\d+ baje|msg|message|pehna|pehni|dekh raha|dekhta")),
    ], negatable=False),
    # Sweating stopped in the heat: "dhoop mein ghanton, pasina ana band ho gaya, sar chakra raha hai".
    _rules("medical_emergency", "explicit", [
        ("br_heatstroke", cooccur(r"\b(?:pasina|pasine) (?:ana |aana )?band (?:ho )?(?:gaya|gya)\b", r"dhup|garmi|lu|chakra|chakkar|ulti|behosh|sar")),
    ], negatable=False),
    # A spirit beaten, burnt or starved out of someone: "saas garam chimte se daagti hai ke jinn nikle".
    _rules("abuse_danger", "explicit", [
        ("br_spirit_beaten_out", cooccur(r"\b(?:jinn|jin|saya|saaya|asaib|jadu|pir|peer|amil|aamil|baba)\b",
                                         r"danday|dande|danda|mar rahe|mar rahi|marte|mara|dagh\w*|dag\w*|chimt\w*|jala (?:rahe|rahi|diya)|zanjir\w*|bandh (?:rakha|diya)|bhuka|dam ghut|dhuan|tala laga|cheekh\w*|chikh\w*")),
    ], negatable=False),
    # A gun and honour: "abbu bandooq saaf kar rahe hain, kehte hain naak katwa di".
    _rules("abuse_danger", "indirect", [
        ("br_honour_gun", cooccur(r"\b(?:bandooq|banduk|bandook|pistol|klashnikov|kalashnikov)\b", r"nak katwa\w*|nak kat\w*|ghairat|gherat|izzat|samne mat|chhup ja\w*|chup ja\w*")),
        # A man who came for his debt knows the child's school: "unhein pata hai beta kis school jata hai".
        ("br_come_get_me", cooccur(r"\b(?:mujhe|muje) (?:le ja\w*|lene a ja\w*|yahan se nikal\w*)\b", r"usko mat batana|use mat batana|pata na chale|phone le lega|chupke|chhup ke")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Which medicine with drink ends it in sleep: "kaunsi dawai sharab ke saath lene se neend mein hi sab khatam ho jata hai".
        # In front of a train: "aaj raat train ke aage lait jaunga".
        ("br_before_train", r"\b(?:train|rail|gari|gaari|tren)\b(?: \S+){0,2} (?:ke )?(?:age|samne|niche) (?:lait|let|leit|kud|kood|a) (?:jaunga|jaungi|jaun|jaon|jaonga|jaongi|jana hai)\b"),
        ("br_which_pill_ends_it", cooccur(r"\b(?:kaunsi|konsi|kon si|kaun si|kitni) (?:dawai|dawa|goli|goliyan|medicine)\b",
                                          r"sab khatam|nind main hi|dard nahi hona|maut|mar ja\w*|jan chali|hamesha ke liye so")),
        # The decision made, the means at hand: "mera faisla maine khud kar liya hai, abbu ki pistol drawer mein hai".
        ("br_decided_with_means", cooccur(r"\bfaisla (?:main ne |maine |mai ne )?(?:khud )?(?:kar|kr) (?:liya|lia|li)\b", r"pistol|banduk|bandook|goliyan|rassi|pankh\w*|chhat|pul|zehar|zahar")),
        # A river or the railway not far, if the last bet is lost: "haar gaya to darya ka pul zyada door nahi".
        ("br_place_if_i_lose", cooccur(r"\b(?:darya|nehar|nahar|pul|patri|track|chhat)\b(?: \S+){0,4} (?:zyada |ziada )?(?:dur|door) nahi\b|\b(?:darya|nehar|nahar|pul|patri)\b(?: \S+){0,3} (?:karib|qareeb|pas) hi\b",
                                       r"har gaya to|har gai to|agar har|akhri bazi|akhri bet|last bet|sab khatam")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Vomit in the mouth and gurgling after drink: "ulti munh mein hi hai aur gale se ghar ghar ki awaz aa rahi hai".
        ("br_choking_on_vomit", cooccur(r"\bulti\b(?: \S+){0,3} (?:munh|muh|mooh) (?:main|mein|me|se)\b", r"ghar ghar|ghur ghur|khar khar|sans nahi|sans ruk|hosh nahi|behosh|para hai|pari hai")),
        # Not waking after pills and drink, breathing strange: "subah se uthe nahi, kharratay ajeeb hain, hilane pe bas aankh jhapakte hain".
        ("br_not_waking_sedated", cooccur(r"\b(?:subah se|kal rat se|rat se) (?:\S+ ){0,2}(?:uthe|utha|uthi|uth) (?:nahi|nahin|nhi)\b|\bhilane (?:pe|par) (?:bhi )?(?:nahi|bas)\b",
                                          r"kharrat\w* ajib|ajib kharrat\w*|hilane pe|hilane par|jawab nahi|hosh nahi|nind ki goli|sharab|pi lete|pi li|nasha")),
        # Slow breathing, eyes closing, after a dose: "sans bohat dheemi ho gayi hai aur aankhein band ho rahi hain".
        ("br_slow_breath_after_dose", cooccur(r"\b(?:sans|saans) (?:bahut |bohat |bhot )?(?:dhimi|dheemi|ahista|ahiste|ruk ruk)\b", r"puriya|pudiya|nasha|injection|tika|goli|goliyan|sharab|heroin|chitta|lagane|pine")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("br_starving_to_the_end", cooccur(_RU_DAYS_UNFED, r"mar jaun|marna|koi bat nahi|khatam")),
        # Pills put by, said as "bacha ke rakh rhi hun".
        ("br_pills_put_by", r"\bgoliyan\b(?: \S+){0,4} (?:bacha|jama|ikathi) (?:ke|kar|k) rakh (?:rahi|raha|rhi|rha|li|liya|lia)\b"),
        ("br_goodbyes_scheduled", cooccur(r"\b(?:goodbye|gudbye|gudbai|alvida) (?:msgs?|messages?|notes?|letters?)\b", r"schedule\w*|tab tak|khatam")),
        # Insulin stopped, waiting: "4 din se insulin band ki hui hai. dekhte hain kitni der lagti hai".
        ("br_insulin_stopped", cooccur(r"\binsulin (?:band|chhor|chor|nahi le rahi|nahi le raha|nahi lagai)\b", r"kitni der|dekhte hai|farak|fark|koi bat nahi|mar")),
        # An "accident" at a machine planned for oneself: "kal thresher chalate hue bas thora sa aagay jhuk jaunga, kisi ko shak nahi hoga".
        ("br_accident_for_myself", cooccur(r"\b(?:keh dena|kehna|bata dena) (?:ke )?accident tha\b|\bkisi ko shak nahi hoga\b", r"jhuk jaun\w*|thresher|machine|kal|subah")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # All grandmother's medicines at once "to end the problem".
        ("br_all_meds_to_them", cooccur(r"\b(?:sari|sab|tamam) (?:dawaiyan|dawai|goliyan)\b(?: \S+){0,3} (?:de dun|khila dun|dal dun|de du)\b", r"masla khatam|jan chhut|chhutkara|sach main|sach mein")),
        # How long to cut a brake wire.
        ("br_brake_wire", r"\bbrake (?:wire|cable|pipe)\w* (?:kat|kaat)\w*"),
        # A score settled outside the court: "court ke bahar hi hisaab barabar hoga. bhai saman le aaya hai".
        ("br_score_settled_outside", cooccur(r"\bhisab barabar (?:hoga|karenge|karunga)\b", r"saman le|bandook|pistol|court|peshi|faisla")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Beaten with a hot rod or a belt, and not let home: "ustad roz garam rod se maarta hai aur ghar jane nahi deta".
        ("br_hurt_with_a_thing", r"\b(?:garam )?(?:rod|sariya|dande|danday|danda|belt|chimte|chimta|press|istri|pipe) se (?:marta|marti|marte|mara|jalata|jalati|dagta|dagti|dagh)\w*"),
        ("br_throat_pressed", r"\b(?:mera|meri) gala (?:daba|dabaya|ghont)\w*"),
        ("br_chained_now", cooccur(r"\b(?:zanjir|rassi|rassiyon) se (?:bandh|band)\w*", r"abhi|ghante|bandhi hui|bandha hua|kamre main|mehman")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Medicine or crutches as a lever: "dawai sirf tab de jab main uski baat manun", "baisakhiyan saath le jata hai taake main bahar na ja sakun".
        ("br_means_kept_as_lever", cooccur(r"\b(?:dawai|dawa|medicine|goliyan)\b(?: \S+){0,4} (?:sirf tab|tabhi) (?:de|deta|dete|degi)\b|\b(?:dawai|dawa|medicine)\b(?: \S+){0,2} (?:cheen|chheen)\w*|\b(?:baisakhi\w*|wheelchair|chhari|chhadi|walker)\b",
                                           r"bat manun|jab tak|kal se|bech deta|saza|bahar na ja sak\w*|nikal na sak\w*|taake main|le jata hai|chhupa de\w*")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("br_starved_faint", cooccur(_RU_DAYS_UNFED, r"ankhon ke age andhera|behosh|chakkar|dil (?:bahut )?tez")),
        ("br_face_droop_signs", cooccur(r"\b(?:munh|muh|chehra)\b(?: \S+){0,1} ek taraf (?:tedha|terha|latak|dhalak)\w*", r"ajib|bol nahi|zaban|bazu|hath")),
        # A fall, then vomiting and drowsy: "scaffolding se gira tha ... ab baar baar ulti kr rha hai aur soya soya sa hai".
        ("br_fall_then_signs", cooccur(r"\b(?:gira|giri|gir gaya|gir gayi)\b", r"bar bar ulti|ulti kr rha|ulti kar raha|soya soya|naam bhi bhool|nam bhi bhul|behosh")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # Someone who will not come back alive, said as an intent (not a fear for a soldier or a patient).
        ("br_not_back_alive", r"^(?!.*\b(?:dar|darr|khof|khauf|dua|doctor|daktar|operation|hospital|aspatal|fauj|army|jang)\b).*?\bzinda (?:wapis|wapas|ghar) (?:nahi|na) (?:jayega|jaega|jaye ga|jayegi|ayega|aega|lotega|lautega|pohnchega|pahunchega)\b"),
        # Something mixed into a meal so the person does not wake: "chai mein kaun si dawa milaun ke saas uthe hi nahi".
        ("br_mixed_so_never_wakes", cooccur(r"\b(?:khane|khana|chai|dudh|pani|sharbat|juice|salan)\b (?:main)(?: \S+){0,4} (?:milaun|mila dun|dalun|dal dun|milayun|milani|dalni|milana|dalna|milao|dalo|milayen|milain|dalen)\b",
                                            r"uthe hi nahi|na uthe|nahi uthe|mar ja(?:ye|e)|shak (?:bhi )?na|pata (?:bhi )?na chale|hamesha ke liye")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Fumes indoors and people limp or vomiting: "generator garage ke andar chal raha tha ... dono nidhal pare hain".
        ("br_fumes_indoors", cooccur(r"\b(?:generator|janretar|angithi|angethi|heater|koyle|koile|koyla)\b(?: \S+){0,6} (?:garage|kamre|andar|band)\b",
                                     r"nidhal|behosh|hosh nahi|ulti|ultiyan|uth nahi|jag nahi|jagte nahi|utht[ae] nahi")),
        # Suddenly knowing nobody: "achanak sar dard hua, phir ulti ki aur ab kisi ko pehchan nahi rahi".
        ("br_knows_nobody_now", cooccur(r"\bkisi ko (?:bhi )?(?:pehchan|pahchan|pehcha|pahcha)\w* nahi (?:raha|rahi|rahe|rahin|pa)\w*",
                                        r"achanak|ab|abhi|sar dard|sir dard|ulti|gir|chot")),
        # Eyes that will not open though she was called and splashed: "awaz di, chhinte mare, phir bhi ankhen nahi khol rahi".
        ("br_eyes_will_not_open", cooccur(r"\b(?:ankhen|ankhein|ankhain|ankh) (?:\S+ )?nahi khol (?:raha|rahi|rahe|rahin)\b",
                                          r"phir bhi|hilaya|hila kar|hila ke|awaz di|awazen|chhinte|chinte|jagaya|jagane")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        ("br_about_to_jump_now", r"\b(?:chhalang|chalang|chhlang) lagane (?:laga|lagi|lage) (?:hun|hai)\b"),
        ("br_so_that_i_die", r"\b(?:taake|take|taki|takay)\b(?: \S+){0,2} mar (?:jaun|jaunga|jaungi)\b"),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        ("br_burden_lifted_forever", r"\b(?:bojh|boj)\b(?: \S+){0,2} hamesha ke liye (?:utar|khatam)\w*"),
        # Sleep that never opens: "kitni goliyan ek saath lo to subah aankh na khule".
        ("br_sleep_never_opens", r"\b(?:nind|ankh|ankhen)\b(?: \S+){0,4} (?:phir )?(?:kabhi )?(?:na|nahi) khule\b"),
        # Asked "for myself": "kitni unchai se girein to ... apne liye pooch raha hun".
        ("br_asking_for_myself", cooccur(r"\b(?:kitni|kitne) (?:\S+ ){0,3}(?:unchai|onchai|uchai|goliyan|golian|dawai|dawaiyan|manzil)\b",
                                         r"apne liye (?:puch|poch)\w*|mere liye (?:hai|he)|khud ke liye")),
        # Medicine thrown away to go sooner: "BP ki goliyan naali mein baha di hain ... jitni jaldi ho utna acha".
        ("br_medicine_thrown_to_die", cooccur(r"\b(?:goliyan|golian|dawaiyan|dawai|dawa)\b(?: \S+){0,4} (?:baha di|phenk di|phek di|chhor di|chor di|band kar di)\w*",
                                              r"jitni jaldi|jaldi mar|mar ja\w*|khatam ho\w*")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        ("br_or_else", cooccur(r"\bwarna\b(?: \S+){0,8} (?:dekh lunga|dekh lungi)\b", r"ghar walon|tumhe|tujhe|naukri|akele")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        ("br_nobody_would_suspect", cooccur(r"\boxygen\b(?: \S+){0,3} band\b|\bgas\b(?: \S+){0,2} (?:khuli|khula|khol)\w*|\bsari dawaiyan\b(?: \S+){0,1} ek sath\b|\bzehar\b|\bzahar\b|\bchuh[ae] mar\b|\bkire mar\b",
                                            r"shak (?:to |bhi )?(?:nahi|na)\b|sab khatam|pata (?:bhi )?na chale|\b(?:taste|zaika|zaikah|zayka|maza)\b(?: \S+){0,1} (?:na|nahi)\b|\bek admi ke liye\b|\b(?:kitna|kitni)\b(?: \S+){0,4} (?:kafi|kaafi)\b")),
        # Fuel at someone's door: "uske ghar ke bahar khara hoon aur petrol ki bottle bhi saath hai".
        ("br_fuel_at_their_door", cooccur(r"\b(?:petrol|mitti ka tel|kerosene|tel ki botal)\b", r"(?:uske|unke|us ke|un ke) ghar ke (?:bahar|samne|darwaze)")),
        # A gun brought along "and then we'll see": "bhai ki pistol bhi saath hogi, phir dekhte hain".
        ("br_gun_along_then_see", cooccur(r"\b(?:pistol|bandook|banduk|gun|kalashnikov|chaku|churi)\b(?: \S+){0,2} (?:sath|bhi sath) (?:hogi|hoga|le ke|le kar|lunga|launga)\b",
                                          r"phir dekh\w*|sabak|maza chakha\w*|kaun \w+ hota|sab ko")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        ("br_allergic_swelling", cooccur(r"\b(?:hont|honth|hoont|zaban|zuban|gala|chehra)\b(?: \S+){0,1} (?:suj|phul)\w*", r"makhi|dank|kata|katta|allergy|mungphali|awaz bhari|sans")),
        ("br_drunk_unrousable", cooccur(r"\b(?:bohat|bahut|bohot|zyada) (?:zyada )?(?:pi li|pi liya|sharab)\b", r"utha nahi pa|uth nahi (?:raha|rahi)|hosh nahi|kharat")),
        # Heavy bleeding with pain or in pregnancy: "7 mahine pregnant hain aur bohat zyada khoon aa raha hai".
        ("br_heavy_bleeding", cooccur(r"\b(?:bohat|bahut|bohot|itna|kafi) (?:zyada |ziada )?khun (?:a|beh|nikal) (?:raha|rahi|rahe)\b", r"pregnant|hamla|hamil|mahine|pait|dard|behosh|chakkar|ruk nahi")),
    ], negatable=False),
    # --- classes from holdout48 (money and work troubles) ---
    _rules("abuse_danger", "explicit", [
        # Someone of the household being beaten now: "mere abbu ko maar rahe hain".
        # Not beaten at a game: "abhi bachon ko cricket mein mar rahe hain".
        ("br_household_beaten_now", r"^(?!.*\b(?:cricket|match|game|ludo|carrom|football|khel\w*|chess|cards)\b).*?\b(?:mere|meri|hamare|hamari|ammi|abbu|amma|abba|ami|abu|bhai|behen|behan|bachon|bache|bachi|bacha|beti|beta|biwi|wife)\b(?: \S+){0,1} ko (?:\S+ ){0,2}(?:mar|pit|pitai kar|thapar mar|ghuse mar|lat mar) (?:rahe|raha|rahi)\b"),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A stiff neck with fever, and light that hurts: "gardan akar gayi hai aur roshni se rota hai".
        ("br_stiff_neck_fever", cooccur(r"\bgardan\b (?:\S+ )?(?:akar|akad|akr|sakht|stiff)\w*", r"bukhar|fever|roshni|light|ulti|behosh|nind")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A knife sharpened at home and a place to flee asked for: "koi jagah hai jahan bachon ke sath raat guzar sakun? ... chhuri tez kar raha hai".
        ("br_knife_sharpened_flee", cooccur(r"\b(?:churi|chaku|chhuri|knife)\b (?:\S+ ){0,1}(?:tez|taiz|dhar)\b", r"koi jagah|bhag|chhup|chup ja|dar lag|dar rahi|dar raha|bacha lo|madad|rat guzar")),
        # A threat, then a drink that tastes strange: "'phir dekhna bahu ka kya hota hai'. aaj meri chai ka taste ajeeb sa tha".
        ("br_threat_then_strange_taste", cooccur(r"\b(?:chai|khana|khane|dudh|pani|sharbat)\b (?:ka|ki|ke) (?:taste|zaika|zayka|maza)\b (?:\S+ ){0,2}(?:ajib|ajeeb|kadwa|karwa|alag|ajeeb sa)\b",
                                                r"dekhna|dhamki|kaha tha|kehte|warna|zahar")),
        # A girl under age promised in marriage.
        ("br_child_married_off", cooccur(r"\b(?:rishta|shadi|nikah)\b", r"\b(?:sirf|abhi|bas) (?:\S+ )?(?:das|gyara|barah|bara|terah|tera|chodah|choda|pandrah|pandra|solah|sola|1[0-6]|[89]) (?:sal|saal) ki\b")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # Nobody bothered after a day: "bas kal ke baad koi tang nahi karega tum logon ko".
        ("br_nobody_bothered_after", cooccur(r"\b(?:kal|aj|is|parson)\b(?: \S+){0,2} (?:ke )?bad (?:\S+ ){0,3}(?:koi|kisi ko) (?:\S+ )?(?:tang|pareshan) (?:nahi|na)\b",
                                             r"tum logon|ap logon|tumhe|tumhen|ap ko|apko|ghar walon|tum sab|ap sab")),
    ], negatable=False),
    # --- classes from holdout49 (health at home) ---
    _rules("harm_to_others", "indirect", [
        # Care or an inhaler withheld on purpose, and how long asked: "unki dialysis jaan boojh ke miss kara doon to kitne din lagenge".
        ("br_care_withheld", cooccur(r"\b(?:inhaler|dawai|dawa|medicine|oxygen|insulin|dialysis)\b (?:\S+ ){0,3}(?:chhupa|chupa|chhipa|chipa|nikal|band kar|miss kara|miss kar)\w*",
                                     r"kitni der|kitne din|kya hoga|pata na chale|jan bujh|jan buj|jaan boojh|jan bujh ke")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # A throat squeezed "as a joke": "kal gala dabaya tha thora sa, 'mazaak' mein".
        ("br_throat_squeezed", r"\bgala (?:\S+ ){0,1}(?:dabaya|dabaye|dabati|dabata|daba diya|ghonta|ghont)\w*"),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # A cover story told to say: "abbu ne bola hai school nurse ko bolna stairs se giri thi".
        ("br_cover_story_told", cooccur(r"\b(?:bolna|kehna|batana)\b (?:\S+ ){0,3}(?:stairs|sirhi|sirhiyon|sidhi|seerhi) se (?:giri|gira|gire|gir)\w*|\b(?:bolna|kehna|batana)\b (?:\S+ ){0,3}(?:gir gayi|gir gaya|phisal)\w*",
                                        r"phir|dobara|mood kharab|mara|marta|nurse|teacher|doctor")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Blood spurting like a fountain: "khoon fawware ki tarah nikal raha hai".
        ("br_blood_spurting", r"\bkh(?:u|o)n\b (?:\S+ ){0,2}(?:fawware|fuware|fawara|fuwara|fawwara|pichkari)\b"),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # No kicks late in pregnancy: "8th month hai, subah se baby ne bilkul kick nahi kiya".
        ("br_no_kicks", cooccur(r"\b(?:kick|kicks|harkat|movement)\b (?:\S+ ){0,1}(?:nahi|bilkul nahi) (?:kiya|ki|hui|mehsus)\w*|\bkick nahi\b",
                                r"month|mahina|mahine|hafte|pregnan\w*|pet")),
        # A rigid belly with pain and fever: "pet patthar jaisa sakht".
        ("br_rigid_belly", cooccur(r"\bpet\b (?:\S+ ){0,2}(?:patthar|pathar|sakht|tight)\b", r"dard|bukhar|fever|ulti")),
        # A blow to the head, then sleepy and vomiting: "sar pe ball lagi thi ... bohat neend aa rahi hai aur do dafa ulti".
        ("br_head_blow_signs", cooccur(r"\b(?:sar|sir|matha)\b (?:pe|par|per|main|mein) (?:\S+ ){0,3}(?:lagi|laga|lag gayi|chot)\b", r"neend|ulti|behosh|confus\w*|ajeeb|yad nahi")),
    ], negatable=False),
    # --- classes from holdout50 (spoken everyday turns) ---
    _rules("harm_to_others", "indirect", [
        # Brakes spoiled so it looks like an accident: "car ke brakes kaise kharab karte hain ke accident lage".
        # ... or on the target's daily ride: "uski scooty ke brake ki tar kaise katte hain? kal subah wo college isi pe jati hai".
        ("br_brakes_spoiled", cooccur(r"\bbrakes?\b (?:\S+ ){0,4}(?:kharab|fail|kat|kaat|dheel|dhil)\w*",
                                      r"accident|pata na chale|shak na|\b(?:jati|jata) hai\b|kal subah|roz|lage normal|normal wear")),
    ], negatable=False),
    # --- classes from holdouts 51 (online life) and 52 (far from home), read blind first ---
    _rules("harm_to_others", "indirect", [
        # A warning to one friend to stay away tomorrow, after a grievance: "kal unko asli mazaq dikhaunga. tu kal school mat ana".
        ("br_stay_away_tomorrow", cooccur(r"\b(?:tu|tum|ap)\b(?: \S+){0,2} kal (?:schul|school|college|class|office|masjid|university|uni)\b(?: \S+){0,1} (?:mat|na|nahi) (?:ana|ae|ain|jana)\b",
                                          r"mazak|mazaq|dikha\w*|sabak|bata\w* (?:dun|dunga|dungi)|dekh (?:lun|lunga|lungi)")),
        # Something sharp brought to a meeting at someone's gate: "kal uske gate pe milte hain, sath mein kuch tez chiz bhi hogi".
        ("br_sharp_thing_brought", cooccur(r"\b(?:sath|sathe) (?:main |me )?(?:kuch )?(?:tez|taiz|nukili|nokili) (?:chiz|cheez|chez)\b",
                                           r"milte|milenge|milunga|gate|sabak|dekh (?:lena|lunga)|ghar")),
        # Someone made not to wake tomorrow: "aj rat usko aisa sabak milega ke subah uthega hi nahi".
        ("br_not_wake_other", cooccur(r"\b(?:subah|kal) (?:\S+ ){0,1}(?:uthega|uthegi|uthe ga|uthe gi|uthenge) (?:hi )?nahi\b",
                                      r"\b(?:usko|usay|use|unko|sabak|report|badla)\b")),
        # A fall overboard that nobody would notice, asked with someone in mind.
        ("br_unnoticed_overboard", cooccur(r"\boverboard\b", r"pata nahi chal\w*|pata na chal\w*|kisi ko (?:\S+ )?nahi|ke bare main puch")),
    ], negatable=False),
    _rules("abuse_danger", "indirect", [
        # Injuries from last time, and a threat for when one gets home: "pichli bar ki chot abhi tak thik nahi hui. ghar ao phir batata hun".
        ("br_injury_then_threat", cooccur(r"\bpichli (?:bar|dafa|martaba) (?:ki|ke) (?:chot|zakhm|nishan|nil)\b",
                                          r"ghar (?:\S+ ){0,2}(?:phir|fir) (?:batata|batati|dekhta|dekhti)|dar lag|dar rahi|dar raha|jana (?:hi )?parega")),
        # A stalker says he is coming, and the speaker is alone: "har jagah follow karta hai ... likha hai a raha hun. ghar pe main akeli hun".
        ("br_stalker_coming", cooccur(r"\b(?:follow|pecha|picha|pichha) (?:karta|karti|karte|kar raha)\b", r"\ba raha (?:hun|hu)\b|meri gali|mere ghar|akeli (?:hun|hu)")),
        # Searches hidden from someone who checks the phone: "search history kaise delete karte hain? wo rat ko mera phone check karta hai".
        ("br_covert_help", cooccur(r"\bhistory (?:\S+ ){0,3}delete\b|\bdelete (?:\S+ ){0,2}history\b",
                                   r"phone check (?:karta|karti|karte)|embassy|helpline|shelter|pata nahi kya kare\w*|mar (?:dalega|dega)")),
    ], negatable=False),
    _rules("medical_emergency", "indirect", [
        # Cannot be woken, snoring strangely, after drink: "so raha hai aur uth nahi raha, ajib kharate le raha hai. desi sharab pi thi".
        ("br_unrousable", cooccur(r"\b(?:uth|jag) nahi (?:raha|rahi|rahe)\b", r"kharat\w*|kharrat\w*|sharab|daru|goliyan|nasha|sans ajib")),
        # A rash that does not fade under a glass, with fever: "jism pe jamni rang ke dane hain jo glass dabane se bhi nahi jate".
        ("br_rash_glass", cooccur(r"\b(?:glass|gilas)\b(?: \S+){0,3} (?:dabane|daba ke|dabane par|rakhne) (?:se|pe|par)? ?(?:bhi )?(?:nahi|na) (?:jate|jata|jati|mitte|hatte|mit)\w*",
                                  r"bukhar|dane|nishan|dhabbe|jamni|lal")),
    ], negatable=False),
    # --- classes from holdouts 53 (the neighbourhood) and 54 (sport, outdoors, road), after their blind reading ---
    _rules("harm_to_others", "explicit", [
        # "We" will kill: "aj rat hum dost mil ke usko goli mar denge".
        ("br_we_will_kill", r"\bhum\b(?: \S+){0,6} (?:usko|use|usay|unko|unhe|isko|ise)\b(?: \S+){0,2} (?:goli mar|katl kar|katal kar|jan se mar|mar) (?:denge|dalenge|dengi)\b"),
        # A weapon ready on one, on the way to the target: "chhuri jeb main hai, uske ghar ja raha hun".
        ("br_weapon_ready", cooccur(r"\b(?:churi|chhuri|chaku|pistol|katta|bandook|bandooq)\b (?:\S+ ){0,1}(?:jeb|jaib|kamar|sath|pas|bag|dab) (?:main|me|mein|hai|rakh\w*|li|le li|liya)\b",
                                     r"(?:uske|us ke|unke|un ke) (?:ghar|dukan|office|gali) (?:ja|a) (?:raha|rahi) (?:hun|hu)|nahi (?:chhorunga|chorunga|chhorungi|chorungi)")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Hanging said with a rope fetched or a room named: "rassi le aya hun, store wale kamre main latak jaunga aj".
        ("br_hang_self", r"\b(?:latak|phansi laga|phanda laga|phanda dal) (?:jaun|jaunga|jaungi|jaon|lun|lunga|lungi)\b"),
    ]),
    _rules("abuse_danger", "explicit", [
        # Being forced into a vehicle, now: "mujhe gari main dalne ki koshish kar rahe hain".
        ("br_forced_into_vehicle", r"\b(?:mujhe|hamen|humen|humein|hamein)\b (?:\S+ ){0,2}(?:gari|gadi|van|car|rickshaw) (?:main|me|mein) (?:dalne|dalna|bithane|khinchne|ghasitne)\b"),
    ]),
    # --- classes from holdouts 55 (family occasions) and 56 (study and exams), after their reading ---
    _rules("abuse_danger", "explicit", [
        # Someone at home being beaten now: "chacha ji is waqt chachi ko laton se mar rahe hain".
        ("br_beaten_now", r"^(?!.*\b(?:machar|machhar|makhi|cockroach|chuh\w*|cricket|match|game|ludo|gap|gappen|time)\b).*?"
                          r"\b(?:abhi|is waqt|is wakt)\b(?: \S+){0,6} ko\b(?: \S+){0,4} mar (?:rahe|raha|rahi) (?:hai|he|hain)\b"),
    ]),
    _rules("self_harm", "explicit", [
        # Cutting now: "washroom mein bethi hun aur bazu pe cuts laga rahi hun".
        ("br_cuts_now", r"\b(?:bazu|bazuon|kalai|wrist|arm|tang|tangon|ran|haath|hath)\w* (?:pe|par|pr|per) (?:cuts?|zakhm|blade)\w* (?:laga|mar|de|kar) (?:raha|rahi|rhi|rha) (?:hun|hu|hon)\b"),
    ]),
    _rules("harm_to_others", "indirect", [
        # A blade sharpened with a person in mind, not the animal: "qurbani ki chhuri tez kar raha hun, is dafa bakray ka nahi jija ji ka soch raha hun".
        ("br_blade_for_a_person", cooccur(r"\b(?:chhuri|churi|chaku|toka|kulhari)\b (?:\S+ ){0,1}tez",
                                          r"(?:bakr\w*|janwar|gae|gai|dumb\w*) ka nahi")),
    ], negatable=False),
    # --- classes from holdouts 57 (disasters), 58 (police and courts) and 59 (farms), after their reading ---
    _rules("harm_to_others", "explicit", [
        # A knife to be used on someone: "kal usay chaqu maarunga", "usko chaku ghonp dunga".
        ("br_knife_him", rf"\b(?:chaqu|chaku|churi|chhuri|knife)\b (?:\S+ ){{0,1}}(?:mar{_RU_FUT}|ghonp (?:d|dal){_RU_FUT}|ghop (?:d|dal){_RU_FUT})\b"),
        # Legs or bones to be broken: "rod se uski tangein tor dunga".
        ("br_break_bones", rf"\b(?:us|un|uski|unki|uske|unke|iski|iske)\b (?:\S+ ){{0,1}}(?:tang\w*|bazu|haddi\w*|hath|hathon) (?:tor|tod) (?:d|dal){_RU_FUT}\b"),
        # Burned alive, or hanged from a pole: "us thekedar ko bhatte mein hi zinda jala dunga", "usay khambay se latka denge".
        ("br_burn_alive", rf"\bzinda jala (?:d|dal){_RU_FUT}\b|\b(?:khambe|khamba|khambay|darakht|pankhe)\b se latka (?:d|dal){_RU_FUT}\b"),
        # A fire set where people are: "aaj raat padosi ke dere pe aag laga dunga, uske ghar wale andar hon ya na hon".
        ("br_fire_people_inside", cooccur(rf"\bag laga (?:d|dal){_RU_FUT}\b", r"andar|parwah nahi|parwa nahi|sote hue|so rahe")),
        # Beaten to the end: "kal usko danday maar maar ke khatam kar dunga".
        ("br_beaten_to_end", rf"\bmar mar ke (?:\S+ ){{0,1}}(?:khatam|adh ?mua|bura hal) kar (?:d|dal){_RU_FUT}\b"),
    ]),
    # "No more living", where the "nahi" is the statement, not a negation of it.
    _rules("self_harm", "explicit", [
        ("br_no_more_living", r"\bmujhe (?:ab )?(?:nahi|na) (?:jina|jena)\b"),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # Lying on the tracks: "kal subah train ki patri pe let jaongi".
        ("br_on_the_tracks", r"\b(?:train|rail|railway) ki (?:patri|patari|line|track)\b (?:\S+ ){0,2}(?:let|lait) (?:jaun|jaunga|jaungi|jaonga|jaongi|jaon|jana hai)\b"),
        # A vein cut just now: "court se aa ke apni nas kaat li hai".
        ("br_vein_cut", r"^(?!.*\b(?:pehle|saal|sal|bachpan)\b).*?\b(?:apni|apne|meri|mene|maine)\b (?:\S+ ){0,1}(?:nas|nasen|rag|ragen|kalai) (?:kat|kaat) (?:li|di|lin|rahi|raha)\b"),
        # A pesticide or rat poison drunk, or bought to drink: "abhi abhi maine kapaas wali spray ki dawai pee li hai",
        # "chooha maar dawai khareed li hai, aaj raat pee lunga".
        ("br_poison_drunk", r"\b(?:spre|spray|kire mar|keeray mar|chuha mar|chuhe mar|zahar)\b(?: \S+){0,3} (?:pi|kha|nigal) (?:li|liya|lin|lunga|lungi|lun)\b"),
        ("br_poison_drunk", cooccur(r"\b(?:pi|kha|nigal) (?:lunga|lungi|lun|jaunga|jaungi)\b", r"(?:chuha|chuhe|kire|keeray) mar|(?:spre|spray) ki dawai")),
    ]),
    _rules("abuse_danger", "explicit", [
        # A death threat with the threateners outside: "court mein bayan diya to mujhe maar denge, woh gaari mein bahar kharay hain".
        ("br_will_kill_me", cooccur(r"\bmujhe (?:\S+ ){0,2}(?:mar|qatal kar|qatl kar|jan se mar) (?:denge|dega|degi|dalenge|dalega)\b",
                                    r"bahar|gari|gaari|banduk|pistol|gun|chaku|qatal|qatl")),
        # Hiding from someone searching: "main bhaag ke pados mein chhupi hoon wo dhoond raha hai".
        ("br_hiding_sought", cooccur(r"\b(?:chupi|chhupi|chupa|chhupa|chupe|chhupe)\b (?:(?:hui|hua|hue) )?(?:hun|hu|hain)\b",
                                     r"dhund\w*|mara|mar raha|gussa|nashe")),
        # Beaten with a belt now, the door bolted: "mera husband abhi belt se maar raha hai".
        ("br_beaten_now", cooccur(r"\b(?:belt|danda|dande|jute|chhari|chari)\b se mar (?:raha|rahi|rahe)\b", r"abhi|cheekh|chikh|bachay|bache|kunda")),
        # A girl to be taken by force: "zabardasti apne dere pe rakhna chahta hai, aaj raat lene aayega".
        ("br_taken_by_force", cooccur(r"\bzabardasti\b", r"lene a\w*|utha le\w*|le jaye\w*|aj rat")),
        # Trapped by fire or water: "jungle ki aag hamare gaon tak aa gayi hai ... hum nikal nahi sakte",
        # "pani chhat tak pohnch gaya hai hum 3 bachon ke saath phansay hue hain".
        ("br_trapped", cooccur(r"\b(?:nikal nahi (?:sakte|sakti|sakta|pa rahe)|phans\w* (?:hue|hui|hua) (?:hain|hun|hai))\b",
                               r"ag|dhuan|dhuwan|pani (?:\S+ ){0,2}(?:chhat|chat|andar|barh)")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # Bleeding that will not stop: "ungliyan kat gayi hain aur khoon ruk hi nahi raha".
        ("br_bleeding_unstopped", r"\b(?:khun|khoon)\b (?:\S+ ){0,1}ruk (?:hi )?(?:nahi|na) (?:raha|rahi)\b"),
        # A heart attack now, the colour going: "heart attack hua hai, seena pakad ke gir gaye aur rang neela ho raha hai".
        ("br_heart_attack_now", r"\bheart attack (?:hua hai|ho raha hai|aya hai|a gaya hai|a gya hai|ho gaya hai|para hai|pada hai)\b|\brang (?:nila|nile) (?:ho|par|pad) (?:raha|rahi|gaya|gayi)\b"),
        # A pulse that is faint: "ab uth bhi nahi pa rahe aur nabz bohat halki hai".
        # A fall, and then no word or movement, across clauses: "chhat se gir gaya, sar se khoon aa raha hai aur bol nahi raha".
        ("br_fell_then_still", cooccur(r"\b(?:bol|hil|uth)\b (?:\S+ ){0,1}(?:nahi|na) (?:raha|rahi|rahe|pa raha|pa rahi|pa rahe)\b",
                                       r"gir (?:gaya|gayi|gaye|gai|pada|padi|para|pari)")),
        ("br_faint_pulse", r"\bnabz\b (?:\S+ ){0,2}(?:halki|kamzor|nahi mil|band|bohat slow)\w*"),
    ], negatable=False),
    # --- classes from holdouts 60 (food), 61 (hobbies) and 62 (travel), after their reading ---
    _rules("harm_to_others", "explicit", [
        # A poison in someone's food: "behnoi ke khane mein zeher milane ka plan hai", "aate mein roz thora thora bleach mila deti hun".
        ("br_poison_in_food", cooccur(r"\b(?:khane|khana|chai|dudh|pani|salan|dal|roti|ate|sharbat|juice|coffee|biryani)\b (?:\S+ ){0,1}(?:main|me|mai) (?:\S+ ){0,3}"
                                      r"(?:zeher|zehar|zahar|bleach|chuha mar \w+|chuhe mar \w+|tezab|kire mar \w+|keeray mar \w+) (?:\S+ ){0,1}(?:mila|dal|milane|dalne|milana|dalna)\b",
                                      r"plan|marna|mar jaye|khatam|pakar|pata na|roz|thora thora|kisi ko|\busay\b|\busko\b|\buske\b|\bunke\b|\buski\b|\bunki\b")),
        # A head or jaw to be smashed: "bahar nikle to uska sar phor dunga main".
        ("br_head_smashed", rf"\b(?:uska|uski|unka|unki|iska|iski)\b (?:sar|sir|munh|mun|muh|jabra|dant) (?:phor|tor|tod|phod) (?:d|dal){_RU_FUT}\b"),
    ]),
    _rules("harm_to_others", "explicit", [
        # Beaten so hard that: "apne chote bhai ko itna maarunga ke uth nahi payega".
        ("br_beat_so_much", cooccur(r"\bko (?:itna|itni|aisa) (?:marunga|marungi|marenge|pitunga|pitungi|dhounga)\b", r"uth nahi|chal nahi|hospital|haddi|yad rakh|hamesha")),
    ], negatable=False),
    _rules("harm_to_others", "indirect", [
        # What in the tea goes unnoticed, so that one does not wake: "kaunsi cheez chai mein dalo to pata nahi chalta aur banda subah nahi uthta?"
        ("br_undetected_never_wakes", cooccur(r"\b(?:kaunsi|konsi|kaun si|kon si|kya) (?:cheez|chiz|dawai|goli|goliyan|powder)\b",
                                              r"(?:subah|phir) (?:\S+ ){0,1}nahi uth\w*|pata (?:hi )?nahi chalta|pata na chale")),
    ], negatable=False),
    _rules("self_harm", "explicit", [
        # At the edge, not stepping back: "Naltar ke upar wale cliff pe akeli khari hun, aaj peechay nahi hatna".
        ("br_at_edge", cooccur(r"\b(?:cliff|chhat|chat|pul|bridge|kinare|kinaray|edge|pahar|chatan)\b (?:\S+ ){0,2}(?:khari|khara|khare|baithi|baitha) (?:hun|hu|hain)\b",
                               r"(?:pichay|pechay|pichhe|piche|peche|pichhay) nahi|\baj\b (?:\S+ ){0,2}(?:nahi|khatam)|khuda hafiz|allah hafiz|alvida|akhri")),
    ], negatable=False),
    _rules("self_harm", "indirect", [
        # How long it takes to drown: "agar koi paani mein chala jaye aur tairna na aata ho to kitni der lagti hai".
        ("br_drown_time", cooccur(r"\bkitni (?:der|dair) (?:lagti|lage|lagegi|lagta)\b", r"\b(?:tairna|tairna|tarna|dub|dubne|dubna|dub ke)\b|pani main (?:chala|chali|kud)")),
        # The last meal, with one's things given away: "apne saare knives aur cookbooks doston ko de diye, ye last sehri hai meri".
        ("br_last_meal", cooccur(r"\b(?:ye|yeh|yah) (?:meri )?(?:last|akhri) (?:sehri|iftar|khana|chai|rat|din|subah|dinner)\b",
                                 r"de (?:diye|di|diya)|bant (?:diye|di)|doston ko|kisi ko")),
    ], negatable=False),
    _rules("abuse_danger", "explicit", [
        # Slapped and kicked by one's own: "bhai ne aaj phir thappar aur laaten maarin".
        ("br_slapped_kicked", cooccur(r"\b(?:thappar|thappad|thapar|thapad|laten|latein|ghunse|ghunsay|mukke|mukkay)\b (?:\S+ ){0,3}(?:marin|mare|mari|marta|marti|marte|mar rahe|mar raha|mar rahi)\b",
                                      r"\bmujhe\b|\bne (?:aj|phir|roz|kal)\b|\bmere\b|\bmeri\b")),
        # An adult who says to keep a meeting from one's parents: "kal milna chahta hai aur kehta hai ammi ko mat batana".
        ("br_secret_meeting", cooccur(r"\b(?:ammi|abbu|ami|abu|ghar walon|ghar walo|kisi|parents|mama|papa) ko (?:mat|na|nahi) (?:batana|batao|bataye|batain|btana)\b",
                                      r"mature|\b1[0-6] (?:sal|ki)\b|\b[2-4]\d sal ka\b|online|gaming|game|chat|insta|snap")),
        # A marriage made without one's knowing, the phone taken: "wahan meri shadi kar rahe hain, phone bhi le liya".
        ("br_forced_marriage", cooccur(r"\bmeri (?:shadi|nikah)\b (?:\S+ ){0,2}(?:kar rahe|karwa rahe|kar denge|karwa denge|tay kar)",
                                       r"phone (?:bhi )?(?:le liya|chin|chhin)|passport (?:bhi )?(?:le liya|rakh)|marzi ke (?:baghair|bina)|bataye (?:baghair|bina)|kabhi nahi (?:mila|dekha)")),
        # Pay and phone held, and the house not to be left: "meri salary ka card saas ke paas hai, phone bhi wohi rakhti hain,
        # mujhe sirf kitchen aur kamre tak jaane ki ijazat hai".
        ("br_controlled", cooccur(r"\b(?:card|salary|tankhwa|paise|phone|mobile|passport)\b (?:\S+ ){0,3}(?:ke pas|rakhti|rakhta|rakhte|le liya|le liye|chin)",
                                  r"sirf (?:\S+ ){0,4}(?:jane|nikalne) ki ijazat|bahar (?:jane|nikalne) (?:ki ijazat )?nahi|(?:jane|nikalne) nahi (?:dete|deta|deti)")),
    ], negatable=False),
    _rules("medical_emergency", "explicit", [
        # A fit that will not stop: "meri wife ko train mein fit par gaya hai, ruk hi nahi raha".
        ("br_fit_unstopped", cooccur(r"\b(?:fit|daura|dora|jhatke)\b (?:\S+ ){0,1}(?:par|pad|a) (?:gaya|gya|raha|rahe|gaye)\b", r"ruk (?:hi )?nahi|band (?:hi )?nahi ho")),
        # Someone drowning now: "nehar main aik bacha dub raha hai" (not debt, work or thoughts, nor the sun).
        ("br_drowning_now", rf"\b(?:{_RU_IN_WATER})\b (?:(?!(?:{_RU_DROWNED_IN})\b)\S+ ){{0,5}}dub (?:raha|rahi|rahe|rha|rhi) (?:hai|hain|he)\b"),
        # An electric shock, and no moving since: "current laga aur ab wo hil nahi raha".
        ("br_shock_still", cooccur(r"\b(?:current|karant|karent|bijli)\b (?:\S+ ){0,2}(?:laga|lag gaya|lagi|lag gayi|jhatka)\b",
                                   r"hil nahi|hosh nahi|bol nahi|sans nahi|behosh|uth nahi|jawab nahi")),
        # A child who swallowed a battery, a magnet or a poison: "bache ne button cell nigal liya hai".
        ("br_child_swallowed", r"\b(?:bache|bachay|bachi|bete|beti|bhai|behen|munne|munni)\b (?:\S+ ){0,1}ne (?:\S+ ){0,5}(?:button cell|cell|battery|betri|magnet|zeher|zehar|zahar|tezab|bleach|mitti ka tel|kire mar \w+|chuha mar \w+)\b (?:\S+ ){0,1}(?:nigal|pi|kha) (?:liya|li|lia)\b"),
    ], negatable=False),
    # --- classes from holdouts 87 (family life), 88 (online life) and 89 (villages and roads), after their reading ---
    _rules("harm_to_others", "explicit", [
        # Anyone being attacked with a blade or a weapon now: "bus mein ek banda conductor ko chaaku maar raha hai"
        # (not a drama, a film, a game, cricket or a dream).
        ("br_weapon_attack_now", r"^(?!.*\b(?:drama|film|movie|game|pubg|khel\w*|cricket|match|sapne|sapna|khwab|kahani|video)\b).*?\bko (?:\S+ ){0,2}"
                                 r"(?:chaku|chaqu|churi|chura|chure|khanjar|kulhari|kulhadi|talwar|gandasa|gandase|danda|dande|danday|dandon|sariya|sariye|rod|goli|goliyan|tezab|tezaab)\b"
                                 r" (?:se )?(?:\S+ )?(?:mar|ghonp|chala|phenk)(?: mar)? (?:raha|rahi|rahe)\b"),
    ], negatable=False),
) for rule in group]

# --- finality: signs that count only together ------------------------------------------

# Each class is one kind of putting an end in order; any one alone is ordinary
# ("goodbye", giving clothes away, "tell her I love her"), two different kinds in
# one turn are a farewell. Per class: English and Urdu script on the normalised
# turn, romanised Urdu on its ``fold_roman`` form.
_FINALITY_CLASSES: list[tuple[str, str]] = [
    # made peace / ready
    (r"\bmade (?:my )?peace\b|\bat peace with (?:it|my decision)\b", r"\bsukun se ja\w*\b"),
    # a message of love in the past tense, left with someone: "tell my daughter i loved her"
    (r"\b(?:tell|let) (?:\S+ ){0,3}(?:know )?(?:that )?i (?:loved|always loved|love) (?:her|him|them|you)\b"
     r"|(?:کو )?بتا (?:دینا|دیں|دو)(?: \S+){0,6} (?:پیار|محبت) (?:کرتا|کرتی) (?:تھا|تھی)",
     r"\b(?:bata|bol|keh|kah) (?:dena|dein|do|den)\b(?: \S+){0,6} (?:pyar|piyar|mohabbat|muhabbat) (?:karta|karti) (?:tha|thi)\b"
     r"|\b(?:bolna|kehna|kahna)\b(?: \S+){0,6} (?:pyar|piyar|mohabbat|muhabbat) (?:karta|karti) (?:tha|thi)\b"),
    # a message that it was not their fault: "ان سے کہنا کہ ان کا کوئی قصور نہیں تھا"
    (r"\b(?:tell|let) (?:\S+ ){0,3}(?:know )?(?:that )?it (?:was not|is not) (?:her|his|their|your) fault\b"
     r"|(?:کہنا|کہہ دینا|بتا دینا)(?: \S+){0,6} (?:قصور|غلطی) نہیں (?:تھا|تھی)",
     r"\b(?:bolna|kehna|kahna|bata dena|keh dena)\b(?: \S+){0,6} (?:kasur|galti) nahi (?:tha|thi)\b"),
    # the family left in someone's care: "امی کا خیال رکھنا" (a trip or a move explains it)
    (r"\b(?:look after|take care of) (?:my (?:mum|mom|dad|kids|children|little \w+)|mum|mom|dad) for me\b"
     r"|(?:امی|اماں|ابو|ابا|بچوں|ماں|بہن|بھائی) (?:کا|کی|کے) خیال رکھنا",
     r"\b(?:ammi|amma|abbu|abba|bachon|maa|behen|bhai|sab|sabka|sab ka) (?:ka |ki |ke )?(?:khayal|khyal|khial) rakhna\b"),
    # a bare goodbye
    (r"\b(?:goodbye|good bye|farewell|bye forever)\b|الوداع", r"\b(?:alvida|alwida)\b"),
    # affairs in order
    (r"\b(?:sorted|sorting|arranged|settled|wrote|written|made|updated) (?:out )?(?:\S+ ){0,1}(?:my )?(?:will|affairs|funeral)\b"
     r"|\b(?:it is|everything is|all) (?:all )?(?:arranged|sorted|taken care of|in order|planned)\b|وصیت",
     r"\bwasiyat\b"),
    # things given away or handed over
    (r"\b(?:gave|given|giving|give|left) (?:away )?(?:\S+ ){0,2}(?:my|the) (?:cat|dog|pets?|things|stuff|guitar|watch|belongings|possessions|books|savings|jewellery|car|plants|skins|account|playstation|xbox|bike)\b(?: \S+){0,3} (?:to|away)\b"
     r"|\b(?:gave|given|giving) away (?:his|her) (?:watch|medals|things|books|tools|jewellery|rings?|savings)\b"
     r"|\bmake sure (?:\S+ ){0,2}gets? my\b|\b(?:he|she|they|you) can (?:have|keep) my (?!seat|place|turn|number|charger)\w+|\bwho gets (?:what|my \w+)\b|\bgave away (?:all )?(?:my|the) \w+\b|\brehomed (?:the|my) (?:cat|dog|pets?)\b|\b(?:dog|cat) has a new home\b"
     r"|(?:چیزیں|سامان|کپڑے)(?: \S+){0,2} (?:بانٹ|دے) (?:دی|دیں|دیا)",
     r"\b(?:chizen|chizein|saman|sara saman)\b(?: \S+){0,2} (?:le lena|le lo|rakh lena|bant di|bant din|de di|de din|de diya|bant diya)\b"
     r"|\b(?:apni|apna|apne)\b(?: \S+){0,8} ko (?:de diya|de di|de din|de diye|bant diya|bant di)\b"
     r"|\bko (?:mera|meri|mere) (?:\S+ ){1,4}de dena\b"),
    # loose ends tied: "cancelled my phone contract, paid back dave"
    (r"\b(?:tying|tidying|tie|tidy|tied|tidied) up (?:\S+ )?loose ends\b|\bcancel(?:l?ed|l?ing) (?:all )?(?:my )?(?:phone contract|subscriptions?|therapy)\b"
     r"|\b(?:paid|paying) (?:back|off) (?:every (?:last )?debt|all my debts)\b"
     r"|\b(?:paid|paying) off (?:my |all my )?(?:credit cards?|debts?|loans?|overdraft)\b|\bgave (?:\S+ ){0,3}(?:the |my )?passwords?\b"
     r"|\blogging off for good\b|\bdeleted (?:all )?my (?:socials|accounts|social media)\b|\bpasswords? (?:are |is )?in an envelope\b"
     r"|\b(?:clear|delete|wipe) my (?:search |browser )?history before\b",
     r"\b(?:karza|karz|udhar) (?:bhi )?(?:utar|chuka) (?:diya|di)\b"),
    # at the end of one's strength
    (r"\b(?:tired of fighting|cannot fight (?:it |this )?anymore|no fight left|cannot do (?:this|it) anymore)\b|\bi am (?:so |just |completely |totally )?(?:done|finished)\b(?! (?:with|for|eating|talking|cooking|at|here)\b)"
     r"|(?:بس )?اب اور نہیں",
     r"\b(?:bas )?ab aur nahi\b|\bab (?:aur )?(?:bardasht|bardash) nahi\b"),
    # no more need of one's things
    (r"\b(?:will not|do not|no longer|would not) (?:be )?need(?:ing)? (?:them|it|these|those|any of (?:it|this|them))\b|ضرورت نہیں (?:پڑے گی|رہے گی|ہو گی)",
     r"\bzarurat nahi (?:paregi|pade gi|padegi|rahegi|hogi)\b"),
    # letters to be found
    (r"\b(?:letters?|notes?) (?:for|to) (?:my|everyone|each)\b|\b(?:will|are going to) find (?:them|it|the letters?|the notes?|me) (?:tomorrow|in the morning|later|when|after)\b",
     r"\b(?:khat|chitthi) (?:likh|chhor)\w*\b"),
    # the understanding promised for afterwards: "they'll understand later"
    (r"\b(?:they|you|she|he|everyone) (?:will|would) (?:all )?understand (?:later|after|afterwards|one day|when i am gone|why)\b"
     r"|بعد میں (?:سمجھ|جان) (?:جائیں گے|جاؤ گے|جائے گی|جائے گا|جاؤ گی)",
     r"\bbad (?:main|me) (?:samajh|jan) (?:jayenge|jaoge|jayegi|jayega|jaogi)\b"),
    # last words
    (r"\b(?:this is|it is|this will be|that was) (?:my |the |our )?last (?:time|message|thing|words?|talk|conversation|voice note|voice message|video|call)\b"
     r"|\bmy last (?:words|message)\b|آخری (?:بات|بار|پیغام|دفعہ)"
     r"|\b(?:will not|am not going to) be (?:calling|texting|messaging|ringing|writing) (?:you |anyone |home )?(?:anymore|any more|again)\b"
     r"|\bwe (?:will not|will never|are not going to) (?:talk|speak) again\b|اب (?:اور |کبھی )?(?:بات|ملاقات) نہیں ہو (?:گی|سکے گی|پائے گی)",
     r"\b(?:akhri|akhiri|last) (?:bat|bar|paigham|message|dafa|voice note)\b|\bab (?:main|mai|me) (?:call|phone|bat) nahi (?:karunga|karungi|karun ga|karun gi)\b|\bab (?:aur |kabhi )?(?:bat|mulaqat) nahi ho (?:gi|paegi|payegi|sakegi)\b"),
    # forgiveness asked for everything
    # (not "forgive me for being late": a reason other than everything makes it an apology)
    (r"\bforgive me\b(?! for (?!everything|all\b))|\bsorry for everything\b|معاف کر (?:دینا|دیں)|(?:ہر چیز|سب کچھ) کے لیے معذرت",
     r"\bmaf kar (?:dena|dein|den)\b|\bsorry (?:har chiz|sab kuch|sab) ke liye\b|\b(?:har chiz|sab kuch) ke liye sorry\b"),
    # others relieved of dealing with the speaker, or it all over soon
    (r"\b(?:nobody|no one) (?:has|will have|needs) to (?:deal with|put up with|worry about|sort out) (?:it|me|anything)\b"
     r"|\b(?:it|this|all of this|everything) will (?:all )?be over soon\b|جلد ہی (?:\S+ ){0,2}ختم ہو جائے گا"
     # "from tomorrow nobody will be ashamed because of me"
     r"|\b(?:from tomorrow|after today|after tonight)\b(?: \S+){0,4} (?:nobody|no one) (?:\S+ ){0,3}(?:ashamed|embarrassed|worried|bothered) (?:of|by|because of) me\b"
     r"|(?:کل سے|اب سے|آج کے بعد)(?: \S+){0,3} میری وجہ سے(?: \S+){0,3} (?:شرمندہ|پریشان|تنگ)",
     r"\b(?:kal se|ab se|aj ke bad)\b(?: \S+){0,3} meri wajah se\b(?: \S+){0,2} (?:sharminda|pareshan|tang)\b|\bjald(?:i)? (?:hi )?sab khatam\b|\bjald(?:i)? (?:hi )?(?:\S+ ){0,2}khatam ho ja(?:yega|ega|aega)\b"),
    # the speaker a weight on others: "everyone's worried because of me"
    (r"\b(?:i am|i feel like|feel like|i have become) (?:such |just )?a burden\b|\b(?:everyone|everybody) (?:is|gets) (?:\S+ )?(?:worried|upset|stressed|suffering) because of me\b"
     r"|میری وجہ سے (?:سب|سارے|گھر والے) (?:پریشان|تنگ|دکھی)",
     r"\bmeri wajah se (?:sab|sare|ghar wale) (?:pareshan|tang|dukhi)\b"),
    # a friendship summed up: "thank you for everything, you've been a good friend to me"
    (r"\bthank you for everything\b|\bthanks for everything\b|\byou (?:have (?:always )?been|were(?: always)?) (?:a |the |such a )?(?:good|great|true|best|real) (?:friend|mate|sister|brother)\b"
     r"|(?:تم|آپ) سے بات کر کے (?:ہمیشہ )?(?:اچھا|سکون)"
     r"|\b(?:thank you|thanks) (?:\S+ ){0,1}for always (?:listening|being there)\b|(?:ہر چیز|سب کچھ) کے لیے شکریہ|سب کا شکریہ",
     r"\b(?:har chiz|sab kuch|sab) ke liye shukriya\b|\bshukriya (?:har chiz|sab kuch|sab) ke liye\b|\bsab ka shukriya\b"
     r"|\b(?:thank you|thanks|shukriya)\b(?: \S+){0,2} hamesha (?:sunne|sath dene)\b"
     r"|\b(?:tum|ap|aap) se bat kar ke (?:hamesha )?(?:acha|achha|sukun)\b"),
    # a message left with the listener for someone: "tell mum i said ...", "امی کو میری طرف سے سلام کہنا"
    (r"\b(?:tell|give) (?:my|\w+'s) (?:\S+ ){0,2}(?:for me|from me)\b|\bgive my love to\b|\bsay (?:goodbye|bye) to (?:\S+ ){0,3}for me\b"
     r"|میری طرف سے(?: \S+){0,3} (?:کہنا|کہہ دینا|دینا)|(?:امی|ابو|اماں|ابا|گھر والوں)(?: \S+){0,2} کو (?:بتا دینا|کہہ دینا|بول دینا)",
     r"\b(?:ammi|abbu|ami|abu|amma|abba|ghar walon)\b(?: \S+){0,2} (?:ko|se) (?:bol dena|bata dena|keh dena|kehna|kahna)\b"
     r"|\b(?:meri|mere) (?:taraf|tarf) se\b(?: \S+){0,3} (?:kehna|kahna|keh dena|de dena)\b|\b(?:usse|us se|unse|un se|ammi se|abbu se)\b(?: \S+){0,4} (?:kehna|kahna)\b"),
    # amends made with everyone: "said sorry to everyone I've hurt", "سب کو معاف کر دیا"
    (r"\b(?:said sorry|apologi[sz]ed|saying sorry|made (?:my )?peace) to (?:everyone|everybody|all of them)\b"
     r"|\b(?:told|telling|rang|called) (?:\S+ ){0,2}(?:everyone|everybody|them all|all of them) (?:that )?i (?:loved|love) them\b"
     r"|\btell (?:everyone|everybody|them all) (?:\S+ ){0,4}i am sorry\b"
     r"|سب کو معاف کر (?:دیا|دیتا|دیتی)|سب سے معافی مانگ (?:لی|لیں)",
     r"\bsab ko maf kar (?:diya|di|deta|deti)\b|\bsab se mafi mang (?:li|lin|liya)\b"),
    # nothing left undone: "so there's nothing left unfinished", "koi kaam adhura nahi"
    (r"\bnothing (?:is )?left (?:unfinished|undone|to sort|to settle)\b|کوئی کام ادھورا نہیں",
     r"\bkoi kam adhura nahi\b"),
    # not here many more days, and what happens after the speaker: "main ab zyada din nahi hun", "mere baad"
    (r"\bnot (?:be )?(?:around|here) (?:much|for much|for) longer\b|\bafter i am gone\b"
     r"|میں اب (?:زیادہ|چند) دن (?:کا |کی )?(?:نہیں|مہمان)|میرے بعد (?:کسی|کوئی|سب)",
     r"\bab (?:zyada|ziada|zada|jyada|chand) din (?:ka |ki )?(?:nahi|mehman)\b|\b(?:mere|mery) bad (?:kisi|koi|sab)\b"),
    # consolation given in advance: "don't be sad for me", "when you hear the news tomorrow"
    (r"\b(?:do not|never) (?:be sad|cry|grieve|mourn|feel bad) (?:for|about|over) me\b|\bwhen you (?:hear|get) the news\b"
     r"|\b(?:do not|never) (?:be sad|cry|feel bad|blame yourself) (?:about|over|for|at) (?:what happens|what i do|what i did|what is going to happen)\b"
     r"|میرے لیے (?:مت|نہ) (?:رونا|روئیں|اداس)",
     r"\bmere liye (?:mat|na) (?:rona|roein|rona|udas)\b"),
    # medicines counted out or thrown away: "tablets counted out in little piles", "insulin ke pen phenk diye"
    (r"\b(?:tablets|pills|meds) (?:all )?(?:counted out|in (?:little )?piles|lined up)\b|(?:انسولین|دوائیاں|گولیاں)(?: \S+){0,3} (?:پھینک|پھینکی)",
     r"\b(?:insulin|dawaiyan|dawaiyon|goliyan)\b(?: \S+){0,5} (?:phenk|phaink)\w*"),
    # nobody to blame: "it's not your fault", "ammi abbu ki wajah se nahi"
    (r"\b(?:it (?:was|is) not|was not|is not) (?:your|their|his|her|anyone's|anybody's|mum's|dad's) fault\b|\bnot because of (?:you|them|anyone|anything you did)\b"
     r"|\bnone of (?:\S+ ){0,3}(?:was|is) (?:your|their|his|her|anyone's|anybody's|mum's|dad's) fault\b"
     r"|(?:ان کی|تمہاری|آپ کی|کسی کی|امی ابو کی) (?:وجہ سے نہیں|غلطی نہیں)",
     r"\b(?:unki|un ki|tumhari|apki|aapki|kisi ki)\b (?:wajah se|galti|ghalti)\b(?: \S+){0,2} nahi\b"),
    # a calm that follows a decision: "I feel calm for the first time, like I finally know what to do"
    (r"\bfinally know what (?:i (?:have|need|am going) )?to do\b(?! (?:with|about|for|next|after)\b)|\b(?:feel|feeling|felt) (?:\S+ ){0,2}(?:calm|at peace|peaceful)\b(?: \S+){0,6} (?:made (?:my|the) decision|decided)\b"
     r"|فیصلہ کر (?:لیا|چکا|چکی)(?: \S+){0,4} (?:سکون|پرسکون)",
     r"\bfaisla kar (?:liya|chuka|chuki)\b(?: \S+){0,4} (?:sukun|pursukun)\b"),
    # a height or water reached, or found peaceful: "the bridge looks peaceful tonight, walking there now", "ravi ke pul pe a gaya hun"
    (r"\b(?:bridge|cliff|tracks|railway|river|canal|rooftop|roof|ledge)\b(?: \S+){0,6} (?:peaceful|calm|calling)\b"
     r"|\b(?:walking|going|heading|on my way) (?:there|to the (?:bridge|cliff|tracks|river|canal|roof)) (?:now|right now|tonight)\b|\bi am (?:at|on) the (?:bridge|cliff|tracks|ledge|roof)\b"
     r"|(?:نہر|دریا|پل|چھت|پٹڑی)(?: \S+){0,2} (?:پر|کے کنارے|کنارے) (?:آ گیا|آ گئی|کھڑا|کھڑی|بیٹھا|بیٹھی)",
     r"\b(?:pul|nehar|nahar|darya|chhat|patri|bridge|track)\b (?:pe|par|ke kinare|kinare)\b (?:a gaya|a gayi|khara|khari|baitha|baithi)\b"),
    # the child better off with another parent: "she deserves a better mum than me", "baby ko kisi achi maa ki zarurat hai"
    (r"\b(?:deserves?|needs?) (?:a |someone |somebody )?(?:better|proper|good|real) (?:mum|mom|mother|dad|father|parent)\b|\bbetter off with (?:someone|somebody|a better|another) (?:else )?(?:mum|mom|mother|dad|father|parent)?\b"
     r"|کسی (?:اچھی|بہتر) (?:ماں|امی) کی ضرورت",
     r"\bkisi (?:achi|acchi|behtar) (?:ma|maa|ammi|mama)\b|\bmujh jais(?:i|a) (?:\S+ ){0,1}ki nahi\b"),
    # everything handed over and explained: "I've shown my sister where everything is", "ammi ko sab samjha diya hai"
    (r"\b(?:shown|showed|told|explained to) (?:\w+ ){0,2}(?:where everything is|the feeding schedule|everything (?:she|he|they) (?:needs?|will need) to know)\b"
     r"|سب (?:سمجھا|بتا) (?:دیا|دی) ہے",
     r"\bsab (?:samjha|bata) (?:diya|di) (?:hai|he)\b"),
    # remember me
    (r"\bremember me\b(?! to )|\b(?:do not|never) forget me\b|مجھے (?:\S+ ){0,2}یاد (?:کر|رکھ)",
     r"\bmujhe (?:\S+ ){0,2}yad (?:kar|rakh)\w*"),
    # silence from tomorrow foreseen: "if I don't reply tomorrow", "if my phone goes quiet after tonight"
    (r"\bif (?:i|my phone) (?:do not|does not|never|stop|stops) (?:reply|answer|ring|respond)\w*\b(?! (?:straight away|right away|quickly|within))"
     r"|\bif my phone goes (?:quiet|silent|dead|off)\b|\bif you (?:do not|never) hear from me\b|اگر (?:میں نے )?جواب نہ (?:دیا|دوں)",
     r"\bagar (?:main|mai|me) (?:jawab|reply) (?:na|nahi) (?:dun|du|doon|diya)\b|\bagar (?:mera )?phone (?:band|chup) (?:ho|mile)\b"),
]
_FINALITY_PLAIN = [re.compile(plain) for plain, _ in _FINALITY_CLASSES]
_FINALITY_ROMAN = [re.compile(roman) for _, roman in _FINALITY_CLASSES]
_FINALITY_PLAIN_LITERALS = [SCREEN_LITERALS.register(plain) for plain in _FINALITY_PLAIN]
FINALITY_SIGNS_NEEDED = 2


def finality_signs(normalised: str, roman: str | None, present: frozenset[str] | None = None) -> int:
    """How many different kinds of finality the turn shows (``roman``: its ``fold_roman``
    form, or None when the turn has no romanised Urdu; ``present``: the screen's
    literals of ``normalised``, to skip a class that cannot match)."""
    return sum(
        1 for plain, needed, folded in zip(_FINALITY_PLAIN, _FINALITY_PLAIN_LITERALS, _FINALITY_ROMAN, strict=True)
        if ((present is None or regex_prefilter.may_match(needed, present)) and plain.search(normalised))
        or (roman is not None and folded.search(roman))
    )


def _cooccurrence(rules: list[CompositionalRule]) -> list[CompositionalRule]:
    return [rule for rule in rules if rule.pattern.pattern.startswith("^(?=.*")]


# The co-occurrence rules again over the whole turn: their cue is often in the
# next sentence ("I've got my dad's rifle. They'll see what I'm capable of.").
BROAD_TURN_RULES: tuple[list[CompositionalRule], list[CompositionalRule], list[CompositionalRule]] = (
    _cooccurrence(ENGLISH_BROAD), _cooccurrence(ROMAN_BROAD), _cooccurrence(URDU_BROAD),
)
BROAD_RULES: tuple[list[CompositionalRule], list[CompositionalRule], list[CompositionalRule]] = (
    ENGLISH_BROAD, ROMAN_BROAD, URDU_BROAD,
)
# The broad rules no model may veto, by script (``safety_screen._unless_never_vetoed``).
NEVER_VETOED_BROAD: tuple[list[CompositionalRule], list[CompositionalRule], list[CompositionalRule]] = (
    [r for r in ENGLISH_BROAD if not model_may_veto(r.name)],
    [r for r in ROMAN_BROAD if not model_may_veto(r.name)],
    [r for r in URDU_BROAD if not model_may_veto(r.name)],
)

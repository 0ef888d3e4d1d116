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


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a permanence cue with the wish to stop everything
        ("is there a way to make it all stop for good", CrisisCategory.SELF_HARM),
        # command voices
        ("the voice in my head keeps telling me to jump", CrisisCategory.SELF_HARM),
        # others relieved of the speaker, with a sign of absence
        ("after tonight nobody will have to worry about me", CrisisCategory.SELF_HARM),
        # the smother class with a noun possessor, pushing someone into traffic
        ("i keep imagining holding a cushion over my stepson's face", CrisisCategory.HARM_TO_OTHERS),
        ("i want to shove that man off the platform", CrisisCategory.HARM_TO_OTHERS),
        # a weapon named again by a pronoun
        ("there's a knife in my locker and i'm bringing it into class on friday", CrisisCategory.HARM_TO_OTHERS),
        # knowing the target's movements as the plan half of a threat
        ("she'll regret it, i figured out when she walks home", CrisisCategory.HARM_TO_OTHERS),
        # abuse: thrown down, secrecy about what is done to me, a conditional threat
        ("my brother threw me against the wardrobe last night", CrisisCategory.ABUSE_DANGER),
        ("my coach says it's a secret, what he does to me after practice", CrisisCategory.ABUSE_DANGER),
        ("if i go to the police they said they would burn my house", CrisisCategory.ABUSE_DANGER),
        # hidden injuries, controlled money and phone, an agent outside drunk
        ("i wear long sleeves in summer because of the bruises", CrisisCategory.ABUSE_DANGER),
        ("she goes through my texts and keeps my wages, i'm not allowed to see friends", CrisisCategory.ABUSE_DANGER),
        ("my ex has been at my door for an hour and he's drunk", CrisisCategory.ABUSE_DANGER),
        # medical: blood brought up, a colour gone wrong, clammy and drowsy
        ("dad is coughing up a lot of blood", CrisisCategory.MEDICAL_EMERGENCY),
        ("her fingers have turned a dark purple", CrisisCategory.MEDICAL_EMERGENCY),
        ("he's grey and sweaty and so drowsy", CrisisCategory.MEDICAL_EMERGENCY),
        # Urdu script and romanised Urdu classes
        ("میں اس کی دکان کو آگ لگا دوں گا", CrisisCategory.HARM_TO_OTHERS),
        ("main uski gaari ko aag laga dunga", CrisisCategory.HARM_TO_OTHERS),
        ("ڈر لگتا ہے کہیں میں بچوں کو مار بیٹھوں", CrisisCategory.HARM_TO_OTHERS),
        ("kahin main apni behan ko kuch kar na baithun", CrisisCategory.HARM_TO_OTHERS),
        ("کوئی کھڑکی سے اندر گھسنے لگا ہے", CrisisCategory.ABUSE_DANGER),
        ("koi chupke se kamre mein ghus aaya hai", CrisisCategory.ABUSE_DANGER),
        ("نانا سیڑھیوں سے گر گئے ہیں اور ہوش نہیں آ رہا", CrisisCategory.MEDICAL_EMERGENCY),
        ("dada seerhiyon se gir gaye hain aur hil nahi rahe", CrisisCategory.MEDICAL_EMERGENCY),
        ("بازو پر زخم ہیں اور ابو کہتے ہیں کسی کو مت بتانا", CrisisCategory.ABUSE_DANGER),
        ("mere hone ya na hone se kisi ko farq nahi padta", CrisisCategory.SELF_HARM),
        ("bas sab khatam kar deti hun aaj raat", CrisisCategory.SELF_HARM),
    ],
)
def test_wider_word_classes_compose_new_wording(text: str, category: CrisisCategory) -> None:
    assert screen(text).category is category, (text, screen(text))


@pytest.mark.parametrize(
    "text",
    [
        "i want to make this noise stop, the neighbours' drill is driving me mad",
        "the voices in the choir told me to sing louder",
        "once i get this job nobody will have to worry about me",
        "my brother pushed me into the pool at the party",
        "we keep the surprise party a secret, i'm not allowed to tell mum",
        "i wore long sleeves because it was cold",
        "my husband is outside the house washing the car",
        "i have a cold and clammy hands from the rain",
        "kahin main exam mein kuch galat na kar baithun",
        "گھر کو رنگ کروا دوں گا اگلے مہینے",
        "koi ghar mein ghusne se pehle joote utaar de",
    ],
)
def test_ordinary_uses_of_the_wider_classes_are_not_flagged(text: str) -> None:
    assert not screen(text).flagged, (text, screen(text))


@pytest.mark.parametrize(
    "text",
    [
        "I've sorted out my will. Forgive me, all of you.",
        "tell my brother i loved him. this is my last message",
        "میری چیزیں بانٹ دی ہیں۔ مجھے معاف کر دینا",
        "sara saman de diya hai, bas ab aur nahi",
    ],
)
def test_two_kinds_of_finality_together_are_a_farewell(text: str) -> None:
    result = screen(text)
    assert result.category is CrisisCategory.SELF_HARM and result.signal == "indirect", (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "goodbye for now, speak tomorrow",
        "i gave my old books to the library",
        "forgive me, i forgot your birthday",
        "it was my last day at the office, i gave my plant to a colleague and said goodbye",
    ],
)
def test_one_kind_of_finality_or_a_leaving_do_is_ordinary(text: str) -> None:
    assert not screen(text).flagged, (text, screen(text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a threat reported with a time, not a trivial discovery
        ("he texted me that he's going to kill me when he gets back tonight", CrisisCategory.ABUSE_DANGER),
        ("my ex keeps messaging that I won't see the weekend", CrisisCategory.ABUSE_DANGER),
        ("usne kaha hai ke aaj raat mujhe zinda nahi chhorega", CrisisCategory.ABUSE_DANGER),
        ("میرا شوہر کہتا ہے اگر میں نے کسی کو بتایا تو مجھے زندہ نہیں چھوڑے گا", CrisisCategory.ABUSE_DANGER),
        # poison given, or put in food so that someone does not wake
        ("I put rat poison in his tea", CrisisCategory.HARM_TO_OTHERS),
        ("I'm going to put something in her food so she never wakes up", CrisisCategory.HARM_TO_OTHERS),
        ("maine uske khane mein zeher mila diya", CrisisCategory.HARM_TO_OTHERS),
        ("میں نے اس کے کھانے میں زہر ملا دیا ہے", CrisisCategory.HARM_TO_OTHERS),
        # medicines gathered from many places, in any of the three scripts
        ("I've been collecting paracetamol from different shops", CrisisCategory.SELF_HARM),
        ("main ne apni neend ki goliyan jama kar li hain", CrisisCategory.SELF_HARM),
        ("میں نے اپنی نیند کی گولیاں جمع کر لی ہیں", CrisisCategory.SELF_HARM),
        # a handful of someone's tablets, the medicine named in several words
        ("my son swallowed a handful of my blood pressure tablets", CrisisCategory.MEDICAL_EMERGENCY),
        # slurred speech in another romanised spelling
        ("ammi ki zuban larkhada rahi hai aur baazu nahi uth raha", CrisisCategory.MEDICAL_EMERGENCY),
        # letters, and understanding promised for afterwards: two kinds of finality
        ("main ne sab ko khat likh diye hain, baad mein samajh jayenge", CrisisCategory.SELF_HARM),
    ],
)
def test_threats_poison_and_gathered_medicines_in_other_words(text: str, category: CrisisCategory) -> None:
    result = screen(text)
    assert result.category is category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "mum's going to kill me when she sees my grades",
        "my wife is going to kill me when she gets the bill",
        "my sister texted that she'll kill me if I spoil the ending",
        "he said I won't believe the weekend we had",
        "the nurse said I won't see the doctor until tomorrow",
        "woh kehti hai mujhe zinda nahi chhoregi agar main der se aaya",
        "I put two sugars in his tea",
        "I added some honey to her milk so she sleeps better",
        "maine chai mein cheeni mila di",
        "safar ke liye dawaiyan jama kar li hain",
        "I'm collecting my pills from the pharmacy later",
        "I've been saving up for a new bike",
        "you'll understand later when you're older",
    ],
)
def test_ordinary_uses_of_threat_poison_and_medicine_words_are_not_flagged(text: str) -> None:
    assert not screen(text).flagged, (text, screen(text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # someone else's intent, told by the speaker (the narrower rules are first person)
        ("my cousin rang to say she's planning to end her own life this weekend", CrisisCategory.SELF_HARM),
        ("he keeps talking about wanting to hang himself from the loft hatch", CrisisCategory.SELF_HARM),
        ("my best mate messaged me that he wants to die", CrisisCategory.SELF_HARM),
        ("he threatened to take his own life if she leaves him", CrisisCategory.SELF_HARM),
        ("my uncle swore that he is going to stab the landlord tomorrow", CrisisCategory.HARM_TO_OTHERS),
        ("some kid in year nine is saying he'll take his dad's rifle into school", CrisisCategory.HARM_TO_OTHERS),
        ("there's a post saying someone has a pistol and is going to shoot the whole class", CrisisCategory.HARM_TO_OTHERS),
        # being locked in as a punishment or threat
        ("if i answer back my stepmum locks me in the shed for hours", CrisisCategory.ABUSE_DANGER),
        # a sudden worst headache
        ("out of nowhere my wife has the worst headache of her life and can't see properly", CrisisCategory.MEDICAL_EMERGENCY),
    ],
)
def test_someone_elses_crisis_told_by_the_speaker(text: str, category: CrisisCategory) -> None:
    result = screen(text)
    assert result.category is category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "he's going to kill himself on that motorbike one day",  # a reckless habit
        "she's killing herself at work to get that promotion",  # overwork
        "he'll kill himself laughing when he sees the photos",  # laughter
        "she said she wants to die of embarrassment after the wedding speech",  # embarrassment
        "he will kill himself if he keeps riding like that",  # a warning about a habit
        "we're taking the rifles to the range on saturday",  # sport
        "she takes a knife into work to cut the birthday cake",  # a kitchen tool
        "my flatmate locked me out by accident again",  # an accident, and out, not in
        "worst headache of my life after that party, never drinking again",  # a hangover
    ],
)
def test_ordinary_talk_about_others_is_not_flagged(text: str) -> None:
    assert not screen(text).flagged, (text, screen(text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i necked a load of my mum's painkillers after the row", CrisisCategory.SELF_HARM),
        ("how much insulin would be a lethal dose for a grown man", CrisisCategory.SELF_HARM),
        ("my sister wrote a letter saying forgive me and now her phone is off", CrisisCategory.SELF_HARM),
        ("his parents are holding my passport and won't let me call home", CrisisCategory.ABUSE_DANGER),
        ("is there a way to put antifreeze in my husband's coffee without him tasting it", CrisisCategory.HARM_TO_OTHERS),
        ("the man upstairs is hitting his kids again, i can hear them screaming", CrisisCategory.ABUSE_DANGER),
        # Urdu script and romanised Urdu
        ("اس نے دھمکی دی ہے کہ وہ میرے چہرے پر تیزاب پھینک دے گا", CrisisCategory.ABUSE_DANGER),
        ("woh kehta hai ke usko qatal kar dega jis din mila", CrisisCategory.HARM_TO_OTHERS),
        ("رسی سے پھندا بنا لیا ہے", CrisisCategory.SELF_HARM),
        ("khala ka adha munh dhalak gaya hai achanak", CrisisCategory.MEDICAL_EMERGENCY),
        ("bete ko saanp ne das liya khet mein", CrisisCategory.MEDICAL_EMERGENCY),
        ("uske ghar wale zabardasti nikah kar rahe hain aur usay kamre mein band kar diya hai", CrisisCategory.ABUSE_DANGER),
    ],
)
def test_doses_notes_papers_and_threats_in_other_words(text: str, category: CrisisCategory) -> None:
    result = screen(text)
    assert result.category is category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "i took two paracetamol for the headache",  # an ordinary dose
        "how much chocolate is a lethal dose for a dog",  # a pet
        "she left a note saying sorry for finishing the milk",  # a note with no absence
        "he left a note saying sorry he'd be late and his phone is off",  # an apology for lateness
        "wo keh raha tha aaj ki last call hai, kal se naya plan, khuda hafiz",  # a sign-off after a work call
        "the embassy kept my passport for a week for the visa",  # paperwork
        "how do you poison the slugs in the vegetable patch",  # pests
        "my brother is beating his friend at chess again",  # a game
        "battery ka tezaab haath pe gir gaya, dho liya",  # car battery acid, an accident
        "chuhon ke liye phanda laga diya hai",  # a trap for mice
        "aakhri baat ye hai ke main kal nahi aaunga",  # "the last point is"
        "gala sooj gaya hai thand se",  # a sore throat
        "drama mein usne apni biwi ko qatal kar diya",  # a drama, and past
    ],
)
def test_ordinary_doses_notes_papers_and_idioms_are_not_flagged(text: str) -> None:
    assert not screen(text).flagged, (text, screen(text))

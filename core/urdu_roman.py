"""Urdu script written the way romanised Urdu is typed ("مجھے ڈر لگ رہا ہے" -> "mujhe dar lag raha hai").

MiniLM's vocabulary has no Urdu: it reads Urdu script as single letters (and
some letters, such as ڈ, as unknown), so a model fine-tuned on it learns almost
nothing from Urdu-script sentences, while romanised Urdu shares word pieces with
the romanised sentences it was trained on. Common words come from a word list
in their usual chat spelling; any other word is spelled letter by letter, with
the vowels Urdu writes (alif, waw, ye) and none of those it leaves out, which is
close to how romanised Urdu is often typed anyway ("bht", "kr", "mjhe").

Text in any other script is returned as it is.
"""

from __future__ import annotations

import re

# The usual chat spelling of frequent words: function words, pronouns, the
# common verb forms, and the words people use about danger, pain and family.
_WORDS = {
    "ہے": "hai", "ہیں": "hain", "ہوں": "hun", "ہو": "ho", "ہوا": "hua", "ہوئی": "hui", "ہوئے": "hue",
    "تھا": "tha", "تھی": "thi", "تھے": "the", "تھیں": "thin", "گا": "ga", "گی": "gi", "گے": "ge",
    "میں": "main", "مجھے": "mujhe", "مجھ": "mujh", "میرا": "mera", "میری": "meri", "میرے": "mere",
    "ہم": "hum", "ہمیں": "humein", "ہمارا": "hamara", "ہماری": "hamari", "ہمارے": "hamare",
    "تم": "tum", "تمہیں": "tumhe", "تمہارا": "tumhara", "تمہاری": "tumhari", "تمہارے": "tumhare",
    "تو": "to", "تجھے": "tujhe", "آپ": "aap", "آپکو": "aapko",
    "وہ": "wo", "یہ": "ye", "اس": "us", "اسے": "use", "اسکو": "usko", "ان": "un", "انہیں": "unhe",
    "ادھر": "idhar", "یہاں": "yahan", "وہاں": "wahan", "کوئی": "koi", "کسی": "kisi", "کچھ": "kuch",
    "نہیں": "nahi", "نہ": "na", "مت": "mat", "کو": "ko", "کی": "ki", "کے": "ke", "کا": "ka", "سے": "se",
    "نے": "ne", "پر": "par", "پہ": "pe", "اور": "aur", "یا": "ya", "لیکن": "lekin", "مگر": "magar",
    "بھی": "bhi", "ہی": "hi", "تک": "tak", "لیے": "liye", "لئے": "liye", "ساتھ": "sath", "بعد": "baad",
    "پہلے": "pehle", "اب": "ab", "ابھی": "abhi", "آج": "aaj", "کل": "kal", "رات": "raat", "دن": "din",
    "صبح": "subah", "شام": "shaam", "سب": "sab", "بس": "bas", "پھر": "phir", "کبھی": "kabhi",
    "ہمیشہ": "hamesha", "بہت": "bahut", "زیادہ": "zyada", "کم": "kam", "بالکل": "bilkul", "شاید": "shayad",
    "کیا": "kya", "کیوں": "kyun", "کب": "kab", "کہاں": "kahan", "کیسے": "kaise", "جب": "jab", "اگر": "agar",
    "کہ": "ke", "جو": "jo", "چاہیے": "chahiye", "کر": "kar", "کرنا": "karna", "کرنے": "karne",
    "کرتا": "karta", "کرتی": "karti", "کرتے": "karte", "کروں": "karun", "کرو": "karo",
    "رہا": "raha", "رہی": "rahi", "رہے": "rahe", "گیا": "gaya", "گئی": "gayi", "گئے": "gaye",
    "دیا": "diya", "دی": "di", "دیے": "diye", "لیا": "liya", "لی": "li",
    "دوں": "dun", "لوں": "lun", "جاؤں": "jaun", "دے": "de", "لے": "le", "جا": "ja", "جاتا": "jata",
    "جاتی": "jati", "سکتا": "sakta", "سکتی": "sakti", "سکتے": "sakte", "چاہتا": "chahta", "چاہتی": "chahti",
    "لگ": "lag", "لگتا": "lagta", "لگتی": "lagti", "لگا": "laga", "رہو": "raho", "ہوگا": "hoga", "ہوگی": "hogi",
    "دل": "dil", "جان": "jaan", "زندگی": "zindagi", "موت": "maut", "مرنا": "marna", "مر": "mar",
    "مار": "maar", "مارنا": "maarna", "مارتا": "maarta", "مارتی": "maarti", "مارا": "maara",
    "خود": "khud", "اپنی": "apni", "اپنے": "apne", "اپنا": "apna", "خودکشی": "khudkushi",
    "گھر": "ghar", "امی": "ammi", "ابو": "abbu", "بھائی": "bhai", "بہن": "behan", "شوہر": "shohar",
    "بیوی": "biwi", "بچہ": "bacha", "بچے": "bache", "بچی": "bachi", "بیٹا": "beta", "بیٹی": "beti",
    "دوست": "dost", "ڈر": "dar", "خوف": "khauf", "درد": "dard", "سانس": "saans", "سینے": "seene",
    "خون": "khoon", "بےہوش": "behosh", "ہوش": "hosh", "گولیاں": "goliyan", "گولی": "goli",
    "دوائی": "dawai", "دوا": "dawa", "زہر": "zehar", "چھری": "churi", "چاقو": "chaqu", "ہاتھ": "haath",
    "بند": "band", "کمرے": "kamre", "کمرہ": "kamra", "باہر": "bahar", "اندر": "andar", "ڈاکٹر": "doctor",
    "ہسپتال": "hospital", "فون": "phone", "پولیس": "police", "مدد": "madad", "بچاؤ": "bachao",
    "اکیلا": "akela", "اکیلی": "akeli", "پریشان": "pareshan", "ٹھیک": "theek", "اچھا": "acha",
    "اچھی": "achi", "برا": "bura", "کام": "kaam", "پیسے": "paise", "وقت": "waqt", "ختم": "khatam",
    "ہمت": "himmat", "خدا": "khuda", "اللہ": "allah", "معاف": "maaf", "الوداع": "alvida", "آخری": "aakhri",
    "خط": "khat", "یار": "yaar", "ٹائم": "time", "سوچ": "soch", "سوچتا": "sochta", "سوچتی": "sochti",
    "دھمکی": "dhamki", "غصہ": "ghussa", "مسئلہ": "masla", "تکلیف": "takleef", "چوٹ": "chot",
}

_LETTERS = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ڈ": "d", "ذ": "z", "ر": "r", "ڑ": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh",
    "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ک": "k",
    "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ں": "n", "ھ": "h", "ء": "", "ئ": "i",
    "ۓ": "e", "ؤ": "o", "ة": "a", "ً": "", "ٰ": "a", "َ": "a", "ِ": "i", "ُ": "u", "ّ": "", "ْ": "",
    "ٔ": "", "آ": "aa", "ے": "e",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "،": ",", "۔": ".", "؟": "?", "؛": ";",
}
_ARABIC_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_URDU_PUNCTUATION = re.compile("([،۔؟؛])")


def romanise_word(word: str) -> str:
    """One Urdu-script word in romanised Urdu: its usual spelling, or letter by letter."""
    known = _WORDS.get(word)
    if known is not None:
        return known
    out: list[str] = []
    last = len(word) - 1
    for index, letter in enumerate(word):
        if letter == "ا":
            out.append("a")
        elif letter == "و":
            out.append("w" if index == 0 else "o")
        elif letter in ("ی", "ي", "ى"):
            out.append("y" if index == 0 or (index < last and word[index + 1] in "اوآ") else "i")
        elif letter in ("ہ", "ه", "ۀ"):
            # A final he after a consonant is a vowel ("kamra"); elsewhere it is h.
            out.append("a" if index == last and index > 0 else "h")
        else:
            out.append(_LETTERS.get(letter, letter))
    return "".join(out)


def romanise(text: str) -> str:
    """``text`` with every Urdu-script word romanised; other words untouched."""
    return _ARABIC_WORD.sub(lambda match: _romanise_run(match.group(0)), text)


def _romanise_run(run: str) -> str:
    # Urdu punctuation is inside the Arabic block, so "ہے۔" is one run: split it
    # off, or the word would miss the word list (the letter map turns it into ".").
    return "".join(romanise_word(part) for part in _URDU_PUNCTUATION.split(run) if part)

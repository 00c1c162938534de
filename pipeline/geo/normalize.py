"""Folded match keys for names and text, and transliteration skeletons of Arabic-style names."""
from __future__ import annotations

import re
import unicodedata

# Apostrophes and ayn/hamza marks vanish; dots vanish so "St." and "U.S." fold to "st" and "us".
_DROP = set("'’‘`´ʿʾʻʼ.")
# Article tokens of transliterated Arabic names ("as-Salihiyah", "Deir ez-Zor").
ARTICLES = {"al", "el", "as", "ad", "ar", "ash", "az", "an", "at", "ed", "es", "ez", "er",
            "en", "et", "ul", "ud", "us", "ur", "un", "ath", "adh", "aj"}
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")


def _fold_char(ch: str) -> str:
    """One character folded: lower case, accents stripped, punctuation to space."""
    if ch in _DROP:
        return ""
    if ch.isalnum():
        base = unicodedata.normalize("NFKD", ch)
        return "".join(c for c in base if not unicodedata.combining(c)).lower()
    return " "


def fold_text(text: str) -> tuple[str, list[int]]:
    """Text folded for matching, with the original offset of every folded character.

    Runs of spaces collapse to one so that keys and text share one spelling."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch) if not ch.isascii() or not ch.isalnum() else ch.lower()
        for c in folded:
            if c == " " and out and out[-1] == " ":
                continue
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


_DROP_TABLE = {ord(c): None for c in _DROP}
_NON_ALNUM = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """The folded lookup key of a gazetteer name ("Deir ez-Zor" -> "deir ez zor").

    Same result as fold_text, by whole-string operations (it runs on millions of names)."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", name.translate(_DROP_TABLE).lower()).strip()


_LATIN = re.compile(r"[\x00-\u024f\u1e00-\u1eff\u2018-\u201f\u02b0-\u02ff]+$")


def is_latin_name(name: str) -> bool:
    """True when a name is written in Latin script (accents allowed); cheap pre-filter."""
    return name.isascii() or _LATIN.match(name) is not None


def is_latin_key(key: str) -> bool:
    """True when a folded key is plain ASCII (non-Latin scripts are not matched in English text)."""
    return key.isascii() and any(c.isalpha() for c in key)


def skeleton(key: str) -> str:
    """Consonant skeleton tolerant of article, vowel and doubling variants of transliterations.

    "as salihiyah", "salhiya" and "salahiyah" all give "slh"; "deir ezzor" and "dayr az zawr" give
    "drzr". Returns "" for keys too short to be told apart this way."""
    words = [w for w in key.split() if w]
    words = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
    out = []
    for w in words:
        if w.startswith("al") and len(w) > 5:
            w = w[2:]
        w = w.replace("ou", "u").replace("ph", "f").replace("q", "k")
        if len(w) > 3 and w.endswith("h") and w[-2] in "ae":
            w = w[:-1]
        out.append(w)
    joined = "".join(out)
    skel = _DOUBLES.sub(r"\1", _VOWELS.sub("", joined[1:]))
    skel = _DOUBLES.sub(r"\1", joined[:1] + skel)
    return skel if len(skel) >= 3 and len(joined) >= 5 else ""

"""Spatial phrases around a mention: "east of X", "8 km north of X", "near X", "X, Texas"."""
from __future__ import annotations

import re

BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315}
_DIR = r"(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?"
# Between a mention and the next one: "Salhiya district east of Deir Ezzor".
DIRECTION_BETWEEN = re.compile(
    rf"^\s*(?:[a-z]+\s+){{0,2}}?(?:(?:about|some|around|\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles|mi))\s+)?"
    rf"(?:to the\s+)?{_DIR}\s+of\s+(?:the\s+)?$", re.I)
# Before a mention: "8 km north of Raqqa".
OFFSET_BEFORE = re.compile(
    rf"(\d+(?:\.\d+)?)\s*(km|kilometers|kilometres|miles|mi)\s+(?:to the\s+)?{_DIR}\s+of\s+(?:the\s+)?$", re.I)
NEAR_BEFORE = re.compile(r"\b(near|nearby|outside|close to|outskirts of|vicinity of|around)\s+(?:the\s+)?$", re.I)
_NEAR_LAST = ("near", "nearby", "outside", "to", "of", "around", "the")
# "X, Y", "X in Y", "X in southern Y", "X neighbourhood of Y", "X, a village in Y"
_TYPE = (r"(?:town|village|city|neighbou?rhood|district|subdistrict|suburb|area|quarter|"
         r"countryside|outskirts|countryside|province|governorate|region|camp)")
_SIDE = r"(?:(?:northern|southern|eastern|western|central|rural|north|south|east|west)\s+)?"
CONTAINED_BETWEEN = re.compile(
    rf"^\s*(?:,|,?\s*(?:(?:an?|the)\s+)?(?:{_TYPE}\s+)?in\b|\s*{_TYPE}\s+of\b)\s*(?:the\s+)?{_SIDE}$", re.I)
_MILE = 1.609344


def bearing_of(word: str) -> float:
    """Compass bearing in degrees of a direction word."""
    return BEARINGS[word.lower().replace("-", "").removesuffix("ern")]


def direction_between(text: str) -> float | None:
    """Bearing when the text between two mentions says the first lies in a direction of the second."""
    m = DIRECTION_BETWEEN.match(text)
    return bearing_of(m.group(1)) if m else None


def _last_word_is_not(text: str, ends: tuple[str, ...]) -> bool:
    """True when the text's last word surely does not end with one of `ends` (any case): a
    cheap test before an end-anchored search. Non-ASCII words are never ruled out (the
    search's case folding matches "ſ" to "s")."""
    words = text.rsplit(None, 1)
    word = words[-1] if words else ""
    return word.isascii() and not word.lower().endswith(ends)


def offset_before(text: str) -> tuple[float, float, str] | None:
    """(km, bearing, phrase) when the text before a mention is "N km DIRECTION of"."""
    if _last_word_is_not(text, ("of", "the")):
        return None
    m = OFFSET_BEFORE.search(text[-60:])
    if not m:
        return None
    km = float(m.group(1)) * (_MILE if m.group(2).lower().startswith("mi") else 1.0)
    return km, bearing_of(m.group(3)), m.group(0).strip()


def is_near(text: str) -> bool:
    """True when the text before a mention places the event near it, not in it."""
    if _last_word_is_not(text, _NEAR_LAST):  # "(near" ends with "near"
        return False
    return NEAR_BEFORE.search(text[-40:]) is not None


def is_contained(text: str) -> bool:
    """True when the text between two mentions says the first lies inside the second."""
    return CONTAINED_BETWEEN.match(text) is not None

"""Place and object slots: the locative phrase and the facilities an event concerns."""
from __future__ import annotations

import functools
import re

from pipeline.events.vocab import load

_NAME_WORD = r"(?-i:[A-Z])[\w'’.\-]*"
_MODIFIER_END = re.compile(r"(?:['’]s|['’]|-(?:led|backed|based|held|controlled|allied|owned|run))$")
_JOINER = r"(?:al-|el-|ad-|as-|ar-|ash-|at-|az-|ez-|de|del|of|la|le|bin|ibn|Al|El)"


@functools.lru_cache(maxsize=None)
def _regexes() -> tuple[re.Pattern, re.Pattern, set[str]]:
    v = load("slots")
    name = rf"({_NAME_WORD}(?:[ \-](?:{_JOINER}\s?)?{_NAME_WORD})*)"
    locative = re.compile(
        rf"\b(?:(?:{v['locative_prepositions']})\s+(?:the\s+)?(?:(?:{v['place_nouns']})\s+of\s+)?"
        rf"|(?:{v['place_nouns']})\s+of\s+){name}", re.IGNORECASE)
    heads = "|".join(sorted(map(re.escape, v["object_heads"]), key=len, reverse=True))
    mods = "|".join(sorted(map(re.escape, v["object_modifiers"]), key=len, reverse=True))
    objects = re.compile(rf"\b(?:(?:{mods})\s+)?(?:{heads})\b", re.IGNORECASE)
    # A nationality adjective alone ("in Russian") is not a place either.
    adjectives = {a for spec in load("actors")["states"].values() for a in spec["adjectives"]}
    return locative, objects, set(v["not_places"]) | adjectives


def locative_phrases(text: str) -> list[dict]:
    """Capitalised names after a locative preposition: {start, end, surface}."""
    locative, _, not_places = _regexes()
    out = []
    for m in locative.finditer(text):
        words = m.group(1).split()
        while words and words[0].strip(".,") in not_places:
            words.pop(0)
        if not words or (len(words) == 1 and words[0].strip(".,’'s") in not_places):
            continue
        surface = " ".join(words).rstrip(".,")
        if _MODIFIER_END.search(surface):
            continue  # "over Russia's support", "the U.S.-led campaign": a modifier, not a place
        surface = surface.rstrip("’'")
        start = text.find(surface, m.start(1))
        out.append({"start": start, "end": start + len(surface), "surface": surface})
    return out


def pick_place(phrases: list[dict], start: int, end: int) -> dict | None:
    """The locative phrase of an event: the nearest one after its trigger, else before it."""
    after = [p for p in phrases if p["start"] >= end]
    if after:
        return min(after, key=lambda p: p["start"])
    before = [p for p in phrases if p["end"] <= start]
    return max(before, key=lambda p: p["end"]) if before else None


def find_objects(text: str) -> list[str]:
    """Facilities and territory acted upon ("gas facility", "oil fields"), in text order."""
    _, objects, _ = _regexes()
    seen: list[str] = []
    for m in objects.finditer(text):
        obj = m.group(0).lower()
        if obj not in seen:
            seen.append(obj)
    return seen

"""Place and object slots: the locative phrase and the facilities an event concerns."""
from __future__ import annotations

import functools
import re

from pipeline.events.sieve import Sieve
from pipeline.events.vocab import load

_NAME_WORD = r"(?-i:[A-Z])[\w'’.\-]*"
_MODIFIER_END = re.compile(r"(?:['’]s|['’]|-(?:led|backed|based|held|controlled|allied|owned|run))$")
_ACCORDING = re.compile(r"according\s+$", re.IGNORECASE)
_DEMONYM = re.compile(r"(?:ian|ean|can|ese|ish)$")
_LOWER_NEXT = re.compile(r"\s+[a-z]")
_PLACE_CLAUSE = re.compile(
    r"[;,]|\s(?:but|while|whereas|although|after|before|when|because|since|and then)\s", re.IGNORECASE)
_JOINER = r"(?:al-|el-|ad-|as-|ar-|ash-|at-|az-|ez-|de|del|of|la|le|bin|ibn|Al|El)"


@functools.lru_cache(maxsize=None)
def _regexes() -> tuple[Sieve, Sieve, set[str], set[str]]:
    v = load("slots")
    name = rf"({_NAME_WORD}(?:[ \-](?:{_JOINER}\s?)?{_NAME_WORD})*)"
    adjective = rf"(?:(?:{v['place_adjectives']})\s+)?"
    locative = re.compile(
        rf"\b(?:(?:{v['locative_prepositions']})\s+(?:the\s+)?{adjective}(?:(?:{v['place_nouns']})\s+of\s+)?"
        rf"|(?:{v['place_nouns']})\s+of\s+){name}", re.IGNORECASE)
    heads = "|".join(sorted(map(re.escape, v["object_heads"]), key=len, reverse=True))
    mods = "|".join(sorted(map(re.escape, v["object_modifiers"]), key=len, reverse=True))
    objects = re.compile(rf"\b(?:(?:{mods})\s+)?(?:{heads})\b", re.IGNORECASE)
    # A nationality adjective alone ("in Russian") is not a place either.
    adjectives = {a for spec in load("actors")["states"].values() for a in spec["adjectives"]}
    return (Sieve(locative), Sieve(objects), set(v["not_places"]) | adjectives,
            set(v["organisation_words"]))


def locative_phrases(text: str) -> list[dict]:
    """Capitalised names after a locative preposition: {start, end, surface}."""
    locative, _, not_places, organisations = _regexes()
    out = []
    for m in locative.finditer(text):
        if _ACCORDING.search(text[max(0, m.start() - 12):m.start()]):
            continue  # "according to the Observatory": a source, not a place
        words = m.group(1).split()
        if any(part.strip(".,’'s") in organisations for w in words for part in w.split("-")):
            continue
        if len(words) == 1 and _DEMONYM.search(words[0]) and _LOWER_NEXT.match(text, m.end(1)):
            continue  # "in Mexican territory": an adjective
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


def place_clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around a trigger for place choice (commas and subordinators end it)."""
    lo = max((m.end() for m in _PLACE_CLAUSE.finditer(sentence, 0, start)), default=0)
    m = _PLACE_CLAUSE.search(sentence, end)
    return lo, (m.start() if m else len(sentence))


def pick_place(candidates: list[dict], start: int, end: int, clause: tuple[int, int]) -> dict | None:
    """The place of an event: in the trigger's clause first, then by rank (resolved phrase,
    gazetteer row, unresolved phrase), then the nearest after the trigger, else before it."""
    lo, hi = clause

    def key(c: dict) -> tuple:
        after = c["start"] >= end
        distance = c["start"] - end if after else start - c["end"]
        return (not (lo <= c["start"] and c["end"] <= hi), c["rank"], not after, distance)

    return min(candidates, key=key) if candidates else None


def find_objects(text: str) -> list[str]:
    """Facilities and territory acted upon ("gas facility", "oil fields"), in text order."""
    _, objects, _, _ = _regexes()
    seen: list[str] = []
    for m in objects.finditer(text):
        obj = m.group(0).lower()
        if obj not in seen:
            seen.append(obj)
    return seen

"""Actor recognition: dictionary aliases (actors.yaml) -> canonical actors with a type."""
from __future__ import annotations

import functools
import re

import ahocorasick

from pipeline.events.vocab import load

# A state's own name or a place name standing for it (a capital) right after these is a place,
# not an actor ("fighting in Syria", "a car bomb in Mogadishu").
# So is a town after a person's age in a police-blotter appositive ("Terry Jolly, 60, Lebanon,
# was arrested"): where the person lives.
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|near|across|inside|throughout|within|from|outside)\s+(?:the\s+)?"
                           r"|\w,\s*\d{1,3},\s*)$", re.IGNORECASE)
_MODIFIED = re.compile(
    r"\s+(?:operations?|bases?|stations?|officials?|sources?|spokes(?:man|woman|person)|commanders?|"
    r"vehicles?|convoys?|posts?|patrols?|checkpoints?|campaigns?|courts?|chiefs?|leadership|personnel|"
    r"headquarters|barracks|camps?|units?|academy|hospital|uniforms?|equipment|experts?|analysts?)\b",
    re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]")
# "Bashar al-Assad's forces", "Turkey's army": a possessive ends the name (the text's ’ is read as ').
_POSSESSIVE_END = re.compile(r"'s?(?![\w'-])")
# A state's name or capital modifying a local noun is a place ("a Paris woman", "the Moscow
# court"), not the state acting.
_LOCAL_NOUN = re.compile(
    r"\s+(?:man|men|woman|women|boy|girl|teen|teenager|resident|residents|native|couple|family|"
    r"student|students|home|house|school|hospital|court|jail|county|city|area|restaurant|street|"
    r"road|business|company|firm|club|church|mayor|council|fire|police|sheriff|department|officers?|"
    r"patrolman|detectives?|newspaper|airport|station)\b", re.IGNORECASE)


def _variants(alias: str) -> list[str]:
    alias = alias.replace("’", "'")
    out = [alias]
    if alias[:1].islower():
        out.append(alias[0].upper() + alias[1:])
    if alias.lower().startswith("the "):
        out.append(alias[4:])
    return out


@functools.lru_cache(maxsize=None)
def automaton() -> ahocorasick.Automaton:
    """An Aho-Corasick automaton from every alias to (canonical, type, generic, is_name)."""
    data = load("actors")
    table: dict[str, tuple] = {}

    def add(alias: str, value: tuple) -> None:
        for v in _variants(alias):
            table.setdefault(v, value)

    for name, spec in data["groups"].items():
        for alias in [name, *spec["aliases"]]:
            add(alias, (name, spec["type"], False, False))
    for country, spec in data["states"].items():
        for adjective in spec["adjectives"]:
            for noun in [*data["force_nouns"], *data.get("act_nouns", [])]:
                add(f"{adjective} {noun}", (country, "state_forces", False, False))
        for alias in [country, *spec["names"]]:
            add(alias, (country, "state_forces", False, True))
    for name, spec in data["generic"].items():
        for alias in spec["aliases"]:
            add(alias, (name, spec["type"], True, False))
    auto = ahocorasick.Automaton()
    for alias, value in table.items():
        auto.add_word(alias, (alias, *value))
    auto.make_automaton()
    return auto


def find_actors(text: str) -> list[dict]:
    """Leftmost-longest actor mentions: {start, end, surface, name, type, generic}."""
    norm = text.replace("’", "'")
    found = []
    for end, (alias, name, kind, generic, is_country) in automaton().iter(norm):
        start, stop = end - len(alias) + 1, end + 1
        if (start > 0 and _WORD.match(norm[start - 1])) or (
                stop < len(norm) and _WORD.match(norm[stop]) and not _POSSESSIVE_END.match(norm, stop)):
            continue
        if is_country and (_PLACE_BEFORE.search(norm[max(0, start - 20):start])
                           or _LOCAL_NOUN.match(norm, stop)):
            continue
        found.append({"start": start, "end": stop, "surface": text[start:stop], "name": name,
                      "type": kind, "generic": generic})
    kept: list[dict] = []
    for a in sorted(found, key=lambda a: (a["start"], -(a["end"] - a["start"]))):
        if kept and a["start"] < kept[-1]["end"]:
            continue
        kept.append(a)
    return _absorb_generics(kept, norm)


def _absorb_generics(actors: list[dict], text: str) -> list[dict]:
    """Drop a generic noun that only heads a named actor ("ISIS fighters", "YPG leader")
    or modifies another noun ("military operations", "police station")."""
    out: list[dict] = []
    for i, a in enumerate(actors):
        if a["generic"] and _MODIFIED.match(text, a["end"]):
            continue
        following = actors[i + 1] if i + 1 < len(actors) else None
        if (a["generic"] and following is not None and not following["generic"]
                and not text[a["end"]:following["start"]].strip()):
            continue  # a title before a name: "President Bashar al-Assad"
        prev = out[-1] if out else None
        if a["generic"] and prev and not prev["generic"] and len(text[prev["end"]:a["start"]].split()) <= 1:
            continue
        out.append(a)
    return out

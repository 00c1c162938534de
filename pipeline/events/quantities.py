"""Quantities of a sentence ("627 combat sorties", "at least 12 killed") and fatalities."""
from __future__ import annotations

import functools
import re

from pipeline.events.vocab import load


@functools.lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern, dict, re.Pattern, re.Pattern]:
    v = load("slots")
    words = sorted(v["number_words"], key=len, reverse=True)
    number = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(re.escape(w) for w in words) + ")"
    units = "|".join(sorted(map(re.escape, v["units"]), key=len, reverse=True))
    state = r"killed|dead|wounded|injured|missing|detained|arrested|kidnapped|abducted"
    rx = re.compile(
        rf"(?<![\w.,])(?P<qual>(?:at least|more than|over|about|some|nearly|around|up to|almost|roughly)\s+)?"
        rf"{number}\s+(?:(?P<unit>(?:\S+\s+){{0,2}}?(?:{units}))|(?P<state>{state}))\b",
        re.IGNORECASE)
    killed = re.compile(rf"\b(?:{v['killed_words']})\b", re.IGNORECASE)
    wounded = re.compile(rf"\b(?:{v['wounded_words']})\b", re.IGNORECASE)
    return rx, {k.lower(): n for k, n in v["number_words"].items()}, killed, wounded


def _value(token: str, words: dict) -> int | None:
    token = token.lower().replace(",", "")
    return int(token) if token.isdigit() else words.get(token)


def find_quantities(sentence: str) -> list[dict]:
    """Counted things: {value, unit, text, start, end}; a death toll gets unit "killed",
    an injury toll "wounded" (when the counted group is said to be killed/wounded)."""
    rx, words, killed, wounded = _patterns()
    out = []
    for m in rx.finditer(sentence):
        value = _value(m.group("num"), words)
        if value is None:
            continue
        if m.group("state"):
            unit = m.group("state").lower()
        else:
            unit = m.group("unit").split()[-1].lower()
            around = sentence[max(0, m.start() - 25):m.end() + 25]
            if killed.search(around) and not wounded.search(sentence[m.end():m.end() + 12]):
                unit = "killed"
            elif wounded.search(around):
                unit = "wounded"
        out.append({"value": value, "unit": unit, "text": m.group(0), "start": m.start(),
                    "end": m.end()})
    return out


def fatalities(quantities: list[dict]) -> int | None:
    """Lowest reported death toll (ACLED's rule), None when no toll is given."""
    tolls = [q["value"] for q in quantities if q["unit"] in ("killed", "dead")]
    return min(tolls) if tolls else None

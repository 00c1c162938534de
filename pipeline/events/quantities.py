"""Quantities of a sentence ("627 combat sorties", "at least 12 killed") and fatalities."""
from __future__ import annotations

import functools
import re

from pipeline.events.sieve import Sieve
from pipeline.events.vocab import load


def _number_words(v: dict) -> str:
    """The number words of slots.yaml as one alternation, the longest first."""
    return "|".join(re.escape(w) for w in sorted(v["number_words"], key=len, reverse=True))


def _number(v: dict) -> str:
    """A count in digits ("1,450", "627") or words ("seventeen", "a dozen"), as group `num`."""
    return r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|" + _number_words(v) + ")"


@functools.lru_cache(maxsize=None)
def _month() -> str:
    """The month names and abbreviations of the date stage's lexicon, as one alternation."""
    from pipeline.dates.patterns import MONTHS  # the one month vocabulary (dates/lexicon.yaml)

    return "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + ")"


@functools.lru_cache(maxsize=None)
def _date_before() -> re.Pattern:
    """A month (and day) right before a year ("May 2017", "Oct. 2016,"): part of a date, never a count."""
    return re.compile(rf"\b{_month()}\.?,?\s+(?:\d{{1,2}},?\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _patterns() -> tuple[Sieve, dict, re.Pattern, re.Pattern]:
    v = load("slots")
    number = _number(v)
    units = "|".join(sorted(map(re.escape, v["units"]), key=len, reverse=True))
    state = r"killed|dead|wounded|injured|missing|detained|arrested|kidnapped|abducted"
    # Up to two words between the number and its noun ("627 combat sorties"), but neither a
    # month, a number nor a number word: "3 May 2017 fighters", "2016 Two children" are a date
    # and a count, not 3 fighters and 2016 children.
    filler = rf"(?:(?!{_month()}\b|\d|(?:{_number_words(v)})\b)\S+\s+)"
    rx = re.compile(
        rf"(?<![\w.,])(?P<qual>(?:at least|more than|over|about|some|nearly|around|up to|almost|roughly)\s+)?"
        rf"{number}\s+(?:(?P<unit>{filler}{{0,2}}?(?:{units}))|(?P<state>{state}))\b",
        re.IGNORECASE)
    killed = re.compile(rf"\b(?:{v['killed_words']})\b", re.IGNORECASE)
    wounded = re.compile(rf"\b(?:{v['wounded_words']})\b", re.IGNORECASE)
    return Sieve(rx), {k.lower(): n for k, n in v["number_words"].items()}, killed, wounded


TOLL_UNITS = ("killed", "dead")
_YEAR_BEFORE = re.compile(r"\b(?:in|since|of|during|by|until)\s+$", re.IGNORECASE)
# A group counted inside the one before it: "30 people, including 24 civilians", "12 killed,
# among them five children": the part is not another toll.
_PART_GAP = re.compile(r"[\s,:;(–—-]*(?:including|among them|among whom|of them|of whom)[\s:]*",
                       re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _implicit_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A count right after a killing verb with no noun ("killed seventeen and blinded a dozen"),
    and one person killed without a number ("was shot dead", "killing a soldier")."""
    v = load("slots")
    number = _number(v)
    after_verb = re.compile(
        rf"\b(?:{v['killing_verbs']})\s+(?:(?:at least|more than|over|about|some|nearly|around|up to|almost)\s+)?"
        rf"{number}(?=\s*(?:[,.;]|and\b|or\b|people\b|$))", re.IGNORECASE)
    person = v["one_person"]
    one = re.compile(
        rf"\b(?:was|has been|had been)\s+(?:\w+ly\s+)?(?:{v['killed_passive']})\b"
        rf"|\b(?:{v['killing_verbs']})\s+(?:a|an|one)\s+(?:[\w'-]+\s+){{0,3}}?(?:{person})\b"
        rf"|\b(?:a|an|one)\s+(?:[\w'-]+\s+){{0,3}}?(?:{person})\s+(?:was\s+)?(?:killed|died|dies|dead)\b"
        rf"|\bclaimed the life of\b", re.IGNORECASE)
    # A count with no noun before a passive killing: "Dozens were killed", "at least 40 have been killed".
    passive = re.compile(
        rf"(?<![\w,.])(?:(?:at least|more than|over|about|some|nearly|around|up to|almost)\s+)?{number}"
        rf"\s+(?:were|have been|had been)\s+(?:\w+ly\s+)?(?:{v['killed_passive']})\b", re.IGNORECASE)
    return after_verb, one, passive


@functools.lru_cache(maxsize=None)
def _listed_victims() -> tuple[re.Pattern, re.Pattern]:
    """Victims counted by a list of groups killed together ("a woman and a child were killed",
    "two men and a boy were shot dead"): the groups, then a killing in the passive; and one group."""
    v = load("slots")
    number = _number(v).replace("?P<num>", "?:")
    persons = "|".join(sorted({*v["one_person"].split("|"), *map(re.escape, v["units"])}, key=len, reverse=True))
    group = rf"\b(?P<n>{number}|an?|one)\s+(?:[\w'-]+\s+)?(?:{persons})\b"
    plain = group.replace("?P<n>", "?:")
    listed = re.compile(
        rf"(?<![\w,])(?P<groups>{plain}(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+){plain})+)"
        rf"\s+(?:were|have been|had been)\s+(?:\w+ly\s+)?(?:{v['killed_passive']})\b", re.IGNORECASE)
    return listed, re.compile(group, re.IGNORECASE)


# A first group that the rest may break down ("five people, two women and three children").
_WHOLE = {"people", "persons", "civilians"}


def _listed_toll(sentence: str, words: dict) -> dict | None:
    """The toll of a list of victim groups, summed, or None."""
    listed, group = _listed_victims()
    m = listed.search(sentence)
    if m is None:
        return None
    total = 0
    groups = list(group.finditer(m.group("groups")))
    first = groups[0]
    if first.group(0).split()[-1].lower() in _WHOLE and m.group("groups")[first.end():].lstrip().startswith(","):
        groups = groups[:1]  # "five people, two women and three children": the five, told apart
    for g in groups:
        token = g.group("n")
        value = 1 if token.lower() in ("a", "an", "one") else _value(token, words)
        if value is None:
            return None
        total += value
    return {"value": total, "unit": "killed", "text": m.group(0), "start": m.start(), "end": m.end(),
            "implicit": True}


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
        if 1900 <= value <= 2100 and (_date_before().search(sentence, max(0, m.start("num") - 16), m.start("num"))
                                      or _YEAR_BEFORE.search(sentence, 0, m.start("num"))):
            continue  # "13 October 2016 two children killed", "clashes in 2016 killed": a year
        if m.group("state"):
            unit = m.group("state").lower()
        else:
            unit = m.group("unit").split()[-1].lower()
            unit = _toll(sentence, m.start(), m.end(), killed, wounded) or unit
        q = {"value": value, "unit": unit, "text": m.group(0), "start": m.start(), "end": m.end()}
        if out and _PART_GAP.fullmatch(sentence, out[-1]["end"], m.start()):
            q["part_of"] = out[-1]["start"]  # a share of the count before it
            if unit in TOLL_UNITS and out[-1]["unit"] not in TOLL_UNITS + ("wounded", "injured"):
                out[-1]["unit"] = unit  # "30 people including 24 civilians were killed": 30 killed
        out.append(q)
    after_verb, one, passive = _implicit_patterns()
    taken = {q["start"] for q in out}
    for m in [*after_verb.finditer(sentence), *passive.finditer(sentence)]:
        value = _value(m.group("num"), words)
        if value is not None and 1900 <= value <= 2100 and _YEAR_BEFORE.search(sentence, 0, m.start("num")):
            continue  # "in 2016 were killed": a year
        if value is not None and m.start("num") not in taken:
            taken.add(m.start("num"))
            out.append({"value": value, "unit": "killed", "text": m.group(0), "start": m.start("num"),
                        "end": m.end()})
    listed = _listed_toll(sentence, words)
    if listed is not None and not any(q["unit"] in TOLL_UNITS and listed["start"] <= q["start"] < listed["end"]
                                      and q["value"] >= listed["value"] for q in out):
        # "two men and a boy were killed": 3, not the 2 of "two men" alone
        for q in out:
            if listed["start"] <= q["start"] < listed["end"]:
                q["part_of"] = listed["start"]  # still listed as a quantity; the sum is the toll
        out.append(listed)
    if not any(q["unit"] in TOLL_UNITS for q in out):
        single = one.search(sentence)
        if single:
            # Implicit: a death toll of one for fatalities_best, not a counted quantity to list.
            out.append({"value": 1, "unit": "killed", "text": single.group(0), "start": single.start(),
                        "end": single.end(), "implicit": True})
    return out


def _toll(sentence: str, start: int, end: int, killed: re.Pattern, wounded: re.Pattern) -> str | None:
    """"killed"/"wounded" when such a word governs the counted group: a verb right before it
    ("killed twelve villagers") or else the nearest such word within 25 characters."""
    cues = []
    for unit, rx in (("killed", killed), ("wounded", wounded)):
        for c in rx.finditer(sentence, max(0, start - 25), min(len(sentence), end + 25)):
            if c.end() <= start and start - c.end() <= 2:
                return unit
            cues.append((start - c.end() if c.end() <= start else c.start() - end, unit))
    return min(cues)[1] if cues else None


def fatalities(quantities: list[dict]) -> int | None:
    """Lowest reported death toll (ACLED's rule: of differing reports, the lowest), None when
    no toll is given; a share of a toll ("including 24 civilians") is not a report of its own."""
    tolls = [q["value"] for q in quantities if q["unit"] in TOLL_UNITS and "part_of" not in q]
    return min(tolls) if tolls else None

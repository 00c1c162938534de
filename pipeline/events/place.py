"""The place of a mention: a locative phrase or gazetteer row of its sentence, else the article's."""
from __future__ import annotations

import functools
import re

from pipeline.events.actors import find_actors
from pipeline.events.slots import locative_phrases, pick_place, place_clause
from pipeline.events.vocab import load

_RELATIVE = re.compile(r"\s+(?:[a-z]+\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|"
                       r"southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of|near|outside|"
                       r"on the outskirts of|close to|(?:district|neighbou?rhood|suburb|area|village|town) of|in)"
                       r"\s+(?:the\s+)?$")
# "KABUL (AP) -", "MARIB, Yemen": where the story was filed, weaker than a place in the clause.
_DATELINE = re.compile(r"\s*(?:\(|,\s*[A-Z]|[-–—])")
# A gazetteer row outside a locative phrase counts only with a place noun after it ("Idlib
# province") or a preposition shortly before it ("in restive Idlib"): elsewhere a capitalised
# word the gazetteer knows is mostly a person ("Moore said", "Clinton").
_NOUN_AFTER = re.compile(r"\s+(?:city|town|village|district|province|region|governorate|county|"
                         r"area|countryside|suburbs?|outskirts)\b", re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|near|outside|around|inside|across|into|towards?|of)"
                                 r"\s+(?:[a-z][\w-]*\s+){0,2}$")
# "bombed Saraqeb", "air strikes also hit nearby Sarmin": a place named as the object of an
# attack, at most three lower-case words after its trigger (or inside a trigger that spans its
# object: "assault on the Sevare military camp").
_OBJECT_GAP = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,3}")
# "the Black Sea resort of Sochi", "the Idlib border town of Saraqib": one place said to lie in
# another; the finer of the two is where it happened.
_DESCRIBED_AS = re.compile(r"\s+(?:[a-z][\w-]*\s+){1,2}of\s+(?:the\s+)?")
# "Khan Sheikhoun in Idlib province", "Saraqeb in northern Idlib", "Tal Rifaat near Aleppo": the
# first place lies in (or by) the second, and is where it happened.
_CONTAINED_IN = re.compile(r",?\s+(?:in|near|outside|inside)\s+(?:the\s+)?"
                           r"(?:(?:north|south|east|west|central)[a-z-]*\s+)?", re.IGNORECASE)
# "in Syria in the town of Manbij", "in Idlib, at the village of Kafr Nabl": a wider place
# first, then a finer one inside it; the finer is where it happened.
_THEN_FINER = re.compile(r",?\s+(?:in|at)\s+(?:the\s+)?(?:(?:[a-z][\w-]*\s+){1,2}of\s+(?:the\s+)?)?",
                         re.IGNORECASE)
# A strike verb right before a name makes it the place struck, even when the trigger is further
# back ("air strikes by the US-led coalition hit Raqqa").
_STRUCK = re.compile(r"\b(?:hit|hits|struck|strikes|targeted|targeting|bombed|bombing|shelled|shelling|"
                     r"pounded|pounding|attacked|raided|stormed)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$")
_PLACE_FIELDS = {"geonameid": "geonameid", "place": "name", "admin1": "admin1",
                 "country_code": "country_code", "latitude": "latitude",
                 "longitude": "longitude", "geo_precision": "geo_precision", "geo_reason": "reason"}


def _overlaps(row: dict, offset: int, actors: list[dict]) -> bool:
    return any(a["start"] < row["char_end"] - offset and row["char_start"] - offset < a["end"]
               for a in actors)


@functools.lru_cache(maxsize=None)
def place_object_types() -> frozenset:
    """Event types whose verb takes the place attacked as its object (slots.yaml)."""
    return frozenset(load("slots").get("place_object_types") or ())


def place_candidates(offset: int, sentence: str, phrases: list[dict], places: list[dict],
                     actors: list[dict], trigger: tuple[int, int, str] | None = None) -> list[dict]:
    """Locative phrases and gazetteer rows of a sentence (sentence offsets), ranked: a phrase
    the gazetteer resolved 0, a row in a locative context (or the object of an attack
    `trigger` (start, end, type)) 1, an unresolved phrase or a dateline 2."""
    rows = [p for p in places if offset <= p["char_start"] and p["char_end"] <= offset + len(sentence)
            and not _overlaps(p, offset, actors)]
    out = []
    for ph in phrases:
        row = next((p for p in rows if p["char_start"] - offset < ph["end"]
                    and ph["start"] < p["char_end"] - offset), None)
        out.append({**ph, "row": row, "rank": 0 if row else 2, "near": False})
    for a, b in zip(out, out[1:]):
        if a["row"] is None and b["row"] is not None and _RELATIVE.match(sentence[a["end"]:b["start"]]):
            # "Salhiya district east of Deir Ezzor": the unresolved place lies near the resolved one
            a.update(row=b["row"], rank=0, near=True)
            b["rank"] = 3
    for p in rows:
        # A country named outside a locative phrase is mostly a party ("a hint to Russia and US").
        if p.get("geo_precision") == 6 or any(c["row"] is p for c in out):
            continue
        start, end = p["char_start"] - offset, p["char_end"] - offset
        if start == 0 and _DATELINE.match(sentence, end):
            rank = 2
        elif (_NOUN_AFTER.match(sentence, end) or _PREPOSITION_BEFORE.search(sentence[max(0, start - 40):start])
              or _is_object(sentence, start, trigger)):
            rank = 1
        else:
            continue
        out.append({"start": start, "end": end, "surface": p["surface"], "row": p, "rank": rank,
                    "near": False})
    _prefer_finer(sentence, out)
    return out


def _is_object(sentence: str, start: int, trigger: tuple[int, int, str] | None) -> bool:
    """Whether a name at `start` is the object of an attack trigger ("bombed Saraqeb")."""
    if trigger is None or trigger[2] not in place_object_types():
        return False
    return trigger[0] < start < trigger[1] or bool(_OBJECT_GAP.fullmatch(sentence, trigger[1], start)) \
        or (start > trigger[1] and bool(_STRUCK.search(sentence, max(trigger[1], start - 60), start)))


def _prefer_finer(sentence: str, candidates: list[dict]) -> None:
    """Of two resolved places joined by "<noun> of" ("the Black Sea resort of Sochi"), demote the
    coarser (larger geo_precision) below both; of "A in B" ("Khan Sheikhoun in Idlib province"),
    B, unless A is the coarser; of "in A in B" with A the coarser ("in Syria in the town of
    Manbij"), A."""
    ordered = sorted((c for c in candidates if c["row"] is not None), key=lambda c: c["start"])
    for a, b in zip(ordered, ordered[1:]):
        pa, pb = a["row"].get("geo_precision") or 1, b["row"].get("geo_precision") or 1
        if _DESCRIBED_AS.fullmatch(sentence, a["end"], b["start"]):
            if pa != pb:
                finer, coarser = (a, b) if pa < pb else (b, a)
                finer["rank"], coarser["rank"] = min(finer["rank"], coarser["rank"]), 3
        elif pa <= pb and _CONTAINED_IN.fullmatch(sentence, a["end"], b["start"]):
            a["rank"], b["rank"] = min(a["rank"], b["rank"]), 3
        elif (pa > pb and a["row"].get("country_code") == b["row"].get("country_code")
              and _THEN_FINER.fullmatch(sentence, a["end"], b["start"])):  # not "in Syria, in Paris"
            b["rank"], a["rank"] = min(a["rank"], b["rank"]), 3


def article_place(text: str, sentences: list[tuple[int, int]], places: list[dict]) -> dict | None:
    """The article's place for events whose sentence has none: the first gazetteer-backed place
    (resolved phrase, dateline or row in a locative context) of the headline or lead, in
    article offsets. An unresolved phrase is not enough: in the lead it is often a name."""
    for s, e in sentences[:3]:
        sentence = text[s:e]
        if not any(s <= p["char_start"] and p["char_end"] <= s + len(sentence) for p in places):
            continue  # every gazetteer-backed candidate is one of the sentence's rows
        actors = find_actors(sentence)
        found = [c for c in place_candidates(s, sentence, locative_phrases(sentence), places, actors)
                 if c["row"] is not None]
        if found:
            first = min(found, key=lambda c: c["start"])
            return {**first, "start": s + first["start"], "end": s + first["end"]}
    return None


def attach_place(row: dict, t: dict, candidates: list[dict], fallback: dict | None) -> None:
    """Fill place_name and, when a gazetteer row backs it, the geocoded fields."""
    clause = place_clause(row["evidence"], t["start"], t["end"])
    chosen = pick_place(candidates, t["start"], t["end"], clause) or fallback
    if chosen is None:
        return
    match = chosen["row"]
    if match is None:
        row["place_name"] = chosen["surface"]
        return
    row.update({col: match.get(src) for col, src in _PLACE_FIELDS.items()})
    row["place_name"] = match["surface"]
    if chosen.get("near"):
        row["place_name"] = chosen["surface"]
        row["geo_precision"] = max(match.get("geo_precision") or 2, 2)
        row["geo_reason"] = f"near {match['surface']} ({match.get('reason')})"

"""Event mentions of one article: triggers typed per sentence, with actors, place, objects,
quantities, modality and provenance."""
from __future__ import annotations

import bisect
import functools
import hashlib
import re

from pipeline.events.actors import find_actors
from pipeline.events.modality import is_charge, modality_of
from pipeline.events.quantities import fatalities, find_quantities
from pipeline.events.roles import assign_roles
from pipeline.events.place import article_place, attach_place, place_candidates
from pipeline.events.slots import find_objects, locative_phrases
from pipeline.events.taxonomy import type_columns
from pipeline.events.triggers import article_candidates, drop_suppressed, find_triggers
from pipeline.events.vocab import load

EXTRACTOR_VERSION = "1.1.0"

VIOLENT = {"government_regains_territory", "non_state_overtakes_territory", "air_strike",
           "shelling", "armed_clash", "attack", "remote_explosive", "suicide_bomb", "grenade",
           "chemical_weapon", "abduction", "sexual_violence", "excessive_force_against_protesters",
           "violent_demonstration", "mob_violence", "looting_property_destruction",
           "natural_disaster", "man_made_disaster"}
_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)
_OBJECT_STOP = re.compile(r"[;,(]|\s(?:but|while|after|before|when|because|since|to|from|in)\s")


def mention_id(article_id: str, char_start: int, event_type: str) -> str:
    """A stable id: the same article, trigger offset and type give the same id everywhere."""
    key = f"{article_id}|{char_start}|{event_type}".encode("utf-8")
    return "m" + hashlib.sha1(key).hexdigest()[:16]


def extract_mentions(article: dict, sentences: list[tuple[int, int]],
                     places: list[dict]) -> list[dict]:
    """Mention rows (pipeline.tables.MENTIONS columns except the date ones) for one article."""
    text = article.get("text") or ""
    seen_types: set[str] = set()
    fallback: list = []  # the article's place, found at the first mention (most articles have none)
    rows = []
    starts = article_candidates(text, sentences)
    place_order = _by_start(places)
    for index, (s, e) in enumerate(sentences):
        if starts is not None and not starts[index]:
            continue  # no word that can begin a trigger
        sentence = text[s:e]
        triggers = [t for t in find_triggers(sentence, starts and starts[index])
                    if t["type"] == "arrest" or not is_charge(sentence, t["start"], t["text"])]
        if not triggers:
            continue
        triggers = drop_suppressed(triggers)
        actors = find_actors(sentence)
        phrases = [p for p in locative_phrases(sentence)
                   if not any(a["start"] < p["end"] and p["start"] < a["end"] for a in actors)]
        quantities = find_quantities(sentence)
        in_sentence = None
        done: set[str] = set()
        for t in triggers:
            row = _mention(article, text, s, index, sentence, t, actors, phrases, quantities)
            generic = row["event_type"]
            anaphor = _after_anaphor(sentence, t["start"])
            retyped = anaphor and _retype_back_reference(row, rows)
            kind = row["event_type"]
            if not _has_needs(row, t.get("needs")):
                continue
            if kind in done or (kind in seen_types and anaphor and row["actor1"] is None and not retyped):
                continue  # one mention per type and sentence; "during the meeting" is a back-reference
            done.add(kind)
            if retyped:
                done.add(generic)  # "The raid ... killed four": the killing is the raid's toll
            if not fallback:
                fallback.append(article_place(text, sentences, places))
            if in_sentence is None:  # only the sentence's rows: linear, not places x mentions
                in_sentence = _rows_within(places, place_order, s, e)
            candidates = place_candidates(s, sentence, phrases, in_sentence, actors, (t["start"], t["end"], kind))
            attach_place(row, t, candidates, fallback[0])
            rows.append(row)
        seen_types |= done
    return rows


def _by_start(rows: list[dict]) -> tuple[list[int], list[int]]:
    """Indices of `rows` sorted by char_start, and those starts (for _rows_within)."""
    order = sorted(range(len(rows)), key=lambda i: rows[i]["char_start"])
    return order, [rows[i]["char_start"] for i in order]


def _rows_within(rows: list[dict], by_start: tuple[list[int], list[int]], lo: int, hi: int) -> list[dict]:
    """The rows starting within [lo, hi], in their original order."""
    order, starts = by_start
    picked = order[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)]
    return [rows[i] for i in sorted(picked)]


def _after_anaphor(sentence: str, start: int) -> bool:
    """Whether "the/this/that" ends sentence[:start]: searched from the last word only, as
    a search of the whole head for the end-anchored pattern tries every position."""
    last_word_end = len(sentence[:start].rstrip())
    return bool(_ANAPHOR.search(sentence, max(0, last_word_end - 4), start))


def _mention(article, text, offset, index, sentence, t, actors, phrases, quantities) -> dict:
    modality, claimant, content_start = modality_of(sentence, t["start"], t["end"])
    kind = t["type"]
    actor1, actor2 = assign_roles(sentence, actors, t["start"], t["end"], content_start,
                                  violent=kind in VIOLENT)
    if actor1 is not None:
        kind = t["by_actor"].get(actor1["type"], kind)
    stop = _OBJECT_STOP.search(sentence, t["end"] + 1)
    begin = max((m.end() for m in _OBJECT_STOP.finditer(sentence, 0, t["start"])), default=0)
    objects = find_objects(sentence[begin:stop.start() if stop else len(sentence)])
    quantity_rows = [{k: q[k] for k in ("value", "unit", "text")} for q in quantities]
    confidence = 0.5 + 0.15 * (" " in t["text"]) + 0.15 * (actor1 is not None) + 0.1 * bool(phrases)
    return {
        "mention_id": mention_id(article["article_id"], offset + t["start"], kind),
        "article_id": article["article_id"],
        "sentence_index": index,
        "char_start": offset + t["start"],
        "char_end": offset + t["end"],
        "evidence": sentence,
        "trigger": text[offset + t["start"]:offset + t["end"]],
        **type_columns(kind),
        "actor1": actor1["name"] if actor1 else None,
        "actor1_type": actor1["type"] if actor1 else None,
        "actor2": actor2["name"] if actor2 else None,
        "actor2_type": actor2["type"] if actor2 else None,
        "objects": objects,
        "quantities": quantity_rows,
        "fatalities_best": fatalities(quantities) if kind in VIOLENT else None,
        "modality": modality,
        "claimant": claimant,
        "confidence": round(min(confidence, 0.95), 3),
        "extractor_version": EXTRACTOR_VERSION,
        "place_name": None,
    }


@functools.lru_cache(maxsize=None)
def _back_references() -> dict:
    return load("anaphora").get("generic_back_references") or {}


def _retype_back_reference(row: dict, earlier: list[dict]) -> bool:
    """Give a generic "the raid" the type of the specific event the article told before it;
    True when retyped. It stays a mention: its sentence may add the place or the toll."""
    specific = _back_references().get(row["event_type"])
    previous = next((r for r in reversed(earlier) if specific and r["event_type"] in specific), None)
    if previous is None:
        return False
    row.update(type_columns(previous["event_type"]))
    row["mention_id"] = mention_id(row["article_id"], row["char_start"], row["event_type"])
    return True


def _has_needs(row: dict, needs: str | None) -> bool:
    """Whether a weak trigger has what makes it an event: an actor, or an object/recipient."""
    if needs == "actor":
        return row["actor1"] is not None or row["actor2"] is not None
    if needs == "object":
        return bool(row["objects"]) or row["actor2"] is not None
    return True

"""Mentions found or given in a text, resolved into rows of the `places` table."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import compress
from operator import itemgetter

import numpy as np
from geopy.distance import geodesic
from rapidfuzz import fuzz

from pipeline.geo.calibration import calibrated
from pipeline.geo.keys import SKELETON_MARK
from pipeline.geo.normalize import ARTICLES, name_key, skeleton
from pipeline.geo.precision import precision_of
from pipeline.geo.recognize import (candidate_spans, capitalised_runs, is_abroad, is_plausible, name_tails,
                                    people, suffix_kind, tokenize)
from pipeline.geo.relations import is_near, offset_before
from pipeline.geo.resolve import resolve_mentions, row_distances_km
from pipeline.geo.vocab import common_words, modifiers, not_places
from pipeline.text import text_layer

MIN_SIMILARITY = 75  # rapidfuzz ratio between a spelling variant and the gazetteer name


def _bare(key: str) -> str:
    """A key without Arabic article words, for comparing transliterations."""
    return "".join(w for w in key.split() if w not in ARTICLES)


def _similar(g, key: str, rows: np.ndarray) -> np.ndarray:
    """The rows whose main name is spelled close enough to `key`."""
    bare = _bare(key)
    names = g.memo.setdefault("bare_names", {})  # row -> its main name's bare key
    if len(names) >= 100_000:
        names.clear()
    keep = []
    for r in rows.tolist():
        if r not in names:
            names[r] = _bare(name_key(g.names[r]))
        if fuzz.ratio(bare, names[r]) >= MIN_SIMILARITY:
            keep.append(r)
    return np.asarray(keep, dtype=rows.dtype)


def recognise(text: str, g) -> list[dict]:
    """Toponym mentions of a text with their candidate rows (before resolution)."""
    tokens = text_layer(text).view("geo_tokens", tokenize)  # the article's text layer (pipeline.text)
    spans = candidate_spans(text, tokens)
    found = g.lookup_many(list(map(itemgetter(2), spans)))
    # longest names first, then in text order: the single words come last (they lead `spans`)
    n = len(tokens.caps)
    longer = list(zip(spans[n:], found[n:]))
    matches = sorted(compress(longer, map(len, found[n:])), key=_longest_first)
    matches.extend(compress(zip(spans[:n], found[:n]), map(len, found[:n])))
    if not matches:
        return []  # no exact name: no document country either, so no spelling variant
    taken = [False] * len(tokens)  # tokens already part of a mention
    tails = name_tails(tokens, longer)
    # one who "said" or "met" once is a person wherever the name recurs ("Moore had left")
    persons = people(tokens)
    common = common_words()
    words = modifiers()
    prominence = g.memo.setdefault("prominent", {})
    mentions = []
    for (i, j, key), rows in matches:
        if taken[i] or taken[j]:
            continue  # a longer name taken before that overlaps this one holds one of its ends
        prominent = prominence.get(key)
        if prominent is None:
            prominent = _is_prominent(g, key, rows)
        if i == j and not prominent and (key in tails or key in common or key in persons
                                         or (len(key) <= 4 and tokens.upper(i))):
            continue  # a common word ("Some"), an acronym ("AIG") or a person ("Moore said")
        if not is_plausible(tokens, i, j, key, prominent)[0]:
            continue
        if i == j and key in words["landmark"]:
            continue  # "the Citadel of Aleppo": a building's word, not a town called Citadel
        if j + 1 < len(tokens) and tokens.key[j + 1] in words["natural"]:
            rows = _natural_reading(g, rows)  # "the al-Ghab plain" is a plain, not a town
            if not len(rows):
                continue
        abroad = is_abroad(tokens, i, j)
        if abroad:
            rows = _outside_us(g, rows)
            if not len(rows):
                continue  # "Nineveh province" is not Nineveh, Indiana: better no place than that
        taken[i:j + 1] = [True] * (j + 1 - i)
        mentions.append(_mention(text, tokens, i, j, key, rows, False, abroad))
    mentions.extend(_variant_mentions(text, tokens, taken, g, mentions))
    return sorted(mentions, key=itemgetter("start"))


def _longest_first(match) -> tuple[int, int]:
    (i, j, _), _ = match
    return i - j, i


def _is_prominent(g, key: str, rows: np.ndarray) -> bool:
    """True when a name's candidates include a country, a state or a city of 100,000
    (remembered per key: a key's candidates are fixed)."""
    memo = g.memo.setdefault("prominent", {})
    if key not in memo:
        memo[key] = bool(g.is_prominent[rows].any())
    return memo[key]


def _natural_reading(g, rows: np.ndarray) -> np.ndarray:
    """Candidates of a name followed by a natural-feature word ("X valley", "X plain"): the
    waters, landforms and regions of that name, else the divisions named after the feature
    ("Bekaa Valley", "Swat Valley"), never a town."""
    natural = rows[g.is_natural[rows]]
    return natural if len(natural) else rows[g.is_division[rows] | g.is_state[rows]]


def _likeliest_country(g, m: dict) -> int:
    """The country code of a found name's likeliest candidate (remembered per name: an exact
    name's candidates depend only on its key and on the type word after it)."""
    memo = g.memo.setdefault("likeliest_country", {})
    ident = (m["key"], m["abroad"])
    if ident not in memo:
        memo[ident] = g.codes["country_code"][m["rows"][int(np.argmax(g.prior[m["rows"]]))]]
    return memo[ident]


def _variant_mentions(text, tokens, taken, g, exact: list[dict]) -> list[dict]:
    """Spelling variants (consonant skeletons) of capitalised words, in the document's countries
    (only countries with skeleton keys: those whose names are romanised from Arabic script)."""
    countries = {_likeliest_country(g, m) for m in exact}
    countries &= g.skeleton_countries
    if not countries:
        return []
    listed = not_places()
    spans = [(i, j, key) for i, j, key in capitalised_runs(tokens, taken, 3)
             if len(key) >= 5 and key not in listed]
    found = g.lookup_many([_skeleton_key(k) for _, _, k in spans])
    wanted = np.asarray(sorted(countries))
    out, next_free = [], 0
    for (i, j, key), rows in zip(spans, found):
        if i < next_free or not len(rows) or not is_plausible(tokens, i, j, key)[0]:
            continue
        rows = rows[(g.codes["country_code"][rows][:, None] == wanted[None, :]).any(axis=1)]
        rows = _similar(g, key, rows) if len(rows) else rows
        if len(rows):
            out.append(_mention(text, tokens, i, j, key, rows, True, is_abroad(tokens, i, j)))
            next_free = j + 1
    return out


@lru_cache(maxsize=100_000)
def _skeleton_key(key: str) -> str:
    """The index key of a name's transliteration skeleton ("" when it has none)."""
    s = skeleton(key)
    return SKELETON_MARK + s if s else ""


def _outside_us(g, rows: np.ndarray) -> np.ndarray:
    """Rows outside the US: "province", "governorate", "oblast" name a division abroad."""
    us = g.vocab["country_code"].index("US") if "US" in g.vocab["country_code"] else -1
    return rows[g.codes["country_code"][rows] != us]


def _mention(text, tokens, i, j, key, rows, fuzzy: bool, abroad: bool) -> dict:
    start, end = tokens.start(i), tokens.end(j)
    if text.endswith(("'s", "’s"), start, end) and end - start > 3:
        end -= 2  # "Damascus's": the place is "Damascus"
    return {"start": start, "end": end, "surface": text[start:end], "key": key, "rows": rows,
            "fuzzy": fuzzy, "suffix": suffix_kind(tokens, i, j), "abroad": abroad}


def span_mentions(text: str, spans: list[tuple[int, int]], g) -> list[dict]:
    """Mentions for given (start, end) spans, looked up as they are (gold-span mode)."""
    suffixes = modifiers()["suffix"]
    out = []
    for start, end in spans:
        key = name_key(text[start:end])
        words = key.split()
        rows, fuzzy, suffix = g.lookup(key), False, ""
        if not len(rows) and words and words[0] == "the":
            words = words[1:]
            rows = g.lookup(" ".join(words))
        abroad = len(words) > 1 and words[-1] in modifiers()["abroad"]
        if not len(rows) and len(words) > 1 and words[-1] in suffixes:
            suffix, rows = suffixes[words[-1]], g.lookup(" ".join(words[:-1]))
        demonym = g.lookup_demonym(" ".join(words))
        rows = np.union1d(rows, demonym) if len(demonym) else rows
        if not len(rows):
            rows = g.lookup_skeleton(key)
            rows = _similar(g, key, rows) if len(rows) else rows
            fuzzy = bool(len(rows))  # (a part found below is no spelling variant)
        if not len(rows) and len(words) > 1:
            rows = _longest_part(g, words)
        landmark = not len(rows) and len(words) > 1 and bool(modifiers()["landmark"].intersection(words))
        if landmark:
            rows = _city_in_name(g, words)
        if abroad and len(rows):
            rows = _outside_us(g, rows)
        out.append({"start": start, "end": end, "surface": text[start:end], "key": key,
                    "rows": rows, "fuzzy": fuzzy, "suffix": suffix, "abroad": abroad,
                    "landmark": landmark and bool(len(rows))})
    return _variants_in_text_countries(g, out)


def _variants_in_text_countries(g, mentions: list[dict]) -> list[dict]:
    """Spelling variants only in the countries of the text's exact names, as in running text
    (recognise): "Kibera" in a Kenyan story is not a Yemeni village of a similar skeleton."""
    countries = {_likeliest_country(g, m) for m in mentions if not m["fuzzy"] and len(m["rows"])}
    for m in mentions:
        if m["fuzzy"] and len(m["rows"]):
            inside = np.isin(g.codes["country_code"][m["rows"]], list(countries))
            m["rows"] = m["rows"][inside]
    return mentions


def _city_in_name(g, words: list[str]) -> np.ndarray:
    """A landmark named after the big city it serves ("Montreal-Pierre Elliott Trudeau
    International Airport", "Cairo Tower"): the capitals and cities of 100,000 named by its
    longest such run of words; none when no part names one ("Bob Wills Museum": no town Wills)."""
    landmark = modifiers()["landmark"]
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            part = words[first:first + size]
            if landmark.intersection(part) or len(" ".join(part)) < 4:
                continue
            rows = g.lookup(" ".join(part))
            big = rows[g.is_place[rows] & ((g.population[rows] >= 100_000) | g.is_major[rows])]
            if len(big):
                return big
    return g.rows[:0]


def focus_row(g, resolved: list[dict], text: str, start: int, end: int, article_id) -> dict:
    """A given toponym missing from the gazetteer: placed at the first-level division (else the
    country) where the text's other places lie, precision 4 (or 6), never silently."""
    row = {"article_id": article_id, "char_start": start, "char_end": end,
           "surface": text[start:end], "geonameid": None, "score": None,
           "reason": "no gazetteer entry"}
    container = _stated_container(resolved, text, end)
    if container is not None:
        # "St. Mark's Cathedral in Cairo": the building lies in the place the text names
        row.update({k: container[k] for k in ("geonameid", "name", "latitude", "longitude",
                                              "feature_code", "country_code", "admin1")})
        row.update(geo_precision=max(2, container["geo_precision"]), score=0.5,
                   reason=f"not in the gazetteer: placed at {container['name']}, where the text "
                          f"says it lies")
        return row
    counts = Counter((r["country_code"], r["admin1_code"]) for r in resolved
                     if r["geo_precision"] <= 3 and r["country_code"])
    if not counts:
        return row
    (cc, a1), n = counts.most_common(1)[0]
    target, precision = g.admin1_rows.get((cc, a1)), 4
    if target is None:
        target, precision = g.country_rows.get(cc), 6
    if target is None:
        return row
    # local news names unknown streets and parks near its main place: take that place's point
    main = Counter((r["name"], r["latitude"], r["longitude"]) for r in resolved
                   if r["geo_precision"] == 1 and (r["country_code"], r["admin1_code"]) == (cc, a1))
    point = main.most_common(1)[0][0] if main else (g.names[target], float(g.lat[target]), float(g.lon[target]))
    row.update({"geonameid": int(g.ids[target]), "name": g.names[target],
                "latitude": point[1], "longitude": point[2],
                "feature_code": g.get(target, "feature_code"), "country_code": cc,
                "admin1": g.admin1_names.get((cc, a1)), "geo_precision": precision, "score": 0.1,
                "reason": f"not in the gazetteer: somewhere in {g.names[target]}, where {n} other "
                          f"place(s) of the text lie; point of {point[0]}, the text's main place"})
    return row


# Words that make a multi-word name a natural feature of its own: "Indian Ocean" is not a place
# called "Ocean", nor "Korean Peninsula" one called "Peninsula" (nor one called "Korean").
NATURAL_WORDS = frozenset({"ocean", "sea", "peninsula", "gulf", "strait", "straits", "bay", "lake",
                           "river", "mountains", "mountain", "desert", "plain", "plains", "valley",
                           "island", "islands", "coast", "basin", "canal", "channel", "delta",
                           "plateau", "highlands", "range", "sound", "cape"})


_IN_PLACE = re.compile(r"\s*(?:,|\bin\b|\bat\b|\bof\b|\bnear\b)\s*(?:the\s+)?")


def _stated_container(resolved: list[dict], text: str, end: int) -> dict | None:
    """The resolved place right after a span ("X in Cairo", "X, Texas", "X of Aleppo"), if it is
    a town or a division (not a country: too coarse to place a building)."""
    m = _IN_PLACE.match(text, end, end + 20)
    if not m:
        return None
    for r in resolved:
        if r["char_start"] == m.end() and r["geo_precision"] <= 4:
            return r
    return None


def _longest_part(g, words: list[str]) -> np.ndarray:
    """Rows of a multi-word name's longest known end after qualifier words only ("North Dallas",
    "Greater Mumbai", "West Kasai" -> Dallas, Mumbai, Kasai: the `before` words of
    data/modifiers.yaml).

    Any other part names another, smaller place ("Meadow Grove", "Cherry Hinton", "Rhineland-
    Palatinate", "Greer Station"): such a name is placed where the text's places lie (focus_row;
    any part: LGL 0.879, TR-News 0.8125, GeoVirus 0.819; qualifiers only: 0.884, 0.813, 0.819).
    Never for a natural feature's name ("Indian Ocean", "Korean Peninsula") nor a landmark's."""
    if NATURAL_WORDS.intersection(words) or modifiers()["landmark"].intersection(words):
        return g.rows[:0]  # a landmark lies in the place the text names: focus_row places it
    qualifiers = modifiers()["before"]
    for start in range(1, len(words)):
        if words[start - 1] not in qualifiers:
            break
        part = " ".join(words[start:])
        if len(part) >= 4 and part not in not_places():
            rows = g.lookup(part)
            if len(rows):
                return rows
    return g.rows[:0]


def place_rows(g, mentions: list[dict], text: str, article_id: str | None) -> list[dict]:
    """Resolve mentions and turn each into a row of the `places` table."""
    resolved = resolve_mentions(g, mentions, text)
    tops = [m["row"] for m in resolved]
    # distances between the chosen places, computed once for the text
    between = row_distances_km(g, np.array(tops), np.array(tops)).tolist() if tops else None
    rows, nearest = [], {}
    facts = g.memo.setdefault("row_facts", {})
    for k, m in enumerate(resolved):
        r = m["row"]
        if r not in facts:
            if len(facts) >= ROW_FACTS:
                facts.clear()
            facts[r] = _row_facts(g, r)
        gid, name, label, fcode, cc, a1, admin1, lat, lon, precision, approximate = facts[r]
        reason = [("spelling variant of " if m["fuzzy"] else "name of ") + label]
        reason.extend(m.get("why", {}).values())
        if r not in nearest:
            nearest[r] = _nearest_other(g, r, tops, between[k])
        near = nearest[r]
        if near:
            reason.append(near)
        if precision == 6:
            reason.append("country only: country centroid")
        if approximate:
            lat, lon, note = _placed_by_context(g, r, tops, lat, lon)
            reason.append(note)
        if m.get("landmark"):
            precision = max(precision, 2)
            reason.append(f"a landmark named after {name}: placed at the city")
        if m.get("suffix") == "admin1" and precision < 4:
            # "Mopti region" with only the town known: the division is meant, placed at the town
            precision = 4
            reason.append(f"first-level division named after {name}: the town's point")
        before = text[max(0, m["start"] - 80):m["start"]]
        offset = offset_before(before)
        if offset and precision <= 4:
            km, bearing, phrase = offset
            point = geodesic(kilometers=km).destination((lat, lon), bearing)
            lat, lon, precision = point.latitude, point.longitude, 2
            reason.append(f"point offset: {phrase} {name}")
        elif precision == 1 and is_near(before):
            precision = 2
            reason.append("near the place, not in it")
        inputs = (m["sure"], bool(m.get("fuzzy")), precision, len(m["rows"]))
        rows.append({"article_id": article_id, "char_start": m["start"], "char_end": m["end"],
                     "surface": m["surface"], "geonameid": gid, "name": name,
                     "latitude": lat, "longitude": lon, "feature_code": fcode,
                     "country_code": cc or None, "admin1": admin1, "admin1_code": a1,
                     "geo_precision": precision, "score": calibrated(*inputs), "reason": "; ".join(reason),
                     "runners_up": [int(g.ids[x]) for x in m["runners_up"]]})
        if KEEP_SCORE_INPUTS:
            rows[-1]["score_inputs"] = inputs
    return rows


ROW_FACTS = 100_000  # resolved rows whose table fields are kept between texts
KEEP_SCORE_INPUTS = False  # set by the calibration fit: rows then carry their score's inputs


def _row_facts(g, r: int) -> tuple:
    """The table fields of a gazetteer row, and its label "Name (P.PPL, US)"."""
    fclass, fcode = g.get(r, "feature_class"), g.get(r, "feature_code")
    cc, a1 = g.get(r, "country_code"), g.get(r, "admin1")
    label = f"{g.names[r]} ({fclass}.{fcode}" + (f", {cc}" if cc else "") + ")"
    return (int(g.ids[r]), g.names[r], label, fcode, cc, a1, g.admin1_names.get((cc, a1), a1) or None,
            float(g.lat[r]), float(g.lon[r]), precision_of(fclass, fcode), bool(g.approximate[r]))


def _placed_by_context(g, r: int, tops: list[int], lat: float, lon: float) -> tuple:
    """A division without a centroid of its own: at a mentioned place of its admin1, if any."""
    cc, a1 = g.codes["country_code"][r], g.codes["admin1"][r]
    for t in tops:
        if t != r and g.codes["country_code"][t] == cc and g.codes["admin1"][t] == a1 \
                and g.get(t, "feature_class") == "P":
            return float(g.lat[t]), float(g.lon[t]), f"division point unknown: placed at {g.names[t]}, mentioned in the text"
    return lat, lon, "division point unknown: centre of its first-level division"


def _nearest_other(g, r: int, tops: list[int], km: list[float]) -> str:
    """'N km from X' for the closest other resolved place within 100 km (`km`: distances
    from r to every resolved mention)."""
    others = [(d, t) for d, t in zip(km, tops) if t != r]
    if not others:
        return ""
    d, t = min(others, key=itemgetter(0))  # the first of equals, as argmin
    return f"{d:.0f} km from {g.names[t]}" if d < 100 else ""

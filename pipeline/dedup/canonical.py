"""One event row from the mentions of a cluster: the most precise date and place, majority
actors, the lowest credible fatality figure and the strongest supported modality."""
from __future__ import annotations

from collections import Counter

from pipeline.dedup.intervals import mention_interval

_DATE_FIELDS = ("date_start", "date_end", "date_precision", "date_text", "date_source")
_PLACE_FIELDS = ("place_name", "geonameid", "place", "admin1", "country_code", "latitude",
                 "longitude", "geo_precision", "geo_reason")
_TYPE_FIELDS = ("event_type", "acled_event_type", "acled_sub_event_type", "cameo_code",
                "plover_type", "plover_mode")

_SINGLE_FIELDS = (_TYPE_FIELDS + _DATE_FIELDS + _PLACE_FIELDS + (
    "actor1", "actor1_type", "actor2", "actor2_type", "modality", "claimant", "fatalities_best",
    "confidence", "typed_by", "extractor_version", "evidence"))


def _majority(values: list, tie_rank=None):
    """The most common non-null value; ties go to the lowest tie_rank, then to the first seen."""
    if len(values) == 1:
        return values[0]
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    first = {v: i for i, v in reversed(list(enumerate(values)))}
    return min(counts, key=lambda v: (-counts[v], tie_rank(v) if tie_rank else 0, first[v]))


def _date_mention(ms: list[dict], rules: dict) -> dict:
    rank = rules["date_rank"]
    def key(m):
        first, last = mention_interval(m, rules)
        publication_only = m.get("date_start") is None
        borrowed = m.get("date_source") in ("inherited", "anchor_day")  # a sentence's own date first
        return (publication_only, borrowed, rank.get(m.get("date_precision") or "unknown", len(rank)),
                last - first, str(m.get("mention_id")))
    return min(ms, key=key)


def _place_mention(ms: list[dict]) -> dict:
    counts = Counter(m.get("geonameid") for m in ms if m.get("geonameid") is not None)
    def key(m):
        located = m.get("latitude") is not None and m.get("longitude") is not None
        return (not located, m.get("geo_precision") or 9, -counts.get(m.get("geonameid"), 0),
                not m.get("place_name"), str(m.get("mention_id")))
    return min(ms, key=key)


def _actor_columns(ms: list[dict], generic: frozenset) -> dict:
    """Majority actors: named ones before generic ones, and never the same actor on both sides
    (symmetric reports may give the pair in either order)."""
    row, taken = {}, None
    for slot in ("actor1", "actor2"):
        values = [v for m in ms if (v := m.get(slot)) is not None and v != taken]
        named = [v for v in values if v.casefold() not in generic]
        name = _majority(named or values) if values else None
        kind = _majority([m.get(f"{slot}_type") for m in ms if m.get(slot) == name])
        row[slot], row[f"{slot}_type"], taken = name, kind, name
    return row


def _unique(items: list, key) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def event_columns(ms: list[dict], rules: dict) -> dict:
    """The event columns (the ones events share with mentions) of one cluster's mentions."""
    if len(ms) == 1:
        m = ms[0]
        row = {k: m.get(k) for k in _SINGLE_FIELDS}
        row["objects"], row["quantities"] = list(m.get("objects") or []), list(m.get("quantities") or [])
        if m.get("modality") in rules["canonical"]["not_credible"]:
            row["fatalities_best"] = None
        return row
    ms = sorted(ms, key=lambda m: str(m.get("mention_id")))
    types = [m.get("event_type") for m in ms]
    # ACLED codes the most specific sub-event the reports support: a generic type that another
    # mention's type refines ("attack" beside "sexual_violence") gets no vote.
    refined = {g for t in set(types) for g in rules.get("refines", {}).get(t, ())}
    event_type = _majority([t for t in types if t not in refined] or types,
                           lambda t: rules["type_rank"].get(t, 0))
    typed = next(m for m in ms if m.get("event_type") == event_type)
    row = {k: typed.get(k) for k in _TYPE_FIELDS}
    dated, placed = _date_mention(ms, rules), _place_mention(ms)
    row.update({k: dated.get(k) for k in _DATE_FIELDS})
    row.update({k: placed.get(k) for k in _PLACE_FIELDS})
    row.update(_actor_columns(ms, rules["generic"]))
    modality_rank = rules["modality_rank"]
    strongest = min(ms, key=lambda m: modality_rank.get(m.get("modality"), len(modality_rank)))
    row["modality"], row["claimant"] = strongest.get("modality"), strongest.get("claimant")
    credible = [m["fatalities_best"] for m in ms if m.get("fatalities_best") is not None
                and m.get("modality") not in rules["canonical"]["not_credible"]]
    row["fatalities_best"] = min(credible) if credible else None
    row["objects"] = _unique([o for m in ms for o in (m.get("objects") or [])], str.casefold)
    row["quantities"] = _unique([q for m in ms for q in (m.get("quantities") or [])],
                                lambda q: (q.get("value"), q.get("unit")))
    confidences = [m["confidence"] for m in ms if m.get("confidence") is not None]
    row["confidence"] = max(confidences) if confidences else None
    row["typed_by"] = typed.get("typed_by")
    row["extractor_version"] = typed.get("extractor_version")
    # The quoted sentence reports the event's own type as strongly as any mention does.
    quoted = min((m for m in ms if m.get("event_type") == event_type),
                 key=lambda m: modality_rank.get(m.get("modality"), len(modality_rank)))
    row["evidence"] = quoted.get("evidence")
    return row

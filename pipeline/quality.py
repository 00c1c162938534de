"""Row-level quality rules: a row that breaks one is quarantined (moved to `rejects` with a
reason code) and the run goes on; the blocking checks keep only whole-table invariants.

- an event date in the future, only when the modality says the event happened (asserted,
  reported): announced and planned events legitimately lie ahead;
- a date_start after its date_end;
- coordinates outside [-90, 90] x [-180, 180] (or not a number);
- a value outside its vocabulary (event types from taxonomy.yaml, modalities from
  modality.yaml), geo_precision outside the UCDP scale 1-7.
Publication dates in the future or before 1900 quarantine their article in ingest.clean_record."""
from __future__ import annotations

import datetime as dt
import functools
import math

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest import FUTURE_SLACK, make_reject

# Modalities that say the event took place: such an event cannot lie in the future. Every
# other modality (announced, planned, intended, speculative, negated) may lie ahead; a row
# without a modality counts as one that happened.
HAPPENED = frozenset({"asserted", "reported"})


def may_lie_ahead() -> frozenset:
    """The modalities whose events may be dated in the future."""
    return vocabularies()["modality"] - HAPPENED


@functools.lru_cache(maxsize=None)
def vocabularies() -> dict[str, frozenset]:
    """Allowed values of the vocabulary columns whose rows are quarantined, as the column registry
    draws them from the events package's data files."""
    from pipeline.registry import registry

    mentions = registry()["mentions"]
    return {column: frozenset(mentions[column].allowed() or ()) for column in ("event_type", "modality")}


def latest_event_date(now: dt.datetime | dt.date) -> dt.date:
    """The last date a past event may have (a day of slack for time zones ahead of UTC)."""
    today = now.date() if isinstance(now, dt.datetime) else now
    return today + FUTURE_SLACK


def mention_problem(m: dict, latest: dt.date) -> tuple[str, str] | None:
    """(reason, code) of the first rule a mention breaks, or None."""
    vocab = vocabularies()
    for column, allowed in vocab.items():
        value = m.get(column)
        if value is not None and value not in allowed:
            return f"{column} {value!r} is not in its vocabulary", "out_of_vocabulary"
    start, end = m.get("date_start"), m.get("date_end")
    if m.get("modality") not in may_lie_ahead() and any(d is not None and d > latest for d in (start, end)):
        return (f"event date {start}..{end} is in the future but the mention is {m.get('modality')}",
                "event_date_future")
    if start is not None and end is not None and start > end:
        return f"date_start {start} after date_end {end}", "date_inverted"
    problem = coordinates_problem(m.get("latitude"), m.get("longitude"))
    if problem:
        return problem, "bad_coordinates"
    precision = m.get("geo_precision")
    if precision is not None and not 1 <= precision <= 7:
        return f"geo_precision {precision} outside 1-7", "out_of_vocabulary"
    return None


def coordinates_problem(lat, lon) -> str | None:
    """Why a (latitude, longitude) pair is impossible, or None (both null is no place)."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        return f"only one coordinate ({lat}, {lon})"
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return f"impossible coordinates ({lat}, {lon})"
    return None


def quarantine_mentions(mentions: list[dict], now: dt.datetime, paths: dict[str, str]
                        ) -> tuple[list[dict], list[dict]]:
    """Mentions that keep every rule, and a reject for each one that does not
    (`paths`: article_id -> source path, for the reject rows)."""
    latest = latest_event_date(now)
    kept, rejects = [], []
    for m in mentions:
        problem = mention_problem(m, latest)
        if problem is None:
            kept.append(m)
            continue
        reason, code = problem
        rejects.append(make_reject(paths.get(m.get("article_id") or "", ""), f"mention quarantined: {reason}",
                                   "quality", m.get("mention_id"), now=now, code=code))
    return kept, rejects


def quarantine_places(places: pa.Table, now: dt.datetime, paths: dict[str, str]
                      ) -> tuple[pa.Table, list[dict]]:
    """The places table without rows of impossible coordinates, and a reject for each."""
    if places.num_rows == 0:
        return places, []
    lat, lon = places["latitude"], places["longitude"]

    def bad(col, limit):
        out_of_range = pc.or_(pc.less(col, -limit), pc.greater(col, limit))
        return pc.fill_null(pc.or_(out_of_range, pc.is_nan(col)), False)

    one_null = pc.xor(pc.is_null(lat), pc.is_null(lon))
    mask = pc.or_(pc.or_(bad(lat, 90), bad(lon, 180)), one_null)
    if not pc.any(mask).as_py():
        return places, []
    dropped = places.filter(mask).to_pylist()
    rejects = [make_reject(paths.get(p["article_id"], ""),
                           f"place quarantined: {coordinates_problem(p['latitude'], p['longitude'])} "
                           f"for {p['surface']!r}", "quality",
                           f"{p['article_id']}:{p['char_start']}", now=now, code="bad_coordinates")
               for p in dropped]
    return places.filter(pc.invert(mask)), rejects

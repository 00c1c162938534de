"""Day anaphora: "the same day", "the next day" resolved against the last day named before them."""
from __future__ import annotations

import datetime as dt

from pipeline.dates import periods as P
from pipeline.dates.patterns import LEXICON

# Expression (lower case) -> days after the day it refers back to (lexicon.yaml: day_anaphora).
OFFSETS = {k.lower(): int(v) for k, v in (LEXICON.get("day_anaphora") or {}).items()}


def resolve_day_anaphora(found: list[dict]) -> list[dict]:
    """Timexes (text order) with each day anaphor dated from the nearest preceding day-precise
    timex: a writer's "the same day" means the day just named, not an unknown day."""
    out, last_day = [], None
    for t in sorted(found, key=lambda t: t["start"]):
        offset = OFFSETS.get(t.get("text", "").lower()) if t["date_start"] is None else None
        if offset is not None and last_day is not None:
            day = last_day + dt.timedelta(days=offset)
            t = {**t, **P.period("day", day), "kind": "relative"}
        if t["precision"] == "day" and t["date_start"] is not None:
            last_day = t["date_start"]
        out.append(t)
    return out

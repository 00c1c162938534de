"""Hand-made mention rows for the dedup tests."""
from __future__ import annotations

import datetime as dt

# Real coordinates (GeoNames) of a few Syrian places used by the tests.
SARAQIB = (35.8647, 36.8062)
SARMIN = (35.9023, 36.7254)        # about 8 km from Saraqib
IDLIB = (35.9306, 36.6339)
DAY = dt.date(2019, 5, 6)


def mention(mid: str, article: str, event_type: str = "air_strike", *, day: dt.date | None = DAY,
            precision: str = "day", point: tuple | None = SARAQIB, geo_precision: int | None = 1,
            geonameid: int | None = 1, actor1: str | None = "Russia", actor2: str | None = "HTS",
            published: dt.date | None = None, **extra) -> dict:
    """One mention row; the date is a single day unless `precision` says otherwise."""
    start = end = day
    if precision == "month" and day:
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if precision == "unknown":
        start = None
    row = {"mention_id": mid, "article_id": article, "event_type": event_type,
           "actor1": actor1, "actor2": actor2, "date_start": start, "date_end": end,
           "date_precision": precision, "published": published or (day or DAY) + dt.timedelta(days=1),
           "latitude": point[0] if point else None, "longitude": point[1] if point else None,
           "geo_precision": geo_precision if point else None, "geonameid": geonameid if point else None,
           "country_code": "SY" if point else None, "admin1": "SY.10" if point else None,
           "place_name": "Saraqib" if point else None, "modality": "asserted",
           "evidence": f"sentence of {mid}"}
    row.update(extra)
    return row


def groups(events: list[dict]) -> set[frozenset]:
    """The clustering as a set of sets of mention ids."""
    return {frozenset(e["mention_ids"]) for e in events}

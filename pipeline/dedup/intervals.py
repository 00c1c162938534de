"""Date ranges of mentions as inclusive day ordinals, widened for publication-only dates."""
from __future__ import annotations

import datetime as dt

# An undated mention may fall on any day.
UNBOUNDED = (-(10 ** 9), 10 ** 9)


def to_ordinal(value) -> int | None:
    """Day ordinal of a date, datetime or ISO string; None stays None."""
    if value is None:
        return None
    if type(value) is dt.date:
        return value.toordinal()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.toordinal()


def mention_interval(m: dict, rules: dict) -> tuple[int, int]:
    """Inclusive (first, last) day ordinals the mention's event may fall on."""
    lookback = rules["date"]["publication_lookback_days"]
    start, end = to_ordinal(m.get("date_start")), to_ordinal(m.get("date_end"))
    if start is not None and end is not None:
        return (min(start, end), max(start, end))
    if start is not None:
        return (start, start)
    # Without a start the end is only a bound (the report's date): the event came shortly before.
    end = end if end is not None else to_ordinal(m.get("published"))
    if end is None:
        return UNBOUNDED
    return (end - lookback, end)


def intersect(a: tuple[int, int], b: tuple[int, int], tolerance: int = 0) -> tuple[int, int] | None:
    """The common days of two ranges (each widened by `tolerance`), or None when disjoint."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo > hi + tolerance:
        return None
    return (min(lo, hi), max(lo, hi))


def is_bounded(interval: tuple[int, int]) -> bool:
    """Whether the range comes from some date at all."""
    return interval != UNBOUNDED

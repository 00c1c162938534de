"""Event dates: temporal expressions resolved against the publication date, with precision.

Placeholder interface (the dates issue fills it in)."""
from __future__ import annotations

import datetime as dt


def parse_date_value(value) -> dt.date | None:
    """A publication date from a metadata value (ISO string, date or datetime); ValueError if garbled."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


def find_publication_date(text: str) -> dt.date | None:
    """A publication date stated in the text itself (dateline), or None."""
    return None


def tag_timexes(text: str, published: dt.date | None) -> list[dict]:
    """Temporal expressions in `text`: dicts with start, end, text, value, precision, date_start,
    date_end, kind ('explicit' | 'relative' | 'fuzzy')."""
    return []


def attach_date(sentence: tuple[int, int], trigger: tuple[int, int], timexes: list[dict],
                published: dt.date | None) -> dict:
    """The date columns of one event mention: date_start, date_end, date_precision, date_text,
    date_source."""
    if published is None:
        return {"date_start": None, "date_end": None, "date_precision": "unknown",
                "date_text": None, "date_source": "none"}
    return {"date_start": None, "date_end": published, "date_precision": "unknown",
            "date_text": None, "date_source": "publication"}

"""The date of one event mention: the expression of its clause, else of its sentence, else publication."""
from __future__ import annotations

import datetime as dt


def attach_date(sentence: tuple[int, int], trigger: tuple[int, int], timexes: list[dict],
                published: dt.date | None) -> dict:
    """The date columns of one event mention: date_start, date_end, date_precision, date_text,
    date_source. Spans are character offsets into the article text, as in the mentions table."""
    s0, s1 = sentence
    t0, t1 = trigger
    # The article's date stamp ("05 Apr 2017Syrian warplanes struck...") is its anchor, not the
    # day of the events of its sentence: those fall back to it as publication.
    candidates = [t for t in timexes if s0 <= t["start"] and t["end"] <= s1 and not t.get("stamp")]
    if not candidates:
        return _publication(published)
    best = min(candidates, key=lambda t: _rank(t, t0, t1, published))
    return _columns(best, published)


def _rank(t: dict, t0: int, t1: int, published: dt.date | None) -> tuple:
    """Smaller is better: same clause, then plausible (not after publication), then resolved,
    then nearest to the trigger (an expression before the trigger wins a tie)."""
    c0, c1 = t.get("clause") or (t["start"], t["end"])
    same_clause = c0 <= t0 and t1 <= c1
    future = published is not None and t["date_start"] is not None and t["date_start"] > published
    distance = max(t["start"] - t1, t0 - t["end"], 0)
    return (not same_clause, future, t["kind"] == "fuzzy", distance, t["start"] > t0)


def _columns(t: dict, published: dt.date | None) -> dict:
    source = "explicit" if t["kind"] == "explicit" else "relative"
    resolved = t["date_start"] is not None
    if published is None and not resolved and t["date_end"] is None:
        source = "unanchored"  # words that need an anchor date the article does not give
    return {"date_start": t["date_start"], "date_end": t["date_end"],
            "date_precision": t["precision"] if resolved else "unknown",
            "date_text": t["text"], "date_source": source}


def _publication(published: dt.date | None) -> dict:
    """No expression: the event happened on or before publication (end bound only)."""
    if published is None:
        return {"date_start": None, "date_end": None, "date_precision": "unknown",
                "date_text": None, "date_source": "none"}
    return {"date_start": None, "date_end": published, "date_precision": "unknown",
            "date_text": None, "date_source": "publication"}

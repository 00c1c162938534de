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


# An earlier day further back than this from publication is background ("the siege began on 3
# March 2013"), not the day of the report's events.
INHERIT_MAX_DAYS = 31
# A dated sentence goes on dating at most this many sentences after it; further on, the article
# has usually moved to other days or to background.
INHERIT_MAX_SENTENCES = 8
# Sentences of an article that make its lead: the headline glued to the text and the first
# sentence or two of the report.
LEAD_SENTENCES = 2
_TEXT_ANCHORS = ("dateline", "stamp")  # published_source values read from the article's own text


def inherit_dates(mentions: list[dict], published: dt.date | None,
                  published_source: str | None = None) -> None:
    """Dates, in place, for the mentions whose sentence names none (date_source `publication` or
    `none`), from the reporting convention of news: a sentence without a date goes on with the
    day of the nearest dated event before it ("Jets struck Saraqib on Sunday. Five people were
    killed." : both Sunday); a headline or lead sentence before the first dated event takes that
    event's day (the body's "on Sunday" dates its headline); and, in an article dated by its own
    text (a dateline or stamp, `published_source`), a lead report with no date at all happened on
    that day. Inherited dates get date_source `inherited` and the words they came from in
    date_text; the anchor day gets `anchor_day`. Days further than INHERIT_MAX_DAYS before
    publication, after it, or not of day precision are never inherited, nor further than
    INHERIT_MAX_SENTENCES sentences on."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i]["char_start"], i))
    dated = [i for i in order if _is_day_source(mentions[i], published)]
    if not dated and published_source not in _TEXT_ANCHORS:
        return
    last: dict | None = None
    first = mentions[dated[0]] if dated else None
    for i in order:
        m = mentions[i]
        if _is_day_source(m, published):
            last = m
            continue
        if m.get("date_source") not in ("publication", "none"):
            continue
        if last is not None and 0 < m["sentence_index"] - last["sentence_index"] <= INHERIT_MAX_SENTENCES:
            m.update(_inherited(last))
        elif first is not None and m["sentence_index"] < first["sentence_index"] \
                and m["sentence_index"] < LEAD_SENTENCES:
            m.update(_inherited(first))
        elif first is None and published is not None and published_source in _TEXT_ANCHORS \
                and m["sentence_index"] < LEAD_SENTENCES:
            m.update({"date_start": published, "date_end": published, "date_precision": "day",
                      "date_text": None, "date_source": "anchor_day"})


def _is_day_source(m: dict, published: dt.date | None) -> bool:
    """A mention whose own sentence dates it to a day that can date the report around it."""
    if m.get("date_source") not in ("explicit", "relative") or m.get("date_precision") != "day":
        return False
    day = m.get("date_start")
    if day is None:
        return False
    return published is None or 0 <= (published - day).days <= INHERIT_MAX_DAYS


def _inherited(source: dict) -> dict:
    return {"date_start": source["date_start"], "date_end": source["date_end"], "date_precision": "day",
            "date_text": source["date_text"], "date_source": "inherited"}

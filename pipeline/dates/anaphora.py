"""Day anaphora: "the same day", "the next day" resolved against the last day named before them."""
from __future__ import annotations

import datetime as dt
import re

from pipeline.dates import periods as P
from pipeline.dates.patterns import LEXICON

# Expression (lower case) -> days after the day it refers back to (lexicon.yaml: day_anaphora).
OFFSETS = {k.lower(): int(v) for k, v in (LEXICON.get("day_anaphora") or {}).items()}


def resolve_day_anaphora(found: list[dict]) -> list[dict]:
    """Timexes (text order) with each day anaphor dated from the nearest preceding day-precise
    timex: a writer's "the same day" means the day just named, not an unknown day; "the previous
    Friday" is the Friday before it."""
    out, last_day = [], None
    for t in sorted(found, key=lambda t: t["start"]):
        offset = OFFSETS.get(t.get("text", "").lower()) if t["date_start"] is None else None
        if offset is not None and last_day is not None:
            day = last_day + dt.timedelta(days=offset)
            t = {**t, **P.period("day", day), "kind": "relative"}
        elif t.get("weekday_anaphor") and last_day is not None:  # "the previous Friday"
            weekday, step = t["weekday_anaphor"]
            day = last_day + step * (((weekday - last_day.isoweekday()) * step - 1) % 7 + 1) * P.DAY
            t = {**t, **P.period("day", day), "kind": "relative"}
        if t["precision"] == "day" and t["date_start"] is not None:
            last_day = t["date_start"]
        out.append(t)
    return out


_YEARS_BACK = re.compile(r"(?i)^(?:a|an|one|(\d+)|(two|three|four|five))\s+years?\s+(ago|earlier|before)$")
_NEAR = 400  # characters: an antecedent further back is another topic


def resolve_period_anaphora(found: list[dict], published: dt.date | None) -> list[dict]:
    """Timexes (text order) with "the quarter" / "the year-ago quarter" dated from the quarter named
    before them, "a year earlier" from the period named before it (same precision, N years back),
    and "a year ago" as the quarter a year before a quarter just named (financial news compares a
    quarter with the same quarter a year ago). "the quarter" with no quarter named is dropped: it
    is then a district ("the Christian quarter"), not a period."""
    out, last, last_quarter, lead_quarter = [], None, None, None
    for t in sorted(found, key=lambda t: t["start"]):
        ref = t.get("quarter_ref")
        shifted = ref in ("ago", "ago_only")  # a comparison, not the quarter the text is about
        if ref is not None:
            near = last_quarter is not None and t["start"] - last_quarter["end"] <= 4 * _NEAR
            if near and ref == "year":  # "the 1989 period": the quarter named before, in 1989
                n = (lead_quarter["date_start"].month + 2) // 3
                t = {**t, **P.period("range", *P.quarter_bounds(t["date_start"].year, n))}
            elif near and ref in ("the", "ago", "ago_only"):
                start = last_quarter["date_start"]
                if ref != "the":
                    start = start.replace(year=start.year - 1)
                t = {**t, **P.period("range", start, P.quarter_bounds(start.year, (start.month + 2) // 3)[1])}
            elif ref in ("the", "ago_only"):
                continue
        elif t["date_start"] is None and " ".join(t.get("text", "").lower().split()) in YEAR_OFFSETS:
            if last is not None and t["start"] - last["end"] <= 4 * _NEAR:
                year = last["date_start"].year + YEAR_OFFSETS[" ".join(t["text"].lower().split())]
                t = {**t, **P.period("year", dt.date(year, 1, 1), dt.date(year, 12, 31)), "kind": "relative"}
        else:
            back = _YEARS_BACK.match(t.get("text", ""))
            if back is not None:
                n = int(back[1]) if back[1] else OFFSETS_YEARS.get((back[2] or "one").lower(), 1)
                anchor = last_quarter if back[3].lower() == "ago" else last
                if anchor is not None and t["start"] - anchor["end"] <= _NEAR:
                    t = {**t, **_years_before(anchor, n), "kind": "relative"}
                    shifted = True
        if t["date_start"] is not None and t["precision"] in ("day", "month", "year", "range"):
            last = t
            quarter = t.get("form") in ("quarter", "quarter_ref") or t.get("quarter_ref") is not None
            if quarter and not shifted:
                last_quarter = t
                lead_quarter = lead_quarter or t
        out.append(t)
    return out


YEAR_OFFSETS = {k.lower(): int(v) for k, v in (LEXICON.get("year_anaphora") or {}).items()}
OFFSETS_YEARS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _years_before(t: dict, n: int) -> dict:
    """The period of `t` moved n years back, at its precision."""
    def back(d: dt.date) -> dt.date:
        return P.safe_date(d.year - n, d.month, d.day) or dt.date(d.year - n, d.month, 28)
    if t["precision"] == "range":
        return {**P.period("range", back(t["date_start"]), back(t["date_end"])),
                "form": t.get("form"), "quarter_ref": t.get("quarter_ref")}
    return P.period(t["precision"], back(t["date_start"]), back(t["date_end"]))

"""Values of scanner matches: each form's parts resolved against the publication date."""
from __future__ import annotations

import datetime as dt
import re

from pipeline.dates import periods as P
from pipeline.dates.patterns import DAY_WORDS, LEXICON, MONTHS, NUMBERS, WEEKDAY_ABBREVIATIONS, WEEKDAYS

_DAY_PRECISION_FORMS = {"iso", "numeric", "ymd", "dmy", "mdy"}


HOLIDAYS = {k.lower(): str(v) for k, v in (LEXICON.get("holidays") or {}).items()}


def holiday_date(name: str, year: int) -> dt.date:
    """The day of a holiday (lexicon.yaml: holidays) in a year."""
    rule = HOLIDAYS[" ".join(name.lower().split())]
    if rule == "thanksgiving":  # fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if rule == "us_election":  # the Tuesday after the first Monday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
    if rule.startswith("easter"):
        return easter(year) + dt.timedelta(days=int(rule[6:] or 0))
    month, day = map(int, rule.split("-"))
    return dt.date(year, month, day)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def is_partial(form: str, parts: dict) -> bool:
    """A date whose year (or week) comes from publication: "3 December", "in May", "on Monday"."""
    return (form in ("dmy", "mdy") and "y" not in parts) \
        or (form in ("month", "month_mod", "month_the") and "rel" not in parts and "yrel" not in parts) \
        or (form == "weekday" and "rel" not in parts) or form in ("holiday", "year_end") \
        or (form in ("range_dm", "range_md") and "y" not in parts)


def resolve_forward(form: str, parts: dict, published: dt.date) -> dict | None:
    """The nearest occurrence on or after publication, for a partial date in future context."""
    if form == "weekday":
        weekday = WEEKDAYS[parts["wd"].lower()]
        return {**P.period("day", published + ((weekday - published.isoweekday()) % 7) * P.DAY),
                "kind": "relative"}
    if form == "year_end":
        return {**P.period("day", dt.date(published.year, 12, 31)), "kind": "relative"}
    if form in ("range_dm", "range_md"):
        return _range(parts, published, forward=True)
    if form == "holiday":
        day = holiday_date(parts["h"], published.year)
        day = day if day >= published else holiday_date(parts["h"], published.year + 1)
        return _holiday_period(day, parts)
    month = _month(parts["m"])
    if form in ("month", "month_mod", "month_the"):
        year = published.year if month >= published.month else published.year + 1
        return {**P.period("month", *P.month_bounds(year, month)), "kind": "explicit"}
    _, month, day = _day_parts(parts)
    date = P.safe_date(published.year, month, day)
    if date is not None and date < published:
        date = P.safe_date(published.year + 1, month, day)
    return None if date is None else {**P.period("day", date), "kind": "explicit", "ymd": (date.year, month, day)}


def resolve(form: str, parts: dict, published: dt.date | None) -> dict | None:
    """The period and kind of one match, or None when the match is not a valid date."""
    if form in _DAY_PRECISION_FORMS:
        ymd = _numeric_parts(parts, published) if form == "numeric" else _day_parts(parts)
        if ymd is None or not 1 <= ymd[1] <= 12 or not 1 <= ymd[2] <= 31:
            return None
        timex = _explicit_day(*ymd, published)
        if timex is not None:
            timex["ymd"] = ymd
        return timex
    return _RESOLVERS[form](parts, published)


def _day_parts(parts: dict) -> tuple[int | None, int, int]:
    year = int(parts["y"]) if "y" in parts else None
    return year, _month(parts["m"]), int(re.match(r"\d+", parts["d"]).group())


def _month(word: str) -> int:
    return int(word) if word.isdigit() else MONTHS[word.rstrip(".").lower()]


def _numeric_parts(parts: dict, published: dt.date | None) -> tuple[int, int, int] | None:
    """Day/month order of 12/03/2017: see docs/DATES.md (unambiguous, closest past, separator)."""
    a, b, year = int(parts["a"]), int(parts["b"]), int(parts["y"])
    month_first, day_first = P.safe_date(year, a, b), P.safe_date(year, b, a)
    if month_first is None or day_first is None or a == b:
        return (year, a, b) if month_first else (year, b, a) if day_first else None
    if published is not None:
        past = [d for d in (month_first, day_first) if d <= published]
        best = max(past) if past else min((month_first, day_first), key=lambda d: d - published)
        return year, best.month, best.day
    return (year, a, b) if parts["sep"] == "/" else (year, b, a)


def _explicit_day(year: int | None, month: int, day: int, published: dt.date | None) -> dict | None:
    if year is None:
        if published is None:  # never invent a year
            return {**P.period("day", None), "kind": "explicit"}
        year = P.year_on_or_before(month, day, published)
    date = P.safe_date(year, month, day)
    return None if date is None else {**P.period("day", date), "kind": "explicit"}


def _range(parts: dict, published: dt.date | None, forward: bool = False) -> dict | None:
    d1, d2 = (int(re.match(r"\d+", parts[k]).group()) for k in ("d1", "d2"))
    month = _month(parts["m"])
    if not 1 <= d1 < d2 <= 31:
        return None
    if "y" in parts:
        year = int(parts["y"])
    elif published is None:
        return {**P.period("range", None), "kind": "explicit"}
    else:
        year = P.year_on_or_before(month, d1, published)
        if forward and (P.safe_date(year, month, d2) or published) < published:
            year += 1  # "on April 24 and 25" after a future cue: the next ones
    start, end = P.safe_date(year, month, d1), P.safe_date(year, month, d2)
    return None if start is None or end is None else {**P.period("range", start, end), "kind": "explicit"}


def _years(parts: dict, published: dt.date | None) -> dict | None:
    y1, y2 = int(parts["y1"]), int(parts["y2"])
    if not y1 < y2:
        return None
    return {**P.period("range", dt.date(y1, 1, 1), dt.date(y2, 12, 31)), "kind": "explicit"}


def _month_year(parts: dict, published: dt.date | None) -> dict:
    return {**P.period("month", *P.month_bounds(int(parts["y"]), _month(parts["m"]))), "kind": "explicit"}


def _month_alone(parts: dict, published: dt.date | None) -> dict:
    """"in May" (the closest May on or before publication), "last May" (before the month of
    publication), "this May" (of its year), "next May" (after it), "May last year"."""
    if published is None:
        return {**P.period("month", None), "kind": "explicit"}
    month = _month(parts["m"])
    rel = " ".join((parts.get("rel") or "").lower().split())
    yrel = (parts.get("yrel") or "").lower()
    if yrel:
        year = published.year + {"this": 0, "last": -1, "next": 1}[yrel]
    elif rel == "this":
        year = published.year
    elif rel == "next":
        year = published.year + (month <= published.month)
    elif rel in ("last", "this past"):
        year = published.year - (month >= published.month)
    else:
        year = P.year_on_or_before(month, None, published)
    return {**P.period("month", *P.month_bounds(year, month)), "kind": "explicit"}


_WORD_VALUES = {**{w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                               "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())},
                **{w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}}


def year_number(words: str) -> int:
    """The year of "1994", "nineteen ninety-four", "nineteen hundred", "two thousand and one"."""
    if words.isdigit():
        return int(words)
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t != "and"]
    if tokens[:2] == ["two", "thousand"]:
        return 2000 + sum(_WORD_VALUES[t] for t in tokens[2:])
    rest = tokens[1:]  # after "nineteen"
    return 1900 + (0 if rest == ["hundred"] else sum(_WORD_VALUES[t] for t in rest))


def _year_words(parts: dict, published: dt.date | None) -> dict:
    return _year({"y": str(year_number(parts.get("y") or parts.get("y2") or parts["y3"]))}, published)


def _year(parts: dict, published: dt.date | None) -> dict:
    """A year, or its half ("the first half of 1989": January to June, a range)."""
    year = int(parts["y"])
    half = (parts.get("half") or "").lower()
    if half:
        first = half == "first"
        return {**P.period("range", dt.date(year, 1 if first else 7, 1), dt.date(year, 6 if first else 12, 30 if first else 31)),
                "kind": "explicit"}
    return {**P.period("year", dt.date(year, 1, 1), dt.date(year, 12, 31)), "kind": "explicit"}


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _quarter(parts: dict, published: dt.date | None) -> dict:
    """"the third quarter (of 1989)", "third-quarter", "the 1988 fourth quarter": a calendar
    quarter; without a year, that of publication (the year before for a quarter more than one
    quarter ahead of publication: "fourth quarter" in January is the one just ended)."""
    n = _ORDINALS[parts["n"].lower()]
    year = parts.get("y") or parts.get("y0")
    if year is not None:
        year = int(year)
    elif published is None:
        return {**P.period("range", None), "kind": "explicit"}
    else:
        rel = (parts.get("rel") or "").lower()
        year = published.year + {"last": -1, "next": 1}.get(rel, 0)
        if not rel and n > P.quarter_of(published)[1] + 1:
            year -= 1
    return {**P.period("range", *P.quarter_bounds(year, n)), "kind": "explicit"}


def _quarter_ref(parts: dict, published: dt.date | None) -> dict:
    """"the latest quarter" (the last one ended before publication), "the current quarter",
    "the year-ago quarter", "the quarter": resolved from the quarter named before it where there
    is one (anaphora.resolve_period_anaphora), else from publication here."""
    cur = " ".join((parts.get("cur") or "").lower().split())
    if parts.get("y") is not None:  # "the 1989 period": that year until a quarter named before narrows it
        year = int(parts["y"])
        return {**P.period("year", dt.date(year, 1, 1), dt.date(year, 12, 31)), "kind": "explicit",
                "quarter_ref": "year"}
    if parts.get("ago2") is not None:  # "the year-ago period", "year-earlier": only after a quarter
        return {**P.period("range", None), "kind": "relative", "quarter_ref": "ago_only"}
    ago = parts.get("ago") is not None
    out = {**P.period("range", None), "kind": "relative", "quarter_ref": "ago" if ago else cur or "the"}
    if published is None or (not ago and not cur):
        return out
    year, n = P.quarter_of(published)
    if cur in ("current", "this"):
        pass
    elif cur in ("next", "coming"):
        year, n = (year + 1, 1) if n == 4 else (year, n + 1)
    else:  # latest, most recent, recent, past, last, previous, and the base of year-ago
        year, n = (year - 1, 4) if n == 1 else (year, n - 1)
    if ago:
        year -= 1
    return {**out, **P.period("range", *P.quarter_bounds(year, n))}


def _decade(parts: dict, published: dt.date | None) -> dict:
    """"the 1990s", "the late 1970s", "the '80s" (of the 1900s): the whole decade."""
    start = int(parts["y"]) * 10 if parts.get("y") else 1900 + int(parts["yy"]) * 10
    return {**P.period("range", dt.date(start, 1, 1), dt.date(start + 9, 12, 31)), "kind": "explicit"}


_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season(parts: dict, published: dt.date | None) -> dict:
    """"last fall", "this summer", "the winter of 1994", "spring 1998": meteorological seasons of
    the northern hemisphere (winter = December to February, of the year of its December)."""
    name = (parts.get("s") or parts.get("s2")).lower()
    month = _SEASON_START[name]
    rel = " ".join((parts.get("rel") or "").lower().split())
    year = parts.get("y") or parts.get("y2")
    bounds = lambda y: (dt.date(y, month, 1), P.month_bounds(*P.shift_month(dt.date(y, month, 1), 2))[1])  # noqa: E731
    if year is not None:
        return {**P.period("range", *bounds(year_number(year))), "kind": "explicit"}
    if published is None:
        return {**P.period("range", None), "kind": "relative"}
    year = published.year - (month == 12 and published.month <= 2)  # this winter, in February
    if rel in ("last", "this past"):
        while bounds(year)[1] >= published:
            year -= 1
    elif rel == "next":
        while bounds(year)[0] <= published:
            year += 1
    return {**P.period("range", *bounds(year)), "kind": "relative"}


def _holiday(parts: dict, published: dt.date | None) -> dict:
    """"on Christmas Day": the occurrence on or before publication (see is_partial)."""
    if published is None:
        return {**P.period("day", None), "kind": "explicit"}
    day = holiday_date(parts["h"], published.year)
    starts = P.week_bounds(day)[0] if parts.get("wk") else day  # "Easter week" may hold publication
    day = day if starts <= published else holiday_date(parts["h"], published.year - 1)
    return _holiday_period(day, parts)


def _holiday_period(day: dt.date, parts: dict) -> dict:
    """The holiday's day, or with "week" after it ("Easter week") the ISO week that holds it."""
    if parts.get("wk"):
        return {**P.period("week", *P.week_bounds(day)), "kind": "explicit"}
    return {**P.period("day", day), "kind": "explicit"}


def _the_year(parts: dict, published: dt.date | None) -> dict:
    return _relative("year", published, lambda p: (dt.date(p.year, 1, 1), dt.date(p.year, 12, 31)))


def _year_end(parts: dict, published: dt.date | None) -> dict:
    """"at year-end": the last 31 December on or before publication (see is_partial)."""
    return _relative("day", published, lambda p: (dt.date(P.year_on_or_before(12, 31, p), 12, 31),))


def _present(parts: dict, published: dt.date | None) -> dict:
    """"now", "currently": no value of its own, holds at publication (end bound)."""
    return {"value": None, "precision": "unknown", "date_start": None, "date_end": published,
            "kind": "fuzzy"}


def _future_ref(parts: dict, published: dt.date | None) -> dict:
    """"in the future", "in the coming months": after publication, so no bound on or before it."""
    return {"value": None, "precision": "unknown", "date_start": None, "date_end": None,
            "kind": "fuzzy"}


def _relative(precision: str, published: dt.date | None, compute) -> dict:
    """A relative timex: unresolved without publication date, else the bounds `compute` gives."""
    if published is None:
        return {**P.period(precision, None), "kind": "relative"}
    return {**P.period(precision, *compute(published)), "kind": "relative"}


def _day_word(parts: dict, published: dt.date | None) -> dict:
    back = DAY_WORDS[" ".join(parts["w"].lower().split())]
    return _relative("day", published, lambda p: (p - back * P.DAY,))


def _weekday(parts: dict, published: dt.date | None) -> dict:
    weekday = WEEKDAYS.get(parts["wd"].lower()) or WEEKDAY_ABBREVIATIONS[parts["wd"].lower()]
    rel = " ".join(parts.get("rel", "").lower().split())
    if rel == "the":  # "on the Friday": a day of the story's own time, not of publication
        return _fuzzy(parts, published)
    if rel in ("the previous", "the preceding", "the following"):
        # the Friday before (after) the day just named: anaphora.resolve_day_anaphora; with none
        # named, the one before (after) publication
        step = 1 if rel == "the following" else -1
        out = _relative("day", published, lambda p: (p + step * (((weekday - p.isoweekday()) * step - 1) % 7 + 1) * P.DAY,))
        return {**out, "weekday_anaphor": (weekday, step)}

    def compute(p: dt.date):
        if rel in ("next", "this coming"):
            return (p + ((weekday - p.isoweekday()) % 7 or 7) * P.DAY,)
        back = (p.isoweekday() - weekday) % 7
        return (p - (back or (7 if rel in ("last", "past") else 0)) * P.DAY,)
    return _relative("day", published, compute)


def _count(parts: dict) -> int | None:
    n = parts.get("n")
    if n is None:
        return None
    return int(n) if n.isdigit() else NUMBERS[" ".join(n.lower().split())]


def _unit(parts: dict) -> str:
    return parts["u"].lower().rstrip("s")


def _back(p: dt.date, n: int, unit: str) -> dt.date:
    """The day `n` units before `p` (hours round down to whole days)."""
    if unit in ("hour", "day", "week"):
        return p - dt.timedelta(days=n // 24 if unit == "hour" else n * (7 if unit == "week" else 1))
    year, month = P.shift_month(p, -n * (12 if unit == "year" else 1))
    return P.safe_date(year, month, p.day) or P.month_bounds(year, month)[1]


def _ago(parts: dict, published: dt.date | None) -> dict:
    n, unit = _count(parts), _unit(parts)
    if n is None:  # "a few days ago"
        return _fuzzy(parts, published)
    precision = "day" if unit == "hour" else unit
    return _relative(precision, published, lambda p: _unit_bounds(_back(p, n, unit), precision))


def _unit_bounds(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "week":
        return P.week_bounds(day)
    if precision == "month":
        return P.month_bounds(day.year, day.month)
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day, day


def _past_n(parts: dict, published: dt.date | None) -> dict:
    n, unit = _count(parts) or 1, _unit(parts)
    return _relative("range", published, lambda p: (_back(p, n, unit), p))


def _weekend(anchor: dt.date) -> tuple[dt.date, dt.date]:
    """The weekend on or before `anchor` (clipped to it when `anchor` is its Saturday)."""
    saturday = anchor - ((anchor.isoweekday() - 6) % 7) * P.DAY
    return saturday, min(saturday + P.DAY, anchor)


def _unit_rel(parts: dict, published: dt.date | None) -> dict:
    rel, unit = " ".join(parts["rel"].lower().split()), _unit(parts)
    if rel == "the latest" or (parts.get("fiscal") and rel == "the past"):
        rel = "last"  # "the latest fiscal year", "the past fiscal year": the last one, not a span
    if rel == "the past" and unit != "weekend":
        return _past_n({"u": unit}, published)
    if unit == "weekend":
        shift = -7 if rel in ("last", "previous", "the previous") else 7 if rel == "next" else 0
        return _relative("range", published, lambda p: _weekend(p + (shift if shift > 0 or p.isoweekday() >= 6
                                                                      else 0) * P.DAY))
    base = rel.split()[-1]  # "late last" -> "last"; "the current" -> "current"
    later = rel.split()[0] in ("later", "late") and base == "this"
    shift = 1 if base == "next" else -1 if base in ("last", "previous") else 0

    def compute(p: dt.date):
        start, end = _unit_bounds(_shift_unit(p, shift, unit), unit)
        return (start, min(end, p)) if shift == 0 and not later else (start, end)
    return _relative(unit, published, compute)


def _shift_unit(p: dt.date, shift: int, unit: str) -> dt.date:
    if unit == "week":
        return p + 7 * shift * P.DAY
    if unit == "month":
        return dt.date(*P.shift_month(p, shift), 1)
    return dt.date(p.year + shift, 1, 1)


def _weekend_words(parts: dict, published: dt.date | None) -> dict:
    """"over the weekend": the one on or before publication; "ahead of the weekend": the next one
    (from publication's Saturday)."""
    if parts.get("ahead"):
        def ahead(p: dt.date) -> tuple[dt.date, dt.date]:
            saturday = p + ((6 - p.isoweekday()) % 7) * P.DAY
            return saturday, saturday + P.DAY
        return _relative("range", published, ahead)
    return _relative("range", published, _weekend)


def _fuzzy(parts: dict, published: dt.date | None) -> dict:
    """Fuzzy past: no value, but the publication date bounds it."""
    return {"value": None, "precision": "unknown", "date_start": None, "date_end": published,
            "kind": "fuzzy"}


_RESOLVERS = {
    "year_range": _years, "year_span": _years, "range_dm": _range, "range_md": _range, "month_year": _month_year, "month": _month_alone,
    "year": _year, "day_word": _day_word, "weekday": _weekday, "ago": _ago, "past_n": _past_n,
    "past_unit": _past_n, "unit_rel": _unit_rel, "weekend": _weekend_words,
    "fuzzy_since": _fuzzy, "fuzzy": _fuzzy, "anaphoric": _fuzzy, "year_coord": _year,
    "year_mod": _year, "year_bare": _year, "month_mod": _month_alone, "month_the": _month_alone, "yrel_month": _month_alone,
    "quarter": _quarter, "quarter_ref": _quarter_ref, "decade": _decade, "season": _season,
    "present": _present, "future": _future_ref, "holiday": _holiday, "the_year": _the_year,
    "year_end": _year_end, "year_words": _year_words,
}

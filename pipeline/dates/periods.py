"""Calendar arithmetic: periods (day, week, month, year, range) as ISO values and date bounds."""
from __future__ import annotations

import calendar
import datetime as dt

DAY = dt.timedelta(days=1)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not make one (31 April, 29 February 2017)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(day: dt.date, months: int) -> tuple[int, int]:
    """(year, month) of the month `months` after the month of `day` (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week of `day`."""
    monday = day - dt.timedelta(days=day.isoweekday() - 1)
    return monday, monday + dt.timedelta(days=6)


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter 1-4) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar quarter."""
    return dt.date(year, 3 * quarter - 2, 1), month_bounds(year, 3 * quarter)[1]


def year_on_or_before(month: int, day: int | None, anchor: dt.date) -> int:
    """The year that puts month/day on or before `anchor` and closest to it."""
    if day is None:
        return anchor.year if month <= anchor.month else anchor.year - 1
    candidate = safe_date(anchor.year, month, day)
    if candidate is not None and candidate <= anchor:
        return anchor.year
    if candidate is None and (month, day) < (anchor.month, anchor.day):  # 29 Feb in a common year
        return anchor.year - (anchor.year % 4 or 4)
    return anchor.year - 1


def period(precision: str, start: dt.date | None, end: dt.date | None = None) -> dict:
    """The value fields of a timex: ISO value at its precision, and inclusive date bounds."""
    if start is None and end is None:
        return {"value": None, "precision": precision, "date_start": None, "date_end": None}
    end = end or start
    if precision == "day":
        value = start.isoformat()
    elif precision == "week":
        iso = start.isocalendar()
        value = f"{iso[0]}-W{iso[1]:02d}"
    elif precision == "month":
        value = f"{start.year:04d}-{start.month:02d}"
    elif precision == "year":
        value = f"{start.year:04d}"
    elif precision == "range" and start is not None and end is not None:
        value = f"{start.isoformat()}/{end.isoformat()}"
    else:
        value = None
    return {"value": value, "precision": precision, "date_start": start, "date_end": end}

"""Publication dates: from metadata values, or from a dateline in the article text."""
from __future__ import annotations

import datetime as dt
import re

from pipeline.dates.timexes import tag_timexes
from pipeline.text import contains_any_ignorecase

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_LABEL = re.compile(r"(?i)\b(?:date\s+of\s+publication|published(?:\s+on)?|posted(?:\s+on)?|"
                    r"updated(?:\s+on)?|date)\s*[:\-–]?\s*")
_LABEL_WORDS = ("date", "published", "posted")
_HEAD_CHARS = 3000      # labelled datelines are near the top
_DATELINE_LINES = 5     # an unlabelled dateline is one of the first lines
_PLAUSIBLE_YEARS = range(1900, 2101)


def parse_date_value(value) -> dt.date | None:
    """A publication date from a metadata value (ISO string, date or datetime); ValueError if garbled."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso = _ISO.match(text)
    if iso:
        return dt.date(*map(int, iso.groups()))  # ValueError on 2017-13-45
    found = _full_date(text, max_offset=len(text))
    if found is not None:
        return found
    return _dateparser_value(text)


def _dateparser_value(text: str) -> dt.date:
    """Rare leftovers ("4th of Dec '17", "Monday, 4th December 2017"...) go to dateparser, strictly."""
    if text in _NOT_FULL_DATES:
        raise ValueError(f"not a full date: {text[:40]!r}")
    if not _WRITTEN_YEAR.search(text):
        # "Nov 22, 20" is "Nov 22, 2016" cut short, not 22 November 2020 (dateparser reads
        # two digits as a year): without a year written out, the article's text is asked
        raise ValueError(f"no four-digit year: {text[:40]!r}")
    import dateparser  # slow import, only for odd metadata

    parsed = dateparser.parse(text, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
        "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None or parsed.year not in _PLAUSIBLE_YEARS:
        if len(_NOT_FULL_DATES) < 10_000:
            _NOT_FULL_DATES.add(text)
        raise ValueError(f"not a full date: {text[:40]!r}")
    return parsed.date()


# A year written out: four digits ("2017", "20171204"), or two after an apostrophe ("Dec '17").
_WRITTEN_YEAR = re.compile(r"\d{4}|['’]\d\d(?!\d)")
# Metadata values dateparser found no full date in: a feed repeats its format ("Wed Nov 23",
# "7:58 AM ET"), and each refusal cost ~0.5 ms. Only refusals are kept: a value it does
# read may be relative ("yesterday") and so change with the clock.
_NOT_FULL_DATES: set[str] = set()


def _full_date(text: str, max_offset: int) -> dt.date | None:
    """The first expression with day, month and year starting within `max_offset` chars."""
    for t in tag_timexes(text, None):
        if t["start"] > max_offset:
            return None
        if t["precision"] == "day" and t["date_start"] is not None \
                and t["date_start"].year in _PLAUSIBLE_YEARS:
            return t["date_start"]
    return None


def find_anchor_date(text: str) -> tuple[dt.date | None, str | None]:
    """The date an article without metadata is anchored on, and where it came from (the
    `published_source` of the articles table): its dateline (`dateline`: "Published: 4 December
    2017", a short line that is a date), else the date stamp that opens one of its first lines
    (`stamp`: "Thursday 18 May 2017", "05 Apr 2017Syrian warplanes...", "Last updated at Jan 20
    2015"), else the first date in it with day, month and year (`first_date`); (None, None)
    when it has none: then no year is invented."""
    found = find_publication_date(text)
    if found is not None:
        return found, "dateline"
    # Only the first lines' openings and the neighbourhoods of four-digit years are tagged: a
    # full date holds a year, and most undated texts hold few (the whole text would cost as
    # much as the date stage itself).
    offset, opened = 0, 0
    for line in text[:_HEAD_CHARS].split("\n"):
        if line.strip():
            opened += 1
            head = line[:60]
            if _YEAR_DIGITS.search(head):
                stamp = next((t for t in tag_timexes(head, None) if t["stamp"] and t["full"]
                              and t["date_start"].year in _PLAUSIBLE_YEARS), None)
                if stamp is not None:
                    return stamp["date_start"], "stamp"
            if opened == _DATELINE_LINES:
                break
        offset += len(line) + 1
    for year in _YEAR_DIGITS.finditer(text):
        y0, y1 = year.span()
        if not (_HINT_BEFORE.search(text, max(0, y0 - 14), y0) or _HINT_AFTER.match(text, y1)):
            continue  # "in 2014", "2,015": no month name or day/month digits around the year
        lo = max(0, y0 - 32)
        lo = text.rfind(" ", 0, lo) + 1 if lo else 0  # start the window at a word
        for t in tag_timexes(text[lo:y1 + 12], None):
            if t["full"] and t["date_start"].year in _PLAUSIBLE_YEARS \
                    and lo + t["start"] <= y0 < lo + t["end"]:
                return t["date_start"], "first_date"
    return None, None


# Next to a year, what a full date also holds: a capitalised word (the month) or day/month digits
# before it ("3 March 2013", "March 3, 2013", "3/3/2013"), or a month after it ("2013 Mar 3",
# "2013-03-03").
_HINT_BEFORE = re.compile(r"[A-Z][a-z]{2}|\d[/.-]")
_HINT_AFTER = re.compile(r"\s+[A-Z][a-z]{2}|-[01]\d-")
_YEAR_DIGITS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def find_publication_date(text: str) -> dt.date | None:
    """A publication date stated in the text itself (dateline), or None."""
    head = text[:_HEAD_CHARS]
    # Every label contains one of these words; the label scan is what this function cost.
    labelled = contains_any_ignorecase(head, _LABEL_WORDS)
    for label in _LABEL.finditer(head) if labelled else ():
        found = _full_date(head[label.end():label.end() + 60], max_offset=12)
        if found is not None:
            return found
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()][:_DATELINE_LINES]
    for line in lines:
        # A short line that is mostly a date: "Wed 05 Apr 2017", "December 4, 2017 10:23 AM".
        if len(line) <= 60:
            for t in tag_timexes(line, None):
                if t["precision"] == "day" and t["date_start"] is not None \
                        and len(line) <= 2.5 * (t["end"] - t["start"]) + 10:
                    return t["date_start"]
    return None

"""Forms of temporal expressions and their resolution against the publication date."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import tag_timexes

MONDAY = dt.date(2017, 12, 4)


def _one(text, published=MONDAY):
    found = tag_timexes(text, published)
    assert len(found) == 1, found
    assert text[found[0]["start"]:found[0]["end"]] == found[0]["text"]
    return found[0]


@pytest.mark.parametrize("text, surface, value, precision", [
    ("It happened on 3 December 2017.", "3 December 2017", "2017-12-03", "day"),
    ("It happened on Dec. 3 near the border.", "Dec. 3", "2017-12-03", "day"),
    ("It happened on December 5.", "December 5", "2016-12-05", "day"),  # never after publication
    ("Signed on 12/03/2017 in Moscow.", "12/03/2017", "2017-12-03", "day"),
    ("Signed on 03.12.2017 in Moscow.", "03.12.2017", "2017-12-03", "day"),
    ("Fighting between 1 and 3 December.", "between 1 and 3 December", "2017-12-01/2017-12-03", "range"),
    ("They struck yesterday.", "yesterday", "2017-12-03", "day"),
    ("They struck on Monday.", "Monday", "2017-12-04", "day"),
    ("They struck last Monday.", "last Monday", "2017-11-27", "day"),
    ("They struck last week.", "last week", "2017-W48", "week"),
    ("They struck earlier this month.", "earlier this month", "2017-12", "month"),
    ("They struck two days ago.", "two days ago", "2017-12-02", "day"),
    ("Rockets fell over the past 48 hours.", "over the past 48 hours", "2017-12-02/2017-12-04", "range"),
    ("They have fought since 2011.", "since 2011", "2011-01-01/2017-12-04", "range"),
    ("They struck in May.", "May", "2017-05", "month"),
    ("It has happened in recent weeks.", "in recent weeks", None, "unknown"),
    ("Fighting went on from 29 November to 2 December.", "from 29 November to 2 December",
     "2017-11-29/2017-12-02", "range"),
])
def test_forms(text, surface, value, precision):
    t = _one(text)
    assert (t["text"], t["value"], t["precision"]) == (surface, value, precision)


def test_bounds_of_a_week_and_a_clipped_month():
    week = _one("They struck last week.")
    assert (week["date_start"], week["date_end"]) == (dt.date(2017, 11, 27), dt.date(2017, 12, 3))
    month = _one("They struck earlier this month.")
    assert (month["date_start"], month["date_end"]) == (dt.date(2017, 12, 1), MONDAY)


def test_no_year_invented_without_publication_date():
    t = _one("It happened on December 3 and", None)
    assert t["value"] is None and t["date_start"] is None and t["text"] == "December 3"
    full = _one("It happened on 3 December 2017.", None)
    assert full["value"] == "2017-12-03"


def test_day_month_order_without_publication_follows_separator():
    assert _one("on 12/03/2017", None)["value"] == "2017-12-03"   # slash: month first
    assert _one("on 12.03.2017", None)["value"] == "2017-03-12"   # dot: day first
    assert _one("on 13/03/2017", None)["value"] == "2017-03-13"   # unambiguous


@pytest.mark.parametrize("text", [
    "Officials may meet again.", "Resolution 2254 was adopted.", "They destroyed 1,450 targets.",
    "An earlier report was wrong.", "They would march on the capital.",
])
def test_no_false_expressions(text):
    assert tag_timexes(text, MONDAY) == []


def test_results_are_copies():
    first = tag_timexes("They struck yesterday.", MONDAY)
    first[0]["value"] = "changed"
    assert tag_timexes("They struck yesterday.", MONDAY)[0]["value"] == "2017-12-03"


@pytest.mark.parametrize("anaphor, day", [("the same day", 9), ("the next day", 10),
                                          ("the day before", 8)])
def test_day_anaphora_take_the_last_day_named(anaphor, day):
    text = f"Rebels shelled the port on November 9. A market was hit {anaphor}."
    found = tag_timexes(text, MONDAY)
    last = found[-1]
    assert last["text"].lower() == anaphor and last["precision"] == "day"
    assert last["date_start"] == last["date_end"] == dt.date(2017, 11, day)


def test_day_anaphor_without_an_earlier_day_stays_fuzzy():
    [t] = tag_timexes("A market was hit the same day.", MONDAY)
    assert t["date_start"] is None and t["precision"] == "unknown"


def test_house_numbers_are_not_years():
    import datetime as dt

    from pipeline.dates.timexes import tag_timexes

    published = dt.date(2009, 3, 20)
    assert tag_timexes("Henry, 19, of 1935 Orchard St., Alexandria, was arrested.", published) == []
    assert tag_timexes("The suspect lives at 2010 Main Street.", published) == []
    assert [t["value"] for t in tag_timexes("In 2014 Sheikh Maqsoud Road was closed.", published)] == ["2014"]
    assert [t["value"] for t in tag_timexes("He moved to 1600 Pennsylvania Avenue in 1960.", published)] == ["1960"]

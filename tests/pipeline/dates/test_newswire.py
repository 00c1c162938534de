"""Newswire forms added for TimeML-style text: quarters, seasons, decades, present references,
bare years, modifiers inside the expression, yearless dates read in the future. Sentences are
written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import tag_timexes
from pipeline.evaluation.timeml import to_timeml

PUB = dt.date(2016, 10, 26)  # a Wednesday in the fourth quarter


def _tags(text, published=PUB):
    return [(t["text"], t["value"]) for t in tag_timexes(text, published)]


def _timeml(text, published=PUB):
    return [(x["text"], x["value"]) for t in tag_timexes(text, published) for x in to_timeml(t, text)]


@pytest.mark.parametrize("text, expected", [
    ("Aid deliveries fell in the third quarter.", [("the third quarter", "2016-Q3")]),
    ("The militia's third-quarter budget was cut.", [("third-quarter", "2016-Q3")]),
    ("Clashes peaked in the second quarter of 2014.", [("the second quarter of 2014", "2014-Q2")]),
    ("Casualties rose in the latest quarter.", [("the latest quarter", "2016-Q3")]),
    ("Arrivals in the fourth quarter rose; the quarter was the worst since 2012, and the "
     "year-ago quarter was calm.", [("the fourth quarter", "2016-Q4"), ("the quarter", "2016-Q4"),
                                    ("2012", "2012"), ("the year-ago quarter", "2015-Q4")]),
])
def test_quarters(text, expected):
    assert _timeml(text) == expected


def test_the_quarter_without_a_quarter_named_is_a_district():
    assert _tags("Shells hit the quarter near the citadel.") == []


@pytest.mark.parametrize("text, expected", [
    ("The siege began last fall.", [("last fall", "2015-FA")]),
    ("Talks resume this summer.", [("this summer", "2016-SU")]),
    ("The winter of 2013 was harsh.", [("The winter of 2013", "2013-WI")]),
    ("Militias grew in the 1990s and the late 1970s.", [("the 1990s", "199"), ("the late 1970s", "197")]),
])
def test_seasons_and_decades(text, expected):
    assert _timeml(text) == expected


def test_present_and_future_references_bound_nothing_they_do_not_know():
    found = tag_timexes("The town is now under siege and currently cut off; aid may come in the "
                        "coming weeks.", PUB)
    assert [(t["text"], t["precision"], t["date_start"], t["date_end"]) for t in found] == [
        ("now", "unknown", None, PUB), ("currently", "unknown", None, PUB),
        ("the coming weeks", "unknown", None, None)]
    assert _timeml("The town is now under siege, aid comes in the future.") == [
        ("now", "PRESENT_REF"), ("the future", "FUTURE_REF")]


@pytest.mark.parametrize("text, expected", [
    ("The 2014 offensive failed.", [("2014", "2014")]),
    ("Police said 2000 troops had arrived.", []),            # a count
    ("Resolution 2139 demanded access.", []),                # a number label
    ("The Vostok 2016 exercise ended.", []),                 # part of a name
    ("Fighting grew after 2015, said the monitor.", [("2015", "2015")]),
])
def test_bare_years(text, expected):
    assert _tags(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The camp was shelled last April.", [("last April", "2016-04")]),
    ("Elections are due this December.", [("this December", "2016-12")]),
    ("The truce ended in July last year.", [("July last year", "2015-07")]),
    ("Aid resumed at the end of 2015.", [("the end of 2015", "2015")]),
    ("Troops left early next year.", [("early next year", "2017")]),
    ("The convoy was hit late yesterday.", [("late yesterday", "2016-10-25")]),
    ("The bridge fell nearly four years ago.", [("nearly four years ago", "2012")]),
    ("The deadline passed by Oct. 14.", [("Oct. 14", "2016-10-14")]),
    ("He spoke on Monday, Oct. 24: the truce holds.", [("Monday, Oct. 24", "2016-10-24")]),
    ("The talks open tomorrow.", [("tomorrow", "2016-10-27")]),
])
def test_modifiers_belong_to_the_expression(text, expected):
    assert _tags(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The dividend is payable Nov. 3.", "2016-11-03"),          # 8 days ahead, 357 back
    ("The ceasefire lapses in November.", "2016-11"),
    ("The uprising that began in November spread.", "2015-11"),  # a past verb keeps the past
    ("Aid stopped in March.", "2016-03"),                        # past March nearer than 4x
    ("Mr. Ali Q. Hamid will take office Feb. 1.", "2017-02-01"),  # future cue across initials
])
def test_yearless_dates_read_in_the_future_only_when_much_nearer(text, expected):
    assert [v for _, v in _tags(text)] == [expected]


def test_weekdays_stay_in_the_past_without_a_cue():
    assert _tags("Rebels attacked on Thursday.") == [("Thursday", "2016-10-20")]
    assert _tags("Rebels will attack on Thursday.") == [("Thursday", "2016-10-27")]


def test_year_anaphora():
    assert _tags("The dam was built in 2009. The following year it burst.") == [
        ("2009", "2009"), ("The following year", "2010")]
    assert _tags("The following year it burst.")[0][1] is None


@pytest.mark.parametrize("text, expected", [
    ("Investigators said the October ambush was planned.", [("October", "2016-10")]),
    ("The March of Return organisers called for calm.", []),
    ("Unicef's 2015 report warned of famine.", [("2015", "2015")]),
    ("Recent shelling and the current siege worsened it.", [("Recent", None), ("current", None)]),
])
def test_months_before_nouns_possessive_years_recent_and_current(text, expected):
    assert _tags(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Shelling resumed on Christmas Day.", [("Christmas Day", "2015-12-25")]),
    ("Markets were shut for Thanksgiving.", [("Thanksgiving", "2015-11-26")]),
    ("It was the deadliest attack of the year.", [("the year", "2016")]),
    ("Aid will run out by the end of the year.", [("the end of the year", "2016")]),
    ("The fund has lost 4% since year-end.", [("since year-end", "2015-12-31/2016-10-26")]),
    ("Teacher of the Year awards were cancelled.", []),
    ("Talks stalled in the year before the war.", [("the year before", None)]),
])
def test_holidays_the_year_and_year_end(text, expected):
    assert _tags(text) == expected


def test_day_ranges_after_a_future_cue_are_the_next_ones():
    assert _tags("The summit will be held on April 24 and 25.") == [
        ("April 24 and 25", "2017-04-24/2017-04-25")]
    assert _tags("The summit was held on April 24 and 25.") == [
        ("April 24 and 25", "2016-04-24/2016-04-25")]

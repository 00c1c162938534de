"""Second round of the newswire rules: the tense that places a partial date, and the forms added
(holidays, spoken years, half-years, months and weekdays as modifiers, fiscal years)."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import tag_timexes
from pipeline.evaluation.timeml import to_timeml

MONDAY = dt.date(2017, 12, 4)


def _values(text, published=MONDAY):
    return [(t["text"], t["value"]) for t in tag_timexes(text, published)]


@pytest.mark.parametrize("text, expected", [
    # a date that opens its sentence takes the tense of the verb after it
    ("On Thursday, the council plans to vote on the budget.", [("Thursday", "2017-12-07")]),
    ("On Thursday, the council voted on the budget.", [("Thursday", "2017-11-30")]),
    ("In January, a car bomb killed nine people in the capital.", [("January", "2017-01")]),
    ("In February, the army will withdraw from the valley.", [("February", "2018-02")]),
    # a future cue right before the date, even inside the date's own preposition
    ("The handover was planned for early February, an official said.", [("early February", "2018-02")]),
    ("The new governor takes office effective Jan. 1.", [("Jan. 1", "2018-01-01")]),
    # a deadline after a past verb may lie ahead
    ("The ceasefire was extended to Dec. 20.", [("Dec. 20", "2017-12-20")]),
    ("The ceasefire collapsed on Dec. 20.", [("Dec. 20", "2016-12-20")]),
    # "Jan. 3" does not end a sentence, and the verb after the date still counts
    ("Payments start Jan. 3 to holders of record Dec. 20, the bank said.",
     [("Jan. 3", "2018-01-03"), ("Dec. 20", "2017-12-20")]),
])
def test_tense_places_partial_dates(text, expected):
    assert _values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The Sunday attack on the base killed four.", [("Sunday", "2017-12-03")]),
    ("They met on the Sunday before the vote.", [("the Sunday", None)]),   # the story's own time
    ("Under a June agreement with the rebels, prisoners were freed.", [("June", "2017-06")]),
    ("Analysts revised October's figures upward.", [("October", "2017-10")]),
    ("Theresa May's government fell.", []),                                # a name, not a month
    ("The market fell on Friday, down 3% from the previous Friday.",
     [("Friday", "2017-12-01"), ("the previous Friday", "2017-11-24")]),
    ("The siege began on Nov. 8 and a truce came the following Monday.",
     [("Nov. 8", "2017-11-08"), ("the following Monday", "2017-11-13")]),
])
def test_months_and_weekdays_as_modifiers_and_anaphora(text, expected):
    assert _values(text) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Pilgrims gathered on Easter Sunday.", dt.date(2017, 5, 2), [("Easter Sunday", "2017-04-16")]),
    ("Shops closed on Good Friday.", dt.date(2017, 5, 2), [("Good Friday", "2017-04-14")]),
    ("Crowds marched as Easter week began.", dt.date(2017, 4, 10), [("Easter week", "2017-W15")]),
    ("Both parties campaigned until Election Day.", dt.date(2016, 10, 20), [("Election Day", "2016-11-08")]),
    ("Oil fell to the level we saw in nineteen ninety-four.", MONDAY, [("nineteen ninety-four", "1994")]),
    ("He promised jobs by the year two thousand.", dt.date(1998, 2, 5), [("the year two thousand", "2000")]),
    ("Two thousand people marched.", MONDAY, []),                            # a count
    ("Profit will fall in the last half of 2017.", MONDAY, [("the last half of 2017", "2017-07-01/2017-12-31")]),
    ("Sales fell in the latest fiscal year.", MONDAY, [("the latest fiscal year", "2016")]),
    ("Sales fell in the past fiscal year.", MONDAY, [("the past fiscal year", "2016")]),
    ("Traders sold ahead of the weekend.", MONDAY, [("the weekend", "2017-12-09/2017-12-10")]),
    ("Losses grew over the past several quarters.", MONDAY, [("over the past several quarters", None)]),
])
def test_new_forms(text, published, expected):
    assert _values(text, published) == expected


def test_timeml_values_of_the_new_forms():
    text = "Profit rose in the third quarter. In the 1989 period, taxes fell, and in the first half of 1989."
    got = [(x["text"], x["value"]) for t in tag_timexes(text, dt.date(1989, 11, 1)) for x in to_timeml(t, text)]
    assert got == [("the third quarter", "1989-Q3"), ("the 1989 period", "1989-Q3"),
                   ("the first half of 1989", "1989-H1")]


def test_quarter_to_quarter_is_no_quarter():
    text = "Profit rose in the third quarter. The quarter-to-quarter comparison was strong."
    assert _values(text, dt.date(1989, 11, 1)) == [("the third quarter", "1989-07-01/1989-09-30")]

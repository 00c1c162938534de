"""Publication dates from metadata values and from datelines."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import find_publication_date, parse_date_value


@pytest.mark.parametrize("value, expected", [
    ("2017-12-04", dt.date(2017, 12, 4)),
    ("2017-12-04T10:00:00Z", dt.date(2017, 12, 4)),
    ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
    ("December 4, 2017", dt.date(2017, 12, 4)),
    ("4 Dec. 2017 14:02", dt.date(2017, 12, 4)),
    ("11/28/2016", dt.date(2016, 11, 28)),
    ("4th of Dec '17", dt.date(2017, 12, 4)),
    (dt.datetime(2017, 12, 4, 23, 59), dt.date(2017, 12, 4)),
    (dt.date(2017, 12, 4), dt.date(2017, 12, 4)),
    (None, None),
    ("", None),
])
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize("garbage", ["7:58 AM ET", "Wed Nov 23", "soon", "2017-13-45",
                                     # cut short: the year is not 2020 nor 2001
                                     "Nov 22, 20", "Dec 17, 20", "Dec 16 201"])
def test_parse_date_value_rejects_garbage(garbage):
    with pytest.raises(ValueError):
        parse_date_value(garbage)


@pytest.mark.parametrize("text, expected", [
    ("Cholera in Yemen\nDate of publication 16 September 2016\nCases rose.", dt.date(2016, 9, 16)),
    ("Wed 05 Apr 2017\nAirstrikes hit the town on 3 April.", dt.date(2017, 4, 5)),
    ("Published: December 4, 2017 at 10:23 am\nText.", dt.date(2017, 12, 4)),
    ("The town fell on 3 December 2017 after a long siege by forces loyal to the government.", None),
    ("No date in this text at all.", None),
])
def test_find_publication_date(text, expected):
    assert find_publication_date(text) == expected

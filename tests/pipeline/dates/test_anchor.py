"""Articles without a publication date: anchored on their dateline, opening stamp or first full
date (published_source says which); with none, no date is invented. Texts written for the tests."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.dates import attach_date, find_anchor_date, tag_timexes
from pipeline.evaluation import date_coverage as coverage
from pipeline.run import analyse_articles


@pytest.mark.parametrize("text, expected", [
    ("Published: 4 December 2017\nRebels shelled the town.", (dt.date(2017, 12, 4), "dateline")),
    ("Thursday 18 May 2017\nJets hit the market on Sunday.", (dt.date(2017, 5, 18), "dateline")),
    ("Last updated at Jan 20 2015\nShelling went on overnight in the old city of Homs.",
     (dt.date(2015, 1, 20), "dateline")),
    ("05 Apr 2017Syrian warplanes struck the town on Tuesday, killing dozens of people.",
     (dt.date(2017, 4, 5), "stamp")),
    ("Strikes on Idlib\n12 March 2016 Government jets bombed a market in the north of the province.",
     (dt.date(2016, 3, 12), "stamp")),
    ("Jets hit the town again. The siege began on 3 March 2013 and has not been lifted.",
     (dt.date(2013, 3, 3), "first_date")),
    ("Jets hit the town on Sunday and again in May.", (None, None)),
])
def test_find_anchor_date(text, expected):
    assert find_anchor_date(text) == expected


def test_stamp_is_not_the_event_day_the_weekday_is_read_against_it():
    text = "Sat 13 May 2017Jets bombed the market on Thursday, residents said."
    anchor, _ = find_anchor_date(text)
    timexes = tag_timexes(text, anchor)
    trigger = (text.index("bombed"), text.index("bombed") + 6)
    date = attach_date((0, len(text)), trigger, timexes, anchor)
    assert (date["date_start"], date["date_text"], date["date_source"]) == (
        dt.date(2017, 5, 11), "Thursday", "relative")
    # with no other expression, the stamp bounds the event: on or before it
    text = "Sat 13 May 2017Jets bombed the market, residents said."
    date = attach_date((0, len(text)), trigger, tag_timexes(text, anchor), anchor)
    assert (date["date_start"], date["date_end"], date["date_source"]) == (
        None, dt.date(2017, 5, 13), "publication")


def _analyse(tmp_path, texts):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "title": "Strikes", "text": t}) + "\n"
                           for i, t in enumerate(texts)))
    articles = coverage.read_corpus(src)
    mentions, _, _ = analyse_articles(articles, None)
    return articles, mentions


def test_article_with_only_a_stamp_gets_its_events_dated(tmp_path):
    articles, mentions = _analyse(tmp_path, [
        "05 Apr 2017Syrian warplanes struck Khan Sheikhoun on Tuesday, killing 70 people."])
    assert (articles[0]["published"], articles[0]["published_source"]) == (dt.date(2017, 4, 5), "stamp")
    strike = next(m for m in mentions if m["event_type"] == "air_strike")
    assert (strike["date_start"], strike["date_precision"], strike["date_text"]) == (
        dt.date(2017, 4, 4), "day", "Tuesday")


def test_article_without_anchor_gets_no_invented_date(tmp_path):
    articles, mentions = _analyse(tmp_path, [
        "Syrian warplanes struck Khan Sheikhoun on Tuesday, killing 70 people. Rebels shelled "
        "Hama on 3 April, and government forces shelled the outskirts."])
    assert articles[0]["published"] is None and articles[0]["published_source"] is None
    assert mentions
    for m in mentions:
        assert m["date_start"] is None and m["date_end"] is None and m["date_precision"] == "unknown"
        assert m["date_source"] in ("unanchored", "none")
    assert {m["date_source"] for m in mentions if m["date_text"]} == {"unanchored"}


@pytest.mark.parametrize("text, stamp", [
    ("05 Apr 2017Syrian warplanes struck the town.", True),
    ("Thursday 18 May 2017\nJets hit the market.", True),
    ("12 March 2016 - Government jets bombed a market.", True),
    ("3 December 2017, jets struck the town and killed five.", False),   # the event's own day
    ("On 3 December 2017 jets struck the town.", False),
])
def test_only_a_stamp_is_skipped_as_an_event_date(text, stamp):
    first = tag_timexes(text, None)[0]
    assert first["stamp"] is stamp

"""Which expression dates an event mention, and the publication fallback."""
from __future__ import annotations

import datetime as dt

from pipeline.dates import attach_date, tag_timexes
from pipeline.text import split_sentences

PUB = dt.date(2017, 12, 4)


def _date(text, trigger_word, published=PUB):
    start = text.index(trigger_word)
    sentence = next(s for s in split_sentences(text) if s[0] <= start < s[1])
    return attach_date(sentence, (start, start + len(trigger_word)), tag_timexes(text, published),
                       published)


def test_expression_of_the_trigger_clause_wins_over_a_nearer_one():
    text = "Rebels attacked the base on Sunday, two days after the ceasefire of 1 December was signed."
    assert _date(text, "attacked")["date_text"] == "Sunday"
    assert _date(text, "signed")["date_text"] == "1 December"


def test_relative_expression_has_relative_source():
    d = _date("Gunmen killed five people yesterday in the market.", "killed")
    assert (d["date_start"], d["date_end"], d["date_precision"], d["date_source"]) == \
        (dt.date(2017, 12, 3), dt.date(2017, 12, 3), "day", "relative")


def test_no_expression_falls_back_to_publication_as_end_bound():
    d = _date("Gunmen killed five people. It was yesterday.", "killed")
    assert d == {"date_start": None, "date_end": PUB, "date_precision": "unknown",
                 "date_text": None, "date_source": "publication"}


def test_no_expression_and_no_publication_date():
    d = _date("Gunmen killed five people.", "killed", None)
    assert d["date_source"] == "none" and d["date_end"] is None


def test_fuzzy_expression_keeps_its_words_and_the_end_bound():
    d = _date("Earlier, ANHA reported that fighters had withdrawn.", "withdrawn")
    assert d == {"date_start": None, "date_end": PUB, "date_precision": "unknown",
                 "date_text": "Earlier", "date_source": "relative"}


def test_week_range_and_multi_day_bounds():
    d = _date("Fighting between 1 and 3 December killed 40.", "Fighting")
    assert (d["date_start"], d["date_end"], d["date_precision"]) == \
        (dt.date(2017, 12, 1), dt.date(2017, 12, 3), "range")

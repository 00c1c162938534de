"""Sentences without a date of their own take the day of the report around them (inherit_dates)."""
from __future__ import annotations

import datetime as dt
import json

from pipeline.dates import inherit_dates
from pipeline.evaluation import date_coverage as coverage
from pipeline.run import analyse_articles


def _analyse(tmp_path, text, published=None):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "title": None, "text": text,
                               "published": published}) + "\n")
    articles = coverage.read_corpus(src)
    mentions, _, _ = analyse_articles(articles, None)
    return articles[0], sorted(mentions, key=lambda m: m["char_start"])


def test_a_sentence_without_a_date_goes_on_with_the_day_before_it(tmp_path):
    text = ("Government jets bombed the market of Saraqib on Sunday, residents said. "
            "Rebels later shelled the outskirts of the town.")
    article, mentions = _analyse(tmp_path, text, "2017-05-16")
    bombed = next(m for m in mentions if m["char_start"] < text.index("residents"))
    shelled = next(m for m in mentions if m["char_start"] > text.index("Rebels"))
    assert (bombed["date_start"], bombed["date_source"]) == (dt.date(2017, 5, 14), "relative")
    assert (shelled["date_start"], shelled["date_end"], shelled["date_precision"], shelled["date_text"],
            shelled["date_source"]) == (dt.date(2017, 5, 14), dt.date(2017, 5, 14), "day", "Sunday", "inherited")


def test_a_headline_takes_the_body_day_not_the_stamp(tmp_path):
    # the stamp dates the article (13 May), the body's "on Thursday" dates the strike, and the
    # undated headline before it takes the lead event's day, not the stamp's
    text = ("Sat 13 May 2017\nJets bomb market in Idlib\n"
            "Government jets bombed the market of Idlib on Thursday, killing six civilians.")
    article, mentions = _analyse(tmp_path, text)
    assert article["published"] == dt.date(2017, 5, 13) and article["published_source"] in ("dateline", "stamp")
    assert mentions and all(m["date_start"] == dt.date(2017, 5, 11) for m in mentions)
    assert {m["date_source"] for m in mentions} <= {"relative", "inherited"}
    assert any(m["date_source"] == "relative" for m in mentions)


def test_a_lead_report_of_a_stamped_article_is_dated_to_its_stamp(tmp_path):
    text = "05 Apr 2017Syrian warplanes struck Khan Sheikhoun, killing 70 people."
    article, mentions = _analyse(tmp_path, text)
    strike = next(m for m in mentions if m["event_type"] == "air_strike")
    assert (strike["date_start"], strike["date_end"], strike["date_precision"], strike["date_source"]) == (
        dt.date(2017, 4, 5), dt.date(2017, 4, 5), "day", "anchor_day")


def test_metadata_publication_alone_dates_nothing_and_background_is_not_inherited(tmp_path):
    # a publication date from metadata is an upper bound only; a date far back is background
    text = ("The siege of the town began on 3 March 2013. "
            "Government jets bombed the market, killing six civilians.")
    article, mentions = _analyse(tmp_path, text, "2017-05-16")
    bombed = next(m for m in mentions if m["char_start"] > text.index("Government"))
    assert (bombed["date_start"], bombed["date_end"], bombed["date_source"]) == (
        None, dt.date(2017, 5, 16), "publication")


def test_no_anchor_no_invented_day(tmp_path):
    text = "Jets bombed the market on Sunday. Rebels shelled the outskirts of the town."
    article, mentions = _analyse(tmp_path, text)
    assert article["published"] is None
    assert all(m["date_start"] is None and m["date_end"] is None for m in mentions)


def _m(start, sentence, source, day=None, text=None):
    return {"char_start": start, "sentence_index": sentence, "date_source": source,
            "date_start": day, "date_end": day if source != "publication" else dt.date(2017, 5, 16),
            "date_precision": "day" if day else "unknown", "date_text": text}


def test_inherit_dates_rules():
    pub, sunday = dt.date(2017, 5, 16), dt.date(2017, 5, 14)
    ms = [_m(0, 0, "publication"),                           # lead before the first dated event
          _m(50, 1, "relative", sunday, "on Sunday"),
          _m(90, 2, "publication"),                           # goes on with Sunday
          _m(150, 3, "explicit", dt.date(2017, 6, 1), "June 1"),  # after publication: no source
          _m(200, 4, "publication"),
          _m(260, 9, "publication")]
    inherit_dates(ms, pub, "feed")
    assert [m["date_source"] for m in ms] == ["inherited", "relative", "inherited", "explicit",
                                              "inherited", "inherited"]
    assert all(m["date_start"] == sunday for m in (ms[0], ms[2], ms[4]))
    # a later undated sentence that is not part of the lead, with nothing dated before it, keeps the fallback
    ms = [_m(0, 0, "explicit", sunday, "on Sunday"), _m(10, 3, "publication")]
    ms[0]["sentence_index"] = 5
    inherit_dates(ms, pub, "feed")
    assert ms[1]["date_source"] == "publication"

"""The seed article: the meeting is dated December 3 with its sidecar, and left undated without."""
from __future__ import annotations

import datetime as dt

from pipeline import ingest
from pipeline.dates import attach_date, tag_timexes
from pipeline.text import split_sentences


def _meeting(seed_dir):
    raw, _ = ingest.read_raw([seed_dir])
    article = ingest.clean_articles(raw)[0][0]
    text = article["text"]
    sentence = next(s for s in split_sentences(text) if "meeting" in text[s[0]:s[1]])
    start = text.index("meeting", sentence[0])
    return article, sentence, (start, start + len("meeting"))


def test_seed_meeting_dated_from_sidecar(seed_dir):
    article, sentence, trigger = _meeting(seed_dir)
    assert article["published"] == dt.date(2017, 12, 4)
    date = attach_date(sentence, trigger, tag_timexes(article["text"], article["published"]),
                       article["published"])
    assert date == {"date_start": dt.date(2017, 12, 3), "date_end": dt.date(2017, 12, 3),
                    "date_precision": "day", "date_text": "December 3", "date_source": "explicit"}


def test_seed_without_publication_date_invents_no_year(seed_dir):
    (seed_dir / "000_c0329c36d16ddf46.meta.json").unlink()
    article, sentence, trigger = _meeting(seed_dir)
    assert article["published"] is None
    date = attach_date(sentence, trigger, tag_timexes(article["text"], None), None)
    assert date["date_start"] is None and date["date_end"] is None
    assert date["date_text"] == "December 3"
    assert date["date_precision"] == "unknown"

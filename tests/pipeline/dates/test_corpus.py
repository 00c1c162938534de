"""The dev corpus as a crash test (the speed requirement, 1 ms per article, is a `make bench`
figure: "date stage: CPU ms per article")."""
from __future__ import annotations

import json

from pipeline.dates import parse_date_value, tag_timexes
from pipeline.evaluation import date_coverage as coverage
from tests.conftest import shared_path


def test_corpus_offsets():
    path = shared_path("corpus", "news_dev.jsonl")
    articles = coverage.read_corpus(path, limit=400)
    found = 0
    for a in articles:
        for t in tag_timexes(a["text"], a["published"]):
            found += 1
            assert a["text"][t["start"]:t["end"]] == t["text"]
            assert t["precision"] in ("day", "week", "month", "year", "range", "unknown")
            if t["date_start"] is not None:
                assert t["date_start"] <= t["date_end"]
    assert len(articles) == 400 and found > 100  # the checks above saw real expressions


def test_corpus_published_values_parse_or_raise():
    path = shared_path("corpus", "news_dev.jsonl")
    parsed = rejected = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        value = json.loads(line).get("published")
        try:
            date = parse_date_value(value)
        except ValueError:
            rejected += 1  # a truncated or time-only value ("7:58 AM ET", "Nov 22, 20"):
            continue       # ingest keeps it in `extra` and reads the date from the text
        if date is not None:
            parsed += 1
            assert 1990 <= date.year <= 2030, value
            assert str(date.year) in value or f"'{date.year % 100:02d}" in value, value  # written
    # news_dev: 626 full values, 68 cut short at ten characters or time-only
    assert parsed > 5 * rejected

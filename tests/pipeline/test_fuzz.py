"""Property-based tests (hypothesis) with arbitrary Unicode over ingestion, sentence splitting,
date tagging and geoparsing: no crash, and the outputs keep their invariants. Few examples and
no deadline, so that CI time stays bounded."""
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates import tag_timexes
from pipeline.geo import geoparse, load_gazetteer
from pipeline.ingest import clean_articles, read_raw
from pipeline.run import analyse_article
from pipeline.tables import SCHEMAS, to_table
from pipeline.text import MAX_SENTENCE_CHARS, split_sentences

# CI: 60 fixed examples a test. HYPOTHESIS_PROFILE=deep for a longer random search by hand.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=1500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci")))
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
# any code point, lone surrogates included (JSON can carry them), and news-like words
any_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300)
words = st.sampled_from(["Aleppo", "Kabul", "attacked", "on", "Monday", "January", "15", "2019", "the",
                         "rebels", "killed", "three", ".", ",", "\n", "Mr.", "U.S.", "east", "of", "!!!",
                         "\u2028", "\u0130stanbul", "ſ", "\ud800", "\x00", "—", "“", "(AFP)"])
newsy = st.lists(words, max_size=80).map(" ".join)
texts = st.one_of(any_text, newsy)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(any_text, kids, max_size=4),
                           max_leaves=12)
records = st.fixed_dictionaries({}, optional={k: st.one_of(json_values, texts) for k in
                                              ("id", "title", "text", "published", "url", "source",
                                               "language", "publisher", "other")})


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _ingest_folder(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            Path(tmp, name).write_bytes(data)
        raw, rejects = read_raw([tmp])
        to_table(raw, SCHEMAS["raw_articles"])
        articles, more = clean_articles(raw, NOW)
        to_table(articles, SCHEMAS["articles"])
        to_table(rejects + more, SCHEMAS["rejects"])
        return raw, rejects + more, articles


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".txt", ".json", ".jsonl", ".html"]))
def test_any_bytes_in_any_format_give_records_or_rejects(data, suffix):
    raw, rejects, articles = _ingest_folder({f"a{suffix}": data})
    assert raw or rejects
    assert all(r["reason"] and r["reason_code"] for r in rejects)


@FUZZ
@given(st.lists(st.one_of(records, json_values), max_size=5))
def test_any_json_records_are_kept_or_rejected_one_by_one(values):
    lines = [json.dumps(v, ensure_ascii=True) for v in values]
    raw, rejects, articles = _ingest_folder({"a.jsonl": "\n".join(lines).encode() + b"\n",
                                             "b.json": json.dumps(values).encode()})
    per_file = {"a.jsonl": 0, "b.json": 0}
    for r in raw + [r for r in rejects if r["stage"] == "read"]:
        per_file[os.path.basename(r["source_path"])] += 1
    if values:
        assert per_file == {"a.jsonl": len(values), "b.json": len(values)}


@FUZZ
@given(texts)
def test_sentences_are_ordered_trimmed_capped_and_lose_nothing(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text) and e - s <= MAX_SENTENCE_CHARS
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e
    assert "".join(text[s:e] for s, e in spans).split() == "".join(text[s:e] for s, e in spans).split()
    assert "".join("".join(text[s:e].split()) for s, e in spans) == "".join(text.split())


@FUZZ
@given(texts, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))))
def test_date_tagging_never_crashes_and_spans_hold(text, published):
    for t in tag_timexes(text, published):
        assert 0 <= t["start"] < t["end"] <= len(text) and text[t["start"]:t["end"]] == t["text"]
        if t["date_start"] is not None and t["date_end"] is not None:
            assert t["date_start"] <= t["date_end"]


@FUZZ
@given(texts)
def test_geoparsing_never_crashes_and_rows_point_into_the_text(gazetteer, text):
    for p in geoparse(text, gazetteer, "a0"):
        assert 0 <= p["char_start"] < p["char_end"] <= len(text)
        assert text[p["char_start"]:p["char_end"]] == p["surface"]
        if p["latitude"] is not None:
            assert -90 <= p["latitude"] <= 90 and -180 <= p["longitude"] <= 180


@FUZZ
@given(texts)
def test_whole_analysis_never_crashes_on_clean_text(gazetteer, text):
    raw, rejects, articles = _ingest_folder({"a.txt": ("Title\n\n" + text).encode("utf-8", "surrogatepass")})
    for article in articles:
        mentions, places = analyse_article(article, gazetteer)
        to_table(mentions, SCHEMAS["mentions"])
        to_table(places, SCHEMAS["places"])

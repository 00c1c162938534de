"""The reference floor: spaCy's blank English tokenizer + sentencizer, dateparser.search_dates."""
from __future__ import annotations

import datetime as dt
import time

from bench.machine import cpu_seconds


def spacy_blank_rate(texts: list[str], budget: float) -> dict:
    """Articles and sentences a second of spacy.blank('en') + sentencizer on one core."""
    try:
        import spacy
    except ImportError:
        return {"stage": "spacy blank en + sentencizer", "error": "spaCy not installed "
                "(pip install -e '.[bench]')"}
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp("Warm up. The vocabulary and the rules load lazily.")
    n = sentences = 0
    cpu, start = cpu_seconds(), time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=64):
        n += 1
        sentences += sum(1 for _ in doc.sents)
        if n % 64 == 0 and time.perf_counter() - start > budget:
            break
    return {"stage": "spacy blank en + sentencizer", "articles": n, "sentences": sentences,
            "seconds": time.perf_counter() - start, "cpu_seconds": cpu_seconds() - cpu,
            "items": sentences, "items_label": "sentences",
            "version": spacy.__version__}


def dateparser_rate(articles: list[dict]) -> dict:
    """Articles a second of dateparser.search_dates (English, relative to the publication date)."""
    import dateparser
    from dateparser.search import search_dates

    search_dates("It happened on 3 March 2017, two days ago.", languages=["en"])  # warm up
    found = 0
    cpu, start = cpu_seconds(), time.perf_counter()
    for a in articles:
        settings = {"RELATIVE_BASE": _as_datetime(a.get("published"))} if a.get("published") else {}
        found += len(search_dates(a["text"], languages=["en"], settings=settings) or [])
    return {"stage": "dateparser.search_dates", "articles": len(articles),
            "seconds": time.perf_counter() - start, "cpu_seconds": cpu_seconds() - cpu,
            "items": found, "items_label": "dates",
            "sentences": sum(a.get("n_sentences") or 0 for a in articles),
            "version": dateparser.__version__}


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return dt.datetime.fromisoformat(str(value)[:10])

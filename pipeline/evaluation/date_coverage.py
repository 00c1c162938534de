"""Dates on real text: how event mentions get dated, and what date resolution costs per article."""
from __future__ import annotations

import collections
import time
from pathlib import Path

from pipeline.dates.attach import attach_date
from pipeline.dates.timexes import _tag_cached, tag_timexes


def read_corpus(path: str | Path, limit: int | None = None) -> list[dict]:
    """Article rows of a JSONL corpus, through the project's own ingest (published parsed)."""
    from pipeline import ingest

    raw, _ = ingest.read_raw([Path(path)])
    articles, _ = ingest.clean_articles(raw)
    return articles[:limit] if limit else articles


def mention_coverage(articles: list[dict]) -> dict:
    """Shares of event mentions by date source, and the share with a resolved date (start known)."""
    from pipeline.run import analyse_articles  # the live extractor: the figure follows it

    mentions, _, rejects = analyse_articles(articles, None)
    sources = collections.Counter(m.get("date_source") for m in mentions)
    precisions = collections.Counter(m.get("date_precision") for m in mentions)
    n = len(mentions)
    resolved = sum(m.get("date_start") is not None for m in mentions)
    anchored = [m for m in mentions if m.get("published") is not None]
    return {"articles": len(articles), "articles_rejected": len(rejects), "mentions": n,
            "resolved_share": resolved / n if n else None,
            "publication_fallback_share": sources["publication"] / n if n else None,
            "mentions_with_published": len(anchored),
            "resolved_share_with_published": (sum(m["date_start"] is not None for m in anchored)
                                              / len(anchored) if anchored else None),
            "by_source": dict(sources), "by_precision": dict(precisions)}


def time_dates(articles: list[dict]) -> dict:
    """Milliseconds per article of tag_timexes plus attach_date (one mention per sentence start),
    with the cache emptied first so that nothing is reused. CPU time of this process is the figure
    (wall time is also given: on a shared machine it counts other people's work)."""
    from pipeline.text import split_sentences

    sentences = [split_sentences(a["text"]) for a in articles]
    _tag_cached.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    found = 0
    for article, spans in zip(articles, sentences):
        timexes = tag_timexes(article["text"], article.get("published"))
        found += len(timexes)
        for span in spans:
            attach_date(span, (span[0], min(span[1], span[0] + 5)), timexes, article.get("published"))
    return _rate(articles, start, cpu, timexes=found)


def _rate(articles: list[dict], start: float, cpu: float, **extra) -> dict:
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    _tag_cached.cache_clear()
    n = max(1, len(articles))
    return {"articles": len(articles), **extra, "cpu_seconds": cpu, "wall_seconds": wall,
            "ms_per_article": 1000 * cpu / n, "wall_ms_per_article": 1000 * wall / n}


def time_dateparser(articles: list[dict]) -> dict:
    """Milliseconds per article of dateparser.search_dates (English, anchored at publication)."""
    import datetime as dt

    from dateparser.search import search_dates

    search_dates("It happened on 3 March 2017, two days ago.", languages=["en"])  # warm up
    start, cpu = time.perf_counter(), time.process_time()
    for a in articles:
        settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
        if a.get("published"):
            settings["RELATIVE_BASE"] = dt.datetime.combine(a["published"], dt.time())
        search_dates(a["text"], languages=["en"], settings=settings)
    return _rate(articles, start, cpu)

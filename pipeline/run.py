"""The whole pipeline over plain data: files in, the output tables out (no Dagster needed)."""
from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from pathlib import Path

import pyarrow as pa

from pipeline import dates, dedup, events, geo, ingest
from pipeline.tables import SCHEMAS, read_table, to_table, write_table
from pipeline.text import split_sentences


def analyse_article(article: dict, gazetteer) -> tuple[list[dict], list[dict]]:
    """Places and event mentions of one article row."""
    text, published = article["text"], article.get("published")
    sentences = split_sentences(text)
    places = geo.geoparse(text, gazetteer, article["article_id"])
    timexes = dates.tag_timexes(text, published)
    mentions = events.extract_mentions(article, sentences, places)
    for m in mentions:
        sentence = sentences[m["sentence_index"]]
        m.update(dates.attach_date(sentence, (m["char_start"], m["char_end"]), timexes, published))
        m["published"] = published
    return mentions, places


def analyse_articles(articles: list[dict], gazetteer, workers: int = 1
                     ) -> tuple[list[dict], list[dict], list[dict]]:
    """Mentions, places and rejects of many articles; an article that crashes a stage is rejected.

    With workers > 1 the articles are shared out to forked processes, which inherit the
    gazetteer already in memory instead of loading it again."""
    if workers > 1 and len(articles) > 1:
        return _analyse_in_processes(articles, gazetteer, workers)
    mentions, places, rejects = [], [], []
    for article in articles:
        try:
            m, p = analyse_article(article, gazetteer)
        except Exception as exc:  # one bad article must not stop the run
            rejects.append(ingest.make_reject(article.get("source_path", ""),
                                              f"analysis failed: {type(exc).__name__}: {exc}",
                                              "analyse", article.get("article_id")))
            continue
        mentions.extend(m)
        places.extend(p)
    return mentions, places, rejects


def extract(inputs: list[str | Path], out_dir: str | Path | None = None, gazetteer=None,
            now: dt.datetime | None = None, workers: int = 1) -> dict[str, pa.Table]:
    """Run every stage over files or folders; write the tables into `out_dir` when given."""
    now = now or dt.datetime.now(dt.timezone.utc)
    raw, rejects = ingest.read_raw(inputs)
    articles, clean_rejects = ingest.clean_articles(raw, now)
    if gazetteer is None:
        gazetteer = geo.load_gazetteer()
    mentions, places, analyse_rejects = analyse_articles(articles, gazetteer, workers)
    previous = None
    if out_dir is not None:
        prev = read_table(Path(out_dir) / "events.parquet", SCHEMAS["events"])
        previous = prev.to_pylist() if prev is not None else None
    event_rows, changes = dedup.cluster_events(mentions, previous, now)
    rows = {"articles": articles, "mentions": mentions, "events": event_rows, "places": places,
            "rejects": rejects + clean_rejects + analyse_rejects, "event_changes": changes}
    tables = {name: to_table(r, SCHEMAS[name]) for name, r in rows.items()}
    if out_dir is not None:
        for name, table in tables.items():
            write_table(table, Path(out_dir) / f"{name}.parquet")
    return tables


_WORKER_GAZETTEER = None


def _analyse_chunk(chunk: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    return analyse_articles(chunk, _WORKER_GAZETTEER)


def _analyse_in_processes(articles: list[dict], gazetteer, workers: int):
    global _WORKER_GAZETTEER
    _WORKER_GAZETTEER = gazetteer
    size = max(1, min(200, len(articles) // (workers * 4) or 1))
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
    mentions, places, rejects = [], [], []
    with mp.get_context("fork").Pool(workers) as pool:
        for m, p, r in pool.imap(_analyse_chunk, chunks):
            mentions.extend(m)
            places.extend(p)
            rejects.extend(r)
    return mentions, places, rejects

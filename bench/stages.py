"""Each pipeline stage timed on its own, one core, over the same cleaned articles."""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import cpu_seconds
from pipeline import dates, dedup, events, geo
from pipeline.evaluation.synthetic_mentions import synthetic_mentions
from pipeline.tables import SCHEMAS, to_table, write_table
from pipeline.text import split_sentences


def run_budgeted(name: str, articles: list[dict], fn, budget: float) -> tuple[dict, list]:
    """Apply `fn` to articles in order until all are done or `budget` seconds are spent.

    An article that crashes the stage yields an empty output and is counted, as the
    orchestrator rejects it and goes on."""
    clear_caches()
    outputs, failures = [], {}
    cpu, start = cpu_seconds(), time.perf_counter()
    for a in articles:
        try:
            outputs.append(fn(a))
        except Exception as exc:  # noqa: BLE001 - a crash is a figure to report, not a stop
            outputs.append([])
            key = f"{type(exc).__name__}: {exc}"[:120]
            failures[key] = failures.get(key, 0) + 1
        if time.perf_counter() - start > budget:
            break
    seconds = time.perf_counter() - start
    done = articles[:len(outputs)]
    row = {"stage": name, "articles": len(done), "seconds": seconds,
           "cpu_seconds": cpu_seconds() - cpu,
           "sentences": sum(a.get("n_sentences") or 0 for a in done)}
    if failures:
        row["failed_articles"] = sum(failures.values())
        row["failures"] = dict(sorted(failures.items(), key=lambda kv: -kv[1])[:5])
    return row, outputs


def clear_caches() -> None:
    """Empty every functools cache of the pipeline, so no measurement reuses an earlier one's work
    (the replicated corpus repeats texts that a stage may have memoised)."""
    for name, module in list(sys.modules.items()):
        if name == "pipeline" or name.startswith("pipeline."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def measure_stages(articles: list[dict], gazetteer, budget: float) -> list[dict]:
    """Timing rows of sentence split, toponyms, dates, events, dedup and Parquet write; each
    later stage gets the outputs of the earlier ones, as in the orchestrator."""
    rows = []
    row, sentences = run_budgeted("sentence split", articles, lambda a: split_sentences(a["text"]),
                                  budget)
    rows.append(_count(row, sentences, "sentences"))
    row, places = run_budgeted("toponyms (recognise + resolve)", articles,
                               lambda a: geo.geoparse(a["text"], gazetteer, a["article_id"]), budget)
    rows.append(_count(row, places, "places"))
    row, timexes = run_budgeted("dates (tag_timexes)", articles,
                                lambda a: dates.tag_timexes(a["text"], a.get("published")), budget)
    rows.append(_count(row, timexes, "timexes"))
    n = min(len(sentences), len(places))
    inputs = {a["article_id"]: (s, p) for a, s, p in zip(articles, sentences[:n], places[:n])}
    row, mentions = run_budgeted("events (extract_mentions)", articles[:n],
                                 lambda a: events.extract_mentions(a, *inputs[a["article_id"]]),
                                 budget)
    rows.append(_count(row, mentions, "mentions"))
    done = articles[:len(mentions)]
    flat = _dated_mentions(done, sentences, mentions, timexes)
    now = dt.datetime.now(dt.timezone.utc)
    start = time.perf_counter(), cpu_seconds()
    event_rows, _ = dedup.cluster_events(flat, None, now)
    rows.append(_timed("dedup (cluster_events)", done, start, len(event_rows), "events"))
    start = time.perf_counter(), cpu_seconds()
    with tempfile.TemporaryDirectory(prefix="bench-parquet-") as tmp:
        tables = {"articles": done, "mentions": flat, "events": event_rows,
                  "places": [p for ps in places[:len(done)] for p in ps]}
        for name, r in tables.items():
            write_table(to_table(r, SCHEMAS[name]), Path(tmp) / f"{name}.parquet")
    rows.append(_timed("Parquet write (to_table + write)", done, start,
                       sum(len(r) for r in tables.values()), "rows"))
    return rows


def _dated_mentions(articles, sentences, mentions, timexes) -> list[dict]:
    """Mentions with their date columns, as the orchestrator makes them (untimed here)."""
    flat = []
    for a, spans, ms, tx in zip(articles, sentences, mentions, timexes):
        for m in ms:
            m = dict(m)
            m.update(dates.attach_date(spans[m["sentence_index"]], (m["char_start"], m["char_end"]),
                                       tx, a.get("published")))
            m["published"] = a.get("published")
            flat.append(m)
    return flat


def _count(row: dict, outputs: list, label: str) -> dict:
    return dict(row, items=sum(len(o) for o in outputs), items_label=label)


def _timed(name: str, articles: list[dict], start: tuple[float, float], items: int,
           label: str) -> dict:
    return {"stage": name, "articles": len(articles), "seconds": time.perf_counter() - start[0],
            "cpu_seconds": cpu_seconds() - start[1],
            "sentences": sum(a.get("n_sentences") or 0 for a in articles), "items": items,
            "items_label": label}


def measure_dedup_scale(seed: int = 0, n: int = 100_000) -> dict:
    """Time to cluster `n` synthetic mentions."""
    mentions = synthetic_mentions(n, seed)
    start = time.perf_counter()
    event_rows, _ = dedup.cluster_events(mentions, None, dt.datetime.now(dt.timezone.utc))
    return {"stage": f"dedup {n:,} synthetic mentions", "mentions": len(mentions),
            "seconds": time.perf_counter() - start, "items": len(event_rows),
            "items_label": "events"}

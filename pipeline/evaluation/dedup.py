"""Scoring of deduplication on a labelled set: articles whose event sentences carry gold
cluster labels, aligned to extracted mentions by a gold evidence substring."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.dedup import cluster_events
from pipeline.evaluation.cluster_metrics import bcubed_scores, pairwise_scores

GOLD_PATH = Path(__file__).resolve().parents[2] / "tests" / "data" / "dedup" / "dedup_gold.jsonl"
_DATE_KEYS = ("date_start", "date_end")


def load_gold(path: str | Path = GOLD_PATH) -> list[dict]:
    """The labelled articles, one dict per JSONL line."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def oracle_mentions(gold: list[dict]) -> list[tuple[dict, str]]:
    """(mention, gold cluster) pairs where each mention carries its gold attributes."""
    pairs = []
    for article in gold:
        published = dt.date.fromisoformat(article["published"])
        for k, event in enumerate(article["events"]):
            m = {key: value for key, value in event.items() if key != "cluster"}
            m.update({key: dt.date.fromisoformat(m[key]) if m.get(key) else None for key in _DATE_KEYS})
            m.update(mention_id=f"m{article['id']}-{k:02d}", article_id=article["id"],
                     published=published)
            pairs.append((m, event["cluster"]))
    return pairs


# Mention columns of each stage, for the ablations that give one stage gold values.
STAGE_FIELDS = {
    "type": ("event_type",),
    "actors": ("actor1", "actor2"),
    "dates": ("date_start", "date_end", "date_precision"),
    "places": ("place_name", "latitude", "longitude", "geo_precision", "geonameid", "admin1",
               "country_code"),
}


def pipeline_mentions(gold: list[dict], gazetteer, path: str | Path = GOLD_PATH
                      ) -> tuple[list[tuple[dict, str | None]], dict, dict]:
    """(mention, gold cluster or None) pairs from the real pipeline, alignment counts, and the
    gold mention (oracle attributes) each aligned mention id stands for."""
    from pipeline import ingest
    from pipeline.run import analyse_articles

    raw, _ = ingest.read_raw([str(path)])
    for rec in raw:
        rec["extra"] = None  # the gold labels must not reach the extractor
    articles, _ = ingest.clean_articles(raw)
    by_source = {a["source_id"]: a for a in articles}
    mentions, _, rejects = analyse_articles(articles, gazetteer)
    oracle = oracle_mentions(gold)
    spans = {}  # article_id -> [(start, end, index into oracle)]
    k = 0
    for item in gold:
        article = by_source.get(item["id"])
        for event in item["events"]:
            start = article["text"].find(event["evidence"]) if article else -1
            if article and start >= 0:
                spans.setdefault(article["article_id"], []).append((start, start + len(event["evidence"]), k))
            k += 1
    pairs, gold_of = [], {}
    for m in mentions:
        hits = [(min(e, m["char_end"]) - max(s, m["char_start"]), -s, k)
                for s, e, k in spans.get(m["article_id"], []) if s < m["char_end"] and m["char_start"] < e]
        if hits:
            gold_of[m["mention_id"]], cluster = oracle[max(hits)[2]]
            pairs.append((m, cluster))
        else:
            pairs.append((m, None))
    found = {g["mention_id"] for g in gold_of.values()}
    counts = {"gold_events": len(oracle), "gold_events_found": len(found), "mentions": len(mentions),
              "mentions_aligned": len(gold_of), "articles_rejected": len(rejects)}
    return pairs, counts, gold_of


def with_gold(pairs: list[tuple[dict, str | None]], gold_of: dict, stage: str) -> list[tuple]:
    """The pipeline's aligned mentions with one stage's columns replaced by the gold values."""
    out = []
    for m, cluster in pairs:
        if cluster is not None:
            g = gold_of[m["mention_id"]]
            m = {**m, **{k: g.get(k) for k in STAGE_FIELDS[stage]}}
        out.append((m, cluster))
    return out


def score(pairs: Sequence[tuple[dict, str | None]]) -> dict:
    """Cluster the mentions, then score those with a gold label (pairwise and B-cubed)."""
    events, _ = cluster_events([m for m, _ in pairs], None, dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    event_of = {mid: e["event_id"] for e in events for mid in e["mention_ids"]}
    labelled = [(c, event_of[m["mention_id"]]) for m, c in pairs if c is not None]
    gold = [g for g, _ in labelled]
    predicted = [p for _, p in labelled]
    empty = not labelled  # nothing extracted: no score rather than a vacuous perfect one
    return {"n_mentions": len(labelled), "n_gold_clusters": len(set(gold)),
            "n_predicted_clusters": len(set(predicted)),
            "pairwise": None if empty else pairwise_scores(gold, predicted),
            "bcubed": None if empty else bcubed_scores(gold, predicted)}


def errors(pairs: Sequence[tuple[dict, str | None]]) -> list[str]:
    """Human-readable wrong merges and missed merges, for tuning by eye."""
    events, _ = cluster_events([m for m, _ in pairs], None)
    event_of = {mid: e["event_id"] for e in events for mid in e["mention_ids"]}
    labelled = [(m["mention_id"], c, event_of[m["mention_id"]]) for m, c in pairs if c is not None]
    lines = []
    for i, (a, ga, pa) in enumerate(labelled):
        for b, gb, pb in labelled[i + 1:]:
            if (ga == gb) != (pa == pb):
                lines.append(f"{'missed' if ga == gb else 'wrong'} merge: {a} ({ga}) ~ {b} ({gb})")
    return lines


def degrade(pairs: list[tuple[dict, str]], seed: int) -> list[tuple[dict, str]]:
    """Gold mentions with typical extraction losses: dates fall back to publication, places to
    their admin area, actors go missing (each independently, at fixed rates)."""
    import random

    rng = random.Random(seed)
    out = []
    for m, cluster in pairs:
        m = dict(m)
        if rng.random() < 0.3:
            m.update(date_start=None, date_end=m["published"], date_precision="unknown")
        if rng.random() < 0.2 and m.get("latitude") is not None:
            m.update(geo_precision=4, geonameid=None, latitude=m["latitude"] + 0.3)
        for slot in ("actor1", "actor2"):
            if rng.random() < 0.2:
                m[slot] = None
        out.append((m, cluster))
    return out


def degraded_score(pairs: list[tuple[dict, str]], seeds: int = 20) -> dict:
    """Mean scores over several degraded copies of the gold mentions."""
    runs = [score(degrade(pairs, seed)) for seed in range(seeds)]
    mean = {k: {m: sum(r[k][m] for r in runs) / seeds for m in ("precision", "recall", "f1")}
            for k in ("pairwise", "bcubed")}
    return {"n_mentions": runs[0]["n_mentions"], "n_gold_clusters": runs[0]["n_gold_clusters"],
            "n_predicted_clusters": sum(r["n_predicted_clusters"] for r in runs) / seeds,
            "seeds": seeds, **mean}

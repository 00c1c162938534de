"""Events: mentions of the same event, within and across articles, merged into one record.

The rules and thresholds are in rules.yaml and explained in docs/DEDUP.md."""
from __future__ import annotations

import datetime as dt

from pipeline.dedup.canonical import event_columns
from pipeline.memory import paused_gc
from pipeline.dedup.clusters import cluster_mentions
from pipeline.dedup.rules import load_rules
from pipeline.dedup.versions import apply_versions, assign_ids, event_key

__all__ = ["cluster_events", "merge_reason"]


def merge_reason(n_mentions: int, n_articles: int, reasons: set[str]) -> str:
    """Short text: how many reports merged, and on which grounds."""
    if n_mentions == 1:
        return "single mention"
    return f"{n_mentions} mentions in {n_articles} articles: " + ", ".join(sorted(reasons))


def cluster_events(mentions: list[dict], previous: list[dict] | None = None,
                   now: dt.datetime | None = None, rules: dict | None = None,
                   aliases: dict[str, str] | None = None) -> tuple[list[dict], list[dict]]:
    """Events rows and event_changes rows from all mentions (previous events table as dicts).

    `aliases`: replaced article id -> id of its corrected version (see versions.assign_ids)."""
    # Hundreds of thousands of small acyclic dicts would trigger the cyclic collector over and
    # over (a quarter of the run time at 100,000 mentions) for nothing to collect.
    with paused_gc():
        return _cluster_events(mentions, previous or [], now or dt.datetime.now(dt.timezone.utc),
                               rules or load_rules(), aliases)


def _cluster_events(mentions: list[dict], previous: list[dict], now: dt.datetime,
                    rules: dict, aliases: dict[str, str] | None = None) -> tuple[list[dict], list[dict]]:
    clusters = cluster_mentions(mentions, rules)
    events = []
    for cluster in clusters:
        ms = sorted((mentions[i] for i in cluster["members"]), key=lambda m: m["mention_id"])
        articles = sorted({m["article_id"] for m in ms})
        seen = [m["published"] for m in ms if m.get("published") is not None]
        events.append({**event_columns(ms, rules), "n_mentions": len(ms),
                       "n_articles": len(articles), "mention_ids": [m["mention_id"] for m in ms],
                       "article_ids": articles, "first_seen": min(seen) if seen else None,
                       "last_seen": max(seen) if seen else None,
                       "merge_reason": merge_reason(len(ms), len(articles), cluster["reasons"])})
    keys = [event_key(e) for e in events] if previous else None
    for event, eid in zip(events, assign_ids([e["mention_ids"] for e in events], previous, keys,
                                             aliases)):
        event["event_id"] = eid
    events.sort(key=lambda e: e["event_id"])
    changes = apply_versions(events, previous, now)
    return events, changes

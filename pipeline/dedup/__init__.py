"""Events: mentions of the same event, within and across articles, merged into one record.

Placeholder interface (the deduplication issue fills it in): one event per mention."""
from __future__ import annotations

import datetime as dt

from pipeline.tables import EVENTS, MENTIONS

_EVENT_COLUMNS = [f.name for f in EVENTS if f.name in MENTIONS.names]


def cluster_events(mentions: list[dict], previous: list[dict] | None = None,
                   now: dt.datetime | None = None) -> tuple[list[dict], list[dict]]:
    """Events rows and event_changes rows from all mentions (previous events table as dicts)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    events = []
    for m in mentions:
        row = {k: m.get(k) for k in _EVENT_COLUMNS}
        row.update(event_id="e" + m["mention_id"][1:], n_mentions=1, n_articles=1,
                   mention_ids=[m["mention_id"]], article_ids=[m["article_id"]],
                   first_seen=m.get("published"), last_seen=m.get("published"),
                   merge_reason="single mention", record_version=1, updated_at=now)
        events.append(row)
    return events, []

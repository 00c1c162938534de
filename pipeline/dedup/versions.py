"""Stable event ids, record versions and the change log against the previous events table."""
from __future__ import annotations

import datetime as dt
import hashlib

from pipeline.tables import EVENTS, to_table

# Columns that do not count as a change of the record.
_BOOKKEEPING = {"event_id", "record_version", "updated_at"}


def derived_id(mention_ids: list[str], taken: set[str]) -> str:
    """An id from the cluster's content: its smallest mention id, else all of them when taken."""
    first = min(mention_ids)
    candidate = "e" + hashlib.sha256(first.encode()).hexdigest()[:15]
    if candidate in taken:
        joined = "\n".join(sorted(mention_ids))
        candidate = "e" + hashlib.sha256(joined.encode()).hexdigest()[:15]
    return candidate


def assign_ids(clusters: list[list[str]], previous: list[dict],
               keys: list[tuple] | None = None, aliases: dict[str, str] | None = None) -> list[str]:
    """One id per cluster of mention ids, reusing the previous event sharing most mentions.

    `keys` (one per cluster, e.g. its articles and type) give a second chance to a cluster that
    shares no mention id with the old table, as after an extractor upgrade renamed mentions:
    it takes the id of the one unclaimed previous event with the same key. `aliases` maps the
    id of an article replaced by a corrected version to the new article's id, so that the
    corrected article's events find the previous events of the article they replace."""
    owner = {mid: e["event_id"] for e in previous for mid in (e.get("mention_ids") or [])}
    pairs = []  # (shared mentions, previous id, cluster index): best overlaps claim ids first
    for c, mids in enumerate(clusters):
        shared: dict[str, int] = {}
        for mid in mids:
            if mid in owner:
                shared[owner[mid]] = shared.get(owner[mid], 0) + 1
        pairs += [(-n, eid, min(mids), c) for eid, n in shared.items()]
    ids: list[str | None] = [None] * len(clusters)
    used = set()
    for _, eid, _, c in sorted(pairs):
        if ids[c] is None and eid not in used:
            ids[c] = eid
            used.add(eid)
    if keys is not None:
        _match_by_key(ids, keys, [e for e in previous if e["event_id"] not in used], used, aliases or {})
    taken = used | {e["event_id"] for e in previous}
    for c in sorted(range(len(clusters)), key=lambda c: min(clusters[c])):
        if ids[c] is None:
            ids[c] = derived_id(clusters[c], taken)
            taken.add(ids[c])
    return ids  # type: ignore[return-value]  # every None was filled in above


def event_key(row: dict, aliases: dict[str, str] | None = None) -> tuple:
    """What identifies an event when its mention ids changed: its articles and its type."""
    articles = row.get("article_ids") or []
    if aliases:
        articles = {aliases.get(a, a) for a in articles}
    return (tuple(sorted(articles)), row.get("event_type"))


def _match_by_key(ids: list, keys: list[tuple], unclaimed: list[dict], used: set,
                  aliases: dict[str, str]) -> None:
    by_key: dict[tuple, list[str]] = {}
    for e in unclaimed:
        by_key.setdefault(event_key(e, aliases), []).append(e["event_id"])
    wanted: dict[tuple, list[int]] = {}
    for c, key in enumerate(keys):
        if ids[c] is None:
            wanted.setdefault(key, []).append(c)
    for key, clusters in wanted.items():
        olds = by_key.get(key, [])
        if len(clusters) == 1 and len(olds) == 1:  # only an unambiguous match keeps the id
            ids[clusters[0]] = olds[0]
            used.add(olds[0])


def _normalized(rows: list[dict]) -> list[dict]:
    """Rows as the Parquet round trip gives them back, so that values compare exactly."""
    return to_table(rows, EVENTS).to_pylist() if rows else []


def apply_versions(events: list[dict], previous: list[dict], now: dt.datetime) -> list[dict]:
    """Set record_version/updated_at on `events` in place; return the event_changes rows."""
    before = {e["event_id"]: e for e in previous}
    changes = []
    fresh = _normalized(events) if before else events
    for row, norm in zip(events, fresh):
        old = before.pop(row["event_id"], None)
        if old is None:
            row.update(record_version=1, updated_at=now)
            changes.append(_change(now, row, "added", []))
            continue
        changed = sorted(k for k in norm if k not in _BOOKKEEPING and norm[k] != old.get(k))
        if changed:
            row.update(record_version=(old.get("record_version") or 0) + 1, updated_at=now)
            changes.append(_change(now, row, "updated", changed))
        else:
            row.update(record_version=old.get("record_version") or 1,
                       updated_at=old.get("updated_at") or now)
    for eid in sorted(before):
        gone = {"event_id": eid, "record_version": (before[eid].get("record_version") or 0) + 1}
        changes.append(_change(now, gone, "removed", []))
    return changes


def _change(now: dt.datetime, row: dict, change: str, fields: list[str]) -> dict:
    return {"run_at": now, "event_id": row["event_id"], "change": change,
            "record_version": row["record_version"], "fields_changed": fields}

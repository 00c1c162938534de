"""Retention: which events of the previous table a run keeps although it did not see them.

`cluster_events` takes the mentions it is given as the whole truth. A run rarely sees the
whole history (a raw file was removed or archived, a folder is missing, one day's partition is
re-run), and an absent input is not evidence that an event did not happen. So an event of the
previous table that no longer exists is kept, unchanged (same id, version and timestamp, no
change row), when none of its mentions is among the run's mentions: its evidence was simply not
read this time. It is `removed` only when its mentions were read and now belong to other events
(a merge or a split), or when every article it came from was replaced by a corrected version
(see `superseded`)."""
from __future__ import annotations

from typing import Iterable


def retain_unseen(events: list[dict], changes: list[dict], previous: list[dict] | None,
                  seen_mentions: Iterable[str], superseded: Iterable[str] = ()
                  ) -> tuple[list[dict], list[dict]]:
    """`events` and `changes` of cluster_events with the unseen previous events put back."""
    if not previous:
        return events, changes
    seen, replaced = set(seen_mentions), set(superseded)
    kept: dict[str, dict] = {}
    for row in previous:
        mids, aids = row.get("mention_ids") or [], row.get("article_ids") or []
        if any(m in seen for m in mids):
            continue
        if aids and all(a in replaced for a in aids):
            continue
        kept[row["event_id"]] = row
    removed = {c["event_id"] for c in changes if c["change"] == "removed"}
    back = [kept[eid] for eid in sorted(removed & kept.keys())]
    if not back:
        return events, changes
    ids = {r["event_id"] for r in back}
    changes = [c for c in changes if not (c["change"] == "removed" and c["event_id"] in ids)]
    return sorted(events + back, key=lambda e: e["event_id"]), changes


def find_corrections(articles: list[dict]) -> dict[str, str]:
    """Replaced article id -> id of its corrected version.

    An article replaces the articles of earlier ingest days that have its URL and another
    content (hence another id): a publisher's correction of a story. Only the URL says that two
    texts are versions of one story (record ids and file names repeat across feeds and days);
    articles of one day sharing a URL are all kept, as is a URL whose latest day holds several
    articles. Each row needs `article_id`, `url` and `ingest_date` (any sortable day label)."""
    by_url: dict[str, dict[str, set[str]]] = {}
    for a in articles:
        if a.get("url"):
            by_url.setdefault(a["url"], {}).setdefault(str(a["ingest_date"]), set()).add(a["article_id"])
    aliases: dict[str, str] = {}
    for days in by_url.values():
        if len(days) < 2:
            continue
        latest = days[max(days)]
        if len(latest) != 1:
            continue
        (new,) = latest
        for day, ids in days.items():
            if day != max(days):
                aliases.update({old: new for old in ids if old != new})
    return aliases

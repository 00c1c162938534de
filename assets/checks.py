"""Blocking data-quality checks: a table that fails one stops the assets downstream of it."""
from __future__ import annotations

import datetime as dt

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.quality import latest_event_date, may_lie_ahead


def _unique(table: pa.Table, column: str) -> dg.AssetCheckResult:
    n, distinct = table.num_rows, pc.count_distinct(table[column]).as_py() if table.num_rows else 0
    nulls = table[column].null_count
    return dg.AssetCheckResult(passed=distinct == n and nulls == 0,
                               metadata={"rows": n, "distinct": distinct, "nulls": nulls})


def _coordinates_in_range(table: pa.Table) -> dg.AssetCheckResult:
    lat, lon = table["latitude"], table["longitude"]
    bad_lat = pc.sum(pc.or_(pc.less(lat, -90), pc.greater(lat, 90))).as_py() or 0
    bad_lon = pc.sum(pc.or_(pc.less(lon, -180), pc.greater(lon, 180))).as_py() or 0
    return dg.AssetCheckResult(passed=bad_lat + bad_lon == 0,
                               metadata={"latitude_out_of_range": bad_lat,
                                         "longitude_out_of_range": bad_lon})


def _dates_not_in_future(table: pa.Table, columns: list[str], id_column: str | None = None,
                         happened_only: bool = False) -> dg.AssetCheckResult:
    """No date in the future; with happened_only, only rows whose modality says the event took
    place count (announced and planned events may lie ahead). Names the offending rows."""
    limit = latest_event_date(dt.date.today())
    scalar = pa.scalar(limit, pa.date32())
    mask = pa.array([False] * table.num_rows, pa.bool_())
    future = {}
    for c in columns:
        col_mask = pc.fill_null(pc.greater(table[c], scalar), False)
        if happened_only:
            ahead = pc.fill_null(pc.is_in(table["modality"], pa.array(sorted(may_lie_ahead()))), False)
            col_mask = pc.and_(col_mask, pc.invert(ahead))
        future[c] = int(pc.sum(col_mask).as_py() or 0)
        mask = pc.or_(mask, col_mask)
    # Keys without the day in them, so the UI plots one series per key across days.
    metadata: dict[str, int | str] = {f"{c}_in_future": n for c, n in future.items()}
    metadata["latest_allowed_date"] = str(limit)
    if id_column and sum(future.values()):
        metadata["offending_rows"] = ", ".join(map(str, table.filter(mask)[id_column].to_pylist()[:20]))
    return dg.AssetCheckResult(passed=sum(future.values()) == 0, metadata=metadata)


@dg.asset_check(asset="articles", blocking=True)
def articles_ids_unique(articles: pa.Table) -> dg.AssetCheckResult:
    """Each article appears once (ids come from content)."""
    return _unique(articles, "article_id")


@dg.asset_check(asset="articles", blocking=True)
def articles_published_not_in_future(articles: pa.Table) -> dg.AssetCheckResult:
    """No publication date lies in the future."""
    return _dates_not_in_future(articles, ["published"], "article_id")


@dg.asset_check(asset="mentions", blocking=True)
def mentions_ids_unique(mentions: pa.Table) -> dg.AssetCheckResult:
    """Each mention id is unique."""
    return _unique(mentions, "mention_id")


def _valid_event_values(table: pa.Table, id_column: str = "event_id") -> dg.AssetCheckResult:
    coords = _coordinates_in_range(table)
    future = _dates_not_in_future(table, ["date_start", "date_end"], id_column, happened_only=True)
    inverted = int(pc.sum(pc.greater(table["date_start"], table["date_end"])).as_py() or 0)
    return dg.AssetCheckResult(passed=coords.passed and future.passed and inverted == 0,
                               metadata={**coords.metadata, **future.metadata,
                                         "date_start_after_date_end": inverted})


@dg.asset_check(asset="mentions", blocking=True)
def mentions_valid_values(mentions: pa.Table) -> dg.AssetCheckResult:
    """Coordinates in range, dates of events that happened not in the future, date_start <= date_end."""
    return _valid_event_values(mentions, "mention_id")


@dg.asset_check(asset="places", blocking=True)
def places_coordinates_in_range(places: pa.Table) -> dg.AssetCheckResult:
    """Latitude within [-90, 90] and longitude within [-180, 180]."""
    return _coordinates_in_range(places)


@dg.asset_check(asset="events", blocking=True)
def events_ids_unique(events: pa.Table) -> dg.AssetCheckResult:
    """Each event id is unique."""
    return _unique(events, "event_id")


@dg.asset_check(asset="events", blocking=True)
def events_valid_values(events: pa.Table) -> dg.AssetCheckResult:
    """Coordinates in range, dates of events that happened not in the future, date_start <= date_end."""
    return _valid_event_values(events, "event_id")


@dg.asset_check(asset="rejects", blocking=True)
def rejects_have_reasons(rejects: pa.Table) -> dg.AssetCheckResult:
    """Every reject says why it was rejected."""
    missing = rejects["reason"].null_count
    return dg.AssetCheckResult(passed=missing == 0, metadata={"without_reason": missing})


ALL_CHECKS = [articles_ids_unique, articles_published_not_in_future, mentions_ids_unique,
              mentions_valid_values, places_coordinates_in_range, events_ids_unique,
              events_valid_values, rejects_have_reasons]

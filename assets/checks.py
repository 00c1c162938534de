"""Blocking data-quality checks: a table that fails one stops the assets downstream of it.

Most are generated from the column registry (pipeline/columns.yaml, see `registry_checks`): per
table, unique ids (`<table>_ids_unique`), no null where the registry forbids one (`_not_null`),
values inside their vocabulary or range (`_allowed_values`) and foreign keys (`_foreign_keys`).
The rules that span columns or depend on today's date are written out below."""
from __future__ import annotations

import datetime as dt
import inspect
from typing import Callable

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import registry as reg
from pipeline.quality import latest_event_date, may_lie_ahead


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
def articles_published_not_in_future(articles: pa.Table) -> dg.AssetCheckResult:
    """No publication date lies in the future."""
    return _dates_not_in_future(articles, ["published"], "article_id")


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
def events_valid_values(events: pa.Table) -> dg.AssetCheckResult:
    """Coordinates in range, dates of events that happened not in the future, date_start <= date_end."""
    return _valid_event_values(events, "event_id")


Evaluation = Callable[[dict[str, pa.Table]], tuple[bool, dict]]


def _evaluations(t: reg.Table) -> list[tuple[str, str, Evaluation]]:
    """(kind, description, evaluation) of each check the registry implies for table `t`."""
    out: list[tuple[str, str, Evaluation]] = []
    if t.primary_key:
        def ids(tables: dict[str, pa.Table]) -> tuple[bool, dict]:
            m = reg.duplicate_problems(t, tables[t.name])
            return m["distinct"] == m["rows"] and m["nulls"] == 0, m
        out.append(("ids_unique", f"Each row has its own {', '.join(t.primary_key)}.", ids))
    if required := [c.name for c in t.columns if not c.nullable]:
        def not_null(tables: dict[str, pa.Table]) -> tuple[bool, dict]:
            nulls = reg.null_problems(t, tables[t.name])
            return not any(nulls.values()), {f"{c}_nulls": n for c, n in nulls.items()}
        out.append(("not_null", f"No null in {', '.join(required)}.", not_null))
    if bounded := [c.name for c in t.columns if c.values is not None or c.range is not None]:
        def allowed(tables: dict[str, pa.Table]) -> tuple[bool, dict]:
            bad = reg.allowed_value_problems(t, tables[t.name])
            return not any(bad.values()), {f"{c}_not_allowed": n for c, n in bad.items()}
        out.append(("allowed_values", f"Values inside their vocabulary or range (docs/CODEBOOK.md): "
                                      f"{', '.join(bounded)}.", allowed))
    if t.references():
        def keys(tables: dict[str, pa.Table]) -> tuple[bool, dict]:
            orphans = reg.foreign_key_problems(t, tables[t.name], tables)
            metadata: dict[str, int | str] = {f"{c}_missing": n for c, (n, _) in orphans.items()}
            metadata.update({f"{c}_examples": ", ".join(map(str, ex)) for c, (_, ex) in orphans.items() if ex})
            return not any(n for n, _ in orphans.values()), metadata
        refs = ", ".join(f"{c.name} -> {'.'.join(c.references)}" for c in t.columns if c.references)
        out.append(("foreign_keys", f"Every reference is found: {refs}.", keys))
    return out


def _table_checks(t: reg.Table) -> dg.AssetChecksDefinition | None:
    """One step that runs every registry check of table `t` (one step, not one per check: each step
    of a run started by the daemon is a process of its own, and loads its tables again)."""
    evaluations = _evaluations(t)
    if not evaluations:
        return None
    key = dg.AssetKey(t.name)
    others = t.references()
    specs = [dg.AssetCheckSpec(t.check_name(kind), asset=key, description=description, blocking=True,
                               additional_deps=others if kind == "foreign_keys" else None)
             for kind, description, _ in evaluations]

    def check(**tables: pa.Table):
        for kind, _, evaluate in evaluations:
            passed, metadata = evaluate(tables)
            yield dg.AssetCheckResult(asset_key=key, check_name=t.check_name(kind), passed=passed,
                                      metadata=metadata)

    # Dagster names a check's inputs after its parameters: the table and those it refers to.
    check.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in [t.name, *others]])
    return dg.multi_asset_check(name=f"{t.name}_registry_checks", specs=specs,
                                ins={n: dg.AssetIn(n) for n in [t.name, *others]})(check)


def registry_checks(registry: reg.Registry | None = None) -> list[dg.AssetChecksDefinition]:
    """The checks the column registry implies, one step per table that is not staging."""
    registry = registry or reg.registry()
    return [c for t in registry.checked_tables() if (c := _table_checks(t)) is not None]


ALL_CHECKS = [*registry_checks(), articles_published_not_in_future, mentions_valid_values,
              places_coordinates_in_range, events_valid_values]

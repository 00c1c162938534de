"""One Dagster multi-asset per stage of `pipeline.run.STAGES`: the stage graph is declared once,
in the library, and the CLI and these assets run the same stage functions on the same tables."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pyarrow as pa

from assets.metadata import pictures_metadata, table_metadata
from assets.partitions import ingest_days
from pipeline.ingest.days import day_digest, files_by_day, ingest_day
from pipeline.run import STAGES, NoInputError, Stage, StageContext
from pipeline.tables import SCHEMAS

STAGING = ["staging"]
# Tables that feed other stages but are not part of the published dataset.
STAGED = {"raw_articles", "read_rejects", "article_rejects", "analysis_rejects"}

DESCRIPTIONS = {
    "raw_articles": "Records read from the raw files, before cleaning.",
    "read_rejects": "Raw files or records that could not be read.",
    "articles": "One row per distinct article: clean text, sources, publication date.",
    "article_rejects": "Records dropped while cleaning (empty, duplicate, too long).",
    "mentions": "One row per event mention in a sentence, typed, dated and geocoded.",
    "places": "One row per toponym mention, resolved against the gazetteer.",
    "analysis_rejects": "Articles a stage failed on, and rows quarantined by a quality rule.",
    "events": "One row per distinct event, merged across articles, with stable ids.",
    "event_changes": "Log of events added, updated or removed by each run.",
    "rejects": "Every file, record or article the pipeline could not use, with the reason.",
}
GROUPS = {"read": "ingestion", "clean": "ingestion", "analyse": "analysis", "merge": "events",
          "gather_rejects": "ingestion"}
# Stages whose tables are one partition per ingest day; the others read every partition and
# keep one table (events, event_changes), updated in place.
PARTITIONED = {"read", "clean", "analyse", "gather_rejects"}


def asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey([*STAGING, table] if table in STAGED else [table])


def output(table: pa.Table, name: str, extra: dict | None = None) -> dg.Output:
    """An asset output with its table metadata."""
    return dg.Output(table, output_name=name, metadata={**table_metadata(table, name), **(extra or {})})


def stage_context(context, stage: Stage) -> StageContext:
    """The library's stage context from the run's resources: raw folder, gazetteer, workers,
    the previous tables (read through the IO manager, where this run will write them), and
    for a partitioned stage the day whose files it reads."""
    resources = context.resources
    store = resources.io_manager
    raw = resources.data_dirs.raw_path()
    if stage.name == "read":
        # A missing or empty raw folder fails the run here, before any table is written: an
        # empty input must never publish empty tables.
        if not raw.is_dir():
            raise dg.Failure(f"raw folder {raw} does not exist (set CONFLICT_EVENTS_RAW): nothing "
                             "read, published tables left unchanged")
    select: Callable[[Path], bool] | None = None
    earlier: Callable[[], set[str]] = set
    if stage.name in PARTITIONED:
        day = context.partition_key
        select = lambda path: ingest_day(path, raw) == day  # noqa: E731

        def articles_before() -> set[str]:
            table = store.read_days(asset_key("articles"), lambda d: d < day, ["article_id"])
            return set(table["article_id"].to_pylist()) if table is not None else set()
        earlier = articles_before
    return StageContext(
        inputs=[raw], now=dt.datetime.now(dt.timezone.utc), workers=resources.gazetteer.workers,
        load_gazetteer=resources.gazetteer.load,
        previous=lambda name: store.load_table(asset_key(name), SCHEMAS[name]),
        select=select, earlier_articles=earlier, report=context.log.info)


def stage_asset(stage: Stage) -> dg.AssetsDefinition:
    """The multi-asset that runs `stage`: its input tables in, its output tables out."""

    @dg.multi_asset(
        name=stage.name,
        outs={t: dg.AssetOut(key_prefix=STAGING if t in STAGED else None, description=DESCRIPTIONS[t],
                             kinds={"python", "parquet"}, owners=["team:conflict-events"])
              for t in stage.outputs},
        ins={t: dg.AssetIn(key=asset_key(t),
                           # an unpartitioned stage reads every day that has been ingested
                           metadata={"allow_missing_partitions": True})
             for t in stage.inputs},
        partitions_def=ingest_days if stage.name in PARTITIONED else None,
        group_name=GROUPS[stage.name],
        description=stage.description,
        required_resource_keys={"data_dirs", "gazetteer", "io_manager"},
    )
    def _stage(context, **tables: pa.Table):
        started = time.perf_counter()
        ctx = stage_context(context, stage)
        for name, table in tables.items():
            if table is None:  # no partition of it at all: nothing was ingested yet
                key = asset_key(name).to_user_string()
                raise dg.Failure(f"input '{key}' has not been materialized for any day: materialize "
                                 f"'{key}' first (it is upstream of this asset), or run the whole "
                                 "job for a day (make run)")
        try:
            produced = stage.run(ctx, **tables)
        except NoInputError as exc:
            raise dg.Failure(str(exc)) from None
        for name in stage.outputs:
            extra: dict[str, object] = {}
            if stage.name == "read" and name == "raw_articles":
                # What the sensor compares to know whether a day's files were already read.
                raw = ctx.inputs[0]
                extra["content_digest"] = day_digest(files_by_day(raw).get(context.partition_key, []), raw)
            extra["stage_seconds"] = round(time.perf_counter() - started, 2)
            if stage.name == "merge" and name == "events":
                extra.update(pictures_metadata(produced[name]))  # the map and the chart in the UI
            yield output(produced[name], name, extra)

    return _stage


STAGE_ASSETS = [stage_asset(stage) for stage in STAGES]

"""Event assets: mentions merged into deduplicated events, the change log, and all rejects."""
from __future__ import annotations

import datetime as dt

import dagster as dg
import pyarrow as pa

from assets.ingestion import STAGING, output
from assets.metadata import table_metadata
from pipeline.run import build_events
from pipeline.tables import SCHEMAS, to_table


@dg.multi_asset(
    outs={
        "events": dg.AssetOut(description="One row per distinct event, merged across articles, with stable ids."),
        "event_changes": dg.AssetOut(description="Log of events added, updated or removed by each run."),
    },
    group_name="events",
    required_resource_keys={"io_manager"},
)
def events(context, mentions: pa.Table):
    """Merge mentions of the same event into one versioned record; log what changed."""
    now = dt.datetime.now(dt.timezone.utc)
    store = context.resources.io_manager  # the previous tables, from where this asset writes them
    previous = {name: store.load_table(dg.AssetKey(name), SCHEMAS[name])
                for name in ("events", "event_changes")}
    rows, changes = build_events(mentions.to_pylist(),
                                 *(t.to_pylist() if t is not None else None for t in previous.values()),
                                 now)
    yield output(to_table(rows, SCHEMAS["events"]), "events")
    yield output(to_table(changes, SCHEMAS["event_changes"]), "event_changes")


@dg.asset(
    ins={name: dg.AssetIn(key=dg.AssetKey([*STAGING, name]))
         for name in ("read_rejects", "article_rejects", "analysis_rejects")},
    group_name="ingestion",
)
def rejects(read_rejects: pa.Table, article_rejects: pa.Table, analysis_rejects: pa.Table):
    """Every file, record or article the pipeline could not use, with the reason."""
    table = pa.concat_tables([read_rejects, article_rejects, analysis_rejects])
    return dg.Output(table, metadata=table_metadata(table))

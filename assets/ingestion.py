"""Ingestion assets: files under the raw folder become raw records, then clean articles."""
from __future__ import annotations

import datetime as dt

import dagster as dg
import pyarrow as pa

from assets.metadata import table_metadata
from assets.resources import DataDirs
from pipeline import ingest
from pipeline.tables import SCHEMAS, to_table

STAGING = ["staging"]


def output(table: pa.Table, name: str) -> dg.Output:
    """An asset output with its table metadata."""
    return dg.Output(table, output_name=name, metadata=table_metadata(table))


@dg.multi_asset(
    outs={
        "raw_articles": dg.AssetOut(key_prefix=STAGING, description="Records read from the raw files, before cleaning."),
        "read_rejects": dg.AssetOut(key_prefix=STAGING, description="Raw files or records that could not be read."),
    },
    group_name="ingestion",
)
def raw_articles(data_dirs: DataDirs):
    """Read every article file (txt, html, json, jsonl) under the raw folder.

    A missing or empty raw folder fails the run here, before any table is written: an empty
    input must never publish empty tables (and log every event as removed)."""
    raw = data_dirs.raw_path()
    if not raw.is_dir():
        raise dg.Failure(f"raw folder {raw} does not exist (set CONFLICT_EVENTS_RAW): nothing "
                         "read, published tables left unchanged")
    if not ingest.scan_inputs([raw])[0]:
        raise dg.Failure(f"raw folder {raw} holds no input file: nothing read, published tables "
                         "left unchanged")
    records, rejects = ingest.read_raw([raw])
    yield output(to_table(records, SCHEMAS["raw_articles"]), "raw_articles")
    yield output(to_table(rejects, SCHEMAS["rejects"]), "read_rejects")


@dg.multi_asset(
    outs={
        "articles": dg.AssetOut(description="One row per distinct article: clean text, sources, publication date."),
        "article_rejects": dg.AssetOut(key_prefix=STAGING, description="Records dropped while cleaning (empty, duplicate, too long)."),
    },
    ins={"raw": dg.AssetIn(key=dg.AssetKey([*STAGING, "raw_articles"]))},
    group_name="ingestion",
)
def articles(raw: pa.Table):
    """Clean article text, find its sources and publication date, and id it by content."""
    now = dt.datetime.now(dt.timezone.utc)
    rows, rejects = ingest.clean_articles(raw.to_pylist(), now)
    yield output(to_table(rows, SCHEMAS["articles"]), "articles")
    yield output(to_table(rejects, SCHEMAS["rejects"]), "article_rejects")

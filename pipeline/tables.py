"""Explicit pyarrow schemas of every output table, and their atomic Parquet writer.

The schemas are the single source of truth: docs/CODEBOOK.md is checked against
them, and every table is built through `to_table` so that types never depend on
what pandas or pyarrow would infer from the data.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

QUANTITY = pa.struct([("value", pa.int64()), ("unit", pa.string()), ("text", pa.string())])
TS = pa.timestamp("us", tz="UTC")

ARTICLES = pa.schema([
    ("article_id", pa.string()),
    ("source_id", pa.string()),
    ("title", pa.string()),
    ("text", pa.string()),
    ("published", pa.date32()),
    ("published_source", pa.string()),
    ("publisher", pa.string()),
    ("source", pa.string()),
    ("cited_sources", pa.list_(pa.string())),
    ("url", pa.string()),
    ("source_path", pa.string()),
    ("language", pa.string()),
    ("content_sha256", pa.string()),
    ("n_sentences", pa.int32()),
    ("extra", pa.string()),
    ("ingested_at", TS),
])

# Columns that describe an event: shared by mentions and events.
_EVENT_FIELDS = [
    ("event_type", pa.string()),
    ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()),
    ("cameo_code", pa.string()),
    ("plover_type", pa.string()),
    ("plover_mode", pa.string()),
    ("actor1", pa.string()),
    ("actor1_type", pa.string()),
    ("actor2", pa.string()),
    ("actor2_type", pa.string()),
    ("objects", pa.list_(pa.string())),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("date_precision", pa.string()),
    ("date_text", pa.string()),
    ("date_source", pa.string()),
    ("place_name", pa.string()),
    ("geonameid", pa.int64()),
    ("place", pa.string()),
    ("admin1", pa.string()),
    ("country_code", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("geo_precision", pa.int8()),
    ("geo_reason", pa.string()),
    ("quantities", pa.list_(QUANTITY)),
    ("fatalities_best", pa.int64()),
    ("modality", pa.string()),
    ("claimant", pa.string()),
    ("confidence", pa.float64()),
    ("typed_by", pa.string()),
    ("extractor_version", pa.string()),
]

MENTIONS = pa.schema([
    ("mention_id", pa.string()),
    ("article_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("evidence", pa.string()),
    ("trigger", pa.string()),
    *_EVENT_FIELDS,
    ("published", pa.date32()),
])

EVENTS = pa.schema([
    ("event_id", pa.string()),
    *_EVENT_FIELDS,
    ("evidence", pa.string()),
    ("n_mentions", pa.int32()),
    ("n_articles", pa.int32()),
    ("mention_ids", pa.list_(pa.string())),
    ("article_ids", pa.list_(pa.string())),
    ("first_seen", pa.date32()),
    ("last_seen", pa.date32()),
    ("merge_reason", pa.string()),
    ("record_version", pa.int32()),
    ("updated_at", TS),
])

PLACES = pa.schema([
    ("article_id", pa.string()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("surface", pa.string()),
    ("geonameid", pa.int64()),
    ("name", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("feature_code", pa.string()),
    ("country_code", pa.string()),
    ("admin1", pa.string()),
    ("geo_precision", pa.int8()),
    ("score", pa.float64()),
    ("reason", pa.string()),
])

REJECTS = pa.schema([
    ("source_path", pa.string()),
    ("record", pa.string()),
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("reason_code", pa.string()),
    ("size_bytes", pa.int64()),
    ("rejected_at", TS),
])

EVENT_CHANGES = pa.schema([
    ("run_at", TS),
    ("event_id", pa.string()),
    ("change", pa.string()),
    ("record_version", pa.int32()),
    ("fields_changed", pa.list_(pa.string())),
])

# Staging: raw records as read from files, before cleaning (published still as written).
RAW_ARTICLES = pa.schema([
    ("source_path", pa.string()),
    ("record", pa.string()),
    ("format", pa.string()),
    ("source_id", pa.string()),
    ("title", pa.string()),
    ("text", pa.string()),
    ("published", pa.string()),
    ("published_source", pa.string()),
    ("url", pa.string()),
    ("publisher", pa.string()),
    ("source", pa.string()),
    ("language", pa.string()),
    ("extra", pa.string()),
    ("size_bytes", pa.int64()),
])

SCHEMAS: dict[str, pa.Schema] = {
    "raw_articles": RAW_ARTICLES,
    "articles": ARTICLES,
    "mentions": MENTIONS,
    "events": EVENTS,
    "places": PLACES,
    "rejects": REJECTS,
    "event_changes": EVENT_CHANGES,
}


def to_table(rows: Iterable[Mapping], schema: pa.Schema) -> pa.Table:
    """Build a table from dict rows, keeping only the schema's columns (missing ones are null)."""
    # from_pylist reads the dicts in C: several times faster than building the columns here
    return pa.Table.from_pylist([r if isinstance(r, dict) else dict(r) for r in rows], schema=schema)


def write_table(table: pa.Table, path: str | os.PathLike) -> Path:
    """Write a Parquet file atomically: a temp file in the same folder, then a rename.

    The file is created with mode 0666 less the umask (0644 typically), as any file the
    user writes, not the 0600 of a private temporary file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_table(path: str | os.PathLike, schema: pa.Schema | None = None) -> pa.Table | None:
    """Read a Parquet table if it exists (cast to `schema` when given), else None."""
    path = Path(path)
    if not path.exists():
        return None
    table = pq.read_table(path)
    return table.select(schema.names).cast(schema) if schema is not None else table

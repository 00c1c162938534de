"""Explicit pyarrow schemas of every output table, and their atomic Parquet writer.

The schemas come from the column registry (pipeline/registry.py over pipeline/columns.yaml), the
one source of the codebook and the blocking checks too; every table is built through `to_table`
so that types never depend on what pandas or pyarrow would infer from the data.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.registry import registry

# Generated from the column registry (pipeline/columns.yaml): one edit there changes the schema,
# the codebook and the checks together.
SCHEMAS: dict[str, pa.Schema] = registry().schemas()

ARTICLES = SCHEMAS["articles"]
MENTIONS = SCHEMAS["mentions"]
EVENTS = SCHEMAS["events"]
PLACES = SCHEMAS["places"]
REJECTS = SCHEMAS["rejects"]
EVENT_CHANGES = SCHEMAS["event_changes"]
RAW_ARTICLES = SCHEMAS["raw_articles"]  # staging: raw records as read, before cleaning


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

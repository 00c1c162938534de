"""Tables on any storage fsspec reaches: local paths and URLs such as `s3://bucket/prefix`.

Credentials and endpoints come from the environment, as for any fsspec/s3fs user
(`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINT_URL`, a profile...); nothing here
names a provider. Writes are atomic on both: a local file is written beside its target and
renamed into place (pipeline.tables.write_table), an object is sent in one PUT of the whole
file, which object stores make visible all at once or not at all."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

from pipeline import tables

# A place a table is read from or written to: a local path, a URL, or a UPath of either.
Location = str | os.PathLike | UPath


def as_path(location: Location) -> UPath:
    """A UPath for a local path or a URL."""
    return location if isinstance(location, UPath) else UPath(str(location))


def is_local(location: Location) -> bool:
    """True for a plain path or a file:// URL."""
    return as_path(location).protocol in ("", "file", "local")


def local_path(location: Location) -> Path:
    """The plain path of a local location."""
    return Path(as_path(location).path)


def write_table(table: pa.Table, location: Location) -> str:
    """Write `table` as Parquet at `location`, atomically; returns the location written."""
    if is_local(location):
        return str(tables.write_table(table, local_path(location)))
    path = as_path(location)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    # One PUT of the finished file: readers see the old object or the new one, never a part.
    path.fs.pipe_file(path.path, sink.getvalue().to_pybytes())
    return str(path)


def put_file(source: str | os.PathLike, location: Location) -> str:
    """Copy a finished local file to `location`: a local copy renamed into place, or one upload
    of the whole file (an object appears only once its upload completes)."""
    if is_local(location):
        target = local_path(location)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return str(target)
    path = as_path(location)
    path.fs.put_file(str(source), path.path)
    return str(path)


def read_table(location: Location, schema: pa.Schema | None = None) -> pa.Table | None:
    """The Parquet table at `location` (cast to `schema` when given), or None when absent."""
    if is_local(location):
        return tables.read_table(local_path(location), schema)
    path = as_path(location)
    if not path.fs.exists(path.path):
        return None
    with path.fs.open(path.path, "rb") as f:
        table = pq.read_table(f)
    return table.select(schema.names).cast(schema) if schema is not None else table


def exists(location: Location) -> bool:
    path = as_path(location)
    return path.fs.exists(path.path)

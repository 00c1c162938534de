"""Explicit pyarrow schemas of every output table, and their atomic Parquet writer.

The schemas come from the column registry (pipeline/registry.py over pipeline/columns.yaml), the
one source of the codebook and the blocking checks too; every table is built through `to_table`
so that types never depend on what pandas or pyarrow would infer from the data.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterable, Iterator, Mapping, TypeAlias, Union

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


# ---------------------------------------------------------------------------------------------
# Tables that are written and read in batches, so that a run never holds a whole table: the
# stages write their outputs through a sink (spool_sink: a Parquet file written one row group at
# a time; memory_sink: one pa.Table, for small runs) and read their inputs with iter_rows.

# Rows kept in memory before a row group is written (a few MB of article text), and the bytes
# of Arrow data that also end a row group or a batch: long articles make smaller ones.
ROW_GROUP_ROWS = 5_000
MAX_BATCH_BYTES = 64 * 1024 * 1024


class TableFile:
    """A finished table spooled to a Parquet file: its row count and schema from the file's
    metadata, its rows read one batch at a time (or whole, or a few columns, when asked)."""

    def __init__(self, path: str | os.PathLike, schema: pa.Schema):
        self.path, self.schema = Path(path), schema
        self.num_rows = pq.ParquetFile(self.path).metadata.num_rows

    @property
    def column_names(self) -> list[str]:
        return self.schema.names

    def iter_batches(self, rows: int = ROW_GROUP_ROWS, columns: list[str] | None = None
                     ) -> Iterator[pa.Table]:
        with pq.ParquetFile(self.path) as f:
            for batch in f.iter_batches(batch_size=rows, columns=columns):
                yield pa.Table.from_batches([batch]).cast(_select(self.schema, columns))

    def read(self, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(self.path, columns=columns).cast(_select(self.schema, columns))

    def __repr__(self) -> str:
        return f"TableFile({str(self.path)!r}, {self.num_rows} rows)"


def _select(schema: pa.Schema, columns: list[str] | None) -> pa.Schema:
    return schema if columns is None else pa.schema([schema.field(c) for c in columns])


# What a stage may be given as an input table: in memory, or spooled to a file.
AnyTable: TypeAlias = Union[pa.Table, TableFile]


def iter_tables(table: AnyTable, rows: int = ROW_GROUP_ROWS) -> Iterator[pa.Table]:
    """The table in consecutive slices of at most `rows` rows and about MAX_BATCH_BYTES of
    data (none for an empty table)."""
    parts = table.iter_batches(rows) if isinstance(table, TableFile) else \
        (table.slice(start, rows) for start in range(0, table.num_rows, rows))
    for part in parts:
        pieces = -(-part.nbytes // MAX_BATCH_BYTES) if part.num_rows > 1 else 1
        if pieces <= 1:
            yield part
            continue
        size = -(-part.num_rows // pieces)
        for start in range(0, part.num_rows, size):
            yield part.slice(start, size)


def iter_rows(table: AnyTable, rows: int = ROW_GROUP_ROWS) -> Iterator[list[dict]]:
    """The table's rows as dicts, `rows` at a time."""
    for part in iter_tables(table, rows):
        yield part.to_pylist()


def read_all(table: AnyTable, columns: list[str] | None = None) -> pa.Table:
    """The whole table in memory (only the named columns when given)."""
    if isinstance(table, TableFile):
        return table.read(columns)
    return table.select(columns) if columns is not None else table


class TableSink:
    """Where a stage writes one output table, in parts written in any interleaving and
    concatenated in part order at close (e.g. a stage's rejects of two kinds, each kind in
    input order). Rows go in as dicts or tables of the sink's schema."""

    def __init__(self, schema: pa.Schema, parts: int = 1):
        self.schema = schema
        self._parts = [_Part(self, i) for i in range(parts)]

    def part(self, i: int) -> "_Part":
        return self._parts[i]

    def write_rows(self, rows: Iterable[Mapping]) -> None:
        self._parts[0].write_rows(rows)

    def write_table(self, table: pa.Table) -> None:
        self._parts[0].write_table(table)

    def close(self) -> AnyTable:  # pragma: no cover - overridden
        raise NotImplementedError

    def _append(self, i: int, table: pa.Table) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class _Part:
    def __init__(self, sink: TableSink, index: int):
        self.sink, self.index = sink, index

    def write_rows(self, rows: Iterable[Mapping]) -> None:
        rows = list(rows)
        if rows:
            self.sink._append(self.index, to_table(rows, self.sink.schema))

    def write_table(self, table: pa.Table) -> None:
        if table.num_rows:
            self.sink._append(self.index, table.select(self.sink.schema.names).cast(self.sink.schema))


class MemorySink(TableSink):
    """Parts kept as tables; close() gives one pa.Table."""

    def __init__(self, schema: pa.Schema, parts: int = 1):
        super().__init__(schema, parts)
        self._tables: list[list[pa.Table]] = [[] for _ in range(parts)]

    def _append(self, i: int, table: pa.Table) -> None:
        self._tables[i].append(table)

    def close(self) -> pa.Table:
        tables = [t for part in self._tables for t in part]
        if not tables:
            return self.schema.empty_table()
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


class SpoolSink(TableSink):
    """Parts written to Parquet files one row group at a time (ROW_GROUP_ROWS rows buffered);
    close() joins them into `path` in part order, streamed, and gives its TableFile."""

    def __init__(self, path: str | os.PathLike, schema: pa.Schema, parts: int = 1):
        super().__init__(schema, parts)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._files = [self.path] if parts == 1 else \
            [self.path.with_name(f".{self.path.name}.part{i}") for i in range(parts)]
        self._writers: list[pq.ParquetWriter | None] = [None] * parts
        self._buffers: list[list[pa.Table]] = [[] for _ in range(parts)]
        self._buffered = [0] * parts
        self._bytes = [0] * parts

    def _append(self, i: int, table: pa.Table) -> None:
        self._buffers[i].append(table)
        self._buffered[i] += table.num_rows
        self._bytes[i] += table.nbytes
        if self._buffered[i] >= ROW_GROUP_ROWS or self._bytes[i] >= MAX_BATCH_BYTES:
            self._flush(i)

    def _flush(self, i: int) -> None:
        if not self._buffers[i]:
            return
        if self._writers[i] is None:
            self._writers[i] = _writer(self._files[i], self.schema)
        writer = self._writers[i]
        assert writer is not None
        writer.write_table(pa.concat_tables(self._buffers[i]))
        self._buffers[i], self._buffered[i], self._bytes[i] = [], 0, 0

    def close(self) -> TableFile:
        for i in range(len(self._files)):
            self._flush(i)
            writer = self._writers[i]
            if writer is not None:
                writer.close()
        if len(self._files) == 1:
            if self._writers[0] is None:
                _writer(self.path, self.schema).close()
            return TableFile(self.path, self.schema)
        out = _writer(self.path, self.schema)
        try:
            for part, writer in zip(self._files, self._writers):
                if writer is None:
                    continue
                for table in TableFile(part, self.schema).iter_batches(ROW_GROUP_ROWS):
                    out.write_table(table)
                part.unlink()
        finally:
            out.close()
        return TableFile(self.path, self.schema)


def _writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    """A Parquet writer creating `path` with mode 0666 less the umask (see write_table)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    os.close(fd)
    return pq.ParquetWriter(path, schema, compression="zstd")

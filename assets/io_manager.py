"""The Parquet IO manager: every asset is a pyarrow Table stored under one base location, a
local folder or a URL such as `s3://bucket/prefix` (pipeline.storage: fsspec, credentials from
the environment, atomic writes on both).

Layout under the base: `<key path>.parquet` for an unpartitioned asset (`events.parquet`), and
`<key path>/ingest_date=YYYY-MM-DD/part-0.parquet` for each partition of a partitioned one, so
that `pd.read_parquet("<base>/mentions")` reads the whole table (hive partitioning: the day
comes back as an `ingest_date` column)."""
from __future__ import annotations

import dagster as dg
import pyarrow as pa
from upath import UPath

from pipeline import storage

PARTITION_COLUMN = "ingest_date"


class TableStore(dg.UPathIOManager):
    """Writes pyarrow Tables to Parquet and reads them back (local paths and URLs)."""

    extension = ".parquet"

    def dump_to_path(self, context: dg.OutputContext, obj: pa.Table, path: UPath) -> None:
        storage.write_table(obj, path)

    def load_from_path(self, context: dg.InputContext, path: UPath) -> pa.Table:
        table = storage.read_table(path)
        if table is None:
            key = "/".join(context.asset_key.path)
            raise dg.Failure(f"input '{key}' has not been materialized ({path} does not exist): "
                             f"materialize '{key}' first (it is upstream of this asset), or run the "
                             "whole job (make run)")
        return table

    def get_path_for_partition(self, context, path: UPath, partition: str) -> UPath:
        return path / f"{PARTITION_COLUMN}={partition}" / "part-0"

    def load_partitions(self, context: dg.InputContext):
        """One partition: its table. Several (an unpartitioned asset reading every day): one
        table of the partitions that exist, earliest day first, with an `ingest_date` column;
        the folder is listed once instead of probing every day of the calendar."""
        keys = context.asset_partition_keys
        if len(keys) == 1:
            return super().load_partitions(context)
        wanted = set(keys)
        table = self.read_days(context.asset_key, lambda day: day in wanted)
        context.log.debug(f"read {'/'.join(context.asset_key.path)} over {len(wanted)} days")
        return table

    def read_days(self, key: dg.AssetKey, keep, columns: list[str] | None = None) -> pa.Table | None:
        """The partitions of `key` whose day `keep` accepts, earliest first, as one table with an
        `ingest_date` column (None when there is none)."""
        folder = self._base_path.joinpath(*key.path)
        found = {}
        if storage.exists(folder):
            for entry in folder.iterdir():
                name = entry.name
                if name.startswith(f"{PARTITION_COLUMN}=") and keep(name.split("=", 1)[1]):
                    found[name.split("=", 1)[1]] = entry / "part-0.parquet"
        parts = []
        for day in sorted(found):
            table = storage.read_table(found[day])
            if table is not None:
                table = table.select(columns) if columns else table
                parts.append(table.append_column(PARTITION_COLUMN, pa.array([day] * table.num_rows,
                                                                            pa.string())))
        return pa.concat_tables(parts) if parts else None

    def make_directory(self, path: UPath) -> None:
        if storage.is_local(path):  # object stores have no folders to make
            path.mkdir(parents=True, exist_ok=True)

    def location(self, key: dg.AssetKey) -> UPath:
        """Where the unpartitioned asset `key` is stored."""
        return self._with_extension(self._base_path.joinpath(*key.path))

    def load_table(self, key: dg.AssetKey, schema: pa.Schema | None = None) -> pa.Table | None:
        """The stored table of an unpartitioned asset, or None before its first materialization
        (how an asset reads its own previous value, e.g. the events it updates)."""
        return storage.read_table(self.location(key), schema)


class ParquetIOManager(dg.ConfigurableIOManagerFactory):
    """Parquet tables under `base_dir`: a folder, or a URL of any fsspec filesystem (`s3://...`).
    The one setting for where the tables go (CONFLICT_EVENTS_PROCESSED)."""

    base_dir: str

    def create_io_manager(self, context) -> TableStore:
        return TableStore(base_path=storage.as_path(self.base_dir))

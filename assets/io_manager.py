"""The Parquet IO manager: every asset is a pyarrow Table stored under one base location, a
local folder or a URL such as `s3://bucket/prefix` (pipeline.storage: fsspec, credentials from
the environment, atomic writes on both).

Layout under the base: `<key path>.parquet` for an unpartitioned asset (`events.parquet`,
`staging/raw_articles.parquet`)."""
from __future__ import annotations

import dagster as dg
import pyarrow as pa
from upath import UPath

from pipeline import storage


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

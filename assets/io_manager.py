"""Parquet IO manager: every asset is a pyarrow Table stored as `<base_dir>/<key path>.parquet`."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.tables import write_table


class ParquetIOManager(dg.ConfigurableIOManager):
    """Writes pyarrow Tables atomically to Parquet and reads them back."""

    base_dir: str

    def _path(self, key: dg.AssetKey) -> Path:
        return Path(self.base_dir).joinpath(*key.path).with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pa.Table) -> None:
        path = write_table(obj, self._path(context.asset_key))
        context.add_output_metadata({"path": dg.MetadataValue.path(str(path))})

    def load_input(self, context: dg.InputContext) -> pa.Table:
        path = self._path(context.asset_key)
        if not path.exists():
            key = "/".join(context.asset_key.path)
            raise dg.Failure(f"input '{key}' has not been materialized ({path} does not exist): "
                             f"materialize '{key}' first (it is upstream of this asset), or run the "
                             "whole job (make run)")
        return pq.read_table(path)

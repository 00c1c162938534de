"""The Parquet IO manager: every asset is a pyarrow Table stored under one base location, a
local folder or a URL such as `s3://bucket/prefix` (pipeline.storage: fsspec, credentials from
the environment, atomic writes on both).

Layout under the base: `<key path>.parquet` for an unpartitioned asset (`events.parquet`), and
`<key path>/ingest_date=YYYY-MM-DD/part-0.parquet` for each partition of a partitioned one, so
that `pd.read_parquet("<base>/mentions")` reads the whole table (hive partitioning: the day
comes back as an `ingest_date` column).

A local base publishes a run's tables together, as `conflict-events extract` does
(pipeline.publish): every output of a run is written into `runs/.staging-dagster-<run id>/`;
when the last table the run is to write is there, the files of the published run it does not
replace (the other days' partitions, the tables of assets outside the run) are hard-linked in
beside them, the folder is renamed into `runs/` and the `current` link swapped in one atomic
rename. The names readers use (`<base>/mentions`, `<base>/events.parquet`) are links into
`current`, so a reader sees every table of the previous run or every table of this one, never a
day's new `articles` beside its old `mentions`; a run that fails or is killed publishes nothing
(its staging folder is removed by the next publication). An object store (s3://) has no links:
there each table is one atomic PUT, and the tables of a run are not swapped together."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pyarrow as pa
from upath import UPath

from pipeline import publish, storage, tables

PARTITION_COLUMN = "ingest_date"
STAGING = f"{publish.STAGING_PREFIX}dagster-"


class TableStore(dg.UPathIOManager):
    """Writes pyarrow Tables to Parquet and reads them back (local paths and URLs)."""

    extension = ".parquet"

    # -- where a run's outputs are staged (a local base only) ---------------------------------

    @property
    def local(self) -> bool:
        return storage.is_local(self._base_path)

    def _root(self) -> Path:
        return storage.local_path(self._base_path)

    def staging(self, run_id: str) -> Path:
        """The folder where the run `run_id` writes its tables until they are published."""
        return self._root() / publish.RUNS / f"{STAGING}{run_id}"

    def _staged(self, run_id: str, path: UPath) -> Path:
        return self.staging(run_id) / Path(path.path).relative_to(self._root())

    def _readable(self, run_id: str | None, path: UPath) -> UPath:
        """This run's own staged copy of `path` when it wrote one, else the published file."""
        if self.local and run_id is not None:
            staged = self._staged(run_id, path)
            if staged.exists():
                return storage.as_path(staged)
        return path

    # -- writing and reading --------------------------------------------------------------------

    def dump_to_path(self, context: dg.OutputContext, obj: pa.Table, path: UPath) -> None:
        if not self.local:
            storage.write_table(obj, path)
            return
        staged = self._staged(context.run_id, path)
        if isinstance(obj, tables.TableFile):
            staged.parent.mkdir(parents=True, exist_ok=True)
            os.replace(obj.path, staged)
        else:
            tables.write_table(obj, staged)
        publish.checkpoint(f"dagster-write:{'/'.join(context.asset_key.path)}")
        if self._run_complete(context):
            self.publish(context.run_id)

    def publish(self, run_id: str) -> Path:
        """Publish every table the run staged, together (see the module's docstring)."""
        with publish.output_lock(self._root(), keep=self.staging(run_id)):
            return publish.publish_staging(self._root(), self.staging(run_id))

    def _run_complete(self, context: dg.OutputContext) -> bool:
        """Whether every asset output of the run's plan is now staged; True when the plan cannot
        be read (each output is then published as it comes)."""
        try:
            step_context = context.step_context
            plan = step_context.execution_plan
            expected = [out.properties.asset_key for key in plan.step_keys_to_execute
                        for out in plan.get_step_by_key(key).step_outputs
                        if out.properties.is_asset and out.properties.asset_key is not None]
        except Exception:  # noqa: BLE001 - outside a run (direct use of the IO manager)
            return True
        staging = self.staging(context.run_id)
        for key in expected:
            folder = staging.joinpath(*key.path)
            # an unpartitioned table, or the one day a run writes of a partitioned one
            if not folder.with_suffix(".parquet").exists() and \
                    not any(folder.glob(f"{PARTITION_COLUMN}=*/part-0.parquet")):
                return False
        return True

    def load_from_path(self, context: dg.InputContext, path: UPath) -> pa.Table:
        table = storage.read_table(self._readable(_run_id(context), path))
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
        table = self.read_days(context.asset_key, lambda day: day in wanted, run_id=_run_id(context))
        context.log.debug(f"read {'/'.join(context.asset_key.path)} over {len(wanted)} days")
        return table

    def read_days(self, key: dg.AssetKey, keep, columns: list[str] | None = None,
                  run_id: str | None = None) -> pa.Table | None:
        """The partitions of `key` whose day `keep` accepts, earliest first, as one table with an
        `ingest_date` column (None when there is none); with `run_id`, the days that run has
        staged are read from its staging folder."""
        folders = [self._base_path.joinpath(*key.path)]
        if self.local and run_id is not None:
            folders.append(storage.as_path(self.staging(run_id).joinpath(*key.path)))
        found = {}
        for folder in folders:  # the staged day, if any, replaces the published one
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
        # A local base writes into the run's staging folder (dump_to_path makes its folders);
        # object stores have no folders to make.
        return None

    def location(self, key: dg.AssetKey) -> UPath:
        """Where the unpartitioned asset `key` is stored."""
        return self._with_extension(self._base_path.joinpath(*key.path))

    def load_table(self, key: dg.AssetKey, schema: pa.Schema | None = None) -> pa.Table | None:
        """The published table of an unpartitioned asset, or None before its first
        materialization (how an asset reads its own previous value, e.g. the events it updates)."""
        return storage.read_table(self.location(key), schema)


def _run_id(context) -> str | None:
    """The run an input is loaded for (None outside a run: only published tables are read)."""
    try:
        return context.step_context.run_id
    except Exception:  # noqa: BLE001 - no step context (direct use of the IO manager)
        return None


class ParquetIOManager(dg.ConfigurableIOManagerFactory):
    """Parquet tables under `base_dir`: a folder, or a URL of any fsspec filesystem (`s3://...`).
    The one setting for where the tables go (CONFLICT_EVENTS_PROCESSED)."""

    base_dir: str

    def create_io_manager(self, context) -> TableStore:
        return TableStore(base_path=storage.as_path(self.base_dir))

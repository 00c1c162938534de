"""`make run`: materialize every asset into the persistent Dagster instance and summarise."""
from __future__ import annotations

import sys

import dagster as dg

from assets.definitions import defs
from assets.hygiene import mark_dead_runs_failed


def main() -> int:
    """Materialize all assets, print each table's row count, exit non-zero on failure."""
    instance = dg.DagsterInstance.get()
    for run_id in mark_dead_runs_failed(instance):
        print(f"run {run_id} had died (its process is gone): marked failed", file=sys.stderr)
    job = defs.resolve_implicit_global_asset_job_def()
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet)
    if not result.success:
        print("run failed; see the Dagster UI (make ui) for the failing step", file=sys.stderr)
        return 1
    processed = defs.resources["io_manager"].base_dir
    print(f"run {result.run_id} wrote to {processed}/:")
    for event in result.get_asset_materialization_events():
        mat = event.step_materialization_data.materialization
        key = "/".join(mat.asset_key.path)
        if key.startswith("staging/"):
            continue
        rows = mat.metadata.get("dagster/row_count")
        print(f"  {key + '.parquet':24s} {rows.value if rows else '?':>7} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

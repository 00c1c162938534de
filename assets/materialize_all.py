"""`make run`: run the named job `all_tables_job` for every ingest day that has raw files, in
the persistent Dagster instance (its runs show in `make ui`), and summarise."""
from __future__ import annotations

import sys

import dagster as dg

from assets.definitions import defs
from assets.hygiene import mark_dead_runs_failed
from assets.jobs import ingested_digest
from assets.partitions import ingest_days
from pipeline.ingest.days import day_digest, files_by_day


def main() -> int:
    """Run the job for each day whose files were not yet read with this content; exit non-zero
    on a failure or when the raw folder holds nothing."""
    instance = dg.DagsterInstance.get()
    for run_id in mark_dead_runs_failed(instance):
        print(f"run {run_id} had died (its process is gone): marked failed", file=sys.stderr)
    resources = defs.resources or {}
    raw = resources["data_dirs"].raw_dir
    days = files_by_day(raw)
    if not days:
        print(f"error: no input files under {raw} (set CONFLICT_EVENTS_RAW): nothing read, "
              "published tables left unchanged", file=sys.stderr)
        return 1
    valid = set(ingest_days.get_partition_keys())
    job = defs.resolve_job_def("all_tables_job")
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    processed = resources["io_manager"].base_dir
    for day, files in sorted(days.items()):
        if day not in valid:
            print(f"{len(files)} files of {day}: before the first partition "
                  f"({ingest_days.start:%Y-%m-%d}, CONFLICT_EVENTS_START_DATE): not read", file=sys.stderr)
            continue
        if ingested_digest(instance, day) == day_digest(files, raw):
            print(f"{day}: {len(files)} files, already read with this content")
            continue
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet,
                                        partition_key=day)
        if not result.success:
            print(f"run for {day} failed; see the Dagster UI (make ui) for the failing step",
                  file=sys.stderr)
            return 1
        print(f"{day}: run {result.run_id} wrote to {processed}/:")
        for event in result.get_asset_materialization_events():
            mat = event.step_materialization_data.materialization
            key = "/".join(mat.asset_key.path)
            if key.startswith("staging/"):
                continue
            rows = mat.metadata.get("dagster/row_count")
            print(f"  {key:16s} {rows.value if rows else '?':>7} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

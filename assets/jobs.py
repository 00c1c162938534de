"""The job that rebuilds every table, its daily schedule, and a sensor for new raw files."""
from __future__ import annotations

import hashlib
import os

import dagster as dg

from pipeline.ingest.readers import list_input_files

all_tables_job = dg.define_asset_job(
    # The feeds asset is partitioned by fetch date and has its own job and schedule (assets/feeds.py).
    "all_tables_job", selection=dg.AssetSelection.all() - dg.AssetSelection.assets("feeds"),
    description="Ingest the raw folder and rebuild every table.")

daily_schedule = dg.ScheduleDefinition(
    name="daily_refresh", job=all_tables_job, cron_schedule="0 6 * * *",
    execution_timezone="UTC", description="Rebuild every table each morning at 06:00 UTC.")


def raw_fingerprint(raw_dir: str) -> str:
    """A hash of the raw folder's file names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in list_input_files([raw_dir]) if os.path.isdir(raw_dir) else []:
        st = path.stat()
        digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def make_raw_files_sensor(raw_dir: str) -> dg.SensorDefinition:
    """A sensor that requests a run when files under `raw_dir` are added, changed or removed."""

    @dg.sensor(job=all_tables_job, minimum_interval_seconds=60,
               default_status=dg.DefaultSensorStatus.STOPPED)
    def raw_files_sensor(context: dg.SensorEvaluationContext):
        """Rebuild the tables when the raw folder changes."""
        fingerprint = raw_fingerprint(raw_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason(f"no change under {raw_dir}")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return raw_files_sensor

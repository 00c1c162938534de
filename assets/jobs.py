"""The job that ingests one day's files and updates every table, its daily schedule, and the
sensor that runs it for each day whose files are new or changed."""
from __future__ import annotations

import datetime as dt
import json

import dagster as dg

from assets.partitions import ingest_days
from pipeline.ingest.days import day_digest, files_by_day

RAW_KEY = dg.AssetKey(["staging", "raw_articles"])

all_tables_job = dg.define_asset_job(
    # The feeds asset is partitioned by fetch date and has its own job and schedule (assets/feeds.py).
    "all_tables_job", selection=dg.AssetSelection.all() - dg.AssetSelection.assets("feeds"),
    description="Ingest one day's raw files (the partition) and update every table: the day's "
                "partitions of the ingest-side tables, and events / event_changes in place.")


@dg.schedule(job=all_tables_job, cron_schedule="0 6 * * *", execution_timezone="UTC",
             name="daily_refresh", default_status=dg.DefaultScheduleStatus.STOPPED)
def daily_schedule(context: dg.ScheduleEvaluationContext):
    """Each morning at 06:00 UTC, (re-)ingest yesterday's files: late arrivals of a finished day.
    Off by default; the sensor is what processes files as they arrive."""
    day = (context.scheduled_execution_time.astimezone(dt.timezone.utc).date()
           - dt.timedelta(days=1)).isoformat()
    return dg.RunRequest(partition_key=day, run_key=f"daily-{day}")


def ingested_digest(instance: dg.DagsterInstance, day: str) -> str | None:
    """The content digest of the files the last materialization of `day` read, if any."""
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=RAW_KEY, asset_partitions=[day]), limit=1).records
    if not records:
        return None
    materialization = records[0].asset_materialization
    value = materialization.metadata.get("content_digest") if materialization is not None else None
    return str(value.value) if value is not None else None


def make_raw_files_sensor(raw_dir: str) -> dg.SensorDefinition:
    """A sensor that requests one run per ingest day whose files are new or changed."""

    @dg.sensor(job=all_tables_job, minimum_interval_seconds=60,
               default_status=dg.DefaultSensorStatus.STOPPED)
    def raw_files_sensor(context: dg.SensorEvaluationContext):
        """Run the job for each day whose raw files changed since they were last read.

        The run key is the day and the digest of its files' contents, so the same files are
        never processed twice (Dagster drops a run key it has seen); the cursor keeps the last
        digest of each day, and a day the instance already ingested with the same content (by
        `make run`, a backfill) is not requested again. A day whose files were only removed is
        re-run too: its partitions lose the file's rows, but `events` keeps its events
        (pipeline/dedup/retention.py)."""
        seen = json.loads(context.cursor) if context.cursor else {}
        valid = set(ingest_days.get_partition_keys())
        requests, current = [], {}
        for day, files in sorted(files_by_day(raw_dir).items()):
            if day not in valid:
                context.log.warning(f"{len(files)} files of {day} lie outside the partitions "
                                    f"(from {ingest_days.start:%Y-%m-%d}): not read")
                continue
            digest = current[day] = day_digest(files, raw_dir)
            if seen.get(day) == digest:
                continue
            if day not in seen and ingested_digest(context.instance, day) == digest:
                continue  # already read with this content (make run, a backfill)
            requests.append(dg.RunRequest(partition_key=day, run_key=f"{day}:{digest}"))
        context.update_cursor(json.dumps({**seen, **current}, sort_keys=True))
        if not requests:
            return dg.SkipReason(f"no new or changed files under {raw_dir}")
        return requests

    return raw_files_sensor

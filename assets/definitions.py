"""The one Definitions object of the conflict-events code location."""
from __future__ import annotations

import os

import dagster as dg

from assets.checks import ALL_CHECKS
from assets.feeds import FeedsConfigResource, feeds, feeds_job, make_feeds_schedule, schedule_setting
from assets.io_manager import ParquetIOManager
from assets.jobs import all_tables_job, daily_schedule, make_raw_files_sensor
from assets.resources import DataDirs, GazetteerResource
from assets.stages import STAGE_ASSETS


ALL_ASSETS = [*STAGE_ASSETS]


def build_definitions(raw_dir: str, processed_dir: str, extra_sources: list[str] | None = None,
                      cache_dir: str | None = None, workers: int = 1,
                      feeds_config: str | None = None) -> dg.Definitions:
    """Definitions over the given raw folder and output location (a folder or a URL such as
    s3://bucket/prefix); tests pass temporary ones."""
    return dg.Definitions(
        # `feeds` is partitioned by fetch date, apart from ALL_ASSETS (see assets/feeds.py).
        assets=[*ALL_ASSETS, feeds],
        asset_checks=ALL_CHECKS,
        jobs=[all_tables_job, feeds_job],
        # One process per run: a step per process cost 51-88 s a run from the UI against 8 s in
        # process (startup and imports per step); the analysis stage forks its own workers
        # (CONFLICT_EVENTS_WORKERS), which is where more processes pay.
        executor=dg.in_process_executor,
        schedules=[daily_schedule, make_feeds_schedule(schedule_setting(feeds_config))],
        sensors=[make_raw_files_sensor(raw_dir)],
        resources={
            "data_dirs": DataDirs(raw_dir=raw_dir),
            "gazetteer": GazetteerResource(extra_sources=extra_sources or [], cache_dir=cache_dir,
                                           workers=workers),
            "io_manager": ParquetIOManager(base_dir=processed_dir),
            "feeds_config": FeedsConfigResource(config_path=feeds_config),
        },
    )


def _env_list(name: str) -> list[str]:
    return [p for p in os.environ.get(name, "").split(",") if p]


defs = build_definitions(
    raw_dir=os.environ.get("CONFLICT_EVENTS_RAW", "data/raw"),
    processed_dir=os.environ.get("CONFLICT_EVENTS_PROCESSED", "data/processed"),
    extra_sources=_env_list("CONFLICT_EVENTS_GEONAMES"),
    cache_dir=os.environ.get("CONFLICT_EVENTS_CACHE"),
    workers=int(os.environ.get("CONFLICT_EVENTS_WORKERS", "1")),
    feeds_config=os.environ.get("CONFLICT_EVENTS_FEEDS"),
)

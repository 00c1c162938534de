"""Daily partitions by ingest day for the ingest-side assets (raw records, articles, mentions,
places, rejects); `events` and `event_changes` stay unpartitioned and are updated from every
partition (see pipeline.ingest.days for which day a raw file belongs to)."""
from __future__ import annotations

import os

import dagster as dg

# The first ingest day a partition exists for; files of earlier days are never read (set
# CONFLICT_EVENTS_START_DATE to backfill older batches). end_offset=1: today's partition exists,
# so files arriving today are processed today.
START_DATE = os.environ.get("CONFLICT_EVENTS_START_DATE", "2020-01-01")

ingest_days = dg.DailyPartitionsDefinition(start_date=START_DATE, end_offset=1, timezone="UTC")

"""The feeds asset: news feeds and their article pages fetched into the raw store, one daily
partition per fetch date, and its schedule (stopped by default, like the rest).

The asset's product is the stored day `<raw>/feeds/YYYY-MM-DD/` (no table of its own, so no IO
manager is involved): the ingest assets read the store with the other raw files. Running the
partition of today fetches; running a past day (or today with `replay: true`) fetches nothing
and reports what that day's store holds, which is what a replay of the ingest stage reads.
"""

import datetime as dt

import dagster as dg

from assets.resources import DataDirs
from pipeline.ingest import feeds as feed_source

FEED_DAYS = dg.DailyPartitionsDefinition(start_date="2026-01-01", end_offset=1, timezone="UTC")


class FeedsConfigResource(dg.ConfigurableResource):
    """Where config/feeds.yaml is (None: $CONFLICT_EVENTS_FEEDS, else the repository's file)."""

    config_path: str | None = None

    def load(self) -> feed_source.FeedsConfig:
        return feed_source.load_config(self.config_path)


class FeedsRunConfig(dg.Config):
    replay: bool = False  # true: fetch nothing, report the stored day (also for today)


@dg.asset(
    partitions_def=FEED_DAYS,
    group_name="feeds",
    retry_policy=dg.RetryPolicy(max_retries=3, delay=60, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
    description="RSS/Atom feeds and their article pages fetched into <raw>/feeds/YYYY-MM-DD/ (config/feeds.yaml).",
)
def feeds(context: dg.AssetExecutionContext, config: FeedsRunConfig, data_dirs: DataDirs,
          feeds_config: FeedsConfigResource) -> dg.MaterializeResult:
    """Fetch the configured feeds politely and safely into the raw store (today's partition),
    or report a stored day. Refusals are stored and become rejects; they never fail the run.
    The run fails (and is retried) only when every feed failed for a transient reason."""
    day = dt.date.fromisoformat(context.partition_key)
    today = dt.datetime.now(dt.timezone.utc).date()
    try:
        settings = feeds_config.load()
    except feed_source.ConfigError as exc:
        raise dg.Failure(str(exc), allow_retries=False) from None
    store = feed_source.store_root(data_dirs.raw_path())
    if day == today and not config.replay:
        summary = feed_source.fetch_feeds(settings, data_dirs.raw_path(), day)
        mode = "fetched"
        if summary.feeds and summary.transient_feed_failures == summary.feeds:
            raise dg.Failure(f"all {summary.feeds} feeds failed for transient reasons (timeouts, 5xx): "
                             "retried by the asset's RetryPolicy", metadata=summary.as_dict())
        counts = {**feed_source.summarise_day(data_dirs.raw_path(), day), "feeds": summary.feeds,
                  "unchanged": summary.unchanged, "requests": summary.requests}
        run = {k: getattr(summary, k) for k in ("fetched", "new", "rejected", "not_modified")}
        extra = {f"this_run_{k}": v for k, v in run.items()}
    else:
        mode = "replayed from the store (no request sent)"
        counts, extra = feed_source.summarise_day(data_dirs.raw_path(), day), {}
    context.log.info(f"feeds {day}: {mode}: {counts}")
    return dg.MaterializeResult(metadata={
        **counts, **extra, "mode": mode,
        "store": dg.MetadataValue.path(str(store / day.isoformat())),
    })


feeds_job = dg.define_asset_job("feeds_job", selection=[feeds],
                                description="Fetch the configured news feeds into the raw store.")


def make_feeds_schedule(schedule: str = "daily") -> dg.ScheduleDefinition:
    """The feeds schedule (`schedule` of config/feeds.yaml: daily, hourly or a cron
    expression, UTC); each tick fetches into the partition of its own date."""

    @dg.schedule(name="feeds_schedule", job=feeds_job, cron_schedule=feed_source.cron_for(schedule),
                 execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.STOPPED,
                 description="Fetch the news feeds (config/feeds.yaml) into today's stored day.")
    def feeds_schedule(context: dg.ScheduleEvaluationContext):
        when = context.scheduled_execution_time.astimezone(dt.timezone.utc)
        return dg.RunRequest(run_key=when.isoformat(), partition_key=when.date().isoformat())

    return feeds_schedule


def schedule_setting(config_path: str | None = None) -> str:
    """The `schedule` of the feeds config, or daily when the config cannot be read (the asset
    itself then fails with the reason)."""
    try:
        return feed_source.load_config(config_path).schedule
    except feed_source.ConfigError:
        return "daily"

"""The feeds asset over a local HTTP server on 127.0.0.1: today's partition fetches, a second
run fetches nothing new, a past partition replays the store offline; the schedule."""
import datetime as dt

import dagster as dg
import yaml

from assets.definitions import build_definitions
from assets.feeds import feeds, make_feeds_schedule
from assets.stages import STAGE_ASSETS
from tests.conftest import read_output
from tests.pipeline.ingest.test_feeds import TEST_LIMITS, all_feeds, build_site


def _config(tmp_path, site) -> str:
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump({
        "defaults": {"rate_limit_seconds": 0}, "limits": TEST_LIMITS,
        "allow": {"networks": ["127.0.0.1/32"]}, "feeds": all_feeds(site)[:1] + all_feeds(site)[3:]}), "utf-8")
    return str(path)


def _materialize(defs, instance, assets, day=None, replay=False):
    config = {"ops": {"feeds": {"config": {"replay": replay}}}} if feeds in assets else None
    return dg.materialize(assets, resources=defs.resources, instance=instance, partition_key=day,
                          run_config=config, raise_on_error=False)


def _metadata(result) -> dict:
    mat = result.asset_materializations_for_node("feeds")[0]
    return {k: getattr(v, "value", v) for k, v in mat.metadata.items()}


def test_feeds_asset_fetches_today_then_nothing_new_then_replays_offline(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    with build_site() as site, dg.instance_for_test() as instance:
        defs = build_definitions(str(raw), str(out), feeds_config=_config(tmp_path, site))
        first = _materialize(defs, instance, [feeds], today)
        assert first.success
        meta = _metadata(first)
        assert (meta["this_run_fetched"], meta["this_run_new"], meta["this_run_rejected"]) == (4, 3, 7)
        assert meta["mode"] == "fetched" and str(raw / "feeds" / today) == meta["store"]
        second = _materialize(defs, instance, [feeds], today)
        meta2 = _metadata(second)
        assert (meta2["this_run_new"], meta2["this_run_not_modified"]) == (0, 1)
        # The day's totals add both runs up.
        assert (meta2["new"], meta2["not_modified"]) == (3, 1)
        requests = len(site.log)
    # Offline now: replaying the stored day sends nothing and reports what it holds.
    with dg.instance_for_test() as instance:
        replay = _materialize(defs, instance, [feeds], today, replay=True)
        assert replay.success and len(site.log) == requests
        meta3 = _metadata(replay)
        assert meta3["mode"].startswith("replayed") and (meta3["new"], meta3["rejected"]) == (3, meta2["rejected"])
        # The ingest stage reads the stored pages as articles, the refusals as rejects.
        # (the read stage's partition is the store's day folder).
        read = next(a for a in STAGE_ASSETS if a.node_def.name == "read")
        assert _materialize(defs, instance, [read], today).success
    records = read_output(out, "staging/raw_articles").to_dict("records")
    rejects = read_output(out, "staging/read_rejects").to_dict("records")
    assert sorted(r["format"] for r in records) == ["feed", "page", "page"]
    assert {r["stage"] for r in rejects} == {"fetch"} and all(r["reason"] for r in rejects)


def test_past_partition_replays_without_fetching(tmp_path):
    raw = tmp_path / "raw"
    with build_site() as site, dg.instance_for_test() as instance:
        defs = build_definitions(str(raw), str(tmp_path / "out"), feeds_config=_config(tmp_path, site))
        result = _materialize(defs, instance, [feeds], "2026-01-02")
        assert result.success and site.log == []
        assert _metadata(result)["new"] == 0


def test_feeds_schedule_is_stopped_by_default_and_targets_its_own_day(tmp_path):
    assert make_feeds_schedule("daily").cron_schedule == "0 5 * * *"
    config = tmp_path / "feeds.yaml"
    config.write_text("schedule: hourly\nfeeds: []\n", "utf-8")
    defs = build_definitions(str(tmp_path), str(tmp_path / "out"), feeds_config=str(config))
    hourly = defs.resolve_schedule_def("feeds_schedule")
    assert hourly.cron_schedule == "0 * * * *" and hourly.default_status == dg.DefaultScheduleStatus.STOPPED
    when = dt.datetime(2026, 12, 3, 14, tzinfo=dt.timezone.utc)
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=when,
                                            repository_def=defs.get_repository_def())
        request = hourly.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2026-12-03"


def test_feeds_asset_has_a_retry_policy_and_is_outside_the_tables_job(tmp_path):
    assert feeds.op.retry_policy is not None and feeds.op.retry_policy.max_retries >= 1
    defs = build_definitions(str(tmp_path), str(tmp_path / "out"))
    job = defs.resolve_job_def("all_tables_job")
    assert "feeds" not in {n.name for n in job.graph.nodes} and "read" in {n.name for n in job.graph.nodes}
    assert defs.resolve_schedule_def("feeds_schedule").default_status == dg.DefaultScheduleStatus.STOPPED

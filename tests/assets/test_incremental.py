"""Scheduled, incremental runs on a real test instance: day partitions, re-runs, new days,
corrections, removed files, and the sensor's run requests."""
import json
import shutil

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq

from assets.checks import ALL_CHECKS
from assets.definitions import ALL_ASSETS, build_definitions
from tests.conftest import ROOT

DAYS = ("2026-11-01", "2026-11-02", "2026-11-03")
NEW_DAY = "2026-11-04"
# Each day's batch: files of the project's raw folder, in date folders.
BATCHES = {DAYS[0]: ["000_c0329c36d16ddf46.txt", "000_c0329c36d16ddf46.meta.json"],
           DAYS[1]: ["examples/idlib_shelling.html", "examples/ceasefire.json"],
           DAYS[2]: ["examples/wire.jsonl"]}
PARTITIONED = ("articles", "mentions", "places", "rejects")
CLOCK = ["ingested_at", "rejected_at"]  # when a row was read: a re-run's own time


def _add_day(raw, day):
    for name in BATCHES[day]:
        target = raw / day / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data" / "raw" / name, target)


def _run(raw, out, instance, day):
    defs = build_definitions(str(raw), str(out))
    result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=defs.resources,
                            instance=instance, partition_key=day)
    assert result.success
    return result


def _partitioned(out, name):
    frame = pd.read_parquet(out / name)
    frame = frame.drop(columns=[c for c in CLOCK if c in frame.columns]).astype(str)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _state(out):
    """Every table: the partitioned ones without their clock columns, the others whole."""
    state = {name: _partitioned(out, name) for name in PARTITIONED}
    for name in ("events", "event_changes"):
        state[name] = pd.read_parquet(out / f"{name}.parquet").astype(str)
    return state


def _assert_same(a, b):
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_backfill_rerun_new_day_and_removed_file(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    with dg.instance_for_test() as instance:
        for day in DAYS:
            _add_day(raw, day)
        for day in DAYS:  # a three-day backfill: one run per day
            _run(raw, out, instance, day)
        for name in PARTITIONED:
            assert sorted(p.name for p in (out / name).iterdir()) == [f"ingest_date={d}" for d in DAYS]
        articles = pd.read_parquet(out / "articles")
        for row in articles.itertuples():  # each day holds its own files' articles only
            assert f"/{row.ingest_date}/" in row.source_path
        assert articles["ingest_date"].value_counts().to_dict() == {DAYS[0]: 1, DAYS[1]: 2, DAYS[2]: 3}
        before = _state(out)
        before_rows = pq.read_table(out / "events.parquet").to_pylist()

        _run(raw, out, instance, DAYS[1])  # re-run of one partition: every table equal
        _assert_same(_state(out), before)

        _wire(raw, NEW_DAY, "three")  # a new day adds events; existing ids and rows stay
        _run(raw, out, instance, NEW_DAY)
        events = {e["event_id"]: e for e in pq.read_table(out / "events.parquet").to_pylist()}
        old = {e["event_id"]: e for e in before_rows}
        assert set(old) < set(events)
        assert all(events[eid] == row for eid, row in old.items())
        log = pd.read_parquet(out / "event_changes.parquet")
        assert set(log["change"]) == {"added"} and log["event_id"].is_unique
        assert sorted(p.name for p in (out / "mentions").iterdir())[-1] == f"ingest_date={NEW_DAY}"

        four_days = _state(out)
        (raw / NEW_DAY / "wire.jsonl").unlink()  # a removed raw file...
        _run(raw, out, instance, NEW_DAY)
        after = _state(out)
        for name in ("events", "event_changes"):  # ...keeps its events; nothing logged
            pd.testing.assert_frame_equal(after[name], four_days[name], obj=name)
        assert len(after["mentions"]) < len(four_days["mentions"])  # its day lost the rows


STRIKE = "An air strike killed {n} civilians in the town of Maarat al-Numan on Monday, a monitor said."


def _wire(raw, day, n):
    folder = raw / day
    folder.mkdir(parents=True, exist_ok=True)
    record = {"id": "idlib-1", "title": "Air strike in Idlib", "text": STRIKE.format(n=n),
              "published": "2026-10-30", "url": "https://wire.example/idlib/1"}
    (folder / "wire.jsonl").write_text(json.dumps(record) + "\n", "utf-8")


def test_a_corrected_article_updates_its_event(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    with dg.instance_for_test() as instance:
        _wire(raw, DAYS[0], "three")
        _run(raw, out, instance, DAYS[0])
        first = pd.read_parquet(out / "events.parquet")
        assert len(first) == 1 and set(first["record_version"]) == {1}
        _wire(raw, DAYS[1], "five")  # the publisher's correction, a day later, same URL
        _run(raw, out, instance, DAYS[1])
    second = pd.read_parquet(out / "events.parquet")
    articles = pd.read_parquet(out / "articles").sort_values("ingest_date")
    old_article, new_article = articles["article_id"].tolist()
    assert old_article != new_article
    assert sorted(second["event_id"]) == sorted(first["event_id"])  # same ids
    assert set(second["record_version"]) == {2}
    for ids in second["article_ids"]:
        assert list(ids) == [new_article]
    changes = pd.read_parquet(out / "event_changes.parquet")
    latest = changes[changes["run_at"] == changes["run_at"].max()]
    assert set(latest["change"]) == {"updated"} and set(latest["record_version"]) == {2}
    assert first["fatalities_best"].tolist() == [3] and second["fatalities_best"].tolist() == [5]
    assert "fatalities_best" in list(latest["fields_changed"].iloc[0])


def test_sensor_requests_each_new_or_changed_day_once(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    for day in DAYS:
        _add_day(raw, day)
    defs = build_definitions(str(raw), str(out))
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    with dg.instance_for_test() as instance:
        _run(raw, out, instance, DAYS[0])  # already read (make run): not requested again
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs))
        assert sorted(r.partition_key for r in first.run_requests) == list(DAYS[1:])
        assert len({r.run_key for r in first.run_requests}) == 2
        again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs, cursor=first.cursor))
        assert again.run_requests == [] and again.skip_message
        # Touching a file without changing it requests nothing; changing its content does.
        path = raw / DAYS[1] / "examples" / "ceasefire.json"
        path.write_bytes(path.read_bytes())
        same = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs, cursor=again.cursor))
        assert same.run_requests == []
        path.write_text(path.read_text("utf-8").replace("ceasefire", "truce", 1), "utf-8")
        changed = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs, cursor=same.cursor))
        assert [r.partition_key for r in changed.run_requests] == [DAYS[1]]
        assert changed.run_requests[0].run_key not in {r.run_key for r in first.run_requests}


def test_a_file_outside_date_folders_belongs_to_its_modification_day(tmp_path):
    import os

    from pipeline.ingest.days import files_by_day, ingest_day

    (tmp_path / "2026-11-02" / "sub").mkdir(parents=True)
    dated = tmp_path / "2026-11-02" / "sub" / "a.txt"
    loose = tmp_path / "b.txt"
    for path in (dated, loose):
        path.write_text("Title\n\nText.", "utf-8")
    stamp = pd.Timestamp("2026-10-05T23:30:00Z").timestamp()
    os.utime(loose, (stamp, stamp))
    assert ingest_day(dated, tmp_path) == "2026-11-02"
    assert files_by_day(tmp_path) == {"2026-10-05": [loose], "2026-11-02": [dated]}

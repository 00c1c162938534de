"""An input that is absent, empty or only bad never empties `events` nor logs removals."""
import shutil

import dagster as dg
import pandas as pd

from pipeline.run import extract
from tests.conftest import DAY, ROOT, raw_day, read_output


def _events(out):
    return pd.read_parquet(out / "events.parquet").sort_values("event_id").reset_index(drop=True)


def _changes(out):
    return pd.read_parquet(out / "event_changes.parquet")


def test_a_folder_of_only_bad_files_keeps_every_event_cli(tmp_path):
    out, bad = tmp_path / "out", tmp_path / "bad"
    extract([ROOT / "data" / "raw"], out)
    before, log = _events(out), _changes(out)
    assert len(before) > 0
    bad.mkdir()
    (bad / "broken.jsonl").write_text("{not json}\n", "utf-8")
    tables = extract([bad], out)
    assert tables["rejects"].num_rows == 1
    pd.testing.assert_frame_equal(_events(out), before)
    assert len(_changes(out)) == len(log) and "removed" not in set(_changes(out)["change"])


def test_removing_a_raw_file_keeps_its_events_and_restoring_it_changes_nothing(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "data" / "raw", raw)
    extract([raw], out)
    before, log = _events(out), _changes(out)
    moved = tmp_path / "wire.jsonl"
    shutil.move(raw / "examples" / "wire.jsonl", moved)
    extract([raw], out)
    pd.testing.assert_frame_equal(_events(out), before)
    shutil.move(moved, raw / "examples" / "wire.jsonl")
    extract([raw], out)
    pd.testing.assert_frame_equal(_events(out), before)
    assert len(_changes(out)) == len(log)  # no removed, no second "added"


def test_a_folder_of_only_bad_files_keeps_every_event_dagster(tmp_path):
    from assets.definitions import ALL_ASSETS, build_definitions
    out, good, bad = tmp_path / "processed", raw_day(tmp_path / "good"), tmp_path / "bad"
    (bad / DAY).mkdir(parents=True)
    (bad / DAY / "broken.jsonl").write_text("{not json}\n", "utf-8")
    with dg.instance_for_test() as instance:
        for raw in (good, bad):
            result = dg.materialize(ALL_ASSETS, resources=build_definitions(str(raw), str(out)).resources,
                                    instance=instance, partition_key=DAY)
            assert result.success
            if raw != bad:
                before, log = _events(out), _changes(out)
    pd.testing.assert_frame_equal(_events(out), before)
    assert len(_changes(out)) == len(log)
    assert read_output(out, "rejects")["source_path"].str.endswith("broken.jsonl").any()

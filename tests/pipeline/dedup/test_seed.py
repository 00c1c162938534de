"""The seed article through the whole pipeline: the repeated joint operation room becomes one
event, and a re-run over the same inputs keeps every id and writes no change."""
import datetime as dt

import pytest

from pipeline import geo
from pipeline.run import extract

RUN1 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
RUN2 = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def gazetteer():
    return geo.load_gazetteer()


def test_seed_joint_operation_room_is_one_event(seed_dir, tmp_path, gazetteer):
    events = extract([seed_dir], tmp_path, gazetteer, RUN1)["events"].to_pylist()
    rooms = [e for e in events if e["event_type"] in ("base_established", "agreement")
             and {e["actor1"], e["actor2"]} == {"Russia", "YPG"} and e["n_mentions"] >= 2]
    assert rooms, [(e["event_type"], e["actor1"], e["actor2"], e["n_mentions"]) for e in events]
    assert all(e["n_articles"] == 1 and "same article" in e["merge_reason"] for e in rooms)


def test_seed_rerun_keeps_ids_and_logs_no_change(seed_dir, tmp_path, gazetteer):
    first = extract([seed_dir], tmp_path, gazetteer, RUN1)
    assert first["events"].num_rows > 0
    assert set(first["event_changes"].column("change").to_pylist()) == {"added"}
    second = extract([seed_dir], tmp_path, gazetteer, RUN2)
    assert second["events"].column("event_id").to_pylist() == first["events"].column("event_id").to_pylist()
    # event_changes is the cumulative log: the second run adds no row to it.
    assert second["event_changes"].to_pylist() == first["event_changes"].to_pylist()
    assert set(second["events"].column("record_version").to_pylist()) == {1}

"""The code location loads, validates, and wires every asset, check, job, schedule and sensor."""
import subprocess
import sys

import dagster as dg

from assets.definitions import build_definitions, defs
from tests.conftest import ROOT


def test_definitions_load_with_every_table():
    keys = {"/".join(k.path) for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"articles", "mentions", "events", "places", "rejects", "event_changes",
            "staging/raw_articles"} <= keys
    assert defs.resolve_job_def("all_tables_job") is not None
    assert defs.resolve_schedule_def("daily_refresh").cron_schedule == "0 6 * * *"


def test_every_output_table_has_a_blocking_check():
    checked = {spec.asset_key.to_user_string() for c in defs.asset_checks or []
               for spec in c.check_specs if spec.blocking}
    assert {"articles", "mentions", "events", "places", "rejects"} <= checked


def test_workspace_validates():
    result = subprocess.run([sys.executable, "-m", "dagster", "definitions", "validate",
                             "-w", "workspace.yaml"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_sensor_fires_once_per_change(tmp_path):
    local = build_definitions(str(tmp_path), str(tmp_path / "out"))
    sensor = local.resolve_sensor_def("raw_files_sensor")
    (tmp_path / "a.txt").write_text("Title\n\nText.", "utf-8")
    with dg.instance_for_test() as instance:
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=local))
        assert len(first.run_requests) == 1
        again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=local,
                                                             cursor=first.cursor))
    assert again.run_requests == [] and again.skip_message


def test_value_checks_fail_on_bad_rows():
    import datetime as dt

    from assets.checks import _valid_event_values
    from pipeline.tables import EVENTS, to_table

    good = {"event_id": "e1", "latitude": 35.3, "longitude": 40.1,
            "date_start": dt.date(2017, 12, 3), "date_end": dt.date(2017, 12, 3)}
    assert _valid_event_values(to_table([good], EVENTS)).passed
    for bad in ({"latitude": 95.0}, {"longitude": -181.0},
                {"date_start": dt.date(2017, 12, 5)}, {"date_end": dt.date.today() + dt.timedelta(days=30),
                                                       "date_start": dt.date.today() + dt.timedelta(days=30)}):
        assert not _valid_event_values(to_table([{**good, **bad}], EVENTS)).passed, bad


def test_future_dates_of_planned_events_pass_and_name_offending_rows():
    import datetime as dt

    from assets.checks import _valid_event_values
    from pipeline.tables import EVENTS, to_table

    ahead = dt.date.today() + dt.timedelta(days=40)
    planned = {"event_id": "e1", "date_start": ahead, "date_end": ahead, "modality": "planned"}
    assert _valid_event_values(to_table([planned], EVENTS)).passed
    result = _valid_event_values(to_table([planned, {**planned, "event_id": "e2", "modality": "asserted"}], EVENTS))
    assert not result.passed and result.metadata["offending_rows"].value == "e2"

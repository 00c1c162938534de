"""The project's Dagster instance settings: `make run`/`make ui` install them, telemetry is off
and runs that died are marked failed by run monitoring."""
import os
import subprocess

import dagster as dg

from tests.conftest import ROOT


def test_make_instance_installs_settings_with_telemetry_off(tmp_path):
    home = tmp_path / "home"
    subprocess.run(["make", "-s", "-C", str(ROOT), "instance", f"DAGSTER_HOME_DIR={home}"],
                   check=True, capture_output=True)
    assert (home / "dagster.yaml").read_bytes() == (ROOT / "dagster.yaml").read_bytes()
    saved = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.get() as instance:
            assert instance.telemetry_enabled is False
            assert instance.run_monitoring_enabled is True
            # one run at a time: every run updates the one events table
            assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
    finally:
        if saved is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = saved

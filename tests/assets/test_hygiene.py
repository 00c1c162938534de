"""Runs whose process died are marked failed at the next start; live ones are left alone."""
import os
import subprocess
import sys
import uuid

import dagster as dg
from dagster._core.storage.dagster_run import DagsterRun

from assets.hygiene import mark_dead_runs_failed, run_pid


def _started_run(instance, pid):
    run = instance.add_run(DagsterRun(job_name="all_tables_job", run_id=str(uuid.uuid4()),
                                      status=dg.DagsterRunStatus.STARTED))
    instance.report_engine_event(f"Executing steps in process (pid: {pid})", run)
    return run.run_id


def test_dead_started_runs_are_marked_failed(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with dg.instance_for_test() as instance:
        dead = _started_run(instance, gone.pid)
        alive = _started_run(instance, os.getppid())
        assert run_pid(instance, dead) == gone.pid
        assert mark_dead_runs_failed(instance) == [dead]
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive).status == dg.DagsterRunStatus.STARTED
        assert mark_dead_runs_failed(instance) == []


def test_a_real_in_process_run_reports_its_pid(tmp_path):
    @dg.asset
    def one() -> int:
        return 1

    with dg.instance_for_test() as instance:
        result = dg.materialize([one], instance=instance)
        assert run_pid(instance, result.run_id) == os.getpid()

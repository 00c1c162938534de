"""Instance hygiene: runs whose process died (SIGKILL, a machine restart) are marked failed at
the next start instead of staying STARTED for ever (the default run launcher cannot check its
workers, so Dagster's run monitoring does not catch them)."""
from __future__ import annotations

import os
import re

import dagster as dg

_PID = re.compile(r"\(pid: (\d+)\)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def run_pid(instance: dg.DagsterInstance, run_id: str) -> int | None:
    """The process id the run's engine reported ('... in process (pid: N)'), or None."""
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        found = _PID.search(record.message or "")
        if found:
            return int(found.group(1))
    return None


def mark_dead_runs_failed(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every STARTED run of this host whose process is gone; their ids."""
    marked = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        pid = run_pid(instance, run.run_id)
        if pid is not None and pid != os.getpid() and not _alive(pid):
            instance.report_run_failed(run, f"the run's process (pid {pid}) is gone (killed or the "
                                            "machine restarted): marked failed at the next start")
            marked.append(run.run_id)
    return marked

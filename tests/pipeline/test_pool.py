"""The worker pool: a worker that dies fails the call with a clear error instead of a hang,
and workers do not keep the signal handlers of their parent."""
import os
import signal
import threading


from pipeline import run


def _die_on_third(chunk, gazetteer):
    if 3 in chunk:
        os.kill(os.getpid(), signal.SIGKILL)
    return [x * 2 for x in chunk]


def _handlers(chunk, gazetteer):
    return [(signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) for _ in chunk]


def _bounded(fn, timeout=120):
    result = {}

    def target():
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the pool hung"
    return result


def test_results_come_back_in_order():
    out = _bounded(lambda: run._map_chunks(lambda c, g: [x * 2 for x in c], list(range(50)), None, workers=2))
    assert out["value"] == [x * 2 for x in range(50)]


def test_a_worker_that_dies_fails_the_call_instead_of_hanging():
    out = _bounded(lambda: run._map_chunks(_die_on_third, list(range(40)), None, workers=2))
    assert isinstance(out.get("error"), run.WorkerCrashed), out
    assert "worker process died" in str(out["error"])
    # and the next call works
    assert _bounded(lambda: run._map_chunks(_die_on_third, [1, 2, 4, 5], None, workers=2))["value"] == [2, 4, 8, 10]


def test_workers_reset_the_signal_handlers_they_inherit():
    def parent_handler(signum, frame):  # as a Dagster run installs
        raise AssertionError("the parent's handler ran in a worker")

    old = signal.signal(signal.SIGTERM, parent_handler)
    try:
        out = _bounded(lambda: run._map_chunks(_handlers, list(range(8)), None, workers=2))
    finally:
        signal.signal(signal.SIGTERM, old)
    assert set(out["value"]) == {(signal.SIG_DFL, signal.SIG_IGN)}


def _pid_and_double(chunk, gazetteer):
    return [(os.getpid(), x * 2) for x in chunk]


def test_batches_come_back_in_order_and_workers_are_replaced_after_pool_batches(monkeypatch):
    monkeypatch.setattr(run, "POOL_BATCHES", 2)
    batches = [list(range(k * 10, k * 10 + 10)) for k in range(5)]
    out = _bounded(lambda: list(run._map_batches(_pid_and_double, iter(batches), None, workers=2)))["value"]
    assert [[x for _, x in batch] for batch in out] == [[x * 2 for x in b] for b in batches]
    pids = [{pid for pid, _ in batch} for batch in out]
    assert pids[0] | pids[1] != {os.getpid()}  # worked in forked processes
    # batches 0-1 by one pair of workers, 2-3 by a fresh pair, 4 by a third
    assert not (pids[0] | pids[1]) & (pids[2] | pids[3])
    assert not (pids[2] | pids[3]) & pids[4]

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

"""The parallel analysis path, 20 times in a row inside one Dagster run, without a hang
(in a subprocess bounded by a timeout, stopped with SIGTERM if it ever hangs)."""
import os
import signal
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = r'''
import dagster as dg
from pipeline import geo, ingest
from pipeline.run import analyse_articles

@dg.asset
def repeated_parallel_analysis() -> int:
    raw, _ = ingest.read_raw(["data/raw"])
    articles, _ = ingest.clean_articles(raw)
    gazetteer = geo.load_gazetteer()
    counts = set()
    for _ in range(20):
        mentions, places, rejects = analyse_articles(articles, gazetteer, workers=2)
        assert not rejects
        counts.add((len(mentions), len(places)))
    assert len(counts) == 1, counts
    return len(articles)

with dg.instance_for_test() as instance:
    result = dg.materialize([repeated_parallel_analysis], instance=instance)
    print("ok", result.success, result.output_for_node("repeated_parallel_analysis"))
'''


def test_parallel_path_twenty_times_inside_a_dagster_run():
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        out, err = proc.communicate(timeout=400)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=30)
        raise AssertionError("the parallel path hung inside a Dagster run") from None
    assert proc.returncode == 0, err[-3000:]
    assert out.strip().splitlines()[-1] == "ok True 6"

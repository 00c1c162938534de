"""The hostile corpus (tests/data/hostile/make_hostile.py, made at test time): every hostile
entry lands in rejects with a reason, every good file in the tables, nothing from outside the
raw folder is read, and the 50 MB single line is handled under 1 GB of memory."""
import importlib.util
import json
import os
import subprocess
import sys
import threading

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "tests" / "data" / "hostile" / "make_hostile.py"
BIG_MB = 50  # the size: the whole run takes a few seconds


def _maker():
    spec = importlib.util.spec_from_file_location("make_hostile", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    raw = tmp_path_factory.mktemp("hostile") / "raw"
    names, good = _maker().make(raw, big_mb=BIG_MB)
    return raw, names, good


def test_every_hostile_entry_is_a_reject_and_every_good_file_is_published(hostile, tmp_path):
    raw, names, good = hostile
    # in a subprocess: its peak memory is the run's own, and a hang cannot stop the suite
    code = f"""
import json, sys
from pipeline.run import extract
tables = extract([{str(raw)!r}], {str(tmp_path / 'out')!r})
# VmHWM: this process image's peak (ru_maxrss would count the forking pytest's pages too)
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({{"articles": tables["articles"].to_pylist(), "rejects": tables["rejects"].to_pylist(),
                  "maxrss_kb": peak}}, default=str))
"""
    # the built-in gazetteer alone: sources other tests registered would add their own MB
    env = {**os.environ, "CONFLICT_EVENTS_CONFIG": str(tmp_path / "config")}
    # the index is built once beforehand (building it is not what this measures)
    subprocess.run([sys.executable, "-c", "from pipeline.geo import load_gazetteer; load_gazetteer()"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    by_file: dict[str, list] = {}
    for r in result["rejects"]:
        by_file.setdefault(r["source_path"].rsplit("/", 1)[-1], []).append(r)
    assert sorted(by_file) == names
    assert all(r["reason"] and r["reason_code"] != "other" for rs in by_file.values() for r in rs)
    published = {a["source_path"].rsplit("/", 1)[-1] for a in result["articles"]}
    assert set(good) | {"mixed_encodings.jsonl"} == published  # its good line is kept
    everything = json.dumps(result)
    assert "swordfish" not in everything and "lol" not in everything.replace("lolz", "")
    print(f"hostile corpus run: peak {result['maxrss_kb'] // 1024} MB")
    assert result["maxrss_kb"] < 1024 * 1024, f"peak {result['maxrss_kb'] // 1024} MB"


def test_reading_the_hostile_corpus_never_blocks(hostile):
    from pipeline.ingest import read_raw
    raw, names, _ = hostile
    done = {}
    worker = threading.Thread(target=lambda: done.update(r=read_raw([raw])), daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive()
    assert {r["source_path"].rsplit("/", 1)[-1] for r in done["r"][1]} >= {"pipe.txt", "passwd.txt", "x.txt"}

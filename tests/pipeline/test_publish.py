"""All-or-nothing publication: a run killed (SIGKILL) at any point and re-run gives exactly
the tables of a clean run; one writer per output; files honour the umask; a missing or empty
input fails before any write."""
import os
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pyarrow.parquet as pq
import pytest

from pipeline import publish
from pipeline.cli import main
from pipeline.run import OUTPUT_TABLES, NoInputError, extract
from tests.conftest import ROOT

TIME_COLUMNS = {"rejected_at", "ingested_at", "updated_at", "run_at"}
KILL_POINTS = ["read", "analyse", "dedup", *(f"write:{n}" for n in OUTPUT_TABLES), "publish"]


def _cli(raw, out, kill_at=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(publish.KILL_ENV, None)
    if kill_at:
        env[publish.KILL_ENV] = kill_at
    # One process: the checkpoints kill the run itself (a killed worker is test_pool's case).
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(raw), "--out", str(out),
                           "--workers", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _tables(out):
    """Every published table, time columns aside, as sorted rows."""
    result = {}
    for name in OUTPUT_TABLES:
        table = pq.read_table(out / f"{name}.parquet")
        table = table.drop_columns([c for c in table.column_names if c in TIME_COLUMNS])
        result[name] = sorted(map(repr, table.to_pylist()))
    return result


@pytest.fixture(scope="module")
def two_inputs(tmp_path_factory):
    """A first raw folder, and a second one where an article was added and one removed."""
    base = tmp_path_factory.mktemp("inputs")
    first, second = base / "first", base / "second"
    shutil.copytree(ROOT / "data" / "raw", first)
    shutil.copytree(ROOT / "data" / "raw", second)
    (second / "examples" / "wire.jsonl").unlink()
    (second / "new.txt").write_text("Clashes in Kabul\n\nPolice arrested two men in Kabul on Monday "
                                    "after an attack on a checkpoint killed three soldiers.\n", "utf-8")
    return first, second


@pytest.fixture(scope="module")
def reference(two_inputs, tmp_path_factory):
    """The state after the first run, and the tables of a clean second run on top of it."""
    first, second = two_inputs
    base = tmp_path_factory.mktemp("reference")
    state = base / "state"
    assert _cli(first, state).returncode == 0
    clean = base / "clean"
    shutil.copytree(state, clean, symlinks=True)
    assert _cli(second, clean).returncode == 0
    return state, _tables(clean)


def _kill_and_rerun(point, second, state, work):
    out = work / point.replace(":", "_")
    shutil.copytree(state, out, symlinks=True)
    before = _tables(out)
    killed = _cli(second, out, kill_at=point)
    after_kill = _tables(out)
    rerun = _cli(second, out)
    return point, killed.returncode, before, after_kill, rerun, out


def test_kill_at_any_point_then_rerun_gives_the_clean_tables(two_inputs, reference, tmp_path):
    _, second = two_inputs
    state, clean = reference
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda p: _kill_and_rerun(p, second, state, tmp_path), KILL_POINTS))
    for point, killed_rc, before, after_kill, rerun, out in results:
        assert killed_rc == -9, f"{point}: the run was not killed ({killed_rc})"
        assert after_kill == before, f"{point}: a killed run changed the published tables"
        assert rerun.returncode == 0, f"{point}: {rerun.stderr}"
        assert _tables(out) == clean, f"{point}: the re-run differs from a clean run"
        leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")
                     or p.name.startswith(publish.STAGING_PREFIX)]
        assert leftovers == [], f"{point}: {leftovers}"


def test_tables_of_one_run_are_published_together(tmp_path):
    out = tmp_path / "out"
    extract([ROOT / "data" / "raw"], out)
    first = os.readlink(out / "current")
    extract([ROOT / "data" / "raw"], out)
    assert os.readlink(out / "current") != first
    for name in OUTPUT_TABLES:  # every name resolves into the same, current run folder
        assert (out / name).with_suffix(".parquet").resolve().parent == (out / "current").resolve()
    assert len(list((out / "runs").iterdir())) == publish.KEEP_RUNS


def test_plain_table_files_are_adopted_without_a_mix(tmp_path):
    out = tmp_path / "out"
    extract([ROOT / "data" / "raw"], None)
    tables = extract([ROOT / "data" / "raw"], None)
    out.mkdir()
    for name, table in tables.items():  # as the Dagster IO manager or an older version wrote them
        pq.write_table(table, out / f"{name}.parquet")
    extract([ROOT / "data" / "raw"], out)
    assert all((out / f"{n}.parquet").is_symlink() for n in OUTPUT_TABLES)
    changes = pq.read_table(out / "event_changes.parquet").column("change").to_pylist()
    assert len(changes) == pq.read_table(out / "events.parquet").num_rows  # all "added" once


def test_a_second_run_on_the_same_output_stops_with_a_clear_message(tmp_path, capsys):
    out = tmp_path / "out"
    with publish.output_lock(out):
        with pytest.raises(publish.OutputError, match="another run is writing to"):
            extract([ROOT / "data" / "raw"], out)
        assert main(["extract", str(ROOT / "data" / "raw"), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "another run is writing to" in err and f"pid {os.getpid()}" in err
    extract([ROOT / "data" / "raw"], out)  # released: the next run goes


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_outputs_honour_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        extract([ROOT / "data" / "raw"], tmp_path / "out")
    finally:
        os.umask(old)
    for name in OUTPUT_TABLES:
        assert stat.S_IMODE(os.stat(tmp_path / "out" / f"{name}.parquet").st_mode) == mode


def test_missing_or_empty_input_fails_before_any_write(tmp_path, capsys):
    out = tmp_path / "out"
    extract([ROOT / "data" / "raw"], out)
    published = _tables(out)
    current = os.readlink(out / "current")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NoInputError):
        extract([empty], out)
    assert main(["extract", str(empty), "--out", str(out)]) == 1
    assert main(["extract", str(tmp_path / "missing"), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no input files" in err[0] and "no such file" in err[1]
    assert os.readlink(out / "current") == current and _tables(out) == published


def test_an_unusable_output_is_found_before_any_work(tmp_path, capsys, monkeypatch):
    import pipeline.ingest as ingest
    monkeypatch.setattr(ingest, "read_raw", lambda *a: pytest.fail("input read before the output check"))
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    assert main(["extract", str(ROOT / "data" / "raw"), "--out", str(blocker / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not writable" in err and "Traceback" not in err
    with pytest.raises(publish.OutputError):
        main(["--debug", "extract", str(ROOT / "data" / "raw"), "--out", str(blocker / "out")])


def test_dagster_fails_on_a_missing_raw_folder_without_touching_tables(tmp_path):
    dg = pytest.importorskip("dagster")
    from assets.definitions import ALL_ASSETS, build_definitions
    from tests.conftest import DAY, raw_day
    raw, out = raw_day(tmp_path / "raw"), tmp_path / "processed"
    with dg.instance_for_test() as instance:
        assert dg.materialize(ALL_ASSETS, resources=build_definitions(str(raw), str(out)).resources,
                              instance=instance, partition_key=DAY).success
        tables = ("events.parquet", "event_changes.parquet", f"articles/ingest_date={DAY}/part-0.parquet")
        before = {n: (out / n).read_bytes() for n in tables}
        for gone in (tmp_path / "nowhere", tmp_path / "empty"):
            if gone.name == "empty":
                gone.mkdir()
            result = dg.materialize(ALL_ASSETS, resources=build_definitions(str(gone), str(out)).resources,
                                    instance=instance, raise_on_error=False, partition_key=DAY)
            assert not result.success
        assert before == {n: (out / n).read_bytes() for n in before}

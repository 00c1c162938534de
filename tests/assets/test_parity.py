"""The CLI and a Dagster run over the same files write equal tables (one stage graph)."""
import shutil

import dagster as dg
import pandas as pd

from assets.checks import ALL_CHECKS
from assets.definitions import ALL_ASSETS, build_definitions
from pipeline.cli import main
from pipeline.run import OUTPUT_TABLES, STAGES
from tests.conftest import DAY, ROOT, raw_day, read_output

# The time of the run: the only values that may differ between two runs over the same files.
CLOCK = {"ingested_at", "rejected_at", "updated_at", "run_at"}


def _frame(path, name):
    frame = read_output(path, name)
    frame = frame.drop(columns=[c for c in frame.columns if c in CLOCK])
    # Lists and structs compared as text; row order is not part of a table's meaning.
    return frame.astype(str).sort_values(list(frame.columns)).reset_index(drop=True)


def test_cli_and_dagster_write_equal_tables(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw_day(raw)
    (raw / DAY / "broken.jsonl").write_text("{not json}\n", "utf-8")
    shutil.copy(raw / DAY / "000_c0329c36d16ddf46.txt", raw / DAY / "zz_copy.txt")  # a duplicate: a reject
    assert main(["extract", str(raw), "--out", str(tmp_path / "cli"), "--workers", "2"]) == 0
    assert "analyse: " in capsys.readouterr().err  # progress lines
    defs = build_definitions(str(raw), str(tmp_path / "dagster"))
    with dg.instance_for_test() as instance:
        assert dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=defs.resources,
                              instance=instance, partition_key=DAY).success
    for name in OUTPUT_TABLES:
        cli, dagster = _frame(tmp_path / "cli", name), _frame(tmp_path / "dagster", name)
        assert len(cli) > 0 or name == "rejects", name
        pd.testing.assert_frame_equal(cli, dagster, obj=name)
    assert len(_frame(tmp_path / "cli", "rejects")) == 2


def test_every_stage_is_one_asset_and_every_table_one_output():
    graph = build_definitions(str(ROOT / "data" / "raw"), "unused").resolve_asset_graph()
    ops = {a.node_def.name: {k.path[-1] for k in a.keys} for a in ALL_ASSETS}
    assert ops == {s.name: set(s.outputs) for s in STAGES}
    for stage in STAGES:  # and the asset reads exactly the tables the stage reads
        key = next(iter(next(a for a in ALL_ASSETS if a.node_def.name == stage.name).keys))
        assert {k.path[-1] for k in graph.get(key).parent_keys} == set(stage.inputs)

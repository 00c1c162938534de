"""The whole pipeline without Dagster: tables written, re-runs idempotent, bad files rejected."""
import shutil

import pandas as pd

from pipeline.run import OUTPUT_TABLES, extract
from pipeline.tables import SCHEMAS
from tests.conftest import ROOT


def _counts(out):
    return {name: len(pd.read_parquet(out / f"{name}.parquet")) for name in OUTPUT_TABLES}


def test_extract_writes_every_table_and_reruns_the_same(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / "corrupt.txt").write_bytes(b"\xff\xfe\x00garbage\x00")
    out = tmp_path / "out"
    tables = extract([raw], out)
    for name in OUTPUT_TABLES:
        assert tables[name].schema == SCHEMAS[name]
        assert pd.read_parquet(out / f"{name}.parquet").columns.tolist() == SCHEMAS[name].names
    first = _counts(out)
    assert first["articles"] == 6
    rejects = pd.read_parquet(out / "rejects.parquet")
    assert rejects["source_path"].str.endswith("corrupt.txt").tolist() == [True]
    extract([raw], out)
    assert _counts(out)["articles"] == first["articles"]
    assert {k: v for k, v in _counts(out).items() if k != "event_changes"} == \
        {k: v for k, v in first.items() if k != "event_changes"}


def test_parallel_workers_give_the_same_rows(tmp_path):
    one = extract([ROOT / "data" / "raw"], None)
    two = extract([ROOT / "data" / "raw"], None, workers=2)
    for name in ("mentions", "places"):
        assert sorted(map(str, one[name].to_pylist())) == sorted(map(str, two[name].to_pylist()))


def test_parallel_extract_keeps_one_copy_of_a_duplicate(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    shutil.copy(raw / "000_c0329c36d16ddf46.txt", raw / "zz_copy.txt")
    one, two = extract([raw], None), extract([raw], None, workers=2)
    for tables in (one, two):
        assert tables["articles"].num_rows == 6
        assert tables["rejects"].column("stage").to_pylist() == ["dedup"]
        ids = tables["mentions"].column("mention_id").to_pylist()
        assert len(ids) == len(set(ids)) > 0
    assert sorted(one["mentions"].column("mention_id").to_pylist()) == \
        sorted(two["mentions"].column("mention_id").to_pylist())

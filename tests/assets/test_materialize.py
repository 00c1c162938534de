"""Materialize the whole asset graph on temporary folders with a test instance."""
import shutil

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from assets.checks import ALL_CHECKS
from assets.definitions import ALL_ASSETS, build_definitions
from tests.conftest import ROOT


def _materialize(raw, out):
    defs = build_definitions(str(raw), str(out))
    with dg.instance_for_test() as instance:
        return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=defs.resources,
                              instance=instance, raise_on_error=False)


def _contents(out, name: str) -> list[dict]:
    """A table's rows without the columns that record when a run happened."""
    table = pq.read_table(out / f"{name}.parquet")
    return table.select([f.name for f in table.schema if not pa.types.is_timestamp(f.type)]).to_pylist()


def test_graph_materializes_tables_and_rejects(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / "broken.jsonl").write_text("{not json}\n", "utf-8")
    result = _materialize(raw, out)
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    for name in ("articles", "mentions", "events", "places", "rejects", "event_changes"):
        assert (out / f"{name}.parquet").exists(), name
    articles = pd.read_parquet(out / "articles.parquet")
    assert len(articles) == 6
    seed = articles[articles["source_id"] == "000_c0329c36d16ddf46.txt"].iloc[0]
    assert seed["source"] == "SouthFront" and "Patreon" not in seed["text"]
    rejects = pd.read_parquet(out / "rejects.parquet")
    assert rejects["source_path"].str.endswith("broken.jsonl").any()
    # Idempotent: a second run over the same files writes the same rows (run times aside).
    names = ("articles", "mentions", "events", "places", "rejects")
    first = {n: _contents(out, n) for n in names}
    assert first["mentions"] and first["events"]
    assert _materialize(raw, out).success
    assert first == {n: _contents(out, n) for n in names}


def test_one_asset_without_its_inputs_says_which_to_materialize_first(tmp_path):
    defs = build_definitions(str(ROOT / "data" / "raw"), str(tmp_path / "processed"))
    with dg.instance_for_test() as instance:
        result = dg.materialize(ALL_ASSETS, resources=defs.resources, instance=instance,
                                raise_on_error=False,
                                selection=dg.AssetSelection.assets("events", "event_changes"))
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    message = str(failure.event_specific_data.error.message)
    assert "input 'mentions' has not been materialized" in message and "materialize 'mentions' first" in message

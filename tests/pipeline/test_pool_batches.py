"""Many batches through one pool write what one process writes: the workers' memos, kept from
batch to batch (and dropped when a fresh pair is forked), change no output."""
import pyarrow.parquet as pq

from pipeline import geo, run
from tests.conftest import ROOT

TIMESTAMPS = {"ingested_at", "first_seen_at", "updated_at", "created_at", "changed_at"}


def _tables(out):
    return {name: pq.read_table(out / f"{name}.parquet") for name in ("articles", "mentions", "places", "events")}


def test_batches_through_one_pool_write_what_one_process_writes(tmp_path, monkeypatch):
    gazetteer = geo.load_gazetteer()
    monkeypatch.setattr(run, "BATCH_ROWS", 2)  # data/raw: a handful of articles, several batches
    monkeypatch.setattr(run, "POOL_BATCHES", 2)
    run.extract([ROOT / "data" / "raw"], tmp_path / "pool", gazetteer=gazetteer, workers=2)
    run.extract([ROOT / "data" / "raw"], tmp_path / "one", gazetteer=gazetteer, workers=1)
    pooled, single = _tables(tmp_path / "pool"), _tables(tmp_path / "one")
    assert pooled["mentions"].num_rows > 0 and pooled["places"].num_rows > 0
    for name, table in pooled.items():
        columns = [c for c in table.column_names if c not in TIMESTAMPS]
        assert table.select(columns).equals(single[name].select(columns)), name

"""Tables: explicit types whatever the data, and writes that never leave a truncated file."""
import datetime as dt

import pyarrow.parquet as pq
import pytest

from pipeline import tables
from pipeline.tables import MENTIONS, to_table, write_table


def test_to_table_keeps_schema_types_even_for_all_null_columns():
    table = to_table([{"mention_id": "m1", "quantities": [{"value": 627, "unit": "sorties",
                                                           "text": "627 combat sorties"}],
                       "date_start": dt.date(2017, 12, 3), "unknown_key": 1}], MENTIONS)
    assert table.schema == MENTIONS
    row = table.to_pylist()[0]
    assert row["quantities"][0]["value"] == 627 and row["latitude"] is None


def test_empty_table_has_the_schema(tmp_path):
    path = write_table(to_table([], MENTIONS), tmp_path / "m.parquet")
    assert pq.read_schema(path).names == MENTIONS.names


def test_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "m.parquet"
    write_table(to_table([{"mention_id": "old"}], MENTIONS), path)

    def crash(table, where, **kwargs):
        with open(where, "wb") as half:
            half.write(b"PAR1 truncated")
        raise OSError("disk full")

    monkeypatch.setattr(tables.pq, "write_table", crash)
    with pytest.raises(OSError):
        write_table(to_table([{"mention_id": "new"}], MENTIONS), path)
    assert pq.read_table(path).column("mention_id").to_pylist() == ["old"]
    assert [p.name for p in tmp_path.iterdir()] == ["m.parquet"]

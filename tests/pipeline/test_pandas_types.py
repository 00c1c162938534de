"""The README's pandas example: with dtype_backend="pyarrow" dates are usable with .dt and
nullable integers stay integers, on single files and on a partitioned folder."""
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.run import extract
from tests.conftest import ROOT


def test_tables_load_with_usable_types(tmp_path):
    out = tmp_path / "out"
    extract([ROOT / "data" / "raw"], out)
    mentions = pd.read_parquet(out / "mentions.parquet", dtype_backend="pyarrow")
    years = mentions["date_start"].dt.year
    assert years.notna().any() and (years.dropna() > 1900).all()
    assert str(mentions["geo_precision"].dtype) == "int8[pyarrow]"
    events = pd.read_parquet(out / "events.parquet", dtype_backend="pyarrow")
    assert events["first_seen"].dt.month.notna().any()
    # A partitioned folder (the Dagster layout) reads whole, with the same types.
    folder = tmp_path / "mentions" / "ingest_date=2026-11-01"
    folder.mkdir(parents=True)
    table = pq.read_table(out / "mentions.parquet")
    pq.write_table(table.set_column(table.schema.get_field_index("geo_precision"), "geo_precision",
                                    pa.nulls(table.num_rows, pa.int8())), folder / "part-0.parquet")
    whole = pd.read_parquet(tmp_path / "mentions", dtype_backend="pyarrow")
    assert str(whole["geo_precision"].dtype) == "int8[pyarrow]" and whole["geo_precision"].isna().all()
    assert whole["date_start"].dt.year.notna().any() and set(whole["ingest_date"]) == {"2026-11-01"}

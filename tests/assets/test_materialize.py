"""Materialize the whole asset graph on temporary folders with a test instance."""
import re

import dagster as dg
import pyarrow as pa

from assets.checks import ALL_CHECKS
from assets.definitions import ALL_ASSETS, build_definitions
from assets.metadata import pictures_metadata
from pipeline.report import SMALL
from pipeline.tables import SCHEMAS
from tests.conftest import DAY, ROOT, raw_day, read_output


def _materialize(raw, out):
    defs = build_definitions(str(raw), str(out))
    with dg.instance_for_test() as instance:
        return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=defs.resources,
                              instance=instance, raise_on_error=False, partition_key=DAY)


def _contents(out, name: str) -> list[dict]:
    """A table's rows without the columns that record when a run happened."""
    table = pa.Table.from_pandas(read_output(out, name), preserve_index=False)
    return table.select([f.name for f in table.schema if not pa.types.is_timestamp(f.type)]).to_pylist()


def test_graph_materializes_tables_and_rejects(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw_day(raw)
    (raw / DAY / "broken.jsonl").write_text("{not json}\n", "utf-8")
    result = _materialize(raw, out)
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    for name in ("articles", "mentions", "places", "rejects"):
        assert (out / name / f"ingest_date={DAY}" / "part-0.parquet").exists(), name
    for name in ("events", "event_changes"):
        assert (out / f"{name}.parquet").exists(), name
    articles = read_output(out, "articles")
    assert len(articles) == 6
    seed = articles[articles["source_id"] == "000_c0329c36d16ddf46.txt"].iloc[0]
    assert seed["source"] == "SouthFront" and "Patreon" not in seed["text"]
    rejects = read_output(out, "rejects")
    # The UI's column table carries the codebook's descriptions; metadata keys hold no date.
    mats = {e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata
            for e in result.get_asset_materialization_events()}
    columns = {c.name: c.description for c in mats["events"]["dagster/column_schema"].value.columns}
    assert columns["event_id"] and columns["geo_precision"] and all(columns.values())
    assert 0 < mats["mentions"]["share_geocoded"].value <= 1 and "events_by_type" in mats["events"]
    # The analyst's pictures: the map and the chart as PNGs embedded in the events' metadata.
    for key in ("picture_map", "picture_by_type_day"):
        assert _embedded_png(mats["events"][key].value).size == SMALL.pixels, key
    for check in result.get_asset_check_evaluations():
        assert not any(re.search(r"\d{4}-\d{2}-\d{2}", key) for key in check.metadata), check.metadata
    assert rejects["source_path"].str.endswith("broken.jsonl").any()
    # Idempotent: a second run over the same files writes the same rows (run times aside).
    names = ("articles", "mentions", "events", "places", "rejects")
    first = {n: _contents(out, n) for n in names}
    assert first["mentions"] and first["events"]
    assert _materialize(raw, out).success
    assert first == {n: _contents(out, n) for n in names}


def _embedded_png(markdown: str):
    """The image of a markdown `![...](data:image/png;base64,...)`, decoded and checked."""
    import base64
    import io

    from PIL import Image

    found = re.fullmatch(r"!\[[^\]]*\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown)
    assert found, markdown[:80]
    image = Image.open(io.BytesIO(base64.b64decode(found.group(1))))
    image.load()
    return image


def test_no_pictures_for_an_empty_events_table():
    assert pictures_metadata(SCHEMAS["events"].empty_table()) == {}


def test_one_asset_without_its_inputs_says_which_to_materialize_first(tmp_path):
    defs = build_definitions(str(ROOT / "data" / "raw"), str(tmp_path / "processed"))
    with dg.instance_for_test() as instance:
        result = dg.materialize(ALL_ASSETS, resources=defs.resources, instance=instance,
                                raise_on_error=False,
                                selection=dg.AssetSelection.assets("events", "event_changes"))
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    message = str(failure.event_specific_data.error.message)
    assert "has not been materialized" in message and "first" in message
    assert "input 'mentions'" in message or "input 'articles'" in message

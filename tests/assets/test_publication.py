"""A Dagster run publishes its tables together (issue 13): staged under runs/, swapped in at
once when its last table is written; a run that fails publishes none of them."""
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pytest

from assets.checks import ALL_CHECKS
from assets.definitions import ALL_ASSETS, build_definitions
from assets.resources import GazetteerResource
from pipeline import publish
from pipeline.tables import SCHEMAS, to_table, write_table
from tests.conftest import DAY, raw_day, read_output

READER_NAMES = ("articles", "mentions", "places", "rejects", "staging", "events.parquet",
                "event_changes.parquet")


class UnavailableGazetteer(GazetteerResource):
    """A gazetteer that cannot be loaded: the analysis step fails after read and clean ran."""

    def load(self):
        raise RuntimeError("gazetteer unavailable")


def _materialize(raw, out, instance, **resources):
    defs = build_definitions(str(raw), str(out))
    return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources={**defs.resources, **resources},
                          instance=instance, raise_on_error=False, partition_key=DAY)


def _published_run(out: Path) -> Path:
    """The run folder every name readers use points into (fails if they disagree)."""
    targets = {(out / name).resolve().relative_to(out.resolve()).parts[:2] for name in READER_NAMES}
    assert len(targets) == 1, targets
    (runs, run_id), = targets
    assert runs == publish.RUNS
    return out / runs / run_id


def _rows(out, name: str) -> list[dict]:
    table = pa.Table.from_pandas(read_output(out, name), preserve_index=False)
    return table.select([f.name for f in table.schema if not pa.types.is_timestamp(f.type)]).to_pylist()


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance


def test_a_run_publishes_every_table_at_once_and_a_failed_run_none(tmp_path, instance):
    raw, out = raw_day(tmp_path / "raw"), tmp_path / "processed"
    assert _materialize(raw, out, instance).success
    first = _published_run(out)
    for name in READER_NAMES:
        assert (out / name).is_symlink(), name
    before = {name: _rows(out, name) for name in ("articles", "mentions", "events", "event_changes")}
    assert len(before["articles"]) == 6

    # A new article for the day, then a run whose analysis fails: its read and clean steps have
    # written the day's new raw records and articles, but readers never see them beside the
    # day's old mentions and the old events.
    (raw / DAY / "late.txt").write_text("Protesters gathered in Kabul on Monday.\n\n"
                                        "Hundreds of protesters gathered in Kabul on Monday to demand "
                                        "the release of detained journalists, witnesses said.\n", "utf-8")
    failed = _materialize(raw, out, instance, gazetteer=UnavailableGazetteer())
    assert not failed.success
    assert _published_run(out) == first
    assert {name: _rows(out, name) for name in before} == before
    staged = out / publish.RUNS / f"{publish.STAGING_PREFIX}dagster-{failed.run_id}"
    assert (staged / "articles").is_dir()  # written, never published

    # The next good run publishes the new article with its mentions and events together, and
    # removes the failed run's staging folder.
    assert _materialize(raw, out, instance).success
    assert _published_run(out) != first
    assert len(_rows(out, "articles")) == 7
    assert any(m["article_id"] not in {a["article_id"] for a in before["articles"]}
               for m in _rows(out, "mentions"))
    assert not staged.exists()
    assert not [p for p in (out / publish.RUNS).iterdir() if p.name.startswith(".")]


def test_a_folder_of_plain_partitions_is_adopted_without_losing_a_day(tmp_path, instance):
    """Tables of the older layout (real folders, no `current`) are taken into the first
    published run: another day's partition stays readable under the same name."""
    raw, out = raw_day(tmp_path / "raw"), tmp_path / "processed"
    old = out / "articles" / "ingest_date=2026-10-30" / "part-0.parquet"
    old.parent.mkdir(parents=True)
    write_table(to_table([], SCHEMAS["articles"]), old)
    assert _materialize(raw, out, instance).success
    first = _published_run(out)
    assert (first / "articles" / "ingest_date=2026-10-30" / "part-0.parquet").is_file()
    assert sorted(p.name for p in (out / "articles").iterdir()) == \
        ["ingest_date=2026-10-30", f"ingest_date={DAY}"]
    assert len(_rows(out, "articles")) == 6

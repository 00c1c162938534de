"""Quarantine, not failure: a row that breaks a quality rule goes to rejects with a reason code,
the others publish (CLI and Dagster); planned events may lie in the future."""
import datetime as dt
import json

import pyarrow as pa
import pytest

from pipeline import quality
from pipeline.run import extract
from pipeline.tables import SCHEMAS, to_table

TODAY = dt.date.today()
NEXT = TODAY.year + 1
NOW = dt.datetime.now(dt.timezone.utc)


def _raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    today = json.dumps({"published": TODAY.isoformat()})
    (raw / "talks.txt").write_text(
        f"Talks planned\n\nTalks between the government and the rebels will be held in Geneva on "
        f"January 15, {NEXT}, the mediators said.\n", "utf-8")
    (raw / "talks.meta.json").write_text(today, "utf-8")
    (raw / "future_attack.txt").write_text(
        f"Attack\n\nRebels attacked an army post in Idlib on March 3, {NEXT}, killing four soldiers.\n", "utf-8")
    (raw / "future_attack.meta.json").write_text(today, "utf-8")
    (raw / "good.txt").write_text(
        "Clashes\n\nPolice arrested two men in Kabul on Monday after a protest in the city centre.\n", "utf-8")
    (raw / "good.meta.json").write_text('{"published": "2021-03-02"}', "utf-8")
    (raw / "from_2099.txt").write_text(
        "Shelling\n\nArtillery shelled the outskirts of Aleppo on Sunday, killing three civilians.\n", "utf-8")
    (raw / "from_2099.meta.json").write_text('{"published": "2099-06-01"}', "utf-8")
    (raw / "from_1850.txt").write_text(
        "Riot\n\nRioters set fire to shops in Basra on Friday, police said.\n", "utf-8")
    (raw / "from_1850.meta.json").write_text('{"published": "1850-06-01"}', "utf-8")
    return raw


def _check(tables):
    articles = sorted(tables["articles"].column("source_id").to_pylist())
    assert articles == ["future_attack.txt", "good.txt", "talks.txt"]
    rejects = {(r["source_path"].rsplit("/", 1)[-1], r["reason_code"]) for r in tables["rejects"].to_pylist()}
    assert ("from_2099.txt", "published_out_of_range") in rejects
    assert ("from_1850.txt", "published_out_of_range") in rejects
    assert ("future_attack.txt", "event_date_future") in rejects
    mentions = tables["mentions"].to_pylist()
    talks = [m for m in mentions if m["event_type"] == "meeting"]
    assert [(m["modality"], m["date_start"]) for m in talks] == [("planned", dt.date(NEXT, 1, 15))]
    assert not any(m["event_type"] == "armed_clash" and m["date_start"] and m["date_start"].year == NEXT
                   for m in mentions)
    events = tables["events"].to_pylist()
    assert any(e["event_type"] == "meeting" and e["date_start"] == dt.date(NEXT, 1, 15) for e in events)
    assert any(e["event_type"] == "arrest" for e in events)


def test_cli_path_quarantines_rows_and_publishes_the_rest(tmp_path):
    _check(extract([_raw(tmp_path)], tmp_path / "out"))


def test_dagster_path_quarantines_rows_and_every_check_passes(tmp_path):
    dg = pytest.importorskip("dagster")
    import pyarrow.parquet as pq
    from assets.checks import ALL_CHECKS
    from assets.definitions import ALL_ASSETS, build_definitions
    from pipeline.ingest.days import files_by_day
    raw, out = _raw(tmp_path), tmp_path / "processed"
    defs = build_definitions(str(raw), str(out))
    (day,) = files_by_day(raw)  # loose files: the day they were written
    with dg.instance_for_test() as instance:
        result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=defs.resources,
                                instance=instance, raise_on_error=False, partition_key=day)
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    # partitioned tables are folders (<table>/ingest_date=<day>/part-0.parquet)
    tables = {n: pq.read_table(out / n / f"ingest_date={day}" / "part-0.parquet")
              for n in ("articles", "rejects", "mentions")}
    _check({**tables, "events": pq.read_table(out / "events.parquet")})


def _mention(**kw):
    base = {"mention_id": "m1", "article_id": "a1", "event_type": "attack", "modality": "asserted",
            "date_start": dt.date(2020, 1, 1), "date_end": dt.date(2020, 1, 1),
            "latitude": 36.2, "longitude": 37.1, "geo_precision": 1}
    return {**base, **kw}


@pytest.mark.parametrize("changes, code", [
    ({}, None),
    ({"date_start": dt.date(NEXT, 5, 1), "date_end": dt.date(NEXT, 5, 1)}, "event_date_future"),
    ({"date_start": dt.date(NEXT, 5, 1), "date_end": dt.date(NEXT, 5, 1), "modality": "reported"}, "event_date_future"),
    ({"date_start": dt.date(NEXT, 5, 1), "date_end": dt.date(NEXT, 5, 1), "modality": "planned"}, None),
    ({"date_start": dt.date(NEXT, 5, 1), "date_end": dt.date(NEXT, 5, 1), "modality": "announced"}, None),
    ({"date_start": dt.date(2020, 2, 1)}, "date_inverted"),
    ({"latitude": 91.0}, "bad_coordinates"),
    ({"longitude": -180.5}, "bad_coordinates"),
    ({"latitude": float("nan")}, "bad_coordinates"),
    ({"latitude": None}, "bad_coordinates"),
    ({"latitude": None, "longitude": None}, None),
    ({"event_type": "alien_invasion"}, "out_of_vocabulary"),
    ({"modality": "certain"}, "out_of_vocabulary"),
    ({"geo_precision": 9}, "out_of_vocabulary"),
])
def test_mention_rules(changes, code):
    kept, rejects = quality.quarantine_mentions([_mention(**changes)], NOW, {"a1": "raw/a.txt"})
    assert [r["reason_code"] for r in rejects] == ([code] if code else [])
    assert len(kept) == (0 if code else 1)
    assert all(r["source_path"] == "raw/a.txt" and r["record"] == "m1" and r["reason"] for r in rejects)


def test_places_with_impossible_coordinates_are_quarantined():
    rows = [{"article_id": "a1", "char_start": i, "char_end": i + 3, "surface": s, "latitude": lat,
             "longitude": lon} for i, (s, lat, lon) in
            enumerate([("Homs", 34.7, 36.7), ("Nowhere", 123.0, 10.0), ("Edge", -90.0, 180.0),
                       ("Nan", float("nan"), 1.0), ("Unresolved", None, None)])]
    table = to_table(rows, SCHEMAS["places"])
    kept, rejects = quality.quarantine_places(table, NOW, {"a1": "raw/a.txt"})
    assert kept.column("surface").to_pylist() == ["Homs", "Edge", "Unresolved"]
    assert [r["record"] for r in rejects] == ["a1:1", "a1:3"]
    assert {r["reason_code"] for r in rejects} == {"bad_coordinates"}
    assert kept.schema == SCHEMAS["places"] and isinstance(kept, pa.Table)

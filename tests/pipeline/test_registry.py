"""The column registry: the schemas it gives are today's, field for field; a bad edit is named;
its problem counters find what they are meant to find."""
import datetime as dt
import math

import pytest

from pipeline import registry as reg
from pipeline import tables
from pipeline.vocabulary import VocabularyError
from tests.pipeline import frozen_schemas


def test_the_schemas_are_the_frozen_hand_written_ones():
    assert list(tables.SCHEMAS) == list(reg.registry().tables)
    assert set(tables.SCHEMAS) == set(frozen_schemas.SCHEMAS)
    for name, frozen in frozen_schemas.SCHEMAS.items():
        schema = tables.SCHEMAS[name]
        assert schema.names == frozen.names, name
        for got, want in zip(schema, frozen):
            assert got.equals(want, check_metadata=True), (name, got, want)
        assert schema.equals(frozen, check_metadata=True) and schema.metadata == frozen.metadata


@pytest.mark.parametrize("name", ["string", "int8", "date32", "timestamp[us, tz=UTC]", "list<string>",
                                  "list<struct<value: int64, unit: string, text: string>>"])
def test_type_names_read_back_as_pyarrow_prints_them(name):
    printed = str(reg.arrow_type(name)).replace("item: ", "").replace("date32[day]", "date32")
    assert printed == name


def _edited(tmp_path, old: str, new: str):
    text = reg.DEFAULT_PATH.read_text("utf-8")
    assert old in text
    path = tmp_path / "columns.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize("old, new, key, problem", [
    ("      surface:\n        type: string\n", "      surface:\n        type: strng\n",
     "tables.places.columns.surface.type", "unknown Arrow type name 'strng'"),
    ("        values: [added, updated, removed]\n", "        values: {vocabulary: changes}\n",
     "tables.event_changes.columns.change.values.vocabulary", "unknown vocabulary"),
    ("        references: articles.article_id\n        description: the article\n      sentence_index",
     "        references: articles.id\n        description: the article\n      sentence_index",
     "tables.mentions.columns.article_id.references", "no column articles.id"),
    ("      surface:\n        type: string\n", "      surface:\n        type: string\n        nulable: false\n",
     "tables.places.columns.surface.nulable", "unknown key"),
])
def test_a_bad_edit_names_file_key_and_line(tmp_path, old, new, key, problem):
    path = _edited(tmp_path, old, new)
    with pytest.raises(VocabularyError) as info:
        reg.load(path)
    error = info.value
    assert error.key == key and problem in error.problem and str(path) in str(error)
    lines = path.read_text("utf-8").splitlines()
    assert error.line is not None and key.split(".")[-1] in lines[error.line - 1]


def _table(name, rows):
    return tables.to_table(rows, tables.SCHEMAS[name])


def test_problem_counters_find_nulls_values_ranges_duplicates_and_orphans():
    mentions = reg.registry()["mentions"]
    good = {"mention_id": "m1", "article_id": "a1", "sentence_index": 0, "char_start": 0, "char_end": 3,
            "evidence": "x", "event_type": "attack", "date_precision": "day", "date_source": "explicit",
            "modality": "asserted", "typed_by": "rules", "extractor_version": "1", "latitude": 1.0,
            "longitude": 2.0, "geo_precision": 1, "confidence": 0.5, "actor1_type": "state_forces"}
    clean = _table("mentions", [good, {**good, "mention_id": "m2", "latitude": None, "longitude": None}])
    assert not any(reg.null_problems(mentions, clean).values())
    assert not any(reg.allowed_value_problems(mentions, clean).values())
    bad = _table("mentions", [good, {**good, "modality": None, "event_type": "alien_invasion", "latitude": math.nan,
                                     "geo_precision": 9, "confidence": 1.5, "actor1_type": "aliens"}])
    assert {k for k, v in reg.null_problems(mentions, bad).items() if v} == {"modality"}
    assert {k for k, v in reg.allowed_value_problems(mentions, bad).items() if v} == {
        "event_type", "latitude", "geo_precision", "confidence", "actor1_type"}
    assert reg.duplicate_problems(mentions, _table("mentions", [good, good])) == {"rows": 2, "distinct": 1, "nulls": 0}
    articles = _table("articles", [{"article_id": "a1"}])
    assert reg.foreign_key_problems(mentions, clean, {"articles": articles}) == {"article_id": (0, [])}
    orphan = _table("mentions", [{**good, "article_id": "a9"}])
    assert reg.foreign_key_problems(mentions, orphan, {"articles": articles}) == {"article_id": (1, ["a9"])}


def test_list_foreign_keys_check_every_item_and_composite_keys_count_pairs():
    # The committed events table has no foreign keys (events outlive their input): the list-column
    # logic is checked on a copy whose list columns reference mentions and articles.
    import dataclasses

    committed = reg.registry()["events"]
    refs = {"mention_ids": ("mentions", "mention_id"), "article_ids": ("articles", "article_id")}
    events = dataclasses.replace(committed, columns=tuple(
        dataclasses.replace(c, references=refs.get(c.name, c.references)) for c in committed.columns))
    row = {"event_id": "e1", "mention_ids": ["m1", "m2"], "article_ids": ["a1"]}
    others = {"mentions": _table("mentions", [{"mention_id": "m1"}]),
              "articles": _table("articles", [{"article_id": "a1"}])}
    assert reg.foreign_key_problems(events, _table("events", [row]), others) == {
        "mention_ids": (1, ["m2"]), "article_ids": (0, [])}
    changes = reg.registry()["event_changes"]
    at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    rows = [{"run_at": at, "event_id": "e1"}, {"run_at": at, "event_id": "e2"},
            {"run_at": at + dt.timedelta(days=1), "event_id": "e1"}]
    assert reg.duplicate_problems(changes, _table("event_changes", rows))["distinct"] == 3
    assert reg.duplicate_problems(changes, _table("event_changes", [*rows, rows[0]]))["distinct"] == 3


def test_the_codebook_command_writes_the_generated_codebook(tmp_path):
    out = tmp_path / "CODEBOOK.md"
    assert reg.main(["--codebook", str(out)]) == 0
    assert out.read_text("utf-8") == reg.registry().codebook()

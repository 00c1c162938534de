"""Adding a column or an event type is one edit: in a temporary copy of the column registry or of
the taxonomy, the schema, the codebook and the blocking checks all follow."""
import shutil

import dagster as dg
import pytest

from assets.checks import ALL_CHECKS, registry_checks
from assets.metadata import column_schema
from pipeline import registry as reg
from pipeline.events import vocab
from pipeline.tables import to_table

NEW_COLUMN = """      reason:
        type: string
        description: short human-readable reason for the choice
      resolved_by:
        type: string
        nullable: false
        description: what resolved the toponym
        values: [gazetteer, geocoder]
"""


def _checks(registry=None) -> dict[str, dg.AssetChecksDefinition]:
    return {spec.name: c for c in registry_checks(registry) for spec in c.check_specs}


def _place(**kw) -> dict:
    return {"article_id": "a1", "char_start": 0, "char_end": 4, "surface": "Homs", "latitude": 34.7,
            "longitude": 36.7, "geo_precision": 1, "score": 0.9, **kw}


def test_a_column_added_to_the_registry_reaches_schema_codebook_and_checks(tmp_path):
    text = reg.DEFAULT_PATH.read_text("utf-8")
    old = NEW_COLUMN.split("      resolved_by")[0]
    assert text.count(old) == 1
    path = tmp_path / "columns.yaml"
    path.write_text(text.replace(old, NEW_COLUMN), "utf-8")
    edited = reg.load(path)

    schema = edited.schemas()["places"]
    assert schema.names[-2:] == ["reason", "resolved_by"] and str(schema.field("resolved_by").type) == "string"
    assert "resolved_by" not in reg.registry().schemas()["places"].names
    assert "| resolved_by | string | no | what resolved the toponym; one of `gazetteer`, `geocoder` |" \
        in edited.codebook().splitlines()
    ui = column_schema(schema, edited).columns[-1]
    assert (ui.name, ui.description, ui.constraints.nullable) == ("resolved_by", "what resolved the toponym", False)

    checks = _checks(edited)
    good = to_table([_place(resolved_by="gazetteer")], schema)
    for name in ("places_not_null", "places_allowed_values"):
        assert checks[name](places=good).passed, name
    missing = checks["places_not_null"](places=to_table([_place()], schema))
    assert not missing.passed and missing.metadata["resolved_by_nulls"].value == 1
    wrong = checks["places_allowed_values"](places=to_table([_place(resolved_by="guess")], schema))
    assert not wrong.passed and wrong.metadata["resolved_by_not_allowed"].value == 1


@pytest.fixture
def taxonomy_with_a_new_type(tmp_path, monkeypatch):
    shutil.copy(vocab.HERE / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    with open(tmp_path / "taxonomy.yaml", "a", encoding="utf-8") as f:
        f.write("drone_sighting:    {acled: [Strategic developments, Other], cameo: null, plover: null, mode: null}\n")
    monkeypatch.setenv("CONFLICT_EVENTS_VOCAB", str(tmp_path))
    vocab.load.cache_clear()
    yield "drone_sighting"
    monkeypatch.delenv("CONFLICT_EVENTS_VOCAB")
    vocab.load.cache_clear()


def _mention(event_type: str) -> dict:
    return {"mention_id": "m1", "article_id": "a1", "event_type": event_type, "modality": "asserted"}


def test_an_event_type_added_to_the_taxonomy_is_allowed_and_documented(taxonomy_with_a_new_type):
    new = taxonomy_with_a_new_type
    mentions = reg.registry().schemas()["mentions"]
    check = _checks()["mentions_allowed_values"]
    assert check(mentions=to_table([_mention(new)], mentions)).passed
    assert not check(mentions=to_table([_mention("alien_invasion")], mentions)).passed
    row = next(line for line in reg.registry().codebook().splitlines() if line.startswith("| event_type | string |"))
    assert f"`{new}`" in row


def test_without_the_edit_the_new_type_is_refused():
    mentions = reg.registry().schemas()["mentions"]
    result = _checks()["mentions_allowed_values"](mentions=to_table([_mention("drone_sighting")], mentions))
    assert not result.passed and result.metadata["event_type_not_allowed"].value == 1
    assert "drone_sighting" not in reg.registry().codebook()


def test_every_referenced_table_is_an_input_of_its_foreign_key_check():
    checks = {spec.name: c for c in ALL_CHECKS for spec in c.check_specs}
    events_keys = checks["events_foreign_keys"]
    inputs = {key.to_user_string() for key in events_keys.keys_by_input_name.values()}
    assert inputs == {"events", "mentions", "articles"}
    assert all(spec.blocking for c in ALL_CHECKS for spec in c.check_specs)
    # the names of the checks written by hand before the registry are kept
    assert {"articles_ids_unique", "mentions_ids_unique", "events_ids_unique", "rejects_have_reasons",
            "articles_published_not_in_future", "mentions_valid_values", "events_valid_values",
            "places_coordinates_in_range"} <= set(checks)


def test_materialization_metadata_describes_the_columns():
    from assets.metadata import table_metadata
    from pipeline.tables import EVENTS, REJECTS

    columns = {c.name: c for c in table_metadata(to_table([], EVENTS))["dagster/column_schema"].columns}
    assert columns["event_id"].constraints.unique and not columns["event_id"].constraints.nullable
    assert columns["modality"].description == reg.registry()["mentions"]["modality"].description
    assert columns["mention_ids"].constraints.other == ["references mentions.mention_id"]
    # the staging reject tables have the rejects columns, and their descriptions
    staged = table_metadata(to_table([], REJECTS))["dagster/column_schema"].columns
    assert staged[2].name == "stage" and staged[2].description == "the stage that refused it"

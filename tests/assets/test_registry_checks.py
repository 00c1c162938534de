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


def _results(registry, **tables) -> dict[str, dg.AssetCheckResult]:
    """The registry checks of the first table given, run on these tables, by check name."""
    target = next(iter(tables))
    step = next(c for c in registry_checks(registry)
                if {spec.asset_key.to_user_string() for spec in c.check_specs} == {target})
    return {result.check_name: result for result in step(**tables)}


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

    articles = to_table([{"article_id": "a1"}], edited.schemas()["articles"])
    good = _results(edited, places=to_table([_place(resolved_by="gazetteer")], schema), articles=articles)
    assert set(good) == {"places_not_null", "places_allowed_values", "places_foreign_keys"}
    assert all(r.passed for r in good.values())
    missing = _results(edited, places=to_table([_place()], schema), articles=articles)["places_not_null"]
    assert not missing.passed and missing.metadata["resolved_by_nulls"].value == 1
    wrong = _results(edited, places=to_table([_place(resolved_by="guess")], schema),
                     articles=articles)["places_allowed_values"]
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
    articles = to_table([{"article_id": "a1"}], reg.registry().schemas()["articles"])
    for event_type, allowed in ((new, True), ("alien_invasion", False)):
        results = _results(None, mentions=to_table([_mention(event_type)], mentions), articles=articles)
        assert results["mentions_allowed_values"].passed is allowed, event_type
    row = next(line for line in reg.registry().codebook().splitlines() if line.startswith("| event_type | string |"))
    assert f"`{new}`" in row


def test_without_the_edit_the_new_type_is_refused():
    mentions = reg.registry().schemas()["mentions"]
    articles = to_table([{"article_id": "a1"}], reg.registry().schemas()["articles"])
    result = _results(None, mentions=to_table([_mention("drone_sighting")], mentions),
                      articles=articles)["mentions_allowed_values"]
    assert not result.passed and result.metadata["event_type_not_allowed"].value == 1
    assert "drone_sighting" not in reg.registry().codebook()


def test_every_referenced_table_is_an_input_of_its_foreign_key_check():
    checks = {spec.name: c for c in ALL_CHECKS for spec in c.check_specs}
    mention_keys = checks["mentions_foreign_keys"]
    assert mention_keys is checks["mentions_ids_unique"]  # one step per table
    inputs = {key.to_user_string() for key in mention_keys.keys_by_input_name.values()}
    assert inputs == {"mentions", "articles"}
    # events outlive their input (retention), so their mention and article ids are no foreign keys
    assert "events_foreign_keys" not in checks
    assert all(spec.blocking for c in ALL_CHECKS for spec in c.check_specs)
    # the names of the checks written by hand before the registry are kept
    assert {"articles_ids_unique", "mentions_ids_unique", "events_ids_unique", "rejects_have_reasons",
            "articles_published_not_in_future", "mentions_valid_values", "events_valid_values",
            "places_coordinates_in_range"} <= set(checks)


def test_materialization_metadata_describes_the_columns():
    from assets.metadata import table_metadata
    from pipeline.tables import EVENTS, MENTIONS, REJECTS

    columns = {c.name: c for c in table_metadata(to_table([], EVENTS))["dagster/column_schema"].columns}
    assert columns["event_id"].constraints.unique and not columns["event_id"].constraints.nullable
    assert columns["modality"].description == reg.registry()["mentions"]["modality"].description
    assert columns["mention_ids"].constraints.other == []  # events outlive their input: no foreign key
    mention_columns = {c.name: c for c in table_metadata(to_table([], MENTIONS))["dagster/column_schema"].columns}
    assert mention_columns["article_id"].constraints.other == ["references articles.article_id"]
    # the staging reject tables have the rejects columns, and their descriptions
    staged = table_metadata(to_table([], REJECTS))["dagster/column_schema"].columns
    assert staged[2].name == "stage" and staged[2].description == "the stage that refused it"


def test_a_failing_registry_check_stops_the_assets_downstream():
    articles_schema = reg.registry().schemas()["articles"]
    ran = []

    @dg.asset(name="articles")
    def duplicated_articles():
        return to_table([{"article_id": "a1", "text": "x"}, {"article_id": "a1", "text": "y"}], articles_schema)

    @dg.asset(deps=["articles"])
    def downstream():
        ran.append(True)

    step = next(c for c in registry_checks() if c.check_specs and
                {s.asset_key.to_user_string() for s in c.check_specs} == {"articles"})
    with dg.instance_for_test() as instance:
        result = dg.materialize([duplicated_articles, downstream, step], instance=instance, raise_on_error=False)
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations["articles_ids_unique"] is False and evaluations["articles_not_null"] is False
    assert not result.success and ran == []

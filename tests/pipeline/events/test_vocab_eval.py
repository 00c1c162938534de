"""Vocabularies agree with each other and the docs; the evaluation meets its target."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main
from pipeline.evaluation import event_sets as datasets, event_typing as evaluate
from pipeline.events.taxonomy import event_types
from pipeline.events.triggers import compiled_lexicon
from pipeline.events.vocab import load
from tests.conftest import ROOT, shared_path

REQUIRED = {"meeting", "agreement", "base_established", "territory_transfer",
            "government_regains_territory", "non_state_overtakes_territory", "air_strike",
            "shelling", "armed_clash", "attack", "remote_explosive", "suicide_bomb", "grenade",
            "chemical_weapon", "abduction", "sexual_violence", "arrest", "disrupted_weapons_use",
            "looting_property_destruction", "change_to_group_activity", "peaceful_protest",
            "protest_with_intervention", "excessive_force_against_protesters",
            "violent_demonstration", "mob_violence", "natural_disaster", "man_made_disaster",
            "organized_crime", "diplomacy", "other"}


def test_taxonomy_lexicon_and_docs_cover_the_same_types():
    assert REQUIRED <= set(event_types())
    assert set(load("lexicon")) == set(event_types())
    for spec in load("lexicon").values():
        assert set(spec.get("suppressed_by") or []) <= set(event_types()) | {"ALL"}
    docs = (ROOT / "docs" / "TAXONOMY.md").read_text(encoding="utf-8")
    assert all(f"`{t}`" in docs for t in event_types())
    assert compiled_lexicon()[0]


def test_external_mappings_target_our_types():
    for name in ("rams", "wikievents"):
        assert datasets.scored_types(name) <= set(event_types())


def test_own_sets_have_ten_sentences_per_type():
    counts = {t: 0 for t in event_types()}
    for split in ("tune", "report"):
        for unit in datasets.own_units(split):
            for kind in unit["gold"][0]:
                counts[kind] += 1
    assert min(counts.values()) >= 10, counts


def test_report_split_meets_the_typing_target():
    result = evaluate.score(datasets.own_units("report"))
    assert result["weighted_f1"] >= 0.85
    assert result["modality_accuracy"] >= 0.8


def test_cli_prints_and_saves_the_table(tmp_path, capsys):
    assert main(["eval", "events", "--dataset", "own", "--out", str(tmp_path)]) == 0
    assert "weighted F1" in capsys.readouterr().out
    saved = json.loads((tmp_path / "events.json").read_text())
    assert saved["own"]["per_type"]["air_strike"]["support"] > 0


def test_external_sets_score_without_error():
    rams = datasets.rams_units(shared_path("dev", "events", "rams_dev.jsonl"))
    wiki = datasets.wikievents_units(shared_path("dev", "events", "wikievents_dev.jsonl"))
    for units, name in ((rams, "rams"), (wiki, "wikievents")):
        result = evaluate.score(units, datasets.scored_types(name))
        assert result["gold_events"] > 50 and 0 <= result["weighted_f1"] <= 1


def test_news_corpus_extracts_without_error():
    from pipeline.events import extract_mentions
    from pipeline.text import split_sentences

    path = shared_path("corpus", "news_dev.jsonl")
    total = 0
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        text = row.get("text") or ""
        mentions = extract_mentions({"article_id": str(n), "text": text}, split_sentences(text), [])
        for m in mentions:
            assert text[m["char_start"]:m["char_end"]] == m["trigger"]
        total += len(mentions)
    assert n + 1 == 1879 and total > 1000

"""The learned typer: its numpy scorer against scikit-learn, and how it joins the rules."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.events import model as model_module
from pipeline.events.extract import extract_mentions
from pipeline.events.model import EventModel, features, token_spans
from pipeline.training import events as training

# Sentences written for this test (not from any corpus).
WRITTEN = [
    ("Jets bombed the market in the town, killing nine people.", {"air_strike"}),
    ("Warplanes struck a bakery on Monday.", {"air_strike"}),
    ("An air raid hit the village school.", {"air_strike"}),
    ("Police arrested four men at the border crossing.", {"arrest"}),
    ("Two journalists were detained by the security services.", {"arrest"}),
    ("Officers took three protest leaders into custody.", {"arrest"}),
    ("Hundreds marched through the capital against the new tax.", {"peaceful_protest"}),
    ("Students held a sit-in outside the ministry.", {"peaceful_protest"}),
    ("Workers rallied in the square demanding unpaid wages.", {"peaceful_protest"}),
    ("The council approved the school budget for next year.", set()),
    ("The weather will be sunny on Friday.", set()),
    ("The library opens a new reading room in March.", set()),
    ("Jets bombed a fuel depot while police arrested two looters.", {"air_strike", "arrest"}),
]


def _examples():
    return [{"sentence": s, "tokens": [t for t, _, _ in token_spans(s)],
             "features": features([t for t, _, _ in token_spans(s)]), "gold": gold}
            for s, gold in WRITTEN]


@pytest.mark.parametrize("scale", [0.0, 0.5])
def test_numpy_scorer_gives_scikit_learns_probabilities(tmp_path, scale):
    examples = _examples()
    arrays, clf, X = training.fit(examples, c=4.0, embedding_scale=scale, return_estimator=True)
    path = tmp_path / "m.npz"
    training.save(arrays, (0.7, 0.1, 0.5), [], path)
    model = EventModel(path)
    assert model.classes == list(clf.classes_)
    # X has one row per (sentence, gold type): rows of the same sentence are equal.
    rows = []
    for n, ex in enumerate(examples):
        for _ in (sorted(ex["gold"] & set(clf.classes_)) or ["none"]):
            rows.append(n)
    first_row = {}
    for r, n in enumerate(rows):
        first_row.setdefault(n, r)
    expected = clf.predict_proba(X[[first_row[n] for n in range(len(examples))]])
    got = model.probabilities([ex["features"] for ex in examples], [ex["sentence"] for ex in examples])
    assert np.allclose(got, expected, atol=1e-4)
    # The run-time path from tokens gives the same numbers as the feature path.
    from_tokens = model.token_probabilities([ex["tokens"] for ex in examples], [[] for _ in examples],
                                            [ex["sentence"] for ex in examples])
    assert np.allclose(from_tokens, got, atol=1e-9)
    if not scale:  # unknown words change nothing: their features are not in the vocabulary
        again = model.probabilities([examples[0]["features"] + ["w:zzzunseen"]], [examples[0]["sentence"]])
        assert np.allclose(again[0], got[0], atol=1e-12)


def test_model_adds_retypes_and_drops(tmp_path, monkeypatch):
    arrays = training.fit(_examples(), c=4.0, embedding_scale=0.0)
    path = tmp_path / "m.npz"
    training.save(arrays, (0.9, 0.3, 0.5), ["warplanes", "marched", "struck"], path)
    model = EventModel(path)
    model_module.use_model(model)
    try:
        text = ("Warplanes struck the bakery in the town. The council approved the budget. "
                "Hundreds marched in the square.")
        spans = [(0, 40), (41, 73), (74, len(text))]
        rows = extract_mentions({"article_id": "a", "text": text}, spans, [])
    finally:
        model_module.use_model(None)
    by_sentence = {r["sentence_index"]: r for r in rows}
    assert by_sentence[0]["event_type"] == "air_strike"
    assert 1 not in by_sentence  # no event in the council sentence
    assert by_sentence[2]["event_type"] == "peaceful_protest"
    assert {r["typed_by"] for r in rows} <= {"rules", "model", "both"}
    assert all(0.0 <= r["confidence"] <= 1.0 for r in rows)
    # The trigger of a mention the model adds is a word of its sentence.
    for r in rows:
        assert text[r["char_start"]:r["char_end"]] == r["trigger"]


def test_rules_alone_when_switched_off(monkeypatch):
    monkeypatch.setenv("CONFLICT_EVENTS_MODEL", "off")
    model_module.use_model(None)
    text = "Jets bombed the market in Aleppo, killing nine people."
    rows = extract_mentions({"article_id": "a", "text": text}, [(0, len(text))], [])
    assert rows and {r["typed_by"] for r in rows} == {"rules"}


def test_committed_model_loads_and_types_a_written_report():
    if not model_module.MODEL_FILE.exists():
        pytest.skip("no committed model file (run `make train`)")
    model = EventModel(model_module.MODEL_FILE)
    assert model_module.MODEL_FILE.stat().st_size < 20 * 2 ** 20
    assert "none" in model.classes and len(model.types) >= 15
    text = "Syrian government warplanes bombed a crowded market in Idlib on Tuesday, killing 12 civilians."
    rows = extract_mentions({"article_id": "a", "text": text}, [(0, len(text))], [])
    assert [r["event_type"] for r in rows] == ["air_strike"]

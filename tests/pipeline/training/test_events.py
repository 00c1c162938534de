"""`make train` is deterministic: retraining gives the committed model's dev predictions."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.events.model import MODEL_FILE, EventModel
from pipeline.evaluation import corpus
from pipeline.training import events as training
from tests.conftest import shared_path


def test_retraining_reproduces_the_committed_model(tmp_path):
    shared_path("corpus", "news_dev.jsonl")
    if not MODEL_FILE.exists():
        pytest.skip("no committed model file (run `make train`)")
    out = tmp_path / "retrained.npz"
    training.train(out)
    committed, retrained = EventModel(MODEL_FILE), EventModel(out)
    assert committed.classes == retrained.classes
    assert (committed.none_threshold, committed.keep_threshold, committed.second_threshold) == (
        retrained.none_threshold, retrained.keep_threshold, retrained.second_threshold)
    dev = training.corpus_examples(corpus.scoring_units(corpus.labelled("dev")))
    feats, sentences = [ex["features"] for ex in dev], [ex["sentence"] for ex in dev]
    assert np.allclose(committed.probabilities(feats, sentences),
                       retrained.probabilities(feats, sentences), atol=1e-5)

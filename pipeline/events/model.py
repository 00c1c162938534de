"""The learned sentence typer: a multinomial logistic regression over "no event" and the event
types, trained with scikit-learn by `pipeline.training.events` on the labelled real-news
corpus. It reads a sentence's words, word pairs and stems, the types the rules found in it,
and the sentence's static word embedding (WordLlama, whose 16 MB of weights ship inside its
PyPI wheel; nothing is downloaded), and gives a probability per type.

At run time only numpy (and WordLlama) is needed: the model file holds the feature
vocabulary, the weight matrices and the intercepts, and a sentence's scores are the
L2-normalised sum of its features' weight rows plus its embedding times the dense weights:
the same probabilities as scikit-learn's `predict_proba` (a test checks it) at a fraction of
its per-call cost, which matters because it runs on every candidate sentence of every article.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "data" / "event_model.npz"
NONE = "none"
# Tokens of lowered text: words, numbers (folded to one token), apostrophe contractions.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*")
_NUMBER = "<num>"
PREFIX = 5  # a cheap stem: the first letters of longer words ("killings" -> "killi")


def features(tokens: list[str], rule_types: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The model's sparse features of one sentence: words, word pairs, stems, and the types the
    rules found in it (the model learns how far each rule can be trusted on real news)."""
    out = ["w:" + t for t in tokens]
    out += ["b:" + a + "_" + b for a, b in zip(tokens, tokens[1:])]
    out += ["p:" + t[:PREFIX] for t in tokens if len(t) > PREFIX]
    out += ["r:" + t for t in rule_types]
    if rule_types:
        out.append("r:any")
    return out


def token_spans(sentence: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of a sentence, offsets into the sentence itself."""
    lowered = sentence.lower()
    source = lowered if len(lowered) == len(sentence) else sentence  # lower() may lengthen
    return [(_NUMBER if m.group(0)[0].isdigit() else m.group(0).lower(), m.start(), m.end())
            for m in _TOKEN.finditer(source)]


@functools.lru_cache(maxsize=1)
def embedder():
    """WordLlama's static embeddings, loaded offline from its own package folder."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed(sentences: list[str]) -> np.ndarray:
    """Unit-length sentence embeddings (rows)."""
    if not sentences:
        return np.zeros((0, 256), dtype=np.float32)
    return np.asarray(embedder().embed(sentences, norm=True), dtype=np.float64)


class EventModel:
    """Weights of the typer and its decision thresholds."""

    def __init__(self, path: Path = MODEL_FILE):
        with np.load(path, allow_pickle=False) as data:
            self.classes: list[str] = [str(c) for c in data["classes"]]
            vocabulary = [str(v) for v in data["vocabulary"]]
            self.weights = data["weights"].astype(np.float64)  # sparse features x classes
            self.dense = data["dense"].astype(np.float64)  # embedding dimensions x classes
            self.intercept = data["intercept"].astype(np.float64)
            self.embedding_scale = float(data["embedding_scale"])
            self.none_threshold = float(data["none_threshold"])
            self.keep_threshold = float(data["keep_threshold"])
            self.cue_margin = float(data["cue_margin"])
            self.version = str(data["version"])
        self.index = {f: i for i, f in enumerate(vocabulary)}
        self.class_index = {c: i for i, c in enumerate(self.classes)}
        self.none = self.class_index[NONE]
        self.types = [c for c in self.classes if c != NONE]
        # How much each word speaks for a type against "no event": words with a large margin
        # are cues (only sentences holding one, or a rule trigger, are scored) and name the
        # trigger of a mention the model adds.
        self.margins = self.weights - self.weights[:, [self.none]]
        unigram = np.array([f.startswith("w:") for f in vocabulary], dtype=bool)
        strong = unigram & (np.delete(self.margins, self.none, axis=1).max(axis=1) >= self.cue_margin)
        self.cue_words = frozenset(vocabulary[i][2:] for i in np.flatnonzero(strong))

    def probabilities(self, feature_lists: list[list[str]], sentences: list[str]) -> np.ndarray:
        """P(class | sentence): rows of sentences, columns of `classes` (softmax)."""
        scores = np.tile(self.intercept, (len(feature_lists), 1))
        get = self.index.get
        for row, feats in enumerate(feature_lists):
            idx = [i for i in map(get, set(feats)) if i is not None]
            if idx:
                scores[row] += self.weights[idx].sum(axis=0) / np.sqrt(len(idx))
        if self.embedding_scale:
            scores += (embed(sentences) * self.embedding_scale) @ self.dense
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def best_cue(self, spans: list[tuple[str, int, int]], kind: str) -> tuple[int, int] | None:
        """The span of the sentence's word that speaks most for `kind` (a model mention's trigger)."""
        column = self.class_index[kind]
        best, span = 0.0, None
        for token, start, end in spans:
            i = self.index.get("w:" + token)
            if i is not None and self.margins[i, column] > best:
                best, span = self.margins[i, column], (start, end)
        return span


def model_enabled() -> bool:
    """CONFLICT_EVENTS_MODEL=off runs the rules alone (for comparisons and ablations)."""
    return os.environ.get("CONFLICT_EVENTS_MODEL", "on").lower() not in ("off", "0", "no", "false")


# A model that training or evaluation puts in place of the committed one (threshold search,
# ablations); None in runs.
_override: EventModel | None = None


def use_model(model: EventModel | None) -> None:
    """Put `model` in place of the committed file (None: back to the committed one)."""
    global _override
    _override = model
    _committed.cache_clear()


def loaded_model() -> EventModel | None:
    """The model in use: the committed file, loaded once per process; None when absent or
    switched off (CONFLICT_EVENTS_MODEL=off)."""
    if _override is not None:
        return _override
    return _committed() if model_enabled() else None


@functools.lru_cache(maxsize=1)
def _committed() -> EventModel | None:
    return EventModel(MODEL_FILE) if MODEL_FILE.exists() else None

"""Five-fold cross-validation of the typer alone over the train split (`python -m
pipeline.training.crossval`): which feature family or setting helps, judged on more sentences than
dev holds. Decisions are the model's own (its best type when "no event" is below a threshold),
without the rules around it, so the figures rank variants; they are not the extractor's scores.

Folds are contiguous blocks of the train examples, which come in document order, so a document's
sentences mostly stay in one fold. The written snippets are added to every fold's training part."""
from __future__ import annotations

import argparse
import json

import numpy as np

from pipeline.evaluation import corpus
from pipeline.training.events import corpus_examples, training_rows, written_units

VARIANTS: tuple[dict, ...] = (
    {"name": "words (committed features), C=128"},
    {"name": "words, C=32", "c": 32.0},
    {"name": "words + character 3-5-grams, C=128", "chars": True},
    {"name": "words, C=128, balanced class weights", "class_weight": "balanced"},
)
NONE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8)


def weighted_f1(golds: list[set], preds: list[set]) -> tuple[float, float, float]:
    """Support-weighted F1 over types, and sentence-level detection precision and recall."""
    types = sorted({k for g in golds for k in g})
    total = sum(len(g) for g in golds) or 1
    score = 0.0
    for k in types:
        tp = sum(1 for g, p in zip(golds, preds) if k in g and k in p)
        fp = sum(1 for g, p in zip(golds, preds) if k not in g and k in p)
        fn = sum(1 for g, p in zip(golds, preds) if k in g and k not in p)
        score += (2 * tp / (2 * tp + fp + fn) if tp else 0.0) * sum(1 for g in golds if k in g)
    both = sum(1 for g, p in zip(golds, preds) if g and p)
    precision = both / max(1, sum(1 for p in preds if p))
    recall = both / max(1, sum(1 for g in golds if g))
    return round(score / total, 3), round(precision, 3), round(recall, 3)


def probabilities(train: list[dict], test: list[dict], c: float = 128.0, chars: bool = False,
                  class_weight=None):
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    _, rows, labels = training_rows(train)
    vocabulary = {f: i for i, f in enumerate(sorted({f for ex in train for f in ex["features"]}))}

    def matrix(examples):
        r, cols = [], []
        for i, ex in enumerate(examples):
            for f in set(ex["features"]):
                j = vocabulary.get(f)
                if j is not None:
                    r.append(i)
                    cols.append(j)
        return normalize(sparse.csr_matrix((np.ones(len(r)), (r, cols)), shape=(len(examples), len(vocabulary))))

    x_train, x_test = matrix(train), matrix(test)
    if chars:
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
        c_train = vec.fit_transform([e["sentence"] for e in train])
        c_test = vec.transform([e["sentence"] for e in test])
        x_train = normalize(sparse.hstack([x_train, 0.7 * c_train]).tocsr())
        x_test = normalize(sparse.hstack([x_test, 0.7 * c_test]).tocsr())
    clf = LogisticRegression(C=c, max_iter=5000, class_weight=class_weight)
    clf.fit(x_train[rows], labels)
    return list(clf.classes_), clf.predict_proba(x_test)


def decide(classes: list[str], probs, none_threshold: float) -> list[set]:
    none = classes.index("none")
    out = []
    for p in probs:
        best = max((i for i in range(len(classes)) if i != none), key=lambda i: p[i])
        out.append({classes[best]} if p[none] < none_threshold else set())
    return out


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    train = corpus_examples(corpus.scoring_units(corpus.labelled("train")))
    written = corpus_examples(written_units(include_own=False))
    folds = 5
    blocks = [list(range(i * len(train) // folds, (i + 1) * len(train) // folds)) for i in range(folds)]
    for variant in VARIANTS:
        options: dict = {k: v for k, v in variant.items() if k != "name"}
        golds: list[set] = []
        preds: dict[float, list[set]] = {t: [] for t in NONE_THRESHOLDS}
        for block in blocks:
            held = set(block)
            classes, probs = probabilities([e for i, e in enumerate(train) if i not in held] + written,
                                           [train[i] for i in block], **options)
            golds += [train[i]["gold"] for i in block]
            for t in NONE_THRESHOLDS:
                preds[t] += decide(classes, probs, t)
        print(json.dumps({"variant": variant["name"],
                          "cv_weighted_f1_detection_p_r": {str(t): weighted_f1(golds, preds[t])
                                                           for t in NONE_THRESHOLDS}}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

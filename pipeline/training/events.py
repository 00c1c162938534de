"""Train the learned sentence typer (`make train`): one L2 logistic regression per event type
(scikit-learn, liblinear, fixed seed) over the features of `pipeline.events.model.features`,
on the train split of the labelled real-news corpus; the two decision thresholds are chosen on
the dev split; the test split is never read here.

The result is written as a numpy file (`pipeline/events/data/event_model.npz`): vocabulary,
weights, intercepts and thresholds, so that runs need numpy only."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from pipeline.evaluation import corpus
from pipeline.events.datasets import own_units
from pipeline.events.extract import EXTRACTOR_VERSION, extract_mentions
from pipeline.events.model import MODEL_FILE, NONE, EventModel, embed, features, token_spans

MIN_POSITIVES = 4  # a type needs this many positive training sentences to be a class
C = 32.0
EMBEDDING_SCALE = 0.5  # weight of the dense embedding block beside the L2-normalised words
NONE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
KEEP_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 1.01)
CUE_COVERAGE = 0.99  # share of training event sentences that must hold a cue word


def rule_types_by_sentence(text: str, spans: list[tuple[int, int]], doc_id: str) -> dict[int, list[str]]:
    """The rules' types per sentence index of one document (the model's rule features)."""
    article = {"article_id": doc_id, "text": text, "published": None}
    out: dict[int, set[str]] = {}
    for m in extract_mentions(article, spans, [], use_model=False):
        out.setdefault(m["sentence_index"], set()).add(m["event_type"])
    return {i: sorted(v) for i, v in out.items()}


def corpus_examples(units: list[dict]) -> list[dict]:
    """Every scored sentence of the units: its text, tokens, features and gold types."""
    out = []
    for unit in units:
        rules = rule_types_by_sentence(unit["text"], unit["sentences"], unit["id"])
        for i, gold in zip(unit["scored"], unit["gold"]):
            s, e = unit["sentences"][i]
            sentence = unit["text"][s:e]
            tokens = [t for t, _, _ in token_spans(sentence)]
            out.append({"sentence": sentence, "tokens": tokens,
                        "features": features(tokens, rules.get(i, [])), "gold": set(gold)})
    return out


def fit(examples: list[dict], c: float = C, embedding_scale: float = EMBEDDING_SCALE,
        return_estimator: bool = False):
    """The multinomial logistic regression; returns the arrays of the model file. A sentence
    with two gold types is one training row per type."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    counts: dict[str, int] = {}
    for ex in examples:
        for k in ex["gold"]:
            counts[k] = counts.get(k, 0) + 1
    known = {k for k, n in counts.items() if n >= MIN_POSITIVES}
    rows, labels = [], []
    for n, ex in enumerate(examples):
        kinds = sorted(ex["gold"] & known) or [NONE]
        for kind in kinds:
            rows.append(n)
            labels.append(kind)
    vocabulary = sorted({f for ex in examples for f in ex["features"]})
    index = {f: i for i, f in enumerate(vocabulary)}
    r, cidx = [], []
    for row, n in enumerate(rows):
        for f in set(examples[n]["features"]):
            r.append(row)
            cidx.append(index[f])
    X = normalize(sparse.csr_matrix((np.ones(len(r)), (r, cidx)), shape=(len(rows), len(vocabulary))))
    if embedding_scale:
        E = embed([ex["sentence"] for ex in examples])[rows] * embedding_scale
        X = sparse.hstack([X, sparse.csr_matrix(E)]).tocsr()
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(X, labels)
    coef = clf.coef_.T  # features x classes
    words, dense = coef[:len(vocabulary)], coef[len(vocabulary):]
    if not embedding_scale:
        dense = np.zeros((256, len(clf.classes_)))
    # Every training feature stays in the file: a sentence's L2 norm counts all its known
    # features, so dropping light ones would change the other weights' effect.
    arrays = {"classes": np.array(clf.classes_), "vocabulary": np.array(vocabulary),
              "weights": words.astype(np.float32), "dense": dense.astype(np.float32),
              "intercept": clf.intercept_.astype(np.float32),
              "embedding_scale": np.float64(embedding_scale),
              "counts": np.array(json.dumps({k: counts[k] for k in sorted(counts)}))}
    return (arrays, clf, X) if return_estimator else arrays


def cue_margin(arrays: dict, examples: list[dict]) -> float:
    """The largest word margin (type weight minus no-event weight) such that CUE_COVERAGE of
    the training sentences holding an event have a word of at least that margin."""
    classes = [str(c) for c in arrays["classes"]]
    none = classes.index(NONE)
    w = arrays["weights"].astype(np.float64)
    margins = np.delete(w - w[:, [none]], none, axis=1).max(axis=1)
    best = {str(f)[2:]: m for f, m in zip(arrays["vocabulary"], margins) if str(f).startswith("w:")}
    tops = sorted(max((best.get(t, -np.inf) for t in ex["tokens"]), default=-np.inf)
                  for ex in examples if ex["gold"])
    if not tops:
        return 0.0
    return float(tops[int((1 - CUE_COVERAGE) * len(tops))])


def save(arrays: dict, none_threshold: float, keep_threshold: float, margin: float, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays, none_threshold=np.float64(none_threshold),
                        keep_threshold=np.float64(keep_threshold), cue_margin=np.float64(margin),
                        version=np.array(EXTRACTOR_VERSION))


def choose_thresholds(arrays: dict, margin: float, dev_units: list[dict], path: Path
                      ) -> tuple[float, float, dict]:
    """The (none, keep) thresholds with the best weighted F1 of rules + model on dev."""
    from pipeline.events import evaluate, model as model_module

    best, grid = None, {}
    for none_t in NONE_THRESHOLDS:
        for keep_t in KEEP_THRESHOLDS:
            save(arrays, none_t, keep_t, margin, path)
            model_module.use_model(EventModel(path))
            result = evaluate.score(dev_units)
            grid[f"{none_t}/{keep_t}"] = result["weighted_f1"]
            key = (result["weighted_f1"], result["micro"]["f1"])
            if best is None or key > best[0]:
                best = (key, none_t, keep_t)
    model_module.use_model(None)
    return best[1], best[2], grid


def train(out: Path = MODEL_FILE, with_written: bool = False, c: float = C,
          embedding_scale: float = EMBEDDING_SCALE, labels: Path = corpus.LABELS_DIR) -> dict:
    """Fit on train, choose thresholds on dev, write the model file; returns a summary."""
    train_units = corpus.scoring_units(corpus.labelled("train", labels))
    dev_units = corpus.scoring_units(corpus.labelled("dev", labels))
    examples = corpus_examples(train_units)
    if with_written:
        examples += corpus_examples(written_units())
    arrays = fit(examples, c, embedding_scale)
    margin = cue_margin(arrays, examples)
    tmp = out.with_name(out.stem + ".tuning.npz")
    none_t, keep_t, grid = choose_thresholds(arrays, margin, dev_units, tmp)
    tmp.unlink(missing_ok=True)
    save(arrays, none_t, keep_t, margin, out)
    return {"train_sentences": len(examples), "classes": [str(k) for k in arrays["classes"]],
            "features": int(len(arrays["vocabulary"])), "none_threshold": none_t,
            "keep_threshold": keep_t, "cue_margin": round(margin, 4), "dev_grid": grid,
            "with_written": with_written, "C": c, "embedding_scale": embedding_scale,
            "file": str(out), "bytes": out.stat().st_size}


def written_units() -> list[dict]:
    """Sentences the team wrote (not real news): the own tuning split and the rare-type
    snippets, as single-sentence units."""
    units = own_units("tune")
    path = Path(corpus.__file__).resolve().parents[2] / "tests" / "data" / "events" / "written_snippets.tsv"
    if path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            kind, modality, sentence = parts
            gold = {} if kind == "-" else {kind: modality}
            units.append({"id": f"snippet:{n + 1}", "text": sentence, "sentences": [(0, len(sentence))],
                          "scored": [0], "gold": [gold]})
    return units


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m pipeline.training.events",
                                description="Train the learned event typer on the labelled corpus.")
    p.add_argument("--out", default=str(MODEL_FILE), help="model file to write")
    p.add_argument("--with-written", action="store_true",
                   help="also train on the hand-written tuning sentences (tests/data/events/own_tune.tsv)")
    p.add_argument("-C", type=float, default=C, help="inverse L2 regularisation strength")
    args = p.parse_args(argv)
    summary = train(Path(args.out), args.with_written, args.C)
    print(json.dumps({k: v for k, v in summary.items() if k != "dev_grid"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

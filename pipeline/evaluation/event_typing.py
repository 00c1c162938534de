"""Event-typing scores: per-type precision, recall, F1 and support-weighted F1 over sentences."""
from __future__ import annotations

import time
from collections import Counter

from pipeline.events.extract import extract_mentions


def warm_up() -> None:
    """Load and compile the vocabularies, so that timings measure extraction only."""
    extract_mentions({"article_id": "warm-up", "text": "Troops met in Aleppo."}, [(0, 21)], [])


def predict(unit: dict) -> list[dict]:
    """Our mentions of every scored sentence of a unit: {type: modality} per sentence."""
    article = {"article_id": unit["id"], "text": unit["text"], "published": None}
    mentions = extract_mentions(article, unit["sentences"], [])
    by_sentence: dict[int, dict] = {}
    for m in mentions:
        by_sentence.setdefault(m["sentence_index"], {}).setdefault(m["event_type"], m["modality"])
    return [by_sentence.get(i, {}) for i in unit["scored"]]


def score(units: list[dict], types: set[str] | None = None, merged: dict | None = None,
          predicted: list[list[dict]] | None = None) -> dict:
    """Score predictions against gold; only `types` count when given (external ontologies),
    after renaming our finer types to the dataset's classes (`merged`). `predicted` gives
    each unit's {type: modality} per scored sentence when already computed."""
    tp, fp, fn = Counter(), Counter(), Counter()
    modality_hits = modality_total = 0
    errors = []
    warm_up()
    started = time.perf_counter()
    n_sentences = n_processed = 0
    for n, unit in enumerate(units):
        n_processed += len(unit["sentences"])
        for gold, pred in zip(unit["gold"], predict(unit) if predicted is None else predicted[n]):
            n_sentences += 1
            if merged:
                pred = {merged.get(k, k): v for k, v in pred.items()}
            if types is not None:
                pred = {k: v for k, v in pred.items() if k in types}
            for kind in set(gold) | set(pred):
                if kind in gold and kind in pred:
                    tp[kind] += 1
                    if gold[kind] is not None:
                        modality_total += 1
                        modality_hits += gold[kind] == pred[kind]
                elif kind in pred:
                    fp[kind] += 1
                else:
                    fn[kind] += 1
            if set(gold) != set(pred):
                errors.append({"id": unit["id"], "gold": sorted(gold), "predicted": sorted(pred)})
    elapsed = time.perf_counter() - started
    per_type = {}
    for kind in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_type[kind] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                          "support": tp[kind] + fn[kind], "predicted": tp[kind] + fp[kind]}
    support = sum(v["support"] for v in per_type.values())
    weighted = sum(v["f1"] * v["support"] for v in per_type.values()) / support if support else 0.0
    micro_p = sum(tp.values()) / max(1, sum(tp.values()) + sum(fp.values()))
    micro_r = sum(tp.values()) / max(1, sum(tp.values()) + sum(fn.values()))
    micro_f = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    return {"sentences": n_sentences, "gold_events": support, "weighted_f1": round(weighted, 3),
            "micro": {"precision": round(micro_p, 3), "recall": round(micro_r, 3),
                      "f1": round(micro_f, 3)},
            "modality_accuracy": round(modality_hits / modality_total, 3) if modality_total else None,
            "modality_scored": modality_total,
            "ms_per_sentence": round(1000 * elapsed / max(1, n_processed), 3),
            "per_type": per_type, "errors": errors}


def table(name: str, result: dict) -> str:
    """A printable per-type table of one dataset's result."""
    lines = [f"== {name}: {result['sentences']} sentences, {result['gold_events']} gold events",
             f"{'event_type':36s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>5s} {'pred':>5s}"]
    for kind, v in result["per_type"].items():
        lines.append(f"{kind:36s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} "
                     f"{v['support']:5d} {v['predicted']:5d}")
    m = result["micro"]
    lines.append(f"{'weighted F1':36s} {result['weighted_f1']:20.3f}")
    lines.append(f"{'micro P/R/F1':36s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    if result["modality_accuracy"] is not None:
        lines.append(f"modality accuracy on correctly typed events: {result['modality_accuracy']:.3f} "
                     f"({result['modality_scored']} events)")
    lines.append(f"extraction time: {result['ms_per_sentence']:.3f} ms/sentence (scoring included)")
    return "\n".join(lines)

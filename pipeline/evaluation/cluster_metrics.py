"""Clustering scores: pairwise precision/recall/F1 and B-cubed over items with gold labels."""
from __future__ import annotations

from collections import Counter


def _pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise_scores(gold: list, predicted: list) -> dict:
    """Pairwise P/R/F1 of a predicted clustering against gold labels (parallel lists)."""
    both = _pairs(Counter(zip(gold, predicted)))
    in_pred, in_gold = _pairs(Counter(predicted)), _pairs(Counter(gold))
    precision = both / in_pred if in_pred else 1.0
    recall = both / in_gold if in_gold else 1.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "gold_pairs": in_gold, "predicted_pairs": in_pred, "true_pairs": both}


def bcubed_scores(gold: list, predicted: list) -> dict:
    """B-cubed P/R/F1: per item, the share of its predicted (gold) cluster that is correct."""
    if not gold:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    joint, g, p = Counter(zip(gold, predicted)), Counter(gold), Counter(predicted)
    precision = sum(n * n / p[pc] for (_, pc), n in joint.items()) / len(gold)
    recall = sum(n * n / g[gc] for (gc, _), n in joint.items()) / len(gold)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0

"""`geo_score` calibrated: the chance that a resolved place is right (within 161 km).

The resolver's own sureness is a logistic of its margin over the runner-up, about 0.98 on
right and wrong answers alike. A logistic regression over that sureness and a few facts of the
answer (spelling variant, kind of feature, one candidate only, number of candidates)
turns it into a probability (a country's or a division's point is often far from the
gold one even when the place is right, so their kind is an input). `conflict-events eval geo --calibrate` fits it on half of the
development documents (even positions of each set) and reports the reliability curve on the
other half; the coefficients live in data/score_calibration.json."""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

PATH = Path(__file__).parent / "data" / "score_calibration.json"
NAMES = ["bias", "logit_sureness", "spelling_variant", "country_or_sea", "first_level_division",
         "region_or_line", "one_candidate", "log_candidates"]


def features(sure: float, fuzzy: bool, precision: int, candidates: int) -> list[float]:
    """The calibration inputs of one answer (see NAMES)."""
    p = min(max(sure, 1e-4), 1 - 1e-4)
    return [1.0, math.log(p / (1 - p)), float(fuzzy), float(precision >= 6), float(precision == 4),
            float(precision == 5), float(candidates <= 1), math.log(max(candidates, 1))]


@lru_cache(maxsize=1)
def coefficients() -> tuple[float, ...] | None:
    """The fitted coefficients (None when the file is absent: the raw score is kept)."""
    if not PATH.exists():
        return None
    return tuple(json.loads(PATH.read_text())["coefficients"])


def calibrated(sure: float, fuzzy: bool, precision: int, candidates: int) -> float:
    """The calibrated score of an answer, rounded to 3 places."""
    w = coefficients()
    if w is None:
        return round(sure * (0.7 if fuzzy else 1.0), 3)
    z = sum(a * b for a, b in zip(w, features(sure, fuzzy, precision, candidates)))
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method (a small ridge keeps it finite)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def reliability(scores: list[float], right: list[bool], edges=(0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1.0001)) -> list[dict]:
    """Share right per score bin (the reliability curve)."""
    s, r = np.asarray(scores, dtype=float), np.asarray(right, dtype=bool)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (s >= lo) & (s < hi)
        out.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "answers": int(inside.sum()),
                    "share_right": round(float(r[inside].mean()), 3) if inside.any() else None,
                    "mean_score": round(float(s[inside].mean()), 3) if inside.any() else None})
    return out


def save(w: np.ndarray, about: dict) -> Path:
    """Write the coefficients (and how they were fitted) to data/score_calibration.json."""
    PATH.write_text(json.dumps({"features": NAMES, "coefficients": [round(float(v), 6) for v in w],
                                **about}, indent=1) + "\n")
    coefficients.cache_clear()
    return PATH

"""Document context of every name at once: shares of the other mentions' countries and states,
divisions named in the text, and proximity to the other mentions' current choices."""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from pipeline.geo.distance import row_distances_km


def ident_of(m: dict) -> tuple:
    """What makes two mentions the same name in one text: key, type word, candidates."""
    return m["key"], m.get("suffix", ""), len(m["rows"])


def context_scores(g, mentions: list[dict], tops: np.ndarray) -> dict[tuple, np.ndarray]:
    """For each name with a choice to make, the context score of each candidate.

    One boolean matrix (every name's candidates x every mention) for the whole text; each
    name counts only the mentions of other names (repeats are not independent evidence)."""
    firsts: dict[tuple, dict] = {}
    for m in mentions:
        if len(m["rows"]) > 1:
            firsts.setdefault(ident_of(m), m)
    if not firsts:
        return {}
    names = {}  # key -> number: mentions of the same name are no evidence for it
    of_mention = np.array([names.setdefault(m["key"], len(names)) for m in mentions])
    if len(names) == 1:
        return {ident: np.zeros(len(m["rows"])) for ident, m in firsts.items()}
    firsts_ = list(firsts.values())
    sizes = [len(m["rows"]) for m in firsts_]
    rows = np.concatenate([m["rows"] for m in firsts_])
    ccs, a1s = np.concatenate([m["cc"] for m in firsts_]), np.concatenate([m["a1"] for m in firsts_])
    others = np.repeat([names[m["key"]] for m in firsts_], sizes)[:, None] != of_mention[None, :]
    n = others.sum(axis=1)
    cc, a1 = g.codes["country_code"][tops], g.codes["admin1"][tops]
    pointlike = g.prior[tops] < 0.7  # countries and states are context, not neighbours
    same_cc = ccs[:, None] == cc[None, :]
    same_admin1 = a1s[:, None] == a1[None, :]
    same_a1 = same_cc & same_admin1
    # counts of 0/1 in float64 are exact whatever the order: the same shares as name by name
    total = 0.9 * _share(same_cc & others, n)
    total += 0.6 * _share(same_a1 & others, n)
    # a state or country named in the text is strong evidence for the places in it
    in_named = same_cc & (~g.is_adm1_kind[tops][None, :] | same_admin1)
    in_named &= (rows[:, None] != tops[None, :]) & others & ~pointlike[None, :]
    total += 0.2 * in_named.any(axis=1)
    if pointlike.any():
        # distances to the point-like mentions only: the others are no anchors
        points = np.flatnonzero(pointlike)
        anchors = others[:, points]
        near_some = anchors.any(axis=1)
        if near_some.any():
            d = np.where(anchors, row_distances_km(g, rows, tops[points]), np.inf)
            near = np.exp(-d.min(axis=1) / 200.0)
            # a state or country is "near" the places inside it, whatever its centre
            is_country = np.concatenate([m["is_country"] for m in firsts_])
            is_state = np.concatenate([m["is_state"] for m in firsts_])
            holds = (is_country & (same_cc[:, points] & anchors).any(axis=1)) \
                | (is_state & (same_a1[:, points] & anchors).any(axis=1))
            total += np.where(near_some, 0.5 * np.maximum(near, holds), 0.0)
    return {ident: total[end - size:end] for ident, size, end in zip(firsts, sizes, accumulate(sizes))}


def _share(hits: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Per row, the share of its other mentions that are hits (0 without other mentions)."""
    return np.divide(np.add.reduce(hits, axis=1, dtype=np.float64), n, out=np.zeros(len(n)), where=n > 0)

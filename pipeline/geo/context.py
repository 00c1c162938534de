"""Document context of every name at once: shares of the other mentions' countries and states,
divisions named in the text, and proximity to the other mentions' current choices."""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from pipeline.geo.distance import row_distances_km


def ident_of(m: dict) -> tuple:
    """What makes two mentions the same name in one text: key, type word, candidates."""
    return m["key"], m.get("suffix", ""), len(m["rows"])


def context_layout(mentions: list[dict]) -> dict | None:
    """What context_scores needs of a text's names that no pass changes: their candidates side
    by side and which mentions are other names' (None when no name has a choice to make)."""
    firsts: dict[tuple, dict] = {}
    for m in mentions:
        if len(m["rows"]) > 1:
            firsts.setdefault(ident_of(m), m)
    if not firsts:
        return None
    names = {}  # key -> number: mentions of the same name are no evidence for it
    of_mention = np.array([names.setdefault(m["key"], len(names)) for m in mentions])
    layout = {"idents": list(firsts), "sizes": [len(m["rows"]) for m in firsts.values()],
              "single": len(names) == 1}
    if layout["single"]:
        return layout
    chosen = firsts.values()
    others = np.repeat([names[m["key"]] for m in chosen], layout["sizes"])[:, None] != of_mention[None, :]
    layout.update(rows=np.concatenate([m["rows"] for m in chosen])[:, None], others=others,
                  # every name has other names' mentions to share in (there are two names or more)
                  n=others.sum(axis=1),
                  ccs=np.concatenate([m["cc"] for m in chosen])[:, None],
                  a1s=np.concatenate([m["a1"] for m in chosen])[:, None],
                  is_country=np.concatenate([m["is_country"] for m in chosen]),
                  is_state=np.concatenate([m["is_state"] for m in chosen]))
    # whether any candidate is a country or a state (else nothing holds other places)
    layout["holding"] = bool(layout["is_country"].any() or layout["is_state"].any())
    return layout


def context_scores(g, mentions: list[dict], tops: np.ndarray,
                   layout: dict | None = None) -> dict[tuple, np.ndarray]:
    """For each name with a choice to make, the context score of each candidate.

    One boolean matrix (every name's candidates x every mention) for the whole text; each
    name counts only the mentions of other names (repeats are not independent evidence).
    `layout`: context_layout(mentions), when the caller keeps it between passes."""
    layout = layout or context_layout(mentions)
    if layout is None:
        return {}
    idents, sizes = layout["idents"], layout["sizes"]
    if layout["single"]:
        return {ident: np.zeros(size) for ident, size in zip(idents, sizes)}
    rows, others, n, ccs, a1s = (layout[k] for k in ("rows", "others", "n", "ccs", "a1s"))
    pointlike = g.prior[tops] < 0.7  # countries and states are context, not neighbours
    same_admin1 = a1s == g.codes["admin1"][tops]
    # only the other names' mentions count: same_cc and same_a1 are false for the others
    same_cc = (ccs == g.codes["country_code"][tops]) & others
    same_a1 = same_cc & same_admin1
    # counts of 0/1 in float64 are exact whatever the order: the same shares as name by name
    total = 0.9 * (np.add.reduce(same_cc, axis=1, dtype=np.float64) / n)
    total += 0.6 * (np.add.reduce(same_a1, axis=1, dtype=np.float64) / n)
    # a state or country named in the text is strong evidence for the places in it
    in_named = same_cc & (~g.is_adm1_kind[tops] | same_admin1)
    in_named &= (rows != tops) & ~pointlike
    total += 0.2 * in_named.any(axis=1)
    if pointlike.any():
        # distances to the point-like mentions only: the others are no anchors
        points = np.flatnonzero(pointlike)
        anchors = others[:, points]
        near_some = anchors.any(axis=1)
        if near_some.any():
            d = np.where(anchors, row_distances_km(g, rows[:, 0], tops[points]), np.inf)
            near = np.exp(-d.min(axis=1) / 200.0)
            if layout["holding"]:
                # a state or country is "near" the places inside it, whatever its centre
                holds = (layout["is_country"] & same_cc[:, points].any(axis=1)) \
                    | (layout["is_state"] & same_a1[:, points].any(axis=1))
                near = np.maximum(near, holds)
            total += np.where(near_some, 0.5 * near, 0.0)
    return {ident: total[end - size:end] for ident, size, end in zip(idents, sizes, accumulate(sizes))}

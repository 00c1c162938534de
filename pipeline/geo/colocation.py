"""Spatial minimality: namesakes that lie next to a candidate of another name in the text.

Local news names a town with its county and neighbours ("Huntsville ... Walker County"): the
Texan pair lies 0 km apart, the Alabaman one 130 km. Each candidate gains by how close it lies
to some candidate of every other name, whatever the other mentions currently choose, so a
consistent pair of less likely namesakes can beat two independently likelier ones."""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from pipeline.geo.distance import row_distances_km

PARTNERS = 60  # candidates of another name that spatial minimality considers, likeliest first
SCALE_KM = 25.0  # closeness decays on the scale of a county
MAX_CELLS = 1_000_000  # distances computed at once (8 MB)

__all__ = ["PARTNERS", "SCALE_KM", "colocation_scores"]


def colocation_scores(g, groups: list[dict]) -> list[np.ndarray]:
    """For each group of candidate rows, the mean closeness to every other name's candidates.

    Groups carry 'rows', 'local' (places and small divisions: countries and states hold, not
    neighbour) and 'partners' (the likeliest PARTNERS local rows), see resolve._name_data."""
    with_partners = [k for k, grp in enumerate(groups) if len(grp["partners"])]
    sizes = [len(grp["rows"]) for grp in groups]
    if len(with_partners) < 1 or len(groups) < 2:
        return [np.zeros(size) for size in sizes]
    # one distance matrix from every local candidate (only they score) to every name's
    # partners, then the nearest partner of each name: the same numbers as name by name
    local = np.concatenate([grp["local"] for grp in groups])
    rows = np.concatenate([grp["rows"] for grp in groups])[local]
    partners = [groups[k]["partners"] for k in with_partners]
    joined = np.concatenate(partners)
    starts = [0, *accumulate(len(p) for p in partners[:-1])]
    step = max(1, MAX_CELLS // len(joined))  # long texts: bounded memory, a slice at a time
    close = np.concatenate([_closeness(g, rows[i:i + step], joined, starts)
                            for i in range(0, len(rows), step)] or [np.zeros((0, len(starts)))])
    # a name's own partners are no evidence for it: zero, so that the running sums below
    # add exactly the other names' closeness, name by name in the text's order
    names = {key: n for n, key in enumerate(dict.fromkeys(grp["key"] for grp in groups))}
    partner_name = [names[groups[k]["key"]] for k in with_partners]
    own = np.repeat([[names[grp["key"]] == p for p in partner_name] for grp in groups], sizes, axis=0)[local]
    close[own] = 0.0
    total = np.add.accumulate(close, axis=1)[:, -1] if len(rows) else np.zeros(0)
    others = len(with_partners) - own.sum(axis=1)
    score = np.zeros(len(local))
    score[local] = np.divide(total, others, out=np.zeros(len(rows)), where=others > 0)
    return [score[end - size:end] for size, end in zip(sizes, accumulate(sizes))]


def _closeness(g, rows: np.ndarray, joined: np.ndarray, starts: list[int]) -> np.ndarray:
    """exp(-km / SCALE_KM) from each row to the nearest partner of each name (names start at
    `starts` in `joined`)."""
    d = row_distances_km(g, rows, joined)
    d[rows[:, None] == joined[None, :]] = np.inf  # the same place under two names is no evidence
    return np.exp(-np.minimum.reduceat(d, starts, axis=1) / SCALE_KM)

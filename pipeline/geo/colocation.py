"""Spatial minimality: namesakes that lie next to a candidate of another name in the text.

Local news names a town with its county and neighbours ("Huntsville ... Walker County"): the
Texan pair lies 0 km apart, the Alabaman one 130 km. Each candidate gains by how close it lies
to some candidate of every other name, whatever the other mentions currently choose, so a
consistent pair of less likely namesakes can beat two independently likelier ones."""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from pipeline.geo.resolve import PARTNERS, row_distances_km

SCALE_KM = 25.0  # closeness decays on the scale of a county
MAX_CELLS = 1_000_000  # distances computed at once (8 MB)

__all__ = ["PARTNERS", "SCALE_KM", "colocation_scores"]


def colocation_scores(g, groups: list[dict]) -> list[np.ndarray]:
    """For each group of candidate rows, the mean closeness to every other name's candidates.

    Groups carry 'rows', 'local' (places and small divisions: countries and states hold, not
    neighbour) and 'partners' (the likeliest PARTNERS local rows), see resolve._name_data."""
    with_partners = [k for k, grp in enumerate(groups) if len(grp["partners"])]
    if len(with_partners) < 1 or len(groups) < 2:
        return [np.zeros(len(grp["rows"])) for grp in groups]
    # one distance matrix from every candidate to every name's partners, then the nearest
    # partner of each name: the same numbers as name by name, in one pass
    rows = np.concatenate([grp["rows"] for grp in groups])
    partners = [groups[k]["partners"] for k in with_partners]
    joined = np.concatenate(partners)
    starts = [0, *accumulate(len(p) for p in partners[:-1])]
    step = max(1, MAX_CELLS // len(joined))  # long texts: bounded memory, a slice at a time
    close = np.concatenate([_closeness(g, rows[i:i + step], joined, starts)
                            for i in range(0, len(rows), step)])
    column = {k: c for c, k in enumerate(with_partners)}
    out, top = [], 0
    for grp in groups:
        block = close[top:top + len(grp["rows"])]
        top += len(grp["rows"])
        others = [k for k in with_partners if groups[k]["key"] != grp["key"]]
        score = np.zeros(len(grp["rows"]))
        if not others or not grp["local"].any():
            out.append(score)
            continue
        for k in others:  # summed name by name, in the text's order
            score += block[:, column[k]]
        out.append(grp["local"] * score / len(others))
    return out


def _closeness(g, rows: np.ndarray, joined: np.ndarray, starts: list[int]) -> np.ndarray:
    """exp(-km / SCALE_KM) from each row to the nearest partner of each name (names start at
    `starts` in `joined`)."""
    d = row_distances_km(g, rows, joined)
    d[rows[:, None] == joined[None, :]] = np.inf  # the same place under two names is no evidence
    return np.exp(-np.minimum.reduceat(d, starts, axis=1) / SCALE_KM)

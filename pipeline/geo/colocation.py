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

__all__ = ["PARTNERS", "SCALE_KM", "colocation_scores"]


def colocation_scores(g, groups: list[dict]) -> list[np.ndarray]:
    """For each group of candidate rows, the mean closeness to every other name's candidates.

    Groups carry 'rows', 'local' (places and small divisions: countries and states hold, not
    neighbour) and 'partners' (the likeliest PARTNERS local rows), see resolve._name_data."""
    out = []
    for i, grp in enumerate(groups):
        rows = grp["rows"]
        others = [k for k, other in enumerate(groups) if other["key"] != grp["key"] and len(other["partners"])]
        if not others or not grp["local"].any():
            out.append(np.zeros(len(rows)))
            continue
        # one distance matrix against every other name's partners, then the nearest per name
        partners = [groups[k]["partners"] for k in others]
        joined = np.concatenate(partners)
        d = row_distances_km(g, rows, joined)
        d[rows[:, None] == joined[None, :]] = np.inf  # the same place under two names is no evidence
        starts = [0, *accumulate(len(p) for p in partners[:-1])]
        close = np.exp(-np.minimum.reduceat(d, starts, axis=1) / SCALE_KM)
        score = np.zeros(len(rows))
        for c in range(len(others)):  # summed name by name, in the text's order
            score += close[:, c]
        out.append(grp["local"] * score / len(others))
    return out

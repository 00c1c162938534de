"""Spatial minimality: namesakes that lie next to a candidate of another name in the text.

Local news names a town with its county and neighbours ("Huntsville ... Walker County"): the
Texan pair lies 0 km apart, the Alabaman one 130 km. Each candidate gains by how close it lies
to some candidate of every other name, whatever the other mentions currently choose, so a
consistent pair of less likely namesakes can beat two independently likelier ones."""
from __future__ import annotations

import numpy as np

from pipeline.geo.resolve import distances_km

SCALE_KM = 25.0  # closeness decays on the scale of a county
PARTNERS = 60  # candidates of the other name considered, the likeliest first


def colocation_scores(g, groups: list[dict]) -> list[np.ndarray]:
    """For each group of candidate rows, the mean closeness to every other name's candidates."""
    local = [_local(g, grp["rows"]) for grp in groups]
    partners = [rows[np.argsort(-g.prior[rows])[:PARTNERS]] for rows in local]
    out = []
    for i, grp in enumerate(groups):
        rows = grp["rows"]
        score = np.zeros(len(rows))
        others = [k for k, other in enumerate(groups) if other["key"] != grp["key"] and len(partners[k])]
        if not others or not len(local[i]):
            out.append(score)
            continue
        ok = np.isin(rows, local[i])
        for k in others:
            p = partners[k]
            d = distances_km(g.lat[rows][:, None], g.lon[rows][:, None], g.lat[p][None, :], g.lon[p][None, :])
            d[rows[:, None] == p[None, :]] = np.inf  # the same place under two names is no evidence
            score += np.exp(-d.min(axis=1) / SCALE_KM)
        out.append(ok * score / len(others))
    return out


def _local(g, rows: np.ndarray) -> np.ndarray:
    """The rows that are places or small divisions (countries and states hold, not neighbour)."""
    return rows[~(g.is_country[rows] | g.is_state[rows])]

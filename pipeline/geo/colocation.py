"""Spatial minimality: namesakes that lie next to a candidate of another name in the text.

Local news names a town with its county and neighbours ("Huntsville ... Walker County"): the
Texan pair lies 0 km apart, the Alabaman one 130 km. Each candidate gains by how close it lies
to some candidate of every other name, whatever the other mentions currently choose, so a
consistent pair of less likely namesakes can beat two independently likelier ones."""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from pipeline.geo.distance import pair_distances_km, row_distances_km

PARTNERS = 60  # candidates of another name that spatial minimality considers, likeliest first
SCALE_KM = 25.0  # closeness decays on the scale of a county
MAX_CELLS = 1_000_000  # distances computed at once (8 MB)

__all__ = ["PARTNERS", "SCALE_KM", "colocation_scores"]


def colocation_scores(g, groups: list[dict]) -> list[np.ndarray]:
    """For each group of candidate rows, the mean closeness to every other name's candidates.

    Groups carry 'rows', 'local' (places and small divisions: countries and states hold, not
    neighbour), 'partners' (the likeliest PARTNERS local rows), 'rest' (the other local rows)
    and 'slot' (where each local row lies in partners + rest), see resolve._name_data."""
    with_partners = [grp for grp in groups if len(grp["partners"])]
    sizes = [len(grp["rows"]) for grp in groups]
    if not with_partners or len(groups) < 2 or max(sizes) < 2:
        # (a name with one candidate has nothing to choose: its score changes no choice)
        return [np.zeros(size) for size in sizes]
    # every local row is a partner of its name or one of its rest: one distance matrix from
    # the partners, then the rests, to every name's partners, then the nearest partner of
    # each name: the same numbers as name by name
    names = {key: n for n, key in enumerate(dict.fromkeys(grp["key"] for grp in groups))}
    partner_name = [names[grp["key"]] for grp in with_partners]
    partners = [grp["partners"] for grp in with_partners]
    rests = [grp["rest"] for grp in with_partners]
    joined = np.concatenate(partners)
    rows = np.concatenate([joined, *rests])
    starts = [0, *accumulate(len(p) for p in partners[:-1])]
    name_of = np.repeat(partner_name * 2, [len(p) for p in partners] + [len(r) for r in rests])
    blocks, done = [], 0
    if len(joined) ** 2 <= MAX_CELLS:
        # partners to partners: distances are symmetric, so each pair of names is computed once
        blocks.append(_closeness(_partner_distances(g, joined, [len(p) for p in partners]), starts))
        done = len(joined)
    step = max(1, MAX_CELLS // len(joined))  # long texts: bounded memory, a slice at a time
    for i in range(done, len(rows), step):
        d = row_distances_km(g, rows[i:i + step], joined)
        d[rows[i:i + step, None] == joined[None, :]] = np.inf  # one place under two names: no evidence
        blocks.append(_closeness(d, starts))
    close = np.concatenate(blocks)
    # a name's own partners are no evidence for it: zero, so that the running sums below
    # add exactly the other names' closeness, name by name in the text's order
    own = name_of[:, None] == np.array(partner_name)[None, :]
    close[own] = 0.0
    total = np.add.accumulate(close, axis=1)[:, -1]
    others = len(with_partners) - own.sum(axis=1)
    mean = np.divide(total, others, out=np.zeros(len(rows)), where=others > 0)
    if any(len(rest) for rest in rests):
        # back to each name's local rows, in their order
        pieces, at, rest_at = [], 0, len(joined)
        for part, rest, grp in zip(partners, rests, with_partners):
            here = mean[at:at + len(part)]
            if len(rest):
                here = np.concatenate([here, mean[rest_at:rest_at + len(rest)]])[grp["slot"]]
            pieces.append(here)
            at, rest_at = at + len(part), rest_at + len(rest)
        mean = np.concatenate(pieces)
    local = np.concatenate([grp["local"] for grp in groups])
    score = np.zeros(len(local))
    score[local] = mean
    return [score[end - size:end] for size, end in zip(sizes, accumulate(sizes))]


def _partner_distances(g, joined: np.ndarray, sizes: list[int]) -> np.ndarray:
    """Distances between the partners of different groups (`sizes`: partners per group, in
    `joined`), each pair computed once; inf within a group and between one place under two
    names."""
    n = len(joined)
    ends = np.repeat(list(accumulate(sizes)), sizes)  # each partner pairs with the later groups
    later = n - ends
    first = np.cumsum(later) - later  # where each partner's pairs begin
    i = np.repeat(np.arange(n), later)
    j = np.arange(len(i)) + np.repeat(ends - first, later)
    d = np.full((n, n), np.inf)
    a, b = joined[i], joined[j]
    km = pair_distances_km(g, a, b)
    km[a == b] = np.inf
    d[i, j] = km
    d[j, i] = km
    return d


def _closeness(d: np.ndarray, starts: list[int]) -> np.ndarray:
    """exp(-km / SCALE_KM) from each row to the nearest partner of each name (names start at
    `starts` in the columns of the distances `d`)."""
    return np.exp(-np.minimum.reduceat(d, starts, axis=1) / SCALE_KM)

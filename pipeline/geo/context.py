"""Document context of every name at once: shares of the other mentions' countries and states,
divisions named in the text, and proximity to the other mentions' current choices.

A text has a few names and a few dozen candidates, so counting is done in plain Python per
name (the shares depend only on a candidate's country and state); only the distances go
through numpy, in one call per pass."""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from pipeline.geo.distance import row_distances_km

POINTLIKE = 0.7  # prior below which a choice is a point to be near (countries and states hold)
TOP_FACTS = 100_000  # chosen rows whose codes are kept between texts


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
    of_mention = [names.setdefault(m["key"], len(names)) for m in mentions]
    layout = {"idents": list(firsts), "sizes": [len(m["rows"]) for m in firsts.values()],
              "single": len(names) == 1}
    if layout["single"]:
        return layout
    chosen = firsts.values()
    layout.update(of_mention=of_mention, name_of=[names[m["key"]] for m in chosen],
                  places=[m["places"] for m in chosen], rows=np.concatenate([m["rows"] for m in chosen]),
                  owner=np.repeat(np.arange(len(firsts)), layout["sizes"]))
    return layout


def context_scores(g, mentions: list[dict], tops: list[int],
                   layout: dict | None = None) -> dict[tuple, np.ndarray]:
    """For each name with a choice to make, the context score of each candidate.

    Each name counts only the mentions of other names (repeats are not independent evidence).
    `layout`: context_layout(mentions), when the caller keeps it between passes."""
    layout = layout or context_layout(mentions)
    if layout is None:
        return {}
    idents, sizes = layout["idents"], layout["sizes"]
    if layout["single"]:
        return {ident: np.zeros(size) for ident, size in zip(idents, sizes)}
    facts = [_top_facts(g, top) for top in tops]
    points = list(dict.fromkeys(top for top, fact in zip(tops, facts) if fact[2]))
    every = [{} for _ in range(8)]
    _tally(every, tops, facts, range(len(tops)), 1)
    evidence = [_others(every, tops, facts, layout["of_mention"], name) for name in layout["name_of"]]
    nears = _nearness(g, layout, evidence, points)
    total = []
    blank = _blank_country(g)
    for (n, in_cc, in_a1, named_cc, named_a1, named_row, _near_rows, held_cc, held_a1), places, near \
            in zip(evidence, layout["places"], nears):
        for k, (row, cc, a1, is_country, is_state) in enumerate(places):
            # the same operations, in the same order, as over arrays of every candidate;
            # no country (oceans, world regions, airports of Natural Earth) is no shared country
            score = 0.0 if cc == blank else 0.9 * (in_cc.get(cc, 0) / n) + 0.6 * (in_a1.get((cc, a1), 0) / n)
            # a state or country named in the text is strong evidence for the places in it
            if named_cc.get(cc, 0) + named_a1.get((cc, a1), 0) > named_row.get(row, 0):
                score += 0.2
            if near is not None:
                # a state or country is "near" the places inside it, whatever its centre
                held = is_country and held_cc.get(cc) or is_state and held_a1.get((cc, a1))
                score += 0.5 * (1.0 if held else near[k])
            total.append(score)
    total = np.array(total)
    ends = accumulate(sizes)
    return {ident: total[end - size:end] for ident, size, end in zip(idents, sizes, ends)}


def _blank_country(g) -> int:
    """The code of the empty country code (-1 when every place has one)."""
    vocab = g.vocab["country_code"]
    return vocab.index("") if "" in vocab else -1


def _top_facts(g, row: int) -> tuple:
    """(country code, admin1 code, point-like, a first-level division) of a chosen row."""
    known = g.memo.setdefault("top_facts", {})
    fact = known.get(row)
    if fact is None:
        if len(known) >= TOP_FACTS:
            known.clear()
        fact = known[row] = (int(g.codes["country_code"][row]), int(g.codes["admin1"][row]),
                             bool(g.prior[row] < POINTLIKE), bool(g.is_adm1_kind[row]))
    return fact


def _tally(counts: list[dict], tops: list[int], facts: list[tuple], which, step: int) -> None:
    """Add `step` to the counts of what the mentions `which` (indices) choose: by country, by
    state, places in a named country (by country) or state (by state) and their rows, and
    point-like choices (by row, country and state)."""
    in_cc, in_a1, named_cc, named_a1, named_row, near_rows, held_cc, held_a1 = counts
    for j in which:
        top, (cc, a1, pointlike, adm1_kind) = tops[j], facts[j]
        in_cc[cc] = in_cc.get(cc, 0) + step
        in_a1[cc, a1] = in_a1.get((cc, a1), 0) + step
        if pointlike:
            near_rows[top] = near_rows.get(top, 0) + step
            held_cc[cc] = held_cc.get(cc, 0) + step
            held_a1[cc, a1] = held_a1.get((cc, a1), 0) + step
        else:
            if adm1_kind:
                named_a1[cc, a1] = named_a1.get((cc, a1), 0) + step
            else:
                named_cc[cc] = named_cc.get(cc, 0) + step
            named_row[top] = named_row.get(top, 0) + step


def _others(every: list[dict], tops: list[int], facts: list[tuple], of_mention: list[int],
            name: int) -> tuple:
    """The number of other names' mentions than those of `name`, and the _tally of their
    choices: every mention's less the name's own."""
    own = [j for j, owner in enumerate(of_mention) if owner == name]
    counts = [c.copy() for c in every]
    _tally(counts, tops, facts, own, -1)
    return len(tops) - len(own), *counts


def _nearness(g, layout: dict, evidence: list[tuple], points: list[int]) -> list:
    """For each name, exp(-km / 200) from each candidate to the nearest point-like choice of
    other names (None for names without): one distance matrix for the text."""
    masks = [[bool(e[6].get(p)) for p in points] for e in evidence]
    if not any(map(any, masks)):
        return [None] * len(evidence)
    km = row_distances_km(g, layout["rows"], np.array(points))
    near = np.exp(-np.where(np.array(masks)[layout["owner"]], km, np.inf).min(axis=1) / 200.0).tolist()
    ends = accumulate(layout["sizes"])
    return [near[end - size:end] if any(mask) else None
            for size, end, mask in zip(layout["sizes"], ends, masks)]

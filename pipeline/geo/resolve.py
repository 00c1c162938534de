"""Resolution: the candidate of every mention that best fits the whole document."""
from __future__ import annotations

import numpy as np

from pipeline.geo.colocation import PARTNERS, colocation_scores
from pipeline.geo.context import context_layout, context_scores, ident_of
from pipeline.geo.distance import bearings, distances_km, row_distances_km  # noqa: F401 (API)
from pipeline.geo.keys import key_hash
from pipeline.geo.relations import direction_between, is_contained

MAX_CANDIDATES = 300
COUNTRY_SHADOW = 2.5  # x 0.8: LGL 0.8718 at 0.8, 0.8729 at 2.5; GeoVirus 0.782 -> 0.783
COLOCATION_WEIGHT = 1.0
CITY_SHADOW = 0.4  # small namesakes (1/CITY_RATIO of its size) of a capital or a city of a million
CITY_RATIO = 50
KIND_WEIGHT = 0.5  # lists of first-level divisions (see _add_division_lists)
LOCAL_LIFT = 1.0  # share of a country's shadow lifted from a town next to another named place
LOCAL_NEAR = 0.45  # mean closeness to the text's other names: exp(-20 km / 25 km) for one
STATE_SHADOW = 1.0  # x 0.8, for small towns named like a state that is also a candidate


def _trim(g, rows: np.ndarray) -> np.ndarray:
    """At most MAX_CANDIDATES rows, the highest priors first."""
    if len(rows) <= MAX_CANDIDATES:
        return rows
    return rows[np.argsort(-g.prior[rows])[:MAX_CANDIDATES]]


def _static_scores(g, m: dict, is_country: np.ndarray | None = None,
                   is_state: np.ndarray | None = None) -> np.ndarray:
    """Scores that do not depend on other mentions: prior, name exactness, suffix type.

    Terms that are zero for every candidate are skipped: adding 0.0 changes no score."""
    rows = m["rows"]
    is_country = g.is_country[rows] if is_country is None else is_country
    is_state = g.is_state[rows] if is_state is None else is_state
    score = g.prior[rows].astype(np.float64)
    # a place met under its main name is likelier than one whose alternate name matched
    main = g.main_key[rows] == np.uint64(key_hash(m["key"]))
    world = g.is_world[rows]
    if main.any():
        score = score + 0.3 * main
    main = main | _abbreviated_country(m["key"], is_country)
    if (main & (is_country | is_state)).any() or world.any():
        score = score - 0.8 * _shadowed_towns(g, rows, main, world)
    if CITY_SHADOW:
        major = g.is_major[rows]
        if major.any():
            # a capital or a city of a million under any of its names: its small namesakes (a
            # fiftieth of its size) need local evidence ("London" is not London, Kentucky;
            # "Mecca" is not Mecca, California)
            biggest = g.population[rows][major].max()
            small = g.is_place[rows] & ~major & (g.population[rows] * CITY_RATIO < biggest)
            score = score - CITY_SHADOW * small
    kind = m.get("suffix", "")
    if kind not in ("admin1", "admin2"):
        namesakes = _namesake_divisions(g, rows)
        if namesakes is not None:
            score = score - 0.35 * namesakes
    if kind:
        vocab = g.vocab["feature_code"]
        want = {"admin1": ("ADM1",), "admin2": ("ADM2", "ADM3", "ADMD"),
                "place": ("PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLX")}[kind]
        wanted = np.array([vocab.index(c) for c in want if c in vocab])
        fcode = g.codes["feature_code"][rows]
        ok = (fcode[:, None] == wanted[None, :]).any(axis=1) if len(wanted) else np.zeros(len(rows), bool)
        score = score + 0.5 * ok
    return score


def _abbreviated_country(key: str, is_country: np.ndarray) -> np.ndarray:
    """The country candidates of a name of two or three letters ("U.S.", "UK", "UAE"): such a
    name is the country's abbreviation, which shadows towns as its main name does ("Us" in
    France, "Uk" in Russia were chosen in a story naming France and Russia)."""
    return is_country if len(key) <= 3 and is_country.any() else np.zeros(len(is_country), bool)


def _shadowed_towns(g, rows: np.ndarray, main: np.ndarray, world: np.ndarray | None = None) -> np.ndarray:
    """Small towns named after a country or state that is also a candidate ("Egypt", Arkansas):
    the country or state is meant unless the text says otherwise ("Egypt, Ark."). The same for
    continents, oceans, seas and cross-border regions under any of their names ("Pacific",
    "Middle East"): only containment and local context ("Pacific, Missouri") outweigh them."""
    world = g.is_world[rows] if world is None else world
    big = main & (g.is_country[rows] | g.is_state[rows])
    if not big.any() and not world.any():
        return np.zeros(len(rows), dtype=float)
    small = g.is_place[rows] & (g.population[rows] < 100_000)
    if (main & g.is_country[rows]).any() or world.any():
        # a country's name in a text about elsewhere is still the country ("Russia" in an
        # Ohio story): only containment ("Russia, Ohio") may outweigh this
        return np.where(g.is_place[rows] | g.is_division[rows] & ~g.is_state[rows], COUNTRY_SHADOW, 0.0)
    return STATE_SHADOW * small


def _namesake_divisions(g, rows: np.ndarray) -> np.ndarray | None:
    """True for divisions that share their name with a town inside them ("Deir ez-Zor"
    governorate and city): without a word like "province", the town is meant. None when
    the candidates are not both divisions and towns."""
    if len(rows) < 2:
        return None
    is_a, is_p = g.is_division[rows], g.is_place[rows]
    if not is_a.any() or not is_p.any():
        return None
    cc, a1 = g.codes["country_code"][rows], g.codes["admin1"][rows]
    inside = ((cc[:, None] == cc[is_p][None, :]) & (a1[:, None] == a1[is_p][None, :])).any(axis=1)
    return is_a & inside


def resolve_mentions(g, mentions: list[dict], text: str) -> list[dict]:
    """Choose a row for every mention (adds 'row', 'score', 'why'); drops mentions without rows."""
    mentions = [m for m in mentions if len(m["rows"])]
    shared: dict[tuple, dict] = {}  # repeats of a name share their candidate arrays
    owners = []
    for m in mentions:
        ident = (m["key"], m.get("suffix", ""), len(m["rows"]))
        if ident not in shared:
            shared[ident] = {**_name_data(g, m), "key": m["key"]}
        owners.append(shared[ident])
        m.update(owners[-1])
    groups = list(shared.values())
    for grp, near in zip(groups, colocation_scores(g, groups)):
        if len(grp["rows"]) == 1:
            grp["row"] = int(grp["rows"][0])  # nothing to choose: no score changes the row or sureness
            continue
        grp["static"] = grp["static"] + COLOCATION_WEIGHT * near
        shadow = grp.get("shadow")
        if LOCAL_LIFT and shadow is not None and near.max() >= LOCAL_NEAR:
            # a town named like a country or an ocean lies next to another place of the text
            # ("Jordan" with Shakopee, 15 km away): that is the local evidence its shadow waits for
            grp["static"] = grp["static"] + LOCAL_LIFT * shadow * (near >= LOCAL_NEAR)
        grp["row"] = int(grp["rows"][int(np.argmax(grp["static"]))])
    for m, grp in zip(mentions, owners):
        m["static"] = m["total"] = grp["static"]
        m["row"] = grp["row"]
    # what the passes share: the names' layout, repeated names, phrases between mentions
    layout, senses, relations = context_layout(mentions), _senses(mentions), _relations(mentions, text)
    for _ in range(2):
        before = [m["row"] for m in mentions]
        _rescore(g, mentions, layout, senses, relations)
        if [m["row"] for m in mentions] == before:
            break  # settled: another pass would give the same choices
    _one_sense_per_name(mentions, senses)
    ranked: dict[int, list] = {}  # repeats of a name share one total: ranked once
    gaps = []
    for m in mentions:
        total = m["total"]
        if id(total) not in ranked:
            ranked[id(total)] = order = np.argsort(-total).tolist() if len(total) > 1 else [0]
            best = float(total[order[0]])
            second = float(total[order[1]]) if len(order) > 1 else best - 1.0
            gaps.append(-4 * (best - second))
    # the margins' logistic in one call: the same numbers as one by one
    sureness = dict(zip(ranked, (1 / (1 + np.exp(gaps))).tolist()))
    for m in mentions:
        order, sure = ranked[id(m["total"])], sureness[id(m["total"])]
        rows = m["rows"]
        m["row"] = int(rows[order[0]])
        m["runners_up"] = [int(rows[i]) for i in order[1:4]]
        m["sure"] = sure  # calibrated into the row's score (places.place_rows, calibration.py)
        m["score"] = round(sure * (0.7 if m.get("fuzzy") else 1.0), 3)
    return mentions


MEMO_SIZE = 50_000  # names whose candidate data is kept between texts


def _name_data(g, m: dict) -> dict:
    """Candidate rows and their text-independent arrays for a name, computed once per name
    (same key, type word and candidates) and reused by later texts."""
    ident = (m["key"], m.get("suffix", ""), m["rows"].tobytes())
    base = g.memo.get(ident)
    if base is not None:
        return base
    rows = _trim(g, m["rows"])
    is_country, is_state = g.is_country[rows], g.is_state[rows]
    # places and small divisions neighbour; not a division placed at its state's centre for
    # want of its own point (its nearness to other places would be made up)
    local = ~(is_country | is_state) & ~g.approximate[rows]
    base = {"rows": rows, "static": _static_scores(g, {**m, "rows": rows}, is_country, is_state),
            "local": local}
    main = (g.main_key[rows] == np.uint64(key_hash(m["key"]))) | _abbreviated_country(m["key"], is_country)
    world = g.is_world[rows]
    if (main & is_country).any() or world.any():
        base["shadow"] = 0.8 * _shadowed_towns(g, rows, main, world)
    near = rows[local]
    # the likeliest PARTNERS: colocation takes the nearest of them, so their order is free
    if len(near) > PARTNERS:
        order = np.argsort(-g.prior[near])
        base["partners"], base["rest"] = near[order[:PARTNERS]], near[order[PARTNERS:]]
        base["slot"] = np.argsort(order)  # where each local row lies in partners + rest
    else:
        base["partners"], base["rest"], base["slot"] = near, near[:0], np.arange(len(near))
    for v in base.values():
        v.flags.writeable = False  # shared by every text naming the place
    # what context scoring reads of each candidate, as plain values
    base["places"] = tuple(zip(rows.tolist(), g.codes["country_code"][rows].tolist(),
                               g.codes["admin1"][rows].tolist(), is_country.tolist(), is_state.tolist()))
    if len(g.memo) >= MEMO_SIZE:
        g.memo.clear()
    g.memo[ident] = base
    return base


def _senses(mentions: list[dict]) -> list[list[dict]]:
    """The mentions of every name said more than once in a text."""
    groups: dict[tuple, list[dict]] = {}
    for m in mentions:
        # "Mopti region" and "Mopti town" are two senses: the type word is part of the name
        groups.setdefault(ident_of(m), []).append(m)
    return [group for group in groups.values() if len(group) > 1]


def _one_sense_per_name(mentions: list[dict], senses: list[list[dict]] | None = None) -> None:
    """Repeats of a name in one text mean one place: their scores are pooled
    (`senses`: _senses(mentions), when the caller keeps it)."""
    for group in _senses(mentions) if senses is None else senses:
        if len(group[0]["rows"]) == 1:
            continue  # nothing to choose, and no sureness to change (see resolve_mentions)
        # the clues of every repeat add up ("east of X" said once holds for all); repeats
        # share their static scores, and mostly their totals: each difference taken once
        clues = {}
        for m in group:
            if id(m["total"]) not in clues:
                clues[id(m["total"])] = m["total"] - m["static"]
        pooled = group[0]["static"] + sum(clues.values())
        best = int(np.argmax(pooled))
        for m in group:
            m["total"] = pooled
            m["row"] = int(m["rows"][best])


def _relations(mentions: list[dict], text: str) -> list[tuple | None]:
    """For each mention, the phrase that may relate it to the next mention: (contained,
    bearing, phrase) for "X, Texas", "X in Y", "X east of Y"; None for no such phrase."""
    out: list[tuple | None] = []
    for m, nxt in zip(mentions, mentions[1:]):
        between = text[m["end"]:nxt["start"]] if nxt["start"] - m["end"] <= 40 else None
        contained = between is not None and is_contained(between)
        bearing = direction_between(between) if between is not None else None
        out.append((contained, bearing, between) if contained or bearing is not None else None)
    return out + [None]


def _rescore(g, mentions: list[dict], layout: dict | None, senses: list[list[dict]],
             relations: list[tuple | None]) -> None:
    """One pass of document-context scoring against the other mentions' current choices
    (context_layout, _senses and _relations of the mentions: the same for every pass)."""
    tops = [m["row"] for m in mentions]
    contexts = context_scores(g, mentions, tops, layout)
    if KIND_WEIGHT and layout is not None and not layout["single"]:
        _add_division_lists(g, mentions, tops, contexts)
    plain: dict[int, tuple] = {}  # per name, its total and choice without a relation bonus
    for k, m in enumerate(mentions):
        m.setdefault("why", {})
        if len(m["rows"]) == 1:  # nothing to choose
            m["total"] = m["static"]
            continue
        # repeats of one name are not independent evidence: the same context for all
        bonus = _relation_bonus(g, m, relations[k], tops[k + 1]) if relations[k] else None
        if bonus is None:
            if id(m["static"]) not in plain:
                total = m["static"] + contexts[ident_of(m)]
                plain[id(m["static"])] = total, int(np.argmax(total))
            m["total"], best = plain[id(m["static"])]
        else:
            m["total"] = m["static"] + contexts[ident_of(m)] + bonus
            best = int(np.argmax(m["total"]))
        m["row"] = int(m["rows"][best])
    _one_sense_per_name(mentions, senses)


def _add_division_lists(g, mentions: list[dict], tops: list[int], contexts: dict) -> None:
    """A name among first-level divisions ("Alberta, Ohio, Ontario, Utah") is likelier one
    too: KIND_WEIGHT x the share of the other names' current choices that are first-level
    divisions, added to each first-level candidate's context score."""
    kinds: dict[str, list[int]] = {}
    for m, top in zip(mentions, tops):
        n_adm1 = kinds.setdefault(m["key"], [0, 0])
        n_adm1[0] += 1
        n_adm1[1] += bool(g.is_adm1_kind[top])
    total = sum(v[0] for v in kinds.values())
    adm1 = sum(v[1] for v in kinds.values())
    done = set()
    for m in mentions:
        ident = ident_of(m)
        if ident in done or ident not in contexts:
            continue
        done.add(ident)
        own_n, own_a = kinds[m["key"]]
        if total - own_n <= 0 or adm1 - own_a <= 0:
            continue
        share = (adm1 - own_a) / (total - own_n)
        contexts[ident] = contexts[ident] + KIND_WEIGHT * share * g.is_adm1_kind[m["rows"]]


def _relation_bonus(g, m: dict, relation: tuple, other: int) -> np.ndarray | None:
    """Bonus from the next mention (its current choice `other`): containment ("X, Texas",
    "X in Y") or direction ("X east of Y"); None when the phrase gives none."""
    contained, bearing, between = relation
    rows = m["rows"]
    if contained and g.prior[other] >= 0.4:
        inside = g.codes["country_code"][rows] == g.codes["country_code"][other]
        fcode = g.vocab["feature_code"][g.codes["feature_code"][other]]
        if fcode.startswith("ADM"):
            inside &= g.codes["admin1"][rows] == g.codes["admin1"][other]
        if inside.any():
            m["why"]["contained"] = f"in {g.names[other]}"
        return np.zeros(len(rows)) + 1.0 * inside
    if bearing is None:
        return None
    d = distances_km(g.lat[other], g.lon[other], g.lat[rows], g.lon[rows])
    b = bearings(g.lat[other], g.lon[other], g.lat[rows], g.lon[rows])
    off = np.abs((b - bearing + 180) % 360 - 180)
    ok = (off <= 67.5) & (d < 150)
    if ok.any():
        m["why"]["direction"] = f"{between.strip()} {g.names[other]}"
    return np.zeros(len(rows)) + ok * 0.8 * np.exp(-d / 50.0)

"""Greedy, blocked clustering of mentions: each mention joins its best compatible cluster.

Mentions are visited most precise first, so clusters are seeded by precise reports and
vague ones join the closest match. A cluster keeps a profile (common date range, its
distinct places, its actors) and a mention must be compatible with all of it (complete
linkage), which stops chains of weak links. Candidates come from blocks keyed by type
group, week and country, so the work grows with the number of mentions, not its square.
"""
from __future__ import annotations

from pipeline.dedup.intervals import UNBOUNDED, intersect, mention_interval
from pipeline.dedup.places import compare_places, place_key, same_spot
from pipeline.dedup.rules import type_group


def _norm_actor(value) -> str | None:
    return value.strip().casefold() or None if isinstance(value, str) else None


def prepare(mentions: list[dict], rules: dict) -> list[dict]:
    """The fields clustering needs, one small dict per mention."""
    prepared = []
    for i, m in enumerate(mentions):
        interval = mention_interval(m, rules)
        place = place_key(m)
        actors = tuple(_actor_slot(_norm_actor(m.get(k)), rules) for k in ("actor1", "actor2"))
        prepared.append({"i": i, "type": m.get("event_type"), "group": type_group(m.get("event_type"), rules),
                         "interval": interval, "place": place, "actors": actors,
                         "article": m.get("article_id"), "sentence": (m.get("article_id"), m.get("sentence_index")), "symmetric": m.get("event_type") in rules["symmetric"],
                         "order": (min(interval[1] - interval[0], 10 ** 6), place[1] or 9,
                                   -sum(a != _NO_ACTOR for a in actors), str(m.get("mention_id")))})
    return prepared


def _cells(interval: tuple[int, int], rules: dict) -> list:
    """Blocking cells of a date range: the weeks it touches, or one "wide"/"undated" cell."""
    if interval == UNBOUNDED:
        return ["undated"]
    if interval[1] - interval[0] + 1 > rules["date"]["max_index_days"]:
        return ["wide"]
    return list(range(interval[0] // 7, interval[1] // 7 + 1))


def _is_vague(p: dict, rules: dict) -> bool:
    """Dated to more than one day and placed no better than an admin area (or not at all)."""
    first, last = p["interval"]
    precision = p["place"][1]
    return last > first and (precision is None or precision >= 3 or p["place"][0] is None)


_NO_ACTOR = (None, None)


def _actor_slot(name: str | None, rules: dict) -> tuple[str | None, str | None]:
    """(named actor, generic actor) of one actor slot."""
    return (None, name) if name in rules["generic"] else (name, None)


def _merge_slots(a: tuple, b: tuple) -> tuple:
    return tuple(x if x is not None else y for x, y in zip(a, b))


def _match_actors(cluster: tuple, mention: tuple, symmetric: bool) -> tuple[int, bool] | None:
    """(shared named actors, swapped) when the actor slots agree, else None."""
    def agree(c, m):
        shared = 0
        for slot_c, slot_m in zip(c, m):
            for x, y in zip(slot_c, slot_m):
                if x is not None and y is not None and x != y:
                    return None
            shared += slot_c[0] is not None and slot_c[0] == slot_m[0]
        return shared
    best = None
    for swapped, m in ((False, mention), (True, mention[::-1])) if symmetric else ((False, mention),):
        shared = agree(cluster, m)
        if shared is not None and (best is None or shared > best[0]):
            best = (shared, swapped)
    return best


def _score(cluster: dict, p: dict, rules: dict) -> tuple | None:
    """(score, reasons, common dates, actors swapped) of a mention joining a cluster, or None."""
    same_type = p["type"] in cluster["types"]
    interval = intersect(cluster["interval"], p["interval"], rules["date"]["tolerance_days"])
    if interval is None:
        return None
    one_day = p["interval"][0] == p["interval"][1] and cluster["interval"] == p["interval"]
    if not same_type and (not one_day or p["sentence"] in cluster["sentences"]):
        return None
    place_score, place_reason = 1.0, "place unknown"
    for place in cluster["places"]:
        score, reason = compare_places(place, p["place"], rules)
        if score is None or (not same_type and not same_spot(place, p["place"], rules)):
            return None
        if score <= place_score:
            place_score, place_reason = score, reason
    actors = _match_actors(cluster["actors"], p["actors"], p["symmetric"])
    if actors is None:
        return None
    same_article = p["article"] in cluster["articles"]
    # Some positive evidence besides type and date: a place, a shared actor, or the same article.
    if place_score < 0.5 and not actors[0] and not same_article:
        return None
    reasons = (same_type, place_reason, actors[0], same_article)
    # A vague report that fits several events most likely tells the most reported one.
    size = 0.05 * min(len(cluster["members"]), 10) / 10
    score = place_score + 0.5 * actors[0] + 0.5 * same_type + 0.3 * one_day + 0.2 * same_article + size
    return score, reasons, interval, actors[1]


def _reason_words(same_type: bool, place_reason: str, shared_actors: int, same_article: bool) -> list[str]:
    words = ["same type" if same_type else "compatible types", place_reason,
             "actors agree" if shared_actors else "actors unknown on one side"]
    return words + ["same article"] if same_article else words


def cluster_mentions(mentions: list[dict], rules: dict) -> list[dict]:
    """Clusters of mention indices, each {"members": [...], "reasons": set(...)}."""
    prepared = sorted(prepare(mentions, rules), key=lambda p: p["order"])
    tolerance = rules["date"]["tolerance_days"]
    clusters: list[dict] = []
    index: dict[tuple, dict[str | None, list[int]]] = {}
    for p in prepared:
        country = p["place"][3]
        best, runner_up = None, None
        first, last = p["interval"]
        seen = set()
        for cell in _cells(p["interval"], rules) + ["wide", "undated"]:
            block = index.get((p["group"], cell))
            if not block:
                continue
            buckets = block.values() if country is None else (block.get(country, ()), block.get(None, ()))
            for bucket in buckets:
                for c in bucket:
                    if c in seen:
                        continue
                    seen.add(c)
                    common = clusters[c]["interval"]
                    if common[0] > last + tolerance or first > common[1] + tolerance:
                        continue  # the cheapest test first: most candidates differ by date
                    fit = _score(clusters[c], p, rules)
                    if fit is None:
                        continue
                    if best is None or fit[0] > best[0][0]:
                        best, runner_up = (fit, c), (best[0][0] if best else None)
                    elif runner_up is None or fit[0] > runner_up:
                        runner_up = fit[0]
        if best is not None and _is_vague(p, rules) and runner_up is not None \
                and best[0][0] - runner_up < rules["ambiguity_margin"]:
            best = None  # vague in time and place, and fits several events: attach to none
        if best is None:
            clusters.append({"members": [p["i"]], "reasons": set(), "types": {p["type"]},
                             "interval": p["interval"], "places": [p["place"]],
                             "actors": p["actors"], "articles": {p["article"]},
                             "sentences": {p["sentence"]}})
            for cell in _cells(p["interval"], rules):
                index.setdefault((p["group"], cell), {}).setdefault(country, []).append(len(clusters) - 1)
            continue
        (score, reasons, interval, swapped), c = best
        cluster = clusters[c]
        cluster["members"].append(p["i"])
        cluster["reasons"].update(_reason_words(*reasons))
        cluster["types"].add(p["type"])
        cluster["interval"] = interval
        if p["place"] not in cluster["places"]:
            cluster["places"].append(p["place"])
        actors = p["actors"][::-1] if swapped else p["actors"]
        cluster["actors"] = tuple(_merge_slots(a, b) for a, b in zip(cluster["actors"], actors))
        cluster["articles"].add(p["article"])
        cluster["sentences"].add(p["sentence"])
    return clusters

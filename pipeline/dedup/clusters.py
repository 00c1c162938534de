"""Greedy, blocked clustering of mentions: each mention joins its best compatible cluster.

Mentions are visited most precise first, so clusters are seeded by precise reports and
vague ones join the closest match. A cluster keeps a profile (common date range, its
distinct places, its actors) and a mention must be compatible with all of it (complete
linkage), which stops chains of weak links. Candidates come from blocks keyed by type
group, week and country, so the work grows with the number of mentions, not its square;
undated and loosely dated clusters, which only take mentions of their own articles, are
reached through those articles.
"""
from __future__ import annotations

from pipeline.dedup.actors import actor_slot, match_actors, merge_slots
from pipeline.dedup.intervals import UNBOUNDED, intersect, mention_interval
from pipeline.dedup.places import compare_places, distinct_spots, place_key, same_spot
from pipeline.dedup.rules import related_types, type_group


def prepare(m: dict, i: int, rules: dict) -> dict:
    """The fields clustering needs from one mention."""
    interval, place = mention_interval(m, rules), place_key(m)
    actors = (actor_slot(m.get("actor1"), rules), actor_slot(m.get("actor2"), rules))
    event_type, article = m.get("event_type"), m.get("article_id")
    return {"i": i, "type": event_type, "group": type_group(event_type, rules),
            "symmetric": event_type in rules["symmetric"], "interval": interval, "place": place,
            "actors": actors, "article": article, "sentence": (article, m.get("sentence_index")),
            # fit() lets a mention join another article's cluster only when this holds
            "cross": is_narrow(interval, rules) and event_type not in rules["catch_all"],
            "order": (min(interval[1] - interval[0], 10 ** 6), place.precision or 9,
                      -sum(a is not None for a in actors), str(m.get("mention_id")))}


def cells(interval: tuple[int, int], rules: dict) -> list:
    """Blocking cells of a date range: the weeks it touches, or one "wide"/"undated" cell."""
    if interval == UNBOUNDED:
        return ["undated"]
    if interval[1] - interval[0] + 1 > rules["date"]["max_index_days"]:
        return ["wide"]
    return list(range(interval[0] // 7, interval[1] // 7 + 1))


def is_vague(p: dict) -> bool:
    """Dated to more than one day and placed no better than an admin area (or not at all)."""
    first, last = p["interval"]
    precision = p["place"].precision
    return last > first and (precision is None or precision >= 3 or p["place"].point is None)


def fit(cluster: dict, p: dict, rules: dict) -> tuple | None:
    """(score, grounds, common dates, actors swapped) of a mention joining a cluster, or None."""
    same_type = p["type"] in cluster["types"]
    if not same_type:
        # Complete linkage on types too: compatible with, or a refinement of, each type told.
        if not all(related_types(p["type"], t, rules) for t in cluster["types"]):
            return None
        # A generic and a specific noun for one event ("Girl attacked" over a report of a sexual
        # assault) are tied only within one article: across reports nothing says which it was.
        if p["article"] not in cluster["articles"] and any(
                type_group(t, rules) != p["group"] for t in cluster["types"]):
            return None
    interval = intersect(cluster["interval"], p["interval"], rules["date"]["tolerance_days"])
    if interval is None:
        return None
    one_day = p["interval"][0] == p["interval"][1] and cluster["interval"] == p["interval"]
    same_article = p["article"] in cluster["articles"]
    # Without a usable date, or with a catch-all type, nothing ties reports of different articles.
    span = rules["date"]["max_span_across_articles"]
    if not same_article and (p["interval"][1] - p["interval"][0] >= span
                             or cluster["interval"][1] - cluster["interval"][0] >= span
                             or p["type"] in rules["catch_all"]):
        return None
    # Other types only on the same day (or in the same article, where the writer's noun may
    # change: "clashes" then "the battle"), never in the same sentence.
    if not same_type and (not (one_day or same_article) or p["sentence"] in cluster["sentences"]):
        return None
    place_score, place_reason = 1.0, "place unknown"
    for place in cluster["places"]:
        score, reason = compare_places(place, p["place"], rules, same_article)
        if score is None or (not same_type and not same_spot(place, p["place"], rules)):
            return None
        # One writer naming two different places means two places, even "near" ones.
        if same_article and distinct_spots(place, p["place"], rules):
            return None
        if score <= place_score:
            place_score, place_reason = score, reason
    actors = match_actors(cluster["actors"], p["actors"], p["symmetric"])
    if actors is None:
        return None
    # Some positive evidence besides type and date: a place, a shared actor, or the same article.
    if place_score < 0.5 and not actors[0] and not same_article:
        return None
    grounds = (same_type, place_reason, actors[0], same_article)
    # A vague report that fits several events most likely tells the most reported one.
    size = 0.05 * min(len(cluster["members"]), 10) / 10
    score = place_score + 0.5 * actors[0] + 0.5 * same_type + 0.3 * one_day + 0.2 * same_article + size
    return score, grounds, interval, actors[1]


def reason_words(same_type: bool, place_reason: str, shared_actors: int, same_article: bool) -> list[str]:
    """The grounds of one merge as short phrases for merge_reason."""
    words = ["same type" if same_type else "compatible types", place_reason,
             "actors agree" if shared_actors else "actors unknown on one side"]
    return words + ["same article"] if same_article else words


def is_narrow(interval: tuple[int, int], rules: dict) -> bool:
    """Whether a date range is short enough to tie reports of different articles together."""
    return interval[1] - interval[0] < rules["date"]["max_span_across_articles"]


class Index:
    """Where clusters are found: blocks by (type group, cell) then country, each cluster's seed
    (group, cells, country), the clusters of each article, and the clusters of the "wide" and
    "undated" blocks whose range has narrowed enough to take other articles' mentions."""

    def __init__(self, rules: dict) -> None:
        self.rules = rules
        self.blocks: dict[tuple, dict[str | None, list[int]]] = {}
        self.seeds: list[tuple] = []
        self.by_article: dict[str, list[int]] = {}
        self.narrowed: dict[tuple, set[int]] = {}

    def add(self, c: int, p: dict) -> None:
        """Index a new cluster seeded by mention p."""
        seed_cells = cells(p["interval"], self.rules)
        self.seeds.append((p["group"], frozenset(seed_cells), p["place"].country_code))
        for cell in seed_cells:
            self.blocks.setdefault((p["group"], cell), {}).setdefault(p["place"].country_code, []).append(c)
        self.by_article.setdefault(p["article"], []).append(c)

    def update(self, c: int, p: dict, cluster: dict) -> None:
        """Record that cluster c took mention p (its article, maybe a narrower range)."""
        if c not in self.by_article.setdefault(p["article"], []):
            self.by_article[p["article"]].append(c)
        group, seed_cells, _ = self.seeds[c]
        if is_narrow(cluster["interval"], self.rules):
            for cell in seed_cells & {"wide", "undated"}:
                self.narrowed.setdefault((group, cell), set()).add(c)


def _join(cluster: dict, p: dict, result: tuple) -> None:
    _, grounds, interval, swapped = result
    cluster["members"].append(p["i"])
    cluster["reasons"].update(reason_words(*grounds))
    cluster["types"].add(p["type"])
    cluster["interval"] = interval
    if p["place"] not in cluster["places"]:
        cluster["places"].append(p["place"])
    actors = p["actors"][::-1] if swapped else p["actors"]
    cluster["actors"] = tuple(merge_slots(a, b) for a, b in zip(cluster["actors"], actors))
    cluster["articles"].add(p["article"])
    cluster["sentences"].add(p["sentence"])


def _candidates(p: dict, index: Index, cell) -> list[int]:
    """Clusters of one block that the mention could join, in the order of the block's buckets.

    A cluster whose date range is too wide (most of the "wide" and "undated" blocks) only takes
    mentions of its own articles, so those blocks are searched through the article's clusters
    and the few clusters that narrowed since; fit() would reject all the others anyway."""
    block = index.blocks.get((p["group"], cell))
    if not block:
        return []
    country = p["place"].country_code
    keys = block.keys() if country is None else (country, None)
    own = index.by_article.get(p["article"], ())
    if cell in ("wide", "undated"):
        narrowed = index.narrowed.get((p["group"], cell), set()) if p["cross"] else set()
        near = narrowed.union(c for c in own if index.seeds[c][0] == p["group"]
                              and cell in index.seeds[c][1])
    elif not p["cross"]:
        near = {c for c in own if index.seeds[c][0] == p["group"] and cell in index.seeds[c][1]}
    else:
        return [c for key in keys for c in block.get(key, ())]
    by_key: dict = {}
    for c in near:
        by_key.setdefault(index.seeds[c][2], []).append(c)
    return [c for key in keys for c in sorted(by_key.get(key, ()))]


def _candidate_clusters(p: dict, index: Index, rules: dict):
    """Each cluster the mention could join, once: its blocks' clusters, then (for a type with
    refinements) the article's clusters of the types it refines or is refined by, which live in
    other blocks (blocks are keyed by compatibility group)."""
    seen = set()
    for cell in cells(p["interval"], rules) + ["wide", "undated"]:
        for c in _candidates(p, index, cell):
            if c not in seen:
                seen.add(c)
                yield c
    if p["type"] in rules["refine_related"]:
        for c in index.by_article.get(p["article"], ()):
            if c not in seen and index.seeds[c][0] != p["group"]:
                seen.add(c)
                yield c


def _best_fit(p: dict, clusters: list[dict], index: Index, rules: dict) -> tuple | None:
    """(fit, cluster number) of the cluster the mention should join, or None."""
    tolerance = rules["date"]["tolerance_days"]
    first, last = p["interval"]
    best, runner_up = None, None
    for c in _candidate_clusters(p, index, rules):
        common = clusters[c]["interval"]
        if common[0] > last + tolerance or first > common[1] + tolerance:
            continue  # the cheapest test first: most candidates differ by date
        result = fit(clusters[c], p, rules)
        if result is None:
            continue
        if best is None or result[0] > best[0][0]:
            best, runner_up = (result, c), (best[0][0] if best else None)
        elif runner_up is None or result[0] > runner_up:
            runner_up = result[0]
    if best and runner_up is not None and is_vague(p) and best[0][0] - runner_up < rules["ambiguity_margin"]:
        return None  # vague in time and place, and fits several events: attach to none
    return best


def cluster_mentions(mentions: list[dict], rules: dict) -> list[dict]:
    """Clusters of mention indices, each {"members": [...], "reasons": set(...), ...}."""
    prepared = sorted((prepare(m, i, rules) for i, m in enumerate(mentions)), key=lambda p: p["order"])
    clusters: list[dict] = []
    index = Index(rules)
    for p in prepared:
        best = _best_fit(p, clusters, index, rules)
        if best is not None:
            _join(clusters[best[1]], p, best[0])
            index.update(best[1], p, clusters[best[1]])
            continue
        clusters.append({"members": [p["i"]], "reasons": set(), "types": {p["type"]},
                         "interval": p["interval"], "places": [p["place"]], "actors": p["actors"],
                         "articles": {p["article"]}, "sentences": {p["sentence"]}})
        index.add(len(clusters) - 1, p)
    return clusters

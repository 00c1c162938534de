"""Merge rules: the thresholds of rules.yaml as plain data, loaded once."""
from __future__ import annotations

import functools
from pathlib import Path

from pipeline.vocabulary import read_yaml

RULES_PATH = Path(__file__).with_name("rules.yaml")
RULES_SCHEMA = {
    "date": {"publication_lookback_days": int, "tolerance_days": int, "max_span_across_articles": int,
             "max_index_days": int},
    "place": {"radius_km": {int: float}, "same_admin1_from_precision": int, "name_similarity": float},
    "actors": {"symmetric": [str]},
    "ambiguity": {"margin": float},
    "types": {"catch_all?": [str], "compatible": [[str]]},
    "canonical": {"modality_order": [str], "not_credible": [str], "date_precision_order": [str]},
}


@functools.lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> dict:
    """The merge rules, with derived lookups (type groups, ranks) added."""
    rules = read_yaml(path or RULES_PATH, RULES_SCHEMA)
    groups = {}
    for i, group in enumerate(rules["types"]["compatible"]):
        for t in group:
            groups.setdefault(t, f"g{i}")
    rules["type_group"] = groups
    rules["type_rank"] = {t: j for group in rules["types"]["compatible"] for j, t in enumerate(group)}
    from pipeline.events.taxonomy import refinements  # the extractor's vocabulary (as generic_actors)

    rules["refines"] = refinements()
    related: dict[str, set[str]] = {}
    for specific, generic in rules["refines"].items():
        for g in generic:
            related.setdefault(specific, set()).add(g)
            related.setdefault(g, set()).add(specific)
    rules["refine_related"] = {t: frozenset(ts) for t, ts in related.items()}
    rules["radius_km"] = {int(k): float(v) for k, v in rules["place"]["radius_km"].items()}
    canonical = rules["canonical"]
    rules["modality_rank"] = {m: i for i, m in enumerate(canonical["modality_order"])}
    rules["date_rank"] = {p: i for i, p in enumerate(canonical["date_precision_order"])}
    rules["symmetric"] = frozenset(rules["actors"]["symmetric"])
    rules["generic"] = generic_actors()
    rules["catch_all"] = frozenset(rules["types"].get("catch_all") or [])
    rules["ambiguity_margin"] = float(rules["ambiguity"]["margin"])
    return rules


def generic_actors() -> frozenset:
    """Canonical names of the generic actors ("Police Forces"), as the extractor's vocabulary lists them."""
    from pipeline.events.vocab import load

    return frozenset(name.casefold() for name in load("actors").get("generic") or {})


def related_types(a: str | None, b: str | None, rules: dict) -> bool:
    """Whether two types may name one event: the same type, the same compatibility group, or one
    a refinement of the other (a sexual assault is an attack; a mine blast an attack)."""
    if a == b:
        return True
    if type_group(a, rules) == type_group(b, rules):
        return True
    return b in rules["refine_related"].get(a or "", ())


def type_group(event_type: str | None, rules: dict) -> str:
    """The blocking group of a type: its compatibility group, or the type itself."""
    return rules["type_group"].get(event_type, event_type or "")

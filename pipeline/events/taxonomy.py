"""Event-type codes and their ACLED, CAMEO and PLOVER equivalents (from taxonomy.yaml)."""
from __future__ import annotations

import functools

from pipeline.events.vocab import load


def event_types() -> list[str]:
    """Every event_type code, in taxonomy order."""
    return list(load("taxonomy"))


def type_columns(event_type: str) -> dict:
    """The mapping columns of a mention of this type."""
    row = load("taxonomy")[event_type]
    acled_type, acled_sub = row["acled"]
    return {"event_type": event_type, "acled_event_type": acled_type,
            "acled_sub_event_type": acled_sub, "cameo_code": row["cameo"],
            "plover_type": row["plover"], "plover_mode": row["mode"]}


@functools.lru_cache(maxsize=None)
def violent_types() -> frozenset[str]:
    """The types marked `violent: true` in taxonomy.yaml: their death tolls are kept, and their
    victims never act."""
    return frozenset(kind for kind, row in load("taxonomy").items() if row.get("violent"))


@functools.lru_cache(maxsize=None)
def refinements() -> dict[str, frozenset[str]]:
    """Type -> the generic types it specifies (`refines` in taxonomy.yaml)."""
    return {kind: frozenset(row.get("refines") or ()) for kind, row in load("taxonomy").items()}

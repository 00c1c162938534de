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


VICTIMS = "victims"


@functools.lru_cache(maxsize=None)
def agentless_types() -> frozenset[str]:
    """The types marked `agentless: true` in taxonomy.yaml (nature acts: no actor1)."""
    return frozenset(kind for kind, row in load("taxonomy").items() if row.get("agentless"))


def _generic_actor(kind: str, key: str, name: str, also: str = "") -> tuple[str, str]:
    """(name, actor type) of a generic actor of actors.yaml named in taxonomy.yaml, or a clear error."""
    generic = load("actors")["generic"]
    if name not in generic:
        raise ValueError(f"taxonomy.yaml: {kind}: {key}: {name!r} is {also}not a generic actor of "
                         f"actors.yaml ({', '.join(sorted(generic))})")
    return name, generic[name]["type"]


@functools.lru_cache(maxsize=None)
def people_roles() -> dict[str, str | tuple[str, str]]:
    """Type -> what the plain words for people are in its events (`people` in taxonomy.yaml):
    VICTIMS (acted upon, never actor1; the default of violent types) or the (name, actor type)
    of the generic actor of actors.yaml that the crowd acts as. Types with neither are absent."""
    roles: dict[str, str | tuple[str, str]] = {}
    for kind, row in load("taxonomy").items():
        role = row.get("people") or (VICTIMS if row.get("violent") else None)
        if role is not None:
            roles[kind] = role if role == VICTIMS else _generic_actor(kind, "people", role, f"not {VICTIMS!r} and ")
    return roles


@functools.lru_cache(maxsize=None)
def unnamed_actor1() -> dict[str, tuple[str, str]]:
    """Type -> the (name, actor type) of the generic actor that acts in its events when the text
    names none (`unnamed_actor1` in taxonomy.yaml): ACLED's convention ("Protesters" in a protest,
    "Police Forces" making an arrest, an "Unidentified Armed Group" behind an unclaimed bombing)."""
    return {kind: _generic_actor(kind, "unnamed_actor1", row["unnamed_actor1"])
            for kind, row in load("taxonomy").items() if row.get("unnamed_actor1") is not None}


@functools.lru_cache(maxsize=None)
def refinements() -> dict[str, frozenset[str]]:
    """Type -> the generic types it specifies (`refines` in taxonomy.yaml)."""
    return {kind: frozenset(row.get("refines") or ()) for kind, row in load("taxonomy").items()}

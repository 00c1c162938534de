"""Actor slots of mentions and events: named and generic actors, and whether two pairs agree."""
from __future__ import annotations

NO_ACTOR = (None, None)


def actor_slot(name, rules: dict) -> tuple[str | None, str | None]:
    """(named actor, generic actor) of one actor value, case-folded."""
    name = name.strip().casefold() or None if isinstance(name, str) else None
    return (None, name) if name in rules["generic"] else (name, None)


def merge_slots(a: tuple, b: tuple) -> tuple:
    """An event's slot after a mention joins: known values are kept, unknown ones filled."""
    return tuple(x if x is not None else y for x, y in zip(a, b))


def _shared(event: tuple, mention: tuple) -> int | None:
    shared = 0
    for slot_e, slot_m in zip(event, mention):
        for x, y in zip(slot_e, slot_m):
            if x is not None and y is not None and x != y:
                return None
        shared += slot_e[0] is not None and slot_e[0] == slot_m[0]
    return shared


def match_actors(event: tuple, mention: tuple, symmetric: bool) -> tuple[int, bool] | None:
    """(named actors shared, swapped) when the two actor pairs agree, else None.

    Symmetric types ("A clashed with B") may also agree with the pair swapped."""
    best = None
    for swapped in (False, True) if symmetric else (False,):
        shared = _shared(event, mention[::-1] if swapped else mention)
        if shared is not None and (best is None or shared > best[0]):
            best = (shared, swapped)
    return best

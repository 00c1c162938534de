"""Actor slots of mentions and events: named actors (generic ones are wildcards), and agreement."""
from __future__ import annotations

def actor_slot(name, rules: dict) -> str | None:
    """The named actor of one actor value, case-folded; None when unknown or generic."""
    name = name.strip().casefold() or None if isinstance(name, str) else None
    return None if name in rules["generic"] else name


def merge_slots(a: str | None, b: str | None) -> str | None:
    """An event's slot after a mention joins: a known value is kept, an unknown one filled."""
    return a if a is not None else b


def _shared(event: tuple, mention: tuple) -> int | None:
    shared = 0
    for x, y in zip(event, mention):
        if x is not None and y is not None:
            if x != y:
                return None
            shared += 1
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

"""The editable word lists of the geoparser, loaded once from pipeline/geo/data."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def not_places() -> frozenset[str]:
    """Folded names that are never taken as places on their own."""
    lines = (DATA / "not_places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=None)
def modifiers() -> dict:
    """Context words: 'after', 'before', 'opening', 'abroad', 'person_after' (sets) and 'suffix'
    (word -> feature kind)."""
    data = yaml.safe_load((DATA / "modifiers.yaml").read_text(encoding="utf-8"))
    suffix = {w: kind for kind, words in data["suffix"].items() for w in words}
    return {"after": frozenset(data["after"]), "before": frozenset(data["before"]),
            "opening": frozenset(data["opening"]), "suffix": suffix,
            "abroad": frozenset(data.get("abroad", ())), "person_after": frozenset(data.get("person_after", ())),
            "landmark": frozenset(data.get("landmark", ())), "natural": frozenset(data.get("natural", ()))}


@lru_cache(maxsize=None)
def common_words() -> frozenset[str]:
    """Common English words (justext's stop list, shipped with trafilatura's dependencies):
    capitalised alone ("Some", "Since", "Commerce") they are rarely the namesake village."""
    try:
        import justext
        return frozenset(w.lower() for w in justext.get_stoplist("English"))
    except Exception:  # justext absent: the other filters still apply
        return frozenset()

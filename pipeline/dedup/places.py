"""Place compatibility of two mentions: a distance that depends on geo_precision, or admin areas."""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import NamedTuple, cast

from rapidfuzz import fuzz

from pipeline.geo.distance import distance_km

# Regions and seas span admin borders and often lack a country code.
_BORDERLESS = (5, 7)
# Score of one gazetteer id shared by two mentions, by the coarser precision (below 0.5 it is
# not evidence on its own).
_SAME_AREA = {3: (0.7, "same admin2"), 4: (0.6, "same admin1"), 5: (0.4, "same region"),
              6: (0.3, "same country"), 7: (0.3, "same sea")}


class PlaceKey(NamedTuple):
    """The place fields of a mention the merge rules use (a tuple: as cheap to build and
    compare as one, read by name)."""
    point: tuple[float, float] | None  # (latitude, longitude) when located
    precision: int | None  # geo_precision (2 when coordinates come without one)
    admin1: str | None
    country_code: str | None
    geonameid: int | None
    name: str | None  # normalize_name of the place name


def place_key(m: dict) -> PlaceKey:
    """The place fields the merge rules use."""
    lat, lon = m.get("latitude"), m.get("longitude")
    located = lat is not None and lon is not None and not (math.isnan(lat) or math.isnan(lon))
    precision = m.get("geo_precision")
    if located and precision is None:
        precision = 2  # coordinates of unknown precision: trust them as "near" only
    name = normalize_name(m.get("place_name") or m.get("place"))
    point = cast("tuple[float, float]", (lat, lon)) if located else None
    return PlaceKey(point, precision, m.get("admin1") or None,
                    m.get("country_code") or None, m.get("geonameid"), name)


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str | None) -> str | None:
    """Lower-case ASCII letters of a place name without al-/el- articles, for spelling variants."""
    if not name:
        return None
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(al|el|ad|ar|as|ash|an|the)[- ]", "", text)
    return re.sub(r"[^a-z0-9]+", "", text) or None


@functools.lru_cache(maxsize=65536)
def _skeleton(name: str) -> str:
    """First letter plus the consonants of a normalized name: transliterations mostly differ in
    vowels and doubled letters (Saraqib/Saraqeb, Sheikhoun/Shaykhun); "" when too short to tell."""
    body = re.sub(r"[aeiouyw]+", "", name[1:])
    body = re.sub(r"(.)\1+", r"\1", body)
    return name[0] + body if len(body) >= 3 else ""


def same_spot(a: PlaceKey, b: PlaceKey, rules: dict) -> bool:
    """Whether two places are the same exact spot: one id, one name, or within the exact radius."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return max(a.precision or 1, b.precision or 1) <= 2
    if a.point and b.point:
        return (max(a.precision or 1, b.precision or 1) <= 2
                and distance_km(a.point, b.point) <= rules["radius_km"][1])
    return bool(a.name and a.name == b.name)


def distinct_spots(a: PlaceKey, b: PlaceKey, rules: dict) -> bool:
    """Two different gazetteer places, each point-like (precision <= 2), beyond the exact radius."""
    if not (a.point and b.point) or a.geonameid is None or b.geonameid is None \
            or a.geonameid == b.geonameid:
        return False
    return (max(a.precision or 1, b.precision or 1) <= 2
            and distance_km(a.point, b.point) > rules["radius_km"][1])


def compare_places(a: PlaceKey, b: PlaceKey, rules: dict, same_article: bool = False
                   ) -> tuple[float | None, str]:
    """(score in [0, 1], reason) when the places can be one, (None, reason) when they cannot.

    A score of 0 means "no evidence either way" (a place is unknown). Within one article, two
    names the gazetteer could not place are no evidence either way: a writer may name a city
    and its district ("Deir Ezzor", "Salhiya") for one event."""
    point_a, prec_a, adm_a, cc_a, id_a, name_a = a
    point_b, prec_b, adm_b, cc_b, id_b, name_b = b
    coarse = max(prec_a or 1, prec_b or 1)
    if cc_a and cc_b and cc_a != cc_b:
        return None, "different countries"
    if point_a and point_b:
        if id_a is not None and id_a == id_b:
            # The same province or country is the same area, not the same spot.
            return _SAME_AREA.get(coarse, (1.0, "same place"))
        if (coarse >= rules["place"]["same_admin1_from_precision"] and coarse not in _BORDERLESS
                and adm_a and adm_b):
            if adm_a != adm_b:
                return None, "different admin1"
            if coarse in (3, 4):
                return 0.6, "same admin1"
        if coarse == 6 and cc_a and cc_a == cc_b:
            return 0.3, "same country"
        radius = rules["radius_km"].get(coarse, rules["radius_km"][max(rules["radius_km"])])
        d = distance_km(point_a, point_b)
        if d > radius:
            return None, f"{d:.0f} km apart"
        # Closeness of coarse places (a province, a country) is weak evidence at best.
        cap = _SAME_AREA.get(coarse, (0.9,))[0]
        return min(cap, 0.9 - 0.5 * d / radius), f"within {radius:g} km"
    if name_a and name_b:
        if (name_a == name_b or fuzz.ratio(name_a, name_b) >= rules["place"]["name_similarity"]
                or _skeleton(name_a) == _skeleton(name_b) != ""):
            return 0.8, "same place name"
        if not (point_a or point_b or same_article):
            return None, "different place names"
        # A name the gazetteer could not place may lie inside or beside the located one
        # ("Salhiya district" and "Deir Ezzor city"): no evidence either way.
    if cc_a and cc_b:
        return 0.1, "same country"
    return 0.0, "place unknown"

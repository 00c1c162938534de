"""One haversine on one Earth radius, shared by geo and dedup."""
import math

import numpy as np

from pipeline.dedup import places
from pipeline.geo import distance


def test_scalar_and_array_haversines_agree():
    points = [(36.2, 37.15), (33.51, 36.29), (-33.87, 151.21), (51.5, -0.12), (0.0, 179.9), (0.0, -179.9)]
    for a in points:
        for b in points:
            want = float(distance.distances_km(a[0], a[1], b[0], b[1]))
            assert math.isclose(distance.distance_km(a, b), want, rel_tol=1e-12, abs_tol=1e-9)
    # A quarter of a meridian is a quarter of the circumference on the one radius.
    assert math.isclose(distance.distance_km((0.0, 0.0), (90.0, 0.0)), math.pi / 2 * distance.EARTH_KM)
    assert np.isclose(distance.distances_km(0.0, 0.0, 0.0, 180.0), math.pi * distance.EARTH_KM)


def test_dedup_measures_places_with_the_geo_haversine():
    assert places.distance_km is distance.distance_km
    a = places.place_key({"latitude": 36.2, "longitude": 37.15, "geo_precision": 1, "geonameid": 1,
                          "place_name": "Aleppo", "country_code": "SY"})
    b = places.place_key({"latitude": 36.2, "longitude": 37.4, "geo_precision": 1, "geonameid": 2,
                          "place_name": "Al-Bab", "country_code": "SY"})
    assert (a.point, a.geonameid, a.name, a.country_code) == ((36.2, 37.15), 1, "aleppo", "SY")
    apart = distance.distance_km(a.point, b.point)
    assert 20 < apart < 25  # beyond the 5 km exact radius: two spots
    assert places.distinct_spots(a, b, {"radius_km": {1: 5}})
    assert not places.same_spot(a, b, {"radius_km": {1: 5}})

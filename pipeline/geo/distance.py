"""Great-circle distances and bearings between points and between gazetteer rows: the one
haversine of the project (geo and dedup), on one Earth radius."""
from __future__ import annotations

import math

import numpy as np

EARTH_KM = 6371.0088  # the IUGG mean Earth radius


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points: distances_km for
    one pair, in plain floats (about 1.5 us a call, several times less than numpy on one pair:
    dedup compares places in its hot loop)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def distances_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distances (haversine) between broadcast arrays of points."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def pair_distances_km(g, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """distances_km between broadcast arrays of gazetteer rows, with the latitudes' radians and
    cosines precomputed at load (the same numbers, fewer array operations). Exactly symmetric:
    the sine is odd and the other terms commute."""
    p1, p2 = g.rlat[rows], g.rlat[others]
    a = np.sin((p2 - p1) / 2) ** 2 + g.coslat[rows] * g.coslat[others] * np.sin(
        np.radians(g.lon[others] - g.lon[rows]) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def row_distances_km(g, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """pair_distances_km from gazetteer rows (down) to other rows (across)."""
    return pair_distances_km(g, rows[:, None], others[None, :])


def bearings(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Initial bearings in degrees from point 1 to points 2."""
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.degrees(np.arctan2(y, x)) % 360

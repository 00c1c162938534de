"""Synthetic mentions for benchmarks: events told several times with varying precision."""
from __future__ import annotations

import datetime as dt
import random

_TYPES = ["air_strike", "shelling", "armed_clash", "attack", "remote_explosive", "suicide_bomb",
          "abduction", "arrest", "meeting", "agreement", "peaceful_protest", "territory_transfer",
          "looting_property_destruction", "grenade", "mob_violence", "base_established"]
# (country, south, west, north, east): rough boxes of a few conflict countries.
_COUNTRIES = [("SY", 32.5, 36.0, 37.0, 42.0), ("IQ", 29.5, 39.0, 37.0, 48.0),
              ("YE", 12.8, 43.0, 18.0, 52.0), ("AF", 29.5, 61.0, 38.0, 71.0),
              ("UA", 45.0, 23.0, 52.0, 40.0), ("ML", 11.0, -11.0, 24.0, 4.0),
              ("BF", 9.5, -5.0, 15.0, 2.0), ("NE", 12.0, 1.0, 23.0, 15.0),
              ("SO", -1.5, 41.0, 11.5, 51.0), ("SD", 9.0, 22.0, 22.0, 38.0),
              ("LY", 20.0, 10.0, 33.0, 25.0), ("TD", 8.0, 14.0, 23.0, 24.0)]
_ACTORS = ["Russia", "Syria", "ISIS", "YPG", "SDF", "Turkey", "Houthis", "Taliban", "Ukraine",
           "JNIM", "al-Shabaab", "RSF", "Sudan", "civilians", "protesters", "unidentified group"]


def _event(rng: random.Random, k: int) -> dict:
    cc, south, west, north, east = rng.choice(_COUNTRIES)
    lat, lon = rng.uniform(south, north), rng.uniform(west, east)
    return {"k": k, "type": rng.choice(_TYPES), "cc": cc, "admin1": f"{cc}.{int(lat * 3) % 12:02d}",
            "lat": lat, "lon": lon, "geonameid": rng.randrange(1, 10 ** 7),
            "day": dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(730)),
            "actors": rng.sample(_ACTORS, 2), "fatalities": rng.choice([None, 0, 1, 3, 12])}


def _mention(rng: random.Random, e: dict, n: int) -> dict:
    published = e["day"] + dt.timedelta(days=rng.choice([0, 1, 1, 2, 3]))
    r = rng.random()
    if r < 0.7:
        dates = (e["day"], e["day"], "day")
    elif r < 0.85:
        dates = (None, published, "unknown")
    elif r < 0.99:
        first = e["day"].replace(day=1)
        dates = (first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), "month")
    else:
        dates, published = (None, None, "unknown"), None
    r = rng.random()
    place = {"latitude": e["lat"], "longitude": e["lon"], "geo_precision": 1,
             "geonameid": e["geonameid"], "admin1": e["admin1"], "country_code": e["cc"]}
    if r > 0.95:
        place = {"country_code": None}
    elif r > 0.9:
        place = {"country_code": e["cc"], "geo_precision": 6, "latitude": 0.0, "longitude": 0.0}
    elif r > 0.75:
        place.update(geo_precision=4, geonameid=None, latitude=e["lat"] + 0.5, longitude=e["lon"])
    elif r > 0.6:
        place.update(geo_precision=2, geonameid=None, latitude=e["lat"] + 0.1)
    a1, a2 = (a if rng.random() > 0.2 else None for a in e["actors"])
    article = f"a{rng.getrandbits(60):015x}"
    return {"mention_id": f"m{n:015d}", "article_id": article, "event_type": e["type"],
            "actor1": a1, "actor2": a2, "date_start": dates[0], "date_end": dates[1],
            "date_precision": dates[2], "published": published, "modality": "asserted",
            "fatalities_best": e["fatalities"], "place_name": f"place {e['geonameid']}",
            "gold_event": e["k"], **place}


def synthetic_mentions(n: int, seed: int = 0) -> list[dict]:
    """`n` mention rows of about n/3 events (the key gold_event says which), shuffled."""
    rng = random.Random(seed)
    mentions, k = [], 0
    while len(mentions) < n:
        event = _event(rng, k)
        for _ in range(min(n - len(mentions), rng.choice([1, 1, 2, 3, 4, 6, 8]))):
            mentions.append(_mention(rng, event, len(mentions)))
        k += 1
    rng.shuffle(mentions)
    return mentions

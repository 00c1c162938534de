"""Event mentions: typed, attributed, quantified events found sentence by sentence.

Placeholder interface (the extraction issue fills it in)."""
from __future__ import annotations

EXTRACTOR_VERSION = "0.0.0"


def extract_mentions(article: dict, sentences: list[tuple[int, int]],
                     places: list[dict]) -> list[dict]:
    """Mention rows (pipeline.tables.MENTIONS columns except the date ones) for one article.

    `places` are the article's `places` rows; each mention copies the place it belongs to
    (place_name = surface, geonameid, place, admin1, country_code, latitude, longitude,
    geo_precision, geo_reason)."""
    return []

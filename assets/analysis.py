"""Analysis assets: places and event mentions found in each article."""
from __future__ import annotations

import dagster as dg
import pyarrow as pa

from assets.ingestion import STAGING, output
from assets.resources import GazetteerResource
from pipeline.run import analyse_articles
from pipeline.tables import SCHEMAS, to_table


@dg.multi_asset(
    outs={
        "mentions": dg.AssetOut(description="One row per event mention in a sentence, typed, dated and geocoded."),
        "places": dg.AssetOut(description="One row per toponym mention, resolved against the gazetteer."),
        "analysis_rejects": dg.AssetOut(key_prefix=STAGING, description="Articles a stage failed on."),
    },
    group_name="analysis",
)
def mentions(articles: pa.Table, gazetteer: GazetteerResource):
    """Find the events each article reports, with their date, place, actors and magnitudes."""
    rows, places, rejects = analyse_articles(articles.to_pylist(), gazetteer.load(),
                                             workers=gazetteer.workers)
    yield output(to_table(rows, SCHEMAS["mentions"]), "mentions")
    yield output(to_table(places, SCHEMAS["places"]), "places")
    yield output(to_table(rejects, SCHEMAS["rejects"]), "analysis_rejects")

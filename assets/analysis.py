"""Analysis assets: places and event mentions found in each article."""
from __future__ import annotations

import datetime as dt

import dagster as dg
import pyarrow as pa

from assets.ingestion import STAGING, output
from assets.resources import GazetteerResource
from pipeline.run import analyse_articles, quarantine
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
    article_rows = articles.select(["article_id", "source_path"]).to_pylist()
    rows, places, rejects = analyse_articles(articles.to_pylist(), gazetteer.load(),
                                             workers=gazetteer.workers)
    # Row-level problems are quarantined into rejects; the blocking checks stay for the table.
    rows, places, quarantined = quarantine(rows, to_table(places, SCHEMAS["places"]), article_rows,
                                           dt.datetime.now(dt.timezone.utc))
    rejects += quarantined
    yield output(to_table(rows, SCHEMAS["mentions"]), "mentions")
    yield output(places, "places")
    yield output(to_table(rejects, SCHEMAS["rejects"]), "analysis_rejects")

"""The schemas of pipeline/tables.py as they were written by hand before the column registry
(commit 1aec970), frozen: the registry must keep giving exactly these, field for field."""
import pyarrow as pa

QUANTITY = pa.struct([("value", pa.int64()), ("unit", pa.string()), ("text", pa.string())])
TS = pa.timestamp("us", tz="UTC")

ARTICLES = pa.schema([
    ("article_id", pa.string()),
    ("source_id", pa.string()),
    ("title", pa.string()),
    ("text", pa.string()),
    ("published", pa.date32()),
    ("published_source", pa.string()),
    ("publisher", pa.string()),
    ("source", pa.string()),
    ("cited_sources", pa.list_(pa.string())),
    ("url", pa.string()),
    ("source_path", pa.string()),
    ("language", pa.string()),
    ("content_sha256", pa.string()),
    ("n_sentences", pa.int32()),
    ("extra", pa.string()),
    ("ingested_at", TS),
])

# Columns that describe an event: shared by mentions and events.
_EVENT_FIELDS = [
    ("event_type", pa.string()),
    ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()),
    ("cameo_code", pa.string()),
    ("plover_type", pa.string()),
    ("plover_mode", pa.string()),
    ("actor1", pa.string()),
    ("actor1_type", pa.string()),
    ("actor2", pa.string()),
    ("actor2_type", pa.string()),
    ("objects", pa.list_(pa.string())),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("date_precision", pa.string()),
    ("date_text", pa.string()),
    ("date_source", pa.string()),
    ("place_name", pa.string()),
    ("geonameid", pa.int64()),
    ("place", pa.string()),
    ("admin1", pa.string()),
    ("country_code", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("geo_precision", pa.int8()),
    ("geo_reason", pa.string()),
    ("quantities", pa.list_(QUANTITY)),
    ("fatalities_best", pa.int64()),
    ("modality", pa.string()),
    ("claimant", pa.string()),
    ("confidence", pa.float64()),
    ("typed_by", pa.string()),
    ("extractor_version", pa.string()),
]

MENTIONS = pa.schema([
    ("mention_id", pa.string()),
    ("article_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("evidence", pa.string()),
    ("trigger", pa.string()),
    *_EVENT_FIELDS,
    ("published", pa.date32()),
])

EVENTS = pa.schema([
    ("event_id", pa.string()),
    *_EVENT_FIELDS,
    ("evidence", pa.string()),
    ("n_mentions", pa.int32()),
    ("n_articles", pa.int32()),
    ("mention_ids", pa.list_(pa.string())),
    ("article_ids", pa.list_(pa.string())),
    ("first_seen", pa.date32()),
    ("last_seen", pa.date32()),
    ("merge_reason", pa.string()),
    ("record_version", pa.int32()),
    ("updated_at", TS),
])

PLACES = pa.schema([
    ("article_id", pa.string()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("surface", pa.string()),
    ("geonameid", pa.int64()),
    ("name", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("feature_code", pa.string()),
    ("country_code", pa.string()),
    ("admin1", pa.string()),
    ("geo_precision", pa.int8()),
    ("score", pa.float64()),
    ("reason", pa.string()),
])

REJECTS = pa.schema([
    ("source_path", pa.string()),
    ("record", pa.string()),
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("reason_code", pa.string()),
    ("size_bytes", pa.int64()),
    ("rejected_at", TS),
])

EVENT_CHANGES = pa.schema([
    ("run_at", TS),
    ("event_id", pa.string()),
    ("change", pa.string()),
    ("record_version", pa.int32()),
    ("fields_changed", pa.list_(pa.string())),
])

# Staging: raw records as read from files, before cleaning (published still as written).
RAW_ARTICLES = pa.schema([
    ("source_path", pa.string()),
    ("record", pa.string()),
    ("format", pa.string()),
    ("source_id", pa.string()),
    ("title", pa.string()),
    ("text", pa.string()),
    ("published", pa.string()),
    ("published_source", pa.string()),
    ("url", pa.string()),
    ("publisher", pa.string()),
    ("source", pa.string()),
    ("language", pa.string()),
    ("extra", pa.string()),
    ("size_bytes", pa.int64()),
])

SCHEMAS: dict[str, pa.Schema] = {
    "raw_articles": RAW_ARTICLES,
    "articles": ARTICLES,
    "mentions": MENTIONS,
    "events": EVENTS,
    "places": PLACES,
    "rejects": REJECTS,
    "event_changes": EVENT_CHANGES,
}

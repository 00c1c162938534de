"""Materialization metadata that reads well in the UI: row count, schema with the codebook's
column descriptions, a preview of the columns a person looks at first, and for event tables
the events by type and the share geocoded. Keys are the same every run (plots work)."""
from __future__ import annotations

import base64
from collections import Counter

import dagster as dg
import pyarrow as pa

from pipeline.registry import Registry, Table, registry

PREVIEW_ROWS = 5
PREVIEW_COLUMNS = 8
# What a reader wants to see first in each table's preview; other tables show their first columns.
PREVIEW = {
    "mentions": ["event_type", "actor1", "actor2", "date_start", "place_name", "country_code",
                 "fatalities_best", "evidence"],
    "events": ["event_type", "actor1", "actor2", "date_start", "place_name", "country_code",
               "fatalities_best", "n_articles"],
    "articles": ["title", "published", "publisher", "source", "language", "n_sentences"],
    "places": ["surface", "name", "feature_code", "country_code", "latitude", "longitude", "score"],
    "rejects": ["source_path", "stage", "reason_code", "reason"],
    "event_changes": ["change", "event_id", "record_version", "fields_changed"],
}


def table_metadata(table: pa.Table, name: str | None = None) -> dict:
    """Row count, column schema (described from the column registry), a markdown preview of the
    columns a reader wants first, and event figures."""
    schema = column_schema(table.schema)
    wanted = [c for c in PREVIEW.get(name or "", []) if c in table.column_names]
    preview = table.slice(0, PREVIEW_ROWS).select(wanted or table.column_names[:PREVIEW_COLUMNS])
    rows = preview.to_pylist()
    header = "| " + " | ".join(preview.column_names) + " |"
    sep = "|" + "---|" * len(preview.column_names)
    body = ["| " + " | ".join(_cell(r[c]) for c in preview.column_names) + " |" for r in rows]
    metadata = {
        "dagster/row_count": table.num_rows,
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md("\n".join([header, sep, *body])),
    }
    if "event_type" in table.column_names and "latitude" in table.column_names:
        counts = Counter(table["event_type"].to_pylist())
        metadata["events_by_type"] = dg.MetadataValue.md(
            "| event_type | rows |\n|---|---:|\n" + "\n".join(f"| {t} | {n} |" for t, n in counts.most_common()))
        located = table.num_rows - table["latitude"].null_count
        metadata["share_geocoded"] = round(located / table.num_rows, 3) if table.num_rows else 0.0
    return metadata


def pictures_metadata(events: pa.Table) -> dict:
    """The report's two pictures of `events` (pipeline.report), small, as markdown with the PNG
    embedded: the UI shows them on the asset's page. Nothing for an empty table."""
    if events.num_rows == 0:
        return {}
    from pipeline.report import SMALL, draw

    return {f"picture_{name.removesuffix('.png')}":
            dg.MetadataValue.md(f"![{name}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})")
            for name, png in draw(events, SMALL).items()}


def column_schema(schema: pa.Schema, columns_registry: Registry | None = None) -> dg.TableSchema:
    """The UI's column list: type, and, for a registry table, description and constraints."""
    columns_registry = columns_registry or registry()
    known: Table | None = columns_registry.table_for_schema(schema)
    if known is None:
        return dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type)) for f in schema])
    columns = []
    for c in known.columns:
        other = [f"one of {len(allowed)} values (docs/CODEBOOK.md)"] if (allowed := c.allowed()) else []
        if c.range is not None:
            other.append(f"in [{c.range[0]}, {c.range[1]}]")
        if c.references:
            other.append(f"references {'.'.join(c.references)}")
        constraints = dg.TableColumnConstraints(nullable=c.nullable, unique=known.primary_key == (c.name,),
                                                other=other)
        # a column defined `as in` another table shows that table's full description
        described = columns_registry[c.like][c.name] if c.like and c.description.startswith("as in") else c
        columns.append(dg.TableColumn(c.name, c.type_name, description=described.description,
                                      constraints=constraints))
    return dg.TableSchema(columns=columns)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."

"""Materialization metadata that reads well in the UI: row count, schema with the codebook's
column descriptions, a preview of the columns a person looks at first, and for event tables
the events by type and the share geocoded. Keys are the same every run (plots work)."""
from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import dagster as dg
import pyarrow as pa

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
CODEBOOK = Path(__file__).resolve().parents[1] / "docs" / "CODEBOOK.md"


@functools.cache
def codebook_descriptions() -> dict[str, dict[str, str]]:
    """table -> column -> description, from docs/CODEBOOK.md (empty where the file is absent,
    as in an installed wheel)."""
    tables: dict[str, dict[str, str]] = {}
    if not CODEBOOK.is_file():
        return tables
    current = None
    for line in CODEBOOK.read_text("utf-8").splitlines():
        heading = re.match(r"^## (\w+)", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        row = re.match(r"^\| (\w+) \| [^|]+ \| (.*) \|\s*$", line)
        if current is not None and row and row.group(1) != "column":
            current[row.group(1)] = row.group(2).replace("`", "").strip()
    return tables


def table_metadata(table: pa.Table, name: str | None = None) -> dict:
    """Row count, column schema (with descriptions), a markdown preview, and event figures."""
    described = codebook_descriptions().get(name or "", {})
    schema = dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type), description=described.get(f.name))
                                     for f in table.schema])
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


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."

"""Materialization metadata that reads well in the UI: row count, schema, a preview."""
from __future__ import annotations

import dagster as dg
import pyarrow as pa

PREVIEW_ROWS = 5
PREVIEW_COLUMNS = 8


def table_metadata(table: pa.Table) -> dict:
    """Row count, column schema and a small markdown preview of a table."""
    schema = dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type)) for f in table.schema])
    preview = table.slice(0, PREVIEW_ROWS).select(table.column_names[:PREVIEW_COLUMNS])
    rows = preview.to_pylist()
    header = "| " + " | ".join(preview.column_names) + " |"
    sep = "|" + "---|" * len(preview.column_names)
    body = ["| " + " | ".join(_cell(r[c]) for c in preview.column_names) + " |" for r in rows]
    return {
        "dagster/row_count": table.num_rows,
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md("\n".join([header, sep, *body])),
    }


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."

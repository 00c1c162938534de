"""Materialization metadata that reads well in the UI: row count, schema, a preview."""
from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.registry import Registry, Table, registry

PREVIEW_ROWS = 5
PREVIEW_COLUMNS = 8


def table_metadata(table: pa.Table) -> dict:
    """Row count, column schema (described from the column registry) and a small markdown preview."""
    schema = column_schema(table.schema)
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

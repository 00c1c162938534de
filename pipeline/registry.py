"""The column registry: every output table and column, read from `pipeline/columns.yaml`.

One place says, per table and column, the Arrow type, the description, whether it may be null, its
allowed values (literal, or drawn from a vocabulary file such as taxonomy.yaml) and what it refers
to. From it come the pyarrow schemas (`pipeline.tables`), the column tables of docs/CODEBOOK.md
(`python -m pipeline.registry --codebook`) and the blocking asset checks (`assets/checks.py`, a thin
wrapper over the `*_problems` functions here), so adding a column is one edit. The model is PUDL's
FIELD_METADATA and `asset_check_from_schema`.

Allowed values drawn from a vocabulary are read when asked for, not when the registry loads: an
edited taxonomy (CONFLICT_EVENTS_VOCAB) is followed by the checks and the codebook alike.
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import re
import sys
from pathlib import Path
from typing import Any, Callable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.vocabulary import NONE, VocabularyError, _line_of, read_yaml

HERE = Path(__file__).resolve().parent
DEFAULT_PATH = HERE / "columns.yaml"
CODEBOOK_PATH = HERE.parent / "docs" / "CODEBOOK.md"

_VALUE = (str, int)
_COLUMN = {"type?": str, "description?": str, "nullable?": bool, "like?": str, "references?": str,
           "range?": [float], "values?": ([_VALUE], {str: str}, {int: str})}
SCHEMA = {
    "codebook": {"intro": str},
    "tables": {str: {"description": str, "primary_key?": (str, [str]), "checks?": {str: str},
                     "staging?": bool, "columns": {str: (_COLUMN, NONE)}}},
}
CHECK_KINDS = ("ids_unique", "not_null", "allowed_values", "foreign_keys")


# ---- allowed values drawn from the vocabularies -------------------------------------------------

def _taxonomy() -> dict:
    from pipeline.events.vocab import load
    return load("taxonomy")


def _taxonomy_values(pick: Callable[[dict], Any]) -> list:
    values: list = []
    for row in _taxonomy().values():
        value = pick(row)
        if value is not None and value not in values:
            values.append(value)
    return values


def _modalities() -> list[str]:
    from pipeline.events.modality import ORDER
    # asserted (no cue found) first, then the cued modalities from the weakest to the strongest
    return ["asserted", *reversed(ORDER)]


def _actor_types() -> list[str]:
    from pipeline.events.vocab import load
    actors = load("actors")
    # a state's forces are typed in code (pipeline.events.actors), every other kind in actors.yaml
    types = ["state_forces"]
    for section in ("groups", "generic"):
        for spec in actors[section].values():
            if spec["type"] not in types:
                types.append(spec["type"])
    return types


# name -> (where the values come from, for the codebook; the values, in file order)
VOCABULARIES: dict[str, tuple[str, Callable[[], list]]] = {
    "event_type": ("the types of `taxonomy.yaml`", lambda: list(_taxonomy())),
    "acled_event_type": ("the ACLED event types of `taxonomy.yaml`", lambda: _taxonomy_values(lambda r: r["acled"][0])),
    "acled_sub_event_type": ("the ACLED sub-event types of `taxonomy.yaml`",
                             lambda: _taxonomy_values(lambda r: r["acled"][1])),
    "cameo_code": ("the CAMEO codes of `taxonomy.yaml`", lambda: _taxonomy_values(lambda r: r["cameo"])),
    "plover_type": ("the PLOVER types of `taxonomy.yaml`", lambda: _taxonomy_values(lambda r: r["plover"])),
    "plover_mode": ("the PLOVER modes of `taxonomy.yaml`", lambda: _taxonomy_values(lambda r: r["mode"])),
    "modality": ("`asserted` and the modalities of `modality.yaml`", _modalities),
    "actor_type": ("`state_forces` and the actor types of `actors.yaml`", _actor_types),
}


# ---- Arrow types by name ------------------------------------------------------------------------

_SCALARS = {"string": pa.string(), "bool": pa.bool_(), "int8": pa.int8(), "int16": pa.int16(),
            "int32": pa.int32(), "int64": pa.int64(), "double": pa.float64(), "float": pa.float32(),
            "date32": pa.date32(), "timestamp[us, tz=UTC]": pa.timestamp("us", tz="UTC")}


def _split_top(text: str) -> list[str]:
    """`a: x, b: list<y>` -> the parts between top-level commas."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "<[" and 1 or ch in ">]" and -1 or 0
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def arrow_type(name: str) -> pa.DataType:
    """The pyarrow type the codebook's name stands for (`list<string>`, `struct<a: int64, ...>`)."""
    name = name.strip()
    if name in _SCALARS:
        return _SCALARS[name]
    if (m := re.fullmatch(r"list<(.+)>", name)):
        return pa.list_(arrow_type(m.group(1)))
    if (m := re.fullmatch(r"struct<(.+)>", name)):
        fields = []
        for part in _split_top(m.group(1)):
            field, _, inner = part.partition(":")
            fields.append((field.strip(), arrow_type(inner)))
        return pa.struct(fields)
    raise ValueError(f"unknown Arrow type name {name!r} (known: {', '.join(_SCALARS)}, list<...>, struct<...>)")


# ---- the registry -------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    type_name: str
    description: str
    nullable: bool = True
    values: tuple | Mapping | str | None = None  # literal values, value -> meaning, or a vocabulary name
    range: tuple[float, float] | None = None
    references: tuple[str, str] | None = None  # (table, column)
    like: str | None = None  # the table this column is defined as in

    @property
    def type(self) -> pa.DataType:
        return arrow_type(self.type_name)

    def allowed(self) -> list | None:
        """The allowed values (vocabulary ones read now), or None when any value goes."""
        if self.values is None:
            return None
        if isinstance(self.values, str):
            return VOCABULARIES[self.values][1]()
        return list(self.values)


@dataclasses.dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    check_names: Mapping[str, str] = dataclasses.field(default_factory=dict)
    staging: bool = False

    def __getitem__(self, column: str) -> Column:
        return next(c for c in self.columns if c.name == column)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.type) for c in self.columns])

    def check_name(self, kind: str) -> str:
        return self.check_names.get(kind, f"{self.name}_{kind}")

    def references(self) -> list[str]:
        """The tables this one refers to, in column order."""
        out: list[str] = []
        for c in self.columns:
            if c.references and c.references[0] not in out:
                out.append(c.references[0])
        return out


class Registry:
    """Tables by name, in the file's order."""

    def __init__(self, tables: dict[str, Table], intro: str, path: Path):
        self.tables, self.intro, self.path = tables, intro, path

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def schemas(self) -> dict[str, pa.Schema]:
        return {name: t.schema for name, t in self.tables.items()}

    def checked_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if not t.staging]

    def table_for_schema(self, schema: pa.Schema) -> Table | None:
        """The table whose schema this is (staging tables of rejects columns are `rejects`)."""
        return next((t for t in self.tables.values() if t.schema.equals(schema)), None)

    def codebook(self) -> str:
        """docs/CODEBOOK.md as generated from the registry."""
        lines = ["# Codebook", "", self.intro.strip(), ""]
        for t in self.tables.values():
            lines += [f"## {t.name}{' (staging)' if t.staging else ''}", t.description, "",
                      "| column | type | null | description |", "|---|---|---|---|"]
            for c in t.columns:
                lines.append(f"| {c.name} | {c.type_name} | {'yes' if c.nullable else 'no'} | "
                             f"{_cell(_describe(c))} |")
            lines.append("")
        return "\n".join(lines)


def _code(value: Any) -> str:
    return f"`{value}`"


def _describe(c: Column) -> str:
    """The codebook's description of a column: its text, then its allowed values and reference."""
    parts = [c.description]
    if c.like is None:  # a column `as in` another table is described there
        if isinstance(c.values, str):
            where, _ = VOCABULARIES[c.values]
            parts.append(f"one of {where}: {', '.join(map(_code, c.allowed() or []))}")
        elif isinstance(c.values, Mapping):
            parts.append("one of " + ", ".join(f"{_code(v)} ({meaning})" for v, meaning in c.values.items()))
        elif c.values is not None:
            parts.append("one of " + ", ".join(map(_code, c.values)))
        if c.range is not None:
            parts.append(f"in [{_number(c.range[0])}, {_number(c.range[1])}]")
    text = "; ".join(parts)
    if c.references:
        text += f" (`{c.references[0]}.{c.references[1]}`{'s' if c.type_name.startswith('list') else ''})"
    return text


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _error(path: Path, keys: tuple, problem: str) -> VocabularyError:
    """A registry problem named by file, key and line, as the vocabulary loader names its own."""
    return VocabularyError(path, ".".join(map(str, keys)), _line_of(path.read_text("utf-8"), keys), problem)


def _column(table: str, name: str, spec: dict | None, tables: dict[str, Table], path: Path) -> Column:
    spec = spec or {}
    base: dict[str, Any] = {}
    if (like := spec.get("like")) is not None:
        if like not in tables or name not in [c.name for c in tables[like].columns]:
            raise _error(path, ("tables", table, "columns", name, "like"),
                         f"no column {name!r} in an earlier table {like!r}")
        base = dataclasses.asdict(tables[like][name])
        base["description"] = f"as in {like}"
        base["like"] = like
    for key in ("type", "description", "nullable", "references", "range", "values"):
        if key in spec:
            base["type_name" if key == "type" else key] = spec[key]
    where = ("tables", table, "columns", name)
    for required in ("type_name", "description"):
        if required not in base:
            raise _error(path, where, f"missing key {required.replace('_name', '')!r}")
    try:
        arrow_type(base["type_name"])
    except ValueError as exc:
        raise _error(path, (*where, "type"), str(exc)) from None
    values = base.get("values")
    if isinstance(values, Mapping) and list(values) == ["vocabulary"]:
        if values["vocabulary"] not in VOCABULARIES:
            raise _error(path, (*where, "values", "vocabulary"),
                         f"unknown vocabulary (known: {', '.join(VOCABULARIES)})")
        base["values"] = values["vocabulary"]
    elif isinstance(values, list):
        base["values"] = tuple(values)
    if isinstance(base.get("range"), list):
        if len(base["range"]) != 2:
            raise _error(path, (*where, "range"), "expected [min, max]")
        base["range"] = tuple(base["range"])
    if isinstance(base.get("references"), str):
        ref_table, _, ref_column = base["references"].partition(".")
        base["references"] = (ref_table, ref_column)
    base["name"] = name
    return Column(**base)


def load(path: Path | str = DEFAULT_PATH) -> Registry:
    """The registry of a columns file (checked: a bad edit names the file, key and line)."""
    path = Path(path)
    data = read_yaml(path, SCHEMA)
    tables: dict[str, Table] = {}
    for name, spec in data["tables"].items():
        columns = tuple(_column(name, c, s, tables, path) for c, s in spec["columns"].items())
        key = spec.get("primary_key") or ()
        tables[name] = Table(name, spec["description"], columns, (key,) if isinstance(key, str) else tuple(key),
                             spec.get("checks") or {}, spec.get("staging", False))
        unknown = [k for k in spec.get("checks") or {} if k not in CHECK_KINDS]
        if unknown:
            raise _error(path, ("tables", name, "checks", unknown[0]),
                         f"unknown check (expected one of: {', '.join(CHECK_KINDS)})")
    for t in tables.values():
        for c in t.columns:
            if c.references and (c.references[0] not in tables
                                 or c.references[1] not in [x.name for x in tables[c.references[0]].columns]):
                raise _error(path, ("tables", t.name, "columns", c.name, "references"),
                             f"no column {'.'.join(c.references)}")
        for key in t.primary_key:
            if key not in [c.name for c in t.columns]:
                raise _error(path, ("tables", t.name, "primary_key"), f"no column {key!r}")
    return Registry(tables, data["codebook"]["intro"], path)


@functools.lru_cache(maxsize=None)
def registry() -> Registry:
    """The package's registry, read once."""
    return load(DEFAULT_PATH)


# ---- the problems the blocking checks report (plain pyarrow; assets/checks.py wraps them) --------

def null_problems(t: Table, table: pa.Table) -> dict[str, int]:
    """Nulls per column that may not be null."""
    return {c.name: table[c.name].null_count for c in t.columns if not c.nullable}


def allowed_value_problems(t: Table, table: pa.Table) -> dict[str, int]:
    """Values outside their vocabulary or range, per column (nulls are the null check's)."""
    problems = {}
    for c in t.columns:
        if c.name not in table.column_names:
            continue
        col = table[c.name]
        bad = None
        allowed = c.allowed()
        if allowed is not None:
            # is_in says false for a null: nulls are left to the null check
            bad = pc.and_(pc.invert(pc.is_in(col, value_set=pa.array(allowed, type=col.type))), pc.is_valid(col))
        if c.range is not None:
            low, high = c.range
            outside = pc.or_(pc.less(col, low), pc.greater(col, high))
            if pa.types.is_floating(col.type):
                outside = pc.or_(outside, pc.is_nan(col))  # NaN is no coordinate either
            bad = outside if bad is None else pc.or_(bad, outside)
        if bad is not None:
            problems[c.name] = int(pc.sum(pc.fill_null(bad, False)).as_py() or 0)
    return problems


def duplicate_problems(t: Table, table: pa.Table) -> dict[str, int]:
    """Rows, distinct keys and null keys of the primary key."""
    n = table.num_rows
    nulls = sum(table[k].null_count for k in t.primary_key)
    if len(t.primary_key) == 1:
        distinct = pc.count_distinct(table[t.primary_key[0]]).as_py() if n else 0
    else:
        distinct = table.select(list(t.primary_key)).group_by(list(t.primary_key)).aggregate([]).num_rows
    return {"rows": n, "distinct": distinct, "nulls": nulls}


def foreign_key_problems(t: Table, table: pa.Table, others: Mapping[str, pa.Table]
                         ) -> dict[str, tuple[int, list]]:
    """Per referring column: how many values (list items) the referred column lacks, and a few."""
    problems = {}
    for c in t.columns:
        if not c.references:
            continue
        values = table[c.name]
        if pa.types.is_list(values.type):
            values = pc.list_flatten(values)
        target = others[c.references[0]][c.references[1]]
        missing = pc.and_(pc.invert(pc.is_in(values, value_set=pc.unique(target))), pc.is_valid(values))
        orphans = pc.filter(values, missing)
        problems[c.name] = (len(orphans), pc.unique(orphans).to_pylist()[:5])
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="The column registry (pipeline/columns.yaml).")
    p.add_argument("--codebook", nargs="?", const=str(CODEBOOK_PATH), metavar="PATH",
                   help=f"write the generated codebook (default {CODEBOOK_PATH.relative_to(HERE.parent)})")
    p.add_argument("--registry", default=str(DEFAULT_PATH), help="the columns file to read")
    args = p.parse_args(argv)
    reg = load(args.registry)
    if args.codebook is None:
        for t in reg.tables.values():
            print(f"{t.name}: {len(t.columns)} columns")
        return 0
    Path(args.codebook).write_text(reg.codebook(), encoding="utf-8")
    print(f"wrote {args.codebook}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""docs/CODEBOOK.md is the codebook the column registry generates, and documents every column of
every table with the schema's type."""
import re

from pipeline.registry import registry
from pipeline.tables import SCHEMAS
from tests.conftest import ROOT


def _codebook_tables() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in (ROOT / "docs" / "CODEBOOK.md").read_text("utf-8").splitlines():
        heading = re.match(r"^## (\w+)", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        row = re.match(r"^\| (\w+) \| ([^|]+) \|", line)
        if current is not None and row and row.group(1) != "column":
            current[row.group(1)] = row.group(2).strip()
    return tables


def test_the_committed_codebook_is_the_generated_one():
    committed = (ROOT / "docs" / "CODEBOOK.md").read_text("utf-8")
    assert committed == registry().codebook(), \
        "docs/CODEBOOK.md differs from the registry: run python -m pipeline.registry --codebook"


def test_every_table_is_documented():
    assert set(SCHEMAS) <= set(_codebook_tables())


def test_columns_and_types_match_the_schema():
    documented = _codebook_tables()
    for name, schema in SCHEMAS.items():
        expected = {f.name: str(f.type) for f in schema}
        got = documented[name]
        assert list(got) == list(expected), f"{name}: codebook columns differ from the schema"
        for column, arrow_type in expected.items():
            assert _norm(got[column]) == _norm(arrow_type), f"{name}.{column}: {got[column]} != {arrow_type}"


def _norm(t: str) -> str:
    # pyarrow prints list<item: string> and date32[day]; the codebook writes list<string>, date32.
    return re.sub(r"\s+", "", t.replace("item: ", "").replace("date32[day]", "date32"))

"""Rules of the code base that a reviewer would otherwise have to remember."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "assets", "bench", "tests")
# CPython's private regex internals, under their old and new names.
PRIVATE_MODULES = {"sre_parse", "sre_compile", "sre_constants", "re._parser", "re._compiler",
                   "re._constants", "re._casefix"}


def _sources(*packages: str):
    for package in packages:
        yield from sorted((ROOT / package).rglob("*.py"))


def _private_uses(tree: ast.AST) -> list[str]:
    """Imports of private CPython modules (a name starting with _ under the standard library's
    re, or the deprecated sre_* aliases), and attribute reads such as re._parser."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name in PRIVATE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            found += sorted(names & PRIVATE_MODULES)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if f"{node.value.id}.{node.attr}" in PRIVATE_MODULES:
                found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_private_module_check_sees_each_form():
    for source in ("import sre_parse", "from re import _parser", "import re._parser as p",
                   "from re._constants import AT", "re._parser.parse('a')"):
        assert _private_uses(ast.parse(source)), source
    assert not _private_uses(ast.parse("import re\nre.compile('a')\nfrom re import Pattern"))


def test_no_private_cpython_modules():
    offenders = {str(path.relative_to(ROOT)): uses for path in _sources(*PACKAGES)
                 if (uses := _private_uses(ast.parse(path.read_text(encoding="utf-8"))))}
    assert not offenders
    text = "\n".join(p.read_text(encoding="utf-8") for p in _sources("pipeline", "assets"))
    assert "sre_" not in text and "re._" not in text  # what a grep for them would find

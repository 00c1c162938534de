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


STAGES = ("ingest", "events", "dates", "geo", "dedup")
# What a run needs never depends on how it is scored or trained, nor on the orchestrator.
UPWARD = ("pipeline.run", "pipeline.cli", "pipeline.evaluation", "pipeline.training")


def _imported_modules(tree: ast.AST, module: str) -> set[str]:
    """Every module an import statement names (relative imports resolved against `module`)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            found |= {base} | {f"{base}.{a.name}" for a in node.names}
    return found


def _upward(names: set[str], forbidden=UPWARD) -> set[str]:
    return {n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden)}


def test_the_import_check_sees_each_form():
    tree = ast.parse("from pipeline import run\nimport pipeline.evaluation.geo\n"
                     "from ..evaluation import corpus\ndef f():\n    from pipeline.run import extract\n")
    assert _upward(_imported_modules(tree, "pipeline.geo.x")) == {
        "pipeline.run", "pipeline.evaluation.geo", "pipeline.evaluation", "pipeline.evaluation.corpus",
        "pipeline.run.extract"}


def test_stage_packages_import_neither_the_orchestrator_nor_evaluation():
    offenders = {}
    for stage in STAGES:
        for path in sorted((ROOT / "pipeline" / stage).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if bad := _upward(_imported_modules(ast.parse(path.read_text(encoding="utf-8")), module)):
                offenders[module] = sorted(bad)
    assert not offenders


def test_the_runtime_does_not_import_evaluation():
    """Outside evaluation/, training/ and the command line, nothing reads the scorers."""
    offenders = {}
    for path in [*sorted((ROOT / "pipeline").rglob("*.py")), *sorted((ROOT / "assets").rglob("*.py"))]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if module.startswith(("pipeline.evaluation", "pipeline.training")) or module == "pipeline.cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if bad := _upward(_imported_modules(tree, module), ("pipeline.evaluation", "pipeline.training")):
            offenders[module] = sorted(bad)
    assert not offenders


def test_every_override_variable_is_documented_in_the_readme():
    import re

    code = "\n".join(p.read_text(encoding="utf-8") for p in _sources("pipeline", "assets", "bench"))
    used = set(re.findall(r"CONFLICT_EVENTS_[A-Z_]+", code))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(CONFLICT_EVENTS_[A-Z_]+)` \|", readme, re.MULTILINE))
    assert len(used) >= 10 and used <= documented, sorted(used - documented)

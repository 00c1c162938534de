"""One reader of the YAML vocabularies analysts edit, each checked against a small schema.

A bad edit (a misspelt key, a list where a string belongs, a duplicate key, broken YAML) stops the
load with a VocabularyError naming the file, the key and the line, instead of a KeyError or a
TypeError deep inside a stage.

Schemas are plain Python values:

- a type (str, int, float, bool, NONE) or ANY: a value of that type (an int passes for a float);
- a tuple of schemas: any one of them;
- a one-item list [S]: a list of S;
- a dict {str: S} (or {int: S}): a mapping from any key of that type to S;
- a dict of fixed keys {"name": S, "other?": S}: those keys ("?": optional), no others.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml reads the vocabularies ten times faster (it is the first call's main cost).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NONE = type(None)
ANY = object()


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used as it stands."""

    def __init__(self, path: Path | str, key: str, line: int | None, problem: str):
        self.path, self.key, self.line, self.problem = str(path), key, line, problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {key + ': ' if key else ''}{problem}")


def read_yaml(path: Path | str, schema: Any = ANY) -> Any:
    """The YAML file's data, checked against `schema` (see the module's docstring)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise VocabularyError(path, "", mark.line + 1 if mark else None,
                              f"not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    problem = _check(data, schema, ())
    if problem is None:
        problem = _duplicate_key(text)
    if problem is not None:
        keys, message = problem
        raise VocabularyError(path, ".".join(map(str, keys)), _line_of(text, keys), message)
    return data


def _describe(schema: Any) -> str:
    if schema is NONE:
        return "null"
    if isinstance(schema, type):
        return {str: "a string", int: "an integer", float: "a number", bool: "true or false",
                dict: "a mapping", list: "a list"}.get(schema, schema.__name__)
    if isinstance(schema, tuple):
        return " or ".join(map(_describe, schema))
    if isinstance(schema, list):
        return f"a list of {_describe(schema[0])}"
    return "a mapping"


def _fits(value: Any, schema: type) -> bool:
    if schema is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if schema is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, schema)


def _check(value: Any, schema: Any, keys: tuple) -> tuple[tuple, str] | None:
    """(key path, problem) of the first place where value does not fit schema, or None."""
    if schema is ANY:
        return None
    if isinstance(schema, tuple):
        problems = [_check(value, s, keys) for s in schema]
        if any(p is None for p in problems):
            return None
        deeper = [p for p in problems if p is not None and len(p[0]) > len(keys)]
        return deeper[0] if deeper else (keys, f"expected {_describe(schema)}, got {value!r}")
    if isinstance(schema, type):
        return None if _fits(value, schema) else (keys, f"expected {_describe(schema)}, got {value!r}")
    if isinstance(schema, list):
        if not isinstance(value, list):
            return keys, f"expected {_describe(schema)}, got {value!r}"
        for i, item in enumerate(value):
            if (problem := _check(item, schema[0], (*keys, i))) is not None:
                return problem
        return None
    if not isinstance(value, dict):
        return keys, f"expected a mapping, got {value!r}"
    if len(schema) == 1 and isinstance(key_type := next(iter(schema)), type):
        for key, item in value.items():
            if not _fits(key, key_type):
                return (*keys, key), f"expected {_describe(key_type)} as key"
            if (problem := _check(item, schema[key_type], (*keys, key))) is not None:
                return problem
        return None
    fields = {k.rstrip("?"): s for k, s in schema.items()}
    for key in value:
        if key not in fields:
            return (*keys, key), f"unknown key (expected one of: {', '.join(fields)})"
    for name in schema:
        if not name.endswith("?") and name not in value:
            return keys, f"missing key {name!r}"
    for key, item in value.items():
        if (problem := _check(item, fields[key], (*keys, key))) is not None:
            return problem
    return None


def _nodes(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=_LOADER)


def _duplicate_key(text: str) -> tuple[tuple, str] | None:
    """A key given twice in one mapping (YAML keeps the last silently)."""
    root = _nodes(text)

    def walk(node, keys: tuple):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, v in node.value:
                if k.value in seen:
                    return (*keys, k.value), "key given twice"
                seen.add(k.value)
                if (problem := walk(v, (*keys, k.value))) is not None:
                    return problem
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                if (problem := walk(v, (*keys, i))) is not None:
                    return problem
        return None

    return walk(root, ()) if root is not None else None


def _line_of(text: str, keys: tuple) -> int | None:
    """The line (1-based) of the deepest node on the key path, as the file writes it."""
    node, line = _nodes(text), None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            # The last one: YAML keeps the last of duplicate keys.
            pairs = [(k, v) for k, v in node.value if k.value == str(key)]
            if not pairs:
                break
            k, node = pairs[-1]
            line = k.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    if line is None and node is not None:
        line = node.start_mark.line + 1
    return line

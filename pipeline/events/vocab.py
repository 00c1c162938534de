"""The package's editable vocabularies (YAML files beside this module), loaded once and checked
against their schemas (a bad edit names the file, key and line: pipeline.vocabulary)."""
from __future__ import annotations

import functools
import os
from pathlib import Path

from pipeline.vocabulary import ANY, NONE, read_yaml

HERE = Path(__file__).resolve().parent

_OPT_STR = (str, NONE)
_TRIGGER = (str, {"pattern": str, "requires?": str, "unless?": str, "not_after?": str,
                  "by_actor?": {str: str}, "needs?": str, "agent?": str})
SCHEMAS = {
    "taxonomy": {str: {"acled": [_OPT_STR], "cameo": _OPT_STR, "plover": _OPT_STR, "mode": _OPT_STR,
                       "refines?": [str], "violent?": bool, "people?": str,
                       "agentless?": bool, "unnamed_actor1?": str}},
    "lexicon": {str: {"triggers": [_TRIGGER], "suppressed_by?": [str]}},
    "actors": {"force_nouns": [str], "act_nouns?": [str], "states": {str: {"adjectives": [str], "names": [str]}},
               "groups": {str: {"type": str, "aliases": [str]}},
               "generic": {str: {"type": str, "aliases": [str]}}},
    "modality": {str: (str, {"before?": str, "after?": str, "unless?": str})},
    "slots": {str: (str, [str], {str: int})},
    "anaphora": {"generic_back_references": {str: [str]}},
}


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """A YAML vocabulary of this package by stem; CONFLICT_EVENTS_VOCAB=DIR overrides the folder
    (a file missing there is read from the package)."""
    folder = Path(os.environ.get("CONFLICT_EVENTS_VOCAB", HERE))
    path = folder / f"{name}.yaml"
    if not path.exists():
        path = HERE / f"{name}.yaml"
    return read_yaml(path, SCHEMAS.get(name, ANY))

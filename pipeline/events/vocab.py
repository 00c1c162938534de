"""The package's editable vocabularies (YAML files beside this module), loaded once."""
from __future__ import annotations

import functools
import os
from pathlib import Path

import yaml

# libyaml reads the vocabularies ten times faster (it is the first call's main cost).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """A YAML vocabulary of this package by stem; CONFLICT_EVENTS_VOCAB=DIR overrides the folder."""
    folder = Path(os.environ.get("CONFLICT_EVENTS_VOCAB", HERE))
    path = folder / f"{name}.yaml"
    if not path.exists():
        path = HERE / f"{name}.yaml"
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER)

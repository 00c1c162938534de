"""Event mentions: typed, attributed, quantified events found sentence by sentence.

Rules over editable vocabularies (taxonomy.yaml, lexicon.yaml, actors.yaml, modality.yaml,
slots.yaml); see docs/TAXONOMY.md."""
from __future__ import annotations

from pipeline.events.extract import EXTRACTOR_VERSION, extract_mentions

__all__ = ["EXTRACTOR_VERSION", "extract_mentions"]

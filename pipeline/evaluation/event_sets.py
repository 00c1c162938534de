"""Evaluation sets as scoring units: (unit id, article row, sentence spans, scored spans, gold).

A unit is one sentence with the set of gold event types it holds; external ontologies are
mapped to ours through external_types.tsv (types without a counterpart are not scored)."""
from __future__ import annotations

import csv
import json
from pathlib import Path


OWN_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "events"


def own_units(split: str = "report", folder: Path = OWN_DIR) -> list[dict]:
    """Hand-labelled sentences: gold {type: modality} per sentence."""
    units = []
    with open(folder / f"own_{split}.tsv", encoding="utf-8") as f:
        for n, line in enumerate(f):
            labels, sentence = line.rstrip("\n").split("\t", 1)
            gold = {}
            for label in ([] if labels == "-" else labels.split(";")):
                kind, modality = label.split(":")
                gold[kind] = modality
            units.append({"id": f"{split}:{n + 1}", "text": sentence,
                          "sentences": [(0, len(sentence))], "scored": [0], "gold": [gold]})
    return units


def _rows(dataset: str) -> list[list[str]]:
    with open(Path(__file__).with_name("external_types.tsv"), encoding="utf-8") as f:
        return [row for row in csv.reader((line for line in f if not line.startswith("#")),
                                          delimiter="\t") if row and row[0] == dataset]


def type_map(dataset: str) -> list[tuple[str, str | None]]:
    """(source-type prefix, our type or None) rows of one dataset, longest prefix first."""
    rows = [(r[1].lower(), None if r[2] == "-" else r[2]) for r in _rows(dataset)
            if not r[1].startswith("=")]
    return sorted(rows, key=lambda r: -len(r[0]))


def merged_types(dataset: str) -> dict[str, str]:
    """Our finer types scored as one of the dataset's coarser classes (e.g. suicide_bomb as an
    explosion)."""
    return {r[1][1:]: r[2] for r in _rows(dataset) if r[1].startswith("=")}


def map_type(source: str, mapping: list[tuple[str, str | None]]) -> str | None:
    """Our type for a source type, None when unmapped or deliberately not scored."""
    source = source.lower()
    return next((ours for prefix, ours in mapping if source.startswith(prefix)), None)


def halves(units: list[dict], split: str) -> list[dict]:
    """Alternate units: 'tune' gets the even positions, 'report' the odd ones (held out)."""
    return units[0::2] if split == "tune" else units[1::2]


def rams_units(path: Path) -> list[dict]:
    """RAMS windows: the trigger's sentence is scored (only one event per window is annotated)."""
    mapping = type_map("rams")
    units = []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        text, spans, token_sentence, token_starts = "", [], [], []
        for i, tokens in enumerate(d["sentences"]):
            start = len(text)
            for tok in tokens:
                token_starts.append(len(text))
                token_sentence.append(i)
                text += tok + " "
            spans.append((start, len(text) - 1))
        gold: dict[int, dict] = {}
        for start_tok, _end_tok, types in d["evt_triggers"]:
            ours = map_type(types[0][0], mapping)
            if ours:
                gold.setdefault(token_sentence[start_tok], {})[ours] = None
        scored = sorted(gold)
        if scored:
            units.append({"id": d["doc_key"], "text": text, "sentences": spans,
                          "scored": scored, "gold": [gold[i] for i in scored]})
    return units


def wikievents_units(path: Path) -> list[dict]:
    """WikiEvents documents: every sentence is scored (all events are annotated)."""
    mapping = type_map("wikievents")
    units = []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        # The token offsets drift from `text` (missing sentence separators): rebuild the text
        # from the sentence strings so that spans are exact.
        text, spans = "", []
        for _, sentence in d["sentences"]:
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence + " "
        gold: list[dict] = [{} for _ in spans]
        for e in d["event_mentions"]:
            ours = map_type(e["event_type"], mapping)
            if ours:
                gold[e["trigger"]["sent_idx"]][ours] = None
        units.append({"id": d["doc_id"], "text": text, "sentences": spans,
                      "scored": list(range(len(spans))), "gold": gold})
    return units


def scored_types(dataset: str) -> set[str] | None:
    """Our types that the dataset can confirm (None: all of ours)."""
    if dataset == "own":
        return None
    return {ours for _, ours in type_map(dataset) if ours}

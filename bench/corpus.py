"""The benchmark corpus: the dev news file replicated to N distinct articles, then ingested."""
from __future__ import annotations

import json
import time
from pathlib import Path

from bench.machine import cpu_seconds
from pipeline import ingest


def read_records(path: str | Path) -> list[dict]:
    """The JSON records of a JSONL corpus file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def kept_by_ingest(records: list[dict], tmp_dir: str | Path) -> list[dict]:
    """The records that ingest keeps (not empty, not duplicates), so every copy counts."""
    probe = write_jsonl([dict(r, id=str(i)) for i, r in enumerate(records)],
                        Path(tmp_dir) / "probe.jsonl")
    articles, _ = ingest.clean_articles(ingest.read_raw([probe])[0])
    kept = {int(a["source_id"]) for a in articles}
    return [r for i, r in enumerate(records) if i in kept]


def replicate(records: list[dict], n: int) -> list[dict]:
    """`n` records cycling through `records`; copies get a distinct id and a distinct text.

    Ingest drops articles whose words repeat an earlier one, so each copy's first paragraph
    ends with a short marker (the last one may be cut as boilerplate); copy 0 is the original."""
    out = []
    for i in range(n):
        rec, copy = records[i % len(records)], i // len(records)
        if copy:
            rec = dict(rec, id=f"{rec.get('id')}~{copy}", text=mark(rec.get("text") or "", copy))
        out.append(rec)
    return out


def mark(text: str, copy: int) -> str:
    """The text with ' (copy N)' at the end of its first non-empty line."""
    lead = len(text) - len(text.lstrip())
    cut = text.find("\n", lead)
    cut = len(text) if cut < 0 else cut
    return f"{text[:cut].rstrip()} (copy {copy}){text[cut:]}"


def write_jsonl(records: list[dict], path: str | Path) -> Path:
    """Write records one JSON object a line."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def ingest_file(path: str | Path) -> tuple[list[dict], dict]:
    """Clean article rows of a corpus file, and the ingest stage's timing."""
    cpu, start = cpu_seconds(), time.perf_counter()
    raw, read_rejects = ingest.read_raw([path])
    articles, clean_rejects = ingest.clean_articles(raw)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    sentences = sum(a.get("n_sentences") or 0 for a in articles)
    return articles, {"stage": "ingest", "articles": len(articles), "seconds": seconds,
                      "cpu_seconds": cpu,
                      "sentences": sentences, "items": len(read_rejects) + len(clean_rejects),
                      "items_label": "rejects"}

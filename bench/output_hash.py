"""Content hash of the tables `conflict-events extract` writes over a corpus (default
../shared/corpus/news_dev.jsonl): a refactoring that must not change outputs keeps it.

Each table is hashed from its rows (`to_pylist()` as sorted-key JSON), not from the file bytes;
columns that record when a run happened (timestamps) are left out, and source paths are taken
with the input folder written RAW, so two runs over the same text give the same hash.

    python bench/output_hash.py [CORPUS] [--check bench/news_dev_hash.json] [--record FILE]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "mentions", "events", "places", "rejects", "event_changes")


def table_hashes(out: Path, raw: Path) -> dict[str, str]:
    """sha256 of each table's rows, without its timestamp columns."""
    hashes = {}
    for name in TABLES:
        table = pq.read_table(out / f"{name}.parquet")
        keep = [f.name for f in table.schema if not pa.types.is_timestamp(f.type)]
        rows = table.select(keep).to_pylist()
        for row in rows:  # paths (source_path, a duplicate's reason) under the temporary folder
            for key, value in row.items():
                if isinstance(value, str):
                    row[key] = value.replace(str(raw), "RAW")
        text = json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False)
        hashes[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashes


def extract_hashes(corpus: Path) -> dict[str, str]:
    """Run the console script over a copy of the corpus in a temporary folder; hash its tables."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        shutil.copy(corpus, raw / corpus.name)
        command = [sys.executable, "-m", "pipeline.cli", "extract", str(raw), "--out", str(out)]
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        return table_hashes(out, raw)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", nargs="?", type=Path,
                   default=ROOT.parent / "shared" / "corpus" / "news_dev.jsonl")
    p.add_argument("--check", type=Path, help="JSON of recorded hashes the run must equal")
    p.add_argument("--record", type=Path, help="write the hashes to this JSON file")
    args = p.parse_args(argv)
    hashes = extract_hashes(args.corpus)
    print(json.dumps(hashes, indent=1))
    if args.record:
        args.record.write_text(json.dumps(hashes, indent=1) + "\n", encoding="utf-8")
    if args.check:
        want = json.loads(args.check.read_text(encoding="utf-8"))
        diff = sorted(k for k in want if want[k] != hashes.get(k))
        if diff:
            print(f"changed tables: {', '.join(diff)}", file=sys.stderr)
            return 1
        print("outputs identical to", args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())

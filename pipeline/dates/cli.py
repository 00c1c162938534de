"""`conflict-events timex` (`eval dates` is in pipeline.evaluation.commands.dates)."""
from __future__ import annotations

import argparse
import json
import sys

def register(commands, evals) -> None:
    """Add `timex` to the top-level commands (`evals` is not used here)."""
    p = commands.add_parser("timex", help="tag and resolve temporal expressions in a JSONL file",
                            description="Read JSONL lines {id, text, published?} and write lines "
                            "{id, timexes: [{start, end, text, value, precision}]}: character "
                            "offsets into text, value an ISO 8601 string at the expression's "
                            "precision (2017-12-03, 2017-W48, 2017-12, 2017, start/end for a "
                            "range) or null when it cannot be resolved.")
    p.add_argument("input", metavar="IN.jsonl", help="input JSONL file ('-' for standard input)")
    p.add_argument("--out", required=True, metavar="OUT.jsonl",
                   help="output JSONL file ('-' for standard output)")
    p.set_defaults(func=_timex)


def _timex(args: argparse.Namespace) -> int:
    from pipeline.dates import parse_date_value, tag_timexes

    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    sink = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with source, sink:
        for lineno, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                published = parse_date_value(rec.get("published"))
            except ValueError as exc:
                print(f"error: line {lineno}: {exc}", file=sys.stderr)
                return 2
            timexes = [{k: t[k] for k in ("start", "end", "text", "value", "precision")}
                       for t in tag_timexes(rec.get("text") or "", published)]
            sink.write(json.dumps({"id": rec.get("id"), "timexes": timexes}, ensure_ascii=False) + "\n")
    return 0

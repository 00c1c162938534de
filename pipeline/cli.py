"""The `conflict-events` command line: the pipeline's stages without Dagster, and evaluations."""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# Stage packages that add their own subcommands: each has a `cli` module with
# register(commands, evals), adding to the top-level and to the `eval` subparsers.
_PLUGINS = ["pipeline.dates.cli", "pipeline.geo.cli", "pipeline.ingest.cli",
            "pipeline.evaluation.commands.events", "pipeline.evaluation.commands.dates",
            "pipeline.evaluation.commands.geo", "pipeline.evaluation.commands.dedup",
            "pipeline.evaluation.records"]


def _extract(args: argparse.Namespace) -> int:
    from pipeline.run import default_workers, extract
    from pipeline.storage import as_path

    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    def report(message: str) -> None:  # progress on stderr: stdout keeps the summary
        print(message, file=sys.stderr, flush=True)

    tables = extract(args.inputs, args.out, workers=args.workers or default_workers(),
                     report=None if args.quiet else report)
    for name, table in tables.items():
        print(f"{name:14s} {table.num_rows:7d} rows -> {as_path(args.out) / (name + '.parquet')}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from pipeline import storage
    from pipeline.report import write_report
    from pipeline.tables import SCHEMAS

    # --out-dir is the folder `extract --out` or the Dagster job wrote: events are one file in both
    source = args.events or f"{str(args.out_dir).rstrip('/')}/events.parquet"
    events = storage.read_table(source, SCHEMAS["events"])
    if events is None:
        print(f"error: no events table at {source} (run `conflict-events extract` or `make run` first)",
              file=sys.stderr)
        return 2
    for name, path in write_report(events, args.to).items():
        print(f"{name:16s} <- {events.num_rows} events of {source} -> {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-events",
        description="Turn news articles into a typed, dated, geocoded dataset of conflict events.")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback of an error (errors are one line otherwise)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = commands.add_parser("extract", help="run every stage over files or folders, write tables",
                            description="Read articles (txt, html, json, jsonl; folders recursively), "
                            "extract, date, geocode and merge events, and write the Parquet tables.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders of articles")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder or URL (s3://bucket/prefix) for the Parquet tables")
    p.add_argument("--workers", type=int, default=0, metavar="N",
                   help="processes for cleaning and analysis (default: every core)")
    p.add_argument("--quiet", action="store_true",
                   help="no progress lines (articles done, rate, time left) on stderr")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show the full traceback of an error")
    p.set_defaults(func=_extract)
    p = commands.add_parser("report", help="draw the events table: map.png and by_type_day.png",
                            description="Draw the events table as two PNG pictures: a map of the events "
                            "over country outlines (shipped, nothing downloaded), and the events per day "
                            "by ACLED event type.")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--events", metavar="PATH", help="the events table (Parquet file or URL)")
    source.add_argument("--out-dir", default="data/processed", metavar="DIR",
                        help="the folder `extract --out` or the Dagster job wrote, holding events.parquet "
                        "(default: data/processed)")
    p.add_argument("--to", required=True, metavar="DIR", help="folder for map.png and by_type_day.png")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show the full traceback of an error")
    p.set_defaults(func=_report)
    ev = commands.add_parser("eval", help="score a stage on development data",
                             description="Score a stage against gold annotations.")
    evals = ev.add_subparsers(dest="dataset_kind", required=True, metavar="STAGE")
    for name in _PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(commands, evals)
    stages = sorted(evals.choices)
    p = evals.add_parser("all", help="run every evaluation above with its default dataset",
                         description=f"Run the evaluations of: {', '.join(stages)}.")
    p.add_argument("--out", default="eval/results", metavar="DIR",
                   help="folder for the JSON results (default: eval/results)")
    p.set_defaults(func=lambda args: _eval_all(parser, stages, args.out))
    return parser


def _eval_all(parser: argparse.ArgumentParser, stages: list[str], out: str) -> int:
    status = 0
    for stage in stages:
        print(f"\n== eval {stage} ==")
        args = parser.parse_args(["eval", stage, "--out", out])
        status = max(status, int(args.func(args) or 0))
    return status


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # every error is one line with its cause, unless --debug
        if getattr(args, "debug", False):
            raise
        print(f"error: {one_line(exc)} (run with --debug for the traceback)", file=sys.stderr)
        return 1


def one_line(exc: BaseException) -> str:
    """An exception as one line: its message, with the type where the message alone is unclear."""
    from pipeline.publish import OutputError
    from pipeline.run import NoInputError

    message = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, (OutputError, NoInputError)):
        return message
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return f"{type(exc).__name__}: {message}"


if __name__ == "__main__":
    sys.exit(main())

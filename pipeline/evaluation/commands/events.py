"""`conflict-events eval events`: event-typing scores on our own and external labelled sets."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.paths import shared_dir

_DATASETS = ("corpus", "own", "news", "news2", "rams", "wikievents")


def register(commands, evals) -> None:
    """Add the event-extraction evaluation to `conflict-events eval`."""
    p = evals.add_parser(
        "events", help="score event detection and typing (per-type P/R/F1, weighted F1)",
        description="Run the event extractor over labelled sentences and score, per sentence, the "
        "set of event types found against the gold set: per-type precision, recall, F1, "
        "support-weighted F1, micro scores, and modality accuracy where gold gives one. "
        "'corpus' is the labelled real-news corpus of eval/corpus (docs/ANNOTATION.md): its "
        "blind test split by default ('--split tune' scores its dev split), with sentence-level "
        "detection, a confusion table and a reliability plot of `confidence` (PNG in --out); "
        "'own' is the hand-written labelled set in tests/data/events (report split by default), "
        "'news' a blind set of real news sentences labelled by hand, 'news2' a second one "
        "(report split only, labelled before extractor 1.1 was run on it); "
        "'rams' and 'wikievents' are the development sets under SHARED/dev/events, their "
        "types mapped to ours by pipeline/evaluation/external_types.tsv (unmapped types are not scored).")
    p.add_argument("--dataset", choices=_DATASETS + ("all",), default="all",
                   help="which labelled set to score (default: all)")
    p.add_argument("--split", choices=("report", "tune", "train"), default="report",
                   help="which split to score: 'report' is held out from tuning (default: report). "
                   "'train' (corpus only) is the learned typer's own training split: its typing "
                   "figures are fitted, but it is the large sample for the rules' actor fields. "
                   "For 'own' these are own_report.tsv / own_tune.tsv, for 'news' own_news.tsv / "
                   "own_news_tune.tsv, 'news2' has only own_news_blind2.tsv (report); for rams and wikievents the odd / even examples (documents for "
                   "wikievents) of the dev file")
    p.add_argument("--shared", default=None, metavar="DIR",
                   help="the shared development-data folder holding dev/events/ (default: "
                   "$CONFLICT_EVENTS_SHARED, else ../shared from the current folder)")
    p.add_argument("--errors", action="store_true",
                   help="also print every sentence whose predicted types differ from the gold ones")
    p.add_argument("--out", default="eval/results", metavar="DIR",
                   help="folder for events.json (default: eval/results)")
    p.set_defaults(func=run_eval)


def _units(name: str, split: str, shared: Path) -> list[dict] | None:
    from pipeline.evaluation import event_sets as datasets

    if name == "corpus":
        from pipeline.evaluation import corpus

        if not (shared / corpus.CORPUS_FILE).exists():
            print(f"corpus: {shared / corpus.CORPUS_FILE} not found, skipped")
            return None
        rows = corpus.labelled({"report": "test", "tune": "dev"}.get(split, split), root=shared)
        return corpus.scoring_units(rows, root=shared)
    if split == "train":
        print(f"{name}: no train split (corpus only), skipped")
        return None
    if name == "own":
        return datasets.own_units(split)
    if name == "news":
        return datasets.own_units("news" if split == "report" else "news_tune")
    if name == "news2":
        if split == "tune":
            print("news2: report split only (no tune split), skipped")
            return None
        return datasets.own_units("news_blind2")
    path = shared / "dev" / "events" / f"{name}_dev.jsonl"
    if not path.exists():
        print(f"{name}: {path} not found, skipped")
        return None
    units = datasets.rams_units(path) if name == "rams" else datasets.wikievents_units(path)
    return _unseen_by_model(datasets.halves(units, split), name, shared)


def _unseen_by_model(units: list[dict], name: str, shared: Path) -> list[dict]:
    """The units whose document gave no sentence to the learned typer's training split (the
    corpus draws from the same texts: news_dev holds the RAMS and WikiEvents dev documents)."""
    from pipeline.evaluation import corpus

    if not (corpus.LABELS_DIR / "train.jsonl").exists():
        return units
    seen = {json.loads(line)["doc_id"] for line in
            (corpus.LABELS_DIR / "train.jsonl").read_text(encoding="utf-8").splitlines() if line}
    kept = [u for u in units if f"{name}-{u['id']}" not in seen]
    print(f"{name}: {len(units) - len(kept)} of {len(units)} units left out "
          f"(their document gave training sentences to the learned typer)")
    return kept


def run_eval(args: argparse.Namespace) -> int:
    """Score the chosen sets, print their tables and write events.json."""
    from pipeline.evaluation import event_sets as datasets, event_typing as evaluate
    from pipeline.events import EXTRACTOR_VERSION

    shared = Path(args.shared) if args.shared else shared_dir()
    names = _DATASETS if args.dataset == "all" else (args.dataset,)
    results = {"extractor_version": EXTRACTOR_VERSION, "target_weighted_f1_own": 0.85}
    for name in names:
        units = _units(name, args.split, shared)
        if units is None:
            continue
        local = name in ("corpus", "own", "news", "news2")
        merged = None if local else datasets.merged_types(name)
        label = f"{name} ({args.split} split)"
        if name == "corpus":
            from pipeline.evaluation import events as corpus_eval

            result = corpus_eval.score(units)
            label = "corpus ({})".format({"report": "blind test split", "tune": "dev split"}.get(
                args.split, "train split: typing figures fitted"))
            print(evaluate.table(label, result))
            d = result["detection"]
            print(f"detection (sentence has an event): P {d['precision']:.3f} R {d['recall']:.3f} "
                  f"F1 {d['f1']:.3f}")
            a = result["actors"]
            print(f"actors of the {a['mentions']} gold events typed right: actor1 {a['actor1']} "
                  f"actor2 {a['actor2']} both {a['both']}")
            print(corpus_eval.confusion_table(result))
            png = corpus_eval.plot_reliability(
                result, Path(args.out) / f"events_reliability_{args.split}.png",
                f"Reliability of confidence, {label}")
            print(f"reliability plot: {png}")
        else:
            result = evaluate.score(units, None if local else datasets.scored_types(name), merged)
            print(evaluate.table(label, result))
        if args.errors:
            for e in result["errors"]:
                print(f"  {e['id']}: gold {e['gold']} predicted {e['predicted']}")
        print()
        results[name] = {**result, "split": args.split}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "events.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out / 'events.json'}")
    return 0

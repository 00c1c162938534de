"""Scores of the event stage on the labelled real-news corpus: per-type P/R/F1 and weighted F1
(as `pipeline.events.evaluate`), sentence-level detection, a confusion table, modality accuracy,
and the reliability of `confidence` (is a mention scored 0.8 right 80 % of the time?)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.evaluation import event_typing as evaluate
from pipeline.events.extract import extract_mentions

BINS = 10


def predictions(unit: dict) -> list[list[dict]]:
    """The mentions of each scored sentence of a unit."""
    article = {"article_id": unit["id"], "text": unit["text"], "published": unit.get("published")}
    by_sentence: dict[int, list[dict]] = {}
    for m in extract_mentions(article, unit["sentences"], []):
        by_sentence.setdefault(m["sentence_index"], []).append(m)
    return [by_sentence.get(i, []) for i in unit["scored"]]


def score(units: list[dict]) -> dict:
    """Typing scores (weighted F1 as the other sets), plus detection, confusion, reliability."""
    mentions_of = [predictions(unit) for unit in units]
    typed = [[{m["event_type"]: m["modality"] for m in reversed(ms)} for ms in per_unit]
             for per_unit in mentions_of]
    result = evaluate.score(units, predicted=typed)
    detect = Counter()
    confusion: Counter = Counter()
    reliability = [[0, 0, 0.0] for _ in range(BINS)]  # mentions, right, sum of confidence
    typed_by: Counter = Counter()
    for unit, per_unit in zip(units, mentions_of):
        for gold, mentions in zip(unit["gold"], per_unit):
            predicted = {m["event_type"] for m in mentions}
            detect["gold"] += bool(gold)
            detect["predicted"] += bool(predicted)
            detect["both"] += bool(gold) and bool(predicted)
            for kind in set(gold) - predicted:
                wrong = sorted(predicted - set(gold))
                confusion[(kind, wrong[0] if wrong else "none")] += 1
            for kind in predicted - set(gold):
                if not set(gold) - predicted:
                    confusion[("none" if not gold else "(other types right)", kind)] += 1
            for m in mentions:
                right = m["event_type"] in gold
                b = min(BINS - 1, int(m["confidence"] * BINS))
                reliability[b][0] += 1
                reliability[b][1] += right
                reliability[b][2] += m["confidence"]
                typed_by[(m.get("typed_by"), right)] += 1
    p = detect["both"] / detect["predicted"] if detect["predicted"] else 0.0
    r = detect["both"] / detect["gold"] if detect["gold"] else 0.0
    result["detection"] = {"precision": round(p, 3), "recall": round(r, 3),
                           "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                           "gold_sentences": detect["gold"], "predicted_sentences": detect["predicted"]}
    result["confusion"] = [{"gold": g, "predicted": k, "count": n}
                           for (g, k), n in confusion.most_common()]
    result["reliability"] = [{"bin": f"{i / BINS:.1f}-{(i + 1) / BINS:.1f}", "mentions": n,
                              "right": right, "mean_confidence": round(s / n, 3) if n else None,
                              "accuracy": round(right / n, 3) if n else None}
                             for i, (n, right, s) in enumerate(reliability)]
    result["actors"] = actor_accuracy(units, mentions_of)
    result["typed_by"] = {f"{who}:{'right' if ok else 'wrong'}": n for (who, ok), n in sorted(
        typed_by.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))}
    return result


def plot_reliability(result: dict, path: Path, title: str) -> Path:
    """A reliability diagram (accuracy against mean confidence per bin) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in result["reliability"] if r["mentions"]]
    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=100)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
    ax.plot([r["mean_confidence"] for r in rows], [r["accuracy"] for r in rows], marker="o",
            label="mentions")
    for r in rows:
        ax.annotate(str(r["mentions"]), (r["mean_confidence"], r["accuracy"]), fontsize=7,
                    xytext=(3, -9), textcoords="offset points")
    ax.set_xlabel("confidence (bin mean)")
    ax.set_ylabel("share of mentions whose type is right")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def confusion_table(result: dict, limit: int = 15) -> str:
    lines = [f"{'gold':36s} {'predicted':36s} {'n':>4s}"]
    for row in result["confusion"][:limit]:
        lines.append(f"{row['gold']:36s} {row['predicted']:36s} {row['count']:4d}")
    return "\n".join(lines)


def actor_accuracy(units: list[dict], mentions_of: list[list[list[dict]]]) -> dict:
    """Actor fields of the mentions typed right: each gold event of a sentence against our
    mention of its type nearest its trigger, compared as `eval records` compares them (the gold
    text read through the actor dictionary, else by name overlap)."""
    from pipeline.evaluation.records import _actor_right

    n = right1 = right2 = both = 0
    for unit, per_unit in zip(units, mentions_of):
        for events, mentions in zip(unit.get("gold_events") or [], per_unit):
            for ev in events:
                same = [m for m in mentions if m["event_type"] == ev["type"]]
                if not same:
                    continue
                at = ev["trigger"][0] if ev.get("trigger") else 0
                m = min(same, key=lambda m: abs(m["char_start"] - at))
                a1, a2 = _actor_right(m["actor1"], ev.get("actor1"), ev["type"]), _actor_right(m["actor2"], ev.get("actor2"))
                n, right1, right2, both = n + 1, right1 + a1, right2 + a2, both + (a1 and a2)
    return {"mentions": n, **{k: round(v / n, 3) if n else None
                              for k, v in (("actor1", right1), ("actor2", right2), ("both", both))}}


"""The labelled real-news corpus: how its sentences were drawn, split and stored.

Sentences are drawn from `../shared/corpus/news_dev.jsonl` (real texts of RAMS, WikiEvents, LGL,
TR-News and GeoVirus) with a fixed seed, stratified into sentences with a conflict keyword and
the others. Labels are stored as references (file, document id, character offsets into the
document's `text`) plus the labels, so no shared text is copied into the repository; the loader
reads the sentence text back from `../shared`."""
from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

from pipeline.paths import shared_dir
from pipeline.text import split_sentences

CORPUS_FILE = "corpus/news_dev.jsonl"
LABELS_DIR = Path(__file__).resolve().parents[2] / "eval" / "corpus"
SEED = 20261202
SPLIT_SHARES = (("train", 55), ("dev", 15), ("test", 30))  # percent of documents, by group hash

# A broad net for conflict-heavy sentences (the stratum to over-sample); deliberately wider
# than the extractor's lexicon so that the sample is not shaped by the rules being measured.
KEYWORDS = re.compile(
    r"\b(?:kill|dead|death|die[sd]?|wound|injur|attack|bomb|blast|explo|strike|struck|raid|"
    r"shell|mortar|rocket|missile|artillery|fight|clash|battle|ambush|gun|shot|shoot|fire[sd]?|"
    r"troop|soldier|army|military|militan|rebel|insurgen|forces|militia|jihad|terror|"
    r"police|arrest|detain|custody|kidnap|abduct|hostage|protest|demonstrat|rally|riot|march|"
    r"strike|talks|meet|met|negotiat|agreement|deal|ceasefire|truce|accord|sanction|"
    r"captur|seiz|retak|recaptur|control|withdr|handed|surrender|base|deploy|"
    r"chemical|gas|sarin|chlorine|rape|sexual|loot|burn|arson|quake|flood|storm|crash|"
    r"smuggl|traffick|cartel|gang|robb|murder|stab|execut|massacre|war|conflict|violence)",
    re.IGNORECASE)
MIN_CHARS, MAX_CHARS = 25, 700
PER_DOC = 3  # at most this many sentences of one document per stratum


def read_documents(root: Path | None = None) -> dict[str, dict]:
    """news_dev rows by id."""
    path = (root or shared_dir()) / CORPUS_FILE
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return {r["id"]: r for r in rows}


def group_of(doc: dict) -> str:
    """Documents of one source article (RAMS windows share a URL) stay in one split."""
    return doc.get("url") or doc["id"]


def split_of(group: str, seed: int = SEED) -> str:
    bucket = int(hashlib.sha1(f"{seed}|{group}".encode("utf-8")).hexdigest(), 16) % 100
    edge = 0
    for name, share in SPLIT_SHARES:
        edge += share
        if bucket < edge:
            return name
    return SPLIT_SHARES[-1][0]


def candidate_sentences(docs: dict[str, dict]) -> list[dict]:
    """Every sentence of every document that is long enough to label, with its stratum."""
    out = []
    for doc_id in sorted(docs):
        text = docs[doc_id].get("text") or ""
        for index, (s, e) in enumerate(split_sentences(text)):
            if not MIN_CHARS <= e - s <= MAX_CHARS:
                continue
            out.append({"doc_id": doc_id, "start": s, "end": e, "sentence_index": index,
                        "stratum": "keyword" if KEYWORDS.search(text, s, e) else "other"})
    return out


def draw_sample(docs: dict[str, dict], n_keyword: int, n_other: int, seed: int = SEED,
                exclude_groups: set[str] = frozenset()) -> list[dict]:
    """A reproducible stratified sample: sentences shuffled with `seed`, at most PER_DOC per
    document and stratum, taken in shuffled order until each stratum is full."""
    rng = random.Random(seed)
    pool = candidate_sentences(docs)
    rng.shuffle(pool)
    taken, per_doc = [], {}
    need = {"keyword": n_keyword, "other": n_other}
    for item in pool:
        key = (item["doc_id"], item["stratum"])
        if need[item["stratum"]] <= 0 or per_doc.get(key, 0) >= PER_DOC:
            continue
        group = group_of(docs[item["doc_id"]])
        per_doc[key] = per_doc.get(key, 0) + 1
        need[item["stratum"]] -= 1
        split = "train" if group in exclude_groups else split_of(group, seed)
        taken.append({**item, "split": split})
    return taken


def groups_seen_by_rules(docs: dict[str, dict], folder: Path | None = None) -> set[str]:
    """Groups holding a sentence of the older hand-labelled news files (`tests/data/events/
    own_news*.tsv`), which rules were tuned or scored on: they go to train, never to test."""
    folder = folder or Path(__file__).resolve().parents[2] / "tests" / "data" / "events"
    heads = []
    for path in sorted(folder.glob("own_news*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                heads.append(line.split("\t", 1)[1].strip()[:60])
    return {group_of(d) for d in docs.values() if any(h in (d.get("text") or "") for h in heads)}


def context_before(docs: dict[str, dict], doc_id: str, start: int, limit: int = 300) -> str:
    """The sentence before the one at `start` (labellers' context), at most `limit` chars."""
    text = docs[doc_id]["text"]
    spans = [sp for sp in split_sentences(text) if sp[1] <= start]
    if not spans:
        return ""
    s, e = spans[-1]
    return text[max(s, e - limit):e]


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_labels(split: str | None = None, folder: Path = LABELS_DIR,
                root: Path | None = None) -> list[dict]:
    """Labelled sentences with their text read back from ../shared: one dict per sentence
    with `uid`, `doc_id`, `start`, `end`, `split`, `text`, `events` (and `context`)."""
    docs = read_documents(root)
    out = []
    with open(folder / "sentences.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if split is not None and row["split"] != split:
                continue
            doc = docs[row["doc_id"]]
            row["text"] = doc["text"][row["start"]:row["end"]]
            out.append(row)
    return out

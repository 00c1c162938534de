"""Articles from files: read every format, clean the text, identify each article by its content."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterator

from pipeline.ingest.boilerplate import strip_boilerplate
from pipeline.ingest.readers import MAX_TEXT_CHARS, Rejected, iter_file, scan_inputs
from pipeline.publish import checkpoint
from pipeline.ingest.sources import find_cited_sources, find_dateline_source
from pipeline.text import lower_agrees_with_ignorecase

__all__ = ["read_raw", "iter_raw", "DuplicateFilter", "scan_inputs", "clean_articles", "clean_record", "drop_duplicates", "make_reject",
           "article_id_for"]


def make_reject(source_path: str, reason: str, stage: str, record: str | None = None,
                size_bytes: int | None = None, now: dt.datetime | None = None,
                code: str | None = None) -> dict:
    """One row of the `rejects` table (`code`: the machine-readable `reason_code`)."""
    return {"source_path": source_path, "record": record, "stage": stage, "reason": reason,
            "reason_code": code or "other", "size_bytes": size_bytes,
            "rejected_at": now or dt.datetime.now(dt.timezone.utc)}


def read_raw(paths: list[str | Path], select: Callable[[Path], bool] | None = None
             ) -> tuple[list[dict], list[dict]]:
    """Read all input files under `paths` into raw records and rejects; never raises on bad input.

    Only regular files whose resolved path lies under the folder they were found in are read
    (see readers.scan_inputs); every skipped entry is a reject, none vanishes silently.
    `select`, when given, keeps only the files and skipped entries it accepts (one day's)."""
    records, rejects = [], []
    for batch, bad in iter_raw(paths, select):
        records += batch
        rejects += bad
    return records, rejects


# Raw records per batch of iter_raw, and characters of text that also end a batch: a few MB
# of text, whatever the size of the files.
RAW_BATCH = 2_000
RAW_BATCH_CHARS = 32 * 1024 * 1024


def iter_raw(paths: list[str | Path], select: Callable[[Path], bool] | None = None,
             batch: int = RAW_BATCH, batch_chars: int = RAW_BATCH_CHARS
             ) -> Iterator[tuple[list[dict], list[dict]]]:
    """read_raw in batches of at most `batch` records or about `batch_chars` characters of text
    (and the rejects found meanwhile): the records of a large JSONL file are read line by line
    and handed on batch by batch, never all held at once. Concatenated, the batches are
    read_raw's two lists, in the same order."""
    chars = 0
    records: list[dict] = []
    rejects: list[dict] = []
    files, problems = scan_inputs(paths)
    if select is not None:
        files = [f for f in files if select(f[0])]
        problems = [p for p in problems if select(Path(p["path"]))]
    for p in problems:
        rejects.append(make_reject(p["path"], p["error"], "read", code=p["code"]))
    for i, (path, root) in enumerate(files):
        if i == 1:
            checkpoint("read")
        try:
            for rec in iter_file(path, root):
                if "error" in rec:
                    # Fetch refusals read from the feed store keep their stage and fetch time.
                    rejects.append(make_reject(rec.get("path", str(path)), rec["error"], rec.get("stage", "read"),
                                               rec.get("record"), now=rec.get("at"), code=rec.get("code")))
                    continue
                records.append(rec)
                chars += len(rec.get("text") or "") + len(rec.get("title") or "")
                if len(records) >= batch or chars >= batch_chars:
                    yield records, rejects
                    records, rejects, chars = [], [], 0
        except Rejected as exc:
            rejects.append(make_reject(str(path), str(exc), "read", size_bytes=_size(path),
                                       code=exc.code))
        except Exception as exc:  # noqa: BLE001
            # Unforeseen damage in one file (a reader bug, a vanished file) costs that file only
            # (its records not yet handed on).
            rejects.append(make_reject(str(path), f"cannot read file: {type(exc).__name__}: {exc}",
                                       "read", code="unreadable"))
    if records or rejects:
        yield records, rejects


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def normalize_text(text: str) -> str:
    """NFC, unix newlines, no-break spaces as spaces, no trailing blanks on lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    if " \n" not in text and "\t\n" not in text:
        return text  # nothing to trim: skip the regex scan
    return _TRAILING_BLANKS.sub("\n", text)


_TRAILING_BLANKS = re.compile(r"[ \t]+\n")


def article_id_for(text: str) -> tuple[str, str]:
    """Content hash and id: the same words give the same id whatever the file or whitespace."""
    canonical = " ".join(text.split()).lower()  # str.split and \s agree on what is whitespace
    sha = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return sha, "a" + sha[:15]


def clean_articles(raw: list[dict], now: dt.datetime | None = None) -> tuple[list[dict], list[dict]]:
    """Turn raw records into article rows (boilerplate cut, sources found, content ids); rejects too."""
    now = now or dt.datetime.now(dt.timezone.utc)
    articles, rejects = [], []
    for rec in raw:
        article, reject = clean_record(rec, now)
        articles += [article] if article else []
        rejects += [reject] if reject else []
    kept, duplicates = drop_duplicates(articles, now)
    return kept, rejects + duplicates


def drop_duplicates(articles: list[dict], now: dt.datetime) -> tuple[list[dict], list[dict]]:
    """Keep the first article of each content id; later copies become `dedup` rejects."""
    return DuplicateFilter(now)(articles)


class DuplicateFilter:
    """drop_duplicates over a stream of batches: the first article of each content id, across
    every batch seen so far, is kept; only the ids and paths of the kept ones are remembered."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.first: dict[str, str] = {}  # article id -> source path of its first copy

    def __call__(self, articles: list[dict]) -> tuple[list[dict], list[dict]]:
        kept, rejects = [], []
        for article in articles:
            record, size = article.pop("_record", None), article.pop("_size", None)
            seen = self.first.get(article["article_id"])
            if seen is None:
                self.first[article["article_id"]] = article["source_path"]
                kept.append(article)
                continue
            rejects.append(make_reject(
                article["source_path"], f"duplicate of article {article['article_id']} ({seen})",
                "dedup", record, size, self.now, code="duplicate"))
        return kept, rejects


# Publication dates before this year are taken for garbled metadata, not for news.
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)
# A day of slack after today: publication dates in time zones ahead of UTC.
FUTURE_SLACK = dt.timedelta(days=1)


def clean_record(rec: dict, now: dt.datetime) -> tuple[dict | None, dict | None]:
    """One raw record as an article row, or None and the reject that says why.

    Wrong-typed fields are coerced (numbers) or rejected here, before any analysis; a record
    that still breaks cleaning costs that record only; a publication date in the future or
    before 1900 quarantines the article (a reject), it does not stop the run."""
    path, record, size = rec.get("source_path", ""), rec.get("record"), rec.get("size_bytes")
    try:
        return _clean_record(rec, now, path, record, size)
    except Rejected as exc:
        return None, make_reject(path, str(exc), "clean", record, size, now, code=exc.code)
    except UnicodeEncodeError:
        return None, make_reject(path, "the text holds a lone surrogate (invalid Unicode)", "clean",
                                 record, size, now, code="invalid_unicode")
    except (ValueError, TypeError, AttributeError, UnicodeError, RecursionError) as exc:
        return None, make_reject(path, f"cannot clean record: {type(exc).__name__}: {exc}",
                                 "clean", record, size, now, code="bad_record")


def _str_field(rec: dict, key: str, check_unicode: bool = True) -> str | None:
    """A metadata field as a string: numbers written out, containers and lone surrogates refused."""
    value = rec.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Rejected(f"field '{key}' is a {type(value).__name__}, not a string", "bad_field")
    if not check_unicode:
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Rejected(f"field '{key}' holds a lone surrogate (invalid Unicode)", "invalid_unicode") from None
    return value


def _clean_record(rec: dict, now: dt.datetime, path: str, record, size
                  ) -> tuple[dict | None, dict | None]:
    from pipeline.dates import find_anchor_date, parse_date_value
    from pipeline.text import split_sentences

    # the text is checked for lone surrogates by article_id_for's encoding (UnicodeEncodeError)
    fields = {k: _str_field(rec, k, k != "text") for k in (
        "title", "text", "url", "source", "publisher", "language", "source_id", "published_source")}
    title = normalize_text(fields["title"] or "").strip() or None
    text = _drop_title_line(strip_boilerplate(normalize_text(fields["text"] or "")), title)
    if not text:
        return None, make_reject(path, "no article text after removing boilerplate", "clean",
                                 record, size, now, code="no_text")
    if len(text) > MAX_TEXT_CHARS:
        return None, make_reject(path, f"article text too long ({len(text)} chars)", "clean",
                                 record, size, now, code="too_long")
    sha, article_id = article_id_for(text)
    published, published_source, extra = None, None, rec.get("extra")
    try:
        published = parse_date_value(rec.get("published"))
        published_source = fields["published_source"] if published else None
    except ValueError:
        # A partial value ("Wed Nov 23") is no date, but the analyst keeps what was written.
        extra = _with_extra(extra, published_raw=str(rec.get("published")))
    if published is None:
        published, published_source = find_anchor_date(text)
    if published is not None and not EARLIEST_PUBLISHED <= published <= now.date() + FUTURE_SLACK:
        when = "in the future" if published > now.date() else "before 1900"
        return None, make_reject(path, f"publication date {published} ({published_source}) is {when}: "
                                 "article quarantined", "clean", record, size, now,
                                 code="published_out_of_range")
    return {
        "article_id": article_id,
        "source_id": fields["source_id"],
        "title": title,
        "text": text,
        "published": published,
        "published_source": published_source,
        "publisher": fields["publisher"],
        "source": fields["source"] or find_dateline_source(text),
        "cited_sources": find_cited_sources(text),
        "url": fields["url"],
        "source_path": path,
        "language": fields["language"] or guess_language(text),
        "content_sha256": sha,
        "n_sentences": len(split_sentences(text)),
        "extra": extra,
        "ingested_at": now,
        # Where a duplicate came from, for its reject row; dropped before the table is built.
        "_record": record,
        "_size": size,
    }, None


def _with_extra(extra: str | None, **values) -> str:
    """The `extra` JSON object with more keys."""
    merged = {**(json.loads(extra) if extra else {}), **values}
    return json.dumps(merged, ensure_ascii=False, sort_keys=True)


def _drop_title_line(text: str, title: str | None) -> str:
    """HTML extractors repeat the headline as the first line of the body; keep it once, as title."""
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.casefold() and rest.strip():
        return rest.strip()
    return text


_EN_STOPWORDS = re.compile(r"\b(the|and|of|to|in|that|is|was|for|with|on|said)\b", re.IGNORECASE)
_EN_STOPWORD_SET = {"the", "and", "of", "to", "in", "that", "is", "was", "for", "with", "on", "said"}
_WORD_RUN = re.compile(r"\w+")


def guess_language(text: str) -> str:
    """'en' when English function words are frequent, else 'und' (undetermined)."""
    sample = text[:3000]
    tokens = sample.lower().split()
    words = max(1, len(tokens))
    # Whitespace tokens that are stop words are a lower bound of the count (punctuation hides
    # the others), and usually enough to decide: the exact count only when it is not.
    if sum(map(_EN_STOPWORD_SET.__contains__, tokens)) / words > 0.08:
        return "en"
    return "en" if _count_stopwords(sample) / words > 0.08 else "und"


def _count_stopwords(sample: str) -> int:
    """Matches of _EN_STOPWORDS, by a set lookup of each lower-cased word where that counts the
    same (see lower_agrees_with_ignorecase), else by the regex itself."""
    if not lower_agrees_with_ignorecase(sample):
        return len(_EN_STOPWORDS.findall(sample))
    return sum(map(_EN_STOPWORD_SET.__contains__, map(str.lower, _WORD_RUN.findall(sample))))

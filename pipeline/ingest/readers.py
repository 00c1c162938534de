"""Read article files of every supported format into raw records; bad input becomes a reject."""
from __future__ import annotations

import json
from pathlib import Path

SUPPORTED = {".txt", ".html", ".htm", ".json", ".jsonl"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
SIDECAR_SUFFIX = ".meta.json"
# Keys of JSON records and sidecars that map onto article columns; other keys go to `extra`.
KNOWN_KEYS = {"id", "title", "text", "published", "url", "source", "publisher", "language"}


class Rejected(Exception):
    """Input that cannot become an article; the message is the reason shown in `rejects`."""


def list_input_files(paths: list[str | Path]) -> list[Path]:
    """Every candidate file under the given files or folders, sorted, sidecars and dotfiles excluded."""
    files: set[Path] = set()
    for p in map(Path, paths):
        candidates = [p] if p.is_file() else sorted(q for q in p.rglob("*") if q.is_file())
        for q in candidates:
            if q.name.startswith(".") or q.name.endswith(SIDECAR_SUFFIX):
                continue
            files.add(q)
    return sorted(files)


def read_file(path: Path) -> list[dict]:
    """Raw records of one file (one for txt/html, many for json/jsonl); raises Rejected."""
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise Rejected(f"unsupported file type '{suffix or path.name}'")
    if size == 0:
        raise Rejected("empty file")
    if size > MAX_FILE_BYTES:
        raise Rejected(f"file too large ({size} bytes > {MAX_FILE_BYTES})")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise Rejected("binary content (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Rejected(f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise Rejected("empty file (whitespace only)")
    sidecar = _read_sidecar(path)
    if suffix == ".txt":
        records = [_from_txt(text)]
    elif suffix in (".html", ".htm"):
        records = [_from_html(text)]
    else:
        records = _from_json(text, jsonl=suffix == ".jsonl")
    for i, rec in enumerate(records):
        rec.setdefault("source_id", path.name)
        rec["source_path"] = str(path)
        rec["size_bytes"] = size if len(records) == 1 else len(rec.get("text") or "")
        rec.setdefault("record", None if len(records) == 1 else str(i + 1))
        for key, value in sidecar.items():
            if value is not None and key in KNOWN_KEYS - {"id", "text"}:
                rec[key] = value
                if key == "published":
                    rec["published_source"] = "sidecar"
    return records


def _read_sidecar(path: Path) -> dict:
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Rejected(f"unreadable sidecar {side.name}: {exc}") from None
    if not isinstance(meta, dict):
        raise Rejected(f"sidecar {side.name} is not a JSON object")
    return meta


def _from_txt(text: str) -> dict:
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    return {"format": "txt", "title": lines[first].strip(), "text": "\n".join(lines[first + 1:])}


def _from_html(html: str) -> dict:
    import trafilatura  # heavy import, only when HTML is present

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    doc = doc.as_dict() if doc is not None else None
    if not doc or not (doc.get("text") or "").strip():
        raise Rejected("no article text found in HTML")
    rec = {"format": "html", "title": doc.get("title"), "text": doc["text"],
           "url": doc.get("url"), "publisher": doc.get("sitename"), "language": doc.get("language")}
    if doc.get("date"):
        rec["published"], rec["published_source"] = doc["date"], "html"
    return rec


def _from_json(text: str, jsonl: bool) -> list[dict]:
    try:
        if jsonl:
            items = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip()]
            objs = []
            for lineno, ln in items:
                try:
                    objs.append((lineno, json.loads(ln)))
                except ValueError as exc:
                    objs.append((lineno, Rejected(f"line {lineno}: invalid JSON ({exc.msg})")))
        else:
            data = json.loads(text)
            data = data if isinstance(data, list) else [data]
            objs = list(enumerate(data, 1))
    except ValueError as exc:
        raise Rejected(f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    return [_from_record(n, obj) for n, obj in objs]


def _from_record(n: int, obj) -> dict:
    if isinstance(obj, Rejected):
        return {"record": str(n), "error": str(obj)}
    if not isinstance(obj, dict):
        return {"record": str(n), "error": f"record {n} is not a JSON object"}
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return {"record": str(n), "error": f"record {n} has no 'text'"}
    rec = {k: obj.get(k) for k in KNOWN_KEYS - {"id"}}
    rec.update(format="json", record=str(n))
    if obj.get("id") is not None:
        rec["source_id"] = str(obj["id"])
    if rec.get("published"):
        rec["published_source"] = "json"
    extra = {k: v for k, v in obj.items() if k not in KNOWN_KEYS}
    rec["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    return rec

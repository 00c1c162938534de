"""Read article files of every supported format into raw records; bad input becomes a reject.

Inputs are confined: a file is read only if its resolved path lies under the folder it was
found in (the configured raw folder), only if it is a regular file (checked on the open
descriptor, so a FIFO can never block the run), and every record of a JSON or JSONL file is
checked on its own, so one malformed record costs that record only."""
from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from pipeline.ingest.store import DAY as STORE_DAY, is_store, is_stored_response

SUPPORTED = {".txt", ".html", ".htm", ".json", ".jsonl"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
# A record's text beyond this is refused while reading, before any cleaning work on it.
MAX_RECORD_CHARS = 2 * MAX_TEXT_CHARS
# HTML beyond this is not handed to the parser (main-text extraction is the slowest reader).
MAX_HTML_BYTES = 20 * 1024 * 1024
SIDECAR_SUFFIX = ".meta.json"
# Keys of JSON records and sidecars that map onto article columns; other keys go to `extra`.
KNOWN_KEYS = {"id", "title", "text", "published", "url", "source", "publisher", "language"}
# Metadata fields that must be strings: numbers are written as strings, containers rejected.
_STRING_FIELDS = ("title", "url", "source", "publisher", "language", "published")
# More NUL bytes than this share of a file's first 8 KB: binary, not text with a stray NUL.
_MAX_NUL_SHARE = 0.01
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Rejected(Exception):
    """Input that cannot become an article; the message is the reason shown in `rejects`,
    `code` its machine-readable class (the `reason_code` column)."""

    def __init__(self, reason: str, code: str = "unreadable"):
        super().__init__(reason)
        self.code = code


def scan_inputs(paths: list[str | Path]) -> tuple[list[tuple[Path, str]], list[dict]]:
    """Candidate files under the given files or folders, each with the folder it is confined
    to, sorted; and one problem row ({path, error, code}) for every entry that is skipped:
    hidden, a link leaving its folder, not a regular file, unreadable, a folder named like a
    file. Sidecars are not candidates: they are read beside their article."""
    files: dict[Path, str] = {}
    problems: list[dict] = []
    sidecars: list[Path] = []
    for p in map(Path, paths):
        try:
            st = os.lstat(p)
        except OSError as exc:
            problems.append(_problem(p, f"cannot read: {exc.strerror}", "unreadable"))
            continue
        if stat.S_ISDIR(st.st_mode) and is_store(p):
            _walk_store(p, os.path.realpath(p), files)
        elif stat.S_ISDIR(st.st_mode):
            _walk(p, os.path.realpath(p), files, sidecars, problems)
        else:
            # A file named on its own is confined to its own folder (a link in it may not leave).
            _classify(p, st, os.path.realpath(p.parent), files, sidecars, problems, explicit=True)
    expected = {f.with_name(f.stem + SIDECAR_SUFFIX) for f in files}
    problems += [_problem(s, f"sidecar without an article beside it (no '{s.name[:-len(SIDECAR_SUFFIX)]}.*')",
                          "orphan_sidecar") for s in sidecars if s not in expected]
    return sorted(files.items()), problems


def list_input_files(paths: list[str | Path]) -> list[Path]:
    """Every candidate file under the given files or folders, sorted (see scan_inputs)."""
    return [path for path, _ in scan_inputs(paths)[0]]


def _problem(path: Path, error: str, code: str) -> dict:
    return {"path": str(path), "error": error, "code": code}


def _under(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _walk(folder: Path, root_real: str, files: dict, sidecars: list, problems: list) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        problems.append(_problem(folder, f"cannot list folder: {exc.strerror}", "unreadable"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
            problems.append(_problem(path, f"hidden {kind} (name starts with '.'): not read", "hidden"))
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            problems.append(_problem(path, f"cannot read: {exc.strerror}", "unreadable"))
            continue
        if stat.S_ISDIR(st.st_mode) and is_store(path):
            _walk_store(path, root_real, files)
        elif stat.S_ISDIR(st.st_mode):
            if path.suffix.lower() in SUPPORTED:
                problems.append(_problem(path, f"a folder named like a file ('{entry.name}/'): "
                                               "not an article (its contents are read as a folder)",
                                         "folder_named_like_file"))
            _walk(path, root_real, files, sidecars, problems)
        else:
            _classify(path, st, root_real, files, sidecars, problems)


def _walk_store(store: Path, root_real: str, files: dict) -> None:
    """The response sidecars of a feed store (pipeline/ingest/store.py), one input each; its
    bodies, marker and anything else it holds are the store's own and not inputs."""
    for day in sorted(store.iterdir()):
        if not (STORE_DAY.fullmatch(day.name) and day.is_dir() and not day.is_symlink()):
            continue
        for path in sorted(day.glob("*.json")):
            try:
                regular = stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                continue
            if regular and not path.name.startswith("."):
                files[path] = root_real


def _classify(path: Path, st: os.stat_result, root_real: str, files: dict, sidecars: list,
              problems: list, explicit: bool = False) -> None:
    if path.name.endswith(SIDECAR_SUFFIX) and not explicit and not stat.S_ISDIR(st.st_mode):
        sidecars.append(path)  # checked when read beside its article, or reported as an orphan
        return
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        if not _under(real, root_real):
            problems.append(_problem(path, f"symbolic link to {real}, outside the raw folder: not read",
                                     "outside_raw"))
            return
        try:
            st = os.stat(path)
        except OSError as exc:
            problems.append(_problem(path, f"broken symbolic link: {exc.strerror}", "unreadable"))
            return
        if stat.S_ISDIR(st.st_mode):
            problems.append(_problem(path, "symbolic link to a folder: not followed (its files are "
                                           "read at their own path)", "symlink_folder"))
            return
    if stat.S_ISDIR(st.st_mode):  # only for an explicit input: folders are walked
        return
    if not stat.S_ISREG(st.st_mode):
        problems.append(_problem(path, f"not a regular file ({_kind(st.st_mode)})", "not_regular_file"))
        return
    files[path] = root_real


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def read_confined(path: Path, root_real: str, limit: int) -> tuple[bytes, int]:
    """The bytes and size of a regular file whose resolved path lies under `root_real`.

    The type is checked on the descriptor, opened without following a final link and without
    blocking, so a FIFO, device or socket swapped in is refused, never waited on."""
    with open_confined(path, root_real, limit) as (f, _):
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise Rejected(f"cannot read: {exc.strerror}", "unreadable") from None
    if len(data) > limit:
        raise Rejected(f"file too large (more than {limit} bytes)", "too_large")
    return data, len(data)


@contextlib.contextmanager
def open_confined(path: Path, root_real: str, limit: int) -> Iterator[tuple[BinaryIO, int]]:
    """The open binary file and its size, under the checks of read_confined (raises Rejected)."""
    real = os.path.realpath(path)
    if not _under(real, root_real):
        raise Rejected(f"resolves to {real}, outside the raw folder: not read", "outside_raw")
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise Rejected(f"cannot open: {exc.strerror}", "unreadable") from None
    with open(fd, "rb", closefd=True) as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Rejected(f"not a regular file ({_kind(st.st_mode)})", "not_regular_file")
        if st.st_size > limit:
            raise Rejected(f"file too large ({st.st_size} bytes > {limit})", "too_large")
        yield f, st.st_size


def read_file(path: Path, root_real: str | None = None) -> list[dict]:
    """Raw records of one file (one for txt/html, many for json/jsonl); raises Rejected.

    Records that cannot be used are returned as {"record", "error", "code"} (and a bad
    sidecar as one such row with its own "path"), beside the good ones."""
    return list(iter_file(path, root_real))


def iter_file(path: Path, root_real: str | None = None) -> Iterator[dict]:
    """read_file's records one at a time: a JSONL file is read line by line, so its records
    are never all in memory (nor its bytes). Raises Rejected before the first record when the
    whole file cannot be read."""
    root_real = root_real or os.path.realpath(path.parent)
    if is_stored_response(path):
        from pipeline.ingest.feeds import read_stored_response

        yield from read_stored_response(path, root_real)
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise Rejected(f"unsupported file type '{suffix or path.name}'", "unsupported_type")
    if suffix == ".jsonl":
        with open_confined(path, root_real, MAX_FILE_BYTES) as (f, size):
            if size == 0:
                raise Rejected("empty file", "empty")
            sidecar, sidecar_problem = _read_sidecar(path, root_real)
            yield from _finish(path, size, sidecar, _from_jsonl_stream(f))
        if sidecar_problem:
            yield sidecar_problem
        return
    data, size = read_confined(path, root_real, MAX_FILE_BYTES)
    if size == 0:
        raise Rejected("empty file", "empty")
    sidecar, sidecar_problem = _read_sidecar(path, root_real)
    text = decode_text(data, strip_nul=suffix not in (".json",))
    del data
    if not text.strip():
        raise Rejected("empty file (whitespace only)", "empty")
    if suffix == ".txt":
        records = [_from_txt(text)]
    elif suffix in (".html", ".htm"):
        if size > MAX_HTML_BYTES:
            raise Rejected(f"HTML too large to parse ({size} bytes > {MAX_HTML_BYTES})", "too_large")
        records = [_from_html(text)]
    else:
        check = _may_hold_surrogates(text)
        records = [_from_record(n, obj, check) for n, obj in _json_items(text)]
    yield from _finish(path, size, sidecar, iter(records))
    if sidecar_problem:
        yield sidecar_problem


def _finish(path: Path, size: int, sidecar: dict, records: Iterator[dict]) -> Iterator[dict]:
    """The file's records with their path, size and sidecar fields; a file of one record keeps
    record None and the file's size (one record of lookahead tells). Rejected when empty."""
    first = next(records, None)
    if first is None:
        raise Rejected("no records (empty JSON list)", "empty")
    second = next(records, None)
    yield _finish_record(path, size, sidecar, first, 0, second is None)
    if second is None:
        return
    yield _finish_record(path, size, sidecar, second, 1, False)
    for i, rec in enumerate(records, 2):
        yield _finish_record(path, size, sidecar, rec, i, False)


def _finish_record(path: Path, size: int, sidecar: dict, rec: dict, i: int, single: bool) -> dict:
    rec.setdefault("record", None if single else str(i + 1))
    if "error" not in rec and len(rec.get("text") or "") + len(rec.get("title") or "") > MAX_RECORD_CHARS:
        rec = _bad(int(rec["record"] or 1), f"record too large (more than {MAX_RECORD_CHARS} "
                   "characters of text)", "too_large")
        rec["record"] = None if single else rec["record"]
    if "error" in rec:
        return rec
    rec.setdefault("source_id", path.name)
    rec["source_path"] = str(path)
    rec["size_bytes"] = size if single else len(rec.get("text") or "")
    for key, value in sidecar.items():
        if value is not None and key in KNOWN_KEYS - {"id", "text"}:
            rec[key] = value
            if key == "published":
                rec["published_source"] = "sidecar"
    return rec


def decode_text(data: bytes, strip_nul: bool = True) -> str:
    """Text of a file's bytes: UTF-8 (a BOM allowed) or UTF-16 with a BOM or the zero bytes of
    ASCII text; a few stray NUL bytes are dropped (strip_nul), more mean binary. Raises Rejected."""
    head = data[:8192]
    utf16 = _utf16_codec(head)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise Rejected(f"binary content (not valid UTF-16: {exc.reason})", "binary") from None
        if not _looks_like_text(text):
            raise Rejected("binary content (control characters)", "binary")
        return text.lstrip("\ufeff")
    nuls = head.count(0)
    if nuls and (not strip_nul or nuls > max(1, len(head) * _MAX_NUL_SHARE)):
        raise Rejected("binary content (NUL bytes)", "binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Rejected(f"not valid UTF-8 ({exc.reason} at byte {exc.start})", "bad_encoding") from None
    return text.replace("\x00", "") if nuls or b"\x00" in data else text


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(head) >= 16 and head.count(0) * 3 > len(head):  # ASCII-heavy UTF-16 without a BOM
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if odd > 0.9 * len(head) // 2 and even == 0:
            return "utf-16-le"
        if even > 0.9 * len(head) // 2 and odd == 0:
            return "utf-16-be"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")


def _looks_like_text(text: str) -> bool:
    sample = text[:4096]
    return bool(sample.strip()) and len(_CONTROL.findall(sample)) <= len(sample) * _MAX_NUL_SHARE


def _read_sidecar(path: Path, root_real: str) -> tuple[dict, dict | None]:
    """The sidecar's fields, or nothing and a problem row: a bad sidecar never costs the article."""
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    try:
        os.lstat(side)
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, _sidecar_problem(side, f"cannot read: {exc.strerror}", "unreadable")
    try:
        data, _ = read_confined(side, root_real, MAX_SIDECAR_BYTES)
        meta = json.loads(decode_text(data, strip_nul=False))
    except Rejected as exc:
        return {}, _sidecar_problem(side, str(exc), exc.code)
    except RecursionError:
        return {}, _sidecar_problem(side, "JSON nested too deeply", "too_deep")
    except ValueError as exc:
        return {}, _sidecar_problem(side, f"invalid JSON ({_json_error(exc)})", "invalid_json")
    if not isinstance(meta, dict):
        return {}, _sidecar_problem(side, "not a JSON object", "not_object")
    fields, problem = _check_fields(meta, _STRING_FIELDS)
    if problem:
        return {}, _sidecar_problem(side, problem[0], problem[1])
    return fields, None


def _sidecar_problem(side: Path, reason: str, code: str) -> dict:
    return {"path": str(side), "record": None, "error": f"sidecar ignored, article kept: {reason}",
            "code": "bad_sidecar" if code in ("invalid_json", "not_object", "bad_field") else code}


def _from_txt(text: str) -> dict:
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    return {"format": "txt", "title": lines[first].strip(), "text": "\n".join(lines[first + 1:])}


_ENTITY_REF = re.compile(r"&[\w.:-]+;")


def _from_html(html: str | bytes) -> dict:
    import trafilatura  # heavy import, only when HTML is present

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    doc = doc.as_dict() if doc is not None else None
    if not doc or not (doc.get("text") or "").strip():
        raise Rejected("no article text found in HTML", "no_text")
    if not _ENTITY_REF.sub("", doc["text"]).strip():
        # DTD entities are never expanded (no billion laughs, no external entity read): a page
        # whose text is only references to them has no text.
        raise Rejected("no article text in HTML, only unexpanded entity references", "no_text")
    rec = {"format": "html", "title": doc.get("title"), "text": doc["text"],
           "url": doc.get("url"), "publisher": doc.get("sitename"), "language": doc.get("language")}
    if doc.get("date"):
        rec["published"], rec["published_source"] = doc["date"], "html"
    return rec


def _json_error(exc: ValueError) -> str:
    # JSONDecodeError has msg and lineno; the int-size limit raises a plain ValueError.
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}"
    return str(exc).split(";")[0]


def _from_jsonl(data: bytes) -> list[dict]:
    """One record per line, each parsed on its own (see _from_jsonl_stream)."""
    import io

    return list(_from_jsonl_stream(io.BytesIO(data)))


def _from_jsonl_stream(f: BinaryIO) -> Iterator[dict]:
    """One record per line of an open file, each decoded and parsed on its own, so that one
    line in another encoding costs that line only; the file is read a line at a time (a UTF-16
    file, rare, is decoded whole). Raises Rejected before any record for binary or blank files."""
    head = f.read(8192)
    f.seek(0)
    lines: Iterable[bytes | str]
    if _utf16_codec(head):  # a UTF-16 file: decode whole, then split
        lines = decode_text(f.read()).split("\n")
    elif head.count(0) > max(1, len(head) * _MAX_NUL_SHARE):
        raise Rejected("binary content (NUL bytes)", "binary")
    else:
        lines = f
    found = False
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                found = True
                yield _bad(lineno, f"line {lineno}: not valid UTF-8 ({exc.reason} at byte "
                                   f"{exc.start})", "bad_encoding")
                continue
            line = line.removesuffix("\n")
        if not line.strip():
            continue
        found = True
        try:
            obj = json.loads(line)
        except RecursionError:
            yield _bad(lineno, f"line {lineno}: JSON nested too deeply", "too_deep")
            continue
        except ValueError as exc:
            yield _bad(lineno, f"line {lineno}: invalid JSON ({_json_error(exc)})", "invalid_json")
            continue
        yield _from_record(lineno, obj, _may_hold_surrogates(line))
    if not found:
        raise Rejected("empty file (whitespace only)", "empty")


# A lone surrogate in decoded JSON can only come from a \uD800-\uDFFF escape in its source
# (UTF-8 and UTF-16 decoding refuse raw ones): the values are checked only when one is there.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _may_hold_surrogates(source: str) -> bool:
    return "\\u" in source and _SURROGATE_ESCAPE.search(source) is not None


def _bad(n: int, error: str, code: str) -> dict:
    return {"record": str(n), "error": error, "code": code}


_WS = re.compile(r"[ \t\n\r]*")
# Tokens that matter when skipping one bad value of a JSON list: strings, brackets, commas.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_DECODER = json.JSONDecoder()


def _json_items(text: str) -> list[tuple[int, object]]:
    """(number, value) of each record of a JSON text (an object or a list of them). A list
    whose whole parse fails is read element by element: a bad element becomes a Rejected
    item and the ones after it are still read."""
    try:
        data = json.loads(text)
    except RecursionError:
        data, error = None, Rejected("JSON nested too deeply", "too_deep")
    except ValueError as exc:
        data, error = None, Rejected(f"invalid JSON ({_json_error(exc)})", "invalid_json")
    else:
        return list(enumerate(data if isinstance(data, list) else [data], 1))
    i = _WS.match(text).end()
    if text[i:i + 1] != "[":
        raise error
    items: list[tuple[int, object]] = []
    i += 1
    while True:
        i = _WS.match(text, i).end()
        if text[i:i + 1] == "]":
            return items
        n = len(items) + 1
        try:
            obj, end = _DECODER.raw_decode(text, i)
            items.append((n, obj))
        except RecursionError:
            items.append((n, Rejected(f"record {n}: JSON nested too deeply", "too_deep")))
            end = _skip_value(text, i)
        except ValueError as exc:
            items.append((n, Rejected(f"record {n}: invalid JSON ({_json_error(exc)})", "invalid_json")))
            end = _skip_value(text, i)
        if end is None:  # the bad element runs to the end of the file
            return items
        i = _WS.match(text, end).end()
        sep = text[i:i + 1]
        if sep == ",":
            i += 1
        elif sep == "]":
            return items
        else:
            items.append((n + 1, Rejected(f"invalid JSON after record {n}: the rest of the file "
                                          "cannot be read", "invalid_json")))
            return items


def _skip_value(text: str, i: int) -> int | None:
    """Where the list element starting at `i` ends (its ',' or the list's ']'), or None."""
    depth = 0
    for m in _TOKEN.finditer(text, i):
        tok = m.group()
        if tok in "[{":
            depth += 1
        elif tok in "]}":
            if depth == 0:
                return m.start()
            depth -= 1
        elif tok == "," and depth == 0:
            return m.start()
    return None


def _from_record(n: int, obj, check_unicode: bool = True) -> dict:
    """A raw record from one JSON value, or an error row: types are checked here, before any
    analysis (numbers written as strings, containers and lone surrogates rejected)."""
    if isinstance(obj, Rejected):
        return _bad(n, str(obj), obj.code)
    if not isinstance(obj, dict):
        return _bad(n, f"record {n} is not a JSON object", "not_object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return _bad(n, f"record {n} has no 'text'" + ("" if text is None or isinstance(text, str)
                                                     else f" (a {type(text).__name__}, not a string)"),
                    "no_text")
    fields, problem = _check_fields(obj, ("text", *_STRING_FIELDS), check_unicode)
    if problem:
        return _bad(n, f"record {n}: {problem[0]}", problem[1])
    rec = {k: fields.get(k) for k in KNOWN_KEYS - {"id"}}
    rec.update(format="json", record=str(n))
    ident = obj.get("id")
    if ident is not None:
        if isinstance(ident, bool) or not isinstance(ident, (str, int, float)):
            return _bad(n, f"record {n}: field 'id' is a {type(ident).__name__}, not a string",
                        "bad_field")
        rec["source_id"] = str(ident)
        if check_unicode and _has_surrogate(rec["source_id"]):
            return _bad(n, f"record {n}: field 'id' holds a lone surrogate (invalid Unicode)",
                        "invalid_unicode")
    if rec.get("published"):
        rec["published_source"] = "json"
    extra = {k: v for k, v in obj.items() if k not in KNOWN_KEYS}
    if extra:
        try:
            dumped = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        except (RecursionError, ValueError, TypeError):
            return _bad(n, f"record {n}: extra fields nested too deeply", "too_deep")
        if check_unicode and _has_surrogate(dumped):
            return _bad(n, f"record {n}: an extra field holds a lone surrogate (invalid Unicode)",
                        "invalid_unicode")
        rec["extra"] = dumped
    else:
        rec["extra"] = None
    return rec


def _check_fields(obj: dict, keys: tuple[str, ...], check_unicode: bool = True
                  ) -> tuple[dict, tuple[str, str] | None]:
    """The string fields of a record or sidecar, numbers written as strings; or a problem
    (reason, code) for a field that is a container, a boolean or holds a lone surrogate."""
    fields = dict(obj)
    for key in keys:
        value = obj.get(key)
        if value is None or isinstance(value, str):
            pass
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = fields[key] = str(value)
        else:
            return fields, (f"field '{key}' is a {type(value).__name__}, not a string", "bad_field")
        if check_unicode and value is not None and _has_surrogate(value):
            return fields, (f"field '{key}' holds a lone surrogate (invalid Unicode)", "invalid_unicode")
    return fields, None


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False

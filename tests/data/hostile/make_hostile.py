"""Write a hostile corpus into a folder: every file here must land in `rejects` with a reason,
every good file in the tables, and nothing from outside the folder may be read.

    python tests/data/hostile/make_hostile.py DIR [--big-mb 50]

Made at run time (not committed) because FIFOs, symbolic links and a 50 MB line do not belong
in git. Returns (from make()) the names of the hostile entries and of the good files."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

GOOD = {
    "good_kabul.txt": "Arrests in Kabul\n\nPolice arrested two men in Kabul on Monday after an attack on a "
                      "checkpoint killed three soldiers, officials said.\n",
    "good_homs.txt": "Shelling in Homs\n\nArtillery shelled the outskirts of Homs on Sunday, killing four "
                     "civilians, according to local medics.\n",
    "good_lines.jsonl": json.dumps({"id": "good-basra", "title": "Protest in Basra",
                                    "text": "Hundreds of protesters gathered in Basra on Friday to demand jobs."}) + "\n",
}

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><body><p>&lol9;</p></body></html>
"""


def xxe(target: Path) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{target}">]>\n'
            "<html><body><p>&xxe;</p></body></html>\n")


def make(folder: str | os.PathLike, big_mb: int = 50) -> tuple[list[str], list[str]]:
    """Write the corpus into `folder` (and a secret file beside it, for the escapes)."""
    raw = Path(folder)
    raw.mkdir(parents=True, exist_ok=True)
    secret = raw.parent / f"{raw.name}_outside_secret.txt"
    secret.write_text("Secret\n\nThe vault password is swordfish and nobody may read it.\n", "utf-8")
    for name, text in GOOD.items():
        (raw / name).write_text(text, "utf-8")
    hostile = {
        "billion_laughs.html": BILLION_LAUGHS,
        "xxe.html": xxe(secret),
        "nested_divs.html": "<html><body>" + "<div>" * 200_000 + "deep" + "</div>" * 200_000 + "</body></html>",
        "empty.txt": "",
    }
    for name, text in hostile.items():
        (raw / name).write_text(text, "utf-8")
    (raw / "nul_bytes.txt").write_bytes(b"Title\n\n" + b"\x00\x01\x02binary\x00" * 500)
    (raw / "latin1.txt").write_bytes("Titre\n\nLa ville d'Alep a été bombardée lundi.\n".encode("latin-1"))
    # mixed encodings in one JSONL: the UTF-8 line is kept, the Latin-1 line rejected
    (raw / "mixed_encodings.jsonl").write_bytes(
        json.dumps({"id": "good-mosul", "text": "Gunmen attacked a market in Mosul on Tuesday."}).encode() + b"\n"
        + '{"id": "bad-latin1", "text": "Des tirs à Alep, été."}'.encode("latin-1") + b"\n")
    # one line of big_mb MB: lower-case words, no punctuation, no newline
    words = b"the convoy moved slowly along the river road "
    with open(raw / "big_line.txt", "wb") as f:
        f.write(b"Title " * 3)
        chunk = words * (1024 * 1024 // len(words))
        for _ in range(big_mb):
            f.write(chunk)
    (raw / "passwd.txt").symlink_to(secret)
    (raw / "escape.txt").symlink_to(Path("..") / secret.name)
    os.mkfifo(raw / "pipe.txt")
    (raw / "x.txt").mkdir()
    names = sorted([*hostile, "nul_bytes.txt", "latin1.txt", "mixed_encodings.jsonl", "big_line.txt",
                    "passwd.txt", "escape.txt", "pipe.txt", "x.txt"])
    return names, sorted(GOOD)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--big-mb", type=int, default=50, help="size of the single-line file (MB)")
    args = parser.parse_args()
    hostile, good = make(args.folder, args.big_mb)
    print(f"{len(hostile)} hostile entries and {len(good)} good files in {args.folder}")

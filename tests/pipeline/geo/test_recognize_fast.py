"""The sparse tokenizer of recognition gives the answers of a plain per-word reference."""
from __future__ import annotations

import random
import re

from pipeline.geo.normalize import ARTICLES, name_key
from pipeline.geo.recognize import (MAX_WORDS, _abbreviation_pattern, candidate_spans,
                                    capitalised_runs, people, tokenize)
from pipeline.geo.vocab import modifiers

# the token pattern written plainly: the fast one must split every text the same way (dotted
# initials, listed abbreviations and single initials keep their dot; "Iraq." does not)
PLAIN_TOKEN = re.compile(r"((?:[A-Z]\.){2,}|(?:" + _abbreviation_pattern() + r")\.|[A-Z]\.|[^\W_][\w'’‘`ʿʾ]*)")

EDGE_CASES = [
    "", " ", "...", "\n\nBaghdad", "  Baghdad is here.", "U.S.A. and U.K. troops",
    "Gen. Smith left A.B. Corp. Then U.S.A and Mrsxy. Went", "St. Louis, Mo. on Monday. The end",
    "_Mosul _mosul a_Mosul 'Basra’ ’Basra ʿAmman ʾIdlib", "Deir ez-Zor – Raqqa — Homs -- Hama",
    "Élysée Palace in Orléans; Ñuñoa: Ürümqi! São Paulo? ÅLAND", "ΣΟΦΙΑ said. Σοφία met Straße",
    "A.B.C.D.E. F. G.H Corp.Then Co.op X.y", "New\tYork and New  York and New   York and New    York",
    "Moore said. Moore met Smith told", "the Some some. Some said Some", "city of Basra province",
    "ABC abc 123 4th 5Th", "Mr.Smith Dr. Who? (Basra) [Mosul] “Homs” \"Hama\"", "end with space ",
]


def _plain(text: str):
    """Words, folded keys, capitalisation, sentence starts, joins and offsets, word by word."""
    words = [(m.start(), m.end(), m.group()) for m in PLAIN_TOKEN.finditer(text)]
    gaps = [text[(words[k - 1][1] if k else 0):s] for k, (s, _, _) in enumerate(words)]
    keys = [name_key(w[:-2] if w.endswith(("'s", "’s")) and len(w) > 3 else w) for _, _, w in words]
    cap = [w[0].isupper() for _, _, w in words]
    initial, joined = [], []
    for k, gap in enumerate(gaps):
        before = gap.rstrip(" \t")
        if not before:
            initial.append(k == 0)
        elif before[-1] not in ".!?:;\"“”()[]\n":
            initial.append(False)
        else:
            initial.append(before[-1] != "." or k == 0 or not words[k - 1][2].endswith("."))
        after = gaps[k + 1] if k + 1 < len(gaps) else None
        joined.append(after is not None and (after == " " or (len(after) <= 3 and "\n" not in after
                                                              and after.strip(" -‐–") == "")))
    return words, keys, cap, initial, joined


def _plain_spans(keys, cap, joined):
    spans = []
    for i in range(len(keys)):
        for j in range(i, min(i + MAX_WORDS, len(keys))):
            if not cap[i] or (j > i and not joined[j - 1]):
                break
            if cap[j]:
                spans.append((i, j, " ".join(keys[i:j + 1])))
    return spans


def _plain_runs(keys, cap, joined, taken):
    spans = []
    for i in range(len(keys)):
        if not cap[i] or taken[i]:
            continue
        j, ends = i, [i]
        while j < i + 2 and joined[j] and not taken[j + 1]:
            if cap[j + 1]:
                j += 1
            elif keys[j + 1] in ARTICLES and j + 2 < len(keys) and j + 2 <= i + 3 and cap[j + 2] \
                    and joined[j + 1] and not taken[j + 2]:
                j += 2
            else:
                break
            ends.append(j)
        spans.extend((i, end, " ".join(keys[i:end + 1])) for end in reversed(ends))
    return spans


def _texts():
    yield from EDGE_CASES
    rng = random.Random(7)
    pieces = ["A", "Bc", "b", "É", "é", "_", "'", "’", ".", " ", "  ", "-", " - ", "\n", "\t", ",",
              "1", "ß", "Σ", "said", "of", "Mr", "U", "S", "province", "ʿ", "“", ":", "!"]
    for _ in range(3000):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))


def test_tokens_match_the_plain_reference():
    verbs = modifiers()["person_after"]
    for text in _texts():
        words, keys, cap, initial, joined = _plain(text)
        t = tokenize(text)
        assert t.text == [w for _, _, w in words], text
        assert PLAIN_TOKEN.split(text) == t.parts, text
        assert t.key == keys and t.cap == cap and t.caps == [k for k, c in enumerate(cap) if c], text
        for k, (start, end, word) in enumerate(words):
            assert (t.start(k), t.end(k)) == (start, end), (text, k)
            assert t.initial(k) == initial[k] and t.joined(k) == joined[k], (text, k)
            assert t.upper(k) == (word.isupper() and len(word) > 1), (text, k)
        spans = candidate_spans(text, t)
        assert sorted(spans) == _plain_spans(keys, cap, joined), text
        assert spans[:len(t.caps)] == [(i, i, keys[i]) for i in t.caps], text  # single words first
        taken = [k % 3 == 1 for k in range(len(keys))]
        assert capitalised_runs(t, taken, 3) == _plain_runs(keys, cap, joined, taken), text
        lower = {k for k, c in zip(keys, cap) if not c}
        assert all(t.written_lower(k) == (k in lower) for k in keys + ["", "some", "mosul"]), text
        assert people(t) == {keys[i] for i in range(len(keys) - 1) if cap[i] and keys[i + 1] in verbs}, text

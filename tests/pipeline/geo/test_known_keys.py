"""The bounded memory of looked-up keys answers the same once it is full."""
from __future__ import annotations

from pipeline.geo import gazetteer


def test_full_key_memory_still_answers_every_key(builtin_gazetteer, monkeypatch):
    g = builtin_gazetteer
    keys = ["paris", "london", "no such place at all", "berlin"]
    g.known_keys.clear()
    expected = [rows.tolist() for rows in g.lookup_many(keys)]
    g.known_keys.clear()
    monkeypatch.setattr(gazetteer, "KNOWN_KEYS", 3)
    g.lookup_many(keys[:2])  # known, then met again beside new keys when the memory is full
    assert [rows.tolist() for rows in g.lookup_many(keys)] == expected
    g.known_keys.clear()

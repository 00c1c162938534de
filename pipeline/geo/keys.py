"""Hashed lookup keys: the index stores 64-bit hashes of folded names, not the strings."""
from __future__ import annotations

import hashlib

SKELETON_MARK = "#"  # skeleton keys share the key table; folded names never contain "#"
DEMONYM_MARK = "="  # demonym keys ("=egyptian"), used for given spans only


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key: the index stores hashes, not millions of strings."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")

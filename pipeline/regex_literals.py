"""What the matches of a regex must start with or contain, read from the pattern's text.

The prefilters of the stages (the trigger and cue sieves of `events`, the boilerplate literals of
`ingest`, the date scanner's first characters) skip text where a pattern cannot match. They need
the literal pieces of patterns that live in the vocabularies. CPython's own reader of patterns
is a private module of the re package that changes between releases, so this module reads the
documented syntax of the `re` module (https://docs.python.org/3/library/re.html) into a small
tree, and answers these questions about it:

- `literal_prefixes`: lower-case strings one of which begins every match;
- `min_width`: the fewest characters a match spans;
- `first_chars`: the ASCII characters a match can start with, and whether it can be empty;
- `required_literal` and `is_anchored`: a literal run every match holds, and whether every
  alternative starts at ^.

Every answer may be less precise than the truth but never wrong: where the reader does not know
a construct (verbose patterns, conditionals, atomic groups), it says "unknown" and the callers
take the plain scan. Alternatives that share their first items have them moved out in front, as
re does, so a literal shared by every alternative counts as one the pattern requires."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

_DIGITS = "0123456789"
_FLAG_LETTERS = {"a": re.ASCII, "i": re.IGNORECASE, "L": re.LOCALE, "m": re.MULTILINE,
                 "s": re.DOTALL, "u": re.UNICODE, "x": re.VERBOSE}
_CATEGORIES = {"d": "digit", "D": "not_digit", "s": "space", "S": "not_space", "w": "word",
               "W": "not_word"}
_ANCHORS = {"b": "boundary", "B": "not_boundary", "A": "string_start", "Z": "string_end"}
_CHAR_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_MAX_PREFIXES = 400


class Unsupported(ValueError):
    """A construct this reader does not interpret (or a pattern re would refuse)."""


@dataclass(frozen=True)
class Literal:
    char: str


@dataclass(frozen=True)
class CharClass:
    """[...]: members are Literal, ("range", lo, hi) tuples or ("category", name) tuples."""
    members: tuple
    negated: bool = False


@dataclass(frozen=True)
class AnyChar:
    """. (any character)."""


@dataclass(frozen=True)
class At:
    """A zero-width position: "beginning" (^), "end" ($), "boundary" (\\b), ..."""
    kind: str


@dataclass(frozen=True)
class Look:
    """A lookahead or lookbehind, positive or negative: zero-width."""
    behind: bool
    negative: bool
    body: tuple


@dataclass(frozen=True)
class Group:
    """(...), (?:...), (?P<name>...) and scoped flags (?i:...), (?-i:...)."""
    body: tuple
    add_flags: int = 0
    del_flags: int = 0
    number: int | None = None  # capturing groups' number (no two are equal); None otherwise


@dataclass(frozen=True)
class Branch:
    alternatives: tuple  # of tuples of nodes


@dataclass(frozen=True)
class Repeat:
    body: tuple
    lo: int
    hi: int | None  # None: unbounded
    kind: str = "greedy"  # or "lazy", "possessive"


@dataclass(frozen=True)
class Opaque:
    """A construct read but not interpreted (back-references, atomic groups)."""
    what: str
    body: tuple = ()  # an atomic group's items: only its width is used


Node = Union[Literal, CharClass, AnyChar, At, Look, Group, Branch, Repeat, Opaque]


@dataclass(frozen=True)
class Parsed:
    items: tuple
    flags: int


class _Reader:
    def __init__(self, pattern: str, flags: int):
        self.s, self.i, self.flags = pattern, 0, flags
        self.groups = 0

    def peek(self, n: int = 1) -> str:
        return self.s[self.i:self.i + n]

    def take(self, n: int = 1) -> str:
        out = self.s[self.i:self.i + n]
        if len(out) < n:
            raise Unsupported(f"pattern ends early at {self.i}")
        self.i += n
        return out

    def until(self, end: str) -> str:
        j = self.s.find(end, self.i)
        if j < 0:
            raise Unsupported(f"missing {end!r} after {self.i}")
        out, self.i = self.s[self.i:j], j + len(end)
        return out

    def parse(self) -> Parsed:
        # Global flags at the very start ("(?i)..."): the only place re accepts them.
        while (m := re.match(r"\(\?([aiLmsux]+)\)", self.s[self.i:])):
            for letter in m.group(1):
                self.flags |= _FLAG_LETTERS[letter]
            self.i += m.end()
        if self.flags & re.VERBOSE:
            raise Unsupported("verbose patterns")
        items = self.alternation()
        if self.i != len(self.s):
            raise Unsupported(f"unbalanced parenthesis at {self.i}")
        return Parsed(items, self.flags)

    def alternation(self) -> tuple:
        alternatives = [self.sequence()]
        while self.peek() == "|":
            self.take()
            alternatives.append(self.sequence())
        if len(alternatives) == 1:
            return alternatives[0]
        return _factored(alternatives)

    def sequence(self) -> tuple:
        items: list = []
        while self.i < len(self.s) and self.peek() not in "|)":
            atom = self.atom()
            if atom is None:  # a comment: a quantifier after it repeats the item before it
                if items and self.peek() in ("*", "+", "?", "{"):
                    items.append(self.quantified(items.pop()))
                continue
            items.append(self.quantified(atom))
        # A plain (?:...) is its items, as re reads it: the literal runs of a sequence go on
        # through such groups.
        return tuple(node for item in items for node in (
            item.body if isinstance(item, Group) and item.number is None
            and not (item.add_flags or item.del_flags) else (item,)))

    def quantified(self, atom):
        while True:
            c = self.peek()
            if c in ("*", "+", "?"):
                self.take()
                lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            elif c == "{" and (m := re.match(r"\{(\d*)(?:(,)(\d*))?\}", self.s[self.i:])):
                if not m.group(1) and not m.group(2):
                    return atom  # "{}" is literal text: read by the caller next
                self.i += m.end()
                lo = int(m.group(1) or 0)
                hi = (int(m.group(3)) if m.group(3) else None) if m.group(2) else lo
            else:
                return atom
            if isinstance(atom, (At, Repeat)):
                raise Unsupported("nothing to repeat, or a repeat repeated")
            kind = "greedy"
            if self.peek() == "?":
                self.take()
                kind = "lazy"
            elif self.peek() == "+":
                self.take()
                kind = "possessive"
            body = atom.body if isinstance(atom, Group) and atom.number is None and not (
                atom.add_flags or atom.del_flags) else (atom,)
            atom = Repeat(body, lo, hi, kind)

    def atom(self):
        c = self.take()
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape(in_class=False)
        if c == ".":
            return AnyChar()
        if c == "^":
            return At("beginning")
        if c == "$":
            return At("end")
        if c in "*+?":
            raise Unsupported("nothing to repeat")
        return Literal(c)

    def group(self):
        if self.peek() != "?":
            return self.close(self.capturing())
        self.take()
        c = self.take()
        if c == ":":
            return self.close(Group(self.alternation()))
        if c == "P":
            d = self.take()
            if d == "<":
                self.until(">")
                return self.close(self.capturing())
            if d == "=":
                self.until(")")
                return Opaque("backreference")
            raise Unsupported("(?P" + d)
        if c in "=!":
            return self.close(Look(False, c == "!", self.alternation()))
        if c == "<" and self.peek() in ("=", "!"):
            return self.close(Look(True, self.take() == "!", self.alternation()))
        if c == "#":
            self.until(")")
            return None
        if c == ">":
            return Opaque("atomic group", self.close(Group(self.alternation())).body)
        if c == "(":
            raise Unsupported("conditional group")
        m = re.match(r"([aiLmsux]*)(?:-([imsx]+))?:", self.s[self.i - 1:])
        if not m:
            raise Unsupported(f"group syntax at {self.i}")
        self.i += m.end() - 1
        add = sum(_FLAG_LETTERS[f] for f in set(m.group(1)))
        delete = sum(_FLAG_LETTERS[f] for f in set(m.group(2) or ""))
        if add & re.VERBOSE:
            raise Unsupported("verbose group")
        return self.close(Group(self.alternation(), add, delete))

    def capturing(self) -> Group:
        self.groups += 1
        number = self.groups
        return Group(self.alternation(), number=number)

    def close(self, node):
        if self.peek() != ")":
            raise Unsupported(f"missing ) at {self.i}")
        self.take()
        return node

    def char_class(self) -> Node:
        negated = self.peek() == "^"
        if negated:
            self.take()
        members: list = []
        first = True
        while True:
            c = self.take()
            if c == "]" and not first:
                break
            first = False
            if c == "\\":
                member = self.escape(in_class=True)
            else:
                member = Literal(c)
            if isinstance(member, Literal) and self.peek() == "-" and self.peek(2)[1:] not in ("]", ""):
                self.take()
                d = self.take()
                end = self.escape(in_class=True) if d == "\\" else Literal(d)
                if not isinstance(end, Literal) or ord(end.char) < ord(member.char):
                    raise Unsupported("bad character range")
                members.append(("range", ord(member.char), ord(end.char)))
            else:
                members.append(member)
        # One plain member is the character itself, as re reads it.
        if len(members) == 1 and isinstance(members[0], Literal) and not negated:
            return members[0]
        return CharClass(tuple(members), negated)

    def escape(self, in_class: bool):
        c = self.take()
        if c in _CATEGORIES:
            category = ("category", _CATEGORIES[c])
            return category if in_class else CharClass((category,))
        if c in _ANCHORS and not in_class:
            return At(_ANCHORS[c])
        if c in _CHAR_ESCAPES:
            return Literal(_CHAR_ESCAPES[c])
        if c == "b":  # inside a class: backspace
            return Literal("\b")
        if c == "x":
            return Literal(chr(int(self.take(2), 16)))
        if c == "u":
            return Literal(chr(int(self.take(4), 16)))
        if c == "U":
            return Literal(chr(int(self.take(8), 16)))
        if c == "N":
            import unicodedata
            if self.take() != "{":
                raise Unsupported("\\N without a name")
            return Literal(unicodedata.lookup(self.until("}")))
        if c == "0":
            digits = c
            while len(digits) < 3 and self.peek() and self.peek() in "01234567":
                digits += self.take()
            return Literal(chr(int(digits, 8)))
        if c.isdigit():
            if (self.peek(2) and len(self.peek(2)) == 2 and all(ch in "01234567" for ch in c + self.peek(2))):
                return Literal(chr(int(c + self.take(2), 8)))
            if in_class:
                raise Unsupported("back-reference in a class")
            if self.peek().isdigit():
                self.take()
            return Opaque("backreference")
        if c.isascii() and c.isalpha():
            raise Unsupported(f"bad escape \\{c}")
        return Literal(c)


def _factored(alternatives: list[tuple]) -> tuple:
    """The alternatives with the items they all start with moved in front of the branch, and
    a branch of single characters read as a character class, as re reads them."""
    alts = [list(a) for a in alternatives]
    common: list = []
    # Only single characters and positions, as re does (it compares groups by identity).
    while all(alts) and isinstance(alts[0][0], (Literal, CharClass, AnyChar, At)) \
            and all(a[0] == alts[0][0] for a in alts):
        common.append(alts[0][0])
        for a in alts:
            del a[0]
    if all(len(a) == 1 and (isinstance(a[0], Literal) or isinstance(a[0], CharClass) and not a[0].negated)
           for a in alts):
        members: list = []
        for a in alts:
            for m in ((a[0],) if isinstance(a[0], Literal) else a[0].members):
                if m not in members:
                    members.append(m)
        return (*common, CharClass(tuple(members)))
    return (*common, Branch(tuple(tuple(a) for a in alts)))


def parse(pattern: str, flags: int = 0) -> Parsed:
    """The pattern as a tree of nodes; Unsupported when it holds something unread."""
    return _Reader(pattern, flags).parse()


def _as_parsed(pattern: str | Parsed | re.Pattern, flags: int = 0) -> Parsed:
    if isinstance(pattern, Parsed):
        return pattern
    if isinstance(pattern, re.Pattern):
        return parse(pattern.pattern, pattern.flags)
    return parse(pattern, flags)


# -- literal prefixes ------------------------------------------------------------------------


def literal_prefixes(pattern: str | Parsed | re.Pattern, k: int = 3) -> set[str]:
    """Lower-case strings (up to k chars) one of which begins every match; {""} = unknown.

    Lower-cased: the prefilters scan text.lower() for them, which finds every place a
    case-insensitive (or case-sensitive) regex can match, as long as the text folds like its
    lower case (see events.sieve.folds_like_lower)."""
    try:
        parsed = _as_parsed(pattern, re.IGNORECASE)
    except (Unsupported, ValueError):
        return {""}
    out = _prefixes(list(parsed.items), k)
    return out if len(out) <= _MAX_PREFIXES else {""}


def _prefixes(items: list, k: int) -> set[str]:
    if k == 0 or not items:
        return {""}
    node, rest = items[0], items[1:]
    if isinstance(node, Literal):
        return {node.char.lower() + t for t in _prefixes(rest, k - 1)}
    if isinstance(node, CharClass):
        if node.members == (("category", "digit"),) and not node.negated:
            chars = _DIGITS  # non-ASCII digits send a text to the plain scan (sieve._odd_characters)
        elif not node.negated and all(isinstance(m, Literal) for m in node.members):
            chars = "".join(m.char for m in node.members)
        else:
            return {""}
        tails = _prefixes(rest, k - 1)
        return {c.lower() + t for c in chars for t in tails}
    if isinstance(node, Branch):
        return set().union(*(_prefixes(list(alt) + rest, k) for alt in node.alternatives))
    if isinstance(node, Group):
        return _prefixes(list(node.body) + rest, k)
    if isinstance(node, (At, Look)):
        return _prefixes(rest, k)
    if isinstance(node, Repeat) and node.kind != "possessive":
        once = _prefixes(list(node.body), k)  # later repetitions: the prefix stays valid
        return once | _prefixes(rest, k) if node.lo == 0 else once
    return {""}


def shortest(prefixes: set[str]) -> set[str]:
    """The prefixes no other one begins: where they do not start, neither do the longer ones."""
    return {p for p in prefixes if not any(p[:j] in prefixes for j in range(1, len(p)))}


# -- widths ----------------------------------------------------------------------------------


def min_width(pattern: str | Parsed | re.Pattern, flags: int = 0) -> int:
    """The fewest characters a match of the pattern spans (0 when unsure)."""
    try:
        return _min_width(_as_parsed(pattern, flags).items)
    except (Unsupported, ValueError):
        return 0


def _min_width(items) -> int:
    total = 0
    for node in items:
        if isinstance(node, (Literal, CharClass, AnyChar)):
            total += 1
        elif isinstance(node, Branch):
            total += min(_min_width(alt) for alt in node.alternatives)
        elif isinstance(node, Group):
            total += _min_width(node.body)
        elif isinstance(node, Repeat):
            total += node.lo * _min_width(node.body)
        elif isinstance(node, Opaque):
            total += _min_width(node.body)
        # zero-width assertions add nothing; opaque constructs count as 0 (unsure: fewer)
    return total


# -- first characters ------------------------------------------------------------------------


def first_chars(pattern: str | Parsed | re.Pattern, flags: int = 0) -> tuple[set[str] | None, bool]:
    """(ASCII characters a match can start with, None when any may; whether it can match the
    empty string). Generous where unsure: a superset is safe."""
    try:
        parsed = _as_parsed(pattern, flags)
    except (Unsupported, ValueError):
        return None, False
    return _first_chars(parsed.items, parsed.flags)


def _first_chars(items, flags: int) -> tuple[set[str] | None, bool]:
    out: set[str] = set()
    for node in items:
        caseless = bool(flags & re.IGNORECASE)
        if isinstance(node, (At, Look)):
            continue  # zero-width: the next item consumes the first character
        if isinstance(node, Literal):
            chars = _class_chars((node,), caseless)
            return (None if chars is None else out | chars), False
        if isinstance(node, CharClass):
            chars = None if node.negated else _class_chars(node.members, caseless)
            return (None if chars is None else out | chars), False
        if isinstance(node, Branch):
            subs = [_first_chars(alt, flags) for alt in node.alternatives]
            nullable = any(n for _, n in subs)
        elif isinstance(node, Group):
            subs = [_first_chars(node.body, (flags | node.add_flags) & ~node.del_flags)]
            nullable = subs[0][1]
        elif isinstance(node, Repeat):
            subs = [_first_chars(node.body, flags)]
            nullable = node.lo == 0 or subs[0][1]
        else:
            return None, False  # back-references, any character...
        if any(chars is None for chars, _ in subs):
            return None, False
        out.update(*(chars for chars, _ in subs if chars is not None))
        if not nullable:
            return out, False
    return out, True


def _class_chars(members, caseless: bool) -> set[str] | None:
    """ASCII characters of a character class's members, None if unsure."""
    chars: set[str] = set()
    for m in members:
        if isinstance(m, Literal) and ord(m.char) < 128:
            chars.add(m.char)
        elif isinstance(m, tuple) and m[0] == "range" and m[2] < 128:
            chars.update(map(chr, range(m[1], m[2] + 1)))
        elif m == ("category", "digit"):
            chars.update(_DIGITS)
        else:  # other categories, non-ASCII members (which may fold onto ASCII)
            return None
    return chars | {c.swapcase() for c in chars} if caseless else chars


# -- required literal, anchoring ---------------------------------------------------------------


def required_literal(pattern: str | Parsed | re.Pattern, flags: int = 0) -> str:
    """The longest run of plain characters in the pattern's top-level sequence: every match
    contains it (with the pattern's case folding). '' when none."""
    try:
        items = _as_parsed(pattern, flags).items
    except (Unsupported, ValueError):
        return ""
    run, best = "", ""
    for node in items:
        run = run + node.char if isinstance(node, Literal) else ""
        best = max(best, run, key=len)
    return best


def is_anchored(pattern: str | Parsed | re.Pattern, flags: int = 0) -> bool:
    """Whether every alternative of the pattern starts with ^ (the line start without MULTILINE)."""
    try:
        items = _as_parsed(pattern, flags).items
    except (Unsupported, ValueError):
        return False
    if not items:
        return False
    if items[0] == At("beginning"):
        return True
    if isinstance(items[0], Branch) and len(items) == 1:
        return all(alt and alt[0] == At("beginning") for alt in items[0].alternatives)
    return False

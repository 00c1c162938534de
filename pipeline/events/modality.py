"""Modality and claimant of a trigger: asserted, reported, announced, planned, intended,
speculative or negated, from cue words in its clause (modality.yaml)."""
from __future__ import annotations

import functools
import re

from pipeline.events.sieve import PrefixScan
from pipeline.events.vocab import load

ORDER = ["negated", "speculative", "announced", "intended", "planned", "reported"]
# Clause boundaries for the scope of negation, speculation and future cues.
_CLAUSE = re.compile(r"[;:,()]|\s(?:but|while|whereas|although|as|after|before|when|because|since|and then)\s",
                     re.IGNORECASE)
_CAPS_TAIL = re.compile(r"((?:(?-i:[A-Z])[\w'’.-]*\s+){0,3}(?-i:[A-Z])[\w'’.-]*)\s*$")
_FILLER = re.compile(r"(?:\s+(?:also|earlier|previously|has|have|had|was|were|is|reportedly|publicly|officially|on \w+))+\s*$",
                     re.IGNORECASE)
_INFINITIVE = re.compile(r"\bto\s+$", re.IGNORECASE)
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that"}
_DETERMINER = re.compile(r"\b(?:the|a|an)\s", re.IGNORECASE)


def _rx(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def cues() -> dict:
    """Compiled cue regexes by modality and position."""
    data = load("modality")
    out = {m: {pos: _rx(data[m][pos]) for pos in ("before", "after") if data[m].get(pos)}
           for m in ORDER}
    out["reported"]["after"] = re.compile(data["reported"]["after"], re.IGNORECASE)
    out["not_negation"] = _rx(data["negated"]["unless"]) if data["negated"].get("unless") else None
    out["media"] = _rx(data["media"])
    out["charge"] = re.compile(rf"(?<![\w-])(?:{data['charge']})\s+(?:[\w'’-]+\s+){{0,5}}$", re.IGNORECASE)
    out["setting"] = re.compile(rf"^\s*(?:{data['setting']})\b", re.IGNORECASE)
    return out


@functools.lru_cache(maxsize=None)
def _cue_scan() -> PrefixScan:
    """The before/after cues' prefixes: most clauses hold none of them."""
    return PrefixScan({(m, pos): rx for m in ORDER for pos, rx in cues()[m].items()})


def clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding position `pos` starts."""
    start = 0
    for m in _CLAUSE.finditer(sentence, 0, pos):
        start = m.end()
    return start


def is_charge(sentence: str, start: int, trigger: str) -> bool:
    """Whether the trigger at `start` names what someone is charged with or suspected of."""
    lo = max(clause_start(sentence, start), start - 80)
    m = cues()["charge"].search(sentence[lo:start])
    # "militants suspected of ties to ISIS attacked ...": a past verb is the clause's main verb
    return bool(m) and not trigger.split()[0].lower().endswith("ed")


def speech_scope(sentence: str, start: int, may_match=None) -> tuple[re.Match | None, int]:
    """The nearest speech verb governing a trigger at `start`, and where its content begins
    (may_match: the sentence's _cue_scan spans, when the caller has them)."""
    c = cues()
    may_match = may_match or _cue_scan().spans(sentence).may_match
    best = None
    reported = may_match(("reported", "before"), 0, start)
    for m in c["reported"]["before"].finditer(sentence, 0, start) if reported else ():
        between = sentence[m.end():start]
        if c["setting"].match(between) and " that " not in between:
            continue  # "said during a meeting": the meeting is the setting, not the content
        best = m
    announced = may_match(("announced", "before"), 0, start)
    for m in c["announced"]["before"].finditer(sentence, 0, start) if announced else ():
        between = sentence[m.end():start]
        if c["setting"].match(between) and " that " not in between:
            continue
        if best is None or m.start() > best.start():
            best = m
    if best is None:
        return None, 0
    if best.group(0).lower() == "according to":
        # "According to activists, government forces shelled ...": the content follows the
        # source's comma (the activists are no party); without a comma it is the whole sentence.
        comma = sentence.find(",", best.end(), start)
        return best, (comma + 1 if comma >= 0 else 0)
    return best, best.end()


def claimant_before(sentence: str, verb_start: int) -> str | None:
    """Who speaks, from the words before a speech verb ("former spokesman ... Tala Silo revealed")."""
    prefix = _FILLER.sub("", sentence[:verb_start].rstrip(" ,")).rstrip(" ,")
    segments = [s.strip() for s in prefix.split(",")]
    np = segments[-1] if segments else ""
    if re.match(r"(?:a|an|the)\s", np) and len(segments) >= 2:
        named = _CAPS_TAIL.search(segments[-2])
        if named and len(named.group(1).split()) >= 2:
            return named.group(1)  # "General X, a representative of ..., announced"
    named = _CAPS_TAIL.search(np)
    if named and (named.start() == 0 or not np[named.start() - 1].isalpha()):
        return named.group(1)
    dets = list(_DETERMINER.finditer(np))
    phrase = np[dets[-1].start():] if dets else " ".join(np.split()[-4:])
    return phrase.strip() or None


def claimant_after(text: str) -> str | None:
    """The claimant of "according to X" or of a final ", X said"."""
    text = text.strip().rstrip(".")
    return text or None


def _without_knowledge(clause: str, c: dict) -> str:
    """The clause with its negations of knowledge ("not clear who") blanked out: they leave
    the event itself asserted."""
    rx = c.get("not_negation")
    return clause if rx is None else rx.sub(lambda m: " " * len(m.group(0)), clause)


def modality_of(sentence: str, start: int, end: int) -> tuple[str, str | None, int]:
    """(modality, claimant, content_start) of the trigger at sentence[start:end].

    content_start is where a governing speech verb's content begins (0 if none): actors
    before it belong to the speaker, not to the event."""
    c = cues()
    may_match = _cue_scan().spans(sentence).may_match
    lo, n = clause_start(sentence, start), len(sentence)
    clause = sentence[lo:start]
    after = sentence[end:]
    verb, content_start = speech_scope(sentence, start, may_match)
    claimant = None
    found = set()
    for m in ORDER[:-1]:
        if ("before" in c[m] and m != "announced" and may_match((m, "before"), lo, start)
                and c[m]["before"].search(clause if m != "negated" else _without_knowledge(clause, c))):
            found.add(m)
        if "after" in c[m] and may_match((m, "after"), end, n) and c[m]["after"].search(after):
            found.add(m)
    if _INFINITIVE.search(sentence[max(0, start - 4):start]):
        found.add("planned")  # "Russia and the YPG to set up ...": an act still to come
    if verb is not None:
        word = verb.group(0).lower()
        if word == "according to":
            claimant = claimant_after(re.split(r"[,;]", sentence[verb.end():])[0])
        else:
            claimant = claimant_before(sentence, verb.start())
        found.add("announced" if c["announced"]["before"].fullmatch(verb.group(0)) else "reported")
    tail = c["reported"]["after"].search(after) if may_match(("reported", "after"), end, n) else None
    if tail and claimant is None:
        claimant = claimant_after(re.sub(r"^,\s*|\s+\S+\s*\.?$", "", tail.group(0)))
        found.add("reported")
    if claimant is None:
        acc = re.search(r"according to ([^,;.]+)", sentence, re.IGNORECASE)
        if acc:
            claimant, _ = acc.group(1).strip(), found.add("reported")
    if "reported" in found and claimant and c["media"].search(claimant):
        found.discard("reported")  # a news outlet is the source, not a party making a claim
    if claimant and claimant.lower() in _PRONOUNS:
        claimant = None  # "it said": the speaker is in an earlier sentence
    modality = next((m for m in ORDER if m in found), "asserted")
    return modality, claimant, content_start

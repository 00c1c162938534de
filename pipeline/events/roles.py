"""Actor roles of a trigger: actor1 (who acts) and actor2 (on or with whom), passive-aware."""
from __future__ import annotations

import re

# Subordinate clauses: actors beyond these belong to another event.
_CLAUSE = re.compile(r";|\s(?:but|while|whereas|although|as|after|before|when|because|since|and then|until)\s",
                     re.IGNORECASE)
_TO_WITH = re.compile(r"\b(?:to|with)\s+(?:the\s+)?$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"\w+(?:ed|en|wn)\b")
# Past participles, irregular ones included, for the passive without agent (the auxiliary
# alone also marks a progressive: "were protesting" keeps its subject as the actor).
_PASSIVE_PARTICIPLE = re.compile(
    r"\w+(?:ed|en|wn)\b|(?:shot|hit|struck|held|caught|met|fought|kept|sent|led|slain|bound)\b",
    re.IGNORECASE)
# Another participle before the by-phrase ("fields held by X") takes the agent away.
_OTHER_VERB = re.compile(r"\b(?:\w+(?:ed|en)|held|led|run|built|kept|hit|made|shot|bought|sold)\s+by\b",
                         re.IGNORECASE)
# "was killed by a roadside bomb", "were wounded in an air strike": the trigger is the means.
_AGENT_TRIGGER = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn)\s+"
                            r"(?:by|in)\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
# A verb followed at once by its object, not by a preposition ("killed 12 people", not "killed in").
_ACTIVE_OBJECT = re.compile(r"\s+(?!(?:in|by|at|on|during|when|while|after|near|as|and|or)\b)\w",
                            re.IGNORECASE)
_WITH = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\b(?:to|with|by|from|against|for)\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?between\s+(?:the\s+)?", re.IGNORECASE)
_THE = re.compile(r"\s+(?:the\s+)?", re.IGNORECASE)
_AND = re.compile(r"^\s*(?:and|&|,)\s+(?:the\s+)?$", re.IGNORECASE)
# Victims are never the side that acts in a violent event.
_VICTIMS = {"civilians"}
_ANNOUNCED = re.compile(r"\b(?:announc\w*|declared|unveiled)\s*$", re.IGNORECASE)
# "X said its fighters attacked": a possessive ties an unnamed group to the named actor before it.
_POSSESSIVE = re.compile(r"\b(?:its|their)\s+(?:own\s+)?$", re.IGNORECASE)
_PRONOUN = re.compile(r"^\s*(?:that\s+)?(?:it|they|we|he|she)\b", re.IGNORECASE)
# A reaction to the event: who condemns, welcomes or investigates it is no party to it ("France
# condemned the attack on Khan Sheikhoun", "the UN welcomed the agreement").
_REACTION = re.compile(r"\b(?:condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)|critici[sz](?:ed|es|ing)|deplor(?:ed|es|ing)|"
                       r"welcom(?:ed|es|ing)|mourn(?:ed|s|ing)|decried|decries|lament(?:ed|s)|"
                       r"investigat(?:ed|es|ing)|(?:called|calls|calling) for an? (?:inquiry|investigation) into)\b",
                       re.IGNORECASE)


# A subordinate clause with a noun of its own before the trigger ("after some protesters threw")
# has its own subject: actors of the main clause do not reach into it.
_OWN_SUBJECT = re.compile(r"^(?!\s*(?:(?:and|then|also|later|had|has|have|was|were|is|are|it|they|he|she)\b\s*)*$)\s*\S")


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _CLAUSE.finditer(sentence, 0, start):
        lo = m.end()
    m = _CLAUSE.search(sentence, end)
    return lo, (m.start() if m else len(sentence))


def assign_roles(sentence: str, actors: list[dict], start: int, end: int, content_start: int,
                 violent: bool) -> tuple[dict | None, dict | None]:
    """(actor1, actor2) of the trigger at sentence[start:end] among the sentence's actors."""
    lo, hi = _clause_bounds(sentence, start, end)
    usable = [a for a in actors if a["start"] >= content_start]
    # An actor starting the trigger ("protesters threw stones") counts as its subject.
    before = [a for a in usable if lo <= a["start"] < start or a["start"] == start < a["end"] < end]
    if not before and not _OWN_SUBJECT.search(sentence[lo:start]):
        before = [a for a in usable if a["start"] < start]
    reactions = [m.end() for m in _REACTION.finditer(sentence, 0, start)]
    if reactions:
        before = [a for a in before if a["start"] >= reactions[-1]]
    # "the fields that were captured by the YPG": the agent of another verb is no party here.
    # Actors inside a long trigger after its first word ("shot dead by soldiers", "attacked army
    # checkpoints") are parties to it like those after it.
    after = [a for a in usable if (a["start"] >= end or start < a["start"] < a["end"] <= end) and a["start"] < hi
             and not (_BY.search(sentence[max(0, a["start"] - 12):a["start"]])
                      and _OTHER_VERB.search(sentence[end:a["start"]]))]
    # "an agreement between Russia and Turkey", "clashes between the army and the YPG": the two
    # sides, in the order told, when no subject stands before the trigger.
    opens = _BETWEEN.fullmatch(sentence, end, after[0]["start"]) if len(after) >= 2 else None
    if opens is None and len(after) >= 2 and sentence[start:end].lower().endswith("between"):
        opens = _THE.fullmatch(sentence, end, after[0]["start"])  # the trigger holds it: "talks between"
    if not before and opens is not None and _AND.match(sentence[after[0]["end"]:after[1]["start"]]):
        return after[0], after[1]
    # A trigger that names its actor ("killed by a suicide bomber", "the gunmen"): that actor acts.
    named = next((a for a in usable if a["start"] <= start and end <= a["end"]), None)
    if named is not None:
        others = [a for a in after if a is not named and a["start"] >= end] or [
            a for a in before if a is not named
            and not _PREPOSITION.search(sentence[max(0, a["start"] - 12):a["start"]])][-1:]
        return named, (others[0] if others else None)
    by = None
    auxiliary = _PASSIVE.search(sentence[max(0, start - 30):start])
    if auxiliary or _PARTICIPLE.match(sentence, start, end) or not before:
        # The agent of a passive ("were handed over by the SDF"), of a participle, or of a noun
        # with no subject of its own ("fresh air strikes by the US-led coalition killed ...").
        by = next((a for a in after if _BY.search(sentence[max(0, a["start"] - 12):a["start"]])
                   and not _OTHER_VERB.search(sentence[end:a["start"]])), None)
    if by is not None:
        rest = [a for a in after if a is not by]
        actor2 = before[-1] if before else (rest[0] if rest else None)
        return by, actor2
    if ((auxiliary and _PASSIVE_PARTICIPLE.match(sentence, start, end))
            or (violent and _AGENT_TRIGGER.search(sentence, max(0, start - 60), start))):
        # A passive without its agent ("two men were arrested"), or whose agent is the trigger
        # itself ("a soldier was killed by a roadside bomb"): the subject is acted upon. Its
        # subject is no object of a preposition ("surrendered to police and were detained").
        subjects = [a for a in before if not _PREPOSITION.search(sentence[max(0, a["start"] - 12):a["start"]])]
        # "was killed in a gun battle with police": the side named after "with" fought it.
        other = next((a for a in after if _WITH.search(sentence[max(0, a["start"] - 12):a["start"]])),
                     None) if violent else None
        if subjects or other is not None:
            return other, (subjects[-1] if subjects else None)
    actor1 = before[-1] if before else None
    own_act = _ANNOUNCED.search(sentence[max(0, content_start - 14):content_start])
    if actor1 is None and content_start and (_PRONOUN.match(sentence[content_start:start]) or own_act):
        speakers = [a for a in actors if a["end"] <= content_start]
        actor1 = speakers[-1] if speakers else None  # "X announced (it will ...)": X acts
    actor2 = after[0] if after else None
    if actor1 is not None and len(before) >= 2 and _AND.match(sentence[before[-2]["end"]:actor1["start"]]):
        first = before[-2]  # "the Russian military and the YPG will ...": both act, first leads
        recipient = actor2 is not None and _TO_WITH.search(sentence[max(0, actor2["start"] - 12):actor2["start"]])
        actor1, actor2 = first, (actor2 if recipient else actor1)
    if actor1 is not None and actor1["generic"] and _POSSESSIVE.search(sentence[max(0, actor1["start"] - 12):actor1["start"]]):
        owners = [a for a in actors if a["end"] <= actor1["start"] and not a["generic"]]
        actor1 = owners[-1] if owners else actor1
    if violent and actor1 is not None and actor1["type"] in _VICTIMS:
        # "Gunmen killed three people in an ambush": the victims stand nearer the trigger than
        # the side that acts, which is the nearest earlier actor that is not a victim.
        acting = next((a for a in reversed(before) if a["type"] not in _VICTIMS), None)
        if acting is None and actor2 is not None and _ACTIVE_OBJECT.match(sentence, end):
            # ... unless nobody else acts and the verb takes its victims as object right away:
            # "a teen killed 12 people" (not "three people killed in an air strike"); both sides
            # may then be unnamed people.
            return actor1, actor2
        actor1, actor2 = acting, actor2 or actor1
    if actor1 is not None and actor2 is not None and actor1["name"] == actor2["name"]:
        actor2 = None
    return actor1, actor2

"""Event mentions of one article: triggers typed per sentence, with actors, place, objects,
quantities, modality and provenance."""
from __future__ import annotations

import bisect
import functools
import hashlib
import re

from pipeline.events.actors import find_actors
from pipeline.events.model import loaded_model, token_spans
from pipeline.events.modality import is_charge, modality_of
from pipeline.events.quantities import fatalities, find_quantities
from pipeline.events.roles import assign_roles
from pipeline.events.place import article_place, attach_place, place_candidates
from pipeline.events.slots import find_objects, locative_phrases
from pipeline.events.taxonomy import (VICTIMS, agentless_types, people_roles, refinements, type_columns,
                                      unnamed_actor1, violent_types)
from pipeline.events.triggers import article_candidates, drop_suppressed, find_triggers
from pipeline.events.vocab import load
from pipeline.text import text_layer

EXTRACTOR_VERSION = "1.1.0"

VIOLENT = violent_types()  # `violent: true` in taxonomy.yaml
# War-toll and origin boilerplate: "more than 300,000 people have been killed since the conflict
# began in 2011 with protests" tells the war's history, not an event of the article.
_WAR_NOUN = r"(?:conflict|war|civil war|uprising|revolution|crisis|insurgency|revolt)"
_BACKGROUND_BEFORE = re.compile(rf"(?i)\b(?:since|when|after) the (?:[\w-]+ )?{_WAR_NOUN} "
                                r"(?:first )?(?:began|started|erupted|broke out|begun)\b[^.;]*$")
_BACKGROUND_AFTER = re.compile(rf"(?i)^[^.;]{{0,60}}?\b(?:since|in|during) the (?:start of the |beginning of the )?"
                               rf"(?:[\w-]+ )?{_WAR_NOUN}\b(?: (?:began|started|erupted|broke out)| in \d{{4}}|,|\.|$)")

_PERFECT = re.compile(r"(?i)\b(?:has|have|had)\s+(?:been\s+)?(?:\w+ly\s+)?$")


def _background(sentence: str, start: int, end: int) -> bool:
    """Whether the trigger at sentence[start:end] tells the war's history (see _BACKGROUND_*)."""
    if _BACKGROUND_BEFORE.search(sentence, 0, start):
        return True
    # A toll is told in the perfect ("have been killed since the war began"); "killed 12, the
    # deadliest raid since the war began" is an event.
    return bool(_PERFECT.search(sentence, max(0, start - 30), start) and _BACKGROUND_AFTER.match(sentence[end:]))


_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)
_OBJECT_STOP = re.compile(r"[;,(]|\s(?:but|while|after|before|when|because|since|to|from|in)\s")


def mention_id(article_id: str, char_start: int, event_type: str) -> str:
    """A stable id: the same article, trigger offset and type give the same id everywhere."""
    key = f"{article_id}|{char_start}|{event_type}".encode("utf-8")
    return "m" + hashlib.sha1(key).hexdigest()[:16]


def extract_mentions(article: dict, sentences: list[tuple[int, int]],
                     places: list[dict], use_model: bool = True) -> list[dict]:
    """Mention rows (pipeline.tables.MENTIONS columns except the date ones) for one article.

    The rules find triggers, actors, places, quantities and modality; then the learned typer
    (when its model file is present) reads every sentence holding a rule trigger or one of its
    cue words, all of an article's in one batch, and decides which types are events: it keeps,
    re-types or drops the rule mentions and adds the events the rules missed (`typed_by`)."""
    text = article.get("text") or ""
    model = loaded_model() if use_model else None
    seen_types: set[str] = set()
    rule_rows: list[dict] = []
    per_sentence: list[tuple[_SentenceContext, list[tuple[dict, dict]]]] = []
    starts = article_candidates(text, sentences)
    for index, (s, e) in enumerate(sentences):
        has_candidates = starts is None or bool(starts[index])
        if model is None and not has_candidates:
            continue  # no word that can begin a trigger
        ctx = _SentenceContext(article, text, s, index, text[s:e])
        found = _rule_rows(ctx, starts and starts[index], rule_rows, seen_types) if has_candidates else []
        rule_rows.extend(row for row, _ in found)
        seen_types |= {row["event_type"] for row, _ in found}
        per_sentence.append((ctx, found))
    if model is not None:
        per_sentence = _typed_by_model(model, per_sentence, text, sentences)
    rows: list[dict] = []
    fallback: list = []  # the article's place, found at the first mention (most articles have none)
    place_order = _by_start(places)
    for ctx, found in per_sentence:
        # Only the sentence's place rows: linear in the article, not places x mentions.
        in_sentence = _rows_within(places, place_order, ctx.offset, ctx.offset + len(ctx.sentence)) if found else []
        for row, t in found:
            if not fallback:
                fallback.append(article_place(text, sentences, places))
            candidates = place_candidates(ctx.offset, ctx.sentence, ctx.phrases, in_sentence, ctx.actors,
                                          (t["start"], t["end"], row["event_type"]))
            attach_place(row, t, candidates, fallback[0])
            _fill_unnamed_actor1(row)
            rows.append(row)
    return rows


def _fill_unnamed_actor1(row: dict) -> None:
    """Actor1 by the type's convention when the text names none (after the model's re-typing,
    so the type is final); never the actor already on the other side."""
    if row["actor1"] is not None:
        return
    default = unnamed_actor1().get(row["event_type"])
    if default is not None and default[0] != row["actor2"]:
        row["actor1"], row["actor1_type"] = default


class _SentenceContext:
    """One sentence and the slots of it that mentions share, found only when first asked for."""

    def __init__(self, article: dict, text: str, offset: int, index: int, sentence: str):
        self.article, self.text, self.offset, self.index, self.sentence = (
            article, text, offset, index, sentence)
        self._slots = None

    def _fill(self):
        actors = find_actors(self.sentence)
        phrases = [p for p in locative_phrases(self.sentence)
                   if not any(a["start"] < p["end"] and p["start"] < a["end"] for a in actors)]
        self._slots = (actors, phrases, find_quantities(self.sentence))

    @property
    def actors(self):
        if self._slots is None:
            self._fill()
        return self._slots[0]

    @property
    def phrases(self):
        if self._slots is None:
            self._fill()
        return self._slots[1]

    @property
    def quantities(self):
        if self._slots is None:
            self._fill()
        return self._slots[2]

    def mention(self, t: dict) -> dict:
        return _mention(self.article, self.text, self.offset, self.index, self.sentence, t,
                        self.actors, self.phrases, self.quantities)


def _rule_rows(ctx: _SentenceContext, candidates, earlier: list[dict], seen_types: set[str]
               ) -> list[tuple[dict, dict]]:
    """The rules' mentions of one sentence, each with the trigger it came from."""
    sentence = ctx.sentence
    triggers = [t for t in find_triggers(sentence, candidates)
                if (t["type"] == "arrest" or not is_charge(sentence, t["start"], t["text"]))
                and not _background(sentence, t["start"], t["end"])]
    if not triggers:
        return []
    triggers = drop_suppressed(triggers)
    done: set[str] = set()
    out = []
    for t in triggers:
        row = ctx.mention(t)
        generic = row["event_type"]
        anaphor = _after_anaphor(sentence, t["start"])
        retyped = anaphor and _retype_back_reference(row, earlier)
        kind = row["event_type"]
        if not _has_needs(row, t.get("needs")):
            continue
        if kind in done or (kind in seen_types and anaphor and row["actor1"] is None and not retyped):
            continue  # one mention per type and sentence; "during the meeting" is a back-reference
        done.add(kind)
        if retyped:
            done.add(generic)  # "The raid ... killed four": the killing is the raid's toll
        row["typed_by"] = "rules"
        out.append((row, t))
    return out


def _typed_by_model(model, per_sentence: list[tuple["_SentenceContext", list[tuple[dict, dict]]]],
                    text: str, sentences: list[tuple[int, int]]
                    ) -> list[tuple["_SentenceContext", list[tuple[dict, dict]]]]:
    """The article's mentions once the learned typer has read its sentences. Per sentence: the
    most likely type is an event when "no event" is unlikely enough; a rule mention of that
    type is kept (`both`), a rule mention of another type the model still finds likely is kept
    (`rules`), one it does not believe is re-typed to the model's type when the rules missed it
    (`model`) or dropped; the model's type left over becomes a new mention whose trigger is the
    sentence's word weighing most for it (`model`), beside kept rule mentions only when the
    model is sure of it (`second_threshold`)."""
    read, tokens_of = [], {}
    with_cues = model.sentences_with_cues(text, sentences)
    layer = text_layer(text)
    for n, (ctx, found) in enumerate(per_sentence):
        if found or ctx.index in with_cues:
            read.append(n)
            tokens_of[n] = layer.span_tokens(ctx.offset, ctx.offset + len(ctx.sentence))
    if not read:
        return [(ctx, found) for ctx, found in per_sentence if found]
    probs = model.token_probabilities(
        [tokens_of[n] for n in read], [[row["event_type"] for row, _ in per_sentence[n][1]] for n in read],
        [per_sentence[n][0].sentence for n in read])
    decided = dict(zip(read, probs))
    refines = refinements()
    out = []
    for n, (ctx, found) in enumerate(per_sentence):
        if n not in decided:
            if found:
                out.append((ctx, found))
            continue
        p = dict(zip(model.classes, map(float, decided[n])))
        best = max(model.types, key=p.get)
        chosen = best if p[model.classes[model.none]] < model.none_threshold else None
        claimed = {row["event_type"] for row, _ in found}
        kept = []
        for row, t in found:
            kind = row["event_type"]
            if kind not in p or kind not in model.veto_types:
                # A type the model has too few real-news examples of to overrule a rule trigger:
                # the rules decide, the model can only confirm it.
                if kind == chosen:
                    row["typed_by"] = "both"
                    row["confidence"] = round(p[kind], 3)
                kept.append((row, t))
                claimed.add(kind)
                continue
            if chosen is not None and chosen in refines.get(kind, ()):
                # The model reads a generic type the rules' trigger specifies ("sorties" for
                # fighting): the specific type stays, with the probability of both.
                row["typed_by"] = "both"
                row["confidence"] = round(min(1.0, p[kind] + p[chosen]), 3)
                claimed.add(chosen)
                kept.append((row, t))
                continue
            if kind == chosen:
                row["typed_by"] = "both"
            elif p[kind] >= model.keep_threshold:
                row["typed_by"] = "rules"
            elif chosen is not None and chosen not in claimed:
                _retype(row, chosen, ctx.quantities)
                row["typed_by"] = "model"
                claimed.add(chosen)
            else:
                continue  # the rules' word, read in context, is not an event of this kind
            row["confidence"] = round(p[row["event_type"]], 3)
            kept.append((row, t))
        # The model's type as a mention of its own: where the rules found nothing, or, beside
        # rule mentions it still believes, only when it is sure of a second event.
        alone = not kept
        if chosen is not None and chosen not in claimed and (alone or p[chosen] >= model.second_threshold):
            span = model.best_cue(token_spans(ctx.sentence), chosen)
            # A word inside a kept rule trigger is already read as part of that event
            # ("requested a meeting with ...": diplomacy, not a second event, a meeting).
            inside = span is not None and any(k["start"] < span[1] and span[0] < k["end"] for _, k in kept)
            if span is not None and not inside and not _background(ctx.sentence, span[0], span[1]):
                t = {"type": chosen, "start": span[0], "end": span[1],
                     "text": ctx.sentence[span[0]:span[1]], "by_actor": {}, "needs": None}
                row = ctx.mention(t)
                if row["event_type"] != chosen:
                    _retype(row, chosen, ctx.quantities)
                row["typed_by"] = "model"
                row["confidence"] = round(p[chosen], 3)
                kept.append((row, t))
        if kept:
            out.append((ctx, kept))
    return out


def _retype(row: dict, kind: str, quantities: list[dict]) -> None:
    """Give a mention another type (the columns that follow from the type with it)."""
    row.update(type_columns(kind))
    row["mention_id"] = mention_id(row["article_id"], row["char_start"], kind)
    row["fatalities_best"] = fatalities(quantities) if kind in VIOLENT else None


def _by_start(rows: list[dict]) -> tuple[list[int], list[int]]:
    """Indices of `rows` sorted by char_start, and those starts (for _rows_within)."""
    order = sorted(range(len(rows)), key=lambda i: rows[i]["char_start"])
    return order, [rows[i]["char_start"] for i in order]


def _rows_within(rows: list[dict], by_start: tuple[list[int], list[int]], lo: int, hi: int) -> list[dict]:
    """The rows starting within [lo, hi], in their original order."""
    order, starts = by_start
    picked = order[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)]
    return [rows[i] for i in sorted(picked)]


def _after_anaphor(sentence: str, start: int) -> bool:
    """Whether "the/this/that" ends sentence[:start]: searched from the last word only, as
    a search of the whole head for the end-anchored pattern tries every position."""
    last_word_end = len(sentence[:start].rstrip())
    return bool(_ANAPHOR.search(sentence, max(0, last_word_end - 4), start))


def _mention(article, text, offset, index, sentence, t, actors, phrases, quantities) -> dict:
    modality, claimant, content_start = modality_of(sentence, t["start"], t["end"])
    kind = t["type"]
    people = people_roles().get(kind)  # `people` in taxonomy.yaml
    actor1, actor2 = assign_roles(sentence, actors, t["start"], t["end"], content_start,
                                  violent=people == VICTIMS)
    if isinstance(people, tuple):
        actor1, actor2 = _crowd_first(actors, actor1, actor2, content_start)
    if isinstance(people, tuple) and actor1 is not None and actor1["type"] == "civilians":
        actor1 = {**actor1, "name": people[0], "type": people[1]}  # "thousands of people marched"
    if kind in agentless_types():
        # "Floods swept parts of India": nothing named acts, and the state is where it struck.
        actor1 = None
        if actor2 is not None and actor2["type"] == "state_forces" and not actor2["generic"]:
            actor2 = None
    if actor1 is None and actor2 is not None and t.get("agent") == "after":
        actor1, actor2 = actor2, None  # `agent: after` in lexicon.yaml: "the town fell to the army"
    if actor1 is not None:
        kind = t["by_actor"].get(actor1["type"], kind)
    stop = _OBJECT_STOP.search(sentence, t["end"] + 1)
    begin = max((m.end() for m in _OBJECT_STOP.finditer(sentence, 0, t["start"])), default=0)
    objects = find_objects(sentence[begin:stop.start() if stop else len(sentence)])
    quantity_rows = [{k: q[k] for k in ("value", "unit", "text")} for q in quantities if not q.get("implicit")]
    confidence = 0.5 + 0.15 * (" " in t["text"]) + 0.15 * (actor1 is not None) + 0.1 * bool(phrases)
    return {
        "mention_id": mention_id(article["article_id"], offset + t["start"], kind),
        "article_id": article["article_id"],
        "sentence_index": index,
        "char_start": offset + t["start"],
        "char_end": offset + t["end"],
        "evidence": sentence,
        "trigger": text[offset + t["start"]:offset + t["end"]],
        **type_columns(kind),
        "actor1": actor1["name"] if actor1 else None,
        "actor1_type": actor1["type"] if actor1 else None,
        "actor2": actor2["name"] if actor2 else None,
        "actor2_type": actor2["type"] if actor2 else None,
        "objects": objects,
        "quantities": quantity_rows,
        "fatalities_best": fatalities(quantities) if kind in VIOLENT else None,
        "modality": modality,
        "claimant": claimant,
        "confidence": round(min(confidence, 0.95), 3),
        "typed_by": "rules",
        "extractor_version": EXTRACTOR_VERSION,
        "place_name": None,
    }


_CROWD = frozenset({"civilians", "protesters", "rioters"})
_FORCES = frozenset({"state_forces", "government"})


def _crowd_first(actors: list[dict], actor1: dict | None, actor2: dict | None,
                 content_start: int) -> tuple[dict | None, dict | None]:
    """In a protest or riot the crowd is actor1 and the force it faces actor2, however the
    sentence is built ("70 people were detained by police", "protesters and police officers
    were injured", "police dispersed the demonstrators")."""
    if actor1 is not None and actor1["type"] not in _FORCES:
        return actor1, actor2
    crowd = next((a for a in actors if a["type"] in _CROWD and a["start"] >= content_start), None)
    if crowd is None:
        return actor1, actor2
    force = actor1 if actor1 is not None else (actor2 if actor2 is not crowd else None)
    if force is not None and force["type"] not in _FORCES:
        force = None
    return crowd, force


@functools.lru_cache(maxsize=None)
def _back_references() -> dict:
    return load("anaphora").get("generic_back_references") or {}


def _retype_back_reference(row: dict, earlier: list[dict]) -> bool:
    """Give a generic "the raid" the type of the specific event the article told before it;
    True when retyped. It stays a mention: its sentence may add the place or the toll."""
    specific = _back_references().get(row["event_type"])
    previous = next((r for r in reversed(earlier) if specific and r["event_type"] in specific), None)
    if previous is None:
        return False
    row.update(type_columns(previous["event_type"]))
    row["mention_id"] = mention_id(row["article_id"], row["char_start"], row["event_type"])
    return True


def _has_needs(row: dict, needs: str | None) -> bool:
    """Whether a weak trigger has what makes it an event: an actor, or an object/recipient."""
    if needs == "actor":
        return row["actor1"] is not None or row["actor2"] is not None
    if needs == "object":
        return bool(row["objects"]) or row["actor2"] is not None
    return True

"""The learned sentence typer: a multinomial logistic regression over "no event" and the event
types, trained with scikit-learn by `pipeline.training.events` on the labelled real-news
corpus. It reads a sentence's words, word pairs and stems and the types the rules found in it,
and gives a probability per type. A model file may also weigh the sentence's static word
embedding (WordLlama, whose weights ship inside its PyPI wheel; nothing is downloaded); the
committed one does not, as the dev split showed too small a gain for its cost (README).

At run time only numpy is needed: the model file holds the feature vocabulary, the weight
matrices and the intercepts, and a sentence's scores are the L2-normalised sum of its
features' weight rows (plus its embedding times the dense weights): the same probabilities as
scikit-learn's `predict_proba` (a test checks it) at a fraction of its per-call cost, which
matters because it runs on every candidate sentence of every article.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import os
from pathlib import Path

import numpy as np

from pipeline.text import NUMBER, WORD_TOKEN, text_layer, word_tokens

MODEL_FILE = Path(__file__).resolve().parent / "data" / "event_model.npz"
NONE = "none"
# Tokens of lowered text: words, numbers (folded to one token), apostrophe contractions: the
# text layer's word tokens (pipeline.text), which the model's features are made of.
_TOKEN = WORD_TOKEN
_NUMBER = NUMBER
_APOSTROPHES = ("'", "’")
TOKEN_MEMO = 200_000  # distinct tokens whose feature rows are remembered (a few MB)
PREFIX = 5  # a cheap stem: the first letters of longer words ("killings" -> "killi")


def features(tokens: list[str], rule_types: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The model's sparse features of one sentence: words, word pairs, stems, and the types the
    rules found in it (the model learns how far each rule can be trusted on real news)."""
    out = ["w:" + t for t in tokens]
    out += ["b:" + a + "_" + b for a, b in zip(tokens, tokens[1:])]
    out += ["p:" + t[:PREFIX] for t in tokens if len(t) > PREFIX]
    out += ["r:" + t for t in rule_types]
    if rule_types:
        out.append("r:any")
    return out


def sentence_tokens(sentence: str) -> list[str]:
    """The tokens of token_spans without their offsets (pipeline.text.word_tokens)."""
    return word_tokens(sentence)


def token_spans(sentence: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of a sentence, offsets into the sentence itself."""
    lowered = sentence.lower()
    source = lowered if len(lowered) == len(sentence) else sentence  # lower() may lengthen
    return [(_NUMBER if m.group(0)[0].isdigit() else m.group(0).lower(), m.start(), m.end())
            for m in _TOKEN.finditer(source)]


@functools.lru_cache(maxsize=1)
def embedder():
    """WordLlama's static embeddings, loaded offline from its own package folder."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed(sentences: list[str]) -> np.ndarray:
    """Unit-length sentence embeddings (rows)."""
    if not sentences:
        return np.zeros((0, 256), dtype=np.float32)
    return np.asarray(embedder().embed(sentences, norm=True), dtype=np.float64)


class EventModel:
    """Weights of the typer and its decision thresholds."""

    def __init__(self, path: Path = MODEL_FILE):
        with np.load(path, allow_pickle=False) as data:
            self.classes: list[str] = [str(c) for c in data["classes"]]
            vocabulary = [str(v) for v in data["vocabulary"]]
            self.weights = data["weights"].astype(np.float64)  # sparse features x classes
            self.dense = data["dense"].astype(np.float64)  # embedding dimensions x classes
            self.intercept = data["intercept"].astype(np.float64)
            self.embedding_scale = float(data["embedding_scale"])
            self.none_threshold = float(data["none_threshold"])
            self.keep_threshold = float(data["keep_threshold"])
            self.second_threshold = float(data["second_threshold"])
            cue_words = [str(w) for w in data["cue_words"]]
            self.veto_types = frozenset(str(k) for k in data["veto_types"])
            self.version = str(data["version"])
        self.index = {f: i for i, f in enumerate(vocabulary)}
        # The feature rows of features() keyed the way a sentence's tokens reach them, so that
        # scoring builds no feature strings: a token's word and stem rows, a pair's row.
        token_rows: dict[str, list[int]] = {}
        self.pair_rows: dict[tuple[str, str], int] = {}
        self.rule_rows: dict[str, int] = {}
        self.stem_rows: dict[str, int] = {}
        for i, f in enumerate(vocabulary):
            kind, value = f[:2], f[2:]
            if kind == "w:":
                token_rows.setdefault(value, []).append(i)
            elif kind == "b:":
                a, _, b = value.partition("_")
                self.pair_rows[(a, b)] = i
            elif kind == "p:":
                self.stem_rows[value] = i
            elif kind == "r:":
                self.rule_rows[value] = i
        for token, rows in token_rows.items():
            if len(token) > PREFIX and token[:PREFIX] in self.stem_rows:
                rows.append(self.stem_rows[token[:PREFIX]])
        self.token_rows = {t: tuple(r) for t, r in token_rows.items()}
        self._rows_of_token: dict[str, tuple[int, ...]] = {}
        self.token_keys = frozenset(self.token_rows)
        self.pair_keys = frozenset(self.pair_rows)
        self.class_index = {c: i for i, c in enumerate(self.classes)}
        self.none = self.class_index[NONE]
        self.types = [c for c in self.classes if c != NONE]
        # Words that mostly occur in event sentences (from the training corpus): only sentences
        # holding one, or a rule trigger, are read, which keeps the model's cost small.
        self.cue_words = frozenset(cue_words)

    def sentences_with_cues(self, text: str, spans: list[tuple[int, int]]) -> set[int]:
        """Indices of the spans holding a cue word (a whole word: no letter or digit on either
        side, no apostrophe after it), read from the text layer's words (pipeline.text, the
        split dates read too): a cue word that is one run of letters and digits is one of those
        words, in lower case, with no apostrophe opening the gap after it; the few others are
        looked for in the lower-cased text. Tokenising every sentence costs more than the model."""
        layer = text_layer(text)
        lowered = layer.lower
        if len(lowered) != len(text):  # lower() changed offsets: sentence by sentence
            return {i for i, (s, e) in enumerate(spans)
                    if not self.cue_words.isdisjoint(sentence_tokens(text[s:e]))}
        if "_" in text or "Σ" in text:  # a word of the split is then not one run of letters
            return self._sentences_by_automaton(lowered, spans)
        plain, others = self._cue_kinds()
        parts, starts, _, lowers = layer.words
        hits = [(starts[i], starts[i] + len(lowers[i]) - 1)
                for i in itertools.compress(range(len(lowers)), map(plain.__contains__, lowers))
                if parts[2 * i + 2][:1] not in _APOSTROPHES]
        for word in others:
            at = lowered.find(word)
            while at >= 0:
                if self._whole_word(lowered, at, at + len(word) - 1):
                    hits.append((at, at + len(word) - 1))
                at = lowered.find(word, at + 1)
        return self._sentences_of(hits, spans)

    def _cue_kinds(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The cue words that are one run of letters and digits, and the others."""
        if not hasattr(self, "_kinds"):
            self._kinds = (frozenset(w for w in self.cue_words if w.isalnum()),
                           tuple(sorted(w for w in self.cue_words if not w.isalnum())))
        return self._kinds

    @staticmethod
    def _whole_word(lowered: str, start: int, end: int) -> bool:
        """Whether lowered[start:end + 1] is a whole word (see sentences_with_cues)."""
        return not ((start > 0 and lowered[start - 1].isalnum()) or (
            end + 1 < len(lowered) and (lowered[end + 1].isalnum() or lowered[end + 1] in _APOSTROPHES)))

    @staticmethod
    def _sentences_of(hits: list[tuple[int, int]], spans: list[tuple[int, int]]) -> set[int]:
        """The spans holding a hit (start and last offset)."""
        starts = [s for s, _ in spans]
        found: set[int] = set()
        for start, end in hits:
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and end < spans[k][1]:
                found.add(k)
        return found

    def _sentences_by_automaton(self, lowered: str, spans: list[tuple[int, int]]) -> set[int]:
        """sentences_with_cues from one Aho-Corasick scan of the lower-cased text."""
        automaton = self._cue_automaton()
        if automaton is None:
            return set()
        hits = []
        for end, size in automaton.iter(lowered):
            if self._whole_word(lowered, end - size + 1, end):
                hits.append((end - size + 1, end))
        return self._sentences_of(hits, spans)

    def _cue_automaton(self):
        if not hasattr(self, "_automaton"):
            import ahocorasick

            self._automaton = None
            if self.cue_words:
                automaton = ahocorasick.Automaton()
                for word in self.cue_words:
                    automaton.add_word(word, len(word))
                automaton.make_automaton()
                self._automaton = automaton
        return self._automaton

    def rows_of(self, tokens: list[str], rule_types) -> set[int]:
        """The known feature rows of features(tokens, rule_types), found without building them:
        each distinct token's rows (its word and stem) from a table of the tokens met before,
        the pairs by one set intersection, all in C but for a token met for the first time."""
        memo = self._rows_of_token
        try:
            rows = set(itertools.chain.from_iterable(map(memo.__getitem__, set(tokens))))
        except KeyError:
            rows = set(itertools.chain.from_iterable(map(self._token_feature_rows, set(tokens))))
        pairs = set(zip(tokens, tokens[1:])) & self.pair_keys
        rows.update(map(self.pair_rows.__getitem__, pairs))
        if rule_types:
            for kind in (*rule_types, "any"):
                i = self.rule_rows.get(kind)
                if i is not None:
                    rows.add(i)
        return rows

    def _token_feature_rows(self, token: str) -> tuple[int, ...]:
        """A token's word and stem rows (remembered: at most TOKEN_MEMO tokens)."""
        memo = self._rows_of_token
        rows = memo.get(token)
        if rows is None:
            rows = self.token_rows.get(token)
            if rows is None:
                stem = self.stem_rows.get(token[:PREFIX]) if len(token) > PREFIX else None
                rows = () if stem is None else (stem,)
            if len(memo) >= TOKEN_MEMO:
                memo.clear()
            memo[token] = rows
        return rows

    def probabilities(self, feature_lists: list[list[str]], sentences: list[str]) -> np.ndarray:
        """P(class | sentence): rows of sentences, columns of `classes` (softmax)."""
        get = self.index.get
        return self._softmax([{i for i in map(get, feats) if i is not None} for feats in feature_lists],
                             sentences)

    def token_probabilities(self, token_lists: list[list[str]], rule_type_lists: list,
                            sentences: list[str]) -> np.ndarray:
        """probabilities() from tokens and rule types (the run-time path, same numbers)."""
        return self._softmax([self.rows_of(t, r) for t, r in zip(token_lists, rule_type_lists)],
                             sentences)

    def _softmax(self, row_sets: list[set[int]], sentences: list[str]) -> np.ndarray:
        # All sentences' rows in one gather and one segmented sum: numpy calls per sentence
        # would cost more than the arithmetic. An empty row set scores the intercept alone.
        sizes = [len(r) for r in row_sets]
        scores = np.tile(self.intercept, (len(row_sets), 1))
        if any(sizes):
            filled = [n for n, k in enumerate(sizes) if k]
            counts = [sizes[n] for n in filled]
            flat = np.fromiter(itertools.chain.from_iterable(row_sets[n] for n in filled),
                               dtype=np.intp, count=sum(counts))
            starts = list(itertools.accumulate([0] + counts[:-1]))
            sums = np.add.reduceat(self.weights[flat], starts, axis=0)
            scores[filled] += sums / np.sqrt(np.array(counts, dtype=np.float64))[:, None]
        if self.embedding_scale:
            scores += (embed(sentences) * self.embedding_scale) @ self.dense
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def best_cue(self, spans: list[tuple[str, int, int]], kind: str) -> tuple[int, int] | None:
        """The span of the sentence's word that speaks most for `kind` against "no event" (its
        weight for the type minus its weight for no event): a model mention's trigger. Worked
        out per word asked about, as few sentences need it (no margin matrix kept in memory)."""
        column, none = self.class_index[kind], self.none
        best, span = 0.0, None
        for token, start, end in spans:
            i = self.index.get("w:" + token)
            if i is not None:
                margin = self.weights[i, column] - self.weights[i, none]
                if margin > best:
                    best, span = margin, (start, end)
        return span


def model_enabled() -> bool:
    """CONFLICT_EVENTS_MODEL=off runs the rules alone (for comparisons and ablations)."""
    return os.environ.get("CONFLICT_EVENTS_MODEL", "on").lower() not in ("off", "0", "no", "false")


# A model that training or evaluation puts in place of the committed one (threshold search,
# ablations); None in runs.
_override: EventModel | None = None


def use_model(model: EventModel | None) -> None:
    """Put `model` in place of the committed file (None: back to the committed one)."""
    global _override
    _override = model
    _committed.cache_clear()


def loaded_model() -> EventModel | None:
    """The model in use: the committed file, loaded once per process; None when absent or
    switched off (CONFLICT_EVENTS_MODEL=off)."""
    if _override is not None:
        return _override
    return _committed() if model_enabled() else None


@functools.lru_cache(maxsize=1)
def _committed() -> EventModel | None:
    return EventModel(MODEL_FILE) if MODEL_FILE.exists() else None

"""The scanner: one regex per form of temporal expression, each match's groups named after its form."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.regex_literals import first_chars
from pipeline.vocabulary import read_yaml

# Word lists, and words with their values (month and weekday numbers, holiday dates).
LEXICON = read_yaml(Path(__file__).with_name("lexicon.yaml"), {str: ({str: int}, {str: str}, [str])})

MONTHS = {k.lower(): v for k, v in LEXICON["months"].items()}
WEEKDAYS = {k.lower(): v for k, v in LEXICON["weekdays"].items()}
WEEKDAY_ABBREVIATIONS = {k.lower(): v for k, v in LEXICON["weekday_abbreviations"].items()}
NUMBERS = {k.lower(): v for k, v in LEXICON["numbers"].items()}
VAGUE_NUMBERS = {w.lower() for w in LEXICON["vague_numbers"]}
DAY_WORDS = {k.lower(): v for k, v in LEXICON["day_words"].items()}


def _alternation(words, case_variants: bool = False) -> str:
    """A regex alternation in which longer words are tried first ("Sept" beats "Sep"), the
    words sharing a prefix gathered under it ("Sep(?:tember|t)?"): the same matches as the
    plain longest-first alternation, found with fewer steps. Spaces match any whitespace."""
    if case_variants:  # Capitalised or upper case only: "May" is a month, "may" a verb.
        words = [v for w in words for v in (w[0].upper() + w[1:], w.upper())]
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    """The alternation of the words below a trie node: the longer continuations first (a greedy
    optional group when a word also ends at the node)."""
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" not in node:
        return body if len(branches) == 1 else f"(?:{body})"
    return f"(?:{body})?"


_LONGEST = {n: max((k for k, v in LEXICON["months"].items() if v == n), key=len)
            for n in set(LEXICON["months"].values())}
# Abbreviations ("Dec", "Sept") may end with a period; full names never take the sentence's.
_MONTH = (rf"(?:(?:{_alternation(_LONGEST.values(), True)})|"
          rf"(?:{_alternation(set(LEXICON['months']) - set(_LONGEST.values()), True)})\.?)")
_WEEKDAY = rf"(?:{_alternation(LEXICON['weekdays'], True)})"
_WEEKDAY_ANY = rf"(?:{_alternation(list(LEXICON['weekdays']) + list(LEXICON['weekday_abbreviations']), True)})\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR4 = r"(?:1[89]|20)\d\d"
_YEAR = _YEAR4 + r"(?![\d:])"
# Years spoken in broadcast transcripts: "nineteen ninety-four", "nineteen eighty", "the year two
# thousand", "in two thousand and one" (resolve.year_number reads them).
_UNITS_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NINETEEN_X = rf"nineteen[\s-]+(?:(?:{_TENS_W})(?:[\s-]+(?:{_UNITS_W}))?|{_TEENS_W}|hundred)\b"
_TWO_THOUSAND_X = rf"two\s+thousand(?:(?:\s+and)?[\s-]+(?:{_TEENS_W}|{_UNITS_W})\b)?"
_YEAR_WORDS = rf"(?i:{_NINETEEN_X}|{_TWO_THOUSAND_X})"
_COUNT = rf"(?:\d{{1,3}}|(?i:{_alternation(NUMBERS)}))"
_VAGUE = _alternation(VAGUE_NUMBERS)
_UNIT = r"(?:hours?|days?|weeks?|months?|years?)"
_DASH = r"(?:-|–|—)"
# The cues that stay outside the expression (prepositions); the others are modifiers (_MONTH_MOD).
_CUE = _alternation([c for c in LEXICON["month_year_cues"] if " of" not in c
                     and c.rstrip("-") not in ("last", "this", "next", "early", "mid", "late")])
# Words that make a month or year alone a date and belong to the expression ("last April",
# "the end of 1990", "early March"); prepositions ("in", "since": _CUE) stay outside it.
_POSITION = r"(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|first\s+half|second\s+half)\s+of"
_MONTH_MOD = rf"(?i:(?P<{{p}}rel>last|this|next|this\s+past)\s+|{_POSITION}\s+|(?:early|mid|late)\s*-?\s*)"
# "the first half of 1989", "the last half of 1989": the half-year (resolve._year).
_YEAR_MOD = rf"(?i:(?:the\s+)?(?P<{{p}}half>first|second|last|latter)\s+half\s+of\s+|{_POSITION}\s+|(?:early|mid|late)\s*-?\s*|fiscal\s+)"
_ORDINAL_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_PRESENT = _alternation(LEXICON["present_refs"])
_FUTURE_REF = _alternation(LEXICON["future_refs"])
_HOLIDAY = _alternation(LEXICON["holidays"], True)
_PART = _alternation(LEXICON["day_parts"])
_FUZZY = _alternation(LEXICON["fuzzy"])
_FUZZY_SINCE = _alternation(LEXICON["fuzzy_since"])
_THE_WEEKDAY_NOT = "before|after|of|that|when|following|prior|in|on|at|and|or|to|was|is|were|had|has|he|she|they|it|we|"\
                   "morning|afternoon|evening|night|itself"
_NOT_AFTER_DETERMINER = "".join(f"(?<!{w} )" for w in ("an", "An", "the", "The", "its", "his", "her", "their"))

# Each form: (name, pattern with {p} standing for the form's group-name prefix). Order matters:
# at one position the first form that matches wins, so longer forms come first.
FORMS: list[tuple[str, str]] = [
    ("range_dm", rf"(?:(?i:between|from)\s+)?(?P<{{p}}d1>{_DAY})\s*(?:{_DASH}|(?i:to|and|until|till|through))\s*"
                 rf"(?P<{{p}}d2>{_DAY})\s+(?P<{{p}}m>{_MONTH})(?:,?\s+(?P<{{p}}y>{_YEAR}))?"),
    ("range_md", rf"(?:(?i:between|from)\s+)?(?P<{{p}}m>{_MONTH})\s+(?P<{{p}}d1>{_DAY})\s*"
                 rf"(?:{_DASH}|(?i:to|and|until|till|through))\s*(?P<{{p}}d2>{_DAY})(?!\s*{_MONTH})"
                 rf"(?:,?\s+(?P<{{p}}y>{_YEAR}))?"),
    ("year_range", rf"\b(?i:between|from)\s+(?P<{{p}}y1>{_YEAR})\s*(?:{_DASH}|(?i:to|and|until|till|through))\s*"
                   rf"(?P<{{p}}y2>{_YEAR})\b"),
    ("year_span", rf"\b(?P<{{p}}y1>{_YEAR4}){_DASH}(?P<{{p}}y2>{_YEAR})\b"),
    ("iso", rf"\b(?P<{{p}}y>{_YEAR4})-(?P<{{p}}m>[01]\d)-(?P<{{p}}d>[0-3]\d)(?!\d)"),
    ("numeric", rf"\b(?P<{{p}}a>[0-3]?\d)(?P<{{p}}sep>[/.-])(?P<{{p}}b>[0-3]?\d)(?P={{p}}sep)(?P<{{p}}y>{_YEAR})"),
    ("ymd", rf"\b(?P<{{p}}y>{_YEAR})\s+(?P<{{p}}m>{_MONTH})\s+(?P<{{p}}d>{_DAY})"),
    ("dmy", rf"(?:(?P<{{p}}wd>{_WEEKDAY_ANY}),?\s+)?(?:the\s+)?\b(?P<{{p}}d>{_DAY})(?:\s+of)?\s+(?P<{{p}}m>{_MONTH})\b"
            rf"(?:,?\s+(?P<{{p}}y>{_YEAR}))?"),
    ("mdy", rf"(?:(?P<{{p}}wd>{_WEEKDAY_ANY}),?\s+)?\b(?P<{{p}}m>{_MONTH})\s+(?:the\s+)?(?P<{{p}}d>{_DAY})\b"
            rf"(?:,?\s+(?P<{{p}}y>{_YEAR}))?"),
    ("month_year", rf"\b(?P<{{p}}core>(?:(?i:early|mid|late)\s*-?\s*)?(?P<{{p}}m>{_MONTH}),?\s+(?P<{{p}}y>{_YEAR}))"),
    ("quarter", rf"\b(?P<{{p}}core>(?i:the\s+)?(?:(?P<{{p}}y0>{_YEAR})\s+|(?P<{{p}}rel>(?i:this|last|next))\s+year's\s+)?"
                rf"(?i:fiscal\s+)?(?P<{{p}}n>(?i:{_ORDINAL_Q}))(?:-|\s+)(?i:quarter)\b(?:\s+(?i:of)\s+(?P<{{p}}y>{_YEAR}))?)"),
    ("quarter_ref", rf"\b(?P<{{p}}core>(?i:the|that|this)\s+(?:(?P<{{p}}ago>(?i:comparable\s+)?(?i:year-ago|year-earlier|"
                    rf"previous\s+year's|year\s+earlier))\s+|(?P<{{p}}cur>(?i:latest|most\s+recent|current|recent|past|last|"
                    rf"previous|next|coming))\s+)?(?i:fiscal\s+)?(?i:quarter)\b)(?!\s+(?i:of)\b|-\w)"
                    rf"|\b(?P<{{p}}core2>(?i:the\s+)?(?:(?i:comparable)\s+)?(?P<{{p}}ago2>(?i:year-ago|year-earlier))(?:\s+(?i:period))?)\b"
                    # "the 1989 period", "the 1988 quarter": the quarter named before, in that year
                    rf"|\b(?i:the)\s+(?P<{{p}}y>{_YEAR})\s+(?i:period|quarter)\b(?!-)"),
    ("decade", rf"(?P<{{p}}core>(?i:the\s+)?(?:(?P<{{p}}mod>(?i:early|mid|late))\s*-?\s*)?(?:\b(?P<{{p}}y>(?:1[89]|20)\d)0|"
               rf"(?<=the )'(?P<{{p}}yy>\d)0)'?s)\b"),
    ("season", rf"\b(?P<{{p}}core>(?:(?P<{{p}}rel>(?i:last|this|next|this\s+past|the|early|late|mid|the\s+early|the\s+late))[\s-]+)"
               rf"(?P<{{p}}s>(?i:{_SEASON}))(?:\s+(?i:of\s+)?(?P<{{p}}y>{_YEAR}|{_YEAR_WORDS}))?)\b"
               rf"|\b(?P<{{p}}core2>(?P<{{p}}s2>(?i:{_SEASON}))\s+(?i:of\s+)?(?P<{{p}}y2>{_YEAR}))\b"),
    ("month", rf"\b(?i:{_CUE})\s*(?P<{{p}}core>{_MONTH_MOD}?\b(?P<{{p}}m>{_MONTH})\b(?!\.?\s*\d)"
              rf"(?:\s+(?P<{{p}}yrel>(?i:this|last|next))\s+(?i:year)\b)?)"),
    # "the October slaying", "The March accession": a month before a lower-case noun ("The March
    # of Return" is a name).
    ("month_the", rf"\b(?i:the)\s+(?P<{{p}}core>(?P<{{p}}m>{_MONTH}))\b(?!\.?\s*\d)(?!\s+of\b)(?=\s+[a-z])"),
    # "a June agreement", "its March meeting", "to December's figures" (not "Theresa May's": after a
    # lower-case word only): a month as a modifier, read as "the October slaying" is.
    ("month_poss", rf"(?:(?<=\ba )|(?<=\ban )|(?<=\bits )|(?<=\btheir )|(?<=\bhis )|(?<=\bher )|(?<=\bour ))"
                   rf"(?P<{{p}}m>{_MONTH})\b(?!\.?\s*\d)(?!\s+of\b)(?=\s+[a-z])"
                   rf"|(?<=[\w,] )(?P<{{p}}m2>{_MONTH})(?=['’]s\s+[a-z])"),
    ("month_mod", rf"(?P<{{p}}core>{_MONTH_MOD}\b(?P<{{p}}m>{_MONTH})\b(?!\.?\s*\d)"
                  rf"(?:\s+(?P<{{p}}yrel>(?i:this|last|next))\s+(?i:year)\b)?)"),
    ("yrel_month", rf"\b(?P<{{p}}core>(?P<{{p}}m>{_MONTH})\s+(?P<{{p}}yrel>(?i:this|last|next))\s+(?i:year)\b)"),
    ("year", rf"\b(?i:{_CUE})\s*(?P<{{p}}core>{_YEAR_MOD}?\b(?P<{{p}}y>{_YEAR}))\b(?![.,]\d)"),
    ("year_mod", rf"(?P<{{p}}core>{_YEAR_MOD}\b(?P<{{p}}y>{_YEAR}))\b(?![.,]\d)"),
    ("year_coord", rf"(?:(?<=\d\d\d\d and )|(?<=\d\d\d\d or )|(?<=\d\d\d\d, ))(?P<{{p}}core>(?P<{{p}}y>{_YEAR}))\b"),
    # A year without a cue ("1990 results", "the 1998 budget"): see timexes._bare_year_ok.
    ("year_bare", rf"\b(?P<{{p}}y>{_YEAR})\b(?![.,]\d|\s*%|-\d|'?s\b|\s*(?:-|–)\s*\d)"),
    ("day_word", rf"\b(?:(?i:late|early|earlier|later)\s+)?(?P<{{p}}w>(?i:{_alternation(DAY_WORDS)}))\b(?:\s+(?P<{{p}}part>{_PART})\b)?"),
    # "the Friday explosions", "the Sunday attack": a weekday before a lower-case noun names that
    # day (as "the October slaying"); "on the Friday", "the Friday before" stay the story's own time.
    ("weekday_the", rf"\b(?i:the)\s+(?P<{{p}}core>(?P<{{p}}wd>{_WEEKDAY}))\b(?=\s+[a-z])(?!\s+(?:{_THE_WEEKDAY_NOT})\b)"),
    ("weekday", rf"\b(?:(?P<{{p}}rel>(?i:last|this|next|past|this\s+coming|the\s+previous|the\s+preceding|the\s+following|the))\s+)?(?P<{{p}}wd>{_WEEKDAY})\b"
                rf"(?:\s+(?P<{{p}}part>{_PART})\b)?"),
    ("ago", rf"\b(?:(?i:nearly|almost|about|some|roughly|more\s+than|less\s+than|at\s+least|just)\s+)?(?:(?P<{{p}}n>{_COUNT})|(?P<{{p}}vague>(?i:{_VAGUE})))\s+(?P<{{p}}u>(?i:{_UNIT}))\s+(?i:ago)\b"),
    # "nine hours earlier", "two days later": relative to the story's own time, not publication.
    ("anaphoric", rf"\b(?:{_COUNT}|(?i:{_VAGUE}))\s+(?i:{_UNIT})\s+(?i:earlier|later|before|after)\b"),
    ("past_n", rf"\b(?i:(?:over|in|during|within|for)\s+)?(?i:the\s+)(?i:past|last|previous)\s+(?P<{{p}}n>{_COUNT})\s+"
               rf"(?P<{{p}}u>(?i:{_UNIT}))\b"),
    ("past_unit", rf"\b(?i:(?:over|in|during|within|for)\s+the\s+(?:past|last))\s+(?P<{{p}}u>(?i:day|week|month|year))\b"),
    ("unit_rel", rf"\b(?:(?i:sometime|some\s+time)\s+)?(?P<{{p}}rel>(?i:(?:(?:earlier|later|early|late|mid)[\s-]+)?(?:last|this|next|previous)|"
                 rf"the\s+previous|the\s+past|the\s+current|the\s+latest))\s+(?P<{{p}}fiscal>(?i:fiscal)\s+)?"
                 rf"(?P<{{p}}u>(?i:weekend|week|month|year))\b(?!-)"),
    ("weekend", rf"\b(?i:(?:over|at|during)\s+the\s+weekend)\b|\b(?P<{{p}}ahead>(?i:ahead\s+of))\s+(?P<{{p}}core>(?i:the\s+weekend))\b"),
    ("fuzzy_since", rf"\b(?i:{_FUZZY_SINCE})\s+(?:(?i:the|this|its|their|our)\s+)?[A-Za-z-]+"
                    rf"(?:\s+(?!(?i:in|on|at|of|and|by|to|for|with|against|we|they|he|she|it|i|you|there|this|that|the|a|an|has|have|had|was|were|is|are)\b)[A-Za-z-]+)?"),
    ("present", rf"\b(?P<{{p}}core>(?i:{_PRESENT}))\b(?!\s+(?i:that|on|than)\b)"),
    ("future", rf"\b(?i:(?:in|for|over)\s+)(?P<{{p}}core>(?i:{_FUTURE_REF}))\b"),
    ("holiday", rf"\b(?P<{{p}}h>{_HOLIDAY})(?![\w'’])(?:\s+(?P<{{p}}wk>week)\b)?"),  # "Easter week": its ISO week
    # "in nineteen seventy-nine", "the year two thousand" ("two thousand" alone is a count).
    ("year_words", rf"\b(?P<{{p}}core>(?i:the\s+year)\s+(?P<{{p}}y>{_YEAR_WORDS}))|\b(?P<{{p}}y2>(?i:{_NINETEEN_X}))"
                   rf"|(?:(?<=in )|(?<=In )|(?<=by )|(?<=since )|(?<=until ))(?P<{{p}}y3>(?i:{_TWO_THOUSAND_X}))"),
    # "the year", "the current year", "the end of the year": the year of publication ("the Year"
    # in a title is not).
    ("the_year", rf"\b(?P<{{p}}core>(?i:{_POSITION}\s+)?(?i:the\s+(?:(?:current|full|present|fiscal)\s+)?)year)\b"
                 rf"(?![-'’]|\s+(?i:before|earlier|ago|after|later|of|to|when|in|that|and\s+a\s+half|on|old|since|which|two|nineteen|twenty)\b|\s+\d)"),
    ("year_end", rf"\b(?P<{{p}}core>(?i:year[-\s]end))\b"),
    ("fuzzy", rf"\b{_NOT_AFTER_DETERMINER}(?i:{_FUZZY})\b(?!\s+(?i:than|version|report|statement|fiscal)\b)"),
]

# The scanner, form by form: at one position the first form that matches wins (as in one
# alternation of them all, which is slower: see FORMS_BY_FIRST_CHAR).
FORM_SCANNERS = tuple(re.compile(f"(?P<{name}>{body.replace('{p}', name + '_')})") for name, body in FORMS)


def _forms_by_first_char() -> dict[str, tuple[re.Pattern, ...]]:
    """For each ASCII character, FORM_SCANNERS whose matches can start with it, in order. Trying
    those in turn finds the scanner's match at about half the cost: at a "t" no numeric or
    month-name form is tried."""
    firsts = []
    for name, body in FORMS:
        chars, nullable = first_chars(body.replace("{p}", name + "_"))
        firsts.append(None if nullable else chars)
    return {ch: tuple(rx for rx, chars in zip(FORM_SCANNERS, firsts) if chars is None or ch in chars)
            for ch in map(chr, range(128))}


FORMS_BY_FIRST_CHAR = _forms_by_first_char()

# Lower-cased words one of which every match of a form holds among its first NEEDLE_WORDS words
# (words as the scanner splits them: "year-ago" is "year", "ago"); the scanner skips the form
# where none stands there. Each list must hold every such word of the form's vocabulary.
NEEDLE_WORDS = 10
_UNIT_WORDS = frozenset("hour hours day days week weeks month months year years".split())
_NEEDLES = {
    "quarter": frozenset({"quarter"}), "quarter_ref": frozenset({"quarter", "ago", "earlier", "period"}),
    "season": frozenset({"spring", "summer", "fall", "autumn", "winter"}),
    "ago": frozenset({"ago"}), "anaphoric": frozenset({"earlier", "later", "before", "after"}),
    "past_n": _UNIT_WORDS, "past_unit": _UNIT_WORDS, "unit_rel": _UNIT_WORDS | {"weekend"},
    "weekend": frozenset({"weekend"}), "the_year": frozenset({"year"}),
    "yrel_month": frozenset({"year"}), "future": frozenset({"future", "term", "coming"}),
}
FORM_NEEDLES = {i: _NEEDLES[name] for i, (name, _) in enumerate(FORMS) if name in _NEEDLES}
# For each ASCII character, (form, its needles or None) in the order of FORMS_BY_FIRST_CHAR.
SCAN_PLAN = {ch: tuple((rx, FORM_NEEDLES.get(FORM_SCANNERS.index(rx))) for rx in forms)
             for ch, forms in FORMS_BY_FIRST_CHAR.items()}


def _first_words(phrases) -> set[str]:
    return {re.split(r"[\s-]", str(p).lower())[0] for p in phrases}


# Lower-cased words an expression may start with (besides digits): the scanner is only tried
# at those word starts, which makes it several times faster than a plain finditer.
START_WORDS = set().union(*(_first_words(LEXICON[k]) for k in (
    "months", "weekdays", "weekday_abbreviations", "numbers", "vague_numbers", "day_words",
    "month_year_cues", "fuzzy", "fuzzy_since"))) | set(
    "between from over in during within for at last this next previous earlier later early late "
    "past the mid first second third fourth 1st 2nd 3rd 4th that spring summer fall autumn winter "
    "nearly almost about some roughly more less at just fiscal sometime very year nineteen ahead".split()) \
    | _first_words(LEXICON["holidays"]) \
    | _first_words(LEXICON["present_refs"])

FUTURE_CUE = re.compile(rf"(?i)(?:\b|(?<=\w))(?:{_alternation(LEXICON['future_cues'])})\b")
# The longest word of each future cue (the last of equals: "set" of "are set to"), which every
# match of FUTURE_CUE holds.
FUTURE_CUE_PIECES = tuple(sorted({max(reversed(str(c).split() or [""]), key=len)
                                  for c in LEXICON["future_cues"]}))

REPORTING_VERB = re.compile(rf"(?i)\b(?:{_alternation(LEXICON['reporting_verbs'])})\b")

# Frequent function words open an expression only before a temporal word ("in May", "the past
# week", "a few days ago"): the scanner is not tried after "in the house" at all.
GATED_WORDS = set("the of a an in for at from by during through throughout after before over within "
                  "until till some many that this about more less than least just nearly almost roughly "
                  "very first second third fourth one two three four five six seven eight nine ten "
                  "several few".split())
NEXT_WORDS = set("the this past last previous same following next end beginning start middle "
                 "weekend day days week weeks month months year years hour hours time few couple "
                 "number recent mid early late several first second third fourth 1st 2nd 3rd 4th "
                 "quarter fiscal latest current comparable year-ago year-earlier most coming near "
                 "spring summer fall autumn winter future very close present moment now morning afternoon "
                 "evening night coming past quarters full half thousand".split())
# Month and weekday names in lower case ("may", "march"): never a date, so never scanned.
LOWER_NAMES = {w.lower() for w in list(LEXICON["months"]) + list(LEXICON["weekdays"])}
PAST_VERBS = {w.lower() for w in LEXICON["past_verbs"]}
NOT_PAST = {w.lower() for w in LEXICON["not_past"]}
COUNTED_NOUNS = {w.lower() for w in LEXICON["counted_nouns"]}
NUMBER_LABELS = {w.lower() for w in LEXICON["number_labels"]}
CAPITALISED_NAMES = {v for w in list(LEXICON["months"]) + list(LEXICON["weekdays"])
                     for v in (w, w.upper())}

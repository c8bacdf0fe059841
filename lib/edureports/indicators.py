"""Indicators: what a figure measures, from a controlled vocabulary (``data/indicators.yaml``).

Each figure has a ``measure`` (the phrase naming what is counted), its ``sentence``, a canonical
``unit`` and a ``role``. :func:`assign` gives it an indicator id, a category, labels, and the
keyword that decided it, so a researcher can see why. Everything language-specific is in the
data file; this module only applies it (the rules are written at the top of the YAML file).

>>> a = assign("一本上线率", "一本上线率达40.6%", "percent")
>>> a.indicator, a.category, a.label_en, a.keyword
('exam.gaokao.tier1_rate', 'exam', 'Gaokao tier-1 admission rate', '一本上线率')
>>> assign("学生", "惠及学生57.9万人", "person").indicator
'student_aid.students'
>>> assign("", "召开大会2次,学校安全工作成效明显", "event")
Assignment(indicator='other', category='safety', label_en='Other', label_zh='其他', keyword='安全')
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path


from ._data import invisible_chars, parse_yaml_strict, schema_errors
from .errors import DataFileError
from .terms import CATEGORIES, ROLES, UNITS

__all__ = [
    "CATEGORIES",
    "ROLES",
    "UNITS",
    "Assignment",
    "Indicator",
    "Vocabulary",
    "assign",
    "clear_cache",
    "load_indicators",
    "load_vocabulary",
]

#: The first part of an indicator id, per category (the rest use the category's own name).
ID_PREFIX = {"staffing": "staff"}
OTHER = "other"
DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "indicators.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$")
_REQUIRED = ("id", "category", "unit", "label_zh", "label_en", "keywords")
_OPTIONAL = ("cues", "exclude")
_TOP_KEYS = ("indicators", "category_cues", "fallback_units", "growth_units", "number_classifiers",
             "numerals")


@dataclass(frozen=True)
class Indicator:
    """One entry of the vocabulary; ``file`` is the YAML file it was loaded from."""

    id: str
    category: str
    unit: str
    label_zh: str
    label_en: str
    keywords: tuple[str, ...]
    cues: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    file: str = ""


@dataclass(frozen=True)
class Assignment:
    """The indicator a figure takes. ``keyword`` is the vocabulary word that decided it: an
    indicator keyword, or for indicator ``other`` the category cue word (None if there was none)."""

    indicator: str
    category: str
    label_en: str
    label_zh: str
    keyword: str | None


_UNMATCHED = Assignment(OTHER, OTHER, "Other", "其他", None)
_UNIT_SET, _ROLE_SET = frozenset(UNITS), frozenset(ROLES)  # for the check of every call


# --------------------------------------------------------------------------- loading


def _invisible(text: str) -> str | None:
    """The first invisible or space character in ``text`` (U+200B, U+3000, NBSP, tab ...), named."""
    return next(iter(invisible_chars(text)), None)


class _Checker:
    """Collects every error of one vocabulary file, each naming its key."""

    def __init__(self):
        self.errors: list[str] = []
        self._t2s = None

    def add(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    def simplified(self, word: str) -> bool:
        if self._t2s is None:
            import opencc  # loaded only when a file is validated

            self._t2s = opencc.OpenCC("t2s")
        return self._t2s.convert(word) == word

    def words(self, value, where: str, *, chinese: bool = True, required: bool = True) -> tuple[str, ...]:
        """A list of distinct, non-empty, visible (and simplified) words; errors recorded."""
        if not isinstance(value, list) or (required and not value):
            self.add(where, "expected a non-empty list of words" if required else "expected a list of words")
            return ()
        good, seen = [], set()
        for word in value:
            if not isinstance(word, str) or not word:
                self.add(where, f"{word!r} is not a non-empty string")
                continue
            if (bad := _invisible(word)) is not None:
                self.add(where, f"{word!r} contains an invisible character {bad}")
                continue
            if chinese and not self.simplified(word):
                self.add(where, f"{word!r} is not simplified Chinese")
            if word in seen:
                self.add(where, f"{word!r} is listed twice")
            seen.add(word)
            good.append(word)
        return tuple(good)

    def text(self, value, where: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.add(where, "expected a non-empty string")
            return None
        if (bad := _invisible(value.replace(" ", ""))) is not None:
            self.add(where, f"{value!r} contains an invisible character {bad}")
        return value

    def units(self, value, where: str) -> tuple[str, ...]:
        units = self.words(value, where, chinese=False)
        for unit in units:
            if unit not in UNITS:
                self.add(where, f"unknown unit {unit!r}")
        return tuple(u for u in units if u in UNITS)


def _check_entry(entry, index: int, chk: _Checker, path: str) -> Indicator | None:
    where = f"indicators[{index}]"
    if not isinstance(entry, dict):
        chk.add(where, "expected a mapping")
        return None
    if isinstance(entry.get("id"), str):
        where = f"indicators[{index}] {entry['id']!r}"
    n_errors = len(chk.errors)
    if any(key not in entry for key in _REQUIRED) or any(key not in _REQUIRED + _OPTIONAL for key in entry):
        return None  # the schema reports missing and unknown fields
    ident, category, unit = entry["id"], entry["category"], entry["unit"]
    if ident == OTHER:
        chk.add(where, f"id {OTHER!r} is reserved for figures no indicator matches")
    if category in CATEGORIES and isinstance(ident, str) and _ID.match(ident):
        prefix = ID_PREFIX.get(category, category)
        if ident.split(".")[0] != prefix:
            chk.add(where, f"id prefix {ident.split('.')[0]!r} does not match category "
                           f"{category!r} (expected {prefix}.)")
    if category not in CATEGORIES or unit not in UNITS or not (isinstance(ident, str) and _ID.match(ident)):
        return None  # the schema reports them
    label_zh = chk.text(entry.get("label_zh"), f"{where} label_zh") if "label_zh" in entry else None
    label_en = chk.text(entry.get("label_en"), f"{where} label_en") if "label_en" in entry else None
    keywords = chk.words(entry.get("keywords"), f"{where} keywords") if "keywords" in entry else ()
    cues = chk.words(entry["cues"], f"{where} cues") if "cues" in entry else ()
    exclude = chk.words(entry["exclude"], f"{where} exclude") if "exclude" in entry else ()
    for word in set(keywords) & set(exclude):
        chk.add(f"{where} exclude", f"{word!r} is also a keyword, so it can never match")
    if len(chk.errors) > n_errors:
        return None
    return Indicator(ident, category, unit, label_zh, label_en, keywords, cues, exclude, path)


def _parse(path: Path) -> tuple[list[Indicator], dict, list[str]]:
    """The indicators and settings of one file, and every error found in it: read strictly, check the
    declared schema (``data/schemas/indicators.schema.yaml``), then what a schema cannot say."""
    data, problems = _read(path)
    if data is None:
        return [], {}, problems
    chk = _Checker()
    chk.errors.extend(problems)
    chk.errors.extend(schema_errors("indicators.yaml", Path(path).read_text(encoding="utf-8"), data))
    entries = data.get("indicators") if isinstance(data.get("indicators"), list) else []
    _check_ids_and_keywords(entries, chk)
    indicators = [ind for i, entry in enumerate(entries) if (ind := _check_entry(entry, i, chk, str(path)))]
    return indicators, _settings(data, chk), chk.errors


def _read(path: Path) -> tuple[dict | None, list[str]]:
    """The parsed file (None when it cannot be read or is not a mapping) and its syntax problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"cannot be read: {exc}"]
    data, problems = parse_yaml_strict(text)
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):
        return None, problems + ["top level: expected a mapping with an 'indicators' list"]
    return data, problems


def _check_ids_and_keywords(entries: list, chk: _Checker) -> None:
    """Ids are unique; a keyword decides among the indicators of one unit, so it belongs to one of them."""
    owners: dict[tuple, str] = {}
    ids: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("id"), str):
            if entry["id"] in ids:
                chk.add(f"indicators[{i}] {entry['id']!r}", f"duplicate id (first at indicators[{ids[entry['id']]}])")
            ids.setdefault(entry["id"], i)
        unit = entry.get("unit")
        for word in entry.get("keywords") or []:
            key = (unit, word)
            if isinstance(word, str) and key in owners and owners[key] != entry.get("id"):
                chk.add(f"indicators[{i}] {entry.get('id')!r} keywords",
                        f"keyword {word!r} is also used by {owners[key]!r} (unit {unit})")
            elif isinstance(word, str) and isinstance(unit, str):
                owners[key] = entry.get("id")


def _settings(data: dict, chk: _Checker) -> dict:
    """The file's settings besides its indicators: category cues (each cue in one category only),
    fallback and growth units, number classifiers, numeral characters."""
    settings = {"category_cues": {}, "fallback_units": {}, "growth_units": (),
                "number_classifiers": (), "numerals": ""}
    cues = data.get("category_cues", {}) if isinstance(data.get("category_cues", {}), dict) else {}
    cue_owner: dict[str, str] = {}
    for category, words in cues.items():
        where = f"category_cues {category!r}"
        if category not in CATEGORIES:
            continue  # the schema reports it
        words = chk.words(words, where)
        for word in words:
            if word in cue_owner:
                chk.add(where, f"cue {word!r} is also a cue for {cue_owner[word]!r}")
            cue_owner.setdefault(word, category)
        settings["category_cues"][category] = words
    fallback = data.get("fallback_units", {}) if isinstance(data.get("fallback_units", {}), dict) else {}
    for unit, units in fallback.items():
        if unit in UNITS:
            settings["fallback_units"][unit] = chk.units(units, f"fallback_units {unit!r}")
    if "growth_units" in data:
        settings["growth_units"] = chk.units(data["growth_units"], "growth_units")
    if "number_classifiers" in data:
        settings["number_classifiers"] = chk.words(data["number_classifiers"], "number_classifiers")
    if "numerals" in data:
        settings["numerals"] = chk.text(data["numerals"], "numerals") or ""
    return settings


def load_indicators(path: str | Path | None = None) -> list[Indicator]:
    """The indicators of a vocabulary file (default: the packaged ``data/indicators.yaml``).

    Every problem is collected (schema, unknown category or unit, an id whose prefix does not
    match its category, duplicate ids, a keyword used by two indicators of one unit, invisible characters,
    traditional characters) and raised together as :class:`~edureports.errors.DataFileError`,
    each error naming its key.

    >>> inds = load_indicators()
    >>> len(inds) >= 60, inds[0].id, inds[0].file.endswith("indicators.yaml")
    (True, 'funding.total', True)
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    indicators, _, errors = _parse(path)
    if errors:
        raise DataFileError(path, errors)
    return indicators


# --------------------------------------------------------------------------- matching


def _words_regex(words) -> re.Pattern | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@dataclass(frozen=True)
class _Rule:
    indicator: Indicator
    cues: re.Pattern | None
    exclude: re.Pattern | None
    assignment: Assignment


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """A loaded, precompiled vocabulary; :meth:`assign` applies it. Build with :func:`load_vocabulary`."""

    indicators: tuple[Indicator, ...]
    category_cues: dict
    fallback_units: dict
    growth_units: tuple[str, ...]
    number_classifiers: tuple[str, ...] = ()
    numerals: str = ""
    path: str = ""
    _index: dict = field(init=False, repr=False)
    _cue_index: dict = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {})
        object.__setattr__(self, "_cue_index", {})
        # keyword index by first character, per unit: {unit: {char: ((keyword, rule), ...)}}
        for ind in self.indicators:
            rule = _Rule(ind, _words_regex(ind.cues), _words_regex(ind.exclude),
                         Assignment(ind.id, ind.category, ind.label_en, ind.label_zh, None))
            by_char = self._index.setdefault(ind.unit, {})
            for kw in ind.keywords:
                by_char.setdefault(kw[0], []).append((kw, rule))
        for category, words in self.category_cues.items():
            for word in words:
                self._cue_index.setdefault(word[0], []).append((word, category))
        object.__setattr__(self, "_assign_cached", functools.lru_cache(maxsize=1 << 16)(self._assign))
        object.__setattr__(self, "_matchers", {})
        object.__setattr__(self, "_step_cache", {})
        object.__setattr__(self, "_labels", {})

    def __len__(self) -> int:
        return len(self.indicators)

    def __reduce__(self):
        # rebuilt (index and cache) on unpickling, so a vocabulary can be sent to worker processes
        return (Vocabulary, (self.indicators, self.category_cues, self.fallback_units, self.growth_units,
                             self.number_classifiers, self.numerals, self.path))

    def _hits(self, text: str, matcher):
        """Every (keyword, payload, position) of ``text``, longest keyword first, then the last (a word's
        payloads in index order), from :meth:`_found`."""
        words, payloads = matcher[1], matcher[2]
        for _, i, k in self._found(text, matcher):
            for payload in payloads[k]:
                yield words[k], payload, i

    def _found(self, text: str, matcher) -> list[tuple[int, int, int]]:
        """``(length, position, word index)`` of every keyword occurrence in ``text`` (overlapping too),
        longest first, then the last: one pass of ``matcher`` (a :meth:`_matcher` entry). A keyword
        starting with a number classifier right after a numeral is no keyword there (个人 in 3个人)."""
        automaton, words, _, after_numeral, _, _ = matcher
        if not words:
            return []
        hits = automaton.find_matches_as_indexes(text, overlapping=True)
        if not hits:
            return hits  # most measures hold no keyword of a unit
        found = [(len(words[k]), i, k) for k, i, _ in hits
                 if not (after_numeral[k] and i > 0 and text[i - 1] in self.numerals)]
        found.sort(reverse=True)  # one word per length and position: its index k breaks no tie
        return found

    def _matcher(self, units: tuple[str, ...] | None):
        """The automaton over the keywords of ``units`` (None: the category cue words), built once:
        ``(automaton, words, payloads, starts with a number classifier, choices, direct)``, the payloads of
        each word in index order (units, then file order); the choices of a word its ``(rule, assignment
        labelled with the word)`` in the same order (none for the cue words); ``direct`` the assignment of
        its first choice when that rule has no cues and no exclude words (it is chosen then), else None."""
        if units not in self._matchers:
            import ahocorasick_rs

            tables = [self._cue_index] if units is None else [self._index[u] for u in units if u in self._index]
            by_word: dict[str, list] = {}
            for table in tables:
                for entries in table.values():
                    for word, payload in entries:
                        by_word.setdefault(word, []).append(payload)
            words = list(by_word)
            matcher = ahocorasick_rs.AhoCorasick(words) if words else None
            payloads = [tuple(by_word[w]) for w in words]
            choices = [() if units is None else tuple((rule, self._labelled(rule.assignment, w)) for rule in rules)
                       for w, rules in zip(words, payloads)]
            direct = [pairs[0][1] if pairs and pairs[0][0].cues is None and pairs[0][0].exclude is None else None
                      for pairs in choices]
            self._matchers[units] = (matcher, words, payloads, [w[0] in self.number_classifiers for w in words],
                                     choices, direct)
        return self._matchers[units]

    def _best(self, measure: str, sentence: str, matcher, where: str) -> Assignment | None:
        """The assignment (labelled with its keyword) of the first rule of the hits in the measure or the
        sentence whose cues appear and exclude words do not (in ``measure + "\\n" + sentence``)."""
        context = None  # built for the first rule with cues or exclude words
        choices, direct = matcher[4], matcher[5]
        for _, _, k in self._found(measure if where == "measure" else sentence, matcher):
            if direct[k] is not None:
                return direct[k]  # the word's first rule holds whatever the context
            for rule, assignment in choices[k]:
                if rule.cues is None and rule.exclude is None:
                    return assignment
                context = context or measure + "\n" + sentence
                if rule.cues is not None and not rule.cues.search(context):
                    continue
                if rule.exclude is not None and rule.exclude.search(context):
                    continue
                return assignment
        return None

    def _steps(self, unit: str, role: str):
        """Where to look, in order: ``(matcher, "measure" | "sentence")``, built once per unit and kind
        of role (steps with no units left out)."""
        key = (unit, role == "growth")
        if key not in self._step_cache:
            own, more = (unit,), tuple(self.fallback_units.get(unit, ()))
            if role == "growth":
                more = more + tuple(u for u in self.growth_units if u != unit and u not in more)
                steps = ((own, "measure"), (more, "measure"), (own, "sentence"), (more, "sentence"))
            else:
                steps = ((own, "measure"), (own, "sentence"), (more, "measure"), (more, "sentence"))
            self._step_cache[key] = tuple((self._matcher(units), where) for units, where in steps if units)
        return self._step_cache[key]

    def _assign(self, measure: str, sentence: str, unit: str, role: str) -> Assignment:
        for matcher, where in self._steps(unit, role):
            if (found := self._best(measure, sentence, matcher, where)) is not None:
                return found
        for text in (measure, sentence):
            first = next(self._hits(text, self._matcher(None)), None)
            if first:
                word, category, _ = first
                return self._labelled(Assignment(OTHER, category, _UNMATCHED.label_en, _UNMATCHED.label_zh, None), word)
        return _UNMATCHED

    def _labelled(self, assignment: Assignment, word: str) -> Assignment:
        """``assignment`` with ``word`` as its keyword (each pair built once: assignments are immutable)."""
        key = (assignment.indicator, assignment.category, word)  # an indicator id is one assignment
        if key not in self._labels:
            self._labels[key] = dataclasses.replace(assignment, keyword=word)
        return self._labels[key]

    def assign(self, measure: str | None, sentence: str | None, unit: str,
               role: str = "level") -> Assignment:
        """See :func:`assign`."""
        if (type(unit) is str and type(role) is str and unit in _UNIT_SET and role in _ROLE_SET
                and (measure is None or type(measure) is str) and (sentence is None or type(sentence) is str)):
            return self._assign_cached(measure or "", sentence or "", unit, role)  # the usual call, valid at a glance
        for name, value in (("measure", measure), ("sentence", sentence)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"assign() {name} must be str, not {type(value).__name__}")
        for name, value, allowed in (("unit", unit, UNITS), ("role", role, ROLES)):
            if not isinstance(value, str):
                raise TypeError(f"assign() {name} must be str, not {type(value).__name__}")
            if value not in allowed:
                raise ValueError(f"assign() {name} {value!r} is not one of {allowed}")
        return self._assign_cached(measure or "", sentence or "", unit, role)


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """The vocabulary of a file, validated (DataFileError lists every error) and precompiled.
    The packaged default is loaded once and shared.

    >>> load_vocabulary().assign("专职保安员", "配备了51名专职保安员", "person").indicator
    'staff.security_guards'
    """
    if path is None:
        return _default_vocabulary()
    return _build(Path(path))


def _build(path: Path) -> Vocabulary:
    indicators, settings, errors = _parse(path)
    if errors:
        raise DataFileError(path, errors)
    return Vocabulary(tuple(indicators), settings["category_cues"], settings["fallback_units"],
                      settings["growth_units"], settings["number_classifiers"], settings["numerals"],
                      str(path))


@functools.cache
def _default_vocabulary() -> Vocabulary:
    return _build(DEFAULT_PATH)


def assign(measure: str | None, sentence: str | None, unit: str, role: str = "level", *,
           vocabulary: Vocabulary | None = None) -> Assignment:
    """The indicator of one figure, from its measure, sentence, canonical unit and role.

    Indicators of the figure's own unit come first (then those of ``fallback_units``); a keyword
    in the measure beats one in the sentence; the longest keyword wins, then the one nearer the
    end; an indicator's ``cues`` must appear and its ``exclude`` words must not. A growth figure
    may take an indicator of any unit, the measure first. With no indicator the figure gets
    indicator ``other`` and a category from the ``category_cues`` words. ``None`` for measure
    or sentence reads as empty; a wrong type raises TypeError, an unknown unit or role ValueError.

    >>> assign("上线人数", "我区普文普理重点大学(本一)上线人数达251人", "person").indicator
    'exam.gaokao.tier1_admits'
    >>> assign("上线率", "理工类二本以上上线人数4375人,上线率为22.31%", "percent").indicator
    'exam.gaokao.tier2_rate'
    >>> a = assign("春季招生", "春季招生4468人,比上年增加了1565人,同比增长54%", "percent", "growth")
    >>> a.indicator, a.keyword
    ('enrolment.vocational_intake', '春季招生')
    """
    vocab = vocabulary if vocabulary is not None else _default_vocabulary()
    return vocab.assign(measure, sentence, unit, role)


def clear_cache() -> None:
    """Forget the assignments the default vocabulary remembers per (measure, sentence, unit, role).
    The benchmarks call it before each pass over the same texts, so that a repeated text is measured as
    a new one would be, not answered from memory."""
    _default_vocabulary()._assign_cached.cache_clear()

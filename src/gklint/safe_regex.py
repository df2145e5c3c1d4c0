"""Regular expressions from rule packs: refuse the catastrophic ones, bound the rest.

Rule packs are data, possibly from third parties, and run on every draft; a pattern such
as ``(a+)+$`` can take exponential time on a long line.  Python's ``re`` has no timeout,
so gklint does two things:

1. **Load-time heuristic** (:func:`regex_risk`).  The pattern is parsed with the
   standard library's regex parser and every *unbounded* repetition (``*``, ``+``,
   ``{n,}`` and ``{n,m}`` with ``m`` ≥ 16) is inspected.  Its body is rejected when

   * the body can match the empty string — ``(a*)*``, ``(a?)+``, ``(|x)*``;
   * the body contains another repetition (``+``, ``*``, ``{n,m}`` with ``m`` > 1)
     and everything else in the body can match the empty string, so the same text
     splits between the two quantifiers in many ways — ``(a+)+``, ``(?:\\d+\\s*)*``,
     ``(a+|b)*``;
   * the body contains an alternation whose branches can start with the same
     character, or two of which can match the empty string — ``(a|a)*``,
     ``(ab|a.)*``.

   Possessive quantifiers (``a++``) and atomic groups (``(?>…)``) never backtrack and
   are accepted.  The heuristic is deliberately conservative (it may reject a pattern
   that is in fact safe; rewrite it with a possessive quantifier or an atomic group),
   and it does not catch polynomial blow-ups such as ``.*a.*b.*c`` — those are kept
   in check by (2).

2. **Bounded input** (:class:`BoundedPattern`).  Drafts are matched paragraph by
   paragraph; a text longer than :data:`MAX_INPUT` characters is matched line by line
   and each line is cut at :data:`MAX_INPUT` characters.  Check kinds should compile
   pack patterns with :func:`compile_bounded`.
"""
from __future__ import annotations

import re
from typing import Iterator

try:  # Python 3.11+
    import re._constants as _c  # type: ignore[import-not-found]
    import re._parser as _parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

MAX_INPUT = 20_000  # characters; a long paragraph of a report is ~2 000
_BIG_REPEAT = 16
_MAXREPEAT = _c.MAXREPEAT

REGEX_KEYS = frozenset({"pattern", "patterns", "regex", "regexes", "when"})
REGEX_SUFFIXES = ("_pattern", "_patterns", "_regex")


def is_regex_key(key: object) -> bool:
    """Params keys whose string values are regular expressions: ``pattern``, ``patterns``,
    ``regex``, ``regexes``, ``when`` and any key ending in ``_pattern``, ``_patterns`` or
    ``_regex`` (e.g. ``issuer_pattern``)."""
    return isinstance(key, str) and (key in REGEX_KEYS or key.endswith(REGEX_SUFFIXES))

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT"}
_ANY = "any"


def regex_risk(pattern: str) -> str | None:
    """Return a Chinese description of why ``pattern`` may backtrack catastrophically, or None.

    ``pattern`` must already compile.
    """
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # compile() is the judge of syntax
        return None
    return _walk(list(parsed))


def _op(item) -> str:
    return str(item[0])


def _walk(seq: list) -> str | None:
    for item in seq:
        op, av = _op(item), item[1]
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if high == _MAXREPEAT or high >= _BIG_REPEAT:
                risk = _body_risk(body)
                if risk:
                    return risk
            risk = _walk(body)
        elif op == "POSSESSIVE_REPEAT":
            risk = _walk(list(av[2]))
        elif op == "SUBPATTERN":
            risk = _walk(list(av[-1]))
        elif op == "ATOMIC_GROUP":
            risk = _walk(list(av))
        elif op == "BRANCH":
            risk = next((r for r in (_walk(list(alt)) for alt in av[1]) if r), None)
        elif op in ("ASSERT", "ASSERT_NOT"):
            risk = _walk(list(av[1]))
        elif op == "GROUPREF_EXISTS":
            risk = _walk(list(av[1])) or (_walk(list(av[2])) if av[2] else None)
        else:
            risk = None
        if risk:
            return risk
    return None


def _flatten(seq: list) -> list:
    """The sequence with plain groups opened (atomic groups and repeats stay whole)."""
    out = []
    for item in seq:
        if _op(item) == "SUBPATTERN":
            out.extend(_flatten(list(item[1][-1])))
        else:
            out.append(item)
    return out


def _body_risk(body: list) -> str | None:
    if _nullable(body):
        return "重复的部分可以匹配空串（形如 (a*)*），可能导致灾难性回溯"
    flat = _flatten(body)
    for index, item in enumerate(flat):
        op, av = _op(item), item[1]
        rest = flat[:index] + flat[index + 1 :]
        if op in _REPEATS and av[1] > 1 and _nullable(rest):
            return "嵌套量词（形如 (a+)+），可能导致灾难性回溯"
        if op == "BRANCH":
            alternatives = [list(alt) for alt in av[1]]
            if _branches_overlap(alternatives):
                return "重复的分支可以匹配相同的文字（形如 (a|a)*），可能导致灾难性回溯"
            if _nullable(rest):
                for alt in alternatives:
                    risk = _body_risk(alt) if alt else None
                    if risk:
                        return risk
    return None


def _nullable(seq: list) -> bool:
    return all(_nullable_item(item) for item in seq)


def _nullable_item(item) -> bool:
    op, av = _op(item), item[1]
    if op in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY", "RANGE"):
        return False
    if op in _REPEATS or op == "POSSESSIVE_REPEAT":
        return av[0] == 0 or _nullable(list(av[2]))
    if op == "SUBPATTERN":
        return _nullable(list(av[-1]))
    if op == "ATOMIC_GROUP":
        return _nullable(list(av))
    if op == "BRANCH":
        return any(_nullable(list(alt)) for alt in av[1])
    if op == "GROUPREF_EXISTS":
        return _nullable(list(av[1])) or av[2] is None or _nullable(list(av[2]))
    return True  # AT (anchors), ASSERT, ASSERT_NOT, GROUPREF


def _first(seq: list) -> set | str:
    """Characters (code points, ranges, categories) the sequence can start with; ``"any"`` if unknown."""
    result: set = set()
    for item in seq:
        op, av = _op(item), item[1]
        if op == "LITERAL":
            result.add(("lit", av))
        elif op in ("NOT_LITERAL", "ANY"):
            return _ANY
        elif op == "IN":
            for sub_op, sub_av in av:
                name = str(sub_op)
                if name == "NEGATE":
                    return _ANY
                if name == "LITERAL":
                    result.add(("lit", sub_av))
                elif name == "RANGE":
                    result.add(("range", sub_av))
                elif name == "CATEGORY":
                    result.add(("cat", str(sub_av)))
                else:
                    return _ANY
        elif op in _REPEATS or op == "POSSESSIVE_REPEAT":
            sub = _first(list(av[2]))
            if sub == _ANY:
                return _ANY
            result |= sub
        elif op == "SUBPATTERN":
            sub = _first(list(av[-1]))
            if sub == _ANY:
                return _ANY
            result |= sub
        elif op == "ATOMIC_GROUP":
            sub = _first(list(av))
            if sub == _ANY:
                return _ANY
            result |= sub
        elif op == "BRANCH":
            for alt in av[1]:
                sub = _first(list(alt))
                if sub == _ANY:
                    return _ANY
                result |= sub
        elif op in ("AT", "ASSERT", "ASSERT_NOT"):
            pass
        else:
            return _ANY
        if not _nullable_item(item):
            break
    return result


_CATEGORY_TESTS = {
    "CATEGORY_DIGIT": re.compile(r"\d"),
    "CATEGORY_NOT_DIGIT": re.compile(r"\D"),
    "CATEGORY_SPACE": re.compile(r"\s"),
    "CATEGORY_NOT_SPACE": re.compile(r"\S"),
    "CATEGORY_WORD": re.compile(r"\w"),
    "CATEGORY_NOT_WORD": re.compile(r"\W"),
}
_DISJOINT_CATEGORIES = {
    frozenset({"CATEGORY_DIGIT", "CATEGORY_SPACE"}),
    frozenset({"CATEGORY_DIGIT", "CATEGORY_NOT_DIGIT"}),
    frozenset({"CATEGORY_SPACE", "CATEGORY_NOT_SPACE"}),
    frozenset({"CATEGORY_WORD", "CATEGORY_NOT_WORD"}),
    frozenset({"CATEGORY_WORD", "CATEGORY_SPACE"}),
}


def _char_in(code: int, element) -> bool:
    kind, value = element
    if kind == "lit":
        return code == value
    if kind == "range":
        return value[0] <= code <= value[1]
    test = _CATEGORY_TESTS.get(value)
    return True if test is None else bool(test.match(chr(code)))


def _elements_overlap(a, b) -> bool:
    if a[0] == "lit":
        return _char_in(a[1], b)
    if b[0] == "lit":
        return _char_in(b[1], a)
    if a[0] == "range" and b[0] == "range":
        return a[1][0] <= b[1][1] and b[1][0] <= a[1][1]
    if a[0] == "cat" and b[0] == "cat":
        return a[1] == b[1] or frozenset({a[1], b[1]}) not in _DISJOINT_CATEGORIES
    rng, cat = (a, b) if a[0] == "range" else (b, a)
    low, high = rng[1]
    test = _CATEGORY_TESTS.get(cat[1])
    if test is None:
        return True
    return any(test.match(chr(code)) for code in range(low, min(high, low + 2048) + 1))


def _branches_overlap(alternatives: list[list]) -> bool:
    firsts = [_first(alt) for alt in alternatives]
    nullables = [_nullable(alt) for alt in alternatives]
    if sum(nullables) >= 2:
        return True
    for i in range(len(alternatives)):
        for j in range(i + 1, len(alternatives)):
            fi, fj = firsts[i], firsts[j]
            if not fi and nullables[i] or not fj and nullables[j]:
                continue
            if fi == _ANY or fj == _ANY:
                return True
            if any(_elements_overlap(x, y) for x in fi for y in fj):
                return True
    return False


class BoundedPattern:
    """A compiled pattern that never sees more than :data:`MAX_INPUT` characters at once.

    Texts up to ``MAX_INPUT`` characters are matched whole.  Longer texts are matched line
    by line (offsets stay relative to the whole text) and each line is cut at
    ``MAX_INPUT`` characters, so a pattern spanning lines is not found in such a text.
    """

    __slots__ = ("regex", "max_input")

    def __init__(self, regex: re.Pattern, max_input: int = MAX_INPUT):
        self.regex = regex
        self.max_input = max_input

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def _pieces(self, text: str) -> Iterator[tuple[int, str]]:
        if len(text) <= self.max_input:
            yield 0, text
            return
        start = 0
        for line in text.split("\n"):
            yield start, line[: self.max_input]
            start += len(line) + 1

    def search(self, text: str) -> re.Match | None:
        for _, piece in self._pieces(text):
            match = self.regex.search(piece)
            if match:
                return match
        return None

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match]]:
        """Yield ``(offset, match)``: ``offset + match.start()`` is the position in ``text``."""
        for offset, piece in self._pieces(text):
            for match in self.regex.finditer(piece):
                yield offset, match

    def findall_spans(self, text: str) -> list[tuple[int, int, str]]:
        """``[(start, end, matched_text)]`` with positions in ``text``."""
        return [(offset + m.start(), offset + m.end(), m.group(0)) for offset, m in self.finditer(text)]


class UnsafeRegex(ValueError):
    pass


def check_regex(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile ``pattern``; raise ``re.error`` if invalid, :class:`UnsafeRegex` if risky."""
    compiled = re.compile(pattern, flags)
    risk = regex_risk(pattern)
    if risk:
        raise UnsafeRegex(risk)
    return compiled


def compile_bounded(pattern: str, flags: int = 0, max_input: int = MAX_INPUT) -> BoundedPattern:
    """What check kinds should use for a pattern taken from a rule's params."""
    return BoundedPattern(check_regex(pattern, flags), max_input)


def iter_param_regexes(params, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield ``(path, pattern)`` for every string under a regex key (see :func:`is_regex_key`)."""
    if isinstance(params, dict):
        for key, value in params.items():
            if is_regex_key(key):
                if isinstance(value, str):
                    yield path + (key,), value
                    continue
                if isinstance(value, list):
                    for index, item in enumerate(value):
                        if isinstance(item, str):
                            yield path + (key, index), item
                        else:
                            yield from iter_param_regexes(item, path + (key, index))
                    continue
            yield from iter_param_regexes(value, path + (key,))
    elif isinstance(params, list):
        for index, item in enumerate(params):
            yield from iter_param_regexes(item, path + (index,))

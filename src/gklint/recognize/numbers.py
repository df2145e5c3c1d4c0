"""Read a table cell as a number, saying exactly what is wrong when it is not one."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_INT = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$|^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?\d+\.(\d+)$")
_WITH_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(万元|元|件|个|项|次|条)$")
DASHES = {"/", "／", "—", "——", "-", "–", "－", "\\", "无", "空", "×", "x", "X", "--"}
_RUN = re.compile(r"^\d+(?:[ \u3000]+\d+)+$")
MAX_DIGITS = 15  # integer digits: no count or amount in a report comes near 10**15 (and int() refuses > 4300)


@dataclass(frozen=True, slots=True)
class Reading:
    number: int | float | None
    problem: str | None = None  # cell-blank, cell-dash, cell-not-number, cell-unit, cell-negative, cell-decimal
    detail: str = ""
    also: tuple[tuple[str, str], ...] = ()  # further (problem, detail), e.g. a negative number with a unit


def clean(text: str) -> str:
    return text.replace("\u3000", " ").replace("\xa0", " ").strip().translate(_FULLWIDTH)


_CACHED_LEN = 64  # cell texts are short and the same ones recur in every report


def is_numberish(text: str) -> bool:
    """True for what can only be a value cell: a number, a dash, a number with a unit."""
    return _is_numberish_cached(text) if len(text) <= _CACHED_LEN else _is_numberish(text)


def _is_numberish(text: str) -> bool:
    t = clean(text)
    return bool(t) and (bool(_INT.match(t) or _DEC.match(t) or _WITH_UNIT.match(t)) or t in DASHES)


def is_number_run(text: str) -> bool:
    """``"0 0 0"``: several numbers in one cell (a flattened row)."""
    return _is_number_run_cached(text) if len(text) <= _CACHED_LEN else _is_number_run(text)


def _is_number_run(text: str) -> bool:
    return bool(_RUN.match(clean(text)))


_is_numberish_cached = lru_cache(maxsize=8192)(_is_numberish)
_is_number_run_cached = lru_cache(maxsize=8192)(_is_number_run)


def read_number(text: str, decimals: int = 0, unit: str | None = None) -> Reading:
    """Parse a cell. ``decimals`` is how many decimal places are allowed (0 for counts).

    Readings of short cells are remembered (the same cells recur in every report;
    :class:`Reading` is immutable)."""
    if len(text) <= _CACHED_LEN:
        return _read_number_cached(text, decimals, unit)
    return _read_number(text, decimals, unit)


def _read_number(text: str, decimals: int = 0, unit: str | None = None) -> Reading:
    t = clean(text)
    if not t:
        return Reading(None, "cell-blank")
    if t in DASHES:
        return Reading(None, "cell-dash", t)
    m = _WITH_UNIT.match(t)
    if m:
        inner = read_number(m.group(1), decimals)
        if inner.problem == "cell-not-number":  # too many digits
            return inner
        also = ((inner.problem, inner.detail),) if inner.problem else ()
        return Reading(inner.number, "cell-unit", m.group(2), also)
    if (_INT.match(t) or _DEC.match(t)) and _int_digits(t) > MAX_DIGITS:
        return Reading(None, "cell-not-number", _short(t))
    if _INT.match(t):
        n = int(t.replace(",", ""))
        if n < 0:
            return Reading(n, "cell-negative")
        return Reading(n)
    m = _DEC.match(t)
    if m:
        n = float(t)
        if n < 0:
            return Reading(n, "cell-negative")
        places = len(m.group(1))
        if decimals == 0:
            return Reading(n, "cell-decimal", "计数应为整数")
        if places > decimals:
            return Reading(n, "cell-decimal", f"小数位数超过 {decimals} 位")
        return Reading(n)
    return Reading(None, "cell-not-number", _short(t))


_read_number_cached = lru_cache(maxsize=8192)(_read_number)


def _int_digits(t: str) -> int:
    return len(t.split(".", 1)[0].lstrip("+-").replace(",", ""))


def _short(t: str, limit: int = 40) -> str:
    """The cell text for a message: a pasted paragraph or a 5000-digit string is cut."""
    return t if len(t) <= limit else f"{t[:limit]}…（共 {len(t)} 个字符）"

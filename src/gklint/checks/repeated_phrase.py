"""Check kind ``repeated-phrase``: a phrase written twice in a row (``可以通过可以通过``).

Also catches the near-repeat left by an editing slip, where the second copy has one
character more or less (``可通过可以通过``).  Only CJK phrases of ``min_chars`` to
``max_chars`` characters are considered; same-length variants (``第一条第二条``) are not
repeats.  Message values: ``match``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from gklint.checks._util import MAX_MATCH_CHARS, scope_paragraphs
from gklint.checks.base import Hit
from gklint.model import Report, Rule


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _one_insertion(short: str, long: str) -> bool:
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def _exact_at(text: str, i: int, lo: int, hi: int) -> int:
    for size in range(hi, lo - 1, -1):
        a = text[i:i + size]
        if len(a) == size and all(_is_cjk(c) for c in a) and text[i + size:i + 2 * size] == a:
            return 2 * size
    return 0


def _near_at(text: str, i: int, lo: int, hi: int) -> int:
    for size in range(hi, lo - 1, -1):
        a = text[i:i + size]
        if len(a) < size or not all(_is_cjk(c) for c in a):
            continue
        longer = text[i + size:i + 2 * size + 1]
        if len(longer) == size + 1 and all(_is_cjk(c) for c in longer) and _one_insertion(a, longer):
            return 2 * size + 1
        shorter = text[i + size:i + 2 * size - 1]
        if size > lo and len(shorter) == size - 1 and _one_insertion(shorter, a):
            return 2 * size - 1
    return 0


def _find_repeats_slow(text: str, lo: int, hi: int):
    """:func:`find_repeats` by trying every position (the definition; any ``lo``/``hi``)."""
    n = len(text)
    i = 0
    while i < n:
        found = _exact_at(text, i, lo, hi)
        if not found and not _exact_at(text, i + 1, lo, hi):
            found = _near_at(text, i, lo, hi)
        if found:
            yield i, i + found
            i += found
        else:
            i += 1


@lru_cache(maxsize=32)
def _bigram_recurs(lo: int, hi: int) -> re.Pattern:
    """Positions ``j`` where the CJK bigram at ``j`` recurs ``lo - 1`` to ``hi + 1``
    characters later, every character between being CJK."""
    return re.compile(f"(?=([\u4e00-\u9fff]{{2}})[\u4e00-\u9fff]{{{lo - 3},{hi - 1}}}\\1)")


_CJK_RUN = re.compile("[\u4e00-\u9fff]*")


def find_repeats(text: str, lo: int, hi: int):
    """(start, end) of each repeat; exact repeats win over near-repeats starting one character earlier.

    Only positions near a recurring bigram are tried (found in one regex pass): a repeat
    of ``size >= 3`` at ``i`` — exact, or with a character added or dropped in the second
    copy — always has a CJK bigram starting at ``i``, ``i + 1`` or ``i + 2`` that recurs
    ``size - 1``, ``size`` or ``size + 1`` characters later.  At every other position
    :func:`_find_repeats_slow` finds nothing, so both give the same repeats.  At a tried
    position the length of the CJK run there bounds the sizes worth comparing.
    """
    if lo < 3 or hi < lo:
        yield from _find_repeats_slow(text, lo, hi)
        return
    candidates = sorted({i for m in _bigram_recurs(lo, hi).finditer(text) for i in range(max(0, m.start() - 2), m.start() + 1)})
    after = 0  # end of the last repeat: positions before it are not tried again
    for i in candidates:
        if i < after:
            continue
        run = _CJK_RUN.match(text, i).end() - i
        found = _exact_in_run(text, i, run, lo, hi)
        if not found and not _exact_in_run(text, i + 1, max(run - 1, 0), lo, hi):
            found = _near_in_run(text, i, run, lo, hi)
        if found:
            yield i, i + found
            after = i + found


def _exact_in_run(text: str, i: int, run: int, lo: int, hi: int) -> int:
    """:func:`_exact_at` knowing ``run``, the number of CJK characters from ``i`` on:
    an exact repeat of ``size`` needs ``2 * size`` of them."""
    for size in range(min(hi, run // 2), lo - 1, -1):
        if text[i:i + size] == text[i + size:i + 2 * size]:
            return 2 * size
    return 0


def _near_in_run(text: str, i: int, run: int, lo: int, hi: int) -> int:
    """:func:`_near_at` knowing ``run`` (see :func:`_exact_in_run`): the phrase needs
    ``size`` CJK characters, a longer copy ``2 * size + 1``."""
    for size in range(min(hi, run), lo - 1, -1):
        a = text[i:i + size]
        if run >= 2 * size + 1 and _one_insertion(a, text[i + size:i + 2 * size + 1]):
            return 2 * size + 1
        shorter = text[i + size:i + 2 * size - 1]
        if size > lo and len(shorter) == size - 1 and _one_insertion(shorter, a):
            return 2 * size - 1
    return 0


class RepeatedPhrase:
    name = "repeated-phrase"
    description = "A CJK phrase of min_chars..max_chars characters immediately repeated (exactly, or with one character added or dropped)."
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "scope": {"type": "string"},
            "min_chars": {"type": "integer", "minimum": 2},
            "max_chars": {"type": "integer", "maximum": 20},
        },
    }

    def run(self, report: Report, rule: Rule):
        lo = int(rule.params.get("min_chars", 3))
        hi = int(rule.params.get("max_chars", 8))
        paragraphs = scope_paragraphs(report, rule.params.get("scope", "all")) or []
        texts = [para.text[:MAX_MATCH_CHARS] for para in paragraphs]
        if lo >= 3 and hi >= lo:
            # one pass over all paragraphs (joined by a non-CJK character, so no candidate
            # spans two) finds the few that can hold a repeat at all
            starts, pos = [], 0
            for text in texts:
                starts.append(pos)
                pos += len(text) + 1
            joined = "\n".join(texts)
            wanted = sorted({bisect_right(starts, m.start()) - 1 for m in _bigram_recurs(lo, hi).finditer(joined)})
        else:
            wanted = range(len(texts))
        for n in wanted:
            para, text = paragraphs[n], texts[n]
            for start, end in find_repeats(text, lo, hi):
                yield Hit(para.span_of(start, end), {"match": text[start:end]})


CHECK_KIND = RepeatedPhrase()

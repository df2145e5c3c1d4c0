"""Label normalization and matching: how a label written in a draft is compared to the format's.

Matching never assumes spaces between words.  ``core()`` removes whitespace, Markdown
marks, quotes and the leading item number (``一、`` ``（三）`` ``1.`` ``2、``), and unifies
brackets and enumeration commas, so ``(三) 不予公开`` and ``（三）不予公开`` compare equal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SPACE = re.compile(r"[\s\u3000\xa0*#`]+")
_NUMBER_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．，,]|[（(][一二三四五六七八九十0-9]+[)）][、.．]?|[0-9０-９]{1,2}(?:[.．、,，](?![0-9])|(?=[^\d.．]))|[①-⑳])"
)
_TRANS = str.maketrans({
    "（": "(", "）": ")", "，": "、", ",": "、", "：": ":", "；": ";",
    "“": "", "”": "", '"': "", "‘": "", "’": "", "「": "", "」": "", "．": ".",
})
NUMERALS = "一二三四五六七八九十"


_CACHED_LEN = 200  # labels are short: a long paragraph is not kept alive by the caches


_CHUNK = 1 << 16
_last_long: tuple[str, str] = ("", "")  # the last long text normalized (the recognizer asks up to 4 times)


def normalize(text: str) -> str:
    """Whitespace and markup removed, brackets/commas/quotes unified."""
    global _last_long
    if len(text) <= _CACHED_LEN:
        return _normalize_cached(text)
    last = _last_long
    if last[0] == text:
        return last[1]
    # chunk by chunk: deleting runs gives the same result, and re.sub's list of pieces
    # for a 20 MB line of "12 12 12 …" would take half a gigabyte
    result = "".join(_normalize(text[i:i + _CHUNK]) for i in range(0, len(text), _CHUNK))
    _last_long = (text, result)
    return result


def _normalize(text: str) -> str:
    return _SPACE.sub("", text).translate(_TRANS)


_normalize_cached = lru_cache(maxsize=4096)(_normalize)


def core(text: str) -> str:
    """``normalize`` plus the leading item number removed."""
    if len(text) > _CACHED_LEN:
        return _core(text)
    return _core_cached(text)


def _core(text: str) -> str:
    t = normalize(text)
    for _ in range(2):  # "三、(一)予以公开" has two prefixes
        m = _NUMBER_PREFIX.match(t)
        if not m or m.end() == len(t):
            break
        t = t[m.end():]
    return t


_core_cached = lru_cache(maxsize=4096)(_core)


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """One typing slip at most: a character wrong, added, dropped, or two neighbours
    swapped (「国家密秘」 for 「国家秘密」, the commonest slip in Chinese input)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return a[i:] == b[i + 1:]


@dataclass(frozen=True, slots=True)
class Match:
    key: str
    how: str  # "exact" | "variant" | "typo" | "truncated" | "fragment"
    canonical: str


_MEMO_MAX = 8192  # texts remembered per label set (then forgotten all at once)


class LabelSet:
    """A set of keyed labels with their variants, matched by ``core()``.

    Label sets live as long as the template and see the same cell texts in every report,
    so :meth:`match` remembers its fuzzy answers for short texts (:class:`Match` is
    immutable).
    """

    def __init__(self, entries: list[dict]):
        self.entries = entries
        self._memo: dict[tuple[str, bool], Match | None] = {}  # (text, fuzzy) -> match
        self._exact: dict[str, tuple[str, str]] = {}
        self._variant: dict[str, tuple[str, str]] = {}
        self._fragment: dict[str, tuple[str, str]] = {}
        self._cores: list[tuple[str, str, str]] = []
        for e in entries:
            canonical = e["label"]
            c = core(canonical)
            self._exact.setdefault(c, (e["key"], canonical))
            self._cores.append((c, e["key"], canonical))
            for v in e.get("variants", []) or []:
                self._variant.setdefault(core(v), (e["key"], canonical))
            for f in e.get("fragments", []) or []:
                self._fragment.setdefault(core(f), (e["key"], canonical))

    def match(self, text: str, fuzzy: bool = True) -> Match | None:
        if not fuzzy or len(text) > _CACHED_LEN:  # an exact lookup is cheap: not remembered
            return self._match(text, fuzzy)
        key = (text, fuzzy)
        try:
            return self._memo[key]
        except KeyError:
            pass
        found = self._match(text, fuzzy)
        if len(self._memo) >= _MEMO_MAX:
            self._memo.clear()
        self._memo[key] = found
        return found

    def _match(self, text: str, fuzzy: bool) -> Match | None:
        c = core(text)
        if not c:
            return None
        hit = self._exact.get(c)
        if hit:
            return Match(hit[0], "exact", hit[1])
        hit = self._variant.get(c)
        if hit:
            return Match(hit[0], "variant", hit[1])
        hit = self._fragment.get(c)
        if hit:
            return Match(hit[0], "fragment", hit[1])
        if not fuzzy or len(c) < 4:
            return None
        typo = [(k, canon) for kc, k, canon in self._cores if len(kc) >= 5 and edit_distance_at_most_one(c, kc)]
        if len(typo) == 1:
            return Match(typo[0][0], "typo", typo[0][1])
        if len(c) >= 5:
            trunc = [(k, canon) for kc, k, canon in self._cores if len(kc) > len(c) and kc.startswith(c)]
            if len(trunc) == 1:
                return Match(trunc[0][0], "truncated", trunc[0][1])
        return None

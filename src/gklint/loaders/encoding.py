"""Decode the bytes of a text draft without being told the encoding.

Chinese government text is often not UTF-8.  Order of attempts:
BOM (UTF-8, UTF-16 LE/BE, UTF-32) → UTF-16 without BOM when its NUL pattern is clear
(text with many ASCII characters: tabs, digits, line ends) → UTF-8 → UTF-16 without BOM
whose decoded text is plainly Chinese (mostly-CJK prose has few or no NUL bytes) →
GB18030 (a superset of GBK and GB2312).
Binary data (NUL bytes in a non-UTF-16 stream, or undecodable in every encoding)
is refused with :class:`gklint.model.InputError`.
"""
from __future__ import annotations

import codecs
import re

from gklint.model import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 LE/BE from where the NUL bytes sit (needs an even length)."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _plain_text_share(text: str) -> float:
    """Share of characters that Chinese report text is made of: CJK ideographs and
    punctuation, full-width forms, printable ASCII and line breaks.  Bytes of GB18030 or
    UTF-8 text (or noise) decoded as UTF-16 land mostly elsewhere (Hangul, Yi, private use)."""
    if not text:
        return 0.0
    ok = 0
    for ch in text:
        if (
            " " <= ch <= "~" or ch in "\t\n\r"
            or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
            or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or "\u2010" <= ch <= "\u206f" or ch in "·×÷"
        ):
            ok += 1
    return ok / len(text)


def _utf16_by_content(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM and without a telling NUL pattern: the byte order whose decoded
    text is plainly Chinese text (at least 95% of the first 4000 characters)."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        share = _plain_text_share(text[:4000])
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, text, name)
    return (best[1], best[2]) if best else None


def _looks_binary(text: str) -> bool:
    """Control characters other than whitespace in more than 1% of the text."""
    if not text:
        return False
    sample = text[:20000]
    bad = len(_BAD_CHARS.findall(sample))
    return bad > max(2, len(sample) // 100)


# control characters other than \t \n \v \f \r, and the replacement character
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise InputError for binary or undecodable input."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise InputError(f"文件以 {name} 字节序标记开头，但内容无法按该编码解码（第 {exc.start} 字节）") from None
            return _check_text(text, name)
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return _check_text(data.decode(guess), guess)
        except UnicodeDecodeError:
            pass
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_by_content(data)
    if utf16:
        return _check_text(*utf16)
    try:
        return _check_text(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        raise InputError("文件不是可识别的文本：既不是 UTF-8/UTF-16，也不是 GB18030/GBK 编码（可能是二进制文件）") from None


def _check_text(text: str, encoding: str) -> tuple[str, str]:
    if _looks_binary(text):
        raise InputError("文件含有大量控制字符，像是二进制文件而不是文本报告（请另存为 .txt、.docx 或 .html）")
    return text, encoding
